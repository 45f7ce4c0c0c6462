package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean trims a line, drops control and zero-width characters and collapses
// every whitespace run (including NBSP and the ideographic space) to one
// ASCII space, so scraped spacing never reaches the index.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// fold maps full-width ASCII (：，２０２４) to half-width so the classifiers
// match both; it is rune for rune, so rune offsets agree with the input.
func fold(s string) string {
	need := false
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dedupKey is the form under which repeated lines are recognised: folded,
// without spaces.
func dedupKey(f string) string {
	if !strings.ContainsRune(f, ' ') {
		return f
	}
	return strings.ReplaceAll(f, " ", "")
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// runeLen counts runes but stops early past max, so length tests on huge
// lines stay cheap.
func runeLen(s string, max int) int {
	n := 0
	for range s {
		n++
		if n > max {
			return n
		}
	}
	return n
}

// lastRune returns the last rune of s, or 0.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// hasAny reports whether s contains any rune of set.
func hasAny(s, set string) bool { return strings.ContainsAny(s, set) }

// isName reports whether s looks like a person's name: 2–4 Han characters,
// or a minority name with a middle dot, or a Latin name.
func isName(s string) bool {
	n := 0
	han, latin := 0, 0
	for _, r := range s {
		n++
		switch {
		case isHan(r):
			han++
		case r == '·' || r == '•':
		case r < 128 && (unicode.IsLetter(r) || r == '.' || r == '-'):
			latin++
		default:
			return false
		}
	}
	if latin > 0 {
		return han == 0 && latin >= 2 && latin <= 30
	}
	if strings.ContainsAny(s, "·•") {
		return han >= 3 && n <= 12
	}
	return han >= 2 && han <= 4 && !strings.ContainsAny(s, notInNames) && !isOffice(s) && !isOutletName(s)
}

// isOffice reports a short office name that reads like a name:
// 办公室, 综合处, 运行调度处.
func isOffice(s string) bool {
	for _, x := range []string{"报道", "報道", "报导", "報導", "整理", "编译", "編譯", "综合", "綜合", "手记", "手記", "记者", "記者", "通讯员", "通訊員", "实习生", "實習生", "编辑", "編輯", "校对", "校對", "审核", "審核", "摄影", "攝影", "摄像", "攝像", "主编", "主編", "处", "處", "科", "室", "局", "厅", "廳", "办", "辦", "部", "委", "院", "所", "站", "队", "隊", "组", "組", "中心", "公司"} {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// notInNames are characters that make a 2–4 character run read as a phrase
// rather than a name (了解到, 获悉, 表示 …).
const notInNames = "的了是到表说獲获悉看从對对把被等摄攝图圖供"

// splitNames splits a run of names separated by spaces, 、 or commas.
func splitNames(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '、' || r == ',' || r == '，' || r == '/' || r == ';'
	})
}

// isCJK reports whether r is a rune after which no space is needed when
// two lines are joined.
func isCJK(r rune) bool {
	return isHan(r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
}

// joiner joins the wrapped lines of one paragraph: no space between
// Chinese text, one space between Latin words; in linear time.
type joiner struct {
	b    strings.Builder
	last rune
}

func (j *joiner) add(s string) {
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	if j.b.Len() > 0 && !isCJK(j.last) && !isCJK(first) {
		j.b.WriteByte(' ')
	}
	j.b.WriteString(s)
	j.last = lastRune(s)
}

// take returns the joined text and resets j.
func (j *joiner) take() string {
	s := j.b.String()
	j.b.Reset()
	j.last = 0
	return s
}

// runeCount counts the runes of s.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
