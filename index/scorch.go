package index

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// This file holds everything fangtan relies on that Bleve does not promise
// in its API: untyped config keys, stats keys, doc-value flags and scorch's
// file layout. If an upgrade renames any of them, Bleve silently ignores
// the old one (a persistence wait would wait for nothing and a half-written
// generation could be published), so scorch_test.go checks each against
// the Bleve in go.mod and fails loudly when one is gone.
const (
	// config keys scorch reads from the map given to bleve.OpenUsing
	cfgUnsafeBatch = "unsafe_batch"           // bool: batches return before they are synced
	cfgMergePlan   = "scorchMergePlanOptions" // mergeplan.MergePlanOptions as a JSON-like map
	cfgBoltTimeout = "bolt_timeout"           // string duration: how long to wait for another process's lock
	cfgEvents      = "eventCallbackName"      // string: a name in scorch.RegistryEventCallbacks

	// keys of scorch's StatsMap
	statRootEpoch      = "CurRootEpoch"       // the epoch of the newest snapshot
	statPersistedEpoch = "LastPersistedEpoch" // the newest epoch on disk

	// scorch's layout of a shard directory: its segments
	storeDir    = "store"
	segmentGlob = "*.zap"
)

// bulkConfig opens a generation being built: batches are not synced one by
// one (the generation is only published once all is on disk), and segments
// are merged 40 at a time rather than 10, since compact merges them all at
// the end anyway: each paragraph is rewritten fewer times (12% less CPU for
// a build of 100,000 paragraphs).
var bulkConfig = map[string]any{
	cfgUnsafeBatch: true,
	cfgMergePlan:   map[string]any{"MaxSegmentsPerTier": 40, "SegmentsPerMergeTask": 40},
}

// shardConfig is the config of one shard opened with base (nil: durable
// batches): each shard gets a map of its own, since Bleve writes the
// shard's path into it, and a lock timeout, since Bleve locks a shard for
// one process and another one waiting for it would hang without a word.
func shardConfig(base map[string]any) map[string]any {
	cfg := maps.Clone(base)
	if cfg == nil {
		cfg = map[string]any{}
	}
	cfg[cfgBoltTimeout] = "1s"
	cfg[cfgEvents] = segmentEvents
	return cfg
}

// Scorch brings in segments of its own, besides those of fangtan's
// writes: a merge replaces several segments with one, and the persister
// replaces a write's in-memory segment with the file it wrote. Each new
// segment needs its columns (columns.go); watchSegments has them built when
// scorch introduces it, not by the first search to read it, which for the
// merged segment of a large index waited over a second.
//
// Scorch calls one callback, registered by name before any index opens,
// with the shard it fired in; segmentWatchers maps a shard to the function
// its Index gave.
const segmentEvents = "fangtan-segments"

var segmentWatchers sync.Map // *scorch.Scorch → func()

func init() {
	scorch.RegistryEventCallbacks[segmentEvents] = func(e scorch.Event) bool {
		switch e.Kind {
		case scorch.EventKindMergeTaskIntroduction, scorch.EventKindPersisterProgress:
			if f, ok := segmentWatchers.Load(e.Scorch); ok {
				f.(func())()
			}
		}
		return true // for the kinds that ask: go on merging and purging
	}
}

// watchSegments calls f whenever scorch brings new segments into idx,
// until unwatchSegments. f must not block: scorch's merger and persister
// wait for it.
func watchSegments(idx bleve.Index, f func()) error {
	s, err := scorchOf(idx)
	if s != nil {
		segmentWatchers.Store(s, f)
	}
	return err
}

func unwatchSegments(idx bleve.Index) {
	if s, _ := scorchOf(idx); s != nil {
		segmentWatchers.Delete(s)
	}
}

