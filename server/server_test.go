package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/server/mock"
)

// fixture is a mock index with two articles and a record of what the
// server asked it.
type fixture struct {
	mu       sync.Mutex
	lastReq  *model.Request
	lastN    int
	put      *article.Article
	parsed   []string // names given to Parse
	searcher *mock.Searcher
	writer   *mock.Writer
	logs     *bytes.Buffer
}

const testToken = "s3cret-t0ken-value"

// articleText is a page the real parser accepts.
const articleText = "惠州储能产业加速发展\n\n记者从惠州市工业和信息化局获悉，今年以来全市新型储能产业发展迅速，一批重点项目相继落地。\n\n" +
	"下一步，惠州将继续推动储能产业集群建设，做大做强电池材料和储能系统集成。"

var snippetXSS = `访谈中提到 &lt;script&gt;alert(1)&lt;/script&gt; 与新型<mark>储能</mark>产业`

func newFixture() *fixture {
	f := &fixture{logs: &bytes.Buffer{}}
	f.searcher = &mock.Searcher{
		SearchFn: func(ctx context.Context, req *model.Request) (*model.Result, error) {
			f.mu.Lock()
			f.lastReq = req
			f.mu.Unlock()
			return &model.Result{
				Query: req.Query, Total: 2, Took: 1800 * time.Microsecond, Page: req.Page, Size: req.Size,
				Hits: []model.Hit{
					{ID: "a1-4", ArticleID: "a1", Title: "惠州储能", Paragraph: 4, Kind: "body", Province: "广东", City: "惠州",
						Date: "2023-08-04", Source: "南方日报", Score: 2.31, Snippet: snippetXSS},
					{ID: "b2-1", ArticleID: "b2", Title: "珠海", Paragraph: 1, Snippet: "<mark>储能</mark>"},
				},
				Facets: map[string][]model.FacetValue{
					"province": {{Value: "广东", Count: 2}},
					"city":     {{Value: "惠州", Count: 1}, {Value: "珠海", Count: 1}},
					"year":     {{Value: "2023", Count: 2}},
				},
			}, nil
		},
		ArticleFn: func(ctx context.Context, id string) (*article.Article, error) {
			if id != "a1" {
				return nil, &model.Error{Kind: model.NotFound, Msg: "no article " + id}
			}
			return &article.Article{ID: "a1", Title: "惠州储能", Date: "2023-08-04",
				Paragraphs: []article.Paragraph{{N: 1, Kind: article.Body, Text: "<script>alert(1)</script>"}}}, nil
		},
		SuggestFn: func(ctx context.Context, prefix string, n int) ([]model.Suggestion, error) {
			f.mu.Lock()
			f.lastN = n
			f.mu.Unlock()
			return []model.Suggestion{{Text: prefix + "能产业", Count: 4}}, nil
		},
		StatsFn: func() model.Stats { return model.Stats{Articles: 5, Paragraphs: 120, DiskBytes: 4096} },
	}
	f.writer = &mock.Writer{
		PutFn: func(ctx context.Context, a *article.Article) (bool, error) {
			f.mu.Lock()
			f.put = a
			f.mu.Unlock()
			return true, nil
		},
		DeleteFn: func(ctx context.Context, id string) error {
			if id != "a1" {
				return &model.Error{Kind: model.NotFound, Msg: "no article " + id}
			}
			return nil
		},
	}
	return f
}

// parse is article.Parse recording the name it got (and failing on demand).
func (f *fixture) parse(data []byte, name string) (*article.Article, error) {
	f.mu.Lock()
	f.parsed = append(f.parsed, name)
	f.mu.Unlock()
	if strings.Contains(string(data), "UNPARSABLE") {
		return nil, &article.Error{Path: name, Reason: "no body"}
	}
	return article.Parse(data, name)
}

