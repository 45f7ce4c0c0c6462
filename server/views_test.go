package server

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"fangtan/index/model"
)

// The view models are pure functions of a result and the query string:
// these tests build them with no server and no HTTP.

func TestHitViewOf(t *testing.T) {
	hv := hitViewOf(model.Hit{ArticleID: "a1", Paragraph: 4, Province: "广东", City: "惠州", District: "惠阳",
		Date: "2023-08-04", Source: "南方日报", Kind: "caption", Snippet: "新型<mark>储能</mark>"}, "储能 惠州", 3)
	if hv.Title != "（无标题）" || !hv.Caption || hv.Position != 3 {
		t.Errorf("hit view %+v", hv)
	}
	if !strings.HasPrefix(hv.URL, "/articles/a1?q=") || !strings.HasSuffix(hv.URL, "#p4") {
		t.Errorf("link %q: the article page at paragraph 4, carrying the query", hv.URL)
	}
	if strings.Join(hv.Meta, "|") != "惠州（惠阳）|2023-08-04|南方日报" {
		t.Errorf("meta %q", hv.Meta)
	}
}

func TestFacetValuesToggle(t *testing.T) {
	q := query{v: url.Values{"q": {"储能"}, "city": {"惠州"}}}
	vals := facetValuesOf("city", []model.FacetValue{{Value: "惠州", Count: 3}, {Value: "珠海", Count: 1}}, []string{"惠州", "韶关"}, q)
	got := map[string]facetValue{}
	for _, v := range vals {
		got[v.Value] = v
	}
	if v := got["惠州"]; !v.Active || strings.Contains(v.URL, "city=") {
		t.Errorf("an active value's link removes it: %+v", v)
	}
	if v := got["珠海"]; v.Active || !strings.Contains(v.URL, url.QueryEscape("珠海")) || !strings.Contains(v.URL, url.QueryEscape("惠州")) {
		t.Errorf("an inactive value's link adds it to the others: %+v", v)
	}
	if v, ok := got["韶关"]; !ok || !v.Active || v.Count != 0 {
		t.Errorf("a selected value the counts no longer list stays, to be removed: %+v", v)
	}
}

func TestPagination(t *testing.T) {
	q := query{v: url.Values{"q": {"储能"}}}
	pages, prev, next := pagination(6, 20, q)
	var shown []string
	for _, p := range pages {
		switch {
		case p.Gap:
			shown = append(shown, "…")
		case p.Current:
			shown = append(shown, "["+strconv.Itoa(p.N)+"]")
		default:
			shown = append(shown, strconv.Itoa(p.N))
		}
	}
	if strings.Join(shown, " ") != "1 … 4 5 [6] 7 8 … 20" {
		t.Errorf("pages %v", shown)
	}
	if !strings.Contains(prev, "page=5") || !strings.Contains(next, "page=7") {
		t.Errorf("prev %q next %q", prev, next)
	}
	if pages, prev, next := pagination(1, 1, q); pages != nil || prev != "" || next != "" {
		t.Error("one page needs no pagination")
	}
}
