package index

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"fangtan/article"
	"fangtan/article/figure"
	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/snippet"
)

// Figures (docs/design.md, "Figures"): every paragraph is run through
// figure.Extract when it is indexed, and one marks those that state a
// figure, so a search for figures reads only them. The figures themselves
// are not stored: they are extracted again from the paragraph's stored text
// when it is a hit, which costs some microseconds a paragraph, keeps the
// index small, and lets an improved extractor show its figures without a
// rebuild (only a paragraph that newly states a figure needs one). Kind,
// unit, year and indicator are filtered on the extracted figures, so each
// facet can be counted with every filter but its own.

// fFigures holds "any" for a paragraph that states a figure.
const fFigures = "fig"

// addFigureFields marks p in doc when it states a figure.
func addFigureFields(m mapping.IndexMapping, doc *document.Document, a *article.Article, p *article.Paragraph) {
	if len(figure.Extract(p.Text, figure.Context{Date: a.Date})) == 0 {
		return
	}
	doc.AddField(document.NewTextFieldCustom(fFigures, nil, []byte("any"), bleveindex.IndexField, m.AnalyzerNamed(keyword.Name)))
}

// maxFigurePage bounds a page of figures (the CSV export asks for all).
const maxFigurePage = 10000

var figureFields = []string{fText, fTitleText, fArticle, fProvince, fCity, fDistrict, fSource, fDate}

func validateFigures(req *model.FigureRequest) error {
	if req.Page < 1 {
		return invalidf("page", "must be at least 1")
	}
	if req.Size < 1 || req.Size > maxFigurePage {
		return invalidf("size", "must be between 1 and %d", maxFigurePage)
	}
	for _, k := range req.Kind {
		if k != string(figure.Target) && k != string(figure.Actual) {
			return invalidf("kind", "want target or actual, got %q", k)
		}
	}
	for _, y := range req.Year {
		if n, err := strconv.Atoi(y); err != nil || (n != 0 && (n < 1900 || n > 2200)) {
			return invalidf("year", "want a year such as 2025 (or 0 for figures without one), got %q", y)
		}
	}
	switch req.Sort {
	case model.FiguresByDate, model.FiguresByValueAsc, model.FiguresByValueDesc, model.FiguresByYearAsc, model.FiguresByYearDesc, model.FiguresByPlace, model.FiguresByIndicator:
	default:
		return invalidf("sort", "want value, -value, year, -year, place or indicator, got %q", string(req.Sort))
	}
	for _, list := range [][]string{req.Indicator, req.Unit, req.Province, req.City, req.District, req.Source, req.Speaker} {
		for _, v := range list {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > 64 {
				return invalidf("filter", "a filter value must be valid UTF-8 of at most 64 characters")
			}
		}
	}
	return nil
}

