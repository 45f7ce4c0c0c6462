package article

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Page furniture: lines that belong to the site, not to the article. They
// are dropped wherever they sit (above the headline, between paragraphs,
// at the end), each by a named rule that `fangtan inspect --explain` shows.
// The patterns see a folded line (full-width ASCII as half-width).

// maxFurnitureRunes: a longer line is text, whatever words it holds.
const maxFurnitureRunes = 120

// A rule with triggers runs only on lines holding one of them, which
// keeps the unanchored patterns off the ordinary paragraphs.
type furnitureRule struct {
	name     string
	re       *regexp.Regexp
	triggers []string
}

// triggerRunes maps the first rune of each trigger word to the rules it
// may set off (a bit per rule), so one pass over a line tells which
// triggered rules need a closer look.
var triggerRunes = func() map[rune]uint64 {
	m := map[rune]uint64{}
	for i, r := range furnitureRules {
		for _, t := range r.triggers {
			first, _ := utf8.DecodeRuneInString(t)
			m[first] |= 1 << i
		}
	}
	return m
}()

// branch is one alternative of a rule's pattern, with the runes a match
// of it can start with (nil: any).
type branch struct {
	re    *regexp.Regexp
	first map[rune]bool
}

// ruleBranches splits each rule's pattern at its top-level alternatives
// and gates each by its first runes: a line is only run through the
// alternatives that could match where it starts.
var ruleBranches = func() [][]branch {
	out := make([][]branch, len(furnitureRules))
	for i, r := range furnitureRules {
		t, err := syntax.Parse(r.re.String(), syntax.Perl)
		if err != nil || t.Op != syntax.OpAlternate {
			out[i] = []branch{{r.re, firstRunes(r.re)}}
			continue
		}
		for _, sub := range t.Sub {
			re := regexp.MustCompile(sub.String())
			out[i] = append(out[i], branch{re, firstRunes(re)})
		}
	}
	return out
}()

// firstRunes is the set of runes a match of an anchored pattern can start
// with, or nil when that is not a short list: a line that starts with
// another rune is passed over without running the pattern, which keeps the
// rules cheap on the paragraphs of a long page.
func firstRunes(re *regexp.Regexp) map[rune]bool {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	set := map[rune]bool{}
	if !collectFirst(t.Simplify(), set, false) || len(set) > 200 {
		return nil
	}
	return set
}

// collectFirst adds to set the runes a match of t can start with; anchored
// says a ^ was seen. It reports false when it cannot tell.
func collectFirst(t *syntax.Regexp, set map[rune]bool, anchored bool) bool {
	switch t.Op {
	case syntax.OpAlternate:
		for _, sub := range t.Sub {
			if !collectFirst(sub, set, anchored) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		for i, sub := range t.Sub {
			switch sub.Op {
			case syntax.OpBeginLine, syntax.OpBeginText:
				anchored = true
				continue
			}
			if i > 0 && !anchored {
				return false
			}
			if !anchored {
				return false
			}
			return collectFirst(sub, set, true)
		}
		return false
	case syntax.OpCapture:
		return collectFirst(t.Sub[0], set, anchored)
	case syntax.OpLiteral:
		if !anchored || len(t.Rune) == 0 || t.Flags&syntax.FoldCase != 0 {
			return false
		}
		set[t.Rune[0]] = true
		return true
	case syntax.OpCharClass:
		if !anchored {
			return false
		}
		n := 0
		for i := 0; i+1 < len(t.Rune); i += 2 {
			n += int(t.Rune[i+1]-t.Rune[i]) + 1
			if n > 50 {
				return false
			}
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				set[r] = true
			}
		}
		return true
	}
	return false
}

