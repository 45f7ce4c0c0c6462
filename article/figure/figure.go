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
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
}

// Context is what the text itself does not say: the article's date
// (YYYY-MM-DD or ""), against which 今年 and 去年 are resolved.
type Context struct {
	Date string
}

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
		if f.Indicator == "" && prev != nil && prevSent == sent && (isChange(f.Modifier) || f.BaseUnit == prev.BaseUnit && t.toward(prevEnd, n.start)) {
			// 「低空经济产业实现产值92.64亿元，同比增长27.95%」: the rate is of
			// the figure before it
			f.Indicator, f.Named = prev.Indicator, prev.Named
		}
		if f.Indicator == "" || generic[f.Named] || generic[f.Indicator] {
			i = max(end, i+1)
			continue
		}
		out = append(out, f)
		consumed = stmtEnd
		prev = &out[len(out)-1]
		prevSent = sent
		prevEnd = end
		i = end
	}
	return out
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
	text  string
	r     []rune
	off   []int  // byte offset of each rune, and len(text) at len(r)
	quote []bool // inside “…”, ‘…’, 《…》, 「…」, "…"
	sent  []int  // sentence number of each rune

	yearAt []int  // the year a figure starting at each rune refers to
	planAt []bool // whether its sentence plans before each rune
}

func newScan(text string) *scan {
	n := utf8.RuneCountInString(text)
	t := &scan{text: text, r: make([]rune, 0, n), off: make([]int, 0, n+1)}
	for i, r := range text {
		t.r = append(t.r, r)
		t.off = append(t.off, i)
	}
	t.off = append(t.off, len(text))
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
	return t.text[t.off[i]:t.off[j]]
}

// ---- numbers ----

// num is a number in the text: [start, end) in runes, its value, and
// whether it was written in Chinese numerals.
type num struct {
	start, end int
	value      float64
	chinese    bool
	special    string // 一半, 翻一番…: value and unit are fixed
}

var cnDigit = map[rune]float64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

var cnMag = map[rune]float64{'十': 10, '百': 100, '千': 1000, '万': 1e4, '亿': 1e8}

// number reads the number starting at i, if one does.
func (t *scan) number(i int) (num, bool) {
	r := t.at(i)
	switch {
	case isDigit(r):
		if i > 0 && (isDigit(t.at(i-1)) || t.at(i-1) == '.' || isLatin(t.at(i-1))) {
			return num{}, false
		}
		j := i
		var b strings.Builder
		for j < len(t.r) {
			c := t.r[j]
			switch {
			case isDigit(c):
				b.WriteByte(byte('0' + digitVal(c)))
			case (c == '.' || c == '．') && isDigit(t.at(j+1)) && !strings.Contains(b.String(), "."):
				b.WriteByte('.')
			case (c == ',' || c == '，') && c == ',' && isDigit(t.at(j+1)) && isDigit(t.at(j+2)) && isDigit(t.at(j+3)) && !isDigit(t.at(j+4)):
				// a thousands separator: 1,234
			default:
				goto done
			}
			j++
		}
	done:
		v, err := strconv.ParseFloat(b.String(), 64)
		if err != nil {
			return num{}, false
		}
		return num{start: i, end: j, value: v}, true
	case r == '一' && t.hasAt(i, "一半"):
		return num{start: i, end: i + 2, value: 50, special: "一半"}, true
	case r == '翻':
		for _, s := range []struct {
			w string
			v float64
		}{{"翻一番", 100}, {"翻两番", 300}, {"翻番", 100}} {
			if t.hasAt(i, s.w) {
				return num{start: i, end: i + utf8.RuneCountInString(s.w), value: s.v, special: s.w}, true
			}
		}
	case cnDigit[r] > 0 || r == '十' || r == '百' || r == '千':
		if r == '零' || r == '〇' {
			return num{}, false
		}
		if i > 0 {
			if _, ok := cnDigit[t.at(i-1)]; ok {
				return num{}, false
			}
			if _, ok := cnMag[t.at(i-1)]; ok {
				return num{}, false
			}
		}
		j := i
		for j < len(t.r) {
			_, d := cnDigit[t.r[j]]
			_, m := cnMag[t.r[j]]
			if !d && !m {
				break
			}
			j++
		}
		// a fraction: 四分之一 → 25%
		if t.hasAt(j, "分之") {
			k := j + 2
			for k < len(t.r) && (cnDigit[t.r[k]] > 0 || t.r[k] == '十') {
				k++
			}
			a, ok1 := parseChinese(t.r[i:j])
			b, ok2 := parseChinese(t.r[j+2 : k])
			if ok1 && ok2 && a > 0 && b > 0 && b < a {
				return num{start: i, end: k, value: math.Round(b/a*10000) / 100, special: "分之"}, true
			}
			return num{}, false
		}
		// 一倍 (增长一倍多): a doubling
		if j == i+1 && r == '一' && t.at(j) == '倍' {
			return num{start: i, end: j + 1, value: 100, special: "一倍"}, true
		}
		// a trailing 万 or 亿 is the magnitude of the unit: 两千亿元 is
		// 2000 亿元, 千亿元 is 1000 亿元
		for j > i+1 && (t.r[j-1] == '亿' || t.r[j-1] == '万') {
			j--
		}
		v, ok := parseChinese(t.r[i:j])
		if !ok {
			return num{}, false
		}
		return num{start: i, end: j, value: v, chinese: true}, true
	}
	return num{}, false
}

