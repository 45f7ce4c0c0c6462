package index

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// A repeated search is answered from the cache with the same result (its
// query echoed as typed), and no write is ever hidden by it.
func TestCacheRepeatsAndForgetsOnWrite(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	putAll(t, ix, bodyArticle("c1", "标题", "2024-01-01", "惠州", "惠州发展储能产业。"))

	first := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}})
	again := find(t, ix, model.Request{Query: " 储能 ", City: []string{"惠州"}})
	if first.Total != 1 || again.Total != 1 {
		t.Fatalf("totals %d, %d", first.Total, again.Total)
	}
	if again.Query != " 储能 " {
		t.Errorf("a cached answer echoes %q, not the query as typed", again.Query)
	}
	if !reflect.DeepEqual(first.Hits, again.Hits) || !reflect.DeepEqual(first.Facets, again.Facets) {
		t.Error("the repeated search differs from the first")
	}
	// a caller changing its result changes nobody else's
	again.Hits[0].Title = "改过"
	again.Facets["city"][0].Count = 99
	third := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}})
	if third.Hits[0].Title != "标题" || third.Facets["city"][0].Count != 1 {
		t.Errorf("a change to one answer reached the cache: %q, %d", third.Hits[0].Title, third.Facets["city"][0].Count)
	}
	if ix.cache.lru.Len() != 1 {
		t.Errorf("the cache holds %d entries for one distinct request", ix.cache.lru.Len())
	}

	// every kind of write shows at once
	if _, err := ix.Put(ctx, bodyArticle("c2", "标题", "2024-02-01", "惠州", "储能电站投产。")); err != nil {
		t.Fatal(err)
	}
	if n := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}}).Total; n != 2 {
		t.Errorf("after a put: %d hits, want 2", n)
	}
	if err := ix.Delete(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if n := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}}).Total; n != 1 {
		t.Errorf("after a delete: %d hits, want 1", n)
	}
	putAll(t, ix, bodyArticle("c3", "标题", "2024-03-01", "惠州", "储能项目签约。"))
	if n := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}}).Total; n != 2 {
		t.Errorf("after a bulk load: %d hits, want 2", n)
	}

	// filters, paging and order are part of the key
	if n := find(t, ix, model.Request{Query: "储能", City: []string{"珠海"}}).Total; n != 0 {
		t.Errorf("another city's search got the cached answer: %d hits", n)
	}
	if n := len(find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}, Page: 2, Size: 1}).Hits); n != 1 {
		t.Errorf("page 2 of size 1: %d hits", n)
	}
}

// Following "next" from page to page lists every hit once, in the same
// order as from/size paging, and reaches past the depth bound.
func TestAfterContinuesPastTheDepthBound(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(Options{Dir: t.TempDir(), Shards: 2, MaxDepth: 6})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []*article.Article
	for i := 0; i < 9; i++ {
		date := fmt.Sprintf("2024-01-%02d", 1+i%3) // ties on date: the ID decides
		arts = append(arts, bodyArticle(fmt.Sprintf("p%d", i), "标题", date, "惠州",
			"储能产业第一段。", strings.Repeat("储能", 1+i%4)+"第二段。"))
	}
	putAll(t, ix, arts...)

	for _, order := range []model.Sort{model.ByRelevance, model.ByDateDesc, model.ByDateAsc} {
		if _, err := ix.Search(ctx, &model.Request{Query: "储能", Sort: order, Page: 2, Size: 4}); model.KindOf(err) != model.Invalid {
			t.Fatalf("page 2 of 4 passes a depth bound of 6: %v", err)
		}
		var got []string
		after := ""
		for pages := 0; pages < 10; pages++ {
			// NoCollapse: some of the articles are copies of others
			res, err := ix.Search(ctx, &model.Request{Query: "储能", Sort: order, Page: 1, Size: 4, After: after, NoFacets: true, NoCollapse: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if res.Next == "" {
				break
			}
			after = res.Next
		}
		if len(got) != 18 {
			t.Errorf("%s: following next listed %d hits, want 18: %v", order, len(got), got)
		}
		first := find(t, ix, model.Request{Query: "储能", Sort: order, Size: 6, NoFacets: true, NoCollapse: true})
		for i, h := range first.Hits {
			if i < len(got) && got[i] != h.ID {
				t.Errorf("%s: hit %d is %s following next, %s paging", order, i, got[i], h.ID)
			}
		}
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Errorf("%s: %s listed twice", order, id)
			}
			seen[id] = true
		}
	}
	for _, bad := range []string{"x", "a.b.c.d", "!!.!!.!!", strings.Repeat("A", 2000)} {
		if _, err := ix.Search(ctx, &model.Request{Query: "储能", Page: 1, Size: 4, After: bad}); model.KindOf(err) != model.Invalid {
			t.Errorf("after=%q: %v, want an invalid-request error", bad, err)
		}
	}
}

