package server

// Browser tests of the forgiving search: the search page and the widget
// show which query's results they show, and 仍然搜索 searches as typed.

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"fangtan/server/querylog"
	"fangtan/web"
)

func TestBrowserForgivingPage(t *testing.T) {
	ts := startSite(t)
	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.Focus(chromedp.ID("q")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "zhizaoye"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`!!document.querySelector("#forgive") && document.querySelector("#forgive").textContent.includes("已显示“制造业”的结果。仍然搜索：zhizaoye") && document.querySelectorAll("#hits mark").length > 0`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("typing zhizaoye did not show the results of 制造业: %v", err)
	}
	if marks := eval[[]string](t, ctx, `[...document.querySelectorAll("#hits mark")].map(m => m.textContent)`); len(marks) == 0 || marks[0] != "制造业" {
		t.Errorf("marked %q, want 制造业", marks)
	}
	screenshots(t, ctx, "forgive-page")

	// 仍然搜索 searches for what was typed, as typed
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`#forgive a.forgive-asked`)))); err != nil {
		t.Fatal(err)
	}
	loc := eval[string](t, ctx, `location.search`)
	if u, _ := url.ParseQuery(strings.TrimPrefix(loc, "?")); u.Get("q") != "zhizaoye" || u.Get("exact") != "1" {
		t.Errorf("仍然搜索 went to %s", loc)
	}
	body := eval[string](t, ctx, `document.querySelector("#results").textContent`)
	if !strings.Contains(body, "没有找到相关结果") || !strings.Contains(body, "您是不是要找：制造业") {
		t.Errorf("after 仍然搜索 the page says: %.300s", body)
	}
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}

// portalSite serves examples/portal.html, pointed at api, from another
// origin.
func portalSite(t *testing.T, api *httptest.Server) *httptest.Server {
	t.Helper()
	raw, err := fs.ReadFile(web.FS(""), "examples/portal.html")
	if err != nil {
		t.Fatal(err)
	}
	portal := strings.ReplaceAll(string(raw), "http://127.0.0.1:8080", api.URL)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/portal.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, portal)
		case "/favicon.ico":
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(other.Close)
	return other
}

const widgetShadow = `document.querySelector("fangtan-search").shadowRoot`

// openPortal opens the portal page and waits for its widget.
func openPortal(t *testing.T, ctx context.Context, portal *httptest.Server) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(portal.URL+"/portal.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!(customElements.get("fangtan-search") && `+widgetShadow+` && `+widgetShadow+`.querySelector("input"))`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the widget did not start: %v", err)
	}
}

