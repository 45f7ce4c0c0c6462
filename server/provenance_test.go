package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// sourcedArticles are articles about 钠离子电池: one crawled from
// origin+"/art/…" (an original page with its site's name), one without an
// original page, and one whose source_url is a javascript: address (the
// index takes whatever a writer gives it; parsing never gives that).
func sourcedArticles(origin string) []*article.Article {
	body := func(texts ...string) []article.Paragraph {
		var ps []article.Paragraph
		for i, t := range texts {
			ps = append(ps, article.Paragraph{N: i + 1, Kind: article.Body, Text: t})
		}
		return ps
	}
	return []*article.Article{
		{ID: "crawled-1", Title: "某某市工信局谈钠离子电池产业", Date: "2024-05-06", Source: "某某日报", Province: "广东", City: "惠州",
			SourceURL: origin + "/art/2024/5/6/art_1_9.html", Site: "某某市工业和信息化局", FetchedAt: "2024-05-07T08:30:00+08:00",
			Paragraphs: body("钠离子电池产业链加快集聚，一批新型储能项目相继投产。", "下一步将推动钠离子电池在储能电站的示范应用。")},
		{ID: "local-1", Title: "钠离子电池企业座谈会召开", Date: "2024-04-01", Province: "广东", City: "惠州",
			Paragraphs: body("钠离子电池企业代表参加座谈会，围绕技术路线交流发言。")},
		{ID: "hostile-1", Title: "钠离子电池安全标准研讨", Date: "2024-03-01", Province: "广东", City: "珠海",
			SourceURL: "javascript:alert(1)//", Paragraphs: body("钠离子电池安全标准研讨会在珠海举行。")},
	}
}

const origin = "https://gxj.example.gov.cn"

// wantSource is the original page a hit of sourcedArticles links to, ""
// for none.
func wantSource(articleID string) string {
	if articleID == "crawled-1" {
		return origin + "/art/2024/5/6/art_1_9.html"
	}
	return ""
}

// TestAPIProvenance: every hit carries source_url, "" when unknown (also a
// javascript: one), on plain, grouped and cursor pages; the article carries
// source_url, site and fetched_at, always.
func TestAPIProvenance(t *testing.T) {
	srv := newPageServer(t, seedIndex(t, sourcedArticles(origin)...))
	q := url.QueryEscape("钠离子电池")
	hitsOf := func(path string) (hits []map[string]any, next string) {
		t.Helper()
		w := do(srv, request{path: path})
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", path, w.Code, w.Body)
		}
		var res struct {
			Hits []map[string]any
			Next string
		}
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		return res.Hits, res.Next
	}
	seen := map[string]bool{}
	check := func(path string, hits []map[string]any) {
		t.Helper()
		for _, h := range hits {
			id := h["article_id"].(string)
			seen[id] = true
			if src, ok := h["source_url"]; !ok || src != wantSource(id) {
				t.Errorf("%s: hit of %s has source_url %v (present %v), want %q", path, id, src, ok, wantSource(id))
			}
		}
	}
	for _, path := range []string{"/api/search?q=" + q, "/api/search?q=" + q + "&group=article", "/api/search?q=" + q + "&sort=-date"} {
		hits, _ := hitsOf(path)
		check(path, hits)
	}
	if len(seen) != 3 {
		t.Errorf("the search found %v, want all three articles", seen)
	}
	// page by page after a cursor
	path := "/api/search?q=" + q + "&size=1"
	for n := 0; path != "" && n < 10; n++ {
		hits, next := hitsOf(path)
		check(path, hits)
		path = ""
		if next != "" {
			path = "/api/search?q=" + q + "&size=1&after=" + url.QueryEscape(next)
		}
	}

	for id, want := range map[string][3]string{
		"crawled-1": {wantSource("crawled-1"), "某某市工业和信息化局", "2024-05-07T08:30:00+08:00"},
		"local-1":   {"", "", ""},
		"hostile-1": {"", "", ""},
	} {
		var a map[string]any
		if err := json.Unmarshal(do(srv, request{path: "/api/articles/" + id}).Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		for i, k := range []string{"source_url", "site", "fetched_at"} {
			if v, ok := a[k]; !ok || v != want[i] {
				t.Errorf("article %s: %s = %v (present %v), want %q", id, k, v, ok, want[i])
			}
		}
	}
}

