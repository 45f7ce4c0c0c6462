package index

import (
	"context"
	"reflect"
	"testing"
)

// A repeated search is answered from the cache with the same result (its
// query echoed as typed), and no write is ever hidden by it.
func TestCacheRepeatsAndForgetsOnWrite(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	putAll(t, ix, bodyArticle("c1", "标题", "2024-01-01", "惠州", "惠州发展储能产业。"))

	first := find(t, ix, Request{Query: "储能", City: []string{"惠州"}})
	again := find(t, ix, Request{Query: " 储能 ", City: []string{"惠州"}})
	if first.Total != 1 || again.Total != 1 {
		t.Fatalf("totals %d, %d", first.Total, again.Total)
	}
	if again.Query != " 储能 " {
		t.Errorf("a cached answer echoes %q, not the query as typed", again.Query)
	}
	if !reflect.DeepEqual(first.Hits, again.Hits) || !reflect.DeepEqual(first.Facets, again.Facets) {
		t.Error("the repeated search differs from the first")
	}
	if ix.cache.lru.Len() != 1 {
		t.Errorf("the cache holds %d entries for one distinct request", ix.cache.lru.Len())
	}

	// every kind of write shows at once
	if _, err := ix.Put(ctx, bodyArticle("c2", "标题", "2024-02-01", "惠州", "储能电站投产。")); err != nil {
		t.Fatal(err)
	}
	if n := find(t, ix, Request{Query: "储能", City: []string{"惠州"}}).Total; n != 2 {
		t.Errorf("after a put: %d hits, want 2", n)
	}
	if err := ix.Delete(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if n := find(t, ix, Request{Query: "储能", City: []string{"惠州"}}).Total; n != 1 {
		t.Errorf("after a delete: %d hits, want 1", n)
	}
	putAll(t, ix, bodyArticle("c3", "标题", "2024-03-01", "惠州", "储能项目签约。"))
	if n := find(t, ix, Request{Query: "储能", City: []string{"惠州"}}).Total; n != 2 {
		t.Errorf("after a bulk load: %d hits, want 2", n)
	}

	// filters, paging and order are part of the key
	if n := find(t, ix, Request{Query: "储能", City: []string{"珠海"}}).Total; n != 0 {
		t.Errorf("another city's search got the cached answer: %d hits", n)
	}
	if n := len(find(t, ix, Request{Query: "储能", City: []string{"惠州"}, Page: 2, Size: 1}).Hits); n != 1 {
		t.Errorf("page 2 of size 1: %d hits", n)
	}
}