func isLatin(r rune) bool { return r < 128 && (unicode.IsLetter(r)) }

// parseChinese reads a Chinese numeral such as 三十五, 一百二十, 两千, 千亿.
// A bare magnitude (千亿) counts as one of it.
func parseChinese(rs []rune) (float64, bool) {
	if len(rs) == 0 {
		return 0, false
	}
	var total, section, digit float64
	seenDigit := false
	for _, r := range rs {
		if d, ok := cnDigit[r]; ok {
			digit = d
			seenDigit = true
			continue
		}
		m := cnMag[r]
		switch {
		case m >= 1e4:
			if section+digit == 0 && total == 0 {
				section = 1
			}
			total = (total + section + digit) * m
			section, digit = 0, 0
		default:
			if digit == 0 && !seenDigit {
				digit = 1 // 十五, 百亿
			}
			section += digit * m
			digit = 0
		}
		seenDigit = false
	}
	return total + section + digit, true
}

// ---- units ----

type unitClass int

const (
	money unitClass = iota
	percent
	count
	physical
)

type unitDef struct {
	name  string
	base  string
	scale float64
	class unitClass
}

// baseUnits are the units a number may carry after its magnitude (万, 亿):
// longest first when they share a prefix.
var baseUnits = []unitDef{
	{"个百分点", "个百分点", 1, percent},
	{"%", "%", 1, percent}, {"％", "%", 1, percent},
	{"元", "元", 1, money},
	{"吨标准煤", "吨标准煤", 1, physical},
	{"吨", "吨", 1, physical},
	{"平方公里", "平方公里", 1, physical},
	{"平方米", "平方米", 1, physical},
	{"立方米", "立方米", 1, physical},
	{"公里", "公里", 1, physical},
	{"公顷", "公顷", 1, physical},
	{"亩", "亩", 1, physical},
	{"吉瓦时", "千瓦时", 1e6, physical},
	{"兆瓦时", "千瓦时", 1e3, physical},
	{"千瓦时", "千瓦时", 1, physical},
	{"度电", "千瓦时", 1, physical},
	{"千瓦", "千瓦", 1, physical},
	{"兆瓦", "千瓦", 1e3, physical},
	{"吉瓦", "千瓦", 1e6, physical},
	{"标准箱", "标准箱", 1, physical},
	{"人次", "人次", 1, count},
	{"家", "家", 1, count},
	{"个", "个", 1, count},
	{"项", "项", 1, count},
	{"场", "场", 1, count},
	{"条", "条", 1, count},
	{"座", "座", 1, count},
	{"台", "台", 1, count},
	{"套", "套", 1, count},
	{"件", "件", 1, count},
	{"所", "所", 1, count},
	{"名", "名", 1, count},
	{"人", "人", 1, count},
	{"户", "户", 1, count},
	{"辆", "辆", 1, count},
	{"款", "款", 1, count},
	{"宗", "宗", 1, count},
	{"批", "批", 1, count},
}

// magnitudes between a number and its unit: 4300亿元, 1.8万家.
var magnitudes = []struct {
	w string
	v float64
}{
	{"万亿", 1e12}, {"千亿", 1e11}, {"百亿", 1e10}, {"十亿", 1e9}, {"千万", 1e7}, {"百万", 1e6}, {"十万", 1e5},
	{"亿", 1e8}, {"万", 1e4}, {"千", 1e3}, {"百", 1e2},
}

// classNouns after an amount of money or a percentage make it a
// description of a class (超亿元项目, 10亿元企业), not a figure.
var classNouns = []string{"骨干", "龙头", "企业", "项目", "园区", "产业", "集群", "工业", "以上企业", "以上项目", "级", "量级", "台阶"}

// ---- modifiers ----

