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

// codes is the one table from an error code to its HTTP status and to what
// the HTML pages tell a person (a title and a sentence; %s in the sentence
// of CodeInternal is the request ID). The JSON API sends the code and an
// English message.
var codes = map[string]struct {
	status      int
	title, text string
}{
	CodeInvalidParameter: {http.StatusBadRequest, "搜索条件有误", "无法理解这次搜索的条件，请修改后再试。"},
	CodeInvalidBody:      {http.StatusBadRequest, "请求内容有误", "请求的内容无法使用，请检查后再试。"},
	CodeUnauthorized:     {http.StatusUnauthorized, "需要授权", "这项操作需要管理员授权。"},
	CodeForbidden:        {http.StatusForbidden, "不允许访问", "这项操作不被允许。"},
	CodeNotFound:         {http.StatusNotFound, "页面不存在", "没有找到您要的内容。"},
	CodeMethodNotAllowed: {http.StatusMethodNotAllowed, "不支持的请求", "这个地址不支持这种请求方式。"},
	CodeTooLarge:         {http.StatusRequestEntityTooLarge, "内容太大", "请求的内容超出了大小限制。"},
	CodeUnsupportedType:  {http.StatusUnsupportedMediaType, "不支持的格式", "不支持这种内容格式。"},
	CodeRateLimited:      {http.StatusTooManyRequests, "访问过于频繁", "您的访问太频繁了，请稍等几秒后再试。"},
	CodeCanceled:         {StatusClientClosedRequest, "请求已取消", "请求已取消。"},
	CodeInternal: {http.StatusInternalServerError, "服务暂时出错了",
		"服务器处理这次请求时出错了，请稍后再试。如果问题一直存在，请把请求编号 %s 告诉网站管理员。"},
	CodeTimeout:     {http.StatusServiceUnavailable, "搜索超时", "这次搜索用时太长。请减少搜索词或加上筛选条件后再试。"},
	CodeBusy:        {http.StatusServiceUnavailable, "服务繁忙", "现在搜索的人太多，请稍等几秒后再试。"},
	CodeUnavailable: {http.StatusServiceUnavailable, "服务暂不可用", "服务正在启动或维护，请稍后再试。"},
}

// newError is the error of code, with its status from the table.
func newError(code, message string) *Error {
	return &Error{Status: codes[code].status, Code: code, Message: message}
}

// StatusClientClosedRequest is the de facto status (nginx, Prometheus) of a
// request whose client went away before the answer.
const StatusClientClosedRequest = 499

// Error is an error the server answers with as is: status, code and a
// message safe to show. Param and Reason, when set, say which parameter is
// wrong and how (model's reasons), for the pages' Chinese explanation.
type Error struct {
	Status  int
	Code    string
	Message string
	Param   string
	Reason  string
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
	e := newError(CodeInvalidParameter, fmt.Sprintf("invalid parameter %q: %s", name, fmt.Sprintf(format, args...)))
	e.Param = name
	return e
}

func invalidBody(format string, args ...any) *Error {
	return newError(CodeInvalidBody, fmt.Sprintf(format, args...))
}

// toError maps any error to what the client sees; internal reports whether
// the cause must be logged because the client does not see it.
func toError(err error) (e *Error, internal bool) {
	if errors.As(err, &e) {
		return e, false
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return newError(CodeTooLarge, fmt.Sprintf("the request body exceeds the limit of %d bytes", tooLarge.Limit)), false
	}
	var ie *model.Error
	ieMsg := ""
	if errors.As(err, &ie) {
		ieMsg = ie.Msg
	}
	switch model.KindOf(err) {
	case model.Invalid:
		if ie != nil && ie.Param != "" {
			e := invalidParam(ie.Param, "%s", ie.Msg)
			e.Reason = ie.Reason
			return e, false
		}
		if ieMsg == "" {
			ieMsg = "invalid request"
		}
		return newError(CodeInvalidParameter, ieMsg), false
	case model.NotFound:
		if ieMsg == "" {
			ieMsg = "not found"
		}
		return newError(CodeNotFound, ieMsg), false
	case model.Timeout:
		return newError(CodeTimeout, "the request took too long; try a narrower query"), false
	case model.Canceled:
		return newError(CodeCanceled, "the request was canceled"), false
	}
	return newError(CodeInternal, "internal server error; report the X-Request-Id of this answer"), true
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
