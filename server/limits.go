package server

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/httprate"
)

// searchGate caps the searches running at once. A search that finds every
// slot taken waits a little for one (a burst drains in milliseconds), then
// is refused, so an overload answers fast 503s instead of slowing every
// search towards its deadline.
type searchGate struct {
	slots chan struct{} // nil: no cap
	wait  time.Duration
	m     *metrics
}

func newSearchGate(n int, wait time.Duration, m *metrics) *searchGate {
	g := &searchGate{wait: wait, m: m}
	if n > 0 {
		g.slots = make(chan struct{}, n)
	}
	m.searchSlots.Set(float64(max(n, 0)))
	return g
}

// errBusy is the answer to a search refused for want of a slot.
var errBusy = newError(CodeBusy, "too many searches at once; retry after the number of seconds in Retry-After")

// acquire takes a slot, waiting at most the gate's wait (and never past
// ctx). The caller must call release once the search is done.
func (g *searchGate) acquire(ctx context.Context) (release func(), err error) {
	release = func() {
		g.m.searchesInFlight.Dec()
		if g.slots != nil {
			<-g.slots
		}
	}
	if g.slots == nil {
		g.m.searchesInFlight.Inc()
		return release, nil
	}
	select {
	case g.slots <- struct{}{}:
		g.m.searchesInFlight.Inc()
		return release, nil
	default:
	}
	g.m.searchesWaiting.Inc()
	defer g.m.searchesWaiting.Dec()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		g.m.searchesInFlight.Inc()
		return release, nil
	case <-t.C:
		g.m.searchesRefused.Inc()
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// rateLimit is the per-client-IP request limit shared by the API and the
// pages (one budget per client); refused answers 429 with Retry-After,
// as JSON under /api and as a Chinese page elsewhere.
func (s *Server) rateLimit() func(http.Handler) http.Handler {
	if s.cfg.Rate <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	return httprate.LimitBy(s.cfg.Rate, time.Second, clientIPKey,
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.metrics.rateLimited.Inc()
			s.refuse(w, r, newError(CodeRateLimited, "too many requests; retry after the number of seconds in Retry-After"))
		}))
}
