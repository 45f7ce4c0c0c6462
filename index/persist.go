package index

import (
	"context"
	"fmt"
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

// compact merges a freshly built shard into one segment and waits until
// that is on disk. A bulk load leaves a tail of segments, each with its own
// term dictionary; one segment is smaller (every bigram's dictionary entry
// once, not once per segment) and faster to search (one lookup per term).
func compact(ctx context.Context, idx bleve.Index) error {
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
	return waitPersisted(ctx, idx)
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
