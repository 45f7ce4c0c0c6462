package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fangtan/article"
	"fangtan/crawl"
	"fangtan/index"
	"fangtan/seeds"
	"fangtan/server"
)

func init() {
	register(command{
		name:  "serve",
		short: "serve the search API over HTTP (indexes the seeds on first start)",
		run:   runServe,
	})
}

// serveOptions are the flags of `fangtan serve`. Every flag has an
// environment twin FANGTAN_<NAME> (-max-body: FANGTAN_MAX_BODY); a flag
// given on the command line wins. The admin token is only read from
// FANGTAN_ADMIN_TOKEN, so it never shows in a process list.
type serveOptions struct {
	Addr      string
	AddrFile  string
	Data      string
	LogFormat string
	LogLevel  string
	CacheSize int
	QueryLog  bool // record searches in DATA/querylog.db (stats.go)
	Server    server.Config

	// The background crawl: the start addresses in CrawlFile, crawled again
	// CrawlEvery after each run ends.
	CrawlFile    string
	CrawlEvery   time.Duration
	CrawlDelay   time.Duration
	CrawlPages   int
	CrawlContact string
}

func (o *serveOptions) SetDefaults() {
	o.Addr = "127.0.0.1:8080"
	o.Data = "./data"
	o.LogFormat = "text"
	o.LogLevel = "info"
	o.CacheSize = index.DefaultCacheSize
	o.QueryLog = true
	o.Server.SetDefaults()
	o.CrawlEvery = 24 * time.Hour
	o.CrawlDelay = crawl.DefaultDelay
	o.CrawlPages = crawl.DefaultMaxPages
}

func (o *serveOptions) Flags(fs *flag.FlagSet) {
	fs.StringVar(&o.Addr, "addr", o.Addr, "listen address (host:port; port 0 picks a free port)")
	fs.StringVar(&o.AddrFile, "addr-file", o.AddrFile, "write the address actually listened on to this file (for scripts and tests)")
	fs.StringVar(&o.Data, "data", o.Data, "index directory (created, with the embedded seeds, on first start)")
	fs.StringVar(&o.LogFormat, "log-format", o.LogFormat, "log format: text or json")
	fs.StringVar(&o.LogLevel, "log-level", o.LogLevel, "log level: debug, info, warn or error")
	fs.IntVar(&o.CacheSize, "cache-size", o.CacheSize, "search results kept for repeated queries, emptied on every write (-1 = no cache)")
	fs.BoolVar(&o.QueryLog, "query-log", o.QueryLog, "record searches (normalised query, portal, day, hits; no IP, cookie or user agent) in DATA/"+queryLogFile+" for /api/popular and /api/stats")
	o.Server.Flags(fs)
	fs.StringVar(&o.CrawlFile, "crawl", o.CrawlFile, "crawl the start addresses in this file (one a line; # comments) in the background and keep them fresh (fangtan crawl describes them)")
	fs.DurationVar(&o.CrawlEvery, "crawl-every", o.CrawlEvery, "time from the end of one background crawl to the start of the next")
	fs.DurationVar(&o.CrawlDelay, "crawl-delay", o.CrawlDelay, "the background crawl's pause between two requests to one host")
	fs.IntVar(&o.CrawlPages, "crawl-max-pages", o.CrawlPages, "pages one background crawl run fetches at most")
	fs.StringVar(&o.CrawlContact, "crawl-contact", o.CrawlContact, "the contact sent in the background crawl's User-Agent (an e-mail address or page)")
}

// startAddresses reads a -crawl file: one address a line, blank lines and
// lines starting with # ignored.
func startAddresses(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-crawl: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-crawl: %s lists no address", path)
	}
	return out, nil
}

// indexOptions are the index's options of a server: the bounds the server
// checks first (deadline, page depth) are the index's too, so a raised
// -max-depth is not refused by one and accepted by the other.
func (o *serveOptions) indexOptions() index.Options {
	return index.Options{Dir: o.Data, Timeout: o.Server.Timeout, MaxDepth: o.Server.MaxDepth, CacheSize: o.CacheSize}
}

