package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"fangtan/article"
	"fangtan/article/region"
	"fangtan/index"
	"fangtan/index/snippet"
	"fangtan/web"
)

// The HTML pages (DESIGN.md "Pages", "Embedding"):
//
//	/                  search with facets; works without JavaScript
//	/articles/{id}     one article, paragraphs anchored #pN, the query marked
//	/embed             a bare search page for portals that can only use an iframe
//	/embed.js          the <fangtan-search> widget (short cache)
//	/embed.HASH.js     the same bytes under a content-hashed name (cached for a year)
//	/static/NAME       the pages' CSS and JS, by plain or hashed name
//
// Templates and assets come from package web; they are parsed when the
// server is built, so a broken template fails New. With FANGTAN_WEB_DIR set
// to a checkout's web/ directory they are re-read from disk on every request
// (development: edit, reload, no rebuild).

// WebDirEnv names the environment variable that serves the web files from
// disk instead of the embedded copy.
const WebDirEnv = "FANGTAN_WEB_DIR"

// pageTemplates are the pages; each is parsed together with layout.html.
var pageTemplates = []string{"search.html", "article.html", "embed.html", "error.html"}

// partialHeader asks / for the results region only (search-as-you-type).
const partialHeader = "X-Fangtan-Partial"

// Cache lifetimes.
const (
	cacheHashed = "public, max-age=31536000, immutable"
	cacheStable = "public, max-age=300"
)

// Content-Security-Policy of the pages: everything from this origin, no
// inline script or style (the snippets are escaped by the index; this is the
// second line of defence). No page may be framed (clickjacking), except
// /embed, which any site may frame: that is what it is for.
const (
	cspPage  = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	cspEmbed = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'"
)

// asset is one static file, with its content-hashed name.
type asset struct {
	name   string // app.css
	hashed string // app.1a2b3c4d5e.css
	ctype  string
	body   []byte
}

// site is what the pages are made of: parsed templates and static assets.
type site struct {
	tmpl   map[string]*template.Template
	assets map[string]*asset // by plain and by hashed name
}

// loadSite reads the assets and parses every page template from fsys.
func loadSite(fsys fs.FS) (*site, error) {
	st := &site{tmpl: map[string]*template.Template{}, assets: map[string]*asset{}}
	entries, err := fs.ReadDir(fsys, "static")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("web assets: %w", err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		a := &asset{
			name:   e.Name(),
			hashed: strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext,
			ctype:  mime.TypeByExtension(ext),
			body:   b,
		}
		if a.ctype == "" {
			a.ctype = "application/octet-stream"
		}
		st.assets[a.name], st.assets[a.hashed] = a, a
	}
	for _, need := range []string{"app.css", "app.js", "embed.js"} {
		if st.assets[need] == nil {
			return nil, fmt.Errorf("web assets: missing static/%s", need)
		}
	}
	funcs := template.FuncMap{
		// asset gives the hashed URL of a static file; an unknown name is
		// an error at render time (and so in the startup check below).
		"asset": func(name string) (string, error) {
			a := st.assets[name]
			if a == nil {
				return "", fmt.Errorf("no asset %q", name)
			}
			if name == "embed.js" {
				return "/" + a.hashed, nil
			}
			return "/static/" + a.hashed, nil
		},
	}
	for _, name := range pageTemplates {
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		for _, def := range []string{"layout", "content", "title"} {
			if t.Lookup(def) == nil {
				return nil, fmt.Errorf("template %s: missing {{define %q}}", name, def)
			}
		}
		st.tmpl[name] = t
	}
	if st.tmpl["search.html"].Lookup("results") == nil {
		return nil, errors.New(`template search.html: missing {{define "results"}}`)
	}
	// Render every page once with empty data, so a template that names a
	// missing field or asset fails at startup rather than on a request.
	for name, data := range map[string]any{
		"search.html":  &searchPage{Search: &searchView{}},
		"article.html": &articlePage{Article: &article.Article{}},
		"embed.html":   &embedPage{},
		"error.html":   &errorPage{},
	} {
		if err := st.tmpl[name].ExecuteTemplate(&bytes.Buffer{}, "layout", data); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
	}
	return st, nil
}

