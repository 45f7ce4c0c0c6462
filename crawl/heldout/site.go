// Package heldout is a synthetic city 工信局 portal built to test the
// crawler on shapes it was not developed against (see README.md). It is
// written without reading crawl/crawltest: a held-out site.
//
// Shapes: a root that is only a <meta http-equiv="refresh">; a home page
// whose columns sit in <iframe>s; a column reached through a 301 from
// /zcjd to /zcjd/ with its list in <table> rows paginated list_2.shtml,
// list_3.shtml and a ../ link to a sibling folder; an interview column
// paginated index_2.shtml by a javascript: pager with a real <a> fallback,
// its articles under /content/YYYY-MM/DD/content_N.htm, one of them in two
// pages (_2.htm); a news column with a prose summary under every item,
// paginated /page/2/, its articles under /c/YYYY-MM-DD/N.html, one of them
// a gallery with little text, one link answering 410, linked from the home
// page with the host in upper case; a 政府信息公开 table (索引号, 发文机关)
// at list.jsp?chid=5&pageIndex=2 with detail.jsp?id=N&amp;chid=5 articles;
// a 通知公告 column served as text/html;charset=GB2312 in GBK bytes,
// paginated index_2.htm; robots.txt with Crawl-delay: 0.1, a Disallow with
// an Allow inside it and a sitemap listing a subset, one article only
// there.
package heldout

import (
	"fmt"
	"html"
	"net/http"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fangtan/article"
	"fangtan/article/synth"
)

// Expect is an article the crawler should index: its path (with query)
// on the site, its title and a phrase found only in its body.
type Expect struct {
	Path, Title, Phrase string
}

// page kinds
const (
	kInterview   = iota // /content/… Q&A
	kPolicy             // /zcjd/… .shtml
	kNews               // /c/… .html
	kGallery            // /c/… little text, images
	kXxgk               // detail.jsp
	kGBK                // /tzgg/ GBK
	kPrivate            // /private/fbh/ (allowed)
	kSitemapOnly        // /zt/…
)

type art struct {
	Expect
	kind   int
	column string
	date   string
	source string
	paras  []string // body paragraphs; the phrase is in paras[1]
	page2  []string // a second page, if any
	qa     []string // speakers of a Q&A, per paragraph ("" none)
}

var phrases = []string{
	"青瓷雁阵", "琥珀星渠", "玳瑁灯塔", "珊瑚算盘", "琉璃齿轮", "玛瑙风铃",
	"翡翠罗盘", "麒麟纺锤", "凤尾轴承", "龙吟泵站", "鹦鹉焊枪", "孔雀熔炉",
	"白鹭芯片", "丹顶机床", "松鼠涡轮", "锦鲤电堆", "梧桐铸件", "海棠模具",
	"芙蓉滤网", "杜鹃阀门", "银杏光栅", "紫藤传感", "檀香电缆", "茉莉焊点",
	"蝴蝶轮毂", "蜻蜓叶片", "萤火电池", "蝉翼薄膜", "鲸歌储能", "雪豹物流",
}

// Site is the portal. Its zero value is not usable: call New.
type Site struct {
	arts   []*art
	byPath map[string]*art

	mu   sync.Mutex
	hits map[string]int // request paths (with query) → count
}

