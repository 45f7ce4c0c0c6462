package crawl

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageFacts is what one read of an HTML page tells the crawler: its links,
// the pages of its column that only a script names, and the evidence for
// whether it is a list (column) page or an article.
type pageFacts struct {
	links   []string // every href and frame src, as written
	base    string   // <base href>, as written
	refresh string   // the target of a <meta http-equiv=refresh>

	articleMeta bool // <meta name=ArticleTitle> with a value
	columnMeta  bool // <meta name=ColumnType> or ColumnName
	pager       bool // a 下一页 / 尾页 / next link, or numbered page links
	pageNumbers int  // links whose text is a page number

	// itemLinks are the headline-like links that start a block (a list
	// item's link, not a link inside a sentence), itemRunes their text.
	itemLinks, itemRunes int
	// prose is the text outside links in runs of at least proseRun
	// runes; longestProse the longest run.
	prose, longestProse int
	// switches counts the turns between item links and prose runs in
	// reading order: a list with a summary under every headline turns at
	// every item, an article once or twice (menu, text, related links).
	switches int
	// segment is the most prose between two item links: an article's
	// text is one segment, a list's summaries are one each.
	segment int

	scriptPages []string // pages named by createPageHTML
	data        *datastore
	scriptTotal int // a jpaas column's record count as its pager script gives it
}

// datastore is the list a 大汉 (Hanweb) jpaas column embeds as XML in a
// script, and the dataproxy request that serves its later records.
type datastore struct {
	records   []string // hrefs of the records in the page
	total     int      // totalrecord
	nextGroup string   // the href of <nextgroup>
}

// Thresholds of the list-or-article decision (isList).
const (
	// headlineRunes is the shortest link text that reads as a headline.
	headlineRunes = 6
	// proseRun is the shortest run of text outside links that counts as
	// prose: dates, 来源 lines and menu separators stay below it.
	proseRun = 16
	// articleProse is the prose an article has at least when its page
	// says nothing else (short paragraphs included).
	articleProse = 250
	// minItemLinks is how many item links a list has at least; with
	// minSwitches turns between them and prose it is a list with a
	// summary under each headline.
	minItemLinks = 5
	minSwitches  = 8
	// metaProse is the prose a page whose ArticleTitle tag names it an
	// article needs (a gallery has captions and a sentence or two).
	metaProse = 40
	// pagedProse is the stretch of prose that, on a page linking its own
	// later pages (x.htm → x_2.htm), makes it an article's first page.
	pagedProse = 80
)

var (
	createPageRe  = regexp.MustCompile(`createPageHTML\s*\(([^)]*)\)`)
	totalRecordRe = regexp.MustCompile(`(?i)totalRecord['"]?\s*[:=]\s*['"]?(\d+)`)
	jsAssignRe    = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)\s*=\s*['"]?(\d+)['"]?`)
	pageNumber    = regexp.MustCompile(`^(\d{1,4}|第\d{1,4}页)$`)
	pagerWords    = []string{"下一页", "下页", "尾页", "末页", "最后一页", "下一頁", "尾頁", "next", "Next", "»", ">>"}
)

