package crawltest

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// LoopbackOnly is a transport for a crawl under test: it lets requests
// reach the test's own servers (serverURLs, on 127.0.0.1 and addressed by
// that address, never a name) and refuses every other one, failing the test, so a
// crawler bug can never send traffic off this machine, not even a DNS
// lookup.
func LoopbackOnly(t testing.TB, serverURLs ...string) http.RoundTripper {
	g := guard{t: t, ports: map[string]bool{}, flights: &flights{now: map[string]int{}}}
	for _, s := range serverURLs {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("LoopbackOnly: %v", err)
		}
		g.ports[u.Port()] = true
	}
	return g
}

type guard struct {
	t       testing.TB
	ports   map[string]bool
	flights *flights
}

// flights counts the requests a transport has outstanding per host, from
// the moment it is sent until its answer's body is closed or it fails: the
// crawler's side of politeness, exact where a server's count is not (a
// server notices a request its client gave up on only some time later).
type flights struct {
	mu  sync.Mutex
	now map[string]int
	max int
}

func (f *flights) start(host string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now[host]++
	f.max = max(f.max, f.now[host])
}

func (f *flights) end(host string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now[host]--
}

// MaxInFlight is the most requests a transport made by LoopbackOnly had
// outstanding at once on one host.
func MaxInFlight(rt http.RoundTripper) int {
	g := rt.(guard)
	g.flights.mu.Lock()
	defer g.flights.mu.Unlock()
	return g.flights.max
}

// endOnClose ends a request's flight when its body is closed.
type endOnClose struct {
	io.ReadCloser
	end func()
}

func (b *endOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.end()
	return err
}

func (g guard) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Hostname() {
	case "127.0.0.1":
		if g.ports[r.URL.Port()] {
			host := r.URL.Host
			g.flights.start(host)
			resp, err := http.DefaultTransport.RoundTrip(r)
			if err != nil {
				g.flights.end(host)
				return nil, err
			}
			resp.Body = &endOnClose{ReadCloser: resp.Body, end: sync.OnceFunc(func() { g.flights.end(host) })}
			return resp, nil
		}
	}
	g.t.Errorf("request to %s: the crawl left its test server", r.URL)
	return nil, fmt.Errorf("refused: %s is not the test server", r.URL.Host)
}
