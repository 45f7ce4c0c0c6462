// Package crawltest serves a synthetic government portal for the crawler's
// tests: the site of a made-up bureau, 临澜市工业和信息化局, in the shapes
// real Chinese government portals have, with the traps real crawls meet.
// A Portal is an http.Handler; put it behind httptest.NewServer. Every
// absolute link and canonical address it prints uses the request's Host,
// so the same portal works behind any server. Its content is deterministic
// for an Options.Seed; its text is generated (article/synth and word lists
// of this package), never copied from a real site.
//
// # Shapes
//
//  1. /robots.txt: "User-agent: *", "Disallow: /private/", an absolute
//     "Sitemap:" line for /sitemap_index.xml, and "Crawl-delay:" when
//     Options.CrawlDelay is set. Options.RobotsStatus makes it answer
//     another status (500: the crawler must fetch nothing else).
//  2. A TRS WCM column /xwdt/index.html, index_1.html, index_2.html whose
//     pager is only a script call createPageHTML(3, 0, "index", "html")
//     (no <a> to the later pages: the crawler must derive them). Its
//     articles are at /xwdt/YYYYMM/tYYYYMMDD_NNNN.html; it also links a
//     PDF attachment (PDFPath, a few hundred KB of application/pdf) and a
//     Word one (DocPath).
//  3. A 大汉 jpaas column /col/col1234/index.html: the first group of six
//     records is in a <script type="text/xml"><datastore> block, the rest
//     only from /module/web/jpage/dataproxy.jsp (GET or POST; startrecord,
//     endrecord and perpage; webid, columnid and unitid must match the
//     nextgroup link's). Its articles are at /art/2024/M/D/art_1234_N.html,
//     outside the column's path prefix.
//  4. A column with plain pager links: /zxft/list.html, "下一页" and
//     "尾页" to /zxft/list.html?page=2 and ?page=3 (in-line interviews).
//  5. /sitemap_index.xml → /sitemap1.xml.gz (a gzip file, with lastmod),
//     an RSS 2.0 feed /rss.xml and an Atom feed /atom.xml. Each lists some
//     column articles and some (/tzgg/…) that nothing else links.
//  6. Legacy encodings: some /zxft/ interviews are GBK served with
//     "text/html; charset=gbk" and no <meta charset>, some GBK with only
//     <meta charset="gb2312"> and a bare text/html, one is Big5.
//  7. Duplicate addresses of DupPath: its print versions /print.jsp?id=1001
//     and DupPath?print=1 (same text, a canonical link), DupPath?page=1, a
//     link with utm_source, one with a #fragment, a protocol-relative
//     //host/… link; and /zxft/list.html?page=3 has a <base href> under
//     which its relative links resolve.
//  8. PrivatePath, disallowed by robots.txt, linked from /xwdt/index_1.html.
//  9. FailPath503 answers 503 with Retry-After: 1 to its first request,
//     then 200; FailPath429 answers 429 (also with Retry-After: 1) once.
//     Options.NoFailures turns both off.
//  10. Redirects: /old/xwdt/1050.html → 301 → /mid/xwdt/1050.html → 302 →
//     an article linked from nowhere else; a loop /loop/a ↔ /loop/b; and
//     /go/outside → 302 → http://127.0.0.1:9/outside/… (another host: never to
//     be followed).
//  11. HugePath: a page of Options.HugeSize bytes (30 MiB), streamed with
//     no Content-Length.
//  12. Traps: CalendarPath?month=2024-03 links the months before and after
//     forever; SessionPath;jsessionid=… links two new session variants of
//     itself on every answer.
//  13. Pages with no article: VideoPath (a video player and an image with
//     no caption) and BuildingPath (「页面正在建设中」).
//  14. The /zxft/list.html pages carry the meta tags ColumnName/ColumnType,
//     a breadcrumb and an introduction in prose: article chrome that a naive
//     crawler would index as an article.
//  15. SlowPath answers after Options.SlowDelay (an article, SlowArticle,
//     not in Articles: a crawler may give up on it).
//
// Articles and lists have an ETag and a Last-Modified and answer 304 to a
// matching If-None-Match or a not-older If-Modified-Since. Remove makes a
// page answer 404 (410 with Options.RemoveGone); Change gives a page new
// text (an article a new phrase), ETag and Last-Modified. Requests and
// MaxInFlight say what the crawler did.
//
// A complete crawl of StartURLs must index exactly Articles() (one entry
// per canonical path, whatever address it was reached by) and must not
// fetch PrivatePath, anything off the portal (127.0.0.1:9, where nothing listens), or more than a few
// calendar and session-trap pages; it must not index the column pages,
// the attachments, VideoPath, BuildingPath or HugePath.
package crawltest

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Paths of the special pages.
const (
	DupPath      = "/xwdt/202403/t20240328_1001.html" // the article with many addresses (shape 7)
	PrivatePath  = "/private/202403/t20240316_9001.html"
	FailPath503  = "/xwdt/202403/t20240316_1005.html"
	FailPath429  = "/art/2024/2/27/art_1234_5007.html"
	RedirectPath = "/old/xwdt/1050.html" // → /mid/xwdt/1050.html → RedirectTarget
	RedirectMid  = "/mid/xwdt/1050.html"
	// RedirectTarget is the article at the end of the redirect chain.
	RedirectTarget = "/xwdt/202402/t20240220_1050.html"
	LoopA          = "/loop/a"
	LoopB          = "/loop/b"
	OutsidePath    = "/go/outside" // → http://127.0.0.1:9/outside/xwdt/index.html
	HugePath       = "/xwdt/202403/t20240320_1096.html"
	SlowPath       = "/xwdt/202403/t20240319_1097.html"
	VideoPath      = "/xwdt/202403/t20240321_1098.html"
	BuildingPath   = "/zxft/content/post_3099.html"
	CalendarPath   = "/calendar/"
	SessionPath    = "/hdjl/index.jsp"
	PDFPath        = "/xwdt/202403/P020240305512340891234.pdf"
	DocPath        = "/xwdt/202402/P020240218398761200567.doc"
	DataProxyPath  = "/module/web/jpage/dataproxy.jsp"
)

