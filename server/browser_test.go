package server

// Browser tests: the pages and the widget in Debian's Chromium, driven by
// chromedp. They skip when Chromium is missing and CI is unset; with CI set
// they must run. Screenshots go to $FANGTAN_SCREENSHOTS (or a temporary
// directory); the log names the folder.
//
//	apt-get install -y chromium fonts-noto-cjk
//	FANGTAN_SCREENSHOTS=/tmp/shots go test ./server -run Browser -v

import (
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"fangtan/web"
)

// browserTimeout bounds each browser test; pollTimeout each wait for the
// page to change. Both are hang detectors, sized for -race on two busy
// cores.
const (
	browserTimeout = 90 * time.Second
	pollTimeout    = 30 * time.Second
)

func chromiumPath() string {
	if p := os.Getenv("FANGTAN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium for one test and returns a context
// bounded by browserTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but Chromium is not installed (apt-get install -y chromium)")
		}
		t.Skip("Chromium not found; the browser tests run in CI (apt-get install -y chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// start the browser under no deadline (a deadline on the first run
	// would stop the browser with it), then bound the test
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, browserTimeout)
	t.Cleanup(cancel)
	return ctx
}

// consoleErrors collects console errors and warnings, uncaught exceptions
// and the browser's own error log (CORS failures, failed loads).
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleErrors) add(s string) {
	c.mu.Lock()
	c.msgs = append(c.msgs, s)
	c.mu.Unlock()
}

func (c *consoleErrors) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.msgs...)
}

func watchConsole(t *testing.T, ctx context.Context) *consoleErrors {
	t.Helper()
	c := &consoleErrors{}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				c.add(fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			c.add("exception: " + (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error())
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				c.add(fmt.Sprintf("log %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// screenshotDir is where the screenshots go: $FANGTAN_SCREENSHOTS, else a
// temporary directory of the test.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("FANGTAN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshots saves full-page PNGs of the current page at 1280 and 375
// pixels wide, then restores the wide viewport.
func screenshots(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shoot(t, ctx, name, chromedp.FullScreenshot(100))
}

// shoot saves what capture takes at 1280 and 375 pixels wide.
func shoot(t *testing.T, ctx context.Context, name string, capture chromedp.Action[[]byte]) {
	t.Helper()
	dir := screenshotDir(t)
	for _, w := range []int64{1280, 375} {
		mobile := func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
			p.Mobile = w < 500
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900, mobile), chromedp.Sleep(150*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		buf, err := chromedp.Run(ctx, capture)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w))
		if err := os.WriteFile(file, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func startSite(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(newPageServer(t, seedIndex(t)))
	t.Cleanup(ts.Close)
	return ts
}

// TestBrowserSearchWithoutJavaScript: with scripts off, the form searches
// and a facet link narrows.
func TestBrowserSearchWithoutJavaScript(t *testing.T) {
	ts := startSite(t)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "制造业当家"),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`#search-form button[type=submit]`)))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(loc); u.Query().Get("q") != "制造业当家" {
		t.Fatalf("the form went to %s", loc)
	}
	body, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "<mark>制造业当家</mark>") {
		t.Error("no marked hits after submitting the form")
	}
	before := total(t, body)
	screenshots(t, ctx, "search")

	// a facet click narrows
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`.facets a[aria-label^="韶关，"]`)))); err != nil {
		t.Fatal(err)
	}
	body, err = chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, `aria-label="移除筛选：城市 韶关"`) {
		t.Error("no chip for the chosen city")
	}
	for _, m := range metas(body) {
		if !strings.HasPrefix(m, "韶关") {
			t.Errorf("hit outside 韶关 after the facet click: %q", m)
		}
	}
	if after := total(t, body); after == before {
		t.Errorf("the facet click did not narrow: %s hits", after)
	}
	screenshots(t, ctx, "search-facet")
}

