package server

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"fangtan/crawl"
	"fangtan/index/model"
	"fangtan/server/querylog"
)

// The query log (package querylog) as the server uses it: every search of
// the API and the search page, first pages only, is recorded with its
// portal — the embedding page's host, which the widget sends as portal=;
// else the host of the request's Origin; else "direct" — the client's
// address (hashed by the log under a daily key, never stored) and its
// number of hits. GET /api/popular lists a portal's popular searches;
// GET /api/stats (admin token) what its readers looked for and did not find.

// portalParam checks a portal= value: a host name, lower-cased.
func portalParam(v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if len(v) > querylog.MaxPortalBytes {
		return "", invalidParam("portal", "at most %d bytes", querylog.MaxPortalBytes)
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '_') {
			return "", invalidParam("portal", "want the host name of a page, such as www.huizhou.gov.cn, got %q", v)
		}
	}
	return v, nil
}

// portalOf is the portal of a request: portal=, else the Origin's host,
// else direct.
func portalOf(r *http.Request) string {
	if p, err := portalParam(r.URL.Query().Get("portal")); err == nil && p != "" {
		return p
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		if u, err := url.Parse(o); err == nil {
			if p, err := portalParam(u.Hostname()); err == nil && p != "" {
				return p
			}
		}
	}
	return querylog.Direct
}

// logSearch records a search in the query log: first pages of searches
// with text only (paging on is not searching again). A query the
// forgiving search rewrote is recorded as the query whose hits were shown
// (制造也 as 制造业), so that popular searches are spelt right.
func (s *Server) logSearch(r *http.Request, req *model.Request, res *model.Result) {
	ql := s.cfg.QueryLog
	if ql == nil || req.Query == "" || req.Page != 1 || req.After != "" {
		return
	}
	ql.Record(cmp(res.Query, req.Query), portalOf(r), middleware.GetClientIP(r.Context()), res.Total)
}

// Bounds of /api/popular and /api/stats.
const (
	defaultPopular = 10
	maxPopular     = 50
	defaultStats   = 50
	maxStats       = 1000
)

// handlePopular answers GET /api/popular?portal=&n= with
// {"queries":[{"text","count"}]}: the portal's searches of the last 30
// days that found something, asked by at least 3 distinct clients.
func (s *Server) handlePopular(r *http.Request) (any, error) {
	q := r.URL.Query()
	if err := checkParams(q, []string{"portal", "n"}); err != nil {
		return nil, err
	}
	if _, err := portalParam(q.Get("portal")); err != nil {
		return nil, err
	}
	n, err := intParam(q, "n", defaultPopular, 1, maxPopular)
	if err != nil {
		return nil, err
	}
	type popular struct {
		Text  string `json:"text"`
		Count int    `json:"count"`
	}
	out := []popular{}
	if ql := s.cfg.QueryLog; ql != nil {
		list, err := ql.Popular(portalOf(r), n)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			out = append(out, popular{p.Text, p.Count})
		}
	}
	return struct {
		Queries []popular `json:"queries"`
	}{out}, nil
}

// handleStats answers GET /api/stats?portal=&from=&to=&n= (admin token)
// with {"top":[{"text","count","hits"}],"zero":[{"text","count"}]}: the
// most asked queries of a portal (all portals when none is named) from
// from to to (default: the last 30 days), and those that found nothing.
func (s *Server) handleStats(r *http.Request) (any, error) {
	q := r.URL.Query()
	if err := checkParams(q, []string{"portal", "from", "to", "n"}); err != nil {
		return nil, err
	}
	portal, err := portalParam(q.Get("portal"))
	if err != nil {
		return nil, err
	}
	n, err := intParam(q, "n", defaultStats, 1, maxStats)
	if err != nil {
		return nil, err
	}
	from, to, err := querylog.Period(q.Get("from"), q.Get("to"), time.Now())
	if pe, ok := err.(*querylog.PeriodError); ok {
		return nil, invalidParam(pe.Param, "%s", pe.Msg)
	}
	ql := s.cfg.QueryLog
	if ql == nil && s.cfg.Crawl == nil {
		return nil, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "the query log is off (fangtan serve -query-log=false)"}
	}
	out := statsAnswer{Top: []statsTop{}, Zero: []statsZero{}}
	if ql != nil {
		rep, err := ql.Stats(portal, from, to, n)
		if err != nil {
			return nil, err
		}
		out = statsReport(rep)
	}
	if s.cfg.Crawl != nil {
		st := s.cfg.Crawl.Status()
		out.Crawl = &st
	}
	return out, nil
}

// statsTop and statsZero are the entries of /api/stats.
type (
	statsTop struct {
		Text  string `json:"text"`
		Count int    `json:"count"`
		Hits  int    `json:"hits"`
	}
	statsZero struct {
		Text  string `json:"text"`
		Count int    `json:"count"`
	}
	statsAnswer struct {
		Top  []statsTop  `json:"top"`
		Zero []statsZero `json:"zero"`
		// Crawl is the background crawl's status (fangtan serve -crawl).
		Crawl *crawl.Status `json:"crawl,omitempty"`
	}
)

// StatsReport is the JSON of /api/stats for a report (also `fangtan stats
// -json`).
func StatsReport(rep *querylog.Report) any { return statsReport(rep) }

func statsReport(rep *querylog.Report) statsAnswer {
	out := statsAnswer{Top: []statsTop{}, Zero: []statsZero{}}
	for _, t := range rep.Top {
		out.Top = append(out.Top, statsTop{t.Text, t.Count, t.Hits})
	}
	for _, z := range rep.Zero {
		out.Zero = append(out.Zero, statsZero{z.Text, z.Count})
	}
	return out
}

// queryLogMetrics exports the log's counters: searches recorded, dropped
// because the queue was full, and not kept because the day was full.
func (s *Server) queryLogMetrics() {
	ql := s.cfg.QueryLog
	if ql == nil {
		return
	}
	counter := func(name, help string, f func(querylog.Counters) uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(f(ql.Counters())) })
	}
	s.metrics.reg.MustRegister(
		counter("fangtan_querylog_recorded_total", "Searches queued for the query log.",
			func(c querylog.Counters) uint64 { return c.Recorded }),
		counter("fangtan_querylog_committed_total", "Searches written to the query log.",
			func(c querylog.Counters) uint64 { return c.Committed }),
		counter("fangtan_querylog_dropped_total", "Searches not logged because the log's queue was full (overload).",
			func(c querylog.Counters) uint64 { return c.Dropped }),
		counter("fangtan_querylog_overflow_total", "New queries not kept because their day held the most the log keeps.",
			func(c querylog.Counters) uint64 { return c.Overflow }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fangtan_querylog_queued", Help: "Searches waiting to be written to the query log."},
			func() float64 { return float64(ql.Counters().Queued) }),
	)
}

// popularLinks are the popular searches of the request's portal (direct,
// on fangtan's own pages), as links.
func (p *pageServer) popularLinks(r *http.Request) []link {
	ql := p.s.cfg.QueryLog
	if ql == nil {
		return nil
	}
	list, err := ql.Popular(portalOf(r), popularOnPage)
	if err != nil {
		return nil
	}
	var out []link
	for _, q := range list {
		out = append(out, link{q.Text, "/?q=" + url.QueryEscape(q.Text)})
	}
	return out
}

// popularOnPage is how many popular searches the start page lists.
const popularOnPage = 8
