package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/index"
)

// Issue 24: no request may make an endpoint spin. The index bounds the work
// of a suggestion, related searches and a figure search by fixed budgets of
// candidates and text (index/suggest.go, related.go, figures.go), not by
// the request's deadline. These tests index text made to defeat such
// bounds and ask every GET endpoint with one- and two-character queries;
// BenchmarkAdversarial shows how long each takes (about 100 ms at most is
// the aim), since a timed assertion would fail on a loaded machine.

// adversarialArticles is text made to be expensive: one character
// alternating with random others, one character repeated, one phrase
// repeated, very long paragraphs full of figures, and many tiny articles.
func adversarialArticles() []*article.Article {
	rng := rand.New(rand.NewPCG(24, 24))
	pool := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据")
	body := func(id, title string, paras []string) *article.Article {
		a := &article.Article{ID: id, Title: title, Date: "2024-05-01", Province: "广东", City: "惠州", Source: "惠州日报"}
		for i, p := range paras {
			a.Paragraphs = append(a.Paragraphs, article.Paragraph{N: i + 1, Kind: article.Body, Text: p})
		}
		return a
	}
	repeat := func(n int, f func(b *strings.Builder)) []string {
		out := make([]string, n)
		for i := range out {
			var b strings.Builder
			f(&b)
			out[i] = b.String()
		}
		return out
	}
	arts := []*article.Article{
		body("alternate", "储交替", repeat(300, func(b *strings.Builder) {
			for range 500 {
				b.WriteString("储")
				b.WriteRune(pool[rng.IntN(len(pool))])
			}
		})),
		body("one-character", "储储储", repeat(100, func(b *strings.Builder) { b.WriteString(strings.Repeat("储", 1000)) })),
		body("repetitive", "储能储能", repeat(100, func(b *strings.Builder) { b.WriteString(strings.Repeat("新型储能产业", 170)) })),
		body("long", "长段落", repeat(2, func(b *strings.Builder) {
			for b.Len() < 300_000 {
				fmt.Fprintf(b, "力争%d年储能产值突破%d亿元，", 2020+rng.IntN(10), rng.IntN(1000))
			}
		})),
	}
	for i := range 2000 {
		arts = append(arts, body(fmt.Sprintf("tiny-%04d", i), "小", []string{string([]rune{'储', pool[i%len(pool)]})}))
	}
	return arts
}

// liveIndex builds an index the way `fangtan index` does and opens it the
// way `fangtan serve` does: a Live over the generation.
func liveIndex(t testing.TB, arts []*article.Article) *index.Live {
	t.Helper()
	return liveIndexWith(t, arts, 0)
}