func (f *fixture) server(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Parse == nil {
		cfg.Parse = f.parse
	}
	var w model.Writer = f.writer
	if cfg.AdminToken == "read-only" {
		w = nil
	}
	s, err := New(cfg, Deps{Search: f.searcher, Write: w, Stats: f.searcher}, slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type request struct {
	method string
	path   string
	header map[string]string
	body   string
}

func do(s http.Handler, rq request) *httptest.ResponseRecorder {
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if rq.body != "" {
		body = strings.NewReader(rq.body)
	}
	r := httptest.NewRequest(method, rq.path, body)
	for k, v := range rq.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// errorOf decodes the JSON error body, failing when the body is not one.
func errorOf(t *testing.T, w *httptest.ResponseRecorder) (code, message string) {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
		t.Fatalf("body is not a JSON error: %q (%v)", w.Body.String(), err)
	}
	return e.Error.Code, e.Error.Message
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func TestAPI(t *testing.T) {
	long := strings.Repeat("储", 257)
	tests := []struct {
		desc     string
		cfg      Config
		req      request
		status   int
		code     string   // the error code, for errors
		contains []string // in the body
		absent   []string // not in the body
	}{
		// search
		{desc: "search", req: request{path: "/api/search?q=储能"}, status: 200,
			contains: []string{`"query":"储能"`, `"total":2`, `"took_ms":1.8`, `"page":1`, `"size":10`,
				`"url":"/articles/a1#p4"`, `"facets":{"province":[{"value":"广东","count":2}],"city":`, `"district":[]`,
				`\u003cmark\u003e储能\u003c/mark\u003e`}, absent: []string{"<", ">"}},
		{desc: "search keeps snippets escaped", req: request{path: "/api/search?q=储能"}, status: 200,
			contains: []string{`\u0026lt;script\u0026gt;alert(1)\u0026lt;/script\u0026gt;`}, absent: []string{`<script>`, `\u003cscript`}},
		{desc: "search q at the limit", req: request{path: "/api/search?q=" + strings.Repeat("储", 256)}, status: 200},
		{desc: "search q too long", req: request{path: "/api/search?q=" + long}, status: 400, code: CodeInvalidParameter,
			contains: []string{`invalid parameter \"q\": at most 256 characters, got 257`}},
		{desc: "search size 0", req: request{path: "/api/search?q=x&size=0"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`invalid parameter \"size\": must be between 1 and 50`}},
		{desc: "search size 51", req: request{path: "/api/search?q=x&size=51"}, status: 400, code: CodeInvalidParameter},
		{desc: "search size not a number", req: request{path: "/api/search?q=x&size=ten"}, status: 400, code: CodeInvalidParameter},
		{desc: "search page 0", req: request{path: "/api/search?q=x&page=0"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`invalid parameter \"page\"`}},
		{desc: "search too deep", req: request{path: "/api/search?q=x&page=2001&size=10"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`20000`}},
		{desc: "search deepest page", req: request{path: "/api/search?q=x&page=2000&size=10"}, status: 200},
		// the index's bound on a filter value, answered before a search
		// takes a slot and named after the parameter
		{desc: "search filter at the limit", req: request{path: "/api/search?q=x&city=" + strings.Repeat("惠", 64)}, status: 200},
		{desc: "search filter too long", req: request{path: "/api/search?q=x&city=" + strings.Repeat("惠", 65)}, status: 400,
			code: CodeInvalidParameter, contains: []string{`invalid parameter \"city\"`}},
		{desc: "search depth configurable", cfg: Config{MaxDepth: 100}, req: request{path: "/api/search?q=x&page=11"}, status: 400, code: CodeInvalidParameter},
		{desc: "search bad from", req: request{path: "/api/search?q=x&from=2023-13-01"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`invalid parameter \"from\"`}},
		{desc: "search bad to", req: request{path: "/api/search?q=x&to=2023/01/01"}, status: 400, code: CodeInvalidParameter},
		{desc: "search from after to", req: request{path: "/api/search?q=x&from=2024-01-01&to=2023-01-01"}, status: 400, code: CodeInvalidParameter},
		{desc: "search bad sort", req: request{path: "/api/search?q=x&sort=score"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`invalid parameter \"sort\"`}},
		{desc: "search bad group", req: request{path: "/api/search?q=x&group=paragraph"}, status: 400, code: CodeInvalidParameter},
		{desc: "search bad year", req: request{path: "/api/search?q=x&year=23"}, status: 400, code: CodeInvalidParameter},
		{desc: "search bad facets", req: request{path: "/api/search?q=x&facets=maybe"}, status: 400, code: CodeInvalidParameter},
		{desc: "search unknown parameter", req: request{path: "/api/search?q=x&citi=惠州"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`unknown parameter \"citi\"`}},
		{desc: "search q twice", req: request{path: "/api/search?q=x&q=y"}, status: 400, code: CodeInvalidParameter},
		{desc: "search control character", req: request{path: "/api/search?q=a%00b"}, status: 400, code: CodeInvalidParameter},
		{desc: "search non-UTF-8", req: request{path: "/api/search?q=%FF%FE"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`UTF-8`}},
		{desc: "search non-UTF-8 filter", req: request{path: "/api/search?q=x&city=%B4%A2"}, status: 400, code: CodeInvalidParameter,
			contains: []string{`invalid parameter \"city\"`}},
		{desc: "search bad escape", req: request{path: "/api/search?q=%zz"}, status: 400, code: CodeInvalidParameter},
		{desc: "search no facets", req: request{path: "/api/search?q=x&facets=false"}, status: 200},

		// explain: the admin token only
		{desc: "explain without a configured token", req: request{path: "/api/search?q=x&explain=1", header: bearer(testToken)},
			status: 403, code: CodeForbidden, contains: []string{"explain=1"}},
		{desc: "explain without credentials", cfg: Config{AdminToken: testToken}, req: request{path: "/api/search?q=x&explain=1"},
			status: 401, code: CodeUnauthorized},
		{desc: "explain with a wrong token", cfg: Config{AdminToken: testToken}, req: request{path: "/api/search?q=x&explain=1",
			header: bearer("nope")}, status: 401, code: CodeUnauthorized},
		{desc: "explain bad value", cfg: Config{AdminToken: testToken}, req: request{path: "/api/search?q=x&explain=yes",
			header: bearer(testToken)}, status: 400, code: CodeInvalidParameter, contains: []string{`\"explain\"`}},
		{desc: "explain twice", cfg: Config{AdminToken: testToken}, req: request{path: "/api/search?q=x&explain=1&explain=1",
			header: bearer(testToken)}, status: 400, code: CodeInvalidParameter},
		{desc: "explain=0 needs no token", req: request{path: "/api/search?q=x&explain=0"}, status: 200},

		// articles
		{desc: "article", req: request{path: "/api/articles/a1"}, status: 200,
			contains: []string{`"id":"a1"`, `"title":"惠州储能"`, `"paragraphs":[{"n":1`, `"url":"/articles/a1"`}},
		{desc: "article unknown", req: request{path: "/api/articles/nope"}, status: 404, code: CodeNotFound},
		{desc: "article non-UTF-8 id", req: request{path: "/api/articles/%FF"}, status: 400, code: CodeInvalidParameter},
		{desc: "article unknown parameter", req: request{path: "/api/articles/a1?x=1"}, status: 400, code: CodeInvalidParameter},

		// suggest
		{desc: "suggest", req: request{path: "/api/suggest?q=储"}, status: 200,
			contains: []string{`{"suggestions":[{"text":"储能产业","count":4}]}`}},
		{desc: "suggest for browsers", req: request{path: "/api/suggest?q=储&format=opensearch"}, status: 200,
			contains: []string{`["储",["储能产业"]]`}},
		{desc: "suggest bad format", req: request{path: "/api/suggest?q=储&format=xml"}, status: 400, code: CodeInvalidParameter},
		{desc: "suggest empty", req: request{path: "/api/suggest?q="}, status: 200, contains: []string{`{"suggestions":[]}`}},
		{desc: "suggest too long", req: request{path: "/api/suggest?q=" + long}, status: 400, code: CodeInvalidParameter},
		{desc: "suggest bad size", req: request{path: "/api/suggest?q=储&size=100"}, status: 400, code: CodeInvalidParameter},
		{desc: "suggest non-UTF-8", req: request{path: "/api/suggest?q=%E5%82"}, status: 400, code: CodeInvalidParameter},

		// write API: auth
		{desc: "put without a configured token", req: request{method: "PUT", path: "/api/articles/n1", body: articleText,
			header: bearer(testToken)}, status: 403, code: CodeForbidden, contains: []string{"disabled"}},
		{desc: "delete without a configured token", req: request{method: "DELETE", path: "/api/articles/a1",
			header: bearer(testToken)}, status: 403, code: CodeForbidden, contains: []string{"disabled"}},
		{desc: "put on a read-only server", cfg: Config{AdminToken: "read-only"}, req: request{method: "PUT", path: "/api/articles/n1",
			body: articleText, header: bearer("read-only")}, status: 403, code: CodeForbidden, contains: []string{"read-only"}},
		{desc: "put without credentials", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: articleText}, status: 401, code: CodeUnauthorized},
		{desc: "put with a wrong token", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: articleText, header: bearer(testToken + "x")}, status: 401, code: CodeUnauthorized},
		{desc: "put with basic auth", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: articleText, header: map[string]string{"Authorization": "Basic " + testToken}}, status: 401, code: CodeUnauthorized},
		{desc: "delete with a wrong token", cfg: Config{AdminToken: testToken}, req: request{method: "DELETE", path: "/api/articles/a1",
			header: bearer("nope")}, status: 401, code: CodeUnauthorized},

		// write API: bodies
		{desc: "put text", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: articleText, header: bearer(testToken)}, status: 200,
			contains: []string{`"id":"n1"`, `"title":"惠州储能产业加速发展"`, `"changed":true`, `"url":"/articles/n1"`}},
		{desc: "put bad id", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/a%20b",
			body: "x", header: bearer(testToken)}, status: 400, code: CodeInvalidParameter, contains: []string{`\"id\"`}},
		{desc: "put empty body", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: "  \n", header: bearer(testToken)}, status: 400, code: CodeInvalidBody},
		{desc: "put non-UTF-8 body", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: "\xb4\xa2\xc4\xdc", header: bearer(testToken)}, status: 400, code: CodeInvalidBody, contains: []string{"UTF-8"}},
		{desc: "put unparsable", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: "UNPARSABLE", header: bearer(testToken)}, status: 400, code: CodeInvalidBody, contains: []string{"no body"}},
		{desc: "put unsupported type", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: "a=b", header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/x-www-form-urlencoded"}},
			status: 415, code: CodeUnsupportedType},
		{desc: "put GBK", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: "x", header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "text/plain; charset=gbk"}},
			status: 415, code: CodeUnsupportedType},
		{desc: "put JSON with unknown field", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `{"title":"t","txt":"x"}`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody, contains: []string{`unknown field`}},
		{desc: "put JSON syntax error", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `{"title":`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody},
		{desc: "put JSON without text or paragraphs", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `{"title":"t"}`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody, contains: []string{`paragraphs`}, absent: []string{"n1.json"}},
		{desc: "put JSON array", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `[{"title":"t","text":"x"}]`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody},
		{desc: "put JSON two objects", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `{"title":"t","text":"x"} {"title":"u","text":"y"}`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody, contains: []string{"one article"}},
		{desc: "put JSON bad kind", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `{"title":"t","paragraphs":[{"text":"y","kind":"footnote"}]}`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody, contains: []string{`footnote`}},
		{desc: "put JSON bad date", cfg: Config{AdminToken: testToken}, req: request{method: "PUT", path: "/api/articles/n1",
			body: `{"title":"t","date":"2024年1月","text":"` + strings.ReplaceAll(articleText, "\n", "\\n") + `"}`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}},
			status: 400, code: CodeInvalidBody, contains: []string{`date`}},
		{desc: "delete", cfg: Config{AdminToken: testToken}, req: request{method: "DELETE", path: "/api/articles/a1",
			header: bearer(testToken)}, status: 200, contains: []string{`{"id":"a1","deleted":true}`}},
		{desc: "delete unknown", cfg: Config{AdminToken: testToken}, req: request{method: "DELETE", path: "/api/articles/zz",
			header: bearer(testToken)}, status: 404, code: CodeNotFound},

		// the rest
		{desc: "healthz", req: request{path: "/healthz"}, status: 200, contains: []string{`{"status":"ok"}`}},
		{desc: "readyz", req: request{path: "/readyz"}, status: 200},
		{desc: "unknown route", req: request{path: "/api/nope"}, status: 404, code: CodeNotFound},
		{desc: "unknown top route", req: request{path: "/nope"}, status: 404, code: CodeNotFound},
		{desc: "method not allowed", req: request{method: "POST", path: "/api/search"}, status: 405, code: CodeMethodNotAllowed},
		{desc: "HEAD works like GET", req: request{method: "HEAD", path: "/healthz"}, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			f := newFixture()
			s := f.server(t, tt.cfg)
			w := do(s, tt.req)
			if w.Code != tt.status {
				t.Fatalf("%s %s: status %d, want %d; body %s", tt.req.method, tt.req.path, w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if tt.code != "" {
				if code, _ := errorOf(t, w); code != tt.code {
					t.Errorf("error code %q, want %q; body %s", code, tt.code, w.Body)
				}
			} else if tt.req.method != "HEAD" && !json.Valid(w.Body.Bytes()) {
				t.Errorf("body is not JSON: %s", w.Body)
			}
			for _, s := range tt.contains {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("body lacks %s:\n%s", s, w.Body)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(w.Body.String(), s) {
					t.Errorf("body has %s:\n%s", s, w.Body)
				}
			}
			if strings.Contains(f.logs.String(), testToken) {
				t.Errorf("the admin token is in the log:\n%s", f.logs)
			}
		})
	}
}