// prefixes that may stand right before the number, longest first, with
// their canonical form; "" drops the word (it only introduces the value).
var prefixMods = []struct{ w, canon string }{
	{"同比增长", "同比增长"}, {"同比下降", "同比下降"}, {"同比增加", "同比增长"}, {"同比减少", "同比下降"},
	{"年均增长", "年均增长"}, {"年均下降", "年均下降"}, {"同比", "同比"},
	{"增长了", "增长"}, {"增长", "增长"}, {"增加", "增长"}, {"提高", "增长"}, {"提升", "增长"}, {"增幅", "增长"},
	{"下降了", "下降"}, {"下降", "下降"}, {"降低", "下降"}, {"减少", "下降"}, {"压减", "下降"}, {"降幅", "下降"},
	{"不少于", "不少于"}, {"不低于", "不少于"}, {"不超过", "不超过"}, {"不高于", "不超过"},
	{"超过", "超"}, {"突破", "突破"}, {"超", "超"}, {"逾", "超"},
	{"最高", "最高"}, {"最低", "最低"},
	{"达到", "达"}, {"达", "达"}, {"约", "约"}, {"近", "近"},
	{"提升到", "达"}, {"提高到", "达"}, {"提高至", "达"}, {"提升至", "达"}, {"增长到", "达"}, {"增至", "达"},
	{"增加至", "达"}, {"增加到", "达"}, {"增长至", "达"}, {"下降到", "达"}, {"降至", "达"}, {"降到", "达"}, {"控制在", "以下"},
	{"为", ""}, {"是", ""}, {"在", ""}, {"过", "超"},
}

// suffixes after the unit.
var suffixMods = []struct{ w, canon string }{
	{"以上", "以上"}, {"以下", "以下"}, {"以内", "以下"}, {"左右", "左右"}, {"上下", "左右"},
}

func isChange(m string) bool {
	switch m {
	case "增长", "下降", "同比增长", "同比下降", "年均增长", "年均下降", "同比", "年均":
		return true
	}
	return false
}

// modRank orders modifiers when a figure has several: a bound says more
// than 达.
func modRank(m string) int {
	switch m {
	case "以上", "以下", "左右", "多":
		return 5
	case "超", "突破", "不少于", "不超过", "最高", "最低", "约", "近":
		return 4
	case "同比增长", "同比下降", "年均增长", "年均下降", "增长", "下降":
		return 3
	case "同比", "年均":
		return 2
	case "达":
		return 1
	}
	return 0
}

// ---- a figure ----