// TestPutProvenance: a JSON article given to PUT may carry source_url, site
// and fetched_at, as a .jsonl record may; a bad source_url is a 400 naming
// it.
func TestPutProvenance(t *testing.T) {
	f := newFixture()
	srv := f.server(t, Config{AdminToken: testToken})
	put := func(body string) (int, string) {
		w := do(srv, request{method: "PUT", path: "/api/articles/p1", body: body,
			header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}})
		return w.Code, w.Body.String()
	}
	code, body := put(`{"title":"储能","text":"新型储能产业发展迅速。","source_url":"HTTPS://GXJ.example.gov.cn/a.html?utm_source=wx","site":"某某市工业和信息化局","fetched_at":"2024-05-07T08:30:00+08:00"}`)
	if code != 200 {
		t.Fatalf("PUT: %d %s", code, body)
	}
	if a := f.put; a.SourceURL != "https://gxj.example.gov.cn/a.html" || a.Site != "某某市工业和信息化局" || a.FetchedAt != "2024-05-07T08:30:00+08:00" {
		t.Errorf("put source_url %q site %q fetched_at %q", a.SourceURL, a.Site, a.FetchedAt)
	}
	if code, body := put(`{"title":"储能","text":"新型储能产业发展迅速。","source_url":"javascript:alert(1)"}`); code != 400 || !strings.Contains(body, "source_url") {
		t.Errorf("a javascript: source_url: %d %s", code, body)
	}
	// an HTML body names its own address
	w := do(srv, request{method: "PUT", path: "/api/articles/p2", body: `<html><head><title>储能</title><link rel="canonical" href="https://gxj.example.gov.cn/b.html"></head><body><h1>储能</h1><p>记者从市工业和信息化局获悉，今年以来全市新型储能产业发展迅速。</p></body></html>`,
		header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "text/html; charset=utf-8"}})
	if w.Code != 200 || f.put.SourceURL != "https://gxj.example.gov.cn/b.html" {
		t.Errorf("PUT text/html: %d %s, source_url %q", w.Code, w.Body, f.put.SourceURL)
	}
}

// hitLinks are the title links of the results page, in order: each hit's
// href and rel, and the href of its link to fangtan's article page.
var hitRE = regexp.MustCompile(`<h2 class="hit-title"><a href="([^"]*)"( rel="noopener")?>[^<]*</a></h2>\s*<p class="meta">.*?(?:<a class="hit-local" href="([^"]*)"[^>]*>在本站查看</a>)?</p>`)

// TestPagesProvenance: the results page links a hit's title to its
// original page (rel="noopener") with 在本站查看 beside it, and a hit
// without one to the article page; the article page shows 原文链接 with the
// site's name; a javascript: address is never linked.
func TestPagesProvenance(t *testing.T) {
	srv := newPageServer(t, seedIndex(t, sourcedArticles(origin)...))
	q := url.QueryEscape("钠离子电池")
	for path, n := range map[string]int{"/?q=" + q: 4, "/?q=" + q + "&group=article": 3} {
		r := get(t, srv, path)
		ms := hitRE.FindAllStringSubmatch(r.body, -1)
		if len(ms) != n {
			t.Fatalf("%s: %d hits found in the page, want %d", path, len(ms), n)
		}
		for _, m := range ms {
			href, rel, local := unescape(m[1]), m[2], unescape(m[3])
			switch {
			case strings.HasPrefix(href, origin):
				if href != wantSource("crawled-1") || rel == "" || !strings.HasPrefix(local, "/articles/crawled-1?q="+q+"#p") {
					t.Errorf("%s: a hit with a source: href %q rel %q, 在本站查看 %q", path, href, rel, local)
				}
			case strings.HasPrefix(href, "/articles/"):
				if rel != "" || local != "" || strings.HasPrefix(href, "/articles/crawled-1") {
					t.Errorf("%s: a hit without a source: href %q rel %q, 在本站查看 %q", path, href, rel, local)
				}
			default:
				t.Errorf("%s: a hit links to %q", path, href)
			}
		}
		if strings.Contains(r.body, "javascript:") {
			t.Errorf("%s: the page holds a javascript: address", path)
		}
	}

	r := get(t, srv, "/articles/crawled-1")
	if want := `<a href="` + wantSource("crawled-1") + `" rel="noopener">原文链接：某某市工业和信息化局</a>`; !strings.Contains(r.body, want) {
		t.Errorf("the article page has no %s", want)
	}
	for _, id := range []string{"local-1", "hostile-1"} {
		if r := get(t, srv, "/articles/"+id); r.status != 200 || strings.Contains(r.body, "原文链接") || strings.Contains(r.body, "javascript:") {
			t.Errorf("/articles/%s: %d, shows 原文链接 %v", id, r.status, strings.Contains(r.body, "原文链接"))
		}
	}
	// a source without a site name is named by its host
	if got := siteName("", "https://gxj.example.gov.cn/a.html"); got != "gxj.example.gov.cn" {
		t.Errorf("siteName = %q", got)
	}

	// the embed page passes link=local on to the widget, and nothing else
	if r := get(t, srv, "/embed?link=local"); !strings.Contains(r.body, ` link="local"`) {
		t.Error("/embed?link=local does not set the widget's link")
	}
	if r := get(t, srv, "/embed?link="+url.QueryEscape(`"><b>`)); strings.Contains(r.body, " link=") {
		t.Error("/embed passes an unknown link on")
	}
}

