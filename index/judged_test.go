package index

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// The judged query set (testdata/ranking): queries over the seeds and two
// synthetic articles, each with a grade for every paragraph it matches (2
// about it, 1 mentions it, 0 not relevant; "2*" the unambiguous best answer).
// The rules that decided hard cases are in testdata/ranking/README.md.
//
// Run with -v to see the figures:
//
//	go test -v -run TestJudgedRanking ./index
const (
	judgedFile    = "testdata/ranking/judgments.txt"
	synthFile     = "testdata/ranking/synthetic.jsonl"
	judgedQueries = 40 // the set may grow, never shrink below this

	// The floors: what the ranking reaches (docs/design.md, "Ranking"),
	// rounded down. A change that drops below them fails.
	minNDCG10  = 0.97
	minMRR     = 0.94
	minPairs   = 0.93 // share of graded pairs in the right order
	minBestTop = 25   // starred best answers in the top 3
)

type judgment struct {
	grade int
	best  bool
	key   string // a substring of the paragraph's text, unique among all paragraphs
	id    string // resolved paragraph document ID
}

type judgedQuery struct {
	query     string
	judgments []judgment
}

// readJudgments parses the golden file: a query on a line of its own, then
// its judgments, each a tab-indented line "grade<TAB>key[<TAB>note]".
// Lines starting with # are comments.
func readJudgments(t testing.TB) []judgedQuery {
	t.Helper()
	f, err := os.Open(judgedFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []judgedQuery
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case !strings.HasPrefix(line, "\t"):
			qs = append(qs, judgedQuery{query: line})
		default:
			fields := strings.Split(strings.TrimPrefix(line, "\t"), "\t")
			if len(qs) == 0 || len(fields) < 2 {
				t.Fatalf("%s:%d: want a query line before \"grade<TAB>key\"", judgedFile, n)
			}
			g := fields[0]
			j := judgment{best: strings.HasSuffix(g, "*"), key: fields[1]}
			if j.grade, err = strconv.Atoi(strings.TrimSuffix(g, "*")); err != nil || j.grade < 0 || j.grade > 2 || (j.best && j.grade != 2) {
				t.Fatalf("%s:%d: bad grade %q", judgedFile, n, g)
			}
			q := &qs[len(qs)-1]
			q.judgments = append(q.judgments, j)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return qs
}

// judgedArticles are the seeds and the synthetic articles of the judged set.
func judgedArticles(t testing.TB) []*article.Article {
	t.Helper()
	arts := seedArticles(t)
	f, err := os.Open(synthFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bad, err := article.ParseJSONL(f, filepath.Base(synthFile), func(a *article.Article) error {
		arts = append(arts, a)
		return nil
	})
	if err != nil || len(bad) > 0 {
		t.Fatalf("%s: %v %v", synthFile, err, bad)
	}
	return arts
}

// rankingMetrics are the figures of one run over the judged set.
type rankingMetrics struct {
	ndcg10, mrr, pairs float64
	bestTop, best      int
}

// judgeRanking runs every judged query and scores the order of its hits.
// It fails when a query's hits are not exactly its judged paragraphs: the
// set is complete, and ranking never changes what matches.
func judgeRanking(t *testing.T, ix *Index, arts []*article.Article, qs []judgedQuery) rankingMetrics {
	t.Helper()
	texts := map[string]string{}
	for _, a := range arts {
		for _, p := range a.Paragraphs {
			if indexed(&p) {
				texts[docID(a.ID, p.N)] = p.Text
			}
		}
	}
	var m rankingMetrics
	var ndcgSum, rrSum float64
	var rrN, pairsOK, pairsN int
	for qi := range qs {
		q := &qs[qi]
		grades := map[string]judgment{}
		for i := range q.judgments {
			j := &q.judgments[i]
			for id, text := range texts {
				if strings.Contains(text, j.key) {
					if j.id != "" {
						t.Fatalf("%q: key %q is in more than one paragraph", q.query, j.key)
					}
					j.id = id
				}
			}
			if j.id == "" {
				t.Fatalf("%q: key %q is in no paragraph", q.query, j.key)
			}
			grades[j.id] = *j
		}
		res := find(t, ix, model.Request{Query: q.query, Size: 1000, NoFacets: true, Explain: true})
		var got []int // grades in rank order
		var missing []string
		for _, h := range res.Hits {
			// the explanation, read from the stored text, adds up to the
			// score the index computed from the terms' positions
			if h.Explain == nil || math.Abs(h.Explain.Score-h.Score) > 1e-9*h.Score {
				t.Errorf("%q: %s scores %v, its explanation %+v", q.query, h.ID, h.Score, h.Explain)
			}
			j, ok := grades[h.ID]
			if !ok {
				missing = append(missing, h.ID)
				continue
			}
			got = append(got, j.grade)
			if j.best {
				m.best++
				if len(got) <= 3 {
					m.bestTop++
				} else {
					t.Logf("%q: the best answer %q ranks %d", q.query, j.key, len(got))
				}
			}
		}
		if len(missing) > 0 || len(got) != len(q.judgments) {
			t.Errorf("%q: %d hits, %d judged; unjudged hits %v", q.query, len(res.Hits), len(q.judgments), missing)
			continue
		}
		ideal := append([]int(nil), got...)
		sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
		nd := dcg(got, 10) / dcg(ideal, 10)
		ndcgSum += nd
		if nd < 0.95 {
			t.Logf("%q: NDCG@10 %.3f, grades in rank order %v", q.query, nd, got)
		}
		if ideal[0] == 2 {
			rrN++
			for i, g := range got {
				if g == 2 {
					rrSum += 1 / float64(i+1)
					break
				}
			}
		}
		for i := range got {
			for k := i + 1; k < len(got); k++ {
				if got[i] != got[k] {
					pairsN++
					if got[i] > got[k] {
						pairsOK++
					}
				}
			}
		}
	}
	m.ndcg10 = ndcgSum / float64(len(qs))
	m.mrr = rrSum / float64(rrN)
	m.pairs = float64(pairsOK) / float64(pairsN)
	return m
}

// dcg is the discounted cumulative gain of the first k grades, with gain
// 2^grade - 1.
func dcg(grades []int, k int) float64 {
	s := 0.0
	for i, g := range grades[:min(k, len(grades))] {
		s += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	return s
}

func TestJudgedRanking(t *testing.T) {
	qs := readJudgments(t)
	if len(qs) < judgedQueries {
		t.Fatalf("%d judged queries, want at least %d", len(qs), judgedQueries)
	}
	arts := judgedArticles(t)
	ix := openTest(t)
	putAll(t, ix, arts...)
	m := judgeRanking(t, ix, arts, qs)
	t.Logf("%d queries: NDCG@10 %.3f, MRR %.3f, graded pairs in order %.3f, best answers in the top 3: %d of %d",
		len(qs), m.ndcg10, m.mrr, m.pairs, m.bestTop, m.best)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"NDCG@10", m.ndcg10, minNDCG10}, {"MRR", m.mrr, minMRR}, {"pairs in order", m.pairs, minPairs},
		{"best answers in the top 3", float64(m.bestTop), minBestTop},
	} {
		if c.got < c.want {
			t.Errorf("%s fell to %s, below %s", c.name, fmt.Sprint(c.got), fmt.Sprint(c.want))
		}
	}
}
