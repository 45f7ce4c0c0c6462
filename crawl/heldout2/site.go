// Package heldout2 is a second held-out site for the crawler, of kinds other
// than a city 工信局 CMS: a newspaper's e-paper (方正 版面 node_N.htm and
// content_N.htm pages), a provincial 集约化 portal's 大汉 jpaas column (a
// datastore in the page, the rest behind a POST-only dataproxy), a
// 人民网-style channel list (tracking parameters, an uppercase .HTML, an
// href with a newline, an article paged with ?page=2, a canonical on a
// mobile m. host, a "加载更多" that only a JSON API serves and a sitemap
// lists), a WeChat-mirror section whose list is only an RSS 2.0 feed (guid
// permalinks, no <link>), a blog whose list is only an Atom feed (relative
// links under xml:base), an old county news site in GBK served as plain
// text/html, robots.txt with a wildcard Disallow and two sitemaps (a sitemap
// index whose child is gzip served as application/octet-stream), a 302 from
// / to /index.htm and a page that never answers.
//
// It was built from the crawler's package doc and the README's "Crawling a
// portal" only; all text is generated (fangtan/article/synth) or invented.
package heldout2

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"fangtan/article"
	"fangtan/article/synth"
)

// Expect is one article the crawl should index: Path is the address (on the
// site's own host) its source_url should be, Phrase a phrase only its body
// holds.
type Expect struct {
	Path   string
	Title  string
	Phrase string
	Shape  string // which part of the site, for the report
	// Canonical, when set, is another address the page names as canonical
	// (a mobile m. host): a source_url equal to it is counted apart.
	Canonical string
}

type art struct {
	Expect
	kind  string
	date  time.Time
	paras []string // body paragraphs; one holds Phrase
	qa    bool     // 问/答 lines separated by <br> in one <div>
	page2 int      // paras[page2:] are on ?page=2 (0: one page)
	// link is how lists link it (tracking, case, whitespace), "" = Path
	link string
}

// Site is the synthetic site: an http.Handler.
type Site struct {
	// NoSitemaps leaves the sitemaps out of robots.txt, so that the
	// WeChat mirror's and the blog's lists are only their feeds (and the
	// channel's last four articles are reachable by no link at all).
	NoSitemaps bool

	arts []*art
	by   map[string]*art // path → article

	mu       sync.Mutex
	requests []string // "METHOD path?query"
}

const (
	epaperDir = "/epaper/html/2025-03/05/"
	colPath   = "/col/col1229101/index.html"
	proxyPath = "/module/web/jpage/dataproxy.jsp"
	mHost     = "http://127.0.0.1:9/m.chengzhou-news"
)

// rare characters for the phrases: not in the synth vocabulary.
var rare = []rune("璇玑琅嬛蘅芷澹溟翊琰璟瑜珩钺瑾琬")

func phrase(i int) string {
	return "鹤" + string(rare[i/len(rare)%len(rare)]) + string(rare[i%len(rare)]) + "泓"
}

