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
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/web"
)

// The HTML pages (docs/design.md, "HTTP: the API and the pages"):
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
var pageTemplates = []string{"search.html", "article.html", "embed.html", "error.html", "figures.html"}

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
		"figures.html": &figuresPage{Chart: &figureChart{Rows: []chartRow{{}}}, Rows: []figureRow{{}}}, // figures_page.go
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

// failure maps an error to a status and a Chinese explanation (the table
// codes, and for a bad request the hints below), logging our own failures
// with the request ID (the same mapping as the JSON API).
func (p *pageServer) failure(r *http.Request, err error) (status int, title, msg, detail string) {
	e, internal := toError(err)
	if internal {
		p.s.log.ErrorContext(r.Context(), "internal error",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Any("err", err))
	}
	c, ok := codes[e.Code]
	if !ok {
		c = codes[CodeInternal]
	}
	switch e.Code {
	case CodeInternal:
		return e.Status, c.title, fmt.Sprintf(c.text, middleware.GetReqID(r.Context())), ""
	case CodeInvalidParameter:
		return e.Status, c.title, p.explainInvalid(e, c.text), e.Message
	}
	return e.Status, c.title, c.text, ""
}

// reasonHints explain in Chinese what is wrong with a query (model's
// reasons); paramHints what is wrong with another parameter.
var (
	reasonHints = map[string]string{
		model.ReasonORNeedsTerms:      "OR 的两边都需要有搜索词，例如：储能 OR 氢能。",
		model.ReasonMixedOR:           "同一组 OR 里不能混用排除词（-）和普通词。",
		model.ReasonTooManyAlternates: "OR 连接的词太多了，请减少一些。",
		model.ReasonTooManyTerms:      "搜索词太多了，请减少一些。",
		model.ReasonTermTooLong:       "单个搜索词太长了，请缩短或用空格分开。",
		model.ReasonTooLong:           "搜索词太长了，请缩短一些。",
		model.ReasonNotUTF8:           "链接中的文字编码有误，请重新输入搜索词。",
	}
	paramHints = map[string]string{
		"page": "页码超出了范围。请用筛选条件缩小结果后再翻页。",
		"year": "年份应为四位数字，例如 2023。",
		"from": "日期应为 YYYY-MM-DD 格式，且开始日期不能晚于结束日期。",
		"to":   "日期应为 YYYY-MM-DD 格式。",
		"sort": "不支持这种排序方式。",
		"size": "每页条数超出了范围（1–50）。",
	}
)

// explainInvalid is the Chinese explanation of a bad request; fallback
// when there is none more specific.
func (p *pageServer) explainInvalid(e *Error, fallback string) string {
	switch {
	case e.Param == "q" && e.Reason == model.ReasonTooLong:
		return fmt.Sprintf("搜索词太长了，最多 %d 个字。", p.s.cfg.MaxQuery)
	case e.Reason == model.ReasonNotUTF8, e.Param == "q" && reasonHints[e.Reason] != "":
		return reasonHints[e.Reason] // the other reasons are the query's
	case paramHints[e.Param] != "":
		return paramHints[e.Param]
	}
	return fallback
}

// withTimeout puts the request under the server's deadline, as the API does.
func (p *pageServer) withTimeout(r *http.Request) (*http.Request, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), p.s.cfg.Timeout)
	return r.WithContext(ctx), cancel
}

// ---- the embed page and the widget ----

// embedPage is the data of embed.html: the widget's settings from the
// query string.
type embedPage struct {
	Province, City, District, Source, Placeholder, Size string

	Link string // "local": hits open fangtan's article page, never the original
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
	if q.Get("link") == "local" {
		e.Link = "local"
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