// liveIndexWith is liveIndex with the index's own deadline (0: its
// default): the adversarial tests ask for answers and leave timing to the
// benchmark, so their deadlines, the server's and the index's, are
// generous (under -race on a busy machine a bounded request can take
// seconds).
func liveIndexWith(t testing.TB, arts []*article.Article, timeout time.Duration) *index.Live {
	t.Helper()
	opts := index.Options{Dir: t.TempDir(), Shards: 1, Timeout: timeout}
	err := index.Rebuild(context.Background(), opts, func(ix *index.Index) error {
		i := 0
		_, err := ix.PutAll(context.Background(), func() (*article.Article, error) {
			if i == len(arts) {
				return nil, io.EOF
			}
			i++
			return arts[i-1], nil
		}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	live, err := index.OpenLive(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	return live
}

// adversarialQueries are one- and two-character queries, on the text above
// and beside it.
var adversarialQueries = []string{"储", "能", "储能", "储储", "产值", "1", "亿元", "的", "a", "，"}

// adversarialTargets are the GET endpoints, API and pages, for a query.
func adversarialTargets(q string) []string {
	e := url.QueryEscape(q)
	return []string{
		"/api/search?q=" + e,
		"/api/search?q=" + e + "&group=article",
		"/api/search?q=" + e + "&sort=-date&size=50&page=3",
		"/api/suggest?q=" + e,
		"/api/related?q=" + e,
		"/api/figures?q=" + e,
		"/api/figures?q=" + e + "&format=csv",
		"/api/popular",
		"/api/articles/alternate",
		"/?q=" + e,
		"/figures?q=" + e,
		"/articles/alternate?q=" + e,
		"/articles/long?q=" + e,
		"/embed?q=" + e,
	}
}

func TestAdversarialText(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes about 2 MB of text")
	}
	// generous deadlines: the test asks, the benchmark times
	srv, err := New(Config{Timeout: 5 * time.Minute}, IndexDeps(liveIndexWith(t, adversarialArticles(), 5*time.Minute)), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range adversarialQueries {
		for _, target := range adversarialTargets(q) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if !strings.HasPrefix(target, "/api/") {
				req.Header.Set("Accept", "text/html")
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Errorf("GET %s: %d %.300s", target, rec.Code, rec.Body.String())
				continue
			}
			if strings.HasPrefix(target, "/api/suggest") {
				var got struct {
					Suggestions []struct {
						Text  string `json:"text"`
						Count int    `json:"count"`
					} `json:"suggestions"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Errorf("GET %s: %v", target, err)
				}
				for _, s := range got.Suggestions {
					if !strings.HasPrefix(s.Text, normalize.String(q)) || s.Count < 1 {
						t.Errorf("GET %s: suggestion %+v", target, s)
					}
				}
			}
			if strings.HasPrefix(target, "/api/search?q=%E5%82%A8&") || target == "/api/search?q=%E5%82%A8" {
				var got struct {
					Total int `json:"total"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Total == 0 {
					t.Errorf("GET %s: total %d, err %v", target, got.Total, err)
				}
			}
		}
	}
}

// BenchmarkAdversarial times every GET endpoint on the adversarial text:
//
//	go test -run '^$' -bench Adversarial ./server
//
// each should answer within about 100 ms (ns/op under 1e8).
func BenchmarkAdversarial(b *testing.B) {
	srv, err := New(Config{}, IndexDeps(liveIndex(b, adversarialArticles())), nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"储", "储能"} {
		for _, target := range adversarialTargets(q) {
			b.Run(strings.TrimPrefix(target, "/"), func(b *testing.B) {
				for b.Loop() {
					req := httptest.NewRequest(http.MethodGet, target, nil)
					req.Header.Set("Accept", "text/html")
					rec := httptest.NewRecorder()
					srv.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("GET %s: %d", target, rec.Code)
					}
				}
			})
		}
	}
}

// The hole as it was reported: an article of 300 paragraphs of 1,000
// characters, one character alternating with random others, PUT through
// the admin API of a running server; suggesting that character answered
// 503 after 5 s, four times in a row. Every ask now answers 200 with
// suggestions that start with it (the deadline is generous: the benchmark
// times, the test asks; the old code ran past any deadline).
func TestSuggestAfterAdversarialPut(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 300,000 characters")
	}
	srv, err := New(Config{AdminToken: testToken, Timeout: 5 * time.Minute}, IndexDeps(liveIndexWith(t, nil, 5*time.Minute)), nil)
	if err != nil {
		t.Fatal(err)
	}
	alt := adversarialArticles()[0] // "alternate"
	body, _ := json.Marshal(map[string]any{"title": alt.Title, "paragraphs": alt.Paragraphs})
	w := do(srv, request{method: http.MethodPut, path: "/api/articles/alternate", body: string(body),
		header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}})
	if w.Code != http.StatusOK {
		t.Fatalf("PUT: %d %s", w.Code, w.Body)
	}
	for range 4 {
		var got struct {
			Suggestions []struct{ Text string } `json:"suggestions"`
		}
		if code := apiJSON(t, srv, "/api/suggest?q="+url.QueryEscape("储"), &got); code != http.StatusOK || len(got.Suggestions) == 0 {
			t.Fatalf("suggest: %d %+v", code, got)
		}
		for _, s := range got.Suggestions {
			if !strings.HasPrefix(s.Text, "储") {
				t.Errorf("suggestion %q", s.Text)
			}
		}
	}
}
