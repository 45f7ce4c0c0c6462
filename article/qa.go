package article

import (
	"regexp"
	"strings"
)

// Q&A interviews label each turn with its speaker. The labels seen on
// Chinese pages:
//
//   - a host: 记者:, 主持人:, 网友:, 问:, Q:, or an organisation asking on
//     its readers' behalf (市政府网站:, 本网:, 南方日报、南方+记者:);
//   - the interviewee by name (欧阳全:), by office and name (市工信局局长
//     王强:), or by a short form the introduction sets up
//     (王强(以下简称“王”): … 王:);
//   - an answer without a name: 答:, A: — credited to the interviewee the
//     page names, if it names one;
//   - on HTML pages, a bold label with no colon (<strong>主持人</strong>).

// label is a Q&A speaker label: "欧阳全:" or "南方日报、南方+记者:".
type label struct {
	name     string // as written, without an alias note
	alias    string // the short form it introduces: 以下简称“王”
	reporter bool   // a host asking questions
	answer   bool   // 答: / A: without a name
	rest     string // the text after the label, unfolded
}

var (
	// bracketLabelRE: "[主持人]", "【黄建明】" opening a line.
	bracketLabelRE = regexp.MustCompile(`^[\[【]([^\]】]{1,24})[\]】]`)
	// bareLabelRE: a label line without a colon: an outlet's reporter, a
	// host with a name, an office and a name after a space.
	bareLabelRE = regexp.MustCompile(`^(?:.{0,12}(?:记者|記者)|(?:主持人|主持)\s*[\p{Han}·]{2,4}|.{0,16}(?:长|長|主任|书记|書記)\s+[\p{Han}·]{2,4})$`)
	// guestHostRE: a reader asking, "网友“北山松柏”", "听众 李先生".
	guestHostRE = regexp.MustCompile(`^(网友|網友|网民|網民|听众|聽眾|观众|觀眾|市民)\s*["“”'(]?.{0,12}?["“”')]?$`)
	// hostNameRE: a host's label with the host's name, "主持人 张晓雯".
	hostNameRE = regexp.MustCompile(`^(?:主持人|主持|记者|記者)\s*([\p{Han}·]{2,4})$`)
	// surnameTitleRE: "吴局长", "刘副主任": a surname and an office.
	surnameTitleRE = regexp.MustCompile(`^([\p{Han}]{1,2}?)(副?(?:局长|局長|厅长|廳長|主任|书记|書記|处长|處長|县长|縣長|区长|區長|市长|市長|部长|部長|董事长|總經理|总经理|经理|經理|代表|委员|委員|主席|院长|院長|校长|校長|教授|博士))$`)
	// aliasRE: "(以下简称“王”)", "(下称"记")".
	aliasRE = regexp.MustCompile(`\((?:以下)?简?称\s*["“”']?([^"“”'()]{1,6})["“”']?\)`)
	// officeNameRE: the name after an office, "市工信局局长王强".
	officeNameRE = regexp.MustCompile(`(?:局长|厅长|主任|书记|处长|科长|县长|区长|市长|省长|部长|司长|署长|主席|董事长|总经理|负责人|发言人|总工程师|局長|廳長|書記|處長|科長|縣長|區長|市長|省長|部長|司長|署長|董事長|總經理|負責人|發言人|總工程師)\s*([\p{Han}·]{2,4})$`)
	hostWords    = []string{"主持人", "主持", "网友", "網友", "网民", "網民", "问", "問", "提问", "提問", "Q", "q", "本报", "本報", "本网", "本網", "本台", "本刊", "观众", "觀眾", "听众", "聽眾"}
	answerWords  = []string{"答", "A", "a", "回答", "嘉宾", "嘉賓", "访谈嘉宾", "訪談嘉賓"}
	// numberedRE: a numbered turn, "问1", "答一", "Q2".
	numberedRE = regexp.MustCompile(`^(问|問|答|Q|A)\s*[(]?[0-9一二三四五六七八九十]{1,3}[)]?$`)
	// hostParenRE: a host with the name in brackets, "主持人(高远)", perhaps
	// after the host's office, "主持人(省政府新闻办副主任 何琳)".
	hostParenRE = regexp.MustCompile(`^(?:主持人|主持|记者|記者)\((?:[^()]{0,24}\s)?([\p{Han}·]{2,4})\)$`)
	// hostSuffixes: an organisation asking, "市政府网站", "南方+记者".
	hostSuffixes = []string{"记者", "記者", "网站", "網站", "主持人", "网", "網", "日报", "日報", "电视台", "電視台", "客户端", "客戶端", "融媒", "新闻", "新聞", "财经", "財經"}
)