var furnitureRules = []furnitureRule{
	{"boilerplate", boilerplateRE, nil},
	// The site's footer: who runs it, its registration, its address.
	{"footer", regexp.MustCompile(`^(?:主办单位|主辦單位|主办|主辦|承办单位|承辦單位|承办|承辦|协办单位|協辦單位|主管单位|主管單位|技术支持|技術支持|运维单位|運維單位|运行维护|網站維護|网站维护|网站标识码|網站標識碼|网站识别码|政府网站标识码|地址|通讯地址|通訊地址|邮编|郵編|邮政编码|郵政編碼|联系电话|聯繫電話|电话|電話|传真|傳真|电子邮箱|電子郵箱|邮箱|郵箱|e-?mail)\s*:.*` +
		`|^(?:(?:联系我们|聯繫我們|网站地图|網站地圖|关于我们|關於我們|使用帮助|使用幫助|隐私声明|隱私聲明|设为首页|設為首頁|加入收藏|收藏本站|无障碍|無障礙|长者模式|長者模式|适老化|繁体版?|繁體版?|简体版?|簡體版?|English|手机版|手機版|网站纠错|網站糾錯|我要纠错|我要糾錯|政务微博|政务微信)\s*[|/·]?\s*){1,}$`), nil},
	{"footer", regexp.MustCompile(`(?:电话|電話|邮箱|郵箱|传真|傳真|e-?mail|E-?mail)\s*:\s*[\d\-()a-zA-Z@._]{5,}`), []string{"电话", "電話", "邮箱", "郵箱", "传真", "傳真", "mail"}},
	{"footer", regexp.MustCompile(`ICP备|ICP證|ICP证|ICP備|公网安备|公網安備|网安备|備案號|备案号|版权所有|版權所有|All Rights Reserved|Copyright|©`), []string{"ICP", "备", "備", "版权", "版權", "Rights", "Copyright", "©"}},
	// The site's banner: "阜阳市人民政府 | 网站支持IPv6", "欢迎访问…".
	{"site banner", regexp.MustCompile(`(?i)^.{0,20}(?:网站支持\s*ipv6|網站支持\s*ipv6|欢迎访问|歡迎訪問|欢迎光临|歡迎光臨|欢迎您|歡迎您).{0,20}$`), []string{"IPv6", "ipv6", "IPV6", "欢迎", "歡迎"}},
	// Breadcrumbs: "当前位置:首页 > 新闻中心", "首页 » 工作动态 » 正文".
	{"breadcrumb", regexp.MustCompile(`^(?:当前位置|當前位置|您的位置|您现在的位置|您現在的位置|你的位置|你现在的位置|所在位置|位置)\s*:.*` +
		`|^(?:首页|首頁|网站首页|網站首頁|主页|主頁)\s*(?:>|»|›|→|>>|/|-|\|).*|^(?:首页|首頁|网站首页|網站首頁|主页|主頁|返回首页|返回首頁)$` +
		`|^[^。,;!?]{1,12}(?:\s*(?:>|»|›|→)+\s*[^。,;!?>»›→]{1,12}){2,}$|^[^。,;!?\s]{1,8}\s*(?:>|»|›|→)+\s*[^。,;!?>»›→\s]{1,8}$`), nil},
	// Comment boxes and their form.
	{"comments", regexp.MustCompile(`^(?:留言与评论|留言與評論|发表评论|發表評論|网友评论|網友評論|我要评论|我要評論|我要留言|评论|評論|留言)\s*(?:[((]共有?\s*\d+\s*条[评評]?[论論]?[))])?\s*:?$` +
		`|^验证码\s*:?.*|^驗證碼\s*:?.*|^(?:提交|重置|登录|登錄|注册|註冊|匿名发表|匿名發表|发表|發表)(?:\s+(?:提交|重置|登录|登錄|注册|註冊))*$`), nil},
	{"comments", regexp.MustCompile(`共有?\s*\d+\s*条(?:评论|評論|留言)`), []string{"条"}},
	// Disclaimers and reprint notices.
	{"disclaimer", regexp.MustCompile(`转载请注明|轉載請註明|未经授权.{0,6}转载|未經授權.{0,6}轉載|仅供其表达个人看法|僅供其表達個人看法|转载自.{0,30}(?:侵权|侵權|联系|聯繫)|^此(?:内容|文)为.{0,12}原创|未经许可.{0,8}(?:转载|使用)`), []string{"转载", "轉載", "看法", "原创", "许可"}},
	{"disclaimer", regexp.MustCompile(`^(?:免责声明|免責聲明|版权声明|版權聲明|声明|聲明)\s*:.*|^本网转载.*|^本網轉載.*|^凡本网注明.*|^凡本網註明.*|^(?:如有侵权|如有侵權).*|(?:如有|若有|涉及)(?:侵权|侵權).{0,12}(?:联系|聯繫|聯系|删除|刪除)`), []string{"声明", "聲明", "转载", "轉載", "凡本", "侵权", "侵權"}},
	// The repost's own address: "本文地址:http://…".
	{"link", regexp.MustCompile(`^(?:本文地址|本文链接|本文鏈接|原文地址|原文链接|原文鏈接|文章地址|本页地址|本頁地址)\s*:`), nil},
	// Image placeholders: "图片1", "图2", "附图".
	{"image placeholder", regexp.MustCompile(`(?i)^(?:图片|圖片|图|圖|附图|附圖|image|img)\s*\d{0,2}$|^\S{0,40}\.(?:jpe?g|png|gif|bmp|webp)$`), nil},
	// Font-size, print and share bars: "【字体:大 中 小】", "分享到:".
	{"tool bar", regexp.MustCompile(`(?:字体|字體|字号|字號)\s*:?\s*[\[【]?\s*大\s*[\]】]?\s*[\[【]?\s*中\s*[\]】]?\s*[\[【]?\s*小`), []string{"字体", "字體", "字号", "字號"}},
	{"tool bar", regexp.MustCompile(`^[\[【]?\s*(?:打印本页|打印本頁|打印此页|打印|列印|关闭窗口|關閉窗口|关闭本页|關閉本頁|关闭|關閉|收藏|返回顶部|返回頂部|返回|返回列表|返回首页|返回首頁|保存|分享|纠错|糾錯)\s*[\]】]?(?:\s*[\[【]?\s*(?:打印本页|打印本頁|打印|列印|关闭窗口|關閉窗口|关闭|關閉|收藏|返回顶部|返回頂部|返回|保存|分享)\s*[\]】]?)*$` +
		`|^[\[【]?(?:分享到|分享至|分享|轉發到|转发到)\s*:.*|^(?:微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博)(?:\s+(?:微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博))+$` +
		`|^(?:扫一扫|掃一掃|扫描二维码|掃描二維碼|用手机扫描|手机扫码).*`), nil},
	// Links to other articles: "上一篇:…", "相关阅读".
	{"list of other articles", regexp.MustCompile(`^[【\[]?(?:相关阅读|相關閱讀|相关新闻|相關新聞|相关链接|相關鏈接|相关文章|相關文章|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀)[】\]]?\s*:.+`), nil},
	{"advert", regexp.MustCompile(`^.{0,12}(?:广告合作|廣告合作|商务合作|商務合作)|请点击这里|請點擊這裡`), []string{"合作", "点击", "點擊"}},
	{"follow us", regexp.MustCompile(`^(?:长按|長按|扫描|掃描|识别|識別).{0,12}(?:二维码|二維碼)|^.{0,12}(?:关注我们|關注我們)\s*[!！]?$`), nil},
	{"media player", regexp.MustCompile(`^[▶►]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$|^(?:视频文字稿|視頻文字稿)\s*:?$|^(?:大家都在搜|大家都在看|热搜|熱搜)\s*:.*|^(?:我的批注|我的笔记|我的筆記)\s*:?.*`), nil},
	{"programme list", regexp.MustCompile(`^往期.{0,20}(?:回顾|回顧|节目|節目)$`), nil},
	{"prev/next", regexp.MustCompile(`^(?:上一篇|下一篇|上一条|下一條|下一条|上一條|上篇|下篇|上一页|下一页|上一頁|下一頁|上一版|下一版)\s*[:>]?.*`), nil},
	// The metadata table of a 信息公开 page: "索引号 640221001/2024-00087 主题分类 工业".
	{"catalogue", regexp.MustCompile(`^(?:索引号|索引號|主题分类|主題分類|发文字号|發文字號|体裁分类|文号|文號|有效性|标\s*题|標\s*題)\s*:?.{0,80}$`), nil},
	// E-paper furniture: "第01版:要闻", "版面导航", "本版新闻".
	{"e-paper", regexp.MustCompile(`^(?:版面导航|版面導航|往期回顾|往期回顧|PDF版|pdf版|PDF下载|版面概览|日期导航|标题导航|图片导航|返回目录|展开通版|收缩通版|收起通版|通版阅读|通版閱讀|上一期|下一期|放大|缩小|默认)\s*(?:请点击)?\s*:?.*$|^(?:当前版|當前版|当前版面|當前版面)?\s*:?\s*第?\s*[A-Z]?\d{1,3}\s*版(?:\s*[::]?\s*.{0,10})?$`), nil},
	// An e-paper's edition row with its pager, "第A03版:经济新闻 上一版 下一版",
	// and its issue line, "总第6231期 临汾日报社编印".
	{"e-paper", regexp.MustCompile(`^(?:当前版|當前版)?\s*:?\s*第?\s*[A-Z]?\d{1,3}\s*版.{0,24}(?:上一版|下一版|版面导航|版面導航)|^.{0,16}(?:总第|總第)\s*\d+\s*期.{0,30}(?:编印|編印|出版|主办|主辦)?$`), []string{"版", "总第", "總第"}},
	// A WeChat article on a mirror site: the account's fields, its
	// contents marker and the list of the account's other articles
	// ("滁州发布 · 周末出行提示来了 · 3 小时前").
	{"account fields", regexp.MustCompile(`^(?:专栏名称|專欄名稱|公众号|公眾號|微信号|微信號|功能介绍|功能介紹|账号主体|帳號主體|所属专栏|所屬專欄)\s*:.{0,40}$|^(?:目录|目錄|正文|相关文章推荐|相關文章推薦)$|^.{2,24}(?:官方账号|官方帳號|官方微信|官方公众号|官方公眾號)$`), nil},
	{"list of other articles", regexp.MustCompile(`·\s*(?:\d+\s*(?:小时|小時|分钟|分鐘|天)前|昨天|前天)$`), []string{"前", "昨天"}},
	// Page counters: "浏览次数:123", "阅读量 1.2万".
	{"counter", regexp.MustCompile(`^(?:直播状态|直播狀態|参与人数|參與人數|在线人数|在線人數|观看人数|觀看人數|访谈状态|訪談狀態)\s*:.{0,40}$|^(?:浏览次数|瀏覽次數|浏览量|瀏覽量|阅读量|閱讀量|阅读数|閱讀數|点击数|點擊數|点击量|點擊量|访问量|訪問量|访问次数|訪問次數)\s*:?\s*[\d.万]*\s*(?:次)?$`), nil},
}

