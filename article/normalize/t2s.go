package normalize

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// OpenCC's traditional→simplified character table, verbatim (see
// opencc/README.md). Its phrase table is not used (see the package
// comment); the tests read it to check what that costs.
//
//go:embed opencc/TSCharacters.txt
var tsCharacters string

// Bits of the per-rune class table (BMP only; other planes are looked up
// directly).
const (
	clsKeep   = 1 << iota // NFKC, lower case and whitespace folding leave the rune alone, whatever its neighbours
	clsBefore             // NFKC boundary before the rune: nothing on its left combines with it
	clsChar               // t2s maps the rune
	clsMapped             // NFKC changes the rune on its own: see nfkc1
)

// tables holds everything built at first use.
type tables struct {
	cls   [0x10000]uint8
	chars map[rune]rune   // single characters, first candidate
	nfkc1 map[rune]string // NFKC of BMP runes that it changes on their own (５ → 5)
}

var (
	tabOnce sync.Once
	tab     *tables
)

// load builds the tables once, on the first fold (5–8 ms on a shared
// 2-core box; see BenchmarkLoad).
func load() *tables {
	tabOnce.Do(func() { tab = buildTables(tsCharacters) })
	return tab
}

func buildTables(characters string) *tables {
	t := &tables{
		chars: make(map[rune]rune, 4200),
		nfkc1: make(map[rune]string, 5000),
	}
	parseDict(characters, func(k, v string) {
		kr, kn := utf8.DecodeRuneInString(k)
		vr, vn := utf8.DecodeRuneInString(v)
		if kn != len(k) || vn != len(v) {
			return // not rune to rune (none in OpenCC 1.4.2)
		}
		if _, dup := t.chars[kr]; !dup { // first entry wins, as in OpenCC
			t.chars[kr] = vr
		}
	})

	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		p := norm.NFKC.Properties(buf[:n])
		var c uint8
		if p.BoundaryBefore() {
			c |= clsBefore
		}
		same := true
		if p.Decomposition() != nil {
			// Rare (about 5,000 runes): worth a real NFKC.
			if f := norm.NFKC.String(string(r)); f != string(r) {
				t.nfkc1[r] = f
				c |= clsMapped
				same = false
			}
		}
		if same && p.BoundaryBefore() && p.BoundaryAfter() &&
			unicode.ToLower(r) == r && !unicode.IsSpace(r) && r >= utf8.RuneSelf {
			c |= clsKeep
		}
		if _, ok := t.chars[r]; ok {
			c |= clsChar
		}
		t.cls[r] = c
	}
	return t
}

// parseDict reads OpenCC's text format: "key<TAB>value [alternatives…]",
// with # comments; only the first candidate is kept.
func parseDict(data string, add func(k, v string)) {
	for line := range strings.Lines(data) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok || k == "" {
			continue
		}
		v, _, _ = strings.Cut(v, " ")
		if v == "" {
			continue
		}
		add(k, v)
	}
}

// class returns the class bits of r, computing them for runes outside the
// BMP.
func (t *tables) class(r rune) uint8 {
	if r < 0x10000 {
		return t.cls[r]
	}
	var c uint8
	if _, ok := t.chars[r]; ok {
		c |= clsChar
	}
	return c
}

// boundaryBefore reports whether s[i:] starts with a rune that nothing on its
// left can combine with under NFKC.
func (t *tables) boundaryBefore(s string, i int) bool {
	c := s[i]
	if c < utf8.RuneSelf {
		return true
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r < 0x10000 {
		if r == utf8.RuneError && n == 1 {
			return true
		}
		return t.cls[r]&clsBefore != 0
	}
	return norm.NFKC.PropertiesString(s[i:]).BoundaryBefore()
}

// t2sOnly converts s from traditional to simplified Chinese, character by
// character, and does nothing else; the tests compare it with OpenCC's own
// t2s, which also converts by phrase.
func t2sOnly(s string) string {
	return load().t2sOnly(s)
}

func (t *tables) t2sOnly(s string) string {
	items := make([]item, 0, len(s))
	for i, r := range s {
		_, n := utf8.DecodeRuneInString(s[i:])
		items = append(items, item{r, int32(i), int32(i + n), r != utf8.RuneError || n == 3, false})
	}
	w := writer{s: s, raw: true}
	t.t2s(items, &w)
	return w.text().S
}

var (
	s2tOnce  sync.Once
	s2tChars map[rune]rune
)

// ToTraditional writes s in traditional characters, each simplified one
// replaced by the first traditional character OpenCC's table folds to it.
// It is not a converter a reader would trust (one simplified character
// stands for several traditional ones): it makes the traditional copies
// that tests fold back, as a big5 gateway would publish them.
func ToTraditional(s string) string {
	s2tOnce.Do(func() {
		s2tChars = map[rune]rune{}
		for trad, simp := range load().chars {
			if old, seen := s2tChars[simp]; !seen || trad < old { // the same choice every run
				s2tChars[simp] = trad
			}
		}
	})
	return strings.Map(func(r rune) rune {
		if t, ok := s2tChars[r]; ok {
			return t
		}
		return r
	}, s)
}
