package index

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"
)

// TestBleveContract checks every Bleve internal that scorch.go names
// against the Bleve in go.mod. Bleve ignores a config key it does not know
// and returns no error for a stats key it no longer has, so after an
// upgrade a rename would pass every other test while builds stop waiting
// for their data to reach the disk. If this test fails, find the new name
// in Bleve's scorch package and change scorch.go.
func TestBleveContract(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shard")
	idx, err := bleve.NewUsing(path, docMapping, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()

	idx, err = bleve.OpenUsing(path, shardConfig(bulkConfig))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { idx.Close() }()
	s, err := scorchOf(idx)
	if err != nil || s == nil {
		t.Fatalf("the shard is not a scorch index (%v): every key below is scorch's", err)
	}

	// config keys: read back what scorch made of them
	v := reflect.ValueOf(s).Elem()
	if f := v.FieldByName("unsafeBatch"); !f.IsValid() || !f.Bool() {
		t.Errorf("scorch ignored %q (its field unsafeBatch is gone or false)", cfgUnsafeBatch)
	}
	mpo := v.FieldByName("mergePlannerOptions")
	if !mpo.IsValid() || mpo.IsNil() ||
		mpo.Elem().FieldByName("MaxSegmentsPerTier").Int() != 40 || mpo.Elem().FieldByName("SegmentsPerMergeTask").Int() != 40 {
		t.Errorf("scorch ignored %q (its mergePlannerOptions do not hold 40 and 40)", cfgMergePlan)
	}
	if f := v.FieldByName("onEvent"); !f.IsValid() || f.IsNil() {
		t.Errorf("scorch ignored %q (its field onEvent is gone or nil): merged segments would get their columns from the first search", cfgEvents)
	}

	// stats keys, after a batch so that the epochs have moved
	b := idx.NewBatch()
	if err := b.Index("x-1", map[string]any{fBody: "储能"}); err != nil {
		t.Fatal(err)
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	m := s.StatsMap()
	for _, key := range []string{statRootEpoch, statPersistedEpoch} {
		if e, ok := m[key].(uint64); !ok || (key == statRootEpoch && e == 0) {
			t.Errorf("scorch's StatsMap has no uint64 %q (got %#v): waitPersisted would wait for nothing", key, m[key])
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	if err := waitPersisted(ctx, idx); err != nil {
		t.Fatalf("waitPersisted: %v", err) // a missing key is an error, never a wait for nothing
	}

	// file layout: a persisted shard keeps its segments in store/*.zap
	if err := compact(ctx, idx, path); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(path, storeDir, segmentGlob)); len(files) == 0 {
		t.Errorf("no %s in %s: waitMergedAway would look in the wrong place", segmentGlob, filepath.Join(path, storeDir))
	}

	// the lock timeout: a second open of the shard fails instead of hanging
	done := make(chan error, 1)
	go func() {
		other, err := bleve.OpenUsing(path, shardConfig(nil))
		if err == nil {
			other.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, bolterrors.ErrTimeout) {
			t.Errorf("a second open of an open shard: %v, want bolt's timeout (%q ignored?)", err, cfgBoltTimeout)
		}
	case <-time.After(time.Minute): // a hang guard: the timeout is 1s
		t.Fatalf("a second open of an open shard hangs: scorch ignored %q", cfgBoltTimeout)
	}
}
