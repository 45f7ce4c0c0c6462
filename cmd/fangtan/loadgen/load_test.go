package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fangtan/seeds"
)

// run is what `fangtan ARGS` exits with for the load command: 2 on a usage
// error, 1 on another error (as cmd/fangtan's dispatcher does).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "load" {
		panic("run: not a load command")
	}
	err := Run(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	}
	fmt.Fprintf(stderr, "fangtan load: %v\n", err)
	return 1
}

func TestReadQueries(t *testing.T) {
	for _, c := range []struct {
		desc, in string
		want     []string
		err      string
	}{
		{desc: "lines, comments and blanks", in: "\uFEFF# smoke queries\n制造业\n\n  储能 产业链  \n# end\n", want: []string{"制造业", "储能 产业链"}},
		{desc: "bench harness queries.jsonl", in: `{"qid":1,"kind":"single","terms":["明月"],"q":"明月","len":2}` + "\n" + `{"qid":2,"kind":"and","terms":["春风","故人"],"q":"春风 故人"}` + "\n",
			want: []string{"明月", "春风 故人"}},
		{desc: "terms without q", in: `{"terms":["春风","故人"]}`, want: []string{"春风 故人"}},
		{desc: "mixed", in: "光伏\n{\"q\":\"储能\"}\n", want: []string{"光伏", "储能"}},
		{desc: "bad JSON names the line", in: "光伏\n{\"q\": }\n", err: "q.txt:2: invalid JSON"},
		{desc: "JSON without q", in: `{"qid":3}`, err: `q.txt:1: a JSON line needs a "q" field`},
		{desc: "nothing but comments", in: "# nothing\n\n", err: "q.txt: no queries"},
	} {
		got, err := readQueries(strings.NewReader(c.in), "q.txt")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.desc, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.desc, err)
			continue
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: got %q, want %q", c.desc, got, c.want)
		}
	}
}

// The built-in queries find something in the seeds (and so in a synthetic
// corpus, which is made of the seeds' sentences).
func TestBuiltinQueriesInSeeds(t *testing.T) {
	var all strings.Builder
	for _, name := range seeds.Names() {
		b, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	text := all.String()
	for _, q := range builtinQueries {
		for _, term := range strings.Fields(q) {
			term = strings.Trim(term, `"`)
			if term == "OR" || strings.HasPrefix(term, "-") {
				continue
			}
			if !strings.Contains(text, term) {
				t.Errorf("query %q: %q is not in the seeds", q, term)
			}
		}
	}
}

func TestLoadRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://192.0.2.1:8080", "http://[2001:db8::1]:8080", "http://10.0.0.1", "http://0.0.0.0:8080"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"load", "-url", u, "-d", "1s", "-n", "1"}, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), "refusing to load") || !strings.Contains(errb.String(), "not a loopback address") {
			t.Errorf("%s: exit %d, stderr %q; want a refusal", u, code, errb.String())
		}
	}
	for _, u := range []string{"http://127.0.0.1:1", "http://127.8.9.10", "http://[::1]:80", "http://localhost:8080"} {
		pu, _ := url.Parse(u)
		if err := checkLoopback(context.Background(), pu); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	if err := dialLoopback("tcp", "192.0.2.1:80", nil); err == nil {
		t.Error("the dialer accepted a non-loopback address")
	}
	if err := dialLoopback("tcp", "127.0.0.1:80", nil); err != nil {
		t.Error(err)
	}
}

func TestLoadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-c", "0"}, {"-c", "8,x"}, {"-d", "0s"}, {"-max-rss", "1GiB"}, {"-queries", "/nonexistent/q.txt"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"load"}, args...), &out, &errb); code == 0 || errb.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q; want an error", args, code, errb.String())
		}
	}
}

