package article

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// provenancePage is a bureau's news page with head as its <head> markup.
func provenancePage(head string) []byte {
	return []byte(`<!doctype html><html><head><meta charset="utf-8"><title>市工信局召开制造业高质量发展座谈会_某某市工业和信息化局</title>` + head + `</head>
<body><div class="nav"><a href="/">首页</a><a href="/xwdt/">新闻动态</a></div>
<div class="article"><h1>市工信局召开制造业高质量发展座谈会</h1>
<p class="info">发布时间：2024-05-06 来源：市工业和信息化局</p>
<p>5月6日，市工业和信息化局召开制造业高质量发展座谈会，听取重点企业对产业政策的意见和建议。</p>
<p>座谈会上，企业负责人围绕技术改造、数字化转型和人才引进等方面作了发言，局主要负责同志逐一回应。</p>
</div></body></html>`)
}

func TestParsePageProvenance(t *testing.T) {
	for _, c := range []struct {
		name, head, pageURL string
		wantURL, wantSite   string
	}{
		{"absolute canonical, cleaned", `<link rel="canonical" href="HTTPS://GXJ.Example.gov.cn:443/art/2024/5/6/art_1_9.html?utm_source=wx#top">`,
			"https://gxj.example.gov.cn/art/2024/5/6/art_1_9.html?from=timeline",
			"https://gxj.example.gov.cn/art/2024/5/6/art_1_9.html", "gxj.example.gov.cn"},
		{"relative canonical resolved against the page", `<link rel="Canonical" href="../202405/t20240506_88.shtml">`,
			"http://gxj.example.gov.cn/xwdt/gzdt/t20240506_88.shtml",
			"http://gxj.example.gov.cn/xwdt/202405/t20240506_88.shtml", "gxj.example.gov.cn"},
		{"relative canonical resolved against <base>", `<base href="http://www.example.gov.cn/gxj/"><link rel="canonical" href="content_5.jsp">`,
			"http://mirror.example.cn/x",
			"http://www.example.gov.cn/gxj/content_5.jsp", "www.example.gov.cn"},
		{"a repost's canonical names its origin on another host", `<link rel="canonical" href="https://origin.example.gov.cn/a/1.html">`,
			"https://news.example.com/share/99",
			"https://origin.example.gov.cn/a/1.html", "origin.example.gov.cn"},
		{"og:url, and og:site_name", `<meta property="og:url" content="https://gxj.example.gov.cn/a/2.html"><meta property="og:site_name" content="某某发布">`,
			"https://gxj.example.gov.cn/a/2.html?spm=1.2",
			"https://gxj.example.gov.cn/a/2.html", "某某发布"},
		{"the government CMS's Url and SiteName tags", `<meta name="SiteName" content="某某市工业和信息化局"><meta name="Url" content="http://gxj.example.gov.cn/art/3.html"><meta property="og:site_name" content="别的名字">`,
			"http://gxj.example.gov.cn/art/3.html",
			"http://gxj.example.gov.cn/art/3.html", "某某市工业和信息化局"},
		{"canonical beats og:url and Url", `<meta name="Url" content="http://a.example.cn/url"><meta property="og:url" content="http://a.example.cn/og"><link rel="canonical" href="http://a.example.cn/canonical">`,
			"http://a.example.cn/page",
			"http://a.example.cn/canonical", "a.example.cn"},
		{"a javascript: canonical does not count", `<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="https://a.example.cn/og.html">`,
			"https://a.example.cn/page",
			"https://a.example.cn/og.html", "a.example.cn"},
		{"a front page's canonical copied onto every page does not count", `<link rel="canonical" href="https://gxj.example.gov.cn/"><meta name="Url" content="https://gxj.example.gov.cn/art/4.html">`,
			"https://gxj.example.gov.cn/art/4.html?from=groupmessage",
			"https://gxj.example.gov.cn/art/4.html", "gxj.example.gov.cn"},
		{"none named: the page's own address, without tracking", ``,
			"https://GXJ.example.gov.cn/detail?id=42&utm_medium=share",
			"https://gxj.example.gov.cn/detail?id=42", "gxj.example.gov.cn"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := provenancePage(c.head)
			a, err := ParsePage(data, c.pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if a.SourceURL != c.wantURL || a.Site != c.wantSite {
				t.Errorf("source_url %q site %q, want %q %q", a.SourceURL, a.Site, c.wantURL, c.wantSite)
			}
			// parsed as HTML whatever the address ends in: the headline,
			// not the markup
			if a.Title != "市工信局召开制造业高质量发展座谈会" || a.Date != "2024-05-06" || len(a.Paragraphs) != 2 || strings.Contains(a.Paragraphs[0].Text, "<") {
				t.Errorf("title %q date %q paragraphs %+v", a.Title, a.Date, a.Paragraphs)
			}
			// the ID is the content's, as for a file: the crawler names its
			// pages with URLID itself
			f, err := Parse(data, "page.html")
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != f.ID {
				t.Errorf("ParsePage's ID %q, Parse's %q", a.ID, f.ID)
			}
		})
	}
}

