package index

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"fangtan/index/model"
	"fangtan/index/repost"
)

// Reposts (转载): copies of one article that other sites published are one
// repost group (package repost finds them), and a search shows a reposted
// paragraph once, from the group's representative copy (collect.go).
//
// Groups are derived data, kept in memory and never written to Bleve: each
// article's record document stores its repost entry (its print and the
// facts that choose a representative, fPrint), written in the article's
// own batch; Open reads the entries back and forms the groups again. A
// group is a connected component of the copy relation, so the groups an
// index opens with are the groups its writes formed one by one. The
// searches read an immutable snapshot of the groups (only the articles
// that have copies), replaced after each write that changed one.
type repostState struct {
	mu     sync.Mutex     // guards groups and nextOrd
	groups *repost.Groups // sentences only: what orders a group's copies
	// and their paragraphs are read from the stored entries (lookup) of
	// the few articles in a group when it changes
	lookup  func(id string) (repost.Entry, error)
	nextOrd uint32
	snap    atomic.Pointer[repostSnapshot]

	viewsMu sync.Mutex
	views   map[segment.Segment]*segmentReposts // by segment, for the snapshot they were built from
}

// repostSnapshot is the repost groups as of one write.
type repostSnapshot struct {
	members map[string]*groupMember // the articles that have copies
}

// groupMember is an article in a repost group.
type groupMember struct {
	group   *repostGroup
	pref    int            // its place in the group's order: 0 is the representative
	anchors map[int]uint32 // paragraph number → the group paragraph it copies (repost.Anchors)
}

// repostGroup is one repost group.
type repostGroup struct {
	ord     uint32         // unique among the groups of a snapshot, never 0
	members []string       // best copy first (repost.Order)
	holders map[uint32]int // group paragraph → how many copies hold it
}

func newRepostState(lookup func(id string) (repost.Entry, error)) *repostState {
	rs := &repostState{groups: repost.NewGroups(), lookup: lookup, views: map[segment.Segment]*segmentReposts{}}
	rs.snap.Store(&repostSnapshot{members: map[string]*groupMember{}})
	return rs
}

// put enters the entries of articles just written and publishes the
// groups they changed.
func (rs *repostState) put(entries ...repost.Entry) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var changed []string
	given := make(map[string]*repost.Entry, len(entries))
	for i, e := range entries {
		given[e.ID] = &entries[i]
		changed = append(changed, rs.groups.Put(e.Print)...)
		// a new date or source may change the order of an unchanged group
		changed = append(changed, rs.groups.Group(e.ID)...)
	}
	rs.publish(changed, given)
}

// delete takes articles out of their groups.
func (rs *repostState) delete(ids ...string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var changed []string
	for _, id := range ids {
		changed = append(changed, rs.groups.Delete(id)...)
	}
	rs.publish(changed, nil)
}

// publish replaces the snapshot with one where the groups of changed are
// as rs.groups has them now, the entries of articles just written given.
// Called with rs.mu held.
func (rs *repostState) publish(changed []string, given map[string]*repost.Entry) {
	if len(changed) == 0 {
		return
	}
	old := rs.snap.Load()
	members := maps.Clone(old.members)
	for _, id := range changed {
		delete(members, id)
	}
	done := map[string]bool{}
	for _, id := range changed {
		ids := rs.groups.Group(id)
		if ids == nil || done[ids[0]] {
			continue
		}
		done[ids[0]] = true
		cs := make([]repost.Copy, len(ids))
		byID := make(map[string]*repost.Print, len(ids))
		for i, m := range ids {
			e := rs.entryOf(m, given)
			cs[i], byID[m] = e.Copy, &e.Print
		}
		repost.Order(cs)
		prints := make([]*repost.Print, len(cs))
		for i, c := range cs {
			prints[i] = byID[c.ID]
		}
		anchors := repost.Anchors(prints)
		rs.nextOrd++
		g := &repostGroup{ord: rs.nextOrd, holders: map[uint32]int{}}
		for i, c := range cs {
			g.members = append(g.members, c.ID)
			held := map[uint32]bool{}
			for _, a := range anchors[i] {
				if !held[a] {
					held[a] = true
					g.holders[a]++
				}
			}
			members[c.ID] = &groupMember{group: g, pref: i, anchors: anchors[i]}
		}
	}
	rs.snap.Store(&repostSnapshot{members: members})
}

