package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"fangtan/index"
	"fangtan/index/model"
)

// The crash tests kill `fangtan index` and `fangtan serve` with SIGKILL and
// check what a reopened index holds against what the process acknowledged.

// corpus describes a synthetic corpus: n articles of paras paragraphs each.
// Every paragraph of article i carries the article's marker, so a search
// for the marker finds all its paragraphs or none, and a search for the
// marker's group prefix finds the articles of one group.
type corpus struct {
	prefix string // two ASCII letters, distinct between corpora
	n      int
	paras  int
}

const (
	groupSize       = 200  // articles per marker prefix
	articlesPerFile = 2500 // articles per .jsonl file
)

func (c corpus) id(i int) string    { return fmt.Sprintf("%s%06d", c.prefix, i) }
func (c corpus) group(g int) string { return fmt.Sprintf("%s%04dq", c.prefix, g) }
func (c corpus) marker(i int) string {
	return fmt.Sprintf("%s%03dz", c.group(i/groupSize), i%groupSize)
}
func (c corpus) groups() int { return (c.n + groupSize - 1) / groupSize }

var fillers = []string{
	"记者从市工业和信息化局获悉，今年以来全市规模以上工业增加值保持较快增长",
	"局长表示，下一步将继续推动新型储能、氢能和智能网联汽车等产业集群发展",
	"园区负责人介绍，项目总投资约十二亿元，预计明年上半年建成投产",
	"在谈到营商环境时，他说企业最关心的是审批效率和用地保障",
	"据统计，全市已培育国家级专精特新小巨人企业四十余家",
	"受访者认为，数字化转型的关键在于中小企业愿不愿用、敢不敢用",
	"会上还通报了产业链招商的最新进展，签约项目覆盖新能源和新材料",
	"他强调，要把惠企政策落到实处，让企业有实实在在的获得感",
}

// record returns article i as a line of a .jsonl file.
func (c corpus) record(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), uint64(len(c.prefix))))
	type para struct {
		Text string `json:"text"`
	}
	rec := struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		Date       string `json:"date"`
		City       string `json:"city"`
		Paragraphs []para `json:"paragraphs"`
	}{
		ID:    c.id(i),
		Title: fmt.Sprintf("第%d号访谈：%s", i, fillers[r.IntN(len(fillers))][:18]),
		Date:  fmt.Sprintf("20%02d-%02d-%02d", 18+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28)),
		City:  []string{"惠州", "珠海", "佛山", "东莞"}[r.IntN(4)],
	}
	for p := 0; p < c.paras; p++ {
		rec.Paragraphs = append(rec.Paragraphs, para{Text: fmt.Sprintf("%s（%s）。%s。",
			fillers[r.IntN(len(fillers))], c.marker(i), fillers[r.IntN(len(fillers))])})
	}
	b, _ := json.Marshal(rec)
	return append(b, '\n')
}

// write writes the corpus into dir as files of .jsonl and returns dir.
func (c corpus) write(t testing.TB, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for f := 0; f*articlesPerFile < c.n; f++ {
		var b []byte
		for i := f * articlesPerFile; i < min(c.n, (f+1)*articlesPerFile); i++ {
			b = append(b, c.record(i)...)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part-%03d.jsonl", f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildBinary builds fangtan once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fangtan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// indexRun is one run of `fangtan index` read line by line.
type indexRun struct {
	acked  int  // the highest count of a "N articles committed" line
	killed bool // SIGKILL came before the process ended
	err    error
	output string
}

var committedRE = regexp.MustCompile(`^(\d+) articles? committed$`)

// runIndexUntil runs `fangtan index` with args and sends it SIGKILL delay
// after a progress line's count satisfies killAt (nil: never). The delay
// moves the kill off the moment a batch has just been written.
func runIndexUntil(t *testing.T, bin string, killAt func(n int) bool, delay time.Duration, args ...string) indexRun {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"index"}, args...)...)
	cmd.Env = append(os.Environ(), "FANGTAN_DATA=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var r indexRun
	var out strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		m := committedRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		// every line read was printed before the kill: all are acknowledged
		n, _ := strconv.Atoi(m[1])
		r.acked = max(r.acked, n)
		if killAt != nil && !r.killed && killAt(n) {
			time.Sleep(delay)
			r.killed = cmd.Process.Signal(syscall.SIGKILL) == nil
		}
	}
	r.err = cmd.Wait()
	if r.killed && r.err == nil {
		r.killed = false // it had finished
	}
	r.output = out.String() + stdout.String()
	return r
}

