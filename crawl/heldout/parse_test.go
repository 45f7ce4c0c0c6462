package heldout

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fangtan/article"
)

// TestParsePages: every article page by itself, fetched from the site,
// parses with article.ParsePage to its title and has its phrase in a body
// paragraph. GBK pages are decoded the way the crawler says it does
// (header charset → UTF-8) before ParsePage, and also given raw.
func TestParsePages(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, e := range s.Articles() {
		t.Run(e.Path, func(t *testing.T) {
			resp, err := srv.Client().Get(srv.URL + e.Path)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			check := func(label string, data []byte) {
				a, err := article.ParsePage(data, srv.URL+e.Path)
				if err != nil {
					t.Errorf("%s: ParsePage: %v", label, err)
					return
				}
				if a.Title != e.Title {
					t.Errorf("%s: title %q, want %q", label, a.Title, e.Title)
				}
				found := false
				for _, p := range a.Paragraphs {
					if p.Kind == article.Body && strings.Contains(p.Text, e.Phrase) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: phrase %q in no body paragraph (%d paragraphs)", label, e.Phrase, len(a.Paragraphs))
				}
			}
			if strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "gb2312") {
				utf, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
				if err != nil {
					t.Fatal(err)
				}
				check("decoded", utf)
				check("raw GBK", data)
				return
			}
			check("page", data)
		})
	}
}
