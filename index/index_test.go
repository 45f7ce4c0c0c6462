package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// openTest opens an empty index in a temporary directory.
func openTest(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(Options{Dir: t.TempDir(), Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func putAll(t testing.TB, ix *Index, arts ...*article.Article) {
	t.Helper()
	if _, err := ix.PutAll(context.Background(), sliceNext(arts), nil); err != nil {
		t.Fatal(err)
	}
}

// sliceNext feeds PutAll from a slice.
func sliceNext(arts []*article.Article) func() (*article.Article, error) {
	i := 0
	return func() (*article.Article, error) {
		if i == len(arts) {
			return nil, io.EOF
		}
		i++
		return arts[i-1], nil
	}
}

func bodyArticle(id, title, date, city string, paras ...string) *article.Article {
	a := &article.Article{ID: id, Title: title, Date: date, Province: "广东", City: city}
	for i, p := range paras {
		a.Paragraphs = append(a.Paragraphs, article.Paragraph{N: i + 1, Kind: article.Body, Text: p})
	}
	return a
}

func find(t testing.TB, ix *Index, req model.Request) *model.Result {
	t.Helper()
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = 50
	}
	res, err := ix.Search(context.Background(), &req)
	if err != nil {
		t.Fatalf("search %q: %v", req.Query, err)
	}
	return res
}

// hitIDs are the IDs of the hits, sorted (orderedIDs keeps their order).
func hitIDs(res *model.Result) []string {
	ids := orderedIDs(res)
	sort.Strings(ids)
	return ids
}

// The traps of Bleve's stock cjk analyzer, each a named case.
func TestCtrlFTraps(t *testing.T) {
	ix := openTest(t)
	putAll(t, ix,
		bodyArticle("d1", "钢铁", "2024-01-02", "惠州", "钢铁行业是中国制造业的重要支柱。"),
		bodyArticle("d2", "钢材", "2023-05-06", "珠海", "制造业升级带动钢材需求。"),
		bodyArticle("d3", "创造", "2022-01-01", "韶关", "他们制造新产品，创造业绩。"),
		bodyArticle("d4", "炼钢", "", "惠州", "炼钢厂完成技术改造。"),
		bodyArticle("d5", "原料", "", "惠州", "原料：钢，铁，铜。"),
		bodyArticle("d8", "测试", "", "惠州", "这是制造，造业的测试。"),
		bodyArticle("d9", "全角", "", "惠州", "２０２４年５Ｇ基站建设提速，GDP增长。"),
	)
	cases := []struct {
		name, q string
		want    []string
	}{
		{"three characters are one phrase, not 制造 OR 造业", "制造业", []string{"d1-1", "d2-1"}},
		{"a single character finds every paragraph holding it", "钢", []string{"d1-1", "d2-1", "d4-1", "d5-1"}},
		{"no match across punctuation", "制造造业", nil},
		{"full-width digits are kept and folded", "2024", []string{"d9-1"}},
		{"half-width query finds full-width text", "5G", []string{"d9-1"}},
		{"full-width query finds full-width text", "５Ｇ基站", []string{"d9-1"}},
		{"Latin is case-insensitive", "gdp", []string{"d9-1"}},
		{"AND of terms", "制造业 钢材", []string{"d2-1"}},
		{"exclusion", "制造业 -钢材", []string{"d1-1"}},
		{"OR", "炼钢 OR 创造", []string{"d3-1", "d4-1"}},
		{"punctuation inside a term is matched literally", "钢，铁", []string{"d5-1"}},
		{"four characters", "中国制造", []string{"d1-1"}},
		{"five characters", "中国制造业", []string{"d1-1"}},
		{"a query longer than any text", "中国制造业的重要支柱还有很多", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := hitIDs(find(t, ix, model.Request{Query: c.q}))
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("%q: got %v, want %v", c.q, got, c.want)
			}
		})
	}
}

