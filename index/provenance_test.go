package index

import (
	"context"
	"testing"

	"fangtan/index/model"
)

// TestHitsCarrySourceURL: every hit carries its article's source_url, ""
// for an article without one, on a plain page, a page after a cursor, a
// grouped page, and a page sorted by date; the article keeps its
// provenance.
func TestHitsCarrySourceURL(t *testing.T) {
	ix := openTest(t)
	const src = "https://gxj.example.gov.cn/art/2024/5/6/art_1_9.html"
	crawled := bodyArticle("crawled", "有出处", "2024-05-06", "惠州", "新型储能产业发展迅速。", "储能电池项目投产。", "储能电站并网。")
	crawled.SourceURL, crawled.Site, crawled.FetchedAt = src, "某某市工业和信息化局", "2024-05-07T08:30:00+08:00"
	saved := bodyArticle("saved", "无出处", "2023-01-01", "珠海", "储能产业园开工。")
	putAll(t, ix, crawled, saved)

	check := func(what string, res *model.Result) {
		t.Helper()
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hits", what)
		}
		for _, h := range res.Hits {
			want := map[string]string{"crawled": src, "saved": ""}[h.ArticleID]
			if h.SourceURL != want {
				t.Errorf("%s: hit %s has source_url %q, want %q", what, h.ID, h.SourceURL, want)
			}
		}
	}
	check("search", find(t, ix, model.Request{Query: "储能"}))
	check("grouped", find(t, ix, model.Request{Query: "储能", Group: true}))
	check("by date", find(t, ix, model.Request{Query: "储能", Sort: "-date"}))
	first := find(t, ix, model.Request{Query: "储能", Size: 1})
	if first.Next == "" {
		t.Fatal("no cursor after a full page")
	}
	pages := 0
	for after := first.Next; after != ""; pages++ {
		res := find(t, ix, model.Request{Query: "储能", Size: 1, After: after})
		if len(res.Hits) == 0 {
			break // the last full page still gives a cursor
		}
		check("after a cursor", res)
		after = res.Next
	}
	if pages != 3 {
		t.Errorf("%d pages after the first, want 3", pages)
	}

	a, err := ix.Article(context.Background(), "crawled")
	if err != nil || a == nil {
		t.Fatal(a, err)
	}
	if a.SourceURL != src || a.Site != crawled.Site || a.FetchedAt != crawled.FetchedAt {
		t.Errorf("the article's provenance: %q %q %q", a.SourceURL, a.Site, a.FetchedAt)
	}
}
