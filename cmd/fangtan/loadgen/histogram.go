package loadgen

import (
	"math/bits"
	"time"
)

// histogram counts latencies in buckets instead of keeping every sample,
// so a level takes the same memory however long it runs. Below 128 µs a
// bucket is one microsecond; above, each power of two is split into 64
// buckets, so a percentile read from it is at most 1/64 (1.6%) above the
// exact one. Count, sum and max are exact.
type histogram struct {
	counts [bucketCount]int64
	n      int64
	sum    time.Duration
	max    time.Duration
}

const (
	subBits     = 6
	subBuckets  = 1 << subBits
	bucketCount = (64 - subBits) * subBuckets // every uint64 of microseconds
)

// bucketOf is the bucket of a latency of us microseconds.
func bucketOf(us uint64) int {
	if us < 2*subBuckets {
		return int(us)
	}
	e := bits.Len64(us) - subBits - 1 // us>>e is in [64, 128)
	return e*subBuckets + int(us>>e)
}

// upperOf is the largest latency, in microseconds, of bucket i.
func upperOf(i int) uint64 {
	if i < 2*subBuckets {
		return uint64(i)
	}
	e := i/subBuckets - 1
	m := uint64(i - e*subBuckets)
	return (m+1)<<e - 1
}

func (h *histogram) add(d time.Duration) {
	h.counts[bucketOf(uint64(max(d, 0).Microseconds()))]++
	h.n++
	h.sum += d
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.max = max(h.max, o.max)
}

// percentile is the nearest-rank percentile: the upper bound of the bucket
// that holds it (in whole microseconds), never more than the largest
// latency seen.
func (h *histogram) percentile(p float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := max(int64(p/100*float64(h.n)+0.999999), 1)
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(time.Duration(upperOf(i))*time.Microsecond, h.max)
		}
	}
	return h.max
}

func (h *histogram) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}