// Figures finds the figures stated in the paragraphs that match the query
// and filters, newest articles first.
func (ix *Index) Figures(ctx context.Context, req *model.FigureRequest) (*model.FigureResult, error) {
	start := time.Now()
	if err := validateFigures(req); err != nil {
		return nil, err
	}
	base := req.Paragraphs()
	if err := validate(&base, ix.opts.MaxDepth); err != nil {
		return nil, err
	}
	pq, err := querylang.Parse(req.Query, ix.syn)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()

	must, mustNot, _ := textQuery(pq)
	terms := pq.Positive()
	q := compose(must, mustNot, nil, buildFilters(&base), "", nil) // figures are ordered by date, not scored
	q = bleve.NewConjunctionQuery(q, termOf(fFigures, "any"))      // only paragraphs with figures
	order := search.SortOrder{&search.SortField{Field: fDate, Desc: true, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast}, &search.SortDocID{}}

	indicators := make([]string, len(req.Indicator))
	for i, v := range req.Indicator {
		indicators[i] = figure.Normalise(v)
	}
	type candidate struct {
		hit   model.FigureHit
		named bool            // its statement or indicator holds a query term
		seen  map[string]bool // the filters it passes, by facet name
	}
	var all []candidate
	res := &model.FigureResult{Page: req.Page, Size: req.Size, Figures: []model.FigureHit{}, Facets: map[string][]model.FacetValue{}}
	var after []string
	const batch = 500
	textBudget := model.MaxFigureText
	full := func() bool { return textBudget <= 0 || len(all) >= model.MaxFigures }
	for read := 0; read < model.MaxFigureParagraphs; {
		sr := bleve.NewSearchRequestOptions(q, min(batch, model.MaxFigureParagraphs-read), 0, false)
		sr.Score = "none"
		sr.Fields = figureFields
		sr.SortByCustom(order)
		sr.SearchAfter = after
		r, err := ix.alias.SearchInContext(ctx, sr)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		n := 0 // hits read
		for _, h := range r.Hits {
			if full() {
				break
			}
			n++
			text := prefixBytes(field(h, fText), min(model.MaxFigureParaBytes, textBudget))
			textBudget -= len(text)
			date := field(h, fDate)
			aid, n := splitDocID(h.ID)
			for _, f := range figure.Extract(text, figure.Context{Date: date}) {
				c := candidate{named: namesTerm(f, text, terms), seen: map[string]bool{
					"kind":      len(req.Kind) == 0 || slices.Contains(req.Kind, string(f.Kind)),
					"unit":      len(req.Unit) == 0 || slices.Contains(req.Unit, f.Unit),
					"year":      len(req.Year) == 0 || slices.Contains(req.Year, strconv.Itoa(f.Year)),
					"indicator": len(indicators) == 0 || containsAny(f.Indicator, indicators),
				}}
				c.hit = model.FigureHit{Figure: f, ParagraphID: h.ID, ArticleID: aid, Paragraph: n,
					Title: field(h, fTitleText), Province: field(h, fProvince), City: field(h, fCity),
					District: field(h, fDistrict), Date: date, Source: field(h, fSource)}
				c.hit.Statement = snippet.Sentence(text, f.Start, f.End, statementRunes)
				all = append(all, c)
			}
		}
		read += n
		if full() {
			res.Truncated = r.Total > uint64(read) || n < len(r.Hits)
			break
		}
		if len(r.Hits) < batch {
			break
		}
		if read >= model.MaxFigureParagraphs {
			res.Truncated = r.Total > uint64(read)
			break
		}
		after = sortKey(r.Hits[len(r.Hits)-1], order)
	}

	// A query that names what is measured (产值) keeps the figures that
	// state it; one that names none of them (惠州, a topic) keeps all the
	// figures of its paragraphs.
	if slices.ContainsFunc(all, func(c candidate) bool { return c.named }) {
		all = slices.DeleteFunc(all, func(c candidate) bool { return !c.named })
	}

	// facets: each counted with every filter but its own (multi-select)
	counts := map[string]map[string]int{}
	for _, name := range model.FigureFacetFields {
		counts[name] = map[string]int{}
	}
	var hits []model.FigureHit
	for _, c := range all {
		passAll := true
		for _, ok := range c.seen {
			passAll = passAll && ok
		}
		for _, name := range model.FigureFacetFields {
			others := true
			for other, ok := range c.seen {
				if other != name {
					others = others && ok
				}
			}
			if others {
				counts[name][facetValueOf(c.hit.Figure, name)]++
			}
		}
		if passAll {
			hits = append(hits, c.hit)
		}
	}
	for _, name := range model.FigureFacetFields {
		vs := make([]model.FacetValue, 0, len(counts[name]))
		for v, n := range counts[name] {
			vs = append(vs, model.FacetValue{Value: v, Count: n})
		}
		slices.SortFunc(vs, func(a, b model.FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		res.Facets[name] = vs[:min(len(vs), 60)]
	}
	sortFigures(hits, req.Sort)
	res.Total = len(hits)
	from := (req.Page - 1) * req.Size
	if from < len(hits) {
		res.Figures = hits[from:min(len(hits), from+req.Size)]
	}
	res.Took = time.Since(start)
	return res, nil
}

// namesTerm reports whether a figure's statement or indicator holds one of
// the query's folded terms.
func namesTerm(f figure.Figure, text string, terms []string) bool {
	stmt := normalize.String(text[f.Start:f.End]) + "\x00" + normalize.String(f.Indicator)
	for _, t := range terms {
		if strings.Contains(stmt, t) {
			return true
		}
	}
	return false
}

func facetValueOf(f figure.Figure, name string) string {
	switch name {
	case "indicator":
		return f.Indicator
	case "unit":
		return f.Unit
	case "year":
		return strconv.Itoa(f.Year)
	}
	return string(f.Kind)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func termOf(field, term string) query.Query {
	t := bleve.NewTermQuery(term)
	t.SetField(field)
	return t
}

// sortFigures orders figures stably; the input is newest article first,
// then in reading order, which breaks every tie.
func sortFigures(hits []model.FigureHit, by model.FigureSort) {
	place := func(h model.FigureHit) string { return h.Province + "\x00" + h.City + "\x00" + h.District }
	cmpFloat := func(a, b float64) int {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	switch by {
	case model.FiguresByValueAsc:
		slices.SortStableFunc(hits, func(a, b model.FigureHit) int { return cmpFloat(a.Scaled, b.Scaled) })
	case model.FiguresByValueDesc:
		slices.SortStableFunc(hits, func(a, b model.FigureHit) int { return cmpFloat(b.Scaled, a.Scaled) })
	case model.FiguresByYearAsc, model.FiguresByYearDesc:
		slices.SortStableFunc(hits, func(a, b model.FigureHit) int {
			if (a.Year == 0) != (b.Year == 0) { // no year last either way
				if a.Year == 0 {
					return 1
				}
				return -1
			}
			if by == model.FiguresByYearAsc {
				return a.Year - b.Year
			}
			return b.Year - a.Year
		})
	case model.FiguresByPlace:
		slices.SortStableFunc(hits, func(a, b model.FigureHit) int { return strings.Compare(place(a), place(b)) })
	case model.FiguresByIndicator:
		slices.SortStableFunc(hits, func(a, b model.FigureHit) int { return strings.Compare(a.Indicator, b.Indicator) })
	}
}

// statementRunes bounds the sentence shown around a statement.
const statementRunes = 120

var (
	_ model.FigureSearcher = (*Index)(nil)
	_ model.FigureSearcher = (*Live)(nil)
)
