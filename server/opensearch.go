package server

import (
	"bytes"
	"encoding/xml"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// openSearchTemplate is the OpenSearch description, so browsers can add
// fangtan as a search engine. {{.}} is the public base URL.
const openSearchTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>访谈搜索</ShortName>
  <Description>fangtan: 搜索工业和信息化政策访谈 (search Chinese interviews on industrial policy)</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <OutputEncoding>UTF-8</OutputEncoding>
  <Language>zh-CN</Language>
  <Url type="text/html" method="get" template="{{xml .}}/?q={searchTerms}"/>
  <Url type="application/x-suggestions+json" method="get" template="{{xml .}}/api/suggest?format=opensearch&amp;q={searchTerms}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="{{xml .}}/opensearch.xml"/>
</OpenSearchDescription>
`

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// baseURL is the configured public URL, or the one this request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimSuffix(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if s.fromTrustedProxy(r) { // only a trusted proxy may say what the client saw
		if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
	}
	return scheme + "://" + r.Host
}

// fromTrustedProxy reports whether the request's peer is a proxy trusted
// to describe the client: one in -trusted-proxies, or a loopback one once
// any proxy is configured.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	if len(s.cfg.TrustedProxies) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, c := range append(slices.Clone(loopbackProxies), s.cfg.TrustedProxies...) {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(ip) {
			return true
		}
	}
	return false
}

func (s *Server) handleOpenSearch(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := s.osd.Execute(&buf, s.baseURL(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	if s.cfg.PublicURL != "" { // else the answer depends on the Host header
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	w.Write(buf.Bytes())
}
