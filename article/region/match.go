package region

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonWords are ordinary words that are, or overlap, a division's short
// form. Their short forms are never place mentions (full names still are),
// and the scanner consumes them as words, so 新兴产业 does not yield 兴城 and
// 长治久安 does not yield 长治.
var commonWords = []string{
	// Short forms that are everyday or policy words.
	"万年", "万全", "三元", "三江", "上街", "东方", "东风", "东山", "东海", "中方",
	"中原", "丰满", "乐业", "交口", "仁和", "会同", "元宝", "光明", "公安", "六合",
	"共和", "兴业", "兴国", "兴隆", "凤凰", "前进", "前锋", "千山", "南海", "南部",
	"博爱", "友好", "友谊", "古城", "台前", "合作", "同心", "同仁", "同德", "向阳",
	"和平", "和顺", "商城", "商都", "回民", "复兴", "城东", "城中", "城关", "城北",
	"城西", "城厢", "大关", "大兴", "大化", "大方", "大观", "大名", "大城", "天山",
	"天台", "天长", "天桥", "天涯", "太平", "太和", "太湖", "安居", "安定", "安宁",
	"安康", "富民", "富裕", "小店", "山城", "平安", "平和", "平房", "平定", "平原",
	"惠民", "振兴", "新华", "新兴", "新城", "新民", "新建", "新市", "新星", "方正",
	"无为", "无极", "来宾", "武功", "民权", "永和", "江南", "江城", "江山", "江海",
	"河东", "河西", "河口", "海港", "清水", "清流", "温泉", "港口", "湖滨", "滨海",
	"爱民", "牡丹", "白玉", "白杨", "站前", "红旗", "老城", "芙蓉", "莲花", "解放",
	"资源", "路北", "路南", "路桥", "运河", "通道", "钟楼", "长安", "长寿", "青山",
	"高明", "市中", "市南", "市北", "工农", "建华", "乐平",
	// …and more of them, found by checking every short form against a
	// word-frequency list: 比如县, 延长县 and 灯塔市 are far rarer than the
	// words (延长产业链, 灯塔工厂), as are 麒麟 (a chip, an OS) and 大厂.
	"比如", "延长", "互助", "清新", "宏伟", "光泽", "长子", "洞口", "灯塔", "石棉",
	"麒麟", "大厂", "吉利", "双城",
	// Longer words, idioms and names that contain a short form.
	"长治久安", "阿里巴巴", "阿里云", "东阳光", "城市", "市场",
	"真金白银", "金山银山", "朝阳产业", "大通道", "第二道", "黄金水道", "出海口",
	"夸下海口", "大同小异", "热火朝天", "恍然大悟", "世外桃源", "稳如泰山",
	"重于泰山", "价值连城", "响彻云霄", "湖光山色", "千秋万载", "繁荣昌盛",
	"兵临城下", "新干线", "内陆河", "庐山真面目", "龙门吊", "跳龙门", "胸怀远大",
	"名山大川", "玉树临风", "蓝天白云", "大理石", "大丰收", "新乡村", "新会员",
	"会理事", "周至少", "顺利通", "高密度", "上高质量", "上高水平", "上高端",
	"上高速", "示范县", "模范县", "宁德时代", "汇川技术", "福田汽车",
	// Word pairs the longest match would split into a short form: 高兴和
	// (兴和), 和政府 (和政), 组织金融 (织金), 壮大新型 (大新).
	"高兴和", "更新和", "创新和", "和政策", "和政府", "组织金", "新安全", "壮大新",
	"复杂多",
}

// levelChars are the level suffixes a short form may be written with.
const levelChars = "省市区县州盟旗"

// entry is what a string of the text may be.
type entry struct {
	full  []int // divisions whose full name it is
	short []int // divisions whose short form it is
	block bool  // an ordinary word: consumed, not a mention
	weak  bool  // a generic full name (城区, 和县, 新华区): needs a boundary or its parent before it
}

// dictionary maps every full name, short form and common word to its entry;
// lens holds, per first rune, a bit for each length (in runes) that occurs.
type dictionary struct {
	m    map[string]*entry
	lens map[rune]uint32
}

