package index

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"fangtan/index/model"
)

// DefaultCacheSize is the number of search results an index keeps: a
// portal's traffic repeats a few hundred queries (the front page's links,
// the popular terms), and a result with its facets is a few kilobytes.
const DefaultCacheSize = 2048

// DefaultCacheBytes bounds the memory of the cached results as well: a page
// of 50 hits with all facets is tens of kilobytes, so DefaultCacheSize such
// pages would hold about 100 MB.
const DefaultCacheBytes = 32 << 20

// resultCache keeps recent search results, keyed by the normalized request,
// within a count and a byte budget (estimated from the strings a result
// holds). Every write purges it, so a result never outlives the index it
// came from; the index's generation is part of the key as well, so a search
// that ran across a write cannot plant a stale result after the purge.
type resultCache struct {
	lru      *lru.Cache[string, *model.Result]
	maxBytes int64
	mu       sync.Mutex // serializes add's evictions
	bytes    atomic.Int64
}

func newResultCache(size int, maxBytes int64) *resultCache {
	if size <= 0 || maxBytes <= 0 {
		return nil
	}
	c := &resultCache{maxBytes: maxBytes}
	l, err := lru.NewWithEvict(size, func(key string, r *model.Result) {
		c.bytes.Add(-entrySize(key, r))
	})
	if err != nil {
		return nil
	}
	c.lru = l
	return c
}

func (c *resultCache) get(key string) (*model.Result, bool) {
	if c == nil {
		return nil, false
	}
	return c.lru.Get(key)
}

func (c *resultCache) add(key string, r *model.Result) {
	if c == nil {
		return
	}
	n := entrySize(key, r)
	if n > c.maxBytes/4 {
		return // one huge answer would push out everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key) // a replaced entry's bytes go with it (the eviction callback)
	c.bytes.Add(n)
	c.lru.Add(key, r)
	for c.bytes.Load() > c.maxBytes {
		if _, _, ok := c.lru.RemoveOldest(); !ok {
			break
		}
	}
}

func (c *resultCache) purge() {
	if c != nil {
		c.lru.Purge()
	}
}

// entrySize estimates the memory of a cached result: its strings and a
// fixed cost per hit, facet value and the result itself.
func entrySize(key string, r *model.Result) int64 {
	const (
		resultOverhead = 256
		hitOverhead    = 200 // the Hit struct: string headers, ints, a float
		valueOverhead  = 40
	)
	n := int64(resultOverhead + len(key) + len(r.Query) + len(r.Next))
	for _, h := range r.Hits {
		n += int64(hitOverhead + len(h.ID) + len(h.ArticleID) + len(h.Title) + len(h.Kind) + len(h.Section) +
			len(h.Speaker) + len(h.Province) + len(h.City) + len(h.District) + len(h.Date) + len(h.Source) + len(h.SourceURL) + len(h.Snippet))
	}
	for name, vs := range r.Facets {
		n += int64(len(name))
		for _, v := range vs {
			n += int64(valueOverhead + len(v.Value))
		}
	}
	for _, t := range r.Terms {
		n += int64(len(t) + 16)
	}
	return n
}

// cacheKey names a request by what decides its answer: the query with its
// spaces collapsed (not folded: "OR" is an operator, "or" a word), the
// sorted filter values, paging, order, grouping, collapsing, facets and explanation, and the index
// generation.
func cacheKey(req *model.Request, gen uint64) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(gen, 10))
	b.WriteByte(0)
	b.WriteString(strings.Join(strings.Fields(req.Query), " "))
	for _, list := range [][]string{req.Province, req.City, req.District, req.Source, req.Speaker, req.Year} {
		b.WriteByte(0)
		for _, v := range slices.Sorted(slices.Values(list)) {
			b.WriteString(v)
			b.WriteByte(1)
		}
	}
	for _, v := range []string{req.From, req.To, string(req.Sort), strconv.Itoa(req.Page), strconv.Itoa(req.Size),
		strconv.FormatBool(req.Group), strconv.FormatBool(req.NoFacets), strconv.FormatBool(req.Explain), strconv.FormatBool(req.NoCollapse), req.After} {
		b.WriteByte(0)
		b.WriteString(v)
	}
	return b.String()
}