// readPage reads an HTML page (UTF-8).
func readPage(data []byte) *pageFacts {
	f := &pageFacts{}
	z := html.NewTokenizer(bytes.NewReader(data))
	var (
		inLink, inSkip int    // depth inside <a>, and inside <script>/<style>
		raw            string // the element whose content the tokenizer gives as raw text
		scriptXML      bool
		linkText       strings.Builder
		linkInline     bool // the link started inside a sentence of its block
		run            int  // prose runes of the current block so far
		runHan         int  // of which Han characters (a date or a [通知] tag before a headline is no sentence)
		last           byte // the last event: 'L' item link, 'P' prose run
		segment        int  // prose since the last item link
	)
	event := func(e byte) {
		if last != 0 && last != e {
			f.switches++
		}
		last = e
		if e == 'L' {
			segment = 0
		}
	}
	endRun := func() {
		if run >= proseRun {
			f.prose += run
			event('P')
			segment += run
			f.segment = max(f.segment, segment)
		}
		f.longestProse = max(f.longestProse, run)
		run, runHan = 0, 0
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			endRun()
			if f.data != nil && f.data.total == 0 {
				f.data.total = f.scriptTotal // no <totalrecord>: the jpage() call's
			}
			return f
		case html.TextToken:
			text := z.Text()
			switch {
			case inSkip > 0:
				f.script(string(text), scriptXML)
			case raw == "noscript" || raw == "noframes" || raw == "noembed":
				// what a browser without scripts shows: often the only
				// plain link of a script pager
				f.links = append(f.links, hrefs(string(text))...)
			case raw == "title" || raw == "iframe":
			case inLink > 0:
				linkText.Write(text)
			default:
				run += proseRunes(text)
				runHan += hanRunes(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if tt == html.StartTagToken {
				switch a {
				case atom.Noscript, atom.Noframes, atom.Noembed, atom.Title, atom.Iframe:
					raw = a.String()
				}
			}
			switch a {
			case atom.Script, atom.Style, atom.Textarea:
				if tt == html.StartTagToken {
					inSkip++
					scriptXML = a == atom.Script && strings.Contains(strings.ToLower(attrs["type"]), "xml")
				}
			case atom.A, atom.Area:
				if h := attrs["href"]; h != "" {
					f.links = append(f.links, h)
				}
				if a == atom.A && tt == html.StartTagToken {
					inLink++
					linkText.Reset()
					linkInline = runHan >= 4
				}
			case atom.Frame, atom.Iframe:
				if s := attrs["src"]; s != "" {
					f.links = append(f.links, s)
				}
			case atom.Base:
				if f.base == "" { // the first one counts, as in a browser
					f.base = attrs["href"]
				}
			case atom.Link:
				if strings.EqualFold(attrs["rel"], "alternate") && strings.Contains(attrs["type"], "xml") {
					f.links = append(f.links, attrs["href"]) // an RSS or Atom feed
				}
			case atom.Meta:
				switch name := strings.ToLower(attrs["name"]); {
				case name == "articletitle" && strings.TrimSpace(attrs["content"]) != "":
					f.articleMeta = true
				case name == "columntype" || name == "columnname":
					f.columnMeta = true
				case strings.EqualFold(attrs["http-equiv"], "refresh"):
					c := attrs["content"]
					if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
						f.refresh = strings.Trim(strings.TrimSpace(c[i+4:]), `'"`)
					}
				}
			}
			if isBlock(a) {
				endRun()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a.String() == raw {
				raw = ""
			}
			switch a {
			case atom.Script, atom.Style, atom.Textarea:
				inSkip = max(0, inSkip-1)
				scriptXML = false
			case atom.A:
				if inLink > 0 {
					inLink--
					if f.linkText(linkText.String()) && !linkInline {
						f.itemLinks++
						f.itemRunes += utf8.RuneCountInString(strings.TrimSpace(linkText.String()))
						endRun()
						event('L')
					}
				}
			}
			if isBlock(a) {
				endRun()
			}
		}
	}
}

// linkText notes what a link's text says about the page, and reports
// whether it reads as a headline.
func (f *pageFacts) linkText(t string) bool {
	t = strings.TrimSpace(t)
	for _, w := range pagerWords {
		if t == w || strings.Contains(t, w) && utf8.RuneCountInString(t) <= 6 {
			f.pager = true
			return false
		}
	}
	if pageNumber.MatchString(t) {
		// numbered page links (1 2 3 …): two make a pager, as on the
		// last page of a column, which has no 下一页
		f.pageNumbers++
		f.pager = f.pager || f.pageNumbers >= 2
		return false
	}
	return utf8.RuneCountInString(t) >= headlineRunes && hasHan(t)
}

// script reads what a script says: the pager of a TRS WCM column, or the
// records of a jpaas datastore.
func (f *pageFacts) script(s string, xmlScript bool) {
	if xmlScript || strings.Contains(s, "<datastore") {
		if d := readDatastore(s); d != nil {
			if f.data == nil {
				f.data = d
			} else {
				f.data.records = append(f.data.records, d.records...)
			}
		}
		return
	}
	if m := createPageRe.FindStringSubmatch(s); m != nil {
		f.scriptPages = append(f.scriptPages, scriptPager(m[1], s)...)
	}
	if m := totalRecordRe.FindStringSubmatch(s); m != nil {
		f.scriptTotal, _ = strconv.Atoi(m[1]) // jpage({totalRecord: N, …})
	}
}

// maxScriptPages bounds the pages one createPageHTML call may name.
const maxScriptPages = 5000

// scriptPager turns the arguments of createPageHTML into the column's
// pages. The common forms are createPageHTML(总页数, 当前页, "index",
// "html") and createPageHTML("pagediv", 总页数, 当前页, "index", "shtml",
// 记录数); a count may be a variable assigned earlier in the script.
func scriptPager(args, script string) []string {
	vars := map[string]int{}
	for _, m := range jsAssignRe.FindAllStringSubmatch(script, -1) {
		if n, err := strconv.Atoi(m[2]); err == nil {
			vars[m[1]] = n
		}
	}
	var nums []int
	var strs []string
	for _, a := range strings.Split(args, ",") {
		a = strings.TrimSpace(a)
		quoted := len(a) >= 2 && (a[0] == '"' || a[0] == '\'')
		a = strings.Trim(a, `"' `)
		if n, err := strconv.Atoi(a); err == nil {
			nums = append(nums, n)
		} else if n, ok := vars[a]; ok && !quoted {
			nums = append(nums, n)
		} else if quoted {
			strs = append(strs, a)
		}
	}
	if len(nums) == 0 {
		return nil
	}
	total := min(nums[0], maxScriptPages)
	name, ext := "index", "html"
	for i, s := range strs {
		switch strings.ToLower(s) {
		case "html", "htm", "shtml", "jsp", "php", "asp", "aspx":
			ext = s
			if i > 0 {
				name = strs[i-1]
			}
		}
	}
	if strings.ContainsAny(name, "/?#") || strings.ContainsAny(ext, "/?#") {
		return nil
	}
	pages := make([]string, 0, total)
	for i := 0; i < total; i++ {
		if i == 0 {
			pages = append(pages, name+"."+ext)
		} else {
			pages = append(pages, fmt.Sprintf("%s_%d.%s", name, i, ext))
		}
	}
	return pages
}

// readDatastore reads a jpaas <datastore>: its records' links, the total
// record count and the <nextgroup> link. Records are HTML in CDATA.
func readDatastore(s string) *datastore {
	i := strings.Index(s, "<datastore")
	if i < 0 {
		return nil
	}
	dec := xml.NewDecoder(strings.NewReader(s[i:]))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	d := &datastore{}
	var elem string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			elem = strings.ToLower(t.Name.Local)
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "datastore") {
				return d
			}
			elem = ""
		case xml.CharData:
			text := string(t)
			switch elem {
			case "record":
				d.records = append(d.records, hrefs(text)...)
			case "nextgroup":
				if hs := hrefs(text); len(hs) > 0 {
					d.nextGroup = hs[0]
				}
			case "totalrecord":
				d.total, _ = strconv.Atoi(strings.TrimSpace(text))
			}
		}
	}
	return d
}

