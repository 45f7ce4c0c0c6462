package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlPage turns an HTML document into lines and the hints its markup
// gives. golang.org/x/net/html parses it as a browser would (broken markup
// included); then:
//
//   - elements that are never article text (scripts, forms' controls,
//     navigation, share bars, comment boxes, footers) are marked chrome by
//     their tag or by the words of their class, id and role;
//   - the main content is the element whose text reads most like prose
//     (readability's idea: sentence punctuation, little link text), with
//     its siblings that read like prose too;
//   - each block element ends a line; two <br> in a row (or one before an
//     indented line) end a paragraph, one alone only wraps a line.
//
// Lines outside the main content are kept but marked, so the header
// before it can still give the title, the date and the source, and
// nothing outside it becomes body text.
func htmlPage(s string) page {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil { // html.Parse only fails on a reader error
		return page{}
	}
	w := &htmlWalker{hints: hints{meta: map[string]string{}}, pageProse: proseOf(doc)}
	w.walk(doc, false)
	w.flush()
	w.markContent()
	return page{lines: w.lines(), hints: w.hints, html: true}
}

// htmlLine is a line of an HTML page on its way to becoming a line.
type htmlLine struct {
	line
	block   *html.Node // the block element that holds it
	linkLen int        // runes of link text in it
}

type htmlWalker struct {
	out       []htmlLine
	hints     hints
	buf       strings.Builder
	links     strings.Builder // link text of the current line
	block     *html.Node
	hint      Kind
	title     bool   // the current block is an <h1>
	class     bool   // the current block's class names it a title
	chrome    string // why the current block is chrome, or ""
	bold      string // text of a bold element that opens the current line
	inBold    int
	inLink    int
	pageProse int                    // clauses in the whole page
	sawImg    bool                   // an image since the last line
	score     map[*html.Node]float64 // readability's score of an element
	subtree   map[*html.Node]float64 // the prose score of all lines inside it
}

// walk visits n; chrome says an ancestor is page chrome and why.
func (w *htmlWalker) walk(n *html.Node, inChrome bool) {
	switch n.Type {
	case html.TextNode:
		if w.inLink > 0 {
			w.links.WriteString(n.Data)
		}
		if w.inBold > 0 && strings.TrimSpace(w.buf.String()) == "" {
			w.bold += n.Data
		}
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, inChrome)
		}
		return
	}

	switch n.DataAtom {
	case atom.Title:
		if w.hints.docTitle == "" {
			w.hints.docTitle = clean(textOf(n))
		}
		return
	case atom.Meta:
		w.meta(n)
		return
	case atom.Link, atom.Base:
		w.link(n)
		return
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math,
		atom.Input, atom.Select, atom.Textarea, atom.Button, atom.Option, atom.Iframe,
		atom.Object, atom.Embed, atom.Canvas, atom.Video, atom.Audio, atom.Head:
		if n.DataAtom == atom.Head {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c, true)
			}
		}
		return
	case atom.Rt, atom.Rp:
		// A ruby's reading, <ruby>增<rt>zēng</rt></ruby>: a gloss, not text.
		return
	case atom.Br:
		w.br(n)
		return
	case atom.Hr:
		w.flush()
		w.out = append(w.out, htmlLine{line: line{hard: true}})
		return
	case atom.Img:
		// An image's alt text is never text ("图片1" says nothing); the
		// short line under it is its caption.
		w.flush()
		w.sawImg = true
		return
	}

	if dateElement(n) {
		// <em id="publish_time">2024-04-22 18:30</em>: WeChat and many
		// CMSs set the date apart in an element of its own.
		if _, ok := w.hints.meta["dom:publish_time"]; !ok {
			w.hints.meta["dom:publish_time"] = clean(textOf(n))
		}
	}
	why := ""
	if !inChrome {
		why = chromeReason(n)
		if why != "" && w.pageProse > 0 && 2*proseOf(n) > w.pageProse {
			// A share page wraps everything in <div class="share-page">:
			// an element holding most of the page's prose is no chrome.
			why = ""
		}
	}
	block := blockElements[n.DataAtom] || why != ""
	if block {
		w.flush()
	}
	saved := struct {
		block  *html.Node
		hint   Kind
		title  bool
		class  bool
		chrome string
	}{w.block, w.hint, w.title, w.class, w.chrome}
	if block {
		w.block = n
		switch {
		case n.DataAtom == atom.H1:
			w.title = true
		case isHeadingAtom(n.DataAtom):
			w.hint = Heading
		case n.DataAtom == atom.Figcaption:
			w.hint = Caption
		}
		if why != "" {
			w.chrome = why
		}
	}
	if titleClass(n) {
		w.class = true // an inline element classed as a title marks its line
	}
	bold := n.DataAtom == atom.Strong || n.DataAtom == atom.B || boldStyle(n)
	link := n.DataAtom == atom.A
	if bold {
		w.inBold++
	}
	if link {
		w.inLink++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inChrome || why != "")
	}
	if bold {
		w.inBold--
	}
	if link {
		w.inLink--
	}
	switch n.DataAtom {
	case atom.Td, atom.Th:
		w.buf.WriteByte(' ')
	}
	if block {
		w.flush()
		w.block, w.hint, w.title, w.class, w.chrome = saved.block, saved.hint, saved.title, saved.class, saved.chrome
	}
}

