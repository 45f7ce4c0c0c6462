package article

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"

	"fangtan/article/normalize"
	"fangtan/article/region"
)

// line is one cleaned line of input with what the markup said about it.
type line struct {
	text       string
	hint       Kind   // Heading or Caption when the markup says so (## …, <h2>, <figcaption>)
	title      bool   // the markup marks it as the title (# …, <h1>)
	titleClass bool   // HTML: its element's class names it a title
	hard       bool   // a break that ends the page's own header, such as <hr>
	chrome     string // HTML: the element is page chrome, and why
	outside    bool   // HTML: outside the main content
	bold       string // HTML: the bold text that opens the line ("主持人:")
	link       bool   // HTML: most of it is link text
	underImage bool   // HTML: it follows an image
}

// hints are what a page's markup says beyond its lines.
type hints struct {
	docTitle  string            // the <title>
	meta      map[string]string // <meta> name or property (lowercased) → content
	canonical string            // the href of <link rel="canonical">
	base      string            // the href of <base>
}

// page is a parsed input: its lines and its markup's hints.
type page struct {
	lines []line
	hints hints
	html  bool
	url   *url.URL // the address of a page fetched from the web (ParsePage); nil for a file
	// noPlace leaves the place empty: the caller detects it itself (a
	// .jsonl record, from its given paragraphs) or was given it.
	noPlace bool
}

// item is a line on its way to becoming a paragraph.
type item struct {
	kind    Kind
	text    string
	rule    string // why it has its kind, for Explain
	short   bool   // heading-like: a heading if body follows, else a credit
	label   *label
	speaker string
}

// Date evidence, weakest first: the page chrome's "today" line, an
// unlabelled date line, a <meta> date, a labelled one (成文日期:…), one
// labelled as the publication date (发布日期:…).
const (
	dateToday = iota + 1
	dateLine
	dateMeta
	dateLabelled
	datePublished
)

// facts gathers the metadata a page states, with where each came from.
type facts struct {
	tr       tracer
	site     string // the site's own name (主办单位:…), for a source of 本网
	siteLine string
	date     string
	dateRank int
	source   string
	srcRank  int
	authors  []string
}

// Source evidence, weakest first: a newspaper's masthead (an e-paper's
// <title> or the line above the headline), the office closing a news item
// ("(综合处)"), an outlet named before 记者 in a
// byline, the lead "金山网讯", a <meta> tag, a 来源: label.
const (
	sourceMasthead = iota + 1
	sourceCredit
	sourceByline
	sourceLead
	sourceMeta
	sourceLabel
)

func (f *facts) setDate(date string, rank int, rule, line string) {
	if date != "" && rank > f.dateRank {
		f.date, f.dateRank = date, rank
		f.tr.field("date", date, rule, line)
	}
}

func (f *facts) setSource(src string, rank int, rule, line string) {
	if src != "" && rank > f.srcRank {
		f.source, f.srcRank = src, rank
		f.tr.field("source", src, rule, line)
	}
}

func (f *facts) addAuthors(ns []string, rule, line string) {
	for _, n := range ns {
		if !contains(f.authors, n) {
			f.authors = append(f.authors, n)
		}
	}
	if len(ns) > 0 {
		f.tr.field("authors", strings.Join(f.authors, ","), rule, line)
	}
}

// dateline records what a date or source line states.
func (f *facts) dateline(d dateline, text string) {
	switch {
	case d.published:
		f.setDate(d.date, datePublished, "publication date", text)
	case d.labelled:
		f.setDate(d.date, dateLabelled, "labelled date", text)
	case d.today:
		f.setDate(d.date, dateToday, "the page's today line (weak)", text)
	default:
		f.setDate(d.date, dateLine, "date line", text)
	}
	if d.account {
		// The account that published a WeChat article: a 来源: label
		// naming the paper it reposts wins.
		f.setSource(d.source, sourceLead, "the WeChat account of the meta line", text)
	} else {
		f.setSource(d.source, sourceLabel, "source line", text)
	}
	f.addAuthors(d.authors, "date line", text)
}