// New builds the site (deterministic).
func New() *Site {
	s := &Site{byPath: map[string]*art{}, hits: map[string]int{}}
	g := synth.New(synth.Options{Seed: 20240305, Paragraphs: 9, FirstYear: 2023, LastYear: 2024})
	n := 0
	add := func(kind int, column, path, date string) *art {
		a := g.Article(n + 1)
		var body []string
		var who []string
		for _, p := range a.Paragraphs {
			if p.Kind == article.Body {
				body = append(body, p.Text)
				who = append(who, p.Speaker)
			}
		}
		ph := phrases[n]
		n++
		if len(body) < 3 {
			panic("synth gave too few paragraphs")
		}
		// the phrase inside the second paragraph, after its first clause
		p := body[1]
		if i := strings.Index(p, "，"); i > 0 {
			p = p[:i+len("，")] + "在" + ph + "方面，" + p[i+len("，"):]
		} else {
			p = ph + "：" + p
		}
		body[1] = p
		x := &art{Expect: Expect{Path: path, Title: a.Title, Phrase: ph}, kind: kind, column: column,
			date: date, source: a.Source, paras: body, qa: who}
		s.arts = append(s.arts, x)
		s.byPath[path] = x
		return x
	}
	// 在线访谈: /content/YYYY-MM/DD/content_N.htm, lists /zxft/index.shtml, index_2.shtml
	zx := []string{"2024-06/18", "2024-05/20", "2024-04/11", "2024-03/05", "2023-12/27"}
	for i, d := range zx {
		a := add(kInterview, "zxft", fmt.Sprintf("/content/%s/content_%d.htm", d, 481790-i*13), strings.ReplaceAll(d, "/", "-"))
		if i == 1 {
			a.page2 = []string{a.paras[len(a.paras)-1] + "（下转）", "本期访谈到此结束，感谢各位网友的参与。"}
			a.paras = a.paras[:len(a.paras)-1]
		}
	}
	// 政策解读: /zcjd/2024/MMDD/N.shtml, one in the sibling folder /jdwz/
	zc := []string{"/zcjd/2024/0612/551207.shtml", "/zcjd/2024/0530/551133.shtml", "/zcjd/2024/0415/550981.shtml",
		"/zcjd/2024/0302/550702.shtml", "/jdwz/2023/1108/349001.shtml"}
	for _, p := range zc {
		add(kPolicy, "zcjd", p, "2024-"+p[11:13]+"-"+p[13:15])
	}
	// 工作动态: /c/YYYY-MM-DD/N.html; the third is a gallery
	nw := []string{"2024-06-21/654321", "2024-06-14/654287", "2024-06-03/654190", "2024-05-22/654102",
		"2024-05-09/654011", "2024-04-26/653960"}
	for i, p := range nw {
		k := kNews
		if i == 2 {
			k = kGallery
		}
		a := add(k, "gzdt", "/c/"+p+".html", p[:10])
		if k == kGallery {
			a.paras = a.paras[:2]
			// little text: the first sentence of each
			for j, t := range a.paras {
				if j == 1 {
					continue
				}
				if i := strings.Index(t, "。"); i > 0 {
					a.paras[j] = t[:i+len("。")]
				}
			}
		}
	}
	// 政府信息公开: /xxgk/detail.jsp?id=N&chid=5
	for i := 0; i < 4; i++ {
		add(kXxgk, "xxgk", fmt.Sprintf("/xxgk/detail.jsp?id=%d&chid=5", 10231-i*7), fmt.Sprintf("2024-0%d-1%d", 6-i, i))
	}
	// 通知公告, GBK
	for i, p := range []string{"202406/t20240611_88412", "202405/t20240528_88377", "202404/t20240410_88309"} {
		add(kGBK, "tzgg", "/tzgg/"+p+".htm", fmt.Sprintf("2024-0%d-%s", 6-i, p[13:15]))
	}
	add(kPrivate, "fbh", "/private/fbh/2024/fbh_0412.shtml", "2024-04-12")
	add(kSitemapOnly, "zt", "/zt/szhzx/20240618/art_1718.shtml", "2024-06-18")
	return s
}

// Articles are the articles the crawler should index.
func (s *Site) Articles() []Expect {
	out := make([]Expect, len(s.arts))
	for i, a := range s.arts {
		out[i] = a.Expect
	}
	return out
}

// StartURLs is what a user would give: the site root.
func (s *Site) StartURLs(base string) []string { return []string{base + "/"} }

// ColumnURLs is what a user who looked at the site would give: its
// column pages.
func (s *Site) ColumnURLs(base string) []string {
	return []string{base + "/zxft/index.shtml", base + "/zcjd/", base + "/gzdt/", base + "/xxgk/list.jsp?chid=5", base + "/tzgg/index.htm"}
}

// Hits are the requests the site has answered, path (with query) → count.
func (s *Site) Hits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		m[k] = v
	}
	return m
}

func (s *Site) column(c string) []*art {
	var out []*art
	for _, a := range s.arts {
		if a.column == c {
			out = append(out, a)
		}
	}
	return out
}

const css = `<link rel="stylesheet" href="/css/style.css">`