// br handles a line break: one only wraps, but one followed by an indented
// line ("<br>　　第二段") or after a sentence's end starts a paragraph, as
// many Chinese CMS pages write paragraphs that way. Two in a row always do.
func (w *htmlWalker) br(n *html.Node) {
	text := w.buf.String()
	if strings.HasSuffix(text, "\x00") || endsSentence(strings.TrimRightFunc(text, isSpaceRune)) || indented(n.NextSibling) {
		w.flush()
		return
	}
	w.buf.WriteByte(0)
}

// indented reports whether the text after a <br> starts with the
// indentation of a new paragraph: two or more spaces of any width.
func indented(n *html.Node) bool {
	if n == nil || n.Type != html.TextNode {
		return false
	}
	spaces := 0
	for _, r := range n.Data {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
		case isSpaceRune(r):
			spaces++
		default:
			return spaces >= 2
		}
	}
	return false
}

func endsSentence(s string) bool {
	switch lastRune(s) {
	case '。', '!', '?', '！', '？', '”', '」', '…':
		return true
	}
	return false
}

// flush ends the current line (or lines: parts the <br> logic split).
func (w *htmlWalker) flush() {
	raw := w.buf.String()
	links := runeCount(clean(w.links.String()))
	bold := clean(w.bold)
	w.buf.Reset()
	w.links.Reset()
	w.bold = ""
	var cur joiner
	first := true
	emit := func() {
		t := cur.take()
		if t == "" {
			return
		}
		l := htmlLine{line: line{text: t, hint: w.hint, title: w.title, titleClass: w.class, chrome: w.chrome, underImage: w.sawImg}, block: w.block}
		w.sawImg = false
		w.class = w.block != nil && titleClass(w.block)
		if first {
			l.bold = bold
			l.linkLen = links // link text is credited to the first part
			l.link = 2*links > runeCount(t)
			first = false
		}
		w.out = append(w.out, l)
	}
	for _, part := range strings.Split(raw, "\x00") {
		if t := clean(part); t != "" {
			cur.add(t)
		} else {
			emit()
		}
	}
	emit()
}

// meta records the <meta> tags that name the article's title, date,
// source and author: Open Graph, and the TRS CMS tags most Chinese
// government sites carry (ArticleTitle, PubDate, ContentSource, Author).
func (w *htmlWalker) meta(n *html.Node) {
	var key, content string
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "name", "property", "itemprop", "http-equiv":
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(a.Val))
			}
		case "content":
			content = clean(a.Val)
		}
	}
	if key != "" && content != "" {
		if _, ok := w.hints.meta[key]; !ok {
			w.hints.meta[key] = content
		}
	}
}

// link records the page's own address, <link rel="canonical" href>, and
// the <base href> its links are relative to: the first of each.
func (w *htmlWalker) link(n *html.Node) {
	href, canonical := "", false
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "href":
			href = strings.TrimSpace(a.Val)
		case "rel":
			for _, r := range strings.Fields(strings.ToLower(a.Val)) {
				canonical = canonical || r == "canonical"
			}
		}
	}
	switch {
	case href == "":
	case n.DataAtom == atom.Base && w.hints.base == "":
		w.hints.base = href
	case canonical && w.hints.canonical == "":
		w.hints.canonical = href
	}
}