// envPrefix is the prefix of the flags' environment twins.
const envPrefix = "FANGTAN_"

// envName is the environment twin of a flag: "max-body" → FANGTAN_MAX_BODY.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(flagName))
}

// setFromEnv sets every flag of fs whose environment twin is set and not
// empty. Call it before fs.Parse, so flags on the command line win.
func setFromEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		if v, ok := lookup(name); ok && v != "" {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
		}
	})
	return errors.Join(errs...)
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level: %q is not debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("-log-format: %q is not text or json", format)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan serve [flags]")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Serves the search API. Every flag has an environment twin: -max-body is FANGTAN_MAX_BODY;")
		fmt.Fprintln(stderr, "a flag on the command line wins. FANGTAN_ADMIN_TOKEN (environment only) enables the write API.")
		fmt.Fprintln(stderr, "SIGHUP switches to the index that 'fangtan index -rebuild' built, without dropping a request;")
		fmt.Fprintln(stderr, "SIGTERM or SIGINT drains the requests in flight and stops.")
		fmt.Fprintln(stderr)
		fset.PrintDefaults()
	}
	var o serveOptions
	o.SetDefaults()
	o.Flags(fset)
	if err := setFromEnv(fset, os.LookupEnv); err != nil {
		return err
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "fangtan serve: unexpected arguments %q\n", fset.Args())
		fset.Usage()
		return errUsage
	}
	o.Server.AdminToken = os.Getenv("FANGTAN_ADMIN_TOKEN")
	if err := o.Server.Validate(); err != nil {
		return err
	}
	log, err := newLogger(stderr, o.LogFormat, o.LogLevel)
	if err != nil {
		return err
	}
	return serve(ctx, &o, log)
}

// The server is given every capability of the index by its type: a
// capability Live loses fails to compile here, not silently in production.
var _ server.Index = (*index.Live)(nil)