// figure reads the figure around the number n: its unit, modifiers,
// indicator, year and kind. It returns the rune index where the statement
// ends.
func (t *scan) figure(n num, ctx Context, prevEnd int) (Figure, int, int, bool) {
	if t.quote[n.start] {
		return Figure{}, 0, 0, false
	}
	before := t.at(n.start - 1)
	switch {
	case before == '第' || before == '前' || before == '数' || before == '几' || before == '每' || before == '近' && n.chinese:
		return Figure{}, 0, 0, false
	case before == '-' || before == '—' || before == '~' || before == '～' || before == '+' || before == '／' || before == '/':
		return Figure{}, 0, 0, false // the second half of a range or a formula read elsewhere
	}
	f := Figure{Value: n.value}
	j := n.end
	var unit unitDef
	mods := []string{}
	switch n.special {
	case "一半":
		unit = unitDef{"%", "%", 1, percent}
	case "翻一番", "翻两番", "翻番":
		unit = unitDef{"%", "%", 1, percent}
		mods = append(mods, "增长")
	case "分之":
		unit = unitDef{"%", "%", 1, percent}
	case "一倍":
		// only as a change: 增长一倍, 提高一倍
		if !t.endsAt(n.start, "增长") && !t.endsAt(n.start, "增加") && !t.endsAt(n.start, "提高") && !t.endsAt(n.start, "提升") {
			return Figure{}, 0, 0, false
		}
		unit = unitDef{"%", "%", 1, percent}
		if t.at(j) == '多' {
			j++
		}
	default:
		// 30多项, 30余家
		if r := t.at(j); (r == '多' || r == '余') && !n.chinese {
			mods = append(mods, "多")
			j++
		}
		// a range: 2~3个, 10%-15%, 2至3个
		if r := t.at(j); r == '~' || r == '～' || r == '-' || r == '—' || r == '至' || r == '到' || r == '－' {
			k := j + 1
			if t.at(k) == '—' {
				k++
			}
			if hi, ok := t.number(k); ok && !hi.chinese && !n.chinese && hi.value > n.value {
				f.ValueHigh = hi.value
				j = hi.end
			}
		}
		if r := t.at(j); (r == '%' || r == '％') && f.ValueHigh == 0 {
			// 10%-15%
			k := j + 1
			if c := t.at(k); c == '-' || c == '~' || c == '～' || c == '至' || c == '—' || c == '－' {
				if hi, ok := t.number(k + 1); ok && !hi.chinese && hi.value > n.value && (t.at(hi.end) == '%' || t.at(hi.end) == '％') {
					f.ValueHigh = hi.value
					j = hi.end
				}
			}
		}
		mag := 1.0
		magWord := ""
		for _, m := range magnitudes {
			if t.hasAt(j, m.w) {
				magWord, mag = m.w, m.v
				j += utf8.RuneCountInString(m.w)
				break
			}
		}
		u, ok := t.unitAt(j)
		if !ok {
			return Figure{}, 0, 0, false
		}
		if n.chinese {
			// Chinese numerals only with a magnitude and an amount: 千亿元,
			// 五十万吨; 两个, 三大 and 一批 are words
			if u.class == count || u.class == percent || n.value < 10 && magWord == "" {
				return Figure{}, 0, 0, false
			}
		}
		unit = u
		unit.name = magWord + u.name
		unit.scale = u.scale * mag
		j += utf8.RuneCountInString(u.name)
	}
	// suffixes: 以上, 左右
	for _, s := range suffixMods {
		if t.hasAt(j, s.w) {
			mods = append(mods, s.canon)
			j += utf8.RuneCountInString(s.w)
			break
		}
	}
	after := t.at(j)
	if after == '的' || after == '之' {
		return Figure{}, 0, 0, false // 66%的工业总产值, 8000万元左右的企业
	}
	if n.special == "" && (after == '年' || after == '月' || after == '日') {
		return Figure{}, 0, 0, false
	}
	if unit.class == money || unit.class == percent {
		for _, c := range classNouns {
			if t.hasAt(j, c) {
				return Figure{}, 0, 0, false
			}
		}
	}
	f.Unit = unit.name
	f.BaseUnit = unit.base
	f.Scaled = roundScaled(f.Value * unit.scale)
	if unit.class == percent {
		f.Scaled = f.Value
	}

	// prefix modifiers, right before the number (翻一番 has its own)
	start := n.start
	if n.special == "" || n.special == "一半" || n.special == "一倍" || n.special == "分之" {
		for _, p := range prefixMods {
			if t.endsAt(start, p.w) {
				start -= utf8.RuneCountInString(p.w)
				if p.canon != "" {
					mods = append(mods, p.canon)
				}
				// 实现产值超1200亿元 → 超 then a second 达 etc.
				for _, q := range []string{"达到", "达", "超过", "超", "突破", "约", "为", "同比", "年均", "提升到", "到"} {
					if t.endsAt(start, q) && !(q == "到" && !t.endsAt(start-1, "达")) {
						start -= utf8.RuneCountInString(q)
						if c := canonPrefix(q); c != "" {
							mods = append(mods, c)
						}
						break
					}
				}
				break
			}
		}
	}
	end := j

	// the indicator: after the number for counts and physical amounts
	// followed by a noun (新增5家企业, 12万吨锌基新材), else the clause before
	// it
	post := ""
	if unit.class == count || unit.class == physical || (unit.class == money && n.special == "") {
		k := j
		for k < len(t.r) && k-j < 24 && !isClauseEnd(t.r[k]) && !t.hasAt(k, "等") && !t.figureAt(k) {
			k++
		}
		if c := t.at(j); k > j && !startsChange(t.str(j, k)) && (isHan(c) || c == '“' || (isDigit(c) || isLatin(c)) && !t.figureAt(j)) {
			post = trimPost(t.str(j, k))
			end = j + utf8.RuneCountInString(post)
		}
		if post != "" && unit.class == count && adminUnit(post) {
			return Figure{}, 0, 0, false // 7个县(区), 9个镇街: places, not a quantity
		}
		if unit.class == money && post != "" && !moneyNoun(post) {
			post = ""
			end = j
		}
	}
	clauseStart := start
	for clauseStart > 0 && !isClauseEnd(t.r[clauseStart-1]) && clauseStart > prevEnd {
		clauseStart--
	}
	pre := t.str(clauseStart, start)
	var named string
	if rest, ok := strings.CutPrefix(post, "用于"); ok {
		// 投入600万元用于水稻种植补贴: the money is named before the amount,
		// or, when only a verb stands there, by its use
		if p := trimPre(pre); utf8.RuneCountInString(p) > 2 {
			post = ""
		} else {
			post = rest + p
		}
		end = j
	}
	if post != "" {
		named = verbPrefix(trimPre(pre)) + trimPost(post)
		f.Start = t.off[max(clauseStart, start-utf8.RuneCountInString(verbPrefix(trimPre(pre))))]
	} else {
		named = trimPre(pre)
		f.Start = t.off[start]
		if k := strings.LastIndex(pre, named); named != "" && k >= 0 {
			f.Start = t.off[clauseStart] + k
		}
	}
	// 年均增速 and 同比 inside the indicator are the rate's base
	if strings.HasSuffix(named, "年均增速") || strings.HasSuffix(named, "年均增长率") {
		mods = append(mods, "年均")
	}
	f.Named = trimQuotes(named)
	f.Indicator = normalise(named)
	f.End = t.off[end]
	f.Modifier = pickMod(mods)
	f.Year = t.yearAt[n.start]
	f.Kind = Actual
	if art := ctx.year(); t.planAt[n.start] || art > 0 && f.Year > art {
		f.Kind = Target
	}
	return f, j, end, true
}

func canonPrefix(w string) string {
	for _, p := range prefixMods {
		if p.w == w {
			return p.canon
		}
	}
	if w == "到" {
		return "达"
	}
	return ""
}