// TestBrowserTypeAndOpen: typing shows results without a submit, the
// address follows, the keyboard opens a result, and the article page is at
// the paragraph with it marked.
func TestBrowserTypeAndOpen(t *testing.T) {
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
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "储能"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelector("#results-heading") && document.querySelector("#results-heading").textContent.includes("储能") && document.querySelectorAll("#hits mark").length > 0`,
		chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatalf("typing showed no results: %v", err)
	}
	if q := eval[string](t, ctx, `new URLSearchParams(location.search).get("q")`); q != "储能" {
		t.Errorf("the address has q=%q", q)
	}
	if live := eval[string](t, ctx, `document.getElementById("live").textContent`); !strings.Contains(live, "共") {
		t.Errorf("the live region says %q", live)
	}
	screenshots(t, ctx, "search-typed")

	// ↓ from the box focuses the first result; Enter opens it
	href := eval[string](t, ctx, `document.querySelector("#hits .hit-title a").getAttribute("href")`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.matches("#hits .hit:first-child .hit-title a") && document.querySelector("#hits .hit:first-child").classList.contains("is-active")`,
		chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatalf("ArrowDown did not reach the first result: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatal(err)
	}
	wantHash := href[strings.Index(href, "#"):]
	if hash := eval[string](t, ctx, `location.hash`); hash != wantHash {
		t.Errorf("opened at %q, want %q (link %s)", hash, wantHash, href)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`(() => { const el = document.getElementById(location.hash.slice(1)); return !!el && el.classList.contains("is-target") && el.matches(":target") && !!el.querySelector("mark") })()`,
		chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Errorf("the target paragraph is not marked: %v", err)
	}
	// the paragraph is on screen
	if inView := eval[bool](t, ctx, `(() => { const r = document.getElementById(location.hash.slice(1)).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight })()`); !inView {
		t.Error("the target paragraph is not scrolled into view")
	}
	if back := eval[string](t, ctx, `document.querySelector("a.back").getAttribute("href")`); back != "/?q=%E5%82%A8%E8%83%BD" {
		t.Errorf("back link %q", back)
	}
	screenshotArticle(t, ctx)
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}

// screenshotArticle saves the article as the reader sees it on arrival
// (the viewport, scrolled to the paragraph) and the whole page.
func screenshotArticle(t *testing.T, ctx context.Context) {
	t.Helper()
	shoot(t, ctx, "article", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		scroll := chromedp.Evaluate[chromedp.Void](`document.getElementById(location.hash.slice(1)).scrollIntoView({block: "start"})`)
		if _, err := scroll(ctx, tg); err != nil {
			return nil, err
		}
		return chromedp.CaptureScreenshot()(ctx, tg)
	})
	screenshots(t, ctx, "article-full")
}

