package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"fangtan/crawl"
)

// CrawlStatus is the background crawl of `fangtan serve -crawl`: its last
// run's summary goes into /api/stats, its counters into /metrics.
type CrawlStatus interface {
	Status() crawl.Status
}

// crawlMetrics exports the background crawl's counters since the server
// started, and when its last run ended.
func (s *Server) crawlMetrics() {
	cs := s.cfg.Crawl
	if cs == nil {
		return
	}
	pages := prometheus.NewDesc("fangtan_crawl_pages_total", "Pages the background crawl handled, by result.", []string{"result"}, nil)
	s.metrics.reg.MustRegister(
		&crawlCollector{cs: cs, pages: pages},
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "fangtan_crawl_requests_total", Help: "Requests the background crawl sent, robots.txt, retries and redirects included."},
			func() float64 { return float64(cs.Status().Totals.Requests) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "fangtan_crawl_runs_total", Help: "Background crawl runs finished."},
			func() float64 { return float64(cs.Status().Runs) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fangtan_crawl_running", Help: "1 while a background crawl runs."},
			func() float64 {
				if cs.Status().Running {
					return 1
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fangtan_crawl_last_finished_timestamp_seconds", Help: "When the last background crawl run ended (0: none yet)."},
			func() float64 {
				if last := cs.Status().Last; last != nil {
					return float64(last.Finished.Unix())
				}
				return 0
			}),
	)
}

// crawlCollector reports the pages by result from one read of the status.
type crawlCollector struct {
	cs    CrawlStatus
	pages *prometheus.Desc
}

func (c *crawlCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.pages }

func (c *crawlCollector) Collect(ch chan<- prometheus.Metric) {
	t := c.cs.Status().Totals
	for _, r := range []struct {
		name string
		n    int
	}{{"new", t.New}, {"changed", t.Changed}, {"unchanged", t.Unchanged}, {"removed", t.Removed},
		{"list", t.Lists}, {"skipped", t.Skipped}, {"failed", t.Failed}} {
		ch <- prometheus.MustNewConstMetric(c.pages, prometheus.CounterValue, float64(r.n), r.name)
	}
}
