package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/article/synth"
	"fangtan/index/model"
)

// repostFixture is one seed interview as a city paper published it, four
// reposts of it in other dress, and three near misses: articles that share
// some of its text without being copies of it.
type repostFixture struct {
	orig                 *article.Article
	gov, trad, m, agg    *article.Article
	other, boiler, after *article.Article
	rest                 []*article.Article // seeds the near misses do not quote
}

func newRepostFixture(t testing.TB) *repostFixture {
	seeds := seedArticles(t)
	orig := synth.Repost(seeds[0], synth.Dress{ID: "paper", Source: "临澜日报", Site: "临澜日报网",
		SourceURL: "https://paper.example.com/2024/0305/1.html", Date: "2024-03-05"})
	// the near misses are made of seeds 1–3, which are not indexed
	// themselves (a near miss with all of another article is a copy of it)
	f := &repostFixture{orig: orig, rest: seeds[4:]}
	f.gov = synth.Repost(orig, synth.Dress{ID: "gov", Title: "系列访谈丨" + orig.Title, Source: "临澜市工业和信息化局",
		SourceURL: "https://gxj.linlan.example.gov.cn/art/2024/3/5/art_1.html", Date: "2024-03-05"})
	f.trad = synth.Repost(orig, synth.Dress{ID: "big5", Title: normalize.ToTraditional(orig.Title), Source: "某省新闻网",
		SourceURL: "https://big5.example.com/gate/big5/news/1.html", Date: "2024-03-06", Traditional: true})
	f.m = synth.Repost(orig, synth.Dress{ID: "mobile", Title: "转载：" + orig.Title, Source: "某某头条",
		SourceURL: "https://m.example.com/a/1", Date: "2024-03-07", Glossed: true, Cut: []int{3}})
	f.agg = synth.Repost(orig, synth.Dress{ID: "aggregator", Source: "某某资讯", Date: "2024-03-08",
		FullWidth: true, Punctuation: true, Note: "（编者按：本文转自临澜日报，转载时有删节，图片来自网络。）"})

	body := searchableTexts(orig)
	// the same official in another interview: a few sentences in common
	f.other = bodyArticle("other-interview", orig.Title, "2024-06-01", "惠州",
		append([]string{body[0]}, searchableTexts(seeds[1])...)...)
	// an article that quotes one paragraph of it among its own
	f.boiler = bodyArticle("boilerplate", "另一篇报道", "2024-04-01", "惠州",
		append(searchableTexts(seeds[2]), body[2])...)
	// a follow-up: its own report, recalling two paragraphs of the interview
	f.after = bodyArticle("follow-up", "一年之后再访", "2025-03-05", "惠州",
		append([]string{body[1], body[4]}, searchableTexts(seeds[3])[:6]...)...)
	return f
}

func (f *repostFixture) copies() []*article.Article {
	return []*article.Article{f.orig, f.gov, f.trad, f.m, f.agg}
}

func (f *repostFixture) all() []*article.Article {
	return append(append(f.copies(), f.other, f.boiler, f.after), f.rest...)
}

func searchableTexts(a *article.Article) []string {
	var out []string
	for _, p := range a.Paragraphs {
		if indexed(&p) {
			out = append(out, p.Text)
		}
	}
	return out
}

// groupIDs is the article IDs of an article's group, itself included and
// sorted; nil when it has no reposts.
func groupIDs(t testing.TB, ix *Index, id string) []string {
	t.Helper()
	rs, err := ix.Reposts(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		return nil
	}
	ids := []string{id}
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestRepostGroupsAndNearMisses(t *testing.T) {
	f := newRepostFixture(t)
	ix := openTest(t)
	putAll(t, ix, f.all()...)
	want := []string{"aggregator", "big5", "gov", "mobile", "paper"}
	for _, a := range f.copies() {
		if got := groupIDs(t, ix, a.ID); !slices.Equal(got, want) {
			t.Errorf("%s: group %v, want %v", a.ID, got, want)
		}
	}
	for _, a := range append([]*article.Article{f.other, f.boiler, f.after}, f.rest...) {
		if got := groupIDs(t, ix, a.ID); got != nil {
			t.Errorf("%s is grouped with %v", a.ID, got)
		}
	}
	rs, err := ix.Reposts(context.Background(), "mobile")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 || rs[0].ID != "gov" || !rs[0].Representative || rs[0].SourceURL == "" || rs[0].Title == "" {
		t.Errorf("the mobile copy's reposts do not start with the bureau's copy: %+v", rs)
	}
	if _, err := ix.Reposts(context.Background(), "nonesuch"); model.KindOf(err) != model.NotFound {
		t.Errorf("reposts of no article: %v", err)
	}
}

// probe is a phrase of the original's nth searchable paragraph that every
// dress keeps searchable (no glossed character, no digit or Latin letter).
func probe(t testing.TB, a *article.Article, n int) string {
	t.Helper()
	rs := []rune(searchableTexts(a)[n])
	for i := 0; i+8 <= len(rs); i++ {
		s := string(rs[i : i+8])
		if !strings.ContainsAny(s, "发展产增长济，。、；：“”（）！？0123456789") && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x3000 }) {
			return s
		}
	}
	t.Fatalf("no probe in paragraph %d", n)
	return ""
}

