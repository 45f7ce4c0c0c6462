// Package loadgen is the load generator of `fangtan load`: it sends searches
// to a fangtan server on this machine at rising concurrency and reports
// requests per second, latency percentiles, errors and the server's memory.
// It imports nothing of fangtan but the size parser its flags share with
// the server (server/bytesize): it speaks HTTP like any client.
package loadgen

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"fangtan/server/bytesize"
)

// ErrUsage reports a usage error that the flag package already printed.
var ErrUsage = errors.New("usage")

// loadOptions are the flags of `fangtan load`.
type loadOptions struct {
	URL         string
	Queries     string
	Facets      bool
	Levels      []int
	Duration    time.Duration
	MaxRequests int
	PID         int
	JSON        bool
	Timeout     time.Duration
	MaxRSS      int64      // bytes; 0: no limit
	MaxGrowth   float64    // percent of RSS growth from a level's midpoint to its end; 0: no limit
	Params      url.Values // added to every search (-param collapse=false)
}

// Run runs `fangtan load` with args (the flags after "load").
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := loadOptions{URL: "http://127.0.0.1:8080", Levels: []int{8}, Duration: 10 * time.Second, Timeout: 30 * time.Second}
	fs.StringVar(&o.URL, "url", o.URL, "base URL of the server; its host must be this machine (loopback)")
	fs.StringVar(&o.Queries, "queries", "", "`file` of queries: one per line ('#' starts a comment), or JSON lines with a \"q\" field (default: built-in queries from the seeds' vocabulary)")
	fs.BoolVar(&o.Facets, "facets", false, "add filters (province, city, year … as the search page sends them), sorting and paging to half of the requests")
	levels := fs.String("c", "8", "comma-separated concurrency `levels`, run one after the other")
	fs.DurationVar(&o.Duration, "d", o.Duration, "duration of each level")
	fs.IntVar(&o.MaxRequests, "n", 0, "at most this many requests per level (0: no limit, the duration ends the level)")
	fs.IntVar(&o.PID, "pid", 0, "process ID of the server: report its resident memory (VmRSS) at the start, midpoint and end of each level")
	fs.BoolVar(&o.JSON, "json", false, "print the results as JSON")
	fs.DurationVar(&o.Timeout, "timeout", o.Timeout, "deadline of one request (a request past it is a real error)")
	o.Params = url.Values{}
	fs.Func("param", "`name=value` added to every search, e.g. collapse=false (repeatable)", func(s string) error {
		name, value, ok := strings.Cut(s, "=")
		if !ok || name == "" {
			return fmt.Errorf("want name=value, got %q", s)
		}
		o.Params.Add(name, value)
		return nil
	})
	var maxRSS int64
	fs.Var(bytesize.Flag{N: &maxRSS}, "max-rss", "fail when the server's RSS at the end of a level exceeds this `size` (e.g. 1GiB; needs -pid)")
	fs.Float64Var(&o.MaxGrowth, "max-growth", 0, "fail when the server's RSS grows by more than this `percent` from a level's midpoint to its end (needs -pid)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan load [-url http://127.0.0.1:8080] [-c 1,8,32] [-d 10s] [-n N] [-facets] [-param name=value] [-queries FILE] [-pid PID] [-json]")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Sends searches to /api/search with keep-alive connections and reports, per concurrency level,")
		fmt.Fprintln(stderr, "requests per second, latency percentiles and errors. 429 and 503 answers are counted as")
		fmt.Fprintln(stderr, "refusals; any other failure is a real error and makes the exit status 1.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return ErrUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fangtan load: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return ErrUsage
	}
	o.MaxRSS = maxRSS
	var err error
	if o.Levels, err = parseLevels(*levels); err != nil {
		return err
	}
	if o.Duration <= 0 {
		return fmt.Errorf("-d must be positive, got %s", o.Duration)
	}
	if o.MaxRequests < 0 || o.PID < 0 || o.MaxGrowth < 0 || o.Timeout <= 0 {
		return errors.New("-n, -pid and -max-growth must not be negative, -timeout must be positive")
	}
	if (o.MaxRSS > 0 || o.MaxGrowth > 0) && o.PID == 0 {
		return errors.New("-max-rss and -max-growth need -pid, the server's process ID")
	}
	queries, source := builtinQueries, "built-in"
	if o.Queries != "" {
		f, err := os.Open(o.Queries)
		if err != nil {
			return fmt.Errorf("-queries: %w", err)
		}
		queries, err = readQueries(f, o.Queries)
		f.Close()
		if err != nil {
			return err
		}
		source = o.Queries
	}
	l, err := newLoader(ctx, o, queries)
	if err != nil {
		return err
	}
	defer l.client.CloseIdleConnections()
	rep := &Report{URL: l.base.String(), Queries: len(queries), QuerySource: source, Facets: o.Facets,
		FacetValues: l.pool.sizes(), DurationS: o.Duration.Seconds(), MaxRequests: o.MaxRequests, PID: o.PID}
	if !o.JSON {
		rep.printHeader(stdout)
	}
	for _, c := range o.Levels {
		if ctx.Err() != nil {
			break
		}
		lv := l.run(ctx, c)
		rep.Levels = append(rep.Levels, lv)
		if !o.JSON {
			lv.print(stdout)
		}
	}
	fails := rep.check(o)
	if o.JSON {
		rep.Failures = fails
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		rep.printSummary(stdout)
	}
	if ctx.Err() != nil {
		return errors.New("interrupted")
	}
	if len(fails) > 0 {
		return errors.New(strings.Join(fails, "; "))
	}
	return nil
}

