package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// figuresSite is a server over the seeds, shared by the tests of this file.
func figuresSite(t *testing.T) *Server { return newPageServer(t, seedIndex(t)) }

func apiGet(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

type figuresJSON struct {
	Total   int `json:"total"`
	Figures []struct {
		Indicator, Unit, Modifier, Kind, Text, URL string
		Value, Scaled                              float64
		Year                                       int
		City, District, Date                       string
		ParagraphID                                string  `json:"paragraph_id"`
		ValueHigh                                  float64 `json:"value_high"`
	} `json:"figures"`
	Facets map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
}

// TestFiguresAPI: /api/figures?q=产值 on the seeds lists the stated 产值
// figures; the CSV holds the same rows; bad parameters are a 400 that
// names them.
func TestFiguresAPI(t *testing.T) {
	srv := figuresSite(t)
	rec := apiGet(t, srv, "/api/figures?q="+url.QueryEscape("产值")+"&size=50")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var res figuresJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Figures {
		if !strings.Contains(f.Indicator, "产值") && !strings.Contains(f.Text, "产值") {
			t.Errorf("a figure that does not name 产值: %+v", f)
		}
		if !strings.Contains(f.Text, "<mark>") || !strings.HasPrefix(f.URL, "/articles/") || !strings.Contains(f.URL, "#p") {
			t.Errorf("figure without marked statement or link: %+v", f)
		}
		if f.Indicator == "新型储能产业产值" && f.Value == 350 {
			found = true
			if f.Unit != "亿元" || f.Scaled != 3.5e10 || f.Year != 2025 || f.Kind != "target" || f.Modifier != "突破" ||
				f.City != "惠州" || f.District != "惠阳" || f.Date != "2023-08-04" {
				t.Errorf("350亿元: %+v", f)
			}
		}
	}
	if !found || res.Total != len(res.Figures) {
		t.Fatalf("total %d, %d figures, 350亿元 found: %v\n%s", res.Total, len(res.Figures), found, rec.Body)
	}
	for _, name := range []string{"indicator", "unit", "year", "kind"} {
		if len(res.Facets[name]) == 0 {
			t.Errorf("no %s facet", name)
		}
	}

	// the CSV: a BOM, a header, the same rows
	rec = apiGet(t, srv, "/api/figures?q="+url.QueryEscape("产值")+"&format=csv")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", rec.Code, rec.Header())
	}
	body := rec.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatal("the CSV has no UTF-8 byte-order mark (Excel would garble it)")
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != res.Total+1 || rows[0][0] != "指标" {
		t.Fatalf("csv has %d rows for %d figures; header %q", len(rows), res.Total, rows[0])
	}
	for i, f := range res.Figures {
		r := rows[i+1]
		if r[0] != f.Indicator || r[2] != strconv.FormatFloat(f.Value, 'f', -1, 64) || r[4] != f.Unit {
			t.Errorf("csv row %d %q, json %+v", i+1, r, f)
		}
	}

	for _, tc := range []struct{ query, param string }{
		{"kind=plan", "kind"},
		{"year=20x5", "year"},
		{"sort=size", "sort"},
		{"format=xml", "format"},
		{"size=51", "size"},
		{"citi=%E6%83%A0%E5%B7%9E", "citi"},
	} {
		rec := apiGet(t, srv, "/api/figures?"+tc.query)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `\"`+tc.param+`\"`) {
			t.Errorf("%s: %d %s", tc.query, rec.Code, rec.Body)
		}
	}
}

// TestFiguresPage: the table sorts by value with a link, the chart compares
// one indicator across places and years, and the search page links to the
// figures of the same search.
func TestFiguresPage(t *testing.T) {
	srv := figuresSite(t)
	r := get(t, srv, "/figures?q="+url.QueryEscape("产值")+"&sort=-value&unit="+url.QueryEscape("亿元"))
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	vals := regexp.MustCompile(`<td data-label="数值" class="num">(?:<span class="mod">[^<]*</span> )?([0-9.]+) `).FindAllStringSubmatch(r.body, -1)
	if len(vals) < 5 {
		t.Fatalf("%d rows", len(vals))
	}
	for i := 1; i < len(vals); i++ {
		a, _ := strconv.ParseFloat(vals[i-1][1], 64)
		b, _ := strconv.ParseFloat(vals[i][1], 64)
		if b > a {
			t.Errorf("sort=-value: %g after %g", b, a)
		}
	}
	if !strings.Contains(r.body, `aria-sort="descending"><a href="/figures?q=%E4%BA%A7%E5%80%BC&amp;sort=value&amp;unit=%E4%BA%BF%E5%85%83">数值`) {
		t.Error("the value column does not link to the ascending order")
	}
	if !strings.Contains(r.body, `<svg class="wide" viewBox=`) || !strings.Contains(r.body, `class="figbar is-target"`) {
		t.Error("no comparison chart")
	}
	if !strings.Contains(r.body, `href="/api/figures?format=csv&amp;q=%E4%BA%A7%E5%80%BC`) {
		t.Error("no CSV link")
	}

	// a chosen indicator: one bar per figure of it, places side by side
	r = get(t, srv, "/figures?indicator="+url.QueryEscape("规上工业增加值"))
	bars := regexp.MustCompile(`<a href="[^"]*" class="figbar[^"]*" aria-label="([^"]*)"`).FindAllStringSubmatch(r.body, -1)
	places := map[string]bool{}
	for _, b := range bars {
		places[strings.Fields(b[1])[0]] = true
	}
	if len(bars) < 2 || !places["韶关"] || !places["惠州（惠阳）"] {
		t.Errorf("chart of 规上工业增加值: %q", bars)
	}

	r = get(t, srv, "/figures?sort=size")
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "sort") {
		t.Errorf("bad sort: %d", r.status)
	}

	r = get(t, srv, "/?q="+url.QueryEscape("储能")+"&city="+url.QueryEscape("惠州"))
	if !strings.Contains(r.body, `<a class="tab" href="/figures?q=%e5%82%a8%e8%83%bd&city=%e6%83%a0%e5%b7%9e">数据</a>`) {
		t.Error("the search page has no 数据 tab with its query and filters")
	}
}
