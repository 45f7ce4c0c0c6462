package figure

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ---- year and kind ----

// years computes, for every position, the year a figure starting there
// refers to: the last time expression of its sentence before it. A range
// of years, 近三年 or 连续两年 gives none. One pass over the text, so a
// paragraph of many figures costs no more than one of few.
func (t *scan) years(ctx Context) []int {
	art := ctx.year()
	out := make([]int, len(t.r)+1)
	t.yearWhy = make([]uint8, len(t.r)+1)
	t.spanEnd = make([]int, len(t.r)+1)
	// A sentence with no time word is of the report's period, if any.
	year, why, spanEnd := ctx.Period, uint8(0), 0
	if year > 0 {
		why = yearFromPeriod
	}
	s := 0 // the sentence's first rune
	for i := 0; i < len(t.r); {
		r := t.r[i]
		step := 1
		if !t.quote[i] && (isDigit(r) || timeFirst(r)) {
			switch {
			case isDigit(r) && !isDigit(t.at(i-1)) && t.at(i-1) != '年' && t.monthRange(i) > 0:
				// 1-11月, 1~7月, 1月至10月, 1至8月: months of the article's
				// year, or of the year before when they run past its month.
				end := t.monthRange(i)
				year, why = art, 0
				if m := ctx.month(); m > 0 && t.rangeEndMonth(i) > m {
					year = yearOff(art, -1)
				}
				step = end - i
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
					why = 0
					if (prev == '—' || prev == '-' || prev == '至' || prev == '～' || prev == '~' || prev == '－') && (isDigit(t.at(i-2)) || t.at(i-2) == '年') {
						year, spanEnd = 0, y // 2020—2021年: a span, ending in 2021
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
					year, why = art, 0
					if t.hasAt(i, "全年") && ctx.earlyYear() && !t.hasAt(i-1, "今") && !t.hasAt(i-2, "今年") && !t.hasAt(i-2, "本年") {
						// 全年 in a January report: the year just ended
						// (a plan for the new one says 今年 or is read as
						// this year's, see yearFromFullYear).
						year, why = yearOff(art, -1), yearFromFullYear
					}
				}
				step = 2
			case t.hasAt(i, "去年") || t.hasAt(i, "上年"):
				if p := t.at(i - 1); p == '上' || p == '较' || p == '比' || p == '同' {
					break // 较上年: the base of a change, not its year
				}
				year, why = yearOff(art, -1), 0
				step = 2
			case r == '前' && isDigit(t.at(i+1)) && t.at(i-1) != '年' && t.firstMonths(i+1) > 0:
				// 前11个月, 前7月: the article's year (the year before when
				// they run past its month)
				year, why = art, 0
				if m := ctx.month(); m > 0 && t.firstMonths(i+1) > m {
					year = yearOff(art, -1)
				}
			case t.hasAt(i, "前年") && !t.hasAt(i-1, "今"):
				year, why = yearOff(art, -2), 0
				step = 2
			case t.hasAt(i, "明年"):
				year, why = yearOff(art, 1), 0
				step = 2
			case t.hasAt(i, "上半年") || t.hasAt(i, "下半年") || t.hasAt(i, "一季度") || t.hasAt(i, "前三季度"):
				if i == s || !isDigit(t.at(i-2)) && t.at(i-1) != '年' {
					if year == 0 || why == yearFromPeriod {
						year, why = art, 0
					}
				}
				step = 3
			case t.hasAt(i, "近年来") || t.hasAt(i, "连续") || (r == '近' && isCnOrDigit(t.at(i+1)) && t.hasAt(i+2, "年")) || t.hasAt(i, "近十年"):
				year, why = 0, 0
			case t.hasAt(i, "以来") && t.at(i-1) == '年' && isDigit(t.at(i-2)):
				year, why = 0, 0 // 2020年以来: a span
			case (t.hasAt(i, "截至") || t.hasAt(i, "截止")) && isDigit(t.at(i+2)) && (t.at(i+3) == '月' || t.at(i+4) == '月'):
				year, why = art, 0 // 截至4月底: this year
			case t.hasAt(i, "五”期间") || t.hasAt(i, "五\"期间") || t.hasAt(i, "五期间") || t.hasAt(i, "五”时期") || t.hasAt(i, "五时期"):
				// “十三五”期间: a plan period, ending in its last year
				if end := planPeriodEnd(t, i); end > 0 && (art == 0 || end < art) {
					spanEnd = end
				}
			}
		}
		for k := i; k < i+step && k < len(t.r); k++ {
			if isSentenceEnd(t.r[k]) {
				year, why, spanEnd, s = ctx.Period, 0, 0, k+1
				if year > 0 {
					why = yearFromPeriod
				}
			}
			out[k+1] = year
			t.yearWhy[k+1] = why
			t.spanEnd[k+1] = spanEnd
		}
		i += step
	}
	return out
}

