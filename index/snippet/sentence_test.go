package snippet

import (
	"strings"
	"testing"
)

func TestSentence(t *testing.T) {
	text := "去年产值80亿元。力争2025年全区新型储能产业产值突破350亿元，带动就业1万人！下一句。"
	start := strings.Index(text, "350亿元")
	end := start + len("350亿元")
	if got, want := Sentence(text, start, end, 0).HTML(), "力争2025年全区新型储能产业产值突破<mark>350亿元</mark>，带动就业1万人！"; got != want {
		t.Errorf("sentence:\n got %s\nwant %s", got, want)
	}
	// cut around the statement, as evenly as the sentence allows
	got := Sentence(text, start, end, 10)
	if !got.Before || !got.After || got.Render("[", "]") != "…突破[350亿元]，带动…" {
		t.Errorf("cut: %+v %q", got, got.Render("[", "]"))
	}
	if got := Sentence("a<b", 5, 9, 0).HTML(); got != "a&lt;b" {
		t.Errorf("a span outside the text: %q", got)
	}
	// one endless sentence: the window is bounded, whatever the paragraph
	long := strings.Repeat("产值突破350亿元，", 20000)
	mid := len(long) / 2
	if s := Sentence(long, mid, mid+3, 120); len([]rune(s.Text)) > 120 || !s.Before || !s.After {
		t.Errorf("endless sentence: %d characters", len([]rune(s.Text)))
	}
}
