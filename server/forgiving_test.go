package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// apiJSON GETs target from h and decodes the JSON answer into v.
func apiJSON(t *testing.T, h http.Handler, target string, v any) int {
	t.Helper()
	w := do(h, request{method: http.MethodGet, path: target})
	if w.Code == http.StatusOK {
		if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
	}
	return w.Code
}

func TestForgivingSearchAPI(t *testing.T) {
	srv := newPageServer(t, seedIndex(t))
	type answer struct {
		Query         string            `json:"query"`
		Total         int               `json:"total"`
		DidYouMean    *string           `json:"did_you_mean"`
		RewrittenFrom *string           `json:"rewritten_from"`
		Hits          []json.RawMessage `json:"hits"`
	}
	for _, c := range []struct {
		q, extra      string
		query, dym    string
		rewritten     bool
		zero, noField bool
	}{
		{q: "zhizaoye", query: "制造业", dym: "制造业", rewritten: true},
		{q: "制造也", query: "制造业", dym: "制造业", rewritten: true},
		{q: "惠洲", query: "惠州", dym: "惠州", rewritten: true},
		{q: "zhizaoye", extra: "&exact=1", query: "zhizaoye", dym: "制造业", zero: true},
		{q: "5G", query: "5G", noField: true},
		{q: "储能", query: "储能", noField: true},
	} {
		var a answer
		target := "/api/search?q=" + url.QueryEscape(c.q) + c.extra
		if code := apiJSON(t, srv, target, &a); code != http.StatusOK {
			t.Fatalf("%s: status %d", target, code)
		}
		if a.Query != c.query {
			t.Errorf("%s: query %q, want %q", target, a.Query, c.query)
		}
		if c.noField {
			if a.DidYouMean != nil || a.RewrittenFrom != nil {
				t.Errorf("%s: did_you_mean or rewritten_from present for a query that is fine", target)
			}
			continue
		}
		if a.DidYouMean == nil || *a.DidYouMean != c.dym {
			t.Errorf("%s: did_you_mean %v, want %q", target, a.DidYouMean, c.dym)
		}
		if c.rewritten != (a.RewrittenFrom != nil && *a.RewrittenFrom == c.q) {
			t.Errorf("%s: rewritten_from %v", target, a.RewrittenFrom)
		}
		if c.zero != (a.Total == 0) || len(a.Hits) == 0 && !c.zero {
			t.Errorf("%s: %d hits", target, a.Total)
		}
	}
	w := do(srv, request{method: http.MethodGet, path: "/api/search?q=x&exact=maybe"})
	if code, msg := errorOf(t, w); w.Code != http.StatusBadRequest || !strings.Contains(msg, `"exact"`) {
		t.Errorf("exact=maybe: %d %s %s", w.Code, code, msg)
	}

	var sugg struct {
		Suggestions []struct {
			Text  string `json:"text"`
			Count int    `json:"count"`
		} `json:"suggestions"`
	}
	if code := apiJSON(t, srv, "/api/suggest?q=chun", &sugg); code != http.StatusOK {
		t.Fatalf("suggest: status %d", code)
	}
	if len(sugg.Suggestions) == 0 || sugg.Suggestions[0].Text != "储能" || sugg.Suggestions[0].Count == 0 {
		t.Errorf("suggest chun = %+v, want 储能 first", sugg.Suggestions)
	}
}

