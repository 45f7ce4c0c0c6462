package crawl

import (
	"net/url"
	"testing"
)

// FuzzPage reads arbitrary bytes as a page, a feed and a jpaas answer:
// whatever a site serves, the crawler must not crash or loop, and every
// address it derives must be one it can fetch.
func FuzzPage(f *testing.F) {
	for _, s := range []string{
		`<html><body><a href="a.html">一条新闻的标题在这里</a><script>createPageHTML(3, 0, "index", "html");</script></body></html>`,
		`<script type="text/xml"><datastore><totalrecord>9</totalrecord><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=1"></a>]]></nextgroup><recordset><record><![CDATA[<a href="/art/1.html">x</a>]]></record></recordset></datastore></script>`,
		`<urlset><url><loc>http://127.0.0.1:9/a.html</loc></url></urlset>`,
		`<feed><entry><link href="/a"/></entry></feed>`,
		`<base href="//x"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><a href="%zz">`,
		`<script>createPageHTML(99999999999, "a/b", "../x", "html")</script>`,
	} {
		f.Add([]byte(s))
	}
	base, _ := url.Parse("http://127.0.0.1:9/col/col1/index.html")
	f.Fuzz(func(t *testing.T, data []byte) {
		p := readPage(data)
		p.isList(base)
		if len(p.scriptPages) > maxScriptPages {
			t.Fatalf("%d script pages", len(p.scriptPages))
		}
		if p.data != nil {
			for _, l := range p.data.dataproxyRequests(base) {
				if u, err := url.Parse(l.URL); err != nil || u.Host != base.Host {
					t.Fatalf("a dataproxy request off the page's host: %q", l.URL)
				}
			}
		}
		feedKind(data)
		feedLinks(data)
		readDatastore(string(data))
		o := &outcome{}
		for _, h := range append(p.links, p.scriptPages...) {
			o.addLink(h, base, roleLink)
		}
		for _, l := range o.links {
			if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("a link the crawler cannot fetch: %q", l.URL)
			}
		}
	})
}