// hrefs are the link targets of an HTML fragment.
func hrefs(fragment string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if string(name) != "a" {
				continue
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "href" && len(v) > 0 {
					out = append(out, html.UnescapeString(string(v)))
				}
			}
		}
	}
}

// dataproxyRequests are the requests for a jpaas column's records past its
// first group: POSTs to the dataproxy that <nextgroup> names, in groups of
// the first group's size, with the column's webid, columnid and unitid.
// When the page gives no record count, only the next group is asked for,
// and each full answer asks for the one after it (nextDataGroup).
func (d *datastore) dataproxyRequests(page *url.URL) []link {
	if d.nextGroup == "" || d.total > 0 && d.total <= len(d.records) {
		return nil
	}
	next, err := page.Parse(d.nextGroup)
	if err != nil || next.Host != page.Host {
		return nil
	}
	q := next.Query()
	q.Del("page")
	form := url.Values{"col": {"1"}, "appid": {"1"}}
	for k, v := range q {
		form[k] = v
	}
	next.RawQuery = ""
	group := len(d.records)
	if group <= 0 {
		group = 45
	}
	perPage := group
	if group%3 == 0 {
		perPage = group / 3 // a group is usually three pages of the column
	}
	last := d.total
	if last == 0 {
		last = len(d.records) + group // unknown: one group, then as answers come
	}
	var out []link
	for start := len(d.records) + 1; start <= last && len(out) < maxScriptPages; start += group {
		out = append(out, dataLink(next, start, min(start+group-1, last), perPage, form.Encode()))
	}
	return out
}