// markContent finds the main content and marks every line outside it.
// Each line's prose score goes to its block's parent in full and to the
// grandparent in half (so the container of the paragraphs wins, not one
// paragraph); the best element, and those of its siblings that read as
// prose too (a fifth of its score), are the content.
func (w *htmlWalker) markContent() {
	w.score = map[*html.Node]float64{}
	w.subtree = map[*html.Node]float64{}
	for _, l := range w.out {
		if l.block == nil || l.chrome != "" {
			continue
		}
		s := proseScore(l.text, l.linkLen)
		if s == 0 {
			continue
		}
		w.score[l.block] += s
		if p := l.block.Parent; p != nil {
			w.score[p] += s
			if g := p.Parent; g != nil {
				w.score[g] += s / 2
			}
		}
		for n, up := l.block, 0; n != nil && up < maxAncestors; n, up = n.Parent, up+1 {
			w.subtree[n] += s
		}
	}
	var best *html.Node
	for n, s := range w.score {
		if best == nil || s > w.score[best] || s == w.score[best] && depth(n) > depth(best) {
			best = n
		}
	}
	if best == nil {
		return // no prose at all: every line stays a candidate
	}
	// Siblings of the best element, and of its parent (a letter beside the
	// block that holds the reply), join it when they read as prose.
	content := map[*html.Node]bool{best: true}
	min := w.score[best] * 0.2
	for n := best; n != nil && n.Parent != nil && n.Parent.DataAtom != atom.Body && n.Parent.DataAtom != atom.Html; n = n.Parent {
		for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
			if c != n && c.Type == html.ElementNode && chromeReason(c) == "" && (w.subtree[c] >= min || w.subtree[c] >= minSiblingProse) && min > 0 {
				content[c] = true
			}
		}
		if n != best {
			break // two levels at most
		}
	}
	for i := range w.out {
		l := &w.out[i]
		if l.block == nil {
			continue
		}
		in := false
		for n, up := l.block, 0; n != nil && up < maxAncestors; n, up = n.Parent, up+1 {
			if content[n] {
				in = true
				break
			}
		}
		l.outside = !in
	}
}

// proseScore says how much a line reads like article prose: one point
// per clause (Chinese commas and full stops) plus a little for length,
// nothing when most of it is link text (menus, lists of other articles).
func proseScore(text string, linkLen int) float64 {
	n := runeCount(text)
	if n == 0 || float64(linkLen) > 0.5*float64(n) {
		return 0
	}
	clauses := 0
	for _, r := range text {
		switch r {
		case '，', '。', '；', '！', '？', '、', ',', ';':
			clauses++
		}
	}
	if clauses == 0 && n < 25 {
		return 0
	}
	s := float64(clauses) + float64(min(n, 300))/100
	return s * (1 - float64(linkLen)/float64(n))
}

// maxAncestors bounds the walk up from a line: pages nest their text a few
// dozen elements deep, and a pathological page must not make the walk
// quadratic.
const maxAncestors = 64

// minSiblingProse: a sibling of the main content with this much prose (a
// reader's letter above the bureau's reply) is content, however long the
// reply.
const minSiblingProse = 8

// proseOf counts the clause marks in the text of n and its descendants:
// how much prose it holds.
func proseOf(n *html.Node) int {
	count := 0
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				switch r {
				case '，', '。', '；', '！', '？':
					count++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return count
}

func depth(n *html.Node) int {
	d := 0
	for ; n != nil && d < maxAncestors; n = n.Parent {
		d++
	}
	return d
}

func (w *htmlWalker) lines() []line {
	out := make([]line, 0, len(w.out))
	for _, l := range w.out {
		out = append(out, l.line)
	}
	return trimHard(out)
}

// textOf is the text of n and its descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

// trimHard drops the <hr> markers that are not between text lines.
func trimHard(ls []line) []line {
	out := ls[:0]
	for _, l := range ls {
		if l.hard && (len(out) == 0 || out[len(out)-1].hard) {
			continue
		}
		out = append(out, l)
	}
	if n := len(out); n > 0 && out[n-1].hard {
		out = out[:n-1]
	}
	return out
}

func isHeadingAtom(a atom.Atom) bool {
	switch a {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

var blockElements = atomSet(atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd,
	atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Tr, atom.Tbody, atom.Thead,
	atom.Tfoot, atom.Caption, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Figure,
	atom.Figcaption, atom.Pre, atom.Address, atom.Center, atom.Header, atom.Footer, atom.Details,
	atom.Summary, atom.Fieldset, atom.Legend, atom.Nav, atom.Aside, atom.Form, atom.Body)

func atomSet(as ...atom.Atom) map[atom.Atom]bool {
	m := make(map[atom.Atom]bool, len(as))
	for _, a := range as {
		m[a] = true
	}
	return m
}

// chromeReason says why element n is page chrome rather than article, or
// "" when it is not: navigation and asides by tag; headers and footers
// outside an <article>; and any element whose class, id or role names
// navigation, breadcrumbs, share bars, comments, related links or the
// site's footer. The rule names show in `fangtan inspect --explain`.
func chromeReason(n *html.Node) string {
	switch n.DataAtom {
	case atom.Nav, atom.Menu:
		return "chrome:<" + n.Data + ">"
	case atom.Aside, atom.Dialog:
		return "chrome:<" + n.Data + ">"
	case atom.Header, atom.Footer:
		if !insideArticle(n) && !holdsHeadline(n) {
			return "chrome:<" + n.Data + ">"
		}
	}
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "class", "id", "role":
		default:
			continue
		}
		for _, word := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '.'
		}) {
			if chromeWord(word) {
				return "chrome:" + a.Key + "=" + word
			}
		}
	}
	return ""
}