func parseLevels(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 10000 {
			return nil, fmt.Errorf("-c: %q is not a concurrency between 1 and 10000", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("-c: no concurrency level given")
	}
	return out, nil
}

// builtinQueries are drawn from the seeds' vocabulary (the synthetic corpus
// uses the same words): single terms, two-term ANDs, a phrase, an exclusion
// and an OR, in roughly the share users type them.
var builtinQueries = []string{
	"制造业", "新质生产力", "产业集群", "高质量发展", "数字化转型", "新能源汽车", "储能", "光伏",
	"集成电路", "生物医药", "新材料", "专精特新", "产业链", "供应链", "技术改造", "工业互联网",
	"智能制造", "绿色低碳", "园区", "标准厂房", "规上工业", "固定资产投资", "人工智能", "万亿工业强市",
	"二次创业", "智造高地", "链长制", "中小企业", "新型工业化", "实体经济", "石化", "电子信息",
	"算力", "先进制造业", "现代化产业体系", "设备更新", "项目建设", "招商", "创新", "链",
	"制造业 高质量发展", "储能 产业链", "园区 标准厂房", "专精特新 中小企业", "\"新质生产力\"",
	"产业集群 -石化", "光伏 OR 储能", "惠州 制造业", "珠海", "韶关 产业", "甘肃 工业",
}

// readQueries reads a query file: one query per line, blank lines and lines
// starting with '#' skipped; a line starting with '{' is a JSON record with
// a "q" field (the bench harness's queries.jsonl; "terms" joined by spaces
// when there is no "q").
func readQueries(r io.Reader, name string) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "{") {
			var rec struct {
				Q     *string  `json:"q"`
				Terms []string `json:"terms"`
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				return nil, fmt.Errorf("%s:%d: invalid JSON: %v", name, n, strings.TrimPrefix(err.Error(), "json: "))
			}
			switch {
			case rec.Q != nil && strings.TrimSpace(*rec.Q) != "":
				line = strings.TrimSpace(*rec.Q)
			case len(rec.Terms) > 0:
				line = strings.Join(rec.Terms, " ")
			default:
				return nil, fmt.Errorf(`%s:%d: a JSON line needs a "q" field`, name, n)
			}
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no queries (one per line; '#' starts a comment)", name)
	}
	return out, nil
}

