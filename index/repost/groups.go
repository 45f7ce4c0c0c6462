package repost

import (
	"iter"
	"slices"
)

// Groups holds the sentences of the articles written so far and their
// repost groups, kept right as articles are added, replaced and deleted. A
// group is a connected component of the Copies relation, so the groups do
// not depend on the order the articles came in: a rebuild finds the groups
// the incremental path found. It is not safe for concurrent use.
//
// Its memory is that of the index's sentences, kept flat (about 24 bytes a
// sentence, measured in docs/performance.md, "Repost groups at scale"):
// articles are numbered, their sentences held in one arena, and the
// postings are a sorted array of (sentence, number) pairs, rebuilt now and
// then, with maps for the articles written since. Paragraphs are not held:
// the index reads them (Anchors) from the stored entries of the few
// articles in a group.
type Groups struct {
	num map[string]uint32 // an article's number
	ids []string          // by number; "" when dead (deleted or written again)
	// the sentences of article k are hashes[start[k]:start[k+1]], sorted,
	// their skeletons' lengths runes[…] (uint32: a page without a sentence
	// end may hold one of 100,000 letters), their sum sums[k]
	start  []uint32
	hashes []uint64
	runes  []uint32
	sums   []uint32
	dead   int // sentences of dead numbers, dropped at the next rebuild

	// A sentence's articles are its pairs in the frozen array (less dead
	// numbers) and, for articles numbered since it was built, the maps.
	frozenHash []uint64 // sorted
	frozenNum  []uint32
	single     map[uint64]uint32   // a sentence one newer article holds → its number
	multi      map[uint64][]uint32 // a sentence several newer articles hold → their numbers
	posted     int                 // sentences in the maps

	group map[string][]string // an article → its group's members (sorted, shared by all of them); absent when alone
}

// NewGroups returns an empty set of groups.
func NewGroups() *Groups {
	return &Groups{num: map[string]uint32{}, start: []uint32{0}, single: map[uint64]uint32{},
		multi: map[uint64][]uint32{}, group: map[string][]string{}}
}

