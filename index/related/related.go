// Package related finds related searches without the index: the phrases
// of the vocabulary that characterise the text of a search's best hits —
// significant, not merely frequent. A phrase scores by how much more often
// it occurs among the hits than in the whole index (the JLH score of
// Elasticsearch's significant_terms: (fg−bg)·fg/bg), so 储能 gives 新型储能
// and 储能产业, not 发展. Package index reads the hits; this package reads
// their text.
package related

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/vocab"
)

// Bounds: the fewest hits a phrase must occur in, and the phrases returned.
const (
	MinDF = 2
	Max   = 20
)

// Phrases returns up to n (at most Max) phrases that characterise texts,
// the text of the best hits of a search for terms (folded) out of hits
// read, in an index of total paragraphs with vocabulary v.
func Phrases(texts []string, hits int, terms []string, v *vocab.Vocabulary, total, n int) []model.RelatedPhrase {
	out := []model.RelatedPhrase{}
	if hits < MinDF || v.Len() == 0 {
		return out
	}
	n = min(max(n, 1), Max)
	df := map[string]int{}
	seen := map[string]bool{}
	for _, raw := range texts {
		clear(seen)
		eachPhrase(normalize.String(raw), func(s string) {
			if seen[s] {
				return
			}
			seen[s] = true
			if e, ok := v.Lookup(s); ok && e.Count > 0 && !partOfQuery(s, terms) {
				df[s]++
			}
		})
	}
	fgN := float64(hits)
	type scored struct {
		model.RelatedPhrase
		score float64
	}
	var list []scored
	for s, k := range df {
		if k < MinDF {
			continue
		}
		e, _ := v.Lookup(s)
		fg := float64(k) / fgN
		bg := math.Max(float64(e.Count), float64(k)) / math.Max(float64(total), 1)
		if fg <= bg {
			continue
		}
		list = append(list, scored{model.RelatedPhrase{Text: s, Count: k}, (fg - bg) * fg / bg})
	}
	// a longer phrase of the query's own (储能 → 新型储能, 储能产业) is the
	// likeliest next search: those come first
	refines := func(s string) bool {
		for _, t := range terms {
			if strings.Contains(s, t) {
				return true
			}
		}
		return false
	}
	sort.Slice(list, func(i, j int) bool {
		if ri, rj := refines(list[i].Text), refines(list[j].Text); ri != rj {
			return ri
		}
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].Text < list[j].Text
	})
	for _, s := range list {
		if len(out) == n {
			break
		}
		if coveredBy(s.RelatedPhrase, out) {
			continue
		}
		out = append(out, s.RelatedPhrase)
	}
	return out
}

// eachPhrase calls f with every run of 2 to vocab.MaxPhrase Chinese
// characters of text.
func eachPhrase(text string, f func(string)) {
	var pos []int
	flush := func(end int) {
		pos = append(pos, end)
		n := len(pos) - 1
		for i := 0; i < n; i++ {
			for k := vocab.MinPhrase; k <= vocab.MaxPhrase && i+k <= n; k++ {
				f(text[pos[i]:pos[i+k]])
			}
		}
		pos = pos[:0]
	}
	for i, r := range text {
		if unicode.Is(unicode.Han, r) {
			pos = append(pos, i)
			continue
		}
		if len(pos) > 0 {
			flush(i)
		}
	}
	if len(pos) > 0 {
		flush(len(text))
	}
}

// partOfQuery: a phrase the query holds (储 of 储能, or 储能 itself) says
// nothing new.
func partOfQuery(s string, terms []string) bool {
	for _, t := range terms {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// coveredBy: a phrase holding one already listed (新型储能产业 after 新型储能),
// or inside one listed with nearly as many hits (新型 after 新型储能), adds
// little to it.
func coveredBy(s model.RelatedPhrase, list []model.RelatedPhrase) bool {
	for _, r := range list {
		if strings.Contains(s.Text, r.Text) || strings.Contains(r.Text, s.Text) && 5*r.Count >= 4*s.Count {
			return true
		}
	}
	return false
}
