// Package figure finds the quantities a text states — targets and results
// such as 「力争2025年全区新型储能产业产值突破350亿元」 — and turns each into
// a Figure: what is measured, the value and unit (and the value in a base
// unit), a modifier, the year and whether it is a target or a reported
// result. It knows nothing of Bleve or HTTP.
//
// The rules favour precision over recall: a figure whose indicator the
// clause does not name, a number inside quotation marks or a title, an
// ordinal (第五), a vague amount (数十家) or a threshold that describes a
// class of things (超亿元项目, 66%的工业总产值) is left out. The gold file
// testdata/gold.jsonl and the rules beside it (testdata/RULES.md) say what
// counts.
package figure

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fangtan/article/normalize"
)

// Kind says whether a figure is a target or a reported result.
type Kind string

const (
	Target Kind = "target"
	Actual Kind = "actual"
)

// Figure is one stated quantity.
type Figure struct {
	// Indicator is what is measured, normalised for grouping (规上 →
	// 规模以上, 技改 → 技术改造, verbs such as 实现 dropped).
	Indicator string `json:"indicator"`
	// Named is the indicator as the text names it (leading time words,
	// subjects and target verbs trimmed).
	Named     string  `json:"indicator_text"`
	Value     float64 `json:"value"`
	ValueHigh float64 `json:"value_high,omitempty"` // the top of a range (2~3个); 0 otherwise
	Unit      string  `json:"unit"`                 // as stated: 亿元, %, 万家
	Scaled    float64 `json:"scaled"`               // Value in BaseUnit: 4300亿元 → 4.3e11
	BaseUnit  string  `json:"base_unit"`            // 元, %, 家, 吨…
	Modifier  string  `json:"modifier,omitempty"`   // 达, 超, 突破, 以上, 以下, 约, 左右, 增长, 同比增长, 年均…
	Year      int     `json:"year"`                 // the year it refers to; 0 when the text gives none
	Kind      Kind    `json:"kind"`
	// Start and End are the byte offsets in the text of the statement: from
	// the indicator (or the number, when the indicator follows it) to the
	// end of the unit or of a trailing indicator.
	Start int `json:"-"`
	End   int `json:"-"`

	respectively bool // its clause begins with 分别
	change       bool // a change is stated (同比增长), whatever Modifier shows
	conjoined    bool // only 和 or 、 stands between it and the figure before
}

// Context is what the text itself does not say: the article's date
// (YYYY-MM-DD or ""), against which 今年 and 去年 are resolved, and the
// year a report is about when its headline names one before the date's
// ("株洲交出2023年工业“成绩单”" of 2024-01-12): a result stated with no
// time word is of that year. ArticleContext fills both.
type Context struct {
	Date   string
	Period int
}

// month is the article's month, 0 when its date gives none.
func (c Context) month() int {
	if len(c.Date) < 7 {
		return 0
	}
	m, err := strconv.Atoi(c.Date[5:7])
	if err != nil || m < 1 || m > 12 {
		return 0
	}
	return m
}

// yearEnd reports a date in the last quarter or the first two months: a
// report then speaks of a year ending or just ended.
func (c Context) yearEnd() bool { m := c.month(); return m >= 10 || m >= 1 && m <= 2 }

// earlyYear reports a date in January or February: 全年 then is the year
// just ended.
func (c Context) earlyYear() bool { m := c.month(); return m >= 1 && m <= 2 }

func (c Context) year() int {
	if len(c.Date) < 4 {
		return 0
	}
	y, err := strconv.Atoi(c.Date[:4])
	if err != nil || y < 1900 || y > 2200 {
		return 0
	}
	return y
}

// maxNameQuote is the longest quotation read as a name rather than speech.
const maxNameQuote = 16

// maxText bounds the text examined: a paragraph longer than this is cut (a
// real paragraph is a few hundred characters).
const maxText = 20000

