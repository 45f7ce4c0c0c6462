package vocab

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"

	pinyin "github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// phrasesData holds the word readings where a character's first reading is
// wrong in the word: 重庆 chong qing, 行业 hang ye (see gen_phrases.go).
//
//go:embed phrases.txt
var phrasesData string

// extraReadings are words the phrase table lacks, read by hand.
var extraReadings = map[string]string{
	"银行": "yin hang",
	"行长": "hang zhang",
	"蚌埠": "beng bu",
	"六安": "lu an",
	"单县": "shan xian",
	"乐清": "yue qing",
	"长期": "chang qi",
	"增长": "zeng zhang",
	"成长": "cheng zhang",
}

// readings is the word table, loaded once.
type readings struct {
	words   map[string][]string
	longest int // runes of the longest word
	// syllables are every toneless syllable go-pinyin knows, for splitting
	// Latin input into syllables.
	syllables map[string]bool
	maxSyl    int
}

var (
	readOnce  sync.Once
	readTable *readings
)

func loadReadings() *readings {
	readOnce.Do(func() {
		t := &readings{words: map[string][]string{}, syllables: map[string]bool{}}
		add := func(word, rd string) {
			t.words[word] = strings.Fields(rd)
			t.longest = max(t.longest, len([]rune(word)))
		}
		for _, line := range strings.Split(phrasesData, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			word, rd, ok := strings.Cut(line, " ")
			if ok {
				add(word, rd)
			}
		}
		for w, rd := range extraReadings {
			add(w, rd)
		}
		for _, all := range pinyin.PinyinDict {
			for _, s := range strings.Split(all, ",") {
				s = Toneless(s)
				t.syllables[s] = true
				t.maxSyl = max(t.maxSyl, len(s))
			}
		}
		readTable = t
	})
	return readTable
}

// charReading is the first (most common) toneless reading of a character,
// "" for a character without one.
func charReading(r rune) string {
	all, ok := pinyin.PinyinDict[int(r)]
	if !ok {
		return ""
	}
	first, _, _ := strings.Cut(all, ",")
	return Toneless(first)
}

// charReadings are all toneless readings of a character.
func charReadings(r rune) []string {
	all, ok := pinyin.PinyinDict[int(r)]
	if !ok {
		return nil
	}
	var out []string
	for _, s := range strings.Split(all, ",") {
		s = Toneless(s)
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// Reading returns the toneless pinyin of each rune of a Chinese phrase,
// words read as words (longest match in the word table, else each
// character's first reading): 重庆 → chong qing. A rune without a reading
// (a digit, a Latin letter) reads as itself, lower case.
func Reading(s string) []string {
	t := loadReadings()
	rs := []rune(s)
	out := make([]string, 0, len(rs))
	for i := 0; i < len(rs); {
		matched := false
		for n := min(t.longest, len(rs)-i); n >= 2; n-- {
			if rd, ok := t.words[string(rs[i:i+n])]; ok && len(rd) == n {
				out = append(out, rd...)
				i += n
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if r := charReading(rs[i]); r != "" {
			out = append(out, r)
		} else {
			out = append(out, strings.ToLower(string(rs[i])))
		}
		i++
	}
	return out
}

// Toneless lower-cases Latin pinyin and drops its tone marks and tone
// digits' marks: "Zhìzào" → "zhizao"; ü (and u:) is written v.
func Toneless(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if r >= 0x300 && r <= 0x36f {
			if r == 0x308 { // the diaeresis of ü
				str := b.String()
				if strings.HasSuffix(str, "u") {
					b.Reset()
					b.WriteString(str[:len(str)-1] + "v")
				}
			}
			continue
		}
		b.WriteRune(r)
	}
	return strings.ReplaceAll(b.String(), "u:", "v")
}

// IsLatin reports whether s holds a Latin letter (with or without tone
// marks): only such queries are read as pinyin.
func IsLatin(s string) bool {
	for _, r := range s {
		if r < unicode.MaxLatin1+0x180 && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// pinyinKey folds Latin input for lookup: toneless, without spaces,
// apostrophes or tone digits. It returns "" when anything else is left
// (digits, Chinese, punctuation): such input is not pinyin.
func pinyinKey(s string) string {
	s = Toneless(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == ' ' || r == '\'' || r == '’' || r == '-' || r >= '1' && r <= '5':
		default:
			return ""
		}
	}
	return b.String()
}

// Syllables splits toneless Latin input into pinyin syllables, spaces and
// apostrophes marking boundaries. Within a run it prefers long syllables
// (xian, not xi an), and as written pinyin does, a syllable that starts with
// a, o or e only follows a boundary (chuneng is chu neng, not chun eng). ok
// is false when the input is not a sequence of syllables.
func Syllables(s string) ([]string, bool) {
	var out []string
	for _, run := range strings.FieldsFunc(s, isBoundary) {
		syls, ok := splitRun(run)
		if !ok {
			return nil, false
		}
		out = append(out, syls...)
	}
	return out, len(out) > 0
}

func isBoundary(r rune) bool { return r == ' ' || r == '\'' || r == '’' || r == '-' }

func splitRun(key string) ([]string, bool) {
	t := loadReadings()
	failed := map[int]bool{}
	var split func(i int) ([]string, bool)
	split = func(i int) ([]string, bool) {
		if i == len(key) {
			return []string{}, true
		}
		if failed[i] {
			return nil, false
		}
		if i > 0 && strings.IndexByte("aoe", key[i]) >= 0 {
			return nil, false
		}
		for n := min(t.maxSyl, len(key)-i); n >= 1; n-- {
			s := key[i : i+n]
			if !t.syllables[s] {
				continue
			}
			if rest, ok := split(i + n); ok {
				return append([]string{s}, rest...), true
			}
		}
		failed[i] = true
		return nil, false
	}
	return split(0)
}

// initials are the first letters of syllables, zh ch sh as z c s.
func initials(syls []string) string {
	var b strings.Builder
	for _, s := range syls {
		if s != "" {
			b.WriteByte(s[0])
		}
	}
	return b.String()
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
