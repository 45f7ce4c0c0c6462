package index

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// Judged preferences on fresh text (testdata/ranking/fresh.jsonl and
// fresh_prefs.txt): a held-out set written after the ranking was tuned on
// unseen.jsonl, of shapes neither set had before (an e-paper interview, a
// reply to a proposal, an annual summary, a visit report, a signing item, an
// online interview, a repost with an editor's note, a worker's story). No knob
// was set on it. Run with -v to see the share in order, by case, and the pairs
// out of order (in the order of the file):
//
//	go test -v -run TestFreshPreferences ./index
//
// Its floor (0.6) guards against collapse; it is not a target.
func TestFreshPreferences(t *testing.T) {
	const freshFile, freshPrefsFile, minFresh = "testdata/ranking/fresh.jsonl", "testdata/ranking/fresh_prefs.txt", 0.6
	raw, err := os.ReadFile(freshPrefsFile)
	if err != nil {
		t.Fatal(err)
	}
	var prefs []preference
	for n, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimRight(line, "\r"); line == "" || line[0] == '#' {
			continue
		}
		f := append(strings.Split(line, "\t"), "")
		if len(f) < 6 || f[0] != "held" || !strings.Contains(" short win other ", " "+f[4]+" ") {
			t.Fatalf("%s:%d: want held, query, above, below, case[, note] separated by tabs", freshPrefsFile, n+1)
		}
		prefs = append(prefs, preference{half: f[0], query: f[1], above: f[2], below: f[3], kind: f[4], note: f[5]})
	}

	in, err := os.Open(freshFile)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ix := openTest(t)
	byKey := map[string][]string{} // a key of prefs → the IDs of the paragraphs holding it
	bad, err := article.ParseJSONL(in, "fresh.jsonl", func(a *article.Article) error {
		putAll(t, ix, a)
		for _, p := range a.Paragraphs {
			for _, pr := range prefs {
				for _, key := range []string{pr.above, pr.below} {
					if indexed(&p) && strings.Contains(p.Text, key) && !contains(byKey[key], docID(a.ID, p.N)) {
						byKey[key] = append(byKey[key], docID(a.ID, p.N))
					}
				}
			}
		}
		return nil
	})
	if err != nil || len(bad) > 0 {
		t.Fatalf("%s: %v %v", freshFile, err, bad)
	}
	id := func(key string) string {
		if len(byKey[key]) != 1 {
			t.Fatalf("key %q is in %d paragraphs, want 1", key, len(byKey[key]))
		}
		return byKey[key][0]
	}

	right, total := map[string]int{}, map[string]int{}
	var wrong []string
	for _, p := range prefs {
		res := find(t, ix, model.Request{Query: p.query, Size: 1000, NoFacets: true})
		pos := map[string]int{}
		for i, h := range res.Hits {
			pos[h.ID] = i + 1
		}
		a, b := pos[id(p.above)], pos[id(p.below)]
		if a == 0 || b == 0 {
			t.Fatalf("%q: %q or %q is not a hit", p.query, p.above, p.below)
		}
		for _, k := range []string{"all", p.kind} {
			total[k]++
			if a < b {
				right[k]++
			}
		}
		if a > b {
			wrong = append(wrong, strings.Join([]string{p.kind, p.query, p.above + " @" + strconv.Itoa(a), p.below + " @" + strconv.Itoa(b), p.note}, " | "))
		}
	}
	share := float64(right["all"]) / float64(total["all"])
	t.Logf("fresh preferences in order: %d of %d (%.3f)", right["all"], total["all"], share)
	for _, k := range []string{"short", "win", "other"} {
		t.Logf("\t%-5s %d of %d", k, right[k], total[k])
	}
	for _, w := range wrong {
		t.Logf("out of order: %s", w)
	}
	if share < minFresh {
		t.Errorf("fresh preferences in order fell to %.3f, below the floor %.2f", share, minFresh)
	}
}
