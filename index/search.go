package index

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"fangtan/article"
	"fangtan/article/region"
	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/snippet"
)

const (
	snippetRunes = 120
	maxPageSize  = 1000 // the server's public bound is 50
)

// facetSizes bounds the values listed per facet.
var facetSizes = map[string]int{
	"province": 40, "city": 60, "district": 60, "year": 40, "source": 40, "speaker": 40,
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func validate(req *model.Request, maxDepth int) error {
	if req.Page < 1 {
		return invalidf("page", "must be at least 1")
	}
	if req.Size < 1 || req.Size > maxPageSize {
		return invalidf("size", "must be between 1 and %d", maxPageSize)
	}
	if req.After != "" {
		switch {
		case req.Page != 1:
			return invalidf("after", "continues from the previous page: ask for page 1 with it")
		case req.Group:
			return invalidf("after", "cannot be used with grouping by article")
		}
	} else if req.Page*req.Size > maxDepth {
		return invalidf("page", "results deeper than %d are not served; continue with \"after\" or narrow the search with filters", maxDepth)
	}
	for _, d := range []struct{ name, v string }{{"from", req.From}, {"to", req.To}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.v); err != nil || !dateRE.MatchString(d.v) {
			return invalidf(d.name, "want a date as YYYY-MM-DD, got %q", d.v)
		}
	}
	if req.From != "" && req.To != "" && req.From > req.To {
		return invalidf("from", "is after \"to\"")
	}
	switch req.Sort {
	case model.ByRelevance, model.ByDateAsc, model.ByDateDesc:
	default:
		return invalidf("sort", "want date or -date, got %q", string(req.Sort))
	}
	for _, y := range req.Year {
		if len(y) != 4 || y < "0000" || y > "9999" {
			return invalidf("year", "want a year as YYYY, got %q", y)
		}
	}
	for _, f := range []struct {
		name string
		list []string
	}{{"province", req.Province}, {"city", req.City}, {"district", req.District}, {"source", req.Source}, {"speaker", req.Speaker}} {
		for _, v := range f.list {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > model.MaxFilterRunes {
				return invalidf(f.name, "must be valid UTF-8 of at most %d characters", model.MaxFilterRunes)
			}
		}
	}
	return nil
}

// phraseQuery matches a folded phrase in a bigram or unigram field pair:
// one character is a term of the unigram field, two a bigram term, longer
// phrases a bigram phrase. Bigrams at every other position cover the phrase
// (with the last one always present), which halves the postings read.
func phraseQuery(bigrams, unigrams, phrase string, boost float64) query.Query {
	rs := []rune(phrase)
	var q query.Query
	switch {
	case len(rs) == 1:
		if unigrams == "" {
			return nil
		}
		t := bleve.NewTermQuery(phrase)
		t.SetField(unigrams)
		t.SetBoost(boost)
		q = t
	case len(rs) == 2:
		t := bleve.NewTermQuery(phrase)
		t.SetField(bigrams)
		t.SetBoost(boost)
		q = t
	default:
		terms := make([]string, len(rs)-1)
		for i := 0; i < len(rs)-1; i += 2 {
			terms[i] = string(rs[i : i+2])
		}
		last := len(rs) - 2
		terms[last] = string(rs[last:])
		q = newPositionalQuery(bigrams, terms, boost)
	}
	return q
}

// textQuery builds the query of the parsed text: every positive clause must
// match the paragraph; exclusions must not; section matches are optional,
// read by the ranking (rank.go), which finds title matches on the articles'
// records (articleTitles). It returns nil when there is no positive clause
// (browsing).
func textQuery(pq *querylang.Query) (must, mustNot, should []query.Query) {
	for _, c := range pq.Clauses {
		var alts []query.Query
		for _, a := range c.Alternates {
			alts = append(alts, paragraphQuery(a))
			if !c.Negated && utf8.RuneCountInString(a) > 1 {
				should = append(should, flagged(phraseQuery(fSection, "", a, 1), fSection, a))
			}
		}
		var q query.Query = alts[0]
		if len(alts) > 1 {
			q = bleve.NewDisjunctionQuery(alts...)
		}
		if c.Negated {
			mustNot = append(mustNot, q)
		} else {
			must = append(must, q)
		}
	}
	return must, mustNot, should
}

