package server

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fangtan/index/model"
)

// TestLimitFlags: every limit has a flag (and so a FANGTAN_* twin), and the
// command line defaults to a rate limit while a zero Config has none.
func TestLimitFlags(t *testing.T) {
	var c Config
	c.SetDefaults()
	if c.Rate != 0 || c.MaxSearches != DefaultMaxSearches() || c.SearchWait != DefaultSearchWait {
		t.Errorf("defaults: rate %d, max searches %d, wait %v", c.Rate, c.MaxSearches, c.SearchWait)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Flags(fs)
	if c.Rate != DefaultRate || fs.Lookup("rate").DefValue != "30" {
		t.Errorf("the command line's rate defaults to %d (flag default %q), want %d", c.Rate, fs.Lookup("rate").DefValue, DefaultRate)
	}
	err := fs.Parse([]string{"-rate", "0", "-max-searches", "3", "-search-wait", "50ms", "-timeout", "2s",
		"-max-body", "1MiB", "-max-query", "100", "-max-depth", "500"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Rate != 0 || c.MaxSearches != 3 || c.SearchWait != 50*time.Millisecond || c.Timeout != 2*time.Second ||
		c.MaxBody != 1<<20 || c.MaxQuery != 100 || c.MaxDepth != 500 {
		t.Errorf("flags not applied: %+v", c)
	}
	if err := (&Config{SearchWait: -time.Second}).Validate(); err == nil {
		t.Error("a negative search wait was accepted")
	}
}

// TestRateLimitPages: the search and article pages share the API's budget
// and answer 429 as a Chinese page.
func TestRateLimitPages(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{Rate: 3})
	var last pageResp
	for i := 0; i < 20; i++ {
		if i%2 == 0 {
			do(s, request{path: "/api/search?q=x"})
			continue
		}
		if last = get(t, s, "/?q=x"); last.status == http.StatusTooManyRequests {
			break
		}
	}
	if last.status != http.StatusTooManyRequests {
		t.Fatalf("the search page was never limited: %d", last.status)
	}
	if !strings.Contains(last.body, "访问过于频繁") || last.header.Get("Retry-After") == "" ||
		!strings.HasPrefix(last.header.Get("Content-Type"), "text/html") {
		t.Errorf("429 page: Retry-After %q, type %q\n%s", last.header.Get("Retry-After"), last.header.Get("Content-Type"), last.body)
	}
	// search-as-you-type gets the refusal where the results were
	if r := get(t, s, "/?q=x", partialHeader, "1"); r.status != http.StatusTooManyRequests ||
		!strings.Contains(r.body, `id="results"`) || !strings.Contains(r.body, "访问过于频繁") || strings.Contains(r.body, "<html") {
		t.Errorf("partial 429: %d\n%s", r.status, r.body)
	}
	if r := get(t, s, "/articles/a1"); r.status != http.StatusTooManyRequests {
		t.Errorf("the article page is outside the budget: %d", r.status)
	}
	// assets and the embed page cost nothing to serve and are not limited
	for _, p := range []string{"/embed", "/embed.js", "/static/app.css"} {
		if r := get(t, s, p); r.status != 200 {
			t.Errorf("%s: %d", p, r.status)
		}
	}
	if strings.Contains(do(s, request{path: "/metrics"}).Body.String(), "fangtan_rate_limited_total 0\n") {
		t.Error("refusals are not counted")
	}
}

// TestRateLimitBehindProxy: a reverse proxy on the same host names the
// client in X-Forwarded-For without any configuration; a remote peer cannot
// pick its own key; a loopback peer that names nobody is one client, not
// one per connection.
func TestRateLimitBehindProxy(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{Rate: 2})
	send := func(peer, xff string) int {
		r := httptest.NewRequest("GET", "/api/search?q=x", nil)
		r.RemoteAddr = peer
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Code
	}
	limited := func(peer func(i int) string, xff func(i int) string) bool {
		for i := 0; i < 10; i++ {
			if send(peer(i), xff(i)) == http.StatusTooManyRequests {
				return true
			}
		}
		return false
	}
	proxy := func(int) string { return "127.0.0.1:4000" }
	if limited(proxy, func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) }) {
		t.Error("clients behind a local proxy share one budget")
	}
	if !limited(proxy, func(int) string { return "203.0.113.99" }) {
		t.Error("one client behind a local proxy is not limited")
	}
	remote := func(int) string { return "198.51.100.1:4000" }
	if !limited(remote, func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) }) {
		t.Error("a remote peer escaped the limit with made-up X-Forwarded-For")
	}
	if logs := f.logs.String(); !strings.Contains(logs, "client_ip=203.0.113.99") || !strings.Contains(logs, "client_ip=198.51.100.1") {
		t.Errorf("the access log does not name the clients:\n%s", logs)
	}
	ports := func(i int) string { return fmt.Sprintf("[::1]:%d", 4000+i) }
	if !limited(ports, func(int) string { return "" }) {
		t.Error("a local peer without X-Forwarded-For escaped the limit by changing ports")
	}
	if !strings.Contains(f.logs.String(), "client_ip=::1") {
		t.Error("the access log does not name a local peer without X-Forwarded-For")
	}
}

