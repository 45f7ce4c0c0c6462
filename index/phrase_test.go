package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// TestPhrasesMatchSubstrings: over text of three characters repeated in
// every way (so that phrases overlap themselves and their bigrams recur
// out of place), a phrase finds exactly the paragraphs that contain it.
func TestPhrasesMatchSubstrings(t *testing.T) {
	ix := openTest(t)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("甲乙丙")
	randomText := func(n int) string {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(rs)
	}
	texts := map[string]string{}
	var arts []*article.Article
	for i := 0; i < 40; i++ {
		a := &article.Article{ID: fmt.Sprintf("p%02d", i), Title: "标题"}
		for n := 1; n <= 5; n++ {
			text := randomText(4 + rng.IntN(30))
			a.Paragraphs = append(a.Paragraphs, article.Paragraph{N: n, Kind: article.Body, Text: text})
			texts[docID(a.ID, n)] = text
		}
		arts = append(arts, a)
	}
	putAll(t, ix, arts...)
	queries := []string{"甲甲甲", "甲乙甲乙", "乙乙乙乙乙", "丙甲丙", "甲乙丙甲乙丙"}
	for len(queries) < 80 {
		queries = append(queries, randomText(3+rng.IntN(5)))
	}
	found := 0
	for _, q := range queries {
		var want []string
		for id, text := range texts {
			if strings.Contains(text, q) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		got := hitIDs(find(t, ix, model.Request{Query: q, Size: 1000}))
		if !slices.Equal(got, want) {
			t.Errorf("%s: found %v, want %v", q, got, want)
		}
		if len(want) > 0 {
			found++
		}
	}
	if found < 40 {
		t.Errorf("only %d of %d phrases occur: the test has gone soft", found, len(queries))
	}
}
