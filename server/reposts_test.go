package server

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/article/synth"
)

// repostSite is a real index holding one seed interview as a city paper
// published it, four copies of it in other dress, three near misses that
// share some of its text, and the seed the near misses do not quote.
type repostSite struct {
	srv    *Server
	title  string // the paper's headline
	phrase string // of the interview, in every copy
}

// repostPhrase is in the sixth paragraph of the interview, which every
// copy keeps, and every dress keeps searchable (no glossed character).
const repostPhrase = "依托龙头企业引领"

// the copies' IDs and sources; the bureau's copy (same date as the paper,
// a government site) is the group's representative
var (
	repostIDs     = []string{"aggregator", "big5", "gov", "mobile", "paper"}
	nearMissIDs   = []string{"boilerplate", "follow-up", "other-interview"}
	repostSources = map[string]string{"paper": "临澜日报", "gov": "临澜市工业和信息化局", "big5": "某省新闻网",
		"mobile": "某某头条", "aggregator": "某某资讯"}
	repostPages = map[string]string{"paper": "https://paper.example.com/2024/0305/1.html",
		"gov": "https://gxj.linlan.example.gov.cn/art/2024/3/5/art_1.html", "big5": "https://big5.example.com/gate/big5/news/1.html",
		"mobile": "https://m.example.com/a/1", "aggregator": "https://news.zixun.example.com/article/1.html"}
)

func searchableOf(a *article.Article) []string {
	var out []string
	for _, p := range a.Paragraphs {
		if p.Kind.Searchable() && strings.TrimSpace(p.Text) != "" {
			out = append(out, p.Text)
		}
	}
	return out
}

func bodyOf(id, title, date string, paras ...string) *article.Article {
	a := &article.Article{ID: id, Title: title, Date: date, Province: "广东", City: "惠州"}
	for i, p := range paras {
		a.Paragraphs = append(a.Paragraphs, article.Paragraph{N: i + 1, Kind: article.Body, Text: p})
	}
	return a
}

// repostArticles are the copies (paper first) and the other articles.
func repostArticles(t testing.TB) (copies, others []*article.Article) {
	seeds := seedArticles(t)
	paper := synth.Repost(seeds[0], synth.Dress{ID: "paper", Source: "临澜日报", Site: "临澜日报网",
		SourceURL: repostPages["paper"], Date: "2024-03-05"})
	copies = []*article.Article{paper,
		synth.Repost(paper, synth.Dress{ID: "gov", Title: "系列访谈丨" + paper.Title, Source: "临澜市工业和信息化局",
			SourceURL: repostPages["gov"], Date: "2024-03-05"}),
		synth.Repost(paper, synth.Dress{ID: "big5", Title: normalize.ToTraditional(paper.Title), Source: "某省新闻网",
			SourceURL: repostPages["big5"], Date: "2024-03-06", Traditional: true}),
		synth.Repost(paper, synth.Dress{ID: "mobile", Title: "转载：" + paper.Title, Source: "某某头条",
			SourceURL: repostPages["mobile"], Date: "2024-03-07", Glossed: true, Cut: []int{3}}),
		synth.Repost(paper, synth.Dress{ID: "aggregator", Source: "某某资讯", Date: "2024-03-08",
			SourceURL: repostPages["aggregator"],
			FullWidth: true, Punctuation: true, Note: "（编者按：本文转自临澜日报，转载时有删节，图片来自网络。）"}),
	}
	body := searchableOf(paper)
	others = []*article.Article{
		// the same official in another interview: one paragraph in common
		bodyOf("other-interview", paper.Title, "2024-06-01", append([]string{body[0]}, searchableOf(seeds[1])...)...),
		// a report quoting one paragraph among its own
		bodyOf("boilerplate", "另一篇报道", "2024-04-01", append(searchableOf(seeds[2]), body[2])...),
		// a follow-up recalling two paragraphs
		bodyOf("follow-up", "一年之后再访", "2025-03-05", append([]string{body[1], body[4]}, searchableOf(seeds[3])[:6]...)...),
	}
	return copies, append(others, seeds[4:]...)
}

