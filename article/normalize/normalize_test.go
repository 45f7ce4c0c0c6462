package normalize

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"fangtan/seeds"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"頭髮發展，乾燥的乾隆皇帝", "头发发展,干燥的干隆皇帝"},
		{"製造業", "制造业"},
		{"臺灣", "台湾"},
		{"市工業和信息化局黨組書記", "市工业和信息化局党组书记"},
		{"乾隆年間", "干隆年间"},
		// word-dependent characters fold one way whatever the word
		{"守夜沈香", "守夜沈香"},
		{"沈陽", "沈阳"},
		{"於是", "于是"},
		{"顯著", "显著"},
		{"５Ｇ", "5g"},
		{"ＧＤＰ增長２０２４", "gdp增长2024"},
		{"Hello World", "hello world"},
		{"  a \t\n b\u3000\u00a0c  ", "a b c"},
		{"\u3000\u3000段落", "段落"},
		{"㈱", "(株)"},
		{"ﬁle", "file"},
		{"e\u0301", "é"},
		{"Ⅻ", "xii"},
		{"", ""},
		{" \t ", ""},
		{"a\xffb", "a\ufffdb"},
		{"制造业当家", "制造业当家"},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Fold(tt.in).S; got != tt.want {
			t.Errorf("Fold(%q).S = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldSpans(t *testing.T) {
	tests := []struct {
		in    string
		want  string
		spans []Span
	}{
		{"Ab", "ab", []Span{{0, 1}, {1, 2}}},
		{"製造業", "制造业", []Span{{0, 3}, {3, 6}, {6, 9}}},
		{"２０", "20", []Span{{0, 3}, {3, 6}}},
		{"㈱x", "(株)x", []Span{{0, 3}, {0, 3}, {0, 3}, {3, 4}}},
		{"e\u0301!", "é!", []Span{{0, 3}, {3, 4}}},
		{" a  \n b ", "a b", []Span{{1, 2}, {2, 6}, {6, 7}}},
		{"a\u3000b", "a b", []Span{{0, 1}, {1, 4}, {4, 5}}},
		{"乾隆", "干隆", []Span{{0, 3}, {3, 6}}},
	}
	for _, tt := range tests {
		got := Fold(tt.in)
		if got.S != tt.want || !equalSpans(got.Spans, tt.spans) {
			t.Errorf("Fold(%q) = %q %v, want %q %v", tt.in, got.S, got.Spans, tt.want, tt.spans)
		}
	}
}

func equalSpans(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// reference folds the slow, obvious way: whole-string NFKC, strings.ToLower,
// t2s, then whitespace. Only t2s is shared with the code under test; it is
// checked against OpenCC on its own.
func reference(s string) string {
	s = t2sOnly(strings.ToLower(norm.NFKC.String(s)))
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func seedTexts(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range seeds.Names() {
		b, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "traditional.txt"))
	if err != nil {
		t.Fatal(err)
	}
	out["traditional.txt"] = string(b)
	return out
}

func TestFoldMatchesReference(t *testing.T) {
	for name, text := range seedTexts(t) {
		for line := range strings.Lines(text) {
			checkFold(t, line)
		}
		if got, want := String(text), reference(text); got != want {
			t.Errorf("%s: String differs from the reference", name)
		}
	}
}

// checkFold checks the invariants of Fold(s) that FuzzFold relies on.
func checkFold(t *testing.T, s string) {
	t.Helper()
	f := Fold(s)
	if got := String(s); got != f.S {
		t.Fatalf("String(%q) = %q, Fold = %q", s, got, f.S)
	}
	if !utf8.ValidString(f.S) {
		t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, f.S)
	}
	if n := utf8.RuneCountInString(f.S); n != len(f.Spans) {
		t.Fatalf("Fold(%q): %d runes, %d spans", s, n, len(f.Spans))
	}
	starts := make([]bool, len(s)+1) // rune boundaries as ranging over s decodes them
	for i := range s {
		starts[i] = true
	}
	starts[len(s)] = true
	prev := Span{}
	for i, sp := range f.Spans {
		if sp.Start < 0 || sp.End > int32(len(s)) || sp.Start >= sp.End {
			t.Fatalf("Fold(%q): span %d %v out of bounds", s, i, sp)
		}
		if sp.Start < prev.Start || sp.End < prev.End {
			t.Fatalf("Fold(%q): span %d %v after %v", s, i, sp, prev)
		}
		if !starts[sp.Start] || !starts[sp.End] {
			t.Fatalf("Fold(%q): span %d %v splits a rune", s, i, sp)
		}
		prev = sp
	}
	if utf8.ValidString(s) {
		if want := reference(s); f.S != want {
			t.Fatalf("Fold(%q) = %q, reference %q", s, f.S, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"頭髮發展，乾燥的乾隆皇帝", "  Hello   ５Ｇ\u3000World  ", "㈱ﬁe\u0301\u0327", "a\xffb\xe4\xb8",
		"ＧＤＰ增長２０２４年", "\u0301x", "ẛ̣", "ﷺ", "İstanbul", "乾隆年間製造業",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<12 {
			return
		}
		checkFold(t, s)
	})
}

// wordDependent lists the characters that OpenCC's phrase table converts
// differently from its character table somewhere (沈 → 沉 in 沈香, 乾 kept
// in 乾隆): the only places where folding may differ from OpenCC.
func wordDependent(t testing.TB) map[rune]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("opencc", "TSPhrases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tab := load()
	out := map[rune]bool{}
	parseDict(string(b), func(k, v string) {
		kr, vr := []rune(k), []rune(v)
		if len(kr) != len(vr) {
			return
		}
		for i, r := range kr {
			c, ok := tab.chars[r]
			if !ok {
				c = r
			}
			if c != vr[i] {
				out[r] = true
			}
		}
	})
	return out
}

// diffOutsideWords compares a per-character conversion of in with OpenCC's
// output for it, rune by rune, and returns the differing runes whose source
// is not a word-dependent character, and how many differ in all.
func diffOutsideWords(in, got, want string, words map[rune]bool) (unexpected []string, all int) {
	ri, rg, rw := []rune(in), []rune(got), []rune(want)
	if len(rg) != len(rw) || len(ri) != len(rg) {
		return []string{"lengths differ"}, max(len(rg), len(rw))
	}
	for i := range rg {
		if rg[i] != rw[i] {
			all++
			if !words[ri[i]] {
				unexpected = append(unexpected, string(ri[i])+"→"+string(rg[i])+" (OpenCC "+string(rw[i])+")")
			}
		}
	}
	return unexpected, all
}

// The conversion agrees with OpenCC's output on the traditional test text
// except at word-dependent characters, which fold one way everywhere.
func TestT2SGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "traditional.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "traditional.t2s.txt"))
	if err != nil {
		t.Fatal(err)
	}
	bad, all := diffOutsideWords(string(in), t2sOnly(string(in)), string(want), wordDependent(t))
	if len(bad) > 0 {
		t.Errorf("t2s of testdata/traditional.txt differs from OpenCC's output beyond word-dependent characters: %v", bad)
	}
	t.Logf("%d runes differ from OpenCC, all at word-dependent characters", all)
}

// TestOpenCCCommand compares the converter with the opencc command when it
// is installed (apt-get install opencc, as .ci/run does); it is skipped
// otherwise, and fails in CI (CI set) rather than skip.
//
//	go test -run OpenCCCommand -v ./article/normalize
func TestOpenCCCommand(t *testing.T) {
	if _, err := exec.LookPath("opencc"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but opencc is not installed (apt-get install -y opencc)")
		}
		t.Skip("opencc not installed")
	}
	words := wordDependent(t)
	for name, text := range seedTexts(t) {
		for _, in := range []string{text, opencc(t, "s2t.json", text)} {
			if bad, _ := diffOutsideWords(in, t2sOnly(in), opencc(t, "t2s.json", in), words); len(bad) > 0 {
				t.Errorf("%s: differs from opencc -c t2s.json beyond word-dependent characters: %v", name, bad)
			}
		}
	}
}

