package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// originSite stands for the sites fangtan's articles come from: the
// original pages of sourcedArticles, and (on the same origin, which is not
// fangtan's) a portal embedding the widget twice, once with link="local".
func originSite(t *testing.T, api string) *httptest.Server {
	t.Helper()
	portal := `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户</title></head><body>
<fangtan-search id="w1" endpoint="` + api + `" placeholder="搜索"></fangtan-search>
<fangtan-search id="w2" endpoint="` + api + `" link="local" placeholder="搜索"></fangtan-search>
<script src="` + api + `/embed.js" defer></script></body></html>`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.URL.Path == "/portal.html":
			fmt.Fprint(w, portal)
		case strings.HasPrefix(r.URL.Path, "/art/"):
			fmt.Fprint(w, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>原文</title></head><body><h1 id="original">原文页面</h1></body></html>`)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

// TestBrowserProvenance: in Chromium, the results page links a hit with an
// original page to it (and 在本站查看 to the article page, which shows
// 原文链接), a hit without one to the article page; the widget does the
// same by default, and with link="local" links every hit to the article
// page.
func TestBrowserProvenance(t *testing.T) {
	// the original pages' site needs fangtan's address and fangtan's
	// articles need the original site's: a handler set once both exist
	var handler http.Handler
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(site.Close)
	orig := originSite(t, site.URL)
	handler = newPageServer(t, seedIndex(t, sourcedArticles(orig.URL)...))
	source := orig.URL + "/art/2024/5/6/art_1_9.html"

	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)
	q := "钠离子电池"
	if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+"/?q="+url.QueryEscape(q)+"&group=article")); err != nil {
		t.Fatal(err)
	}
	type link struct{ Article, Href, Rel, Local string }
	hits := eval[[]link](t, ctx, `[...document.querySelectorAll("#hits .hit")].map(h => {
		const a = h.querySelector(".hit-title a"), l = h.querySelector("a.hit-local");
		return {Article: a.textContent, Href: a.href, Rel: a.rel, Local: l ? l.href : ""} })`)
	if len(hits) != 3 {
		t.Fatalf("%d hits, want 3: %+v", len(hits), hits)
	}
	for _, h := range hits {
		if strings.Contains(h.Article, "谈钠离子电池产业") {
			if h.Href != source || h.Rel != "noopener" || !strings.HasPrefix(h.Local, site.URL+"/articles/crawled-1?") {
				t.Errorf("the hit with a source: %+v", h)
			}
		} else if !strings.HasPrefix(h.Href, site.URL+"/articles/") || h.Local != "" {
			t.Errorf("a hit without a source: %+v", h)
		}
	}
	screenshots(t, ctx, "provenance-results")
	for _, p := range eval[[]string](t, ctx, a11yProbe+`(document)`) {
		t.Errorf("results page: %s", p)
	}

	// the title opens the original page
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`#hits .hit-title a[rel="noopener"]`)))); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, ctx, `location.href + " " + (document.getElementById("original") ? "original" : "")`); loc != source+" original" {
		t.Errorf("the title opened %s, want the original page %s", loc, source)
	}
	// 在本站查看 opens the article page, which links to the original
	if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+"/?q="+url.QueryEscape(q)+"&group=article")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`#hits a.hit-local`)))); err != nil {
		t.Fatal(err)
	}
	type sourceLink struct{ Path, Href, Rel, Text string }
	got := eval[sourceLink](t, ctx, `(() => { const a = document.querySelector(".doc-source a");
		return {Path: location.pathname, Href: a ? a.href : "", Rel: a ? a.rel : "", Text: a ? a.textContent : ""} })()`)
	if want := (sourceLink{"/articles/crawled-1", source, "noopener", "原文链接：某某市工业和信息化局"}); got != want {
		t.Errorf("the article page: %+v, want %+v", got, want)
	}
	screenshots(t, ctx, "provenance-article")
	for _, p := range eval[[]string](t, ctx, a11yProbe+`(document)`) {
		t.Errorf("article page: %s", p)
	}

	// the widget: by default like the results page; link="local" links
	// every hit to fangtan's article page
	if err := chromedp.Do(ctx, chromedp.Navigate(orig.URL+"/portal.html")); err != nil {
		t.Fatal(err)
	}
	type option struct{ Title, Href, Rel, Local string }
	options := func(id string) []option {
		t.Helper()
		shadow := `document.getElementById("` + id + `").shadowRoot`
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!(customElements.get("fangtan-search") && `+shadow+`)`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(shadow+`.querySelector("input")`))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: q}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](shadow+`.querySelectorAll("[role=option]").length >= 4`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
			t.Fatalf("%s: no results: %v (console: %q)", id, err, errs.list())
		}
		return eval[[]option](t, ctx, `[...`+shadow+`.querySelectorAll("[role=option]")].map(li => {
			const a = li.querySelector("a"), l = li.querySelector(".m a");
			return {Title: a.textContent, Href: a.href, Rel: a.rel, Local: l ? l.href : ""} })`)
	}
	crawled := -1
	for i, o := range options("w1") {
		if strings.Contains(o.Title, "谈钠离子电池产业") {
			crawled = i
			if o.Href != source || o.Rel != "noopener" || !strings.HasPrefix(o.Local, site.URL+"/articles/crawled-1?") {
				t.Errorf("widget: the hit with a source: %+v", o)
			}
		} else if !strings.HasPrefix(o.Href, site.URL+"/articles/") || o.Local != "" {
			t.Errorf("widget: a hit without a source: %+v", o)
		}
	}
	screenshots(t, ctx, "provenance-widget")
	for _, p := range eval[[]string](t, ctx, a11yProbe+`(document.getElementById("w1").shadowRoot)`) {
		t.Errorf("widget: %s", p)
	}
	for _, o := range options("w2") {
		if !strings.HasPrefix(o.Href, site.URL+"/articles/") || o.Local != "" {
			t.Errorf(`widget with link="local": %+v`, o)
		}
	}
	// Enter on the hit with a source, in the first widget, opens the
	// original page
	if crawled < 0 {
		t.Fatal("the widget shows no hit with a source")
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.JSPath(`document.getElementById("w1").shadowRoot.querySelector("input")`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("w1").shadowRoot.querySelector(".p").hidden`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= crawled; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, ctx, `location.href`); loc != source {
		t.Errorf("Enter on the widget's hit opened %s, want %s", loc, source)
	}
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}