// checkLoopback refuses a URL whose host is not this machine: every address
// the host resolves to must be a loopback address. This tool must never
// send load anywhere else.
func checkLoopback(ctx context.Context, u *url.URL) error {
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("-url %q has no host (want e.g. http://127.0.0.1:8080)", u.String())
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !ip.Unmap().IsLoopback() {
			return notLoopback(u, host, ip.String())
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("-url: cannot resolve %q: %v", host, err)
	}
	for _, a := range addrs {
		if !a.Unmap().IsLoopback() {
			return notLoopback(u, host, a.String())
		}
	}
	if len(addrs) == 0 {
		return fmt.Errorf("-url: %q resolves to no address", host)
	}
	return nil
}

func notLoopback(u *url.URL, host, addr string) error {
	if host == addr {
		return fmt.Errorf("refusing to load %s: %s is not a loopback address; fangtan load only sends load to this machine (127.0.0.0/8, ::1, localhost)", u, addr)
	}
	return fmt.Errorf("refusing to load %s: %s resolves to %s, not a loopback address; fangtan load only sends load to this machine (127.0.0.0/8, ::1, localhost)", u, host, addr)
}

// dialLoopback refuses, at connect time, any address that is not loopback
// (a DNS answer that changed after the check).
func dialLoopback(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return fmt.Errorf("refusing to connect to %s: not a loopback address", address)
	}
	return nil
}

// loader sends the requests of a run.
type loader struct {
	o       loadOptions
	base    *url.URL
	client  *http.Client
	queries []string
	pool    facetPool
}

