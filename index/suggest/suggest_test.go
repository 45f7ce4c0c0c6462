package suggest

import (
	"slices"
	"strings"
	"testing"
)

func TestSampleWithoutIndex(t *testing.T) {
	paras := []string{"发展储能产业，储能电站建设。", "储能产业集群。", "新型储能产业发展"}
	s := NewSample("储能", len(paras), true)
	for _, p := range paras {
		s.Add(p, true)
	}
	got := s.Best(5)
	if len(got) == 0 || got[0] != "储能产业" || s.Count("储能产业") != 3 {
		t.Errorf("Best: %v (储能产业 in %d)", got, s.Count("储能产业"))
	}
	if slices.Contains(got, "储能产") {
		t.Error("储能产 is open: 储能产业 is as frequent")
	}
	if !s.Exact() {
		t.Error("all paragraphs read whole, yet not exact")
	}
	// a paragraph read in part, a prefix that overlaps itself, or more
	// occurrences than are read: the counts are the sample's only
	part := NewSample("储能", 1, true)
	part.Add("储能产业", false)
	over := NewSample("储储", 1, true)
	over.Add("储储储能", true)
	many := NewSample("储", 1, true)
	many.Add(strings.Repeat("储能，", PerParagraph+1), true)
	for name, s := range map[string]*Sample{"part": part, "overlap": over, "many": many} {
		if s.Exact() {
			t.Errorf("%s: exact", name)
		}
	}
	// a completion stops after MaxMore characters, counted as characters
	long := NewSample("储", 1, true)
	long.Add("储"+strings.Repeat("能", 20), true)
	for c := range long.counts {
		if n := len([]rune(c)) - 1; n > MaxMore {
			t.Errorf("a completion of %d characters: %s", n, c)
		}
	}
}
