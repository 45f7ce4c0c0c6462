package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fangtan/crawl/crawltest"
	"fangtan/index"
	"fangtan/index/model"
)

// checkCrawled opens the index in dir and checks that every article of the
// portal is in it once, with its original address.
func checkCrawled(t *testing.T, dir, base string, p *crawltest.Portal) {
	t.Helper()
	ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := p.Articles()
	for _, e := range want {
		res, err := ix.Search(context.Background(), &model.Request{Query: `"` + e.Phrase + `"`, Group: true, Page: 1, Size: 5, Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Groups != 1 || res.Hits[0].SourceURL != base+e.Path {
			t.Errorf("%s: %d articles hold %q (want 1, from %s)", e.Path, res.Groups, e.Phrase, base+e.Path)
		}
	}
	if n := ix.Stats().Articles; n != len(want) {
		t.Errorf("the index holds %d articles, want %d", n, len(want))
	}
}

// TestKilledCrawlCompletesWhenRunAgain: `fangtan crawl` killed with
// SIGKILL midway and run again ends with every article indexed once.
func TestKilledCrawlCompletesWhenRunAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	p := crawltest.New(crawltest.Options{NoTraps: true, NoFailures: true, Latency: 15 * time.Millisecond})
	srv := httptest.NewServer(p)
	defer srv.Close()
	data := t.TempDir()
	args := append([]string{"crawl", "-q", "-delay", "0", "-data", data}, p.StartURLs(srv.URL)...)

	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "FANGTAN_DATA=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for len(p.Requests()) < 40 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	if err := <-done; err == nil {
		t.Fatal("the crawl finished before it could be killed")
	}

	cmd = exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "FANGTAN_DATA=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "resumed") {
		t.Errorf("the second run does not say it resumed the killed one:\n%s", out)
	}
	checkCrawled(t, data, srv.URL, p)
}

// TestServeCrawlsInTheBackground: `fangtan serve -crawl FILE` makes the
// portal's articles searchable without a restart and reports the crawl in
// /api/stats and /metrics.
func TestServeCrawlsInTheBackground(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	p := crawltest.New(crawltest.Options{NoTraps: true, NoFailures: true})
	srv := httptest.NewServer(p)
	defer srv.Close()
	list := filepath.Join(t.TempDir(), "sites.txt")
	os.WriteFile(list, []byte("# the portal's columns\n"+strings.Join(p.StartURLs(srv.URL), "\n")+"\n"), 0o644)
	s := startServe(t, bin, t.TempDir(), "-crawl", list, "-crawl-every", "1h", "-crawl-delay", "0")

	e := p.Articles()[0]
	waitFor(t, "the crawled article to be searchable", s, func() bool {
		n, err := s.total(`"` + e.Phrase + `"`)
		return err == nil && n > 0
	})
	_, b, err := s.do("GET", "/api/search?q="+e.Phrase, "", "")
	if err != nil || !strings.Contains(string(b), `"source_url":"`+srv.URL+e.Path+`"`) {
		t.Errorf("the hit does not link to its page %s: %s", srv.URL+e.Path, b)
	}
	waitFor(t, "the first crawl to finish", s, func() bool {
		_, b, err := s.do("GET", "/api/stats", "", "")
		var st struct {
			Crawl struct {
				Runs int `json:"runs"`
				Last struct {
					New int `json:"new"`
				} `json:"last"`
			} `json:"crawl"`
		}
		return err == nil && json.Unmarshal(b, &st) == nil && st.Crawl.Runs == 1 && st.Crawl.Last.New == len(p.Articles())
	})
	_, m, _ := s.do("GET", "/metrics", "", "")
	if !strings.Contains(string(m), `fangtan_crawl_pages_total{result="new"} `) || !strings.Contains(string(m), "fangtan_crawl_runs_total 1") {
		t.Errorf("/metrics has no crawl counters:\n%s", grepLines(string(m), "fangtan_crawl"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestCrawlCommandSummary: the command prints what it did and exits 0
// even though some pages failed; a bad start address is a clear error.
func TestCrawlCommandSummary(t *testing.T) {
	p := crawltest.New(crawltest.Options{NoTraps: true})
	srv := httptest.NewServer(p)
	defer srv.Close()
	data := t.TempDir()
	var out, errb strings.Builder
	args := append([]string{"crawl", "-q", "-delay", "0", "-data", data, "-contact", "ops@example.org"}, p.StartURLs(srv.URL)...)
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	for _, want := range []string{
		"fetched: 53 new, 0 changed, 0 unchanged, 0 removed",
		"skipped: disallowed by robots.txt (e.g. " + srv.URL + crawltest.PrivatePath + ")",
		"skipped: attachment (application/pdf)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, out.String())
		}
	}
	var ua string
	for _, r := range p.Requests() {
		ua = r.UserAgent
	}
	if !strings.Contains(ua, "fangtan") || !strings.Contains(ua, "ops@example.org") {
		t.Errorf("User-Agent %q names neither fangtan nor the contact", ua)
	}

	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"crawl", "-q", "-data", data, "ftp://files.example.org/"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not an http or https address") {
		t.Errorf("an ftp start address: exit %d, %q", code, errb.String())
	}
}
