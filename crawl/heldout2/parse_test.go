package heldout2

import (
	"os"
	"strings"
	"testing"

	"fangtan/article"
)

func strict() bool { return os.Getenv("FANGTAN_HELDOUT_STRICT") == "1" }

// TestSite checks the site itself: unique titles and phrases, every
// article page answering.
func TestSite(t *testing.T) {
	s := New()
	base := "http://127.0.0.1:1"
	titles, phrases := map[string]bool{}, map[string]bool{}
	for _, e := range s.Articles() {
		if titles[e.Title] || phrases[e.Phrase] {
			t.Errorf("duplicate title or phrase: %+v", e)
		}
		titles[e.Title], phrases[e.Phrase] = true, true
		if _, code := s.Page(base, e.Path); code != 200 {
			t.Errorf("%s: %d", e.Path, code)
		}
	}
	if n := len(s.Articles()); n != 41 {
		t.Errorf("%d articles, want 41", n)
	}
}

// TestParsePages parses each article page alone with article.ParsePage and
// checks its title and that the phrase is in a body paragraph. Failures
// are the parser's (not the crawler's); they are logged, and fail the test
// only with FANGTAN_HELDOUT_STRICT=1.
func TestParsePages(t *testing.T) {
	s := New()
	base := "http://127.0.0.1:1"
	bad := 0
	for _, e := range s.Articles() {
		pq := e.Path
		if strings.Contains(e.Shape, "?page=2") {
			pq += "?page=2" // the phrase is on page 2
		}
		data, _ := s.Page(base, pq)
		a, err := article.ParsePage(data, base+pq)
		if err != nil {
			bad++
			t.Logf("PARSE FAIL %s (%s): %v", e.Path, e.Shape, err)
			continue
		}
		var problems []string
		if a.Title != e.Title {
			problems = append(problems, "title "+a.Title)
		}
		found := false
		for _, p := range a.Paragraphs {
			if p.Kind.Searchable() && strings.Contains(p.Text, e.Phrase) {
				found = true
			}
		}
		if !found {
			problems = append(problems, "phrase not in a searchable paragraph")
		}
		if len(problems) > 0 {
			bad++
			t.Logf("PARSE WRONG %s (%s): %s; %d paragraphs, source_url %s", e.Path, e.Shape, strings.Join(problems, "; "), len(a.Paragraphs), a.SourceURL)
			for i, p := range a.Paragraphs {
				if i < 4 {
					t.Logf("    %s %.60s", p.Kind, p.Text)
				}
			}
		}
	}
	t.Logf("parser: %d/%d article pages right", len(s.Articles())-bad, len(s.Articles()))
	if bad > 0 && strict() {
		t.Errorf("%d article pages parsed wrong", bad)
	}
}
