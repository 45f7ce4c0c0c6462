package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"

	"fangtan/server"
	"fangtan/server/querylog"
)

func init() {
	register(command{
		name:  "stats",
		short: "what readers searched for, per portal: top and zero-result queries",
		run:   runStats,
	})
}

// queryLogFile is the query log in the data directory.
const queryLogFile = "querylog.db"

func openQueryLog(dir string) (*querylog.Log, error) {
	return querylog.Open(filepath.Join(dir, queryLogFile), querylog.Options{})
}

func runStats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", envOr("FANGTAN_DATA", "./data"), "data directory (env FANGTAN_DATA)")
	portal := fs.String("portal", "", "only this portal (a host name, or \"direct\"); default: every portal")
	from := fs.String("from", "", "first day, YYYY-MM-DD (default: 29 days before -to)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (default: today)")
	n := fs.Int("n", 20, "queries listed in each table")
	asJSON := fs.Bool("json", false, "print the JSON of GET /api/stats")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan stats -data DIR [-portal HOST] [-from YYYY-MM-DD] [-to YYYY-MM-DD] [-n 20] [-json]")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Reads the query log of 'fangtan serve' (DIR/"+queryLogFile+"): the most asked queries and those")
		fmt.Fprintln(stderr, "that found nothing. While a server runs, ask its GET /api/stats instead.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *n < 1 {
		if err == nil {
			fs.Usage()
		}
		return errUsage
	}
	f, t, err := querylog.Period(*from, *to, time.Now())
	if err != nil {
		return fmt.Errorf("-%w", err)
	}
	ql, err := querylog.OpenReadOnly(filepath.Join(*dir, queryLogFile))
	if err != nil {
		return err
	}
	defer ql.Close()
	rep, err := ql.Stats(*portal, f, t, *n)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(server.StatsReport(rep))
	}
	who := "every portal"
	if *portal != "" {
		who = *portal
	}
	fmt.Fprintf(stdout, "%s, %s to %s\n", who, day(f), day(t))
	if *portal == "" {
		if ps, err := ql.Portals(f, t); err == nil && len(ps) > 0 {
			fmt.Fprintln(stdout, "\nportals")
			w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "  portal\tsearches")
			for _, p := range ps {
				fmt.Fprintf(w, "  %s\t%d\n", p.Text, p.Count)
			}
			w.Flush()
		}
	}
	fmt.Fprintln(stdout, "\ntop queries")
	w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "  query\tsearches\thits")
	for _, q := range rep.Top {
		fmt.Fprintf(w, "  %s\t%d\t%d\n", q.Text, q.Count, q.Hits)
	}
	w.Flush()
	fmt.Fprintln(stdout, "\nqueries that found nothing")
	w = tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "  query\tsearches")
	for _, q := range rep.Zero {
		fmt.Fprintf(w, "  %s\t%d\n", q.Text, q.Count)
	}
	w.Flush()
	return nil
}

// day shows a log day as YYYY-MM-DD.
func day(d string) string { return d[:4] + "-" + d[4:6] + "-" + d[6:] }