func newRepostSite(t testing.TB) *repostSite {
	t.Helper()
	copies, others := repostArticles(t)
	if !strings.Contains(searchableOf(copies[0])[5], repostPhrase) {
		t.Fatalf("the interview's sixth paragraph no longer holds %s", repostPhrase)
	}
	return &repostSite{
		srv:    newPageServer(t, liveIndex(t, append(copies, others...))),
		title:  copies[0].Title,
		phrase: repostPhrase,
	}
}

type repostHit struct {
	ArticleID string `json:"article_id"`
	Source    string `json:"source"`
	SourceURL string `json:"source_url"`
	Paragraph int    `json:"paragraph"`
	Reposts   int    `json:"reposts"`
	Matches   int    `json:"matches"`
}

type repostResult struct {
	Total            int `json:"total"`
	TotalWithReposts int `json:"total_with_reposts"`
	Groups           int `json:"groups"`
	Hits             []repostHit
	Facets           map[string][]struct {
		Value string
		Count int
	}
}

func (s *repostSite) search(t *testing.T, params string) repostResult {
	t.Helper()
	path := "/api/search?q=" + url.QueryEscape(`"`+s.phrase+`"`) + params
	w := do(s.srv, request{path: path})
	if w.Code != 200 {
		t.Fatalf("%s: %d %s", path, w.Code, w.Body)
	}
	var res repostResult
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res
}

func (r repostResult) ids() []string {
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ArticleID)
	}
	slices.Sort(ids)
	return ids
}

func (r repostResult) facet(name string) map[string]int {
	out := map[string]int{}
	for _, v := range r.Facets[name] {
		out[v.Value] = v.Count
	}
	return out
}

// TestAPISearchShowsARepostOnce: a phrase of the interview finds it once,
// from the bureau's copy, with 4 reposts; collapse=false lists every
// copy; facets count it once; a filter on the mirror's source finds the
// mirror's copy; group=article shows the group once.
func TestAPISearchShowsARepostOnce(t *testing.T) {
	s := newRepostSite(t)

	res := s.search(t, "")
	if len(res.Hits) != 1 || res.Hits[0].ArticleID != "gov" || res.Hits[0].Reposts != 4 {
		t.Fatalf("default: hits %+v, want the bureau's copy once with 4 reposts", res.Hits)
	}
	if h := res.Hits[0]; h.Source != "临澜市工业和信息化局" || h.SourceURL != repostPages["gov"] {
		t.Errorf("the hit shown: source %q, source_url %q", h.Source, h.SourceURL)
	}
	if res.Total != 1 || res.TotalWithReposts != 5 {
		t.Errorf("default: total %d, total_with_reposts %d, want 1 and 5", res.Total, res.TotalWithReposts)
	}
	if got := res.facet("source"); len(got) != 1 || got["临澜市工业和信息化局"] != 1 {
		t.Errorf("default: source facet %v, want the bureau once", got)
	}
	if got := res.facet("year"); got["2024"] != 1 {
		t.Errorf("default: year facet %v, want 2024 once", got)
	}

	for _, off := range []string{"false", "0"} {
		every := s.search(t, "&collapse="+off)
		if !slices.Equal(every.ids(), repostIDs) || every.Total != 5 || every.TotalWithReposts != 5 {
			t.Errorf("collapse=%s: hits %v, total %d (%d with reposts), want every copy, 5 (5)", off, every.ids(), every.Total, every.TotalWithReposts)
		}
		for _, h := range every.Hits {
			if h.Reposts != 4 {
				t.Errorf("collapse=%s: %s's hit has %d reposts, want 4", off, h.ArticleID, h.Reposts)
			}
		}
		src := every.facet("source")
		for id, name := range repostSources {
			if src[name] != 1 {
				t.Errorf("collapse=%s: source facet %v has no %s (%s) once", off, src, name, id)
			}
		}
	}
	for _, on := range []string{"true", "1"} {
		if got := s.search(t, "&collapse="+on); !slices.Equal(got.ids(), []string{"gov"}) {
			t.Errorf("collapse=%s: hits %v, want the bureau's copy", on, got.ids())
		}
	}
	for _, bad := range []string{"maybe", "no", "FALSE", "2"} {
		w := do(s.srv, request{path: "/api/search?q=" + url.QueryEscape(s.phrase) + "&collapse=" + bad})
		if w.Code != 400 {
			t.Errorf("collapse=%s: %d, want 400", bad, w.Code)
			continue
		}
		if _, msg := errorOf(t, w); !strings.Contains(msg, "collapse") || !strings.Contains(msg, bad) {
			t.Errorf("collapse=%s: message %q names neither the parameter nor the value", bad, msg)
		}
	}

	// a filter on a copy's source finds the paragraph through that copy
	for id, name := range repostSources {
		got := s.search(t, "&source="+url.QueryEscape(name))
		if len(got.Hits) != 1 || got.Hits[0].ArticleID != id {
			t.Errorf("source=%s: hits %v, want %s", name, got.ids(), id)
		}
	}

	grouped := s.search(t, "&group=article")
	if len(grouped.Hits) != 1 || grouped.Hits[0].ArticleID != "gov" || grouped.Hits[0].Reposts != 4 || grouped.Groups != 1 {
		t.Errorf("group=article: hits %+v, groups %d, want the bureau's copy once, 4 reposts", grouped.Hits, grouped.Groups)
	}
	if every := s.search(t, "&group=article&collapse=false"); !slices.Equal(every.ids(), repostIDs) || every.Groups != 5 {
		t.Errorf("group=article&collapse=false: hits %v, groups %d, want every copy", every.ids(), every.Groups)
	}

	// the editor's note is the aggregator's own
	w := do(s.srv, request{path: "/api/search?q=" + url.QueryEscape("转载时有删节")})
	var note repostResult
	if err := json.Unmarshal(w.Body.Bytes(), &note); err != nil || len(note.Hits) != 1 || note.Hits[0].ArticleID != "aggregator" || note.Hits[0].Reposts != 0 {
		t.Errorf("the editor's note: %d %s", w.Code, w.Body)
	}
}

