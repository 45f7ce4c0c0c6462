package crawl

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// column is the address of a page whose address says nothing.
var column, _ = url.Parse("http://127.0.0.1:9/xwdt/")

func TestScriptPagerNamesEveryPageOfAColumn(t *testing.T) {
	for _, c := range []struct {
		script string
		want   []string
	}{
		{`createPageHTML(3, 0, "index", "html");`, []string{"index.html", "index_1.html", "index_2.html"}},
		{`var countPage = 2//共多少页
		createPageHTML(countPage, currentPage, "index", "shtml");`, []string{"index.shtml", "index_1.shtml"}},
		{`createPageHTML('page_div', 2, 1, 'list', 'htm', 38);`, []string{"list.htm", "list_1.htm"}},
	} {
		f := readPage([]byte(`<html><body><ul><li><a href="./202403/t20240305_1.html">一条消息的标题在这里</a></li></ul><script>` + c.script + `</script></body></html>`))
		if !reflect.DeepEqual(f.scriptPages, c.want) {
			t.Errorf("%s: pages %v, want %v", c.script, f.scriptPages, c.want)
		}
		if !f.isList(column) {
			t.Errorf("%s: a column with a script pager is a list", c.script)
		}
	}
}

func TestDatastoreRecordsAndDataproxyRequests(t *testing.T) {
	page := `<html><body><div id="4711"><script type="text/xml"><datastore>
<column>4711</column><totalrecord>7</totalrecord><totalpage>3</totalpage>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=9&path=/&columnid=4711&unitid=88&webname=%E6%9F%90&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2024/3/5/art_4711_1.html" title="甲">甲</a><span>2024-03-05</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/3/4/art_4711_2.html">乙</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/3/3/art_4711_3.html">丙</a></li>]]></record>
</recordset></datastore></script></div></body></html>`
	f := readPage([]byte(page))
	if f.data == nil || !f.isList(column) {
		t.Fatal("the datastore was not read")
	}
	if want := []string{"/art/2024/3/5/art_4711_1.html", "/art/2024/3/4/art_4711_2.html", "/art/2024/3/3/art_4711_3.html"}; !reflect.DeepEqual(f.data.records, want) {
		t.Errorf("records %v, want %v", f.data.records, want)
	}
	base, _ := url.Parse("http://127.0.0.1:9/col/col4711/index.html")
	reqs := f.data.dataproxyRequests(base)
	if len(reqs) != 2 {
		t.Fatalf("%d dataproxy requests for records 4–7 in groups of 3, want 2: %v", len(reqs), reqs)
	}
	if reqs[0].URL != "http://127.0.0.1:9/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=1" ||
		!strings.HasSuffix(reqs[1].URL, "startrecord=7&endrecord=7&perpage=1") {
		t.Errorf("requests %v", reqs)
	}
	// no <totalrecord>: the count of the jpage() call, or one group at a time
	noTotal := strings.Replace(page, "<totalrecord>7</totalrecord>", "", 1)
	if f := readPage([]byte(noTotal + `<script>$('#4711').jpage({perPage: 1, totalRecord: 7, groupSize: 3});</script>`)); len(f.data.dataproxyRequests(base)) != 2 {
		t.Errorf("the count of a jpage() call is not read: %+v", f.data)
	}
	if f := readPage([]byte(noTotal)); len(f.data.dataproxyRequests(base)) != 1 {
		t.Errorf("with no count, not one group asked for")
	} else if next, ok := nextDataGroup(f.data.dataproxyRequests(base)[0], 3); !ok || !strings.Contains(next.URL, "startrecord=7&endrecord=9") {
		t.Errorf("a full group does not ask for the next: %v", next)
	} else if _, ok := nextDataGroup(f.data.dataproxyRequests(base)[0], 2); ok {
		t.Errorf("a short group asks for more")
	}
	form, _ := url.ParseQuery(reqs[0].Form)
	for k, v := range map[string]string{"col": "1", "appid": "1", "webid": "9", "columnid": "4711", "unitid": "88", "webname": "某", "path": "/"} {
		if form.Get(k) != v {
			t.Errorf("form %s = %q, want %q (form %s)", k, form.Get(k), v, reqs[0].Form)
		}
	}
	if form.Has("page") {
		t.Errorf("the form keeps nextgroup's page parameter: %s", reqs[0].Form)
	}
}