// headingRules mark lines that end the article: what follows them is a
// list of other articles.
var tailMarkerRE = regexp.MustCompile(`^[【\[]?(?:相关阅读|相關閱讀|相关新闻|相關新聞|相关链接|相關鏈接|相关文章|相關文章|相关稿件|相關稿件|相关报道|相關報道|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|热点推荐|熱點推薦|热门推荐|熱門推薦|热门文章|熱門文章|猜你喜欢|猜你喜歡|更多新闻|更多新聞|精彩推荐|精彩推薦|热点新闻|熱點新聞|热门新闻|熱門新聞|排行榜|最新新闻|最新新聞|本版新闻|本版新聞|本版标题导航|本版標題導航|标题导航|標題導航|本版导读|本版導讀|本期导读|本期導讀|相关推荐|相關推薦|为你推荐|為你推薦|今日推荐|今日推薦|更多推荐|更多推薦|新闻排行|新聞排行|24小时热榜|24小時熱榜|热榜|熱榜|大家都在看|看了又看)[】\]]?\s*:?$`)

// furniture names the rule by which a folded line is page furniture, or
// returns "".
func furniture(f string) string {
	if runeLen(f, maxFurnitureRunes) > maxFurnitureRunes {
		return ""
	}
	short := runeLen(f, maxMetaRunes) <= maxMetaRunes
	// A line of prose (two clauses, forty characters) is furniture only by
	// a rule with trigger words (免责声明…, 版权所有…); the others are for
	// short lines, and skipping them keeps a long page fast.
	prose := !short && strings.Count(f, ",")+strings.Count(f, "。") >= 2
	first, _ := utf8.DecodeRuneInString(f)
	var triggered uint64
	for _, c := range f {
		triggered |= triggerRunes[c]
	}
	for i, r := range furnitureRules {
		if r.triggers != nil && (triggered&(1<<i) == 0 || !containsAny(f, r.triggers)) {
			continue
		}
		if prose && r.triggers == nil || r.re == boilerplateRE && !short {
			continue
		}
		for _, b := range ruleBranches[i] {
			if (b.first == nil || b.first[first]) && b.re.MatchString(f) {
				return r.name
			}
		}
	}
	if isNavLine(f) || channelBar(f) {
		return "navigation"
	}
	if m := trailingToolsRE.FindStringIndex(f); m != nil && m[0] == 0 {
		return "tool bar" // "【纠错】 【责任编辑:张倩】"
	}
	return ""
}