type repostEntry struct {
	ID             string  `json:"id"`
	Title          string  `json:"title"`
	Source         string  `json:"source"`
	Site           *string `json:"site"`
	Date           string  `json:"date"`
	SourceURL      *string `json:"source_url"`
	Representative bool    `json:"representative"`
	URL            string  `json:"url"`
}

// TestAPIArticleListsItsReposts: /api/articles/{id} lists the other
// copies, the bureau's first; [] for a near miss.
func TestAPIArticleListsItsReposts(t *testing.T) {
	s := newRepostSite(t)
	reposts := func(id string) (raw json.RawMessage, list []repostEntry) {
		t.Helper()
		w := do(s.srv, request{path: "/api/articles/" + id})
		if w.Code != 200 {
			t.Fatalf("/api/articles/%s: %d %s", id, w.Code, w.Body)
		}
		var a struct{ Reposts json.RawMessage }
		if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(a.Reposts, &list); err != nil {
			t.Fatalf("/api/articles/%s: reposts %s: %v", id, a.Reposts, err)
		}
		return a.Reposts, list
	}
	for _, id := range repostIDs {
		_, list := reposts(id)
		var ids []string
		for i, r := range list {
			ids = append(ids, r.ID)
			if r.Representative != (r.ID == "gov") || r.Representative != (i == 0) && id != "gov" {
				t.Errorf("%s: copy %d is %s, representative %v: the bureau's copy must come first, alone marked", id, i, r.ID, r.Representative)
			}
			if r.URL != "/articles/"+r.ID || r.Title == "" || r.Date == "" || r.Source != repostSources[r.ID] || r.Site == nil || r.SourceURL == nil || *r.SourceURL != repostPages[r.ID] {
				t.Errorf("%s: copy %+v", id, r)
			}
		}
		slices.Sort(ids)
		want := slices.DeleteFunc(slices.Clone(repostIDs), func(x string) bool { return x == id })
		if !slices.Equal(ids, want) {
			t.Errorf("%s: reposts %v, want %v", id, ids, want)
		}
	}
	_, list := reposts("mobile")
	if len(list) == 4 {
		if g := list[0]; g.Title != "系列访谈丨"+s.title || *g.SourceURL != repostPages["gov"] || g.Date != "2024-03-05" {
			t.Errorf("the bureau's copy as the mobile copy lists it: %+v", g)
		}
	}
	for _, id := range append(slices.Clone(nearMissIDs), seedArticles(t)[4].ID) {
		if raw, _ := reposts(url.PathEscape(id)); string(raw) != "[]" {
			t.Errorf("%s is not a copy, yet its reposts are %s", id, raw)
		}
	}
	if w := do(s.srv, request{path: "/api/articles/nonesuch"}); w.Code != 404 {
		t.Errorf("/api/articles/nonesuch: %d", w.Code)
	}
}