// TestSearchRequest checks what the index is asked for each parameter.
func TestSearchRequest(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{})
	w := do(s, request{path: "/api/search?q=+储能+&province=广东&city=惠州&city=珠海&city=&city=惠州&year=2023&source=南方日报" +
		"&speaker=欧阳全&district=惠阳&from=2023-01-01&to=2023-12-31&sort=-date&page=2&size=5&group=article"})
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	got := f.lastReq
	want := &model.Request{Query: "储能", Province: []string{"广东"}, City: []string{"惠州", "珠海"}, District: []string{"惠阳"},
		Source: []string{"南方日报"}, Speaker: []string{"欧阳全"}, Year: []string{"2023"}, From: "2023-01-01", To: "2023-12-31",
		Sort: model.ByDateDesc, Page: 2, Size: 5, Group: true}
	if g, _ := json.Marshal(got); string(g) != string(mustJSON(want)) {
		t.Errorf("request\n got %s\nwant %s", g, mustJSON(want))
	}

	for param, sort := range map[string]model.Sort{"": model.ByRelevance, "relevance": model.ByRelevance, "date": model.ByDateAsc} {
		if w := do(s, request{path: "/api/search?q=x&sort=" + param}); w.Code != 200 || f.lastReq.Sort != sort {
			t.Errorf("sort=%s: status %d, sort %q, want %q", param, w.Code, f.lastReq.Sort, sort)
		}
	}
	if do(s, request{path: "/api/search?q=x&facets=false"}); !f.lastReq.NoFacets {
		t.Error("facets=false did not ask for no facets")
	}
	if do(s, request{path: "/api/search?q=x"}); f.lastReq.Explain {
		t.Error("a search without explain=1 asked for explanations")
	}
	admin := f.server(t, Config{AdminToken: testToken})
	if w := do(admin, request{path: "/api/search?q=x&explain=1", header: bearer(testToken)}); w.Code != 200 || !f.lastReq.Explain {
		t.Errorf("explain=1 with the admin token: status %d, explain %v", w.Code, f.lastReq.Explain)
	}
	if do(s, request{path: "/api/suggest?q=储"}); f.lastN != 10 {
		t.Errorf("suggest default size %d, want 10", f.lastN)
	}
	if do(s, request{path: "/api/suggest?q=储&size=3"}); f.lastN != 3 {
		t.Errorf("suggest size %d, want 3", f.lastN)
	}
	if do(s, request{path: "/api/search?q=x"}); f.lastReq.Page != 1 || f.lastReq.Size != 10 || f.lastReq.Group {
		t.Errorf("defaults: %+v", f.lastReq)
	}

	// past the depth bound, after= continues where page= must stop
	if w := do(s, request{path: "/api/search?q=x&page=500&size=50"}); w.Code != 400 {
		t.Errorf("page 500 of 50: status %d, want 400", w.Code)
	}
	if w := do(s, request{path: "/api/search?q=x&size=50&after=abc.def.ghi"}); w.Code != 200 || f.lastReq.After != "abc.def.ghi" {
		t.Errorf("after: status %d, request %+v", w.Code, f.lastReq)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestSearchResponseShape decodes the answer the way a client would.
func TestSearchResponseShape(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{})
	w := do(s, request{path: "/api/search?q=储能"})
	var got struct {
		Query  string  `json:"query"`
		Total  int     `json:"total"`
		TookMS float64 `json:"took_ms"`
		Page   int     `json:"page"`
		Size   int     `json:"size"`
		Hits   []struct {
			ID, ArticleID, Title, Snippet, URL string
			Paragraph                          int
			Score                              float64
		} `json:"hits"`
		Facets map[string][]model.FacetValue `json:"facets"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.TookMS != 1.8 || got.Total != 2 || len(got.Hits) != 2 {
		t.Errorf("got %+v", got)
	}
	if got.Hits[0].Snippet != snippetXSS {
		t.Errorf("snippet changed on the way:\n got %q\nwant %q", got.Hits[0].Snippet, snippetXSS)
	}
	if got.Hits[1].URL != "/articles/b2#p1" {
		t.Errorf("url %q", got.Hits[1].URL)
	}
	for _, field := range model.FacetFields {
		if _, ok := got.Facets[field]; !ok {
			t.Errorf("facet %q missing", field)
		}
	}
	// Every facet value is a filter the API accepts.
	for field, vals := range got.Facets {
		for _, v := range vals {
			if w := do(s, request{path: "/api/search?q=储能&" + field + "=" + v.Value}); w.Code != 200 {
				t.Errorf("facet %s=%s is not a usable filter: %d %s", field, v.Value, w.Code, w.Body)
			}
		}
	}
}

// TestIndexErrors checks the one mapping of index errors to HTTP.
func TestIndexErrors(t *testing.T) {
	secret := "bleve: shard /srv/data/gen-1/shard-0 corrupted at offset 1234"
	tests := []struct {
		desc   string
		err    error
		status int
		code   string
		msg    string
	}{
		{"invalid query", &model.Error{Kind: model.Invalid, Param: "q", Msg: "unterminated quoted string"}, 400, CodeInvalidParameter,
			`invalid parameter "q": unterminated quoted string`},
		{"not found", &model.Error{Kind: model.NotFound, Msg: "no such article"}, 404, CodeNotFound, "no such article"},
		{"timeout", context.DeadlineExceeded, 503, CodeTimeout, "too long"},
		{"wrapped timeout", &model.Error{Kind: model.Timeout, Msg: "search", Err: context.DeadlineExceeded}, 503, CodeTimeout, "too long"},
		{"canceled", context.Canceled, 499, CodeCanceled, "canceled"},
		{"internal", errors.New(secret), 500, CodeInternal, "internal server error"},
		{"internal kind", &model.Error{Kind: model.Internal, Msg: "write", Err: errors.New(secret)}, 500, CodeInternal, "internal server error"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			f := newFixture()
			f.searcher.SearchFn = func(context.Context, *model.Request) (*model.Result, error) { return nil, tt.err }
			s := f.server(t, Config{})
			w := do(s, request{path: "/api/search?q=x"})
			code, msg := errorOf(t, w)
			if w.Code != tt.status || code != tt.code || !strings.Contains(msg, tt.msg) {
				t.Errorf("got %d %s %q, want %d %s %q", w.Code, code, msg, tt.status, tt.code, tt.msg)
			}
			if strings.Contains(w.Body.String(), "bleve") || strings.Contains(w.Body.String(), "/srv/") {
				t.Errorf("internals leaked: %s", w.Body)
			}
			if tt.status == 500 {
				if !strings.Contains(f.logs.String(), "corrupted") || !strings.Contains(f.logs.String(), w.Header().Get("X-Request-Id")) {
					t.Errorf("the log lacks the cause or the request ID:\n%s", f.logs)
				}
			}
		})
	}
}

func TestDeadline(t *testing.T) {
	f := newFixture()
	var deadline time.Time
	f.searcher.SearchFn = func(ctx context.Context, _ *model.Request) (*model.Result, error) {
		deadline, _ = ctx.Deadline()
		<-ctx.Done() // a search that never finishes on its own
		return nil, ctx.Err()
	}
	s := f.server(t, Config{Timeout: 50 * time.Millisecond})
	start := time.Now()
	w := do(s, request{path: "/api/search?q=x"})
	if code, _ := errorOf(t, w); w.Code != 503 || code != CodeTimeout {
		t.Errorf("got %d %s, want 503 timeout", w.Code, code)
	}
	if deadline.IsZero() || deadline.After(start.Add(time.Second)) {
		t.Errorf("the search got deadline %v, want about 50ms after %v", deadline, start)
	}
}

func TestPutFormats(t *testing.T) {
	tests := []struct {
		contentType string
		body        string
		wantName    string // given to Parse; "" = not parsed
	}{
		{"", articleText, "n1.txt"},
		{"text/plain; charset=utf-8", articleText, "n1.txt"},
		{"text/markdown", "# " + articleText, "n1.md"},
		{"text/html", "<html><body><h1>惠州储能产业加速发展</h1><p>" + strings.ReplaceAll(articleText, "\n\n", "</p><p>") + "</p></body></html>", "n1.html"},
		{"application/json", "{\n  \"title\": \"给定标题\",\n  \"source\": \"南方日报\",\n  \"text\": \"2023-08-04 16:03:54 来源:惠州日报\\n惠州的储能产业发展迅速。\"\n}", "n1.json"},
		{"application/json", `{"id":"ignored","title":"给定","date":"2024-02-03","paragraphs":[{"text":"第一段"},{"n":7,"kind":"caption","text":"图"}]}`, "n1.json"},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			f := newFixture()
			s := f.server(t, Config{AdminToken: testToken})
			h := bearer(testToken)
			if tt.contentType != "" {
				h["Content-Type"] = tt.contentType
			}
			w := do(s, request{method: "PUT", path: "/api/articles/n1", body: tt.body, header: h})
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if got := strings.Join(f.parsed, ","); got != tt.wantName {
				t.Errorf("parsed as %q, want %q", got, tt.wantName)
			}
			if f.put == nil || f.put.ID != "n1" {
				t.Fatalf("put %+v, want the URL's ID n1", f.put)
			}
			if strings.HasPrefix(tt.contentType, "application/json") {
				if !strings.HasPrefix(f.put.Title, "给定") {
					t.Errorf("the given title did not win: %q", f.put.Title)
				}
				if strings.Contains(tt.body, "paragraphs") {
					ps := f.put.Paragraphs
					if len(ps) != 2 || ps[0].N != 1 || ps[0].Kind != article.Body || ps[1].N != 7 || ps[1].Kind != article.Caption {
						t.Errorf("paragraphs not kept as given: %+v", ps)
					}
				} else if f.put.Source != "南方日报" || f.put.Date != "2023-08-04" {
					t.Errorf("given fields should win, extracted ones fill in: %+v", f.put)
				}
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{AdminToken: testToken, MaxBody: 1024})
	big := strings.Repeat("储", 1000) // 3000 bytes
	// Declared length.
	w := do(s, request{method: "PUT", path: "/api/articles/n1", body: big, header: bearer(testToken)})
	if code, _ := errorOf(t, w); w.Code != 413 || code != CodeTooLarge {
		t.Errorf("declared: got %d %s, want 413 too_large", w.Code, code)
	}
	// Streamed, length unknown.
	r := httptest.NewRequest("PUT", "/api/articles/n1", io.MultiReader(strings.NewReader(big)))
	r.ContentLength = -1
	r.Header.Set("Authorization", "Bearer "+testToken)
	w = httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if code, _ := errorOf(t, w); w.Code != 413 || code != CodeTooLarge {
		t.Errorf("streamed: got %d %s, want 413 too_large", w.Code, code)
	}
	if f.put != nil {
		t.Error("an oversized body reached the index")
	}
	// At the limit is fine.
	w = do(s, request{method: "PUT", path: "/api/articles/n1", body: articleText + strings.Repeat(" ", 1024-len(articleText)), header: bearer(testToken)})
	if w.Code != 200 {
		t.Errorf("at the limit: %d %s", w.Code, w.Body)
	}
}

func TestAuthHeaders(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{AdminToken: testToken})
	w := do(s, request{method: "DELETE", path: "/api/articles/a1", header: bearer("wrong")})
	if w.Code != 401 || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("got %d, WWW-Authenticate %q", w.Code, w.Header().Get("WWW-Authenticate"))
	}
	w = do(s, request{method: "DELETE", path: "/api/articles/a1", header: bearer(testToken)})
	if w.Code != 200 {
		t.Errorf("right token: %d %s", w.Code, w.Body)
	}
	if strings.Contains(f.logs.String(), testToken) || strings.Contains(f.logs.String(), "Authorization") {
		t.Errorf("credentials in the log:\n%s", f.logs)
	}
}

func TestCORS(t *testing.T) {
	f := newFixture()
	open := f.server(t, Config{AdminToken: testToken})
	locked := f.server(t, Config{AdminToken: testToken, CORSOrigins: []string{"https://www.huizhou.gov.cn"}})
	const acao = "Access-Control-Allow-Origin"
	tests := []struct {
		desc   string
		srv    *Server
		req    request
		status int
		allow  string // the expected Access-Control-Allow-Origin ("" = none)
	}{
		{"GET from another site", open, request{path: "/api/search?q=x", header: map[string]string{"Origin": "https://portal.example"}}, 200, "*"},
		{"GET suggest from another site", open, request{path: "/api/suggest?q=x", header: map[string]string{"Origin": "https://portal.example"}}, 200, "*"},
		{"GET article from another site", open, request{path: "/api/articles/a1", header: map[string]string{"Origin": "https://portal.example"}}, 200, "*"},
		{"preflight for GET", open, request{method: "OPTIONS", path: "/api/search", header: map[string]string{
			"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"}}, 200, "*"},
		{"configured origin", locked, request{path: "/api/search?q=x", header: map[string]string{"Origin": "https://www.huizhou.gov.cn"}}, 200, "https://www.huizhou.gov.cn"},
		{"other origin", locked, request{path: "/api/search?q=x", header: map[string]string{"Origin": "https://evil.example"}}, 200, ""},
		{"preflight for PUT", open, request{method: "OPTIONS", path: "/api/articles/a1", header: map[string]string{
			"Origin": "https://portal.example", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization"}}, 403, ""},
		{"preflight for DELETE", open, request{method: "OPTIONS", path: "/api/articles/a1", header: map[string]string{
			"Origin": "https://portal.example", "Access-Control-Request-Method": "DELETE"}}, 403, ""},
		{"PUT from another site", open, request{method: "PUT", path: "/api/articles/n1", body: articleText, header: map[string]string{
			"Origin": "https://portal.example", "Authorization": "Bearer " + testToken}}, 403, ""},
		{"DELETE from another site", open, request{method: "DELETE", path: "/api/articles/a1", header: map[string]string{
			"Origin": "https://portal.example", "Authorization": "Bearer " + testToken}}, 403, ""},
		{"DELETE from a configured CORS origin", locked, request{method: "DELETE", path: "/api/articles/a1", header: map[string]string{
			"Origin": "https://www.huizhou.gov.cn", "Authorization": "Bearer " + testToken}}, 403, ""},
		{"PUT marked cross-site by the browser", open, request{method: "PUT", path: "/api/articles/n1", body: articleText, header: map[string]string{
			"Sec-Fetch-Site": "cross-site", "Authorization": "Bearer " + testToken}}, 403, ""},
		{"PUT from the server's own origin", open, request{method: "PUT", path: "/api/articles/n1", body: articleText, header: map[string]string{
			"Origin": "http://example.com", "Authorization": "Bearer " + testToken}}, 200, ""},
		{"DELETE from a script (no Origin)", open, request{method: "DELETE", path: "/api/articles/a1", header: map[string]string{
			"Authorization": "Bearer " + testToken}}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			w := do(tt.srv, tt.req)
			if w.Code != tt.status || w.Header().Get(acao) != tt.allow {
				t.Errorf("got %d with %s %q, want %d with %q", w.Code, acao, w.Header().Get(acao), tt.status, tt.allow)
			}
			if tt.status == 403 {
				if code, msg := errorOf(t, w); code != CodeForbidden || !strings.Contains(msg, "cross-origin") {
					t.Errorf("403 %s %q, want forbidden explaining the cross-origin refusal", code, msg)
				}
			}
			if tt.req.method == "PUT" || tt.req.method == "DELETE" || tt.status == 403 {
				for k := range w.Header() {
					if strings.HasPrefix(k, "Access-Control-Allow") {
						t.Errorf("write answer has CORS header %s", k)
					}
				}
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{Rate: 2})
	var limited *httptest.ResponseRecorder
	for i := 0; i < 20 && limited == nil; i++ {
		w := do(s, request{path: "/api/search?q=x", header: map[string]string{"Origin": "https://portal.example"}})
		switch w.Code {
		case 200:
		case 429:
			limited = w
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	if limited == nil {
		t.Fatal("20 quick requests at 2/s were never limited")
	}
	if code, _ := errorOf(t, limited); code != CodeRateLimited {
		t.Errorf("code %q", code)
	}
	if limited.Header().Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if limited.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("429 without CORS headers: a browser client could not read it")
	}
	// Another client is not limited, nor are health checks and metrics.
	r := httptest.NewRequest("GET", "/api/search?q=x", nil)
	r.RemoteAddr = "198.51.100.7:5555"
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Errorf("another IP: %d", w.Code)
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if w := do(s, request{path: p}); w.Code != 200 {
			t.Errorf("%s is rate limited: %d", p, w.Code)
		}
	}
	// Off by default.
	s = f.server(t, Config{})
	for i := 0; i < 50; i++ {
		if w := do(s, request{path: "/api/search?q=x"}); w.Code != 200 {
			t.Fatalf("rate limited without -rate: %d", w.Code)
		}
	}
}

func TestRecovery(t *testing.T) {
	f := newFixture()
	f.searcher.SearchFn = func(context.Context, *model.Request) (*model.Result, error) {
		var m map[string]int
		m["boom"]++ // a nil-map bug
		return nil, nil
	}
	s := f.server(t, Config{})
	w := do(s, request{path: "/api/search?q=x"})
	code, msg := errorOf(t, w)
	if w.Code != 500 || code != CodeInternal || strings.Contains(msg, "nil map") {
		t.Errorf("got %d %s %q", w.Code, code, msg)
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "panic") || !strings.Contains(logs, "nil map") || !strings.Contains(logs, "server_test.go") {
		t.Errorf("the log lacks the panic and its stack:\n%s", logs)
	}
	// The server still answers.
	f.searcher.SearchFn = newFixture().searcher.SearchFn
	if w := do(s, request{path: "/api/search?q=x"}); w.Code != 200 {
		t.Errorf("after a panic: %d", w.Code)
	}
}

func TestRequestID(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{})
	w := do(s, request{path: "/healthz", header: map[string]string{"X-Request-Id": "portal-42"}})
	if got := w.Header().Get("X-Request-Id"); got != "portal-42" {
		t.Errorf("X-Request-Id %q, want the client's", got)
	}
	w = do(s, request{path: "/healthz", header: map[string]string{"X-Request-Id": "bad id\x01"}})
	if got := w.Header().Get("X-Request-Id"); got == "" || strings.ContainsAny(got, " \x01") {
		t.Errorf("X-Request-Id %q, want a fresh one", got)
	}
	if !strings.Contains(f.logs.String(), "request_id=portal-42") {
		t.Errorf("access log lacks the request ID:\n%s", f.logs)
	}
}

func TestAccessLog(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{AdminToken: testToken})
	do(s, request{method: "PUT", path: "/api/articles/n1", body: articleText, header: bearer(testToken)})
	line := f.logs.String()
	for _, want := range []string{"method=PUT", "route=/api/articles/{id}", "status=200", "duration_ms=", "bytes=", "request_id="} {
		if !strings.Contains(line, want) {
			t.Errorf("access log lacks %s:\n%s", want, line)
		}
	}
	if strings.Contains(line, testToken) {
		t.Error("token in the access log")
	}
}

func TestReadyz(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{})
	s.SetReady(false)
	w := do(s, request{path: "/readyz"})
	if code, _ := errorOf(t, w); w.Code != 503 || code != CodeUnavailable {
		t.Errorf("got %d %s", w.Code, code)
	}
	if w := do(s, request{path: "/healthz"}); w.Code != 200 {
		t.Errorf("healthz while not ready: %d", w.Code)
	}
}

func TestMetrics(t *testing.T) {
	f := newFixture()
	var statsCalls atomic.Int32
	stats := f.searcher.StatsFn
	f.searcher.StatsFn = func() model.Stats { statsCalls.Add(1); return stats() }
	s := f.server(t, Config{})
	do(s, request{path: "/api/search?q=储能"})
	do(s, request{path: "/api/search?q=x&size=0"})
	do(s, request{path: "/api/articles/a1"})
	w := do(s, request{path: "/metrics"})
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("got %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	// the index's size walks its directory: once a scrape, not once a gauge
	if n := statsCalls.Load(); n != 1 {
		t.Errorf("one scrape read the index's stats %d times", n)
	}
	for _, want := range []string{
		`fangtan_http_requests_total{method="GET",route="/api/search",status="200"} 1`,
		`fangtan_http_requests_total{method="GET",route="/api/search",status="400"} 1`,
		`fangtan_http_requests_total{method="GET",route="/api/articles/{id}",status="200"} 1`,
		`fangtan_http_request_duration_seconds_bucket{method="GET",route="/api/search",status="200",le="+Inf"} 1`,
		`fangtan_search_duration_seconds_count{op="search",outcome="ok"} 1`,
		`fangtan_index_articles 5`,
		`fangtan_index_paragraphs 120`,
		`fangtan_index_size_bytes 4096`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// Unknown paths share one label, so scanners cannot blow up the series.
	do(s, request{path: "/wp-admin/x"})
	do(s, request{path: "/api/articles/zzz/x"})
	body = do(s, request{path: "/metrics"}).Body.String()
	if strings.Contains(body, "wp-admin") || !strings.Contains(body, `route="unmatched"`) {
		t.Error("unmatched paths should be one label")
	}
}

func TestGzip(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{})
	w := do(s, request{path: "/api/search?q=储能", header: map[string]string{"Accept-Encoding": "gzip"}})
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil || !json.Valid(b) || !bytes.Contains(b, []byte(`"total":2`)) {
		t.Errorf("gunzipped body %q, %v", b, err)
	}
}

func TestOpenSearch(t *testing.T) {
	f := newFixture()
	proxied := Config{TrustedProxies: []string{"10.0.0.0/8"}}
	for _, tt := range []struct {
		cfg    Config
		host   string
		peer   string // the connection's address; httptest's default when empty
		scheme string // X-Forwarded-Proto
		base   string
	}{
		{Config{}, "search.example.org", "", "", "http://search.example.org"},
		{Config{PublicURL: "https://fangtan.example.cn/"}, "10.0.0.1:8080", "", "", "https://fangtan.example.cn"},
		// only a trusted proxy says which scheme the client used
		{Config{}, "search.example.org", "10.1.2.3:4000", "https", "http://search.example.org"},
		{proxied, "search.example.org", "10.1.2.3:4000", "https", "https://search.example.org"},
		{proxied, "search.example.org", "127.0.0.1:4000", "https", "https://search.example.org"},
		{proxied, "search.example.org", "203.0.113.9:4000", "https", "http://search.example.org"},
	} {
		s := f.server(t, tt.cfg)
		r := httptest.NewRequest("GET", "/opensearch.xml", nil)
		r.Host = tt.host
		if tt.peer != "" {
			r.RemoteAddr = tt.peer
		}
		if tt.scheme != "" {
			r.Header.Set("X-Forwarded-Proto", tt.scheme)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/opensearchdescription+xml") {
			t.Fatalf("got %d %q", w.Code, w.Header().Get("Content-Type"))
		}
		var d struct {
			ShortName string `xml:"ShortName"`
			URLs      []struct {
				Type     string `xml:"type,attr"`
				Template string `xml:"template,attr"`
			} `xml:"Url"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &d); err != nil {
			t.Fatalf("not XML: %v\n%s", err, w.Body)
		}
		if d.ShortName != "访谈搜索" {
			t.Errorf("ShortName %q", d.ShortName)
		}
		want := map[string]string{
			"text/html":                      tt.base + "/?q={searchTerms}",
			"application/x-suggestions+json": tt.base + "/api/suggest?format=opensearch&q={searchTerms}",
		}
		for _, u := range d.URLs {
			if w, ok := want[u.Type]; ok && u.Template != w {
				t.Errorf("%s template %q, want %q", u.Type, u.Template, w)
			}
			delete(want, u.Type)
		}
		if len(want) > 0 {
			t.Errorf("missing URLs %v", want)
		}
	}
}