// pageServer serves the HTML pages of s.
type pageServer struct {
	s    *Server
	dir  string // serve from disk (development)
	mu   sync.Mutex
	site *site
}

// mountPages parses the templates and adds the page routes to r. Call it
// after the API routes: it replaces the not-found handler with one that
// answers browsers with an HTML page and everyone else as before.
func (s *Server) mountPages(r chi.Router) error {
	p := &pageServer{s: s, dir: os.Getenv(WebDirEnv)}
	s.pages = p
	st, err := loadSite(web.FS(p.dir))
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	p.site = st
	if p.dir != "" {
		s.log.Info("serving web files from disk", slog.String("dir", p.dir))
	}
	r.Group(func(r chi.Router) {
		r.Use(middleware.Compress(5, "text/html", "text/css", "text/javascript", "application/javascript"))
		r.With(s.limit).Get("/", p.handleSearch)
		r.With(s.limit).Get("/articles/{id}", p.handleArticle)
		r.Get("/embed", p.handleEmbed)
		r.Get("/embed.js", p.handleWidget)
		r.Get(`/{asset:embed\.[0-9a-f]{10}\.js}`, p.handleWidget)
		r.Get("/static/{name}", p.handleStatic)
	})
	if mx, ok := r.(*chi.Mux); ok {
		apiNotFound := mx.NotFoundHandler()
		r.NotFound(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/api/") || !strings.Contains(r.Header.Get("Accept"), "text/html") {
				apiNotFound(w, r)
				return
			}
			p.renderError(w, r, http.StatusNotFound, "页面不存在", "您访问的页面不存在，可能链接有误或页面已被移除。", "")
		})
	}
	return nil
}

// current returns the site: the one parsed at startup, or in development a
// fresh parse from disk.
func (p *pageServer) current() (*site, error) {
	if p.dir == "" {
		return p.site, nil
	}
	st, err := loadSite(web.FS(p.dir))
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.site = st
	p.mu.Unlock()
	return st, nil
}

