package index

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fangtan/index/model"
)

var update = flag.Bool("update", false, "rewrite testdata/ranking/ranked.golden from the ranking's output")

// rankCase is one line of testdata/ranking/queries.txt. Most queries have
// one paragraph a reader wants first; where several are equally good (the
// judged set grades them alike, with no single best), the line lists them
// and the first of them to appear counts.
type rankCase struct {
	query, article string
	paragraphs     []int
}

func readRankCases(t *testing.T) []rankCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "ranking", "queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []rankCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(strings.TrimSpace(line), "\t")
		if len(parts) != 3 {
			t.Fatalf("queries.txt:%d: want query, article and paragraph separated by tabs", n)
		}
		var ps []int
		for _, f := range strings.Split(parts[2], ",") {
			p, err := strconv.Atoi(f)
			if err != nil {
				t.Fatalf("queries.txt:%d: paragraph %q", n, f)
			}
			ps = append(ps, p)
		}
		cases = append(cases, rankCase{parts[0], parts[1], ps})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestRanking runs the hand-reviewed queries of testdata/ranking over the
// seeds and compares where each expected paragraph ranks (with the top
// three hits, recall@1, recall@5 and MRR) with ranked.golden, in the style
// of zoekt's rank tests: a ranking change shows as a diff of that file.
// After a deliberate change, regenerate it and review the diff:
//
//	go test ./index -run TestRanking -update
func TestRanking(t *testing.T) {
	ix, _ := seedIndex(t)
	cases := readRankCases(t)
	if len(cases) < 25 {
		t.Fatalf("only %d ranking cases", len(cases))
	}
	const depth = 10
	var out bytes.Buffer
	var at1, at5 int
	var mrr float64
	for _, c := range cases {
		res := find(t, ix, model.Request{Query: c.query, Size: depth, NoFacets: true})
		var wants []string
		for _, p := range c.paragraphs {
			wants = append(wants, docID(c.article, p))
		}
		want := strings.Join(wants, ",")
		rank := 0
		for i, h := range res.Hits {
			if slices.Contains(wants, h.ID) {
				rank = i + 1
				break
			}
		}
		switch {
		case rank == 1:
			at1++
			fallthrough
		case rank >= 1 && rank <= 5:
			at5++
		}
		if rank > 0 {
			mrr += 1 / float64(rank)
		}
		fmt.Fprintf(&out, "%s\twant %s\trank %d of %d\n", c.query, want, rank, res.Total)
		for i, h := range res.Hits[:min(3, len(res.Hits))] {
			fmt.Fprintf(&out, "\t%d %s\n", i+1, h.ID)
		}
	}
	n := float64(len(cases))
	fmt.Fprintf(&out, "\nqueries %d  recall@1 %.3f  recall@5 %.3f  MRR %.3f\n", len(cases), float64(at1)/n, float64(at5)/n, mrr/n)
	t.Logf("queries %d  recall@1 %.3f  recall@5 %.3f  MRR %.3f", len(cases), float64(at1)/n, float64(at5)/n, mrr/n)

	golden := filepath.Join("testdata", "ranking", "ranked.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with: go test ./index -run TestRanking -update)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("the ranking differs from %s; if the change is deliberate, regenerate it with\n"+
			"\tgo test ./index -run TestRanking -update\nand review the diff. Got:\n%s", golden, out.String())
	}
}