// TestParseFileProvenance: a saved file has no address of its own, so only
// an absolute address it names counts.
func TestParseFileProvenance(t *testing.T) {
	for _, c := range []struct{ name, head, wantURL, wantSite string }{
		{"absolute canonical", `<link rel="canonical" href="http://Gxj.Example.gov.cn/a.html?utm_campaign=x&b=2&a=1">`, "http://gxj.example.gov.cn/a.html?a=1&b=2", ""},
		{"a relative canonical is ignored, the Url tag counts", `<link rel="canonical" href="/a.html"><meta name="Url" content="http://gxj.example.gov.cn/u.html"><meta name="SiteName" content="某某市工业和信息化局">`, "http://gxj.example.gov.cn/u.html", "某某市工业和信息化局"},
		{"only relative addresses", `<link rel="canonical" href="/a.html"><meta property="og:url" content="//cdn.example.cn/a.html">`, "", ""},
		{"none", ``, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Parse(provenancePage(c.head), "saved.html")
			if err != nil {
				t.Fatal(err)
			}
			if a.SourceURL != c.wantURL || a.Site != c.wantSite {
				t.Errorf("source_url %q site %q, want %q %q", a.SourceURL, a.Site, c.wantURL, c.wantSite)
			}
		})
	}
}

// TestExplainProvenance: inspect --explain says where source_url and site
// came from.
func TestExplainProvenance(t *testing.T) {
	origin := func(ex *Explanation, field string) FieldOrigin {
		for _, f := range ex.Fields {
			if f.Field == field {
				return f
			}
		}
		return FieldOrigin{}
	}
	_, ex, err := Explain(provenancePage(`<meta name="SiteName" content="某某市工业和信息化局"><link rel="canonical" href="https://gxj.example.gov.cn/a.html">`), "saved.html")
	if err != nil {
		t.Fatal(err)
	}
	if f := origin(ex, "source_url"); f.Value != "https://gxj.example.gov.cn/a.html" || f.Rule != `<link rel="canonical">` {
		t.Errorf("source_url origin %+v", f)
	}
	if f := origin(ex, "site"); f.Value != "某某市工业和信息化局" || f.Rule != "<meta sitename>" {
		t.Errorf("site origin %+v", f)
	}
	ex = &Explanation{}
	if _, err := parsePage(provenancePage(""), "https://gxj.example.gov.cn/x.jsp?id=1", tracer{ex}); err != nil {
		t.Fatal(err)
	}
	if f := origin(ex, "source_url"); f.Value != "https://gxj.example.gov.cn/x.jsp?id=1" || !strings.Contains(f.Rule, "fetched from") {
		t.Errorf("source_url origin %+v", f)
	}
	if f := origin(ex, "site"); f.Value != "gxj.example.gov.cn" || !strings.Contains(f.Rule, "host") {
		t.Errorf("site origin %+v", f)
	}
}

func TestParsePageBadAddress(t *testing.T) {
	for _, u := range []string{"", "/relative.html", "file:///etc/passwd", "javascript:alert(1)", "https://example.cn/" + strings.Repeat("a", maxSourceURL)} {
		_, err := ParsePage(provenancePage(""), u)
		var e *Error
		if !errors.As(err, &e) || e.Path != u || !strings.Contains(e.Reason, "address") {
			t.Errorf("ParsePage(…, %.40q) = %v, want an *Error about the address", u, err)
		}
	}
}

