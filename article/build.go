package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"fangtan/article/region"
)

// line is one cleaned line of input with what the markup said about it.
type line struct {
	text  string
	hint  Kind // Heading or Caption when the markup says so (## …, <h2>, <figcaption>)
	title bool // the markup marks it as the title (# …, <h1>)
	hard  bool // a break that ends the page's own header, such as <hr>
}

// item is a line on its way to becoming a paragraph.
type item struct {
	kind    Kind
	text    string
	short   bool // heading-like: a heading if body follows, else a credit
	label   *label
	speaker string
}

// build turns cleaned lines into an Article: title, front matter,
// metadata, classified paragraphs, sections and speakers.
func build(lines []line, name string) (*Article, error) {
	a := &Article{Authors: []string{}, Paragraphs: []Paragraph{}}
	var (
		date, source, bylineSource string
		authors                    []string
	)
	addAuthors := func(ns []string) {
		for _, n := range ns {
			if !contains(authors, n) {
				authors = append(authors, n)
			}
		}
	}
	takeDateline := func(d dateline) {
		if date == "" {
			date = d.date
		}
		if source == "" {
			source = d.source
		}
		addAuthors(d.authors)
	}

	// The title: the marked one, else the first line that is not page
	// furniture or a dateline. Lines above a marked title are navigation,
	// but a dateline there still counts.
	ti := -1
	for i, l := range lines {
		if l.title {
			ti = i
			break
		}
	}
	start := 0
	if ti >= 0 {
		start = ti
	}
	for i := 0; i < len(lines) && (ti < 0 || i < ti); i++ {
		f := fold(lines[i].text)
		if d, ok := parseDateline(f); ok {
			takeDateline(d)
			continue
		}
		if ti < 0 && !isBoilerplate(f) {
			ti = i
			break
		}
	}
	if ti < 0 {
		return nil, &Error{Path: name, Reason: "no title: no text line"}
	}
	if ti > start {
		start = ti
	}
	a.Title = lines[ti].text
	titleKey := dedupKey(fold(a.Title))
	seen := map[string]bool{titleKey: true}

	var (
		items    []item
		header   []string // front-matter lines: kicker, subtitle, column label
		inHeader = true
		sawBody  bool
	)
	for _, l := range lines[start+1:] {
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
				continue
			}
			seen[key] = true
		}
		switch {
		case l.hint == Caption:
			items = append(items, item{kind: Caption, text: l.text})
			inHeader = false
			continue
		case l.hint == Heading:
			items = append(items, item{kind: Heading, text: l.text, short: true})
			continue
		case isBoilerplate(f):
			continue
		}
		if d, ok := parseDateline(f); ok {
			takeDateline(d)
			continue
		}
		if c, ok := parseCredit(f); ok {
			addAuthors(c.authors)
			if bylineSource == "" {
				bylineSource = c.outlet
			}
			items = append(items, item{kind: Credit, text: l.text})
			continue
		}
		if isCaption(f) || (sawBody && isShortCaption(f)) {
			items = append(items, item{kind: Caption, text: l.text})
			inHeader = false
			continue
		}
		if inHeader && isHeaderLike(f) {
			header = append(header, l.text)
			continue
		}
		inHeader = false
		it := item{kind: Body, text: l.text, short: isHeadingLike(f)}
		if lb, ok := parseLabel(l.text, f); ok {
			it.label = &lb
		}
		if !it.short {
			sawBody = true
		}
		items = append(items, it)
	}

	a.Subtitle = subtitle(header, titleKey)
	items = applySpeakers(items)
	items = resolveHeadings(items)
	if !hasBody(items) {
		return nil, &Error{Path: name, Reason: "no body: nothing but a title and page furniture"}
	}

	section := ""
	for i, it := range items {
		if it.kind == Heading {
			section = it.text
		}
		a.Paragraphs = append(a.Paragraphs, Paragraph{N: i + 1, Kind: it.kind, Section: section, Speaker: it.speaker, Text: it.text})
	}
	a.Date = date
	a.Source = source
	if a.Source == "" {
		a.Source = bylineSource
	}
	if authors != nil {
		a.Authors = authors
	}
	a.ID = contentID(a.Title, a.Paragraphs)
	a.detectPlace()
	return a, nil
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

// applySpeakers turns Q&A labels into speakers when the article is an
// interview in Q&A form: at least two labelled lines and either a
// reporter's label or a name that answers twice. The label is stripped from
// the text; the paragraphs after an answer keep its speaker until the next
// label or heading.
func applySpeakers(items []item) []item {
	n, reporter := 0, false
	count := map[string]int{}
	for _, it := range items {
		if it.label != nil {
			n++
			count[it.label.name]++
			reporter = reporter || it.label.reporter
		}
	}
	repeat := false
	for _, c := range count {
		repeat = repeat || c >= 2
	}
	if n < 2 || !(reporter || repeat) {
		for i := range items {
			items[i].label = nil
		}
		return items
	}
	out := items[:0]
	cur := ""
	for _, it := range items {
		switch {
		case it.label != nil:
			cur = it.label.name
			if it.label.rest == "" {
				continue // a label on its own line names the next paragraph's speaker
			}
			it.text = it.label.rest
			it.short = false // a labelled line is speech, never a heading
			it.speaker = cur
		case it.kind == Body && it.short:
			cur = "" // a heading ends the answer
		case it.kind == Body:
			it.speaker = cur
		case it.kind == Heading:
			cur = ""
		}
		it.label = nil
		out = append(out, it)
	}
	return out
}

// resolveHeadings decides the heading-like lines: followed by body text
// they are headings (consecutive ones form one heading, joined with a
// space); after the last body paragraph they are credits or sign-offs.
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
			if i > lastBody {
				it.kind = Credit
			} else {
				it.kind = Heading
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

// detectPlace fills the place from the title and the paragraphs.
func (a *Article) detectPlace() {
	texts := make([]string, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		texts[i] = p.Text
	}
	p := region.Detect(a.Title, texts)
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