func TestBrowserForgivingWidget(t *testing.T) {
	api := startSite(t)
	other := portalSite(t, api)
	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)
	openPortal(t, ctx, other)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(widgetShadow+`.querySelector("input")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "制造也"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](widgetShadow+`.querySelector(".fg").textContent === "已显示“制造业”的结果。仍然搜索：制造也" && `+widgetShadow+`.querySelectorAll("[role=option] mark").length > 0`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the widget does not show the results of 制造业 for 制造也: %v (console %q)", err, errs.list())
	}
	for _, href := range eval[[]string](t, ctx, `[...`+widgetShadow+`.querySelectorAll("[role=option] a")].map(a => a.href)`) {
		if !strings.Contains(href, "?q=%E5%88%B6%E9%80%A0%E4%B8%9A#p") {
			t.Errorf("a result links to %s, not marking 制造业", href)
		}
	}
	shoot(t, ctx, "forgive-widget", chromedp.FullScreenshot(100))

	// 仍然搜索 searches 制造也 as typed: nothing, with the offer
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(widgetShadow+`.querySelector(".fg .lk")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](widgetShadow+`.querySelector(".st").textContent.includes("没有找到") && `+widgetShadow+`.querySelector(".fg").textContent === "您是不是要找：制造业"`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("仍然搜索 did not search as typed: %v (status %q)", err, eval[string](t, ctx, widgetShadow+`.querySelector(".p").textContent`))
	}
	// the offer searches 制造业
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(widgetShadow+`.querySelector(".fg .lk")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](widgetShadow+`.querySelector("input").value === "制造业" && `+widgetShadow+`.querySelector(".fg").textContent === "" && `+widgetShadow+`.querySelectorAll("[role=option]").length > 0`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the offer did not search 制造业: %v", err)
	}

	// pinyin completions while typing Latin letters
	eval[chromedp.Void](t, ctx, widgetShadow+`.querySelector("input").value = ""`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(widgetShadow+`.querySelector("input")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "chun"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](widgetShadow+`.querySelector(".cr").textContent.startsWith("拼音联想：储能")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("no pinyin completions for chun: %v (panel %q)", err, eval[string](t, ctx, widgetShadow+`.querySelector(".p").textContent`))
	}
	shoot(t, ctx, "forgive-widget-pinyin", chromedp.FullScreenshot(100))
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}

// TestBrowserPopular: focused and empty, the widget shows 热门搜索, the
// portal's searches that found something and were asked by at least three
// clients — never one asked by fewer — and a click searches it.
func TestBrowserPopular(t *testing.T) {
	api, ql := siteWithLog(t)
	other := portalSite(t, api)
	asked := map[string]int{"新型储能": 4, "储能": 3, "制造业": 2, "欧阳全": 1, "氢燃料电池": 3}
	// as the widget sends them: portal= the portal page's host
	askAs(t, asked, func(q string) string { return api.URL + "/api/search?portal=127.0.0.1&q=" + url.QueryEscape(q) })
	ql.Flush()

	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)
	openPortal(t, ctx, other)
	// a headless page is not focused, and an unfocused page gets no focus
	// events: act as the window a reader looks at
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(widgetShadow+`.querySelector("input")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!`+widgetShadow+`.querySelector(".p").hidden && `+widgetShadow+`.querySelector(".cr").textContent.startsWith("热门搜索：")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("no 热门搜索 in the focused empty widget: %v (console %q)", err, errs.list())
	}
	shown := eval[[]string](t, ctx, `[...`+widgetShadow+`.querySelectorAll(".cr .lk")].map(b => b.textContent)`)
	if !slices.Equal(shown, []string{"新型储能", "储能"}) {
		t.Errorf("热门搜索 shows %q, want 新型储能 储能", shown)
	}
	for _, s := range shown {
		if asked[s] < querylog.MinClients {
			t.Errorf("热门搜索 shows %s, asked by %d clients", s, asked[s])
		}
	}
	shoot(t, ctx, "popular-widget", chromedp.FullScreenshot(100))
	// a click searches it
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(widgetShadow+`.querySelector(".cr .lk")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](widgetShadow+`.querySelector("input").value === "新型储能" && `+widgetShadow+`.querySelectorAll("[role=option] mark").length > 0`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("clicking a popular search did not search it: %v", err)
	}
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}

// TestBrowserPopularPage: the start page lists 热门搜索 of fangtan's own
// pages, never a query asked by fewer than three clients.
func TestBrowserPopularPage(t *testing.T) {
	ts, ql := siteWithLog(t)
	asked := map[string]int{"专精特新": 3, "制造业当家": 5, "惠阳": 2, "氢燃料电池": 4}
	askAs(t, asked, func(q string) string { return ts.URL + "/?q=" + url.QueryEscape(q) })
	ql.Flush()
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("q"))); err != nil {
		t.Fatal(err)
	}
	shown := eval[[]string](t, ctx, `[...document.querySelectorAll("#popular a")].map(a => a.textContent)`)
	if !slices.Equal(shown, []string{"制造业当家", "专精特新"}) {
		t.Errorf("热门搜索 on the start page: %q, want 制造业当家 专精特新 (惠阳: 2 clients; 氢燃料电池: nothing found)", shown)
	}
	screenshots(t, ctx, "popular-page")
}

// siteWithLog serves the seeds with a query log.
func siteWithLog(t *testing.T) (*httptest.Server, *querylog.Log) {
	t.Helper()
	ql, err := querylog.Open(filepath.Join(t.TempDir(), "q.db"), querylog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ql.Close() })
	srv, err := New(Config{QueryLog: ql}, IndexDeps(seedIndex(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, ql
}

// askAs searches each query as many distinct clients as asked says, at
// the URL target gives (the loopback peer is a trusted proxy, so
// X-Forwarded-For names the client).
func askAs(t *testing.T, asked map[string]int, target func(q string) string) {
	t.Helper()
	for q, clients := range asked {
		for i := 0; i < clients; i++ {
			req, _ := http.NewRequest(http.MethodGet, target(q), nil)
			req.Header.Set("Accept", "text/html")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.0.0.%d", i+1))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
}