func pickMod(mods []string) string {
	best := ""
	for _, m := range mods {
		if modRank(m) > modRank(best) {
			best = m
		}
	}
	return best
}

// moneyNoun reports whether the words after an amount of money name what it
// is (300亿元融资授信支持, 100亿元用于…): a funding word, not a class of things.
func moneyNoun(post string) bool {
	for _, w := range []string{"奖励", "资金", "贷款", "融资", "投资", "授信", "补贴", "奖补", "用于", "支持", "基金", "订单", "税费"} {
		if strings.Contains(post, w) {
			return true
		}
	}
	return false
}

func (t *scan) unitAt(j int) (unitDef, bool) {
	for _, u := range baseUnits {
		if t.hasAt(j, u.name) {
			// 个 of 个人, 台 of 台阶, 名 of 名单, 批 of 批次: words, not units
			next := t.at(j + utf8.RuneCountInString(u.name))
			switch u.name {
			case "个":
				if next == '人' || next == '体' || next == '性' || t.hasAt(j+1, "百分点") {
					continue
				}
			case "台":
				if next == '阶' {
					continue
				}
			case "名":
				if next == '单' || next == '列' || next == '次' {
					continue
				}
			case "批":
				if next == '次' || next == '准' || next == '复' {
					continue
				}
			case "条":
				if next == '件' || next == '例' {
					continue
				}
			case "场":
				if next == '景' || next == '地' || next == '所' {
					continue
				}
			case "所":
				if next == '在' || next == '有' {
					continue
				}
			case "项":
				if next == '目' {
					continue
				}
			case "人":
				if next == '民' || next == '才' || next == '工' {
					continue
				}
			case "元":
				if next == '素' {
					continue
				}
			case "户":
				if next == '籍' {
					continue
				}
			}
			return u, true
		}
	}
	return unitDef{}, false
}

// ---- indicators ----

// leading words that are not part of what is measured: time, subject,
// target and reporting verbs. Stripped repeatedly from the front.
var leadWords = []string{
	"力争到", "力争", "争取", "努力", "确保", "预计", "计划", "目标是", "目标", "将", "要", "推动", "推进", "实现", "完成",
	"今年以来", "今年", "去年", "前年", "明年", "全年", "年内", "本年", "上半年", "下半年", "一季度", "前三季度", "目前", "当前", "现", "截至目前",
	"全市", "全省", "全区", "全县", "全州", "我市", "我省", "我区", "该市", "该区", "该局", "我局", "其中", "共有", "共", "累计", "合计", "总计",
	"已", "已经", "再", "还", "并", "进一步", "同时", "此外", "为此", "以及", "和", "与", "及", "的", "在", "让", "使", "带动", "就",
	"“", "‘", "\"", "我们", "我局", "我厅",
	"数据显示", "据统计", "统计显示", "拥有", "保持", "全力", "继续", "现有", "年底前", "年底", "达产后", "约",
	"增长到", "增长至", "增加至", "增加到", "提高到", "提升到", "下降到", "降至", "到",
}

var tailWords = []string{"大幅", "稳步", "持续", "明显", "分别", "预计", "年底", "年末", "首次", "有望", "可", "将", "力争", "计划", "的", "达到", "达", "为", "在", "是", "超过", "超", "突破", "约", "共", "累计", "总计", "合计", "实现了", "实现", "完成", "已", "分别"}

// trimPre cleans the clause before a number into the indicator as named.
func trimPre(s string) string {
	s = strings.TrimSpace(s)
	// 产能从目前的30吉瓦时, 数量由1200家, 钢材产量较上年: what follows
	// 从/由/较/比 is the base, not the indicator
	if _, after, ok := strings.Cut(s, "现有"); ok && after != "" {
		s = after // 园区现有从业人员
	}
	for _, w := range []string{"从", "由", "较", "比"} {
		k := strings.Index(s, w)
		for k >= 0 && w == "比" && strings.ContainsAny(firstRune(s[k+len(w):]), "重例率值") {
			// 比重, 比例: a word, not a comparison
			n := strings.Index(s[k+len(w):], w)
			if n < 0 {
				k = -1
			} else {
				k += len(w) + n
			}
		}
		switch {
		case k > 0:
			s = s[:k]
		case k == 0 && (strings.Contains(s, "上年") || strings.Contains(s, "去年") || strings.Contains(s, "同期")):
			return "" // 较上年增加120万吨: a change of the figure before
		}
	}
	for changed := true; changed && s != ""; {
		changed = false
		// a year or date at the front: 2023年, 到2025年, 截至2024年7月
		if r := stripLeadingTime(s); r != s {
			s, changed = r, true
			continue
		}
		if r := stripRecent(s); r != s {
			s, changed = r, true
			continue
		}
		if r := stripPlace(s); r != s {
			s, changed = r, true
			continue
		}
		if r, ok := strings.CutPrefix(s, "有"); ok && r != "" && !strings.ContainsAny(firstRune(r), "效关色机限序力些的所") {
			s, changed = r, true
			continue
		}
		for _, w := range leadWords {
			if strings.HasPrefix(s, w) && len(s) > len(w) {
				s, changed = s[len(w):], true
				break
			}
		}
	}
	for changed := true; changed && s != ""; {
		changed = false
		for _, w := range tailWords {
			if strings.HasSuffix(s, w) {
				s, changed = strings.TrimSuffix(s, w), true
				break
			}
		}
	}
	if utf8.RuneCountInString(s) > 40 { // the clause is a long sentence: keep its end
		rs := []rune(s)
		s = string(rs[len(rs)-40:])
	}
	return strings.TrimSpace(s)
}

