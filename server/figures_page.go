package server

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fangtan/article/figure"
	"fangtan/index/model"
)

// The figures page, /figures?q=…: the figures of a search as a table that
// sorts by any column (links, so it works without JavaScript), facets to
// narrow them, and a chart comparing one indicator across places and years,
// drawn on the server as SVG.

// figuresPageSize is the rows of the table per page.
const figuresPageSize = 50

// figurePageParams are the parameters the page understands: the API's
// (without format, size) and chart, the indicator the chart compares.
var figurePageParams = []string{"q", "province", "city", "district", "source", "speaker", "from", "to",
	"kind", "indicator", "unit", "year", "sort", "page", "chart"}

var figureFacetLabels = map[string]string{"indicator": "指标", "unit": "单位", "year": "年份", "kind": "类型"}

// figuresPage is the data of figures.html.
type figuresPage struct {
	Q         string
	Hidden    []param
	Total     int
	Truncated bool
	Columns   []figureColumn
	Rows      []figureRow
	Facets    []facetView
	Chips     []chip
	ClearURL  string
	Chart     *figureChart
	Pages     []pageLink
	Prev      string
	Next      string
	Page      int
	LastPage  int
	SearchURL string // the paragraphs of the same search: the 「段落」 tab
	CSVURL    string
	APIURL    string
	Error     *errorPage
}

type figureColumn struct {
	Label string
	URL   string // sorts by this column ("" : not sortable)
	Sort  string // "ascending", "descending" or "" (aria-sort)
}

type figureRow struct {
	Indicator string
	Named     string
	Value     string // 350 亿元, 2～3 个
	Scaled    string // 3.5e10 元, for sorting by eye
	Modifier  string
	Year      string
	Kind      string
	Target    bool
	Place     string
	Date      string
	Statement template.HTML // escaped by the index, the statement one <mark>
	URL       string
}

func (p *pageServer) handleFigures(w http.ResponseWriter, r *http.Request) {
	r, cancel := p.withTimeout(r)
	defer cancel()
	params := url.Values{}
	for _, k := range figurePageParams {
		for _, v := range r.URL.Query()[k] {
			if v = strings.TrimSpace(v); v != "" {
				params.Add(k, v)
			}
		}
	}
	page, status, err := p.figures(r, params)
	if err != nil {
		st, title, msg, detail := p.failure(r, err)
		status = st
		page = &figuresPage{Q: params.Get("q"), SearchURL: "/?q=" + url.QueryEscape(params.Get("q")),
			Error: &errorPage{Status: st, Title: title, Message: msg, Detail: detail}}
	}
	p.render(w, r, status, "figures.html", "layout", page)
}

