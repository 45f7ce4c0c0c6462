package server

import (
	"context"
	"errors"
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"fangtan/article"
	"fangtan/index"
	"fangtan/index/model"
	"fangtan/seeds"
	"fangtan/web"
)

// xssArticle is an article whose every field tries to break out of the
// page; the pages must show it as text.
var xssArticle = &article.Article{
	ID:       "xss-test",
	Title:    `储能<script>alert(1)</script>标题`,
	Date:     "2021-05-06",
	Source:   `"><img src=x onerror=alert(1)>日报`,
	Authors:  []string{`<script>alert(1)</script>`},
	Province: "广东",
	City:     "惠州",
	Paragraphs: []article.Paragraph{
		{N: 1, Kind: article.Heading, Text: `<script>alert(1)</script>小标题`},
		{N: 2, Kind: article.Body, Section: `<script>alert(1)</script>小标题`, Speaker: `"><img src=x onerror=alert(1)>`,
			Text: `新型储能产业<script>alert(1)</script>发展迅速 "><img src=x onerror=alert(1)> 储能`},
		{N: 3, Kind: article.Caption, Text: `储能电站 "><img src=x onerror=alert(1)> 摄`},
	},
}

var (
	seedOnce sync.Once
	seedArts []*article.Article
	seedErr  error
)

// seedArticles parses the embedded seeds the way `fangtan index` does.
func seedArticles(t testing.TB) []*article.Article {
	seedOnce.Do(func() {
		for _, name := range seeds.Names() {
			data, err := fs.ReadFile(seeds.FS(), name)
			if err != nil {
				seedErr = err
				return
			}
			a, err := article.Parse(data, name)
			if err != nil {
				seedErr = err
				return
			}
			seedArts = append(seedArts, a)
		}
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedArts
}

// seedIndex builds a real index from the seeds and the extra articles,
// the way `fangtan serve` opens one: a Live over a generation built like
// `fangtan index` builds it.
func seedIndex(t testing.TB, extra ...*article.Article) *index.Live {
	t.Helper()
	return liveIndex(t, append(append([]*article.Article{}, seedArticles(t)...), extra...))
}

// newPageServer is a Server over all of ix; New mounts the pages.
func newPageServer(t testing.TB, ix Index) *Server {
	t.Helper()
	srv, err := New(Config{}, IndexDeps(ix), nil)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

type pageResp struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, h http.Handler, target string, header ...string) pageResp {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Accept", "text/html")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return pageResp{rec.Code, rec.Header(), rec.Body.String()}
}

// linkTo returns the href of the first <a> whose aria-label starts with label.
func linkTo(t testing.TB, body, label string) string {
	t.Helper()
	re := regexp.MustCompile(`<a [^>]*href="([^"]*)"[^>]*aria-label="` + regexp.QuoteMeta(label))
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link labelled %q", label)
	}
	return html.UnescapeString(m[1])
}

var metaRe = regexp.MustCompile(`(?s)<p class="meta">(.*?)</p>`)

// metas returns the text of the result meta lines.
func metas(body string) []string {
	var out []string
	for _, m := range metaRe.FindAllStringSubmatch(body, -1) {
		out = append(out, regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], ""))
	}
	return out
}

var totalRe = regexp.MustCompile(`共 (\d+) 段`)

func total(t testing.TB, body string) string {
	t.Helper()
	m := totalRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no result count on the page")
	}
	return m[1]
}

