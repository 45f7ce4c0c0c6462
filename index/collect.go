package index

import (
	"bytes"
	"container/heap"
	"context"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"fangtan/index/model"
)

// fangtan's collector. Bleve decides what matches; this collector walks the
// matches of each shard once, counting every facet from the columns
// (columns.go) and keeping the best hits in a heap ordered by (score,
// date, ID) read from the same columns, then reads the stored fields of
// the hits on the page only. Bleve's own collector read doc values and,
// for the ID tiebreak, a stored field for every hit, and allocated for
// each; on the harness's dense queries that was most of a search
// (docs/performance.md).

// hitOrder is the order of a search's hits.
type hitOrder int

const (
	byScore    hitOrder = iota // score, then newest, then ID
	byDateAsc                  // oldest (undated last), then score, then ID
	byDateDesc                 // newest (undated last), then score, then ID
)

func orderOf(s model.Sort, browsing bool) hitOrder {
	switch {
	case s == model.ByDateAsc:
		return byDateAsc
	case s == model.ByDateDesc || browsing:
		return byDateDesc
	}
	return byScore
}

// hitKey is what a hit is ordered by.
type hitKey struct {
	score float64
	date  uint32 // YYYYMMDD, 0 when undated
	id    []byte
}

// before reports whether a comes before b.
func (o hitOrder) before(a, b *hitKey) bool {
	switch o {
	case byScore:
		if a.score != b.score {
			return a.score > b.score
		}
		if a.date != b.date {
			return a.date > b.date
		}
	case byDateAsc:
		if ad, bd := ascending(a.date), ascending(b.date); ad != bd {
			return ad < bd
		}
		if a.score != b.score {
			return a.score > b.score
		}
	case byDateDesc:
		if a.date != b.date {
			return a.date > b.date
		}
		if a.score != b.score {
			return a.score > b.score
		}
	}
	return bytes.Compare(a.id, b.id) < 0
}

// ascending puts undated hits last in an ascending order of dates.
func ascending(date uint32) uint32 {
	if date == 0 {
		return math.MaxUint32
	}
	return date
}

// strings is the key as a cursor holds it, in the order's own sequence.
func (k *hitKey) strings(o hitOrder) []string {
	score := strconv.FormatFloat(k.score, 'g', -1, 64)
	if o == byScore {
		return []string{score, dateString(k.date), string(k.id)}
	}
	return []string{dateString(k.date), score, string(k.id)}
}

// parseKey reads a key written by strings.
func parseKey(s []string, o hitOrder) (*hitKey, bool) {
	if len(s) != 3 {
		return nil, false
	}
	score, date := s[0], s[1]
	if o != byScore {
		score, date = date, score
	}
	k := &hitKey{id: []byte(s[2])}
	var err error
	if k.score, err = strconv.ParseFloat(score, 64); err != nil {
		return nil, false
	}
	if k.date = dateNumber([]byte(date)); k.date == 0 && date != "" {
		return nil, false
	}
	return k, true
}

// pass is one walk over a shard's matches.
type pass struct {
	q      query.Query
	opts   search.SearcherOptions
	order  hitOrder
	keep   int     // best hits to keep (0: count only)
	after  *hitKey // keep only hits after this one
	facets bool    // count the facets
	group  bool    // keep the best hit of each article, with its matches
	// collapse counts and keeps the copies of a reposted paragraph (and,
	// grouped, of a reposted article) once, by the group's best copy
	collapse bool
}

// passResult is what one pass found in one shard, or in all of them.
type passResult struct {
	total  int         // matching paragraphs, every copy counted
	groups int         // articles, when grouped, every copy counted
	tally  *facetTally // hits by facet ordinal, when counted
	hits   []keptHit

	// collapsing: the copies of each reposted paragraph (and, grouped,
	// article) that matched, by the best of them; and, summed over the
	// shards, how many fewer paragraphs and articles the user sees
	paragraphCopies map[collapseKey]*repostCopies
	articleCopies   map[uint32]*repostCopies // by repost group
	collapsed       int
	collapsedGroups int
}

// collapseKey names a paragraph of a repost group: its copies share it.
type collapseKey struct {
	group uint32
	para  uint32 // the group paragraph (repost.Anchors)
}

// repostCopies are the matching copies of one paragraph or article: how many,
// and the one shown.
type repostCopies struct {
	best keptHit
	pref uint8 // the best's article's place in its group
	n    int
}

// offer counts one more copy, keeping h if it is the better one: the
// article the group prefers (the representative first), then the better
// hit.
func (c *repostCopies) offer(h keptHit, pref uint8, o hitOrder) {
	c.n++
	if pref < c.pref || pref == c.pref && o.before(&h.key, &c.best.key) {
		c.best, c.pref = h, pref
	}
}

