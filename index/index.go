package index

import (
	"context"
	"errors"
	"time"

	"fangtan/article"
)

// Options configure an index on disk.
type Options struct {
	Dir       string        // the data directory
	Shards    int           // number of Bleve shards for a new index (default: 2)
	BatchSize int           // paragraphs per Bleve batch (default: 1000)
	Timeout   time.Duration // deadline of one search (default: 5s)
}

// Index is fangtan's search index: Bleve shards behind one alias.
type Index struct {
	opts Options
}

var errTODO = errors.New("not implemented yet")

// Exists reports whether dir holds an index (a first start has none).
func Exists(dir string) bool { return false }

// Open opens the index in opts.Dir, creating an empty one if there is none.
func Open(opts Options) (*Index, error) { return nil, errTODO }

// Close flushes and closes the index.
func (ix *Index) Close() error { return errTODO }

// Stats reports the index's size.
func (ix *Index) Stats() Stats { return Stats{} }

// Search runs a search.
func (ix *Index) Search(ctx context.Context, req *Request) (*Result, error) { return nil, errTODO }

// Article returns a stored article by ID.
func (ix *Index) Article(ctx context.Context, id string) (*article.Article, error) {
	return nil, errTODO
}

// Suggest returns frequent phrases of the indexed text that start with prefix.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]Suggestion, error) {
	return nil, errTODO
}

// PutAll adds or replaces many articles in large batches: the bulk path of
// `fangtan index` and of the first start. progress, if not nil, is called
// with the number of articles done so far.
func (ix *Index) PutAll(ctx context.Context, next func() (*article.Article, error), progress func(done int)) (int, error) {
	return 0, errTODO
}

// Put adds or replaces one article.
func (ix *Index) Put(ctx context.Context, a *article.Article) (bool, error) { return false, errTODO }

// Delete removes one article.
func (ix *Index) Delete(ctx context.Context, id string) error { return errTODO }

var (
	_ Searcher = (*Index)(nil)
	_ Writer   = (*Index)(nil)
)
