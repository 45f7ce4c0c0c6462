package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"

	"fangtan/article"
)

// Robots rules follow RFC 9309: a robots.txt that answers 4xx allows
// everything; one that answers 5xx or cannot be reached disallows the whole
// host for this run (the crawl reports it and goes on with other hosts).
// Redirects are followed up to five hops; at most 500 KiB is read.
const (
	robotsMaxBytes = 500 << 10
	robotsHops     = 5
	// maxCrawlDelay bounds a Crawl-delay: a site asking for more still
	// gets it, only this long.
	maxCrawlDelay = time.Minute
)

// robotsRules are one host's rules for fangtan's user agent.
type robotsRules struct {
	group    *robotstxt.Group
	blocked  string // why the whole host is off limits; "" if it is not
	sitemaps []string
}

// allowed reports whether the rules let the crawler fetch u. Nil rules
// (not fetched yet) allow.
func (r *robotsRules) allowed(u *url.URL) bool {
	if r == nil {
		return true
	}
	if r.blocked != "" {
		return false
	}
	return r.group == nil || r.group.Test(u.RequestURI())
}

// fetchRobots reads the robots.txt of h, waiting for the host's turn.
func (c *Crawler) fetchRobots(ctx context.Context, h *host, scheme string) *robotsRules {
	u := &url.URL{Scheme: scheme, Host: h.name, Path: "/robots.txt"}
	for hop := 0; hop <= robotsHops; hop++ {
		if err := h.wait(ctx); err != nil {
			return &robotsRules{blocked: "interrupted"}
		}
		status, body, loc, err := c.getRobots(ctx, u)
		h.next = time.Now().Add(h.delay)
		switch {
		case err != nil:
			return &robotsRules{blocked: "robots.txt could not be fetched (" + err.Error() + ")"}
		case loc != "":
			next, err := article.CleanURL(loc, u)
			if err != nil {
				return &robotsRules{} // a redirect nowhere: no robots.txt
			}
			u, _ = url.Parse(next)
			continue
		case status >= 500:
			return &robotsRules{blocked: fmt.Sprintf("robots.txt answers HTTP %d", status)}
		}
		data, err := robotstxt.FromStatusAndBytes(status, body)
		if err != nil || data == nil {
			return &robotsRules{} // unparseable or odd status: no rules
		}
		r := &robotsRules{group: data.FindGroup(robotsAgent), sitemaps: data.Sitemaps}
		if d := min(r.group.CrawlDelay, maxCrawlDelay); d > h.delay {
			h.delay = d
		}
		return r
	}
	return &robotsRules{} // too many redirects: treated as no robots.txt
}

// robotsAgent is the product token robots.txt groups are matched against.
const robotsAgent = "fangtan"

func (c *Crawler) getRobots(ctx context.Context, u *url.URL) (status int, body []byte, location string, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	c.requests.Add(1)
	resp, err := c.client.Do(req)
	if err != nil {
		var fe *fetchError
		if errors.As(netError(ctx, err), &fe) {
			return 0, nil, "", errors.New(fe.reason)
		}
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return resp.StatusCode, nil, resp.Header.Get("Location"), nil
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, robotsMaxBytes))
	if err != nil {
		return 0, nil, "", errors.New("reading it failed")
	}
	return resp.StatusCode, body, "", nil
}
