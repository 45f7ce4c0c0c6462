package index

import (
	"context"
	"strings"
	"testing"

	"fangtan/article/figure"
	"fangtan/index/model"
)

// TestFiguresSeeds: /api/figures?q=产值 on the seeds lists the stated 产值
// figures with value, unit, year, kind and place.
func TestFiguresSeeds(t *testing.T) {
	ix, _ := seedIndex(t)
	ctx := context.Background()
	res, err := ix.Figures(ctx, &model.FigureRequest{Query: "产值", Page: 1, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		ind  string
		v    float64
		unit string
		year int
		kind figure.Kind
		city string
	}
	got := map[key]model.FigureHit{}
	for _, f := range res.Figures {
		got[key{f.Indicator, f.Value, f.Unit, f.Year, f.Kind, f.City}] = f
	}
	for _, want := range []key{
		{"石化能源新材料产业集群产值", 4300, "亿元", 0, figure.Target, "惠州"},
		{"新型储能产业产值", 1200, "亿元", 0, figure.Target, "惠州"},
		{"新型储能产业产值", 350, "亿元", 2025, figure.Target, "惠州"},
		{"电子信息产业产值", 990, "亿元", 2022, figure.Actual, "惠州"},
		{"低空经济产业产值", 92.64, "亿元", 2024, figure.Actual, "珠海"},
	} {
		f, ok := got[want]
		if !ok {
			t.Errorf("missing %+v", want)
			continue
		}
		if !strings.Contains(f.Statement.HTML(), "<mark>") || !strings.Contains(f.Statement.HTML(), "亿元</mark>") {
			t.Errorf("%s: statement not marked: %s", want.ind, f.Statement.HTML())
		}
	}
	if f := got[key{"新型储能产业产值", 350, "亿元", 2025, figure.Target, "惠州"}]; f.District != "惠阳" || f.Scaled != 3.5e10 || f.Modifier != "突破" || f.Date != "2023-08-04" {
		t.Errorf("350亿元: %+v", f)
	}
	// every figure comes from a paragraph that holds the query
	for _, f := range res.Figures {
		if f.ParagraphID == "" || f.ArticleID == "" || f.Paragraph == 0 {
			t.Errorf("figure without its paragraph: %+v", f)
		}
	}
	if res.Total != len(res.Figures) || res.Total < 10 {
		t.Errorf("total %d, figures %d", res.Total, len(res.Figures))
	}

	// filters narrow the figures; the facet of a filtered field still
	// counts its other values
	tgt, err := ix.Figures(ctx, &model.FigureRequest{Query: "产值", Page: 1, Size: 100, Kind: []string{"target"}})
	if err != nil {
		t.Fatal(err)
	}
	if tgt.Total == 0 || tgt.Total >= res.Total {
		t.Fatalf("kind=target: %d of %d", tgt.Total, res.Total)
	}
	for _, f := range tgt.Figures {
		if f.Kind != figure.Target {
			t.Errorf("filtered figure %+v", f)
		}
	}
	kinds := map[string]int{}
	for _, v := range tgt.Facets["kind"] {
		kinds[v.Value] = v.Count
	}
	if kinds["actual"] == 0 || kinds["target"] != tgt.Total {
		t.Errorf("kind facet with kind=target: %v (total %d)", kinds, tgt.Total)
	}

	y2025, err := ix.Figures(ctx, &model.FigureRequest{Query: "产值", Page: 1, Size: 100, Year: []string{"2025"}})
	if err != nil {
		t.Fatal(err)
	}
	if y2025.Total != 1 || y2025.Figures[0].Value != 350 {
		t.Errorf("year=2025: %+v", y2025.Figures)
	}

	// indicator matches by containment, 规上 as 规模以上
	ind, err := ix.Figures(ctx, &model.FigureRequest{Page: 1, Size: 100, Indicator: []string{"规上工业增加值"}})
	if err != nil {
		t.Fatal(err)
	}
	if ind.Total < 3 {
		t.Errorf("indicator=规上工业增加值: %d figures", ind.Total)
	}
	for _, f := range ind.Figures {
		if !strings.Contains(f.Indicator, "规模以上工业增加值") {
			t.Errorf("indicator filter let through %q", f.Indicator)
		}
	}

	// sorted by value, largest first
	byValue, err := ix.Figures(ctx, &model.FigureRequest{Query: "产值", Page: 1, Size: 100, Unit: []string{"亿元"}, Sort: model.FiguresByValueDesc})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(byValue.Figures); i++ {
		if byValue.Figures[i].Scaled > byValue.Figures[i-1].Scaled {
			t.Fatalf("not sorted by value at %d: %g after %g", i, byValue.Figures[i].Scaled, byValue.Figures[i-1].Scaled)
		}
	}
	if byValue.Figures[0].Value != 5800 {
		t.Errorf("largest 产值 figure %+v", byValue.Figures[0])
	}

	for _, bad := range []*model.FigureRequest{
		{Page: 1, Size: 10, Kind: []string{"plan"}},
		{Page: 1, Size: 10, Year: []string{"20x5"}},
		{Page: 1, Size: 10, Sort: "size"},
	} {
		if _, err := ix.Figures(ctx, bad); model.KindOf(err) != model.Invalid {
			t.Errorf("%+v: err %v, want invalid", bad, err)
		}
	}
}

// A report headed by the year before its date states that year's results:
// the index gives the extractor the headline, not only the date.
func TestFiguresTakeTheHeadlinesYear(t *testing.T) {
	ix := openTest(t)
	putAll(t, ix, bodyArticle("report", "2023年临澜市工业经济运行情况", "2024-01-15", "惠州",
		"全市规模以上工业增加值增长6.5%，工业投资增长12.3%。"))
	res, err := ix.Figures(context.Background(), &model.FigureRequest{Page: 1, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Fatal("no figures")
	}
	for _, f := range res.Figures {
		if f.Year != 2023 || f.Kind != figure.Actual {
			t.Errorf("%s %v%s: year %d, kind %s; want 2023, actual", f.Indicator, f.Value, f.Unit, f.Year, f.Kind)
		}
	}
}
