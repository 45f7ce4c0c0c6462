package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"fangtan/article"
	"fangtan/index"
)

func init() {
	register(command{
		name:  "index",
		short: "add files or folders (.txt .md .html .json .jsonl) to an index",
		run:   runIndex,
	})
}

// indexFlags are the index options shared by the commands that open one.
func indexFlags(fs *flag.FlagSet, o *index.Options) {
	fs.StringVar(&o.Dir, "data", envOr("FANGTAN_DATA", "./data"), "index directory (env FANGTAN_DATA)")
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts index.Options
	indexFlags(fs, &opts)
	rebuild := fs.Bool("rebuild", false, "build a new index from PATHs only and switch to it atomically, replacing what DIR held")
	fs.IntVar(&opts.Shards, "shards", 0, "number of shards of a new index (default: number of cores, at least 2)")
	fs.IntVar(&opts.BatchSize, "batch", 1000, "paragraphs per batch")
	quiet := fs.Bool("q", false, "no progress bar or progress lines")
	every := fs.Duration("progress", time.Second, "at most one progress line per this interval when stderr is not a terminal (0: one per batch)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `FILE` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the run to `FILE` (for go tool pprof)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan index -data DIR [-rebuild] PATH…")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Into an existing index, articles are written in durable batches: a progress line")
		fmt.Fprintln(stderr, "\"N articles committed\" says that the first N articles read (PATHs in the order given,")
		fmt.Fprintln(stderr, "folders in name order) are safe from a crash or a kill. Running the same command again")
		fmt.Fprintln(stderr, "completes an interrupted import: unchanged articles are skipped. A new index, or -rebuild,")
		fmt.Fprintln(stderr, "is built aside and switched to when complete: until then the previous index (or none)")
		fmt.Fprintln(stderr, "stays in use. A running 'fangtan serve' picks up a rebuilt index on SIGHUP.")
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
	paths := fs.Args()

	showBar := !*quiet
	if f, ok := stderr.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		showBar = false
	}
	building := *rebuild || !index.Exists(opts.Dir)
	var bar *progressbar.ProgressBar
	if showBar {
		bar = newBar(stderr, "indexing", "articles")
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, stderr)
	}

	bulkGC()
	start := time.Now()
	var st loadStats
	var lastLine time.Time
	progress := func(done int) {
		switch {
		case bar != nil:
			bar.Set(done)
		case *quiet || time.Since(lastLine) < *every:
		case building:
			lastLine = time.Now()
			fmt.Fprintf(stderr, "%s indexed (in use once the build completes)\n", articles(done))
		default:
			lastLine = time.Now()
			fmt.Fprintf(stderr, "%s committed\n", articles(done))
		}
	}
	fill := func(ix *index.Index) error {
		return load(ctx, ix, paths, &st, progress)
	}
	var err error
	if building {
		// a new index is built aside and switched to at the end, so a
		// killed build leaves the previous index (or none) in place
		err = index.Rebuild(ctx, opts, fill)
	} else {
		var ix *index.Index
		if ix, err = index.Open(opts); err == nil {
			err = fill(ix)
			if cerr := ix.Close(); err == nil {
				err = cerr
			}
		}
	}
	if bar != nil {
		bar.Finish()
	}
	for _, s := range st.skipped {
		fmt.Fprintf(stderr, "skipped %s\n", s)
	}
	fmt.Fprintf(stdout, "%d articles (%d new or changed), %d paragraphs indexed, %d files skipped, %s\n",
		st.articles, st.changed, st.paragraphs, len(st.skipped), time.Since(start).Round(time.Millisecond))
	return err
}

// writeHeapProfile writes the heap profile (allocations since the start,
// and what is live) to path; a failure is reported, not fatal.
func writeHeapProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "memprofile: %v\n", err)
	}
}

// newBar is the progress bar of a command on a terminal: a count of unit
// that grows without a known end.
func newBar(w io.Writer, what, unit string) *progressbar.ProgressBar {
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return fmt.Sprintf("%d articles", n)
}

type loadStats struct {
	articles, changed, paragraphs int
	skipped                       []*article.Error
}

// load parses paths and feeds the articles to the index, parsing in one
// goroutine while the index's shard writers analyse and write in others.
func load(ctx context.Context, ix *index.Index, paths []string, st *loadStats, progress func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan *article.Article, 256)
	var walkErr error
	go func() {
		defer close(ch)
		st.skipped, walkErr = article.Walk(paths, func(a *article.Article) error {
			select {
			case ch <- a:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	next := func() (*article.Article, error) {
		a, ok := <-ch
		if !ok {
			return nil, io.EOF
		}
		st.articles++
		for _, p := range a.Paragraphs {
			if p.Kind.Searchable() {
				st.paragraphs++
			}
		}
		return a, nil
	}
	changed, err := ix.PutAll(ctx, next, progress)
	st.changed = changed
	cancel()
	for range ch { // let the walker finish before its results are read
	}
	if err != nil {
		return err
	}
	if walkErr != nil && walkErr != context.Canceled {
		return walkErr
	}
	return nil
}

// bulkGC trades memory for speed while indexing: building segments
// allocates fast and keeps little (about 300 MB live at 357,000
// paragraphs), so collecting at 3x the live heap rather than 2x saves CPU
// on small builds; a soft limit of 512 MiB keeps the heap from growing
// past it on large ones, leaving room for the segment files the final
// merge maps, so the process stays under 1 GB (docs/performance.md,
// "Build levers (issue 25)"). GOGC and GOMEMLIMIT in the environment win.
func bulkGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20)
	}
}
