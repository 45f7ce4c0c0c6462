package index

import (
	"context"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/suggest"
)

// Suggestion bounds: the paragraphs sampled for candidates, the
// suggestions returned, the bytes of one paragraph's text read and of all
// paragraphs' text together (a paragraph can be megabytes long). With
// package suggest's bounds they bound the work of a request by
// construction, whatever the text: at most suggestTextBudget bytes folded
// and suggestSample × suggest.PerParagraph × suggest.MaxMore candidate
// steps, then at most maxSuggest exact counts (none when the sample was
// all the prefix's paragraphs).
const (
	suggestSample     = 300
	maxSuggest        = 20
	suggestParaBytes  = 16 << 10
	suggestTextBudget = 1 << 20
)

// Suggest returns phrases of the indexed text that start with prefix, the
// most frequent first, each with the number of paragraphs holding it. The
// candidates come from the paragraphs that contain the prefix: every
// extension up to the next punctuation is counted, and an extension is kept
// only where it is "closed" — no longer extension occurs as often — so 储能产
// gives way to 储能产业.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]model.Suggestion, error) {
	p, err := querylang.Prefix(prefix)
	if err != nil {
		return nil, err
	}
	out := []model.Suggestion{}
	if p == "" {
		return out, nil
	}
	n = min(max(n, 1), maxSuggest)
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()
	if ctx.Err() != nil {
		return nil, searchErr(ctx, ctx.Err())
	}

	sr := bleve.NewSearchRequestOptions(phraseQuery(fBody, fBodyChars, p, 1), suggestSample, 0, false)
	sr.Fields = []string{fText}
	res, err := ix.alias.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	sample := suggest.NewSample(p, len(res.Hits), res.Total == uint64(len(res.Hits)))
	budget := suggestTextBudget
	for _, h := range res.Hits {
		if ctx.Err() != nil {
			return nil, searchErr(ctx, ctx.Err())
		}
		if budget <= 0 {
			sample.Stop()
			break
		}
		whole := field(h, fText)
		raw := prefixBytes(whole, min(suggestParaBytes, budget))
		budget -= len(raw)
		sample.Add(raw, len(raw) == len(whole))
	}
	cands := sample.Best(n)
	// the sample's counts order the list; the shown count is exact, counted
	// again in the index unless the sample was all of it
	for _, c := range cands {
		if sample.Exact() {
			out = append(out, model.Suggestion{Text: c, Count: sample.Count(c)})
			continue
		}
		cr := bleve.NewSearchRequestOptions(phraseQuery(fBody, fBodyChars, c, 1), 0, 0, false)
		cr.Score = "none"
		r, err := ix.alias.SearchInContext(ctx, cr)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		out = append(out, model.Suggestion{Text: c, Count: int(r.Total)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

// prefixBytes is the longest prefix of s of at most n bytes that ends on a
// character boundary.
func prefixBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