// merge adds the copies other found in another shard.
func (c *repostCopies) merge(other *repostCopies, o hitOrder) {
	n := c.n + other.n
	c.offer(other.best, other.pref, o)
	c.n = n
}

// keptHit is a hit kept for the page: its key and where it lives.
type keptHit struct {
	key     hitKey
	shard   int
	seg     int
	doc     uint64
	matches int // grouped: the article's matching paragraphs
}

// articleGroup is an article's best hit so far and its matches.
type articleGroup struct {
	best    keptHit
	matches int
}

// shardSearch is a shard as one search sees it: a snapshot and the
// columns of its segments.
type shardSearch struct {
	*shardView
	index   int
	cols    []*segmentColumns
	reposts []*segmentReposts // by segment; nil where nothing is reposted
	snap    *repostSnapshot   // the repost groups the reposts columns hold
}

// viewShards takes a snapshot of every shard with the columns of its
// segments and the facet dictionary they refer to. The caller closes the
// views.
func (ix *Index) viewShards(ctx context.Context) ([]*shardSearch, []facetTerm, error) {
	var views []*shardSearch
	fail := func(err error) ([]*shardSearch, []facetTerm, error) {
		for _, v := range views {
			v.Close()
		}
		return nil, nil, err
	}
	var segs []segment.Segment
	for i, s := range ix.shards {
		v, err := viewShard(s)
		if err != nil {
			return fail(err)
		}
		views = append(views, &shardSearch{shardView: v, index: i})
		for _, sv := range v.segs {
			segs = append(segs, sv.seg)
		}
	}
	cols, fresh, err := ix.columns.ofAll(ctx, segs)
	if err != nil {
		return fail(err)
	}
	snap := ix.reposts.snap.Load()
	reposts := ix.reposts.of(snap, segs, cols)
	for _, v := range views {
		v.cols, cols = cols[:len(v.segs)], cols[len(v.segs):]
		v.reposts, reposts = reposts[:len(v.segs)], reposts[len(v.segs):]
		v.snap = snap
	}
	if fresh {
		// segments came and (maybe) went: forget the columns of those gone
		live := map[segment.Segment]bool{}
		for _, seg := range segs {
			live[seg] = true
		}
		ix.columns.retain(live)
	}
	return views, ix.columns.dictionary(), nil
}

// warmColumns builds the columns of every segment in the background, so
// that searches do not wait for them: on open (0.08 s at 50,000
// paragraphs, 0.85 s at 357,000), after each write (its new segment) and
// when scorch brings in a merged or persisted segment (watchSegments).
// A call while a warm-up runs makes it go round once more; Close stops
// new ones and waits for the one running.
func (ix *Index) warmColumns() {
	w := &ix.warm
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	if w.running {
		w.again = true
		return
	}
	w.running = true
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			if views, _, err := ix.viewShards(context.Background()); err == nil {
				for _, v := range views {
					v.Close()
				}
			}
			w.mu.Lock()
			if !w.again || w.closed {
				w.running = false
				w.mu.Unlock()
				return
			}
			w.again = false
			w.mu.Unlock()
		}
	}()
}

// warmState is the background warm-up of the columns (warmColumns).
type warmState struct {
	mu      sync.Mutex
	running bool
	again   bool
	closed  bool
	wg      sync.WaitGroup
}

// stopWarming waits for the warm-up running and refuses new ones.
func (ix *Index) stopWarming() {
	ix.warm.mu.Lock()
	ix.warm.closed = true
	ix.warm.mu.Unlock()
	ix.warm.wg.Wait()
}

// shardSearchKey is the context key of the shard a searcher is made for
// (the ranking reads its columns).
type shardSearchKey struct{}

