package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"fangtan/article"
	"fangtan/index/model"
)

// xssPayloads are classic injection payloads; stored in an article they
// must come back as text everywhere.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`javascript:alert(1)`,
	`"><script>alert(1)</script>`,
	`'><img src=x onerror=alert(1)>`,
	`" onmouseover="alert(1)`,
	`' onfocus='alert(1)' autofocus='`,
	`</title><script>alert(1)</script>`,
	`</textarea><script>alert(1)</script>`,
	`</script><script>alert(1)</script>`,
	`{{constructor.constructor('alert(1)')()}}`,
	`${alert(1)}`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<a href="javascript:alert(1)">点我</a>`,
	`<body onload=alert(1)>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`\u003cscript\u003ealert(1)\u003c/script\u003e`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<scr<script>ipt>alert(1)</script>`,
	`<details open ontoggle=alert(1)>`,
	`<input autofocus onfocus=alert(1)>`,
	`<object data="data:text/html,<script>alert(1)</script>">`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<style>@import'javascript:alert(1)'</style>`,
	`＜script＞alert(1)＜/script＞`,
	`%3Cscript%3Ealert(1)%3C/script%3E`,
}

// markupIn reports the first element or attribute of doc that the pages'
// templates never produce and an injection would: an inline or foreign
// script, an event handler, a javascript: or data: URL, a frame or
// plugin, a style element.
func markupIn(doc string) string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return "unparsable page: " + err.Error()
	}
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "iframe", "object", "embed", "math", "style", "base", "textarea", "body":
				if n.Data != "body" || len(n.Attr) > 1 || len(n.Attr) == 1 && n.Attr[0].Key != "class" {
					if n.Data != "body" {
						found = "element <" + n.Data + ">"
						return
					}
					found = fmt.Sprintf("body attributes %v", n.Attr)
					return
				}
			case "script":
				src := attr(n, "src")
				if !strings.HasPrefix(src, "/static/") && !strings.HasPrefix(src, "/embed.") {
					found = fmt.Sprintf("script src=%q", src)
					return
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "autofocus" && n.Data != "input":
					found = fmt.Sprintf("attribute %s on <%s>", a.Key, n.Data)
				case strings.HasPrefix(v, "javascript:") && (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "data" || a.Key == "formaction"):
					found = fmt.Sprintf("%s=%q on <%s>", a.Key, a.Val, n.Data)
				case a.Key == "src" && n.Data == "img":
					found = fmt.Sprintf("<img src=%q>", a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestXSSPayloads stores every payload in every field of an article through
// the write API of a real index, then searches for it and opens it: the
// JSON holds no markup at all and decodes to the payload unchanged; the
// pages show it as text, never as an element or attribute.
func TestXSSPayloads(t *testing.T) {
	if len(xssPayloads) < 20 {
		t.Fatal("too few payloads")
	}
	ix := seedIndex(t)
	srv, err := New(Config{AdminToken: testToken}, IndexDeps(ix), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range xssPayloads {
		id := fmt.Sprintf("xss-%02d", i)
		marker := fmt.Sprintf("琉璃瓦%d号", i)
		body, _ := json.Marshal(map[string]any{
			"title": p, "source": p, "date": "2024-01-02", "authors": []string{p},
			"paragraphs": []article.Paragraph{
				{Kind: article.Heading, Text: p},
				{Kind: article.Body, Section: p, Speaker: p, Text: marker + "储能项目 " + p + " 已经投产"},
				{Kind: article.Caption, Text: p + " " + marker},
			},
		})
		w := do(srv, request{method: "PUT", path: "/api/articles/" + id, body: string(body),
			header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}})
		if w.Code != 200 {
			t.Fatalf("PUT %d: %d %s", i, w.Code, w.Body)
		}

		// the API: no '<' or '>' anywhere, the payload intact once decoded
		for _, path := range []string{
			"/api/search?q=" + url.QueryEscape(marker),
			"/api/search?q=" + url.QueryEscape(marker) + "&group=article",
			"/api/search?q=" + url.QueryEscape(p),
			"/api/search?q=" + url.QueryEscape(marker) + "&source=" + url.QueryEscape(p),
			"/api/suggest?q=" + url.QueryEscape(p),
			"/api/articles/" + id,
		} {
			w := do(srv, request{path: path})
			if w.Code != 200 && w.Code != 400 {
				t.Errorf("%s: %d %s", path, w.Code, w.Body)
			}
			if strings.ContainsAny(w.Body.String(), "<>") {
				t.Errorf("%s: raw markup in the JSON:\n%s", path, w.Body)
			}
		}
		var a article.Article
		if err := json.Unmarshal(do(srv, request{path: "/api/articles/" + id}).Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if a.Title != p || a.Source != p || a.Paragraphs[1].Speaker != p || a.Paragraphs[1].Section != p {
			t.Errorf("payload %d not stored as given: %+v", i, a)
		}
		var res struct {
			Total int
			Hits  []model.Hit
		}
		json.Unmarshal(do(srv, request{path: "/api/search?q=" + url.QueryEscape(marker)}).Body.Bytes(), &res)
		if res.Total == 0 {
			t.Errorf("payload %d: its article is not found by %s", i, marker)
		}
		for _, h := range res.Hits {
			if h.Title != p {
				t.Errorf("payload %d: hit title %q", i, h.Title)
			}
			if strings.Contains(h.Snippet, p) && strings.ContainsAny(p, "<>&\"'") {
				t.Errorf("payload %d: snippet holds it unescaped: %s", i, h.Snippet)
			}
		}

		// the pages
		for _, path := range []string{
			"/?q=" + url.QueryEscape(marker),
			"/?q=" + url.QueryEscape(marker) + "&group=article",
			"/?q=" + url.QueryEscape(p),
			"/?q=" + url.QueryEscape(marker) + "&source=" + url.QueryEscape(p) + "&speaker=" + url.QueryEscape(p),
			"/articles/" + id,
			"/articles/" + id + "?q=" + url.QueryEscape(marker),
			"/articles/" + id + "?q=" + url.QueryEscape(p),
			"/embed?city=" + url.QueryEscape(p) + "&source=" + url.QueryEscape(p) + "&placeholder=" + url.QueryEscape(p),
		} {
			r := get(t, srv, path)
			if r.status != 200 && r.status != 400 {
				t.Errorf("%s: %d", path, r.status)
			}
			if strings.ContainsAny(p, "<>\"'") && strings.Contains(r.body, p) {
				i := strings.Index(r.body, p)
				t.Errorf("%s: the raw payload is in the page: …%s…", path, r.body[max(0, i-100):min(len(r.body), i+len(p)+100)])
			}
			if bad := markupIn(r.body); bad != "" {
				t.Errorf("%s: injected %s", path, bad)
			}
		}
	}
	// the page does show the text of the payload (it is escaped, not lost)
	if r := get(t, srv, "/articles/xss-00"); !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the article page lost the payload's text")
	}
}

// TestMarkupCheck: the HTML check does find injected markup (so a pass of
// TestXSSPayloads means something).
func TestMarkupCheck(t *testing.T) {
	page := `<!doctype html><html><head><title>t</title><script src="/static/app.js"></script></head><body class="x">%s</body></html>`
	if bad := markupIn(fmt.Sprintf(page, "<p>&lt;script&gt;</p>")); bad != "" {
		t.Errorf("a clean page: %s", bad)
	}
	for _, p := range xssPayloads {
		// <scr<script>ipt> is an element named "scr<script": inert
		if !strings.Contains(p, "<") || strings.Contains(p, "&lt;") || strings.Contains(p, "＜") || strings.HasPrefix(p, "<scr<") {
			continue
		}
		if markupIn(fmt.Sprintf(page, p)) == "" {
			t.Errorf("not detected: %s", p)
		}
	}
}

// TestSecurityHeaders checks the headers of every route: no sniffing, a
// referrer policy, a CSP, and no framing except /embed.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{AdminToken: testToken})
	st, err := s.pages.current()
	if err != nil {
		t.Fatal(err)
	}
	routes := []request{
		{path: "/"}, {path: "/?q=储能"}, {path: "/?q=x&size=0"}, {path: "/articles/a1"}, {path: "/articles/nope"},
		{path: "/embed"}, {path: "/embed.js"}, {path: "/" + st.assets["embed.js"].hashed},
		{path: "/static/app.css"}, {path: "/static/nope.css"}, {path: "/opensearch.xml"},
		{path: "/healthz"}, {path: "/readyz"}, {path: "/metrics"}, {path: "/nope"},
		{path: "/nope", header: map[string]string{"Accept": "text/html"}},
		{path: "/api/search?q=x"}, {path: "/api/search?q=%FF"}, {path: "/api/suggest?q=x"},
		{path: "/api/articles/a1"}, {path: "/api/articles/nope"}, {path: "/api/nope"},
		{method: "PUT", path: "/api/articles/n1", body: articleText, header: bearer(testToken)},
		{method: "DELETE", path: "/api/articles/a1", header: bearer("wrong")},
		{method: "POST", path: "/api/search"},
		{method: "OPTIONS", path: "/api/search", header: map[string]string{"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"}},
	}
	routes = append(routes, request{path: "/static/" + st.assets["app.js"].hashed})
	for _, rq := range routes {
		w := do(s, rq)
		h := w.Header()
		name := rq.method + " " + rq.path
		if w.Code >= 500 {
			t.Errorf("%s: %d", name, w.Code)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", name, h.Get("X-Content-Type-Options"))
		}
		if h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
			t.Errorf("%s: Referrer-Policy %q", name, h.Get("Referrer-Policy"))
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: Content-Security-Policy %q", name, csp)
		}
		if rq.path == "/embed" {
			if h.Get("X-Frame-Options") != "" || strings.Contains(csp, "frame-ancestors") {
				t.Errorf("/embed must be frameable by portals: X-Frame-Options %q, CSP %q", h.Get("X-Frame-Options"), csp)
			}
			continue
		}
		if h.Get("X-Frame-Options") != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: frameable: X-Frame-Options %q, CSP %q", name, h.Get("X-Frame-Options"), csp)
		}
	}
	// the widget still loads from, and talks to, this origin on a portal:
	// the asset has CORS, the API answers other origins
	if w := do(s, request{path: "/embed.js"}); w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("embed.js without CORS")
	}
	if w := do(s, request{path: "/api/search?q=x", header: map[string]string{"Origin": "https://portal.example"}}); w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("the API refuses portals")
	}
}