func newLoader(ctx context.Context, o loadOptions, queries []string) (*loader, error) {
	u, err := url.Parse(strings.TrimSpace(o.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("-url %q: want http://host:port", o.URL)
	}
	if err := checkLoopback(ctx, u); err != nil {
		return nil, err
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	conns := slices.Max(o.Levels)
	tr := &http.Transport{
		Proxy:               nil, // never through a proxy from the environment
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: dialLoopback}).DialContext,
		MaxIdleConns:        conns + 16,
		MaxIdleConnsPerHost: conns + 16,
		IdleConnTimeout:     90 * time.Second,
	}
	l := &loader{
		o:    o,
		base: u,
		client: &http.Client{
			Transport: tr,
			Timeout:   o.Timeout,
			// a redirect is reported as its status, not followed
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		queries: queries,
	}
	if o.PID > 0 {
		if _, err := readMem(o.PID); err != nil {
			return nil, fmt.Errorf("-pid %d: %v", o.PID, err)
		}
	}
	if err := l.discover(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// facetPool holds the filter values a -facets run picks from.
type facetPool map[string][]string

// poolFields are the filters a -facets run sends, as the search page's
// facet links do (several values of one field are ORed).
var poolFields = []string{"province", "city", "district", "year", "source"}

func (p facetPool) sizes() map[string]int {
	if len(p) == 0 {
		return nil
	}
	out := map[string]int{}
	for k, v := range p {
		out[k] = len(v)
	}
	return out
}

// discover checks that the server answers and, with -facets, collects the
// facet values of the first queries, so the filters name places, years and
// sources the index holds. These requests are not counted.
func (l *loader) discover(ctx context.Context) error {
	n := 1
	if l.o.Facets {
		n = min(len(l.queries), 20)
		l.pool = facetPool{}
	}
	seen := map[string]bool{}
	answered := false
	var lastErr error
	for i := 0; i < n; i++ {
		v := url.Values{"q": {l.queries[i]}, "size": {"1"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.searchURL(v), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Accept", "application/json")
		resp, err := l.client.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		answered = true
		var body struct {
			Facets map[string][]struct {
				Value string `json:"value"`
			} `json:"facets"`
		}
		if resp.StatusCode/100 == 2 && l.pool != nil {
			_ = json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&body)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		for _, f := range poolFields {
			for _, fv := range body.Facets[f] {
				if k := f + "\x00" + fv.Value; fv.Value != "" && !seen[k] {
					seen[k] = true
					l.pool[f] = append(l.pool[f], fv.Value)
				}
			}
		}
	}
	if !answered {
		return fmt.Errorf("no answer from %s: %v", l.base, lastErr)
	}
	if l.pool != nil && len(l.pool["province"])+len(l.pool["city"])+len(l.pool["year"]) == 0 {
		// the server gave no facets: fall back to values the seeds have
		l.pool = facetPool{"province": {"广东", "甘肃"}, "city": {"惠州", "珠海", "韶关"}, "year": {"2022", "2023", "2024"}}
	}
	return nil
}

func (l *loader) searchURL(v url.Values) string {
	for name, values := range l.o.Params {
		v[name] = append(v[name], values...)
	}
	return l.base.String() + "/api/search?" + v.Encode()
}

// params builds one request's query string.
func (l *loader) params(r *rand.Rand, q string) url.Values {
	v := url.Values{"q": {q}}
	if !l.o.Facets || r.IntN(2) == 0 {
		return v
	}
	// half of the requests: what a user clicking through facets sends
	added := false
	for _, f := range []struct {
		name   string
		chance int // in 10
		most   int
	}{{"province", 5, 3}, {"city", 4, 2}, {"district", 1, 1}, {"year", 4, 3}, {"source", 1, 2}} {
		vals := l.pool[f.name]
		if len(vals) == 0 || r.IntN(10) >= f.chance {
			continue
		}
		for k := 1 + r.IntN(f.most); k > 0; k-- {
			v.Add(f.name, vals[r.IntN(len(vals))])
		}
		added = true
	}
	if !added && len(l.pool["year"]) > 0 {
		v.Add("year", l.pool["year"][r.IntN(len(l.pool["year"]))])
	}
	switch r.IntN(10) {
	case 0:
		v.Set("sort", "-date")
	case 1:
		v.Set("page", "2")
	case 2, 3:
		v.Set("group", "article")
	}
	return v
}

// sample is what one worker measured.
type sample struct {
	lat      histogram // of answered requests, any status
	status   map[int]int
	answers  map[string]int // non-2xx answers by "status code" ("503 timeout")
	errs     map[string]int // transport errors by class
	errFirst map[string]string
	bytes    int64
}

// levelResult is one concurrency level's outcome.
type levelResult struct {
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	ElapsedS    float64 `json:"elapsed_s"`
	RPS         float64 `json:"rps"`
	Latency     struct {
		P50  float64 `json:"p50"`
		P95  float64 `json:"p95"`
		P99  float64 `json:"p99"`
		Max  float64 `json:"max"`
		Mean float64 `json:"mean"`
	} `json:"latency_ms"`
	Status     map[string]int    `json:"status"`      // by HTTP status
	Refused    int               `json:"refused"`     // 429 and 503: the server's deliberate refusals
	Refusals   map[string]int    `json:"refusals"`    // refusals by "status code" ("503 timeout")
	Errors     map[string]int    `json:"errors"`      // real errors by class: non-2xx status or transport error
	RealErrors int               `json:"real_errors"` // sum of Errors
	ErrorText  map[string]string `json:"error_text,omitempty"`
	BytesIn    int64             `json:"bytes_in"`
	RSS        *rssSamples       `json:"rss_bytes,omitempty"`
}

type rssSamples struct {
	Start int64 `json:"start"`
	Mid   int64 `json:"mid"`
	End   int64 `json:"end"`
	Peak  int64 `json:"peak"` // VmHWM: the process's peak so far
	// EndAnon and EndFile split End: heap and stacks, and mapped files
	// (the index's memory-mapped segments, which the kernel can reclaim).
	EndAnon int64 `json:"end_anon"`
	EndFile int64 `json:"end_file"`
	Gone    bool  `json:"gone,omitempty"`
}

// run runs one level: c workers until the duration ends, the request cap is
// reached or ctx is cancelled. Requests in flight at the end are let finish.
func (l *loader) run(ctx context.Context, c int) *levelResult {
	var (
		issued   atomic.Int64
		midOnce  sync.Once
		midReady = make(chan struct{})
	)
	mid := func() { midOnce.Do(func() { close(midReady) }) }
	var rss *rssSamples
	rssDone := make(chan struct{})
	if l.o.PID > 0 {
		rss = &rssSamples{}
		m, err := readMem(l.o.PID)
		rss.Start, rss.Gone = m.RSS, err != nil
		go func() {
			defer close(rssDone)
			select {
			case <-midReady:
				m, err := readMem(l.o.PID)
				rss.Mid, rss.Gone = m.RSS, rss.Gone || err != nil
			case <-ctx.Done():
			}
		}()
	} else {
		close(rssDone)
	}
	start := time.Now()
	deadline := start.Add(l.o.Duration)
	timer := time.AfterFunc(l.o.Duration/2, mid)
	samples := make([]*sample, c)
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		s := &sample{status: map[int]int{}, answers: map[string]int{}, errs: map[string]int{}, errFirst: map[string]string{}}
		samples[w] = s
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), uint64(w)))
			for ctx.Err() == nil && time.Now().Before(deadline) {
				k := issued.Add(1)
				if l.o.MaxRequests > 0 {
					if k > int64(l.o.MaxRequests) {
						return
					}
					if k == int64(l.o.MaxRequests+1)/2 {
						mid()
					}
				}
				l.one(ctx, r, l.queries[(k-1)%int64(len(l.queries))], s)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	timer.Stop()
	mid() // a level cut short before its midpoint samples the midpoint now
	<-rssDone
	if rss != nil {
		m, err := readMem(l.o.PID)
		rss.End, rss.Peak, rss.EndAnon, rss.EndFile = m.RSS, m.Peak, m.Anon, m.File
		rss.Gone = rss.Gone || err != nil
	}
	return merge(c, elapsed, samples, rss)
}

// one sends one request and records it in s.
func (l *loader) one(ctx context.Context, r *rand.Rand, q string, s *sample) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.searchURL(l.params(r, q)), nil)
	if err != nil {
		s.addErr("bad request", err)
		return
	}
	req.Header.Set("Accept", "application/json")
	t0 := time.Now()
	resp, err := l.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return // interrupted: not the server's fault
		}
		s.addErr(errorClass(err), err)
		return
	}
	var (
		n    int64
		rerr error
		code string // the server's error code of a non-2xx answer
		msg  string
	)
	if resp.StatusCode/100 == 2 {
		n, rerr = io.Copy(io.Discard, resp.Body)
	} else {
		var b []byte
		b, rerr = io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		n = int64(len(b))
		code, msg = errorCode(b)
		if rerr == nil {
			var m int64
			m, rerr = io.Copy(io.Discard, resp.Body)
			n += m
		}
	}
	resp.Body.Close()
	lat := time.Since(t0)
	s.bytes += n
	if rerr != nil {
		if ctx.Err() != nil {
			return
		}
		s.addErr("body: "+errorClass(rerr), rerr)
		return
	}
	s.lat.add(lat)
	s.status[resp.StatusCode]++
	if resp.StatusCode/100 != 2 {
		class := strconv.Itoa(resp.StatusCode)
		if code != "" {
			class += " " + code
		}
		s.answers[class]++
		if _, ok := s.errFirst[class]; !ok && msg != "" {
			s.errFirst[class] = msg
		}
	}
}

