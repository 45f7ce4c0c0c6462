package article

import (
	"regexp"
	"strings"
)

var (
	mdImageRE    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLinkRE     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdAutoLinkRE = regexp.MustCompile(`<(?:https?://|mailto:)[^>]*>`)
	mdTagRE      = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdEmphRE     = regexp.MustCompile(`\*\*|__|~~|` + "`" + `|(?:^|\s)\*|\*(?:\s|$)`)
	// mdTableRE: a row of a pipe table; mdTableRuleRE: its |---|---| rule.
	mdTableRE     = regexp.MustCompile(`^\|.*\|$`)
	mdTableRuleRE = regexp.MustCompile(`^\|[\s:|-]+\|$`)
	mdListRE      = regexp.MustCompile(`^(?:[-*+]\s+|\d{1,3}[.)]\s+)`)
	mdRuleRE      = regexp.MustCompile(`^(?:-{3,}|\*{3,}|_{3,})$`)
)

// markdownLines turns Markdown into lines: a paragraph is a block of
// non-blank lines (joined without a space between Chinese text), "# " marks
// the title and deeper "#" headings, a standalone image's alt text is a
// caption; links keep their text, emphasis marks and inline HTML go. A YAML
// front-matter block is skipped (a sidecar carries metadata).
func markdownLines(text string) []line {
	var (
		out   []line
		para  joiner
		fence bool
		title bool
	)
	flush := func() {
		if t := clean(para.take()); t != "" {
			out = append(out, line{text: t})
		}
	}
	raw := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(raw) > 0 && strings.TrimSpace(raw[0]) == "---" {
		for j := 1; j < len(raw); j++ {
			if t := strings.TrimSpace(raw[j]); t == "---" || t == "..." {
				raw = raw[j+1:]
				break
			}
		}
	}
	for _, r := range raw {
		t := strings.TrimSpace(r)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			flush()
			fence = !fence
			continue
		}
		if fence {
			if t = clean(t); t != "" {
				out = append(out, line{text: t})
			}
			continue
		}
		t = strings.TrimLeft(t, "> \t") // blockquote marks, however deep
		switch {
		case t == "":
			flush()
			continue
		case mdRuleRE.MatchString(t):
			flush()
			continue
		case strings.HasPrefix(t, "#"):
			flush()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			h := clean(mdInline(strings.Trim(t, "# ")))
			if h == "" || level > 6 {
				continue
			}
			l := line{text: h, hint: Heading}
			if level == 1 && !title {
				l, title = line{text: h, title: true}, true
			}
			out = append(out, l)
			continue
		}
		if m := mdImageRE.FindStringSubmatch(t); m != nil && strings.TrimSpace(mdImageRE.ReplaceAllString(t, "")) == "" {
			flush()
			if alt := clean(m[1]); alt != "" {
				out = append(out, line{text: alt, hint: Caption})
			}
			continue
		}
		if mdTableRE.MatchString(t) {
			// A pipe table: each row one line, its cells apart as a
			// browser shows them.
			flush()
			if !mdTableRuleRE.MatchString(t) {
				if row := clean(mdInline(strings.ReplaceAll(strings.Trim(t, "|"), "|", " "))); row != "" {
					out = append(out, line{text: row})
				}
			}
			continue
		}
		if mdListRE.MatchString(t) {
			flush()
			t = mdListRE.ReplaceAllString(t, "")
		}
		hardBreak := strings.HasSuffix(r, "  ") || strings.HasSuffix(t, "\\")
		para.add(clean(mdInline(strings.TrimSuffix(t, "\\"))))
		if hardBreak {
			flush()
		}
	}
	flush()
	return out
}

// mdInline strips inline Markdown, keeping the text a reader sees.
func mdInline(s string) string {
	if !strings.ContainsAny(s, "![]()<>*_~`") {
		return s
	}
	s = mdImageRE.ReplaceAllString(s, "")
	s = mdLinkRE.ReplaceAllString(s, "$1")
	s = mdAutoLinkRE.ReplaceAllString(s, "")
	s = mdTagRE.ReplaceAllString(s, "")
	return mdEmphRE.ReplaceAllString(s, "")
}