var (
	repostsBlockRE = regexp.MustCompile(`(?s)<details class="doc-reposts" id="reposts">\s*<summary>(.*?)</summary>(.*?)</details>`)
	repostItemRE   = regexp.MustCompile(`(?s)<li><a href="([^"]*)">.*?(?:<a class="repost-source" href="([^"]*)" rel="noopener">原文</a>)?</li>`)
	resultRepostRE = regexp.MustCompile(`<p class="reposts"><a href="([^"]*)">(另有 \d+ 处转载)</a></p>`)
)

// TestPagesShowReposts: the article page of a copy shows 另有 4 处转载
// with a link to every other copy (首发 on the bureau's), a near miss's
// none; the results page shows the interview once, its line linking to
// that list.
func TestPagesShowReposts(t *testing.T) {
	s := newRepostSite(t)
	for _, id := range repostIDs {
		r := get(t, s.srv, "/articles/"+id)
		m := repostsBlockRE.FindStringSubmatch(r.body)
		if r.status != 200 || m == nil {
			t.Errorf("/articles/%s: %d, no list of reposts", id, r.status)
			continue
		}
		if m[1] != "另有 4 处转载" {
			t.Errorf("/articles/%s: summary %q", id, m[1])
		}
		var links []string
		for _, li := range repostItemRE.FindAllStringSubmatch(m[2], -1) {
			links = append(links, html.UnescapeString(li[1]))
			if other := strings.TrimPrefix(li[1], "/articles/"); html.UnescapeString(li[2]) != repostPages[other] {
				t.Errorf("/articles/%s: the item of %s links 原文 to %q, want %q", id, other, li[2], repostPages[other])
			}
			if tagged := strings.Contains(li[0], `<span class="tag">首发</span>`); tagged != (li[1] == "/articles/gov") {
				t.Errorf("/articles/%s: item %s tagged 首发 %v", id, li[1], tagged)
			}
		}
		var want []string
		for _, other := range repostIDs {
			if other != id {
				want = append(want, "/articles/"+other)
			}
		}
		slices.Sort(links)
		if !slices.Equal(links, want) {
			t.Errorf("/articles/%s: links %v, want %v", id, links, want)
		}
	}
	for _, id := range nearMissIDs {
		if r := get(t, s.srv, "/articles/"+id); r.status != 200 || strings.Contains(r.body, "doc-reposts") || strings.Contains(r.body, "处转载") {
			t.Errorf("/articles/%s: %d, shows reposts", id, r.status)
		}
	}

	q := `"` + s.phrase + `"`
	r := get(t, s.srv, "/?q="+url.QueryEscape(q))
	if n := strings.Count(r.body, `<h2 class="hit-title">`); n != 1 {
		t.Errorf("the results page shows %d hits, want 1", n)
	}
	m := resultRepostRE.FindAllStringSubmatch(r.body, -1)
	if len(m) != 1 || m[0][2] != "另有 4 处转载" || html.UnescapeString(m[0][1]) != "/articles/gov?q="+url.QueryEscape(q)+"#reposts" {
		t.Errorf("the results page's reposts links: %q", m)
	}
	// the link leads to the list
	if to := get(t, s.srv, html.UnescapeString(m[0][1])); !strings.Contains(to.body, `id="reposts"`) {
		t.Error("the page the link leads to has no #reposts")
	}
	if r := get(t, s.srv, "/?q="+url.QueryEscape("转载时有删节")); strings.Contains(r.body, "处转载</a>") {
		t.Error("the editor's note, the aggregator's own, shows reposts")
	}
}