// checkIndex opens the index in dir as a fresh process would and checks
// corpus c in it: every article found is whole, all of acked are found (by
// their marker too), and the stored counts agree. It returns the articles
// of c found.
func checkIndex(t *testing.T, dir string, c corpus, acked func(i int) bool) map[int]bool {
	t.Helper()
	checkStart := time.Now()
	ix, err := index.Open(index.Options{Dir: dir})
	if err != nil {
		t.Fatalf("the index does not open: %v", err)
	}
	defer ix.Close()
	ctx := context.Background()
	search := func(q string, size int) *model.Result {
		t.Helper()
		res, err := ix.Search(ctx, &model.Request{Query: q, Page: 1, Size: size, NoFacets: true})
		if err != nil {
			t.Fatalf("search %s: %v", q, err)
		}
		return res
	}
	// the groups in parallel: under -race this is most of the test's time
	found := map[int]bool{}
	var mu sync.Mutex
	var problems []string
	var wg sync.WaitGroup
	groups := make(chan int)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range groups {
				res, err := ix.Search(ctx, &model.Request{Query: c.group(g), Page: 1, Size: 1000, NoFacets: true})
				mu.Lock()
				switch {
				case err != nil:
					problems = append(problems, fmt.Sprintf("search %s: %v", c.group(g), err))
				case res.Total > len(res.Hits):
					problems = append(problems, fmt.Sprintf("group %s: %d hits, more than a page", c.group(g), res.Total))
				}
				paras := map[string]int{}
				for _, h := range res.Hits {
					paras[h.ArticleID]++
				}
				for id, n := range paras {
					if n != c.paras {
						problems = append(problems, fmt.Sprintf("article %s is torn: %d of its %d paragraphs", id, n, c.paras))
					}
					i, _ := strconv.Atoi(strings.TrimPrefix(id, c.prefix))
					found[i] = true
				}
				mu.Unlock()
			}
		}()
	}
	for g := 0; g < c.groups(); g++ {
		groups <- g
	}
	close(groups)
	wg.Wait()
	for _, p := range problems {
		t.Error(p)
	}
	missing := 0
	for i := 0; i < c.n; i++ {
		if !acked(i) {
			continue
		}
		if !found[i] {
			if missing++; missing <= 5 {
				t.Errorf("acknowledged article %s is lost", c.id(i))
			}
			continue
		}
		if i%97 == 0 { // its own marker finds all of it
			if n := search(c.marker(i), 10).Total; n != c.paras {
				t.Errorf("marker of %s: %d paragraphs, want %d", c.id(i), n, c.paras)
			}
			if a, err := ix.Article(ctx, c.id(i)); err != nil || len(a.Paragraphs) != c.paras {
				t.Errorf("article %s: %v", c.id(i), err)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d acknowledged articles lost", missing)
	}
	t.Logf("checked %s in %s", c.prefix, time.Since(checkStart))
	return found
}

// checkStats checks the article and paragraph counts of the index in dir.
func checkStats(t *testing.T, dir string, articles, paragraphs int) {
	t.Helper()
	ix, err := index.Open(index.Options{Dir: dir})
	if err != nil {
		t.Fatalf("the index does not open: %v", err)
	}
	defer ix.Close()
	if st := ix.Stats(); st.Articles != articles || st.Paragraphs != paragraphs {
		t.Errorf("the index counts %d articles and %d paragraphs, want %d and %d", st.Articles, st.Paragraphs, articles, paragraphs)
	}
}

// generations lists the generation directories of an index directory.
func generations(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "gen-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func readCurrentFile(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestKillIndexing kills `fangtan index` (into an existing index, then
// during a rebuild) and `fangtan serve` (during a stream of PUTs) with
// SIGKILL, and checks that the index opens and holds everything that was
// acknowledged, with no article torn.
func TestKillIndexing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and indexes tens of thousands of articles")
	}
	start := time.Now()
	bin := buildBinary(t)
	work := t.TempDir()
	data := filepath.Join(work, "data")
	a := corpus{prefix: "mk", n: 20000, paras: 2}
	srcA := a.write(t, filepath.Join(work, "a"))
	t.Logf("corpus of %d articles written", a.n)

	// the existing index: the first file of the corpus, built as a new index
	first := filepath.Join(srcA, "part-000.jsonl")
	const existing = articlesPerFile
	if r := runIndexUntil(t, bin, nil, 0, "-data", data, "-q", first); r.err != nil {
		t.Fatalf("first import: %v\n%s", r.err, r.output)
	}

	type trial struct {
		name      string
		acked     int
		found     int
		generated int // articles in the corpus
	}
	var trials []trial
	lap := time.Now()
	report := func(tr trial) {
		trials = append(trials, tr)
		t.Logf("%-44s acknowledged %6d  found %6d  of %6d  (%s)", tr.name, tr.acked, tr.found, tr.generated, time.Since(lap).Round(100*time.Millisecond))
		lap = time.Now()
	}

	// Kill an import into the existing index at three points. Each run
	// starts over on the whole corpus: what is in is skipped as unchanged.
	for _, p := range []struct {
		name  string
		at    float64
		delay time.Duration
	}{
		{"index: first batch past the existing ones", 0, 0},
		{"index: past half of the corpus, +15ms", 0.5, 15 * time.Millisecond},
		{"index: late, past 85%, +40ms", 0.85, 40 * time.Millisecond},
	} {
		r := runIndexUntil(t, bin, func(n int) bool { return n > existing && float64(n) >= p.at*float64(a.n) }, p.delay,
			"-data", data, "-progress", "0", "-batch", "600", srcA)
		if !r.killed {
			t.Fatalf("%s: the import ended before the kill (%v)\n%s", p.name, r.err, r.output)
		}
		if r.acked == 0 {
			t.Fatalf("%s: no committed line\n%s", p.name, r.output)
		}
		found := checkIndex(t, data, a, func(i int) bool { return i < r.acked })
		checkStats(t, data, len(found), len(found)*a.paras)
		report(trial{p.name, r.acked, len(found), a.n})
	}

	// Re-running the import completes it.
	r := runIndexUntil(t, bin, nil, 0, "-data", data, "-progress", "0", srcA)
	if r.err != nil || r.acked != a.n {
		t.Fatalf("re-run: %v, %d committed\n%s", r.err, r.acked, r.output)
	}
	found := checkIndex(t, data, a, func(int) bool { return true })
	checkStats(t, data, a.n, a.n*a.paras)
	report(trial{"index: re-run to completion", r.acked, len(found), a.n})
	if len(found) != a.n {
		t.Errorf("after the re-run: %d of %d articles", len(found), a.n)
	}

	// Kill a rebuild from another corpus past half of it: the previous
	// index stays current and whole, and the half-built generation is
	// removed when the index is next opened.
	b := corpus{prefix: "nb", n: 6000, paras: 2}
	srcB := b.write(t, filepath.Join(work, "b"))
	before := readCurrentFile(t, data)
	indexed := regexp.MustCompile(`^(\d+) articles indexed`)
	cmd := exec.Command(bin, "index", "-rebuild", "-data", data, "-progress", "0", "-batch", "600", srcB)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	built, killed := 0, false
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := indexed.FindStringSubmatch(sc.Text()); m != nil {
			built, _ = strconv.Atoi(m[1])
			if !killed && built >= b.n/2 {
				killed = cmd.Process.Signal(syscall.SIGKILL) == nil
			}
		}
	}
	if err := cmd.Wait(); err == nil || !killed {
		t.Fatalf("the rebuild was not killed: %v (%d articles indexed)", err, built)
	}
	if cur := readCurrentFile(t, data); cur != before {
		t.Errorf("a killed rebuild changed CURRENT from %s to %s", before, cur)
	}
	if gens := generations(t, data); len(gens) != 2 {
		t.Errorf("after the killed rebuild: generations %v, want the current one and the half-built one", gens)
	}
	found = checkIndex(t, data, a, func(int) bool { return true })
	if len(checkIndex(t, data, b, func(int) bool { return false })) != 0 {
		t.Error("articles of the killed rebuild are visible")
	}
	report(trial{fmt.Sprintf("rebuild: killed after %d of %d built", built, b.n), a.n, len(found), a.n})
	if gens := generations(t, data); len(gens) != 1 || gens[0] != before {
		t.Errorf("after reopening: generations %v, want only %s", gens, before)
	}

	// Kill the server during a stream of PUTs from four clients.
	c := corpus{prefix: "pc", n: 100, paras: 3}
	p := startServe(t, bin, data)
	t.Logf("server started in %s", time.Since(lap))
	var mu sync.Mutex
	ok := map[int]bool{}
	var wg sync.WaitGroup
	next := make(chan int)
	go func() {
		defer close(next)
		for i := 0; i < c.n; i++ {
			select {
			case next <- i:
			case <-p.exited:
				return
			}
		}
	}()
	var killOnce sync.Once
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				status, _, err := p.do("PUT", "/api/articles/"+c.id(i), "application/json", string(c.record(i)))
				if err != nil || status != 200 {
					continue // not acknowledged (the server was killed)
				}
				mu.Lock()
				ok[i] = true
				if len(ok) == 40 {
					killOnce.Do(func() { p.cmd.Process.Signal(syscall.SIGKILL) })
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	<-p.exited
	if p.cmd.ProcessState.ExitCode() == 0 {
		t.Fatalf("the server was not killed:\n%s", p.logs)
	}
	foundC := checkIndex(t, data, c, func(i int) bool { return ok[i] })
	report(trial{"serve: SIGKILL during 4 streams of PUTs", len(ok), len(foundC), c.n})
	// the imported corpus is untouched: the counts say so (checked in
	// full after the rebuild)
	checkStats(t, data, a.n+len(foundC), a.n*a.paras+len(foundC)*c.paras)

	// The CLI opens what is left and answers.
	out, err := exec.Command(bin, "search", "-data", data, "-no-facets", "-n", "1", a.marker(a.n-1)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), fmt.Sprintf("%d 段匹配", a.paras)) || !strings.Contains(string(out), "["+a.id(a.n-1)+" #") {
		t.Errorf("fangtan search after the kills: %v\n%s", err, out)
	}
	t.Logf("%d trials in %s", len(trials), time.Since(start).Round(time.Second))
}