// New builds the site (deterministic).
func New() *Site {
	s := &Site{by: map[string]*art{}}
	g := synth.New(synth.Options{Seed: 20260305, Paragraphs: 8})
	seen := map[string]bool{}
	next := 0
	mk := func(kind, shape, path string, day int) *art {
		var a *article.Article
		for {
			a = g.Article(next)
			next++
			if !seen[a.Title] && len([]rune(a.Title)) >= 6 {
				break
			}
		}
		seen[a.Title] = true
		n := len(s.arts)
		ph := phrase(n)
		x := &art{Expect: Expect{Path: path, Title: a.Title, Phrase: ph, Shape: shape}, kind: kind,
			date: time.Date(2025, 3, day, 8, 30, 0, 0, time.FixedZone("CST", 8*3600))}
		for _, p := range a.Paragraphs {
			if p.Kind == article.Body {
				t := p.Text
				if p.Speaker == "记者" {
					t = "问：" + t
				} else if p.Speaker != "" {
					t = "答：" + t
				}
				x.paras = append(x.paras, t)
			}
		}
		// the phrase in the middle of the second paragraph (of the last, when paged)
		k := 1
		if len(x.paras) < 2 {
			k = 0
		}
		x.paras[k] = insertPhrase(x.paras[k], ph)
		s.arts = append(s.arts, x)
		s.by[path] = x
		return x
	}

	// e-paper: three 版面 of three articles
	for v := 1; v <= 3; v++ {
		for j := 1; j <= 3; j++ {
			mk("epaper", fmt.Sprintf("e-paper 第0%d版", v), fmt.Sprintf("%scontent_30%d10%d.htm", epaperDir, v, j), 5)
		}
	}
	// jpaas column: 8 articles, 6 in the page's datastore, 2 only by POST
	for j := 1; j <= 8; j++ {
		shape := "jpaas datastore"
		if j > 6 {
			shape = "jpaas dataproxy (POST)"
		}
		x := mk("jpaas", shape, fmt.Sprintf("/art/2025/3/%d/art_1229101_5800%d.html", 10-j, j), 10-j)
		if j == 2 || j == 7 {
			x.qa = true
			x.Shape += ", 问/答 <br> lines"
		}
	}
	// channel list: 11 linked, 4 only in the sitemap
	for j := 1; j <= 11; j++ {
		day := 1 + (j+1)/2
		p := fmt.Sprintf("/n1/2025/03%02d/c1004-400%02d.html", day, j)
		shape := "channel list"
		x := mk("channel", shape, p, day)
		switch j {
		case 3:
			x.link = p + "?from=groupmessage&isappinstalled=0"
			x.Shape += ", link ?from=groupmessage"
		case 4:
			x.link = p + "?utm_source=wechat&utm_medium=social&utm_campaign=lh"
			x.Shape += ", link utm_"
		case 5, 6:
			x.Canonical = mHost + p
			x.Shape += ", canonical on m. host"
		case 9:
			x.Path = strings.TrimSuffix(p, ".html") + ".HTML"
			delete(s.by, p)
			s.by[x.Path] = x
			x.Shape += ", uppercase .HTML"
		case 10:
			x.link = "\n\t\t\t" + p + " \n"
			x.Shape += ", href with newline"
		case 11:
			x.page2 = 3
			// move the phrase to page 2
			x.paras = append([]string(nil), x.paras...)
			for i := range x.paras {
				x.paras[i] = strings.Replace(x.paras[i], x.Phrase, "", 1)
			}
			x.paras[4] = insertPhrase(x.paras[4], x.Phrase)
			x.Shape += ", paged ?page=2 (phrase on page 2)"
		}
	}
	for j := 21; j <= 24; j++ {
		mk("channel", "sitemap only (加载更多 via JSON API)", fmt.Sprintf("/n1/2025/0308/c1004-400%02d.html", j), 8)
	}
	// WeChat mirror: RSS only
	for j, h := range []string{"3f9a2c71", "b07e55d2", "c41d9e08"} {
		x := mk("wx", "WeChat mirror, RSS guid only", "/wx/a/"+h+".html", 3+j)
		if j == 2 {
			x.Shape += ", <section> paragraphs"
		}
	}
	// blog: Atom only, xml:base
	for j := 1; j <= 3; j++ {
		mk("blog", "Atom feed, xml:base + relative link", fmt.Sprintf("/blog/posts/2025/03%02d-fangtan.html", j+1), j+1)
	}
	// GBK county news site
	for j := 1; j <= 3; j++ {
		mk("gbk", "GBK meta charset, text/html header, &nbsp;<br> paragraphs", fmt.Sprintf("/gbk/system/2025/03/0%d/03000%d.shtml", j+1, j), j+1)
	}
	return s
}

func insertPhrase(t, ph string) string {
	r := []rune(t)
	// after a comma near the middle, else at the middle
	m := len(r) / 2
	for i := m; i < len(r); i++ {
		if r[i] == '，' || r[i] == ',' {
			m = i + 1
			break
		}
	}
	return string(r[:m]) + "据悉，" + ph + "项目进展顺利，" + string(r[m:])
}

// Articles is what a crawl should index.
func (s *Site) Articles() []Expect {
	out := make([]Expect, len(s.arts))
	for i, a := range s.arts {
		out[i] = a.Expect
	}
	return out
}

// StartURLs are the addresses a user would give: each section's entry page.
func StartURLs(base string) []string {
	return []string{
		base + "/epaper/",
		base + colPath,
		base + "/finance/index.html",
		base + "/wx/",
		base + "/blog/",
		base + "/gbk/list_12.html",
	}
}

// RootURLs is the site root alone.
func RootURLs(base string) []string { return []string{base + "/"} }

