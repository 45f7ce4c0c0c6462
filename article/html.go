package article

import (
	"html"
	"regexp"
	"strings"
)

// htmlLines turns an HTML page into lines: tags stripped, entities decoded,
// block elements ending lines, and page chrome (scripts, styles, navigation,
// the site's header and footer, share bars) dropped. <h1> marks the title,
// <h2>–<h6> headings and <figcaption> captions; without an <h1> the <title>
// is used. A hand-written scanner: tolerant of broken markup and free of
// dependencies.
func htmlLines(s string) []line {
	var (
		out       []line
		buf       strings.Builder
		hint      Kind
		isTitle   bool
		docTitle  string
		skipTag   string // the element being skipped, and its nesting depth
		skipDepth int
		inArticle int // depth inside <article> or <main>
		haveH1    bool
	)
	// A single <br> (written as NUL) only wraps a line; two in a row end
	// a paragraph, as many Chinese CMS pages separate paragraphs that way.
	flush := func() {
		var cur joiner
		emit := func() {
			if t := cur.take(); t != "" {
				out = append(out, line{text: t, hint: hint, title: isTitle})
				isTitle = false
			}
		}
		for _, part := range strings.Split(buf.String(), "\x00") {
			if t := clean(html.UnescapeString(part)); t != "" {
				cur.add(t)
			} else {
				emit()
			}
		}
		emit()
		buf.Reset()
		hint, isTitle = "", false
	}
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			if skipTag == "" {
				buf.WriteString(s[i:])
			}
			break
		}
		if skipTag == "" {
			buf.WriteString(s[i : i+lt])
		}
		i += lt
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				i = len(s)
			} else {
				i += 4 + end + 3
			}
			continue
		case strings.HasPrefix(s[i:], "<!") || strings.HasPrefix(s[i:], "<?"):
			i = skipPast(s, i, ">")
			continue
		}
		end := tagEnd(s, i)
		if end == -2 {
			// An unterminated tag runs to the end: drop it rather than
			// rescan the rest for every '<' in it.
			break
		}
		if end < 0 {
			// A lone '<' is text ("a < b").
			if skipTag == "" {
				buf.WriteByte('<')
			}
			i++
			continue
		}
		tag := s[i+1 : end]
		i = end + 1
		closing := strings.HasPrefix(tag, "/")
		name := tagName(strings.TrimPrefix(tag, "/"))
		if name == "" {
			if skipTag == "" {
				buf.WriteString("<" + tag + ">")
			}
			continue
		}
		selfClosing := strings.HasSuffix(tag, "/") || voidElements[name]

		if skipTag != "" {
			if name == skipTag && !selfClosing {
				if closing {
					skipDepth--
				} else {
					skipDepth++
				}
				if skipDepth == 0 {
					skipTag = ""
				}
			}
			continue
		}
		if closing {
			switch {
			case name == "article" || name == "main":
				if inArticle > 0 {
					inArticle--
				}
				flush()
			case blockElements[name]:
				flush()
			case name == "td" || name == "th":
				buf.WriteByte(' ')
			}
			continue
		}

		// Raw-text elements: their content is never page text.
		if rawText[name] {
			j := indexFold(s[i:], "</"+name)
			if j < 0 {
				i = len(s)
				break
			}
			if name == "title" {
				docTitle = clean(html.UnescapeString(s[i : i+j]))
			}
			i = skipPast(s, i+j, ">")
			continue
		}
		if !selfClosing && (chromeElements[name] || ((name == "header" || name == "footer") && inArticle == 0) || isChrome(tag)) {
			flush()
			skipTag, skipDepth = name, 1
			continue
		}
		switch {
		case name == "article" || name == "main":
			inArticle++
			flush()
		case name == "br":
			buf.WriteByte(0)
		case name == "hr":
			flush()
			out = append(out, line{hard: true})
		case blockElements[name]:
			flush()
			switch {
			case name == "h1" && !haveH1:
				isTitle, haveH1 = true, true
			case len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6':
				hint = Heading
			case name == "figcaption":
				hint = Caption
			}
		case name == "td" || name == "th":
			buf.WriteByte(' ')
		}
	}
	flush()
	out = trimHard(out)
	if !haveH1 && docTitle != "" {
		out = append([]line{{text: siteTitle(docTitle), title: true}}, out...)
	}
	return out
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

// siteTitle drops the site name from a <title>: "标题_新闻_某某网",
// "标题 - 某某网".
func siteTitle(t string) string {
	for _, sep := range []string{"_", " - ", " – ", " | ", " — "} {
		if i := strings.Index(t, sep); i > 0 && runeLen(t[:i], 6) >= 6 {
			t = t[:i]
		}
	}
	return strings.TrimSpace(t)
}

// tagEnd finds the '>' closing the tag that starts at s[i], skipping quoted
// attribute values; -1 if s[i] does not start a tag, -2 if the tag is not
// closed before the end of s.
func tagEnd(s string, i int) int {
	if i+1 >= len(s) {
		return -1
	}
	c := s[i+1]
	if !(c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return -1
	}
	var quote byte
	for j := i + 1; j < len(s); j++ {
		switch {
		case quote != 0:
			if s[j] == quote {
				quote = 0
			}
		case s[j] == '"' || s[j] == '\'':
			quote = s[j]
		case s[j] == '>':
			return j
		case s[j] == '<' && quote == 0:
			return -1 // "<a<b": not a tag
		}
	}
	return -2
}

func tagName(tag string) string {
	end := len(tag)
	for j := 0; j < len(tag); j++ {
		c := tag[j]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>' {
			end = j
			break
		}
	}
	return strings.ToLower(tag[:end])
}

func skipPast(s string, i int, marker string) int {
	j := strings.Index(s[i:], marker)
	if j < 0 {
		return len(s)
	}
	return i + j + len(marker)
}

// indexFold is strings.Index ignoring ASCII case of sub.
func indexFold(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

var (
	voidElements   = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr")
	rawText        = set("script", "style", "title", "textarea", "noscript", "template", "svg", "math")
	chromeElements = set("nav", "aside", "form", "iframe", "button", "select", "menu", "dialog", "object", "canvas", "video", "audio")
	blockElements  = set("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "tr", "tbody", "thead", "tfoot", "caption", "section", "blockquote", "figure", "figcaption",
		"pre", "address", "center", "header", "footer", "details", "summary", "fieldset", "legend")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

var (
	classAttrRE = regexp.MustCompile(`(?i)\b(?:class|id|role)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	// chromeWords are the words of class, id and role values that mark
	// navigation and other page chrome: "main-nav", "site_footer", "share-bar".
	chromeWords = set("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
		"sidebar", "footer", "topbar", "toolbar", "share", "sharebar", "social", "comment", "comments",
		"related", "recommend", "copyright", "advert", "advertisement", "ads", "banner", "login", "search")
)

func isChrome(tag string) bool {
	for _, m := range classAttrRE.FindAllStringSubmatch(tag, -1) {
		v := m[1] + m[2] + m[3]
		for _, w := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t'
		}) {
			if chromeWords[w] {
				return true
			}
		}
	}
	return false
}