func header(title string) string {
	return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>` + html.EscapeString(title) + `</title>` + css + `
<script src="/js/jquery.min.js"></script></head><body>
<div class="top"><a href="/index.shtml">首页</a> | <a href="javascript:SetHome(this)">设为首页</a> | <a href="javascript:AddFavorite()">加入收藏</a> | <a href="http://127.0.0.1:9/www.gov/">中国政府网</a> | <a href="/wza/">无障碍</a></div>
<div class="logo"><img src="/images/logo.png" alt="临川市工业和信息化局"></div>
<div class="nav"><ul><li><a href="/index.shtml">首页</a></li><li><a href="/gzdt/">工作动态</a></li><li><a href="/zcjd">政策解读</a></li><li><a href="/zxft/index.shtml">在线访谈</a></li><li><a href="/xxgk/list.jsp?chid=5">政府信息公开</a></li><li><a href="/tzgg/index.htm">通知公告</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
`
}

const footer = `<div class="footer"><p><a href="/about/">关于我们</a> | <a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>
<p>主办单位：临川市工业和信息化局　地址：临川市人民路88号　邮编：330100</p>
<p>网站标识码：3601000099　<a href="http://127.0.0.1:9/beian.miit/">赣ICP备05001234号</a>　<a href="http://127.0.0.1:9/www.beian/">赣公网安备 36010002000123号</a></p>
<p><a href="http://127.0.0.1:9/bszs.conac/"><img src="/images/dzjg.png" alt="党政机关"></a> <a href="http://127.0.0.1:9/zfwzgl.www.gov/"><img src="/images/jiucuo.png" alt="政府网站找错"></a></p></div>
</body></html>`

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.hits[key]++
	s.mu.Unlock()

	p := r.URL.Path
	q := r.URL.Query()
	h := w.Header()
	text := func(ct, body string) {
		h.Set("Content-Type", ct)
		fmt.Fprint(w, body)
	}
	page := func(body string) { text("text/html", body) }
	switch {
	case p == "/robots.txt":
		text("text/plain", "User-agent: *\nCrawl-delay: 0.1\nDisallow: /private/\nAllow: /private/fbh/\nDisallow: /search/\nDisallow: /*.jsp?*print=\n\nSitemap: http://"+r.Host+"/sitemap.xml\n")
	case p == "/sitemap.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, a := range s.arts {
			if a.kind == kSitemapOnly || a.kind == kPrivate || a.Path == s.column("zcjd")[0].Path {
				fmt.Fprintf(&b, "<url><loc>http://%s%s</loc><lastmod>%s</lastmod></url>\n", r.Host, html.EscapeString(a.Path), a.date)
			}
		}
		fmt.Fprintf(&b, "<url><loc>http://%s/index.shtml</loc></url>\n", r.Host)
		b.WriteString("</urlset>\n")
		text("application/xml", b.String())
	case p == "/":
		page(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta http-equiv="refresh" content="0; URL=/index.shtml"><title>临川市工业和信息化局</title></head><body></body></html>`)
	case p == "/index.shtml":
		page(s.home(r))
	case p == "/zxft/frame.html":
		page(s.frame("zxft", 3))
	case p == "/gzdt/frame.html":
		page(s.frame("gzdt", 4))
	case p == "/zxft/index.shtml" || p == "/zxft/index_2.shtml":
		pg := 1
		if strings.HasSuffix(p, "_2.shtml") {
			pg = 2
		}
		page(s.zxftList(pg))
	case p == "/zcjd":
		http.Redirect(w, r, "/zcjd/", http.StatusMovedPermanently)
	case p == "/zcjd/" || p == "/zcjd/list_2.shtml" || p == "/zcjd/list_3.shtml":
		pg := 1
		if strings.HasPrefix(p, "/zcjd/list_") {
			pg = int(p[len("/zcjd/list_")] - '0')
		}
		page(s.zcjdList(pg))
	case p == "/gzdt/" || p == "/gzdt/page/2/" || p == "/gzdt/page/3/":
		pg := 1
		if strings.HasPrefix(p, "/gzdt/page/") {
			pg = int(p[len("/gzdt/page/")] - '0')
		}
		page(s.gzdtList(r, pg))
	case p == "/c/2024-05-30/654060.html":
		http.Error(w, "410 Gone: 该信息已撤销", http.StatusGone)
	case p == "/xxgk/list.jsp":
		if q.Get("chid") != "5" {
			http.NotFound(w, r)
			return
		}
		pg := 1
		if q.Get("pageIndex") == "2" {
			pg = 2
		}
		page(s.xxgkList(pg))
	case p == "/xxgk/detail.jsp":
		a := s.byPath[fmt.Sprintf("/xxgk/detail.jsp?id=%s&chid=%s", q.Get("id"), q.Get("chid"))]
		if a == nil {
			http.NotFound(w, r)
			return
		}
		page(s.articlePage(a, 1))
	case p == "/tzgg/index.htm" || p == "/tzgg/index_2.htm":
		pg := 1
		if strings.HasSuffix(p, "_2.htm") {
			pg = 2
		}
		gbk(w, s.tzggList(pg))
	default:
		if a := s.byPath[p]; a != nil && a.kind != kXxgk {
			body := s.articlePage(a, 1)
			if a.kind == kGBK {
				gbk(w, body)
				return
			}
			page(body)
			return
		}
		if strings.HasSuffix(p, "_2.htm") {
			if a := s.byPath[strings.TrimSuffix(p, "_2.htm")+".htm"]; a != nil && a.page2 != nil {
				page(s.articlePage(a, 2))
				return
			}
		}
		if p == "/private/neibu/draft.shtml" {
			page(header("内部稿件") + "<p>内部稿件，不应被抓取。</p>" + footer)
			return
		}
		http.NotFound(w, r)
	}
}