// Requests is every request served so far.
func (s *Site) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Page returns the bytes a GET of path?query would answer (tests), with
// its status.
func (s *Site) Page(base, pathQuery string) ([]byte, int) {
	req, _ := http.NewRequest("GET", base+pathQuery, nil)
	u, _ := url.Parse(base)
	req.Host = u.Host
	w := &recorder{h: http.Header{}, code: 200}
	s.serve(w, req, false)
	return w.buf.Bytes(), w.code
}

type recorder struct {
	h    http.Header
	buf  bytes.Buffer
	code int
}

func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) Write(b []byte) (int, error) { return r.buf.Write(b) }
func (r *recorder) WriteHeader(c int)           { r.code = c }

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serve(w, r, true) }

func (s *Site) serve(w http.ResponseWriter, r *http.Request, log bool) {
	if log {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		s.mu.Unlock()
	}
	base := "http://" + r.Host
	p := r.URL.Path
	q := r.URL.Query()
	switch {
	case p == "/robots.txt":
		robots := "User-agent: *\nDisallow: /*?print=\nDisallow: /api/\nDisallow: /module/web/jpage/*.js\n"
		if !s.NoSitemaps {
			robots += "\nSitemap: " + base + "/sitemap_index.xml\nSitemap: " + base + "/sitemap_news.xml\n"
		}
		text(w, "text/plain", robots)
	case p == "/":
		http.Redirect(w, r, "/index.htm", http.StatusFound)
	case p == "/index.htm":
		text(w, "text/html; charset=utf-8", s.home())
	case p == "/epaper/" || p == "/epaper/index.htm":
		text(w, "text/html", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta http-equiv="refresh" content="0; URL=html/2025-03/05/node_1.htm"><title>澄州日报数字报</title></head><body></body></html>`)
	case strings.HasPrefix(p, epaperDir+"node_"):
		v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, epaperDir+"node_"), ".htm"))
		if err != nil || v < 1 || v > 3 {
			http.NotFound(w, r)
			return
		}
		text(w, "text/html", s.epaperNode(v))
	case p == colPath:
		text(w, "text/html; charset=UTF-8", s.jpaasColumn())
	case p == proxyPath:
		s.dataproxy(w, r)
	case p == "/finance/index.html" || p == "/finance/":
		text(w, "text/html; charset=utf-8", s.channel())
	case p == "/api/channel/list":
		s.api(w, r)
	case p == "/wx/" || p == "/wx/index.html":
		text(w, "text/html; charset=utf-8", `<!DOCTYPE html><html><head><meta charset="utf-8"><title>产业观察 · 公众号文章</title><link rel="alternate" type="application/rss+xml" title="产业观察" href="/wx/feed.xml"></head><body><div id="app">加载中……</div><script src="/wx/app.js"></script></body></html>`)
	case p == "/wx/app.js":
		text(w, "application/javascript", `fetch('/wx/api/list?offset=0').then(r=>r.json()).then(d=>{/* render */});`)
	case p == "/wx/feed.xml":
		text(w, "application/rss+xml; charset=utf-8", s.rss(base))
	case p == "/blog/" || p == "/blog/index.html":
		text(w, "text/html; charset=utf-8", `<!DOCTYPE html><html><head><meta charset="utf-8"><title>澄州产业笔记</title><link rel="alternate" type="application/atom+xml" href="atom.xml"></head><body><noscript>请开启JavaScript</noscript><div id="root"></div><script src="/blog/main.js"></script></body></html>`)
	case p == "/blog/atom.xml":
		text(w, "application/atom+xml", s.atom(base))
	case p == "/gbk/list_12.html":
		gbk(w, s.gbkList())
	case p == "/sitemap_index.xml":
		text(w, "application/xml", `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>`+base+`/sitemaps/n1-2025.xml.gz</loc><lastmod>2025-03-08</lastmod></sitemap>
</sitemapindex>`)
	case p == "/sitemaps/n1-2025.xml.gz":
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		z.Write([]byte(s.sitemap(base, "channel")))
		z.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(b.Bytes())
	case p == "/sitemap_news.xml":
		text(w, "text/xml", s.sitemap(base, "wx", "blog", "gbk"))
	case strings.HasPrefix(p, "/zt/"):
		// never answers (until the client gives up)
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	default:
		a := s.by[p]
		if a == nil {
			http.NotFound(w, r)
			return
		}
		switch a.kind {
		case "epaper":
			text(w, "text/html", s.epaperArticle(a))
		case "jpaas":
			text(w, "text/html; charset=UTF-8", s.jpaasArticle(a))
		case "channel":
			text(w, "text/html; charset=utf-8", s.channelArticle(a, q.Get("page") == "2", q.Get("print") != ""))
		case "wx":
			text(w, "text/html; charset=utf-8", s.wxArticle(a))
		case "blog":
			text(w, "text/html; charset=utf-8", s.blogArticle(a))
		case "gbk":
			gbk(w, s.gbkArticle(a))
		}
	}
}

func text(w http.ResponseWriter, ct, body string) {
	w.Header().Set("Content-Type", ct)
	w.Write([]byte(body))
}

// gbk serves GBK bytes under a bare text/html: the charset is only in the
// page's <meta http-equiv>.
func gbk(w http.ResponseWriter, body string) {
	b, err := encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder()).Bytes([]byte(body))
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "text/html")
	w.Write(b)
}

func esc(s string) string { return html.EscapeString(s) }

func (a *art) href() string {
	if a.link != "" {
		return a.link
	}
	return a.Path
}

func (s *Site) kind(k string) []*art {
	var out []*art
	for _, a := range s.arts {
		if a.kind == k {
			out = append(out, a)
		}
	}
	return out
}

func short(t string, n int) string {
	r := []rune(t)
	if len(r) <= n {
		return t
	}
	return string(r[:n]) + "..."
}

func (s *Site) home() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>澄州新闻网</title></head><body>
<div class="nav"><a href="/index.htm">首页</a> <a href="/finance/index.html">财经</a> <a href="/epaper/">数字报</a> <a href="` + colPath + `">政务访谈</a> <a href="/wx/">公众号</a> <a href="/blog/">产业笔记</a> <a href="/gbk/list_12.html">县区新闻</a> <a href="/zt/2025lh/index.html">两会专题</a></div>
<div class="hot"><h3>热点</h3><ul>`)
	ch := s.kind("channel")
	for _, a := range []*art{ch[0], ch[2], s.kind("jpaas")[0], s.kind("epaper")[0]} {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, a.Path, esc(a.Title))
	}
	b.WriteString(`</ul></div><div class="links">友情链接：<a href="http://127.0.0.1:9/www.jiangnan.gov/">江南省人民政府</a> <a href="http://127.0.0.1:9/weibo/chengzhou">官方微博</a> <a href="http://127.0.0.1:9/mp.weixin.qq/s?__biz=MzA5">微信公众号</a></div>
<div class="footer">澄州日报社主办 版权所有 <a href="http://127.0.0.1:9/beian.miit/">江南ICP备00000000号</a></div></body></html>`)
	return b.String()
}

