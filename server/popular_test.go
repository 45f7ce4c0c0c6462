package server

import (
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fangtan/server/querylog"
)

// logServer is a server over the seeds with a query log, trusting the test
// requests' peer to name clients in X-Forwarded-For.
func logServer(t *testing.T) (*Server, *querylog.Log) {
	t.Helper()
	ql, err := querylog.Open(filepath.Join(t.TempDir(), "q.db"), querylog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ql.Close() })
	srv, err := New(Config{QueryLog: ql, AdminToken: "s3cret", TrustedProxies: []string{"192.0.2.0/24"}}, IndexDeps(seedIndex(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return srv, ql
}

// ask searches q as client ip from a portal (given as portal= when
// param, else as the Origin).
func ask(t *testing.T, h http.Handler, q, portal, ip string, param bool) {
	t.Helper()
	target := "/api/search?q=" + url.QueryEscape(q)
	hdr := map[string]string{"X-Forwarded-For": ip}
	if param {
		target += "&portal=" + url.QueryEscape(portal)
	} else if portal != "" {
		hdr["Origin"] = "https://" + portal
	}
	if w := do(h, request{method: http.MethodGet, path: target, header: hdr}); w.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", target, w.Code, w.Body)
	}
}

func TestPopularAndStatsAPI(t *testing.T) {
	srv, ql := logServer(t)
	const portal = "www.huizhou.gov.cn"
	for _, ip := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"} {
		ask(t, srv, "储能", portal, ip, true)
		ask(t, srv, "制造也", portal, ip, false)  // rewritten: it finds 制造业's hits
		ask(t, srv, "氢燃料电池", portal, ip, true) // nothing
	}
	ask(t, srv, "专精特新", portal, "10.0.0.1", true) // two clients only
	ask(t, srv, "专精特新", portal, "10.0.0.2", true)
	ask(t, srv, "储能", "", "10.0.0.4", false) // direct
	// paging on is not searching again
	do(srv, request{method: http.MethodGet, path: "/api/search?q=%E5%82%A8%E8%83%BD&page=2&portal=" + portal})
	ql.Flush()

	var pop struct {
		Queries []struct {
			Text  string `json:"text"`
			Count int    `json:"count"`
		} `json:"queries"`
	}
	if code := apiJSON(t, srv, "/api/popular?portal="+portal, &pop); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var got []string
	for _, q := range pop.Queries {
		got = append(got, q.Text)
		if q.Count != 3 {
			t.Errorf("%s asked %d times, want 3", q.Text, q.Count)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"储能", "制造业"}) {
		t.Errorf("popular = %q, want 储能 and 制造业 (制造也 corrected; 专精特新 had 2 clients, 氢燃料电池 no hits)", got)
	}
	// without portal=, the Origin names the portal; with neither, direct
	do(srv, request{method: http.MethodGet, path: "/api/popular", header: map[string]string{"Origin": "https://" + portal}})
	if code := apiJSON(t, srv, "/api/popular", &pop); code != http.StatusOK || len(pop.Queries) != 0 {
		t.Errorf("direct popular: %d %+v", code, pop.Queries)
	}

	// stats: admin only
	w := do(srv, request{method: http.MethodGet, path: "/api/stats"})
	if w.Code != http.StatusUnauthorized {
		t.Errorf("stats without a token: %d", w.Code)
	}
	w = do(srv, request{method: http.MethodGet, path: "/api/stats?portal=" + portal, header: bearer("s3cret")})
	if w.Code != http.StatusOK {
		t.Fatalf("stats: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{`{"text":"储能","count":3,"hits":`, `"zero":[{"text":"氢燃料电池","count":3}]`, `{"text":"专精特新","count":2,"hits":`} {
		if !strings.Contains(body, want) {
			t.Errorf("stats lack %s: %s", want, body)
		}
	}
	if strings.Contains(body, "10.0.0") || strings.Contains(body, "clients") {
		t.Errorf("stats show clients: %s", body)
	}

	for target, want := range map[string]int{
		"/api/popular?portal=" + url.QueryEscape("<script>"): http.StatusBadRequest,
		"/api/popular?n=0":    http.StatusBadRequest,
		"/api/popular?n=51":   http.StatusBadRequest,
		"/api/popular?size=5": http.StatusBadRequest,
		"/api/search?q=x&portal=" + url.QueryEscape("a b"): http.StatusBadRequest,
	} {
		if w := do(srv, request{method: http.MethodGet, path: target}); w.Code != want {
			t.Errorf("%s: %d, want %d", target, w.Code, want)
		}
	}
	for target, want := range map[string]int{
		"/api/stats?from=2026-13-01":               http.StatusBadRequest,
		"/api/stats?from=2026-12-02&to=2026-12-01": http.StatusBadRequest,
	} {
		if w := do(srv, request{method: http.MethodGet, path: target, header: bearer("s3cret")}); w.Code != want {
			t.Errorf("%s: %d, want %d", target, w.Code, want)
		}
	}

	// the log's counters are metrics
	m := do(srv, request{method: http.MethodGet, path: "/metrics"}).Body.String()
	for _, name := range []string{"fangtan_querylog_recorded_total 12", "fangtan_querylog_dropped_total 0", "fangtan_querylog_queued 0"} {
		if !strings.Contains(m, name) {
			t.Errorf("/metrics lacks %q", name)
		}
	}
}

// Without a query log nothing is recorded and nothing is popular.
func TestPopularWithoutLog(t *testing.T) {
	srv := newPageServer(t, seedIndex(t))
	var pop struct {
		Queries []any `json:"queries"`
	}
	if code := apiJSON(t, srv, "/api/popular", &pop); code != http.StatusOK || pop.Queries == nil || len(pop.Queries) != 0 {
		t.Errorf("popular without a log: %d %v", code, pop.Queries)
	}
}