// gbk writes body as GBK, labelled GB2312 in the header; the page's own
// <meta> (utf-8 in header()) is replaced by gb2312 too.
func gbk(w http.ResponseWriter, body string) {
	body = strings.Replace(body, "charset=utf-8", "charset=gb2312", 1)
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(body))
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "text/html;charset=GB2312")
	w.Write(b)
}

func (s *Site) home(r *http.Request) string {
	var b strings.Builder
	b.WriteString(header("临川市工业和信息化局"))
	b.WriteString(`<div class="banner"><a href="/zt/szhzx/"><img src="/images/banner1.jpg" alt="数字化转型专题"></a></div>`)
	b.WriteString(`<div class="row"><div class="col-l"><div class="tit"><span>在线访谈</span><a class="more" href="/zxft/index.shtml">更多&gt;&gt;</a></div>
<iframe src="/zxft/frame.html" width="100%" height="260" frameborder="0" scrolling="no"></iframe></div>
<div class="col-r"><div class="tit"><span>工作动态</span><a class="more" href="http://` + strings.ToUpper(r.Host) + `/gzdt/">更多&gt;&gt;</a></div>
<iframe src="/gzdt/frame.html" width="100%" height="260" frameborder="0" scrolling="no"></iframe></div></div>`)
	b.WriteString(`<div class="row"><div class="tit"><span>新闻发布会</span></div><ul><li><a href="/private/fbh/2024/fbh_0412.shtml" target="_blank">` +
		html.EscapeString(s.column("fbh")[0].Title) + `</a></li><li><a href="/private/neibu/draft.shtml">内部稿件</a></li></ul></div>`)
	b.WriteString(`<div class="links"><select onchange="window.open(this.value)"><option>市直部门</option><option value="http://127.0.0.1:9/fgw.linchuan/">市发改委</option></select></div>`)
	b.WriteString(footer)
	return b.String()
}

// frame is an iframe's body: a bare list of the newest items.
func (s *Site) frame(col string, n int) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><base target="_blank"></head><body><ul class="frame-list">`)
	for i, a := range s.column(col) {
		if i == n {
			break
		}
		fmt.Fprintf(&b, `<li><a href="%s" title="%s">%s</a><span>%s</span></li>`+"\n", html.EscapeString(a.Path),
			html.EscapeString(a.Title), html.EscapeString(short(a.Title, 18)), a.date)
	}
	b.WriteString(`</ul></body></html>`)
	return b.String()
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func (s *Site) zxftList(pg int) string {
	all := s.column("zxft")
	items := all[:3]
	if pg == 2 {
		items = all[3:]
	}
	var b strings.Builder
	b.WriteString(header("在线访谈_临川市工业和信息化局"))
	b.WriteString(`<div class="position">当前位置：<a href="/index.shtml">首页</a> &gt; 在线访谈</div><div class="ft-list">`)
	for _, a := range items {
		fmt.Fprintf(&b, `<div class="ft-item"><a href="javascript:void(0)" onclick="window.open('%s')"><img src="/images/ft/%s.jpg"></a>