// navWords are words of menu items on Chinese government and news sites.
var navWords = []string{"首页", "首頁", "新闻", "新聞", "动态", "動態", "中心", "公开", "公開", "服务", "服務", "互动", "互動",
	"专题", "專題", "频道", "頻道", "政务", "政務", "概况", "概況", "要闻", "要聞", "资讯", "資訊", "信息", "通知", "公告",
	"政策", "解读", "解讀", "办事", "辦事", "机构", "機構", "领导", "領導", "访谈", "訪談", "视频", "視頻", "图片", "圖片",
	"专稿", "專稿", "本地", "国内", "國內", "国际", "國際", "财经", "財經", "社会", "社會", "留言", "咨询", "諮詢", "数据", "數據"}

// isNavLine recognises a menu line: "首页 新闻中心 本地新闻 本网专稿", three or
// more short items without punctuation, at least half of them menu words
// and one of them 首页 or a 中心/频道.
func isNavLine(f string) bool {
	if hasAny(f, "。,;:!?、“”\"") {
		return false
	}
	items := strings.FieldsFunc(f, func(r rune) bool {
		return r == ' ' || r == '|' || r == '/' || r == '·' || r == '>' || r == '»' || r == '›'
	})
	if len(items) < 2 {
		return false
	}
	if contains(items, "首页") || contains(items, "首頁") {
		return true // "准格尔旗融媒体中心 | 首页 | 本地 | 视频": the site's name, then its menu
	}
	menu, tools := 0, false
	for _, it := range items {
		tool := containsAny(it, siteToolWords)
		if runeLen(it, 8) > 8 && !tool {
			return false
		}
		tools = tools || tool
		for _, w := range navWords {
			if strings.Contains(it, w) {
				menu++
				break
			}
		}
	}
	home := strings.HasSuffix(items[0], "首页") || strings.HasSuffix(items[0], "首頁") || contains(items, "首页") || contains(items, "首頁")
	return tools || home || len(items) >= 3 && menu*2 >= len(items) || spacedMenu(f, items)
}