// build turns a page into an Article: page furniture out, the headline,
// front matter, metadata, classified paragraphs, sections and speakers.
func build(p page, name string, tr tracer) (*Article, error) {
	a := &Article{Authors: []string{}, Paragraphs: []Paragraph{}}
	fx := &facts{tr: tr}
	fx.metaTags(p.hints)
	parts := titleSepRE.Split(p.hints.docTitle, -1)
	for _, part := range parts {
		fx.masthead(part)
	}
	if n := len(parts); n > 1 {
		// "…_苏州新闻网", "… | 兩岸經貿網": a news site's name ends its <title>.
		if site := clean(parts[n-1]); runeLen(site, 12) <= 12 && outletRE.MatchString(site) && !isSiteName(site) || isNewsSite(site) {
			fx.setSource(site, sourceMasthead, "the news site's name in <title>", p.hints.docTitle)
		}
	}
	lines, siteLines := dropFurniture(p.lines, p.html, fx, tr)
	pageNames := append([]string{p.hints.docTitle}, siteLines...)
	for _, l := range siteLines {
		fx.masthead(l)
		if m := organiserRE.FindStringSubmatch(fold(l)); m != nil && fx.site == "" {
			fx.site, fx.siteLine = m[1], l
		}
	}
	if len(lines) == 0 {
		return nil, &Error{Path: name, Reason: "no text: nothing but page furniture"}
	}

	ti, titleRule := headline(lines, p.hints)
	late := false
	if ti < 0 {
		ti, late = lateHeadline(lines), true
		titleRule = "the line above an outlet's date line, after the text it heads"
	}
	start := 0
	switch {
	case ti >= 0:
		a.Title = trimDecoration(lines[ti].text)
		tr.field("title", a.Title, titleRule, lines[ti].text)
		if late {
			// The text came first: it stays, the headline goes.
			lines = append(lines[:ti:ti], lines[ti+1:]...)
			break
		}
		// Above the headline: datelines count, the rest is navigation.
		for _, l := range lines[:ti] {
			if d, ok := parseDateline(fold(l.text)); ok {
				fx.dateline(d, l.text)
				continue
			}
			tr.drop(l.text, "above the headline")
			fx.masthead(l.text)
			pageNames = append(pageNames, l.text)
		}
		start = ti + 1
	default:
		if t, rule := docTitleHeadline(p.hints); t != "" {
			a.Title = t
			tr.field("title", t, rule, t)
		} else {
			tr.warn("no headline: the page starts with its text, so the title is its lead's first clause")
		}
	}
	titleKey := dedupKey(fold(a.Title))
	seen := map[string]bool{}
	if titleKey != "" {
		seen[titleKey] = true
	}

	var (
		items    []item
		header   []string // front-matter lines: kicker, subtitle, column label
		inHeader = true
		sawBody  bool
	)
	for _, l := range lines[start:] {
		if l.hard {
			inHeader = false
			continue
		}
		f := fold(l.text)
		key := dedupKey(f)
		// A repeated line (the page's second copy of the body, a caption
		// shown twice, the title again) is kept once. Very short lines and
		// bare Q&A labels may repeat legitimately.
		if runeLen(key, 4) >= 4 && !strings.HasSuffix(key, ":") {
			if seen[key] {
				tr.drop(l.text, "repeat")
				continue
			}
			seen[key] = true
		}
		if d, ok := parseDateline(f); ok {
			fx.dateline(d, l.text)
			continue
		}
		if c, ok := parseCredit(f); ok {
			fx.addAuthors(c.authors, "credit line", l.text)
			fx.setSource(c.outlet, sourceByline, "outlet of a byline", l.text)
			if !l.outside {
				items = append(items, item{kind: Credit, text: l.text, rule: "credit"})
			}
			continue
		}
		if l.outside && l.hint == Caption {
			// A gallery beside the text: its captions are the article's.
			items = append(items, item{kind: Caption, text: l.text, rule: "<figcaption> beside the text"})
			continue
		}
		if l.outside {
			// Outside the main content: front matter at most.
			if inHeader && isHeaderLike(f) && !l.link {
				header = append(header, l.text)
			} else {
				tr.drop(l.text, "outside the main content")
			}
			continue
		}
		switch {
		case l.hint == Caption:
			items = append(items, item{kind: Caption, text: l.text, rule: "<figcaption>"})
			inHeader = false
			continue
		case l.hint == Heading:
			items = append(items, item{kind: Heading, text: l.text, short: true, rule: "heading markup"})
			continue
		}
		if l.underImage && isHeadingLike(f) && !inHeader {
			// "<p><img></p><p>调研组在项目建设现场查看进度</p>": what the
			// photo shows.
			items = append(items, item{kind: Caption, text: l.text, rule: "short line under an image"})
			continue
		}
		if isCaption(f) || (sawBody && isShortCaption(f)) {
			items = append(items, item{kind: Caption, text: l.text, rule: "photo caption"})
			inHeader = false
			continue
		}
		lb, labelled := parseLabel(l.text, f)
		if !labelled {
			lb, labelled = boldLabel(l)
		}
		if inHeader && isHeaderLike(f) && ti >= 0 && !labelled {
			header = append(header, l.text)
			continue
		}
		inHeader = false
		text := l.text
		if !sawBody {
			if m := leadDatelineRE.FindStringSubmatchIndex(f); m != nil {
				// "2024-07-23 来源:赤峰市工业和信息化局 7月下旬,…": the date
				// line ran into the first paragraph.
				if d, ok := parseDateline(f[:m[1]]); ok {
					fx.dateline(d, f[:m[1]])
					rs := []rune(l.text)
					text = strings.TrimSpace(string(rs[runeCount(f[:m[1]]):]))
					f = fold(text)
				}
			}
		}
		if m := trailingToolsRE.FindStringIndex(f); m != nil && m[0] > 0 {
			// "…。【纠错】【责任编辑:张倩】": the page's tools end the paragraph.
			// fold is rune for rune: cut as many runes as the match has.
			rs := []rune(l.text)
			cut := len(rs) - runeCount(f[m[0]:])
			tr.drop(string(rs[cut:]), "tools after the text")
			text = strings.TrimSpace(string(rs[:cut]))
		}
		it := item{kind: Body, text: text, short: isHeadingLike(f), rule: "body text"}
		if labelled {
			it.label = &lb
		}
		if !it.short {
			sawBody = true
		}
		items = append(items, it)
	}

	a.Subtitle = subtitle(header, titleKey)
	tr.field("subtitle", a.Subtitle, "front matter below the headline", a.Subtitle)
	items = applySpeakers(items, a.Title)
	items = resolveHeadings(items)
	if !hasBody(items) {
		if len(header) == 0 || a.Title == "" {
			return nil, &Error{Path: name, Reason: "no body: nothing but a headline and page furniture"}
		}
		// A short item whose only text sits below its headline: that
		// text is the body, not a subtitle.
		for _, h := range header {
			items = append(items, item{kind: Body, text: h, rule: "the only text below the headline"})
		}
		a.Subtitle = ""
	}
	fx.fromBody(items)
	if a.Title == "" {
		// No headline: a result list still needs a name for the article,
		// so its lead's first clause stands in; the paragraph stays body.
		for _, it := range items {
			if it.kind == Body {
				a.Title = LeadTitle(it.text)
				tr.field("title", a.Title, "the lead's first clause (the page has no headline)", it.text)
				break
			}
		}
	}

	section := ""
	for i, it := range items {
		if it.kind == Heading {
			section = it.text
		}
		a.Paragraphs = append(a.Paragraphs, Paragraph{N: i + 1, Kind: it.kind, Section: section, Speaker: it.speaker, Text: it.text})
		if tr.ex != nil {
			tr.ex.Paragraphs = append(tr.ex.Paragraphs, it.rule)
		}
	}
	a.Date = fx.date
	a.Source = fx.source
	switch a.Source {
	case "本网", "本網", "本站", "本报", "本報", "本台", "本刊":
		// "来源:本网" names the site itself: its name, if the page gives it.
		a.Source = fx.site
		tr.field("source", a.Source, "the site's own name for 本网", fx.siteLine)
	}
	if fx.authors != nil {
		a.Authors = fx.authors
	}
	if a.Date == "" {
		tr.warn("no date: the page states none")
	}
	a.ID = contentID(a.Title, a.Paragraphs)
	if !p.noPlace {
		a.detectPlace(pageNames)
		tr.field("place", strings.Trim(strings.Join([]string{a.Province, a.City, a.District}, " / "), " /"), "article/region.DetectPage", "title, subtitle, paragraphs and the page's own names")
	}
	if p.html {
		a.provenance(p, tr)
	}
	return a, nil
}

