package crawl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fangtan/crawl"
	"fangtan/crawl/crawltest"
	"fangtan/index"
	"fangtan/index/model"
)

// site is a portal behind an httptest server with an index to crawl into.
type site struct {
	t      *testing.T
	portal *crawltest.Portal
	srv    *httptest.Server
	dir    string
	ix     *index.Index
}

func newSite(t *testing.T, opts crawltest.Options) *site {
	t.Helper()
	p := crawltest.New(opts)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	dir, ix := openIndex(t)
	return &site{t: t, portal: p, srv: srv, dir: dir, ix: ix}
}

// openIndex opens an empty index in a temporary data directory, closed
// when the test ends.
func openIndex(t *testing.T) (string, *index.Index) {
	t.Helper()
	dir := t.TempDir()
	ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return dir, ix
}

// config is a fast crawl of the site: no delay, short timeouts and
// backoff, a bounded budget for the traps.
func (s *site) config() crawl.Config {
	return crawl.Config{
		Dir: s.dir, Delay: -1, MaxPages: 400, Timeout: time.Second, Backoff: 50 * time.Millisecond,
		MaxBytes: 2 << 20, UserAgent: "fangtan-test/1 (+ops@example.org)",
		Client: &http.Client{Transport: crawltest.LoopbackOnly(s.t, s.srv.URL)},
	}
}

func (s *site) crawl(cfg crawl.Config) crawl.Summary {
	s.t.Helper()
	sum, err := crawl.New(cfg, s.ix).Run(context.Background(), s.portal.StartURLs(s.srv.URL))
	if err != nil {
		s.t.Fatalf("crawl: %v", err)
	}
	return sum
}

// find searches a phrase and returns the hits' articles.
func (s *site) find(phrase string) []model.Hit {
	s.t.Helper()
	res, err := s.ix.Search(context.Background(), &model.Request{Query: `"` + phrase + `"`, Group: true, Size: 10, Page: 1, Exact: true})
	if err != nil {
		s.t.Fatalf("search %s: %v", phrase, err)
	}
	return res.Hits
}

// checkArticles asserts that every expected article is searchable once,
// under its title, linking to its original page.
func (s *site) checkArticles() {
	s.t.Helper()
	want := s.portal.Articles()
	for _, e := range want {
		hits := s.find(e.Phrase)
		switch {
		case len(hits) != 1:
			s.t.Errorf("%s (%s): %d articles hold %q, want 1", e.Path, e.Title, len(hits), e.Phrase)
		case hits[0].SourceURL != s.srv.URL+e.Path:
			s.t.Errorf("%s: source_url %q, want %q", e.Path, hits[0].SourceURL, s.srv.URL+e.Path)
		case hits[0].Title != e.Title:
			s.t.Errorf("%s: title %q, want %q", e.Path, hits[0].Title, e.Title)
		}
	}
	if n := s.ix.Stats().Articles; n != len(want) {
		s.t.Errorf("the index holds %d articles, want %d: list pages, copies or pages without an article got in", n, len(want))
	}
}