// serve opens (on first start: seeds) the index, serves until ctx ends,
// then drains the requests and closes the index. SIGHUP reloads the index
// (after `fangtan index -rebuild`) without dropping a request.
func serve(ctx context.Context, o *serveOptions, log *slog.Logger) (err error) {
	// Before anything slow: SIGHUP's default action would end the process.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	iopts := o.indexOptions()
	if !index.Exists(o.Data) {
		// the seeds go into a new generation that becomes current only when
		// complete: a first start killed midway seeds again next time
		err := index.Rebuild(ctx, iopts, func(ix *index.Index) error {
			return seedIndex(ctx, ix, o.Server.Parse, log)
		})
		if err != nil {
			return err
		}
	}
	ix, err := index.OpenLive(iopts)
	if err != nil {
		return err
	}
	ix.Retired = func(gen string, err error) {
		if err != nil {
			log.Error("closing the previous index generation", "generation", gen, "err", err)
		} else {
			log.Info("previous index generation closed", "generation", gen)
		}
	}
	defer func() {
		if cerr := ix.Close(); cerr != nil {
			log.Error("closing the index", "err", cerr)
			err = errors.Join(err, cerr)
		} else {
			log.Info("index closed")
		}
	}()
	st := ix.Stats()
	log.Info("index open", "dir", o.Data, "generation", ix.Info().Generation, "articles", st.Articles, "paragraphs", st.Paragraphs,
		"repost_groups", st.RepostGroups, "reposts", st.Reposts)
	if o.QueryLog {
		ql, err := openQueryLog(o.Data)
		if err != nil {
			return err
		}
		defer func() { // after the drain: the last searches are written
			if cerr := ql.Close(); cerr != nil {
				log.Error("closing the query log", "err", cerr)
			}
		}()
		o.Server.QueryLog = ql
	}

	var crawlDone chan struct{}
	if o.CrawlFile != "" {
		starts, err := startAddresses(o.CrawlFile)
		if err != nil {
			return err
		}
		cfg := crawl.Config{Dir: o.Data, Delay: o.CrawlDelay, MaxPages: o.CrawlPages, UserAgent: crawl.UserAgent(o.CrawlContact)}
		if cfg.Delay == 0 {
			cfg.Delay = -1 // none
		}
		refresher := crawl.NewRefresher(crawl.New(cfg, ix), starts, o.CrawlEvery)
		o.Server.Crawl = refresher
		crawlCtx, stopCrawl := context.WithCancel(ctx)
		defer stopCrawl()
		crawlDone = make(chan struct{})
		go func() {
			defer close(crawlDone)
			refresher.Run(crawlCtx, func(msg string, args ...any) { log.Info(msg, args...) })
		}()
		// the crawl writes into the index: it ends before the index closes
		defer func() { stopCrawl(); <-crawlDone }()
		log.Info("background crawl", "addresses", len(starts), "every", o.CrawlEvery)
	}

	srv, err := server.New(o.Server, server.IndexDeps(ix), log)
	if err != nil {
		return err
	}
	if err := srv.Listen(o.Addr); err != nil {
		return err
	}
	addr := srv.Addr().String()
	if o.AddrFile != "" {
		if err := writeFileAtomic(o.AddrFile, []byte(addr+"\n")); err != nil {
			return fmt.Errorf("-addr-file: %w", err)
		}
	}
	log.Info("listening", "addr", addr, "url", "http://"+addr, "config", o.Server)

	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	go func() {
		for { // signals that come during a reload are coalesced into one more
			select {
			case <-hup:
				reload(ix, log)
			case <-ctx.Done():
				return
			}
		}
	}()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}

	// Drain: stop accepting, let in-flight requests finish. A second
	// signal cuts the drain short (the index is still closed).
	log.Info("shutting down: draining requests", "timeout", o.Server.ShutdownTimeout)
	drainCtx, cutShort := context.WithCancel(context.Background())
	defer cutShort()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			log.Warn("second signal: closing open connections now")
			cutShort()
		case <-drainCtx.Done():
		}
	}()
	shutdownErr := srv.Shutdown(drainCtx)
	if err := <-served; err != nil {
		return err
	}
	if shutdownErr != nil {
		log.Warn("drain cut short", "err", shutdownErr)
	} else {
		log.Info("all requests drained")
	}
	return nil
}

// reload switches the server to the generation the data directory's
// CURRENT names; if it cannot be opened, the server keeps the one it has.
func reload(ix *index.Live, log *slog.Logger) {
	before := ix.Info().Generation
	log.Info("SIGHUP: reloading the index", "generation", before)
	switched, err := ix.Reload()
	info := ix.Info()
	switch {
	case err != nil:
		log.Error("reload failed: still serving the previous index", "generation", before, "err", err)
	case !switched:
		log.Info("reload: the index has not changed", "generation", before)
	default:
		st := ix.Stats()
		log.Info("index reloaded", "generation", info.Generation, "previous", before, "reloads", info.Reloads,
			"articles", st.Articles, "paragraphs", st.Paragraphs)
	}
}

// seedIndex fills the empty index of a first start with the embedded seeds.
// A seed that does not parse is logged and skipped.
func seedIndex(ctx context.Context, ix *index.Index, parse func([]byte, string) (*article.Article, error), log *slog.Logger) error {
	names := seeds.Names()
	log.Info("first start: indexing the embedded seeds", "files", len(names))
	skipped := 0
	next := func() (*article.Article, error) {
		for len(names) > 0 {
			name := names[0]
			names = names[1:]
			data, err := fs.ReadFile(seeds.FS(), name)
			if err == nil {
				var a *article.Article
				if a, err = parse(data, name); err == nil {
					return a, nil
				}
			}
			skipped++
			log.Warn("seed skipped", "file", name, "err", err)
		}
		return nil, io.EOF
	}
	n, err := ix.PutAll(ctx, next, nil)
	if err != nil {
		return fmt.Errorf("indexing the seeds: %w", err)
	}
	log.Info("seeds indexed", "articles", n, "skipped", skipped)
	return nil
}

// writeFileAtomic writes data to path so a reader never sees half of it.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
