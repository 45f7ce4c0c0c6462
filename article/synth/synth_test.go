package synth

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"fangtan/article"
	"fangtan/article/region"
)

func TestDeterministic(t *testing.T) {
	a := New(Options{Seed: 42, Paragraphs: 8, Marker: true})
	b := New(Options{Seed: 42, Paragraphs: 8, Marker: true})
	// the same article whatever was generated before it
	for _, i := range []int{7, 0, 3, 7} {
		if x, y := a.Article(i), b.Article(i); !reflect.DeepEqual(x, y) {
			t.Fatalf("article %d differs between two generators of the same seed:\n%+v\n%+v", i, x, y)
		}
	}
	var w1, w2 bytes.Buffer
	if err := a.WriteJSONL(&w1, 0, 20); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteJSONL(&w2, 0, 20); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
		t.Error("the same seed wrote two different corpora")
	}
	c := New(Options{Seed: 43, Paragraphs: 8})
	if reflect.DeepEqual(a.Article(0).Paragraphs, c.Article(0).Paragraphs) {
		t.Error("seeds 42 and 43 gave the same text")
	}
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func TestArticlesValid(t *testing.T) {
	const n, p = 500, 12
	g := New(Options{Seed: 1, Paragraphs: p, Marker: true})
	ids := map[string]bool{}
	for i := 0; i < n; i++ {
		a := g.Article(i)
		if ids[a.ID] {
			t.Fatalf("article %d: ID %q repeats", i, a.ID)
		}
		ids[a.ID] = true
		if strings.TrimSpace(a.Title) == "" || a.Source == "" || len(a.Authors) == 0 {
			t.Errorf("%s: missing title, source or authors: %+v", a.ID, a)
		}
		if !isoDate.MatchString(a.Date) || a.Date < "2015-01-01" || a.Date > "2025-12-31" {
			t.Errorf("%s: date %q", a.ID, a.Date)
		}
		// the place is one the gazetteer knows, at the levels given
		if a.Province == "" || region.Canonical("province", a.Province) != a.Province {
			t.Errorf("%s: province %q", a.ID, a.Province)
		}
		if a.City != "" && len(region.Lookup(a.City)) == 0 || a.District != "" && len(region.Lookup(a.District)) == 0 {
			t.Errorf("%s: unknown place %q/%q", a.ID, a.City, a.District)
		}
		searchable := 0
		for j, para := range a.Paragraphs {
			if para.N != j+1 {
				t.Errorf("%s: paragraph %d numbered %d", a.ID, j+1, para.N)
			}
			if strings.TrimSpace(para.Text) == "" || !utf8.ValidString(para.Text) || strings.ContainsRune(para.Text, 0) {
				t.Errorf("%s: paragraph %d text %q", a.ID, para.N, para.Text)
			}
			if para.Kind.Searchable() {
				searchable++
			}
		}
		if searchable != p {
			t.Errorf("%s: %d searchable paragraphs, want %d", a.ID, searchable, p)
		}
		if m := Marker(1, i); !strings.Contains(a.Paragraphs[0].Text, m) {
			t.Errorf("%s: marker %s not in the first paragraph", a.ID, m)
		}
	}
	// no marker is found in another article: a search for one finds one
	for i := 0; i < 50; i++ {
		for j := 0; j < 50; j++ {
			if i != j && strings.Contains(g.Article(j).Paragraphs[0].Text, Marker(1, i)) {
				t.Errorf("marker of article %d found in article %d", i, j)
			}
		}
	}
	// the place names in the text are the article's, not the seeds'
	hits := 0
	for i := 0; i < 100; i++ {
		a := g.Article(i)
		here := a.District
		if here == "" {
			here = a.City
		}
		if here == "" {
			here = a.Province
		}
		for _, para := range a.Paragraphs {
			if strings.Contains(para.Text, here) {
				hits++
				break
			}
		}
	}
	if hits < 50 {
		t.Errorf("only %d of 100 articles name their own place in the text", hits)
	}
}

func TestFacetsSpread(t *testing.T) {
	g := New(Options{Seed: 3, Paragraphs: 6})
	provinces, cities, districts, years, sources, speakers := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for i := 0; i < 1000; i++ {
		a := g.Article(i)
		provinces[a.Province]++
		cities[a.City]++
		districts[a.District]++
		years[a.Date[:4]]++
		sources[a.Source]++
		for _, p := range a.Paragraphs {
			if p.Speaker != "" {
				speakers[p.Speaker]++
			}
		}
	}
	for _, c := range []struct {
		facet string
		got   map[string]int
		want  int
	}{
		{"province", provinces, 31}, {"city", cities, 200}, {"district", districts, 300},
		{"year", years, 11}, {"source", sources, 100}, {"speaker", speakers, 300},
	} {
		if len(c.got) < c.want {
			t.Errorf("%s: %d distinct values in 1000 articles, want at least %d", c.facet, len(c.got), c.want)
		}
	}
	for y, n := range years {
		if n > 200 {
			t.Errorf("year %s holds %d of 1000 articles: dates are not spread", y, n)
		}
	}
}

// The JSONL that `fangtan synth` writes is read back by article.ParseJSONL
// (what `fangtan index` uses) as exactly the generated articles.
func TestParseJSONLRoundTrip(t *testing.T) {
	g := New(Options{Seed: 9, Paragraphs: 10, Marker: true})
	var buf bytes.Buffer
	if err := g.WriteJSONL(&buf, 100, 40); err != nil {
		t.Fatal(err)
	}
	i := 100
	bad, err := article.ParseJSONL(&buf, "corpus.jsonl", func(got *article.Article) error {
		want := g.Article(i)
		i++
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("read back differently:\n got %+v\nwant %+v", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("rejected lines: %v", bad)
	}
	if i != 140 {
		t.Errorf("read %d articles, want 40", i-100)
	}
}

// BenchmarkWriteJSONL measures generation and encoding; 200,000 paragraphs
// (10,000 articles of 20) should take a few seconds at most:
//
//	go test -run '^$' -bench WriteJSONL ./article/synth
func BenchmarkWriteJSONL(b *testing.B) {
	g := New(Options{Seed: 1})
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := g.WriteJSONL(&buf, 0, 100); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100*DefaultParagraphs), "ns/paragraph")
}