func TestSearchShowsARepostedParagraphOnce(t *testing.T) {
	f := newRepostFixture(t)
	ix := openTest(t)
	putAll(t, ix, f.all()...)
	q := probe(t, f.orig, 5)

	every := find(t, ix, model.Request{Query: q, NoCollapse: true})
	copies := 0
	for _, h := range every.Hits {
		if slices.Contains([]string{"paper", "gov", "big5", "mobile", "aggregator"}, h.ArticleID) {
			copies++
		}
	}
	if copies != 5 {
		t.Fatalf("collapse=false: %d copies of the paragraph found, want 5: %v", copies, hitIDs(every))
	}
	res := find(t, ix, model.Request{Query: q})
	var shown []model.Hit
	for _, h := range res.Hits {
		if h.ArticleID != "other-interview" && h.ArticleID != "boilerplate" && h.ArticleID != "follow-up" && !strings.HasSuffix(h.ArticleID, ".txt") {
			shown = append(shown, h)
		}
	}
	if len(shown) != 1 || shown[0].ArticleID != "gov" || shown[0].Reposts != 4 {
		t.Fatalf("collapsed: %+v, want the bureau's copy once with 4 reposts", shown)
	}
	if res.Total != every.Total-4 || res.TotalWithReposts != every.Total {
		t.Errorf("total %d (with reposts %d), want %d (%d)", res.Total, res.TotalWithReposts, every.Total-4, every.Total)
	}
	for _, h := range every.Hits {
		if h.ArticleID == "mobile" && h.Reposts != 4 {
			t.Errorf("collapse=false: the mobile copy's hit has %d reposts, want 4", h.Reposts)
		}
	}
	// the facets count the paragraph once, by the copy shown
	sources := map[string]int{}
	for _, v := range res.Facets["source"] {
		sources[v.Value] = v.Count
	}
	if sources["临澜市工业和信息化局"] != 1 || sources["某某头条"] != 0 || sources["临澜日报"] != 0 {
		t.Errorf("collapsed source facet %v", res.Facets["source"])
	}
	// a filter matches any copy: the mirror's source finds its copy
	byMirror := find(t, ix, model.Request{Query: q, Source: []string{"某某头条"}})
	if got := hitIDs(byMirror); len(got) != 1 || byMirror.Hits[0].ArticleID != "mobile" {
		t.Errorf("filtered by the mirror's source: %v", got)
	}

	// the paragraph the mobile copy cut: the others still show it once,
	// with three reposts
	cut := find(t, ix, model.Request{Query: probe(t, f.orig, 3)})
	for _, h := range cut.Hits {
		if h.ArticleID == "gov" && h.Reposts != 3 {
			t.Errorf("a paragraph one copy cut: %d reposts, want 3", h.Reposts)
		}
	}
	// the editor's note only the aggregator has is its own
	note := find(t, ix, model.Request{Query: "转载时有删节"})
	if len(note.Hits) != 1 || note.Hits[0].ArticleID != "aggregator" || note.Hits[0].Reposts != 0 {
		t.Errorf("the editor's note: %+v", note.Hits)
	}
}

func TestGroupByArticleCollapsesReposts(t *testing.T) {
	f := newRepostFixture(t)
	ix := openTest(t)
	putAll(t, ix, f.all()...)
	q := probe(t, f.orig, 5) + " OR " + probe(t, f.orig, 7)
	every := find(t, ix, model.Request{Query: q, Group: true, NoCollapse: true})
	res := find(t, ix, model.Request{Query: q, Group: true})
	var group []model.Hit
	for _, h := range res.Hits {
		if slices.Contains([]string{"paper", "gov", "big5", "mobile", "aggregator"}, h.ArticleID) {
			group = append(group, h)
		}
	}
	if len(group) != 1 || group[0].ArticleID != "gov" || group[0].Reposts != 4 || group[0].Matches < 2 {
		t.Fatalf("grouped: %+v, want the bureau's copy once, 4 reposts, its matches", group)
	}
	if res.Groups != every.Groups-4 {
		t.Errorf("groups %d, want %d", res.Groups, every.Groups-4)
	}
}

// Paging a collapsed search by cursor lists what paging by number lists.
func TestCollapsedPagesAgree(t *testing.T) {
	f := newRepostFixture(t)
	ix := openTest(t)
	putAll(t, ix, f.all()...)
	for _, sort := range []model.Sort{model.ByRelevance, model.ByDateAsc} {
		req := model.Request{Query: "发展", Sort: sort, NoFacets: true}
		total := find(t, ix, req).Total
		var byCursor, byNumber []string
		next := ""
		for page := 1; len(byNumber) < total; page++ {
			r := req
			r.Page, r.Size = page, 10
			byNumber = append(byNumber, orderedIDs(find(t, ix, r))...)
			r.Page, r.After = 1, next
			res := find(t, ix, r)
			byCursor = append(byCursor, orderedIDs(res)...)
			next = res.Next
		}
		if !slices.Equal(byCursor, byNumber) || len(byNumber) != total {
			t.Errorf("%q: by cursor %d hits, by number %d, total %d", sort, len(byCursor), len(byNumber), total)
		}
	}
}