// dropFurniture removes page furniture wherever it sits, the list of
// other articles after a "相关阅读" marker, and HTML chrome; lines of the
// header before the main content stay, marked, for the headline and the
// date.
//
// It also returns the footer and navigation lines it dropped: the site's
// own names (主办单位:…, a masthead) say where the page comes from.
func dropFurniture(ls []line, html bool, fx *facts, tr tracer) (out []line, footers []string) {
	out = make([]line, 0, len(ls))
	tail := false
	listed := map[string]bool{}
	sawContent := false
	for _, l := range ls {
		if l.hard {
			out = append(out, l)
			continue
		}
		f := fold(l.text)
		if rule := furniture(f); rule != "" {
			if _, ok := parseDateline(f); ok {
				// "来源:运行调度处 时间:2024-12-20 字体:[大][中][小]": the
				// tool bar holds the date line; keep it for that only.
				l.outside = true
				out = append(out, l)
				continue
			}
			tr.drop(l.text, rule)
			if rule == "catalogue" {
				fx.catalogue(f, l.text)
			}
			if (rule == "footer" || rule == "navigation") && len(footers) < 8 {
				footers = append(footers, l.text)
			}
			tail = false // the list of other articles ends at the footer
			continue
		}
		if tailMarkerRE.MatchString(f) {
			tail = true
			tr.drop(l.text, "list of other articles")
			continue
		}
		if tail {
			// The list ends at prose, a date line, or a line it already
			// held: an e-paper's list of the page's articles names this
			// article too, and its headline follows.
			_, dated := parseDateline(f)
			if !isProse(f) && !dated && (l.link || !html) && !listed[dedupKey(f)] {
				listed[dedupKey(f)] = true
				tr.drop(l.text, "list of other articles")
				continue
			}
			tail = false
		}
		if !l.outside && l.chrome == "" {
			sawContent = true
		}
		if l.chrome != "" || (l.outside && sawContent && l.hint != Caption) {
			// Chrome, or past the main content: a date there still counts,
			// nothing else does.
			if _, ok := parseDateline(f); ok && (!sawContent || !l.link) {
				// A date line above the text, or one below it that is no
				// link to another article ("发布时间:2024.05.06 信息来源:…").
				l.outside = true
				out = append(out, l)
				continue
			}
			rule := l.chrome
			if rule == "" {
				rule = "outside the main content"
			}
			tr.drop(l.text, rule)
			continue
		}
		out = append(out, l)
	}
	return out, footers
}