// Extract returns the figures stated in text, in reading order; none for
// text that is not valid UTF-8 (article.Parse never makes such text).
func Extract(text string, ctx Context) []Figure {
	if !utf8.ValidString(text) {
		return nil
	}
	if len(text) > maxText {
		text = text[:maxText]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	if !hasDigitOrNumeral(text) {
		return nil
	}
	t := newScan(text)
	t.yearAt, t.planAt = t.years(ctx), t.plans(ctx)
	var out []Figure
	prevEnd := 0   // rune index where the previous figure's unit ended
	prevSent := -1 // sentence of the previous figure
	var prev *Figure
	var sents []int    // the sentence of each figure of out
	var group []Figure // the figures of a 分别, waiting for their indicators
	groupSent := -1
	consumed := 0 // rune index where the previous figure's statement ended
	for i := 0; i < len(t.r); {
		n, ok := t.number(i)
		if !ok {
			i++
			continue
		}
		if n.start < consumed {
			// inside the words that name a count before it: 有4个集群产值超过千亿元
			i = max(n.end, i+1)
			continue
		}
		f, end, stmtEnd, ok := t.figure(n, ctx, prevEnd)
		if !ok {
			i = max(n.end, i+1)
			continue
		}
		sent := t.sentenceOf(n.start)
		if f.respectively || len(group) > 0 && f.conjoined && sent == groupSent {
			if f.respectively {
				out, sents = flushRespectively(out, sents, group, groupSent)
				group, groupSent = nil, sent
			}
			group = append(group, f)
			consumed, prevEnd, i = stmtEnd, end, end
			continue
		}
		out, sents = flushRespectively(out, sents, group, groupSent)
		group = nil
		if f.Indicator == "" && prev != nil && prevSent == sent && (f.change || isChange(f.Modifier) || f.BaseUnit == prev.BaseUnit && t.toward(prevEnd, n.start)) {
			// 「低空经济产业实现产值92.64亿元，同比增长27.95%」: the rate is of
			// the figure before it
			f.Indicator, f.Named = prev.Indicator, prev.Named
		}
		if prev != nil && prevSent == sent && f.Year == 0 && prev.Year != 0 && f.Unit == "个百分点" && comparesWith(f.Named) {
			// 「…年均增长11.5%，高于全省2.3个百分点」: the comparison is of
			// the figure before, and of its year
			f.Year, f.Kind = prev.Year, prev.Kind
		}
		if f.Indicator == "" || generic[f.Named] || generic[f.Indicator] {
			i = max(end, i+1)
			continue
		}
		out = append(out, f)
		sents = append(sents, sent)
		consumed = stmtEnd
		prev = &out[len(out)-1]
		prevSent = sent
		prevEnd = end
		i = end
	}
	out, _ = flushRespectively(out, sents, group, groupSent)
	return out
}

// flushRespectively gives the figures of one 分别 (分别同比增长15.6%和9.8%)
// the indicators of as many figures before them in their sentence, in
// order, and appends them; with fewer figures before them they are
// dropped.
func flushRespectively(out []Figure, sents []int, group []Figure, sent int) ([]Figure, []int) {
	if len(group) == 0 {
		return out, sents
	}
	var before []int
	for k := range out {
		if sents[k] == sent {
			before = append(before, k)
		}
	}
	if len(before) < len(group) {
		return out, sents
	}
	before = before[len(before)-len(group):]
	for k, f := range group {
		src := out[before[k]]
		f.Indicator, f.Named = src.Indicator, src.Named
		if f.Modifier == "" {
			f.Modifier = group[0].Modifier
		}
		out = append(out, f)
		sents = append(sents, sent)
	}
	return out, sents
}

func hasDigitOrNumeral(s string) bool {
	for _, r := range s {
		if isDigit(r) || r == '半' || r == '番' || strings.ContainsRune("十百千万亿", r) {
			return true
		}
	}
	return false
}

// generic indicators name nothing on their own: 「总量达11家」.
var generic = map[string]bool{
	"总量": true, "数量": true, "总数": true, "累计数量": true, "新增数量": true,
	"其中": true, "共": true, "累计": true, "合计": true, "全市": true, "全省": true,
	"全区": true, "规模": true, "总计": true, "分别": true,
}

// ---- the text ----

type scan struct {
	folded string // the text as the rules read it: simplified, half-width
	foff   []int  // byte offset of each rune in folded, and len(folded) at len(r)
	r      []rune // the runes of folded
	off    []int  // byte offset in the original text of each rune, and its length at len(r)
	quote  []bool // inside “…”, ‘…’, 《…》, 「…」, "…"
	sent   []int  // sentence number of each rune

	yearAt []int  // the year a figure starting at each rune refers to
	planAt []bool // whether its sentence plans before each rune
	// yearWhy says where a year of yearAt came from when a plan would
	// read it otherwise (yearFromFullYear, yearFromPeriod), and spanEnd
	// the last year of a named span before each rune (2021—2023年), which
	// a yearly average (年均增长) belongs to.
	yearWhy []uint8
	spanEnd []int
}

// newScan reads text as the rules do: folded as the index folds it
// (normalize: traditional characters as simplified, full-width as
// half-width), so 增長 and 萬輛 read as 增长 and 万辆, but with its letters'
// case kept (5G). Offsets still point into text.
func newScan(text string) *scan {
	if normalize.String(text) == text {
		return newScanOf(text, text, nil) // already folded: nothing to map
	}
	ft := normalize.Fold(text)
	return newScanOf(text, ft.S, ft.Spans)
}

// newScanOf builds the scan of text from its folded form and the spans
// of the original each folded rune came from (nil: the same text).
func newScanOf(text, folded string, spans []normalize.Span) *scan {
	ft := normalize.Text{S: folded, Spans: spans}
	n := utf8.RuneCountInString(ft.S)
	t := &scan{r: make([]rune, 0, n), off: make([]int, 0, n+1), foff: make([]int, 0, n+1)}
	var b strings.Builder
	if spans != nil {
		b.Grow(len(ft.S))
	}
	k := 0
	for i, r := range ft.S {
		if spans == nil {
			t.r = append(t.r, r)
			t.off = append(t.off, i)
			t.foff = append(t.foff, i)
			continue
		}
		sp := ft.Spans[k]
		if orig, w := utf8.DecodeRuneInString(text[sp.Start:sp.End]); int(sp.End-sp.Start) == w && orig != r && unicode.ToLower(orig) == r {
			r = orig // lower case undone: 5G stays 5G
		}
		t.r = append(t.r, r)
		t.off = append(t.off, int(sp.Start))
		t.foff = append(t.foff, b.Len())
		b.WriteRune(r)
		k++
	}
	t.off = append(t.off, len(text))
	if spans == nil {
		t.foff = append(t.foff, len(text))
		t.folded = text
	} else {
		t.foff = append(t.foff, b.Len())
		t.folded = b.String()
	}
	t.quote = make([]bool, len(t.r))
	t.sent = make([]int, len(t.r))
	// Quotation marks hold both names (“稳工业18条”, 《…（2021—2025年）》)
	// and whole speeches (“我们将…4300亿元…”): a number in a title, or in a
	// short quotation, is part of a name; a long quotation is speech.
	type open struct {
		i int
		r rune
	}
	var stack []open
	pairs := map[rune]rune{'”': '“', '’': '‘', '》': '《', '」': '「', '』': '『', '〉': '〈'}
	asciiOpen := -1
	for i, r := range t.r {
		switch r {
		case '“', '‘', '《', '「', '『', '〈':
			stack = append(stack, open{i, r})
		case '”', '’', '》', '」', '』', '〉':
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].r == pairs[r] {
					if i-stack[k].i <= maxNameQuote || r == '》' {
						for m := stack[k].i; m <= i; m++ {
							t.quote[m] = true
						}
					}
					stack = stack[:k]
					break
				}
			}
		case '"':
			if asciiOpen >= 0 {
				if i-asciiOpen <= maxNameQuote {
					for m := asciiOpen; m <= i; m++ {
						t.quote[m] = true
					}
				}
				asciiOpen = -1
			} else {
				asciiOpen = i
			}
		}
	}
	s := 0
	for i, r := range t.r {
		t.sent[i] = s
		if isSentenceEnd(r) {
			s++
		}
	}
	return t
}

