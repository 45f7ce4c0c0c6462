package crawltest

import (
	"fmt"
	"html"
	"net/http"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// words are the page chrome's words, in simplified or traditional script
// (a Big5 page can hold only the latter).
type words struct {
	site, home, here, text, pubTime, source, views, print, closeWin, sponsor, address, phone, siteID, siteMap, icp, nav string
}

var (
	simplified = words{
		site: siteName, home: "首页", here: "当前位置：", text: "正文", pubTime: "发布时间：", source: "来源：",
		views: "浏览次数：", print: "打印", closeWin: "关闭", sponsor: "主办单位：", address: "地址：临澜市行政中心3号楼",
		phone: "电话：", siteID: "网站标识码：", siteMap: "网站地图", icp: icp,
		nav: `<li><a href="/">首页</a></li><li><a href="/xwdt/index.html">工作动态</a></li><li><a href="/col/col1234/index.html">部门动态</a></li><li><a href="/zxft/list.html">在线访谈</a></li>`,
	}
	traditional = words{
		site: "臨瀾市工業和信息化局", home: "首頁", here: "當前位置：", text: "正文", pubTime: "發佈時間：", source: "來源：",
		views: "瀏覽次數：", print: "打印", closeWin: "關閉", sponsor: "主辦單位：", address: "地址：臨瀾市行政中心3號樓",
		phone: "電話：", siteID: "網站標識碼：", siteMap: "網站地圖", icp: "臨ICP備00012345號-1",
		nav: `<li><a href="/">首頁</a></li><li><a href="/xwdt/index.html">工作動態</a></li><li><a href="/col/col1234/index.html">部門動態</a></li><li><a href="/zxft/list.html">在線訪談</a></li>`,
	}
)

// footer is every page's footer: 主办单位 and ICP 备案.
var footer = footerOf(simplified)

func footerOf(w words) string {
	return `<div class="footer"><p>` + w.sponsor + w.site + `　` + w.address + `　` + w.phone + `0000-12345678</p>` +
		`<p>` + w.siteID + `0000000001　<a href="http://127.0.0.1:9/www.beian/" target="_blank">` + w.icp + `</a>　<a href="/sitemap.html">` + w.siteMap + `</a></p></div>` + "\n"
}

// topNav is every page's header: the logo and the columns.
func (p *Portal) topNav() string { return topNavOf(simplified) }

func topNavOf(w words) string {
	return `<div class="top"><div class="logo"><a href="/">` + w.site + `</a></div><ul class="nav">` + w.nav + "</ul></div>\n"
}

// columnURL is where a column's first page is.
func columnURL(list string) string {
	switch list {
	case inJpaas:
		return "/col/col1234/index.html"
	case inZxft:
		return "/zxft/list.html"
	case inSitemap, inRSS, inAtom:
		return "/"
	}
	return "/xwdt/index.html"
}

// articleHTML is article a's page after v changes (its print version if
// print), in UTF-8: encode it with encode.
func (p *Portal) articleHTML(r *http.Request, a *art, v int, print bool) string {
	w := simplified
	if a.enc == encBig5 {
		w = traditional
	}
	abs := origin(r) + a.path
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n")
	switch a.enc {
	case encUTF8:
		b.WriteString("<meta charset=\"utf-8\">\n")
	case encGBKMeta:
		b.WriteString("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n")
	case encBig5:
		b.WriteString("<meta charset=\"big5\">\n")
	}
	fmt.Fprintf(&b, "<title>%s_%s</title>\n", esc(a.title), esc(w.site))
	for _, m := range [][2]string{
		{"SiteName", w.site}, {"SiteDomain", r.Host}, {"ColumnName", a.column}, {"ColumnType", a.column},
		{"ArticleTitle", a.title}, {"PubDate", a.date.Format("2006-01-02 15:04")}, {"ContentSource", a.source}, {"Url", abs},
	} {
		fmt.Fprintf(&b, "<meta name=\"%s\" content=\"%s\">\n", m[0], esc(m[1]))
	}
	if print || a.path == DupPath {
		fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", esc(abs))
	}
	b.WriteString("<link rel=\"stylesheet\" href=\"/images/style.css\">\n</head>\n<body>\n")
	if !print {
		b.WriteString(topNavOf(w))
		fmt.Fprintf(&b, "<div class=\"position\">%s<a href=\"/\">%s</a> &gt; <a href=\"%s\">%s</a> &gt; %s</div>\n",
			w.here, w.home, columnURL(a.list), esc(a.column), w.text)
	}
	b.WriteString("<div class=\"main\">\n")
	fmt.Fprintf(&b, "<h1 class=\"article-title\">%s</h1>\n", esc(a.title))
	fmt.Fprintf(&b, "<div class=\"article-info\"><span>%s%s</span>　<span>%s%s</span>　<span>%s<span id=\"hits\"></span></span></div>\n",
		w.pubTime, a.date.Format("2006-01-02 15:04"), w.source, esc(a.source), w.views)
	switch a.list {
	case inJpaas:
		b.WriteString("<div class=\"bt_content\" id=\"zoom\">\n")
	case inZxft:
		b.WriteString("<div class=\"article-content\">\n")
	default:
		b.WriteString("<div class=\"article-content\"><div class=\"TRS_Editor\">\n")
	}
	ph := phraseSentence(a, phrase(a, v), v)
	for i, s := range a.paras {
		fmt.Fprintf(&b, "<p style=\"text-indent:2em;\">%s</p>\n", esc(s))
		if i == min(1, len(a.paras)-1) {
			fmt.Fprintf(&b, "<p style=\"text-indent:2em;\">%s</p>\n", esc(ph))
		}
	}
	if a.list != inJpaas && a.list != inZxft {
		b.WriteString("</div>")
	}
	b.WriteString("</div>\n")
	if a.path == DupPath && !print {
		b.WriteString("<div class=\"article-tools\">【<a href=\"/print.jsp?id=1001\">" + w.print + "</a>】【<a href=\"?print=1\">打印预览</a>】【<a href=\"javascript:window.close()\">" + w.closeWin + "</a>】</div>\n")
	} else {
		b.WriteString("<div class=\"article-tools\">【<a href=\"javascript:window.print()\">" + w.print + "</a>】【<a href=\"javascript:window.close()\">" + w.closeWin + "</a>】</div>\n")
	}
	b.WriteString("</div>\n")
	if !print {
		b.WriteString(footerOf(w))
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// encode turns a UTF-8 page into the bytes of encoding enc.
func encode(enc int, page string) []byte {
	var out string
	var err error
	switch enc {
	case encGBKHeader, encGBKMeta:
		out, err = simplifiedchinese.GBK.NewEncoder().String(page)
	case encBig5:
		out, err = traditionalchinese.Big5.NewEncoder().String(page)
	default:
		return []byte(page)
	}
	if err != nil {
		panic(fmt.Sprintf("crawltest: page not encodable: %v", err))
	}
	return []byte(out)
}

// item is one entry of a list page.
type item struct{ href, title, date string }

// listItems are the items of the articles of a list, in list order.
func (p *Portal) listItems(list string, href func(a *art) string) []item {
	var out []item
	for _, a := range p.arts {
		if a.list == list {
			out = append(out, item{href(a), a.title, a.date.Format("2006-01-02")})
		}
	}
	return out
}

// listPage is a column page: chrome, the items, and extra (the pager).
// head goes into <head>, intro before the list.
func (p *Portal) listPage(title, head, intro, column, colURL string, items []item, extra string, v int) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n%s</head>\n<body>\n", html.EscapeString(title), head)
	b.WriteString(p.topNav())
	fmt.Fprintf(&b, "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"%s\">%s</a></div>\n", colURL, column)
	b.WriteString("<div class=\"main\">\n" + intro)
	if v > 0 {
		fmt.Fprintf(&b, "<p class=\"notice\">本栏目已于近日第%d次调整更新。</p>\n", v)
	}
	if len(items) > 0 {
		b.WriteString("<ul class=\"list\">\n")
		for _, it := range items {
			fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_blank\" title=\"%s\">%s</a><span class=\"date\">%s</span></li>\n",
				html.EscapeString(it.href), html.EscapeString(it.title), html.EscapeString(it.title), it.date)
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString(extra + "</div>\n" + footer + "</body>\n</html>\n")
	return b.String()
}

// home is the portal's home page: links to the columns.
func (p *Portal) home(r *http.Request, v int) string {
	return p.listPage(siteName, "", "", "网站首页", "/", []item{
		{"/xwdt/index.html", "工作动态", ""}, {"/col/col1234/index.html", "部门动态", ""}, {"/zxft/list.html", "在线访谈", ""},
	}, "", v)
}

// trsPages is how many pages the TRS column has.
const trsPages = 3

// trsList is page n (0-based) of the TRS column /xwdt/.
func (p *Portal) trsList(r *http.Request, n, v int) string {
	all := p.listItems(inTRS, func(a *art) string { return "." + strings.TrimPrefix(a.path, "/xwdt") })
	bounds := []int{0, 7, 13, len(all)}
	items := all[bounds[n]:bounds[n+1]]
	var side strings.Builder
	traps := !p.o.NoTraps
	switch n {
	case 0:
		items = append(items, item{"./202403/P020240305512340891234.pdf", "附件：2024年工业设计中心申报指南", "2024-03-05"})
		host := "//" + r.Host
		side.WriteString("<div class=\"side\"><h3>热点关注</h3><ul>\n")
		fmt.Fprintf(&side, "<li><a href=\"./202403/t20240328_1001.html?utm_source=weixin&amp;utm_medium=share\">%s</a></li>\n", p.byPath[DupPath].title)
		fmt.Fprintf(&side, "<li><a href=\"%s%s\">%s</a></li>\n", host, DupPath, p.byPath[DupPath].title)
		fmt.Fprintf(&side, "<li><a href=\"./202403/t20240328_1001.html#content\">%s</a></li>\n", p.byPath[DupPath].title)
		if traps {
			side.WriteString("<li><a href=\"/calendar/?month=2024-03\">活动日历</a></li>\n")
		}
		side.WriteString("</ul></div>\n")
	case 1:
		items = append(items,
			item{"./202402/P020240218398761200567.doc", "附件：工业企业技术改造项目申报表", "2024-02-18"},
			item{PrivatePath, "内部工作安排", "2024-03-16"},
			item{RedirectPath, p.byPath[RedirectTarget].title, "2024-02-20"})
		if traps {
			items = append(items, item{LoopA, "专题专栏（一）", "2024-02-10"}, item{LoopB, "专题专栏（二）", "2024-02-09"})
		}
	case 2:
		items = append(items, item{"./202403/t20240321_1098.html", "视频：2024年全市工业和信息化工作会议", "2024-03-21"})
		if traps {
			items = append(items,
				item{"./202403/t20240319_1097.html", p.slow.title, "2024-03-19"},
				item{"./202403/t20240320_1096.html", "2024年1—2月全市工业经济运行数据汇编", "2024-03-20"},
				item{OutsidePath, "省工业和信息化厅", "2024-01-05"})
		}
	}
	pager := fmt.Sprintf("<div class=\"page\"><script type=\"text/javascript\">createPageHTML(%d, %d, \"index\", \"html\");</script></div>\n", trsPages, n)
	head := "<meta name=\"ColumnName\" content=\"工作动态\">\n<script type=\"text/javascript\" src=\"/js/common.js\"></script>\n"
	return p.listPage("工作动态_"+siteName, head, "", "工作动态", "/xwdt/index.html", items, side.String()+pager, v)
}

// zxftPages is how many pages the plain-link column has.
const zxftPages = 3

// zxftList is page n (1-based) of /zxft/list.html: plain pager links, and
// the chrome of an article (shape 14).
func (p *Portal) zxftList(r *http.Request, n, v int) string {
	all := p.listItems(inZxft, func(a *art) string { return a.path })
	items := all[(n-1)*4 : min(n*4, len(all))]
	head := "<meta name=\"SiteName\" content=\"" + siteName + "\">\n<meta name=\"ColumnName\" content=\"在线访谈\">\n<meta name=\"ColumnType\" content=\"在线访谈\">\n" +
		"<meta name=\"ColumnDescription\" content=\"领导干部在线访谈\">\n"
	switch n {
	case 1:
		items = append(items, item{BuildingPath, "在线访谈第41期：预告", "2024-03-30"})
		if !p.o.NoTraps {
			items = append(items, item{SessionPath + ";jsessionid=0A1B2C3D4E5F60718293A4B5C6D7E8F9", "互动交流", "2024-03-01"})
		}
	case 2:
		items = append(items, item{DupPath + "?page=1", p.byPath[DupPath].title, "2024-03-28"})
	case 3:
		// Under <base href>, the items' relative links resolve into /zxft/content/.
		head += "<base href=\"" + origin(r) + "/zxft/content/\">\n"
		for i := range items {
			items[i].href = strings.TrimPrefix(items[i].href, "/zxft/content/")
		}
	}
	intro := "<h1 class=\"article-title\">在线访谈</h1>\n<div class=\"article-info\">发布时间：2024-03-28　来源：" + siteName + "</div>\n" +
		"<div class=\"intro\"><p>在线访谈栏目定期邀请局领导和各科室负责同志走进直播间，围绕工业经济运行、产业政策落实和企业服务等社会关注的话题，与网友在线交流，解读政策，回应关切。欢迎广大网友通过互动交流栏目留言提问。</p></div>\n"
	var pg strings.Builder
	pg.WriteString("<div class=\"pager\">")
	fmt.Fprintf(&pg, "<a href=\"/zxft/list.html\">首页</a> ")
	if n > 1 {
		fmt.Fprintf(&pg, "<a href=\"/zxft/list.html?page=%d\">上一页</a> ", n-1)
	}
	if n < zxftPages {
		fmt.Fprintf(&pg, "<a href=\"/zxft/list.html?page=%d\">下一页</a> ", n+1)
	}
	fmt.Fprintf(&pg, "<a href=\"/zxft/list.html?page=%d\">尾页</a> 第%d页/共%d页</div>\n", zxftPages, n, zxftPages)
	return p.listPage("在线访谈_"+siteName, head, intro, "在线访谈", "/zxft/list.html", items, pg.String(), v)
}

// videoPage has a title, a video and an image, but no article text.
func (p *Portal) videoPage(r *http.Request) string {
	return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>视频_" + siteName + "</title>\n</head>\n<body>\n" +
		p.topNav() + "<div class=\"main\">\n<div class=\"video\"><video src=\"/video/2024gzhy.mp4\" controls width=\"640\"></video></div>\n" +
		"<div class=\"pic\"><img src=\"/images/2024gzhy.jpg\" alt=\"图片1\"></div>\n</div>\n" + footer + "</body>\n</html>\n"
}

// buildingPage is a page under construction: no article.
const buildingPage = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + siteName + "</title>\n</head>\n<body>\n" +
	"<div class=\"building\"><img src=\"/images/building.png\" alt=\"\"><p>页面正在建设中</p><p><a href=\"/\">返回首页</a></p></div>\n</body>\n</html>\n"
