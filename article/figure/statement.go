package figure

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

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
	// 分别同比增长15.6%和9.8%: rates of the figures before, in order
	f.respectively = strings.HasPrefix(strings.TrimSpace(pre), "分别")
	switch strings.TrimSpace(pre) {
	case "和", "、", "及", "与", "以及", ",", "，":
		f.conjoined = true
	}
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
		if named == "" && clauseStart > 0 && clauseStart > prevEnd && !isSentenceEnd(t.r[clauseStart-1]) {
			// "新能源汽车产量突破百万辆，达到102.3万辆": the clause before
			// names it, with a round amount and no figure of its own
			named = t.roundSubject(clauseStart-1, prevEnd)
		}
		f.Start = t.off[start]
		if k := strings.LastIndex(pre, named); named != "" && k >= 0 {
			f.Start = t.off[clauseStart+utf8.RuneCountInString(pre[:k])]
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
	for _, m := range mods {
		f.change = f.change || isChange(m) // 同比增长10%左右: a change, whatever modifier shows
	}
	f.Year = t.yearAt[n.start]
	if end := t.spanEnd[n.start]; end > 0 && f.Year == 0 && (strings.HasPrefix(f.Modifier, "年均") || strings.Contains(named, "年均")) {
		f.Year = end // 2021—2023年…年均增长8.2%: the span's average, at its end
	}
	f.Kind = Actual
	art := ctx.year()
	if plan := t.planAt[n.start]; plan {
		switch t.yearWhy[n.start] {
		case yearFromFullYear:
			f.Year = art // 全年力争… in January: this year's plan
		case yearFromPeriod:
			f.Year = 0
		}
	}
	if t.planAt[n.start] || art > 0 && f.Year > art {
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

// roundAmountRE: a clause that passes a round amount in words, "突破百万辆",
// "迈上千亿元台阶", before the exact figure follows.
var roundAmountRE = regexp.MustCompile(`(突破|超过|迈上|邁上|跨越|站上|跃上|躍上)[一二两三四五六七八九十百千万亿]+`)

// roundSubject is what the clause ending at end (a clause mark) names
// before its round amount, or "": 「去年全市新能源汽车产量突破百万辆，」
// names 新能源汽车产量.
func (t *scan) roundSubject(end, prevEnd int) string {
	start := end
	for start > 0 && start > prevEnd && !isClauseEnd(t.r[start-1]) {
		start--
	}
	clause := t.str(start, end)
	m := roundAmountRE.FindStringIndex(clause)
	if m == nil {
		return ""
	}
	named := trimPre(clause[:m[0]])
	if utf8.RuneCountInString(named) < 2 {
		return ""
	}
	return named
}