// trimPost cleans the words after a count into the indicator.
func trimPost(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range []string{"以上", "左右", "的"} {
		s = strings.TrimPrefix(s, w)
	}
	for _, w := range []string{"以及", "和", "与", "及", "或"} {
		s = strings.TrimSuffix(s, w)
	}
	return strings.TrimSpace(s)
}

// verbPrefix keeps a creating verb before a count in the indicator:
// 新增3家… → 新增…, because new and total counts differ.
func verbPrefix(pre string) string {
	for _, v := range []string{"新增", "新创建", "新建", "新签约", "新培育", "新认定", "累计入选", "入选", "培育", "引进", "建成", "建设", "打造", "创建", "遴选", "签约", "落地", "实施"} {
		if strings.HasSuffix(pre, v) {
			if v == "新增" || v == "新创建" || v == "新建" || v == "新签约" || v == "新培育" || v == "新认定" {
				return "新增"
			}
			return ""
		}
	}
	return ""
}

func stripLeadingTime(s string) string {
	rs := []rune(s)
	i := 0
	for _, p := range []string{"力争到", "到", "截至", "截止", "至"} {
		if strings.HasPrefix(s, p) {
			i = utf8.RuneCountInString(p)
			break
		}
	}
	k := i
	for k < len(rs) && isDigit(rs[k]) {
		k++
	}
	if k-i != 4 {
		return s
	}
	if k < len(rs) && rs[k] == '年' {
		k++
		for _, w := range []string{"上半年", "下半年", "一季度", "前三季度", "年底", "底", "末", "度", "全年", "以来"} {
			if strings.HasPrefix(string(rs[k:]), w) {
				k += utf8.RuneCountInString(w)
				break
			}
		}
		// a month: 2024年7月
		m := k
		for m < len(rs) && isDigit(rs[m]) {
			m++
		}
		if m > k && m < len(rs) && rs[m] == '月' {
			k = m + 1
			if strings.HasPrefix(string(rs[k:]), "底") {
				k++
			}
		}
		return string(rs[k:])
	}
	return s
}

// stripPlace drops a place name at the front: 珠海, 惠阳区, 惠州市.
func stripPlace(s string) string {
	rs := []rune(s)
	for n := min(len(rs)-1, 5); n >= 2; n-- {
		if isPlace(string(rs[:n])) {
			return string(rs[n:])
		}
	}
	return s
}

// Normalise turns an indicator as a user types it into the grouping form of
// Figure.Indicator (规上 → 规模以上), for filtering.
func Normalise(s string) string { return normalise(strings.TrimSpace(s)) }

// normalise turns an indicator as named into its grouping form.
func normalise(s string) string {
	if s == "" {
		return ""
	}
	s = normaliser.Replace(s)
	s = strings.TrimSuffix(s, "的")
	return s
}

var normaliser = strings.NewReplacer(
	"规上", "规模以上",
	"技改", "技术改造",
	"营收", "营业收入",
	"实现", "",
	"完成", "",
	"“", "", "”", "", "‘", "", "’", "", "\"", "",
	" ", "",
)

// ---- year and kind ----

