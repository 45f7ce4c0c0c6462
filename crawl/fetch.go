package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"fangtan/article"
)

// host is the politeness state of one host: its robots rules and when the
// next request may start. A worker owns a host while it fetches from it,
// so at most one request to a host is in flight.
type host struct {
	name   string
	queue  []link
	busy   bool
	next   time.Time     // the earliest start of the next request
	delay  time.Duration // between requests: -delay, or a longer Crawl-delay
	robots *robotsRules  // nil until fetched
}

// wait sleeps until the host's next request may start.
func (h *host) wait(ctx context.Context) error {
	d := time.Until(h.next)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// response is a fetched page.
type response struct {
	url         *url.URL // after same-host redirects
	status      int
	header      http.Header
	body        []byte // UTF-8 for text; nil for attachments and 304s
	contentType string // the media type, lower case
}

// fetchError is a page that could not be fetched, with the reason a
// summary shows. retry says whether another try may succeed.
type fetchError struct {
	reason     string
	retry      bool
	retryAfter time.Duration // asked for by a 429 or 503
	status     int
}

func (e *fetchError) Error() string { return e.reason }

// movedError is a redirect to another host of the scope: the new address
// is queued on its own host rather than fetched at once.
type movedError struct{ to *url.URL }

func (e *movedError) Error() string { return "redirected to " + e.to.String() }

// get fetches l on h, waiting for the host's turn before every request
// (redirect hops and retries included), retrying what may succeed later.
// cond are the validators of the copy the crawl holds.
func (c *Crawler) get(ctx context.Context, h *host, l link, cond *pageState) (*response, error) {
	var last error
	for attempt := 0; attempt <= c.cfg.Retries; attempt++ {
		resp, err := c.follow(ctx, h, l, cond)
		var fe *fetchError
		if err == nil || !errors.As(err, &fe) || !fe.retry || ctx.Err() != nil {
			return resp, err
		}
		last = err
		if attempt == c.cfg.Retries {
			break
		}
		wait := c.cfg.Backoff << attempt
		if fe.retryAfter > 0 {
			if fe.retryAfter > c.cfg.MaxRetryAfter {
				return nil, &fetchError{reason: fmt.Sprintf("%s, asks to wait %s (more than %s)", fe.reason, fe.retryAfter, c.cfg.MaxRetryAfter), status: fe.status}
			}
			wait = fe.retryAfter
		}
		h.next = later(h.next, time.Now().Add(wait))
	}
	return nil, last
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// follow fetches l once, following redirects on the same host.
func (c *Crawler) follow(ctx context.Context, h *host, l link, cond *pageState) (*response, error) {
	u, err := url.Parse(l.URL)
	if err != nil {
		return nil, &fetchError{reason: "not a valid address"}
	}
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		if seen[u.String()] {
			return nil, &fetchError{reason: "redirect loop"}
		}
		seen[u.String()] = true
		if hop > c.cfg.MaxRedirects {
			return nil, &fetchError{reason: fmt.Sprintf("more than %d redirects", c.cfg.MaxRedirects)}
		}
		if hop > 0 && !h.robots.allowed(u) {
			return nil, &skipError{reason: "redirects to a path robots.txt disallows"}
		}
		if err := h.wait(ctx); err != nil {
			return nil, err
		}
		resp, to, err := c.request(ctx, u, l, cond)
		h.next = time.Now().Add(h.delay)
		if err != nil || to == nil {
			return resp, err
		}
		switch {
		case to.Host != u.Host && (c.scope.onHost(to) || l.Role == roleSeed):
			// a start address moved (gxj.example.cn → www.gxj.example.cn)
			// takes its scope along: the loop widens it
			return nil, &movedError{to: to}
		case to.Host != u.Host:
			return nil, &skipError{reason: "redirects out of the scope"}
		}
		u, l.Form = to, "" // a redirected POST continues as a GET
	}
}

// skipError is a page the crawl chose not to read, with the reason.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

// request sends one request. It returns the redirect target, if any,
// instead of a response.
func (c *Crawler) request(ctx context.Context, u *url.URL, l link, cond *pageState) (*response, *url.URL, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	method, body := http.MethodGet, io.Reader(nil)
	if l.Form != "" {
		method, body = http.MethodPost, strings.NewReader(l.Form)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, nil, &fetchError{reason: "not a valid address"}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	if l.Form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cond != nil && l.Form == "" {
		if cond.ETag != "" {
			req.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			req.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
	c.requests.Add(1)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, netError(ctx, err)
	}
	defer resp.Body.Close()
	r := &response{url: u, status: resp.StatusCode, header: resp.Header}
	switch s := resp.StatusCode; {
	case s >= 300 && s < 400 && s != http.StatusNotModified:
		loc := resp.Header.Get("Location")
		if loc == "" {
			return nil, nil, &fetchError{reason: fmt.Sprintf("HTTP %d without a Location", s), status: s}
		}
		to, err := article.CleanURL(loc, u)
		if err != nil {
			return nil, nil, &skipError{reason: "redirects to a non-web address"}
		}
		tu, _ := url.Parse(to)
		return nil, tu, nil
	case s == http.StatusNotModified:
		return r, nil, nil
	case s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable:
		return nil, nil, &fetchError{reason: fmt.Sprintf("HTTP %d", s), retry: true, retryAfter: retryAfter(resp.Header.Get("Retry-After")), status: s}
	case s >= 500:
		return nil, nil, &fetchError{reason: fmt.Sprintf("HTTP %d", s), retry: s != http.StatusNotImplemented, status: s}
	case s >= 400:
		return r, nil, nil // 404 and 410 remove an indexed copy; the caller decides
	}
	mt, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	r.contentType = strings.ToLower(mt)
	if !readable(r.contentType) || isAttachment(u) {
		r.contentType = orUnknown(r.contentType)
		return r, nil, nil // an attachment: the body is not read
	}
	if resp.ContentLength > c.cfg.MaxBytes {
		return nil, nil, &skipError{reason: fmt.Sprintf("larger than %s", bytesText(c.cfg.MaxBytes))}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBytes+1))
	if err != nil {
		return nil, nil, netError(ctx, err)
	}
	if int64(len(data)) > c.cfg.MaxBytes {
		return nil, nil, &skipError{reason: fmt.Sprintf("larger than %s", bytesText(c.cfg.MaxBytes))}
	}
	if data, err = gunzip(data); err != nil {
		return nil, nil, &skipError{reason: "a gzip file that does not unpack"}
	}
	r.body = toUTF8(data, params["charset"], r.contentType)
	return r, nil, nil
}

// readable reports whether a media type is a page or a feed the crawler
// reads; an empty type is sniffed as one.
func readable(mt string) bool {
	switch {
	case mt == "", mt == "text/html", mt == "application/xhtml+xml", mt == "text/plain":
		return true
	case strings.HasSuffix(mt, "xml"), mt == "application/x-gzip", mt == "application/gzip", mt == "application/octet-stream":
		return true // sitemaps, feeds and gzipped sitemaps; octet-stream is sniffed
	}
	return false
}

func orUnknown(mt string) string {
	if mt == "" {
		return "unknown type"
	}
	return mt
}

// toUTF8 decodes a page to UTF-8: the header's charset, else the one the
// page declares in a <meta>, else GB18030 when the bytes are not UTF-8
// (Chinese government sites still serve GBK and GB2312).
func toUTF8(data []byte, declared, mt string) []byte {
	if utf8.Valid(data) && (declared == "" || strings.EqualFold(declared, "utf-8") || strings.EqualFold(declared, "utf8")) {
		return data
	}
	if declared == "" && strings.Contains(mt, "html") {
		if _, name, certain := charset.DetermineEncoding(data, "text/html"); certain {
			declared = name
		}
	}
	if declared == "" && !utf8.Valid(data) {
		declared = "gb18030"
	}
	enc, _ := charset.Lookup(declared)
	if enc == nil {
		return data
	}
	if strings.EqualFold(declared, "gbk") || strings.EqualFold(declared, "gb2312") {
		enc, _ = charset.Lookup("gb18030") // a superset: pages labelled GB2312 use GBK characters
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}

// netError turns a transport error into a reason a summary shows.
func netError(ctx context.Context, err error) error {
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &fetchError{reason: "timed out", retry: true}
	case errors.Is(err, context.Canceled):
		return err
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return &fetchError{reason: "host not found"}
	}
	return &fetchError{reason: "connection failed: " + shortErr(err), retry: true}
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// sniffHTML reports whether a body of no declared type reads as HTML.
func sniffHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<div"))
}
