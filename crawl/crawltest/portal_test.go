package crawltest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"fangtan/article"
)

// fetch GETs path from srv with the given header lines.
func fetch(t *testing.T, srv *httptest.Server, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// searchable is the text of a parsed article's searchable paragraphs.
func searchable(a *article.Article) []string {
	var out []string
	for _, p := range a.Paragraphs {
		if p.Kind.Searchable() {
			out = append(out, p.Text)
		}
	}
	return out
}

func start(t *testing.T, o Options) (*Portal, *httptest.Server) {
	p := New(o)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

// TestArticlesParse: every expected article is served, parses with
// fangtan's parser to its headline, and its phrase is in one body
// paragraph of it and of no other article.
func TestArticlesParse(t *testing.T) {
	for _, seed := range []int64{0, 1, 2} {
		t.Run(strconv.FormatInt(seed, 10), func(t *testing.T) { testArticlesParse(t, seed) })
	}
}

func testArticlesParse(t *testing.T, seed int64) {
	p, srv := start(t, Options{Seed: seed})
	want := p.Articles()
	if n := len(want); n < 40 || n > 80 {
		t.Fatalf("%d articles, want 40–80", n)
	}
	titles, phrases := map[string]bool{}, map[string]bool{}
	texts := map[string]string{}
	for _, e := range want {
		if titles[e.Title] || phrases[e.Phrase] {
			t.Errorf("%s: title or phrase not unique: %q %q", e.Path, e.Title, e.Phrase)
		}
		titles[e.Title], phrases[e.Phrase] = true, true
		if n := utf8.RuneCountInString(e.Phrase); n < 4 || n > 8 || strings.IndexFunc(e.Phrase, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) >= 0 {
			t.Errorf("%s: phrase %q is not 4–8 Chinese characters", e.Path, e.Phrase)
		}
		resp, body := fetch(t, srv, e.Path)
		if resp.StatusCode != 200 {
			resp, body = fetch(t, srv, e.Path) // the 503 and 429 articles fail once
		}
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", e.Path, resp.StatusCode)
			continue
		}
		if utf8.Valid(body) == e.GBK {
			t.Errorf("%s: GBK %v but UTF-8 valid %v", e.Path, e.GBK, utf8.Valid(body))
		}
		a, err := article.Parse(body, "x.html")
		if err != nil {
			t.Errorf("%s: %v", e.Path, err)
			continue
		}
		if a.Title != e.Title {
			t.Errorf("%s: title %q, want %q", e.Path, a.Title, e.Title)
		}
		paras := searchable(a)
		found := false
		for _, s := range paras {
			found = found || strings.Contains(s, e.Phrase)
		}
		if !found {
			t.Errorf("%s: phrase %q not in a body paragraph", e.Path, e.Phrase)
		}
		if want := srv.URL + e.Path; a.SourceURL != "" && a.SourceURL != want {
			t.Errorf("%s: source URL %q, want %q", e.Path, a.SourceURL, want)
		}
		texts[e.Path] = a.Title + "\n" + strings.Join(paras, "\n")
	}
	for _, e := range want {
		for path, text := range texts {
			if path != e.Path && strings.Contains(text, e.Phrase) {
				t.Errorf("phrase %q of %s is also in %s", e.Phrase, e.Path, path)
			}
		}
	}
	slow := p.SlowArticle()
	if titles[slow.Title] || phrases[slow.Phrase] {
		t.Errorf("the slow article's title or phrase is not unique")
	}
}

// TestEncodings: the GBK pages say so in the header or only in a meta tag,
// and the Big5 page in both.
func TestEncodings(t *testing.T) {
	p, srv := start(t, Options{})
	kinds := map[string]int{}
	for _, e := range p.Articles() {
		if !e.GBK {
			continue
		}
		resp, body := fetch(t, srv, e.Path)
		ct := resp.Header.Get("Content-Type")
		switch {
		case ct == "text/html; charset=gbk" && !bytes.Contains(body, []byte("charset=")):
			kinds["gbk header"]++
		case ct == "text/html" && bytes.Contains(body, []byte(`charset=gb2312`)):
			kinds["gb2312 meta"]++
		case ct == "text/html; charset=big5" && bytes.Contains(body, []byte(`<meta charset="big5">`)):
			kinds["big5"]++
		default:
			t.Errorf("%s: legacy page with Content-Type %q", e.Path, ct)
		}
	}
	if kinds["gbk header"] < 2 || kinds["gb2312 meta"] < 2 || kinds["big5"] != 1 {
		t.Errorf("legacy pages: %v", kinds)
	}
}

// TestNoArticle: the pages with no article do not parse as one, and the
// column page with article chrome does (the trap of shape 14).
func TestNoArticle(t *testing.T) {
	_, srv := start(t, Options{})
	for _, path := range []string{VideoPath, BuildingPath} {
		_, body := fetch(t, srv, path)
		if a, err := article.Parse(body, "x.html"); err == nil && len(searchable(a)) > 0 {
			t.Errorf("%s parses as an article: %q", path, a.Title)
		}
	}
	_, body := fetch(t, srv, "/zxft/list.html")
	if _, err := article.Parse(body, "x.html"); err != nil {
		t.Errorf("/zxft/list.html does not look like an article: %v", err)
	}
	if !bytes.Contains(body, []byte(`<meta name="ColumnType"`)) {
		t.Error("/zxft/list.html has no ColumnType meta")
	}
}

// jpaasStore is the part of a jpaas <datastore> the tests read.
type jpaasStore struct {
	TotalRecord int      `xml:"totalrecord"`
	NextGroup   string   `xml:"nextgroup"`
	Records     []string `xml:"recordset>record"`
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

func recordPaths(t *testing.T, s jpaasStore) []string {
	var out []string
	for _, r := range s.Records {
		m := hrefRE.FindStringSubmatch(r)
		if m == nil {
			t.Fatalf("record without a link: %q", r)
		}
		out = append(out, m[1])
	}
	return out
}

// TestJpaas: the column's datastore is well-formed XML with the first
// group; dataproxy.jsp gives the rest by GET and by POST.
func TestJpaas(t *testing.T) {
	p, srv := start(t, Options{})
	_, body := fetch(t, srv, "/col/col1234/index.html")
	m := regexp.MustCompile(`(?s)<script type="text/xml">(.*?)</script>`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no datastore script")
	}
	var first jpaasStore
	if err := xml.Unmarshal(m[1], &first); err != nil {
		t.Fatalf("datastore: %v", err)
	}
	if first.TotalRecord != 16 || len(first.Records) != jpaasGroup {
		t.Fatalf("datastore has %d of %d records", len(first.Records), first.TotalRecord)
	}
	next := hrefRE.FindStringSubmatch(first.NextGroup)
	if next == nil {
		t.Fatalf("nextgroup %q", first.NextGroup)
	}
	u, err := url.Parse(next[1])
	if err != nil || u.Path != DataProxyPath {
		t.Fatalf("nextgroup link %q", next[1])
	}
	q := u.Query()
	form := url.Values{"col": {"1"}, "appid": {"1"}}
	for _, k := range []string{"webid", "path", "columnid", "unitid", "webname", "permissiontype"} {
		form.Set(k, q.Get(k))
	}
	paths := recordPaths(t, first)
	// The rest by POST, as the page's script asks, in groups of six.
	for s := jpaasGroup + 1; s <= first.TotalRecord; s += jpaasGroup {
		resp, err := http.PostForm(srv.URL+DataProxyPath+"?startrecord="+strconv.Itoa(s)+"&endrecord="+strconv.Itoa(s+jpaasGroup-1)+"&perpage=3", form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var st jpaasStore
		if err := xml.Unmarshal(b, &st); err != nil {
			t.Fatalf("dataproxy: %v", err)
		}
		paths = append(paths, recordPaths(t, st)...)
	}
	var want []string
	for _, a := range p.arts {
		if a.list == inJpaas {
			want = append(want, a.path)
		}
	}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("records by POST:\n%v\nwant\n%v", paths, want)
	}
	// By GET, all at once; another column's gets none.
	_, b := fetch(t, srv, DataProxyPath+"?startrecord=1&endrecord=45&perpage=15&"+q.Encode())
	var all jpaasStore
	if err := xml.Unmarshal(b, &all); err != nil || len(all.Records) != 16 {
		t.Errorf("GET dataproxy: %d records, %v", len(all.Records), err)
	}
	q.Set("columnid", "999")
	_, b = fetch(t, srv, DataProxyPath+"?startrecord=1&endrecord=45&perpage=15&"+q.Encode())
	var none jpaasStore
	if err := xml.Unmarshal(b, &none); err != nil || len(none.Records) != 0 {
		t.Errorf("another column: %d records, %v", len(none.Records), err)
	}
}

// TestConditional: 304 for a matching ETag or a not-older date; Change
// gives new text, ETag and date; Remove gives 404 or 410.
func TestConditional(t *testing.T) {
	for _, gone := range []bool{false, true} {
		p, srv := start(t, Options{RemoveGone: gone})
		for _, path := range []string{DupPath, "/xwdt/index.html", "/zxft/content/post_3002.html", "/rss.xml"} {
			resp, body := fetch(t, srv, path)
			etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
			if resp.StatusCode != 200 || etag == "" || lm == "" {
				t.Fatalf("%s: status %d, ETag %q, Last-Modified %q", path, resp.StatusCode, etag, lm)
			}
			if r, _ := fetch(t, srv, path, "If-None-Match", etag); r.StatusCode != 304 {
				t.Errorf("%s: If-None-Match: %d", path, r.StatusCode)
			}
			if r, _ := fetch(t, srv, path, "If-Modified-Since", lm); r.StatusCode != 304 {
				t.Errorf("%s: If-Modified-Since: %d", path, r.StatusCode)
			}
			old := p.Articles()
			p.Change(path)
			r, body2 := fetch(t, srv, path, "If-None-Match", etag)
			if r.StatusCode != 200 || bytes.Equal(body, body2) || r.Header.Get("ETag") == etag {
				t.Errorf("%s: after Change: %d, same body %v", path, r.StatusCode, bytes.Equal(body, body2))
			}
			lm2, _ := http.ParseTime(r.Header.Get("Last-Modified"))
			if lm1, _ := http.ParseTime(lm); !lm2.After(lm1) {
				t.Errorf("%s: Last-Modified %v after Change, was %v", path, lm2, lm1)
			}
			if r, _ := fetch(t, srv, path, "If-Modified-Since", lm); r.StatusCode != 200 {
				t.Errorf("%s: If-Modified-Since the old date after Change: %d", path, r.StatusCode)
			}
			if path == DupPath {
				now := p.Articles()
				for i := range now {
					if now[i].Path == DupPath && now[i].Phrase == old[i].Phrase {
						t.Errorf("Change kept the phrase %q", now[i].Phrase)
					}
				}
				a, _ := article.Parse(body2, "x.html")
				if a == nil || !strings.Contains(strings.Join(searchable(a), ""), phrase(p.byPath[DupPath], 1)) {
					t.Errorf("the changed page lacks the new phrase")
				}
			}
		}
		n := len(p.Articles())
		p.Remove(DupPath)
		want := http.StatusNotFound
		if gone {
			want = http.StatusGone
		}
		if r, _ := fetch(t, srv, DupPath); r.StatusCode != want {
			t.Errorf("removed: %d, want %d", r.StatusCode, want)
		}
		if len(p.Articles()) != n-1 {
			t.Errorf("Articles still lists the removed page")
		}
		if r, _ := fetch(t, srv, "/print.jsp?id=1001"); r.StatusCode != 404 {
			t.Errorf("the removed page's print version: %d", r.StatusCode)
		}
	}
}

// TestRobots: the rules, Crawl-delay, the absolute sitemap, and a 500.
func TestRobots(t *testing.T) {
	_, srv := start(t, Options{CrawlDelay: 1500 * time.Millisecond})
	_, body := fetch(t, srv, "/robots.txt")
	for _, l := range []string{"User-agent: *", "Disallow: /private/", "Crawl-delay: 1.5", "Sitemap: " + srv.URL + "/sitemap_index.xml"} {
		if !strings.Contains(string(body), l+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", l, body)
		}
	}
	_, srv = start(t, Options{RobotsStatus: 500})
	if r, _ := fetch(t, srv, "/robots.txt"); r.StatusCode != 500 {
		t.Errorf("robots.txt: %d, want 500", r.StatusCode)
	}
}

// TestRedirectsAndFailures: the chain, the loop, the outside redirect, the
// 503 and the 429.
func TestRedirectsAndFailures(t *testing.T) {
	_, srv := start(t, Options{})
	for _, c := range []struct {
		from string
		code int
		to   string
	}{
		{RedirectPath, 301, RedirectMid}, {RedirectMid, 302, RedirectTarget},
		{LoopA, 302, LoopB}, {LoopB, 302, LoopA},
		{OutsidePath, 302, "http://127.0.0.1:9/outside/xwdt/index.html"},
	} {
		r, _ := fetch(t, srv, c.from)
		if r.StatusCode != c.code || r.Header.Get("Location") != c.to {
			t.Errorf("%s: %d → %q, want %d → %q", c.from, r.StatusCode, r.Header.Get("Location"), c.code, c.to)
		}
	}
	r, _ := fetch(t, srv, FailPath503)
	if r.StatusCode != 503 || r.Header.Get("Retry-After") != "1" {
		t.Errorf("first request: %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r, _ := fetch(t, srv, FailPath503); r.StatusCode != 200 {
		t.Errorf("second request: %d", r.StatusCode)
	}
	if r, _ := fetch(t, srv, FailPath429); r.StatusCode != 429 || r.Header.Get("Retry-After") != "1" {
		t.Errorf("first request: %d", r.StatusCode)
	}
	if r, _ := fetch(t, srv, FailPath429); r.StatusCode != 200 {
		t.Errorf("second request: %d", r.StatusCode)
	}
}

// TestHugeSlowTraps: the huge page's size, the slow page's delay, and the
// traps' endless links.
func TestHugeSlowTraps(t *testing.T) {
	p, srv := start(t, Options{HugeSize: 3 << 20, SlowDelay: 300 * time.Millisecond})
	r, body := fetch(t, srv, HugePath)
	if len(body) != 3<<20 || r.ContentLength != -1 {
		t.Errorf("huge page: %d bytes, Content-Length %d", len(body), r.ContentLength)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+SlowPath, nil)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow page answered within 50ms: %v", err)
	}
	began := time.Now()
	_, body = fetch(t, srv, SlowPath)
	if time.Since(began) < 300*time.Millisecond {
		t.Errorf("slow page answered in %v", time.Since(began))
	}
	if a, err := article.Parse(body, "x.html"); err != nil || a.Title != p.SlowArticle().Title {
		t.Errorf("slow article: %v", err)
	}
	_, body = fetch(t, srv, CalendarPath+"?month=2024-01")
	if !bytes.Contains(body, []byte(`?month=2023-12`)) || !bytes.Contains(body, []byte(`?month=2024-02`)) {
		t.Errorf("calendar does not link its neighbours")
	}
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		_, body = fetch(t, srv, SessionPath+";jsessionid=X")
		for _, m := range regexp.MustCompile(`jsessionid=(\w+)`).FindAllSubmatch(body, -1) {
			if seen[string(m[1])] {
				t.Errorf("session id %s again", m[1])
			}
			seen[string(m[1])] = true
		}
	}
	// NoTraps: no list links a trap.
	_, srv = start(t, Options{NoTraps: true})
	for _, list := range []string{"/xwdt/index.html", "/xwdt/index_1.html", "/xwdt/index_2.html", "/zxft/list.html"} {
		_, body := fetch(t, srv, list)
		for _, trap := range []string{"calendar", "jsessionid", "/loop/", OutsidePath, "t20240320_1096", "t20240319_1097"} {
			if bytes.Contains(body, []byte(trap)) {
				t.Errorf("%s links %s with NoTraps", list, trap)
			}
		}
	}
}

// TestDuplicates: the other addresses of DupPath give its article, with a
// canonical link where the address is not the canonical one.
func TestDuplicates(t *testing.T) {
	p, srv := start(t, Options{})
	want := p.Articles()[0]
	for _, e := range p.Articles() {
		if e.Path == DupPath {
			want = e
		}
	}
	canon := `<link rel="canonical" href="` + srv.URL + DupPath + `">`
	for _, path := range []string{"/print.jsp?id=1001", DupPath + "?print=1", DupPath + "?page=1", DupPath + "?utm_source=weixin&utm_medium=share"} {
		r, body := fetch(t, srv, path)
		a, err := article.Parse(body, "x.html")
		if r.StatusCode != 200 || err != nil || a.Title != want.Title || !strings.Contains(strings.Join(searchable(a), ""), want.Phrase) {
			t.Errorf("%s: %d %v", path, r.StatusCode, err)
		}
		if !bytes.Contains(body, []byte(canon)) {
			t.Errorf("%s: no canonical link", path)
		}
	}
	_, body := fetch(t, srv, "/xwdt/index.html")
	for _, l := range []string{`href="//` + srv.Listener.Addr().String() + DupPath + `"`, `t20240328_1001.html#content"`, `t20240328_1001.html?utm_source=`} {
		if !bytes.Contains(body, []byte(l)) {
			t.Errorf("/xwdt/index.html lacks %s", l)
		}
	}
}

// TestHost: absolute addresses follow the request's Host.
func TestHost(t *testing.T) {
	p := New(Options{})
	for _, path := range []string{DupPath, "/robots.txt", "/rss.xml", "/sitemap_index.xml"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "gxj.example.test:8080"
		w := httptest.NewRecorder()
		p.ServeHTTP(w, req)
		if !strings.Contains(w.Body.String(), "http://gxj.example.test:8080/") {
			t.Errorf("%s does not use the request's host", path)
		}
	}
}

// TestRequests: the log and the concurrency count.
func TestRequests(t *testing.T) {
	p, srv := start(t, Options{Latency: 100 * time.Millisecond})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", srv.URL+"/rss.xml", nil)
			req.Header.Set("User-Agent", "fangtan-test")
			req.Header.Set("If-None-Match", `"x"`)
			if r, err := http.DefaultClient.Do(req); err == nil {
				r.Body.Close()
			}
		})
	}
	wg.Wait()
	if n := p.MaxInFlight(); n < 2 {
		t.Errorf("MaxInFlight %d", n)
	}
	reqs := p.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs {
		if r.Method != "GET" || r.URI != "/rss.xml" || r.UserAgent != "fangtan-test" || r.IfNoneMatch != `"x"` || r.Status != 200 || r.End.Sub(r.Start) < 100*time.Millisecond {
			t.Errorf("request %+v", r)
		}
	}
}

