package crawltest

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The jpaas column's identifiers, as its nextgroup link names them.
const (
	jpaasWebID    = "27"
	jpaasColumnID = "1234"
	jpaasUnitID   = "5678"
	jpaasPerPage  = 3
	jpaasGroup    = 6 // records in the column page itself
)

// jpaasQuery is the query (and POST form) naming the jpaas column.
func jpaasQuery() string {
	return "webid=" + jpaasWebID + "&path=/&columnid=" + jpaasColumnID + "&unitid=" + jpaasUnitID +
		"&webname=" + url.QueryEscape(siteName) + "&permissiontype=0"
}

// jpaasRecords are the jpaas column's records, newest first.
func (p *Portal) jpaasRecords() []string {
	var out []string
	for _, it := range p.listItems(inJpaas, func(a *art) string { return a.path }) {
		out = append(out, fmt.Sprintf("<li><a href=\"%s\" title=\"%s\" target=\"_blank\">%s</a><span>%s</span></li>",
			it.href, html.EscapeString(it.title), html.EscapeString(it.title), it.date))
	}
	return out
}

// datastore is a jpaas <datastore> with records [first, last) of recs.
func datastore(recs []string, first, last int, column bool) string {
	var b strings.Builder
	b.WriteString("<datastore>\n")
	if column {
		b.WriteString("<column>部门动态</column>\n")
	}
	total := len(recs)
	fmt.Fprintf(&b, "<totalrecord>%d</totalrecord>\n<totalpage>%d</totalpage>\n", total, (total+jpaasPerPage-1)/jpaasPerPage)
	fmt.Fprintf(&b, "<nextgroup><![CDATA[<a href=\"%s?page=%d&%s\"></a>]]></nextgroup>\n", DataProxyPath, last/jpaasPerPage+1, jpaasQuery())
	b.WriteString("<recordset>\n")
	for i := max(first, 0); i < min(last, total); i++ {
		b.WriteString("<record><![CDATA[\n" + recs[i] + "\n]]></record>\n")
	}
	b.WriteString("</recordset>\n</datastore>")
	return b.String()
}

// jpaasColumn is /col/col1234/index.html: the first group of records in
// a datastore script, the rest for dataproxy.jsp.
func (p *Portal) jpaasColumn(r *http.Request, v int) string {
	recs := p.jpaasRecords()
	body := "<div id=\"" + jpaasUnitID + "\"><script type=\"text/xml\">" + datastore(recs, 0, jpaasGroup, true) + "</script></div>\n" +
		"<script type=\"text/javascript\" src=\"/module/jslib/jquery/jpage/dataproxy.js\"></script>\n" +
		fmt.Sprintf("<script type=\"text/javascript\">$(document).ready(function(){$('#%s').jpage({dataStore:dataStore,proxyUrl:'%s',perPage:%d,groupSize:%d,totalRecord:%d,webid:%s,columnid:%s,unitid:%s});});</script>\n",
			jpaasUnitID, DataProxyPath, jpaasPerPage, jpaasGroup/jpaasPerPage, len(recs), jpaasWebID, jpaasColumnID, jpaasUnitID)
	head := "<meta name=\"SiteName\" content=\"" + siteName + "\">\n<meta name=\"ColumnName\" content=\"部门动态\">\n"
	return p.listPage("部门动态_"+siteName, head, "", "部门动态", "/col/col1234/index.html", nil, body, v)
}

// dataProxy answers /module/web/jpage/dataproxy.jsp (GET or POST):
// records startrecord…endrecord (1-based, inclusive) of the column the
// form names, none for another column.
func (p *Portal) dataProxy(w http.ResponseWriter, r *http.Request, v int, lm time.Time) {
	num := func(k string, def int) int {
		if n, err := strconv.Atoi(r.FormValue(k)); err == nil {
			return n
		}
		return def
	}
	var recs []string
	if r.FormValue("webid") == jpaasWebID && r.FormValue("columnid") == jpaasColumnID && r.FormValue("unitid") == jpaasUnitID {
		recs = p.jpaasRecords()
	}
	per := max(num("perpage", jpaasPerPage), 1)
	start := max(num("startrecord", 1), 1)
	end := num("endrecord", start+per*(jpaasGroup/jpaasPerPage)-1)
	body := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + datastore(recs, start-1, end, false) + "\n"
	if v > 0 {
		body += fmt.Sprintf("<!-- %d -->\n", v)
	}
	serve(w, r, "text/xml; charset=utf-8", []byte(body), lm)
}