func dataLink(proxy *url.URL, start, end, perPage int, form string) link {
	u := *proxy
	u.RawQuery = fmt.Sprintf("startrecord=%d&endrecord=%d&perpage=%d", start, end, perPage)
	return link{URL: u.String(), Role: roleData, Form: form}
}

// nextDataGroup is the dataproxy request after l when its answer held n
// records, a full group: the column may hold more than the page said.
func nextDataGroup(l link, n int) (link, bool) {
	u, err := url.Parse(l.URL)
	if err != nil {
		return link{}, false
	}
	q := u.Query()
	start, err1 := strconv.Atoi(q.Get("startrecord"))
	end, err2 := strconv.Atoi(q.Get("endrecord"))
	perPage, _ := strconv.Atoi(q.Get("perpage"))
	if err1 != nil || err2 != nil || end < start || n < end-start+1 || end > maxDataRecords {
		return link{}, false
	}
	u.RawQuery = ""
	if l.Form == "" { // a GET fallback keeps its form in the query
		return link{}, false
	}
	return dataLink(u, end+1, end+end-start+1, perPage, l.Form), true
}

// maxDataRecords bounds the records asked of one jpaas column.
const maxDataRecords = 100000

// isList decides whether a page at u is a list (column) page to follow
// rather than an article to index. In order: a script pager or a jpaas
// datastore make a list; the government-page tag ArticleTitle with some
// prose makes an article; one stretch of prose longer than a list's
// summaries and than the headline links' text makes an article (short
// paragraphs included); headlines each with a summary under it make a
// list; so does a pager link; an address shaped like an article's with
// some prose makes an article (a gallery, a short notice); headline links
// with less prose than their own text make a list. Else the page is taken
// for an article, and the parser and minArticleRunes decide whether it
// holds one: a list taken for an article costs a parse, an article taken
// for a list is lost.
func (f *pageFacts) isList(u *url.URL) bool {
	switch {
	case f.data != nil || len(f.scriptPages) > 0:
		return true
	case f.articleMeta && f.prose >= metaProse:
		return false
	case f.segment >= articleProse && f.segment >= f.itemRunes:
		return false
	case f.itemLinks >= minItemLinks && f.switches >= minSwitches:
		return true
	case f.segment >= pagedProse && f.pagedArticle(u):
		return false // its pager turns the pages of one article
	case f.pager:
		return true
	case articleAddress(u) && f.prose >= metaProse:
		return false
	case listAddress(u) && f.itemLinks > 0:
		return true
	case f.itemLinks >= 2 && f.prose < f.itemRunes:
		return true
	}
	return f.columnMeta && f.itemLinks >= minItemLinks && f.prose < articleProse
}

var (
	// articlePath matches the addresses content systems give articles: a
	// date in the path (/2024-06/05/, /202406/, /2024/0605/, t20240605_…,
	// /2024/6/5/),
	// art_N, content_N, detail/show/view pages, a long numeric name.
	articlePath = regexp.MustCompile(`(?i)(/(19|20)\d{2}[-/]?\d{1,2}([-/]\d{1,2})?/|/(19|20)\d{2}[-/]?\d{4}/|/t(19|20)\d{6}_|art_\d+|content_\d+|/(detail|show|view|article|content)[^/]*\.|/\d{5,}(_\d+)?\.s?html?$)`)
	// listPath and listQuery match the addresses of column pages.
	listPath  = regexp.MustCompile(`(?i)(/(index|list|more|column)(_\d+)?\.[a-z]+$|/page/\d+/?$|/col/col\d+/)`)
	listQuery = regexp.MustCompile(`(?i)(^|&)(page|pageindex|pagenum|pageno|curpage)=`)
)

// pagedName splits a page's file name into the article's stem, the page
// number and the extension: t20240305_123_2.html is page 2 of
// t20240305_123.html (TRS numbers from _1, others from _2).
var pagedName = regexp.MustCompile(`^(.+)_(\d{1,2})(\.[A-Za-z]+)$`)