func TestMethodNotAllowedAllow(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{})
	w := do(s, request{method: "POST", path: "/api/articles/a1"})
	allow := strings.Join(w.Header().Values("Allow"), ",")
	if w.Code != 405 || !strings.Contains(allow, "GET") || !strings.Contains(allow, "PUT") || !strings.Contains(allow, "DELETE") {
		t.Errorf("got %d Allow %q", w.Code, allow)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	f := newFixture()
	for _, cfg := range []Config{
		{TrustedProxies: []string{"not-a-cidr"}},
		{Rate: -1},
		{PublicURL: "ftp://x"},
		{CORSOrigins: []string{"https://*.a.*"}},
	} {
		if _, err := New(cfg, Deps{Search: f.searcher}, nil); err == nil {
			t.Errorf("New accepted %+v", cfg)
		}
	}
	if _, err := New(Config{}, Deps{}, nil); err == nil {
		t.Error("New accepted a nil searcher")
	}
}

// Every error code has one row in the table of statuses and Chinese text,
// and the errors the server makes take their status from it.
func TestErrorCodeTable(t *testing.T) {
	for _, code := range []string{CodeInvalidParameter, CodeInvalidBody, CodeUnauthorized, CodeForbidden, CodeNotFound,
		CodeMethodNotAllowed, CodeTooLarge, CodeUnsupportedType, CodeRateLimited, CodeCanceled, CodeInternal,
		CodeTimeout, CodeBusy, CodeUnavailable} {
		c, ok := codes[code]
		if !ok || c.status < 400 || c.title == "" || c.text == "" {
			t.Errorf("%s: %+v", code, c)
		}
		if e := newError(code, "m"); e.Status != c.status {
			t.Errorf("%s: status %d, table %d", code, e.Status, c.status)
		}
	}
	if len(codes) != 14 {
		t.Errorf("the table has %d codes, the test knows 14", len(codes))
	}
}
