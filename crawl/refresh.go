package crawl

import (
	"context"
	"sync"
	"time"
)

// Refresher re-crawls the same start addresses at a fixed interval in the
// background (fangtan serve -crawl), writing into the live index, so
// changes become searchable without a restart. Its Status feeds
// /api/stats and /metrics.
type Refresher struct {
	c      *Crawler
	starts []string
	every  time.Duration

	mu     sync.Mutex
	status Status
}

// Status is how the background crawl is doing.
type Status struct {
	Running bool      `json:"running"`
	Runs    int       `json:"runs"`
	Every   string    `json:"every"`
	Next    time.Time `json:"next,omitzero"`
	Last    *Summary  `json:"last,omitempty"`
	Error   string    `json:"error,omitempty"` // of the last run, if it could not run
	Totals  Totals    `json:"totals"`
}

// Totals are the counts of every run since the server started.
type Totals struct {
	Requests  int `json:"requests"`
	Fetched   int `json:"fetched"`
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	Lists     int `json:"lists"`
	Skipped   int `json:"skipped"`
	Failed    int `json:"failed"`
}

func (t *Totals) add(s *Summary) {
	t.Requests += s.Requests
	t.Fetched += s.Fetched
	t.New += s.New
	t.Changed += s.Changed
	t.Unchanged += s.Unchanged
	t.Removed += s.Removed
	t.Lists += s.Lists
	t.Skipped += s.Skipped
	t.Failed += s.Failed
}

// NewRefresher returns a refresher of starts every interval.
func NewRefresher(c *Crawler, starts []string, every time.Duration) *Refresher {
	return &Refresher{c: c, starts: starts, every: every, status: Status{Every: every.String()}}
}

// Run crawls at once and then every interval after the previous run
// ended, until ctx ends. A run that cannot start (a bad address, the state
// in use) is reported in Status and tried again next time.
func (r *Refresher) Run(ctx context.Context, logf func(msg string, args ...any)) {
	for {
		r.mu.Lock()
		r.status.Running, r.status.Next = true, time.Time{}
		r.mu.Unlock()

		sum, err := r.c.Run(ctx, r.starts)

		r.mu.Lock()
		r.status.Running = false
		r.status.Runs++
		r.status.Last = &sum
		r.status.Error = ""
		if err != nil {
			r.status.Error = err.Error()
		}
		r.status.Totals.add(&sum)
		r.status.Next = time.Now().Add(r.every)
		r.mu.Unlock()
		if logf != nil {
			logf("crawl finished", "fetched", sum.Fetched, "new", sum.New, "changed", sum.Changed,
				"removed", sum.Removed, "skipped", sum.Skipped, "failed", sum.Failed, "stopped", sum.Stopped, "err", err)
		}
		t := time.NewTimer(r.every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Status is a copy of the refresher's status.
func (r *Refresher) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.status
	if s.Last != nil {
		last := *s.Last
		s.Last = &last
	}
	return s
}
