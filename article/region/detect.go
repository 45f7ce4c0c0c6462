package region

import (
	"regexp"
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

// visitMarkers before a county name make it the destination of a visit
// (市工信局赴大丰区走访, 带队到涪城区调研): when the county lies in the
// article's own city, the visit is the article's event and the county its
// place, not a partner.
var visitMarkers = []string{"赴", "前往", "来到", "带队到", "一行到", "先后到", "深入", "走进", "莅临", "到访"}

// outletSuffixes after a place name make it an outlet's name (德州新闻网讯,
// 邢台日报记者). Unlike other names (白银集团) an outlet says where the
// article comes from, so it is kept as weak evidence (see weakEvidence).
var outletSuffixes = []string{"日报", "晚报", "商报", "新闻网", "融媒", "报社", "广播", "电视台", "卫视"}

// fromMarkers before a place name make it a reporter's dateline (每经记者
// 张三 发自北京): where the story was filed, weak evidence like an outlet.
var fromMarkers = []string{"发自"}

// surnames are common family names, less those that often end a word
// before a place name (向, 于, 和, 感谢, 实施, 周边), for afterSurname.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝宁符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁蒲房滕屈饶牟艾尤穆卓吉缪项芦麦褚娄窦戚岑党宫卜冷晏卫米柏宗瞿桂佟臧闵苟邬卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝"

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

	// weak evidence (an outlet's name, a 发自 or wire dateline, a name
	// from outside the text): see weakEvidence.
	weak bool
	// aside: a partner or a venue.
	aside bool
	// afterSurname: a short form right after a common surname is more
	// likely a given name (李卫东, 周建平) than a county (卫东区, 建平县).
	afterSurname bool
	// visit: the destination of a visit (赴大丰区); own* keep the weight
	// and flags it had before it was taken for a partner.
	visit            bool
	ownWeight        float64
	ownStrong, ownIn bool
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
// (在广州举行) does not make the article that place's, but a county its
// city's office visits (市工信局赴大丰区走访) does. An outlet's name
// (德州新闻网讯) and where the story was filed (发自北京, 新华社北京8月3日电)
// are weak evidence (see weakEvidence). A county's short form (宝丰) needs
// its city or province named, an office after it, or a county article
// (全县, 县工信局) that names no other place. A name several
// divisions share (朝阳区 in 北京 and 长春) resolves through the place named
// before it or the article's other places. Province is filled whenever a
// city is; for a municipality City repeats it (北京 / 北京 / 朝阳). Text with
// no place gives an empty Place.
func Detect(title string, lines []string) Place {
	return DetectPage(title, lines, nil)
}

// DetectPage is Detect with the page's own names for where it comes from,
// outside its title and text: the source (来源:福田区工业和信息化局), a
// masthead (宝鸡日报), the site's name in <title> or its header (芜湖市人民
// 政府), the 主办单位 or 发布机构 line, an outlet's speaker label
// (重庆日报记者). Like an outlet named in the text they are weak evidence:
// they decide the place only when the text names none but speaks of its
// own level (市工信局, 全县), as a local paper or portal does of its place.
func DetectPage(title string, lines, outlets []string) Place {
	g, d := getDict()
	var ms []mention
	var lt levelTally
	order := 0
	national, nationalTitle := 0.0, false
	collect := func(s string, inTitle bool, lineNo int, outside bool) {
		if !outside {
			v := nationalVotes(s, inTitle)
			national += v
			nationalTitle = nationalTitle || inTitle && v > 0
		}
		t := newText(s)
		spans := d.scan(g, t)
		if !outside {
			covered := make([]bool, len(t.runes))
			for _, sp := range spans {
				for k := sp.start; k < sp.end; k++ {
					covered[k] = true
				}
			}
			levelVotes(t, covered, inTitle, &lt)
		}
		prevPartner := -1 // end of the last partner mention, for lists
		prevEnd := -1     // end of the last mention, for chains (镇江丹阳)
		for _, sp := range spans {
			m := mention{span: sp, order: order, div: -1}
			m.afterSurname = sp.start > 0 && sp.start != prevEnd && strings.ContainsRune(surnames, t.runes[sp.start-1])
			prevEnd = sp.end
			order++
			// Office after the name, skipping its level character.
			after := sp.end
			if !sp.full && after < len(t.runes) && strings.ContainsRune(levelChars, t.runes[after]) {
				after++
			}
			if _, ok := t.hasPrefixAt(after, offices); ok {
				m.office = true
			} else if isOrg(t, sp) {
				if _, ok := t.hasPrefixAt(sp.end, outletSuffixes); !ok {
					continue
				}
				m.weak = true
			}
			datelineEnd := datelineAfter(t, sp.end)
			if !inTitle && lineNo >= 0 && lineNo < datelineLines && datelineEnd == '电' {
				// A wire dateline (新华社北京8月3日电) says where the story
				// was filed, like 发自北京: national stories come from the
				// capital. 本报韶关讯 is a local paper's own place.
				m.weak = true
			}
			if outside || t.hasSuffixBefore(sp.start, fromMarkers) {
				m.weak = true
			}
			if m.weak {
				m.office = false
				m.weight = wBody
				ms = append(ms, m)
				continue
			}
			partner := t.hasSuffixBefore(sp.start, partnerMarkers) ||
				(prevPartner >= 0 && sp.start-prevPartner == 1 && strings.ContainsRune("、和及与", t.runes[prevPartner]))
			venue := !partner && t.hasSuffixBefore(sp.start, venuePrepositions) && venueFollows(t, sp.end)
			dateline := !inTitle && lineNo < datelineLines && datelineEnd != 0
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
			m.visit = t.hasSuffixBefore(sp.start, visitMarkers)
			m.ownWeight, m.ownStrong, m.ownIn = m.weight, m.strong, m.inTitle
			if partner {
				m.weight *= fPartner
				prevPartner = sp.end
			}
			if venue {
				m.weight *= fVenue
			}
			if partner || venue {
				m.strong, m.inTitle, m.office, m.aside = false, false, false, true
			}
			if m.office {
				if inTitle {
					lt.votes[officeLevel(g, sp.cands)] += wTitle
				} else {
					lt.votes[officeLevel(g, sp.cands)] += 2
				}
			}
			ms = append(ms, m)
		}
	}
	collect(title, true, -1, false)
	for i, l := range lines {
		collect(l, false, i, false)
	}
	for _, o := range outlets {
		collect(o, false, -1, true)
	}
	if local := lt.votes[atProvince] + lt.votes[atCity] + lt.votes[atDistrict]; national > local && !anyStrong(ms) &&
		(nationalTitle || national > local+float64(ownMentions(ms))) {
		// A national story (工信部:… in its title, or 全国 more often than
		// any place or 全省) that names a province or a city only in
		// passing (在浙江等地, 广东有7个集群入选) is no place's.
		return Place{}
	}
	lv := articleLevel(lt.votes)
	ms = anchor(g, ms, lv, lt.countySuffix())
	ms = weakEvidence(g, ms, lv)
	if len(ms) == 0 {
		return Place{}
	}
	resolve(g, ms)
	return decide(g, ms, lv)
}

// weakEvidence keeps the weak mentions (an outlet's name, a 发自 or wire
// dateline, the page's own names) where the article names no place of its
// own (partners and venues aside) but states its level (市工信局, 全市):
// 德州新闻网讯 then 市工信局 is 德州's. Where the text names places, they
// only support those in the same city (or province): 宁波 of 发自宁波 in a
// story about 宁波市经信局. A national story filed from 北京 (no 市 or 省
// of its own) has no place.
func weakEvidence(g *gazetteer, ms []mention, lv int) []mention {
	own := map[string]bool{}
	for _, m := range ms {
		if m.weak || m.aside {
			continue
		}
		for _, c := range m.cands {
			dv := g.divs[c]
			own[dv.ProvinceCode] = true
			if cc := cityCode(dv); cc != "" {
				own[cc] = true
			}
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if m.weak && len(own) > 0 {
			var keep []int
			for _, c := range m.cands {
				dv := g.divs[c]
				if cc := cityCode(dv); (cc != "" && own[cc]) || (cc == "" && own[dv.ProvinceCode]) {
					keep = append(keep, c)
				}
			}
			if len(keep) == 0 {
				continue
			}
			m.cands = keep
		} else if m.weak && lv == atUnknown {
			continue
		}
		out = append(out, m)
	}
	return out
}

// anchor drops the county-level readings of short forms whose province,
// city or full name the article never names: two-character county names
// hide in ordinary text (创新和 holds 新和, 复杂多变 holds 杂多), while a real
// county mention comes with its city or province somewhere (惠阳 with 惠州).
// A short form followed by an office (惠阳工信局) stands on its own, and so
// does the one county a county's own article names when it names no other
// place: 全县, 县工信局 and 宝丰 make 宝丰县, if 宝丰 is a 县 (suffix is the
// level character the article uses, 0 if none) and no other county's.
func anchor(g *gazetteer, ms []mention, lv int, suffix rune) []mention {
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
	eligible := func(m mention) bool {
		if len(named) > 0 || len(m.cands) != 1 || m.aside || m.afterSurname || m.full {
			return false
		}
		dv := g.divs[m.cands[0]]
		switch {
		case dv.Level != LevelCounty:
			return false
		case lv == atDistrict && suffix != 0:
			return strings.HasSuffix(dv.Name, string(suffix))
		case lv == atCity:
			// A county-level city speaks of 全市 and 市工信局 too: named
			// in the title (浏阳：…), it is the article's own.
			return m.inTitle && strings.HasSuffix(dv.Name, "市")
		}
		return false
	}
	// The article's own county is the eligible one named most; with a tie
	// (宝丰 once, 新野 once) none is.
	count := map[int]int{}
	for _, m := range ms {
		if eligible(m) {
			count[m.cands[0]]++
		}
	}
	own, best, second := -1, 0, 0
	for c, n := range count {
		switch {
		case n > best:
			own, best, second = c, n, best
		case n > second:
			second = n
		}
	}
	if best == second {
		own = -1
	}
	ownCounty := func(m mention) bool { return own >= 0 && eligible(m) && m.cands[0] == own }
	out := ms[:0]
	for _, m := range ms {
		if !m.full && !m.office && m.afterSurname && allCounties(g, m.cands) {
			continue // 副局长李卫东 is a person, not 卫东区
		}
		if !m.full && !m.office && !ownCounty(m) {
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

// allCounties reports whether every candidate is a county-level unit.
func allCounties(g *gazetteer, cands []int) bool {
	for _, c := range cands {
		if g.divs[c].Level != LevelCounty {
			return false
		}
	}
	return len(cands) > 0
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

// datelineAfter returns 讯 or 电 if it follows, optionally after a date
// (8月3日): 本报韶关讯, 新华社北京8月3日电; 0 otherwise.
func datelineAfter(t text, i int) rune {
	k := i
	for k < len(t.runes) && (unicode.IsDigit(t.runes[k]) || t.runes[k] == '月' || t.runes[k] == '日') {
		k++
	}
	if k < len(t.runes) && (t.runes[k] == '讯' || t.runes[k] == '电') {
		return t.runes[k]
	}
	return 0
}

// officeLevel is the article level an office of these candidates implies.
func officeLevel(g *gazetteer, cands []int) int {
	lv := LevelCounty
	for _, c := range cands {
		lv = min(lv, g.divs[c].Level)
	}
	return int(lv) // LevelProvince..LevelCounty match atProvince..atDistrict
}

// levelTally is the votes for the article's level, and for a county
// article which of 区 and 县 it says.
type levelTally struct {
	votes  [4]float64
	county [2]float64 // 区, 县
}

// countySuffix is the level character a county article uses, 0 if unsure.
func (lt *levelTally) countySuffix() rune {
	switch {
	case lt.county[0] > lt.county[1]:
		return '区'
	case lt.county[1] > lt.county[0]:
		return '县'
	}
	return 0
}

// levelVotes counts 全市/我省 and unnamed offices (市工业和信息化局) outside
// the place mentions of a line.
func levelVotes(t text, covered []bool, inTitle bool, lt *levelTally) {
	votes := &lt.votes
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
		var w float64
		switch {
		case prev != 0 && strings.ContainsRune(levelWords, prev):
			w = 1
		case prev == 0 || !isHan(prev) || strings.ContainsRune(officePrefixes, prev):
			if _, ok := t.hasPrefixAt(k+1, offices); ok {
				w = 2
				if inTitle {
					w = wTitle
				}
			}
		}
		votes[lv] += w
		if r == '区' {
			lt.county[0] += w
		} else if r == '县' {
			lt.county[1] += w
		}
	}
}

// nationalRE: words of a national story, the nation's level as 全市 is a
// city's: 全国, 我国, 国务院, the ministry (工信部, but not a city's 工信部门).
var nationalRE = regexp.MustCompile(`全国|全國|我国|我國|国务院|國務院|国新办|國新辦|工业和信息化部|工業和信息化部|工信部(?:[^门門]|$)`)

// nationalVotes weighs the national words of a line as levelVotes weighs
// 全市: one a mention, a title's as a title mention.
func nationalVotes(s string, inTitle bool) float64 {
	n := float64(len(nationalRE.FindAllStringIndex(s, -1)))
	if inTitle {
		n *= wTitle
	}
	return n
}

// ownMentions counts the mentions that are neither weak evidence nor
// partners and venues.
func ownMentions(ms []mention) int {
	n := 0
	for _, m := range ms {
		if !m.weak && !m.aside {
			n++
		}
	}
	return n
}

// anyStrong reports a mention in the title, a dateline or before an office.
func anyStrong(ms []mention) bool {
	for _, m := range ms {
		if m.strong {
			return true
		}
	}
	return false
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
	visit   bool // the destination of the city's own visit
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
	x.visit = x.visit || m.visit
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
//     name in the title counts, or the destination of the article's visit
//     when no other of its kind is named (市工信局带队到涪城区调研);
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
		return best.inTitle || (best.visit && second == 0)
	}
}

func decide(g *gazetteer, ms []mention, lv int) Place {
	prov, city, county := tallies{}, tallies{}, tallies{}
	for _, m := range ms {
		if m.div < 0 || m.weight == 0 {
			continue
		}
		dv := g.divs[m.div]
		m.visit = false // visits count for counties only (below)
		prov.add(g.byCode[dv.ProvinceCode], m, dv.Level == LevelProvince)
		if c := cityCode(dv); c != "" {
			city.add(g.byCode[c], m, dv.Level == LevelCity)
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
	for _, m := range ms {
		if m.div < 0 || m.weight == 0 {
			continue
		}
		dv := g.divs[m.div]
		if dv.Level != LevelCounty {
			continue
		}
		if m.visit && parent != "" && dv.CityCode == parent {
			// A visit to one of the city's own counties is no partner.
			m.weight, m.strong, m.inTitle = m.ownWeight, m.ownStrong, m.ownIn
		} else {
			m.visit = false
		}
		county.add(m.div, m, true)
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
	if wins(county, counties, atDistrict, lv, 3) || ownCountyCity(g, county, city, counties, parent, lv) {
		place.District = g.divs[counties[0]].Short
	}
	return place
}

// ownCountyCity reports a city-level article that is about a county-level
// city (什邡市, 枝江市): there 全市 and 市经信局 are that city's own, so it
// is the district when it leads the other counties and is named at least
// as often as its prefecture.
func ownCountyCity(g *gazetteer, county, city tallies, counties []int, parent string, lv int) bool {
	if lv != atCity || len(counties) == 0 || parent == "" {
		return false
	}
	top := g.divs[counties[0]]
	if !strings.HasSuffix(top.Name, "市") {
		return false
	}
	best := county[counties[0]]
	if len(counties) > 1 && county[counties[1]].score >= best.score {
		return false
	}
	pc := city[g.byCode[parent]]
	return pc == nil || best.score >= pc.direct
}