// ---- e-paper (方正 style)

func (s *Site) epaperNode(v int) string {
	names := []string{"", "要闻", "经济", "专访"}
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>澄州日报数字报</title>
<script language="javascript">function view(s){ if(s.length>22){return s.substring(0,22)+"...";} return s; }</script></head>
<body><table width="1000" align="center"><tr><td>2025年03月05日 星期三 <a href="../../../../epaper/">返回首页</a> <a href="http://127.0.0.1:9/www.chengzhou-news/">澄州新闻网</a></td></tr></table>
<table><tr><td valign="top"><img src="../../../../images/2025-03/05/0%d/page.jpg" usemap="#PagePicMap" border="0"><map name="PagePicMap">`, v)
	arts := s.kind("epaper")[(v-1)*3 : v*3]
	for i, a := range arts {
		fmt.Fprintf(&b, `<area coords="10,%d,480,%d" shape="polygon" href="%s">`, 10+i*200, 200+i*200, pathBase(a.Path))
	}
	b.WriteString(`</map></td><td valign="top"><table><tr><td class="default">版面导航</td></tr>`)
	for n := 1; n <= 3; n++ {
		fmt.Fprintf(&b, `<tr><td class="default"><a id=pageLink href=node_%d.htm>第0%d版：%s</a></td><td><a href="../../../../page/2025-03/05/0%d/0%d.pdf"><img src="../../../../images/pdf.gif" border=0></a></td></tr>`, n, n, names[n], n, n)
	}
	b.WriteString(`</table><table><tr><td class="default">标题导航</td></tr>`)
	for _, a := range arts {
		if v == 2 {
			// titles written by script, as many 方正 e-papers do
			fmt.Fprintf(&b, `<tr><td><img src="../../../../images/dot.gif"><a href=%s><div style="display:inline" id=mp%s><script>document.write(view("%s"))</script></div></a></td></tr>`, pathBase(a.Path), strings.TrimSuffix(strings.TrimPrefix(pathBase(a.Path), "content_"), ".htm"), strings.ReplaceAll(a.Title, `"`, `\"`))
		} else {
			fmt.Fprintf(&b, `<tr><td><img src="../../../../images/dot.gif"><a href=%s><div style="display:inline">%s</div></a></td></tr>`, pathBase(a.Path), esc(a.Title))
		}
	}
	prev, next := v-1, v+1
	b.WriteString(`</table><div>`)
	if prev >= 1 {
		fmt.Fprintf(&b, `<a href=node_%d.htm>上一版</a> `, prev)
	}
	if next <= 3 {
		fmt.Fprintf(&b, `<a href=node_%d.htm>下一版</a>`, next)
	}
	b.WriteString(`</div></td></tr></table><div class="copyright">澄州日报社版权所有 未经书面授权不得复制或建立镜像</div></body></html>`)
	return b.String()
}

