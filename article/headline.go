package article

import (
	"regexp"
	"strings"
)

// maxHeadlineRunes: a longer line is a sentence, not a headline.
const maxHeadlineRunes = 64

// leadRE matches how a news lead opens, never a headline: "6月2日,",
// "5月8日上午,", "近日,", "本报讯", "新华社北京8月3日电".
var leadRE = regexp.MustCompile(`^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:[上中下]午|晚|晚间|晚間|早|凌晨)?\s*,|(?:近日|日前|近期|目前|今年以来|今年來|年初以来|年初以來|连日来|連日來)\s*,|[^\s,。]{1,10}[讯訊](?:\s|\(|\d|$)|.{0,16}\d{1,2}月\d{1,2}日[电電])`)

// isHeadline reports whether a folded line has the shape of a headline: not
// too long, not ending as a sentence does, not a news lead, not a Q&A turn.
func isHeadline(line, f string) bool {
	if runeLen(f, maxHeadlineRunes) > maxHeadlineRunes || leadRE.MatchString(f) {
		return false
	}
	switch lastRune(f) {
	case '。', ',', ';', '、', ':', '…':
		return false
	}
	// A full stop inside is two sentences; a question or exclamation
	// inside a headline is fine ("制造业当家,怎么当?").
	if strings.Contains(strings.TrimRight(f, "。"), "。") {
		return false
	}
	if isTurn(line, f) || strings.Count(f, ",") >= 3 || editorNoteRE.MatchString(f) {
		return false
	}
	return headerish(strings.TrimRight(f, "!?")) || strings.HasSuffix(f, "?") || strings.HasSuffix(f, "!")
}

// editorNoteRE: an editor's note or a standfirst, never the headline.
var editorNoteRE = regexp.MustCompile(`^(?:编者按|編者按|编者的话|編者的話|按语|按語|导语|導語|导读|導讀|摘要|内容提要|內容提要)\s*(?::|$)`)

// isSiteName recognises a line that only names the site or its owner,
// "盐城市工业和信息化局", "惠州日报数字报", above the real headline.
func isSiteName(f string) bool {
	if runeLen(f, 20) > 20 || hasAny(f, ",:!?") {
		return false
	}
	for _, s := range []string{"局", "厅", "廳", "委员会", "委員會", "政府", "门户网站", "門戶網站", "网站", "網站", "官网", "官網", "数字报", "數字報", "电子报", "電子報", "日报", "日報", "晚报", "晚報", "新闻网", "新聞網", "客户端", "客戶端", "融媒", "网", "網"} {
		if strings.HasSuffix(f, s) {
			return true
		}
	}
	return false
}

// titleRefs are the texts the markup says the headline is: the <title>
// split at its separators ("标题_栏目_网站"), the Open Graph title and the
// ArticleTitle tag Chinese government CMSs write.
func titleRefs(h hints) []string {
	var refs []string
	add := func(s string) {
		if k := dedupKey(fold(clean(s))); runeLen(k, 4) >= 4 && !contains(refs, k) {
			refs = append(refs, k)
		}
	}
	for _, k := range []string{"articletitle", "og:title", "twitter:title", "title", "headline"} {
		add(h.meta[k])
	}
	add(h.docTitle)
	for _, part := range titleSepRE.Split(h.docTitle, -1) {
		add(part)
	}
	return refs
}

// siteSloganRE: parts of a <title> that speak of the site, not the article.
var siteSloganRE = regexp.MustCompile(`(?i)ipv6|网站支持|網站支持|欢迎访问|歡迎訪問|门户|門戶|官方网站|官方網站|首页|首頁`)

var titleSepRE = regexp.MustCompile(`\s*(?:_|\s-\s|\s–\s|\s—\s|\||｜|--|——)\s*`)

// refMatch scores how well a line matches the markup's titles: 3 when it
// is one of them, 2 when one holds it or it holds one (and they are close
// in length), 0 otherwise.
func refMatch(key string, refs []string) int {
	best := 0
	n := runeLen(key, 200)
	for _, r := range refs {
		rn := runeLen(r, 200)
		switch {
		case key == r:
			return 3
		case n >= 6 && strings.Contains(r, key) && 2*n >= rn:
			best = max(best, 2)
		case rn >= 6 && strings.Contains(key, r) && 2*rn >= n:
			best = max(best, 2)
		}
	}
	return best
}

// docTitleHeadline is the headline the markup states when no line of the
// page is it: the ArticleTitle or Open Graph title, else the longest part
// of the <title> that is not the site's name.
func docTitleHeadline(h hints) (string, string) {
	for _, k := range []string{"articletitle", "og:title", "twitter:title"} {
		if t := clean(h.meta[k]); t != "" {
			return t, "<meta " + k + ">"
		}
	}
	best := ""
	for _, part := range titleSepRE.Split(h.docTitle, -1) {
		part = clean(part)
		if part == "" || isSiteName(fold(part)) || siteSloganRE.MatchString(part) {
			continue
		}
		if runeLen(part, 200) > runeLen(best, 200) {
			best = part
		}
	}
	return best, "<title>"
}

// maxLeadTitleRunes bounds a title made from a lead.
const maxLeadTitleRunes = 30

// leadTimeRE: the time a lead opens with, "6月2日,", "5月8日上午,", "近日,".
var leadTimeRE = regexp.MustCompile(`^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:[上中下]午|晚|晚间|早|凌晨)?|近日|日前|近期|今年以来|连日来)\s*[,，]\s*`)

// LeadTitle is the title of an article whose page has no headline: the
// first clause of its lead, without the date it opens with, "市工信局局长
// 张三带队到高新区开展专题调研" of "6月2日,市工信局局长张三带队到高新区
// 开展专题调研,了解…"; cut at 30 characters with an ellipsis.
func LeadTitle(lead string) string {
	s := leadTimeRE.ReplaceAllString(strings.TrimSpace(lead), "")
	rs := []rune(s)
	end := len(rs)
	for i, r := range rs {
		if strings.ContainsRune("。！？!?；;", r) || (strings.ContainsRune("，,", r) && i >= 8) {
			end = i
			if r == '？' || r == '?' {
				end = i + 1 // a question keeps its mark
			}
			break
		}
	}
	if end > maxLeadTitleRunes {
		return strings.TrimSpace(string(rs[:maxLeadTitleRunes])) + "…"
	}
	return strings.TrimSpace(string(rs[:end]))
}