// figures runs the search of the page's parameters and builds the page.
func (p *pageServer) figures(r *http.Request, params url.Values) (*figuresPage, int, error) {
	api := url.Values{}
	for k, vs := range params {
		if k != "chart" && k != "page" {
			api[k] = vs
		}
	}
	req, err := p.s.parseFigures(api, maxCSVFigures)
	if err != nil {
		return nil, 0, err
	}
	pageN, err := intParam(params, "page", 1, 1, math.MaxInt)
	if err != nil {
		return nil, 0, err
	}
	// all figures at once: the chart compares across them, the table pages
	req.Page, req.Size = 1, maxCSVFigures
	res, err := p.s.runFigures(r.Context(), req)
	if err != nil {
		return nil, 0, err
	}
	q := query{params, "/figures"}
	fp := &figuresPage{Q: req.Query, Total: res.Total, Truncated: res.Truncated, Page: pageN}
	search := url.Values{}
	for _, k := range []string{"q", "province", "city", "district", "source", "speaker", "from", "to"} {
		if vs := params[k]; len(vs) > 0 {
			search[k] = vs
		}
	}
	fp.SearchURL = query{v: search}.url()
	csv := url.Values{}
	for k, vs := range api {
		csv[k] = vs
	}
	csv.Set("format", "csv")
	fp.CSVURL = "/api/figures?" + csv.Encode()
	fp.APIURL = "/api/figures?" + api.Encode()

	// the table: sortable columns, one page of rows
	cur := params.Get("sort")
	col := func(label, asc, desc string) figureColumn {
		c := figureColumn{Label: label}
		switch {
		case cur == asc:
			c.Sort = "ascending"
			if desc != "" {
				c.URL = q.set("sort", desc)
			} else {
				c.URL = q.set("sort", "")
			}
		case desc != "" && cur == desc:
			c.Sort = "descending"
			c.URL = q.set("sort", asc)
		default:
			if desc != "" {
				c.URL = q.set("sort", desc)
			} else {
				c.URL = q.set("sort", asc)
			}
		}
		return c
	}
	dateCol := figureColumn{Label: "日期", URL: q.set("sort", "")}
	if cur == "" || cur == "date" {
		dateCol.Sort = "descending"
	}
	fp.Columns = []figureColumn{
		col("指标", "indicator", ""), col("数值", "value", "-value"), col("年份", "year", "-year"),
		{Label: "类型"}, col("地区", "place", ""), dateCol, {Label: "原文"},
	}
	fp.LastPage = max(1, (res.Total+figuresPageSize-1)/figuresPageSize)
	if pageN > fp.LastPage && res.Total > 0 {
		return nil, 0, invalidParam("page", "there are %d pages", fp.LastPage)
	}
	from := (pageN - 1) * figuresPageSize
	for _, f := range res.Figures[min(from, len(res.Figures)):min(len(res.Figures), from+figuresPageSize)] {
		fp.Rows = append(fp.Rows, figureRowOf(f, req.Query))
	}
	fp.Pages, fp.Prev, fp.Next = pagination(pageN, fp.LastPage, q)

	// facets and chips
	active := map[string][]string{"kind": req.Kind, "indicator": req.Indicator, "unit": req.Unit, "year": req.Year}
	for _, name := range model.FigureFacetFields {
		var vals []facetValue
		for _, fv := range res.Facets[name] {
			vals = append(vals, facetValue{Value: fv.Value, Count: fv.Count,
				Active: slices.Contains(active[name], fv.Value), URL: q.toggle(name, fv.Value)})
		}
		for _, a := range active[name] {
			if !slices.ContainsFunc(vals, func(v facetValue) bool { return v.Value == a }) {
				vals = append(vals, facetValue{Value: a, Active: true, URL: q.toggle(name, a)})
			}
		}
		if len(vals) == 0 {
			continue
		}
		for i := range vals {
			vals[i].Value = facetLabel(name, vals[i].Value)
		}
		fv := facetView{Field: name, Label: figureFacetLabels[name], Active: len(active[name])}
		if len(vals) > facetShown {
			fv.Values, fv.More = vals[:facetShown], vals[facetShown:]
		} else {
			fv.Values = vals
		}
		fp.Facets = append(fp.Facets, fv)
	}
	for _, name := range figureFilterParams {
		label := figureFacetLabels[name]
		if label == "" {
			label = facetLabels[name]
		}
		for _, v := range params[name] {
			fp.Chips = append(fp.Chips, chip{Label: label, Value: facetLabel(name, v), URL: q.toggle(name, v)})
			fp.Hidden = append(fp.Hidden, param{name, v})
		}
	}
	for _, k := range []string{"from", "to", "sort", "chart"} {
		if v := params.Get(k); v != "" {
			fp.Hidden = append(fp.Hidden, param{k, v})
		}
	}
	if len(fp.Chips) > 0 {
		fp.ClearURL = query{url.Values{"q": params["q"]}, "/figures"}.url()
		if req.Query == "" {
			fp.ClearURL = "/figures"
		}
	}
	fp.Chart = figureChartOf(res.Figures, params.Get("chart"), req.Indicator, q)
	return fp, http.StatusOK, nil
}

// facetLabel shows a figure facet value the way a reader says it.
func facetLabel(name, v string) string {
	switch {
	case name == "kind":
		if l := kindLabels[figure.Kind(v)]; l != "" {
			return l
		}
	case name == "year" && v == "0":
		return "未注明"
	}
	return v
}

