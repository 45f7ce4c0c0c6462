package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"fangtan/article"
	"fangtan/index/model"
)

// Limits of the search parameters that are not configurable.
const (
	maxFilterValues = 50                   // values of one filter field
	maxFilterLen    = model.MaxFilterRunes // characters of one filter value
	maxIDLen        = 256                  // bytes of an article ID in a path
	maxSuggest      = 20                   // suggestions per request
	defaultSuggest  = 10
)

// filterParams are the repeatable filters of /api/search, in the order of
// model.FacetFields (each facet value is a valid filter value).
var filterParams = []string{"province", "city", "district", "year", "source", "speaker"}

var searchParams = []string{"q", "province", "city", "district", "year", "source", "speaker",
	"from", "to", "sort", "page", "size", "group", "collapse", "facets", "after", "exact", "portal"}

// checkParams rejects unknown and repeated single-valued parameters, so a
// typo (citi=惠州) is an error rather than an unfiltered search.
func checkParams(q url.Values, allowed []string, repeatable ...string) error {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(allowed) == 0 {
			return newError(CodeInvalidParameter, fmt.Sprintf("unknown parameter %q: this endpoint takes no parameters", k))
		}
		if !slices.Contains(allowed, k) {
			return newError(CodeInvalidParameter, fmt.Sprintf("unknown parameter %q (accepted: %s)", k, strings.Join(allowed, ", ")))
		}
		if len(q[k]) > 1 && !slices.Contains(repeatable, k) {
			return invalidParam(k, "given %d times; give it once", len(q[k]))
		}
	}
	return nil
}

// text validates a free-text parameter: at most max characters, no control
// characters. It returns the trimmed value.
func text(name, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	if n := utf8.RuneCountInString(v); n > max {
		e := invalidParam(name, "at most %d characters, got %d", max, n)
		e.Reason = model.ReasonTooLong
		return "", e
	}
	for _, c := range v {
		if unicode.IsControl(c) {
			return "", invalidParam(name, "contains a control character")
		}
	}
	return v, nil
}

// intParam parses an optional integer in [lo, hi].
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		if hi == math.MaxInt {
			return 0, invalidParam(name, "must be an integer ≥ %d", lo)
		}
		return 0, invalidParam(name, "must be between %d and %d", lo, hi)
	}
	return n, nil
}

func dateParam(q url.Values, name string) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil || len(v) != len(time.DateOnly) {
		return "", invalidParam(name, "must be a date as YYYY-MM-DD, got %q", v)
	}
	return v, nil
}

