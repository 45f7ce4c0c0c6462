package index

import (
	"context"

	"github.com/blevesearch/bleve/v2"

	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/related"
)

// Related searches: the index reads the text of a search's best hits,
// package related scores the vocabulary's phrases in it.

// Related bounds: the best hits read, and the bytes of text read from one
// hit and from all of them together. Every character read is looked up in
// the vocabulary once per phrase length, so the text budget bounds a request's
// work whatever the paragraphs hold (a paragraph can be megabytes long);
// ordinary paragraphs are read whole.
const (
	relatedSample     = 200
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
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()
	must, mustNot, should := textQuery(pq)
	// the sample is the best hits as the search ranks them (the index keeps
	// no frequencies or norms for Bleve's own scoring)
	sr := bleve.NewSearchRequestOptions(compose(must, mustNot, should, buildFilters(req), "", newRanker(pq)), relatedSample, 0, false)
	sr.Fields = []string{fText}
	res, err := ix.alias.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	texts := make([]string, 0, len(res.Hits))
	budget := relatedTextBudget
	for _, h := range res.Hits {
		if budget <= 0 {
			break
		}
		raw := prefixBytes(field(h, fText), min(relatedParaBytes, budget))
		budget -= len(raw)
		texts = append(texts, raw)
	}
	total := 0
	for _, s := range ix.shards {
		c, _ := s.DocCount()
		total += int(c)
	}
	return related.Phrases(texts, len(res.Hits), pq.Positive(), v, total, n), nil
}