// isProse reports a line that reads as a sentence of text.
func isProse(f string) bool {
	return hasAny(f, "。!?") || (strings.Contains(f, ",") && runeLen(f, 30) >= 30)
}

// headline finds the line that is the page's headline and says by which
// rule, or returns -1 when no line is: a page that opens with its lead or
// its first question has none.
//
// With markup, the headline is the line the <title> or the ArticleTitle
// tag names, an <h1>, or an element classed as a title, among the lines
// before the text. In plain text it is the first line of a headline's
// shape before the text, passing over the site's name and column labels.
func headline(ls []line, h hints) (int, string) {
	// The header: the lines before the first line of text.
	end := len(ls)
	for i, l := range ls {
		f := fold(l.text)
		if l.hard || l.outside {
			continue
		}
		if _, ok := parseDateline(f); ok {
			continue
		}
		if isTurn(l.text, f) || !isHeadline(l.text, f) && !(isHeaderLike(f) && !leadRE.MatchString(f)) {
			end = i
			break
		}
	}
	refs := titleRefs(h)
	best, bestScore, rule := -1, 0, ""
	for i := 0; i < len(ls) && i <= end; i++ {
		l := ls[i]
		if l.hard {
			continue
		}
		f := fold(l.text)
		if _, ok := parseDateline(f); ok {
			continue
		}
		shaped := isHeadline(l.text, f)
		if isSiteName(f) {
			continue // the site's logo, "邢台市工业和信息化局"
		}
		score, why := 0, ""
		if m := refMatch(dedupKey(f), refs); m > 0 && !isSiteName(f) && (shaped || m == 3) {
			score, why = 2*m, "the line the <title> names"
		}
		if !shaped && score == 0 {
			continue
		}
		if l.title {
			score, why = score+2, join(why, "<h1> or # heading")
		}
		if l.titleClass {
			score, why = score+1, join(why, "element classed as a title")
		}
		if l.chrome != "" {
			score -= 3
		}
		if runeLen(f, 7) <= 6 {
			score-- // a column label ("工作动态") more often than a headline
		}
		if score > bestScore {
			best, bestScore, rule = i, score, why
		}
	}
	if best >= 0 && bestScore >= 1 {
		return best, rule
	}
	// No line is marked: the first line of a headline's shape before the
	// text, passing over the site's name, link lists and short column
	// labels ("工作动态") that a longer headline follows. On a page whose
	// <title> names a headline, that one wins unless this line is long
	// enough to be one too.
	docTitle, _ := docTitleHeadline(h)
	if i := aboveDateline(ls, end); i >= 0 && (docTitle == "" || runeLen(fold(ls[i].text), 8) >= 8) {
		return i, "the line above the date line"
	}
	for i := 0; i < end && i < len(ls); i++ {
		l := ls[i]
		f := fold(l.text)
		if _, ok := parseDateline(f); ok || l.hard || l.link || !isHeadline(l.text, f) || isSiteName(f) {
			continue
		}
		if runeLen(f, 7) <= 6 {
			if j := nextHeadline(ls, i+1, end); j >= 0 {
				i = j - 1 // the labels between are passed over too
				continue
			}
		}
		if docTitle != "" && runeLen(f, 8) < 8 {
			break
		}
		return i, "first line shaped as a headline"
	}
	return -1, ""
}