func unescape(s string) string { return strings.ReplaceAll(s, "&amp;", "&") }

// TestProvenanceEscaped: a source_url is attacker-controlled. Through PUT,
// addresses whose query holds each payload and sites named by each are
// stored; the JSON holds no markup and the pages no injected element or
// attribute, and the address is escaped in the href.
func TestProvenanceEscaped(t *testing.T) {
	ix := seedIndex(t)
	srv, err := New(Config{AdminToken: testToken}, IndexDeps(ix), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range xssPayloads {
		id := fmt.Sprintf("src-%02d", i)
		marker := fmt.Sprintf("琉璃瓦%d号", i)
		for j, src := range []string{
			"https://evil.example.cn/a.html?x=" + url.QueryEscape(p),
			"https://evil.example.cn/a.html?x=" + p, // as typed: quotes, brackets and all
		} {
			body, _ := json.Marshal(map[string]any{"title": "储能" + marker, "site": p, "source_url": src,
				"paragraphs": []article.Paragraph{{Kind: article.Body, Text: marker + "储能项目已经投产"}}})
			w := do(srv, request{method: "PUT", path: "/api/articles/" + id, body: string(body),
				header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}})
			if w.Code == 400 && j == 1 && strings.Contains(w.Body.String(), "source_url") {
				continue // CleanURL refused it: nothing stored
			}
			if w.Code != 200 {
				t.Fatalf("PUT %d/%d: %d %s", i, j, w.Code, w.Body)
			}
			for _, path := range []string{"/api/search?q=" + url.QueryEscape(marker), "/api/articles/" + id} {
				if w := do(srv, request{path: path}); w.Code != 200 || strings.ContainsAny(w.Body.String(), "<>") {
					t.Errorf("%s: %d, raw markup in the JSON:\n%s", path, w.Code, w.Body)
				}
			}
			var res struct{ Hits []model.Hit }
			json.Unmarshal(do(srv, request{path: "/api/search?q=" + url.QueryEscape(marker)}).Body.Bytes(), &res)
			if len(res.Hits) != 1 || !strings.HasPrefix(res.Hits[0].SourceURL, "https://evil.example.cn/a.html") {
				t.Errorf("payload %d/%d: hits %+v", i, j, res.Hits)
			}
			for _, path := range []string{"/?q=" + url.QueryEscape(marker), "/articles/" + id} {
				r := get(t, srv, path)
				if r.status != 200 {
					t.Errorf("%s: %d", path, r.status)
				}
				if bad := markupIn(r.body); bad != "" {
					t.Errorf("payload %d/%d, %s: injected %s", i, j, path, bad)
				}
				if strings.ContainsAny(p, "<>\"'") && strings.Contains(r.body, p) {
					t.Errorf("payload %d/%d, %s: the raw payload is in the page", i, j, path)
				}
			}
		}
	}
}

// TestHitViewSource: the view of a hit links its title to the original
// page only when that is an http or https address.
func TestHitViewSource(t *testing.T) {
	for src, want := range map[string]string{
		"https://gxj.example.gov.cn/a.html": "https://gxj.example.gov.cn/a.html",
		"":                                  "",
		"javascript:alert(1)":               "",
		"data:text/html,<b>x</b>":           "",
		"//gxj.example.gov.cn/a.html":       "",
		" HTTP://GXJ.example.gov.cn/a.html": "http://gxj.example.gov.cn/a.html",
	} {
		hv := hitViewOf(model.Hit{ArticleID: "a1", Paragraph: 4, SourceURL: src}, "储能", 1)
		local := "/articles/a1?q=%E5%82%A8%E8%83%BD#p4"
		if hv.LocalURL != local || hv.External != (want != "") || want != "" && hv.URL != want || want == "" && hv.URL != local {
			t.Errorf("source_url %q: URL %q local %q external %v", src, hv.URL, hv.LocalURL, hv.External)
		}
	}
}