<div class="ft-info"><h4><a href="javascript:openArt('%s')">%s</a></h4><p>访谈时间：%s</p><p><a class="enter" href="%s">进入访谈</a></p></div></div>`+"\n",
			a.Path, a.Phrase, a.Path, html.EscapeString(a.Title), a.date, a.Path)
	}
	b.WriteString(`</div><div class="page">`)
	if pg == 1 {
		b.WriteString(`<a href="javascript:goPage(1)">首页</a> <span>1</span> <a href="javascript:goPage(2)">2</a> <a href="javascript:goPage(2)">下一页</a>
<noscript><a href="index_2.shtml">第2页</a></noscript>`)
	} else {
		b.WriteString(`<a href="javascript:goPage(1)">首页</a> <a href="javascript:goPage(1)">上一页</a> <span>2</span>
<noscript><a href="index.shtml">第1页</a></noscript>`)
	}
	b.WriteString(`</div><script>function goPage(n){location.href = n==1 ? "index.shtml" : "index_"+n+".shtml";}</script>`)
	b.WriteString(footer)
	return b.String()
}

func (s *Site) zcjdList(pg int) string {
	all := s.column("zcjd")
	var items []*art
	switch pg {
	case 1:
		items = all[:2]
	case 2:
		items = all[2:4]
	default:
		items = all[4:]
	}
	var b strings.Builder
	b.WriteString(header("政策解读"))
	b.WriteString(`<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="lm">政策解读</td></tr><tr><td>
<table width="100%" class="list" border="0" cellspacing="0" cellpadding="0">`)
	for _, a := range items {
		href := "./" + strings.TrimPrefix(a.Path, "/zcjd/")
		if strings.HasPrefix(a.Path, "/jdwz/") {
			href = "../jdwz/" + strings.TrimPrefix(a.Path, "/jdwz/")
		}
		fmt.Fprintf(&b, `<tr><td width="20"><img src="/images/dot.gif"></td><td align="left"><a href="%s" target="_blank" title="%s">%s</a></td><td width="90" align="right">[%s]</td></tr>
<tr><td colspan="3" background="/images/xuxian.gif" height="1"></td></tr>`+"\n", href, html.EscapeString(a.Title), html.EscapeString(short(a.Title, 26)), a.date)
	}
	b.WriteString(`</table></td></tr><tr><td align="center" class="fy">`)
	fmt.Fprintf(&b, `共3页 当前第%d页 `, pg)
	prev, next := "", ""
	if pg == 2 {
		prev = "./"
	} else if pg == 3 {
		prev = "list_2.shtml"
	}
	if pg < 3 {
		next = fmt.Sprintf("list_%d.shtml", pg+1)
	}
	b.WriteString(`<a href="./">首页</a> `)
	if prev != "" {
		fmt.Fprintf(&b, `<a href="%s">上一页</a> `, prev)
	}
	if next != "" {
		fmt.Fprintf(&b, `<a href="%s">下一页</a> `, next)
	}
	b.WriteString(`<a href="list_3.shtml">尾页</a></td></tr></table>`)
	b.WriteString(footer)
	return b.String()
}

func (s *Site) gzdtList(r *http.Request, pg int) string {
	all := s.column("gzdt")
	items := all[(pg-1)*2 : min(len(all), pg*2)]
	var b strings.Builder
	b.WriteString(header("工作动态 - 临川市工业和信息化局"))
	b.WriteString(`<div class="main"><div class="crumb">首页 / 工作动态</div><div class="news-list">`)
	for i, a := range items {
		sum := a.paras[0]
		if len(a.paras) > 2 {
			sum += a.paras[2]
		}
		fmt.Fprintf(&b, `<div class="news-item"><h3><a href="/c/%s">%s</a></h3><p class="summary">%s……</p><div class="meta"><span>%s</span> <span>来源：%s</span> <a href="/c/%s">[详细]</a></div></div>`+"\n",
			strings.TrimPrefix(a.Path, "/c/"), html.EscapeString(a.Title), html.EscapeString(short(sum, 140)), a.date, html.EscapeString(a.source), strings.TrimPrefix(a.Path, "/c/"))
		if pg == 2 && i == 0 {
			// a withdrawn item: 410
			b.WriteString(`<div class="news-item"><h3><a href="/c/2024-05-30/654060.html">关于组织申报2024年度工业互联网平台项目的通知（已撤销）</a></h3><p class="summary">该信息已撤销。</p></div>` + "\n")
		}
	}
	b.WriteString(`</div><div class="pagination">`)
	for i := 1; i <= 3; i++ {
		u := "/gzdt/"
		if i > 1 {
			u = fmt.Sprintf("/gzdt/page/%d/", i)
		}
		if i == pg {
			fmt.Fprintf(&b, `<span class="current">%d</span> `, i)
		} else {
			fmt.Fprintf(&b, `<a class="page-numbers" href="%s">%d</a> `, u, i)
		}
	}
	if pg < 3 {
		fmt.Fprintf(&b, `<a class="next page-numbers" href="/gzdt/page/%d/">&raquo;</a>`, pg+1)
	}
	b.WriteString(`</div></div>`)
	b.WriteString(footer)
	return b.String()
}

func (s *Site) xxgkList(pg int) string {
	all := s.column("xxgk")
	items := all[(pg-1)*2 : pg*2]
	var b strings.Builder
	b.WriteString(header("政府信息公开目录"))
	b.WriteString(`<div class="xxgk"><div class="xxgk-left"><ul><li><a href="/xxgk/zn/">信息公开指南</a></li><li><a href="/xxgk/zd/">信息公开制度</a></li><li><a href="list.jsp?chid=5">法定主动公开内容</a></li><li><a href="/xxgk/nb/">年度报告</a></li></ul></div>