// aboveDateline is the line of a headline's shape right above the first
// date line of the header (ls[:end]), or -1: "headline / 2024-01-09 来源:…"
// is how pages set a headline, so a slogan, a site's name or a bar above
// it is passed over.
func aboveDateline(ls []line, end int) int {
	for j := 1; j <= end && j < len(ls); j++ {
		d, ok := parseDateline(fold(ls[j].text))
		if !ok || d.date == "" || d.today {
			continue
		}
		// Bylines and source lines between them are passed over.
		k := j - 1
		for ; k > 0; k-- {
			f := fold(ls[k].text)
			_, credit := parseCredit(f)
			_, meta := parseDateline(f)
			_, byline := parseByline(f)
			if !credit && !meta && !byline {
				break
			}
		}
		if k > 0 && continuationRE.MatchString(fold(ls[k].text)) && isHeadline(ls[k-1].text, fold(ls[k-1].text)) {
			k-- // "同比增长14.8% 累计完成216亿元": a 副题 carrying on the headline above it
		}
		l := ls[k]
		f := fold(l.text)
		if l.hard || l.link || !isHeadline(l.text, f) || isSiteName(f) || subtitleRE.MatchString(f) || runeLen(f, 7) <= 6 {
			return -1
		}
		return k
	}
	return -1
}

// continuationRE: a line that carries on the one above it, as a 副题 of
// figures does: "同比增长14.8% 累计完成216亿元", "其中…".
var continuationRE = regexp.MustCompile(`^(?:同比|环比|增长|增幅|增速|累计|其中|占|较|比上年|分别)`)

// subtitleRE: a subtitle's dash, "——访市工信局局长 贾建平".
var subtitleRE = regexp.MustCompile(`^(?:——|--|—|-)`)

// lateHeadline finds a headline set after the text it heads, as a wire
// repost does: the list of results, then "株洲交出2023年工业“成绩单”" and
// "新华财经·2024年01月12日". It is a line of a headline's shape right above
// a line that names an outlet and a date, with text before it; -1 if none.
func lateHeadline(ls []line) int {
	prose := false
	for i := 0; i+1 < len(ls); i++ {
		f := fold(ls[i].text)
		if d, ok := parseDateline(f); ok && d.date != "" {
			return -1 // the page's date came first: a later one is another article's
		}
		if isProse(f) {
			prose = true
			continue
		}
		if !prose || ls[i].hard || ls[i].link || !isHeadline(ls[i].text, f) || isSiteName(f) {
			continue
		}
		if d, ok := parseDateline(fold(ls[i+1].text)); ok && d.date != "" && d.source != "" {
			return i
		}
	}
	return -1
}

// decorationRE: a decorative tail of a headline, "******", "———".
var decorationRE = regexp.MustCompile(`\s*(?:[*＊=~～#]{2,}|[—－-]{3,})\s*$`)

// trimDecoration drops a headline's decorative tail.
func trimDecoration(s string) string {
	if t := decorationRE.ReplaceAllString(s, ""); t != "" {
		return t
	}
	return s
}

// nextHeadline is the next line in ls[from:end] shaped as a headline and
// longer than a column label, passing over other short labels, or -1.
func nextHeadline(ls []line, from, end int) int {
	for j := from; j < end && j < len(ls); j++ {
		f := fold(ls[j].text)
		if _, ok := parseDateline(f); ok || ls[j].hard {
			continue
		}
		if !isHeadline(ls[j].text, f) {
			return -1
		}
		if runeLen(f, 7) > 6 && !isSiteName(f) {
			return j
		}
	}
	return -1
}

