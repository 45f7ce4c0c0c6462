// Package mock has function-field mocks of the index interfaces for server
// tests: set the function a test needs; an unset one fails loudly.
package mock

import (
	"context"
	"fmt"
	"strings"

	"fangtan/article"
	"fangtan/index/model"
)

// Searcher is an model.Searcher whose methods call the function fields.
type Searcher struct {
	SearchFn  func(ctx context.Context, req *model.Request) (*model.Result, error)
	ArticleFn func(ctx context.Context, id string) (*article.Article, error)
	SuggestFn func(ctx context.Context, prefix string, n int) ([]model.Suggestion, error)
	TermsFn   func(q string) ([]string, error)
	StatsFn   func() model.Stats
}

var (
	_ model.Searcher      = (*Searcher)(nil)
	_ model.StatsReporter = (*Searcher)(nil)
)

func (s *Searcher) Search(ctx context.Context, req *model.Request) (*model.Result, error) {
	if s.SearchFn == nil {
		return nil, fmt.Errorf("mock: Search not set")
	}
	return s.SearchFn(ctx, req)
}

func (s *Searcher) Article(ctx context.Context, id string) (*article.Article, error) {
	if s.ArticleFn == nil {
		return nil, fmt.Errorf("mock: Article not set")
	}
	return s.ArticleFn(ctx, id)
}

func (s *Searcher) Suggest(ctx context.Context, prefix string, n int) ([]model.Suggestion, error) {
	if s.SuggestFn == nil {
		return nil, fmt.Errorf("mock: Suggest not set")
	}
	return s.SuggestFn(ctx, prefix, n)
}

// Terms calls TermsFn; unset, it returns the query's words as typed.
func (s *Searcher) Terms(q string) ([]string, error) {
	if s.TermsFn == nil {
		return strings.Fields(q), nil
	}
	return s.TermsFn(q)
}

// Stats makes the mock offer index sizes to the metrics, like index.Index.
func (s *Searcher) Stats() model.Stats {
	if s.StatsFn == nil {
		return model.Stats{}
	}
	return s.StatsFn()
}

// Writer is an model.Writer whose methods call the function fields.
type Writer struct {
	PutFn    func(ctx context.Context, a *article.Article) (bool, error)
	DeleteFn func(ctx context.Context, id string) error
}

var _ model.Writer = (*Writer)(nil)

func (w *Writer) Put(ctx context.Context, a *article.Article) (bool, error) {
	if w.PutFn == nil {
		return false, fmt.Errorf("mock: Put not set")
	}
	return w.PutFn(ctx, a)
}

func (w *Writer) Delete(ctx context.Context, id string) error {
	if w.DeleteFn == nil {
		return fmt.Errorf("mock: Delete not set")
	}
	return w.DeleteFn(ctx, id)
}