// parseLabel finds a speaker label at the start of line (f is its folded
// form). Verbs of saying ("姚蔚表示:") and field labels ("数据显示:",
// "编辑:") are not speakers.
func parseLabel(line, f string) (label, bool) {
	if m := bracketLabelRE.FindStringSubmatch(f); m != nil {
		// "[主持人]各位媒体朋友…": the label in brackets, no colon.
		l, ok := labelName(m[1])
		if !ok {
			return label{}, false
		}
		_, size := firstRune(line)
		rest := line[size:]
		if j := strings.IndexAny(rest, "]】"); j >= 0 {
			_, sz := firstRune(rest[j:])
			l.rest = strings.TrimSpace(rest[j+sz:])
		}
		return l, l.rest != ""
	}
	i := strings.IndexByte(f, ':')
	if i <= 0 {
		// A label alone on its line with no colon, as press-conference
		// transcripts write them: "黑龙江日报记者", "副厅长 韩立军".
		if runeLen(f, maxLabelRunes) > maxLabelRunes || hasAny(f, "。,;!?、“”\"()") || !bareLabelRE.MatchString(f) {
			return label{}, false
		}
		l, ok := labelName(f)
		return l, ok
	}
	l, ok := labelName(strings.TrimSpace(f[:i]))
	if !ok {
		return label{}, false
	}
	j := strings.IndexAny(line, ":：")
	_, size := firstRune(line[j:])
	l.rest = strings.TrimSpace(line[j+size:])
	return l, true
}

// boldLabel finds a label set in bold at the start of an HTML line, with
// or without a colon: "<strong>主持人</strong>欢迎…".
func boldLabel(l line) (label, bool) {
	if l.bold == "" || !strings.HasPrefix(l.text, l.bold) {
		return label{}, false
	}
	name := strings.TrimRight(strings.TrimSpace(fold(l.bold)), ": ")
	lb, ok := labelName(name)
	if !ok {
		return label{}, false
	}
	lb.rest = strings.TrimLeft(strings.TrimPrefix(l.text, l.bold), " :：")
	return lb, lb.rest != ""
}

// labelName decides whether name, the text before a colon, names a speaker.
func labelName(name string) (label, bool) {
	var l label
	if m := aliasRE.FindStringSubmatchIndex(name); m != nil && m[1] == len(name) {
		l.alias = name[m[2]:m[3]]
		name = strings.TrimSpace(name[:m[0]])
	}
	if m := guestHostRE.FindStringSubmatch(name); m != nil {
		return label{name: m[1], reporter: true}, true
	}
	if m := numberedRE.FindStringSubmatch(name); m != nil {
		name = m[1] // "问1", "答(二)": the turn's number is no part of who speaks
	}
	if m := hostParenRE.FindStringSubmatch(name); m != nil && isName(m[1]) {
		return label{name: m[1], reporter: true}, true // "主持人(高远)": the host by name, as "主持人 高远"
	}
	if name == "" || runeLen(name, maxLabelRunes) > maxLabelRunes || hasAny(name, "。,;!?:\"“”") {
		return l, false
	}
	l.name = name
	if m := hostNameRE.FindStringSubmatch(name); m != nil && isName(m[1]) {
		// "主持人 张晓雯": the host by name.
		l.name, l.reporter = m[1], true
		return l, true
	}
	switch {
	case contains(hostWords, name):
		l.reporter = true
	case contains(answerWords, name):
		l.answer = true
	case hasSuffixAny(name, hostSuffixes):
		l.reporter = true
	case isName(name) && !notSpeaker(name):
	case officeNameRE.MatchString(name), surnameTitleRE.MatchString(name):
		if m := officeNameRE.FindStringSubmatch(name); m != nil && !isName(m[1]) {
			return l, false
		}
	case runeLen(name, 1) == 1 && isHan([]rune(name)[0]):
		// "王:" — a short form; applySpeakers keeps it only when the
		// introduction set it up.
	default:
		return l, false
	}
	return l, true
}

