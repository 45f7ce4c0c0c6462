package article

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The classifiers below look at one cleaned, folded line (full-width ASCII
// mapped to half-width, so ':' stands for '：' too). Each pattern lists the
// traditional form beside the simplified one.

// Lines longer than these are body text whatever they look like; the limits
// also keep the regular expressions off long paragraphs.
const (
	maxMetaRunes    = 80  // dateline / source line
	maxCreditRunes  = 60  // credit line
	maxCaptionRunes = 150 // photo caption
	maxHeadingRunes = 30  // section heading
	maxHeaderRunes  = 60  // subtitle and other front matter
	maxShortCaption = 20  // "韶关市工业和信息化局局长欧阳全。"
	maxLabelRunes   = 24  // "南方日报、南方+记者:"
)

var boilerplateRE = regexp.MustCompile(`^(?:` +
	`原[标標]题:.*` + // "原标题:" with or without the old title
	`|(?:关键[词字]|關鍵[詞字]|标签|標籤|tags?):?` + // an empty keyword line
	`|\+\d+|您已点过|您已點過|已赞|已讚|点赞|點讚|赞|讚|收藏|分享|分享到:?.*|举报|舉報|打印|列印|关闭|關閉|关闭窗口|關閉窗口|返回顶部|返回頂部|返回搜狐,?查看更多` +
	`|.*订阅后可?查看全文.*|.*訂閱後可?查看全文.*|.*剩余\d+%.*|.*剩餘\d+%.*` +
	`|更多精彩内容.*|更多精彩內容.*|还没看够.*|還沒看夠.*|.*打开.{0,8}看看吧|.*打開.{0,8}看看吧` +
	`|立即(?:打开|打開|下载|下載|查看|阅读|閱讀)|(?:下载|下載|打开|打開).{0,10}(?:APP|App|app|客户端|客戶端).*` +
	`|(?:阅读|閱讀|展开|展開|查看)(?:全文|原文|更多)|扫一扫.*|掃一掃.*|扫码.*|掃碼.*` +
	`|\(?相关资料图\)?|\(?相關資料圖\)?|\(?完\)?|【完】|字号:.*|字號:.*|[【\[](?:打印|关闭|關閉|列印)[^】\]]*[】\]].*` +
	`|https?://\S+` +
	`)$`)

// isBoilerplate reports page furniture that is no part of the article.
func isBoilerplate(f string) bool {
	if runeLen(f, maxMetaRunes) > maxMetaRunes {
		return false
	}
	return boilerplateRE.MatchString(f)
}

var (
	dateRE = regexp.MustCompile(`(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?|[-/.](\d{1,2})[-/.](\d{1,2}))`)
	timeRE = regexp.MustCompile(`\d{1,2}:\d{2}(?::\d{2})?`)
	weekRE = regexp.MustCompile(`(?:星期|周|週|禮拜|礼拜)[一二三四五六日天]`)
	// metaLabelRE matches the labels of "label: value" pairs in a dateline;
	// the value runs to the next space (see metaPairs).
	metaLabelRE = regexp.MustCompile(`(发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|刊发日期|刊發日期|刊发时间|刊發時間|发稿时间|發稿時間|发稿日期|發稿日期|发表时间|發表時間|发表日期|發表日期|成文日期|印发日期|上传时间|生成日期|访谈时间|訪談時間|更新时间|更新時間|时间|時間|日期|稿件来源|稿件來源|信息来源|信息來源|发布机构|發佈機構|發布機構|发文机关|發文機關|发布单位|發佈單位|文章来源|文章來源|新闻来源|新聞來源|来源于|來源於|来源|來源|出处|出處|供稿|作者|记者|記者|编辑|編輯|责任编辑|責任編輯|发布人|發佈人|发布者|录入者|录入|錄入|阅读量|閱讀量|阅读数|閱讀數|浏览量|瀏覽量|点击量|點擊量|点击数|點擊數|浏览次数|瀏覽次數|语音阅读|語音閱讀|语音播报|語音播報|阅读|閱讀|点击|點擊|字号|字號|访问量|訪問量|发布|發佈|發布)\s*:`)
	// dateLabelRE: a label just before a date makes it the article's
	// stated date, which beats any other date on the page.
	dateLabelRE = regexp.MustCompile(`(?:发布|發布|發佈|刊发|刊發|发稿|發稿|发表|發表|成文|印发|上传|首发|首發|生成|访谈|訪談)?(?:时间|時間|日期)\s*:?\s*$`)
	// cnDateRE: a date in Chinese numerals, "二〇二四年八月二十六日".
	cnDateRE = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号號]`)
)

// dateline is what a date or source line states.
type dateline struct {
	date      string // YYYY-MM-DD or ""
	source    string
	authors   []string
	labelled  bool // the date follows a label: 发布日期:2019-04-29
	published bool // the label says it is the publication date (发布, 刊发), not 成文 or 更新
	today     bool // the page chrome's "today" line: 2023年03月29日 星期三
	account   bool // source is a WeChat account's name, weaker than a 来源: label
}

// parseDateline recognises a line that carries the article's date and
// source, such as "2023-08-04 16:03:54 来源:南方日报", "发布时间:2022-12-19
// 来源:甘肃日报、新甘肃客户端", "观海融媒 2024-08-26 21:19", "2024年8月26日"
// or a bare "来源:南方日报". A date inside a sentence is not a dateline.
func parseDateline(f string) (dateline, bool) {
	var d dateline
	if runeLen(f, maxMetaRunes) > maxMetaRunes {
		return d, false
	}
	if strings.ContainsAny(f, "〇○零") {
		f = cnDates(f)
	}
	hasSource := sourceLabelRE.MatchString(f)
	rest := f
	if m := publicationDate(f); m != nil {
		y, mo, da := f[m[2]:m[3]], "", ""
		if m[4] >= 0 {
			mo, da = f[m[4]:m[5]], f[m[6]:m[7]]
		} else {
			mo, da = f[m[8]:m[9]], f[m[10]:m[11]]
		}
		if date, ok := validDate(y, mo, da); ok {
			d.date = date
			d.labelled = dateLabelRE.MatchString(f[:m[0]])
			d.published = publicationLabelRE.MatchString(f[:m[0]])
			d.today = !d.labelled && isTodayLine(f)
			rest = f[:m[0]] + " " + f[m[1]:]
		}
	}
	if d.date == "" {
		if m := shortDateRE.FindStringSubmatchIndex(f); m != nil {
			// "时间:24-05-06 10:12": a two-digit year, only after a label.
			if date, ok := validDate("20"+f[m[2]:m[3]], f[m[4]:m[5]], f[m[6]:m[7]]); ok {
				d.date, d.labelled = date, true
				rest = f[:m[2]] + " " + f[m[7]:]
			}
		}
	}
	if d.date == "" && !hasSource {
		return d, false
	}
	if m := authorBylineRE.FindStringSubmatchIndex(rest); m != nil {
		// "作者:本报见习记者 林可欣 本报记者 郝建军 《华夏经纬报》": a byline
		// behind the label.
		if c, ok := parseByline(strings.TrimSpace(rest[m[2]:m[3]])); ok && len(c.authors) > 0 {
			d.authors = append(d.authors, c.authors...)
			rest = rest[:m[0]] + " " + rest[m[3]:]
		}
	}
	if m := accountLineRE.FindStringSubmatchIndex(rest); m != nil && d.date != "" {
		// "滁州工信 · 公众号 · 工信动态 · 2024-05-20": a WeChat article's
		// account, its column and its time.
		if m[2] >= 0 {
			d.source = rest[m[2]:m[3]]
		} else {
			d.source = rest[m[4]:m[5]]
		}
		d.account = true
		rest = ""
	}
	rest = timeRE.ReplaceAllString(rest, " ")
	rest = weekRE.ReplaceAllString(rest, " ")
	rest = toolBarRE.ReplaceAllString(rest, " ")
	var left strings.Builder
	prev := 0
	for _, p := range metaPairs(rest) {
		left.WriteString(rest[prev:p.start])
		left.WriteByte(' ')
		prev = p.end
		switch p.label {
		case "来源", "來源", "出处", "出處", "稿件来源", "稿件來源", "信息来源", "信息來源", "文章来源", "文章來源", "新闻来源", "新聞來源", "来源于", "來源於", "供稿", "发布机构", "發佈機構", "發布機構", "发文机关", "發文機關", "发布单位", "發佈單位":
			if d.source == "" {
				d.source = firstOutlet(p.value)
			}
		case "作者", "记者", "記者":
			ns := splitNames(strings.TrimPrefix(strings.TrimPrefix(p.value, "记者"), "記者"))
			if len(ns) > 1 && (outletRE.MatchString(ns[0]) || isOutletName(ns[0])) {
				// "作者:第一财经 邵可欣 任磊": the outlet, then its reporters.
				if d.source == "" {
					d.source = ns[0]
				}
				ns = ns[1:]
			}
			for _, n := range ns {
				if isName(n) {
					d.authors = append(d.authors, n)
				}
			}
		}
	}
	left.WriteString(rest[prev:])
	rest = left.String()
	rest = strings.TrimSpace(strings.Trim(strings.NewReplacer(";", " ", "|", " ", "·", " ").Replace(rest), " |/-·"))
	if i := bylineRE.FindStringIndex(rest); i != nil {
		// "… · 记者 顾晓楠": a byline rides on the date line.
		if c, ok := parseByline(rest[i[0]:]); ok {
			d.authors = append(d.authors, c.authors...)
			rest = strings.TrimSpace(rest[:i[0]])
		}
	}
	if parts := strings.Split(rest, "、"); len(parts) > 1 && len(parts) <= 5 && runeLen(rest, 40) <= 40 && !hasAny(rest, "。,;!?\"“”") {
		// "国务院新闻办、中国网、工信微报": the outlets that carried it; the
		// first is the source.
		short := true
		for _, p := range parts {
			short = short && runeLen(strings.TrimSpace(p), 12) <= 12 && strings.TrimSpace(p) != ""
		}
		if short {
			rest = strings.TrimSpace(parts[0])
		}
	}
	// What is left must be at most an outlet's name, never a sentence.
	if runeLen(rest, 16) > 16 || hasAny(rest, "。,;!?、\"“”") {
		return dateline{}, false
	}
	if d.source == "" && rest != "" {
		// What is left may name the outlet ("观海融媒 2024-08-26"); only a
		// name of an outlet's shape counts, never a stray label.
		// An outlet's shape, or a name before the date ("鲁中壹线 2024-11-12").
		// "新华财经·2024年01月12日": the name and the date joined by a dot.
		if fs := strings.Fields(rest); len(fs) == 1 && !hasAny(rest, "0123456789:") && (outletRE.MatchString(firstOutlet(rest)) || (strings.HasPrefix(f, fs[0]+" ") || strings.HasPrefix(f, fs[0]+"·")) && runeLen(fs[0], 10) <= 10 && (runeLen(fs[0], 4) >= 4 || !isName(fs[0]))) {
			d.source = firstOutlet(rest)
		}
	}
	return d, true
}

// accountLineRE: a WeChat article's meta line, "ACCOUNT · 公众号 · …".
// or "原创 ACCOUNT time region" as a copied WeChat page reads.
var accountLineRE = regexp.MustCompile(`^\s*([^\s·]{2,16})\s*·\s*(?:公众号|公眾號)(?:\s*·|\s*$)|^\s*(?:原创|原創)\s*·?\s*([^\s·]{2,16})\s`)

// toolBarRE: the font-size, print and share links a date line may carry.
var toolBarRE = regexp.MustCompile(`\+?\s*关注$|\+?\s*關注$|第\s*[A-Z]?\d{1,3}\s*版(?:\s*:\s*[^\s]{0,6})?|往期回顾|往期回顧|电子版|電子版|数字报|數字報|(?:字体|字體|字号|字號)\s*:?\s*(?:[\[【]?\s*(?:大|中|小|默认|默認|超大|较大|較大|标准|標準)\s*[\]】]?\s*){0,4}|\|?\s*(?:打印|列印|关闭|關閉)\s*\||[\[【](?:打印|关闭|關閉|收藏|分享|纠错|糾錯)[^】\]]{0,6}[\]】]|(?:分享到|分享)\s*:?`)

// authorBylineRE: roles after an author label, up to the outlet's name.
var authorBylineRE = regexp.MustCompile(`作者\s*:\s*([^《(:]*?(?:记者|記者)[^《(:]*?)\s*(?:《|\(|$)`)

// shortDateRE: a date with a two-digit year after a date label.
var shortDateRE = regexp.MustCompile(`(?:时间|時間|日期)\s*:\s*(\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$)`)

// publicationDate finds the date of a line: the one a publication label
// (发布日期, 刊发时间) names when the line holds several (成文日期 too), else
// the first.
func publicationDate(f string) []int {
	ms := dateRE.FindAllStringSubmatchIndex(f, 4)
	if len(ms) == 0 {
		return nil
	}
	for _, m := range ms {
		if publicationLabelRE.MatchString(f[:m[0]]) {
			return m
		}
	}
	return ms[0]
}

var publicationLabelRE = regexp.MustCompile(`(?:发布|發布|發佈|刊发|刊發|发稿|發稿|发表|發表)(?:时间|時間|日期)\s*:?\s*$`)

var sourceLabelRE = regexp.MustCompile(`^(?:稿件|信息|文章|新闻|新聞)?(?:来源|來源)(?:于|於)?\s*:`)

// cnDates rewrites dates in Chinese numerals as digits.
func cnDates(f string) string {
	return cnDateRE.ReplaceAllStringFunc(f, func(s string) string {
		m := cnDateRE.FindStringSubmatch(s)
		var y strings.Builder
		for _, r := range m[1] {
			y.WriteByte(byte('0' + cnDigit(r)))
		}
		return fmt.Sprintf("%s年%d月%d日", y.String(), cnNumber(m[2]), cnNumber(m[3]))
	})
}

func cnDigit(r rune) int {
	for i, d := range []rune("〇一二三四五六七八九") {
		if r == d {
			return i
		}
	}
	return 0 // ○ and 零
}

// cnNumber reads 1–99 in Chinese numerals: 八, 十二, 二十六, 三十.
func cnNumber(s string) int {
	rs := []rune(s)
	d := cnDigit
	switch i := strings.IndexRune(s, '十'); {
	case i < 0:
		return d(rs[0])
	case len(rs) == 1:
		return 10
	case rs[0] == '十':
		return 10 + d(rs[1])
	case rs[len(rs)-1] == '十':
		return d(rs[0]) * 10
	default:
		return d(rs[0])*10 + d(rs[len(rs)-1])
	}
}

type metaPair struct {
	label, value string
	start, end   int
}

// metaPairs finds the "label:value" pairs of a dateline. A value runs to the
// next space; "发布时间: 来源:…" leaves 发布时间 empty rather than taking the
// next label as its value.
func metaPairs(s string) []metaPair {
	var out []metaPair
	for _, m := range metaLabelRE.FindAllStringSubmatchIndex(s, -1) {
		p := metaPair{label: s[m[2]:m[3]], start: m[0], end: m[1]}
		v := strings.TrimLeft(s[m[1]:], " ")
		if next := metaLabelRE.FindStringIndex(v); next != nil && next[0] > 0 {
			v = v[:next[0]] // "来源:某局字号:默认": the value ends where the next label starts
		}
		if i := strings.IndexByte(v, ' '); i >= 0 {
			v = v[:i]
		}
		if dateLabel := strings.HasSuffix(p.label, "时间") || strings.HasSuffix(p.label, "時間") || strings.HasSuffix(p.label, "日期"); dateLabel && !strings.ContainsAny(v, "0123456789") && outletRE.MatchString(v) {
			// "發布時間:2024-07-23 15:44:25 央視新聞客戶端" with its date
			// taken out: the name after it is no value of the label.
			v = ""
		}
		if !strings.Contains(v, ":") {
			p.value = v
			p.end = len(s) - len(strings.TrimLeft(s[m[1]:], " ")) + len(v)
			if isAuthorLabel(p.label) {
				// "记者:覃丽娟 黄小川": the names run on past the space.
				for {
					next := strings.TrimLeft(s[p.end:], " ")
					tok := next
					if i := strings.IndexByte(tok, ' '); i >= 0 {
						tok = tok[:i]
					}
					if tok == "" || !isName(tok) {
						break
					}
					p.value += " " + tok
					p.end = len(s) - len(next) + len(tok)
				}
			}
		}
		if len(out) > 0 && p.start < out[len(out)-1].end {
			continue
		}
		out = append(out, p)
	}
	return out
}

// validDate formats y, m, d as YYYY-MM-DD if they name a real day.
func validDate(y, m, d string) (string, bool) {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if yi < 1949 || yi > 2100 || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return "", false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return "", false // 2月30日
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di), true
}

// firstOutlet returns the first outlet of "甘肃日报、新甘肃客户端".
func firstOutlet(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "、,;/|"); i >= 0 {
		s = s[:i]
	}
	return strings.Trim(s, "《》\"“”'() ")
}

var (
	// creditLabelRE: "编辑:小丽", "文字:… 编辑:… 责任编辑:…", "编辑 曹伟峰".
	creditLabelRE = regexp.MustCompile(`^[(\[【]?(本期编辑|本期編輯|本版编辑|本版編輯|网络编辑|網絡編輯|值班主任|责任编辑|責任編輯|值班编辑|值班編輯|编辑|編輯|责编|責編|校对|校對|审核|審核|审校|審校|终审|終審|初审|初審|复审|複審|二审|三审|监制|監製|总监制|總監製|统筹|統籌|策划|策劃|制片|製片|摄影|攝影|摄像|攝像|视频|視頻|剪辑|剪輯|制图|製圖|设计|設計|海报|海報|美编|美編|通讯员|通訊員|作者|文字|撰文|采写|採寫|出品|主编|主編|实习生|實習生|记者|記者|文|图|圖|编审|編審)\s*([:/|]|\s)\s*(.*)$`)
	// creditBracketRE: "【全媒体记者】潘俊宇", "【策划/统筹】蒋才虎".
	creditBracketRE = regexp.MustCompile(`^【([^】]{1,12})】\s*(\S.*)$`)
	creditWordRE    = regexp.MustCompile(`记者|記者|通讯员|通訊員|编辑|編輯|策划|策劃|统筹|統籌|摄影|攝影|摄像|攝像|校对|校對|审核|審核|作者|出品|监制|監製|制作|製作|设计|設計|视频|視頻|海报|海報|剪辑|剪輯|文|图|圖`)
	// bylineRE splits "惠州日报记者谢宝树 通讯员高启光" at its roles.
	bylineRE = regexp.MustCompile(`记者|記者|通讯员|通訊員|实习生|實習生|编辑|編輯`)
)

// credit is what a credit line says: the reporters among the names and the
// outlet named before "记者".
type credit struct {
	authors []string
	outlet  string
}

// parseCredit recognises credit lines: "编辑:小丽", "惠州日报记者谢宝树
// 通讯员高启光", "文字:佘映薇 编辑:张文单 责任编辑:阳紫微", "【全媒体记者】潘俊宇",
// "编辑 曹伟峰", "校对 符如瑜", "南方日报记者 蓝单 通讯员 陈丹娜", "南方+ 记者".
func parseCredit(f string) (credit, bool) {
	var c credit
	if runeLen(f, maxCreditRunes) > maxCreditRunes || hasAny(f, "。!?;\"“”") {
		return c, false
	}
	if m := creditBracketRE.FindStringSubmatch(f); m != nil && creditWordRE.MatchString(m[1]) {
		if strings.Contains(m[1], "记者") || strings.Contains(m[1], "記者") || m[1] == "作者" || m[1] == "文字" {
			c.authors = names(m[2])
		}
		return c, true
	}
	if m := creditLabelRE.FindStringSubmatch(f); m != nil {
		value := m[3]
		if m[2] == " " || m[2] == "" {
			// "编辑 曹伟峰": without a colon the rest must be names, or
			// "设计 理念…" would be a credit.
			if !allNames(value) {
				return parseByline(f) // "记者 王丽娜 通讯员 刘畅"
			}
		} else if value == "" {
			return c, false // "记者:" alone is a Q&A label
		} else if isReporterWord(m[1]) && len(names(value)) == 0 {
			return c, false // "记者:请您介绍一下" is a question
		}
		if m[2] == " " && (isReporterWord(m[1]) || m[1] == "作者" || m[1] == "文字") {
			c.authors = names(value)
		} else {
			c.authors = labelledAuthors(f)
		}
		return c, true
	}
	return parseByline(f)
}

func isReporterWord(s string) bool { return s == "记者" || s == "記者" }

// labelledAuthors collects the names after "文字:", "作者:", "记者:" in a
// line of several labels.
func labelledAuthors(f string) []string {
	var out []string
	for _, m := range labelledRE.FindAllStringSubmatch(f, -1) {
		out = append(out, names(m[2])...)
	}
	return out
}

var labelledRE = regexp.MustCompile(`(文字|作者|撰文|采写|採寫|记者|記者|文)\s*[:/|]\s*([^:/|]*?)\s*(?:\S+\s*[:/|]|$)`)

// names returns the leading run of names in s.
func names(s string) []string {
	var out []string
	for _, n := range splitNames(s) {
		if !isName(n) {
			break
		}
		out = append(out, n)
	}
	return out
}

func allNames(s string) bool {
	ns := splitNames(s)
	if len(ns) == 0 || len(ns) > 4 {
		return false
	}
	for _, n := range ns {
		if !isName(n) {
			return false
		}
	}
	return true
}

// parseByline recognises "X记者 NAME 通讯员 NAME": an optional outlet, then
// roles each followed by names only.
func parseByline(f string) (credit, bool) {
	var c credit
	if runeLen(f, 40) > 40 || strings.Contains(f, ":") || hasAny(f, ",") {
		return c, false
	}
	s := strings.Trim(bylineRoleTailRE.ReplaceAllString(f, ""), "()[]【】□■◆●▲★ ")
	locs := bylineRE.FindAllStringIndex(s, -1)
	if locs == nil {
		return c, false
	}
	outlet := strings.TrimSpace(s[:locs[0][0]])
	if runeLen(outlet, 16) > 16 {
		return c, false
	}
	for i, loc := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		var ns []string
		for _, tok := range splitNames(bylineTailRE.ReplaceAllString(strings.TrimSpace(s[loc[1]:end]), "")) {
			if strings.HasPrefix(tok, "发自") || strings.HasPrefix(tok, "發自") || strings.HasSuffix(tok, "报道") || strings.HasSuffix(tok, "報道") {
				continue // "发自北京": where they filed from, not who
			}
			ns = append(ns, tok)
		}
		if n := len(ns); n > 0 && i+1 < len(locs) && (!isName(ns[n-1]) || !strings.HasSuffix(s[:locs[i+1][0]], " ")) {
			ns = ns[:n-1] // the next role's outlet: "… 每经编辑 杨欢"
		}
		for _, n := range ns {
			if !isName(n) || len(ns) > 4 {
				return credit{}, false
			}
		}
		if role := s[loc[0]:loc[1]]; role == "记者" || role == "記者" {
			c.authors = append(c.authors, ns...)
		}
	}
	if len(c.authors) == 0 && !strings.ContainsAny(s, " ") && outlet != "" && runeLen(s, 12) <= 12 {
		return credit{}, false // "黑龙江日报记者" alone names no one: a Q&A label
	}
	c.outlet = bylineOutlet(outlet)
	return c, true
}

func isAuthorLabel(l string) bool { return l == "作者" || l == "记者" || l == "記者" }

// bylineRoleTailRE: what the reporters did, "文/图", "摄".
var bylineRoleTailRE = regexp.MustCompile(`\s+(?:文/图|文/圖|文图|文圖|图/文|圖/文|摄|攝|报道|報道)$`)

// bylineTailRE: where the reporters filed from, "发自北京", "北京报道".
var bylineTailRE = regexp.MustCompile(`\s*(?:发自|發自|自)?\S{0,6}?(?:报道|報道)$|\s*(?:发自|發自)\S{1,8}$`)

// bylineOutlet turns the text before "记者" into an outlet name when it is
// one: "惠州日报" yes, "本报" or "全媒体" no; "新甘肃·甘肃日报" gives the paper.
func bylineOutlet(s string) string {
	s = strings.TrimSpace(strings.Trim(s, "()【】"))
	for _, p := range []string{"首席", "特约", "特約", "见习", "見習", "全媒体", "全媒體", "融媒体", "融媒體", "本报", "本報"} {
		s = strings.TrimSuffix(s, p)
	}
	s = strings.TrimSpace(firstOutlet(s))
	if i := strings.LastIndex(s, "·"); i >= 0 && strings.HasSuffix(s, "报") {
		s = s[i+len("·"):]
	}
	switch s {
	case "", "本报", "本報", "本台", "本网", "本網", "本刊", "本站":
		return ""
	}
	if !outletRE.MatchString(s) {
		return ""
	}
	return s
}

var outletRE = regexp.MustCompile(`(融媒体中心|融媒體中心|传媒中心|傳媒中心|新闻中心|新聞中心|广播电视台|廣播電視台|日报|日報|晚报|晚報|时报|時報|商报|商報|报|報|融媒|客户端|客戶端|电视台|電視台|新闻网|新聞網|网|網|社|\+|传媒|傳媒|新闻|新聞|在线|在線)$`)

var (
	// captionEndRE: photo credits that end a caption.
	captionEndRE   = regexp.MustCompile(`(?:(?:^|[\s。,;、)])(?:[^\s。,;]{0,20}\s*)(?:摄|攝|摄影|攝影)|供图|供圖|资料图|資料圖|图片来源:.*|圖片來源:.*|图源:.*|圖源:.*|图/\S{1,20}|圖/\S{1,20})\)?$`)
	captionStartRE = regexp.MustCompile(`^(?:图为|圖為|图片|圖片|图:|圖:|▲|△|↑|↓)`)
)

// isCaption recognises photo captions: "… 摄", "资料图,李建束 摄",
// "韶冶智能中心。受访者供图", "图为…".
func isCaption(f string) bool {
	if runeLen(f, maxCaptionRunes) > maxCaptionRunes {
		return false
	}
	if strings.HasSuffix(f, "拍摄") || strings.HasSuffix(f, "拍攝") {
		return false
	}
	if captionStartRE.MatchString(f) {
		return true
	}
	// The end pattern is unanchored at the start, so the regexp would try
	// every position: run it only when the line can match.
	switch lastRune(f) {
	case '摄', '攝', '影', '图', '圖', ')':
		return captionEndRE.MatchString(f)
	}
	for _, s := range []string{"图片来源", "圖片來源", "图源", "圖源", "图/", "圖/"} {
		if strings.Contains(f, s) {
			return captionEndRE.MatchString(f)
		}
	}
	return false
}

// isShortCaption recognises a short line that names what a photo shows,
// "5.0产业新空间。" or "韶关市工业和信息化局局长欧阳全。": one full stop at the
// end, no other punctuation, no pronoun or connective to start a sentence.
// It only counts between paragraphs (the caller checks).
func isShortCaption(f string) bool {
	if !strings.HasSuffix(f, "。") || runeLen(f, maxShortCaption) > maxShortCaption {
		return false
	}
	body := strings.TrimSuffix(f, "。")
	if body == "" || hasAny(body, "。,;:!?、“”\"…") {
		return false
	}
	for _, p := range sentenceStarts {
		if strings.HasPrefix(body, p) {
			return false
		}
	}
	return true
}

var sentenceStarts = []string{"特此", "现将", "現將", "这", "這", "那", "我", "你", "您", "他", "她", "它", "但", "而", "因", "所以", "同时", "同時", "此外", "目前", "如今", "据", "據", "对此", "對此", "总之", "總之"}

// isHeadingLike: a short line with no sentence punctuation, "聚焦大产业".
func isHeadingLike(f string) bool {
	if runeLen(f, maxHeadingRunes) > maxHeadingRunes {
		return false
	}
	return headerish(f) && !hasAny(f, ";:…") && !strings.HasSuffix(f, ",") && !strings.HasSuffix(f, "、")
}

// isHeaderLike: front matter between title and text, such as a kicker or
// a subtitle; longer than a heading but still no sentence.
func isHeaderLike(f string) bool {
	return runeLen(f, maxHeaderRunes) <= maxHeaderRunes && headerish(f)
}

func headerish(f string) bool {
	if hasAny(f, "。!?") {
		return false
	}
	for _, r := range f {
		if isHan(r) || (r < 128 && r >= 'A' && r <= 'z') {
			return true
		}
	}
	return false
}

// isOutletName reports a name of an outlet rather than a person:
// 第一财经, 澎湃新闻.
func isOutletName(s string) bool {
	for _, x := range []string{"财经", "財經", "新闻", "新聞", "日报", "日報", "晚报", "晚報", "时报", "時報", "传媒", "傳媒", "网", "網", "报", "報", "社", "台"} {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