func pathBase(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func (s *Site) epaperArticle(a *art) string {
	all := s.kind("epaper")
	idx := 0
	for i, x := range all {
		if x == a {
			idx = i
		}
	}
	v := idx/3 + 1
	names := []string{"", "要闻", "经济", "专访"}
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>澄州日报数字报</title></head>
<body><table width="1000" align="center"><tr><td>2025年03月05日 星期三 <a href="node_%d.htm">第0%d版：%s</a> <a href="node_1.htm">返回目录</a></td></tr></table>
<table width="640"><tr><td>
<table><tr><td class="font02"><founder-introtitle></founder-introtitle></td></tr>
<tr><td class="font01"><founder-title>%s</founder-title></td></tr>
<tr><td class="font02"><founder-subtitle></founder-subtitle></td></tr>
<tr><td class="font02"><founder-author>本报记者 周清</founder-author></td></tr></table>
<div id="ozoom" style="font-size:16px"><founder-content>`, v, v, names[v], esc(a.Title))
	for _, p := range a.paras {
		fmt.Fprintf(&b, "<P>　　%s</P>\n", esc(p))
	}
	b.WriteString(`</founder-content></div></td></tr></table>
<table><tr><td class="default">本版其他文章</td></tr>`)
	for _, x := range all[(v-1)*3 : v*3] {
		if x != a {
			fmt.Fprintf(&b, `<tr><td><a href=%s>%s</a></td></tr>`, pathBase(x.Path), esc(x.Title))
		}
	}
	fmt.Fprintf(&b, `</table><div><a href=node_%d.htm>返回本版</a></div><div class="copyright">澄州日报社版权所有</div></body></html>`, v)
	return b.String()
}

// ---- jpaas

func jpaasRecord(a *art) string {
	return fmt.Sprintf(`<record><![CDATA[
<li><a href='%s' target='_blank' title='%s'>%s</a><span class='bt-data-time'>%s</span></li>
]]></record>`, a.Path, esc(a.Title), esc(short(a.Title, 14)), a.date.Format("2006-01-02"))
}

func (s *Site) jpaasColumn() string {
	arts := s.kind("jpaas")
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="UTF-8"><meta name="SiteName" content="江南省人民政府"><meta name="ColumnName" content="政务访谈"><title>江南省人民政府 政务访谈</title>
<script type="text/javascript" src="/module/web/jpage/jquery.page.js"></script></head><body>
<div class="header"><a href="/">首页</a> <a href="/col/col1229100/index.html">政务公开</a></div>
<div class="bt-position">当前位置：<a href="/">首页</a> &gt; 政务访谈</div>
<div class="default_pgContainer" id="4001"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=1229101&unitid=4001&webname=%E6%B1%9F%E5%8D%97%E7%9C%81%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0"></a>]]></nextgroup>
<recordset>
`)
	for _, a := range arts[:6] {
		b.WriteString(jpaasRecord(a) + "\n")
	}
	b.WriteString(`</recordset>
</datastore></script></div>
<script>
$(document).ready(function(){ $('#4001').jpage({ dataStore: null, perPage: 2, totalRecord: 8, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp', webid: '1', columnid: '1229101', unitid: '4001', ajaxParam: { col: 1, appid: 1, webid: 1, path: '/', columnid: 1229101, sourceContentType: 1, unitid: 4001, webname: '江南省人民政府', permissiontype: 0 } }); });
</script>
<div class="footer">主办：江南省人民政府办公厅 <a href="http://127.0.0.1:9/bszs.conac/">党政机关</a></div></body></html>`)
	return b.String()
}