// errorCode reads the code and message of the server's JSON error body
// ({"error":{"code","message"}}); other bodies give "".
func errorCode(body []byte) (code, msg string) {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	return e.Error.Code, e.Error.Message
}

func (s *sample) addErr(class string, err error) {
	s.errs[class]++
	if _, ok := s.errFirst[class]; !ok {
		s.errFirst[class] = err.Error()
	}
}

// errorClass names a transport error's kind.
func errorClass(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	return "other"
}

// isRefusal reports whether a status is a deliberate refusal under load
// (rate limit or overload), which is not counted as a real error.
func isRefusal(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

func merge(c int, elapsed time.Duration, samples []*sample, rss *rssSamples) *levelResult {
	lv := &levelResult{Concurrency: c, ElapsedS: elapsed.Seconds(), Status: map[string]int{}, Refusals: map[string]int{}, Errors: map[string]int{}, RSS: rss}
	var lat histogram
	for _, s := range samples {
		lat.merge(&s.lat)
		lv.BytesIn += s.bytes
		for st, n := range s.status {
			lv.Requests += n
			lv.Status[strconv.Itoa(st)] += n
			if isRefusal(st) {
				lv.Refused += n
			}
		}
		for class, n := range s.answers {
			st, _ := strconv.Atoi(strings.Fields(class)[0])
			if isRefusal(st) {
				lv.Refusals[class] += n
			} else {
				lv.Errors[class] += n
			}
		}
		for class, n := range s.errs {
			lv.Requests += n
			lv.Errors[class] += n
		}
		for class, text := range s.errFirst {
			if _, ok := lv.ErrorText[class]; !ok {
				if lv.ErrorText == nil {
					lv.ErrorText = map[string]string{}
				}
				lv.ErrorText[class] = text
			}
		}
	}
	for _, n := range lv.Errors {
		lv.RealErrors += n
	}
	if elapsed > 0 {
		lv.RPS = float64(lv.Requests) / elapsed.Seconds()
	}
	if lat.n > 0 {
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		lv.Latency.P50 = ms(lat.percentile(50))
		lv.Latency.P95 = ms(lat.percentile(95))
		lv.Latency.P99 = ms(lat.percentile(99))
		lv.Latency.Max = ms(lat.max)
		lv.Latency.Mean = ms(lat.mean())
	}
	return lv
}

// procMem is a process's memory from /proc/PID/status, in bytes.
type procMem struct {
	RSS, Peak  int64 // VmRSS, VmHWM
	Anon, File int64 // RssAnon, RssFile
}

// readMem reads a process's resident memory from /proc.
func readMem(pid int) (procMem, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return procMem{}, fmt.Errorf("no process %d (or no /proc on this system)", pid)
		}
		return procMem{}, err
	}
	field := func(name string) int64 {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, name+":"); ok {
				f := strings.Fields(rest)
				if len(f) >= 1 {
					n, _ := strconv.ParseInt(f[0], 10, 64)
					return n << 10 // kB
				}
			}
		}
		return 0
	}
	m := procMem{RSS: field("VmRSS"), Peak: field("VmHWM"), Anon: field("RssAnon"), File: field("RssFile")}
	if m.RSS == 0 {
		return procMem{}, fmt.Errorf("process %d shows no VmRSS (a zombie or a kernel thread?)", pid)
	}
	return m, nil
}