var articleLike = regexp.MustCompile(`/(t\d{8}_\d+|art_\d+_\d+|post_\d+)\.html$`)

// TestReachable: the start URLs lead to every expected article: walking
// the lists, the pager the TRS script names, the datastore and its proxy,
// the sitemap, the feeds and the redirect chain finds each, and every
// article-like address the walk meets is expected or a known non-article.
func TestReachable(t *testing.T) {
	p, srv := start(t, Options{})
	found := map[string]bool{}
	var links []string
	addLinks := func(page string, body []byte) {
		base, _ := url.Parse(srv.URL + page)
		if m := regexp.MustCompile(`<base href="([^"]+)"`).FindSubmatch(body); m != nil {
			base, _ = base.Parse(string(m[1]))
		}
		for _, m := range regexp.MustCompile(`(?:href="|<loc>|<link>)([^"<]+)`).FindAllSubmatch(body, -1) {
			u, err := base.Parse(strings.ReplaceAll(string(m[1]), "&amp;", "&"))
			if err == nil && u.Host == base.Host {
				links = append(links, u.Path)
			}
		}
	}
	for _, page := range []string{"/xwdt/index.html", "/xwdt/index_1.html", "/xwdt/index_2.html", "/col/col1234/index.html",
		"/zxft/list.html", "/zxft/list.html?page=2", "/zxft/list.html?page=3", "/sitemap_index.xml", "/rss.xml", "/atom.xml",
		DataProxyPath + "?startrecord=7&endrecord=16&perpage=3&" + jpaasQuery()} {
		_, body := fetch(t, srv, page)
		addLinks(page, body)
	}
	_, gz := fetch(t, srv, "/sitemap1.xml.gz")
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	sm, _ := io.ReadAll(zr)
	addLinks("/sitemap1.xml.gz", sm)
	links = append(links, RedirectTarget)
	notArticles := map[string]bool{PrivatePath: true, VideoPath: true, BuildingPath: true, HugePath: true, SlowPath: true}
	for _, l := range links {
		if p.byPath[l] != nil {
			found[l] = true
		} else if articleLike.MatchString(l) && !notArticles[l] {
			t.Errorf("linked article-like page %s is neither expected nor known", l)
		}
	}
	for _, e := range p.Articles() {
		if !found[e.Path] {
			t.Errorf("%s is not reachable", e.Path)
		}
	}
	// The start URLs are the pages walked above.
	if got := p.StartURLs(srv.URL + "/"); len(got) != 6 || got[0] != srv.URL+"/xwdt/index.html" {
		t.Errorf("StartURLs: %v", got)
	}
}