// paragraphQuery matches a phrase in a paragraph's text (body text or a
// caption: one field, the ranking weighs them).
func paragraphQuery(phrase string) query.Query {
	return phraseQuery(fBody, fBodyChars, phrase, 1)
}

// filterSet holds the filter query of each filtered field, so a facet can be
// counted with every filter but its own.
type filterSet map[string]query.Query

// facetQuery matches the paragraphs whose facet holds any of values: a
// term of the facets field (the doc values' own terms), so the keyword
// fields that render a hit need not be indexed as well.
func facetQuery(facet string, values []string, canon func(string) string) query.Query {
	var qs []query.Query
	seen := map[string]bool{}
	for _, v := range values {
		if canon != nil {
			v = canon(v)
		}
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		t := bleve.NewTermQuery(facet + facetSep + v)
		t.SetField(fFacets)
		qs = append(qs, t)
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func buildFilters(req *model.Request) filterSet {
	fs := filterSet{}
	add := func(name string, q query.Query) {
		if q != nil {
			fs[name] = q
		}
	}
	add("province", facetQuery(fProvince, req.Province, region.Short))
	add("city", facetQuery(fCity, req.City, region.Short))
	add("district", facetQuery(fDistrict, req.District, region.Short))
	add("source", facetQuery(fSource, req.Source, nil))
	add("speaker", facetQuery(fSpeaker, req.Speaker, nil))
	add("year", facetQuery(fYear, req.Year, nil))
	if req.From != "" || req.To != "" {
		// dates are YYYY-MM-DD keywords, so a term range is a date range;
		// an undated paragraph has no term and falls out
		lo, hi := req.From, req.To
		if hi == "" {
			hi = "9999-99-99"
		}
		incl := true
		r := bleve.NewTermRangeInclusiveQuery(lo, hi, &incl, &incl)
		r.SetField(fDate)
		fs["date"] = r
	}
	return fs
}

// compose makes the query for the text and every filter except skip's,
// its hits scored by r when r is not nil.
func compose(must, mustNot, should []query.Query, fs filterSet, skip string, r *ranker) query.Query {
	var filters []query.Query
	for _, name := range []string{"province", "city", "district", "year", "source", "speaker", "date"} {
		if q, ok := fs[name]; ok && name != skip {
			filters = append(filters, q)
		}
	}
	if len(must) > 0 && r != nil {
		// ranked: the filters join the required clauses, so that the
		// positions the ranking reads are read only for paragraphs that
		// pass them; filters and exclusions are read without positions
		required := slices.Clone(must)
		for _, f := range filters {
			required = append(required, unpositioned{f})
		}
		var excluded []query.Query
		for _, q := range mustNot {
			excluded = append(excluded, unpositioned{q})
		}
		return &rankQuery{match: query.NewBooleanQuery(required, should, excluded), r: r}
	}
	if len(must) == 0 {
		must = []query.Query{allParagraphs()}
	}
	b := query.NewBooleanQuery(must, should, mustNot)
	if len(filters) > 0 {
		b.Filter = bleve.NewConjunctionQuery(filters...)
	}
	return b
}

// allParagraphs matches every paragraph document (and no record document):
// the query of browsing without text.
func allParagraphs() query.Query {
	var kinds []query.Query
	for _, k := range []article.Kind{article.Body, article.Caption} {
		t := bleve.NewTermQuery(string(k))
		t.SetField(fKind)
		kinds = append(kinds, t)
	}
	return bleve.NewDisjunctionQuery(kinds...)
}

func sortOrder(s model.Sort, browsing bool) search.SortOrder {
	date := func(desc bool) search.SearchSort {
		return &search.SortField{Field: fDate, Desc: desc, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast}
	}
	switch {
	case s == model.ByDateAsc:
		return search.SortOrder{date(false), &search.SortScore{Desc: true}, &search.SortDocID{}}
	case s == model.ByDateDesc || browsing:
		return search.SortOrder{date(true), &search.SortScore{Desc: true}, &search.SortDocID{}}
	}
	return search.SortOrder{&search.SortScore{Desc: true}, date(true), &search.SortDocID{}}
}

// Search runs a search under the index's deadline. Results of repeated
// requests come from a cache (each caller gets its own copy).
func (ix *Index) Search(ctx context.Context, req *model.Request) (*model.Result, error) {
	start := time.Now()
	if err := validate(req, ix.opts.MaxDepth); err != nil {
		return nil, err
	}
	pq, err := querylang.Parse(req.Query, ix.syn)
	if err != nil {
		return nil, err
	}
	var key string
	if ix.cache != nil {
		key = cacheKey(req, ix.Generation())
	}
	if r, ok := ix.cache.get(key); ok {
		hit := r.Clone()
		hit.Query, hit.Took = req.Query, time.Since(start)
		return hit, nil
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()

	must, mustNot, should := textQuery(pq)
	r := newRanker(pq)
	fs := buildFilters(req)
	res := &model.Result{Query: req.Query, Page: req.Page, Size: req.Size, Terms: pq.Positive(), Hits: []model.Hit{}}

	// Facets of unfiltered fields are counted in the main pass; a
	// filtered field is counted in a pass of its own without its own
	// filter, so the user still sees what the sibling values would give
	// (multi-select).
	main := compose(must, mustNot, should, fs, "", r)
	var facetNames []string // of the passes after the main one
	mainFacets := map[string]bool{}
	if !req.NoFacets {
		for _, name := range model.FacetFields {
			if _, filtered := fs[name]; filtered {
				facetNames = append(facetNames, name)
			} else {
				mainFacets[name] = true
			}
		}
	}

	// a bad cursor is refused before any search starts
	o := orderOf(req.Sort, len(must) == 0)
	var after *hitKey
	if req.After != "" {
		if after, err = decodeCursor(req.After, o); err != nil {
			return nil, err
		}
	}
	// the main pass, then one pass per filtered facet
	first := (req.Page - 1) * req.Size
	collapse := !req.NoCollapse
	passes := []*pass{{q: main, order: o, keep: first + req.Size, after: after, facets: len(mainFacets) > 0, group: req.Group, collapse: collapse}}
	for _, name := range facetNames {
		passes = append(passes, &pass{q: compose(must, mustNot, nil, fs, name, nil),
			opts: search.SearcherOptions{Score: "none"}, facets: true, collapse: collapse})
	}
	if err := ix.searchHits(ctx, passes, req, mainFacets, facetNames, res, r); err != nil {
		return nil, searchErr(ctx, err)
	}
	res.Took = time.Since(start)
	ix.cache.add(key, res.Clone())
	return res, nil
}

// searchHits runs the passes with fangtan's collector (one walk over each
// shard's matches per pass) and fills res with the page of hits of the
// first (or of articles, one best hit each, when grouped) and the facets
// of all of them: the first counts mainFacets, the others facetNames.
func (ix *Index) searchHits(ctx context.Context, passes []*pass, req *model.Request, mainFacets map[string]bool, facetNames []string, res *model.Result, r *ranker) error {
	first := (req.Page - 1) * req.Size
	views, terms, err := ix.viewShards(ctx)
	if err != nil {
		return err
	}
	defer func() {
		for _, v := range views {
			v.Close()
		}
	}()
	var watch func(int) func()
	if ix.onFacetSearch != nil {
		watch = func(k int) func() {
			if k == 0 {
				return nil
			}
			return ix.onFacetSearch()
		}
	}
	results, err := runAll(ctx, views, passes, len(terms), watch)
	if err != nil {
		return err
	}
	main := results[0]
	res.Total = main.total - main.collapsed
	res.TotalWithReposts = main.total
	if req.Group {
		res.Groups = main.groups - main.collapsedGroups
	}
	page := main.hits[min(first, len(main.hits)):]
	docs, err := load(views, page)
	if err != nil {
		return err
	}
	snap := views[0].snap
	for i, d := range docs {
		hit := makeHit(d, res.Terms, explainer(req, r))
		if req.Group {
			hit.Matches = page[i].matches
		}
		if m := snap.members[hit.ArticleID]; m != nil {
			if req.Group {
				hit.Reposts = len(m.group.members) - 1
			} else {
				hit.Reposts = m.copiesOf(hit.Paragraph)
			}
		}
		res.Hits = append(res.Hits, hit)
	}
	if n := len(page); n == req.Size && n > 0 && !req.Group {
		res.Next = encodeCursor(page[n-1].key.strings(passes[0].order))
	}
	if !req.NoFacets {
		res.Facets = map[string][]model.FacetValue{}
		if main.tally != nil {
			counted := facetValues(main.tally, terms)
			for name := range mainFacets {
				res.Facets[name] = counted.values(name)
			}
		}
		for k, name := range facetNames {
			res.Facets[name] = facetValues(results[k+1].tally, terms).values(name)
		}
	}
	return nil
}

// searchErr classifies a Bleve error: a passed deadline or a gone client,
// or our own failure.
func searchErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return &model.Error{Kind: model.Timeout, Msg: "the search took too long", Err: err}
		}
		return &model.Error{Kind: model.Canceled, Msg: "the search was canceled", Err: err}
	}
	return fmt.Errorf("index: search: %w", err)
}

