package repost

import (
	"slices"
)

// Groups holds the prints of the articles written so far and their repost
// groups, kept right as articles are added, replaced and deleted. A group
// is a connected component of the Copies relation, so the groups do not
// depend on the order the articles came in: a rebuild finds the groups the
// incremental path found. It is not safe for concurrent use.
type Groups struct {
	prints map[string]Print
	posts  map[uint64][]string // a sentence's hash → the articles that hold it
	group  map[string][]string // an article → its group's members (sorted, shared by all of them); absent when alone
}

// NewGroups returns an empty set of groups.
func NewGroups() *Groups {
	return &Groups{prints: map[string]Print{}, posts: map[uint64][]string{}, group: map[string][]string{}}
}

// Put adds p, or replaces the print of its article, and returns the
// articles whose group changed (p's own among them when it did).
func (g *Groups) Put(p Print) []string {
	before := g.Group(p.ID)
	if _, ok := g.prints[p.ID]; ok {
		g.unlink(p.ID)
	}
	g.prints[p.ID] = p
	g.post(p)
	component := []string{p.ID}
	for _, id := range g.candidates(p) {
		if Copies(p, g.prints[id]) {
			component = append(component, id)
			component = append(component, g.Group(id)...)
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
	if _, ok := g.prints[id]; !ok {
		return nil
	}
	return g.unlink(id)
}

// Group is the sorted IDs of the copies of id's article, itself included;
// nil when it has none.
func (g *Groups) Group(id string) []string { return g.group[id] }

// Len is the number of articles held.
func (g *Groups) Len() int { return len(g.prints) }

// unlink takes id out of the lookup tables and its group, splitting what is
// left of the group into the components it now forms.
func (g *Groups) unlink(id string) []string {
	members := g.group[id]
	p := g.prints[id]
	for _, s := range p.Sentences {
		if ids := remove(g.posts[s.Hash], id); len(ids) > 0 {
			g.posts[s.Hash] = ids
		} else {
			delete(g.posts, s.Hash)
		}
	}
	delete(g.prints, id)
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
				if !slices.Contains(comp, other) && Copies(g.prints[comp[i]], g.prints[other]) {
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

// post enters p's sentences in the lookup table.
func (g *Groups) post(p Print) {
	for _, s := range p.Sentences {
		g.posts[s.Hash] = appendOnce(g.posts[s.Hash], p.ID)
	}
}

// candidates are the articles that share a sentence with p, leaving out
// sentences shared by more than MaxPostings articles.
func (g *Groups) candidates(p Print) []string {
	var out []string
	add := func(ids []string) {
		if len(ids) > MaxPostings {
			return
		}
		for _, id := range ids {
			if id != p.ID {
				out = append(out, id)
			}
		}
	}
	for _, s := range p.Sentences {
		add(g.posts[s.Hash])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func appendOnce(ids []string, id string) []string {
	if len(ids) > 0 && ids[len(ids)-1] == id {
		return ids
	}
	return append(ids, id)
}

func remove(ids []string, id string) []string {
	return slices.DeleteFunc(ids, func(s string) bool { return s == id })
}

func dedupe(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
