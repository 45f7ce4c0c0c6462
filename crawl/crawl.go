// Package crawl fetches a portal's pages and keeps them in the index: it
// discovers article pages through robots.txt sitemaps, sitemaps, feeds and
// list (column) pages with their pagination (下一页 links, the script pager
// of TRS WCM columns, the datastore and dataproxy of 大汉 jpaas columns),
// indexes each article under an ID derived from its canonical address, and
// remembers per address what it fetched (crawl.db in the data directory),
// so that a second run asks only for what changed, removes what is gone
// and a killed run resumes. It is polite by default: robots.txt obeyed,
// one request in flight per host, a delay between requests to one host.
package crawl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"

	"fangtan/article"
)

// Index is where crawled articles go: *index.Index and the server's live
// index both are one.
type Index interface {
	Put(ctx context.Context, a *article.Article) (bool, error)
	Delete(ctx context.Context, id string) error
	Has(ctx context.Context, id string) (bool, error)
}

// Config is a crawl's settings; the zero value of a field takes its
// default (SetDefaults).
type Config struct {
	Dir       string   // the data directory, where crawl.db lives
	Scope     []string // prefixes beyond the start addresses' own (-scope)
	Delay     time.Duration
	MaxPages  int // requests for pages per run
	UserAgent string
	// MaxBytes bounds a page; Timeout one request, body included.
	MaxBytes int64
	Timeout  time.Duration
	// MaxRedirects bounds a redirect chain; MaxFrontier the addresses
	// waiting to be fetched (more are dropped and counted).
	MaxRedirects int
	MaxFrontier  int
	// MaxVariants bounds the addresses of one path that differ only in
	// their query (?month=, ?page=, ?sid=) in one run: a calendar or a
	// session trap stops there; a real ?page= column rarely comes near.
	MaxVariants int
	// Retries of a page that failed in a way that may pass (5xx, 429,
	// timeouts), after Backoff, doubled each time, or the Retry-After the
	// server asks for, up to MaxRetryAfter.
	Retries       int
	Backoff       time.Duration
	MaxRetryAfter time.Duration
	// Hosts is how many hosts are crawled at once, one request in flight
	// on each.
	Hosts int
	// Client sends the requests (tests); nil for one with the limits above.
	Client *http.Client
	// Progress, if set, is called after every page with the counts so far.
	Progress func(Summary)
}

// Defaults, polite for a real portal.
const (
	DefaultDelay       = time.Second
	DefaultMaxPages    = 10000
	DefaultMaxBytes    = 10 << 20
	DefaultTimeout     = 30 * time.Second
	DefaultMaxFrontier = 100000
	DefaultMaxVariants = 500
	DefaultUserAgent   = "fangtan/1.0 (+no contact given; set one with -contact)"
)

// SetDefaults fills the zero fields. A negative Delay means none.
func (c *Config) SetDefaults() {
	switch {
	case c.Delay == 0:
		c.Delay = DefaultDelay
	case c.Delay < 0:
		c.Delay = 0
	}
	if c.MaxPages <= 0 {
		c.MaxPages = DefaultMaxPages
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 5
	}
	if c.MaxFrontier <= 0 {
		c.MaxFrontier = DefaultMaxFrontier
	}
	if c.MaxVariants <= 0 {
		c.MaxVariants = DefaultMaxVariants
	}
	if c.Retries < 0 {
		c.Retries = 0
	} else if c.Retries == 0 {
		c.Retries = 2
	}
	if c.Backoff <= 0 {
		c.Backoff = 2 * time.Second
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = 2 * time.Minute
	}
	if c.Hosts <= 0 {
		c.Hosts = 4
	}
}

// UserAgent is the User-Agent a crawl sends: it names fangtan and, so a
// site's staff can reach whoever runs it, a contact (an address or a page).
func UserAgent(contact string) string {
	if contact == "" {
		return DefaultUserAgent
	}
	return "fangtan/1.0 (+" + contact + ")"
}

// Crawler runs crawls into one index.
type Crawler struct {
	cfg      Config
	ix       Index
	client   *http.Client
	scope    *scope
	requests atomic.Int64
}

// New returns a crawler writing to ix.
func New(cfg Config, ix Index) *Crawler {
	cfg.SetDefaults()
	c := &Crawler{cfg: cfg, ix: ix, client: cfg.Client}
	if c.client == nil {
		c.client = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			MaxIdleConnsPerHost:   2,
			ResponseHeaderTimeout: cfg.Timeout,
			TLSHandshakeTimeout:   10 * time.Second,
			IdleConnTimeout:       90 * time.Second,
		}}
	}
	// redirects are followed by hand: each hop is checked against the
	// scope and robots.txt and waits for the host's turn
	client := *c.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.client = &client
	return c
}

// Roles of an address: how it was found decides what may be done with it.
type role string

const (
	roleSeed    role = "seed"    // a start address
	roleLink    role = ""        // a link inside the scope
	roleLeaf    role = "leaf"    // on a scope host outside the prefixes, linked from a list: not followed further
	roleData    role = "data"    // a jpaas dataproxy request
	roleSitemap role = "sitemap" // named by robots.txt or a sitemap index
	roleRevisit role = "revisit" // an article of an earlier run, checked again
)