func figureRowOf(f model.FigureHit, q string) figureRow {
	row := figureRow{
		Indicator: f.Indicator, Named: f.Named, Modifier: f.Modifier,
		Value: formatValue(f.Value, f.ValueHigh, f.Unit),
		Kind:  kindLabels[f.Kind], Target: f.Kind == figure.Target,
		Place: place(f.Province, f.City, f.District), Date: f.Date,
		Statement: template.HTML(f.Statement.HTML()), // escaped by package snippet; only <mark> is markup
		URL:       articleLink(f.ArticleID, f.Paragraph, q),
	}
	if f.BaseUnit != "" && f.BaseUnit != f.Unit {
		row.Scaled = "= " + groupDigits(strconv.FormatFloat(f.Scaled, 'f', -1, 64)) + " " + f.BaseUnit
	}
	if f.Year != 0 {
		row.Year = strconv.Itoa(f.Year)
	}
	return row
}

// groupDigits puts thousands separators into a number: 9264000000 →
// 9,264,000,000.
func groupDigits(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// formatValue writes a value as a reader expects it: 350 亿元, 2～3 个, 10.7%.
func formatValue(v, high float64, unit string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if high != 0 {
		s += "～" + strconv.FormatFloat(high, 'f', -1, 64)
	}
	if unit == "%" {
		return s + "%"
	}
	return s + " " + unit
}

// ---- the comparison chart ----

// figureChart compares the figures of one indicator, in one unit, across
// places and years: one horizontal bar per figure, grouped by place, the
// bar's length its value (targets drawn hollow).
type figureChart struct {
	Indicator string
	Unit      string
	Width     int
	Height    int
	LabelW    int
	Rows      []chartRow
	NHeight   int    // of the narrow chart
	Omitted   int    // figures of the indicator in other units, or past the bar limit
	Choices   []link // other indicators that can be compared
}

type chartRow struct {
	// the narrow chart (phones): the label on a line above the bar
	NY, NTextY, NBarY, NBarW, NValueX int

	Place   string
	Detail  string // 2025 年 · 目标
	Value   string
	Label   string // for screen readers and the tooltip
	URL     string
	Y       int
	TextY   int
	BarY    int
	BarW    int
	ValueX  int
	Target  bool
	NewCity bool // the first bar of its place: the place is written
}

// Chart geometry, in SVG user units; the SVG scales to its box.
const (
	figChartW      = 640
	figChartLabelW = 190
	figChartRowH   = 30
	figChartBarH   = 16
	figChartTop    = 8
	figChartMax    = 24 // bars
	figChartValueW = 110

	// the narrow chart: 340 units wide, the label above each bar
	figNarrowW      = 340
	figNarrowRowH   = 46
	figNarrowValueW = 120
)

// figureChartOf picks the indicator to compare — the one asked for, else
// the first indicator filter, else the indicator stated most often in more
// than one place or year — and draws its figures in its most common unit.
func figureChartOf(figs []model.FigureHit, want string, filters []string, q query) *figureChart {
	type stat struct {
		n      int
		places map[string]bool
		years  map[int]bool
	}
	stats := map[string]*stat{}
	var order []string
	for _, f := range figs {
		s := stats[f.Indicator]
		if s == nil {
			s = &stat{places: map[string]bool{}, years: map[int]bool{}}
			stats[f.Indicator] = s
			order = append(order, f.Indicator)
		}
		s.n++
		s.places[place(f.Province, f.City, f.District)] = true
		s.years[f.Year] = true
	}
	comparable := func(ind string) bool {
		s := stats[ind]
		return s != nil && s.n > 1 && (len(s.places) > 1 || len(s.years) > 1)
	}
	var cands []string
	for _, ind := range order {
		if comparable(ind) {
			cands = append(cands, ind)
		}
	}
	slices.SortStableFunc(cands, func(a, b string) int { return stats[b].n - stats[a].n })
	chosen := ""
	match := func(f model.FigureHit) bool { return f.Indicator == chosen }
	switch {
	case want != "":
		chosen = want
	case len(filters) > 0:
		chosen = figure.Normalise(filters[0])
		match = func(f model.FigureHit) bool { return strings.Contains(f.Indicator, chosen) }
	case len(cands) > 0:
		chosen = cands[0]
	default:
		return nil
	}
	// the most common unit of the chosen figures
	units := map[string]int{}
	var chosenFigs []model.FigureHit
	for _, f := range figs {
		if match(f) {
			chosenFigs = append(chosenFigs, f)
			units[f.Unit]++
		}
	}
	if len(chosenFigs) == 0 {
		return nil
	}
	unit := ""
	for u, n := range units {
		if n > units[unit] || n == units[unit] && u < unit {
			unit = u
		}
	}
	c := &figureChart{Indicator: chosen, Unit: unit, Width: figChartW, LabelW: figChartLabelW}
	var rows []model.FigureHit
	for _, f := range chosenFigs {
		if f.Unit == unit {
			rows = append(rows, f)
		} else {
			c.Omitted++
		}
	}
	slices.SortStableFunc(rows, func(a, b model.FigureHit) int {
		pa, pb := place(a.Province, a.City, a.District), place(b.Province, b.City, b.District)
		if pa != pb {
			return strings.Compare(pa, pb)
		}
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return strings.Compare(string(a.Kind), string(b.Kind))
	})
	if len(rows) > figChartMax {
		c.Omitted += len(rows) - figChartMax
		rows = rows[:figChartMax]
	}
	top := 0.0
	for _, f := range rows {
		top = math.Max(top, math.Max(f.Value, f.ValueHigh))
	}
	barSpace := figChartW - figChartLabelW - figChartValueW
	narrowSpace := figNarrowW - figNarrowValueW
	lastPlace := ""
	y, ny := figChartTop, figChartTop
	for _, f := range rows {
		pl := place(f.Province, f.City, f.District)
		if pl == "" {
			pl = "（未知地区）"
		}
		year := "未注明年份"
		if f.Year != 0 {
			year = strconv.Itoa(f.Year) + " 年"
		}
		v := math.Max(f.Value, f.ValueHigh)
		w, nw := 2, 2
		if top > 0 {
			w = max(2, int(math.Round(float64(barSpace)*v/top)))
			nw = max(2, int(math.Round(float64(narrowSpace)*v/top)))
		}
		r := chartRow{
			Place: pl, Detail: year + " · " + kindLabels[f.Kind],
			Value: modPrefix(f.Modifier) + formatValue(f.Value, f.ValueHigh, f.Unit),
			URL:   articleURL(f.ArticleID) + "#p" + strconv.Itoa(f.Paragraph),
			Y:     y, TextY: y + figChartBarH - 3, BarY: y + 2, BarW: w,
			ValueX: figChartLabelW + w + 6, Target: f.Kind == figure.Target, NewCity: pl != lastPlace,
			NY: ny, NTextY: ny + 15, NBarY: ny + 22, NBarW: nw, NValueX: nw + 6,
		}
		ny += figNarrowRowH
		r.Label = fmt.Sprintf("%s %s：%s", pl, r.Detail, r.Value)
		lastPlace = pl
		c.Rows = append(c.Rows, r)
		y += figChartRowH
	}
	c.Height = y + figChartTop
	c.NHeight = ny + figChartTop
	for _, ind := range cands {
		if ind != chosen && len(c.Choices) < 8 {
			c.Choices = append(c.Choices, link{ind, q.set("chart", ind)})
		}
	}
	return c
}

// modPrefix is a modifier as it reads before a value: 超 350 亿元.
func modPrefix(m string) string {
	switch m {
	case "超", "突破", "约", "近", "最高", "不少于", "不超过", "同比增长", "同比下降", "年均增长", "增长", "下降":
		return m + " "
	case "以上", "以下", "左右", "多":
		return "" // written after the value in the table; the bar shows the value
	}
	return ""
}