// years computes, for every position, the year a figure starting there
// refers to: the last time expression of its sentence before it. A range
// of years, 近三年 or 连续两年 gives none. One pass over the text, so a
// paragraph of many figures costs no more than one of few.
func (t *scan) years(ctx Context) []int {
	art := ctx.year()
	out := make([]int, len(t.r)+1)
	year := 0
	s := 0 // the sentence's first rune
	for i := 0; i < len(t.r); {
		r := t.r[i]
		step := 1
		if !t.quote[i] && (isDigit(r) || timeFirst(r)) {
			switch {
			case isDigit(r) && !isDigit(t.at(i-1)):
				k := i
				for k < len(t.r) && isDigit(t.r[k]) {
					k++
				}
				step = k - i
				if k-i == 4 && t.at(k) == '年' {
					y, _ := strconv.Atoi(asciiDigits(t.r[i:k]))
					if y < 1949 || y > 2100 {
						break
					}
					prev := t.at(i - 1)
					if (prev == '—' || prev == '-' || prev == '至' || prev == '～' || prev == '~' || prev == '－') && (isDigit(t.at(i-2)) || t.at(i-2) == '年') {
						year = 0 // 2020—2021年: a span
					} else if t.at(k+1) == '-' || t.at(k+1) == '—' || t.at(k+1) == '至' {
						year = 0
					} else {
						year = y
					}
				}
			case t.hasAt(i, "今年") || t.hasAt(i, "本年") || t.hasAt(i, "全年") || t.hasAt(i, "年内") && !isCnOrDigit(t.at(i-1)) || t.hasAt(i, "目前") || t.hasAt(i, "当前") ||
				t.hasAt(i, "现有") && (i == s || isClauseEnd(t.at(i-1)) || strings.ContainsRune("市省区县共", t.at(i-1))) ||
				t.hasAt(i, "年底") || t.hasAt(i, "年末"):
				if (t.hasAt(i, "年底") || t.hasAt(i, "年末")) && (isDigit(t.at(i-1)) || t.at(i-1) == '今' || t.at(i-1) == '去' || t.at(i-1) == '明') {
					break // 2025年底, 今年年底: read with the year
				}
				if !t.hasAt(i-1, "前") || t.hasAt(i, "前年") { // 今年
					year = art
				}
				step = 2
			case t.hasAt(i, "去年") || t.hasAt(i, "上年"):
				if p := t.at(i - 1); p == '上' || p == '较' || p == '比' || p == '同' {
					break // 较上年: the base of a change, not its year
				}
				year = yearOff(art, -1)
				step = 2
			case t.hasAt(i, "前年") && !t.hasAt(i-1, "今"):
				year = yearOff(art, -2)
				step = 2
			case t.hasAt(i, "明年"):
				year = yearOff(art, 1)
				step = 2
			case t.hasAt(i, "上半年") || t.hasAt(i, "下半年") || t.hasAt(i, "一季度") || t.hasAt(i, "前三季度"):
				if i == s || !isDigit(t.at(i-2)) && t.at(i-1) != '年' {
					if year == 0 {
						year = art
					}
				}
				step = 3
			case t.hasAt(i, "近年来") || t.hasAt(i, "连续") || (r == '近' && isCnOrDigit(t.at(i+1)) && t.hasAt(i+2, "年")) || t.hasAt(i, "近十年"):
				year = 0
			case t.hasAt(i, "以来") && t.at(i-1) == '年' && isDigit(t.at(i-2)):
				year = 0 // 2020年以来: a span
			case (t.hasAt(i, "截至") || t.hasAt(i, "截止")) && isDigit(t.at(i+2)) && (t.at(i+3) == '月' || t.at(i+4) == '月'):
				year = art // 截至4月底: this year
			}
		}
		for k := i; k < i+step && k < len(t.r); k++ {
			if isSentenceEnd(t.r[k]) {
				year, s = 0, k+1
			}
			out[k+1] = year
		}
		i += step
	}
	return out
}

// timeFirst reports whether r may begin a time expression years reads.
func timeFirst(r rune) bool {
	switch r {
	case '今', '本', '全', '年', '目', '当', '现', '去', '上', '前', '明', '下', '一', '近', '连', '以', '截':
		return true
	}
	return false
}

func isCnOrDigit(r rune) bool {
	_, ok := cnDigit[r]
	return ok || isDigit(r) || r == '十'
}

func yearOff(y, d int) int {
	if y == 0 {
		return 0
	}
	return y + d
}

func asciiDigits(rs []rune) string {
	b := make([]byte, len(rs))
	for i, r := range rs {
		b[i] = byte('0' + digitVal(r))
	}
	return string(b)
}

// targetWords mark a sentence as a plan: 力争, 目标, 将, 到…年, 计划.
var targetWords = []string{"力争", "争取", "目标", "确保", "预计", "努力", "将", "要", "规划", "谋划", "拟", "计划", "推动", "保持", "新创建", "力促"}

// plans computes, for every position, whether the words of its sentence
// before it plan (力争, 到2025年…): then a figure there is a target.
func (t *scan) plans(ctx Context) []bool {
	art := ctx.year()
	out := make([]bool, len(t.r)+1)
	plan := false
	for i, r := range t.r {
		if !plan && !(t.quote[i] && r != '“') && targetFirst[r] {
			for _, w := range targetWords {
				if t.hasAt(i, w) && !t.notMarker(i, w) {
					plan = true
					break
				}
			}
		}
		// 到2025年
		if !plan && (r == '到' || r == '至') && t.at(i-1) != '截' && isDigit(t.at(i+1)) && isDigit(t.at(i+4)) && t.at(i+5) == '年' {
			if art == 0 || yearAt(t.r[i+1:i+5]) >= art {
				plan = true
			}
		}
		if isSentenceEnd(r) {
			plan = false
		}
		out[i+1] = plan
	}
	return out
}

var targetFirst = func() map[rune]bool {
	m := map[rune]bool{}
	for _, w := range targetWords {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = true
	}
	return m
}()

