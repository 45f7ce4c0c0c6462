package article

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// trackingParams are query parameters that say how a reader reached a
// page, not which page it is: a share link and the page itself are one
// address. Parameters starting with "utm_" are dropped too.
var trackingParams = []string{
	"from", "spm", "scene", "isappinstalled", "share_token", "share_source",
	"fbclid", "gclid", "yclid", "msclkid", "mc_cid", "mc_eid",
	// session IDs: every visit would otherwise be a new address
	"jsessionid", "phpsessid", "aspsessionid", "sessionid",
}

// CleanURL is the canonical form of a page's address, the form fangtan
// keeps as an article's source_url and identifies a crawled page by:
// raw resolved against base (nil for none), http or https only, scheme
// and host in lower case, no default port, no fragment, no tracking or
// session parameters, the remaining parameters sorted. A relative raw with no
// base, another scheme or no host is an error.
func CleanURL(raw string, base *url.URL) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("not a URL: %q", raw)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("not an http or https address: %q", raw)
	}
	if u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("no host in %q", raw)
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	host := strings.ToLower(u.Hostname())
	switch port := u.Port(); {
	case port == "", u.Scheme == "http" && port == "80", u.Scheme == "https" && port == "443":
		u.Host = host
		if strings.Contains(host, ":") { // IPv6 literal
			u.Host = "[" + host + "]"
		}
	default:
		u.Host = strings.ToLower(u.Host)
	}
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if i := strings.Index(strings.ToLower(u.Path), ";jsessionid="); i >= 0 {
		u.Path, u.RawPath = u.Path[:i], "" // a Java servlet's session in the path
	}
	if u.RawQuery != "" {
		q := strings.Split(u.RawQuery, "&")
		q = slices.DeleteFunc(q, func(kv string) bool {
			if kv == "" {
				return true
			}
			k, _, _ := strings.Cut(kv, "=")
			if uk, err := url.QueryUnescape(k); err == nil {
				k = uk
			}
			k = strings.ToLower(k)
			return strings.HasPrefix(k, "utm_") || slices.Contains(trackingParams, k)
		})
		slices.Sort(q)
		u.RawQuery = escapeQuery(strings.Join(q, "&"))
	}
	u.ForceQuery = false
	return u.String(), nil
}

// URLID is the article ID of a page known by its canonical address
// (CleanURL): the first 16 hex digits of its SHA-256, so a page fetched
// again replaces its earlier copy instead of adding one.
func URLID(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:8])
}

// escapeQuery percent-encodes the bytes a query may not hold as they are
// (spaces, quotes, angle brackets, non-ASCII…), as a browser does before it
// sends one, and keeps the escapes already there: the canonical form is a
// valid URI, never markup.
func escapeQuery(q string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@/?%", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
