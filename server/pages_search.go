package server

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"fangtan/index/model"
)

func (p *pageServer) handleSearch(w http.ResponseWriter, r *http.Request) {
	r, cancel := p.withTimeout(r)
	defer cancel()
	params := pageParams(r.URL.Query())
	view, status, err := p.search(r, params)
	if err != nil {
		p.searchError(w, r, params.Get("q"), err)
		return
	}
	p.renderSearch(w, r, status, params.Get("q"), view)
}

// searchError answers the search page with err in place of the results, so
// search-as-you-type shows it where the results were.
func (p *pageServer) searchError(w http.ResponseWriter, r *http.Request, q string, err error) {
	status, title, msg, detail := p.failure(r, err)
	if e, _ := toError(err); e.Code == CodeBusy {
		w.Header().Set("Retry-After", "1")
	}
	view := &searchView{Q: q, Examples: examples(),
		Error: &errorPage{Status: status, Title: title, Message: msg, Detail: detail, Q: q}}
	p.renderSearch(w, r, status, q, view)
}

// renderSearch renders the search page, or only its results for
// search-as-you-type.
func (p *pageServer) renderSearch(w http.ResponseWriter, r *http.Request, status int, q string, view *searchView) {
	w.Header().Set("Vary", partialHeader)
	if r.Header.Get(partialHeader) != "" {
		p.render(w, r, status, "search.html", "results", view)
		return
	}
	p.render(w, r, status, "search.html", "layout", &searchPage{Q: q, Search: view, Examples: examples()})
}

func examples() []link {
	out := make([]link, len(exampleQueries))
	for i, q := range exampleQueries {
		out[i] = link{q, "/?q=" + url.QueryEscape(q)}
	}
	return out
}

// search runs the search of the page's parameters and builds its view.
func (p *pageServer) search(r *http.Request, params url.Values) (*searchView, int, error) {
	req, err := p.s.parseSearch(params)
	if err != nil {
		return nil, 0, err
	}
	release, err := p.s.gate.acquire(r.Context())
	if err != nil {
		return nil, 0, err
	}
	res, err := p.s.search.Search(r.Context(), req)
	release()
	if err != nil {
		return nil, 0, err
	}
	if r.Header.Get(partialHeader) == "" { // typing is not searching yet
		p.s.logSearch(r, req, res)
	}
	q := query{v: params}
	v := &searchView{
		Q:         req.Query,
		Browsing:  req.Query == "",
		Total:     res.Total,
		Groups:    res.Groups,
		Grouped:   req.Group,
		TookMS:    strconv.FormatFloat(math.Round(float64(res.Took.Microseconds())/100)/10, 'f', -1, 64),
		Page:      req.Page,
		SortByDay: req.Sort == model.ByDateDesc,
		Examples:  examples(),
	}
	if req.Group {
		v.GroupURL = q.set("group", "")
	} else {
		v.GroupURL = q.set("group", "article")
	}
	// reposts: how many copies the list leaves out, and the switch
	v.Reposted = res.TotalWithReposts - res.Total
	v.Uncollapsed = req.NoCollapse
	if req.NoCollapse {
		v.CollapseURL = q.set("collapse", "")
	} else if v.Reposted > 0 {
		v.CollapseURL = q.set("collapse", "false")
	}
	if req.Sort == model.ByDateDesc {
		v.SortURL = q.set("sort", "")
	} else {
		v.SortURL = q.set("sort", "-date")
	}
	v.Forgive = forgiveViewOf(req, res, q, p.completions(r, req.Query))
	v.Related = p.relatedLinks(r, req, res, q)
	if v.Browsing {
		v.Popular = p.popularLinks(r)
	}
	for i, h := range res.Hits {
		v.Hits = append(v.Hits, hitViewOf(h, cmp(res.Query, req.Query), (req.Page-1)*req.Size+i+1))
	}
	active := map[string][]string{
		"province": req.Province, "city": req.City, "district": req.District,
		"year": req.Year, "source": req.Source, "speaker": req.Speaker,
	}
	v.Regions = regionTree(res.Facets, active, q)
	for _, f := range []string{"year", "source", "speaker"} {
		if fv := facetViewOf(f, res.Facets[f], active[f], q); len(fv.Values) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
	for _, f := range filterParams {
		for _, val := range active[f] {
			v.Chips = append(v.Chips, chip{Label: facetLabels[f], Value: val, URL: q.toggle(f, val)})
			v.Hidden = append(v.Hidden, param{f, val})
		}
	}
	for _, d := range []struct{ key, label string }{{"from", "起始日期"}, {"to", "截止日期"}} {
		if val := params.Get(d.key); val != "" {
			v.Chips = append(v.Chips, chip{Label: d.label, Value: val, URL: q.set(d.key, "")})
			v.Hidden = append(v.Hidden, param{d.key, val})
		}
	}
	if req.Group {
		v.Hidden = append(v.Hidden, param{"group", "article"})
	}
	if req.NoCollapse {
		v.Hidden = append(v.Hidden, param{"collapse", "false"})
	}
	if req.Sort != model.ByRelevance {
		v.Hidden = append(v.Hidden, param{"sort", params.Get("sort")})
	}
	if size := params.Get("size"); size != "" {
		v.Hidden = append(v.Hidden, param{"size", size})
	}
	if len(v.Chips) > 0 {
		c := url.Values{}
		if req.Query != "" {
			c.Set("q", req.Query)
		}
		v.ClearURL = query{v: c}.url()
	}
	if v.Chart = yearChart(res.Facets["year"], req.Year, q); v.Chart != nil && len(req.Year) == 0 {
		dated := 0
		for _, b := range v.Chart.Bars {
			dated += b.Count
		}
		v.Chart.Undated = max(0, res.Total-dated)
	}
	n := res.Total
	if req.Group {
		n = res.Groups
	}
	v.LastPage = min((n+req.Size-1)/req.Size, max(1, p.s.cfg.MaxDepth/req.Size))
	v.Pages, v.Prev, v.Next = pagination(req.Page, v.LastPage, q)
	if words := strings.Fields(req.Query); len(words) > 1 {
		fewer := strings.Join(words[:len(words)-1], " ")
		v.Fewer = &link{fewer, "/?q=" + url.QueryEscape(fewer)}
	}
	return v, http.StatusOK, nil
}