func TestJSONLProvenance(t *testing.T) {
	input := strings.Join([]string{
		`{"title":"有出处的文章","source_url":"HTTPS://GXJ.example.gov.cn/a.html?utm_source=x#p2","site":" 某某市工业和信息化局 ","fetched_at":"2024-05-06T08:30:00+08:00","paragraphs":[{"text":"正文。"}]}`,
		`{"title":"坏地址","source_url":"javascript:alert(1)","paragraphs":[{"text":"正文。"}]}`,
		`{"title":"相对地址","source_url":"/a.html","paragraphs":[{"text":"正文。"}]}`,
		`{"title":"坏时间","fetched_at":"2024-05-06 08:30","paragraphs":[{"text":"正文。"}]}`,
		// a record's HTML text names its address; the record's field wins
		`{"text":` + jsonString(string(provenancePage(`<link rel="canonical" href="http://gxj.example.gov.cn/from-page.html">`))) + `}`,
		`{"text":` + jsonString(string(provenancePage(`<link rel="canonical" href="http://gxj.example.gov.cn/from-page.html">`))) + `,"source_url":"http://gxj.example.gov.cn/given.html"}`,
	}, "\n")
	var got []*Article
	bad, err := ParseJSONL(strings.NewReader(input), "in.jsonl", func(a *Article) error { got = append(got, a); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d articles, want 3 (bad: %v)", len(got), bad)
	}
	if a := got[0]; a.SourceURL != "https://gxj.example.gov.cn/a.html" || a.Site != "某某市工业和信息化局" || a.FetchedAt != "2024-05-06T08:30:00+08:00" {
		t.Errorf("record 1: source_url %q site %q fetched_at %q", a.SourceURL, a.Site, a.FetchedAt)
	}
	if got[1].SourceURL != "http://gxj.example.gov.cn/from-page.html" || got[2].SourceURL != "http://gxj.example.gov.cn/given.html" {
		t.Errorf("records 5, 6: source_url %q, %q", got[1].SourceURL, got[2].SourceURL)
	}
	want := map[int]string{2: "source_url", 3: "source_url", 4: "fetched_at"}
	if len(bad) != len(want) {
		t.Fatalf("bad = %v, want lines 2, 3, 4", bad)
	}
	for _, e := range bad {
		if !strings.HasPrefix(e.Reason, want[e.Line]) {
			t.Errorf("line %d: %q, want an error naming %s", e.Line, e.Reason, want[e.Line])
		}
	}
}

func TestSidecarSourceURL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	os.WriteFile(path, []byte("市工信局召开座谈会\n5月6日，市工业和信息化局召开制造业高质量发展座谈会。\n"), 0o644)
	os.WriteFile(SidecarPath(path), []byte(`{"source_url":"http://GXJ.example.gov.cn/a.html#x","site":"某某市工业和信息化局"}`), 0o644)
	a, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.SourceURL != "http://gxj.example.gov.cn/a.html" || a.Site != "某某市工业和信息化局" {
		t.Errorf("source_url %q site %q", a.SourceURL, a.Site)
	}
	os.WriteFile(SidecarPath(path), []byte(`{"source_url":"ftp://example.cn/a"}`), 0o644)
	if _, err := ParseFile(path); err == nil || !strings.Contains(err.Error(), "source_url") {
		t.Errorf("a bad source_url in a sidecar: %v", err)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestMobileTwinIsNotTheSource: a desktop page naming its own site's
// mobile edition as canonical keeps its own address; a canonical on the
// same site's desktop host, or on another site, still counts.
func TestMobileTwinIsNotTheSource(t *testing.T) {
	page := func(canonical string) []byte {
		return []byte(`<html><head><link rel="canonical" href="` + canonical + `"><title>临澜市工业运行情况</title></head><body><h1>临澜市工业运行情况</h1>
<p>今年以来，全市规模以上工业增加值同比增长百分之六点五，先进制造业集群加快培育。</p><p>下一步，市工业和信息化局将继续推动重点项目建设。</p></body></html>`)
	}
	for _, c := range []struct{ fetched, canonical, want string }{
		{"https://www.linlan.example.cn/a/1.html", "https://m.linlan.example.cn/a/1.html", "https://www.linlan.example.cn/a/1.html"},
		{"https://linlan.example.cn/a/1.html", "https://wap.linlan.example.cn/a/1.html", "https://linlan.example.cn/a/1.html"},
		{"https://m.linlan.example.cn/a/1.html", "https://www.linlan.example.cn/a/1.html", "https://www.linlan.example.cn/a/1.html"},
		{"https://news.example.com/a/9.html", "https://m.linlan.example.cn/a/1.html", "https://m.linlan.example.cn/a/1.html"},
	} {
		a, err := ParsePage(page(c.canonical), c.fetched)
		if err != nil {
			t.Fatal(err)
		}
		if a.SourceURL != c.want {
			t.Errorf("fetched %s naming %s: source_url %s, want %s", c.fetched, c.canonical, a.SourceURL, c.want)
		}
	}
}
