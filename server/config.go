package server

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"runtime"
	"strings"
	"time"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/server/bytesize"
	"fangtan/server/querylog"
)

// Config configures a Server. The zero value is not usable directly; New calls
// SetDefaults.
type Config struct {
	// CORSOrigins are the origins allowed to call the read endpoints from a
	// browser; "*" (the default) allows any. The write endpoints are never
	// cross-origin.
	CORSOrigins []string
	// Rate is the number of requests per second one client IP may make to
	// the API and the search and article pages; past it they answer 429.
	// 0 turns rate limiting off; that is the zero Config's value, while
	// `fangtan serve` defaults to DefaultRate (see Flags).
	Rate int
	// TrustedProxies are the CIDR prefixes of reverse proxies whose
	// X-Forwarded-For header names the client (for rate limiting and logs).
	// A loopback peer (a proxy on the same host) is always trusted.
	TrustedProxies []string
	// MaxSearches caps the searches running at once (API search and
	// suggest, the search page, the marking of an article page); default
	// DefaultMaxSearches(), negative: no cap. A search that finds every
	// slot taken waits up to SearchWait (default 200ms) for one, then is
	// refused with 503 and Retry-After.
	MaxSearches int
	SearchWait  time.Duration
	// AdminToken is the bearer token of the write API; empty turns the write
	// API off. It is never logged.
	AdminToken string
	// Timeout is the deadline of one request's work (default 5s).
	Timeout time.Duration
	// MaxBody caps a request body in bytes (default 8 MiB); larger is a 413.
	MaxBody int64
	// MaxQuery is the longest accepted query, in characters (default 256).
	MaxQuery int
	// MaxSize is the largest page size (default 50); DefaultSize is the page
	// size when none is asked for (default 10).
	MaxSize, DefaultSize int
	// MaxDepth bounds page*size (default 20000), so deep paging stays cheap.
	MaxDepth int
	// PublicURL is the server's public base URL (https://search.example.org)
	// used in the OpenSearch description; empty: derived from each request.
	PublicURL string

	// ReadHeaderTimeout, ReadTimeout and IdleTimeout are the http.Server
	// timeouts (defaults 10s, 1m, 2m); ShutdownTimeout bounds the graceful
	// drain (default 30s).
	ReadHeaderTimeout, ReadTimeout, IdleTimeout, ShutdownTimeout time.Duration

	// Parse turns an uploaded body into an Article; name's extension picks
	// the format. Default: article.Parse.
	Parse func(data []byte, name string) (*article.Article, error)

	// QueryLog records searches for /api/popular and /api/stats; nil:
	// nothing is recorded (popular.go).
	QueryLog *querylog.Log

	// Crawl is the background crawl (fangtan serve -crawl); nil: none.
	// Its last run is in /api/stats, its counters in /metrics.
	Crawl CrawlStatus
}

// Defaults.
const (
	DefaultTimeout  = 5 * time.Second
	DefaultMaxBody  = 8 << 20
	DefaultMaxQuery = 256
	DefaultMaxSize  = 50
	DefaultPageSize = 10
	DefaultMaxDepth = model.DefaultMaxDepth
	// DefaultRate is the per-IP rate limit of `fangtan serve`: a person
	// searching as they type makes at most ~4 requests a second (the pages
	// debounce keystrokes by 250ms), so 30 leaves room for several people
	// behind one office NAT while a scanner is slowed to a trickle.
	DefaultRate       = 30
	DefaultSearchWait = 200 * time.Millisecond
)

// DefaultMaxSearches is 4 searches per CPU. A search is CPU-bound (with a
// little waiting on the page cache), so more at once only adds latency to
// all of them; 4 per CPU keeps every core busy when some wait on the disk,
// and bounds the memory and the tail latency of a burst: past it, requests
// wait briefly and then get a fast 503 rather than all slowing towards the
// deadline together.
func DefaultMaxSearches() int { return 4 * runtime.NumCPU() }

// loopbackProxies are always trusted to name the client in
// X-Forwarded-For: only a process on this host can connect from them, and
// the usual deployment is a reverse proxy on the same host.
var loopbackProxies = []string{"127.0.0.0/8", "::1/128"}

