package index

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// waitPersisted blocks until everything introduced into idx so far is on
// disk. Bulk loads use unsafe batches, which return before the persister
// has written them, and a Close does not wait for it: without this wait a
// rebuilt generation could be published half empty.
func waitPersisted(ctx context.Context, idx bleve.Index) error {
	s, err := scorchOf(idx)
	if s == nil {
		return err
	}
	epoch := func(key string) uint64 {
		v, _ := s.StatsMap()[key].(uint64)
		return v
	}
	target := epoch("CurRootEpoch")
	for epoch("LastPersistedEpoch") < target {
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
	waitMergedAway(ctx, filepath.Join(dir, "store"))
	return nil
}

// waitMergedAway gives scorch's persister a moment to delete the segment
// files the merge replaced: it does so when idle, and a close right after
// the merge can leave them, doubling a fresh index on disk until its next
// open. Past the bound, the next open removes them.
func waitMergedAway(ctx context.Context, store string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(store, "*.zap"))
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