func hasMarkup(ls []line) bool {
	for _, l := range ls {
		if l.title || l.titleClass {
			return true
		}
	}
	return false
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " + " + b
}

// newspaperRE: a newspaper's name, "潍坊日报", "宝丰周刊", with the
// "数字报" an e-paper site adds.
var newspaperRE = regexp.MustCompile(`^([\p{Han}]{2,8}(?:日报|日報|晚报|晚報|周刊|週刊|时报|時報|商报|商報|都市报|都市報))(?:\s*(?:数字报刊平台|數字報刊平台|数字报刊|數字報刊|数字报|數字報|电子报|電子報|电子版|電子版|数字版|數字版))?$`)

// organiserRE: the site's owner in its footer, "主办单位:深圳市工业和信息化局".
var organiserRE = regexp.MustCompile(`^(?:主办单位|主辦單位|主办|主辦)\s*:\s*([^\s|,]{2,24})`)

// catalogueRE: the publisher and the date in a 信息公开 table's row,
// "索引号 … 发布机构 平罗县工业和信息化局", "主题分类 工业 发布日期 2024年05月06日".
var (
	cataloguePublisherRE = regexp.MustCompile(`(?:发布机构|發佈機構|發布機構|发文机关|發文機關|发布单位|發佈單位)\s*:?\s*([^\s:]{2,24})`)
	catalogueDateRE      = regexp.MustCompile(`(?:发布日期|發佈日期|發布日期)\s*:?\s*(\S+)`)
)

// catalogue takes the publisher and the date from a row of a 信息公开
// page's metadata table.
func (f *facts) catalogue(folded, line string) {
	if m := cataloguePublisherRE.FindStringSubmatch(folded); m != nil {
		f.setSource(m[1], sourceLabel, "publisher in the page's catalogue", line)
	}
	if m := catalogueDateRE.FindStringSubmatch(folded); m != nil {
		if d, ok := parseDateline(m[1]); ok {
			f.setDate(d.date, datePublished, "publication date in the page's catalogue", line)
		}
	}
}

// isNewsSite reports a short name of a news site: 苏州新闻网, 兩岸經貿網.
func isNewsSite(s string) bool {
	f := fold(s)
	return runeLen(f, 12) <= 12 && (strings.HasSuffix(f, "新闻网") || strings.HasSuffix(f, "新聞網") || strings.HasSuffix(f, "网") && !strings.Contains(f, "政府") || strings.HasSuffix(f, "網") && !strings.Contains(f, "政府"))
}

// masthead takes a newspaper's name from an e-paper's masthead.
func (f *facts) masthead(s string) {
	for _, part := range strings.Fields(fold(clean(s))) {
		if m := newspaperRE.FindStringSubmatch(part); m != nil {
			f.setSource(m[1], sourceMasthead, "the newspaper's masthead", s)
			return
		}
	}
}

// metaTags takes the date, source and author from the page's <meta> tags.
func (f *facts) metaTags(h hints) {
	for _, k := range []string{"pubdate", "publishdate", "article:published_time", "dom:publish_time", "og:release_date", "datepublished", "dc.date", "dc.date.issued", "firstpublishedtime", "releasedate"} {
		if v := h.meta[k]; v != "" {
			if d, ok := parseDateline(fold(v)); ok && d.date != "" {
				f.setDate(d.date, dateMeta, "<meta "+k+">", v)
				break
			}
		}
	}
	for _, k := range []string{"contentsource", "source", "og:article:source", "article:source"} {
		if v := firstOutlet(h.meta[k]); v != "" && runeLen(v, 20) <= 20 {
			f.setSource(v, sourceMeta, "<meta "+k+">", h.meta[k])
			break
		}
	}
	if v := h.meta["author"]; v != "" && allNames(v) {
		f.addAuthors(splitNames(v), "<meta author>", v)
	}
}

