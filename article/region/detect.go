package region

import (
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Weights of the evidence Detect collects. A mention in the title counts
// ten body mentions; a dateline (本报韶关讯, 新华社北京8月3日电) eight; an
// office (韶关市工信局, 惠州市惠阳区委) adds four. A partner (与深圳、东莞等
// …合作) keeps 15% of its weight, a venue (在广州举行) 10%.
const (
	wBody     = 1.0
	wTitle    = 10.0
	wDateline = 8.0
	wOffice   = 4.0
	fPartner  = 0.15
	fVenue    = 0.1

	datelineLines = 5 // datelines are looked for in the first lines only
)

// offices follow a place name (with or without its level character) and
// make it the speaker's or the article's own office: 韶关市工信局,
// 惠州市惠阳区委, 广东省政府.
var offices = []string{
	"工业和信息化", "工信", "经济和信息化", "经信", "发展和改革", "发改", "委", "政府",
	"人民政府", "人大", "政协", "党委", "商务", "科技局", "科技厅", "科学技术", "统计",
	"财政", "人力资源", "人社", "住房和城乡", "住建", "交通运输", "农业农村", "生态环境",
	"自然资源", "应急管理", "市场监", "教育局", "教育厅", "卫生健康", "卫健", "文化和旅游",
	"文旅", "投资促进", "投促", "招商", "国资委", "局", "厅", "领导",
}

// orgSuffixes after a short form make it part of a name, not a mention:
// 白银集团, 中山大学, 深南大道, 惠州日报, 城关镇. Industries (惠州汽车产业)
// are mentions. After a full name (韶关市汽车…) only fullOrgSuffixes count.
var (
	orgSuffixes = []string{
		"集团", "公司", "股份", "银行", "大学", "学院", "中学", "小学", "医院", "大道",
		"大街", "路", "街", "巷", "酒店", "宾馆", "饭店", "机场", "药业", "实业", "控股",
		"证券", "啤酒", "卫视", "电视台", "日报", "晚报", "商报", "新闻网", "融媒", "报社",
		"广播", "商会", "同乡会", "镇",
	}
	fullOrgSuffixes = []string{"集团", "公司", "银行", "大学", "日报", "晚报", "电视台", "广播", "融媒", "报社"}
	notOrg          = []string{"路径", "路线", "路演", "路子"}
)

// partnerMarkers before a place name make it a partner or a destination:
// 与深圳, 携手东莞, 赴广州, 对接佛山.
var partnerMarkers = []string{
	"与", "同", "跟", "携手", "联合", "对接", "赴", "前往", "到访", "学习", "借鉴",
	"对标", "来自", "对口", "深化与", "加强与", "强化与",
}

// venueVerbs after 在 + a place name make it a venue: 在广州举行.
var (
	venuePrepositions = []string{"在", "于"}
	venueVerbs        = []string{"举行", "举办", "召开", "开幕", "闭幕", "揭幕", "启幕", "开展"}
)

// levelWords before 省/市/区/县 (全市, 我省, 本县) point at the article's
// own level; officePrefixes before it allow an office without a name
// (访省工业和信息化厅, 市工业和信息化局局长 at the start of a line).
const (
	levelWords     = "全我本该"
	officePrefixes = "访及和与、在向由据是了对到赴为副原任"
)

var (
	dictOnce sync.Once
	dict     *dictionary
)

func getDict() (*gazetteer, *dictionary) {
	g := data()
	dictOnce.Do(func() { dict = buildDictionary(g) })
	return g, dict
}

// mention is one place mention with its evidence.
type mention struct {
	span
	order   int     // position in the article
	weight  float64 // evidence weight
	strong  bool    // in the title, a dateline or an office, and not a partner or venue
	inTitle bool    // in the title, not a partner or venue
	office  bool
	div     int // resolved division, -1 if ambiguous
}

// article-level levels (Detect's notion of what the article is about).
const (
	atUnknown = iota
	atProvince
	atCity
	atDistrict
)

// Detect finds the article's own place from its title and its paragraph
// lines (in reading order, already cleaned).
//
// It weighs, in order, the title, a dateline, the speaker's office and the
// body mentions, and reads the article's level from unnamed offices (市工业
// 和信息化局 → a city; 访省工业和信息化厅 → a province, so no city; 区委 → a
// district) and words like 全市, 我省. A place name inside a company or
// newspaper name (白银集团, 惠州日报), a partner (与深圳、东莞…合作) or a venue
// (在广州举行) does not make the article that place's. A name several
// divisions share (朝阳区 in 北京 and 长春) resolves through the place named
// before it or the article's other places. Province is filled whenever a
// city is; for a municipality City repeats it (北京 / 北京 / 朝阳). Text with
// no place gives an empty Place.
func Detect(title string, lines []string) Place {
	g, d := getDict()
	var ms []mention
	var votes [4]float64
	order := 0
	collect := func(s string, inTitle bool, lineNo int) {
		t := newText(s)
		spans := d.scan(g, t)
		covered := make([]bool, len(t.runes))
		for _, sp := range spans {
			for k := sp.start; k < sp.end; k++ {
				covered[k] = true
			}
		}
		levelVotes(t, covered, inTitle, &votes)
		prevPartner := -1 // end of the last partner mention, for lists
		for _, sp := range spans {
			m := mention{span: sp, order: order, div: -1}
			order++
			// Office after the name, skipping its level character.
			after := sp.end
			if !sp.full && after < len(t.runes) && strings.ContainsRune(levelChars, t.runes[after]) {
				after++
			}
			if _, ok := t.hasPrefixAt(after, offices); ok {
				m.office = true
			} else if isOrg(t, sp) {
				continue
			}
			partner := t.hasSuffixBefore(sp.start, partnerMarkers) ||
				(prevPartner >= 0 && sp.start-prevPartner == 1 && strings.ContainsRune("、和及与", t.runes[prevPartner]))
			venue := !partner && t.hasSuffixBefore(sp.start, venuePrepositions) && venueFollows(t, sp.end)
			dateline := !inTitle && lineNo < datelineLines && datelineFollows(t, sp.end)
			switch {
			case inTitle:
				m.weight = wTitle
			case dateline:
				m.weight = wDateline
			default:
				m.weight = wBody
			}
			if m.office {
				m.weight += wOffice
			}
			m.strong = inTitle || dateline || m.office
			m.inTitle = inTitle
			if partner {
				m.weight *= fPartner
				prevPartner = sp.end
			}
			if venue {
				m.weight *= fVenue
			}
			if partner || venue {
				m.strong, m.inTitle, m.office = false, false, false
			}
			if m.office {
				if inTitle {
					votes[officeLevel(g, sp.cands)] += wTitle
				} else {
					votes[officeLevel(g, sp.cands)] += 2
				}
			}
			ms = append(ms, m)
		}
	}
	collect(title, true, -1)
	for i, l := range lines {
		collect(l, false, i)
	}
	if len(ms) == 0 {
		return Place{}
	}
	ms = anchor(g, ms)
	resolve(g, ms)
	return decide(g, ms, articleLevel(votes))
}

// anchor drops the county-level readings of short forms whose province,
// city or full name the article never names: two-character county names
// hide in ordinary text (创新和 holds 新和, 复杂多变 holds 杂多), while a real
// county mention comes with its city or province somewhere (惠阳 with 惠州).
// A short form followed by an office (惠阳工信局) stands on its own.
func anchor(g *gazetteer, ms []mention) []mention {
	named := map[string]bool{}
	for _, m := range ms {
		for _, c := range m.cands {
			dv := g.divs[c]
			if !m.full && dv.Level == LevelCounty {
				continue
			}
			named[dv.ProvinceCode] = true
			if cc := cityCode(dv); cc != "" {
				named[cc] = true
			}
			named[dv.Code] = true
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if !m.full && !m.office {
			var keep []int
			for _, c := range m.cands {
				dv := g.divs[c]
				if dv.Level != LevelCounty || named[dv.ProvinceCode] || named[dv.CityCode] || named[dv.Code] {
					keep = append(keep, c)
				}
			}
			if len(keep) == 0 {
				continue
			}
			m.cands = keep
		}
		out = append(out, m)
	}
	return out
}

// isOrg reports whether the mention is part of a name (白银集团).
func isOrg(t text, sp span) bool {
	if _, ok := t.hasPrefixAt(sp.end, notOrg); ok {
		return false
	}
	words := orgSuffixes
	if sp.full {
		words = fullOrgSuffixes
	}
	_, ok := t.hasPrefixAt(sp.end, words)
	return ok
}

// venueFollows reports whether a venue verb follows within the clause.
func venueFollows(t text, i int) bool {
	for k := i; k < len(t.runes) && k < i+12; k++ {
		r := t.runes[k]
		if strings.ContainsRune("，。；！？,;!?：:", r) {
			return false
		}
		if _, ok := t.hasPrefixAt(k, venueVerbs); ok {
			return true
		}
	}
	return false
}

// datelineFollows reports whether 讯 or 电, optionally after a date
// (8月3日), follows: 本报韶关讯, 新华社北京8月3日电.
func datelineFollows(t text, i int) bool {
	k := i
	for k < len(t.runes) && (unicode.IsDigit(t.runes[k]) || t.runes[k] == '月' || t.runes[k] == '日') {
		k++
	}
	return k < len(t.runes) && (t.runes[k] == '讯' || t.runes[k] == '电')
}

// officeLevel is the article level an office of these candidates implies.
func officeLevel(g *gazetteer, cands []int) int {
	lv := LevelCounty
	for _, c := range cands {
		lv = min(lv, g.divs[c].Level)
	}
	return int(lv) // LevelProvince..LevelCounty match atProvince..atDistrict
}

// levelVotes counts 全市/我省 and unnamed offices (市工业和信息化局) outside
// the place mentions of a line.
func levelVotes(t text, covered []bool, inTitle bool, votes *[4]float64) {
	for k, r := range t.runes {
		var lv int
		switch r {
		case '省':
			lv = atProvince
		case '市':
			lv = atCity
		case '区', '县':
			lv = atDistrict
		default:
			continue
		}
		if covered[k] {
			continue
		}
		var prev rune
		if k > 0 {
			prev = t.runes[k-1]
		}
		switch {
		case prev != 0 && strings.ContainsRune(levelWords, prev):
			votes[lv]++
		case prev == 0 || !isHan(prev) || strings.ContainsRune(officePrefixes, prev):
			if _, ok := t.hasPrefixAt(k+1, offices); ok {
				if inTitle {
					votes[lv] += wTitle
				} else {
					votes[lv] += 2
				}
			}
		}
	}
}

func articleLevel(votes [4]float64) int {
	best := atUnknown
	for lv := atProvince; lv <= atDistrict; lv++ {
		if votes[lv] > votes[best] {
			best = lv
		}
	}
	return best
}

// resolve picks one division per mention: the only candidate, or the one
// whose city (then province) the unambiguous mentions support most, then
// the highest level (吉林 the province over 吉林市). A tie stays unresolved.
func resolve(g *gazetteer, ms []mention) {
	city := map[string]float64{}
	prov := map[string]float64{}
	for i := range ms {
		if len(ms[i].cands) == 1 {
			ms[i].div = ms[i].cands[0]
			dv := g.divs[ms[i].div]
			prov[dv.ProvinceCode] += ms[i].weight
			if c := cityCode(dv); c != "" {
				city[c] += ms[i].weight
			}
		}
	}
	type key struct {
		city, prov float64
		level      Level
	}
	better := func(a, b key) int {
		switch {
		case a.city != b.city:
			return cmp(a.city > b.city)
		case a.prov != b.prov:
			return cmp(a.prov > b.prov)
		case a.level != b.level:
			return cmp(a.level < b.level)
		}
		return 0
	}
	for i := range ms {
		if ms[i].div >= 0 {
			continue
		}
		best, tie := -1, false
		var bk key
		for _, c := range ms[i].cands {
			dv := g.divs[c]
			k := key{city: city[cityCode(dv)], prov: prov[dv.ProvinceCode], level: dv.Level}
			if cityCode(dv) == "" {
				k.city = 0
			}
			if best < 0 {
				best, bk = c, k
				continue
			}
			switch better(k, bk) {
			case 1:
				best, bk, tie = c, k, false
			case 0:
				tie = true
			}
		}
		if !tie {
			ms[i].div = best
		}
	}
}

func cmp(b bool) int {
	if b {
		return 1
	}
	return -1
}

// cityCode is the code of the city a division is or lies in ("" for a
// province or a county-level unit governed by its province).
func cityCode(d Division) string {
	switch d.Level {
	case LevelCity:
		return d.Code
	case LevelCounty:
		return d.CityCode
	}
	return ""
}

// tally is the evidence for one division.
type tally struct {
	score   float64
	direct  float64 // mentions of the division itself, not of its children
	strong  bool
	inTitle bool
	first   int
}

// tallies are keyed by division index.
type tallies map[int]*tally

func (t tallies) add(div int, m mention, direct bool) {
	x := t[div]
	if x == nil {
		x = &tally{first: m.order}
		t[div] = x
	}
	x.score += m.weight
	if direct {
		x.direct += m.weight
	}
	x.strong = x.strong || m.strong
	x.inTitle = x.inTitle || m.inTitle
}

// ranked returns the divisions of t that pass keep, best first.
func (t tallies) ranked(keep func(div int) bool) []int {
	var out []int
	for c := range t {
		if keep(c) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := t[out[i]], t[out[j]]
		if a.score != b.score {
			return a.score > b.score
		}
		return a.first < b.first
	})
	return out
}

// wins reports whether the best of the ranked divisions, at level need
// (atCity or atDistrict), is the article's, given the article level lv:
//   - a level at or below need: it must lead (or be the only strong one);
//   - a higher level (a provincial article deciding on a city): only a
//     name in the title counts;
//   - no stated level: it must be strong and lead, or reach minScore and
//     twice the runner-up.
func wins(t tallies, ranked []int, need, lv int, minScore float64) bool {
	if len(ranked) == 0 {
		return false
	}
	best := t[ranked[0]]
	var second float64
	secondStrong := false
	if len(ranked) > 1 {
		second, secondStrong = t[ranked[1]].score, t[ranked[1]].strong
	}
	switch {
	case lv == atUnknown:
		return (best.strong && best.score > second) || (best.score >= minScore && best.score >= 2*second)
	case lv >= need:
		return best.score > second || (best.strong && !secondStrong)
	default:
		return best.inTitle
	}
}

func decide(g *gazetteer, ms []mention, lv int) Place {
	prov, city, county := tallies{}, tallies{}, tallies{}
	for _, m := range ms {
		if m.div < 0 || m.weight == 0 {
			continue
		}
		dv := g.divs[m.div]
		prov.add(g.byCode[dv.ProvinceCode], m, dv.Level == LevelProvince)
		if c := cityCode(dv); c != "" {
			city.add(g.byCode[c], m, dv.Level == LevelCity)
		}
		if dv.Level == LevelCounty {
			county.add(m.div, m, true)
		}
	}
	provs := prov.ranked(func(int) bool { return true })
	if len(provs) == 0 {
		return Place{}
	}
	p := g.divs[provs[0]]
	place := Place{Province: p.Short}
	parent := "" // code of the city whose counties may be the district
	if municipality(p.Code) {
		parent = p.Code[:2] + "0100"
		place.City = p.Short
	} else {
		cities := city.ranked(func(c int) bool { return g.divs[c].ProvinceCode == p.Code })
		if wins(city, cities, atCity, lv, 2) {
			c := g.divs[cities[0]]
			place.City, parent = c.Short, c.Code
		}
	}
	counties := county.ranked(func(c int) bool {
		dv := g.divs[c]
		if dv.ProvinceCode != p.Code || dv.CityCode != parent {
			return false // without a city: the province's own county-level units
		}
		return dv.Place().District != "" // not 东莞市 under 东莞市
	})
	if len(counties) > 0 && lv == atUnknown && parent != "" {
		// Without a stated level a district must outweigh its own city.
		if pc, ok := g.byCode[parent]; ok && city[pc] != nil && county[counties[0]].score < city[pc].direct {
			counties = nil
		}
	}
	if wins(county, counties, atDistrict, lv, 3) {
		place.District = g.divs[counties[0]].Short
	}
	return place
}
