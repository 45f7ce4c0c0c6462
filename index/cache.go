package index

import (
	"slices"
	"strconv"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
)

// DefaultCacheSize is the number of search results an index keeps: a
// portal's traffic repeats a few hundred queries (the front page's links,
// the popular terms), and a result with its facets is a few kilobytes.
const DefaultCacheSize = 2048

// resultCache keeps recent search results, keyed by the normalized request.
// Every write purges it, so a result never outlives the index it came from;
// the index's generation is part of the key as well, so a search that ran
// across a write cannot plant a stale result after the purge.
type resultCache struct {
	lru *lru.Cache[string, *Result]
}

func newResultCache(size int) *resultCache {
	if size <= 0 {
		return nil
	}
	c, err := lru.New[string, *Result](size)
	if err != nil {
		return nil
	}
	return &resultCache{lru: c}
}

func (c *resultCache) get(key string) (*Result, bool) {
	if c == nil {
		return nil, false
	}
	return c.lru.Get(key)
}

func (c *resultCache) add(key string, r *Result) {
	if c != nil {
		c.lru.Add(key, r)
	}
}

func (c *resultCache) purge() {
	if c != nil {
		c.lru.Purge()
	}
}

// cacheKey names a request by what decides its answer: the query with its
// spaces collapsed (not folded: "OR" is an operator, "or" a word), the
// sorted filter values, paging, order, grouping, facets and explanation, and the index
// generation.
func cacheKey(req *Request, gen uint64) string {
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
		strconv.FormatBool(req.Group), strconv.FormatBool(req.NoFacets), strconv.FormatBool(req.Explain), req.After} {
		b.WriteByte(0)
		b.WriteString(v)
	}
	return b.String()
}

// clone copies a result deep enough that a caller's changes to its hits or
// facets never reach the cache.
func (r *Result) clone() *Result {
	c := *r
	c.Hits = slices.Clone(r.Hits)
	c.Terms = slices.Clone(r.Terms)
	if r.Facets != nil {
		c.Facets = make(map[string][]FacetValue, len(r.Facets))
		for k, v := range r.Facets {
			c.Facets[k] = slices.Clone(v)
		}
	}
	return &c
}
