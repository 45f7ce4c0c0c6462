package figsearch

import (
	"testing"

	"fangtan/index/model"
)

func TestSearchWithoutIndex(t *testing.T) {
	p := Paragraph{ID: "a-1", ArticleID: "a", N: 1, Date: "2023-05-01", City: "惠州",
		Text: "2022年全区工业总产值达到800亿元。力争2025年全区新型储能产业产值突破350亿元，新增企业20家。"}
	all := New(&model.FigureRequest{Query: "产值", Page: 1, Size: 10}, []string{"产值"})
	all.Add(p)
	res := all.Result()
	if res.Total != 2 || all.Len() != 3 {
		t.Fatalf("产值: %d of %d figures: %+v", res.Total, all.Len(), res.Figures)
	}
	for _, f := range res.Figures {
		if got := f.Statement.Text[f.Statement.Marks[0].Start:f.Statement.Marks[0].End]; got != p.Text[f.Start:f.End] {
			t.Errorf("statement mark %q, figure %q", got, p.Text[f.Start:f.End])
		}
	}
	if got := res.Facets["kind"]; len(got) != 2 {
		t.Errorf("kind facet %v", got)
	}
	tgt := New(&model.FigureRequest{Query: "产值", Kind: []string{"target"}, Sort: model.FiguresByValueDesc, Page: 1, Size: 10}, []string{"产值"})
	tgt.Add(p)
	res = tgt.Result()
	if res.Total != 1 || res.Figures[0].Value != 350 || len(res.Facets["kind"]) != 2 {
		t.Errorf("kind=target: %+v, facets %v (the kind facet counts without its own filter)", res.Figures, res.Facets["kind"])
	}
	if err := Validate(&model.FigureRequest{Page: 1, Size: 10, Year: []string{"20x5"}}); model.KindOf(err) != model.Invalid {
		t.Errorf("a bad year: %v", err)
	}
}
