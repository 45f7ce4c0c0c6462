package crawl

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"io"
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
// sitemap index lists sitemaps, the others pages.
func feedLinks(data []byte) (pages, sitemaps []string) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var stack []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return pages, sitemaps
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			stack = append(stack, name)
			if name == "link" && inside(stack, "entry") { // Atom: <link rel="alternate" href>
				rel := "alternate"
				var href string
				for _, a := range t.Attr {
					switch strings.ToLower(a.Name.Local) {
					case "rel":
						rel = a.Value
					case "href":
						href = a.Value
					}
				}
				if rel == "alternate" && href != "" {
					pages = append(pages, href)
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			text := strings.TrimSpace(string(t))
			if text == "" {
				continue
			}
			switch leaf := stack[len(stack)-1]; {
			case leaf == "loc" && inside(stack, "sitemap"):
				sitemaps = append(sitemaps, text)
			case leaf == "loc" && inside(stack, "url"):
				pages = append(pages, text)
			case leaf == "link" && inside(stack, "item"): // RSS
				pages = append(pages, text)
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
