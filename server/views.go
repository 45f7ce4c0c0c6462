package server

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fangtan/article"
	"fangtan/article/region"
	"fangtan/index/model"
)

// The view models of the pages: plain data for the templates, built by
// pure functions of search results and the query string (no HTTP), so
// views_test.go checks them without a server.

// facetLabels are the Chinese names of the facets and filters.
var facetLabels = map[string]string{
	"province": "省份", "city": "城市", "district": "区县",
	"year": "年份", "source": "来源", "speaker": "发言人",
}

// exampleQueries are offered on the start page and in the empty state.
var exampleQueries = []string{"储能", "制造业当家", "专精特新", "新质生产力", "产业园区"}

// facetShown is how many values of a facet are listed before "更多".
const facetShown = 8

// searchPage is the data of search.html.
type searchPage struct {
	Q        string
	Search   *searchView
	Examples []link
}

// searchView is everything of a search below the search box: the part the
// script re-renders while the user types.
type searchView struct {
	Q        string
	Browsing bool // no query: everything, newest first
	Total    int
	Groups   int
	Grouped  bool
	TookMS   string
	Hits     []hitView
	Regions  []*regionNode
	Facets   []facetView
	Chips    []chip
	ClearURL string
	Chart    *chart
	Pages    []pageLink
	Prev     string
	Next     string
	Page     int
	LastPage int
	GroupURL string
	SortURL  string
	// Reposted is how many matching paragraphs are copies (转载) the list
	// shows once; CollapseURL switches between showing them once and
	// every copy (Uncollapsed)
	Reposted    int
	Uncollapsed bool
	CollapseURL string
	SortByDay   bool
	Hidden      []param // the current filters, as hidden form fields
	Fewer       *link   // the query without its last word, for the empty state
	Examples    []link
	Error       *errorPage
	Forgive     *forgiveView // a corrected query (forgiving.go)
	Related     []link       // related searches (forgiving.go)
	Popular     []link       // 热门搜索 on the start page (popular.go)
}

type param struct{ Name, Value string }

type link struct {
	Text string
	URL  string
}

type hitView struct {
	Title    string
	URL      string // where the title links: the original page when known, else LocalURL
	LocalURL string // the hit on fangtan's article page
	External bool   // URL is the original page, on another site
	Meta     []string
	Section  string
	Snippet  template.HTML // the index's escaped HTML with <mark>
	Caption  bool
	Matches  int
	// Reposts is how many other sites' copies hold the paragraph, listed
	// on the article page at RepostsURL
	Reposts    int
	RepostsURL string
	Position   int // 1-based position in the list, for keyboard navigation
}

type facetValue struct {
	Value  string
	Count  int
	Active bool
	URL    string
}

type facetView struct {
	Field  string
	Label  string
	Values []facetValue // the first facetShown
	More   []facetValue // the rest, behind <details>
	Active int
}

type regionNode struct {
	facetValue
	Field    string
	Children []*regionNode
}

type chip struct {
	Label string
	Value string
	URL   string // the search without this filter
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis
}

// query is the normalized state of a page as URL parameters: the search
// page's (path "" is "/") or the figures page's ("/figures").
type query struct {
	v    url.Values
	path string
}

func (q query) url() string {
	path := q.path
	if path == "" {
		path = "/"
	}
	if len(q.v) == 0 {
		return path
	}
	return path + "?" + q.v.Encode()
}

func (q query) clone() query {
	v := url.Values{}
	for k, vs := range q.v {
		v[k] = slices.Clone(vs)
	}
	delete(v, "page") // any change of the search starts at page 1
	return query{v, q.path}
}

// toggle adds or removes one value of a filter.
func (q query) toggle(field, value string) string {
	c := q.clone()
	vs := c.v[field]
	if i := slices.Index(vs, value); i >= 0 {
		vs = slices.Delete(vs, i, i+1)
	} else {
		vs = append(vs, value)
	}
	if len(vs) == 0 {
		delete(c.v, field)
	} else {
		c.v[field] = vs
	}
	return c.url()
}

// set sets (or with "" removes) a single-valued parameter.
func (q query) set(key, value string) string {
	c := q.clone()
	if value == "" {
		delete(c.v, key)
	} else {
		c.v.Set(key, value)
	}
	return c.url()
}

func (q query) page(n int) string {
	c := q.clone()
	if n > 1 {
		c.v.Set("page", strconv.Itoa(n))
	}
	return c.url()
}

