package forgive

import (
	"context"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"fangtan/article"
	"fangtan/index"
	"fangtan/seeds"
)

var (
	seedOnce sync.Once
	seedIx   *index.Index
	seedErr  error
)

// seedIndex is an index of the seed articles, shared by the tests.
func seedIndex(t testing.TB) *index.Index {
	t.Helper()
	seedOnce.Do(func() { seedIx, seedErr = newIndex() })
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedIx
}

// seedArticles parses the seeds.
func seedArticles() ([]*article.Article, error) {
	var arts []*article.Article
	for _, name := range seeds.Names() {
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			return nil, err
		}
		a, err := article.Parse(data, name)
		if err != nil {
			return nil, err
		}
		arts = append(arts, a)
	}
	return arts, nil
}

func seedArticlesForBench(b *testing.B) []*article.Article {
	arts, err := seedArticles()
	if err != nil {
		b.Fatal(err)
	}
	return arts
}

// newIndex indexes the seeds and extra articles into a new index.
func newIndex(extra ...*article.Article) (*index.Index, error) {
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	return newIndexIn(dir, extra...)
}

// newIndexIn is newIndex in dir.
func newIndexIn(dir string, extra ...*article.Article) (*index.Index, error) {
	arts, err := seedArticles()
	if err != nil {
		return nil, err
	}
	arts = append(arts, extra...)
	ix, err := index.Open(index.Options{Dir: dir, Shards: 2})
	if err != nil {
		return nil, err
	}
	i := 0
	_, err = ix.PutAll(context.Background(), func() (*article.Article, error) {
		if i == len(arts) {
			return nil, io.EOF
		}
		i++
		return arts[i-1], nil
	}, nil)
	if err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}