// monthRange is the end (after 月 or 月份) of a range of months starting at
// i, "1-11月", "1~7月份", "1月至10月", "1至8月", or 0.
func (t *scan) monthRange(i int) int {
	k, ok := t.month(i)
	if !ok {
		return 0
	}
	if t.at(k) == '月' {
		k++
	}
	switch t.at(k) {
	case '-', '~', '～', '—', '－', '至', '到':
		k++
	default:
		return 0
	}
	k, ok = t.month(k)
	if !ok || t.at(k) != '月' {
		return 0
	}
	k++
	if t.at(k) == '份' {
		k++
	}
	return k
}

// firstMonths reads the N of 前N个月 or 前N月 at i, or 0.
func (t *scan) firstMonths(i int) int {
	k, ok := t.month(i)
	if !ok || !(t.at(k) == '月' || t.at(k) == '个' && t.at(k+1) == '月') {
		return 0
	}
	m, _ := strconv.Atoi(asciiDigits(t.r[i:k]))
	return m
}

// rangeEndMonth is the last month of the range of months at i.
func (t *scan) rangeEndMonth(i int) int {
	end := t.monthRange(i)
	k := end - 1
	for k > i && !isDigit(t.r[k]) {
		k--
	}
	j := k
	for j > i && isDigit(t.r[j-1]) {
		j--
	}
	m, _ := strconv.Atoi(asciiDigits(t.r[j : k+1]))
	return m
}

// month reads a month number (1 to 12) at i: where it ends, and whether
// there is one.
func (t *scan) month(i int) (int, bool) {
	k := i
	for k < len(t.r) && isDigit(t.r[k]) && k-i < 2 {
		k++
	}
	if k == i || isDigit(t.at(k)) {
		return i, false
	}
	m, _ := strconv.Atoi(asciiDigits(t.r[i:k]))
	return k, m >= 1 && m <= 12
}

// Where a year came from, when a plan reads it otherwise.
const (
	yearFromFullYear = 1 + iota // 全年 in January: last year's, but a plan's is this year's
	yearFromPeriod              // no time word, in a report on a past year: none for a plan
)

// planPeriodEnd is the last year of the five-year plan whose 五 is at i
// (十三五 → 2020), or 0.
func planPeriodEnd(t *scan, i int) int {
	for n, end := range map[string]int{"十一": 2010, "十二": 2015, "十三": 2020, "十四": 2025, "十五": 2030} {
		if t.endsAt(i, n) {
			return end
		}
	}
	return 0
}

// timeFirst reports whether r may begin a time expression years reads.
func timeFirst(r rune) bool {
	switch r {
	case '今', '本', '全', '年', '目', '当', '现', '去', '上', '前', '明', '下', '一', '近', '连', '以', '截', '五':
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
				if t.hasAt(i, w) && !t.notMarker(i, w) && !t.estimate(i, w, ctx) {
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

// estimate reports 预计全年 in a report at the end of a year or just after
// it: the year's estimated result, not a target ("预计全年，规上工业增加值
// 增长5.7%左右" in December).
func (t *scan) estimate(i int, w string, ctx Context) bool {
	if w != "预计" || !ctx.yearEnd() {
		return false
	}
	j := i + 2
	for k := 0; k < 2 && (t.at(j) == ',' || t.at(j) == '，' || t.hasAt(j, "今年") || t.hasAt(j, "去年")); k++ {
		if t.at(j) == ',' || t.at(j) == '，' {
			j++
		} else {
			j += 2
		}
	}
	return t.hasAt(j, "全年")
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
		// 完成年度目标91.5%: progress towards a target is a result
		return next == '项' || t.endsAt(i, "年度") && (t.endsAt(i-2, "完成") || t.endsAt(i-2, "占"))
	case "保持", "推动":
		// 推动 and 保持 govern the figure's own clause only: 推动350家企业…,
		// but not 「比重保持基本稳定，新能源汽车产销量突破900万辆」
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