// pageParams keeps the parameters the search page understands, dropping
// empty ones and anything else (a tracking parameter on a shared link must
// not turn the page into an error).
func pageParams(in url.Values) url.Values {
	out := url.Values{}
	for _, k := range searchParams {
		if k == "facets" {
			continue
		}
		for _, v := range in[k] {
			if v = strings.TrimSpace(v); v != "" {
				out.Add(k, v)
			}
		}
	}
	return out
}

// articleLink is the article page of a hit, at its paragraph, carrying the
// query so the page can mark it.
func articleLink(id string, n int, q string) string {
	return articleWithQuery(id, q) + "#p" + strconv.Itoa(n)
}

// articleWithQuery is an article's page with the query it marks.
func articleWithQuery(id, q string) string {
	u := articleURL(id)
	if q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	return u
}

// sourceLink is the address of an original page (a hit's or an article's
// source_url) when a reader may follow it: http or https, in CleanURL's
// form, else "". Parsing cleans every source_url it reads, but a writer of
// the index may give anything, and the page must never link to a
// javascript: address.
func sourceLink(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := article.CleanURL(raw, nil)
	if err != nil {
		return ""
	}
	return u
}

// siteName names the site of an original page: the article's site, else
// the host of its address.
func siteName(site, src string) string {
	if site != "" {
		return site
	}
	if u, err := url.Parse(src); err == nil {
		return u.Hostname()
	}
	return src
}

// place is "惠州（惠阳）", "惠州" or "甘肃": the most specific region with its
// district.
func place(province, city, district string) string {
	switch {
	case city != "" && district != "":
		return city + "（" + district + "）"
	case city != "":
		return city
	case district != "":
		return province + "（" + district + "）"
	}
	return province
}

func hitViewOf(h model.Hit, q string, pos int) hitView {
	local := articleLink(h.ArticleID, h.Paragraph, q)
	hv := hitView{
		Title:    h.Title,
		URL:      local,
		LocalURL: local,
		Section:  h.Section,
		Snippet:  template.HTML(h.Snippet), // escaped by the index; only <mark> is markup
		Caption:  h.Kind == string(article.Caption),
		Matches:  h.Matches,
		Reposts:  h.Reposts,
		Position: pos,
	}
	if h.Reposts > 0 {
		hv.RepostsURL = articleWithQuery(h.ArticleID, q) + "#reposts"
	}
	if src := sourceLink(h.SourceURL); src != "" {
		hv.URL, hv.External = src, true
	}
	if hv.Title == "" {
		hv.Title = "（无标题）"
	}
	for _, m := range []string{place(h.Province, h.City, h.District), h.Date, h.Source, h.Speaker} {
		if m != "" {
			hv.Meta = append(hv.Meta, m)
		}
	}
	return hv
}

func facetValuesOf(field string, vals []model.FacetValue, active []string, q query) []facetValue {
	out := make([]facetValue, 0, len(vals))
	seen := map[string]bool{}
	for _, fv := range vals {
		seen[fv.Value] = true
		out = append(out, facetValue{Value: fv.Value, Count: fv.Count,
			Active: slices.Contains(active, fv.Value), URL: q.toggle(field, fv.Value)})
	}
	// a selected value the counts no longer list stays visible, so it can
	// be removed where it was chosen
	for _, a := range active {
		if !seen[a] {
			out = append(out, facetValue{Value: a, Active: true, URL: q.toggle(field, a)})
		}
	}
	return out
}

func facetViewOf(field string, vals []model.FacetValue, active []string, q query) facetView {
	all := facetValuesOf(field, vals, active, q)
	if field == "year" { // years read best in order, newest first
		slices.SortStableFunc(all, func(a, b facetValue) int { return strings.Compare(b.Value, a.Value) })
	}
	fv := facetView{Field: field, Label: facetLabels[field], Active: len(active)}
	if len(all) > facetShown {
		// keep selected values visible
		var shown, more []facetValue
		for _, v := range all {
			if len(shown) < facetShown || v.Active {
				shown = append(shown, v)
			} else {
				more = append(more, v)
			}
		}
		fv.Values, fv.More = shown, more
	} else {
		fv.Values = all
	}
	return fv
}