// TestBrowserWidget: the widget on a portal served from another origin,
// locked to 惠州, shows only 惠州 hits with marks, works with the keyboard,
// logs no errors, and leaves the portal's styles alone.
func TestBrowserWidget(t *testing.T) {
	api := startSite(t)
	raw, err := fs.ReadFile(web.FS(""), "examples/portal.html")
	if err != nil {
		t.Fatal(err)
	}
	portal := strings.ReplaceAll(string(raw), "http://127.0.0.1:8080", api.URL)
	if !strings.Contains(portal, api.URL+"/embed.js") {
		t.Fatal("the portal does not load the widget from the fangtan server")
	}
	// the baseline: the same page without the widget's script
	bare := strings.Replace(portal, `<script src="`+api.URL+`/embed.js" defer></script>`, "", 1)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/portal.html":
			fmt.Fprint(w, portal)
		case "/bare.html":
			fmt.Fprint(w, bare)
		case "/favicon.ico":
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(other.Close)
	if strings.TrimPrefix(other.URL, "http://") == strings.TrimPrefix(api.URL, "http://") {
		t.Fatal("the portal must be on another origin")
	}

	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)
	const styleProbe = `JSON.stringify(["body", "header.masthead", "header.masthead h1", "p.lead", "pre", "ul li", "h2"].map(s => {
		const cs = getComputedStyle(document.querySelector(s));
		return [s, cs.fontFamily, cs.fontSize, cs.color, cs.backgroundColor, cs.lineHeight, cs.listStyleType, cs.borderLeftColor];
	}))`
	if err := chromedp.Do(ctx, chromedp.Navigate(other.URL+"/bare.html")); err != nil {
		t.Fatal(err)
	}
	baseline := eval[string](t, ctx, styleProbe)

	if err := chromedp.Do(ctx, chromedp.Navigate(other.URL+"/portal.html")); err != nil {
		t.Fatal(err)
	}
	// the listener works: a probe warning is seen (and then ignored)
	eval[chromedp.Void](t, ctx, `console.warn("fangtan-probe")`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`!!(customElements.get("fangtan-search") && document.querySelector("fangtan-search").shadowRoot && document.querySelector("fangtan-search").shadowRoot.querySelector("input[role=combobox]"))`,
		chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatalf("the widget did not start: %v (console: %q)", err, errs.list())
	}
	const shadow = `document.querySelector("fangtan-search").shadowRoot`
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(shadow+`.querySelector("input")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "制造业当家"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](shadow+`.querySelectorAll("[role=option]").length > 0`,
		chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatalf("no results in the widget: %v (console: %q)", err, errs.list())
	}
	type option struct {
		Href, Meta string
		Marks      int
	}
	opts := eval[[]option](t, ctx, `[...`+shadow+`.querySelectorAll("[role=option]")].map(li => ({
		Href: li.querySelector("a").href, Meta: li.querySelector(".m").textContent, Marks: li.querySelectorAll("mark").length}))`)
	for _, o := range opts {
		if !strings.HasPrefix(o.Meta, "惠州") {
			t.Errorf("a hit outside 惠州: %q", o.Meta)
		}
		if o.Marks == 0 {
			t.Errorf("a hit without marks: %+v", o)
		}
		if !strings.HasPrefix(o.Href, api.URL+"/articles/") || !strings.Contains(o.Href, "?q=%E5%88%B6%E9%80%A0%E4%B8%9A%E5%BD%93%E5%AE%B6#p") {
			t.Errorf("a result links to %s", o.Href)
		}
	}
	// unlocked, the same query also finds 韶关: the lock did the narrowing
	if n := len(metas(get(t, api.Config.Handler, "/?q="+url.QueryEscape("制造业当家")+"&city="+url.QueryEscape("韶关")).body)); n == 0 {
		t.Error("the query has no 韶关 hits, so the lock proves nothing")
	}

	// ARIA and the keyboard
	if exp := eval[string](t, ctx, shadow+`.querySelector("input").getAttribute("aria-expanded")`); exp != "true" {
		t.Errorf("aria-expanded=%q with results shown", exp)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	active := eval[string](t, ctx, shadow+`.querySelector("input").getAttribute("aria-activedescendant") || ""`)
	second := eval[string](t, ctx, shadow+`.querySelectorAll("[role=option]")[Math.min(1, `+shadow+`.querySelectorAll("[role=option]").length-1)].id`)
	if active == "" || active != second {
		t.Errorf("aria-activedescendant %q after ↓↓, want %q", active, second)
	}
	if sel := eval[int](t, ctx, shadow+`.querySelectorAll("[aria-selected=true]").length`); sel != 1 {
		t.Errorf("%d options selected", sel)
	}
	screenshots(t, ctx, "portal")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if exp := eval[string](t, ctx, shadow+`.querySelector("input").getAttribute("aria-expanded")`); exp != "false" {
		t.Errorf("aria-expanded=%q after Escape", exp)
	}

	// styles: the portal's are unchanged, and the portal's reach none of
	// the widget's (its input rule, its red <mark>, its serif font)
	if got := eval[string](t, ctx, styleProbe); got != baseline {
		t.Errorf("the portal's computed styles changed with the widget:\n before %s\n after  %s", baseline, got)
	}
	inner := eval[[]string](t, ctx, `(() => { const r = `+shadow+`; const i = getComputedStyle(r.querySelector("input")); const m = r.querySelector("mark");
		return [i.fontSize, i.fontFamily, i.backgroundColor, m ? getComputedStyle(m).backgroundColor : ""] })()`)
	if inner[0] != "16px" || strings.Contains(inner[1], "Songti") || strings.Contains(inner[1], "serif,") || inner[2] == "rgb(255, 251, 230)" || inner[3] == "rgb(184, 22, 30)" {
		t.Errorf("the portal's styles leaked into the widget: %q", inner)
	}
	// the accent is themable through a custom property (the portal sets red)
	if accent := eval[string](t, ctx, `getComputedStyle(`+shadow+`.querySelector("li a")).color`); accent != "rgb(184, 22, 30)" {
		t.Errorf("--fangtan-accent not applied: link colour %s", accent)
	}

	var bad []string
	probe := false
	for _, m := range errs.list() {
		if strings.Contains(m, "fangtan-probe") {
			probe = true
			continue
		}
		bad = append(bad, m)
	}
	if !probe {
		t.Error("the console listener saw nothing; the no-errors check would be vacuous")
	}
	if len(bad) > 0 {
		t.Errorf("console errors: %q", bad)
	}
}

// a11yProbe checks, in the page, what an accessibility audit checks first:
// the contrast of every visible text against its background (WCAG AA:
// 4.5:1, 3:1 for large text), a name for every control and link, the
// document language, and no positive tabindex. It returns the problems.
const a11yProbe = `((root) => {
  const problems = [];
  const rgba = c => (c.match(/[\d.]+/g) || ["0", "0", "0", "0"]).map(Number);
  const lum = c => { const [r, g, b] = rgba(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const opaque = c => { const v = rgba(c); return v.length < 4 || v[3] > 0.5; };
  const bg = el => { for (; el; el = el.parentElement || (el.getRootNode().host || null)) { const c = getComputedStyle(el).backgroundColor; if (opaque(c)) return c; } return "rgb(255, 255, 255)"; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const hidden = el => { for (; el && el.nodeType === 1; el = el.parentElement) { if (el.matches(".sr-only, [aria-hidden=true], [hidden]")) return true; const cs = getComputedStyle(el); if (cs.display === "none" || cs.visibility === "hidden") return true; } return false; };
  for (const el of root.querySelectorAll("*")) {
    if (el instanceof SVGElement || !el.getClientRects().length || hidden(el)) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize), bold = +cs.fontWeight >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const r = ratio(cs.color, bg(el));
    if (r < need) problems.push("contrast " + r.toFixed(2) + " < " + need + ": <" + el.tagName.toLowerCase() + " class=" + el.className + "> " + el.textContent.trim().slice(0, 30));
  }
  for (const el of root.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
    const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.id && root.querySelector('label[for="' + el.id + '"]')) || el.closest("label") || (el.tagName === "BUTTON" && el.textContent.trim());
    if (!named) problems.push("no label: " + el.outerHTML.slice(0, 100));
  }
  for (const a of root.querySelectorAll("a[href]")) {
    if (!(a.getAttribute("aria-label") || a.textContent.trim())) problems.push("link without text: " + a.outerHTML.slice(0, 100));
  }
  for (const el of root.querySelectorAll("[tabindex]")) {
    if (+el.getAttribute("tabindex") > 0) problems.push("positive tabindex: " + el.outerHTML.slice(0, 100));
  }
  if (root === document && document.documentElement.lang !== "zh-CN") problems.push("lang is " + document.documentElement.lang);
  return problems;
})`

// focusWalk presses Tab through the page and reports each focused element
// and whether it shows a focus indicator.
func focusWalk(t *testing.T, ctx context.Context, presses int) []string {
	t.Helper()
	eval[chromedp.Void](t, ctx, `document.activeElement && document.activeElement.blur(); window.__focus = [];
		document.addEventListener("focusin", e => { const el = e.composedPath()[0]; const cs = getComputedStyle(el);
		window.__focus.push({el, visible: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none" || el.matches("input")}); }, true)`)
	for i := 0; i < presses; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	// every step must move forward in document order and be visible
	return eval[[]string](t, ctx, `(() => {
		const p = [], f = window.__focus.filter(x => x.el.isConnected);
		for (let i = 0; i < f.length; i++) {
			const d = (f[i].el.getAttribute("aria-label") || f[i].el.textContent || f[i].el.id || f[i].el.tagName).trim().slice(0, 24);
			if (i > 0 && f[i-1].el !== f[i].el && !(f[i-1].el.compareDocumentPosition(f[i].el) & Node.DOCUMENT_POSITION_FOLLOWING)) {
				// wrapped around to the start: the walk is complete, and the
				// skip link is judged where a walk starts with it (once,
				// on a loaded machine, a skip link reached by wrapping
				// around had no focus style yet when its focusin fired)
				if (f[i].el.matches("a.skip")) break;
				p.push("focus moved backwards to: " + d);
			}
			if (!f[i].visible) p.push("no visible focus: " + d);
		}
		// a page opened at #pN starts tabbing from that paragraph
		if (!location.hash && (!f.length || !f[0].el.matches("a.skip"))) p.push("the first Tab does not reach the skip link");
		return p;
	})()`)
}

// TestBrowserAccessibility runs the probe and walks the focus order on the
// search page (with facets, chips and the chart), an article reached from a
// search, an error page and the widget on the embed page.
func TestBrowserAccessibility(t *testing.T) {
	ts := startSite(t)
	ctx := newBrowser(t)
	res, err := seedIndexSearch(ts, "储能")
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{
		"/?q=" + url.QueryEscape("制造业") + "&province=" + url.QueryEscape("广东") + "&size=3",
		"/?q=" + url.QueryEscape("没有这个词语啊"),
		"/?q=" + url.QueryEscape("储能 OR"),
		res,
		"/articles/nope",
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page)); err != nil {
			t.Fatal(err)
		}
		for _, w := range []int64{1280, 375} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900)); err != nil {
				t.Fatal(err)
			}
			for _, p := range eval[[]string](t, ctx, a11yProbe+`(document)`) {
				t.Errorf("%s at %d px: %s", page, w, p)
			}
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			t.Fatal(err)
		}
		for _, p := range focusWalk(t, ctx, 25) {
			t.Errorf("%s: %s", page, p)
		}
	}
	// the widget, inside its shadow root, with results open
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/embed?city="+url.QueryEscape("惠州"))); err != nil {
		t.Fatal(err)
	}
	const shadow = `document.querySelector("fangtan-search").shadowRoot`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!(document.querySelector("fangtan-search") && `+shadow+`)`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(shadow+`.querySelector("input")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "制造业"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](shadow+`.querySelectorAll("[role=option]").length > 0`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatal(err)
	}
	for _, p := range eval[[]string](t, ctx, a11yProbe+`(`+shadow+`)`) {
		t.Errorf("widget: %s", p)
	}
	screenshots(t, ctx, "embed")
}

// seedIndexSearch returns the link of the first hit of q on the search page.
func seedIndexSearch(ts *httptest.Server, q string) (string, error) {
	resp, err := http.Get(ts.URL + "/?q=" + url.QueryEscape(q))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`<h2 class="hit-title"><a href="([^"]+)"`).FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("no hit for %q", q)
	}
	return html.UnescapeString(string(m[1])), nil
}
