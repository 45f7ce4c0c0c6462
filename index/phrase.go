package index

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// positionalQuery matches the documents in which its terms stand at their
// offsets from the first in one field: a phrase of three characters or
// more, as the conjunction of its bigrams with a check of their positions.
// Bleve's PhraseQuery matches the same documents, but it builds a map of
// every candidate's locations to check them; on the harness's queries of
// three characters that was a fifth of a search's CPU and most of its
// garbage.
type positionalQuery struct {
	field   string
	terms   []string
	offsets []int // of each term from the first, in positions
	boost   float64
}

// newPositionalQuery is the phrase of terms in field, "" standing for a
// position any term may fill (as in Bleve's PhraseQuery).
func newPositionalQuery(field string, terms []string, boost float64) *positionalQuery {
	q := &positionalQuery{field: field, boost: boost}
	for i, t := range terms {
		if t != "" {
			q.terms = append(q.terms, t)
			q.offsets = append(q.offsets, i)
		}
	}
	return q
}

func (q *positionalQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s := &positionalSearcher{field: q.field}
	child := map[string]int{}
	for k, t := range q.terms {
		c, ok := child[t]
		if !ok {
			ts, err := searcher.NewTermSearcher(ctx, i, t, q.field, q.boost,
				search.SearcherOptions{IncludeTermVectors: true, Score: opts.Score, Explain: opts.Explain})
			if err != nil {
				s.Close()
				return nil, err
			}
			c = len(s.children)
			child[t] = c
			s.children = append(s.children, ts)
		}
		s.needs = append(s.needs, placed{child: c, offset: uint64(q.offsets[k] - q.offsets[0])})
	}
	s.currs = make([]*search.DocumentMatch, len(s.children))
	s.pos = make([][]uint64, len(s.children))
	return s, nil
}

// placed is one term of the phrase: the child searching it and its offset.
type placed struct {
	child  int
	offset uint64
}

// positionalSearcher walks its children (one term searcher per distinct
// term) in step and returns the documents where every term stands in its
// place. A hit carries the locations of all its terms, which the ranking
// reads (rank.go).
type positionalSearcher struct {
	field    string
	children []search.Searcher
	needs    []placed
	currs    []*search.DocumentMatch
	pos      [][]uint64 // positions of each child's term in the current document
	top      bleveindex.IndexInternalID
	started  bool
}

func (s *positionalSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	for k, c := range s.children {
		d, err := c.Next(ctx)
		if err != nil {
			return err
		}
		s.currs[k] = d
	}
	return nil
}

func (s *positionalSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	} else if err := s.step(ctx, 0, nil); err != nil {
		return nil, err
	}
	return s.match(ctx)
}

func (s *positionalSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	for k := range s.children {
		if s.currs[k] != nil && s.currs[k].IndexInternalID.Compare(id) < 0 {
			if err := s.step(ctx, k, id); err != nil {
				return nil, err
			}
		}
	}
	return s.match(ctx)
}

// step moves child k to its next document, or to its first at or after id.
func (s *positionalSearcher) step(ctx *search.SearchContext, k int, id bleveindex.IndexInternalID) error {
	if s.currs[k] == nil {
		return nil
	}
	ctx.DocumentMatchPool.Put(s.currs[k])
	var err error
	if id == nil {
		s.currs[k], err = s.children[k].Next(ctx)
	} else {
		s.currs[k], err = s.children[k].Advance(ctx, id)
	}
	return err
}

// match moves the children to the first document, from where they stand,
// that has every term in its place.
func (s *positionalSearcher) match(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		// leapfrog: every child to the furthest document any stands on
		var top bleveindex.IndexInternalID
		for _, d := range s.currs {
			if d == nil {
				return nil, nil
			}
			if top == nil || d.IndexInternalID.Compare(top) > 0 {
				top = d.IndexInternalID
			}
		}
		s.top = append(s.top[:0], top...) // stepping reuses the matches' buffers
		top = s.top
		aligned := true
		for k := range s.currs {
			if s.currs[k].IndexInternalID.Compare(top) < 0 {
				if err := s.step(ctx, k, top); err != nil {
					return nil, err
				}
				if s.currs[k] == nil {
					return nil, nil
				}
			}
			if s.currs[k].IndexInternalID.Compare(top) != 0 {
				aligned = false
			}
		}
		if !aligned {
			continue
		}
		if s.inPlace() {
			return s.hit(ctx), nil
		}
		if err := s.step(ctx, 0, nil); err != nil {
			return nil, err
		}
	}
}

// inPlace reports whether the current document has every term of the
// phrase at its offset from some position of the first.
func (s *positionalSearcher) inPlace() bool {
	for k, d := range s.currs {
		p := s.pos[k][:0]
		for _, l := range d.FieldTermLocations {
			if l.Field == s.field {
				p = append(p, l.Location.Pos)
			}
		}
		if !slices.IsSorted(p) {
			slices.Sort(p)
		}
		s.pos[k] = p
	}
	first := s.needs[0]
	for _, at := range s.pos[first.child] {
		all := true
		for _, n := range s.needs[1:] {
			if _, found := slices.BinarySearch(s.pos[n.child], at+n.offset); !found {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// hit is the current document as a match: the children's scores added up
// (as a conjunction scores) and all their locations.
func (s *positionalSearcher) hit(ctx *search.SearchContext) *search.DocumentMatch {
	rv := ctx.DocumentMatchPool.Get()
	rv.IndexInternalID = append(rv.IndexInternalID[:0], s.currs[0].IndexInternalID...)
	rv.FieldTermLocations = rv.FieldTermLocations[:0]
	for _, d := range s.currs {
		rv.Score += d.Score
		rv.FieldTermLocations = append(rv.FieldTermLocations, d.FieldTermLocations...)
	}
	return rv
}

func (s *positionalSearcher) Close() error {
	var first error
	for _, c := range s.children {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *positionalSearcher) Weight() float64 {
	w := 0.0
	for _, c := range s.children {
		w += c.Weight()
	}
	return w
}

func (s *positionalSearcher) SetQueryNorm(qnorm float64) {
	for _, c := range s.children {
		c.SetQueryNorm(qnorm)
	}
}

// Count estimates the hits: at most those of the rarest term.
func (s *positionalSearcher) Count() uint64 {
	var n uint64
	for k, c := range s.children {
		if k == 0 || c.Count() < n {
			n = c.Count()
		}
	}
	return n
}

func (s *positionalSearcher) Min() int { return 0 }

func (s *positionalSearcher) Size() int {
	n := 0
	for _, c := range s.children {
		n += c.Size()
	}
	return n
}

func (s *positionalSearcher) DocumentMatchPoolSize() int {
	n := 1
	for _, c := range s.children {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