// served is a `fangtan serve` process.
type served struct {
	cmd    *exec.Cmd
	base   string
	logs   *syncBuffer
	exited chan struct{}
}

const crashToken = "crash-test-token-7d2e"

// startServe starts `fangtan serve` on data, without a rate limit, with
// the extra flags given.
func startServe(t *testing.T, bin, data string, extra ...string) *served {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	p := &served{logs: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-data", data, "-rate", "0"}, extra...)...)
	p.cmd.Env = append(os.Environ(), "FANGTAN_ADMIN_TOKEN="+crashToken, "FANGTAN_ADDR=", "FANGTAN_DATA=", "FANGTAN_RATE=")
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })
	p.base = "http://" + waitAddr(t, addrFile, p.exited, p.logs)
	return p
}

var crashClient = &http.Client{Timeout: 30 * time.Second}

// do sends one request with the admin token.
func (p *served) do(method, path, contentType, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, p.base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+crashToken)
	resp, err := crashClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// total searches q and returns the number of matching paragraphs.
func (p *served) total(q string) (int, error) {
	status, b, err := p.do("GET", "/api/search?size=5&q="+url.QueryEscape(q), "", "")
	if err != nil {
		return 0, err
	}
	if status != 200 {
		return 0, fmt.Errorf("search %s: %d %s", q, status, b)
	}
	var r struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return 0, err
	}
	return r.Total, nil
}

