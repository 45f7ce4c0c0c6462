package crawl

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"path"
	"regexp"
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

	articleMeta  bool // <meta name=ArticleTitle> with a value
	columnMeta   bool // <meta name=ColumnType> or ColumnName, and no ArticleTitle
	pager        bool // a 下一页 / 尾页 / next link
	titleLinks   int  // links whose text reads as a headline
	longestProse int  // runes of the longest run of text outside links

	scriptPages []string // pages named by createPageHTML
	data        *datastore
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
	// minTitleLinks is how many headline-like links make a page that has
	// no long prose a list.
	minTitleLinks = 5
	// articleProse is the run of text outside links (runes) that only an
	// article has: list items are a headline and a date, a footer's
	// address line stays below it.
	articleProse = 160
	// headlineRunes is the shortest link text that reads as a headline.
	headlineRunes = 6
)

var (
	createPageRe = regexp.MustCompile(`createPageHTML\s*\(([^)]*)\)`)
	jsAssignRe   = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)\s*=\s*['"]?(\d+)['"]?`)
	pagerWords   = []string{"下一页", "下页", "尾页", "末页", "最后一页", "下一頁", "尾頁", "next", "Next", "»", ">>"}
)

// readPage reads an HTML page (UTF-8).
func readPage(data []byte) *pageFacts {
	f := &pageFacts{}
	z := html.NewTokenizer(bytes.NewReader(data))
	var (
		inLink, inSkip int // depth inside <a>, and inside <script>/<style>
		scriptXML      bool
		linkText       strings.Builder
		prose          int
		metaName       string
	)
	endProse := func() {
		f.longestProse = max(f.longestProse, prose)
		prose = 0
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			endProse()
			return f
		case html.TextToken:
			text := z.Text()
			if inSkip > 0 {
				f.script(string(text), scriptXML)
				continue
			}
			if inLink > 0 {
				linkText.Write(text)
				continue
			}
			prose += proseRunes(text)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
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
				rel := strings.ToLower(attrs["rel"])
				switch {
				case rel == "alternate" && strings.Contains(attrs["type"], "xml"):
					f.links = append(f.links, attrs["href"]) // an RSS or Atom feed
				}
			case atom.Meta:
				metaName = strings.ToLower(attrs["name"])
				switch {
				case metaName == "articletitle" && strings.TrimSpace(attrs["content"]) != "":
					f.articleMeta = true
				case metaName == "columntype" || metaName == "columnname":
					f.columnMeta = true
				case strings.EqualFold(attrs["http-equiv"], "refresh"):
					c := attrs["content"]
					if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
						f.refresh = strings.Trim(strings.TrimSpace(c[i+4:]), `'"`)
					}
				}
			}
			if isBlock(a) {
				endProse()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Textarea:
				inSkip = max(0, inSkip-1)
				scriptXML = false
			case atom.A:
				if inLink > 0 {
					inLink--
					f.linkText(linkText.String())
				}
			}
			if isBlock(a) {
				endProse()
			}
		}
	}
}

// linkText notes what a link's text says about the page.
func (f *pageFacts) linkText(t string) {
	t = strings.TrimSpace(t)
	for _, w := range pagerWords {
		if t == w || strings.Contains(t, w) && utf8.RuneCountInString(t) <= 6 {
			f.pager = true
			return
		}
	}
	if utf8.RuneCountInString(t) >= headlineRunes && hasHan(t) {
		f.titleLinks++
	}
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
func (d *datastore) dataproxyRequests(page *url.URL) []link {
	if d.nextGroup == "" || d.total <= len(d.records) {
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
	group := len(d.records)
	if group <= 0 {
		group = 45
	}
	perPage := group
	if group%3 == 0 {
		perPage = group / 3 // a group is usually three pages of the column
	}
	var out []link
	for start := len(d.records) + 1; start <= d.total && len(out) < maxScriptPages; start += group {
		u := *next
		u.RawQuery = fmt.Sprintf("startrecord=%d&endrecord=%d&perpage=%d", start, min(start+group-1, d.total), perPage)
		out = append(out, link{URL: u.String(), Role: roleData, Form: form.Encode()})
	}
	return out
}

// isList decides whether a page is a list (column) page to follow rather
// than an article to index. A page's own script pager or datastore, or a
// pager link, settles it; the government-page meta tags ArticleTitle
// (article) and ColumnType (column) come next; else a page of headline
// links with no long run of prose is a list.
func (f *pageFacts) isList() bool {
	switch {
	case f.data != nil || len(f.scriptPages) > 0:
		return true
	case f.articleMeta && f.longestProse >= articleProse/2:
		return false
	case f.pager && f.longestProse < articleProse:
		return true
	case f.columnMeta && !f.articleMeta && f.titleLinks >= minTitleLinks:
		return true
	}
	return f.titleLinks >= minTitleLinks && f.longestProse < articleProse
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