func (s *Site) dataproxy(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusMethodNotAllowed)
		w.Write([]byte("<html><body>Request method 'GET' not supported</body></html>"))
		return
	}
	r.ParseForm()
	if r.Form.Get("columnid") != "1229101" {
		text(w, "text/xml;charset=UTF-8", `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>0</totalrecord><totalpage>0</totalpage><recordset></recordset></datastore>`)
		return
	}
	arts := s.kind("jpaas")
	start, _ := strconv.Atoi(r.Form.Get("startrecord"))
	end, _ := strconv.Atoi(r.Form.Get("endrecord"))
	if start < 1 {
		start = 1
	}
	if end < start || end > len(arts) {
		end = len(arts)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>%d</totalrecord>\n<totalpage>4</totalpage>\n<recordset>\n", len(arts))
	if start <= len(arts) {
		for _, a := range arts[start-1 : end] {
			b.WriteString(jpaasRecord(a) + "\n")
		}
	}
	b.WriteString("</recordset>\n</datastore>\n")
	text(w, "text/xml;charset=UTF-8", b.String())
}

func (s *Site) jpaasArticle(a *art) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta name="SiteName" content="江南省人民政府"><meta name="ColumnName" content="政务访谈">
<meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s"><meta name="ContentSource" content="江南省经济和信息化厅">
<title>%s 政务访谈 江南省人民政府</title></head><body>
<div class="header"><a href="/">首页</a></div>
<div class="bt-position">当前位置：<a href="/">首页</a> &gt; <a href="%s">政务访谈</a></div>
<div class="main-txt"><div class="sp_title">%s</div>
<div class="sp_time"><span>发布日期：%s</span><span>信息来源：江南省经济和信息化厅</span><span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=1229101&artid=5800"></script></span><span>字号：[ <a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> ]</span></div>
<div class="bt-article" id="zoom">`, esc(a.Title), a.date.Format("2006-01-02 15:04"), esc(a.Title), colPath, esc(a.Title), a.date.Format("2006-01-02 15:04"))
	if a.qa {
		b.WriteString("<div style=\"line-height:2em\">\n")
		for i, p := range a.paras {
			t := p
			if !strings.HasPrefix(t, "问：") && !strings.HasPrefix(t, "答：") {
				if i%2 == 0 {
					t = "问：" + t
				} else {
					t = "答：" + t
				}
			}
			fmt.Fprintf(&b, "%s<br>\n", esc(t))
		}
		b.WriteString("</div>")
	} else {
		for _, p := range a.paras {
			fmt.Fprintf(&b, `<p style="text-indent:2em;">%s</p>`+"\n", esc(p))
		}
	}
	b.WriteString(`</div>
<div class="bt-share"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div></div>
<div class="footer">主办：江南省人民政府办公厅</div></body></html>`)
	return b.String()
}

// ---- channel (人民网 style)

func (s *Site) channel() string {
	arts := s.kind("channel")[:11]
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html;charset=UTF-8"><title>财经--澄州新闻网</title></head><body>
<div class="nav"><a href="/index.htm">首页</a> <a href="/finance/index.html">财经</a> <a href="/zt/2025lh/index.html">两会专题</a></div>
<div class="ej_list_box clear"><ul class="list_16 mt10">
`)
	for i, a := range arts {
		fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_blank\">%s</a><em>%s</em></li>\n", a.href(), esc(a.Title), a.date.Format("2006-01-02 15:04"))
		if i == 4 {
			b.WriteString("</ul><ul class=\"list_16 mt10\">\n")
		}
	}
	b.WriteString(`</ul></div>
<div class="page_n clearfix"><a href="javascript:;" id="loadMore" data-api="/api/channel/list?cid=1004&page=2">加载更多</a></div>
<script>document.getElementById('loadMore').onclick=function(){var x=new XMLHttpRequest();x.open('GET',this.getAttribute('data-api'));x.send();};</script>
<div class="footer"><a href="http://127.0.0.1:9/www.people/">合作媒体</a> 澄州新闻网版权所有</div></body></html>`)
	return b.String()
}