// lastMod is when article a last changed.
func (p *Portal) lastMod(a *art) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return a.date.Add(time.Duration(p.version[a.path]) * time.Hour)
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// sitemapIndex is /sitemap_index.xml.
func (p *Portal) sitemapIndex(r *http.Request) string {
	return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n" +
		"<sitemap><loc>" + xmlText(origin(r)+"/sitemap1.xml.gz") + "</loc><lastmod>" + listDate.Format(time.RFC3339) + "</lastmod></sitemap>\n</sitemapindex>\n"
}

// sitemap is /sitemap1.xml.gz: a gzip file of a <urlset>.
func (p *Portal) sitemap(r *http.Request, v int) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for _, a := range p.arts {
		if a.inMap {
			fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>%s</lastmod><changefreq>monthly</changefreq></url>\n",
				xmlText(origin(r)+a.path), p.lastMod(a).Format("2006-01-02T15:04:05-07:00"))
		}
	}
	if v > 0 {
		fmt.Fprintf(&b, "<!-- %d -->\n", v)
	}
	b.WriteString("</urlset>\n")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(b.String()))
	zw.Close()
	return z.Bytes()
}

// rss is /rss.xml, an RSS 2.0 feed.
func (p *Portal) rss(r *http.Request, v int) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<link>%s/</link>\n<description>%s工作动态与通知公告</description>\n<language>zh-cn</language>\n<lastBuildDate>%s</lastBuildDate>\n",
		siteName, xmlText(origin(r)), siteName, listDate.Add(time.Duration(v)*time.Hour).Format(time.RFC1123Z))
	p.feedItems(&b, r, func(a *art) bool { return a.inRSS }, time.RFC1123Z,
		"<item>\n<title>%s</title>\n<link>%s</link>\n<guid isPermaLink=\"true\">%s</guid>\n<pubDate>%s</pubDate>\n<description>%s</description>\n</item>\n")
	b.WriteString("</channel>\n</rss>\n")
	return b.String()
}

// atom is /atom.xml, an Atom feed.
func (p *Portal) atom(r *http.Request, v int) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
	self := xmlText(origin(r) + "/atom.xml")
	fmt.Fprintf(&b, "<title>%s</title>\n<id>%s</id>\n<link rel=\"self\" href=\"%s\"/>\n<link href=\"%s/\"/>\n<updated>%s</updated>\n<author><name>%s</name></author>\n",
		siteName, self, self, xmlText(origin(r)), listDate.Add(time.Duration(v)*time.Hour).Format(time.RFC3339), siteName)
	p.feedItems(&b, r, func(a *art) bool { return a.inAtom }, time.RFC3339,
		"<entry>\n<title>%s</title>\n<link rel=\"alternate\" href=\"%s\"/>\n<id>%s</id>\n<updated>%s</updated>\n<summary>%s</summary>\n</entry>\n")
	b.WriteString("</feed>\n")
	return b.String()
}

// feedItems writes an item of a feed for each article in it: format has
// the title, the link twice, the date (in layout) and a summary.
func (p *Portal) feedItems(b *strings.Builder, r *http.Request, in func(*art) bool, layout, format string) {
	for _, a := range p.arts {
		if in(a) {
			link := xmlText(origin(r) + a.path)
			fmt.Fprintf(b, format, xmlText(a.title), link, link, p.lastMod(a).Format(layout), xmlText(a.paras[0]))
		}
	}
}
