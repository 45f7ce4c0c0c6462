package article

import (
	"fmt"
	"net/url"
	"strings"
)

// ParsePage turns a page fetched from the web into an Article. pageURL is
// the address it was fetched from: the page is read as HTML whatever the
// address ends in (.shtml, .jsp, none, ?id=), a relative canonical address
// is resolved against it, and it is the source_url when the page names
// none. Site is the page's SiteName <meta>, else its og:site_name, else the
// host of its source_url. The ID stays the content ID, as Parse gives it:
// a crawler names its pages with URLID(a.SourceURL) itself. Errors are
// *Error naming pageURL.
func ParsePage(data []byte, pageURL string) (*Article, error) {
	return parsePage(data, pageURL, tracer{})
}

func parsePage(data []byte, pageURL string, tr tracer) (*Article, error) {
	canonical, err := sourceURL(pageURL, nil)
	if err != nil {
		return nil, &Error{Path: pageURL, Reason: "the page's address: " + err.Error()}
	}
	base, _ := url.Parse(pageURL) // parses: CleanURL did
	text, err := decodeTraced(data, pageURL, ".html", tr)
	if err != nil {
		return nil, err
	}
	a, err := parseText(text, ".html", pageURL, base, tr)
	if err != nil {
		return nil, err
	}
	if a.SourceURL == "" {
		a.SourceURL = canonical
		tr.field("source_url", canonical, "the address the page was fetched from", pageURL)
	}
	if a.Site == "" {
		u, _ := url.Parse(a.SourceURL)
		a.Site = u.Hostname()
		tr.field("site", a.Site, "the host of source_url (the page names no site)", a.SourceURL)
	}
	return a, nil
}

// maxSourceURL bounds a source_url: every indexed paragraph stores it.
const maxSourceURL = 2048

// sourceURL is raw as a source_url: CleanURL's canonical form, bounded.
func sourceURL(raw string, base *url.URL) (string, error) {
	u, err := CleanURL(raw, base)
	if err != nil {
		return "", err
	}
	if len(u) > maxSourceURL {
		return "", fmt.Errorf("longer than %d bytes", maxSourceURL)
	}
	return u, nil
}

// provenance takes the page's own address and its site's name from its
// markup: the address from <link rel="canonical">, else <meta
// property="og:url">, else the <meta name="Url"> of government CMSs; the
// site from <meta name="SiteName">, else og:site_name. Only an address
// that CleanURL accepts counts; a relative one counts only when the page's
// address (p.url, ParsePage) resolves it, so for a saved file it is
// ignored, and so is a site's front page. A canonical address on another
// host still counts: a repost names its origin that way, and the origin is
// the source.
func (a *Article) provenance(p page, tr tracer) {
	base := p.url
	if base != nil && p.hints.base != "" {
		// <base href> is what a browser resolves the page's links against
		if b, err := base.Parse(p.hints.base); err == nil {
			base = b
		}
	}
	for _, c := range []struct{ raw, rule string }{
		{p.hints.canonical, `<link rel="canonical">`},
		{p.hints.meta["og:url"], `<meta property="og:url">`},
		{p.hints.meta["url"], `<meta name="Url">`},
	} {
		if c.raw == "" {
			continue
		}
		if u, err := sourceURL(c.raw, base); err == nil && !frontPage(u) && !mobileTwin(u, p.url) {
			a.SourceURL = u
			tr.field("source_url", u, c.rule, c.raw)
			break
		}
	}
	for _, k := range []string{"sitename", "og:site_name"} {
		if v := p.hints.meta[k]; v != "" && runeLen(v, maxSiteRunes) <= maxSiteRunes {
			a.Site = v
			tr.field("site", v, "<meta "+k+">", v)
			break
		}
	}
}

// frontPage reports a site's front page (a canonical address with no path
// and no query). No article is the front page: templates that copy the
// front page's canonical tag onto every page would otherwise give every
// article of the site one address, and one ID when crawled.
func frontPage(canonical string) bool {
	u, err := url.Parse(canonical)
	return err == nil && u.Path == "/" && u.RawQuery == ""
}

// mobileTwin reports whether canonical is on the mobile twin of the host
// the page was fetched from (m.example.gov.cn beside www.example.gov.cn or
// example.gov.cn): the same site's other edition, not an origin a repost
// names. The page's own address is its source then, so a portal's readers
// are sent back to the portal.
func mobileTwin(canonical string, page *url.URL) bool {
	u, err := url.Parse(canonical)
	if err != nil || page == nil || u.Host == page.Host {
		return false
	}
	bare := func(h string) (string, bool) {
		for _, p := range []string{"m.", "wap.", "3g.", "mobile.", "www."} {
			if rest, ok := strings.CutPrefix(h, p); ok {
				return rest, p != "www."
			}
		}
		return h, false
	}
	ch, cMobile := bare(strings.ToLower(u.Hostname()))
	ph, pMobile := bare(strings.ToLower(page.Hostname()))
	return ch == ph && cMobile && !pMobile
}

// maxSiteRunes: a longer "site name" is a description, not a name.
const maxSiteRunes = 40
