package repost

import (
	"slices"
)

// Groups holds the prints of the articles written so far and their repost
// groups, kept right as articles are added, replaced and deleted. A group
// is a connected component of the Copies relation, so the groups do not
// depend on the order the articles came in: a rebuild finds the groups the
// incremental path found. It is not safe for concurrent use.
//
// It holds every article's print, so its memory is that of the index's
// sentences: articles are numbered, prints kept in a slice by number, and
// a sentence's postings are one number in a map of numbers unless several
// articles share it (about 60 bytes a sentence in all, measured in
// docs/design.md, "Reposts").
type Groups struct {
	num    map[string]uint32   // an article's number
	prints []Print             // by number; a free number's has no ID
	free   []uint32            // numbers of articles deleted, for reuse
	single map[uint64]uint32   // a sentence one article holds → its number
	multi  map[uint64][]uint32 // a sentence several articles hold → their numbers
	group  map[string][]string // an article → its group's members (sorted, shared by all of them); absent when alone
}

// NewGroups returns an empty set of groups.
func NewGroups() *Groups {
	return &Groups{num: map[string]uint32{}, single: map[uint64]uint32{}, multi: map[uint64][]uint32{}, group: map[string][]string{}}
}

// Put adds p, or replaces the print of its article, and returns the
// articles whose group changed (p's own among them when it did).
func (g *Groups) Put(p Print) []string {
	before := g.Group(p.ID)
	if _, ok := g.num[p.ID]; ok {
		g.unlink(p.ID)
	}
	k := g.store(p)
	g.post(p, k)
	component := []string{p.ID}
	for _, c := range g.candidates(p, k) {
		if q := &g.prints[c]; Copies(p, *q) {
			component = append(component, q.ID)
			component = append(component, g.Group(q.ID)...)
		}
	}
	slices.Sort(component)
	component = slices.Compact(component)
	changed := g.regroup(component)
	if !slices.Equal(before, g.Group(p.ID)) {
		changed = append(changed, before...)
	}
	return dedupe(changed)
}

// Delete removes an article and returns the articles whose group changed.
func (g *Groups) Delete(id string) []string {
	if _, ok := g.num[id]; !ok {
		return nil
	}
	return g.unlink(id)
}

// Group is the sorted IDs of the copies of id's article, itself included;
// nil when it has none.
func (g *Groups) Group(id string) []string { return g.group[id] }

// Print is the print held for id; nil when none is.
func (g *Groups) Print(id string) *Print {
	k, ok := g.num[id]
	if !ok {
		return nil
	}
	p := g.prints[k]
	return &p
}

// store keeps p under a number, reusing a free one.
func (g *Groups) store(p Print) uint32 {
	var k uint32
	if n := len(g.free); n > 0 {
		k, g.free = g.free[n-1], g.free[:n-1]
		g.prints[k] = p
	} else {
		k = uint32(len(g.prints))
		g.prints = append(g.prints, p)
	}
	g.num[p.ID] = k
	return k
}

// printOf is the print of a held article.
func (g *Groups) printOf(id string) Print { return g.prints[g.num[id]] }

// unlink takes id out of the lookup tables and its group, splitting what is
// left of the group into the components it now forms.
func (g *Groups) unlink(id string) []string {
	members := g.group[id]
	k := g.num[id]
	g.unpost(g.prints[k], k)
	g.prints[k] = Print{}
	g.free = append(g.free, k)
	delete(g.num, id)
	delete(g.group, id)
	if members == nil {
		return nil
	}
	rest := remove(slices.Clone(members), id)
	changed := slices.Clone(members)
	for len(rest) > 0 {
		// the component of rest[0] among the remaining members
		comp := []string{rest[0]}
		for i := 0; i < len(comp); i++ {
			for _, other := range rest {
				if !slices.Contains(comp, other) && Copies(g.printOf(comp[i]), g.printOf(other)) {
					comp = append(comp, other)
				}
			}
		}
		slices.Sort(comp)
		g.regroup(comp)
		rest = slices.DeleteFunc(rest, func(s string) bool { return slices.Contains(comp, s) })
	}
	return changed
}

// regroup makes members one group and returns them if that changed any
// member's group.
func (g *Groups) regroup(members []string) []string {
	if len(members) < 2 {
		for _, m := range members {
			if g.group[m] != nil {
				delete(g.group, m)
				return members
			}
		}
		return nil
	}
	var changed []string
	for _, m := range members {
		if !slices.Equal(g.group[m], members) {
			changed = members
		}
		g.group[m] = members
	}
	return changed
}

// post enters the sentences of p, article k, in the postings.
func (g *Groups) post(p Print, k uint32) {
	for _, s := range p.Sentences {
		h := s.Hash
		if ks, ok := g.multi[h]; ok {
			if ks[len(ks)-1] != k {
				g.multi[h] = append(ks, k)
			}
		} else if o, ok := g.single[h]; ok {
			if o != k {
				delete(g.single, h)
				g.multi[h] = []uint32{o, k}
			}
		} else {
			g.single[h] = k
		}
	}
}

// unpost takes the sentences of p, article k, out of the postings.
func (g *Groups) unpost(p Print, k uint32) {
	for _, s := range p.Sentences {
		h := s.Hash
		if ks, ok := g.multi[h]; ok {
			switch ks = slices.DeleteFunc(ks, func(n uint32) bool { return n == k }); len(ks) {
			case 1:
				delete(g.multi, h)
				g.single[h] = ks[0]
			default:
				g.multi[h] = ks
			}
		} else if o, ok := g.single[h]; ok && o == k {
			delete(g.single, h)
		}
	}
}

// candidates are the numbers of the articles that share a sentence with p,
// article k, leaving out sentences shared by more than MaxPostings
// articles.
func (g *Groups) candidates(p Print, k uint32) []uint32 {
	var out []uint32
	for _, s := range p.Sentences {
		if ks, ok := g.multi[s.Hash]; ok && len(ks) <= MaxPostings {
			for _, n := range ks {
				if n != k {
					out = append(out, n)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func remove(ids []string, id string) []string {
	return slices.DeleteFunc(ids, func(s string) bool { return s == id })
}

func dedupe(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