// TestTokenNeverLogged: the admin token stays out of the log whether it is
// right, wrong, or pasted into a query string.
func TestTokenNeverLogged(t *testing.T) {
	f := newFixture()
	s := f.server(t, Config{AdminToken: testToken})
	for _, rq := range []request{
		{method: "PUT", path: "/api/articles/n1", body: articleText, header: bearer(testToken)},
		{method: "PUT", path: "/api/articles/n1", body: articleText, header: bearer(testToken + "-wrong")},
		{method: "PUT", path: "/api/articles/n1?token=" + testToken, body: articleText, header: bearer(testToken)},
		{method: "DELETE", path: "/api/articles/a1?token=" + testToken},
		{path: "/api/search?q=x&token=" + testToken},
		{path: "/?token=" + testToken, header: map[string]string{"Accept": "text/html"}},
	} {
		do(s, rq)
	}
	// and a panic, which logs the most
	f.searcher.SearchFn = func(context.Context, *model.Request) (*model.Result, error) { panic("boom") }
	do(s, request{path: "/api/search?q=x", header: bearer(testToken)})
	do(s, request{path: "/?q=x&token=" + testToken, header: map[string]string{"Accept": "text/html", "Authorization": "Bearer " + testToken}})
	logs := f.logs.String()
	if !strings.Contains(logs, "status=200") || !strings.Contains(logs, "status=401") || !strings.Contains(logs, "panic") {
		t.Fatalf("the requests were not logged:\n%s", logs)
	}
	if strings.Contains(logs, testToken) {
		t.Errorf("the admin token is in the log:\n%s", logs)
	}
}

