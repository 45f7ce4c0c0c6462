package index

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkQueryMixEach times each search of the query mix on its own, over
// 100 copies of the seeds with the result cache off: the median of the
// twelve is the mix's p50, the figure the ranking's cost is held to
// (docs/design.md, "Ranking"). Compare builds with repeated runs:
//
//	go test -run '^$' -bench QueryMixEach -count 6 ./index > new.txt
//	benchstat old.txt new.txt
func BenchmarkQueryMixEach(b *testing.B) {
	ix, err := Open(Options{Dir: b.TempDir(), CacheSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	putAll(b, ix, copies(b, 100)...)
	for i, q := range benchQueries {
		name := strings.ReplaceAll(q.Query, " ", "_")
		if len(q.City)+len(q.Year) > 0 || q.Group || q.Sort != "" {
			name += "_filtered"
		}
		b.Run(fmt.Sprintf("%02d_%s", i, name), func(b *testing.B) {
			for j := 0; j < b.N; j++ {
				req := q
				req.Page, req.Size = 1, 10
				if _, err := ix.Search(context.Background(), &req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