func (s *Site) api(w http.ResponseWriter, r *http.Request) {
	var items []string
	for _, a := range s.kind("channel")[11:] {
		items = append(items, fmt.Sprintf(`{"title":%q,"url":%q,"date":%q}`, a.Title, a.Path, a.date.Format("2006-01-02")))
	}
	text(w, "application/json", `{"code":0,"data":{"list":[`+strings.Join(items, ",")+`],"hasMore":false}}`)
}

func (s *Site) channelArticle(a *art, page2, print bool) string {
	var b strings.Builder
	paras := a.paras
	if a.page2 > 0 && !print {
		if page2 {
			paras = a.paras[a.page2:]
		} else {
			paras = a.paras[:a.page2]
		}
	}
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html;charset=utf-8">
<meta name="keywords" content="产业,访谈"><meta name="description" content="%s">
<meta name="publishdate" content="%s"><meta name="source" content="来源：澄州新闻网－财经频道">
`, esc(short(a.paras[0], 60)), a.date.Format("2006-01-02"))
	if a.Canonical != "" && !print {
		fmt.Fprintf(&b, `<link rel="canonical" href="%s"><meta name="mobile-agent" content="format=html5; url=%s">`+"\n", a.Canonical, a.Canonical)
	}
	fmt.Fprintf(&b, `<title>%s--财经--澄州新闻网</title></head><body>`, esc(a.Title))
	if !print {
		b.WriteString(`<div class="nav"><a href="/index.htm">首页</a> <a href="/finance/index.html">财经</a></div>`)
	}
	fmt.Fprintf(&b, `<div class="layout rm_txt cf"><div class="col col-1 fl"><h1>%s</h1>
<div class="col-1-1 fl">%s | 来源：<a href="/finance/index.html" target="_blank">澄州新闻网－财经频道</a></div>
<div class="rm_txt_con cf">`, esc(a.Title), a.date.Format("2006年01月02日15:04"))
	for _, p := range paras {
		fmt.Fprintf(&b, `<p style="text-indent: 2em;">%s</p>`+"\n", esc(p))
	}
	if a.page2 > 0 && !print {
		p1 := pathBase(a.Path)
		if page2 {
			fmt.Fprintf(&b, `<div class="zdfy clearfix"><a href="%s">上一页</a><a href="%s">1</a><span>2</span></div>`, p1, p1)
		} else {
			b.WriteString(`<div class="zdfy clearfix"><span>1</span><a href="?page=2">2</a><a href="?page=2">下一页</a></div>`)
		}
	}
	b.WriteString(`<div class="edit cf">(责任编辑：周清)</div></div>`)
	if !print {
		b.WriteString(`<div class="box_btn"><a href="?print=1" target="_blank">打印本页</a> <a href="javascript:;" class="share">分享到微信</a></div>`)
		b.WriteString(`<div class="rm_relevant"><h2>相关新闻</h2><ul>`)
		for _, x := range s.kind("channel")[:11] {
			if x != a && x.date.Equal(a.date) {
				fmt.Fprintf(&b, `<li><a href="%s" target="_blank">%s</a></li>`, x.Path, esc(x.Title))
			}
		}
		b.WriteString(`</ul></div>`)
	}
	b.WriteString(`</div></div></body></html>`)
	return b.String()
}

// ---- WeChat mirror and RSS

func (s *Site) rss(base string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>产业观察</title><link>` + base + `/wx/</link><description>公众号文章镜像</description><language>zh-cn</language>
`)
	for _, a := range s.kind("wx") {
		fmt.Fprintf(&b, `<item><title><![CDATA[%s]]></title><guid isPermaLink="true">%s%s</guid><pubDate>%s</pubDate><description><![CDATA[%s]]></description></item>
`, a.Title, base, a.Path, a.date.Format(time.RFC1123Z), short(a.paras[0], 50))
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func (s *Site) wxArticle(a *art) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1.0">
<meta property="og:title" content="%s"><meta property="og:type" content="article"><meta property="og:site_name" content="产业观察">
<title>%s</title></head><body id="activity-detail"><div class="rich_media"><div class="rich_media_inner">
<h1 class="rich_media_title" id="activity-name">
                        %s
</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">江南工信</a></span> <em id="publish_time" class="rich_media_meta rich_media_meta_text">%s</em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">`, esc(a.Title), esc(a.Title), esc(a.Title), a.date.Format("2006-01-02 15:04"))
	sectionOnly := strings.Contains(a.Shape, "<section>")
	for _, p := range a.paras {
		if sectionOnly {
			fmt.Fprintf(&b, `<section style="margin:0 8px;line-height:1.75em;"><span style="font-size:15px;letter-spacing:1px;">%s</span></section>`+"\n", esc(p))
		} else {
			fmt.Fprintf(&b, `<p style="text-align:justify;line-height:1.75em;"><span style="font-size:15px;">%s</span></p>`+"\n", esc(p))
		}
	}
	b.WriteString(`<p style="text-align:center;"><img data-src="http://127.0.0.1:9/mmbiz.qpic/x.png" /></p><p><span style="color:#888;font-size:12px;">来源：江南工信 编辑：周清</span></p></div>
<div class="rich_media_tool"><a href="http://127.0.0.1:9/mp.weixin.qq/s?__biz=MzA5&mid=1" id="js_view_source">阅读原文</a></div></div></div></body></html>`)
	return b.String()
}

// ---- blog and Atom

func (s *Site) atom(base string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="` + base + `/blog/posts/">
<title>澄州产业笔记</title><id>tag:chengzhou.test,2025:blog</id><updated>2025-03-05T08:00:00+08:00</updated>
<link rel="self" href="../atom.xml"/>
`)
	for _, a := range s.kind("blog") {
		rel := strings.TrimPrefix(a.Path, "/blog/posts/")
		fmt.Fprintf(&b, `<entry><title>%s</title><link rel="alternate" type="text/html" href="%s"/><id>tag:chengzhou.test,2025:%s</id><updated>%s</updated><summary>%s</summary></entry>
`, esc(a.Title), rel, rel, a.date.Format(time.RFC3339), esc(short(a.paras[0], 40)))
	}
	b.WriteString("</feed>\n")
	return b.String()
}

