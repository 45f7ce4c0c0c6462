package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// waitPersisted blocks until everything introduced into idx so far is on
// disk. Bulk loads use unsafe batches, which return before the persister
// has written them, and a Close does not wait for it: without this wait a
// rebuilt generation could be published half empty.
func waitPersisted(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
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