// counts are the number of groups and of the copies beyond one per group.
func (s *repostSnapshot) counts() (groups, reposts int) {
	for _, m := range s.members {
		if m.pref == 0 {
			groups++
		} else {
			reposts++
		}
	}
	return groups, reposts
}

// entryOf is the repost entry of article id: given, or read back.
func (rs *repostState) entryOf(id string, given map[string]*repost.Entry) *repost.Entry {
	if e, ok := given[id]; ok {
		return e
	}
	e, err := rs.lookup(id)
	if err != nil {
		// ordered by its ID alone, its paragraphs matched to none, until
		// it is written again
		e = repost.Entry{Copy: repost.Copy{ID: id}, Print: repost.Print{ID: id}}
	}
	return &e
}

// copiesOf is how many other copies of m's group hold a copy of its
// paragraph n.
func (m *groupMember) copiesOf(n int) int {
	a, ok := m.anchors[n]
	if !ok {
		return 0
	}
	return m.group.holders[a] - 1
}

// segmentReposts is what the collector reads of a segment's documents to
// collapse copies: by document, its repost group (its ord; 0 when its
// article has no copies), its article's place in the group and the group
// paragraph it copies (0: none, never collapsed).
type segmentReposts struct {
	snap  *repostSnapshot
	group []uint32
	pref  []uint8
	key   []uint32
}

// collapsible reports whether document d has copies elsewhere.
func (r *segmentReposts) collapsible(d uint64) bool { return r != nil && r.group[d] != 0 }

// of returns the repost columns of segments with their columns cols, as of
// snap: nil for a segment none of whose articles has copies.
func (rs *repostState) of(snap *repostSnapshot, segs []segment.Segment, cols []*segmentColumns) []*segmentReposts {
	out := make([]*segmentReposts, len(segs))
	if len(snap.members) == 0 {
		return out
	}
	rs.viewsMu.Lock()
	defer rs.viewsMu.Unlock()
	live := make(map[segment.Segment]bool, len(segs))
	for i, seg := range segs {
		live[seg] = true
		v, ok := rs.views[seg]
		if !ok || v.snap != snap {
			v = buildReposts(snap, cols[i])
			rs.views[seg] = v
		}
		if v.group != nil {
			out[i] = v
		}
	}
	for seg := range rs.views {
		if !live[seg] {
			delete(rs.views, seg)
		}
	}
	return out
}

// buildReposts reads the repost columns of one segment from its IDs.
func buildReposts(snap *repostSnapshot, c *segmentColumns) *segmentReposts {
	v := &segmentReposts{snap: snap}
	n := len(c.article)
	var last uint32 = 1<<32 - 1
	var m *groupMember
	for d := range n {
		if a := c.article[d]; a != last {
			last = a
			aid, _ := splitDocIDBytes(c.id(uint64(d)))
			m = snap.members[string(aid)]
		}
		if m == nil {
			continue
		}
		if v.group == nil {
			v.group, v.pref, v.key = make([]uint32, n), make([]uint8, n), make([]uint32, n)
		}
		_, para := splitDocIDBytes(c.id(uint64(d)))
		v.group[d] = m.group.ord
		v.pref[d] = uint8(min(m.pref, 255))
		v.key[d] = m.anchors[para]
	}
	return v
}

// splitDocIDBytes is splitDocID without allocating; a record document
// ("a/ID") gives paragraph -1.
func splitDocIDBytes(id []byte) (articleID []byte, n int) {
	if bytes.HasPrefix(id, []byte(recordPrefix)) {
		return id[len(recordPrefix):], -1
	}
	i := bytes.LastIndexByte(id, '-')
	if i < 0 {
		return id, 0
	}
	for _, c := range id[i+1:] {
		if c < '0' || c > '9' {
			return id[:i], 0
		}
		n = n*10 + int(c-'0')
	}
	return id[:i], n
}