func (t *scan) sentenceOf(i int) int {
	if i >= len(t.sent) {
		return -1
	}
	return t.sent[i]
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '\n', '…':
		return true
	}
	return false
}

// isClauseEnd reports whether r ends a clause: an indicator never reaches
// across one.
func isClauseEnd(r rune) bool {
	if isSentenceEnd(r) {
		return true
	}
	switch r {
	case '，', '；', '：', '、', ',', ';', ':', '（', '）', '(', ')', '—', '《', '》':
		return true
	}
	return unicode.IsSpace(r)
}

func isDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') }

func digitVal(r rune) int {
	if r >= '０' && r <= '９' {
		return int(r - '０')
	}
	return int(r - '0')
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func (t *scan) at(i int) rune {
	if i < 0 || i >= len(t.r) {
		return 0
	}
	return t.r[i]
}

// hasAt reports whether the runes from i spell s.
func (t *scan) hasAt(i int, s string) bool {
	for _, r := range s {
		if t.at(i) != r {
			return false
		}
		i++
	}
	return true
}

// endsAt reports whether the runes before i spell s.
func (t *scan) endsAt(i int, s string) bool {
	n := utf8.RuneCountInString(s)
	return i-n >= 0 && t.hasAt(i-n, s)
}

func (t *scan) str(i, j int) string {
	i, j = max(0, i), min(len(t.r), j)
	if i >= j {
		return ""
	}
	return t.folded[t.foff[i]:t.foff[j]]
}

// ArticleContext is the context of a paragraph of an article with this
// title and date: the date, and the period its title names when that is
// one year before the date's ("2023年全市工业经济运行情况" of 2024-01-15).
func ArticleContext(title, date string) Context {
	c := Context{Date: date}
	art := c.year()
	if art == 0 {
		return c
	}
	ys := titleYearRE.FindAllStringSubmatch(title, 3)
	if len(ys) == 1 {
		if y, _ := strconv.Atoi(ys[0][1]); y < art && y >= art-1 {
			c.Period = y
		}
	}
	return c
}

// titleYearRE: a year a headline names, 2023年, not one of a span.
var titleYearRE = regexp.MustCompile(`(?:^|[^\d—–\-~～至])((?:19|20)\d{2})年(?:[^\d—–\-~～至以]|$)`)

// comparesWith reports an indicator that compares the figure before with
// another place's: 高于全省, 快于全国平均水平.
func comparesWith(named string) bool {
	for _, w := range []string{"高于", "低于", "快于", "慢于", "高出", "超出", "领先"} {
		if strings.HasPrefix(named, w) {
			return true
		}
	}
	return false
}
