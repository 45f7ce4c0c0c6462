package index

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Columns are what fangtan's collector (collect.go) reads for every hit,
// laid out flat per segment and built once per segment from its doc values
// and IDs: the facet values of each document as ordinals, its date as a
// number, its ID, its kind and length for the ranking (rank.go) and its
// article. Reading them costs an array index; reading Bleve's
// doc values per hit cost a decoding and an allocation per value, and
// Bleve's ID tiebreak a stored-field lookup. A segment never changes, so
// its columns live as long as it does. They are built in the background
// (warmColumns) when the index opens and whenever a segment comes in: a
// write's, a merge's or the persister's (watchSegments), so that a search
// finds them built; one that comes first builds or waits for them.
//
// Size: about 4 bytes per facet value, 4 each for the date, the ranking's
// kind and length and the article, and the ID's length plus 4 per
// document (article records included): 52 MB for the 357,000 paragraphs
// of the harness, none of it scanned by the garbage collector (no
// pointers).
type segmentColumns struct {
	facetStart []uint32 // facetOrds[facetStart[d]:facetStart[d+1]] are d's facet values
	facetOrds  []uint32
	date       []uint32 // YYYYMMDD, 0 when undated
	idStart    []uint32 // ids[idStart[d]:idStart[d+1]] is d's ID
	ids        []byte
	rank       []uint32 // the ranking's kind<<24 | length (rankValue)
	article    []uint32 // the document's article, numbered within the segment
	articles   uint32   // how many articles the segment holds
}

// rankOf is a document's kind and length as the ranking reads them.
func (c *segmentColumns) rankOf(d uint64) (kind byte, length int) {
	r := c.rank[d]
	return byte(r >> 24), int(r & (1<<24 - 1))
}

func (c *segmentColumns) facets(d uint64) []uint32 {
	return c.facetOrds[c.facetStart[d]:c.facetStart[d+1]]
}

func (c *segmentColumns) id(d uint64) []byte {
	return c.ids[c.idStart[d]:c.idStart[d+1]]
}

// facetTerm is one value of one facet: the ordinal's meaning.
type facetTerm struct {
	facet string // a name of FacetFields
	value string
}

// columnStore holds the columns of every segment in use and the
// dictionary of facet values they refer to, shared by all shards (an
// ordinal means the same value everywhere).
type columnStore struct {
	mu    sync.Mutex
	segs  map[segment.Segment]*columnsEntry
	terms []facetTerm // by ordinal; append-only
	ords  map[string]uint32
}

// columnsEntry is a segment's columns, built by the first search to want
// them while the others wait.
type columnsEntry struct {
	ready chan struct{}
	cols  *segmentColumns
	err   error
}

func newColumnStore() *columnStore {
	return &columnStore{segs: map[segment.Segment]*columnsEntry{}, ords: map[string]uint32{}}
}

