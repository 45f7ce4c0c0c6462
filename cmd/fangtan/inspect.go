package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"fangtan/article"
)

func init() {
	register(command{name: "inspect", short: "show what parsing extracts from files", run: runInspect})
}

// runInspect prints each article parsed from the files (and folders) named:
// a readable view, or with --json one JSON object per article per line. A
// bad file is reported as "FILE: reason" on stderr and the others are still
// shown; any bad file makes the command fail.
func runInspect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per article per line")
	explain := fs.Bool("explain", false, "say where each metadata field came from and which lines were dropped as page furniture, and why")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan inspect [--json] [--explain] FILE…")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Parses .txt, .md, .html, .json and .jsonl files (and the files in folders)")
		fmt.Fprintln(stderr, "and prints what was extracted, with the rule that gave each paragraph its")
		fmt.Fprintln(stderr, "kind and what parsing was unsure of.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	// Flags may follow the files: "inspect a.txt --json".
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}

	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	show := func(a *article.Article, ex *article.Explanation) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if *asJSON {
			if *explain {
				return enc.Encode(struct {
					*article.Article
					Explain *article.Explanation `json:"explain"`
				}{a, ex})
			}
			return enc.Encode(a)
		}
		writeArticle(w, a, ex, *explain)
		return nil
	}
	failed := 0
	for _, f := range files {
		skipped, err := article.WalkExplained([]string{f}, show)
		if len(skipped) > 0 {
			w.Flush() // keep stderr in step with stdout
			for _, s := range skipped {
				fmt.Fprintln(stderr, s)
			}
			failed += len(skipped)
		}
		if err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d bad input(s)", failed)
	}
	return nil
}

// writeArticle prints the readable view: metadata and what parsing was
// unsure of, then one row per paragraph with number, kind, the rule that
// gave it, section, speaker and text in columns. With explain, the origin
// of each field and the dropped lines follow.
func writeArticle(w io.Writer, a *article.Article, ex *article.Explanation, explain bool) {
	place := strings.Join(nonEmpty(a.Province, a.City, a.District), " / ")
	counts := map[article.Kind]int{}
	for _, p := range a.Paragraphs {
		counts[p.Kind]++
	}
	rows := [][2]string{
		{"id", a.ID},
		{"title", a.Title},
		{"subtitle", a.Subtitle},
		{"date", a.Date},
		{"source", a.Source},
		{"authors", strings.Join(a.Authors, "、")},
		{"place", place},
		{"source_url", a.SourceURL},
		{"site", a.Site},
		{"paragraphs", fmt.Sprintf("%d (body %d, heading %d, caption %d, credit %d)", len(a.Paragraphs),
			counts[article.Body], counts[article.Heading], counts[article.Caption], counts[article.Credit])},
	}
	for _, r := range rows {
		v := r[1]
		if v == "" {
			v = "-"
		}
		fmt.Fprintf(w, "%-10s  %s\n", r[0], v)
	}
	if ex != nil {
		for _, s := range ex.Warnings {
			fmt.Fprintf(w, "%-10s  %s\n", "unsure", s)
		}
	}
	fmt.Fprintln(w)

	const ruleCols, sectionCols, speakerCols = 18, 20, 12
	fmt.Fprintf(w, "%4s  %-7s  %s  %s  %s  %s\n", "n", "kind", pad("rule", ruleCols), pad("section", sectionCols), pad("speaker", speakerCols), "text")
	for i, p := range a.Paragraphs {
		rule := "given"
		if ex != nil && i < len(ex.Paragraphs) {
			rule = ex.Paragraphs[i]
		}
		fmt.Fprintf(w, "%4d  %-7s  %s  %s  %s  %s\n", p.N, p.Kind, pad(rule, ruleCols), pad(orDash(p.Section), sectionCols), pad(orDash(p.Speaker), speakerCols), p.Text)
	}
	fmt.Fprintln(w)
	if !explain || ex == nil {
		return
	}
	fmt.Fprintln(w, "where each field came from:")
	for _, f := range ex.Fields {
		fmt.Fprintf(w, "  %-10s %s\n  %-10s ← %s: %s\n", f.Field, f.Value, "", f.Rule, f.Line)
	}
	if len(ex.Dropped) > 0 {
		fmt.Fprintln(w, "dropped:")
		for _, d := range ex.Dropped {
			fmt.Fprintf(w, "  %s  %s\n", pad(d.Rule, 24), d.Text)
		}
	}
	fmt.Fprintln(w)
}

// pad cuts or pads s to cols terminal columns; Chinese characters take two
// (ambiguous-width punctuation counts as one, as most terminals show it).
func pad(s string, cols int) string {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	if w <= cols {
		return s + strings.Repeat(" ", cols-w)
	}
	var b strings.Builder
	w = 0
	for _, r := range s {
		if w+runeWidth(r) > cols-1 {
			break
		}
		b.WriteRune(r)
		w += runeWidth(r)
	}
	b.WriteString("…")
	return b.String() + strings.Repeat(" ", cols-w-1)
}

func runeWidth(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x30FF, r >= 0xFF01 && r <= 0xFF60, r >= 0xAC00 && r <= 0xD7A3:
		return 2
	}
	return 1
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