// pagesOf tells, from the links of an article page at at, whether it is a
// later page of a paged article (first, the address of page one, which it
// links to) or page one with later pages (their addresses, in order). A
// paged article names its pages x_2.htm (TRS: x_1.html) beside x.htm, or,
// at an address shaped like an article's, x.htm?page=2. A column's own
// pages (index_2.html, list.jsp?page=2) are not an article's.
func pagesOf(at *url.URL, hrefs []string) (first *url.URL, later []*url.URL) {
	if listPath.MatchString(at.Path) {
		return nil, nil
	}
	byQuery := articlePath.MatchString(at.Path)
	dir, name := path.Split(at.Path)
	stem, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	named := pagedName.FindStringSubmatch(name)
	atPage := queryPage(at)
	seen := map[string]bool{}
	for _, h := range hrefs {
		u, err := at.Parse(h)
		if err != nil || u.Host != at.Host {
			continue
		}
		u.Fragment = ""
		switch d, n := path.Split(u.Path); {
		case named != nil && u.Path == dir+named[1]+named[3]:
			u.RawQuery = ""
			return u, nil // x_2.htm links x.htm
		case byQuery && atPage > 1 && u.Path == at.Path && queryPage(u) <= 1:
			return withoutPage(u), nil // x.htm?page=2 links x.htm
		case atPage <= 1 && d == dir:
			m := pagedName.FindStringSubmatch(n)
			if m != nil && m[1] == stem && m[3] == ext && !seen[u.Path] {
				seen[u.Path] = true
				u.RawQuery = ""
				later = append(later, u)
			}
			if byQuery && u.Path == at.Path && queryPage(u) > 1 && !seen[u.String()] {
				seen[u.String()] = true
				later = append(later, u)
			}
		}
	}
	sort.Slice(later, func(i, j int) bool { return pageNo(later[i]) < pageNo(later[j]) })
	if len(later) > maxArticlePages {
		later = later[:maxArticlePages]
	}
	return nil, later
}

// pageParams name the page of an article paged by its query.
var pageParams = []string{"page", "pageno", "pagenum", "p", "pn", "curpage"}

// queryPage is the page number u's query names, 0 for none.
func queryPage(u *url.URL) int {
	for k, v := range u.Query() {
		if slices.Contains(pageParams, strings.ToLower(k)) && len(v) > 0 {
			if n, err := strconv.Atoi(v[0]); err == nil {
				return n
			}
		}
	}
	return 0
}

func withoutPage(u *url.URL) *url.URL {
	q := u.Query()
	for k := range q {
		if slices.Contains(pageParams, strings.ToLower(k)) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u
}

// pageNo is the page number of a later page's address.
func pageNo(u *url.URL) int {
	if n := queryPage(u); n > 0 {
		return n
	}
	m := pagedName.FindStringSubmatch(path.Base(u.Path))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[2])
	return n
}

// pagedArticle reports whether the page is a page of a paged article: it
// links later pages of its own, or page one.
func (f *pageFacts) pagedArticle(u *url.URL) bool {
	first, later := pagesOf(u, f.links)
	return first != nil || len(later) > 0
}

// articleAddress reports whether u is shaped like an article's address and
// not like a column page's.
func articleAddress(u *url.URL) bool {
	return !listAddress(u) && articlePath.MatchString(u.Path)
}

// listAddress reports whether u is shaped like a column page's address.
func listAddress(u *url.URL) bool {
	return listPath.MatchString(u.Path) || listQuery.MatchString(u.RawQuery)
}

// proseRunes counts the letters and Han characters of a text node.
func proseRunes(b []byte) int {
	n := 0
	for _, r := range string(b) {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsPunct(r) {
			n++
		}
	}
	return n
}

func hanRunes(b []byte) int {
	n := 0
	for _, r := range string(b) {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// isBlock reports whether an element ends a run of prose.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.Td, atom.Tr, atom.Table,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Nav, atom.Dd, atom.Dt, atom.Body, atom.Form, atom.Hr:
		return true
	}
	return false
}

// attachmentExts are files that are not pages: recorded as skipped, their
// bodies never read.
var attachmentExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".wps": true, ".et": true, ".ofd": true, ".zip": true, ".rar": true,
	".7z": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true,
	".bmp": true, ".webp": true, ".svg": true, ".mp4": true, ".mp3": true, ".avi": true,
	".flv": true, ".wmv": true, ".mov": true, ".swf": true, ".exe": true, ".apk": true,
	".css": true, ".js": true, ".ico": true,
}

func isAttachment(u *url.URL) bool {
	return attachmentExts[strings.ToLower(path.Ext(u.Path))]
}