// regionTree nests the city facet under the provinces and the district
// facet under the cities, using the gazetteer to find each one's parent. A
// value whose parent is not listed stays at the top level.
func regionTree(facets map[string][]model.FacetValue, active map[string][]string, q query) []*regionNode {
	var roots []*regionNode
	provinces := map[string]*regionNode{}
	for _, v := range facetValuesOf("province", facets["province"], active["province"], q) {
		n := &regionNode{facetValue: v, Field: "province"}
		provinces[v.Value] = n
		roots = append(roots, n)
	}
	cities := map[string]*regionNode{}
	for _, v := range facetValuesOf("city", facets["city"], active["city"], q) {
		n := &regionNode{facetValue: v, Field: "city"}
		cities[v.Value] = n
		if parent := parentOf(v.Value, region.LevelCity, provinces, nil); parent != nil {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for _, v := range facetValuesOf("district", facets["district"], active["district"], q) {
		n := &regionNode{facetValue: v, Field: "district"}
		if parent := parentOf(v.Value, region.LevelCounty, provinces, cities); parent != nil {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}

// parentOf finds the listed node a division of the given level belongs to:
// its city when cities is given and lists it, else its province.
func parentOf(name string, level region.Level, provinces, cities map[string]*regionNode) *regionNode {
	divs := region.Lookup(name)
	for _, d := range divs {
		if d.Level == level && d.City != "" && cities[d.City] != nil {
			return cities[d.City]
		}
	}
	for _, d := range divs {
		if d.Level == level && provinces[d.Province] != nil {
			return provinces[d.Province]
		}
	}
	return nil
}

func pagination(cur, last int, q query) (pages []pageLink, prev, next string) {
	if last <= 1 {
		return nil, "", ""
	}
	if cur > 1 {
		prev = q.page(cur - 1)
	}
	if cur < last {
		next = q.page(cur + 1)
	}
	for n := 1; n <= last; n++ {
		switch {
		case n == 1 || n == last || (n >= cur-2 && n <= cur+2):
			pages = append(pages, pageLink{N: n, URL: q.page(n), Current: n == cur})
		case len(pages) > 0 && !pages[len(pages)-1].Gap:
			pages = append(pages, pageLink{Gap: true})
		}
	}
	return pages, prev, next
}

// chart is the bar chart of hits per year, drawn on the server as SVG.
type chart struct {
	Width, Height int
	Bars          []bar
	Baseline      int
	Undated       int // hits of articles without a date, not in any bar
}

type bar struct {
	Year   string
	Count  int
	URL    string
	Label  string // "2023 年：4 段"
	X, Y   int
	W, H   int
	TextX  int
	Active bool
}

// Chart geometry, in SVG user units (the SVG scales to its box).
const (
	chartHeight = 132
	chartTop    = 22  // room for the count above the tallest bar
	chartBottom = 24  // room for the year labels
	chartSlot   = 64  // horizontal space per year
	chartBarW   = 36  // bar width
	chartMinW   = 320 // a chart of one or two years stays this wide
)

// yearChart draws one bar per year, oldest left. A bar links to the search
// filtered to its year; the bar of the only selected year links back to all
// years.
func yearChart(vals []model.FacetValue, active []string, q query) *chart {
	if len(vals) == 0 {
		return nil
	}
	years := slices.Clone(vals)
	slices.SortFunc(years, func(a, b model.FacetValue) int { return strings.Compare(a.Value, b.Value) })
	maxCount := 0
	for _, y := range years {
		maxCount = max(maxCount, y.Count)
	}
	if maxCount == 0 {
		return nil
	}
	width := max(chartMinW, len(years)*chartSlot)
	offset := (width - len(years)*chartSlot) / 2
	plot := chartHeight - chartTop - chartBottom
	c := &chart{Width: width, Height: chartHeight, Baseline: chartHeight - chartBottom}
	for i, y := range years {
		h := max(2, int(math.Round(float64(plot)*float64(y.Count)/float64(maxCount))))
		x := offset + i*chartSlot + (chartSlot-chartBarW)/2
		b := bar{
			Year: y.Value, Count: y.Count,
			Label: fmt.Sprintf("%s 年：%d 段", y.Value, y.Count),
			X:     x, W: chartBarW, H: h, Y: c.Baseline - h,
			TextX:  x + chartBarW/2,
			Active: slices.Contains(active, y.Value),
		}
		c2 := q.clone()
		if len(active) == 1 && b.Active {
			delete(c2.v, "year")
		} else {
			c2.v["year"] = []string{y.Value}
		}
		b.URL = c2.url()
		c.Bars = append(c.Bars, b)
	}
	return c
}