func TestListOrArticle(t *testing.T) {
	item := `<li><a href="t%d.html">市工业和信息化局召开第%d次专题会议</a><span>2024-03-05</span></li>`
	var items strings.Builder
	for i := 0; i < 12; i++ {
		items.WriteString(strings.ReplaceAll(strings.ReplaceAll(item, "%d", string(rune('0'+i%10))), "t0", "t"))
	}
	prose := strings.Repeat("今年以来，全市规模以上工业增加值同比增长，新型储能产业链加快集聚，重点项目建设稳步推进。", 6)
	nav := `<div class="nav"><a href="/">首页</a><a href="/xwdt/">新闻动态</a></div>`
	for _, c := range []struct {
		name string
		page string
		list bool
	}{
		{"a column of headline links", `<html><body>` + nav + `<ul>` + items.String() + `</ul></body></html>`, true},
		{"a column with a 下一页 link", `<html><body><ul>` + items.String()[:400] + `</ul><a href="?page=2">下一页</a></body></html>`, true},
		{"an article with related links", `<html><body>` + nav + `<h1>标题</h1><div class="content"><p>` + prose + `</p></div><ul>` + items.String() + `</ul></body></html>`, false},
		{"an article that names its title in meta", `<html><head><meta name="ArticleTitle" content="某某访谈"><meta name="ColumnName" content="在线访谈"></head><body><p>` + prose[:300] + `</p><ul>` + items.String() + `</ul></body></html>`, false},
		{"a column page with column meta", `<html><head><meta name="ColumnName" content="工作动态"><meta name="ColumnType" content="工作动态"></head><body><ul>` + items.String() + `</ul><p>主办单位：某某市工业和信息化局 地址：某某路1号 电话：0000-0000000</p></body></html>`, true},
		{"an article of short paragraphs beside a menu", `<html><body>` + nav + strings.Repeat(`<p>今年以来，全市规模以上工业增加值同比增长百分之六点五。</p>`, 9) + `<ul>` + items.String()[:600] + `</ul></body></html>`, false},
		{"two headlines with summaries and numbered pages", `<html><body>` + nav + strings.Repeat(`<div><span>2024-06-21</span><h3><a href="/c/1.html">市工业和信息化局召开专题会议部署工作</a></h3><p>`+prose[:140]+`……</p><a href="/c/1.html">[详细]</a></div>`, 2) + `<a href="/gzdt/">1</a> <a href="/gzdt/page/2/">2</a></body></html>`, true},
		{"a frame of four headlines", `<html><body><ul>` + items.String()[:300] + `</ul></body></html>`, true},
	} {
		if got := readPage([]byte(c.page)).isList(column); got != c.list {
			t.Errorf("%s: isList = %v, want %v", c.name, got, c.list)
		}
	}
	gallery := `<html><body>` + nav + `<h1>智能制造成果展开幕</h1><p>展会集中展示了一批智能制造新成果，吸引众多企业参观。</p><p>本届展会为期三天，共有一百余家企业参展。</p>` +
		strings.Repeat(`<p><img src="a.jpg"></p><p>图为参观现场</p>`, 6) + `<ul>` + items.String()[:500] + `</ul></body></html>`
	for raw, list := range map[string]bool{"http://127.0.0.1:9/c/2024-06-03/654190.html": false, "http://127.0.0.1:9/gzdt/index_2.html": true} {
		u, _ := url.Parse(raw)
		if got := readPage([]byte(gallery)).isList(u); got != list {
			t.Errorf("a gallery page at %s: isList = %v, want %v", raw, got, list)
		}
	}
	noscript := `<html><body><a href="javascript:goPage(2)">下一页</a><noscript><a href="index_2.shtml">下一页</a></noscript></body></html>`
	if f := readPage([]byte(noscript)); !slices.Contains(f.links, "index_2.shtml") {
		t.Errorf("the link inside <noscript> is not read: %v", f.links)
	}
}