// TestReloadOnSIGHUP: a server keeps answering from its generation while
// another process rebuilds the index, switches to the new one on SIGHUP
// without failing a request, and then removes the old generation.
func TestReloadOnSIGHUP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	work := t.TempDir()
	data := filepath.Join(work, "data")
	old := corpus{prefix: "ox", n: 2000, paras: 3}
	fresh := corpus{prefix: "ny", n: 2000, paras: 3}
	if r := runIndexUntil(t, bin, nil, 0, "-data", data, "-q", old.write(t, filepath.Join(work, "old"))); r.err != nil {
		t.Fatalf("first import: %v\n%s", r.err, r.output)
	}
	srcNew := fresh.write(t, filepath.Join(work, "new"))
	first := readCurrentFile(t, data)
	p := startServe(t, bin, data)

	// Searchers: each request must answer 200 with the old corpus or the
	// new one, never an error and never neither.
	var stop atomic.Bool
	var requests, failures atomic.Int64
	var mu sync.Mutex
	var failed []string
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				o, err1 := p.total(old.group(i % old.groups()))
				n, err2 := p.total(fresh.group(i % fresh.groups()))
				requests.Add(2)
				if err := errors.Join(err1, err2); err != nil || o == 0 && n == 0 {
					failures.Add(1)
					mu.Lock()
					failed = append(failed, fmt.Sprintf("old %d new %d: %v", o, n, err))
					mu.Unlock()
				}
			}
		}()
	}
	stopSearching := func() {
		if !stop.Swap(true) {
			wg.Wait()
		}
	}
	defer stopSearching()

	if r := runIndexUntil(t, bin, nil, 0, "-rebuild", "-data", data, "-q", srcNew); r.err != nil {
		t.Fatalf("rebuild: %v\n%s", r.err, r.output)
	}
	second := readCurrentFile(t, data)
	if gens := generations(t, data); len(gens) != 2 || !slices.Contains(gens, first) || second == first {
		t.Fatalf("after the rebuild: %v (current %s): the served generation %s must stay", gens, second, first)
	}
	if n, err := p.total(old.group(0)); err != nil || n == 0 {
		t.Errorf("before SIGHUP the old index must still answer: %d %v", n, err)
	}
	before := requests.Load()

	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new index to be served", p, func() bool {
		n, err := p.total(fresh.group(0))
		return err == nil && n > 0
	})
	if n, err := p.total(old.group(0)); err != nil || n != 0 {
		t.Errorf("after the reload the old corpus is still found: %d %v", n, err)
	}
	waitFor(t, "the old generation to be removed", p, func() bool {
		gens := generations(t, data)
		return len(gens) == 1 && gens[0] == second
	})
	if !strings.Contains(p.logs.String(), "index reloaded") {
		t.Errorf("the reload is not logged:\n%s", p.logs)
	}

	// A reload that cannot open the index keeps the one served.
	current := filepath.Join(data, "CURRENT")
	if err := os.WriteFile(current, []byte("gen-missing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the failed reload to be logged", p, func() bool { return strings.Contains(p.logs.String(), "reload failed") })
	if err := os.WriteFile(current, []byte(second+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n, err := p.total(fresh.group(1)); err != nil || n == 0 {
		t.Errorf("after a failed reload: %d %v", n, err)
	}

	stopSearching()
	t.Logf("%d searches, %d of them after the rebuild, %d failed", requests.Load(), requests.Load()-before, failures.Load())
	for i, f := range failed {
		if i < 5 {
			t.Errorf("request failed: %s", f)
		}
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	<-p.exited
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit %d after SIGTERM:\n%s", code, p.logs)
	}
}

// waitFor polls cond for up to a minute.
func waitFor(t *testing.T, what string, p *served, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited a minute for %s:\n%s", what, p.logs)
}
