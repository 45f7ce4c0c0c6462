package crawl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"fangtan/crawl"
	"fangtan/crawl/crawltest"
	"fangtan/index"
)

// BenchmarkCrawlPortal crawls the synthetic portal with no delay, into a
// fresh index each time: pages fetched per second, parsing and indexing
// included.
//
//	go test -run '^$' -bench CrawlPortal -benchtime 3x ./crawl
func BenchmarkCrawlPortal(b *testing.B) {
	p := crawltest.New(crawltest.Options{NoTraps: true, NoFailures: true})
	srv := httptest.NewServer(p)
	defer srv.Close()
	pages := 0
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := crawl.New(crawl.Config{Dir: dir, Delay: -1}, ix).Run(context.Background(), p.StartURLs(srv.URL))
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		pages += sum.Fetched
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(pages)/elapsed.Seconds(), "pages/s")
}

// BenchmarkFrontier100k fills the frontier with 100,000 addresses from one
// sitemap and reports the heap they take: the crawl fetches robots.txt and
// the sitemap, then stops at -max-pages with the rest waiting.
//
//	go test -run '^$' -bench Frontier100k -benchtime 1x ./crawl
func BenchmarkFrontier100k(b *testing.B) {
	const n = 100000
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sm, "<url><loc>/xwdt/2024%02d/t2024%02d%02d_%06d.html</loc></url>", i%12+1, i%12+1, i%28+1, i)
	}
	sm.WriteString("</urlset>")
	body := sm.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sitemap.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
		if err != nil {
			b.Fatal(err)
		}
		var before, full runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		cfg := crawl.Config{Dir: dir, Delay: -1, MaxPages: 1, MaxFrontier: n + 10, MaxVariants: n,
			Progress: func(s crawl.Summary) {
				if s.Pending >= n {
					runtime.GC()
					runtime.ReadMemStats(&full)
				}
			}}
		sum, err := crawl.New(cfg, ix).Run(context.Background(), []string{srv.URL + "/sitemap.xml"})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Pending < n {
			b.Fatalf("%d addresses waiting, want %d", sum.Pending, n)
		}
		b.ReportMetric(float64(full.HeapAlloc-before.HeapAlloc)/n, "heap-bytes/url")
		b.ReportMetric(float64(full.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
		ix.Close()
	}
}