// run walks the matches of p in one shard.
func (s *shardSearch) run(ctx context.Context, p *pass, terms int) (*passResult, error) {
	searcher, err := p.q.Searcher(context.WithValue(ctx, shardSearchKey{}, s), s.reader, docMapping, p.opts)
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0),
		IndexReader:       s.reader,
	}
	res := &passResult{}
	if p.facets {
		res.tally = newTally(terms)
	}
	best := &hitHeap{order: p.order}
	var groups map[uint64]int // segment<<32 | article -> index in byArticle
	var byArticle []articleGroup
	if p.group {
		groups = map[uint64]int{}
	}
	seg := 0
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d, err := searcher.Next(sctx)
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		var doc uint64
		seg, doc = s.locate(d.IndexInternalID.Value(), seg)
		c := s.cols[seg]
		res.total++
		var rv *segmentReposts
		if p.collapse && s.reposts[seg].collapsible(doc) {
			rv = s.reposts[seg]
		}
		// a copy of a reposted paragraph is counted once its copies in
		// every shard are known (runAll)
		copied := rv != nil && rv.key[doc] != 0
		if res.tally != nil && !copied {
			for _, o := range c.facets(doc) {
				res.tally.add(o)
			}
		}
		if p.group || p.keep > 0 || copied {
			h := keptHit{key: hitKey{score: d.Score, date: c.date[doc], id: c.id(doc)}, shard: s.index, seg: seg, doc: doc}
			if copied {
				k := collapseKey{group: rv.group[doc], para: rv.key[doc]}
				if cp := res.paragraphCopies[k]; cp != nil {
					cp.offer(h, rv.pref[doc], p.order)
				} else {
					if res.paragraphCopies == nil {
						res.paragraphCopies = map[collapseKey]*repostCopies{}
					}
					res.paragraphCopies[k] = &repostCopies{best: h, pref: rv.pref[doc], n: 1}
				}
			}
			if p.group {
				a := uint64(seg)<<32 | uint64(c.article[doc])
				g, seen := groups[a]
				if !seen {
					g = len(byArticle)
					groups[a] = g
					byArticle = append(byArticle, articleGroup{best: h})
				} else if p.order.before(&h.key, &byArticle[g].best.key) {
					byArticle[g].best = h
				}
				byArticle[g].matches++
			} else if !copied && p.keep > 0 && (p.after == nil || p.order.before(p.after, &h.key)) {
				best.offer(h, p.keep)
			}
		}
		sctx.DocumentMatchPool.Put(d)
	}
	// grouped: the articles in the order of their best hits (an article
	// lives in one shard, so the shards' groups add up)
	res.groups = len(byArticle)
	for _, g := range byArticle {
		g.best.matches = g.matches
		if rv := s.reposts[g.best.seg]; p.collapse && rv.collapsible(g.best.doc) {
			// a copy of a reposted article: kept by its group (runAll)
			ord := rv.group[g.best.doc]
			if cp := res.articleCopies[ord]; cp != nil {
				cp.offer(g.best, rv.pref[g.best.doc], p.order)
			} else {
				if res.articleCopies == nil {
					res.articleCopies = map[uint32]*repostCopies{}
				}
				res.articleCopies[ord] = &repostCopies{best: g.best, pref: rv.pref[g.best.doc], n: 1}
			}
			continue
		}
		best.offer(g.best, p.keep)
	}
	res.hits = best.sorted()
	return res, nil
}

