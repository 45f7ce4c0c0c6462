package server

import (
	"strings"
	"testing"
)

// The server runs on what `fangtan serve` gives it, a Live (seedIndex):
// every capability it has is wired, and each index operation is timed.
func TestLiveCapabilities(t *testing.T) {
	s := newPageServer(t, seedIndex(t))
	var related struct {
		Related []struct{ Text string } `json:"related"`
	}
	if code := apiJSON(t, s, "/api/related?q=储能", &related); code != 200 || len(related.Related) == 0 {
		t.Errorf("related searches on a Live: %d %+v", code, related)
	}
	var forgiving struct {
		Total      int    `json:"total"`
		Query      string `json:"query"`
		DidYouMean string `json:"did_you_mean"`
	}
	// pinyin needs the Live's vocabulary
	if code := apiJSON(t, s, "/api/search?q=chuneng", &forgiving); code != 200 || forgiving.Total == 0 {
		t.Errorf("forgiving search on a Live: %d %+v", code, forgiving)
	}
	var figures struct {
		Total int `json:"total"`
	}
	if code := apiJSON(t, s, "/api/figures?q=储能", &figures); code != 200 || figures.Total == 0 {
		t.Errorf("figures on a Live: %d %+v", code, figures)
	}
	do(s, request{path: "/api/suggest?q=储"})
	do(s, request{path: "/api/articles/nope"})
	m := do(s, request{path: "/metrics"}).Body.String()
	for _, op := range []string{"search", "suggest", "article", "figures", "related"} {
		if !strings.Contains(m, `fangtan_search_duration_seconds_count{op="`+op+`"`) {
			t.Errorf("/metrics does not time %s", op)
		}
	}
	if strings.Contains(m, "fangtan_index_paragraphs 0\n") || !strings.Contains(m, "fangtan_index_paragraphs") {
		t.Error("/metrics lacks the Live's size")
	}
}
