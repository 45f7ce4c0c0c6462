package index

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// Search is Ctrl+F on folded text at any cut: for random substrings of
// random paragraphs (of the seeds, and of traditional text), the folded
// substring is in the folded paragraph and the search for it finds the
// paragraph. Folding by phrase failed this: 「守夜沈香」 folded 沈香 to 沉香
// while the query 「夜沈」 stayed 夜沈.
func TestRandomSubstringsAreFound(t *testing.T) {
	trad, err := os.ReadFile(filepath.Join("..", "article", "normalize", "testdata", "traditional.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ix := openTest(t)
	arts := seedArticles(t)
	tr := &article.Article{ID: "trad", Title: "繁體"}
	for line := range strings.Lines(string(trad)) {
		if strings.TrimSpace(line) != "" {
			tr.Paragraphs = append(tr.Paragraphs, article.Paragraph{N: len(tr.Paragraphs) + 1, Kind: article.Body, Text: strings.TrimSpace(line)})
		}
	}
	tr.Paragraphs = append(tr.Paragraphs, article.Paragraph{N: len(tr.Paragraphs) + 1, Kind: article.Body, Text: "夜裡守夜沈香，沈陽乾燥，乾隆年間著書於此。"})
	arts = append(arts, tr)
	putAll(t, ix, arts...)

	type para struct{ id, text string }
	var paras []para
	for _, a := range arts {
		for _, p := range a.Paragraphs {
			if indexed(&p) {
				paras = append(paras, para{docID(a.ID, p.N), p.Text})
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 5))
	checked := 0
	for range 400 {
		p := paras[rng.IntN(len(paras))]
		rs := []rune(p.text)
		i := rng.IntN(len(rs))
		sub := string(rs[i:min(len(rs), i+2+rng.IntN(10))])
		if strings.ContainsFunc(sub, querylang.IsQuote) || strings.TrimSpace(normalize.String(sub)) == "" {
			continue // not expressible as one quoted phrase
		}
		if f, whole := normalize.String(sub), normalize.String(p.text); !strings.Contains(whole, strings.TrimSpace(f)) {
			t.Fatalf("folded %q is not in folded paragraph %s", sub, p.id)
		}
		// the traditional copy of a seed is a repost of it: every copy is
		// searched for (Ctrl+F over everything)
		res := find(t, ix, model.Request{Query: `"` + sub + `"`, Size: maxPageSize, NoCollapse: true})
		if !slices.Contains(hitIDs(res), p.id) {
			t.Errorf("searching %q did not find paragraph %s (%d hits)", sub, p.id, res.Total)
		}
		checked++
	}
	for _, q := range []string{"夜沈", "守夜沈香", "沈陽", "沈阳", "乾隆", "乾燥", "干燥", "著書", "於此", "于此"} {
		if res := find(t, ix, model.Request{Query: q}); res.Total == 0 {
			t.Errorf("%s finds nothing in 夜裡守夜沈香，沈陽乾燥，乾隆年間著書於此", q)
		}
	}
	if checked < 300 {
		t.Errorf("only %d substrings checked", checked)
	}
	t.Logf("%d substrings found", checked)
}