// blockingSearch makes the fixture's searches hold their slot until
// released; started receives one value per search that began.
func blockingSearch(f *fixture) (started chan struct{}, release func()) {
	started = make(chan struct{}, 16)
	done := make(chan struct{})
	inner := f.searcher.SearchFn
	f.searcher.SearchFn = func(ctx context.Context, req *model.Request) (*model.Result, error) {
		started <- struct{}{}
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return inner(ctx, req)
	}
	return started, func() { close(done) }
}

// TestSearchCap: with every slot taken, searches wait briefly and are then
// refused with 503 and Retry-After, on the API and the pages; the metrics
// show it; the server recovers when the slot frees.
func TestSearchCap(t *testing.T) {
	f := newFixture()
	started, release := blockingSearch(f)
	s := f.server(t, Config{MaxSearches: 1, SearchWait: 20 * time.Millisecond})
	first := make(chan int)
	go func() { first <- do(s, request{path: "/api/search?q=first"}).Code }()
	<-started

	for _, path := range []string{"/api/search?q=x", "/api/suggest?q=x"} {
		w := do(s, request{path: path, header: map[string]string{"Origin": "https://portal.example"}})
		code, msg := errorOf(t, w)
		if w.Code != 503 || code != CodeBusy || w.Header().Get("Retry-After") != "1" {
			t.Errorf("%s: %d %s %q, Retry-After %q", path, w.Code, code, msg, w.Header().Get("Retry-After"))
		}
		if w.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: the widget on a portal could not read the 503", path)
		}
	}
	for _, hdr := range [][]string{nil, {partialHeader, "1"}} {
		r := get(t, s, "/?q=x", hdr...)
		if r.status != 503 || !strings.Contains(r.body, "服务繁忙") || r.header.Get("Retry-After") != "1" {
			t.Errorf("search page %v: %d Retry-After %q\n%s", hdr, r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	// the article page runs no search (it asks the index for the query's
	// terms), so it is shown, marked, while every slot is taken
	if r := get(t, s, "/articles/a1?q=script"); r.status != 200 || !strings.Contains(r.body, "<mark>script</mark>") {
		t.Errorf("article page while busy: %d\n%s", r.status, r.body)
	}
	// input errors are answered without waiting for a slot
	if w := do(s, request{path: "/api/search?q=x&size=0"}); w.Code != 400 {
		t.Errorf("a bad request while busy: %d", w.Code)
	}
	m := do(s, request{path: "/metrics"}).Body.String()
	for _, want := range []string{"fangtan_search_slots 1", "fangtan_searches_in_flight 1", "fangtan_searches_refused_total 4"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	release()
	if code := <-first; code != 200 {
		t.Errorf("the search holding the slot: %d", code)
	}
	if w := do(s, request{path: "/api/search?q=x"}); w.Code != 200 {
		t.Errorf("after the slot freed: %d %s", w.Code, w.Body)
	}
	if m := do(s, request{path: "/metrics"}).Body.String(); !strings.Contains(m, "fangtan_searches_in_flight 0") {
		t.Error("a slot leaked")
	}
}

// TestSearchCapQueues: a search that finds no slot waits for one rather
// than failing at once.
func TestSearchCapQueues(t *testing.T) {
	f := newFixture()
	started, release := blockingSearch(f)
	s := f.server(t, Config{MaxSearches: 1, SearchWait: time.Minute})
	first := make(chan int)
	go func() { first <- do(s, request{path: "/api/search?q=first"}).Code }()
	<-started
	second := make(chan int)
	go func() { second <- do(s, request{path: "/api/search?q=second"}).Code }()
	for deadline := time.Now().Add(time.Minute); !strings.Contains(do(s, request{path: "/metrics"}).Body.String(), "fangtan_searches_waiting 1"); {
		if time.Now().After(deadline) {
			release()
			t.Fatal("the second search never waited for a slot")
		}
		time.Sleep(time.Millisecond)
	}
	release()
	if a, b := <-first, <-second; a != 200 || b != 200 {
		t.Errorf("got %d and %d, want both 200", a, b)
	}
}

// TestSearchCapOff: a negative cap lets every search run.
func TestSearchCapOff(t *testing.T) {
	f := newFixture()
	started, release := blockingSearch(f)
	s := f.server(t, Config{MaxSearches: -1, SearchWait: time.Millisecond})
	codes := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func() { codes <- do(s, request{path: "/api/search?q=x"}).Code }()
	}
	for i := 0; i < 3; i++ {
		<-started // all three run at once
	}
	release()
	for i := 0; i < 3; i++ {
		if c := <-codes; c != 200 {
			t.Errorf("status %d", c)
		}
	}
}

// TestPageDeadline: the search page, like the API, gives up at the deadline
// with a 503 page.
func TestPageDeadline(t *testing.T) {
	f := newFixture()
	f.searcher.SearchFn = func(ctx context.Context, _ *model.Request) (*model.Result, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	s := f.server(t, Config{Timeout: 20 * time.Millisecond})
	if r := get(t, s, "/?q=x"); r.status != 503 || !strings.Contains(r.body, "搜索超时") {
		t.Errorf("got %d\n%s", r.status, r.body)
	}
}
