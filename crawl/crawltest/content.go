package crawltest

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fangtan/article"
	"fangtan/article/synth"
)

// The portal's made-up owner. The city is fictional so no real bureau's
// name ends up in a test index.
const (
	siteName = "临澜市工业和信息化局"
	cityName = "临澜市"
	icp      = "临ICP备00012345号-1"
)

// Where an article is linked from.
const (
	inTRS     = "xwdt"    // the TRS column /xwdt/
	inJpaas   = "col1234" // the jpaas column /col/col1234/
	inZxft    = "zxft"    // the plain-link column /zxft/list.html
	inSitemap = "sitemap" // only in /sitemap1.xml.gz
	inRSS     = "rss"     // only in /rss.xml
	inAtom    = "atom"    // only in /atom.xml
	inRedir   = "redirect"
)

// How an article page is encoded and labelled.
const (
	encUTF8      = iota
	encGBKHeader // GBK bytes, charset=gbk in Content-Type, no <meta charset>
	encGBKMeta   // GBK bytes, <meta charset="gb2312"> only, bare text/html
	encBig5      // Big5 bytes, charset=big5 in both header and <meta>
)

// art is one article of the portal.
type art struct {
	n      int    // its number among the portal's articles
	id     int    // the number in its address
	path   string // canonical path
	title  string
	date   time.Time
	source string
	column string
	list   string // inTRS, inJpaas…
	enc    int
	qa     bool     // an interview: 主持人/嘉宾 paragraphs
	paras  []string // body paragraphs; the phrase sentence is added on render
	fail   int      // 503 or 429 on the first request, 0 for none
	inRSS  bool     // also listed in /rss.xml
	inAtom bool     // also listed in /atom.xml
	inMap  bool     // also listed in /sitemap1.xml.gz
}

// Phrase parts: every (head, tail) pair is a made-up enterprise or project
// name found nowhere else in the portal.
var (
	phraseHeads = strings.Fields("澄泓 瀚澍 屹昇 璟川 嵘拓 沛珩 骁岚 曜辰 钧衡 睿澈 翊霖 铖峰 朗昀 禾芯 岱擎 琮晟 煦垣 鎏湃 珀屿 堇源")
	phraseTails = strings.Fields("微电子 精密机械 智造 新材料 光电 储能 数控 传感器 半导体 重工 氢能装备 工业软件")
)

// phrase is the searchable phrase of article a after v changes: unique
// in the portal for up to two changes of each article.
func phrase(a *art, v int) string {
	if a.enc == encBig5 {
		return big5Phrases[v%len(big5Phrases)]
	}
	k := a.n + 80*v
	return phraseHeads[k%len(phraseHeads)] + phraseTails[(k/len(phraseHeads))%len(phraseTails)]
}

// Title parts, combined so that every title is distinct.
var (
	trsWho   = strings.Fields("市工信局 局领导 市工信局党组 市工信局调研组 市中小企业服务中心 局产业发展科")
	trsWhat  = strings.Fields("赴高新区调研工业互联网建设 召开制造业数字化转型推进会 开展专精特新企业走访服务 部署工业企业安全生产检查 推进重点技改项目建设 组织新能源汽车产业链对接会 督导工业经济运行 举办中小企业政策宣讲会 召开节能降碳工作会议")
	jpaWhat  = strings.Fields("关于开展2024年工业设计中心认定工作的通知 一季度全市规上工业增加值运行分析 推进先进制造业集群发展工作简报 智能工厂建设典型案例汇编 工业园区标准厂房建设进展 数字经济核心产业发展情况通报 中小企业纾困帮扶工作动态 绿色制造体系建设工作进展")
	zxftWho  = strings.Fields("局长 副局长 总工程师 产业发展科科长 中小企业科科长 节能科科长")
	zxftWhat = strings.Fields("谈制造业高质量发展 谈数字化转型 谈专精特新培育 谈工业稳增长 谈产业链招商 谈绿色低碳转型")
	feedWhat = strings.Fields("工业和信息化领域政策解读 全市工业运行情况发布 企业技术中心名单公示 信息化项目验收公告 工业节能监察结果公示 两化融合贯标工作通知 产业政策兑现工作提示")
)

