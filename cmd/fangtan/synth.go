package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"fangtan/article/synth"
)

func init() {
	register(command{
		name:  "synth",
		short: "write a synthetic corpus as JSONL (for tests and load runs)",
		run:   runSynth,
	})
}

func runSynth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("articles", 100, "number of articles")
	var o synth.Options
	fs.IntVar(&o.Paragraphs, "paragraphs", synth.DefaultParagraphs, "searchable paragraphs per article (plus a few headings and a credit line)")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same corpus")
	fs.BoolVar(&o.Marker, "marker", false, "put a unique token (mk<seed>x<i>q) in each article's first paragraph")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan synth -articles N [-paragraphs P] [-seed S] [-marker] > corpus.jsonl")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Writes N synthetic articles, one JSON record per line, as `fangtan index` reads them.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fangtan synth: unexpected arguments %q (the corpus goes to standard output)\n", fs.Args())
		return errUsage
	}
	if *n < 1 {
		return fmt.Errorf("-articles must be at least 1, got %d", *n)
	}
	if o.Paragraphs < 1 || o.Paragraphs > 10000 {
		return fmt.Errorf("-paragraphs must be between 1 and 10000, got %d", o.Paragraphs)
	}
	g := synth.New(o)
	// in chunks, so an interrupt stops a long run soon
	const chunk = 1000
	for i := 0; i < *n; i += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := g.WriteJSONL(stdout, i, min(chunk, *n-i)); err != nil {
			return err
		}
	}
	return nil
}
