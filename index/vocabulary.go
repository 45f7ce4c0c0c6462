package index

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/index/vocab"
)

// The vocabulary of a generation (package vocab) is counted as articles
// are written and saved beside the shards, in vocabFile, when a bulk load
// or a rebuild ends and when the index is closed. A generation written
// before vocabularies existed, or a crash since the last save, leaves it
// short: the forgiving search then knows fewer phrases, and never more
// than the index holds (every correction is checked against the index).
const vocabFile = "vocab.txt"

// vocabState is the vocabulary of an Index.
type vocabState struct {
	counter  *vocab.Counter
	mu       sync.Mutex
	snap     *vocab.Vocabulary
	version  uint64    // the counter's version snap was taken at
	taken    time.Time // when
	building bool      // a new snapshot is being taken
	saved    uint64    // the counter's version last saved
	saveMu   sync.Mutex

	cancel context.CancelFunc // stops a background count (backfillVocab)
	done   chan struct{}      // closed when none runs
}

// loadVocab reads the saved vocabulary of the generation. A generation
// with paragraphs and no vocabulary (built before there were vocabularies)
// is counted from its stored text in the background.
func (ix *Index) loadVocab() {
	st := &vocabState{counter: vocab.NewCounter(), done: make(chan struct{})}
	ix.vocab = st
	f, err := os.Open(filepath.Join(ix.dir, vocabFile))
	if err == nil {
		defer f.Close()
		if _, err := st.counter.ReadFrom(bufio.NewReader(f)); err == nil {
			st.saved = st.counter.Version()
			close(st.done)
			return
		}
	}
	docs := uint64(0)
	for _, sh := range ix.shards {
		n, _ := sh.DocCount()
		docs += n
	}
	if docs == 0 {
		close(st.done)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	st.cancel = cancel
	go func() {
		defer close(st.done)
		if err := ix.backfillVocab(ctx); err == nil {
			ix.saveVocab()
		}
	}()
}

// backfillVocab counts the stored text of every paragraph, shard by
// shard, in pages that follow each other by document ID.
func (ix *Index) backfillVocab(ctx context.Context) error {
	for _, s := range ix.shards {
		var after []string
		for {
			sr := bleve.NewSearchRequestOptions(allParagraphs(), 500, 0, false)
			sr.Fields = []string{fText, fSpeaker, fSource}
			sr.SortBy([]string{"_id"})
			sr.SearchAfter = after
			res, err := s.SearchInContext(ctx, sr)
			if err != nil {
				return err
			}
			for _, h := range res.Hits {
				ix.vocab.counter.AddText(normalize.String(field(h, fText)))
				if sp := field(h, fSpeaker); sp != "" {
					ix.vocab.counter.AddName(vocab.KindSpeaker, normalize.String(sp))
				}
				if src := field(h, fSource); src != "" {
					ix.vocab.counter.AddName(vocab.KindSource, normalize.String(src))
				}
			}
			if len(res.Hits) < 500 {
				break
			}
			after = []string{res.Hits[len(res.Hits)-1].ID}
		}
	}
	return nil
}

// stopVocab stops a background count and waits for it.
func (ix *Index) stopVocab() {
	if ix.vocab == nil {
		return
	}
	if ix.vocab.cancel != nil {
		ix.vocab.cancel()
	}
	<-ix.vocab.done
}

// countVocab adds an article's paragraphs, speakers and source to the
// vocabulary. rec, if not nil, is the record just staged for it: the
// paragraphs' folded text is taken from it (stage folded it already) and
// dropped, so pending records do not hold it.
func (ix *Index) countVocab(a *article.Article, rec *record) {
	if ix.vocab == nil {
		return
	}
	c := ix.vocab.counter
	var folded []string
	if rec != nil {
		folded, rec.folded = rec.folded, nil
	}
	k := 0
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if !indexed(p) {
			continue
		}
		if k < len(folded) {
			c.AddText(folded[k])
		} else {
			c.AddText(normalize.String(p.Text))
		}
		k++
		if p.Speaker != "" {
			c.AddName(vocab.KindSpeaker, normalize.String(p.Speaker))
		}
	}
	if a.Source != "" {
		c.AddName(vocab.KindSource, normalize.String(a.Source))
	}
}

// Vocabulary returns the index's vocabulary. The first call takes the
// snapshot; after writes, a new one is taken in the background (at most one
// every vocabRefresh) while the previous one keeps answering, so no search
// waits for it.
func (ix *Index) Vocabulary() *vocab.Vocabulary {
	if ix.vocab == nil {
		return nil
	}
	st := ix.vocab
	st.mu.Lock()
	defer st.mu.Unlock()
	v := st.counter.Version()
	switch {
	case st.snap == nil:
		st.snap, st.version, st.taken = st.counter.Vocabulary(), v, time.Now()
	case v != st.version && !st.building && time.Since(st.taken) >= vocabRefresh:
		st.building = true
		go func() {
			snap := st.counter.Vocabulary()
			st.mu.Lock()
			st.snap, st.version, st.taken, st.building = snap, v, time.Now(), false
			st.mu.Unlock()
		}()
	}
	return st.snap
}

// vocabRefresh is the least time between two snapshots of a vocabulary.
const vocabRefresh = 10 * time.Second

// saveVocab writes the vocabulary's counts beside the shards, atomically,
// if they changed since the last save.
func (ix *Index) saveVocab() error {
	if ix.vocab == nil || ix.dir == "" {
		return nil
	}
	ix.vocab.saveMu.Lock()
	defer ix.vocab.saveMu.Unlock()
	v := ix.vocab.counter.Version()
	if v == ix.vocab.saved {
		return nil
	}
	path := filepath.Join(ix.dir, vocabFile)
	tmp, err := os.CreateTemp(ix.dir, vocabFile+".*")
	if err != nil {
		return fmt.Errorf("index: saving the vocabulary: %w", err)
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	_, err = ix.vocab.counter.WriteTo(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("index: saving the vocabulary: %w", err)
	}
	ix.vocab.saved = v
	return nil
}

// WaitVocabulary blocks until the vocabulary is complete: an index opened
// without a saved vocabulary counts its stored text in the background.
func (ix *Index) WaitVocabulary() {
	if ix.vocab != nil {
		<-ix.vocab.done
	}
}