// render executes a page into a buffer and writes it, so a failing template
// is a clean 500 rather than half a page.
func (p *pageServer) render(w http.ResponseWriter, r *http.Request, status int, page, tmpl string, data any) {
	st, err := p.current()
	if err != nil {
		p.s.log.ErrorContext(r.Context(), "web files", slog.Any("err", err))
		http.Error(w, "500 服务器内部错误", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := st.tmpl[page].ExecuteTemplate(&buf, tmpl, data); err != nil {
		p.s.log.ErrorContext(r.Context(), "render page",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.String("page", page), slog.Any("err", err))
		http.Error(w, "500 服务器内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if page == "embed.html" { // the other security headers: securityHeaders
		h.Set("Content-Security-Policy", cspEmbed)
	} else {
		h.Set("Content-Security-Policy", cspPage)
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// errorPage is the data of error.html.
type errorPage struct {
	Status  int
	Title   string
	Message string
	Detail  string // the technical reason, for 4xx only
	Q       string
}

func (p *pageServer) renderError(w http.ResponseWriter, r *http.Request, status int, title, msg, detail string) {
	p.render(w, r, status, "error.html", "layout", &errorPage{Status: status, Title: title, Message: msg, Detail: detail})
}

// failure maps an error to a status and a Chinese explanation, logging our
// own failures with the request ID (the same mapping as the JSON API).
func (p *pageServer) failure(r *http.Request, err error) (status int, title, msg, detail string) {
	e, internal := toError(err)
	if internal {
		p.s.log.ErrorContext(r.Context(), "internal error",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Any("err", err))
	}
	switch {
	case e.Status == http.StatusNotFound:
		return e.Status, "页面不存在", "没有找到您要的内容。", ""
	case e.Status == http.StatusBadRequest:
		return e.Status, "搜索条件有误", explainInvalid(e.Message), e.Message
	case e.Code == CodeRateLimited:
		return e.Status, "访问过于频繁", "您的访问太频繁了，请稍等几秒后再试。", ""
	case e.Code == CodeBusy:
		return e.Status, "服务繁忙", "现在搜索的人太多，请稍等几秒后再试。", ""
	case e.Code == CodeTimeout:
		return e.Status, "搜索超时", "这次搜索用时太长。请减少搜索词或加上筛选条件后再试。", ""
	case e.Status == StatusClientClosedRequest:
		return e.Status, "请求已取消", "请求已取消。", ""
	}
	return e.Status, "服务暂时出错了", "服务器处理这次请求时出错了，请稍后再试。如果问题一直存在，请把请求编号 " +
		middleware.GetReqID(r.Context()) + " 告诉网站管理员。", ""
}

// invalidHints explain the index's and the API's validation messages in
// Chinese; the first match wins.
var invalidHints = []struct{ substr, hint string }{
	{"OR needs a term", "OR 的两边都需要有搜索词，例如：储能 OR 氢能。"},
	{"cannot mix excluded", "同一组 OR 里不能混用排除词（-）和普通词。"},
	{"too many OR", "OR 连接的词太多了，请减少一些。"},
	{"too many terms", "搜索词太多了，请减少一些。"},
	{"term is longer", "单个搜索词太长了，请缩短或用空格分开。"},
	{`"q": at most`, "搜索词太长了，最多 256 个字。"},
	{"longer than", "搜索词太长了，请缩短一些。"},
	{"not valid UTF-8", "链接中的文字编码有误，请重新输入搜索词。"},
	{`"page"`, "页码超出了范围。请用筛选条件缩小结果后再翻页。"},
	{`"year"`, "年份应为四位数字，例如 2023。"},
	{`"from"`, "日期应为 YYYY-MM-DD 格式，且开始日期不能晚于结束日期。"},
	{`"to"`, "日期应为 YYYY-MM-DD 格式。"},
	{`"sort"`, "不支持这种排序方式。"},
	{`"size"`, "每页条数超出了范围（1–50）。"},
}

func explainInvalid(msg string) string {
	for _, h := range invalidHints {
		if strings.Contains(msg, h.substr) {
			return h.hint
		}
	}
	return "无法理解这次搜索的条件，请修改后再试。"
}

// withTimeout puts the request under the server's deadline, as the API does.
func (p *pageServer) withTimeout(r *http.Request) (*http.Request, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), p.s.cfg.Timeout)
	return r.WithContext(ctx), cancel
}

// ---- the search page ----

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
	Q         string
	Browsing  bool // no query: everything, newest first
	Total     int
	Groups    int
	Grouped   bool
	TookMS    string
	Hits      []hitView
	Regions   []*regionNode
	Facets    []facetView
	Chips     []chip
	ClearURL  string
	Chart     *chart
	Pages     []pageLink
	Prev      string
	Next      string
	Page      int
	LastPage  int
	GroupURL  string
	SortURL   string
	SortByDay bool
	Hidden    []param // the current filters, as hidden form fields
	Fewer     *link   // the query without its last word, for the empty state
	Examples  []link
	Error     *errorPage
	Forgive   *forgiveView // a corrected query (forgiving.go)
	Related   []link       // related searches (forgiving.go)
	Popular   []link       // 热门搜索 on the start page (popular.go)
}

type param struct{ Name, Value string }

type link struct {
	Text string
	URL  string
}

type hitView struct {
	Title    string
	URL      string
	Meta     []string
	Section  string
	Snippet  template.HTML // the index's escaped HTML with <mark>
	Caption  bool
	Matches  int
	Position int // 1-based position in the list, for keyboard navigation
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

// query is the normalized state of a search page as URL parameters.
type query struct{ v url.Values }

func (q query) url() string {
	if len(q.v) == 0 {
		return "/"
	}
	return "/?" + q.v.Encode()
}

func (q query) clone() query {
	v := url.Values{}
	for k, vs := range q.v {
		v[k] = slices.Clone(vs)
	}
	delete(v, "page") // any change of the search starts at page 1
	return query{v}
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
	q := query{params}
	v := &searchView{
		Q:         req.Query,
		Browsing:  req.Query == "",
		Total:     res.Total,
		Groups:    res.Groups,
		Grouped:   req.Group,
		TookMS:    strconv.FormatFloat(math.Round(float64(res.Took.Microseconds())/100)/10, 'f', -1, 64),
		Page:      req.Page,
		SortByDay: req.Sort == index.ByDateDesc,
		Examples:  examples(),
	}
	if req.Group {
		v.GroupURL = q.set("group", "")
	} else {
		v.GroupURL = q.set("group", "article")
	}
	if req.Sort == index.ByDateDesc {
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
	if req.Sort != index.ByRelevance {
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
		v.ClearURL = query{c}.url()
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

// articleLink is the article page of a hit, at its paragraph, carrying the
// query so the page can mark it.
func articleLink(id string, n int, q string) string {
	u := articleURL(id)
	if q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	return u + "#p" + strconv.Itoa(n)
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

func hitViewOf(h index.Hit, q string, pos int) hitView {
	hv := hitView{
		Title:    h.Title,
		URL:      articleLink(h.ArticleID, h.Paragraph, q),
		Section:  h.Section,
		Snippet:  template.HTML(h.Snippet), // escaped by the index; only <mark> is markup
		Caption:  h.Kind == string(article.Caption),
		Matches:  h.Matches,
		Position: pos,
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

func facetValuesOf(field string, vals []index.FacetValue, active []string, q query) []facetValue {
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

func facetViewOf(field string, vals []index.FacetValue, active []string, q query) facetView {
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
func regionTree(facets map[string][]index.FacetValue, active map[string][]string, q query) []*regionNode {
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
func yearChart(vals []index.FacetValue, active []string, q query) *chart {
	if len(vals) == 0 {
		return nil
	}
	years := slices.Clone(vals)
	slices.SortFunc(years, func(a, b index.FacetValue) int { return strings.Compare(a.Value, b.Value) })
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

// ---- the article page ----

// articlePage is the data of article.html.
type articlePage struct {
	Article    *article.Article
	Q          string
	BackURL    string
	Place      string
	Paragraphs []paragraphView
	Hits       []int // numbers of the paragraphs that hold the query
}

type paragraphView struct {
	N       int
	Kind    string
	Speaker string
	Asks    bool          // the speaker is the interviewer
	HTML    template.HTML // the text escaped, the query's terms marked
	Hit     bool
}

func (p *pageServer) handleArticle(w http.ResponseWriter, r *http.Request) {
	r, cancel := p.withTimeout(r)
	defer cancel()
	id, err := pathID(r)
	if err != nil {
		p.renderError(w, r, http.StatusNotFound, "找不到这篇文章", "链接中的文章编号有误。", "")
		return
	}
	a, err := p.s.search.Article(r.Context(), id)
	if err == nil && a == nil {
		err = &index.Error{Kind: index.NotFound, Msg: "no article " + strconv.Quote(id)}
	}
	if err != nil {
		if index.KindOf(err) == index.NotFound {
			p.renderError(w, r, http.StatusNotFound, "找不到这篇文章",
				"这篇文章不存在，可能已被删除或链接有误。您可以回到首页重新搜索。", "")
			return
		}
		status, title, msg, detail := p.failure(r, err)
		p.renderError(w, r, status, title, msg, detail)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := &articlePage{Article: a, Q: q, BackURL: "/",
		Place: strings.Join(nonEmpty(a.Province, a.City, a.District), " ")}
	if q != "" {
		page.BackURL = "/?q=" + url.QueryEscape(q)
	}
	terms := p.terms(r.Context(), q)
	for _, para := range a.Paragraphs {
		pv := paragraphView{N: para.N, Kind: string(para.Kind), Speaker: para.Speaker,
			Asks: strings.Contains(para.Speaker, "记者") || strings.Contains(para.Speaker, "主持人")}
		if len(terms) > 0 && para.Kind.Searchable() && len(snippet.Find(para.Text, terms)) > 0 {
			pv.Hit = true
			page.Hits = append(page.Hits, para.N)
		}
		if len(terms) > 0 {
			pv.HTML = template.HTML(snippet.Mark(para.Text, terms))
		} else {
			pv.HTML = template.HTML(template.HTMLEscapeString(para.Text))
		}
		page.Paragraphs = append(page.Paragraphs, pv)
	}
	p.render(w, r, http.StatusOK, "article.html", "layout", page)
}

// terms returns the folded phrases (with synonyms) the index searched for
// q, by asking the index itself: the page then marks exactly what the search
// matched (traditional and simplified forms, full-width digits, synonyms).
// A query the index refuses marks nothing; the article is still shown.
func (p *pageServer) terms(ctx context.Context, q string) []string {
	if q == "" || len([]rune(q)) > p.s.cfg.MaxQuery {
		return nil
	}
	release, err := p.s.gate.acquire(ctx)
	if err != nil {
		return nil // too busy to mark: the article is still worth showing
	}
	defer release()
	res, err := p.s.search.Search(ctx, &index.Request{Query: q, Page: 1, Size: 1, NoFacets: true})
	if err != nil || res == nil {
		return nil
	}
	return res.Terms
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// ---- the embed page and the widget ----

// embedPage is the data of embed.html: the widget's settings from the
// query string.
type embedPage struct {
	Province, City, District, Source, Placeholder, Size string
}

func (p *pageServer) handleEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	get := func(k string, max int) string {
		v := strings.TrimSpace(q.Get(k))
		if rs := []rune(v); len(rs) > max {
			v = string(rs[:max])
		}
		return v
	}
	e := &embedPage{
		Province: get("province", maxFilterLen), City: get("city", maxFilterLen),
		District: get("district", maxFilterLen), Source: get("source", maxFilterLen),
		Placeholder: get("placeholder", 50), Size: get("size", 2),
	}
	if n, err := strconv.Atoi(e.Size); err != nil || n < 1 || n > p.s.cfg.MaxSize {
		e.Size = ""
	}
	p.render(w, r, http.StatusOK, "embed.html", "layout", e)
}

// handleWidget serves embed.js: under its hashed name for a year, under the
// stable name for five minutes (so a portal's plain tag picks up a new
// version soon).
func (p *pageServer) handleWidget(w http.ResponseWriter, r *http.Request) {
	st, err := p.current()
	if err != nil {
		p.s.log.ErrorContext(r.Context(), "web files", slog.Any("err", err))
		http.Error(w, "500 internal error", http.StatusInternalServerError)
		return
	}
	a := st.assets["embed.js"]
	if name := chi.URLParam(r, "asset"); name != "" && name != a.hashed {
		p.notFoundAsset(w)
		return
	}
	// script tags do not need CORS; a module import or a fetch does
	w.Header().Set("Access-Control-Allow-Origin", "*")
	p.serveAsset(w, r, a, chi.URLParam(r, "asset") != "")
}

func (p *pageServer) handleStatic(w http.ResponseWriter, r *http.Request) {
	st, err := p.current()
	if err != nil {
		p.s.log.ErrorContext(r.Context(), "web files", slog.Any("err", err))
		http.Error(w, "500 internal error", http.StatusInternalServerError)
		return
	}
	name := chi.URLParam(r, "name")
	a := st.assets[name]
	if a == nil {
		p.notFoundAsset(w)
		return
	}
	p.serveAsset(w, r, a, name == a.hashed)
}

func (p *pageServer) notFoundAsset(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintln(w, "404 not found")
}

func (p *pageServer) serveAsset(w http.ResponseWriter, r *http.Request, a *asset, hashed bool) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	switch {
	case p.dir != "":
		h.Set("Cache-Control", "no-cache")
	case hashed:
		h.Set("Cache-Control", cacheHashed)
	default:
		h.Set("Cache-Control", cacheStable)
	}
	etag := `"` + strings.TrimSuffix(strings.TrimPrefix(a.hashed, strings.TrimSuffix(a.name, path.Ext(a.name))+"."), path.Ext(a.name)) + `"`
	h.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(a.body)
	}
}