// facetCounts are the combined facet field's counts split by facet, each
// facet's values most frequent first, at most facetSizes[name] of them.
type facetCounts map[string][]model.FacetValue

// sortAndCut orders each facet's values, most frequent first, and keeps
// the first facetSizes[name].
func (fc facetCounts) sortAndCut() {
	for name, vs := range fc {
		sort.Slice(vs, func(i, j int) bool {
			if vs[i].Count != vs[j].Count {
				return vs[i].Count > vs[j].Count
			}
			return vs[i].Value < vs[j].Value
		})
		fc[name] = vs[:min(len(vs), facetSizes[name])]
	}
}

// values is one facet's values; empty, not nil, when none was counted.
func (fc facetCounts) values(name string) []model.FacetValue {
	if vs := fc[name]; vs != nil {
		return vs
	}
	return []model.FacetValue{}
}

func field(h *search.DocumentMatch, name string) string {
	if v, ok := h.Fields[name].(string); ok {
		return v
	}
	return ""
}

// explainer is the ranker that explains the hits of req; nil when they
// are not to be explained.
func explainer(req *model.Request, r *ranker) *ranker {
	if req.Explain {
		return r
	}
	return nil
}

func makeHit(h *search.DocumentMatch, terms []string, explain *ranker) model.Hit {
	articleID, n := splitDocID(h.ID)
	hit := model.Hit{
		ID:        h.ID,
		ArticleID: articleID,
		Paragraph: n,
		Title:     field(h, fTitleText),
		Kind:      field(h, fKind),
		Section:   field(h, fSectText),
		Speaker:   field(h, fSpeaker),
		Province:  field(h, fProvince),
		City:      field(h, fCity),
		District:  field(h, fDistrict),
		Date:      field(h, fDate),
		Source:    field(h, fSource),
		SourceURL: field(h, fSourceURL),
		Score:     h.Score,
		Snippet:   snippet.Build(field(h, fText), terms, snippetRunes),
	}
	if explain != nil {
		f := explain.featuresOfText(field(h, fText), hit.Title, hit.Section, hit.Kind == string(article.Caption),
			(&article.Paragraph{Speaker: hit.Speaker}).Asks())
		hit.Explain = &model.ScoreParts{}
		explain.score(f, hit.Explain)
	}
	return hit
}

// Terms returns the folded phrases query q looks for, synonyms included:
// what a page highlights for it.
func (ix *Index) Terms(q string) ([]string, error) {
	pq, err := querylang.Parse(q, ix.syn)
	if err != nil {
		return nil, err
	}
	return pq.Positive(), nil
}