// TestNoInternalsInAnswers: a panic or an index failure answers without a
// stack, a source file or a path, on the API and the pages; the details go
// to the log only.
func TestNoInternalsInAnswers(t *testing.T) {
	leaks := []string{"goroutine", ".go:", "/work/", "/srv/", "/home/", "runtime/", "panic", "bleve", "shard"}
	failures := map[string]func(context.Context, *model.Request) (*model.Result, error){
		"panic": func(context.Context, *model.Request) (*model.Result, error) {
			var m map[string]int
			m["x"]++
			return nil, nil
		},
		"panic with a path": func(context.Context, *model.Request) (*model.Result, error) {
			panic(errors.New("open /srv/fangtan/data/gen-3/shard-0/store: bleve: corrupt"))
		},
		"path error": func(context.Context, *model.Request) (*model.Result, error) {
			return nil, &fs.PathError{Op: "open", Path: "/srv/fangtan/data/gen-3/shard-0/store", Err: fs.ErrPermission}
		},
		"wrapped path error": func(context.Context, *model.Request) (*model.Result, error) {
			return nil, &model.Error{Kind: model.Internal, Msg: "read /srv/fangtan/data: bleve shard failed",
				Err: &fs.PathError{Op: "read", Path: "/srv/fangtan/data", Err: fs.ErrClosed}}
		},
		"invalid with a cause": func(context.Context, *model.Request) (*model.Result, error) {
			return nil, &model.Error{Kind: model.Invalid, Param: "q", Msg: "bad query",
				Err: &fs.PathError{Op: "open", Path: "/srv/fangtan/synonyms.txt", Err: fs.ErrNotExist}}
		},
	}
	for name, fn := range failures {
		t.Run(name, func(t *testing.T) {
			f := newFixture()
			f.searcher.SearchFn = fn
			var logs bytes.Buffer
			s, err := New(Config{}, Deps{Search: f.searcher}, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			api := do(s, request{path: "/api/search?q=x"})
			page := get(t, s, "/?q=x")
			if api.Code != 500 && api.Code != 400 || page.status != api.Code {
				t.Errorf("API %d, page %d", api.Code, page.status)
			}
			if api.Code == 500 {
				if code, _ := errorOf(t, api); code != CodeInternal {
					t.Errorf("code %q", code)
				}
				if !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") || !strings.Contains(page.body, "服务暂时出错了") {
					t.Errorf("the page's 500 is not the Chinese error page: %q\n%s", page.header.Get("Content-Type"), page.body)
				}
				if !strings.Contains(logs.String(), api.Header().Get("X-Request-Id")) {
					t.Errorf("the log lacks the failure:\n%s", &logs)
				}
			}
			for _, leak := range leaks {
				if strings.Contains(api.Body.String(), leak) {
					t.Errorf("API answer leaks %q: %s", leak, api.Body)
				}
				if strings.Contains(page.body, leak) {
					i := strings.Index(page.body, leak)
					t.Errorf("page leaks %q: …%s…", leak, page.body[max(0, i-80):min(len(page.body), i+80)])
				}
			}
		})
	}
}
