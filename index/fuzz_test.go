package index

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"fangtan/index/model"
	"fangtan/index/querylang"
)

// FuzzQuery: any input is a valid query or an Invalid error, never a panic,
// never our own failure, and a valid one runs, each hit's explanation adding
// up to its score.
//
//	go test -fuzz FuzzQuery -fuzztime 60s ./index
func FuzzQuery(f *testing.F) {
	for _, q := range oracleQueries {
		f.Add(q)
	}
	for _, q := range []string{`"`, `""`, `-`, `--x`, `- x`, `"a OR b"`, `a OR`, `OR`, `经济~2`, `/.*/`, `*济*`,
		`field:value`, `<script>alert(1)</script>`, "\u202e储能", "储\u200b能", "\xff", strings.Repeat("储能 OR ", 30),
		strings.Repeat("a", 2000), `"未闭合`, `“中文引号”`, "-\"x\" OR y"} {
		f.Add(q)
	}
	ix, _ := seedIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		pq, err := querylang.Parse(q, ix.syn)
		if err != nil {
			if model.KindOf(err) != model.Invalid {
				t.Fatalf("%q: %v is not an Invalid error", q, err)
			}
			return
		}
		for _, c := range pq.Clauses {
			if len(c.Alternates) == 0 || len(c.Alternates) > querylang.MaxAlternates {
				t.Fatalf("%q: clause with %d alternates", q, len(c.Alternates))
			}
			for _, a := range c.Alternates {
				if a == "" || !utf8.ValidString(a) {
					t.Fatalf("%q: bad alternate %q", q, a)
				}
			}
		}
		if len(pq.Clauses) > querylang.MaxClauses {
			t.Fatalf("%q: %d clauses", q, len(pq.Clauses))
		}
		res, err := ix.Search(context.Background(), &model.Request{Query: q, Page: 1, Size: 10, Explain: true})
		if err != nil {
			t.Fatalf("%q parsed but did not run: %v", q, err)
		}
		// the explanation, read from the text, adds up to the score the
		// index computed from the terms' positions
		for _, h := range res.Hits {
			if !pq.HasPositive() {
				break // browsing: ordered by date, nothing to explain
			}
			if h.Explain == nil || math.Abs(h.Explain.Score-h.Score) > 1e-9*max(1, h.Score) {
				t.Fatalf("%q: %s scores %v, its explanation %+v", q, h.ID, h.Score, h.Explain)
			}
		}
	})
}