// runAll runs each pass over every shard, one goroutine per shard, and
// adds up the shards' results per pass. before, if set, is called as each
// pass of index i starts (tests watch the facet passes with it).
func runAll(ctx context.Context, views []*shardSearch, passes []*pass, terms int, before func(i int) (done func())) ([]*passResult, error) {
	perShard := make([][]*passResult, len(views))
	errs := make([]error, len(views))
	var wg sync.WaitGroup
	for i, v := range views {
		shard := func() {
			for k, p := range passes {
				var done func()
				if before != nil {
					done = before(k)
				}
				r, err := v.run(ctx, p, terms)
				if done != nil {
					done()
				}
				if err != nil {
					errs[i] = err
					return
				}
				perShard[i] = append(perShard[i], r)
			}
		}
		if i == len(views)-1 {
			shard() // the last on this goroutine: one fewer to wake
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			shard()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	out := make([]*passResult, len(passes))
	for k, p := range passes {
		sum := &passResult{}
		if p.facets {
			sum.tally = newTally(terms)
		}
		for i := range views {
			r := perShard[i][k]
			sum.total += r.total
			sum.groups += r.groups
			if r.tally != nil {
				sum.tally.merge(r.tally)
				r.tally.release()
			}
			sum.hits = mergeHits(sum.hits, r.hits, p.order, p.keep)
			sum.paragraphCopies = mergeCopies(sum.paragraphCopies, r.paragraphCopies, p.order)
			sum.articleCopies = mergeCopies(sum.articleCopies, r.articleCopies, p.order)
		}
		sum.collapse(views, p)
		out[k] = sum
	}
	return out, nil
}

// mergeCopies adds the copies another shard found to those found so far
// (nil until a shard found any: a search of articles without copies
// allocates nothing here).
func mergeCopies[K comparable](into, from map[K]*repostCopies, o hitOrder) map[K]*repostCopies {
	if into == nil {
		return from
	}
	for key, cp := range from {
		if have := into[key]; have != nil {
			have.merge(cp, o)
		} else {
			into[key] = cp
		}
	}
	return into
}

// collapse counts each reposted paragraph once, by its best copy: in the
// facets and, not grouped, among the hits. Grouped, each reposted article
// is one of the hits, by its best copy.
func (sum *passResult) collapse(views []*shardSearch, p *pass) {
	var kept []keptHit
	keep := func(h keptHit) {
		if p.keep > 0 && (p.after == nil || p.order.before(p.after, &h.key)) {
			kept = append(kept, h)
		}
	}
	for _, cp := range sum.paragraphCopies {
		sum.collapsed += cp.n - 1
		if sum.tally != nil {
			h := cp.best
			for _, o := range views[h.shard].cols[h.seg].facets(h.doc) {
				sum.tally.add(o)
			}
		}
		if !p.group {
			keep(cp.best)
		}
	}
	for _, cp := range sum.articleCopies {
		sum.collapsedGroups += cp.n - 1
		keep(cp.best)
	}
	if len(kept) == 0 {
		return
	}
	slices.SortFunc(kept, func(a, b keptHit) int {
		if p.order.before(&a.key, &b.key) {
			return -1
		}
		return 1
	})
	sum.hits = mergeHits(sum.hits, kept, p.order, p.keep)
}

// mergeHits merges two lists of hits ordered by o, keeping the first keep.
func mergeHits(a, b []keptHit, o hitOrder, keep int) []keptHit {
	out := make([]keptHit, 0, min(len(a)+len(b), keep))
	for len(out) < keep && (len(a) > 0 || len(b) > 0) {
		if len(b) == 0 || (len(a) > 0 && o.before(&a[0].key, &b[0].key)) {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// facetValues turns the tally of a pass into each facet's values, most
// frequent first, at most facetSizes[name] of them, and releases it.
func facetValues(t *facetTally, terms []facetTerm) facetCounts {
	fc := facetCounts{}
	for _, o := range t.touched {
		ft := terms[o]
		fc[ft.facet] = append(fc[ft.facet], model.FacetValue{Value: ft.value, Count: int(t.counts[o])})
	}
	t.release()
	fc.sortAndCut()
	return fc
}

// facetTally counts hits by facet ordinal. It remembers the ordinals it
// touched, so adding up, reading and clearing it cost what the hits
// touched, not the size of the dictionary (thousands of sources and
// speakers); cleared tallies are reused.
type facetTally struct {
	counts  []uint32
	touched []uint32
}

var tallies sync.Pool

func newTally(terms int) *facetTally {
	t, _ := tallies.Get().(*facetTally)
	if t == nil || cap(t.counts) < terms {
		return &facetTally{counts: make([]uint32, terms)}
	}
	t.counts = t.counts[:terms] // all zero: release cleared them
	return t
}

func (t *facetTally) add(o uint32) {
	if t.counts[o] == 0 {
		t.touched = append(t.touched, o)
	}
	t.counts[o]++
}

func (t *facetTally) merge(other *facetTally) {
	for _, o := range other.touched {
		if t.counts[o] == 0 {
			t.touched = append(t.touched, o)
		}
		t.counts[o] += other.counts[o]
	}
}

// release clears the tally and gives it back for reuse.
func (t *facetTally) release() {
	for _, o := range t.touched {
		t.counts[o] = 0
	}
	t.touched = t.touched[:0]
	tallies.Put(t)
}

// load reads the stored fields of the hits on the page, as Bleve's search
// results hold them.
func load(views []*shardSearch, hits []keptHit) ([]*search.DocumentMatch, error) {
	out := make([]*search.DocumentMatch, 0, len(hits))
	for _, h := range hits {
		v := views[h.shard]
		fields := map[string]any{}
		err := v.segs[h.seg].seg.VisitStoredFields(h.doc, func(field string, _ byte, value []byte, _ []uint64) bool {
			if _, seen := fields[field]; slices.Contains(storedFields, field) && !seen {
				fields[field] = string(value)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		out = append(out, &search.DocumentMatch{ID: string(h.key.id), Score: h.key.score, Fields: fields})
	}
	return out, nil
}

// hitHeap keeps the best hits seen, the worst of them on top.
type hitHeap struct {
	order hitOrder
	hits  []keptHit
}

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return h.order.before(&h.hits[j].key, &h.hits[i].key) }
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(keptHit)) }
func (h *hitHeap) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}

// offer keeps hit if it is among the best keep seen so far.
func (h *hitHeap) offer(hit keptHit, keep int) {
	switch {
	case len(h.hits) < keep:
		heap.Push(h, hit)
	case h.order.before(&hit.key, &h.hits[0].key):
		h.hits[0] = hit
		heap.Fix(h, 0)
	}
}

// sorted empties the heap into a list, best first.
func (h *hitHeap) sorted() []keptHit {
	out := make([]keptHit, len(h.hits))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(keptHit)
	}
	return out
}
