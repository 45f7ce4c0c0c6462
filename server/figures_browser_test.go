package server

// Browser tests of the figures page, in Chromium at 1280 and 375 pixels wide
// (see browser_test.go for how they run; with CI set they must run).

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// viewport sets the window width, as a phone below 500 pixels.
func viewport(t *testing.T, ctx context.Context, w int64) {
	t.Helper()
	mobile := func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
		p.Mobile = w < 500
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900, mobile), chromedp.Sleep(150*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
}

// chartBar is what a reader sees of one bar of the comparison chart.
type chartBar struct {
	Label      string  // the bar's accessible name: place, year, kind, value
	Width      float64 // on screen, in CSS pixels
	FontHeight float64 // of its value text, on screen
}

// visibleBars reads the bars of whichever chart is displayed.
func visibleBars(t *testing.T, ctx context.Context) []chartBar {
	t.Helper()
	return eval[[]chartBar](t, ctx, `[...document.querySelectorAll("#chart svg")].filter(s => getComputedStyle(s).display !== "none")
		.flatMap(s => [...s.querySelectorAll("a.figbar")]).map(a => ({
			Label: a.getAttribute("aria-label"),
			Width: a.querySelector("rect").getBoundingClientRect().width,
			FontHeight: a.querySelector("text.value").getBoundingClientRect().height}))`)
}

// TestBrowserFiguresCompare: without JavaScript, the comparison page for an
// indicator shows each place's figures side by side as bars whose lengths
// follow the values, at 1280 and at 375 pixels (where the chart switches to
// its narrow form and nothing overflows the screen); a column header sorts
// the table.
func TestBrowserFiguresCompare(t *testing.T) {
	ts := startSite(t)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	target := ts.URL + "/figures?indicator=" + url.QueryEscape("规上工业增加值")
	if err := chromedp.Do(ctx, chromedp.Navigate(target), chromedp.WaitVisible(chromedp.ID("chart"))); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int64{1280, 375} {
		viewport(t, ctx, w)
		bars := visibleBars(t, ctx)
		if len(bars) < 2 {
			t.Fatalf("%dpx: %d bars visible: %+v", w, len(bars), bars)
		}
		places := map[string]float64{}
		for _, b := range bars {
			places[strings.Fields(b.Label)[0]] = b.Width
			if b.FontHeight < 10 {
				t.Errorf("%dpx: the value of %q is %.1f px high: unreadable", w, b.Label, b.FontHeight)
			}
		}
		// 惠州（惠阳）205.96 亿元 and 韶关 超 200 亿元, side by side
		hz, sg := places["惠州（惠阳）"], places["韶关"]
		if hz == 0 || sg == 0 {
			t.Fatalf("%dpx: bars %+v, want 惠州（惠阳） and 韶关", w, bars)
		}
		if hz < sg {
			t.Errorf("%dpx: 205.96 亿元 drawn shorter (%.0f px) than 200 亿元 (%.0f px)", w, hz, sg)
		}
		if over := eval[float64](t, ctx, `document.documentElement.scrollWidth - innerWidth`); over > 0 {
			t.Errorf("%dpx: the page is %.0f px wider than the screen", w, over)
		}
		if rows := eval[int](t, ctx, `[...document.querySelectorAll("#figures tbody tr")].filter(r => r.getBoundingClientRect().height > 0).length`); rows != 3 {
			t.Errorf("%dpx: %d table rows visible, want 3", w, rows)
		}
	}
	viewport(t, ctx, 1280)
	screenshots(t, ctx, "figures-compare")

	// the 数值 header sorts, largest first
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`#figures thead a[href*="sort=-value"]`)))); err != nil {
		t.Fatal(err)
	}
	first := eval[string](t, ctx, `document.querySelector("#figures tbody tr td.num").textContent`)
	if !strings.Contains(first, "205.96") {
		t.Errorf("sorted by value, the first row holds %q", first)
	}
	if s := eval[string](t, ctx, `document.querySelector("#figures th[aria-sort]").textContent`); !strings.HasPrefix(s, "数值") {
		t.Errorf("aria-sort on %q", s)
	}
}

// TestBrowserFiguresTab: from search results, the 数据 tab opens the figures
// of the same search; the page logs no errors with JavaScript on, and folds
// its filters on a phone.
func TestBrowserFiguresTab(t *testing.T) {
	ts := startSite(t)
	ctx := newBrowser(t)
	errs := watchConsole(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?q="+url.QueryEscape("产值")), chromedp.WaitVisible(chromedp.CSS(".tabs"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`.tabs a.tab`)))); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, ctx, `location.pathname + "?" + new URLSearchParams(location.search).get("q")`); loc != "/figures?产值" {
		t.Fatalf("the 数据 tab went to %q", loc)
	}
	type row struct{ Indicator, Value, Statement string }
	rows := eval[[]row](t, ctx, `[...document.querySelectorAll("#figures tbody tr")].map(r => ({
		Indicator: r.querySelector(".ind").firstChild.textContent, Value: r.querySelector("td.num").textContent,
		Statement: r.querySelector(".stmt mark") ? r.querySelector(".stmt mark").textContent : ""}))`)
	found := false
	for _, r := range rows {
		if r.Statement == "" {
			t.Errorf("a row without its marked statement: %+v", r)
		}
		if r.Indicator == "新型储能产业产值" && strings.Contains(r.Value, "350") {
			found = true
		}
	}
	if !found {
		t.Errorf("no 新型储能产业产值 350 亿元 among %+v", rows)
	}
	viewport(t, ctx, 375)
	if open := eval[bool](t, ctx, `document.querySelector(".facets-box").open`); open {
		t.Error("the filters are unfolded on a phone")
	}
	screenshots(t, ctx, "figures")
	if e := errs.list(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}