var (
	// xunRE: the outlet that opens a lead, "金山网讯", "南都讯 记者…",
	// "【香港商报网讯】"; wireRE: a wire's, "新华社北京8月3日电".
	xunRE  = regexp.MustCompile(`^[【\[]?([\p{Han}A-Za-z+]{2,8}?)[讯訊]`)
	wireRE = regexp.MustCompile(`^([\p{Han}A-Za-z+]{1,7}?(?:社|网|網|报|報|台|讯|訊))[\p{Han}]{0,4}\d{1,2}月\d{1,2}日[电電]`)
	// reporterLeadRE: the reporter glued to the lead, "…电 记者王立新从…获悉".
	reporterLeadRE = regexp.MustCompile(`^.{0,30}?(?:[电電]|[讯訊][】\]]?)\s*(?:记者|記者)\s*([\p{Han}·]{2,3}?)(?:从|從|在|近日|日前|获悉|獲悉|了解|走访|走訪|来到|來到|\s|,|报道|報道)`)
	// leadCreditRE: "本报讯(记者 张三 通讯员 李四)", "新华社贵阳6月3日电(记者 吴思琪)".
	leadCreditRE = regexp.MustCompile(`^(?:[^(]{0,12}[讯訊]|[^(]{0,24}日[电電])\s*\(([^()]{2,40})\)`)
	// leadDatelineRE: a date line at the start of the first paragraph.
	leadDatelineRE = regexp.MustCompile(`^(?:(?:发布时间|發佈時間|发布日期|時間|时间|日期)\s*:\s*)?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?:(?:来源|來源)\s*:\s*\S+\s+)?`)
	// trailingToolsRE: tools and an editor's credit glued to a paragraph's end.
	trailingToolsRE = regexp.MustCompile(`(?:\s*[【\[](?:纠错|糾錯|打印|关闭|關閉|责任编辑|責任編輯|编辑|編輯|责编|責編)[^】\]]{0,20}[】\]])+$`)
	// leadBylineRE: "南都讯 记者罗嘉欣 通讯员 莞工信 7月16日,…".
	leadBylineRE = regexp.MustCompile(`^[^,。(]{0,14}[讯訊][】\]]?\s*((?:记者|記者)\s+[^,。\d]{2,30})`)
	// endBylineRE: a byline in brackets closing the text, "(汉川融媒记者 邹蔓)".
	endBylineRE = regexp.MustCompile(`\(([^()]{0,12}(?:记者|記者)[^()]{2,30})\)$`)
	// endCreditRE: names in brackets that close a paragraph, "(李萍 李得胜)".
	endCreditRE = regexp.MustCompile(`\((?:记者|記者)?\s*([\p{Han}·]{2,10}(?:[ 、,][\p{Han}·]{2,4}){0,3})\)$`)
)

