package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"fangtan/index/model"
)

// Error codes of the JSON error body. Clients may switch on them; the
// message is for people.
const (
	CodeInvalidParameter = "invalid_parameter"      // 400: a query parameter or path value is wrong
	CodeInvalidBody      = "invalid_body"           // 400: the request body cannot be used
	CodeUnauthorized     = "unauthorized"           // 401: missing or wrong admin token
	CodeForbidden        = "forbidden"              // 403: the write API is off, or a cross-origin write
	CodeNotFound         = "not_found"              // 404: no such article or route
	CodeMethodNotAllowed = "method_not_allowed"     // 405
	CodeTooLarge         = "too_large"              // 413: the body exceeds the limit
	CodeUnsupportedType  = "unsupported_media_type" // 415: a PUT body of a type we do not read
	CodeRateLimited      = "rate_limited"           // 429: slow down; see Retry-After
	CodeCanceled         = "canceled"               // 499: the client went away
	CodeInternal         = "internal"               // 500: our fault; details are in the log
	CodeTimeout          = "timeout"                // 503: the request ran past its deadline
	CodeBusy             = "busy"                   // 503: too many searches at once; see Retry-After
	CodeUnavailable      = "unavailable"            // 503: not ready (starting or shutting down)
)

// StatusClientClosedRequest is the de facto status (nginx, Prometheus) of a
// request whose client went away before the answer.
const StatusClientClosedRequest = 499

// Error is an error the server answers with as is: status, code and a
// message safe to show.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// invalidParam reports a bad query parameter or path value by name.
func invalidParam(name, format string, args ...any) *Error {
	return &Error{
		Status:  http.StatusBadRequest,
		Code:    CodeInvalidParameter,
		Message: fmt.Sprintf("invalid parameter %q: %s", name, fmt.Sprintf(format, args...)),
	}
}

func invalidBody(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeInvalidBody, Message: fmt.Sprintf(format, args...)}
}

// toError maps any error to what the client sees; internal reports whether
// the cause must be logged because the client does not see it.
func toError(err error) (e *Error, internal bool) {
	if errors.As(err, &e) {
		return e, false
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &Error{
			Status:  http.StatusRequestEntityTooLarge,
			Code:    CodeTooLarge,
			Message: fmt.Sprintf("the request body exceeds the limit of %d bytes", tooLarge.Limit),
		}, false
	}
	var ie *model.Error
	ieMsg := ""
	if errors.As(err, &ie) {
		ieMsg = ie.Msg
	}
	switch model.KindOf(err) {
	case model.Invalid:
		if ie != nil && ie.Param != "" {
			return invalidParam(ie.Param, "%s", ie.Msg), false
		}
		if ieMsg == "" {
			ieMsg = "invalid request"
		}
		return &Error{Status: http.StatusBadRequest, Code: CodeInvalidParameter, Message: ieMsg}, false
	case model.NotFound:
		if ieMsg == "" {
			ieMsg = "not found"
		}
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: ieMsg}, false
	case model.Timeout:
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeTimeout,
			Message: "the request took too long; try a narrower query"}, false
	case model.Canceled:
		return &Error{Status: StatusClientClosedRequest, Code: CodeCanceled, Message: "the request was canceled"}, false
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal,
		Message: "internal server error; report the X-Request-Id of this answer"}, true
}

// writeError is the one place where errors become HTTP answers. Internal
// causes go to the log with the request ID; the client gets a generic
// message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, internal := toError(err)
	if internal {
		s.log.ErrorContext(r.Context(), "internal error",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Any("err", err))
	}
	if e.Code == CodeBusy {
		w.Header().Set("Retry-After", "1")
	}
	if e.Status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fangtan"`)
	}
	var body errorBody
	body.Error.Code = e.Code
	body.Error.Message = e.Message
	writeJSON(w, e.Status, body)
}