// ofAll returns the columns of segs, building those no search has built
// yet, one segment per core at a time (fresh: this call built some).
// Builders run to the end even if ctx ends: other searches may be waiting
// for the same segments.
func (cs *columnStore) ofAll(ctx context.Context, segs []segment.Segment) (cols []*segmentColumns, fresh bool, err error) {
	entries := make([]*columnsEntry, len(segs))
	var todo []int
	cs.mu.Lock()
	for i, seg := range segs {
		e, ok := cs.segs[seg]
		if !ok {
			e = &columnsEntry{ready: make(chan struct{})}
			cs.segs[seg] = e
			todo = append(todo, i)
		}
		entries[i] = e
	}
	cs.mu.Unlock()
	var wg sync.WaitGroup
	cores := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, i := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cores <- struct{}{}
			defer func() { <-cores }()
			e := entries[i]
			if e.cols, e.err = cs.build(segs[i]); e.err != nil {
				cs.mu.Lock()
				delete(cs.segs, segs[i]) // the next search tries again
				cs.mu.Unlock()
			}
			close(e.ready)
		}()
	}
	wg.Wait()
	cols = make([]*segmentColumns, len(segs))
	for i, e := range entries {
		select {
		case <-e.ready:
			if e.err != nil {
				return nil, false, e.err
			}
			cols[i] = e.cols
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	return cols, len(todo) > 0, nil
}

// dictionary returns the facet values known so far: every ordinal of
// every column already built is below its length.
func (cs *columnStore) dictionary() []facetTerm {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.terms[:len(cs.terms):len(cs.terms)]
}

// retain forgets the columns of segments not in live (merged away or of a
// closed index). A search still holding such a segment builds them again.
func (cs *columnStore) retain(live map[segment.Segment]bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for seg := range cs.segs {
		if !live[seg] {
			delete(cs.segs, seg)
		}
	}
}

// ordinal interns a facet doc value ("name\x1fvalue").
func (cs *columnStore) ordinal(term []byte) (uint32, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if o, ok := cs.ords[string(term)]; ok {
		return o, true
	}
	name, value, ok := strings.Cut(string(term), facetSep)
	if !ok {
		return 0, false
	}
	o := uint32(len(cs.terms))
	cs.terms = append(cs.terms, facetTerm{facet: name, value: value})
	cs.ords[string(term)] = o
	return o, true
}

var columnFields = []string{fFacets, fDate, fRank}

// build reads the columns of one segment from its doc values and IDs.
func (cs *columnStore) build(seg segment.Segment) (*segmentColumns, error) {
	n := seg.Count()
	c := &segmentColumns{
		facetStart: make([]uint32, 1, n+1),
		date:       make([]uint32, n),
		rank:       make([]uint32, n),
		article:    make([]uint32, n),
		idStart:    make([]uint32, 1, n+1),
	}
	// ordinals of values already seen, without the store's lock
	local := map[string]uint32{}
	// an article's paragraphs and its record are written in one batch, so
	// they share a segment (merges keep them together): numbering articles
	// per segment is enough to group hits by article and to give
	// paragraphs their record's title match (articleTitles)
	articles := map[string]uint32{}
	var d uint64
	visit := func(field string, term []byte) {
		switch field {
		case fFacets:
			o, ok := local[string(term)]
			if !ok {
				if o, ok = cs.ordinal(term); !ok {
					return
				}
				local[string(term)] = o
			}
			c.facetOrds = append(c.facetOrds, o)
		case fDate:
			c.date[d] = dateNumber(term)
		case fRank:
			kind, length := parseRank(term)
			c.rank[d] = uint32(kind)<<24 | uint32(min(length, 1<<24-1))
		}
	}
	var state segment.DocVisitState
	var err error
	for d = 0; d < n; d++ {
		if state, err = visitDocValues(seg, d, columnFields, visit, state); err != nil {
			return nil, fmt.Errorf("index: reading the columns of document %d: %w", d, err)
		}
		if c.rank[d] == 0 { // no doc value: the ranking's default
			kind, length := parseRank(nil)
			c.rank[d] = uint32(kind)<<24 | uint32(length)
		}
		c.facetStart = append(c.facetStart, uint32(len(c.facetOrds)))
		id, err := seg.DocID(d)
		if err != nil {
			return nil, fmt.Errorf("index: reading the ID of document %d: %w", d, err)
		}
		c.ids = append(c.ids, id...)
		a, ok := articles[articleOf(string(id))]
		if !ok {
			a = uint32(len(articles))
			articles[articleOf(string(id))] = a
		}
		c.article[d] = a
		c.idStart = append(c.idStart, uint32(len(c.ids)))
	}
	c.articles = uint32(len(articles))
	return c, nil
}

// dateNumber is a YYYY-MM-DD date as the number YYYYMMDD, which orders
// alike; 0 for anything else.
func dateNumber(b []byte) uint32 {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0
	}
	var n uint32
	for i, c := range b {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + uint32(c-'0')
	}
	return n
}

// dateString is the inverse of dateNumber ("" for 0).
func dateString(n uint32) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", n/10000, n/100%100, n%100)
}