// SetDefaults fills the zero fields with their defaults.
func (c *Config) SetDefaults() {
	if len(c.CORSOrigins) == 0 {
		c.CORSOrigins = []string{"*"}
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBody == 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.MaxQuery == 0 {
		c.MaxQuery = DefaultMaxQuery
	}
	if c.MaxSize == 0 {
		c.MaxSize = DefaultMaxSize
	}
	if c.DefaultSize == 0 {
		c.DefaultSize = min(DefaultPageSize, c.MaxSize)
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxSearches == 0 {
		c.MaxSearches = DefaultMaxSearches()
	}
	if c.SearchWait == 0 {
		c.SearchWait = DefaultSearchWait
	}
	if c.ReadHeaderTimeout == 0 {
		c.ReadHeaderTimeout = 10 * time.Second
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = time.Minute
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 2 * time.Minute
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 30 * time.Second
	}
	if c.Parse == nil {
		c.Parse = parseArticle
	}
}

// Validate reports a configuration an operator must fix.
func (c *Config) Validate() error {
	var errs []error
	for _, o := range c.CORSOrigins {
		if o == "" || strings.Count(o, "*") > 1 {
			errs = append(errs, fmt.Errorf("invalid CORS origin %q", o))
		}
	}
	for _, p := range c.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			errs = append(errs, fmt.Errorf("invalid trusted proxy prefix %q (want a CIDR such as 10.0.0.0/8)", p))
		}
	}
	if c.Rate < 0 {
		errs = append(errs, errors.New("rate must be 0 (off) or positive"))
	}
	if c.Timeout < 0 || c.MaxBody < 0 || c.MaxQuery < 0 || c.MaxDepth < 0 || c.SearchWait < 0 {
		errs = append(errs, errors.New("timeout, max-body, max-query, max-depth and search-wait must not be negative"))
	}
	if c.DefaultSize > c.MaxSize {
		errs = append(errs, fmt.Errorf("default page size %d exceeds the maximum %d", c.DefaultSize, c.MaxSize))
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("invalid public URL %q (want http(s)://host[/path])", c.PublicURL))
		}
	}
	return errors.Join(errs...)
}

// Flags registers the configuration's flags on fs, with the current values
// (call SetDefaults first) as defaults. AdminToken has no flag, so it never
// shows in a process list; read it from the environment. A public server
// should be rate limited unless told otherwise, so an unset Rate becomes
// DefaultRate here (a Config built in code keeps 0 = off).
func (c *Config) Flags(fs *flag.FlagSet) {
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	fs.Var((*listFlag)(&c.CORSOrigins), "cors-origins", "comma-separated `origins` allowed to call the read API from a browser (* = any)")
	fs.IntVar(&c.Rate, "rate", c.Rate, "requests per second per client IP to the API and the search pages (0 = no limit)")
	fs.Var((*listFlag)(&c.TrustedProxies), "trusted-proxies", "comma-separated `CIDRs` of reverse proxies whose X-Forwarded-For is trusted (loopback always is)")
	fs.IntVar(&c.MaxSearches, "max-searches", c.MaxSearches, "searches running at once; more wait -search-wait, then get 503 (-1 = no cap)")
	fs.DurationVar(&c.SearchWait, "search-wait", c.SearchWait, "how long a search waits for a free slot before 503")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "deadline of one request")
	fs.Var(bytesize.Flag{N: &c.MaxBody, Positive: true}, "max-body", "largest request body: `size` in bytes, or with a KiB/MiB suffix")
	fs.IntVar(&c.MaxQuery, "max-query", c.MaxQuery, "longest query in characters")
	fs.IntVar(&c.MaxDepth, "max-depth", c.MaxDepth, "largest page*size a search may reach")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "public base URL for the OpenSearch description (default: from each request)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long a shutdown waits for in-flight requests")
}

// LogValue lets a Config be logged without its secret.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Any("cors_origins", c.CORSOrigins),
		slog.Int("rate", c.Rate),
		slog.Any("trusted_proxies", c.TrustedProxies),
		slog.Int("max_searches", c.MaxSearches),
		slog.Duration("search_wait", c.SearchWait),
		slog.Bool("write_api", c.AdminToken != ""),
		slog.Duration("timeout", c.Timeout),
		slog.Int64("max_body", c.MaxBody),
		slog.Int("max_query", c.MaxQuery),
		slog.Int("max_depth", c.MaxDepth),
		slog.String("public_url", c.PublicURL),
	)
}

// listFlag is a comma-separated list flag.
type listFlag []string

func (l *listFlag) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *listFlag) Set(s string) error {
	*l = nil
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}