func TestPages(t *testing.T) {
	srv := newPageServer(t, seedIndex(t, xssArticle))
	tests := []struct {
		desc    string
		path    string
		header  []string
		status  int
		want    []string
		notWant []string
	}{
		{desc: "start page lists everything", path: "/", status: 200,
			want: []string{`<html lang="zh-CN">`, `<label class="sr-only" for="q">搜索访谈</label>`, `placeholder="搜索访谈"`,
				"全部访谈", "试试这些搜索", `href="/?q=%E5%82%A8%E8%83%BD"`, "<svg", `class="hits"`, "筛选", "地区"}},
		{desc: "search marks and links to the paragraph", path: "/?q=%E5%82%A8%E8%83%BD", status: 200,
			want: []string{"“储能”的搜索结果", "<mark>储能</mark>", "用时", "毫秒",
				`href="/articles/xss-test?q=%E5%82%A8%E8%83%BD#p2"`, `value="储能"`}},
		{desc: "meta line", path: "/?q=%E5%88%B6%E9%80%A0%E4%B8%9A%E5%BD%93%E5%AE%B6&size=50", status: 200,
			want: []string{`<span>惠州</span><span class="sep" aria-hidden="true"> · </span><span>惠州日报</span>`}},
		{desc: "year chart", path: "/?q=%E5%88%B6%E9%80%A0%E4%B8%9A", status: 200,
			want: []string{`aria-label="各年份命中段数"`, `<title>2023 年：`, `aria-label="2023 年：`, `href="/?q=%E5%88%B6%E9%80%A0%E4%B8%9A&amp;year=2023"`}},
		{desc: "region hierarchy: cities under their province", path: "/?q=%E5%88%B6%E9%80%A0%E4%B8%9A", status: 200,
			want: []string{`aria-label="广东，`, `<ul class="facet-list tree"><li><a class="fv" href="/?city=`}},
		{desc: "filters as chips and hidden fields", path: "/?q=%E5%82%A8%E8%83%BD&city=%E6%83%A0%E5%B7%9E", status: 200,
			want: []string{`aria-label="移除筛选：城市 惠州"`, "清除全部", `<input type="hidden" name="city" value="惠州">`,
				`class="fv is-active"`, "已选，点击取消"}},
		{desc: "toggles", path: "/?q=%E5%88%B6%E9%80%A0%E4%B8%9A&group=article&sort=-date", status: 200,
			want: []string{"分布在", "篇文章中", `class="toggle is-on"`, "本文共有", `name="group" value="article"`, `name="sort" value="-date"`}},
		{desc: "pagination", path: "/?q=%E5%88%B6%E9%80%A0%E4%B8%9A&size=2", status: 200,
			want: []string{`aria-label="分页"`, "上一页", `rel="next"`, "下一页", `aria-current="page"`, "page=2"}},
		{desc: "second page", path: "/?q=%E5%88%B6%E9%80%A0%E4%B8%9A&size=2&page=2", status: 200,
			want: []string{`rel="prev"`, "第 2 / "}},
		{desc: "empty state", path: "/?q=%E9%87%8F%E5%AD%90%E8%AE%A1%E7%AE%97%E6%9C%BA+%E7%8C%AB", status: 200,
			want: []string{"没有找到相关结果", "减少搜索词", "专精特新", "制造业当家"}},
		{desc: "empty state with filters offers to clear them", path: "/?q=%E9%87%8F%E5%AD%90&city=%E7%8F%A0%E6%B5%B7", status: 200,
			want: []string{"没有找到相关结果", "清除全部筛选条件"}},
		{desc: "a bad query is a friendly 400", path: "/?q=%E5%82%A8%E8%83%BD+OR", status: 400,
			want: []string{"搜索条件有误", "OR 的两边都需要有搜索词", `role="alert"`, `value="储能 OR"`}},
		{desc: "a bad year is a friendly 400", path: "/?year=20x3", status: 400,
			want: []string{"搜索条件有误", "年份应为四位数字"}},
		{desc: "unknown parameters are ignored", path: "/?q=%E5%82%A8%E8%83%BD&utm_source=portal", status: 200,
			want: []string{"<mark>储能</mark>"}},
		{desc: "partial for search-as-you-type", path: "/?q=%E5%82%A8%E8%83%BD", header: []string{partialHeader, "1"}, status: 200,
			want: []string{`<div id="results" class="layout">`, "<mark>储能</mark>"}, notWant: []string{"<html", "<header"}},
		{desc: "article with the query marked", path: "/articles/xss-test?q=%E5%82%A8%E8%83%BD", status: 200,
			want: []string{`<h2 id="p1" class="para">`, `id="p2"`, "<mark>储能</mark>", `href="/?q=%E5%82%A8%E8%83%BD"`,
				"返回“储能”的搜索结果", `<figure id="p3" class="para caption has-hit">`, `<strong class="speaker">`,
				`<a href="#p2">第 2 段</a>`, `<time datetime="2021-05-06">`}},
		{desc: "article without a query", path: "/articles/xss-test", status: 200,
			want: []string{`id="p2"`, "返回搜索"}, notWant: []string{"<mark>"}},
		{desc: "unknown article is a Chinese 404", path: "/articles/no-such-article", status: 404,
			want: []string{"找不到这篇文章", `lang="zh-CN"`}},
		{desc: "unknown page for a browser", path: "/no/such/page", status: 404,
			want: []string{"页面不存在", `lang="zh-CN"`}},
		{desc: "embed page takes the settings", path: "/embed?city=%E6%83%A0%E5%B7%9E&placeholder=%E6%90%9C%E6%83%A0%E5%B7%9E&size=3", status: 200,
			want: []string{`<fangtan-search endpoint="" target="_blank" city="惠州" placeholder="搜惠州" size="3">`,
				`<input type="hidden" name="city" value="惠州">`, `src="/embed.`}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := get(t, srv, tc.path, tc.header...)
			if r.status != tc.status {
				t.Errorf("status %d, want %d\n%s", r.status, tc.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if r.header.Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(r.body, w) {
					t.Errorf("body has %q", w)
				}
			}
			if t.Failed() && testing.Verbose() {
				t.Log(r.body)
			}
		})
	}
}

