package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"fangtan/crawl"
	"fangtan/index"
)

func init() {
	register(command{
		name:  "crawl",
		short: "fetch a portal's articles (site roots, column pages, sitemaps, feeds) into an index",
		run:   runCrawl,
	})
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// crawlFlags are the crawl settings shared by `fangtan crawl` and
// `fangtan serve -crawl`.
func crawlFlags(fs *flag.FlagSet, c *crawl.Config) (contact *string) {
	fs.DurationVar(&c.Delay, "delay", crawl.DefaultDelay, "pause between two requests to one host (a longer robots.txt Crawl-delay wins; 0: none)")
	fs.IntVar(&c.MaxPages, "max-pages", crawl.DefaultMaxPages, "pages fetched per run at most; the rest waits for the next run")
	fs.StringVar(&c.UserAgent, "user-agent", "", "User-Agent header (default: fangtan and the -contact)")
	contact = fs.String("contact", os.Getenv("FANGTAN_CRAWL_CONTACT"), "an e-mail address or page where a site's staff can reach you, sent in the User-Agent (env FANGTAN_CRAWL_CONTACT)")
	fs.Var((*stringList)(&c.Scope), "scope", "also crawl under this address prefix (repeatable): a seed's host and a path such as /art/, for a column whose articles live under /art/")
	fs.DurationVar(&c.Timeout, "timeout", crawl.DefaultTimeout, "time for one page, body included")
	fs.Int64Var(&c.MaxBytes, "max-bytes", crawl.DefaultMaxBytes, "largest page read; larger ones are skipped")
	fs.IntVar(&c.MaxFrontier, "max-frontier", crawl.DefaultMaxFrontier, "addresses waiting to be fetched at most; more are dropped and counted")
	fs.IntVar(&c.Hosts, "hosts", 4, "hosts crawled at once (always one request in flight per host)")
	return contact
}

func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan crawl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts index.Options
	indexFlags(fs, &opts)
	var cfg crawl.Config
	contact := crawlFlags(fs, &cfg)
	quiet := fs.Bool("q", false, "no progress bar; only the summary")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan crawl -data DIR [flags] URL…")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "URLs are site roots, column (list) pages, sitemaps or RSS/Atom feeds. The crawl stays on")
		fmt.Fprintln(stderr, "their hosts and under their folders (-scope widens it); articles that a column lists")
		fmt.Fprintln(stderr, "elsewhere on the same host are fetched too. robots.txt is obeyed. What was fetched is")
		fmt.Fprintln(stderr, "remembered in DIR/crawl.db: the next run asks only for what changed, removes pages that")
		fmt.Fprintln(stderr, "are gone (404, 410) and resumes a run that was killed.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if cfg.Delay == 0 {
		cfg.Delay = -1 // the flag's 0 means none; the Config's zero means the default
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = crawl.UserAgent(*contact)
	}
	if *contact == "" && !*quiet {
		fmt.Fprintln(stderr, "note: no -contact given; a site's staff cannot tell who is crawling them")
	}
	cfg.Dir = opts.Dir

	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && !*quiet && term.IsTerminal(int(f.Fd())) {
		bar = newBar(stderr, "crawling", "pages")
		cfg.Progress = func(s crawl.Summary) {
			bar.Describe(fmt.Sprintf("crawling: %d new, %d changed, %d waiting", s.New, s.Changed, s.Pending))
			bar.Set(s.Fetched + s.Skipped + s.Failed)
		}
	}
	ix, err := index.Open(opts)
	if err != nil {
		return err
	}
	sum, err := crawl.New(cfg, ix).Run(ctx, fs.Args())
	if bar != nil {
		bar.Finish()
	}
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	printSummary(stdout, &sum)
	return err
}

// maxReasonLines bounds the skipped and failed reasons listed.
const maxReasonLines = 30

// printSummary writes a crawl's summary: the counts, then the skipped and
// failed pages by reason with an example address each.
func printSummary(w io.Writer, s *crawl.Summary) {
	fmt.Fprintf(w, "%d fetched: %d new, %d changed, %d unchanged, %d removed, %d lists; %d skipped, %d failed; %d requests in %s\n",
		s.Fetched, s.New, s.Changed, s.Unchanged, s.Removed, s.Lists, s.Skipped, s.Failed, s.Requests,
		s.Finished.Sub(s.Started).Round(time.Millisecond))
	if s.Resumed > 0 {
		fmt.Fprintf(w, "resumed %d addresses left by an interrupted run\n", s.Resumed)
	}
	if s.Stopped != "" {
		fmt.Fprintf(w, "stopped: %s; %d addresses wait for the next run\n", s.Stopped, s.Pending)
	}
	for i, k := range s.ReasonCounts() {
		if i == maxReasonLines {
			fmt.Fprintf(w, "… and %d more reasons\n", len(s.Reasons)-i)
			break
		}
		fmt.Fprintf(w, "%5d %s (e.g. %s)\n", s.Reasons[k], k, s.Examples[k])
	}
}
