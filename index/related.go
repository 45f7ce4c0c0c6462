package index

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"

	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/vocab"
)

// Related searches: the phrases of the vocabulary that characterise the
// hits of a search — significant, not merely frequent. A phrase scores by
// how much more often it occurs among the hits than in the whole index
// (the JLH score of Elasticsearch's significant_terms: (fg−bg)·fg/bg), so
// 储能 gives 新型储能 and 储能产业, not 发展.

// Related bounds: the best hits read, the fewest of them a phrase must
// occur in, the phrases returned, and the bytes of text read from one hit
// and from all of them together. Every character read is looked up in the
// vocabulary once per phrase length, so the text budget bounds a request's
// work whatever the paragraphs hold (a paragraph can be megabytes long);
// ordinary paragraphs are read whole.
const (
	relatedSample     = 200
	relatedMinDF      = 2
	maxRelated        = 20
	relatedParaBytes  = 4 << 10
	relatedTextBudget = 96 << 10
)

// Related returns up to n phrases that characterise the hits of req (its
// query and filters; paging and sorting are ignored). A search without
// text has none.
func (ix *Index) Related(ctx context.Context, req *model.Request, n int) ([]model.RelatedPhrase, error) {
	out := []model.RelatedPhrase{}
	pq, err := querylang.Parse(req.Query, ix.syn)
	if err != nil {
		return nil, err
	}
	v := ix.Vocabulary()
	if !pq.HasPositive() || v.Len() == 0 {
		return out, nil
	}
	n = min(max(n, 1), maxRelated)
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()
	must, mustNot, should := textQuery(pq)
	sr := bleve.NewSearchRequestOptions(compose(must, mustNot, should, buildFilters(req), "", nil), relatedSample, 0, false)
	sr.Fields = []string{fText}
	res, err := ix.alias.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	if len(res.Hits) < relatedMinDF {
		return out, nil
	}
	terms := pq.Positive()
	df := map[string]int{}
	seen := map[string]bool{}
	budget := relatedTextBudget
	for _, h := range res.Hits {
		if budget <= 0 {
			break
		}
		raw := prefixBytes(field(h, fText), min(relatedParaBytes, budget))
		budget -= len(raw)
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
	total := 0
	for _, s := range ix.shards {
		c, _ := s.DocCount()
		total += int(c)
	}
	fgN := float64(len(res.Hits))
	type scored struct {
		model.RelatedPhrase
		score float64
	}
	var list []scored
	for s, k := range df {
		if k < relatedMinDF {
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
	return out, nil
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
