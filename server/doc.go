// Package server is fangtan's HTTP layer: a chi router serving the JSON API
// (search, articles, suggestions, the admin write API), health checks,
// Prometheus metrics and the OpenSearch description, with the middleware an
// operator expects (CORS, per-IP rate limiting, request IDs, access logs,
// panic recovery, gzip).
//
// The server sees the index only through model.Searcher and model.Writer, so
// it can be tested with the function-field mocks of package server/mock.
//
// Handlers return a value or an error (see apiFunc); one adapter writes the
// JSON and one function, writeError, maps every error to a status and a
// {"error":{"code","message"}} body.
package server
