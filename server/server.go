package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"text/template"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"

	"fangtan/index/forgive"
	"fangtan/index/model"
)

// Server is fangtan's HTTP handler. Serve it with Listen and Serve, or mount
// it anywhere as an http.Handler.
type Server struct {
	cfg     Config
	search  model.Searcher // forgiving and observed (deps.go)
	write   model.Writer   // nil: read-only
	log     *slog.Logger
	router  chi.Router
	metrics *metrics
	osd     *template.Template
	ready   atomic.Bool
	gate    *searchGate                     // the cap on searches at once
	limit   func(http.Handler) http.Handler // the per-client rate limit (one budget for API and pages)
	pages   *pageServer
	figures model.FigureSearcher  // nil: no figures API and page (figures.go)
	related model.RelatedSearcher // nil: no related searches (forgiving.go)
	reposts model.Reposter        // nil: no article lists its reposts

	runner // the listening http.Server (listen.go)
}

// New builds a Server over what d names (IndexDeps: all of an index);
// only d.Search is required. The logger receives the access log and the
// details of internal errors; nil discards them.
func New(cfg Config, d Deps, logger *slog.Logger) (*Server, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if d.Search == nil {
		return nil, errors.New("server: no searcher")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	osd, err := template.New("opensearch.xml").Funcs(template.FuncMap{"xml": xmlEscape}).Parse(openSearchTemplate)
	if err != nil {
		return nil, fmt.Errorf("server: template opensearch.xml: %w", err)
	}
	srv := &Server{cfg: cfg, write: d.Write, reposts: d.Reposts, log: logger, osd: osd}
	var stats func() model.Stats
	if d.Stats != nil {
		stats = d.Stats.Stats
	}
	srv.metrics = newMetrics(stats)
	srv.search = &observed{Searcher: forgive.Wrap(d.Search, d.Vocabulary), m: srv.metrics} // forgiving.go
	if d.Figures != nil {
		srv.figures = observedFigures{d.Figures, srv.metrics}
	}
	if d.Related != nil {
		srv.related = observedRelated{d.Related, srv.metrics}
	}
	srv.gate = newSearchGate(cfg.MaxSearches, cfg.SearchWait, srv.metrics)
	srv.limit = srv.rateLimit()
	srv.queryLogMetrics() // popular.go
	srv.crawlMetrics()    // crawlstats.go
	srv.router = srv.routes()
	if err := srv.mountPages(srv.router); err != nil { // the HTML pages and the widget (pages.go)
		return nil, err
	}
	srv.mountFigurePage(srv.router)
	srv.ready.Store(true)
	return srv, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// SetReady sets what /readyz answers; a shutdown sets it to false first.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// routes builds the router:
//
//	everything: request ID, client IP, access log + metrics, security
//	            headers, panic recovery, UTF-8 query check
//	/healthz /readyz /metrics    outside CORS and the rate limit
//	/opensearch.xml              gzip
//	/api/...                     write-preflight refusal, cross-origin write
//	                             refusal, CORS, rate limit, body limit, gzip
func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(requestID)
	// the peer is the client, unless a trusted proxy names another in
	// X-Forwarded-For
	r.Use(middleware.ClientIPFromRemoteAddr)
	r.Use(middleware.ClientIPFromXFF(append(slices.Clone(loopbackProxies), s.cfg.TrustedProxies...)...))
	r.Use(s.observe)
	r.Use(securityHeaders)
	r.Use(s.recoverer)
	r.Use(middleware.GetHead)
	r.Use(s.checkQuery)
	r.NotFound(s.api(func(r *http.Request) (any, error) {
		return nil, newError(CodeNotFound, fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path))
	}))
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Get("/healthz", s.api(s.handleHealth))
	r.Get("/readyz", s.api(s.handleReady))
	r.Method(http.MethodGet, "/metrics", s.metrics.handler())
	r.With(middleware.Compress(5, "application/opensearchdescription+xml")).
		Get("/opensearch.xml", s.handleOpenSearch)

	r.Route("/api", func(r chi.Router) {
		r.Use(s.refuseWritePreflight)
		r.Use(s.refuseCrossOriginWrites())
		r.Use(cors.Handler(cors.Options{
			AllowedOrigins: s.cfg.CORSOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodHead},
			AllowedHeaders: []string{"Accept", "Accept-Language", "Content-Type"},
			ExposedHeaders: []string{"X-Request-Id", "Retry-After", "X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"},
			MaxAge:         600,
		}))
		r.Use(s.limit)
		r.Use(s.limitBody)
		r.Use(middleware.Compress(5, "application/json"))

		r.Get("/search", s.api(s.handleSearch))
		r.Get("/suggest", s.api(s.handleSuggest))
		if s.figures != nil {
			r.Get("/figures", s.handleFigures) // JSON or CSV (figures.go)
		}
		r.Get("/related", s.api(s.handleRelated)) // forgiving.go
		r.Get("/popular", s.api(s.handlePopular)) // popular.go
		r.Get("/stats", s.api(s.withToken(s.handleStats, "stats", false)))
		r.Get("/articles/{id}", s.api(s.handleArticle))
		r.Put("/articles/{id}", s.api(s.admin(s.handlePut)))
		r.Delete("/articles/{id}", s.api(s.admin(s.handleDelete)))
	})
	return r
}

// apiFunc is an API handler: it returns the value to send as JSON, or an
// error for writeError.
type apiFunc func(r *http.Request) (any, error)

// api adapts an apiFunc to http: it puts the request under the deadline and
// writes the answer.
func (s *Server) api(h apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
		v, err := h(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

// writeJSON renders v into a buffer first, so an encoding failure is a clean
// 500 rather than half a body. '<', '>' and '&' are written as \u003c,
// \u003e and \u0026 in every string: the decoded values are the same (the
// snippets' <mark> included), but no answer ever holds markup that a
// browser sniffing it, or a careless consumer pasting it, could run.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"internal server error: the answer could not be encoded"}}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// methodNotAllowed answers 405 with the JSON error and the Allow header.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if r.URL.RawPath != "" {
		path = r.URL.RawPath
	}
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete} {
		if s.router.Match(chi.NewRouteContext(), m, path) {
			w.Header().Add("Allow", m)
		}
	}
	s.writeError(w, r, newError(CodeMethodNotAllowed, fmt.Sprintf("method %s is not allowed here", r.Method)))
}

func (s *Server) handleHealth(*http.Request) (any, error) {
	return map[string]string{"status": "ok"}, nil
}

func (s *Server) handleReady(*http.Request) (any, error) {
	if !s.ready.Load() {
		return nil, newError(CodeUnavailable, "not ready: shutting down")
	}
	return map[string]string{"status": "ready"}, nil
}
