package index

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// collectFixture is an index of several segments per shard (one per Put)
// with replaced and deleted articles, many ties of score and date, and
// undated articles: everything the collector's segment arithmetic and
// ordering must get right.
func collectFixture(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(Options{Dir: t.TempDir(), Shards: 2, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	cities := []string{"惠州", "珠海", "韶关"}
	for i := 0; i < 30; i++ {
		date := fmt.Sprintf("2024-0%d-1%d", 1+i%3, i%2)
		if i%7 == 0 {
			date = ""
		}
		a := bodyArticle(fmt.Sprintf("c%02d", i), "储能访谈", date, cities[i%3],
			"发展储能产业。", "储能项目落地，储能企业集聚。", "新能源汽车。")
		if _, err := ix.Put(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 30; i += 5 { // replaced: the old documents are deleted in their segments
		a := bodyArticle(fmt.Sprintf("c%02d", i), "储能访谈", "2023-12-31", "惠州", "储能。", "储能与氢能。")
		if _, err := ix.Put(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Delete(context.Background(), "c03"); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestShardViewLocatesEveryDocument checks scorch's numbering of a
// snapshot's documents (scorch.go) against Bleve's own, on a shard of many
// segments (merges held off) with deleted documents: if a Bleve upgrade
// numbers them otherwise, every hit would be counted and shown as another
// document.
func TestShardViewLocatesEveryDocument(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shard")
	idx, err := bleve.NewUsing(path, docMapping, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	// the persister naps, so the batches stay segments of their own
	// (persisting merges them) and keep their deletions
	idx, err = bleve.OpenUsing(path, shardConfig(map[string]any{
		cfgUnsafeBatch:           true,
		"scorchPersisterOptions": map[string]any{"PersisterNapTimeMSec": 60000, "PersisterNapUnderNumFiles": 1000},
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for i := 0; i < 12; i++ {
		b := idx.NewBatch()
		for j := 0; j < 5; j++ {
			b.Index(fmt.Sprintf("d%02d-%d", i, j), map[string]any{fText: "储能"})
		}
		if i%3 == 2 {
			b.Delete(fmt.Sprintf("d%02d-1", i-1))
			b.Delete(fmt.Sprintf("d%02d-4", i-2))
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	v, err := viewShard(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	t.Logf("%d segments", len(v.segs))
	if len(v.segs) < 3 {
		t.Fatalf("the shard has %d segment(s): the test needs several", len(v.segs))
	}
	res, err := idx.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 12*5-8 {
		t.Fatalf("%d documents, want %d", len(res.Hits), 12*5-8)
	}
	seg := 0
	for _, h := range res.Hits {
		id, err := v.reader.InternalID(h.ID)
		if err != nil || id == nil {
			t.Fatalf("no internal ID for %s: %v", h.ID, err)
		}
		var doc uint64
		seg, doc = v.locate(id.Value(), seg)
		got, err := v.segs[seg].seg.DocID(doc)
		if err != nil || string(got) != h.ID {
			t.Errorf("document %d is %q in segment %d, Bleve says %q (%v)", id.Value(), got, seg, h.ID, err)
		}
	}
}

// orderedIDs are the IDs of the hits in their order.
func orderedIDs(res *model.Result) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// bleveReference is the search the collector replaces, run by Bleve's own
// collector: the IDs of every hit in order, the total and the facets.
func bleveReference(t *testing.T, ix *Index, req model.Request) ([]string, int, map[string][]model.FacetValue) {
	t.Helper()
	pq, err := querylang.Parse(req.Query, ix.syn)
	if err != nil {
		t.Fatal(err)
	}
	must, mustNot, should := textQuery(pq)
	q := compose(must, mustNot, should, buildFilters(&req), "", newRanker(pq))
	sr := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	sr.SortByCustom(sortOrder(req.Sort, len(must) == 0))
	addFacets(sr)
	res, err := ix.alias.Search(sr)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	facets := map[string][]model.FacetValue{}
	counted := splitFacets(res.Facets[fFacets])
	for _, name := range model.FacetFields {
		facets[name] = counted.values(name)
	}
	return ids, int(res.Total), facets
}

// TestCollectorAgreesWithBleve: fangtan's collector returns the hits,
// totals and facets Bleve's collector returned, in the same order (score,
// date, ID), page after page.
func TestCollectorAgreesWithBleve(t *testing.T) {
	ix := collectFixture(t)
	for _, req := range []model.Request{
		{Query: "储能"}, {Query: "储能", Sort: model.ByDateAsc}, {Query: "储能", Sort: model.ByDateDesc},
		{Query: "储能 -氢能"}, {Query: "储能企业"}, {Query: ""}, {Query: "", Sort: model.ByDateAsc},
	} {
		// Bleve knows no reposts, and the fixture's articles are copies
		// of one another: every copy is compared
		req.NoCollapse = true
		t.Run(fmt.Sprintf("%s/%s", req.Query, req.Sort), func(t *testing.T) {
			want, total, facets := bleveReference(t, ix, req)
			if len(want) < 10 {
				t.Fatalf("only %d hits: the fixture must give many", len(want))
			}
			// page by page with the cursor, and by page number
			var got []string
			next := ""
			for page := 1; ; page++ {
				r := req
				r.Page, r.Size, r.After = 1, 7, next
				res := find(t, ix, r)
				if res.Total != total {
					t.Fatalf("total %d, Bleve %d", res.Total, total)
				}
				byNumber := req
				byNumber.Page, byNumber.Size = page, 7
				if a, b := orderedIDs(res), orderedIDs(find(t, ix, byNumber)); !slices.Equal(a, b) {
					t.Fatalf("page %d: by cursor %v, by number %v", page, a, b)
				}
				if page == 1 && !reflect.DeepEqual(res.Facets, facets) {
					t.Errorf("facets\n got %v\nwant %v", res.Facets, facets)
				}
				got = append(got, orderedIDs(res)...)
				if res.Next == "" {
					break
				}
				next = res.Next
			}
			if !slices.Equal(got, want) {
				t.Errorf("order\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestColumnsFollowWrites: a write adds segments and a merge replaces
// them; the facets counted from the columns follow, and the columns of
// segments gone are forgotten.
func TestColumnsFollowWrites(t *testing.T) {
	ix := collectFixture(t)
	count := func() int {
		return facetMap(find(t, ix, model.Request{Query: "储能"}).Facets["city"])["珠海"]
	}
	before := count()
	a := bodyArticle("z1", "储能", "2024-05-01", "珠海", "珠海储能。")
	a.Paragraphs = append(a.Paragraphs, article.Paragraph{N: 2, Kind: article.Body, Text: "储能电站。"})
	putAll(t, ix, a)
	if got := count(); got != before+2 {
		t.Errorf("珠海 counts %d after adding two paragraphs to %d", got, before)
	}
	for i, s := range ix.shards {
		if err := compact(context.Background(), s, shardPath(ix.dir, i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := count(); got != before+2 {
		t.Errorf("珠海 counts %d after a merge, want %d", got, before+2)
	}
	ix.columns.mu.Lock()
	kept := len(ix.columns.segs)
	ix.columns.mu.Unlock()
	if kept != len(ix.shards) {
		t.Errorf("columns of %d segments kept, the shards have %d", kept, len(ix.shards))
	}
}

// TestEveryFacetFiltered: with a filter on every facet, each facet is
// counted in a pass of its own, without its own filter (multi-select),
// and the main pass counts none.
func TestEveryFacetFiltered(t *testing.T) {
	ix := collectFixture(t)
	for i, city := range []string{"惠州", "珠海"} {
		a := bodyArticle(fmt.Sprintf("f%d", i), "储能", "2025-01-02", city, "储能电站。")
		a.District, a.Source = "惠阳", "南方日报"
		a.Paragraphs[0].Speaker = "王建国"
		putAll(t, ix, a)
	}
	res := find(t, ix, model.Request{Query: "储能", Province: []string{"广东"}, City: []string{"惠州"},
		District: []string{"惠阳"}, Year: []string{"2025"}, Source: []string{"南方日报"}, Speaker: []string{"王建国"}})
	if ids := orderedIDs(res); !slices.Equal(ids, []string{"f0-1"}) {
		t.Errorf("hits %v, want [f0-1]", ids)
	}
	if got := facetMap(res.Facets["city"]); got["珠海"] != 1 || got["惠州"] != 1 {
		t.Errorf("city facet without its own filter: %v", got)
	}
	if got := facetMap(res.Facets["year"]); got["2025"] != 1 || len(got) != 1 {
		t.Errorf("year facet: %v", got)
	}
	if len(res.Facets) != len(model.FacetFields) {
		t.Errorf("%d facets, want %d", len(res.Facets), len(model.FacetFields))
	}
}

// Bleve's own facet counting, the reference of the collector's.

// allFacetValues bounds the distinct values counted in one search: all of
// them, so that each facet's top values are exact.
const allFacetValues = 1 << 30

// addFacets asks a search to count the combined facet field.
func addFacets(sr *bleve.SearchRequest) {
	sr.AddFacet(fFacets, bleve.NewFacetRequest(fFacets, allFacetValues))
}

// splitFacets splits the combined field's counts in one pass over them.
func splitFacets(fr *search.FacetResult) facetCounts {
	fc := facetCounts{}
	if fr == nil || fr.Terms == nil {
		return fc
	}
	for _, t := range fr.Terms.Terms() {
		if name, v, ok := strings.Cut(t.Term, facetSep); ok {
			fc[name] = append(fc[name], model.FacetValue{Value: v, Count: t.Count})
		}
	}
	fc.sortAndCut()
	return fc
}

// TestMergedSegmentsHaveColumnsBeforeAnySearch: when scorch merges a
// shard's segments, the merged segment's columns are built then, in the
// background, not by the first search to read it (on a large index that
// search waited over a second). No search runs in this test, so only the
// merge can have built them.
func TestMergedSegmentsHaveColumnsBeforeAnySearch(t *testing.T) {
	ix := openTest(t)
	for i := range 6 {
		a := bodyArticle(fmt.Sprintf("m%d", i), "储能访谈", "2024-05-01", "惠州", fmt.Sprintf("第%d段谈新型储能产业。", i))
		if _, err := ix.Put(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	ix.warm.wg.Wait() // the warm-ups of the writes are done
	for _, s := range ix.shards {
		sc, err := scorchOf(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			t.Fatal(err)
		}
	}
	built := func() (missing int, segs int) {
		for _, s := range ix.shards {
			v, err := viewShard(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, sv := range v.segs {
				segs++
				ix.columns.mu.Lock()
				e, ok := ix.columns.segs[sv.seg]
				ix.columns.mu.Unlock()
				if !ok {
					missing++
					continue
				}
				select {
				case <-e.ready:
				default:
					missing++
				}
			}
			v.Close()
		}
		return missing, segs
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		missing, segs := built()
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d segments have no columns after the merge, and no search ran", missing, segs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