func TestCrawlIndexesThePortalsArticlesWithTheirAddresses(t *testing.T) {
	s := newSite(t, crawltest.Options{Latency: 2 * time.Millisecond})
	cfg := s.config()
	sum := s.crawl(cfg)
	t.Logf("first run: %+v", sum)
	s.checkArticles()

	reqs := s.portal.Requests()
	trap := 0
	for _, r := range reqs {
		switch {
		case strings.HasPrefix(r.URI, "/private/"):
			t.Errorf("fetched %s, which robots.txt disallows", r.URI)
		case strings.HasPrefix(r.URI, crawltest.CalendarPath), strings.HasPrefix(r.URI, crawltest.SessionPath):
			trap++
		}
		if r.UserAgent != "fangtan-test/1 (+ops@example.org)" {
			t.Errorf("%s sent User-Agent %q", r.URI, r.UserAgent)
		}
	}
	if len(reqs) == 0 || reqs[0].URI != "/robots.txt" {
		t.Errorf("the first request was not for robots.txt")
	}
	if n := crawltest.MaxInFlight(cfg.Client.Transport); n != 1 {
		t.Errorf("%d requests in flight at once on one host, want 1", n)
	}
	if sum.Fetched > 400 || trap > 400 {
		t.Errorf("fetched %d pages, %d of them traps: the page budget did not hold", sum.Fetched, trap)
	}
	for _, reason := range []string{"skipped: disallowed by robots.txt", "failed: redirect loop", "skipped: redirects out of the scope"} {
		if sum.Reasons[reason] == 0 {
			t.Errorf("the summary has no %q: %v", reason, sum.Reasons)
		}
	}
	if sum.New != len(s.portal.Articles()) {
		t.Errorf("summary: %d new, want %d", sum.New, len(s.portal.Articles()))
	}
}

func TestSecondRunAsksOnlyForChangesAndRemovesWhatIsGone(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true})
	first := s.crawl(s.config())
	arts := s.portal.Articles()
	if first.New != len(arts) {
		t.Fatalf("first run: %d new, want %d (%+v)", first.New, len(arts), first)
	}
	changed, removed := arts[0], arts[1]
	s.portal.Change(changed.Path)
	s.portal.Remove(removed.Path)
	before := len(s.portal.Requests())

	second := s.crawl(s.config())
	t.Logf("second run: %+v", second)
	if second.New != 0 || second.Changed != 1 || second.Removed != 1 || second.Unchanged != len(arts)-2 {
		t.Errorf("second run: %d new, %d changed, %d removed, %d unchanged; want 0, 1, 1, %d",
			second.New, second.Changed, second.Removed, second.Unchanged, len(arts)-2)
	}
	conditional := 0
	for _, r := range s.portal.Requests()[before:] {
		if r.IfNoneMatch != "" || r.IfModifiedSince != "" {
			conditional++
		}
	}
	if conditional < len(arts)-2 {
		t.Errorf("the second run sent %d conditional requests for %d unchanged articles", conditional, len(arts)-2)
	}
	if hits := s.find(removed.Phrase); len(hits) != 0 {
		t.Errorf("the removed page %s is still found", removed.Path)
	}
	s.checkArticles() // the changed article is found by its new phrase, once
}

func TestRetryAfterIsHonoured(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true})
	s.crawl(s.config())
	var times []time.Time
	for _, r := range s.portal.Requests() {
		if r.URI == crawltest.FailPath503 {
			times = append(times, r.Start)
		}
	}
	if len(times) != 2 {
		t.Fatalf("%s was asked %d times, want 2 (a 503, then the retry)", crawltest.FailPath503, len(times))
	}
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Errorf("retried after %s, though the 503 said Retry-After: 1", gap)
	}
	if hits := s.find(articleAt(t, s.portal, crawltest.FailPath503).Phrase); len(hits) != 1 {
		t.Errorf("the article behind the 503 is not indexed after the retry")
	}
}

func articleAt(t *testing.T, p *crawltest.Portal, path string) crawltest.Expect {
	for _, e := range p.Articles() {
		if e.Path == path {
			return e
		}
	}
	t.Fatalf("no expected article at %s", path)
	return crawltest.Expect{}
}

func TestRobotsThatFailStopTheHost(t *testing.T) {
	s := newSite(t, crawltest.Options{RobotsStatus: http.StatusInternalServerError})
	sum := s.crawl(s.config())
	for _, r := range s.portal.Requests() {
		if r.URI != "/robots.txt" {
			t.Errorf("fetched %s although robots.txt answered 500", r.URI)
		}
	}
	if sum.New != 0 || s.ix.Stats().Articles != 0 {
		t.Errorf("%d articles indexed from a host whose robots.txt failed", sum.New)
	}
	if sum.Skipped != len(s.portal.StartURLs(s.srv.URL)) {
		t.Errorf("skipped %d start addresses, want all %d reported: %v", sum.Skipped, len(s.portal.StartURLs(s.srv.URL)), sum.Reasons)
	}
}