// fakeSearch answers /api/search by the query: "ok" 200, "limit" 429, "busy"
// 503 with the server's JSON error, "boom" 500, "gone" 404, "drop" closes the connection unanswered.
func fakeSearch(t *testing.T, seen *atomic.Int64, params func(url.Values)) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/search" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		if q.Get("size") == "1" { // the loader's discovery request
			w.Write([]byte(`{"total":3,"hits":[],"facets":{"province":[{"value":"广东","count":2},{"value":"甘肃","count":1}],"city":[{"value":"惠州","count":2}],"year":[{"value":"2023","count":3}]}}`))
			return
		}
		seen.Add(1)
		if params != nil {
			params(q)
		}
		switch q.Get("q") {
		case "ok":
			w.Write([]byte(`{"total":0,"hits":[]}`))
		case "limit":
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "busy":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":{"code":"timeout","message":"the search took too long"}}`))
		case "boom":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "gone":
			http.NotFound(w, r)
		case "drop":
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeQueries(t *testing.T, qs ...string) string {
	path := filepath.Join(t.TempDir(), "queries.txt")
	if err := os.WriteFile(path, []byte(strings.Join(qs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runLoadJSON(t *testing.T, args ...string) (Report, int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"load", "-json"}, args...), &out, &errb)
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("exit %d, output is not JSON: %v\n%s\n%s", code, err, out.String(), errb.String())
	}
	return rep, code, errb.String()
}

func TestLoadCountsAndErrorClasses(t *testing.T) {
	var seen atomic.Int64
	srv := fakeSearch(t, &seen, nil)
	qf := writeQueries(t, "ok", "limit", "busy", "boom", "gone", "drop")
	// the request cap ends the level long before the duration
	rep, code, stderr := runLoadJSON(t, "-url", srv.URL, "-queries", qf, "-c", "3", "-d", "10m", "-n", "120")
	if code != 1 || !strings.Contains(stderr, "real errors") {
		t.Errorf("exit %d, stderr %q; want 1 for real errors", code, stderr)
	}
	if len(rep.Levels) != 1 {
		t.Fatalf("%d levels, want 1", len(rep.Levels))
	}
	lv := rep.Levels[0]
	if lv.Requests != 120 {
		t.Errorf("%d requests, want 120 (the -n cap)", lv.Requests)
	}
	// the queries are cycled: 20 of each
	want := map[string]int{"200": 20, "429": 20, "503": 20, "500": 20, "404": 20}
	for st, n := range want {
		if lv.Status[st] != n {
			t.Errorf("status %s: %d, want %d (all: %v)", st, lv.Status[st], n, lv.Status)
		}
	}
	if lv.Refused != 40 || lv.Refusals["503 timeout"] != 20 || lv.Refusals["429"] != 20 {
		t.Errorf("refused %d (%v), want 40: 429: 20 and 503 timeout: 20", lv.Refused, lv.Refusals)
	}
	if lv.Errors["500"] != 20 || lv.Errors["404"] != 20 || lv.Errors["connection closed"]+lv.Errors["connection reset"] != 20 || lv.RealErrors != 60 {
		t.Errorf("errors %v (real %d), want 500: 20, 404: 20, connection closed: 20", lv.Errors, lv.RealErrors)
	}
	if lv.Errors["429"] != 0 || lv.Errors["503"] != 0 {
		t.Errorf("refusals counted as real errors: %v", lv.Errors)
	}
	if lv.Latency.P50 <= 0 || lv.Latency.P50 > lv.Latency.P99 || lv.Latency.P99 > lv.Latency.Max {
		t.Errorf("latency percentiles out of order: %+v", lv.Latency)
	}
	if len(rep.Failures) == 0 {
		t.Error("no failure reported for the real errors")
	}
}

func TestLoadRefusalsAreNotErrors(t *testing.T) {
	var seen atomic.Int64
	srv := fakeSearch(t, &seen, nil)
	qf := writeQueries(t, "ok", "limit", "busy")
	rep, code, stderr := runLoadJSON(t, "-url", srv.URL+"/", "-queries", qf, "-c", "1,4", "-d", "10m", "-n", "30")
	if code != 0 {
		t.Errorf("exit %d (%s); 429 and 503 are refusals, not errors", code, stderr)
	}
	if len(rep.Levels) != 2 {
		t.Fatalf("%d levels, want 2", len(rep.Levels))
	}
	for _, lv := range rep.Levels {
		if lv.Requests != 30 || lv.Refused != 20 || lv.RealErrors != 0 {
			t.Errorf("c=%d: %d requests, %d refused, %d errors; want 30, 20, 0", lv.Concurrency, lv.Requests, lv.Refused, lv.RealErrors)
		}
	}
	if got := seen.Load(); got != 60 {
		t.Errorf("server saw %d requests, want 60", got)
	}
}

func TestLoadFacets(t *testing.T) {
	var seen atomic.Int64
	var mu sync.Mutex
	filtered := 0
	got := map[string]map[string]bool{}
	srv := fakeSearch(t, &seen, func(q url.Values) {
		mu.Lock()
		defer mu.Unlock()
		any := false
		for _, f := range []string{"province", "city", "district", "year", "source"} {
			for _, v := range q[f] {
				if got[f] == nil {
					got[f] = map[string]bool{}
				}
				got[f][v] = true
				any = true
			}
		}
		if any {
			filtered++
		}
	})
	qf := writeQueries(t, "ok")
	_, code, stderr := runLoadJSON(t, "-url", srv.URL, "-queries", qf, "-facets", "-c", "2", "-d", "10m", "-n", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// about half of the requests carry filters, with the values the
	// server's facets offered
	if filtered < 50 || filtered > 150 {
		t.Errorf("%d of 200 requests filtered, want about half", filtered)
	}
	offered := map[string][]string{"province": {"广东", "甘肃"}, "city": {"惠州"}, "year": {"2023"}}
	for f, vals := range got {
		for v := range vals {
			if !strings.Contains(strings.Join(offered[f], " "), v) {
				t.Errorf("filter %s=%s was not offered by the server", f, v)
			}
		}
	}
	if !got["province"]["广东"] || !got["province"]["甘肃"] || !got["year"]["2023"] {
		t.Errorf("filters sent: %v; want both provinces and the year", got)
	}
}

func TestLoadRSS(t *testing.T) {
	var seen atomic.Int64
	srv := fakeSearch(t, &seen, nil)
	qf := writeQueries(t, "ok")
	pid := strconv.Itoa(os.Getpid()) // this test process stands in for the server
	rep, code, _ := runLoadJSON(t, "-url", srv.URL, "-queries", qf, "-c", "2", "-d", "10m", "-n", "20", "-pid", pid)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	r := rep.Levels[0].RSS
	if r == nil || r.Start <= 0 || r.Mid <= 0 || r.End <= 0 || r.Peak < r.End || r.EndAnon <= 0 || r.Gone {
		t.Fatalf("RSS samples %+v", r)
	}
	rep, code, stderr := runLoadJSON(t, "-url", srv.URL, "-queries", qf, "-c", "2", "-d", "10m", "-n", "20", "-pid", pid, "-max-rss", "1KiB")
	if code != 1 || !strings.Contains(stderr, "exceeds 0.0 MiB") || len(rep.Failures) != 1 {
		t.Errorf("exit %d, stderr %q, failures %q; want an RSS failure", code, stderr, rep.Failures)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"load", "-url", srv.URL, "-pid", "999999999", "-n", "1"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no process 999999999") {
		t.Errorf("a missing process: exit %d, stderr %q", code, errb.String())
	}
}

func TestLoadTextOutput(t *testing.T) {
	var seen atomic.Int64
	srv := fakeSearch(t, &seen, nil)
	qf := writeQueries(t, "ok", "boom")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"load", "-url", srv.URL, "-queries", qf, "-c", "1,2", "-d", "10m", "-n", "10"}, &out, &errb)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"c=1: 10 requests", "c=2: 10 requests", "p50", "p99", "errors   5: 500: 5", "status   200: 5, 500: 5", "req/s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPercentile(t *testing.T) {
	// below 128 µs the buckets are exact
	var h histogram
	for i := 1; i <= 100; i++ {
		h.add(time.Duration(i) * time.Microsecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {95, 95}, {99, 99}, {100, 100}, {0, 1}} {
		if got := h.percentile(c.p); got != c.want*time.Microsecond {
			t.Errorf("p%.0f = %v, want %v", c.p, got, c.want*time.Microsecond)
		}
	}
	// above, within 1/64 of the exact nearest-rank percentile, never below
	r := rand.New(rand.NewPCG(1, 2))
	var big histogram
	var exact []time.Duration
	for range 100000 {
		d := time.Duration(r.ExpFloat64() * float64(20*time.Millisecond))
		big.add(d)
		exact = append(exact, d)
	}
	slices.Sort(exact)
	for _, p := range []float64{50, 90, 95, 99, 99.9, 100} {
		want := exact[max(int(p/100*float64(len(exact))+0.999999), 1)-1]
		got := big.percentile(p)
		if got < want.Truncate(time.Microsecond) || float64(got-want) > float64(want)/64+float64(time.Microsecond) {
			t.Errorf("p%v = %v, exact %v", p, got, want)
		}
	}
	if big.max != exact[len(exact)-1] || big.n != int64(len(exact)) {
		t.Errorf("max %v n %d, want %v %d", big.max, big.n, exact[len(exact)-1], len(exact))
	}
}

// -param adds its parameter to every search (collapse=false measures
// searches that list every repost).
func TestLoadParams(t *testing.T) {
	var seen atomic.Int64
	var mu sync.Mutex
	without := 0
	srv := fakeSearch(t, &seen, func(q url.Values) {
		mu.Lock()
		defer mu.Unlock()
		if q.Get("collapse") != "false" || q.Get("q") == "" {
			without++
		}
	})
	_, code, stderr := runLoadJSON(t, "-url", srv.URL, "-queries", writeQueries(t, "ok"), "-param", "collapse=false", "-facets", "-c", "2", "-d", "10m", "-n", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if without > 0 || seen.Load() < 50 {
		t.Errorf("%d of %d searches without collapse=false", without, seen.Load())
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"load", "-url", srv.URL, "-param", "novalue"}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "name=value") {
		t.Errorf("-param without =: exit %d, %q", code, errb.String())
	}
}