// TestNoJSSearch walks the page the way a browser without JavaScript does:
// submit the form, follow a facet link, remove the filter by its chip.
func TestNoJSSearch(t *testing.T) {
	srv := newPageServer(t, seedIndex(t))
	// All the hits on one page: the ranking puts the 韶关 interview, which
	// is about 制造业当家, first, and the other cities below it.
	all := get(t, srv, "/?q="+url.QueryEscape("制造业当家")+"&size=50")
	if all.status != 200 {
		t.Fatalf("status %d", all.status)
	}
	cities := map[string]bool{}
	for _, m := range metas(all.body) {
		cities[strings.SplitN(m, " · ", 2)[0]] = true
	}
	if len(cities) < 2 {
		t.Fatalf("want hits from several cities to narrow, got %v", cities)
	}

	// a facet link narrows to its value
	narrowed := get(t, srv, linkTo(t, all.body, "韶关，"))
	if narrowed.status != 200 {
		t.Fatalf("status %d", narrowed.status)
	}
	ms := metas(narrowed.body)
	if len(ms) == 0 {
		t.Fatal("no hits after narrowing")
	}
	for _, m := range ms {
		if !strings.HasPrefix(m, "韶关") {
			t.Errorf("hit outside 韶关: %q", m)
		}
	}
	if total(t, narrowed.body) == total(t, all.body) {
		t.Errorf("the facet did not narrow: %s hits before and after", total(t, all.body))
	}
	// the other city is still offered (multi-select counts)
	if !strings.Contains(narrowed.body, `aria-label="惠州，`) {
		t.Error("the sibling city disappeared from the facet")
	}
	// the same link again removes the filter; so does the chip
	again := get(t, srv, linkTo(t, narrowed.body, "韶关，"))
	chip := get(t, srv, linkTo(t, narrowed.body, "移除筛选：城市 韶关"))
	for _, r := range []pageResp{again, chip} {
		if got := total(t, r.body); got != total(t, all.body) {
			t.Errorf("removing the filter gives %s hits, want %s", got, total(t, all.body))
		}
	}
	// a year bar filters to its year
	bar := get(t, srv, linkTo(t, all.body, "2023 年："))
	for _, m := range metas(bar.body) {
		if !strings.Contains(m, "2023-") {
			t.Errorf("hit outside 2023: %q", m)
		}
	}
}

