package index

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// BenchmarkOpenReposts opens an index built by `fangtan index` and reports
// the open time and the live heap after open, then the part of both that
// the repost groups take (loadReposts again into a fresh state, its wall
// and CPU time, and the heap freed when that state is dropped); CPU time
// is what to compare on a shared machine. Skipped unless the index is
// named:
//
//	FANGTAN_BENCH_DATA=/path/to/idx go test -run '^$' -bench OpenReposts -benchtime 3x ./index
func BenchmarkOpenReposts(b *testing.B) {
	dir := os.Getenv("FANGTAN_BENCH_DATA")
	if dir == "" {
		b.Skip("set FANGTAN_BENCH_DATA")
	}
	var openTime, loadTime, loadCPU time.Duration
	var heap, repostHeap uint64
	var groups, reposts int // the same before and after a change that keeps the behaviour
	for i := 0; i < b.N; i++ {
		start := time.Now()
		ix, err := Open(Options{Dir: dir, CacheSize: -1})
		if err != nil {
			b.Fatal(err)
		}
		openTime += time.Since(start)
		heap += liveHeap()
		groups, reposts = ix.reposts.snap.Load().counts()

		ix.reposts = newRepostState(ix.storedEntry)
		start, cpu := time.Now(), processCPU()
		if err := ix.loadReposts(); err != nil {
			b.Fatal(err)
		}
		loadTime += time.Since(start)
		loadCPU += processCPU() - cpu
		with := liveHeap()
		ix.reposts = newRepostState(ix.storedEntry)
		repostHeap += with - min(with, liveHeap())
		ix.Close()
	}
	n := float64(b.N)
	b.ReportMetric(openTime.Seconds()/n, "open-s")
	b.ReportMetric(float64(heap)/n/(1<<20), "heap-MB")
	b.ReportMetric(loadTime.Seconds()/n, "reposts-s")
	b.ReportMetric(loadCPU.Seconds()/n, "reposts-cpu-s")
	b.ReportMetric(float64(repostHeap)/n/(1<<20), "reposts-MB")
	b.ReportMetric(float64(groups), "groups")
	b.ReportMetric(float64(reposts), "reposts")
	b.ReportMetric(0, "ns/op")
}

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