// Put adds p, or replaces the print of its article, and returns the
// articles whose group changed (p's own among them when it did).
func (g *Groups) Put(p Print) []string {
	g.maybeRebuild()
	before := g.Group(p.ID)
	if _, ok := g.num[p.ID]; ok {
		g.unlink(p.ID)
	}
	k := g.store(p)
	g.post(k)
	component := []string{p.ID}
	pk := g.view(k)
	for _, c := range g.candidates(k) {
		if q := g.view(c); copies(pk, q) {
			component = append(component, q.id)
			component = append(component, g.Group(q.id)...)
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

// PutAll adds many prints, or replaces those of their articles, as Put
// would one by one, and returns the articles whose group changed. It is
// how an index opens: the postings are sorted once, and the groups are
// formed in one pass over the sentences that 2 to MaxPostings articles
// share, where Put would look up and regroup article by article.
func (g *Groups) PutAll(prints iter.Seq[Print]) []string {
	for p := range prints {
		if k, ok := g.num[p.ID]; ok {
			g.unpost(k)
			g.kill(k)
		}
		g.store(p)
	}
	g.rebuild()

	// union-find over article numbers: the components of the Copies
	// relation among the candidate pairs
	parent := make([]uint32, len(g.ids))
	for k := range parent {
		parent[k] = uint32(k)
	}
	find := func(k uint32) uint32 {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	for _, pair := range g.candidatePairs() {
		a, b := uint32(pair>>32), uint32(pair)
		if ra, rb := find(a), find(b); ra != rb && copies(g.view(a), g.view(b)) {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	others := map[uint32][]string{} // a component's root → its other members
	for k, id := range g.ids {
		if r := find(uint32(k)); r != uint32(k) {
			others[r] = append(others[r], id)
		}
	}
	old := g.group
	g.group = map[string][]string{}
	for r, ids := range others {
		ids = append(ids, g.ids[r])
		slices.Sort(ids)
		for _, id := range ids {
			g.group[id] = ids
		}
	}
	var changed []string
	for id, ids := range old {
		if !slices.Equal(ids, g.group[id]) {
			changed = append(changed, id)
		}
	}
	for id, ids := range g.group {
		if !slices.Equal(ids, old[id]) {
			changed = append(changed, id)
		}
	}
	return dedupe(changed)
}

// candidatePairs are the pairs of articles (the smaller number in the high
// half) that share a sentence at most MaxPostings articles hold; the maps
// must be empty (just after a rebuild).
func (g *Groups) candidatePairs() []uint64 {
	var pairs []uint64
	for i := 0; i < len(g.frozenHash); {
		j := i + 1
		for j < len(g.frozenHash) && g.frozenHash[j] == g.frozenHash[i] {
			j++
		}
		if j-i <= MaxPostings {
			for a := i; a < j; a++ {
				for b := a + 1; b < j; b++ {
					pairs = append(pairs, uint64(g.frozenNum[a])<<32|uint64(g.frozenNum[b]))
				}
			}
		}
		i = j
	}
	slices.Sort(pairs)
	return slices.Compact(pairs)
}

// Delete removes an article and returns the articles whose group changed.
func (g *Groups) Delete(id string) []string {
	g.maybeRebuild()
	if _, ok := g.num[id]; !ok {
		return nil
	}
	return g.unlink(id)
}

// Group is the sorted IDs of the copies of id's article, itself included;
// nil when it has none.
func (g *Groups) Group(id string) []string { return g.group[id] }

// sentences is a held article's sentences, a view into the arena.
type sentences struct {
	id     string
	hashes []uint64 // sorted
	runes  []uint32
	sum    int // of runes
}

func (g *Groups) view(k uint32) sentences {
	s, e := g.start[k], g.start[k+1]
	return sentences{id: g.ids[k], hashes: g.hashes[s:e], runes: g.runes[s:e], sum: int(g.sums[k])}
}

// store keeps p's sentences under a new number.
func (g *Groups) store(p Print) uint32 {
	k := uint32(len(g.ids))
	g.hashes, g.runes = sortedSentences(p.Sentences, g.hashes, g.runes)
	g.start = append(g.start, uint32(len(g.hashes)))
	sum := 0
	for _, s := range p.Sentences {
		sum += s.Runes
	}
	g.sums = append(g.sums, uint32(sum))
	g.ids = append(g.ids, p.ID)
	g.num[p.ID] = k
	return k
}

// kill makes number k dead: its sentences stay in the arena and the frozen
// postings, passed over, until the next rebuild.
func (g *Groups) kill(k uint32) {
	delete(g.num, g.ids[k])
	g.ids[k] = ""
	g.dead += int(g.start[k+1] - g.start[k])
}

// unlink takes id out of the lookup tables and its group, splitting what is
// left of the group into the components it now forms.
func (g *Groups) unlink(id string) []string {
	members := g.group[id]
	k := g.num[id]
	g.unpost(k)
	g.kill(k)
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
				if !slices.Contains(comp, other) && copies(g.view(g.num[comp[i]]), g.view(g.num[other])) {
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

// post enters the sentences of article k in the maps.
func (g *Groups) post(k uint32) {
	for _, h := range g.view(k).hashes {
		if ks, ok := g.multi[h]; ok {
			if ks[len(ks)-1] != k {
				g.multi[h] = append(ks, k)
				g.posted++
			}
		} else if o, ok := g.single[h]; ok {
			if o != k {
				delete(g.single, h)
				g.multi[h] = []uint32{o, k}
				g.posted++
			}
		} else {
			g.single[h] = k
			g.posted++
		}
	}
}

// unpost takes the sentences of article k out of the maps (the frozen
// postings pass over dead numbers).
func (g *Groups) unpost(k uint32) {
	for _, h := range g.view(k).hashes {
		if ks, ok := g.multi[h]; ok {
			n := len(ks)
			switch ks = slices.DeleteFunc(ks, func(n uint32) bool { return n == k }); len(ks) {
			case 1:
				delete(g.multi, h)
				g.single[h] = ks[0]
			default:
				g.multi[h] = ks
			}
			g.posted -= n - len(ks)
		} else if o, ok := g.single[h]; ok && o == k {
			delete(g.single, h)
			g.posted--
		}
	}
}

// candidates are the numbers of the articles that share a sentence with
// article k, leaving out sentences shared by more than MaxPostings
// articles.
func (g *Groups) candidates(k uint32) []uint32 {
	var out, holders []uint32
	for _, h := range g.view(k).hashes {
		holders = holders[:0]
		i, _ := slices.BinarySearch(g.frozenHash, h)
		for ; i < len(g.frozenHash) && g.frozenHash[i] == h && len(holders) <= MaxPostings; i++ {
			if n := g.frozenNum[i]; g.ids[n] != "" {
				holders = append(holders, n)
			}
		}
		if ks, ok := g.multi[h]; ok {
			holders = append(holders, ks...)
		} else if n, ok := g.single[h]; ok {
			holders = append(holders, n)
		}
		if len(holders) <= MaxPostings {
			for _, n := range holders {
				if n != k {
					out = append(out, n)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// rebuildMin is the least growth of the maps (or of dead sentences) that
// pays for a rebuild: below it, a rebuild would cost more than it saves.
const rebuildMin = 1 << 16

// maybeRebuild rebuilds when the maps hold half as many postings as the
// frozen array, or half the arena is dead: the rebuilds of a growing index
// cost a few times the sorting of its final postings.
func (g *Groups) maybeRebuild() {
	if g.posted > len(g.frozenHash)/2+rebuildMin || g.dead > len(g.hashes)/2+rebuildMin {
		g.rebuild()
	}
}

// rebuild drops the dead numbers, numbering the live articles anew in
// their order, and sorts all their sentences into the frozen postings,
// emptying the maps.
func (g *Groups) rebuild() {
	g.frozenHash, g.frozenNum = nil, nil
	g.single, g.multi, g.posted = map[uint64]uint32{}, map[uint64][]uint32{}, 0
	w, at := 0, uint32(0) // live articles and sentences kept so far
	for k, id := range g.ids {
		s, e := g.start[k], g.start[k+1]
		if id == "" {
			continue
		}
		copy(g.hashes[at:], g.hashes[s:e])
		copy(g.runes[at:], g.runes[s:e])
		g.ids[w] = id
		g.start[w] = at
		g.sums[w] = g.sums[k]
		g.num[id] = uint32(w)
		w++
		at += e - s
	}
	g.ids, g.start, g.sums = shrink(g.ids[:w]), shrink(append(g.start[:w], at)), shrink(g.sums[:w])
	g.hashes, g.runes = shrink(g.hashes[:at]), shrink(g.runes[:at])
	g.dead = 0

	hs, ns := slices.Clone(g.hashes), make([]uint32, len(g.hashes))
	for k := range g.ids {
		for i := g.start[k]; i < g.start[k+1]; i++ {
			ns[i] = uint32(k)
		}
	}
	sortPairs(hs, ns)
	// an article holding a sentence twice is posted once
	w = 0
	for i := range hs {
		if i == 0 || hs[i] != hs[w-1] || ns[i] != ns[w-1] {
			hs[w], ns[w] = hs[i], ns[i]
			w++
		}
	}
	g.frozenHash, g.frozenNum = hs[:w], ns[:w]
}

// shrink gives back the memory of a slice that lost half its length.
func shrink[S ~[]E, E any](s S) S {
	if cap(s) > 2*len(s)+1024 {
		return slices.Clone(s)
	}
	return s
}

// sortPairs sorts the pairs (hs[i], ns[i]) by hash, keeping the order of
// equal hashes (a stable radix sort, a byte a pass: the hashes are
// uniform, and a comparison sort of millions of pairs takes several times
// longer).
func sortPairs(hs []uint64, ns []uint32) {
	if len(hs) < 256 {
		idx := make([]int, len(hs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case hs[a] < hs[b]:
				return -1
			case hs[a] > hs[b]:
				return 1
			}
			return 0
		})
		h2, n2 := slices.Clone(hs), slices.Clone(ns)
		for i, j := range idx {
			hs[i], ns[i] = h2[j], n2[j]
		}
		return
	}
	th, tn := make([]uint64, len(hs)), make([]uint32, len(ns))
	src, dst := hs, th
	srcN, dstN := ns, tn
	for shift := 0; shift < 64; shift += 8 {
		var count [257]int
		for _, h := range src {
			count[(h>>shift)&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for i, h := range src {
			b := (h >> shift) & 0xff
			dst[count[b]], dstN[count[b]] = h, srcN[i]
			count[b]++
		}
		src, dst = dst, src
		srcN, dstN = dstN, srcN
	}
	// eight passes end where they began: in hs and ns
}

// copies reports whether two held articles are copies (Copies), as
// similarity's figures would say, but gives up as soon as the shorter's
// sentences not found in the longer rule the containment out: most
// candidates share a sentence or two and are passed over after a few.
func copies(a, b sentences) bool {
	ra, rb := a.sum, b.sum
	if ra > rb || ra == rb && a.id > b.id {
		a, b, ra, rb = b, a, rb, ra
	}
	if ra == 0 || float64(ra)/float64(rb) < MinLengthRatio {
		return false
	}
	missed := 0
	for i, j := 0, 0; i < len(a.hashes); {
		switch {
		case j == len(b.hashes) || a.hashes[i] < b.hashes[j]:
			missed += int(a.runes[i])
			if float64(ra-missed)/float64(ra) < MinContainment {
				return false
			}
			i++
		case a.hashes[i] > b.hashes[j]:
			j++
		default:
			i++
			j++
		}
	}
	return true
}

func remove(ids []string, id string) []string {
	return slices.DeleteFunc(ids, func(s string) bool { return s == id })
}

func dedupe(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