// TestXSS: text that looks like markup is shown as text on every page.
func TestXSS(t *testing.T) {
	srv := newPageServer(t, seedIndex(t, xssArticle))
	for _, path := range []string{
		"/?q=" + url.QueryEscape("储能"),
		"/?q=" + url.QueryEscape("储能") + "&group=article",
		"/?q=" + url.QueryEscape(`<script>alert(1)</script>`),
		"/?q=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`),
		"/?source=" + url.QueryEscape(`"><img src=x onerror=alert(1)>日报`),
		"/articles/xss-test",
		"/articles/xss-test?q=" + url.QueryEscape("储能"),
		"/articles/xss-test?q=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`),
		"/articles/" + url.PathEscape(`<script>alert(1)</script>`),
		"/embed?city=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`),
	} {
		r := get(t, srv, path)
		for _, bad := range []string{"<script>alert", "<img src=x", `"><img`, "onerror=alert(1)>"} {
			if strings.Contains(r.body, bad) {
				i := strings.Index(r.body, bad)
				t.Errorf("%s: unescaped %q in …%s…", path, bad, r.body[max(0, i-80):min(len(r.body), i+80)])
			}
		}
	}
	// and the text is there, escaped
	r := get(t, srv, "/articles/xss-test")
	if !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the article's text is missing")
	}
}

