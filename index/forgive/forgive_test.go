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
	seedOnce.Do(func() {
		var arts []*article.Article
		for _, name := range seeds.Names() {
			if !strings.HasSuffix(name, ".txt") {
				continue
			}
			data, err := fs.ReadFile(seeds.FS(), name)
			if err != nil {
				seedErr = err
				return
			}
			a, err := article.Parse(data, name)
			if err != nil {
				seedErr = err
				return
			}
			arts = append(arts, a)
		}
		dir, err := tempDir()
		if err != nil {
			seedErr = err
			return
		}
		seedIx, seedErr = index.Open(index.Options{Dir: dir, Shards: 2})
		if seedErr != nil {
			return
		}
		i := 0
		_, seedErr = seedIx.PutAll(context.Background(), func() (*article.Article, error) {
			if i == len(arts) {
				return nil, io.EOF
			}
			i++
			return arts[i-1], nil
		}, nil)
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedIx
}