// TestDeterministic: the same seed gives the same pages, another seed
// other text under the same titles and phrases.
func TestDeterministic(t *testing.T) {
	page := func(seed int64, path string) string {
		req := httptest.NewRequest("GET", path, nil)
		w := httptest.NewRecorder()
		New(Options{Seed: seed}).ServeHTTP(w, req)
		return w.Body.String()
	}
	if page(7, DupPath) != page(7, DupPath) || page(7, "/sitemap1.xml.gz") != page(7, "/sitemap1.xml.gz") {
		t.Error("the same seed gave different pages")
	}
	if page(7, DupPath) == page(8, DupPath) {
		t.Error("another seed gave the same text")
	}
	a, b := New(Options{Seed: 7}).Articles(), New(Options{Seed: 8}).Articles()
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("%v != %v", a[i], b[i])
		}
	}
}

// TestListShapes: the TRS pager is only a script; the feeds and sitemaps
// are well-formed XML with absolute links and dates.
func TestListShapes(t *testing.T) {
	p, srv := start(t, Options{})
	_, body := fetch(t, srv, "/xwdt/index.html")
	if !bytes.Contains(body, []byte(`createPageHTML(3, 0, "index", "html")`)) || bytes.Contains(body, []byte(`index_1.html"`)) {
		t.Error("the TRS pager is not only a script")
	}
	_, body = fetch(t, srv, "/zxft/list.html")
	if !bytes.Contains(body, []byte(`<a href="/zxft/list.html?page=2">下一页</a>`)) || !bytes.Contains(body, []byte(`<a href="/zxft/list.html?page=3">尾页</a>`)) {
		t.Error("the plain pager lacks 下一页 or 尾页")
	}
	var idx struct {
		Locs []string `xml:"sitemap>loc"`
	}
	_, body = fetch(t, srv, "/sitemap_index.xml")
	if err := xml.Unmarshal(body, &idx); err != nil || len(idx.Locs) != 1 || idx.Locs[0] != srv.URL+"/sitemap1.xml.gz" {
		t.Fatalf("sitemap index: %v %v", idx.Locs, err)
	}
	r, gz := fetch(t, srv, "/sitemap1.xml.gz")
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil || r.Header.Get("Content-Type") != "application/x-gzip" {
		t.Fatalf("sitemap: %v, %q", err, r.Header.Get("Content-Type"))
	}
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.NewDecoder(zr).Decode(&set); err != nil || len(set.URLs) < 5 {
		t.Fatalf("sitemap: %d URLs, %v", len(set.URLs), err)
	}
	for _, u := range set.URLs {
		if _, err := time.Parse(time.RFC3339, u.Lastmod); err != nil || !strings.HasPrefix(u.Loc, srv.URL+"/") {
			t.Errorf("sitemap entry %+v", u)
		}
	}
	var rss struct {
		Items []struct {
			Link string `xml:"link"`
		} `xml:"channel>item"`
	}
	_, body = fetch(t, srv, "/rss.xml")
	if err := xml.Unmarshal(body, &rss); err != nil || len(rss.Items) < 3 {
		t.Errorf("rss: %d items, %v", len(rss.Items), err)
	}
	var atom struct {
		Entries []struct {
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	_, body = fetch(t, srv, "/atom.xml")
	if err := xml.Unmarshal(body, &atom); err != nil || len(atom.Entries) < 3 || !strings.HasPrefix(atom.Entries[0].Link.Href, srv.URL+"/") {
		t.Errorf("atom: %d entries, %v", len(atom.Entries), err)
	}
	if r, _ := fetch(t, srv, PDFPath); r.Header.Get("Content-Type") != "application/pdf" || r.ContentLength < 200<<10 {
		t.Errorf("PDF: %q, %d bytes", r.Header.Get("Content-Type"), r.ContentLength)
	}
	reqs := p.Requests()
	if len(reqs) == 0 || reqs[len(reqs)-1].URI != PDFPath || reqs[len(reqs)-1].Status != 200 {
		t.Errorf("last request %+v", reqs[len(reqs)-1])
	}
}