func yearAt(rs []rune) int {
	y, _ := strconv.Atoi(asciiDigits(rs))
	return y
}

// notMarker rules out words that only look like target words: 重要, 主要,
// 需要, 要素; 将 as the object marker of 首次将…纳入 is left as it is (a
// sentence that uses it is nearly always a plan anyway); 计划 as part of a
// name (倍增计划, 三年滚动建设计划).
func (t *scan) notMarker(i int, w string) bool {
	prev := t.at(i - 1)
	next := t.at(i + utf8.RuneCountInString(w))
	switch w {
	case "要":
		return prev == '重' || prev == '主' || prev == '需' || prev == '纪' || prev == '摘' || next == '素' || next == '求' || next == '点' || next == '闻' || next == '件'
	case "将":
		return next == '来' || next == '近' || prev == '即' && next == '出'
	case "计划":
		if next == '总' || t.hasAt(i+2, "投资") {
			return true // 计划总投资: a project's stated investment
		}
		// 倍增计划，… and 建设计划的: a programme's name
		return isClauseEnd(next) || next == '的' || next == '和' || next == '”' || next == 0
	case "目标":
		return next == '项'
	case "保持":
		return false
	case "推动":
		// 推动 governs the figure's own clause only: 推动350家企业…
		for k := i; k < len(t.r) && k < i+30; k++ {
			if isClauseEnd(t.r[k]) {
				return true
			}
			if isDigit(t.r[k]) {
				return false
			}
		}
		return true
	}
	return false
}

// figureAt reports whether a figure's number starts at k (a digit run
// followed by a unit), where the words after a count must stop.
func (t *scan) figureAt(k int) bool {
	if !isDigit(t.at(k)) {
		return false
	}
	j := k
	for isDigit(t.at(j)) || t.at(j) == '.' {
		j++
	}
	for _, m := range magnitudes {
		if t.hasAt(j, m.w) {
			j += utf8.RuneCountInString(m.w)
			break
		}
	}
	if t.at(j) == '多' || t.at(j) == '余' {
		j++
	}
	_, ok := t.unitAt(j)
	return ok
}

// adminUnit reports whether the words after a count name divisions: 县,
// 镇街, 区. A count of them says where, not how much.
func adminUnit(post string) bool {
	for _, w := range []string{"县", "区", "镇", "市", "省", "村", "乡", "街道"} {
		if rest, ok := strings.CutPrefix(post, w); ok {
			next, _ := utf8.DecodeRuneInString(rest)
			return !strings.ContainsRune("级属内域委场直", next)
		}
	}
	return false
}

// trimQuotes drops quotation marks left unpaired at the ends of a name.
func trimQuotes(s string) string {
	for {
		switch {
		case strings.HasPrefix(s, "“") && !strings.Contains(s, "”"):
			s = strings.TrimPrefix(s, "“")
		case strings.HasSuffix(s, "“"):
			s = strings.TrimSuffix(s, "“")
		case strings.HasSuffix(s, "”") && !strings.Contains(s, "“"):
			s = strings.TrimSuffix(s, "”")
		case strings.HasPrefix(s, "”"):
			s = strings.TrimPrefix(s, "”")
		default:
			return strings.TrimSpace(s)
		}
	}
}

// stripRecent drops 近三年, 近5年, 近年来, 连续两年 at the front.
func stripRecent(s string) string {
	rs := []rune(s)
	i := 0
	switch {
	case strings.HasPrefix(s, "近年来"):
		return string(rs[3:])
	case strings.HasPrefix(s, "近"):
		i = 1
	case strings.HasPrefix(s, "连续"):
		i = 2
	default:
		return s
	}
	k := i
	for k < len(rs) && isCnOrDigit(rs[k]) {
		k++
	}
	if k > i && k < len(rs) && rs[k] == '年' {
		k++
		if k < len(rs) && rs[k] == '来' {
			k++
		}
		return string(rs[k:])
	}
	return s
}

func firstRune(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// startsChange reports whether the words after a count begin with a change
// or a comparison (1200家增加至…, 500家占…): then they do not name it.
func startsChange(s string) bool {
	for _, w := range []string{"增", "提", "降", "减", "占", "同比", "比", "较", "居", "位", "排", "翻", "左右", "以上"} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// toward reports whether the words between two figures lead from one value
// to the next (由1200家增加至1500家, 从30吉瓦时提升到80吉瓦时): then the
// second is a value of the first's indicator. 累计达到 is not one.
func (t *scan) toward(from, to int) bool {
	w := strings.ReplaceAll(t.str(from, to), "达到", "")
	return strings.Contains(w, "到") || strings.Contains(w, "至")
}

// roundScaled keeps a scaled value free of float noise (4300亿元 is 4.3e11,
// not 4.300000000000001e11).
func roundScaled(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	d := math.Ceil(math.Log10(math.Abs(v)))
	p := math.Pow(10, 12-d)
	return math.Round(v*p) / p
}