// waitPersisted blocks until everything introduced into idx so far is on
// disk. Bulk loads use unsafe batches, which return before the persister
// has written them, and a Close does not wait for it: without this wait a
// rebuilt generation could be published half empty.
func waitPersisted(ctx context.Context, idx bleve.Index) error {
	s, err := scorchOf(idx)
	if s == nil {
		return err
	}
	var missing error
	epoch := func(key string) uint64 {
		v, ok := s.StatsMap()[key].(uint64)
		if !ok {
			// never publish on a guess: a Bleve without the key cannot
			// say what is on disk
			missing = fmt.Errorf("index: scorch reports no %s: this Bleve is not the one fangtan was built for", key)
		}
		return v
	}
	target := epoch(statRootEpoch)
	for epoch(statPersistedEpoch) < target || missing != nil {
		if missing != nil {
			return missing
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// compact merges a freshly built shard (in directory dir) into one segment
// and waits until that is on disk. A bulk load leaves a tail of segments,
// each with its own term dictionary; one segment is smaller (every bigram's
// dictionary entry once, not once per segment) and faster to search (one
// lookup per term).
func compact(ctx context.Context, idx bleve.Index, dir string) error {
	if err := waitPersisted(ctx, idx); err != nil {
		return err
	}
	s, err := scorchOf(idx)
	if s == nil {
		return err
	}
	// one merge of up to 100 segments rather than rounds of 10
	mo := mergeplan.SingleSegmentMergePlanOptions
	mo.SegmentsPerMergeTask = 100
	if err := s.ForceMerge(ctx, &mo); err != nil {
		return fmt.Errorf("index: merging segments: %w", err)
	}
	if err := waitPersisted(ctx, idx); err != nil {
		return err
	}
	waitMergedAway(ctx, filepath.Join(dir, storeDir))
	return nil
}

// waitMergedAway gives scorch's persister a moment to delete the segment
// files the merge replaced: it does so when idle, and a close right after
// the merge can leave them, doubling a fresh index on disk until its next
// open. Past the bound, the next open removes them.
func waitMergedAway(ctx context.Context, store string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(store, segmentGlob))
		if len(files) <= 1 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// scorchOf returns the scorch index under idx, or nil if it is another kind.
func scorchOf(idx bleve.Index) (*scorch.Scorch, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	s, _ := adv.(*scorch.Scorch)
	return s, nil
}

// A shardView is one shard as of one moment: scorch's snapshot of it and
// its segments in the order scorch numbers their documents. fangtan's own
// collector (collect.go) searches it and reads its columns (columns.go)
// by segment. Scorch numbers a snapshot's documents globally: the
// documents of segment k follow those of every segment before it, deleted
// ones included (a segment's Count), and an IndexInternalID is that
// number as 8 big-endian bytes. TestShardViewLocatesEveryDocument checks
// this against Bleve's own ExternalID.
type shardView struct {
	reader bleveindex.IndexReader // the snapshot; Close releases it
	segs   []segmentView
}

type segmentView struct {
	seg  segment.Segment // immutable: the key of its columns
	base uint64          // the global number of its first document
}

// viewShard takes the current snapshot of a shard; the caller closes it.
func viewShard(idx bleve.Index) (*shardView, error) {
	s, err := scorchOf(idx)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("index: a shard is not a scorch index")
	}
	r, err := s.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("index: scorch's reader is a %T, not the snapshot fangtan reads", r)
	}
	v := &shardView{reader: r}
	var base uint64
	for _, ss := range snap.Segments() {
		v.segs = append(v.segs, segmentView{seg: ss.Segment(), base: base})
		base += ss.Segment().Count()
	}
	return v, nil
}

func (v *shardView) Close() error { return v.reader.Close() }

// locate returns the segment of a global document number and its number
// in that segment. Hits come in increasing order, so the search starts
// from the segment of the previous hit (hint).
func (v *shardView) locate(global uint64, hint int) (int, uint64) {
	k := min(max(hint, 0), len(v.segs)-1)
	for k > 0 && global < v.segs[k].base {
		k--
	}
	for k+1 < len(v.segs) && global >= v.segs[k+1].base {
		k++
	}
	return k, global - v.segs[k].base
}

// visitDocValues reads the doc values of fields of one document of seg.
func visitDocValues(seg segment.Segment, local uint64, fields []string, visit bleveindex.DocValueVisitor, state segment.DocVisitState) (segment.DocVisitState, error) {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("index: a %T segment has no doc values", seg)
	}
	return dv.VisitDocValues(local, fields, visit, state)
}