<div class="xxgk-right"><form action="/search/xxgk.jsp"><input name="q"><input type="submit" value="检索"></form>
<table class="xxgk-table" border="1" cellspacing="0"><thead><tr><th>序号</th><th>索引号</th><th>信息名称</th><th>发文机关</th><th>成文日期</th><th>发布日期</th></tr></thead><tbody>`)
	for i, a := range items {
		idx := fmt.Sprintf("11360100MB1234567X/2024-%05d", 100+i+(pg-1)*2)
		fmt.Fprintf(&b, `<tr><td>%d</td><td>%s</td><td><a href="%s" target="_blank">%s</a></td><td>临川市工业和信息化局</td><td>%s</td><td>%s</td></tr>`+"\n",
			i+1+(pg-1)*2, idx, strings.ReplaceAll(strings.TrimPrefix(a.Path, "/xxgk/"), "&", "&amp;"), html.EscapeString(short(a.Title, 30)), a.date, a.date)
	}
	b.WriteString(`</tbody></table><div class="fy">`)
	fmt.Fprintf(&b, `共4条 每页2条 第%d/2页 `, pg)
	if pg == 1 {
		b.WriteString(`<a href="javascript:;" class="disabled">上一页</a> <a href="list.jsp?chid=5&amp;pageIndex=2">下一页</a>`)
	} else {
		b.WriteString(`<a href="list.jsp?chid=5&amp;pageIndex=1">上一页</a> <a href="javascript:;" class="disabled">下一页</a>`)
	}
	b.WriteString(`</div></div></div>`)
	b.WriteString(footer)
	return b.String()
}

func (s *Site) tzggList(pg int) string {
	all := s.column("tzgg")
	items := all[:2]
	if pg == 2 {
		items = all[2:]
	}
	var b strings.Builder
	b.WriteString(header("通知公告"))
	b.WriteString(`<div class="list"><ul>`)
	for _, a := range items {
		fmt.Fprintf(&b, `<li><span class="date">%s</span><a href="./%s" target="_blank">%s</a></li>`+"\n",
			a.date, strings.TrimPrefix(a.Path, "/tzgg/"), html.EscapeString(a.Title))
	}
	b.WriteString(`</ul></div><div class="page">`)
	if pg == 1 {
		b.WriteString(`<a href="index_2.htm">下一页</a> <a href="index_2.htm">尾页</a>`)
	} else {
		b.WriteString(`<a href="index.htm">首页</a> <a href="index.htm">上一页</a>`)
	}
	b.WriteString(`</div>`)
	b.WriteString(footer)
	return b.String()
}

func (s *Site) articlePage(a *art, pg int) string {
	var b strings.Builder
	title := a.Title
	switch a.kind {
	case kInterview:
		b.WriteString(header(title + "_在线访谈_临川市工业和信息化局"))
	case kNews, kGallery:
		b.WriteString(header(title + " - 工作动态 - 临川市工业和信息化局"))
	default:
		b.WriteString(header(title))
	}
	b.WriteString(`<div class="position">当前位置：<a href="/index.shtml">首页</a> &gt; <a href="../">栏目</a> &gt; 正文</div><div class="content">`)
	switch a.kind {
	case kXxgk:
		fmt.Fprintf(&b, `<table class="xxgk-meta" border="1"><tr><th>索引号：</th><td>11360100MB1234567X/2024-%s</td><th>主题分类：</th><td>工业、交通</td></tr>