func TestFacetsAndFilters(t *testing.T) {
	ix := openTest(t)
	putAll(t, ix,
		bodyArticle("hz1", "惠州储能", "2023-08-04", "惠州", "新型储能产业发展。", "储能电站建设。"),
		bodyArticle("hz2", "惠州制造", "2022-03-01", "惠州", "储能产业基础扎实。"),
		bodyArticle("zh1", "珠海储能", "2024-08-26", "珠海", "储能设施纳入技改。"),
		bodyArticle("sg1", "韶关", "", "韶关", "韶关没有这个词。"),
	)
	res := find(t, ix, model.Request{Query: "储能"})
	if res.Total != 4 {
		t.Fatalf("total %d, want 4", res.Total)
	}
	city := facetMap(res.Facets["city"])
	if city["惠州"] != 3 || city["珠海"] != 1 || len(city) != 2 {
		t.Errorf("city facet %v", res.Facets["city"])
	}

	// multi-select: filtering to 惠州 keeps 珠海's count in the city facet
	// while the other facets follow the filter
	res = find(t, ix, model.Request{Query: "储能", City: []string{"惠州市"}})
	if res.Total != 3 {
		t.Errorf("filtered total %d, want 3 (惠州市 must match 惠州)", res.Total)
	}
	city = facetMap(res.Facets["city"])
	if city["珠海"] != 1 || city["惠州"] != 3 {
		t.Errorf("multi-select city facet %v", res.Facets["city"])
	}
	year := facetMap(res.Facets["year"])
	if year["2023"] != 2 || year["2022"] != 1 || year["2024"] != 0 {
		t.Errorf("year facet under the city filter %v", res.Facets["year"])
	}
	// facet counts equal filtered totals
	for _, fv := range res.Facets["year"] {
		r := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}, Year: []string{fv.Value}})
		if r.Total != fv.Count {
			t.Errorf("year %s: facet says %d, filtered search finds %d", fv.Value, fv.Count, r.Total)
		}
	}

	// a date filter leaves out undated articles
	res = find(t, ix, model.Request{Query: "", From: "2023-01-01"})
	if got := hitIDs(res); strings.Join(got, ",") != "hz1-1,hz1-2,zh1-1" {
		t.Errorf("from 2023: %v", got)
	}
	res = find(t, ix, model.Request{Query: "储能", To: "2022-12-31"})
	if got := hitIDs(res); strings.Join(got, ",") != "hz2-1" {
		t.Errorf("to 2022: %v", got)
	}

	// grouping: one hit per article, matches add up to the total
	res = find(t, ix, model.Request{Query: "储能", Group: true})
	sum := 0
	seen := map[string]bool{}
	for _, h := range res.Hits {
		if seen[h.ArticleID] {
			t.Errorf("article %s twice", h.ArticleID)
		}
		seen[h.ArticleID] = true
		sum += h.Matches
	}
	if sum != res.Total || res.Groups != 3 || len(res.Hits) != 3 {
		t.Errorf("grouped: %d groups, %d hits, matches sum %d, total %d", res.Groups, len(res.Hits), sum, res.Total)
	}

	// sort by date, undated last either way
	res = find(t, ix, model.Request{Query: "", Sort: model.ByDateAsc})
	var dates []string
	for _, h := range res.Hits {
		dates = append(dates, h.Date)
	}
	if strings.Join(dates, ",") != "2022-03-01,2023-08-04,2023-08-04,2024-08-26," {
		t.Errorf("date order %v", dates)
	}
}

func facetMap(vs []model.FacetValue) map[string]int {
	m := map[string]int{}
	for _, v := range vs {
		m[v.Value] = v.Count
	}
	return m
}

