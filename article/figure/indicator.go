package figure

import (
	"strings"
	"unicode/utf8"

	"fangtan/article/region"
)

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
		case k == 0 && (w == "较" || strings.Contains(s, "上年") || strings.Contains(s, "去年") || strings.Contains(s, "同期")):
			return "" // 较上年增加120万吨, 较前三季度提高1.7个百分点: a change of the figure before
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
	switch s {
	case "全年", "今年", "今年全年", "本年", "当年", "年内", "去年", "上年", "全年预计", "今年以来":
		return "" // 预计全年增长10.5%: a time names nothing; the figure before may
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

// isPlace reports whether s names a division (珠海, 惠阳区).
func isPlace(s string) bool { return len(region.Lookup(s)) > 0 }