func buildDictionary(g *gazetteer) *dictionary {
	d := &dictionary{m: make(map[string]*entry, 2*len(g.divs)), lens: make(map[rune]uint32, 1500)}
	get := func(s string) *entry {
		e := d.m[s]
		if e == nil {
			e = &entry{}
			d.m[s] = e
			r, _ := utf8.DecodeRuneInString(s)
			if n := utf8.RuneCountInString(s); n < 32 {
				d.lens[r] |= 1 << n
			}
		}
		return e
	}
	common := make(map[string]bool, len(commonWords))
	for _, w := range commonWords {
		common[w] = true
		get(w).block = true
	}
	for i, dv := range g.divs {
		e := get(dv.Name)
		e.full = append(e.full, i)
		if utf8.RuneCountInString(dv.Name) <= 2 || common[dv.Short] {
			e.weak = true
		}
		if dv.Short != dv.Name && utf8.RuneCountInString(dv.Short) >= 2 && !common[dv.Short] {
			s := get(dv.Short)
			s.short = append(s.short, i)
		}
	}
	return d
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// text is one line prepared for scanning: its runes and their byte offsets.
type text struct {
	s     string
	runes []rune
	off   []int // off[k] is the byte offset of rune k; off[len(runes)] = len(s)
}

func newText(s string) text {
	t := text{s: s, runes: make([]rune, 0, len(s)/3+1), off: make([]int, 0, len(s)/3+2)}
	for i, r := range s {
		t.runes = append(t.runes, r)
		t.off = append(t.off, i)
	}
	t.off = append(t.off, len(s))
	return t
}

func (t text) sub(i, j int) string { return t.s[t.off[i]:t.off[j]] }

// hasPrefixAt reports whether the text at rune i starts with one of words.
func (t text) hasPrefixAt(i int, words []string) (string, bool) {
	if i >= len(t.runes) {
		return "", false
	}
	rest := t.s[t.off[i]:]
	for _, w := range words {
		if strings.HasPrefix(rest, w) {
			return w, true
		}
	}
	return "", false
}

// hasSuffixBefore reports whether the text before rune i ends with one of words.
func (t text) hasSuffixBefore(i int, words []string) bool {
	head := strings.TrimRight(t.s[:t.off[i]], " \t\u3000")
	for _, w := range words {
		if strings.HasSuffix(head, w) {
			return true
		}
	}
	return false
}

// span is a dictionary match in a text: runes [start, end) and its
// candidate divisions.
type span struct {
	start, end int
	cands      []int
	full       bool
}

// scan finds the place mentions of a text by forward maximum matching.
func (d *dictionary) scan(g *gazetteer, t text) []span {
	var out []span
	n := len(t.runes)
	for i := 0; i < n; {
		mask := d.lens[t.runes[i]]
		if mask == 0 {
			i++
			continue
		}
		matched := 0
		for l := min(31, n-i); l >= 2 && matched == 0; l-- {
			if mask&(1<<l) == 0 {
				continue
			}
			e := d.m[t.sub(i, i+l)]
			if e == nil {
				continue
			}
			if e.block {
				matched = l
				break
			}
			cands, full := e.full, true
			if len(cands) == 0 {
				cands, full = e.short, false
			}
			if len(cands) == 0 {
				continue
			}
			// 东方市场 is a market, not 东方市.
			if full && t.runes[i+l-1] == '市' && i+l < n && t.runes[i+l] == '场' {
				continue
			}
			var prev *span
			if len(out) > 0 && out[len(out)-1].end == i {
				prev = &out[len(out)-1]
			}
			if prev != nil {
				if in := within(g, cands, prev.cands); len(in) > 0 {
					// 北京市朝阳区: the 朝阳区 of 北京; 吉林长春: the province 吉林.
					cands = in
					prev.cands = ancestorsOf(g, prev.cands, in)
				} else if full && e.weak {
					continue
				}
			} else if full && e.weak && i > 0 && isHan(t.runes[i-1]) && !namedOffice(g, t, i, l, cands) {
				continue // 中心城区, 示范县
			}
			out = append(out, span{start: i, end: i + l, cands: cands, full: full})
			matched = l
		}
		if matched == 0 {
			i++
		} else {
			i += matched
		}
	}
	return out
}

// within returns the candidates that lie inside one of the parents.
func within(g *gazetteer, cands, parents []int) []int {
	var out []int
	for _, c := range cands {
		d := g.divs[c]
		for _, p := range parents {
			pd := g.divs[p]
			if pd.Level >= d.Level {
				continue
			}
			if (pd.Level == LevelProvince && d.ProvinceCode == pd.Code) || (pd.Level == LevelCity && d.CityCode == pd.Code) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// ancestorsOf returns the parents that contain one of the children.
func ancestorsOf(g *gazetteer, parents, children []int) []int {
	var out []int
	for _, p := range parents {
		if len(within(g, children, []int{p})) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// namedOffice reports whether a two-character county name (澧县, 沛县) at
// runes [i, i+l) is an office's name after a word that ends a phrase:
// 感谢澧县工业和信息化局. Generic names (城区, 郊区) never are.
func namedOffice(g *gazetteer, t text, i, l int, cands []int) bool {
	if !strings.ContainsRune(officePrefixes+"谢的", t.runes[i-1]) {
		return false
	}
	if _, ok := t.hasPrefixAt(i+l, offices); !ok {
		return false
	}
	for _, c := range cands {
		if n := g.divs[c].Name; !strings.HasSuffix(n, "县") || utf8.RuneCountInString(n) != 2 {
			return false
		}
	}
	return true
}