func TestWrites(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	a := bodyArticle("w1", "标题", "2024-01-01", "惠州", "第一段储能。", "第二段储能。", "第三段储能。")
	if changed, err := ix.Put(ctx, a); err != nil || !changed {
		t.Fatalf("first put: %v %v", changed, err)
	}
	if changed, err := ix.Put(ctx, bodyArticle("w1", "标题", "2024-01-01", "惠州", "第一段储能。", "第二段储能。", "第三段储能。")); err != nil || changed {
		t.Fatalf("re-putting an unchanged article must be a no-op: %v %v", changed, err)
	}
	if n := find(t, ix, model.Request{Query: "储能"}).Total; n != 3 {
		t.Fatalf("total %d", n)
	}
	// replacing with fewer paragraphs removes the old ones
	if _, err := ix.Put(ctx, bodyArticle("w1", "标题", "2024-01-01", "惠州", "只剩一段氢能。")); err != nil {
		t.Fatal(err)
	}
	if n := find(t, ix, model.Request{Query: "储能"}).Total; n != 0 {
		t.Errorf("old paragraphs still found: %d", n)
	}
	if n := find(t, ix, model.Request{Query: "氢能"}).Total; n != 1 {
		t.Errorf("new paragraph not found: %d", n)
	}
	if st := ix.Stats(); st.Articles != 1 || st.Paragraphs != 1 {
		t.Errorf("stats %+v", st)
	}
	got, err := ix.Article(ctx, "w1")
	if err != nil || got.Paragraphs[0].Text != "只剩一段氢能。" {
		t.Errorf("article: %v %v", got, err)
	}
	if err := ix.Delete(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	if n := find(t, ix, model.Request{Query: "氢能"}).Total; n != 0 {
		t.Errorf("deleted article still found")
	}
	if err := ix.Delete(ctx, "w1"); model.KindOf(err) != model.NotFound {
		t.Errorf("deleting twice: %v", err)
	}
	if _, err := ix.Article(ctx, "w1"); model.KindOf(err) != model.NotFound {
		t.Errorf("deleted article: %v", err)
	}
	if st := ix.Stats(); st.Articles != 0 || st.Paragraphs != 0 {
		t.Errorf("stats after delete %+v", st)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, ix, bodyArticle("r1", "t", "", "惠州", "重开以后还在。"))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if !Exists(dir) {
		t.Fatal("Exists is false after Open created the index")
	}
	ix, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := find(t, ix, model.Request{Query: "重开"}).Total; n != 1 {
		t.Errorf("after reopen: %d hits", n)
	}
	if st := ix.Stats(); st.Articles != 1 {
		t.Errorf("article count after reopen: %d", st.Articles)
	}
}

func TestRebuildSwitchesAtomically(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, ix, bodyArticle("old", "t", "", "惠州", "旧的索引。"))
	ix.Close()
	// a failing rebuild leaves the old index in place
	err = Rebuild(context.Background(), Options{Dir: dir}, func(nx *Index) error {
		putAll(t, nx, bodyArticle("new", "t", "", "惠州", "新的索引。"))
		return fmt.Errorf("disk full")
	})
	if err == nil {
		t.Fatal("the fill error was lost")
	}
	ix, _ = Open(Options{Dir: dir})
	if n := find(t, ix, model.Request{Query: "旧的"}).Total; n != 1 {
		t.Errorf("old index gone after a failed rebuild")
	}
	ix.Close()
	if err := Rebuild(context.Background(), Options{Dir: dir}, func(nx *Index) error {
		putAll(t, nx, bodyArticle("new", "t", "", "惠州", "新的索引。"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ix, _ = Open(Options{Dir: dir})
	defer ix.Close()
	if find(t, ix, model.Request{Query: "旧的"}).Total != 0 || find(t, ix, model.Request{Query: "新的"}).Total != 1 {
		t.Error("rebuild did not replace the index")
	}
}

func TestQueryErrors(t *testing.T) {
	ix := openTest(t)
	for _, q := range []string{"OR", "储能 OR", "OR 储能", "a OR OR b", strings.Repeat("储能 ", 40), manyORs(40), "储能 OR -氢能", "\xff\xfe"} {
		_, err := ix.Search(context.Background(), &model.Request{Query: q, Page: 1, Size: 10})
		if model.KindOf(err) != model.Invalid {
			t.Errorf("%q: want an Invalid error, got %v", q, err)
		}
	}
	// wildcards, fuzzy and field syntax are plain characters, not operators
	putAll(t, ix, bodyArticle("x", "t", "", "惠州", "经济~2 与 *号 和 a:b"))
	for _, q := range []string{"经济~2", "*号", "a:b", `"与 *号"`, `"未闭合的引号`} {
		if _, err := ix.Search(context.Background(), &model.Request{Query: q, Page: 1, Size: 10}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	if n := find(t, ix, model.Request{Query: "经济~2"}).Total; n != 1 {
		t.Errorf("经济~2 as text: %d", n)
	}
	if n := find(t, ix, model.Request{Query: "经济~3"}).Total; n != 0 {
		t.Errorf("经济~3 must not match: %d", n)
	}
	for _, r := range []model.Request{{Page: 0, Size: 10}, {Page: 1, Size: 0}, {Page: 1, Size: 10, From: "2024-13-01"},
		{Page: 1, Size: 10, From: "2024-02-01", To: "2024-01-01"}, {Page: 1, Size: 10, Sort: "score"}, {Page: 100000, Size: 50}} {
		if _, err := ix.Search(context.Background(), &r); model.KindOf(err) != model.Invalid {
			t.Errorf("%+v: want Invalid, got %v", r, err)
		}
	}
	// a filter value past the bound is refused under its own name
	_, err := ix.Search(context.Background(), &model.Request{Page: 1, Size: 10, Speaker: []string{strings.Repeat("欧", 65)}})
	if e, ok := errors.AsType[*model.Error](err); !ok || e.Kind != model.Invalid || e.Param != "speaker" {
		t.Errorf("a speaker of 65 characters: %v", err)
	}
}

// oracle is Ctrl+F over folded text: a paragraph matches when it holds every
// positive clause (any alternate) and no negated one.
func oracle(paras map[string]string, pq *querylang.Query) []string {
	var ids []string
	for id, text := range paras {
		f := normalize.String(text)
		ok := true
		for _, c := range pq.Clauses {
			any := false
			for _, a := range c.Alternates {
				if strings.Contains(f, a) {
					any = true
				}
			}
			if any == c.Negated {
				ok = false
			}
		}
		if ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

func manyORs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "词%d OR ", i)
	}
	return b.String() + "尾"
}

// A rebuild whose switch cannot be made durable (the directory's fsync
// fails) says so, and leaves the index it switched to in place: CURRENT
// names it, so removing it would leave no index at all.
func TestRebuildReportsAFailedDirectorySync(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Dir: dir, Shards: 2}
	ctx := context.Background()
	defer func(orig func(*os.File) error) { syncDir = orig }(syncDir)
	syncDir = func(*os.File) error { return errors.New("injected: EIO") }
	err := Rebuild(ctx, opts, func(ix *Index) error {
		putAll(t, ix, bodyArticle("s1", "t", "", "惠州", "储能。"))
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "EIO") {
		t.Fatalf("rebuild with a failing directory sync: %v", err)
	}
	syncDir = (*os.File).Sync
	ix, err := Open(opts)
	if err != nil {
		t.Fatalf("the switched-to index is gone: %v", err)
	}
	defer ix.Close()
	if n := find(t, ix, model.Request{Query: "储能"}).Total; n != 1 {
		t.Errorf("found %d, want 1", n)
	}
}
