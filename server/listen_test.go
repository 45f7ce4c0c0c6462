package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"fangtan/index/model"
)

// TestListenServeShutdown starts a server on :0, holds a request in flight,
// shuts down, and checks the request still gets its answer.
func TestListenServeShutdown(t *testing.T) {
	f := newFixture()
	entered := make(chan struct{})
	release := make(chan struct{})
	search := f.searcher.SearchFn
	f.searcher.SearchFn = func(ctx context.Context, req *model.Request) (*model.Result, error) {
		close(entered)
		<-release
		return search(ctx, req)
	}
	s := f.server(t, Config{})
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := s.Addr().String()
	if _, port, _ := net.SplitHostPort(addr); port == "0" || port == "" {
		t.Fatalf("Addr %q has no real port", addr)
	}

	// The port is taken now: a second server cannot listen there.
	other := f.server(t, Config{})
	if err := other.Listen(addr); err == nil {
		t.Fatal("a second Listen on a port in use succeeded")
	}

	served := make(chan error, 1)
	go func() { served <- s.Serve() }()

	type answer struct {
		status int
		body   string
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/api/search?q=储能")
		if err != nil {
			answered <- answer{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		answered <- answer{resp.StatusCode, string(b), err}
	}()
	<-entered

	shut := make(chan error, 1)
	go func() { shut <- s.Shutdown(context.Background()) }()

	// Wait until the listener is closed: new connections are refused.
	deadline := time.Now().Add(time.Minute) // a hang detector, not a timing
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener is still open after Shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if s.ready.Load() {
		t.Error("still ready while shutting down")
	}

	close(release)
	a := <-answered
	if a.err != nil || a.status != 200 {
		t.Fatalf("the in-flight request was dropped: %d %v %s", a.status, a.err, a.body)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// TestShutdownBounded checks that a request that never ends cannot hold a
// shutdown forever.
func TestShutdownBounded(t *testing.T) {
	f := newFixture()
	entered := make(chan struct{})
	stuck := make(chan struct{})
	defer close(stuck)
	f.searcher.SearchFn = func(ctx context.Context, req *model.Request) (*model.Result, error) {
		close(entered)
		<-stuck // ignores its context: a buggy index
		return nil, ctx.Err()
	}
	s := f.server(t, Config{ShutdownTimeout: 100 * time.Millisecond, Timeout: time.Hour})
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go s.Serve()
	go http.Get("http://" + s.Addr().String() + "/api/search?q=x")
	<-entered
	if err := s.Shutdown(context.Background()); err == nil {
		t.Error("Shutdown reported success with a request still running")
	}
}