// Options configure a Portal. The zero value is the full portal.
type Options struct {
	// Seed picks the generated text (titles and phrases do not depend on it).
	Seed int64
	// RobotsStatus, when not 0 or 200, is the status /robots.txt answers.
	RobotsStatus int
	// CrawlDelay, when positive, is announced in robots.txt (in seconds).
	CrawlDelay time.Duration
	// SlowDelay is how long SlowPath waits before it answers; default 3s.
	SlowDelay time.Duration
	// HugeSize is the size of HugePath in bytes; default 30 MiB.
	HugeSize int64
	// Latency delays every answer, so that concurrency shows in MaxInFlight.
	Latency time.Duration
	// RemoveGone makes removed pages answer 410 Gone instead of 404.
	RemoveGone bool
	// NoFailures makes FailPath503 and FailPath429 answer 200 at once.
	NoFailures bool
	// NoTraps leaves out the links to the calendar and session traps, the
	// redirect loop, the outside redirect, HugePath and SlowPath.
	NoTraps bool
}

// Expect is an article a complete crawl must index.
type Expect struct {
	Path   string // canonical path (no query)
	Title  string // the headline
	Phrase string // 4–8 Chinese characters found only in this article's body
	GBK    bool   // the page is in a legacy encoding (GBK or Big5), not UTF-8
}

// Request is one request the portal served.
type Request struct {
	Method          string
	URI             string // path and query, as sent
	Host            string
	IfNoneMatch     string
	IfModifiedSince string
	UserAgent       string
	Status          int // 0 if the handler has not answered yet
	Start, End      time.Time
}

// Portal is the synthetic portal. It is safe for concurrent use.
type Portal struct {
	o      Options
	arts   []*art
	byPath map[string]*art
	byID   map[int]*art
	slow   *art
	pdf    []byte

	mu          sync.Mutex
	removed     map[string]bool
	version     map[string]int
	hits        map[string]int
	reqs        []Request
	inFlight    int
	maxInFlight int
	sessions    int
}

// New returns a portal; zero Options fields get their defaults.
func New(opts Options) *Portal {
	if opts.SlowDelay <= 0 {
		opts.SlowDelay = 3 * time.Second
	}
	if opts.HugeSize <= 0 {
		opts.HugeSize = 30 << 20
	}
	p := &Portal{
		o:       opts,
		arts:    buildArticles(opts.Seed),
		byPath:  map[string]*art{},
		byID:    map[int]*art{},
		removed: map[string]bool{},
		version: map[string]int{},
		hits:    map[string]int{},
		pdf:     makePDF(),
	}
	for _, a := range p.arts {
		p.byPath[a.path] = a
		p.byID[a.id] = a
	}
	p.slow = &art{n: len(p.arts), id: 1097, path: SlowPath, title: "市工信局发布2024年工业技术改造项目导向目录",
		date: time.Date(2024, 3, 19, 9, 30, 0, 0, cst), source: siteName, column: "工作动态", list: inTRS,
		paras: []string{"为引导企业加大技术改造投入，市工业和信息化局近日编制发布了年度工业技术改造项目导向目录，涵盖智能化改造、绿色化改造和服务型制造等方向。",
			"目录明确，列入导向目录的项目在申报专项资金、办理用地和能耗指标时予以优先支持，各区县工信部门要做好项目储备和跟踪服务。"}}
	return p
}