// column says how a column's articles are made: count of them, perMonth
// a month from March 2024 back, dated lastDay, lastDay-step…, numbered
// from firstID, with the marks of some (by their place in the column).
type column struct {
	list, column                            string
	count, perMonth, lastDay, step, firstID int
	title                                   func(i int) string
	marks                                   map[int]string
}

var columns = []column{
	// TRS column 工作动态: /xwdt/YYYYMM/tYYYYMMDD_NNNN.html.
	{list: inTRS, column: "工作动态", count: 17, perMonth: 7, lastDay: 28, step: 3, firstID: 1001,
		title: func(i int) string { return trsWho[i%len(trsWho)] + trsWhat[i%len(trsWhat)] },
		marks: map[int]string{2: "rss", 5: "rss", 9: "rss", 3: "map", 7: "map", 4: "503"}},
	// jpaas column 部门动态: /art/2024/M/D/art_1234_NNNN.html.
	{list: inJpaas, column: "部门动态", count: 16, perMonth: 6, lastDay: 27, step: 4, firstID: 5001,
		title: func(i int) string { return jpaWhat[i%len(jpaWhat)] + fmt.Sprintf("（第%d期）", 16-i) },
		marks: map[int]string{1: "atom", 8: "atom", 4: "map", 11: "map", 6: "429"}},
	// Plain-link column 在线访谈: /zxft/content/post_NNNN.html.
	{list: inZxft, column: "在线访谈", count: 12, perMonth: 4, lastDay: 26, step: 6, firstID: 3001,
		title: func(i int) string {
			return fmt.Sprintf("在线访谈第%d期：%s%s", 40-i, zxftWho[i%len(zxftWho)], zxftWhat[(i/2)%len(zxftWhat)])
		},
		marks: map[int]string{1: "gbk", 4: "gbk", 7: "gbk", 2: "gb2312", 9: "gb2312", 5: "big5"}},
}

// markers apply a column's marks to an article.
var markers = map[string]func(*art){
	"rss":    func(a *art) { a.inRSS = true },
	"atom":   func(a *art) { a.inAtom = true },
	"map":    func(a *art) { a.inMap = true },
	"503":    func(a *art) { a.fail = 503 },
	"429":    func(a *art) { a.fail = 429 },
	"gbk":    func(a *art) { a.enc = encGBKHeader },
	"gb2312": func(a *art) { a.enc = encGBKMeta },
	"big5":   func(a *art) { a.enc = encBig5 },
}

