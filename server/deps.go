package server

import (
	"context"
	"time"

	"fangtan/article"
	"fangtan/index/forgive"
	"fangtan/index/model"
)

// Index is every capability of the index that the server serves: what
// `fangtan serve` gives it (an index.Live, checked at compile time there)
// and what the server's tests run (the same type).
type Index interface {
	model.Searcher
	model.Writer
	model.FigureSearcher
	model.RelatedSearcher
	model.StatsReporter
	model.Reposter
	forgive.Vocabularian
}

// Deps are what a Server serves, each capability named, so that none is
// found, or lost, by a type assertion. Only Search is required.
type Deps struct {
	Search     model.Searcher        // search, articles, suggestions, terms
	Write      model.Writer          // nil: read-only (the admin API answers 404)
	Figures    model.FigureSearcher  // nil: no /api/figures and no /figures page
	Related    model.RelatedSearcher // nil: no related searches
	Stats      model.StatsReporter   // nil: no index size gauges in /metrics
	Vocabulary forgive.Vocabularian  // nil: search is not forgiving (no pinyin, no did_you_mean)
	Reposts    model.Reposter        // nil: articles list no reposts
}

// IndexDeps are all the capabilities of ix.
func IndexDeps(ix Index) Deps {
	return Deps{Search: ix, Write: ix, Figures: ix, Related: ix, Stats: ix, Vocabulary: ix, Reposts: ix}
}

// observed decorates the index's operations with latency metrics, under
// the op names of fangtan_search_duration_seconds.
type observed struct {
	model.Searcher
	m *metrics
}

func (o *observed) Search(ctx context.Context, req *model.Request) (res *model.Result, err error) {
	start := time.Now()
	defer func() { o.m.observeOp("search", start, err) }()
	return o.Searcher.Search(ctx, req)
}

func (o *observed) Article(ctx context.Context, id string) (a *article.Article, err error) {
	start := time.Now()
	defer func() { o.m.observeOp("article", start, err) }()
	return o.Searcher.Article(ctx, id)
}

func (o *observed) Suggest(ctx context.Context, prefix string, n int) (s []model.Suggestion, err error) {
	start := time.Now()
	defer func() { o.m.observeOp("suggest", start, err) }()
	return o.Searcher.Suggest(ctx, prefix, n)
}

type observedFigures struct {
	model.FigureSearcher
	m *metrics
}

func (o observedFigures) Figures(ctx context.Context, req *model.FigureRequest) (res *model.FigureResult, err error) {
	start := time.Now()
	defer func() { o.m.observeOp("figures", start, err) }()
	return o.FigureSearcher.Figures(ctx, req)
}

type observedRelated struct {
	model.RelatedSearcher
	m *metrics
}

func (o observedRelated) Related(ctx context.Context, req *model.Request, n int) (out []model.RelatedPhrase, err error) {
	start := time.Now()
	defer func() { o.m.observeOp("related", start, err) }()
	return o.RelatedSearcher.Related(ctx, req, n)
}
