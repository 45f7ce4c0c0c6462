package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"fangtan/index/model"
)

// requestID gives every request an ID (chi's RequestID), taking the
// client's X-Request-Id when it is a sane token, and echoes it in the
// answer.
func requestID(next http.Handler) http.Handler {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(middleware.RequestIDHeader, middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	})
	withID := middleware.RequestID(echo)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get(middleware.RequestIDHeader); id != "" && !saneRequestID(id) {
			r.Header.Del(middleware.RequestIDHeader)
		}
		withID.ServeHTTP(w, r)
	})
}

// saneRequestID accepts up to 128 printable ASCII characters, so a client's
// ID cannot forge log lines or blow up headers.
func saneRequestID(id string) bool {
	if len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// observe writes the access log line and the request metrics of every
// request. It never logs headers (so never the Authorization header).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		defer func() {
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK // nothing written: net/http answers 200
			}
			d := time.Since(start)
			route := chi.RouteContext(r.Context()).RoutePattern()
			if route == "" || (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) && strings.HasSuffix(route, "/*") {
				route = "unmatched"
			}
			s.metrics.observeRequest(r.Method, route, status, d)
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000),
				slog.Int("bytes", ww.BytesWritten()),
				slog.String("request_id", middleware.GetReqID(r.Context())),
				slog.String("client_ip", middleware.GetClientIP(r.Context())),
			)
		}()
		next.ServeHTTP(ww, r)
	})
}

// recoverer turns a panic into the JSON 500 and logs the stack.
// http.ErrAbortHandler keeps its meaning (abort the response silently).
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "panic",
				slog.String("request_id", middleware.GetReqID(r.Context())),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Any("panic", v),
				slog.String("stack", string(debug.Stack())))
			if ww, ok := w.(middleware.WrapResponseWriter); ok && ww.Status() != 0 {
				return // the answer has started; nothing sane to add
			}
			s.refuse(w, r, newError(CodeInternal, "internal server error; report the X-Request-Id of this answer"))
		}()
		next.ServeHTTP(w, r)
	})
}

// checkQuery rejects query strings that are malformed or not UTF-8, so no
// handler sees mangled parameters.
func (s *Server) checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkRawQuery(r); err != nil {
			s.refuse(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkRawQuery(r *http.Request) error {
	if r.URL.RawQuery != "" {
		vals, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return newError(CodeInvalidParameter, "malformed query string: "+queryErrorReason(err))
		}
		for k, vs := range vals {
			if !utf8.ValidString(k) {
				return notUTF8(newError(CodeInvalidParameter, "a parameter name is not valid UTF-8"))
			}
			for _, v := range vs {
				if !utf8.ValidString(v) {
					return notUTF8(invalidParam(k, "not valid UTF-8 (percent-encode the UTF-8 bytes of the text)"))
				}
			}
		}
	}
	if !utf8.ValidString(r.URL.Path) {
		return notUTF8(newError(CodeInvalidParameter, "the path is not valid UTF-8"))
	}
	return nil
}

func notUTF8(e *Error) *Error {
	e.Reason = model.ReasonNotUTF8
	return e
}

// refuse answers err before any handler ran: as a Chinese page on the
// pages' paths, as JSON elsewhere.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case s.pages != nil && r.URL.Path == "/":
		q := ""
		if utf8.ValidString(r.URL.RawQuery) {
			if vals, perr := url.ParseQuery(r.URL.RawQuery); perr == nil && utf8.ValidString(vals.Get("q")) {
				q = vals.Get("q")
			}
		}
		s.pages.searchError(w, r, q, err)
		return
	case s.pages != nil && isPagePath(r.URL.Path):
		status, title, msg, detail := s.pages.failure(r, err)
		s.pages.renderError(w, r, status, title, msg, detail)
		return
	}
	s.writeError(w, r, err)
}

func queryErrorReason(err error) string {
	if e, ok := err.(url.EscapeError); ok {
		return fmt.Sprintf("bad percent-encoding %q", string(e))
	}
	return "cannot be decoded"
}

// refuseWritePreflight answers a CORS preflight for anything but a read with
// 403: the write API is for servers and scripts, never for other sites'
// pages.
func (s *Server) refuseWritePreflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := r.Header.Get("Access-Control-Request-Method"); r.Method == http.MethodOptions && m != "" &&
			!strings.EqualFold(m, http.MethodGet) && !strings.EqualFold(m, http.MethodHead) {
			s.writeError(w, r, newError(CodeForbidden, fmt.Sprintf("cross-origin %s is not allowed: the write API cannot be called from a browser on another site", strings.ToUpper(m))))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies at MaxBody: a declared length past it is
// refused at once, a longer stream fails on read (http.MaxBytesError → 413).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBody {
			w.Header().Set("Connection", "close")
			s.writeError(w, r, &http.MaxBytesError{Limit: s.cfg.MaxBody})
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// clientIPKey keys the rate limit by the client IP that the ClientIPFrom*
// middleware resolved (IPv6 by /64). A trusted proxy that names no client
// is keyed by its own address, never by its port (one key per connection
// would be no limit at all).
func clientIPKey(r *http.Request) (string, error) {
	ip := middleware.GetClientIP(r.Context())
	if ip == "" {
		ip = r.RemoteAddr
		if host, _, err := net.SplitHostPort(ip); err == nil {
			ip = host
		}
	}
	return httprate.CanonicalizeIP(ip), nil
}

// isPagePath reports whether path is one of the HTML pages, which answer
// their errors as pages rather than JSON.
func isPagePath(path string) bool {
	return path == "/" || path == "/embed" || strings.HasPrefix(path, "/articles/")
}

// cspNone is the Content-Security-Policy of every answer that is not a
// page (JSON, assets, plain-text errors): nothing may load or run in it,
// and nobody may frame it. The pages set their own (pages.go).
const cspNone = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries: no MIME sniffing,
// no full URLs (with the query) in the Referer to other sites, and no
// framing except /embed, which portals frame by design.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", cspNone)
		if r.URL.Path != "/embed" {
			h.Set("X-Frame-Options", "DENY")
		}
		next.ServeHTTP(w, r)
	})
}

// refuseCrossOriginWrites answers 403 to a PUT or DELETE that a browser
// sends from another site (by Sec-Fetch-Site, or an Origin that is not this
// host), even with the right token: a page on another site must never be
// able to write, whatever credentials it got hold of. Scripts and servers
// send neither header and pass. net/http's CrossOriginProtection does the
// checking.
func (s *Server) refuseCrossOriginWrites() func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, newError(CodeForbidden, fmt.Sprintf("cross-origin %s is not allowed: the write API cannot be called from a browser on another site", r.Method)))
	}))
	return cop.Handler
}