// channelBar reports a bar of four or more channel names set apart by |,
// "手机|互联网|IT|5G|光通信|人工智能": a headline holds one | at most.
func channelBar(f string) bool {
	if strings.Count(f, "|") < 3 || hasAny(f, "。,;:!?、“”\"") {
		return false
	}
	for _, it := range strings.Split(f, "|") {
		if it = strings.TrimSpace(it); it == "" || runeLen(it, 9) > 8 {
			return false
		}
	}
	return true
}

// spacedMenu reports three or more short items set apart by spaced
// separators, "雪域晨报 · 拉萨 · 西藏 · 图片": a menu, whatever its words.
func spacedMenu(f string, items []string) bool {
	if len(items) < 3 || !(strings.Contains(f, " · ") || strings.Contains(f, " | ") || strings.Contains(f, " / ") || strings.Contains(f, " › ")) {
		return false
	}
	for _, it := range items {
		if runeLen(it, 7) > 6 {
			return false
		}
	}
	return true
}

// siteToolWords are items of a site's tool bar, never of a headline.
var siteToolWords = []string{"收藏本站", "收藏本页", "收藏本頁", "加入书签", "加入書籤", "设为主页", "設為主頁", "客服", "往期", "数字报", "數字報", "电子报", "電子報", "版面", "无障碍", "無障礙", "长者", "長者", "适老", "繁体", "繁體", "简体", "簡體", "登录", "登錄", "注册", "註冊", "English", "手机版", "手機版", "设为首页", "設為首頁", "加入收藏", "网站地图", "網站地圖", "联系我们", "聯繫我們", "智能问答", "智能問答"}

// isTodayLine recognises the page chrome's "today" line: a date with its
// weekday and nothing else but perhaps the weather ("2023年03月29日 星期三").
func isTodayLine(f string) bool {
	if !weekRE.MatchString(f) {
		return false
	}
	rest := weekRE.ReplaceAllString(dateRE.ReplaceAllString(f, ""), "")
	rest = strings.Trim(rest, " |/-·今天是今日农历農曆")
	return runeLen(rest, 12) <= 12 && !strings.Contains(rest, ":")
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
