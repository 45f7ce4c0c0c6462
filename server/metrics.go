package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"fangtan/index/model"
)

// metrics are the server's Prometheus metrics, on a registry of their own so
// that tests and several servers in one process do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	search   *prometheus.HistogramVec

	searchSlots      prometheus.Gauge   // the cap on searches at once (0: none)
	searchesInFlight prometheus.Gauge   // searches holding a slot
	searchesWaiting  prometheus.Gauge   // searches waiting for a slot
	searchesRefused  prometheus.Counter // searches refused with 503: no slot in time
	rateLimited      prometheus.Counter // requests refused with 429
}

func newMetrics(stats func() model.Stats) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fangtan_http_requests_total",
			Help: "HTTP requests by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fangtan_http_request_duration_seconds",
			Help:    "HTTP request latency by method, route pattern and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status"}),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fangtan_search_duration_seconds",
			Help:    "Latency of index operations (search, suggest, article, figures, related) as seen by the server.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"op", "outcome"}),
	}
	m.searchSlots = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fangtan_search_slots",
		Help: "Searches allowed to run at once (-max-searches; 0: no cap).",
	})
	m.searchesInFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fangtan_searches_in_flight",
		Help: "Searches running now.",
	})
	m.searchesWaiting = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fangtan_searches_waiting",
		Help: "Searches waiting for a free slot now.",
	})
	m.searchesRefused = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "fangtan_searches_refused_total",
		Help: "Searches refused with 503 because no slot came free within -search-wait.",
	})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "fangtan_rate_limited_total",
		Help: "Requests refused with 429 by the per-client rate limit.",
	})
	m.reg.MustRegister(m.requests, m.duration, m.search,
		m.searchSlots, m.searchesInFlight, m.searchesWaiting, m.searchesRefused, m.rateLimited,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if stats != nil {
		m.reg.MustRegister(&statsCollector{stats: stats})
	}
	return m
}

// statsCollector reports the index's size gauges from one call of stats
// per scrape: it walks the index directory for the size on disk.
type statsCollector struct {
	stats func() model.Stats
}

var (
	articlesDesc   = prometheus.NewDesc("fangtan_index_articles", "Articles in the index.", nil, nil)
	paragraphsDesc = prometheus.NewDesc("fangtan_index_paragraphs", "Paragraphs (search documents) in the index.", nil, nil)
	sizeDesc       = prometheus.NewDesc("fangtan_index_size_bytes", "Size of the index on disk.", nil, nil)
	groupsDesc     = prometheus.NewDesc("fangtan_index_repost_groups", "Articles that several sites published (repost groups).", nil, nil)
	repostsDesc    = prometheus.NewDesc("fangtan_index_reposts", "Copies of an article beyond one per repost group.", nil, nil)
)

func (c *statsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- articlesDesc
	ch <- paragraphsDesc
	ch <- sizeDesc
	ch <- groupsDesc
	ch <- repostsDesc
}

func (c *statsCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.stats()
	ch <- prometheus.MustNewConstMetric(articlesDesc, prometheus.GaugeValue, float64(st.Articles))
	ch <- prometheus.MustNewConstMetric(paragraphsDesc, prometheus.GaugeValue, float64(st.Paragraphs))
	ch <- prometheus.MustNewConstMetric(sizeDesc, prometheus.GaugeValue, float64(st.DiskBytes))
	ch <- prometheus.MustNewConstMetric(groupsDesc, prometheus.GaugeValue, float64(st.RepostGroups))
	ch <- prometheus.MustNewConstMetric(repostsDesc, prometheus.GaugeValue, float64(st.Reposts))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (m *metrics) observeRequest(method, route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.duration.WithLabelValues(method, route, code).Observe(d.Seconds())
}

func (m *metrics) observeOp(op string, start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		outcome = kindName(model.KindOf(err))
	}
	m.search.WithLabelValues(op, outcome).Observe(time.Since(start).Seconds())
}

func kindName(k model.ErrorKind) string {
	switch k {
	case model.Invalid:
		return "invalid"
	case model.NotFound:
		return "not_found"
	case model.Timeout:
		return "timeout"
	case model.Canceled:
		return "canceled"
	}
	return "error"
}
