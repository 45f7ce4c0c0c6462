package index

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// Judged preferences on unseen text (testdata/ranking/unseen.jsonl and
// unseen_prefs.txt): articles of shapes the judged set lacks (a radio
// phone-in, a press conference, a work report, an arrears story, a digest, a
// TV dialogue, a "代表通道" report, a fraud story, a reply to a citizen, a
// policy Q&A), each preference "for this query, this paragraph above that
// one". The tuning half set the ranking's knobs; the held-out half was run
// once, after. Run with -v to see the figures:
//
//	go test -v -run TestUnseenPreferences ./index
const (
	unseenFile      = "testdata/ranking/unseen.jsonl"
	unseenPrefsFile = "testdata/ranking/unseen_prefs.txt"

	// The floors: what the ranking reaches (docs/design.md, "Ranking"),
	// rounded down. A change that drops below them fails.
	minUnseenTune = 0.90
	minUnseenHeld = 0.89
)

type preference struct {
	half, query, above, below, kind, note string
}

// readPreferences parses unseen_prefs.txt: "half query above below case
// note", separated by tabs; lines starting with # are comments.
func readPreferences(t *testing.T) []preference {
	t.Helper()
	f, err := os.Open(unseenPrefsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ps []preference
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 5 || (fs[0] != "tune" && fs[0] != "held") ||
			(fs[4] != "short" && fs[4] != "win" && fs[4] != "other") {
			t.Fatalf("%s:%d: want half, query, above, below, case[, note] separated by tabs", unseenPrefsFile, n)
		}
		p := preference{half: fs[0], query: fs[1], above: fs[2], below: fs[3], kind: fs[4]}
		if len(fs) > 5 {
			p.note = fs[5]
		}
		ps = append(ps, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestUnseenPreferences(t *testing.T) {
	prefs := readPreferences(t)
	f, err := os.Open(unseenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*article.Article
	bad, err := article.ParseJSONL(f, filepath.Base(unseenFile), func(a *article.Article) error {
		arts = append(arts, a)
		return nil
	})
	if err != nil || len(bad) > 0 {
		t.Fatalf("%s: %v %v", unseenFile, err, bad)
	}
	texts := map[string]string{}
	for _, a := range arts {
		for _, p := range a.Paragraphs {
			if indexed(&p) {
				texts[docID(a.ID, p.N)] = p.Text
			}
		}
	}
	// resolve finds the one paragraph holding key
	resolve := func(key string) string {
		id := ""
		for pid, text := range texts {
			if strings.Contains(text, key) {
				if id != "" {
					t.Fatalf("key %q is in more than one paragraph", key)
				}
				id = pid
			}
		}
		if id == "" {
			t.Fatalf("key %q is in no paragraph", key)
		}
		return id
	}
	ix := openTest(t)
	putAll(t, ix, arts...)

	type tally struct{ ok, n int }
	byHalf, byCase := map[string]*tally{}, map[string]*tally{}
	count := func(m map[string]*tally, k string, ok bool) {
		if m[k] == nil {
			m[k] = &tally{}
		}
		m[k].n++
		if ok {
			m[k].ok++
		}
	}
	for _, p := range prefs {
		above, below := resolve(p.above), resolve(p.below)
		res := find(t, ix, model.Request{Query: p.query, Size: 1000, NoFacets: true})
		rank := map[string]int{}
		for i, h := range res.Hits {
			rank[h.ID] = i + 1
		}
		if rank[above] == 0 || rank[below] == 0 {
			t.Fatalf("%q: %q or %q is not a hit", p.query, p.above, p.below)
		}
		ok := rank[above] < rank[below]
		count(byHalf, p.half, ok)
		count(byCase, p.half+" "+p.kind, ok)
		if !ok {
			t.Logf("%s %s %q: %q ranks %d, below %q at %d (%s)", p.half, p.kind, p.query, p.above, rank[above], p.below, rank[below], p.note)
		}
	}
	share := func(k string) float64 { return float64(byHalf[k].ok) / float64(byHalf[k].n) }
	t.Logf("unseen preferences in order: tuning %d of %d (%.3f), held-out %d of %d (%.3f)",
		byHalf["tune"].ok, byHalf["tune"].n, share("tune"), byHalf["held"].ok, byHalf["held"].n, share("held"))
	for _, k := range []string{"tune short", "tune win", "tune other", "held short", "held win", "held other"} {
		if c := byCase[k]; c != nil {
			t.Logf("\t%-10s %d of %d", k, c.ok, c.n)
		}
	}
	for _, c := range []struct {
		half string
		want float64
	}{{"tune", minUnseenTune}, {"held", minUnseenHeld}} {
		if got := share(c.half); got < c.want {
			t.Errorf("%s preferences in order fell to %s, below %s", c.half, fmt.Sprint(got), fmt.Sprint(c.want))
		}
	}
}