// Report is the whole run, as -json prints it.
type Report struct {
	URL         string         `json:"url"`
	Queries     int            `json:"queries"`
	QuerySource string         `json:"query_source"`
	Facets      bool           `json:"facets"`
	FacetValues map[string]int `json:"facet_values,omitempty"`
	DurationS   float64        `json:"duration_s"`
	MaxRequests int            `json:"max_requests,omitempty"`
	PID         int            `json:"pid,omitempty"`
	Levels      []*levelResult `json:"levels"`
	Failures    []string       `json:"failures"`
}

// check lists what makes the run fail: real errors, a server that exited,
// RSS over the limits.
func (rep *Report) check(o loadOptions) []string {
	fails := []string{}
	for _, lv := range rep.Levels {
		if lv.RealErrors > 0 {
			fails = append(fails, fmt.Sprintf("c=%d: %d real errors", lv.Concurrency, lv.RealErrors))
		}
		if lv.RSS == nil {
			continue
		}
		if lv.RSS.Gone {
			fails = append(fails, fmt.Sprintf("c=%d: server process %d exited during the run", lv.Concurrency, o.PID))
			continue
		}
		if o.MaxRSS > 0 && lv.RSS.End > o.MaxRSS {
			fails = append(fails, fmt.Sprintf("c=%d: server RSS at the end %s exceeds %s", lv.Concurrency, mib(lv.RSS.End), mib(o.MaxRSS)))
		}
		if o.MaxGrowth > 0 && lv.RSS.Mid > 0 {
			if g := growth(lv.RSS.Mid, lv.RSS.End); g > o.MaxGrowth {
				fails = append(fails, fmt.Sprintf("c=%d: server RSS grew %.1f%% from the midpoint (%s) to the end (%s), more than %.0f%%",
					lv.Concurrency, g, mib(lv.RSS.Mid), mib(lv.RSS.End), o.MaxGrowth))
			}
		}
	}
	return fails
}