// filterValues reads the values of a repeatable filter: each cleaned and
// bounded, empty ones (an empty form field) and repeats dropped, each
// passed through check, at most maxFilterValues of them.
func filterValues(q url.Values, name string, check func(string) error) ([]string, error) {
	var vals []string
	for _, v := range q[name] {
		v, err := text(name, v, maxFilterLen)
		if err != nil {
			return nil, err
		}
		if v == "" || slices.Contains(vals, v) {
			continue
		}
		if err := check(v); err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	if len(vals) > maxFilterValues {
		return nil, invalidParam(name, "at most %d values", maxFilterValues)
	}
	return vals, nil
}

// dateRange reads from and to, YYYY-MM-DD, from not after to.
func dateRange(q url.Values) (from, to string, err error) {
	if from, err = dateParam(q, "from"); err != nil {
		return "", "", err
	}
	if to, err = dateParam(q, "to"); err != nil {
		return "", "", err
	}
	if from != "" && to != "" && from > to {
		return "", "", invalidParam("from", "%s is after to=%s", from, to)
	}
	return from, to, nil
}

// parseSearch turns the query string of /api/search into an model.Request,
// checking every parameter.
func (s *Server) parseSearch(q url.Values) (*model.Request, error) {
	if err := checkParams(q, searchParams, filterParams...); err != nil {
		return nil, err
	}
	req := &model.Request{}
	var err error
	if req.Query, err = text("q", q.Get("q"), s.cfg.MaxQuery); err != nil {
		return nil, err
	}
	filters := map[string]*[]string{
		"province": &req.Province, "city": &req.City, "district": &req.District,
		"year": &req.Year, "source": &req.Source, "speaker": &req.Speaker,
	}
	for _, name := range filterParams {
		if *filters[name], err = filterValues(q, name, func(v string) error {
			if name == "year" && !isYear(v) {
				return invalidParam(name, "must be a year such as 2023, got %q", v)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if req.From, req.To, err = dateRange(q); err != nil {
		return nil, err
	}
	switch v := q.Get("sort"); v {
	case "", "relevance":
		req.Sort = model.ByRelevance
	case "date":
		req.Sort = model.ByDateAsc
	case "-date":
		req.Sort = model.ByDateDesc
	default:
		return nil, invalidParam("sort", `must be "relevance", "date" or "-date", got %q`, v)
	}
	if req.Size, err = intParam(q, "size", s.cfg.DefaultSize, 1, s.cfg.MaxSize); err != nil {
		return nil, err
	}
	if req.Page, err = intParam(q, "page", 1, 1, math.MaxInt); err != nil {
		return nil, err
	}
	req.After = q.Get("after")
	if req.After == "" && req.Page > s.cfg.MaxDepth/req.Size {
		return nil, invalidParam("page", "page × size must be at most %d (deeper: follow \"next\" with after=, or narrow the search)", s.cfg.MaxDepth)
	}
	switch v := q.Get("group"); v {
	case "":
	case "article":
		req.Group = true
	default:
		return nil, invalidParam("group", `must be "article" or empty, got %q`, v)
	}
	if req.NoFacets, err = offParam(q, "facets"); err != nil {
		return nil, err
	}
	if req.NoCollapse, err = offParam(q, "collapse"); err != nil {
		return nil, err
	}
	if req.Exact, err = exactParam(q); err != nil { // forgiving.go
		return nil, err
	}
	if _, err := portalParam(q.Get("portal")); err != nil { // popular.go
		return nil, err
	}
	return req, nil
}

// offParam reads a switch that is on unless turned off: true when the
// parameter is "false" or "0".
func offParam(q url.Values, name string) (bool, error) {
	switch v := q.Get(name); v {
	case "", "true", "1":
		return false, nil
	case "false", "0":
		return true, nil
	default:
		return false, invalidParam(name, `must be "true" or "false", got %q`, v)
	}
}

func isYear(v string) bool {
	if len(v) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v[0] != '0'
}

// searchResponse is the JSON of /api/search (docs/api.md, "Search").
type searchResponse struct {
	Query string `json:"query"`
	// Total counts the matching paragraphs, a reposted one once (unless
	// collapse=false); TotalWithReposts counts every copy.
	Total            int         `json:"total"`
	TotalWithReposts int         `json:"total_with_reposts"`
	TookMS           float64     `json:"took_ms"`
	Page             int         `json:"page"`
	Size             int         `json:"size"`
	Groups           int         `json:"groups,omitempty"`
	Hits             []searchHit `json:"hits"`
	Facets           facets      `json:"facets"`
	// Next continues the list: pass it as after= (with page 1) for the
	// hits that follow. Absent on the last page and with grouping.
	Next string `json:"next,omitempty"`
	// Forgiving search (forgiving.go): a better query, and the query asked
	// when the hits are those of the better one.
	DidYouMean    string `json:"did_you_mean,omitempty"`
	RewrittenFrom string `json:"rewritten_from,omitempty"`
}

// searchHit is a hit with the link to its paragraph.
type searchHit struct {
	model.Hit
	URL string `json:"url"`
}

// facets marshals in the order of model.FacetFields (a map would sort them).
type facets map[string][]model.FacetValue

func (f facets) MarshalJSON() ([]byte, error) { return marshalFacets(f, model.FacetFields, false) }

// marshalFacets writes facets as a JSON object in a fixed order: the names
// of order first (every one of them, as [] when absent, if every is set),
// then any other name, sorted.
func marshalFacets(f map[string][]model.FacetValue, order []string, every bool) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	keys := slices.Clone(order)
	var extra []string
	for k := range f {
		if !slices.Contains(keys, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	n := 0
	for i, k := range append(keys, extra...) {
		vals, ok := f[k]
		if !ok && !(every && i < len(order)) {
			continue
		}
		if vals == nil {
			vals = []model.FacetValue{}
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(vals)
		if err != nil {
			return nil, err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// articleURL is the page of an article (the HTML pages' route).
func articleURL(id string) string { return "/articles/" + url.PathEscape(id) }

func (s *Server) handleSearch(r *http.Request) (any, error) {
	q := r.URL.Query()
	explain, err := s.explainParam(r, q)
	if err != nil {
		return nil, err
	}
	req, err := s.parseSearch(q)
	if err != nil {
		return nil, err
	}
	req.Explain = explain
	release, err := s.gate.acquire(r.Context())
	if err != nil {
		return nil, err
	}
	start := time.Now()
	res, err := s.search.Search(r.Context(), req)
	took := time.Since(start)
	release()
	if err != nil {
		return nil, err
	}
	s.logSearch(r, req, res) // popular.go
	if res.Took > 0 {
		took = res.Took
	}
	out := &searchResponse{
		Query:            cmp(res.Query, req.Query),
		Total:            res.Total,
		TotalWithReposts: res.TotalWithReposts,
		TookMS:           math.Round(float64(took.Microseconds())) / 1000,
		Page:             cmpInt(res.Page, req.Page),
		Size:             cmpInt(res.Size, req.Size),
		Groups:           res.Groups,
		Next:             res.Next,
		Hits:             make([]searchHit, len(res.Hits)),
		Facets:           facets{},

		DidYouMean:    res.DidYouMean,
		RewrittenFrom: res.RewrittenFrom,
	}
	for i, h := range res.Hits {
		h.SourceURL = sourceLink(h.SourceURL) // portals link to it as is
		out.Hits[i] = searchHit{Hit: h, URL: articleURL(h.ArticleID) + "#p" + strconv.Itoa(h.Paragraph)}
	}
	if !req.NoFacets {
		for _, f := range model.FacetFields {
			out.Facets[f] = res.Facets[f]
		}
	}
	for f, v := range res.Facets {
		out.Facets[f] = v
	}
	return out, nil
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cmpInt(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// handleSuggest answers {"suggestions":[{text,count}]}, or with
// format=opensearch the OpenSearch suggestions array [query, [texts]] that
// browsers read from the search engine added by /opensearch.xml.
func (s *Server) handleSuggest(r *http.Request) (any, error) {
	q := r.URL.Query()
	if err := checkParams(q, []string{"q", "size", "format"}); err != nil {
		return nil, err
	}
	prefix, err := text("q", q.Get("q"), s.cfg.MaxQuery)
	if err != nil {
		return nil, err
	}
	n, err := intParam(q, "size", defaultSuggest, 1, maxSuggest)
	if err != nil {
		return nil, err
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "opensearch" {
		return nil, invalidParam("format", `must be "json" or "opensearch", got %q`, format)
	}
	sugg := []model.Suggestion{}
	if prefix != "" {
		release, err := s.gate.acquire(r.Context())
		if err != nil {
			return nil, err
		}
		got, err := s.search.Suggest(r.Context(), prefix, n)
		release()
		if err != nil {
			return nil, err
		}
		if got != nil {
			sugg = got
		}
	}
	if format == "opensearch" {
		texts := make([]string, len(sugg))
		for i, sg := range sugg {
			texts[i] = sg.Text
		}
		return []any{prefix, texts}, nil
	}
	return struct {
		Suggestions []model.Suggestion `json:"suggestions"`
	}{sugg}, nil
}

// pathID returns the {id} of the route, checked loosely: reading and
// deleting accept any ID the index may have made.
func pathID(r *http.Request) (string, error) {
	id := chi.URLParam(r, "id")
	if r.URL.RawPath != "" { // chi routed on the escaped path
		if raw, err := url.PathUnescape(id); err == nil {
			id = raw
		}
	}
	switch {
	case strings.TrimSpace(id) == "":
		return "", invalidParam("id", "must not be empty")
	case len(id) > maxIDLen:
		return "", invalidParam("id", "at most %d bytes", maxIDLen)
	case !utf8.ValidString(id):
		return "", invalidParam("id", "not valid UTF-8")
	}
	return id, nil
}

// articleResponse is an article with the link to its page. Its
// provenance is always present, "" when unknown (the Article leaves out an
// empty site and fetched_at; these fields shadow its own), and source_url
// is one a reader may follow (sourceLink).
type articleResponse struct {
	*article.Article
	SourceURL string `json:"source_url"`
	Site      string `json:"site"`
	FetchedAt string `json:"fetched_at"`
	URL       string `json:"url"`
	// Reposts are the other copies of the article that other sites
	// published, the one searches show first; empty when there are none.
	Reposts []repostView `json:"reposts"`
}

// repostView is one other copy of an article, with the link to its page.
type repostView struct {
	model.Repost
	URL string `json:"url"`
}

// repostsOf lists the other copies of article id; none when the server has
// no repost lister.
func (s *Server) repostsOf(ctx context.Context, id string) ([]repostView, error) {
	out := []repostView{}
	if s.reposts == nil {
		return out, nil
	}
	rs, err := s.reposts.Reposts(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		r.SourceURL = sourceLink(r.SourceURL)
		out = append(out, repostView{Repost: r, URL: articleURL(r.ID)})
	}
	return out, nil
}

func (s *Server) handleArticle(r *http.Request) (any, error) {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.search.Article(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, newError(CodeNotFound, fmt.Sprintf("no article %q", id))
	}
	reposts, err := s.repostsOf(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return articleResponse{Article: a, SourceURL: sourceLink(a.SourceURL), Site: a.Site, FetchedAt: a.FetchedAt, URL: articleURL(a.ID),
		Reposts: reposts}, nil
}

// admin guards the write API: it needs a configured token, a writer, and
// the same token as "Authorization: Bearer …", compared in constant time.
func (s *Server) admin(h apiFunc) apiFunc { return s.withToken(h, "write", true) }

// withToken guards an admin endpoint (api names it in the messages): it
// needs a configured token, a writer when write is set, and the same token
// as "Authorization: Bearer …", compared in constant time.
func (s *Server) withToken(h apiFunc, api string, write bool) apiFunc {
	return func(r *http.Request) (any, error) {
		if s.cfg.AdminToken == "" {
			return nil, newError(CodeForbidden, "the "+api+" API is disabled: start the server with FANGTAN_ADMIN_TOKEN set to enable it")
		}
		if write && s.write == nil {
			return nil, newError(CodeForbidden, "the write API is disabled: this server is read-only")
		}
		if err := s.checkBearer(r); err != nil {
			return nil, err
		}
		return h(r)
	}
}

// checkBearer checks that r carries the configured admin token as
// "Authorization: Bearer …", compared in constant time.
func (s *Server) checkBearer(r *http.Request) error {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return newError(CodeUnauthorized, `missing credentials: send "Authorization: Bearer <token>"`)
	}
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return newError(CodeUnauthorized, "wrong token")
	}
	return nil
}

// explainParam reads (and takes out of q) the explain parameter of
// /api/search: explain=1 adds the parts of each hit's score, for the holder
// of the admin token only (the parts tell how to game the ranking).
func (s *Server) explainParam(r *http.Request, q url.Values) (bool, error) {
	vals, ok := q["explain"]
	if !ok {
		return false, nil
	}
	delete(q, "explain")
	if len(vals) > 1 {
		return false, invalidParam("explain", "given %d times; give it once", len(vals))
	}
	switch strings.TrimSpace(vals[0]) {
	case "", "0", "false":
		return false, nil
	case "1", "true":
	default:
		return false, invalidParam("explain", `must be "1" or "0", got %q`, vals[0])
	}
	if s.cfg.AdminToken == "" {
		return false, &Error{Status: http.StatusForbidden, Code: CodeForbidden,
			Message: "explain=1 needs the admin token, and this server has none: start it with FANGTAN_ADMIN_TOKEN set"}
	}
	return true, s.checkBearer(r)
}

// putResponse answers a PUT.
type putResponse struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Paragraphs int    `json:"paragraphs"`
	Changed    bool   `json:"changed"` // false: an identical article was already indexed
	URL        string `json:"url"`
}

// bodyFormats maps the accepted media types of a PUT to the file extension
// that picks article.Parse's format.
var bodyFormats = map[string]string{
	"text/plain":      ".txt",
	"text/markdown":   ".md",
	"text/x-markdown": ".md",
	"text/html":       ".html",
}

func (s *Server) handlePut(r *http.Request) (any, error) {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if article.CheckNewID(id) != nil {
		return nil, invalidParam("id", "1 to %d letters, digits, '.', '_' or '-', starting with a letter or digit", article.MaxIDBytes)
	}
	mediaType := "text/plain" // curl -T sends none
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			return nil, newError(CodeUnsupportedType, fmt.Sprintf("malformed Content-Type %q", ct))
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
			return nil, newError(CodeUnsupportedType, fmt.Sprintf("charset %q is not accepted: send UTF-8", cs))
		}
		mediaType = mt
	}
	ext, isText := bodyFormats[mediaType]
	if !isText && mediaType != "application/json" {
		return nil, newError(CodeUnsupportedType, fmt.Sprintf("unsupported Content-Type %q: send text/plain, text/markdown, text/html or application/json", mediaType))
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err // *http.MaxBytesError → 413; a broken connection → 500 in the log
	}
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return nil, invalidBody("the body is empty")
	case !utf8.Valid(body):
		return nil, invalidBody("the body is not valid UTF-8")
	}
	var a *article.Article
	if isText {
		a, err = s.cfg.Parse(body, id+ext)
		if err != nil {
			return nil, invalidBody("%s", parseMessage(err))
		}
	} else if a, err = s.articleFromJSON(body, id); err != nil {
		return nil, err
	}
	if a == nil || len(a.Paragraphs) == 0 {
		return nil, invalidBody("the article has no paragraphs")
	}
	a.ID = id
	changed, err := s.write.Put(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return putResponse{ID: id, Title: a.Title, Paragraphs: len(a.Paragraphs), Changed: changed, URL: articleURL(id)}, nil
}

// parseMessage is the parser's error as the client sees it: the parser's
// errors describe the input (not UTF-8, empty, no body), never our state.
func parseMessage(err error) string {
	msg := err.Error()
	var pe *article.Error
	if errors.As(err, &pe) {
		msg = pe.Reason // without the made-up file name
	}
	if utf8.RuneCountInString(msg) > 300 {
		msg = string([]rune(msg)[:300]) + "…"
	}
	return "the article cannot be parsed: " + msg
}

// articleFields are the fields of a JSON article: those of `fangtan inspect
// --json`, plus "text" for a raw body to parse instead of "paragraphs".
var articleFields = []string{"id", "title", "subtitle", "date", "source", "authors",
	"province", "city", "district", "paragraphs", "text", "source_url", "site", "fetched_at"}

// articleFromJSON reads a JSON article the way `fangtan index` reads a line
// of a .jsonl file (article.Parse with a .json name): fields given win,
// missing ones are extracted from "text", given paragraphs are kept as
// given. Unknown fields are refused here, so a typo is not silently lost.
func (s *Server) articleFromJSON(body []byte, id string) (*article.Article, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		return nil, invalidBody("invalid JSON: %s", jsonMessage(err))
	}
	if dec.More() {
		return nil, invalidBody("invalid JSON: one article per request")
	}
	if fields == nil {
		return nil, invalidBody("invalid JSON: want an object")
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(articleFields, k) {
			return nil, invalidBody("unknown field %q (accepted: %s)", k, strings.Join(articleFields, ", "))
		}
	}
	var line bytes.Buffer
	if err := json.Compact(&line, body); err != nil { // one line: one record
		return nil, invalidBody("invalid JSON: %s", jsonMessage(err))
	}
	a, err := s.cfg.Parse(line.Bytes(), id+".json")
	if err != nil {
		return nil, invalidBody("%s", parseMessage(err))
	}
	return a, nil
}

// jsonMessage describes a JSON decoding error without Go type names.
func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("want an object, got a JSON %s", te.Value)
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return "unexpected end of input"
	}
	return "cannot be decoded"
}

func (s *Server) handleDelete(r *http.Request) (any, error) {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if err := s.write.Delete(r.Context(), id); err != nil {
		return nil, err
	}
	return struct {
		ID      string `json:"id"`
		Deleted bool   `json:"deleted"`
	}{id, true}, nil
}
