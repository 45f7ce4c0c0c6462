// Package figsearch is figure search without the index: given the
// paragraphs a figure search found (package index finds and reads them),
// it extracts their figures (package figure), keeps those that the query
// names, filters them, counts the facets (each with every filter but its
// own), orders and pages them. A figure's statement is data — the
// sentence and the span that states it (snippet.Sentence) — for the server
// and the command to render.
package figsearch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"fangtan/article/figure"
	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/snippet"
)

// Paragraph is a paragraph a figure search read, with what a figure shows
// of where it comes from.
type Paragraph struct {
	ID, ArticleID string
	N             int
	Text          string
	Title         string
	Province      string
	City          string
	District      string
	Date          string // YYYY-MM-DD or ""
	Source        string
}

// Search collects the figures of the paragraphs given to Add.
type Search struct {
	req        *model.FigureRequest
	terms      []string // the query's folded terms
	indicators []string // the indicator filter, normalised
	all        []candidate
}

type candidate struct {
	hit   model.FigureHit
	named bool            // its statement or indicator holds a query term
	seen  map[string]bool // the filters it passes, by facet name
}

// New starts a figure search for req; terms are its query's folded
// terms (querylang.Query.Positive).
func New(req *model.FigureRequest, terms []string) *Search {
	s := &Search{req: req, terms: terms, indicators: make([]string, len(req.Indicator))}
	for i, v := range req.Indicator {
		s.indicators[i] = figure.Normalise(v)
	}
	return s
}

// Add extracts the figures of p.
func (s *Search) Add(p Paragraph) {
	req := s.req
	// the headline may name the period a report is about (2023年… of 2024-01)
	for _, f := range figure.Extract(p.Text, figure.ArticleContext(p.Title, p.Date)) {
		c := candidate{named: namesTerm(f, p.Text, s.terms), seen: map[string]bool{
			"kind":      len(req.Kind) == 0 || slices.Contains(req.Kind, string(f.Kind)),
			"unit":      len(req.Unit) == 0 || slices.Contains(req.Unit, f.Unit),
			"year":      len(req.Year) == 0 || slices.Contains(req.Year, strconv.Itoa(f.Year)),
			"indicator": len(s.indicators) == 0 || containsAny(f.Indicator, s.indicators),
		}}
		c.hit = model.FigureHit{Figure: f, ParagraphID: p.ID, ArticleID: p.ArticleID, Paragraph: p.N,
			Title: p.Title, Province: p.Province, City: p.City, District: p.District, Date: p.Date, Source: p.Source}
		c.hit.Statement = snippet.Sentence(p.Text, f.Start, f.End, statementRunes)
		s.all = append(s.all, c)
	}
}

// Len is the number of figures kept so far.
func (s *Search) Len() int { return len(s.all) }

// Result filters, counts, orders and pages the figures kept.
func (s *Search) Result() *model.FigureResult {
	req, all := s.req, s.all
	res := &model.FigureResult{Page: req.Page, Size: req.Size, Figures: []model.FigureHit{}, Facets: map[string][]model.FacetValue{}}

	// A query that names what is measured (产值) keeps the figures that
	// state it; one that names none of them (惠州, a topic) keeps all the
	// figures of its paragraphs.
	if slices.ContainsFunc(all, func(c candidate) bool { return c.named }) {
		all = slices.DeleteFunc(slices.Clone(all), func(c candidate) bool { return !c.named })
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
	return res
}

// invalid reports a bad parameter of a figure search.
func invalid(param, format string, args ...any) error {
	return &model.Error{Kind: model.Invalid, Param: param, Msg: fmt.Sprintf(format, args...)}
}

// maxFigurePage bounds a page of figures (the CSV export asks for all).
const maxFigurePage = 10000

// statementRunes bounds the sentence shown around a statement.
const statementRunes = 120

// Validate checks the parts of a figure search that are figures' own (the
// paragraph search is checked by the index).
func Validate(req *model.FigureRequest) error {
	if req.Page < 1 {
		return invalid("page", "must be at least 1")
	}
	if req.Size < 1 || req.Size > maxFigurePage {
		return invalid("size", "must be between 1 and %d", maxFigurePage)
	}
	for _, k := range req.Kind {
		if k != string(figure.Target) && k != string(figure.Actual) {
			return invalid("kind", "want target or actual, got %q", k)
		}
	}
	for _, y := range req.Year {
		if n, err := strconv.Atoi(y); err != nil || (n != 0 && (n < 1900 || n > 2200)) {
			return invalid("year", "want a year such as 2025 (or 0 for figures without one), got %q", y)
		}
	}
	switch req.Sort {
	case model.FiguresByDate, model.FiguresByValueAsc, model.FiguresByValueDesc, model.FiguresByYearAsc, model.FiguresByYearDesc, model.FiguresByPlace, model.FiguresByIndicator:
	default:
		return invalid("sort", "want value, -value, year, -year, place or indicator, got %q", string(req.Sort))
	}
	for _, list := range [][]string{req.Indicator, req.Unit, req.Province, req.City, req.District, req.Source, req.Speaker} {
		for _, v := range list {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > 64 {
				return invalid("filter", "a filter value must be valid UTF-8 of at most 64 characters")
			}
		}
	}
	return nil
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
