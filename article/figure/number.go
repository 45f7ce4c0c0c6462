package figure

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