// Grouping scans hits in batches: pages of articles far past the first
// batch list every article once, each with all its matching paragraphs.
func TestGroupPagesPastTheFirstBatch(t *testing.T) {
	ix := openTest(t)
	var arts []*article.Article
	const n = 150 // 450 matching paragraphs: more than two batches
	for i := 0; i < n; i++ {
		arts = append(arts, bodyArticle(fmt.Sprintf("g%03d", i), "标题", fmt.Sprintf("2024-%02d-01", 1+i%12), "惠州",
			"氢能产业第一段。", "氢能产业第二段。", "氢能"+strings.Repeat("产业", 1+i%5)+"第三段。"))
	}
	putAll(t, ix, arts...)
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		// NoCollapse: articles of equal i%5 are copies of one another
		res := find(t, ix, model.Request{Query: "氢能", Group: true, Page: page, Size: 50, NoFacets: true, NoCollapse: true})
		if res.Groups != n || res.Total != 3*n {
			t.Fatalf("page %d: %d groups, %d hits; want %d and %d", page, res.Groups, res.Total, n, 3*n)
		}
		if len(res.Hits) != 50 {
			t.Fatalf("page %d: %d hits", page, len(res.Hits))
		}
		for _, h := range res.Hits {
			if seen[h.ArticleID] {
				t.Errorf("page %d: %s again", page, h.ArticleID)
			}
			seen[h.ArticleID] = true
			if h.Matches != 3 {
				t.Errorf("%s: %d matches, want 3", h.ArticleID, h.Matches)
			}
		}
	}
	if len(seen) != n {
		t.Errorf("three pages of 50 listed %d articles, want %d", len(seen), n)
	}
}

// The cache holds results within its byte budget however big the pages
// are (a page of 50 hits with facets is tens of kilobytes), and its count
// of bytes stays true as entries come and go.
func TestCacheStaysWithinItsBytes(t *testing.T) {
	const budget = 256 << 10
	ix, err := Open(Options{Dir: t.TempDir(), Shards: 2, CacheBytes: budget})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []*article.Article
	long := strings.Repeat("新型储能产业链条不断延伸，项目落地速度加快。", 6)
	for i := range 60 {
		arts = append(arts, bodyArticle(fmt.Sprintf("b%02d", i), "储能", "2024-01-01", "惠州", long, long+"第二段", long+"第三段"))
	}
	putAll(t, ix, arts...)
	for page := 1; page <= 3; page++ {
		for _, q := range []string{"储能", "产业", "项目", "新型", "落地", "速度", "延伸", "链条"} {
			find(t, ix, model.Request{Query: q, Size: 50, Page: page, NoCollapse: true}) // the articles are copies
		}
	}
	var sum int64
	for _, k := range ix.cache.lru.Keys() {
		r, _ := ix.cache.lru.Peek(k)
		sum += entrySize(k, r)
	}
	if got := ix.cache.bytes.Load(); got != sum || got > budget {
		t.Errorf("the cache counts %d bytes, its entries hold %d, the budget is %d", got, sum, budget)
	}
	if ix.cache.lru.Len() == 0 || ix.cache.lru.Len() >= 24 {
		t.Errorf("%d of 24 results cached within %d bytes", ix.cache.lru.Len(), budget)
	}
	ix.changed()
	if got := ix.cache.bytes.Load(); got != 0 {
		t.Errorf("an emptied cache counts %d bytes", got)
	}
}

// A request refused for its cursor starts no facet search, and no facet
// search of any request outlives it.
func TestFacetSearchesEndWithTheRequest(t *testing.T) {
	ix := openTest(t)
	putAll(t, ix, bodyArticle("f1", "标题", "2024-01-01", "惠州", "惠州发展储能产业。"),
		bodyArticle("f2", "标题", "2024-01-02", "珠海", "珠海发展储能产业。"))
	var started, running atomic.Int64
	ix.onFacetSearch = func() func() {
		started.Add(1)
		running.Add(1)
		return func() { running.Add(-1) }
	}
	for range 50 {
		_, err := ix.Search(context.Background(), &model.Request{Query: "储能", City: []string{"惠州"}, Province: []string{"广东"},
			Page: 1, Size: 10, After: "not-a-cursor"})
		if model.KindOf(err) != model.Invalid {
			t.Fatalf("a bad cursor: %v", err)
		}
	}
	if n := started.Load(); n != 0 {
		t.Errorf("requests refused for their cursor started %d facet searches", n)
	}
	for range 20 {
		res := find(t, ix, model.Request{Query: "储能", City: []string{"惠州"}, Province: []string{"广东"}})
		if n := running.Load(); n != 0 {
			t.Fatalf("%d facet searches still running after the search returned", n)
		}
		if res.Facets["city"] == nil {
			t.Fatal("no city facet")
		}
		ix.changed() // no cache: every search counts its facets
	}
}
