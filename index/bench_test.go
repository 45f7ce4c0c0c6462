package index

import (
	"context"
	"fmt"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// copies returns n copies of the seed articles with distinct IDs, so a
// benchmark corpus reads like the real one.
func copies(b testing.TB, n int) []*article.Article {
	seeds := seedArticles(b)
	var out []*article.Article
	for i := 0; i < n; i++ {
		for _, s := range seeds {
			a := *s
			a.ID = fmt.Sprintf("%s%04d", s.ID, i)
			out = append(out, &a)
		}
	}
	return out
}

// builtForBench is an index of arts built as `fangtan index` builds one
// (compacted, so no merge runs beside the searches), opened with the
// result cache off; closed when the benchmark ends.
func builtForBench(b *testing.B, arts []*article.Article) *Index {
	ctx := context.Background()
	dir := b.TempDir()
	err := Rebuild(ctx, Options{Dir: dir}, func(ix *Index) error {
		_, err := ix.PutAll(ctx, sliceNext(arts), nil)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(Options{Dir: dir, CacheSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

func searchableParagraphs(arts []*article.Article) int {
	n := 0
	for _, a := range arts {
		for _, p := range a.Paragraphs {
			if p.Kind.Searchable() {
				n++
			}
		}
	}
	return n
}

// BenchmarkIndexing measures the bulk path (Rebuild + PutAll) in
// paragraphs per second:
//
//	go test -run '^$' -bench Indexing -benchmem ./index
func BenchmarkIndexing(b *testing.B) {
	for _, n := range []int{20, 100} {
		arts := copies(b, n)
		paras := searchableParagraphs(arts)
		b.Run(fmt.Sprintf("paragraphs=%d", paras), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				err := Rebuild(context.Background(), Options{Dir: dir}, func(ix *Index) error {
					_, err := ix.PutAll(context.Background(), sliceNext(arts), nil)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(paras*b.N)/b.Elapsed().Seconds(), "paragraphs/s")
		})
	}
}

// benchQueries is a query mix: one, two and more characters, rare and
// common, AND, exclusion, OR, synonyms, with and without filters.
var benchQueries = []model.Request{
	{Query: "钢"}, {Query: "发展"}, {Query: "制造业"}, {Query: "新型储能"}, {Query: "坚持制造业当家"},
	{Query: "储能 惠州"}, {Query: "制造业 -韶关"}, {Query: "氢能 OR 储能"}, {Query: "工信局"},
	{Query: "产业", City: []string{"惠州"}}, {Query: "企业", Year: []string{"2023"}, Group: true},
	{Query: "高质量发展", Sort: model.ByDateDesc},
}

// BenchmarkQueryMix measures whole searches (facets, snippets) over 100
// copies of the seeds, with the result cache off (the index's own work)
// and on (the mix repeats, so every search after the first round is a hit):
//
//	go test -run '^$' -bench QueryMix -benchmem ./index
func BenchmarkQueryMix(b *testing.B) {
	arts := copies(b, 100)
	for _, cache := range []int{-1, DefaultCacheSize} {
		name := "cache=off"
		if cache > 0 {
			name = "cache=on"
		}
		b.Run(name, func(b *testing.B) {
			ix, err := Open(Options{Dir: b.TempDir(), CacheSize: cache})
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			putAll(b, ix, arts...)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := benchQueries[i%len(benchQueries)]
				req.Page, req.Size = 1, 10
				if _, err := ix.Search(context.Background(), &req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