func TestForgivingSearchPage(t *testing.T) {
	srv := newPageServer(t, seedIndex(t))
	r := get(t, srv, "/?q="+url.QueryEscape("制造也"))
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	want := `已显示“<strong>制造业</strong>”的结果。仍然搜索：<a href="/?exact=1&amp;q=%E5%88%B6%E9%80%A0%E4%B9%9F" class="forgive-asked">制造也</a>`
	if !strings.Contains(r.body, want) {
		t.Errorf("the page does not say which results it shows:\n%s", between(r.body, `<div class="forgive"`, "</div>"))
	}
	if !strings.Contains(r.body, "<mark>制造业</mark>") || !strings.Contains(r.body, "?q=%E5%88%B6%E9%80%A0%E4%B8%9A#p") {
		t.Error("the hits of 制造业 are not shown and marked, or their links do not carry 制造业")
	}
	// 仍然搜索: the query as typed, and nothing found
	r = get(t, srv, "/?exact=1&q="+url.QueryEscape("制造也"))
	if !strings.Contains(r.body, "没有找到相关结果") || strings.Contains(r.body, "已显示") {
		t.Error("exact=1 still shows the correction's hits")
	}
	if !strings.Contains(r.body, `您是不是要找：<a href="/?q=%E5%88%B6%E9%80%A0%E4%B8%9A" class="forgive-dym">制造业</a>`) {
		t.Errorf("exact=1 does not offer the correction:\n%s", between(r.body, `<div class="forgive"`, "</div>"))
	}
	// pinyin completions of a Latin query
	r = get(t, srv, "/?q=chun")
	if !strings.Contains(r.body, `拼音联想：`) || !strings.Contains(r.body, `>储能产业</a>`) {
		t.Errorf("no pinyin completions for chun:\n%s", between(r.body, `<div class="forgive"`, "</div>"))
	}
	// a fine query gets no notice
	if r = get(t, srv, "/?q="+url.QueryEscape("储能")); strings.Contains(r.body, `class="forgive"`) {
		t.Error("储能 got a correction notice")
	}
}

// between returns the part of s from the first start to the next end.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(end)]
}

func TestRelatedAPI(t *testing.T) {
	srv := newPageServer(t, seedIndex(t))
	var rel struct {
		Related []struct {
			Text  string `json:"text"`
			Count int    `json:"count"`
		} `json:"related"`
	}
	if code := apiJSON(t, srv, "/api/related?q="+url.QueryEscape("储能"), &rel); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var texts []string
	for _, r := range rel.Related {
		texts = append(texts, r.Text)
		if r.Count < 2 {
			t.Errorf("%s in only %d hits", r.Text, r.Count)
		}
	}
	if len(texts) < 2 || texts[0] != "新型储能" || texts[1] != "储能产业" {
		t.Errorf("related to 储能: %q, want 新型储能, 储能产业 first", texts)
	}
	for _, bad := range []string{"储能", "发展", "产业"} {
		if slicesContains(texts, bad) {
			t.Errorf("related to 储能 lists %q", bad)
		}
	}
	// a filter narrows the hits the phrases come from
	var hits struct {
		Total int `json:"total"`
	}
	apiJSON(t, srv, "/api/search?q="+url.QueryEscape("储能")+"&city="+url.QueryEscape("惠州"), &hits)
	if code := apiJSON(t, srv, "/api/related?q="+url.QueryEscape("储能")+"&city="+url.QueryEscape("惠州"), &rel); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if len(rel.Related) == 0 || hits.Total == 0 {
		t.Fatalf("nothing related to 储能 in 惠州 (%d hits)", hits.Total)
	}
	for _, r := range rel.Related {
		if r.Count > hits.Total {
			t.Errorf("%s in %d hits, but 储能 in 惠州 has %d", r.Text, r.Count, hits.Total)
		}
	}
	for target, want := range map[string]int{
		"/api/related?q=":                 http.StatusOK,
		"/api/related?q=x&size=0":         http.StatusBadRequest,
		"/api/related?q=x&page=2":         http.StatusBadRequest,
		"/api/related?q=x&from=yesterday": http.StatusBadRequest,
	} {
		if w := do(srv, request{method: http.MethodGet, path: target}); w.Code != want {
			t.Errorf("%s: status %d, want %d", target, w.Code, want)
		}
	}
	r := get(t, srv, "/?city="+url.QueryEscape("惠州")+"&q="+url.QueryEscape("储能"))
	if !strings.Contains(r.body, `<h2 id="related-heading">相关搜索</h2>`) ||
		!strings.Contains(r.body, `<a href="/?city=%E6%83%A0%E5%B7%9E&amp;q=%E6%96%B0%E5%9E%8B%E5%82%A8%E8%83%BD">新型储能</a>`) {
		t.Errorf("the page lists no related searches that keep the filter:\n%s", between(r.body, `<nav class="related"`, "</nav>"))
	}
}

func slicesContains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