<tr><th>发文机关：</th><td>临川市工业和信息化局</td><th>成文日期：</th><td>%s</td></tr><tr><th>标　　题：</th><td colspan="3">%s</td></tr>
<tr><th>发文字号：</th><td>临工信字〔2024〕%s号</td><th>发布日期：</th><td>%s</td></tr></table>`+"\n",
			a.Path[len("/xxgk/detail.jsp?id="):][:5], a.date, html.EscapeString(title), a.Path[len("/xxgk/detail.jsp?id=")+3:][:2], a.date)
		fmt.Fprintf(&b, `<h1 class="title">%s</h1>`, html.EscapeString(title))
	case kPolicy, kPrivate, kSitemapOnly:
		fmt.Fprintf(&b, `<div class="art-title">%s</div><div class="art-info">发布日期：%s　　来源：%s　　字号：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a>]　<a href="javascript:window.print()">打印</a></div>`,
			html.EscapeString(title), a.date, html.EscapeString(a.source))
	default:
		fmt.Fprintf(&b, `<h1>%s</h1><div class="info"><span>%s</span><span>来源：%s</span><span>浏览次数：<script src="/count.jsp?id=1"></script></span></div>`,
			html.EscapeString(title), a.date, html.EscapeString(a.source))
	}
	b.WriteString(`<div id="zoom" class="TRS_Editor">`)
	paras := a.paras
	if pg == 2 {
		paras = a.page2
	}
	for i, t := range paras {
		switch {
		case a.kind == kInterview && pg == 1 && i%2 == 0:
			fmt.Fprintf(&b, `<p><strong>主持人：</strong>%s</p>`+"\n", html.EscapeString(t))
		case a.kind == kInterview && pg == 1:
			fmt.Fprintf(&b, `<p><strong>嘉宾：</strong>%s</p>`+"\n", html.EscapeString(t))
		default:
			fmt.Fprintf(&b, `<p style="text-indent:2em;">%s</p>`+"\n", html.EscapeString(t))
		}
		if a.kind == kGallery {
			for k := 1; k <= 3; k++ {
				fmt.Fprintf(&b, `<p style="text-align:center"><img src="/uploads/2024/06/%d_%d.jpg" border="0"></p><p style="text-align:center">图为活动现场%d</p>`+"\n", i, k, k)
			}
		}
	}
	b.WriteString(`</div>`)
	if a.page2 != nil {
		base := a.Path[strings.LastIndex(a.Path, "/")+1:]
		p2 := strings.TrimSuffix(base, ".htm") + "_2.htm"
		if pg == 1 {
			fmt.Fprintf(&b, `<div class="pages"><span>1</span> <a href="%s">2</a> <a href="%s">下一页</a></div>`, p2, p2)
		} else {
			fmt.Fprintf(&b, `<div class="pages"><a href="%s">上一页</a> <a href="%s">1</a> <span>2</span></div>`, base, base)
		}
	}
	b.WriteString(`<div class="share">分享到：<a href="javascript:shareWx()">微信</a> <a href="http://127.0.0.1:9/service.weibo/share?url=x">微博</a></div>
<div class="related"><h4>相关链接</h4><ul>`)
	// a few siblings, as real article pages carry
	for _, o := range s.column(a.column) {
		if o != a {
			fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, strings.ReplaceAll(o.Path, "&", "&amp;"), html.EscapeString(short(o.Title, 20)))
		}
	}
	b.WriteString(`</ul></div><div class="close"><a href="javascript:window.close()">【关闭窗口】</a></div></div>`)
	b.WriteString(footer)
	return b.String()
}

// Paths lists the site's article paths, sorted (for reports).
func (s *Site) Paths() []string {
	var out []string
	for _, a := range s.arts {
		out = append(out, a.Path)
	}
	sort.Strings(out)
	return out
}
