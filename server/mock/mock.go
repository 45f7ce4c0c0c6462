// Package mock has function-field mocks of the index interfaces for server
// tests: set the function a test needs; an unset one fails loudly.
package mock

import (
	"context"
	"fmt"

	"fangtan/article"
	"fangtan/index"
)

// Searcher is an index.Searcher whose methods call the function fields.
type Searcher struct {
	SearchFn  func(ctx context.Context, req *index.Request) (*index.Result, error)
	ArticleFn func(ctx context.Context, id string) (*article.Article, error)
	SuggestFn func(ctx context.Context, prefix string, n int) ([]index.Suggestion, error)
	StatsFn   func() index.Stats
}

var _ index.Searcher = (*Searcher)(nil)

func (s *Searcher) Search(ctx context.Context, req *index.Request) (*index.Result, error) {
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

func (s *Searcher) Suggest(ctx context.Context, prefix string, n int) ([]index.Suggestion, error) {
	if s.SuggestFn == nil {
		return nil, fmt.Errorf("mock: Suggest not set")
	}
	return s.SuggestFn(ctx, prefix, n)
}

// Stats makes the mock offer index sizes to the metrics, like index.Index.
func (s *Searcher) Stats() index.Stats {
	if s.StatsFn == nil {
		return index.Stats{}
	}
	return s.StatsFn()
}

// Writer is an index.Writer whose methods call the function fields.
type Writer struct {
	PutFn    func(ctx context.Context, a *article.Article) (bool, error)
	DeleteFn func(ctx context.Context, id string) error
}

var _ index.Writer = (*Writer)(nil)

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