func TestFeedsAndSitemaps(t *testing.T) {
	for _, c := range []struct {
		doc, kind string
		pages     []string
		sitemaps  []string
	}{
		{`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://127.0.0.1:9/s1.xml.gz</loc></sitemap></sitemapindex>`,
			"sitemap index", nil, []string{"http://127.0.0.1:9/s1.xml.gz"}},
		{`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> http://127.0.0.1:9/a.html </loc><lastmod>2024-03-05</lastmod></url><url><loc>http://127.0.0.1:9/b.html?x=1&amp;y=2</loc></url></urlset>`,
			"sitemap", []string{"http://127.0.0.1:9/a.html", "http://127.0.0.1:9/b.html?x=1&y=2"}, nil},
		{`<rss version="2.0"><channel><title>动态</title><link>http://127.0.0.1:9/</link><item><title>甲</title><link>http://127.0.0.1:9/a.html</link></item></channel></rss>`,
			"RSS feed", []string{"http://127.0.0.1:9/a.html"}, nil},
		{`<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://127.0.0.1:9/"/><entry><title>甲</title><link rel="alternate" href="http://127.0.0.1:9/a.html"/><link rel="enclosure" href="http://127.0.0.1:9/a.mp3"/></entry></feed>`,
			"Atom feed", []string{"http://127.0.0.1:9/a.html"}, nil},
		{`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://127.0.0.1:9/blog/"><entry xml:base="2024/"><link href="a.html"/></entry><entry><link href="/b.html"/></entry></feed>`,
			"Atom feed", []string{"http://127.0.0.1:9/blog/2024/a.html", "http://127.0.0.1:9/b.html"}, nil},
		{`<rss version="2.0"><channel><item><title>甲</title><guid isPermaLink="true">http://127.0.0.1:9/a.html</guid></item><item><guid isPermaLink="false">http://127.0.0.1:9/id/2</guid></item><item><link>http://127.0.0.1:9/c.html</link><guid>http://127.0.0.1:9/c.html?x</guid></item></channel></rss>`,
			"RSS feed", []string{"http://127.0.0.1:9/a.html", "http://127.0.0.1:9/c.html"}, nil},
	} {
		if k := feedKind([]byte(c.doc)); k != c.kind {
			t.Errorf("kind %q, want %q", k, c.kind)
		}
		pages, sitemaps := feedLinks([]byte(c.doc))
		if !slices.Equal(pages, c.pages) || !slices.Equal(sitemaps, c.sitemaps) {
			t.Errorf("%s: pages %v sitemaps %v, want %v %v", c.kind, pages, sitemaps, c.pages, c.sitemaps)
		}
	}
	if feedKind([]byte("<!DOCTYPE html><html><body>x</body></html>")) != "" {
		t.Error("an HTML page read as a feed")
	}
}

func TestScope(t *testing.T) {
	var s scope
	seed, _ := url.Parse("http://127.0.0.1:9/col/col12/index.html")
	s.addSeed(seed)
	if err := s.addPrefix("127.0.0.1:9/zcjd/"); err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string][2]bool{
		"http://127.0.0.1:9/col/col12/index_2.html":  {true, true},
		"http://127.0.0.1:9/zcjd/a.html":             {true, true},
		"http://127.0.0.1:9/art/2024/3/5/art_1.html": {false, true},
		"http://127.0.0.1:10/col/col12/a.html":       {false, false}, // another port: another site
	} {
		u, _ := url.Parse(raw)
		if got := [2]bool{s.inside(u), s.onHost(u)}; got != want {
			t.Errorf("%s: inside, onHost = %v, want %v", raw, got, want)
		}
	}
}

func TestPagesOfAPagedArticle(t *testing.T) {
	for _, c := range []struct {
		at    string
		links []string
		first string
		later []string
	}{
		{"http://127.0.0.1:9/xwdt/202403/t20240305_12.html", []string{"t20240305_12_1.html", "t20240305_12_2.html", "t20240305_13.html", "../index_1.html"}, "",
			[]string{"http://127.0.0.1:9/xwdt/202403/t20240305_12_1.html", "http://127.0.0.1:9/xwdt/202403/t20240305_12_2.html"}},
		{"http://127.0.0.1:9/xwdt/202403/t20240305_12_2.html", []string{"t20240305_12.html", "t20240305_12_1.html"}, "http://127.0.0.1:9/xwdt/202403/t20240305_12.html", nil},
		{"http://127.0.0.1:9/n1/2025/0307/c1004-40011.html", []string{"?page=2", "?page=3", "c1004-40012.html"}, "",
			[]string{"http://127.0.0.1:9/n1/2025/0307/c1004-40011.html?page=2", "http://127.0.0.1:9/n1/2025/0307/c1004-40011.html?page=3"}},
		{"http://127.0.0.1:9/n1/2025/0307/c1004-40011.html?page=2", []string{"c1004-40011.html", "?page=3"}, "http://127.0.0.1:9/n1/2025/0307/c1004-40011.html", nil},
		{"http://127.0.0.1:9/xwdt/index.html", []string{"index_1.html", "index_2.html"}, "", nil},
		{"http://127.0.0.1:9/xxgk/list.jsp", []string{"list.jsp?page=2"}, "", nil},
	} {
		at, _ := url.Parse(c.at)
		first, later := pagesOf(at, c.links)
		var got []string
		for _, u := range later {
			got = append(got, u.String())
		}
		if f := ""; first != nil {
			f = first.String()
			if f != c.first {
				t.Errorf("%s: page one %s, want %s", c.at, f, c.first)
			}
		} else if c.first != "" {
			t.Errorf("%s: page one not found, want %s", c.at, c.first)
		}
		if !slices.Equal(got, c.later) {
			t.Errorf("%s: later pages %v, want %v", c.at, got, c.later)
		}
	}
}