// buildArticles makes the portal's articles: deterministic for a seed.
func buildArticles(seed int64) []*art {
	gen := synth.New(synth.Options{Seed: seed, Paragraphs: 6, FirstYear: 2024, LastYear: 2024})
	var arts []*art
	add := func(a *art) {
		a.n = len(arts)
		src := gen.Article(a.n)
		for _, p := range src.Paragraphs {
			if p.Kind == article.Body && p.Speaker != "记者" && len(a.paras) < 4 {
				a.paras = append(a.paras, p.Text)
			}
		}
		if a.source == "" {
			a.source = siteName
		}
		arts = append(arts, a)
	}
	day := func(m, d int) time.Time { return time.Date(2024, time.Month(m), d, 9, 30, 0, 0, cst) }

	ym := func(d time.Time) (string, string) { return d.Format("200601"), d.Format("20060102") }
	for _, c := range columns {
		for i := 0; i < c.count; i++ {
			d := day(3-i/c.perMonth, c.lastDay-(i%c.perMonth)*c.step)
			a := &art{id: c.firstID + i, date: d, column: c.column, list: c.list, qa: c.list == inZxft, title: c.title(i)}
			switch c.list {
			case inTRS:
				m, dd := ym(d)
				a.path = fmt.Sprintf("/xwdt/%s/t%s_%d.html", m, dd, a.id)
			case inJpaas:
				a.path = fmt.Sprintf("/art/%d/%d/%d/art_1234_%d.html", d.Year(), int(d.Month()), d.Day(), a.id)
			default:
				a.path = fmt.Sprintf("/zxft/content/post_%d.html", a.id)
			}
			if mark := markers[c.marks[i]]; mark != nil {
				mark(a)
			}
			add(a)
		}
		if c.list == inTRS {
			// The end of the redirect chain /old/… → /mid/… → here.
			d := day(2, 20)
			m, dd := ym(d)
			add(&art{id: 1050, date: d, column: "工作动态", list: inRedir,
				title: "市工信局召开全市工业园区循环化改造推进会", path: fmt.Sprintf("/xwdt/%s/t%s_1050.html", m, dd)})
		}
	}
	// Articles found only in the sitemap or the feeds (通知公告 /tzgg/).
	for i := 0; i < 7; i++ {
		d := day(1, 8+i*3)
		a := &art{id: 7001 + i, date: d, column: "通知公告", title: cityName + feedWhat[i]}
		m, dd := ym(d)
		a.path = fmt.Sprintf("/tzgg/%s/t%s_%d.html", m, dd, a.id)
		switch {
		case i < 3:
			a.list, a.inMap = inSitemap, true
		case i < 5:
			a.list, a.inRSS = inRSS, true
		default:
			a.list, a.inAtom = inAtom, true
		}
		add(a)
	}
	for _, a := range arts {
		if a.enc == encBig5 {
			a.title = "在線訪談：產業發展科科長談工業設計創新"
			a.source, a.column = traditional.site, "在線訪談"
			a.paras = big5Paragraphs
		}
		if a.enc == encGBKHeader || a.enc == encGBKMeta {
			a.paras = gbkSafe(a.paras)
		}
		if a.qa && a.enc != encBig5 {
			for i := range a.paras {
				a.paras[i] = "嘉宾：" + a.paras[i]
			}
			host := "主持人：各位网友大家好，欢迎收看本期在线访谈。请您先给网友们介绍一下今年以来这方面工作的进展情况。"
			a.paras = append([]string{host}, a.paras...)
		}
	}
	return arts
}

// cst is China Standard Time, the zone the portal's dates are in.
var cst = time.FixedZone("CST", 8*3600)

// big5Phrases are the Big5 article's phrases, one per version (the
// heads and tails above are simplified characters Big5 cannot encode).
var big5Phrases = []string{"鴻鈞精機", "峻德電機", "翔昱光學", "泰岳機電"}

// big5Paragraphs is the Big5 article's text, in traditional characters.
var big5Paragraphs = []string{
	"主持人：各位網友大家好，歡迎收看本期在線訪談。今天我們邀請到市工業和信息化局產業發展科負責同志，與大家交流工業設計創新的有關情況。",
	"嘉賓：近年來，我市把工業設計作為推動製造業轉型升級的重要抓手，支持企業建設設計中心，培育專業設計機構，設計服務能力不斷提升。",
	"主持人：企業在申報設計中心時需要注意哪些方面？",
	"嘉賓：企業應當具備穩定的設計團隊和完善的管理制度，設計成果要在產品開發中得到實際應用，並且能夠帶來明顯的經濟效益。",
}

// gbkSafe keeps the paragraphs GBK can encode.
func gbkSafe(ps []string) []string {
	var out []string
	for _, p := range ps {
		if _, err := simplifiedchinese.GBK.NewEncoder().String(p); err == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []string{"会议强调，要坚持问题导向，强化要素保障，推动重点项目早开工、早投产、早见效，为全市工业经济平稳运行提供有力支撑。"}
	}
	return out
}

// phraseSentence is the paragraph that carries an article's phrase.
func phraseSentence(a *art, ph string, v int) string {
	if a.enc == encBig5 {
		return "嘉賓：今年以來，" + ph + "等一批企業的設計中心相繼通過認定，帶動了全市工業設計水平的整體提升。"
	}
	s := "据介绍，" + ph + "项目总投资约" + fmt.Sprint(3+a.n%9) + "亿元，建成后将进一步补齐本地产业链关键环节，带动上下游企业协同发展。"
	if a.qa {
		s = "嘉宾：" + s
	}
	if v > 0 {
		s += fmt.Sprintf("（本文于第%d次更新时补充了项目进展情况。）", v)
	}
	return s
}