func hasSuffixAny(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// applySpeakers turns Q&A labels into speakers when the article is an
// interview in Q&A form: at least two labelled lines and either a host's
// label, a short form set up by the introduction, or a name that answers
// twice. The label is stripped from the text; the paragraphs after a turn
// keep its speaker until the next label or heading. A short form resolves
// to the name it stands for, and an unnamed answer (答:) to the
// interviewee the page names, so a host's question is never credited to
// the interviewee nor an answer to the host.
func applySpeakers(items []item, title string) []item {
	aliases := map[string]string{}
	n, reporter := 0, false
	count := map[string]int{}
	for _, it := range items {
		if it.label != nil {
			n++
			count[it.label.name]++
			reporter = reporter || it.label.reporter
			if it.label.alias != "" {
				aliases[it.label.alias] = speakerName(it.label)
			}
		}
		if !strings.Contains(it.text, "称") {
			continue
		}
		for _, m := range aliasInTextRE.FindAllStringSubmatch(fold(it.text), -1) {
			if name := nameBefore(m[1]); name != "" {
				aliases[m[2]] = name
			}
		}
	}
	repeat := false
	for _, c := range count {
		repeat = repeat || c >= 2
	}
	if n < 2 || !(reporter || repeat || len(aliases) > 0) {
		for i := range items {
			items[i].label = nil
		}
		return items
	}
	guest := interviewee(items, aliases, title)
	people := namedPeople(items, title)
	if guest == "" && len(people) == 1 {
		guest = people[0] // the one person the text names by office
	}
	out := items[:0]
	cur := ""
	for _, it := range items {
		switch {
		case it.label != nil:
			lb := it.label
			switch {
			case aliases[lb.name] != "":
				cur = aliases[lb.name]
			case lb.answer:
				cur = guest
			case surnameTitleRE.MatchString(lb.name):
				cur = bySurname(lb.name, guest, people)
			case runeLen(lb.name, 1) == 1 && !lb.reporter:
				// A one-character label nothing set up is text after all.
				it.label = nil
				it.speaker = cur
				out = append(out, it)
				continue
			default:
				cur = speakerName(lb)
			}
			if lb.rest == "" {
				continue // a label on its own line names the next paragraph's speaker
			}
			it.text = lb.rest
			it.short = false // a labelled line is speech, never a heading
			it.speaker = cur
			it.rule = "Q&A turn"
		case it.kind == Body && it.short:
			cur = "" // a heading ends the answer
		case it.kind == Body:
			it.speaker = cur
		case it.kind == Heading:
			cur = ""
		}
		it.label = nil
		out = append(out, it)
	}
	return out
}

// speakerName is who a label names: the person's name without the office
// before it ("市工信局局长王强" → 王强); a host as written.
func speakerName(l *label) string {
	if l.reporter {
		return l.name
	}
	if m := officeNameRE.FindStringSubmatch(l.name); m != nil && isName(m[1]) {
		return m[1]
	}
	return l.name
}

// aliasInTextRE: a short form set up in running text, "局长王强(以下简称王)".
var aliasInTextRE = regexp.MustCompile(`([\p{Han}·]{2,12})\((?:以下)?简?称\s*["“”']?([^"“”'()]{1,6})["“”']?\)`)

// nameBefore is the name at the end of s: "市工信局局长王强" → 王强; a
// host is named by the word for it ("…记者" → 记者).
func nameBefore(s string) string {
	for _, h := range []string{"记者", "記者", "主持人"} {
		if strings.HasSuffix(s, h) {
			return h
		}
	}
	if m := officeNameRE.FindStringSubmatch(s); m != nil && isName(m[1]) {
		return m[1]
	}
	if isName(s) && !notSpeaker(s) {
		return s
	}
	return ""
}

// guestRE finds the interviewee an introduction or a headline names:
// "嘉宾:市工信局局长王强", "专访市工信局局长王强".
var guestRE = regexp.MustCompile(`(?:嘉宾|嘉賓|访谈嘉宾|訪談嘉賓|受访者|受訪者|专访|專訪|对话|對話|访|訪)\s*:?\s*([\p{Han}·]{2,20}?)(?:[\s,。:;!?、(]|$)`)

// interviewee is the person who answers: the one a short form stands for
// that is not a host, else the guest the text or the headline names.
func interviewee(items []item, aliases map[string]string, title string) string {
	for short, name := range aliases {
		if !contains(hostWords, name) && !hasSuffixAny(name, hostSuffixes) && short != "" {
			return name
		}
	}
	texts := []string{fold(title)}
	for _, it := range items {
		if it.label == nil {
			texts = append(texts, fold(it.text))
		}
	}
	for _, t := range texts {
		for _, m := range guestRE.FindAllStringSubmatch(t, -1) {
			if name := nameBefore(m[1]); name != "" {
				return name
			}
		}
	}
	return ""
}

// isTurn reports a line that is a Q&A turn rather than a headline of the
// form "欧阳全:坚持制造业当家": a host's or an unnamed answer's label, or
// a label before a question or a full sentence.
func isTurn(line, f string) bool {
	l, ok := parseLabel(line, f)
	if !ok {
		return false
	}
	if l.reporter || l.answer || runeLen(l.name, 1) == 1 {
		return true
	}
	switch lastRune(fold(l.rest)) {
	case '?', '。':
		return true
	}
	return false
}

// namedPeople are the people the title and the text name after an office:
// "局长吴建军", "副厅长刘国栋".
func namedPeople(items []item, title string) []string {
	var out []string
	add := func(s string) {
		for _, m := range officeBeforeNameRE.FindAllStringSubmatchIndex(s, -1) {
			if n := nameAt(s[m[2]:]); n != "" && !contains(out, n) {
				out = append(out, n)
			}
		}
		// "感谢马文博局长做客": a name before the office, in a thanks or
		// a welcome.
		for _, m := range nameBeforeOfficeRE.FindAllStringSubmatch(s, -1) {
			if isName(m[1]) && !contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	add(fold(title))
	for _, it := range items {
		add(fold(it.text))
	}
	return out
}

var nameBeforeOfficeRE = regexp.MustCompile(`(?:感谢|感謝|谢谢|謝謝|欢迎|歡迎|邀请|邀請|请到|請到)([\p{Han}]{2,3}?)副?(?:局长|局長|厅长|廳長|主任|书记|書記|处长|處長|县长|縣長|区长|區長|市长|市長|部长|部長)`)

var officeBeforeNameRE = regexp.MustCompile(`(?:局长|局長|厅长|廳長|主任|书记|書記|处长|處長|县长|縣長|区长|區長|市长|市長|部长|部長|董事长|總經理|总经理)\s*([\p{Han}])`)

// nameAt reads the name that opens s: three characters, or two when the
// third starts what follows (表示, 说, 在 …).
func nameAt(s string) string {
	rs := []rune(s)
	n := 0
	for n < len(rs) && n < 3 && isHan(rs[n]) {
		n++
	}
	if n < 2 {
		return ""
	}
	if n == 3 && strings.ContainsRune(afterName, rs[2]) {
		n = 2
	}
	if name := string(rs[:n]); isName(name) {
		return name
	}
	return ""
}

// afterName are characters that open the words following a name.
const afterName = "表说說在介指强強认認称稱透谈談对對就带帶主来來到与與和等的为為是也还還作接率一"

// bySurname is the person a "吴局长" label stands for: the guest or a
// person the text names with that surname; else the label as written.
func bySurname(label, guest string, people []string) string {
	surname := surnameTitleRE.FindStringSubmatch(label)[1]
	if strings.HasPrefix(guest, surname) {
		return guest
	}
	for _, p := range people {
		if strings.HasPrefix(p, surname) {
			return p
		}
	}
	return label
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// notSpeaker lists 2–4 character labels that are not people.
func notSpeaker(name string) bool {
	for _, s := range []string{"表示", "说", "說", "指出", "介绍", "介紹", "强调", "強調", "认为", "認為", "显示", "顯示", "提出", "称", "稱", "透露", "坦言", "告诉", "告訴", "回答", "问", "問", "答", "谈", "談", "目标", "目標", "任务", "任務", "要求", "内容", "內容", "原因", "问题", "問題", "地址", "电话", "電話", "邮箱", "郵箱", "备注", "備註", "附件", "链接", "鏈接", "标题", "標題", "题目", "題目", "主题", "主題", "来源", "來源", "作者", "文字", "编辑", "編輯", "校对", "校對", "时间", "時間", "日期", "原标题", "关键词", "關鍵詞", "据悉", "據悉", "其中", "例如", "比如", "首先", "其次", "最后", "最後", "重点", "重點", "特点", "特點", "嘉宾", "嘉賓", "编者按", "編者按", "编者", "編者", "摘要", "导语", "導語", "简介", "簡介"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
