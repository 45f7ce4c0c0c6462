package crawltest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// LoopbackOnly is a transport for a crawl under test: it lets requests
// reach the test's own servers (serverURLs, their host spelt as any
// loopback name) and refuses every other one, failing the test, so a
// crawler bug can never send traffic off this machine, not even a DNS
// lookup.
func LoopbackOnly(t testing.TB, serverURLs ...string) http.RoundTripper {
	g := guard{t: t, ports: map[string]bool{}}
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
	t     testing.TB
	ports map[string]bool
}

func (g guard) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		if g.ports[r.URL.Port()] {
			return http.DefaultTransport.RoundTrip(r)
		}
	}
	g.t.Errorf("request to %s: the crawl left its test server", r.URL)
	return nil, fmt.Errorf("refused: %s is not the test server", r.URL.Host)
}