// loadReposts reads every article's repost entry and forms the groups: at
// open, one reader per shard.
func (ix *Index) loadReposts() error {
	// the prints go to the groups as they are read: only their sentences
	// stay in memory, and the rest of an entry is read again for the few
	// articles in a group (rs.lookup)
	prints := make(chan repost.Print, 256)
	var changed []string
	done := make(chan struct{})
	rs := ix.reposts
	rs.mu.Lock()
	defer rs.mu.Unlock()
	go func() {
		changed = rs.groups.PutAll(func(yield func(repost.Print) bool) {
			for p := range prints {
				if !yield(p) {
					return
				}
			}
		})
		close(done)
	}()
	err := ix.eachShard(func(i int, s bleve.Index) error {
		err := readPrints(s, func(p repost.Print) { prints <- p })
		if err != nil {
			return fmt.Errorf("index: reading the repost entries of shard %d: %w", i, err)
		}
		return nil
	})
	close(prints)
	<-done
	if err != nil {
		return err
	}
	rs.publish(changed, nil)
	return nil
}

// readPrints reads the sentences of the repost entries of one shard's
// live record documents, giving each to f.
func readPrints(idx bleve.Index, f func(repost.Print)) error {
	s, err := scorchOf(idx)
	if err != nil || s == nil {
		return err
	}
	r, err := s.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("scorch's reader is a %T", r)
	}
	for _, ss := range snap.Segments() {
		seg, deleted := ss.Segment(), ss.Deleted()
		for d := uint64(0); d < seg.Count(); d++ {
			if deleted != nil && deleted.Contains(uint32(d)) {
				continue
			}
			id, err := seg.DocID(d)
			if err != nil {
				return err
			}
			if !bytes.HasPrefix(id, []byte(recordPrefix)) {
				continue
			}
			var p repost.Print
			perr := fmt.Errorf("repost entry of %s: none", id[len(recordPrefix):])
			err = seg.VisitStoredFields(d, func(field string, _ byte, value []byte, _ []uint64) bool {
				if field == fPrint {
					// decoded here: value is valid during the call only
					p, perr = repost.UnmarshalPrint(string(id[len(recordPrefix):]), value)
					return false
				}
				return true
			})
			if err != nil {
				return err
			}
			if perr != nil {
				return perr
			}
			f(p)
		}
	}
	return nil
}

// Reposts lists the other copies of an article (its repost group less
// itself), the representative first: empty when it has none.
func (ix *Index) Reposts(ctx context.Context, id string) ([]model.Repost, error) {
	snap := ix.reposts.snap.Load()
	m := snap.members[id]
	if m == nil {
		if ok, err := ix.Has(ctx, id); err != nil || !ok {
			if err == nil {
				err = &model.Error{Kind: model.NotFound, Msg: fmt.Sprintf("no article %q", id)}
			}
			return nil, err
		}
		return []model.Repost{}, nil
	}
	out := []model.Repost{}
	for i, other := range m.group.members {
		if other == id {
			continue
		}
		r, err := ix.record(ix.shardOf(other), other)
		if err != nil {
			return nil, err
		}
		if r == nil {
			continue // deleted since the snapshot
		}
		a := r.Article
		out = append(out, model.Repost{ID: a.ID, Title: a.Title, Source: a.Source, Site: a.Site, Date: a.Date,
			SourceURL: a.SourceURL, Representative: i == 0})
	}
	return out, nil
}

// storedEntry reads an article's stored repost entry.
func (ix *Index) storedEntry(id string) (repost.Entry, error) {
	raw, err := storedField(ix.shardOf(id), recordPrefix+id, fPrint)
	if err != nil {
		return repost.Entry{}, err
	}
	return repost.UnmarshalEntry(id, raw)
}