func TestCrawlDelayIsKeptBetweenRequests(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true})
	cfg := s.config()
	cfg.Delay = 20 * time.Millisecond
	cfg.MaxPages = 15
	s.crawl(cfg)
	reqs := s.portal.Requests()
	// measured start to start on the server: its note of when a request
	// ended can come after the crawler already has the whole answer
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].Start.Sub(reqs[i-1].Start); gap < cfg.Delay {
			t.Errorf("%s started %s after %s, less than the delay %s", reqs[i].URI, gap, reqs[i-1].URI, cfg.Delay)
		}
	}
}

func TestLegacyEncodingsAreDecoded(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true})
	s.crawl(s.config())
	n := 0
	for _, e := range s.portal.Articles() {
		if !e.GBK {
			continue
		}
		n++
		if hits := s.find(e.Phrase); len(hits) != 1 || hits[0].Title != e.Title {
			t.Errorf("%s (GBK or Big5): not found by %q under its title", e.Path, e.Phrase)
		}
	}
	if n == 0 {
		t.Fatal("the portal has no page in a legacy encoding")
	}
}

func TestInterruptedCrawlResumes(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true, NoFailures: true})
	ctx, cancel := context.WithCancel(context.Background())
	cfg := s.config()
	cfg.Progress = func(sum crawl.Summary) {
		if sum.New >= 10 {
			cancel()
		}
	}
	c := crawl.New(cfg, s.ix)
	first, err := c.Run(ctx, s.portal.StartURLs(s.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if first.Stopped != "interrupted" || first.Pending == 0 {
		t.Fatalf("the interrupted run says stopped %q with %d pending", first.Stopped, first.Pending)
	}
	// the next run starts from nothing but a fresh list of start addresses
	// that leads nowhere: only the saved pending addresses can finish it
	cfg.Progress = nil
	second, err := crawl.New(cfg, s.ix).Run(context.Background(), []string{s.srv.URL + "/xwdt/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if second.Resumed == 0 {
		t.Fatalf("the second run resumed nothing: %+v", second)
	}
	s.checkArticles()
}

// TestDataproxyThatRefusesPOSTIsAskedByGET: a jpaas site whose dataproxy
// answers only GET still gives every record of the column.
func TestDataproxyThatRefusesPOSTIsAskedByGET(t *testing.T) {
	body := strings.Repeat("全市工业和信息化系统坚持稳中求进工作总基调，推动制造业高质量发展取得新成效。", 4)
	article := func(n int) string {
		return fmt.Sprintf(`<html><head><title>第%d号访谈</title></head><body><h1>临澜市第%d号专题访谈实录</h1><p>发布时间：2024-03-05</p><div class="content"><p>%s编号%d。</p></div></body></html>`, n, n, body, n)
	}
	record := func(n int) string {
		return fmt.Sprintf(`<record><![CDATA[<li><a href="/art/2024/3/5/art_77_%d.html">临澜市第%d号专题访谈实录</a></li>]]></record>`, n, n)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/col/col77/index.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<html><body><div id="77"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=77&unitid=9&webname=x&permissiontype=0"></a>]]></nextgroup><totalrecord>4</totalrecord><recordset>%s%s</recordset></datastore></script></div></body></html>`, record(1), record(2))
	})
	mux.HandleFunc("/module/web/jpage/dataproxy.jsp", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Query().Get("columnid") != "77" {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		fmt.Fprintf(w, `<datastore><recordset>%s%s</recordset></datastore>`, record(3), record(4))
	})
	mux.HandleFunc("/art/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/art/2024/3/5/art_77_%d.html", &n)
		fmt.Fprint(w, article(n))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir, ix := openIndex(t)
	sum, err := crawl.New(crawl.Config{Dir: dir, Delay: -1}, ix).Run(context.Background(), []string{srv.URL + "/col/col77/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 4 {
		t.Errorf("%d articles indexed from a column of 4: %+v", sum.New, sum)
	}
}

// TestStartAddressThatMovesHostTakesItsScopeAlong: a column whose start
// address redirects to another host is crawled on the new host.
func TestStartAddressThatMovesHostTakesItsScopeAlong(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true, NoFailures: true})
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.srv.URL+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer front.Close()
	cfg := s.config()
	cfg.Client = &http.Client{Transport: crawltest.LoopbackOnly(t, s.srv.URL, front.URL)}
	sum, err := crawl.New(cfg, s.ix).Run(context.Background(), []string{front.URL + "/xwdt/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New < 17 {
		t.Errorf("%d articles from a column whose address moved to another host, want its 17 and more: %+v", sum.New, sum.Reasons)
	}
}

// TestPagedArticleIsOneArticle: an article in two pages (x.htm, x_2.htm)
// is indexed once, under page one's address, with the text of both.
func TestPagedArticleIsOneArticle(t *testing.T) {
	para := strings.Repeat("全市规模以上工业增加值同比增长，先进制造业集群加快培育，重点项目建设稳步推进。", 3)
	page := func(n int, extra string) string {
		return fmt.Sprintf(`<html><head><title>临澜市推进新型工业化答记者问</title></head><body><div class="nav"><a href="/">首页</a></div>
<h1>临澜市推进新型工业化答记者问</h1><p>发布时间：2024-05-20</p><div class="content"><p>%s第%d页。</p><p>%s</p></div>
<div class="pager"><a href="x.htm">1</a> <a href="x_2.htm">2</a></div></body></html>`, para, n, extra)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/a/list.htm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><ul><li><a href="x.htm">临澜市推进新型工业化答记者问</a></li><li><a href="x_2.htm">临澜市推进新型工业化答记者问（二）</a></li></ul><a href="list_2.htm">下一页</a></body></html>`)
	})
	mux.HandleFunc("/a/x.htm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page(1, "第一页独有的句子写在这里。"))
	})
	mux.HandleFunc("/a/x_2.htm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page(2, "第二页才有的青瓷雁阵一句。"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir, ix := openIndex(t)
	s := &site{t: t, ix: ix}
	sum, err := crawl.New(crawl.Config{Dir: dir, Delay: -1}, ix).Run(context.Background(), []string{srv.URL + "/a/list.htm"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 {
		t.Errorf("%d articles from one article in two pages: %+v", sum.New, sum.Reasons)
	}
	hits := s.find("青瓷雁阵")
	if len(hits) != 1 || hits[0].SourceURL != srv.URL+"/a/x.htm" {
		t.Errorf("page two's text is not found under page one's address: %+v", hits)
	}
}

// TestArticleLostFromTheIndexIsFetchedAgain: a page that answers 304 but
// whose article the index no longer holds (a rebuild from files dropped
// it) is fetched in full and indexed again.
func TestArticleLostFromTheIndexIsFetchedAgain(t *testing.T) {
	s := newSite(t, crawltest.Options{NoTraps: true, NoFailures: true})
	s.crawl(s.config())
	lost := s.portal.Articles()[0]
	hits := s.find(lost.Phrase)
	if len(hits) != 1 {
		t.Fatalf("%s not indexed by the first run", lost.Path)
	}
	if err := s.ix.Delete(context.Background(), hits[0].ArticleID); err != nil {
		t.Fatal(err)
	}
	s.crawl(s.config())
	if hits := s.find(lost.Phrase); len(hits) != 1 || hits[0].SourceURL != s.srv.URL+lost.Path {
		t.Errorf("the article the index lost is not back after a second run: %+v", hits)
	}
}
