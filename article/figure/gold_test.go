package figure

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/seeds"
)

// The gold file: testdata/gold.jsonl holds, for every paragraph of the
// seeds that states figures and for each synthetic sentence, the figures a
// careful reader writes down; testdata/RULES.md says how hard cases were
// decided. A seed paragraph not listed states none.
//
//	go test ./article/figure -run Gold -v    (prints precision, recall and every miss)

// Thresholds of the issue: a wrong figure is worse than a missing one.
const (
	minPrecision = 0.95
	minRecall    = 0.85
)

type goldFigure struct {
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
	ValueHigh float64 `json:"value_high"`
	Unit      string  `json:"unit"`
	Modifier  string  `json:"modifier"`
	Year      int     `json:"year"`
	Kind      Kind    `json:"kind"`
}

type goldEntry struct {
	Seed    string       `json:"seed"` // "000": a seed's paragraph N
	N       int          `json:"n"`
	ID      string       `json:"id"` // a synthetic sentence
	Date    string       `json:"date"`
	Text    string       `json:"text"`
	Figures []goldFigure `json:"figures"`
}

// goldCase is one text with its gold figures.
type goldCase struct {
	name string
	text string
	ctx  Context
	want []goldFigure
	// parts, when set, are the paragraphs of a page, read one by one
	// instead of text.
	parts []string
}

// extract runs the extractor over the case's text, or over each of its
// paragraphs.
func (c goldCase) extract() []Figure {
	if c.parts == nil {
		return Extract(c.text, c.ctx)
	}
	var fs []Figure
	for _, p := range c.parts {
		fs = append(fs, Extract(p, c.ctx)...)
	}
	return fs
}

func readGold(t testing.TB) []goldCase {
	t.Helper()
	f, err := os.Open("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bySeed := map[string]goldEntry{}
	var cases []goldCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var e goldEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("gold.jsonl:%d: %v", line, err)
		}
		switch {
		case e.Seed != "":
			bySeed[fmt.Sprintf("%s p%d", e.Seed, e.N)] = e
		case e.ID != "":
			cases = append(cases, goldCase{name: e.ID, text: e.Text, ctx: Context{Date: e.Date}, want: e.Figures})
		default:
			t.Fatalf("gold.jsonl:%d: neither seed nor id", line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// every searchable paragraph of every seed: those not listed state none
	used := 0
	for _, name := range seeds.Names() {
		b, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := article.Parse(b, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range a.Paragraphs {
			if !p.Kind.Searchable() {
				continue
			}
			key := fmt.Sprintf("%s p%d", name[:3], p.N)
			e, ok := bySeed[key]
			if ok {
				used++
			}
			cases = append(cases, goldCase{name: key, text: p.Text, ctx: Context{Date: a.Date}, want: e.Figures})
		}
	}
	if used != len(bySeed) {
		t.Fatalf("gold.jsonl names %d seed paragraphs, %d of them exist: a seed changed?", len(bySeed), used)
	}
	return cases
}

// matches reports whether an extracted figure is the gold one: same value,
// range, unit, year and kind, and one indicator contains the other once both
// are normalised.
func matches(f Figure, g goldFigure) bool {
	// Both folded as the index folds them: a traditional gold indicator
	// (新能源汽車產量) is the simplified one the extractor gives.
	gi, fi := normalise(normalize.String(g.Indicator)), normalize.String(f.Indicator)
	return math.Abs(f.Value-g.Value) < 1e-9 && math.Abs(f.ValueHigh-g.ValueHigh) < 1e-9 &&
		f.Unit == g.Unit && f.Year == g.Year && f.Kind == g.Kind &&
		fi != "" && gi != "" && (strings.Contains(fi, gi) || strings.Contains(gi, fi))
}

type score struct {
	tp, fp, fn   int
	modSame      int
	falsePos     []string
	falseNeg     []string
	modDifferent []string
}

func (s *score) precision() float64 { return float64(s.tp) / float64(max(1, s.tp+s.fp)) }
func (s *score) recall() float64    { return float64(s.tp) / float64(max(1, s.tp+s.fn)) }

func evaluate(cases []goldCase) *score {
	s := &score{}
	for _, c := range cases {
		got := c.extract()
		used := make([]bool, len(c.want))
		for _, f := range got {
			found := -1
			for i, g := range c.want {
				if !used[i] && matches(f, g) {
					found = i
					break
				}
			}
			if found < 0 {
				s.fp++
				s.falsePos = append(s.falsePos, fmt.Sprintf("%s: %s %g~%g %s %s %d %s", c.name, f.Indicator, f.Value, f.ValueHigh, f.Unit, f.Modifier, f.Year, f.Kind))
				continue
			}
			used[found] = true
			s.tp++
			if g := c.want[found]; f.Modifier == g.Modifier {
				s.modSame++
			} else {
				s.modDifferent = append(s.modDifferent, fmt.Sprintf("%s: %s %g%s: modifier %q, gold %q", c.name, f.Indicator, f.Value, f.Unit, f.Modifier, g.Modifier))
			}
		}
		for i, g := range c.want {
			if !used[i] {
				s.fn++
				s.falseNeg = append(s.falseNeg, fmt.Sprintf("%s: %s %g~%g %s %s %d %s", c.name, g.Indicator, g.Value, g.ValueHigh, g.Unit, g.Modifier, g.Year, g.Kind))
			}
		}
	}
	return s
}

// TestGold measures extraction against the hand-made gold figures.
func TestGold(t *testing.T) {
	cases := readGold(t)
	n := 0
	for _, c := range cases {
		n += len(c.want)
	}
	if n < 120 {
		t.Fatalf("the gold file holds %d figures; it should hold at least 120", n)
	}
	s := evaluate(cases)
	t.Logf("gold figures %d, extracted %d: precision %.3f (%d wrong), recall %.3f (%d missed); modifier agrees on %d of %d matched",
		n, s.tp+s.fp, s.precision(), s.fp, s.recall(), s.fn, s.modSame, s.tp)
	for _, m := range s.falsePos {
		t.Logf("wrong:  %s", m)
	}
	for _, m := range s.falseNeg {
		t.Logf("missed: %s", m)
	}
	for _, m := range s.modDifferent {
		t.Logf("modifier: %s", m)
	}
	if s.precision() < minPrecision {
		t.Errorf("precision %.3f < %.2f", s.precision(), minPrecision)
	}
	if s.recall() < minRecall {
		t.Errorf("recall %.3f < %.2f", s.recall(), minRecall)
	}
}
