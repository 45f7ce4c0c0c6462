package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fangtan/seeds"
	"fangtan/server"
)

func TestEnvTwins(t *testing.T) {
	env := map[string]string{
		"FANGTAN_ADDR":         "0.0.0.0:9000",
		"FANGTAN_DATA":         "/srv/fangtan",
		"FANGTAN_RATE":         "20",
		"FANGTAN_CORS_ORIGINS": "https://a.example, https://b.example",
		"FANGTAN_MAX_BODY":     "1MiB",
		"FANGTAN_TIMEOUT":      "2s",
		"FANGTAN_LOG_FORMAT":   "",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var o serveOptions
	o.SetDefaults()
	o.Flags(fs)
	if err := setFromEnv(fs, lookup); err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"-addr", "127.0.0.1:7000", "-rate", "0"}); err != nil {
		t.Fatal(err)
	}
	if o.Addr != "127.0.0.1:7000" || o.Server.Rate != 0 {
		t.Errorf("flags should win over the environment: addr %q rate %d", o.Addr, o.Server.Rate)
	}
	if o.Data != "/srv/fangtan" || o.Server.MaxBody != 1<<20 || o.Server.Timeout != 2*time.Second ||
		strings.Join(o.Server.CORSOrigins, " ") != "https://a.example https://b.example" {
		t.Errorf("environment not applied: %+v", o)
	}
	if o.LogFormat != "text" {
		t.Errorf("an empty variable should leave the default: %q", o.LogFormat)
	}

	env = map[string]string{"FANGTAN_RATE": "fast"}
	fs = flag.NewFlagSet("serve", flag.ContinueOnError)
	o.Flags(fs)
	if err := setFromEnv(fs, lookup); err == nil || !strings.Contains(err.Error(), "FANGTAN_RATE") {
		t.Errorf("a bad variable should be named: %v", err)
	}
	// Every flag's twin is documented by its name; the token is no flag.
	fs.VisitAll(func(f *flag.Flag) {
		if strings.Contains(f.Name, "token") {
			t.Errorf("flag -%s: the admin token must not be a flag", f.Name)
		}
	})
	if got := envName("max-body"); got != "FANGTAN_MAX_BODY" {
		t.Errorf("envName = %q", got)
	}
}

func TestServeUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"serve", "extra"}, 2, "unexpected arguments"},
		{[]string{"serve", "-no-such-flag"}, 2, "no-such-flag"},
		{[]string{"serve", "-log-format", "xml"}, 1, "-log-format"},
		{[]string{"serve", "-trusted-proxies", "everyone"}, 1, "trusted proxy"},
		{[]string{"serve", "-max-body", "lots"}, 2, "invalid size"},
		{[]string{"serve", "-h"}, 0, "FANGTAN_ADMIN_TOKEN"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), tt.args, io.Discard, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("%q: exit %d, want %d with %q in:\n%s", tt.args, code, tt.code, tt.msg, &stderr)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a process's or goroutine's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitAddr waits for the -addr-file of a starting server.
func waitAddr(t *testing.T, path string, exited <-chan struct{}, logs fmt.Stringer) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute) // the first start indexes the seeds
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		select {
		case <-exited:
			t.Fatalf("the server exited before listening:\n%s", logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("the server did not listen:\n%s", logs)
	return ""
}

// TestServeInProcess runs `fangtan serve` in the test process: it starts on
// a free port, answers, and returns 0 when its context ends.
func TestServeInProcess(t *testing.T) {
	dir := t.TempDir()
	addrFile := filepath.Join(dir, "addr")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	exited := make(chan struct{})
	code := -1
	go func() {
		defer close(exited)
		code = run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-data", filepath.Join(dir, "data")}, io.Discard, &logs)
	}()
	addr := waitAddr(t, addrFile, exited, &logs)
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v\n%s", resp, err, &logs)
	}
	resp.Body.Close()

	// A second server on the same port fails with a clear error.
	var stderr bytes.Buffer
	if c := run(ctx, []string{"serve", "-addr", addr, "-data", filepath.Join(dir, "data2")}, io.Discard, &stderr); c != 1 ||
		!strings.Contains(stderr.String(), "address already in use") {
		t.Errorf("port in use: exit %d\n%s", c, &stderr)
	}

	cancel()
	<-exited
	if code != 0 {
		t.Errorf("exit %d after the signal:\n%s", code, &logs)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", &logs)
	}
}