func TestWidgetAndAssets(t *testing.T) {
	srv := newPageServer(t, seedIndex(t))
	stable := get(t, srv, "/embed.js")
	if stable.status != 200 || !strings.Contains(stable.header.Get("Content-Type"), "javascript") {
		t.Fatalf("/embed.js: %d %s", stable.status, stable.header.Get("Content-Type"))
	}
	if cc := stable.header.Get("Cache-Control"); cc != cacheStable {
		t.Errorf("/embed.js Cache-Control %q", cc)
	}
	if !strings.Contains(stable.body, `customElements.define("fangtan-search"`) {
		t.Error("/embed.js is not the widget")
	}
	hashed := regexp.MustCompile(`src="(/embed\.[0-9a-f]{10}\.js)"`).FindStringSubmatch(get(t, srv, "/embed").body)
	if hashed == nil {
		t.Fatal("the embed page does not load the hashed widget")
	}
	h := get(t, srv, hashed[1])
	if h.status != 200 || h.body != stable.body || h.header.Get("Cache-Control") != cacheHashed {
		t.Errorf("%s: %d, same bytes %v, Cache-Control %q", hashed[1], h.status, h.body == stable.body, h.header.Get("Cache-Control"))
	}
	for _, path := range []string{"/embed.js", "/", "/static/app.css"} {
		r := get(t, srv, path, "Accept-Encoding", "gzip")
		if r.header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s is not compressed", path)
		}
		if cl := r.header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(r.body)) {
			t.Errorf("%s: Content-Length %s of a %d-byte gzip body", path, cl, len(r.body))
		}
	}
	if r := get(t, srv, "/embed.0123456789.js"); r.status != 404 {
		t.Errorf("a stale hash: %d", r.status)
	}
	page := get(t, srv, "/")
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page.body, -1) {
		r := get(t, srv, m[1])
		if r.status != 200 || r.header.Get("Cache-Control") != cacheHashed {
			t.Errorf("%s: %d %q", m[1], r.status, r.header.Get("Cache-Control"))
		}
	}
	if r := get(t, srv, "/static/app.css"); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("/static/app.css: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := get(t, srv, "/static/nope.css"); r.status != 404 {
		t.Errorf("/static/nope.css: %d", r.status)
	}
	// the JSON API keeps its JSON 404 for non-browsers
	req := httptest.NewRequest(http.MethodGet, "/no/such", nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 404 || !strings.Contains(rec.Header().Get("Content-Type"), "json") {
		t.Errorf("API 404: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestSiteChecksAtStartup: a broken or missing template fails loading, so
// New fails rather than a request.
func TestSiteChecksAtStartup(t *testing.T) {
	good := fstest.MapFS{}
	if err := fs.WalkDir(web.FS(""), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.FS(""), p)
		good[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := loadSite(good); err != nil {
		t.Fatalf("the embedded site does not load: %v", err)
	}
	for desc, change := range map[string]func(fstest.MapFS){
		"syntax error": func(m fstest.MapFS) {
			m["templates/search.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{.Q`)}
		},
		"missing page": func(m fstest.MapFS) { delete(m, "templates/article.html") },
		"unknown field": func(m fstest.MapFS) {
			m["templates/error.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}{{.Nope}}{{end}}{{define "content"}}{{end}}`)}
		},
		"unknown asset": func(m fstest.MapFS) {
			m["templates/layout.html"] = &fstest.MapFile{Data: []byte(`{{define "layout"}}{{asset "nope.css"}}{{end}}`)}
		},
		"missing widget": func(m fstest.MapFS) { delete(m, "static/embed.js") },
	} {
		m := fstest.MapFS{}
		for k, v := range good {
			m[k] = v
		}
		change(m)
		if _, err := loadSite(m); err == nil {
			t.Errorf("%s: loaded", desc)
		}
	}
}

func TestRegionTree(t *testing.T) {
	facets := map[string][]model.FacetValue{
		"province": {{Value: "广东", Count: 9}, {Value: "甘肃", Count: 2}},
		"city":     {{Value: "惠州", Count: 5}, {Value: "珠海", Count: 3}, {Value: "兰州", Count: 1}},
		"district": {{Value: "惠阳", Count: 2}},
	}
	roots := regionTree(facets, map[string][]string{"city": {"惠州"}}, query{v: url.Values{"city": {"惠州"}}})
	var show func(ns []*regionNode) string
	show = func(ns []*regionNode) string {
		var parts []string
		for _, n := range ns {
			s := n.Value
			if n.Active {
				s += "*"
			}
			if len(n.Children) > 0 {
				s += "(" + show(n.Children) + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " ")
	}
	if got, want := show(roots), "广东(惠州*(惠阳) 珠海) 甘肃(兰州)"; got != want {
		t.Errorf("tree %s, want %s", got, want)
	}
	if got := roots[0].Children[0].URL; got != "/" {
		t.Errorf("the active city's link %q, want / (removes it)", got)
	}
}

// TestPageErrors: the index's failures become pages with the right status,
// and internal details stay in the log.
func TestPageErrors(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		want   string
	}{
		// explained by what is wrong (the reason), never by the English text
		{&model.Error{Kind: model.Invalid, Param: "q", Reason: model.ReasonORNeedsTerms, Msg: "anything"}, 400, "OR 的两边"},
		{&model.Error{Kind: model.Invalid, Param: "year", Msg: "anything"}, 400, "年份应为四位数字"},
		{&model.Error{Kind: model.Invalid, Param: "after", Msg: "anything"}, 400, "无法理解这次搜索的条件"},
		{&model.Error{Kind: model.Invalid, Param: "city", Reason: model.ReasonTooLong, Msg: "anything"}, 400, "无法理解这次搜索的条件"},
		{&model.Error{Kind: model.Timeout, Msg: "slow"}, 503, "搜索超时"},
		{errors.New("disk on fire"), 500, "服务暂时出错了"},
	} {
		f := newFixture()
		f.searcher.SearchFn = func(context.Context, *model.Request) (*model.Result, error) { return nil, tc.err }
		srv, err := New(Config{}, Deps{Search: f.searcher}, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := get(t, srv, "/?q=x")
		if r.status != tc.status || !strings.Contains(r.body, tc.want) {
			t.Errorf("%v: %d, want %d with %q", tc.err, r.status, tc.status, tc.want)
		}
		if strings.Contains(r.body, "disk on fire") {
			t.Error("an internal error reached the page")
		}
	}
}
