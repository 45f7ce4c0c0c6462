package crawl

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"
)

// Sitemaps (sitemaps.org: <urlset> and <sitemapindex>, gzipped or not) and
// feeds (RSS 2.0, RSS 1.0, Atom) are small XML documents of addresses; the
// standard library reads them in a few lines, so no feed library is used
// (the one the module proxy serves is not an approved release).

// feedKind names the kind of XML document data is, or "" for none of them.
func feedKind(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	for i := 0; i < 64; i++ {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch strings.ToLower(se.Name.Local) {
			case "urlset":
				return "sitemap"
			case "sitemapindex":
				return "sitemap index"
			case "rss", "rdf":
				return "RSS feed"
			case "feed":
				return "Atom feed"
			}
			return ""
		}
	}
	return ""
}

// feedLinks are the addresses a sitemap, sitemap index or feed lists. A
// sitemap index lists sitemaps, the others pages. An RSS item without a
// <link> is read by its <guid> when that is a permalink; an Atom entry's
// relative links are resolved against the xml:base in force.
func feedLinks(data []byte) (pages, sitemaps []string) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	type elem struct {
		name      string
		base      string // xml:base in force, resolved
		permalink bool   // a <guid> that is a permalink
	}
	var stack []elem
	names := func() []string {
		ns := make([]string, len(stack))
		for i, e := range stack {
			ns[i] = e.name
		}
		return ns
	}
	resolve := func(href string) string {
		if len(stack) == 0 || stack[len(stack)-1].base == "" {
			return href
		}
		b, err := url.Parse(stack[len(stack)-1].base)
		if err != nil {
			return href
		}
		u, err := b.Parse(href)
		if err != nil {
			return href
		}
		return u.String()
	}
	itemLinked := false // the current RSS item has a <link>
	var guid string
	for {
		tok, err := dec.Token()
		if err != nil {
			return pages, sitemaps
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := elem{name: strings.ToLower(t.Name.Local), permalink: true}
			if len(stack) > 0 {
				e.base = stack[len(stack)-1].base
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Local == "base" && (a.Name.Space == "xml" || a.Name.Space == "http://www.w3.org/XML/1998/namespace"):
					stack = append(stack, e) // resolve against the parent's base
					e.base = resolve(a.Value)
					stack = stack[:len(stack)-1]
				case strings.EqualFold(a.Name.Local, "isPermaLink"):
					e.permalink = a.Value != "false"
				}
			}
			stack = append(stack, e)
			switch {
			case e.name == "item":
				itemLinked, guid = false, ""
			case e.name == "link" && inside(names(), "entry"): // Atom: <link rel="alternate" href>
				rel, href := "alternate", ""
				for _, a := range t.Attr {
					switch strings.ToLower(a.Name.Local) {
					case "rel":
						rel = a.Value
					case "href":
						href = a.Value
					}
				}
				if rel == "alternate" && href != "" {
					pages = append(pages, resolve(href))
				}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			if stack[len(stack)-1].name == "item" && !itemLinked && guid != "" {
				pages = append(pages, guid)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			text := strings.TrimSpace(string(t))
			if text == "" {
				continue
			}
			ns := names()
			switch leaf := stack[len(stack)-1]; {
			case leaf.name == "loc" && inside(ns, "sitemap"):
				sitemaps = append(sitemaps, text)
			case leaf.name == "loc" && inside(ns, "url"):
				pages = append(pages, text)
			case leaf.name == "link" && inside(ns, "item"): // RSS
				pages = append(pages, text)
				itemLinked = true
			case leaf.name == "guid" && inside(ns, "item") && leaf.permalink &&
				(strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://")):
				guid = text
			}
		}
	}
}

func inside(stack []string, name string) bool {
	for _, s := range stack {
		if s == name {
			return true
		}
	}
	return false
}

// maxUnzipped bounds a gzipped sitemap once unpacked (the protocol's limit
// is 50 MB).
const maxUnzipped = 64 << 20

var errTooLarge = errors.New("too large")

// gunzip unpacks data if it is gzipped, else returns it as it is.
func gunzip(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxUnzipped+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxUnzipped {
		return nil, errTooLarge
	}
	return out, nil
}