// chromeWord reports a class or id word that names page chrome. Chinese
// CMSs name their blocks in English and in pinyin initials: dh (导航),
// wz (位置), fx (分享), xgxw (相关新闻), bq (版权).
func chromeWord(w string) bool {
	if chromeWords[w] {
		return true
	}
	for _, p := range chromePrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

var (
	chromeWords = map[string]bool{
		"nav": true, "menu": true, "sidebar": true, "footer": true, "foot": true, "topbar": true,
		"toolbar": true, "share": true, "sharebar": true, "bdshare": true, "jiathis": true, "social": true,
		"comment": true, "comments": true, "pinglun": true, "related": true, "relate": true,
		"recommend": true, "tuijian": true, "copyright": true, "banquan": true, "advert": true,
		"advertisement": true, "ads": true, "ad": true, "login": true, "search": true, "sousuo": true,
		"breadcrumb": true, "breadcrumbs": true, "crumb": true, "crumbs": true, "position": true,
		"location": true, "weizhi": true, "dqwz": true, "daohang": true, "dh": true, "fenxiang": true,
		"xgxw": true, "xgwz": true, "xglj": true, "xgyd": true, "prevnext": true, "pager": true,
		"print": true, "dayin": true, "fontsize": true, "zihao": true, "qrcode": true, "erweima": true,
		"ewm": true, "hotnews": true, "paihang": true, "rank": true, "ranking": true, "tools": true,
	}
	chromePrefixes = []string{"navbar", "navigation", "nav1", "nav2", "breadcrumb", "crumb", "footer",
		"copyright", "sidebar", "share", "comment", "related", "recommend", "bdshare", "fenxiang"}
)

// insideArticle reports whether n is inside an <article> or <main>.
func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// holdsHeadline reports a <header> that holds an <h1>: an article's own
// header, not the site's, when the page has no <article>.
func holdsHeadline(n *html.Node) bool {
	if n.DataAtom != atom.Header {
		return false
	}
	var found bool
	var f func(*html.Node)
	f = func(c *html.Node) {
		if found {
			return
		}
		if c.DataAtom == atom.H1 || c.DataAtom == atom.Nav {
			found = c.DataAtom == atom.H1
			return
		}
		for d := c.FirstChild; d != nil; d = d.NextSibling {
			f(d)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		f(c)
	}
	return found
}

// titleClass reports an element whose class or id names an article title:
// "title", "article-title", "news_title", "detail-tit", "bt" (标题).
func titleClass(n *html.Node) bool {
	for _, a := range n.Attr {
		if k := strings.ToLower(a.Key); k != "class" && k != "id" {
			continue
		}
		for _, word := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t'
		}) {
			switch {
			case strings.Contains(word, "title") && !strings.Contains(word, "sub"):
				return true
			case word == "t" || word == "tit" || word == "headline" || word == "bt" || word == "biaoti" || word == "dbt" || word == "zbt" || word == "h1":
				return true
			}
		}
	}
	return false
}

// boldStyle reports an inline style that makes its text bold.
func boldStyle(n *html.Node) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, "style") {
			v := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			return strings.Contains(v, "font-weight:bold") || strings.Contains(v, "font-weight:700")
		}
	}
	return false
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\u3000' || r == '\u00a0' || r == '\u2002' || r == '\u2003' || r == '\t' || r == '\n' || r == '\r'
}

// dateElement reports an element whose id or class names the publication
// date: publish_time, pubtime, publish-date, post-time.
func dateElement(n *html.Node) bool {
	for _, a := range n.Attr {
		if k := strings.ToLower(a.Key); k != "id" && k != "class" {
			continue
		}
		v := strings.ToLower(a.Val)
		for _, w := range []string{"publish_time", "publishtime", "publish-time", "pubtime", "pub_time", "pubdate", "publish-date", "publish_date", "post-time", "posttime"} {
			if strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}
