package server

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserReposts: in Chromium, typing a phrase of the reposted
// interview shows it once, with 另有 4 处转载; that link opens the
// bureau's copy at its list of copies, folded, which a click unfolds to
// four links; on a mirror's copy the list tags the bureau's 首发.
func TestBrowserReposts(t *testing.T) {
	s := newRepostSite(t)
	ts := httptest.NewServer(s.srv)
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)

	// typed into the box: the results come as the live partial page
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("q")), chromedp.Focus(chromedp.ID("q"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: `"` + s.phrase + `"`}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`new URLSearchParams(location.search).get("q") === `+strconv.Quote(`"`+s.phrase+`"`)+` && document.querySelectorAll("#hits .hit").length > 0`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatalf("no results for the typed phrase: %v (console %q)", err, errs.list())
	}
	type hit struct{ Title, Reposts, Href string }
	results := func(when string) []hit {
		t.Helper()
		hits := eval[[]hit](t, ctx, `[...document.querySelectorAll("#hits .hit")].map(h => {
			const r = h.querySelector(".reposts a");
			return {Title: h.querySelector(".hit-title a").textContent, Reposts: r ? r.textContent : "", Href: r ? r.href : ""} })`)
		if len(hits) != 1 || hits[0].Reposts != "另有 4 处转载" || !strings.HasPrefix(hits[0].Title, "系列访谈丨") {
			t.Fatalf("%s: results %+v, want the bureau's copy once with 另有 4 处转载", when, hits)
		}
		return hits
	}
	results("typed")

	// the same search by address; its link leads to the list of copies
	q := url.QueryEscape(`"` + s.phrase + `"`)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?q="+q)); err != nil {
		t.Fatal(err)
	}
	if got, want := results("by address")[0].Href, ts.URL+"/articles/gov?q="+q+"#reposts"; got != want {
		t.Errorf("另有 4 处转载 links to %s, want %s", got, want)
	}
	screenshots(t, ctx, "reposts-results")
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`#hits .reposts a`)))); err != nil {
		t.Fatal(err)
	}
	type list struct {
		Path, Summary string
		Open          bool
		Visible       int // links to copies the reader can see
		Items         []string
		Tagged        []string // items tagged 首发
		// Seen is what the reader sees at the middle of the list's
		// summary: "summary" when it is on screen and nothing covers it,
		// "nothing" when it is off screen
		Seen string
	}
	const read = `(() => { const d = document.getElementById("reposts"); if (!d) return {Path: location.pathname};
		const s = d.querySelector("summary"), r = s.getBoundingClientRect(), lis = [...d.querySelectorAll("li")];
		return {Path: location.pathname, Summary: s.textContent.trim(), Open: d.open,
			Visible: lis.filter(li => li.querySelector("a").checkVisibility()).length,
			Items: lis.map(li => new URL(li.querySelector("a").href).pathname),
			Tagged: lis.filter(li => (li.querySelector(".tag") || {}).textContent === "首发").map(li => new URL(li.querySelector("a").href).pathname),
			Seen: (e => !e ? "nothing" : s.contains(e) ? "summary" : e.tagName.toLowerCase() + (e.closest(".site-header") ? " in .site-header" : ""))(
				r.bottom > 0 && r.top < innerHeight ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null)} })()`
	got := eval[list](t, ctx, read)
	if got.Path != "/articles/gov" || got.Summary != "另有 4 处转载" || got.Open || got.Visible != 0 {
		t.Errorf("the link opened %+v, want the bureau's copy at its folded list", got)
	}
	if got.Seen != "summary" {
		t.Errorf("the link scrolled to the list, but its summary 另有 4 处转载 is not to be seen (what is at its middle: %s)", got.Seen)
		// read on as a reader would, scrolling it out from under
		eval[bool](t, ctx, `scrollTo(0, 0), true`)
	}
	// a click unfolds it: four copies, none 首发 (the bureau's is)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#reposts summary`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("reposts").open`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatal(err)
	}
	got = eval[list](t, ctx, read)
	slices.Sort(got.Items)
	if want := []string{"/articles/aggregator", "/articles/big5", "/articles/mobile", "/articles/paper"}; got.Visible != 4 || !slices.Equal(got.Items, want) || len(got.Tagged) != 0 {
		t.Errorf("unfolded on the bureau's copy: %+v, want %v shown, none 首发", got, want)
	}
	screenshots(t, ctx, "reposts-article")
	for _, p := range eval[[]string](t, ctx, a11yProbe+`(document)`) {
		t.Errorf("article page: %s", p)
	}

	// the mobile mirror's copy, from the list: the bureau's is 首发
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`#reposts li a[href="/articles/mobile"]`)))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#reposts summary`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("reposts").open`, chromedp.WithPollingTimeout(pollTimeout))); err != nil {
		t.Fatal(err)
	}
	got = eval[list](t, ctx, read)
	if got.Path != "/articles/mobile" || got.Summary != "另有 4 处转载" || got.Visible != 4 || len(got.Items) != 4 || got.Items[0] != "/articles/gov" || !slices.Equal(got.Tagged, []string{"/articles/gov"}) {
		t.Errorf("unfolded on the mobile copy: %+v, want four copies, the bureau's first and 首发", got)
	}
	screenshots(t, ctx, "reposts-mirror")
	for _, p := range eval[[]string](t, ctx, a11yProbe+`(document)`) {
		t.Errorf("mirror's article page: %s", p)
	}
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}
