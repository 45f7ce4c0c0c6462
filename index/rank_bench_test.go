package index

import (
	"fmt"
	"strings"
	"testing"

	"fangtan/index/model"
)

// BenchmarkQueryMixEach times each search of the query mix on its own, over
// 100 copies of the seeds built as `fangtan index` builds them (compacted,
// so no merge runs beside the searches), with the result cache off: the
// median of the twelve is the mix's p50, the figure the ranking's cost is
// held to (docs/design.md, "Ranking"). Besides ns/op it reports the CPU
// time of the process per search (cpu-ns/op, on Unix), which other
// processes on a shared machine disturb less. Compare builds with repeated
// runs:
//
//	go test -run '^$' -bench QueryMixEach -count 6 ./index > new.txt
//	benchstat old.txt new.txt
func BenchmarkQueryMixEach(b *testing.B) {
	ix := builtForBench(b, copies(b, 100))
	for i, q := range benchQueries {
		name := strings.ReplaceAll(q.Query, " ", "_")
		if len(q.City)+len(q.Year) > 0 || q.Group || q.Sort != "" {
			name += "_filtered"
		}
		b.Run(fmt.Sprintf("%02d_%s", i, name), func(b *testing.B) {
			benchSearches(b, ix, []model.Request{q})
		})
	}
}
