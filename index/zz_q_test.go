package index

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestZZQueries(t *testing.T) {
	dir := os.Getenv("Q_INDEX")
	if dir == "" {
		t.Skip()
	}
	ix, err := Open(Options{Dir: dir, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	f, _ := os.Open(filepath.Join(os.Getenv("Q_WORK"), "queries.jsonl"))
	var qs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var q struct{ Q string }
		json.Unmarshal(sc.Bytes(), &q)
		qs = append(qs, q.Q)
	}
	start := time.Now()
	n := 0
	for rep := 0; rep < 5; rep++ {
		for _, q := range qs {
			req := &Request{Query: strings.TrimSpace(q), Page: 1, Size: 10, NoFacets: os.Getenv("NOFACETS") != ""}
			if _, err := ix.Search(context.Background(), req); err != nil {
				t.Fatal(q, err)
			}
			n++
		}
	}
	t.Logf("%d queries, %.2f ms/query", n, float64(time.Since(start).Microseconds())/1000/float64(n))
}