// seedsParse reports why a seed cannot be parsed, or "".
func seedsParse() string {
	var cfg server.Config
	cfg.SetDefaults()
	for _, name := range seeds.Names() {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err == nil {
			_, err = cfg.Parse(data, name)
		}
		if err != nil {
			return err.Error()
		}
	}
	return ""
}

// TestEndToEnd builds the binary and runs it as an operator would: first
// start on the seeds, search, write with the admin token, shut down with
// SIGTERM while a request is in flight, restart on the same data.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if why := seedsParse(); why != "" {
		t.Fatal("the seeds no longer parse, so a first start would serve nothing: " + why)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fangtan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const token = "e2e-admin-token-5f1c"
	data := filepath.Join(dir, "data")

	type proc struct {
		cmd    *exec.Cmd
		base   string
		logs   *syncBuffer
		exited chan struct{}
	}
	start := func() *proc {
		addrFile := filepath.Join(dir, "addr")
		os.Remove(addrFile)
		p := &proc{logs: &syncBuffer{}, exited: make(chan struct{})}
		p.cmd = exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-data", data)
		p.cmd.Env = append(os.Environ(), "FANGTAN_ADMIN_TOKEN="+token, "FANGTAN_ADDR=", "FANGTAN_DATA=")
		p.cmd.Stderr = p.logs
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { p.cmd.Wait(); close(p.exited) }()
		t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })
		p.base = "http://" + waitAddr(t, addrFile, p.exited, p.logs)
		return p
	}
	type hit struct {
		ArticleID string `json:"article_id"`
		Snippet   string `json:"snippet"`
		URL       string `json:"url"`
	}
	type result struct {
		Total  int   `json:"total"`
		Hits   []hit `json:"hits"`
		Facets map[string][]struct {
			Value string
			Count int
		} `json:"facets"`
	}
	call := func(p *proc, method, path, contentType, body string, auth bool) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, p.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, p.logs)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	search := func(p *proc, query string) result {
		t.Helper()
		status, b := call(p, "GET", "/api/search?"+query, "", "", false)
		var r result
		if err := json.Unmarshal(b, &r); status != 200 || err != nil {
			t.Fatalf("search %s: %d %v %s", query, status, err, b)
		}
		return r
	}

	p := start()

	// The seeds answer 储能 with highlighted hits and facets.
	r := search(p, "q="+url.QueryEscape("储能"))
	if r.Total == 0 {
		t.Fatalf("储能 finds nothing on the seeds:\n%s", p.logs)
	}
	if !strings.Contains(r.Hits[0].Snippet, "<mark>储能") {
		t.Errorf("储能 is not highlighted: %q", r.Hits[0].Snippet)
	}
	for _, v := range r.Facets["city"] {
		if f := search(p, "q="+url.QueryEscape("储能")+"&city="+url.QueryEscape(v.Value)); f.Total != v.Count {
			t.Errorf("facet city=%s says %d, the filter gives %d", v.Value, v.Count, f.Total)
		}
	}
	if status, b := call(p, "GET", "/api/articles/"+url.PathEscape(r.Hits[0].ArticleID), "", "", false); status != 200 ||
		!bytes.Contains(b, []byte(`"paragraphs"`)) {
		t.Errorf("the article of a hit: %d %s", status, b)
	}
	if status, b := call(p, "GET", "/api/suggest?q="+url.QueryEscape("储"), "", "", false); status != 200 ||
		!bytes.Contains(b, []byte(`"text":"储`)) {
		t.Errorf("suggest 储: %d %s", status, b)
	}
	if status, _ := call(p, "GET", "/api/search?q=x&size=500", "", "", false); status != 400 {
		t.Errorf("size=500: %d", status)
	}

	// The write API: PUT, find, escape, DELETE.
	const doc = "琉璃瓦储能示范站投运\n\n2024-05-06 来源:测试日报\n\n" +
		"记者从惠州市工业和信息化局获悉，琉璃瓦储能示范站日前正式投运。<script>alert(1)</script>该站容量为十兆瓦时。\n\n" +
		"下一步，琉璃瓦项目将扩大到全市的工业园区。"
	if status, b := call(p, "PUT", "/api/articles/e2e-one", "text/plain; charset=utf-8", doc, false); status != 401 {
		t.Errorf("PUT without the token: %d %s", status, b)
	}
	if status, b := call(p, "PUT", "/api/articles/e2e-one", "text/plain; charset=utf-8", doc, true); status != 200 {
		t.Fatalf("PUT: %d %s\n%s", status, b, p.logs)
	}
	r = search(p, "q="+url.QueryEscape("琉璃瓦"))
	if r.Total == 0 || r.Hits[0].ArticleID != "e2e-one" {
		t.Fatalf("the new article is not found: %+v", r)
	}
	for _, h := range r.Hits {
		if strings.Contains(h.Snippet, "<script") || strings.Contains(h.Snippet, "alert(1)") && !strings.Contains(h.Snippet, "&lt;script&gt;") {
			t.Errorf("snippet not escaped: %s", h.Snippet)
		}
	}
	if status, b := call(p, "DELETE", "/api/articles/e2e-one", "", "", true); status != 200 {
		t.Fatalf("DELETE: %d %s", status, b)
	}
	if r = search(p, "q="+url.QueryEscape("琉璃瓦")); r.Total != 0 {
		t.Errorf("the deleted article is still found: %+v", r)
	}
	if status, _ := call(p, "GET", "/api/articles/e2e-one", "", "", false); status != 404 {
		t.Errorf("the deleted article: %d", status)
	}

	// SIGTERM with a PUT in flight: the server has read the headers and is
	// reading the body (it sent 100 Continue) when the signal comes.
	const late = "迟到的文章\n\n2024-06-01 来源:测试日报\n\n青花瓷产业园的负责人表示，园区的新型储能项目将在年底前完工。"
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "PUT /api/articles/e2e-late HTTP/1.1\r\nHost: fangtan\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", token, len(late))
	br := bufio.NewReader(conn)
	if line, err := br.ReadString('\n'); err != nil || !strings.Contains(line, "100") {
		t.Fatalf("no 100 Continue: %q %v\n%s", line, err, p.logs)
	}
	br.ReadString('\n') // the blank line after the interim answer
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; { // the listener closes: the shutdown has begun
		c, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("still accepting after SIGTERM:\n%s", p.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	io.WriteString(conn, late)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the in-flight PUT was dropped: %v\n%s", err, p.logs)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("the in-flight PUT: %d %s", resp.StatusCode, b)
	}
	<-p.exited
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit code %d after SIGTERM:\n%s", code, p.logs)
	}
	if !strings.Contains(p.logs.String(), "index closed") {
		t.Errorf("the index was not closed:\n%s", p.logs)
	}

	// Restart on the same data: no reseeding, and the late article is there.
	p = start()
	if r := search(p, "q="+url.QueryEscape("青花瓷")); r.Total == 0 || r.Hits[0].ArticleID != "e2e-late" {
		t.Errorf("the PUT that was in flight at SIGTERM is lost: %+v", r)
	}
	if strings.Contains(p.logs.String(), "first start") {
		t.Errorf("the seeds were indexed again:\n%s", p.logs)
	}
	p.cmd.Process.Signal(syscall.SIGINT)
	<-p.exited
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after SIGINT:\n%s", code, p.logs)
	}
}

// The bounds fangtan serve checks are the index's too: a raised -max-depth
// reaches the index, which would otherwise refuse what the server accepts.
func TestServePassesBoundsToTheIndex(t *testing.T) {
	var o serveOptions
	o.SetDefaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	o.Flags(fs)
	if err := fs.Parse([]string{"-max-depth", "40000", "-timeout", "7s"}); err != nil {
		t.Fatal(err)
	}
	if opts := o.indexOptions(); opts.MaxDepth != 40000 || opts.Timeout != 7*time.Second {
		t.Errorf("index options %+v: want max depth 40000 and timeout 7s", opts)
	}
}