// Summary is what a run did.
type Summary struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Requests is every request sent, robots.txt, retries and redirects included.
	Requests  int `json:"requests"`
	Fetched   int `json:"fetched"` // pages answered (304s included)
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	Lists     int `json:"lists"` // list pages, sitemaps and feeds read
	Skipped   int `json:"skipped"`
	Failed    int `json:"failed"`
	// Reasons counts the skipped and failed pages by reason; Examples
	// gives an address of each (the first met).
	Reasons  map[string]int    `json:"reasons"`
	Examples map[string]string `json:"examples"`
	Pending  int               `json:"pending"` // found but not fetched (-max-pages or interrupted)
	Stopped  string            `json:"stopped,omitempty"`
	Resumed  int               `json:"resumed,omitempty"` // addresses an interrupted run left
}

func (s *Summary) note(kind, reason, u string) {
	if kind == kindSkipped {
		s.Skipped++
	} else {
		s.Failed++
	}
	key := kind + ": " + reason
	if s.Reasons == nil {
		s.Reasons, s.Examples = map[string]int{}, map[string]string{}
	}
	s.Reasons[key]++
	if _, ok := s.Examples[key]; !ok {
		s.Examples[key] = u
	}
}

// ReasonCounts are the reasons, most frequent first.
func (s *Summary) ReasonCounts() []string {
	keys := make([]string, 0, len(s.Reasons))
	for k := range s.Reasons {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if s.Reasons[keys[i]] != s.Reasons[keys[j]] {
			return s.Reasons[keys[i]] > s.Reasons[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// run is the state of one crawl.
type run struct {
	c        *Crawler
	st       *state
	sum      Summary
	hosts    map[string]*host
	seen     map[uint64]struct{}
	variants map[string]int // addresses queued per host and path
	queued   int
	pages    int
	results  chan *outcome
	// articles written this run, by ID: a second address giving the same
	// article (a print version naming its canonical) is not written again
	writtenMu sync.Mutex
	written   map[string]string
}

// Run crawls from the start addresses and returns what it did. It returns
// an error only when the crawl could not run (a bad address, the state
// unreadable, the index failing); pages that fail are counted in the
// summary.
func (c *Crawler) Run(ctx context.Context, starts []string) (Summary, error) {
	r := &run{c: c, hosts: map[string]*host{}, seen: map[uint64]struct{}{},
		variants: map[string]int{}, results: make(chan *outcome), written: map[string]string{}}
	r.sum.Started = time.Now()
	requestsBefore := c.requests.Load()
	c.scope = &scope{}
	var seeds []link
	for _, s := range starts {
		raw := strings.TrimSpace(s)
		if !strings.Contains(raw, "://") {
			raw = "http://" + raw
		}
		clean, err := article.CleanURL(raw, nil)
		if err != nil {
			return r.sum, fmt.Errorf("crawl: start address %s: %w", s, err)
		}
		u, _ := url.Parse(clean)
		c.scope.addSeed(u)
		seeds = append(seeds, link{URL: clean, Role: roleSeed})
	}
	for _, p := range c.cfg.Scope {
		if err := c.scope.addPrefix(p); err != nil {
			return r.sum, fmt.Errorf("crawl: %w", err)
		}
	}
	if len(seeds) == 0 {
		return r.sum, errors.New("crawl: no start address")
	}
	st, err := openState(c.cfg.Dir)
	if err != nil {
		return r.sum, err
	}
	defer st.close()
	r.st = st
	left, err := st.pending()
	if err != nil {
		return r.sum, fmt.Errorf("crawl: reading the state: %w", err)
	}
	r.sum.Resumed = len(left)
	for _, l := range append(seeds, left...) {
		r.enqueue(l, nil)
	}
	err = r.loop(ctx)
	r.sum.Requests = int(c.requests.Load() - requestsBefore)
	r.sum.Finished = time.Now()
	return r.sum, err
}

// loop dispatches pages to workers, a host at a time, until nothing is
// left or the page budget is spent, then revisits the articles of earlier
// runs that this run did not reach.
func (r *run) loop(ctx context.Context) error {
	inflight, revisited := 0, false
	var fatal error
	for {
		stopping := ctx.Err() != nil || fatal != nil || r.pages >= r.c.cfg.MaxPages
		if !stopping {
			for inflight < r.c.cfg.Hosts {
				h := r.ready()
				if h == nil {
					break
				}
				l := h.queue[0]
				h.queue = h.queue[1:]
				r.queued--
				h.busy = true
				inflight++
				r.pages++
				go func() { r.results <- r.c.work(ctx, r, h, l) }()
			}
		}
		if inflight == 0 {
			switch {
			case stopping:
				return r.finish(ctx, fatal)
			case r.queued == 0 && !revisited:
				revisited = true
				if err := r.revisit(); err != nil {
					return err
				}
				continue
			case r.queued == 0:
				return r.finish(ctx, nil)
			}
		}
		var timer <-chan time.Time
		var t *time.Timer
		if next, ok := r.nextStart(); ok && !stopping && inflight < r.c.cfg.Hosts {
			t = time.NewTimer(time.Until(next))
			timer = t.C
		}
		select {
		case o := <-r.results:
			inflight--
			o.host.busy = false
			if err := r.record(ctx, o); err != nil && fatal == nil {
				fatal = err
			}
			if r.c.cfg.Progress != nil {
				r.sum.Pending = r.queued
				r.c.cfg.Progress(r.sum)
			}
		case <-timer:
		case <-ctx.Done():
			if inflight == 0 {
				return r.finish(ctx, nil)
			}
			// wait for the workers, which stop at once
			o := <-r.results
			inflight--
			o.host.busy = false
			r.record(context.WithoutCancel(ctx), o)
		}
		if t != nil {
			t.Stop()
		}
	}
}

// finish ends a run: a complete one clears the pending list, a cut one
// leaves it for the next run.
func (r *run) finish(ctx context.Context, fatal error) error {
	r.sum.Pending = r.queued
	switch {
	case fatal != nil:
		r.sum.Stopped = "the index failed: " + fatal.Error()
		return fatal
	case ctx.Err() != nil:
		r.sum.Stopped = "interrupted"
	case r.queued > 0:
		r.sum.Stopped = fmt.Sprintf("reached -max-pages (%d)", r.c.cfg.MaxPages)
	default:
		return r.st.clearPending()
	}
	return nil
}

// ready is a host with addresses queued, free, whose turn has come.
func (r *run) ready() *host {
	now := time.Now()
	var best *host
	for _, h := range r.hosts {
		if h.busy || len(h.queue) == 0 || h.next.After(now) {
			continue
		}
		if best == nil || h.next.Before(best.next) {
			best = h
		}
	}
	return best
}

// nextStart is the earliest time a free host with work may start.
func (r *run) nextStart() (time.Time, bool) {
	var t time.Time
	ok := false
	for _, h := range r.hosts {
		if h.busy || len(h.queue) == 0 {
			continue
		}
		if !ok || h.next.Before(t) {
			t, ok = h.next, true
		}
	}
	return t, ok
}

// key identifies a request: its address, and its form for a POST.
func (l link) key() string {
	if l.Form == "" {
		return l.URL
	}
	return l.URL + " " + l.Form
}

// enqueue queues l once per run. A link found on a page (from) is admitted
// by the scope: inside a prefix it is followed; on a scope host outside
// every prefix it is a leaf, and only a list links to leaves.
func (r *run) enqueue(l link, from *link) bool {
	u, err := url.Parse(l.URL)
	if err != nil {
		return false
	}
	switch {
	case l.Role == roleData || l.Role == roleSitemap:
		if !r.c.scope.onHost(u) {
			return false
		}
	case from != nil:
		switch {
		case r.c.scope.inside(u):
			l.Role = roleLink
		case r.c.scope.onHost(u) && from.Role != roleLeaf:
			l.Role = roleLeaf
		default:
			return false
		}
	}
	k := xxhash.Sum64String(l.key())
	if _, dup := r.seen[k]; dup {
		return false
	}
	if r.queued >= r.c.cfg.MaxFrontier {
		r.sum.note(kindSkipped, fmt.Sprintf("the frontier is full (%d addresses)", r.c.cfg.MaxFrontier), l.URL)
		return false
	}
	if u.RawQuery != "" && l.Role != roleData {
		p := u.Host + u.Path
		if r.variants[p] >= r.c.cfg.MaxVariants {
			r.sum.note(kindSkipped, fmt.Sprintf("more than %d addresses of one path differing only in the query (a calendar or session trap?)", r.c.cfg.MaxVariants), l.URL)
			r.seen[k] = struct{}{}
			return false
		}
		r.variants[p]++
	}
	r.seen[k] = struct{}{}
	h := r.hosts[u.Host]
	if h == nil {
		h = &host{name: u.Host, delay: r.c.cfg.Delay}
		r.hosts[u.Host] = h
	}
	h.queue = append(h.queue, l)
	r.queued++
	return true
}

// revisit queues the articles of earlier runs, inside the scope, that
// this run has not reached: a page that is gone is removed from the index,
// a changed one re-indexed.
func (r *run) revisit() error {
	var ls []link
	err := r.st.articleURLs(func(u string) {
		if pu, err := url.Parse(u); err == nil && r.c.scope.onHost(pu) {
			ls = append(ls, link{URL: u, Role: roleRevisit})
		}
	})
	for _, l := range ls {
		r.enqueue(l, nil)
	}
	return err
}

// hashText is a short hash of an article's text, to tell a changed page
// from one whose chrome alone changed.
func hashText(a *article.Article) string {
	h := sha256.New()
	for _, s := range []string{a.Title, a.Subtitle, a.Date, a.Source} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, p := range a.Paragraphs {
		h.Write([]byte(p.Text))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

func hashStrings(ss []string) string {
	h := sha256.New()
	for _, s := range ss {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