func (s *Site) blogArticle(a *art) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s | 澄州产业笔记</title></head><body>
<header><a href="/blog/">澄州产业笔记</a></header><main><article><h1>%s</h1><p class="meta"><time datetime="%s">%s</time></p>
`, esc(a.Title), esc(a.Title), a.date.Format(time.RFC3339), a.date.Format("2006年1月2日"))
	for _, p := range a.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
	}
	b.WriteString(`</article></main><footer>© 2025 <a href="http://127.0.0.1:9/github/chengzhou">源码</a></footer></body></html>`)
	return b.String()
}

// ---- GBK county site

func (s *Site) gbkList() string {
	var b strings.Builder
	b.WriteString(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>县区新闻_澄州新闻网</title></head><body>
<table width="760"><tr><td class="nav"><a href="/index.htm">首页</a> &gt; 县区新闻</td></tr>
`)
	for _, a := range s.kind("gbk") {
		fmt.Fprintf(&b, `<tr><td class="list">·<a href="%s" target="_blank">%s</a></td><td class="date">[%s]</td></tr>`+"\n", ".."+a.Path, esc(a.Title), a.date.Format("01-02"))
	}
	b.WriteString(`<tr><td>共3条 首页 上一页 下一页 尾页</td></tr></table></body></html>`)
	return b.String()
}

func (s *Site) gbkArticle(a *art) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>%s_澄州新闻网</title></head><body>
<table width="760"><tr><td class="nav"><a href="/index.htm">首页</a> &gt; <a href="/gbk/list_12.html">县区新闻</a></td></tr>
<tr><td class="title" align="center"><b>%s</b></td></tr>
<tr><td align="center" class="info">%s　来源：澄州日报　作者：周清　点击数：<script src="/gbk/count.asp?id=1"></script></td></tr>
<tr><td class="content" id="zoom">`, esc(a.Title), esc(a.Title), a.date.Format("2006-1-2 15:04:05"))
	for _, p := range a.paras {
		fmt.Fprintf(&b, "&nbsp;&nbsp;&nbsp;&nbsp;%s<br><br>\n", esc(p))
	}
	b.WriteString(`</td></tr><tr><td align="right">【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table></body></html>`)
	return b.String()
}

// ---- sitemaps

func (s *Site) sitemap(base string, kinds ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
`)
	var as []*art
	for _, k := range kinds {
		as = append(as, s.kind(k)...)
	}
	sort.SliceStable(as, func(i, j int) bool { return as[i].date.After(as[j].date) })
	for _, a := range as {
		fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod><changefreq>never</changefreq></url>\n", base, a.Path, a.date.Format("2006-01-02"))
	}
	b.WriteString("</urlset>\n")
	return b.String()
}