// groupsOf is every article's group, as the index has it.
func groupsOf(t testing.TB, ix *Index, arts []*article.Article) map[string][]string {
	out := map[string][]string{}
	for _, a := range arts {
		out[a.ID] = groupIDs(t, ix, a.ID)
	}
	return out
}

// Copies added one by one, changed and deleted leave the groups a rebuild
// of what is left forms, and an index reopened has them too.
func TestRepostGroupsIncrementalEqualRebuild(t *testing.T) {
	f := newRepostFixture(t)
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(Options{Dir: dir, Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	all := f.all()
	for i := len(all) - 1; i >= 0; i-- { // copies last, the original after them
		if _, err := ix.Put(ctx, all[i]); err != nil {
			t.Fatal(err)
		}
	}
	// the bureau's copy goes: the paper's original, the earliest of the
	// rest, represents the group
	if err := ix.Delete(ctx, "gov"); err != nil {
		t.Fatal(err)
	}
	if rs, _ := ix.Reposts(ctx, "big5"); len(rs) != 3 || rs[0].ID != "paper" || !rs[0].Representative {
		t.Errorf("after the representative was deleted: %+v", rs)
	}
	// the mirror's page now carries another article: it leaves the group
	changed := synth.Repost(f.rest[0], synth.Dress{ID: "mobile", Date: "2024-03-07"})
	if _, err := ix.Put(ctx, changed); err != nil {
		t.Fatal(err)
	}
	final := slices.DeleteFunc(slices.Clone(all), func(a *article.Article) bool { return a.ID == "gov" || a.ID == "mobile" })
	final = append(final, changed)
	want := groupsOf(t, ix, final)
	if !slices.Equal(want["paper"], []string{"aggregator", "big5", "paper"}) || !slices.Equal(want["mobile"], slices.Sorted(slices.Values([]string{"mobile", f.rest[0].ID}))) {
		t.Fatalf("incremental groups: %v", want)
	}
	query := model.Request{Query: probe(t, f.orig, 5)}
	wantHits := orderedIDs(find(t, ix, query))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	reopened, err := Open(Options{Dir: dir, Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if got := groupsOf(t, reopened, final); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("reopened: %v, want %v", got, want)
	}
	rebuilt := openTest(t)
	putAll(t, rebuilt, final...)
	if got := groupsOf(t, rebuilt, final); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rebuilt: %v, want %v", got, want)
	}
	if got := orderedIDs(find(t, rebuilt, query)); !slices.Equal(got, wantHits) {
		t.Errorf("rebuilt search %v, incremental %v", got, wantHits)
	}
}

// A figure stated in an interview and its reposts counts once, from the
// copy searches show.
func TestFiguresCountARepostOnce(t *testing.T) {
	f := newRepostFixture(t)
	alone := openTest(t)
	putAll(t, alone, f.orig)
	ix := openTest(t)
	putAll(t, ix, f.copies()...)
	req := &model.FigureRequest{Page: 1, Size: 50}
	want, err := alone.Figures(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Figures(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if want.Total == 0 || got.Total != want.Total {
		t.Fatalf("%d figures with the reposts, %d in the interview alone", got.Total, want.Total)
	}
	for _, h := range got.Figures {
		if h.ArticleID != "gov" {
			t.Errorf("a figure is shown from %s, not from the bureau's copy", h.ArticleID)
		}
	}
}

// A copy that prints each sentence as a paragraph of its own, or joins
// paragraphs two by two, still shows the original's paragraphs once.
func TestRepostsInOtherParagraphs(t *testing.T) {
	f := newRepostFixture(t)
	for _, d := range []synth.Dress{{ID: "split", Date: "2024-03-09", Split: true}, {ID: "joined", Date: "2024-03-09", Join: true}} {
		ix := openTest(t)
		putAll(t, ix, f.orig, synth.Repost(f.orig, d))
		if got := groupIDs(t, ix, "paper"); len(got) != 2 {
			t.Fatalf("%s: group %v", d.ID, got)
		}
		for _, n := range []int{2, 5, 7} {
			res := find(t, ix, model.Request{Query: probe(t, f.orig, n)})
			if d.Split && (len(res.Hits) != 1 || res.Hits[0].ArticleID != "paper" || res.Hits[0].Reposts != 1) {
				t.Errorf("%s, paragraph %d: %v, want the original's paragraph once with 1 repost", d.ID, n, orderedIDs(res))
			}
			if !d.Split && (len(res.Hits) == 0 || res.Hits[0].ArticleID != "paper") {
				t.Errorf("%s, paragraph %d: %v, want the original's paragraph first", d.ID, n, orderedIDs(res))
			}
		}
	}
}