func growth(from, to int64) float64 { return float64(to-from) / float64(from) * 100 }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func (rep *Report) printHeader(w io.Writer) {
	fmt.Fprintf(w, "fangtan load %s: %d queries (%s), %s per level", rep.URL, rep.Queries, rep.QuerySource, time.Duration(rep.DurationS*float64(time.Second)))
	if rep.MaxRequests > 0 {
		fmt.Fprintf(w, ", at most %d requests per level", rep.MaxRequests)
	}
	fmt.Fprintln(w)
	if rep.Facets {
		keys := make([]string, 0, len(rep.FacetValues))
		for k := range rep.FacetValues {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%d %s", rep.FacetValues[k], k))
		}
		fmt.Fprintf(w, "filters on half of the requests, drawn from %s\n", strings.Join(parts, ", "))
	}
}

func (lv *levelResult) print(w io.Writer) {
	fmt.Fprintf(w, "\nc=%d: %d requests in %.1fs, %.1f req/s\n", lv.Concurrency, lv.Requests, lv.ElapsedS, lv.RPS)
	fmt.Fprintf(w, "  latency  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms\n", lv.Latency.P50, lv.Latency.P95, lv.Latency.P99, lv.Latency.Max)
	fmt.Fprintf(w, "  status   %s\n", countList(lv.Status))
	if lv.Refused > 0 {
		fmt.Fprintf(w, "  refused  %d (429/503, deliberate): %s\n", lv.Refused, countList(lv.Refusals))
	}
	if lv.RealErrors == 0 {
		fmt.Fprintln(w, "  errors   none")
	} else {
		fmt.Fprintf(w, "  errors   %d: %s\n", lv.RealErrors, countList(lv.Errors))
		keys := make([]string, 0, len(lv.ErrorText))
		for k := range lv.ErrorText {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, ok := lv.Errors[k]; ok {
				fmt.Fprintf(w, "           %s, e.g. %s\n", k, lv.ErrorText[k])
			}
		}
	}
	if r := lv.RSS; r != nil {
		if r.Gone {
			fmt.Fprintln(w, "  server   exited during the level")
		} else {
			fmt.Fprintf(w, "  server RSS  start %s  mid %s  end %s  (end: anon %s, files %s; peak so far %s)\n",
				mib(r.Start), mib(r.Mid), mib(r.End), mib(r.EndAnon), mib(r.EndFile), mib(r.Peak))
		}
	}
}

func (rep *Report) printSummary(w io.Writer) {
	if len(rep.Levels) < 2 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "c\trequests\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\trefused\terrors\t")
	for _, lv := range rep.Levels {
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\t\n", lv.Concurrency, lv.Requests, lv.RPS,
			lv.Latency.P50, lv.Latency.P95, lv.Latency.P99, lv.Latency.Max, lv.Refused, lv.RealErrors)
	}
	tw.Flush()
}

// countList formats counts as "200: 1234, 404: 2", largest first.
func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