// fromBody takes what the text itself says of its source and authors:
// the outlet of a lead, a credit in its brackets, names closing the last
// paragraph.
func (f *facts) fromBody(items []item) {
	first, last := -1, -1
	for i, it := range items {
		if it.kind == Body {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return
	}
	lead := fold(items[first].text)
	m := wireRE.FindStringSubmatch(lead)
	if m == nil {
		m = xunRE.FindStringSubmatch(lead)
	}
	if m != nil {
		src := m[1]
		switch src {
		case "本报", "本報", "本刊", "本网", "本網", "本台", "本站":
		default:
			f.setSource(src, sourceLead, "the outlet opening the lead", items[first].text)
		}
	}
	if m := leadCreditRE.FindStringSubmatch(lead); m != nil {
		if c, ok := parseByline(m[1]); ok {
			f.addAuthors(c.authors, "credit in the lead", items[first].text)
		}
	} else if m := leadBylineRE.FindStringSubmatch(lead); m != nil && bylineAuthors(m[1]) != nil {
		f.addAuthors(bylineAuthors(m[1]), "byline in the lead", items[first].text)
	} else if m := reporterLeadRE.FindStringSubmatch(lead); m != nil && isName(m[1]) {
		f.addAuthors([]string{m[1]}, "reporter in the lead", items[first].text)
	}
	if m := endBylineRE.FindStringSubmatch(fold(items[last].text)); m != nil {
		// "(汉川融媒记者 邹蔓)": a byline closing the text.
		if ns := bylineAuthors(m[1]); ns != nil {
			f.addAuthors(ns, "byline closing the text", items[last].text)
		}
	} else if m := endCreditRE.FindStringSubmatch(fold(items[last].text)); m != nil {
		ns := splitNames(m[1])
		names := true
		for _, n := range ns {
			// Four characters are a name only with a double surname
			// (欧阳文忠); "烟台工信" is a bureau's short name.
			names = names && isName(n) && (runeCount(n) < 4 || doubleSurname(n))
		}
		switch {
		case names:
			f.addAuthors(ns, "names closing the text", items[last].text)
		case len(ns) == 1 && isOffice(ns[0]) && !strings.HasSuffix(ns[0], "供稿"):
			// "(产业发展科)", "(综合处)": the office that sent the item.
			f.setSource(ns[0], sourceCredit, "the office closing the text", items[last].text)
		}
	}
}

// bylineAuthors are the reporters of a byline, or nil.
func bylineAuthors(s string) []string {
	if c, ok := parseByline(strings.TrimRight(strings.TrimSpace(s), ":")); ok {
		return c.authors
	}
	return nil
}

// doubleSurname reports a name that opens with a two-character surname.
func doubleSurname(n string) bool {
	for _, s := range []string{"欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "钟离", "端木", "澹台", "申屠"} {
		if strings.HasPrefix(n, s) {
			return true
		}
	}
	return false
}

func lastChar(s string) string {
	r := lastRune(s)
	if r == 0 {
		return ""
	}
	return string(r)
}

// subtitle picks the subtitle from the front matter: lines that only
// repeat the title ("坚持制造业当家 …" of 000, "——访…" of 004) and short
// column labels ("权威访谈(11)") are not one; what is left is joined.
func subtitle(header []string, titleKey string) string {
	var parts []string
	for _, h := range header {
		core := dedupKey(strings.Trim(fold(h), "【】[]—-− "))
		if core == "" || strings.Contains(titleKey, core) || runeLen(core, 10) < 10 {
			continue
		}
		parts = append(parts, h)
	}
	return strings.Join(parts, " ")
}

// resolveHeadings decides the heading-like lines: followed by body text
// they are headings (consecutive ones form one heading, joined with a
// space). After the last body paragraph, the first one is the text's last
// sentence when it reads as one (a comma, or fifteen characters); the rest
// are credits or sign-offs.
func resolveHeadings(items []item) []item {
	lastBody := -1
	for i, it := range items {
		if it.kind == Body && !it.short {
			lastBody = i
		}
	}
	out := items[:0]
	for i, it := range items {
		if it.short {
			switch {
			case i > lastBody && i == lastBody+1 && it.kind == Body && lastSentence(fold(it.text)):
				it.kind, it.rule = Body, "last sentence without a full stop"
			case i > lastBody:
				it.kind, it.rule = Credit, "short line after the text"
			default:
				it.kind = Heading
				if it.rule == "body text" {
					it.rule = "short line before text"
				}
				if n := len(out); n > 0 && out[n-1].kind == Heading && out[n-1].short {
					out[n-1].text += " " + it.text
					continue
				}
			}
		}
		out = append(out, it)
	}
	for i := range out {
		out[i].short = false
	}
	return out
}

// lastSentence reports a short final line that reads as a sentence rather
// than a sign-off: a comma in it, or fifteen characters and not a name of
// an office.
func lastSentence(f string) bool {
	if strings.Contains(f, ",") {
		return true
	}
	return runeLen(f, 15) >= 15 && !isSiteName(f)
}

func hasBody(items []item) bool {
	for _, it := range items {
		if it.kind == Body {
			return true
		}
	}
	return false
}

// contentID is the first 16 hex digits of the SHA-256 of the title and the
// paragraph texts, so the same content always gets the same ID.
func contentID(title string, ps []Paragraph) string {
	h := sha256.New()
	h.Write([]byte(title))
	for _, p := range ps {
		h.Write([]byte{'\n'})
		h.Write([]byte(p.Text))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// detectPlace fills the place from the title, the subtitle and the
// paragraphs, read in simplified characters so a traditional page
// (汕頭市澄海區) finds its place as a simplified one does. The page's own
// names for where it comes from (the source, a masthead, the <title>, the
// footer's 主办单位, an outlet's speaker label) are weak evidence beside
// them.
func (a *Article) detectPlace(pageNames []string) {
	texts := make([]string, len(a.Paragraphs))
	names := make([]string, 0, len(pageNames)+2)
	for i, p := range a.Paragraphs {
		texts[i] = normalize.String(p.Text)
		if p.Speaker != "" && !contains(names, p.Speaker) {
			names = append(names, p.Speaker)
		}
	}
	if a.Source != "" {
		names = append(names, a.Source)
	}
	names = append(names, pageNames...)
	for i, n := range names {
		names[i] = normalize.String(n)
	}
	p := region.DetectPage(normalize.String(strings.TrimSpace(a.Title+" "+a.Subtitle)), texts, names)
	a.Province, a.City, a.District = p.Province, p.City, p.District
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