// Articles returns what a complete crawl of StartURLs must index, sorted
// by path: removed articles are left out, changed ones have their new
// phrase.
func (p *Portal) Articles() []Expect {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Expect
	for _, a := range p.arts {
		if p.removed[a.path] {
			continue
		}
		out = append(out, p.expect(a))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// SlowArticle is the article SlowPath answers with (not in Articles).
func (p *Portal) SlowArticle() Expect {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.expect(p.slow)
}

func (p *Portal) expect(a *art) Expect {
	return Expect{Path: a.path, Title: a.title, Phrase: phrase(a, p.version[a.path]), GBK: a.enc != encUTF8}
}

// Remove makes the page at path (no query) answer 404, or 410 with
// Options.RemoveGone, from now on. Lists keep linking it.
func (p *Portal) Remove(path string) {
	p.mu.Lock()
	p.removed[path] = true
	p.mu.Unlock()
}

// Change gives the page at path (no query) new text, so a new ETag and a
// later Last-Modified; an article gets a new phrase (see Articles).
func (p *Portal) Change(path string) {
	p.mu.Lock()
	p.version[path]++
	p.mu.Unlock()
}

// Requests returns every request served so far, in the order they came.
// A client can have a whole answer a moment before the handler returns,
// so Requests first waits (up to a second) for the requests in flight to
// end; one still running after that has a zero End and maybe Status.
func (p *Portal) Requests() []Request {
	for deadline := time.Now().Add(time.Second); ; time.Sleep(time.Millisecond) {
		p.mu.Lock()
		if p.inFlight == 0 || time.Now().After(deadline) {
			defer p.mu.Unlock()
			return slices.Clone(p.reqs)
		}
		p.mu.Unlock()
	}
}

// MaxInFlight is the most requests the portal was answering at once.
func (p *Portal) MaxInFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxInFlight
}

// StartURLs are the addresses a test gives the crawler for a complete
// crawl, for the portal served at base (e.g. an httptest server's URL).
func (p *Portal) StartURLs(base string) []string {
	base = strings.TrimSuffix(base, "/")
	var out []string
	for _, s := range []string{"/xwdt/index.html", "/col/col1234/index.html", "/zxft/list.html", "/sitemap_index.xml", "/rss.xml", "/atom.xml"} {
		out = append(out, base+s)
	}
	return out
}

// state is what a request sees of the portal's mutable state.
type state struct {
	version int  // of the page's path
	hit     int  // requests to the path so far, this one included
	removed bool // the path was removed
}

// statusWriter notes the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// ServeHTTP serves the portal.
func (p *Portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	p.mu.Lock()
	i := len(p.reqs)
	p.reqs = append(p.reqs, Request{
		Method: r.Method, URI: r.URL.RequestURI(), Host: r.Host,
		IfNoneMatch: r.Header.Get("If-None-Match"), IfModifiedSince: r.Header.Get("If-Modified-Since"),
		UserAgent: r.UserAgent(), Start: time.Now(),
	})
	p.inFlight++
	p.maxInFlight = max(p.maxInFlight, p.inFlight)
	p.hits[path]++
	st := state{version: p.version[path], hit: p.hits[path], removed: p.removed[path]}
	p.mu.Unlock()

	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		p.mu.Lock()
		p.reqs[i].End = time.Now()
		p.reqs[i].Status = sw.status
		p.inFlight--
		p.mu.Unlock()
	}()
	if p.o.Latency > 0 && !sleep(r, p.o.Latency) {
		return
	}
	if st.removed {
		code := http.StatusNotFound
		if p.o.RemoveGone {
			code = http.StatusGone
		}
		http.Error(sw, http.StatusText(code), code)
		return
	}
	p.route(sw, r, st)
}

// sleep waits d or until the request is cancelled; false if it was.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