// Folding is per character: a substring of a text folds to a substring of
// the folded text, at any cut, also inside the phrases whose conversion
// OpenCC makes depend on the word (守夜沈香 and 夜沈).
func TestFoldOfSubstringIsSubstring(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("opencc", "TSPhrases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	parseDict(string(b), func(k, _ string) { keys = append(keys, k) })
	texts := []string{strings.Join(keys, ""), strings.Join(keys, "，")}
	for _, text := range seedTexts(t) {
		texts = append(texts, text, t2sOnlyReverse(text))
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, text := range texts {
		rs := []rune(text)
		whole := String(text)
		for range 2000 {
			i := rng.IntN(len(rs))
			j := min(len(rs), i+1+rng.IntN(12))
			sub := string(rs[i:j])
			if f := String(sub); !strings.Contains(whole, f) {
				t.Fatalf("String(%q) = %q is not in the folded text", sub, f)
			}
		}
	}
}

// t2sOnlyReverse writes simplified text in traditional characters where
// the character table has a unique traditional form, so the property
// test also runs over traditional text.
func t2sOnlyReverse(s string) string {
	rev := map[rune]rune{}
	n := map[rune]int{}
	for k, v := range load().chars {
		if k != v {
			rev[v] = k
			n[v]++
		}
	}
	return strings.Map(func(r rune) rune {
		if n[r] == 1 {
			return rev[r]
		}
		return r
	}, s)
}

func opencc(t *testing.T, config, in string) string {
	t.Helper()
	cmd := exec.Command("opencc", "-c", config)
	cmd.Stdin = strings.NewReader(in)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("opencc -c %s: %v", config, err)
	}
	return out.String()
}

func diffRunes(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb)) - min(len(ra), len(rb))
	for i := range min(len(ra), len(rb)) {
		if ra[i] != rb[i] {
			n++
		}
	}
	return n
}

func TestStringNoAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts do not hold under the race detector")
	}
	load()
	s := "制造业已成为经济发展的顶梁柱,gdp增长5%。"
	if n := testing.AllocsPerRun(100, func() { _ = String(s) }); n != 0 {
		t.Errorf("String of folded text: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Fold(s) }); n > 1 {
		t.Errorf("Fold of folded text: %v allocs, want 1", n)
	}
	trad := "製造業已成為經濟發展的頂樑柱，ＧＤＰ增長５％。"
	if n := testing.AllocsPerRun(100, func() { _ = Fold(trad) }); n > 2 {
		t.Errorf("Fold of traditional text: %v allocs, want 2", n)
	}
}

// TestConcurrent folds from several goroutines at once (the tables are
// shared and the scratch buffers pooled); run it with -race.
func TestConcurrent(t *testing.T) {
	var lines []string
	for _, text := range seedTexts(t) {
		for line := range strings.Lines(text) {
			lines = append(lines, line)
		}
	}
	want := make([]string, len(lines))
	for i, l := range lines {
		want[i] = reference(l)
	}
	errs := make(chan string, 4)
	for range 4 {
		go func() {
			for i, l := range lines {
				if got := Fold(l).S; got != want[i] {
					errs <- got
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if got := <-errs; got != "" {
			t.Errorf("concurrent Fold gave %q", got)
		}
	}
}
