package index

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fangtan/article"
	"fangtan/index/normalize"
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
}

func (ix *Index) loadVocab() {
	ix.vocab = &vocabState{counter: vocab.NewCounter()}
	f, err := os.Open(filepath.Join(ix.dir, vocabFile))
	if err != nil {
		return
	}
	defer f.Close()
	if _, err := ix.vocab.counter.ReadFrom(bufio.NewReader(f)); err == nil {
		ix.vocab.saved = ix.vocab.counter.Version()
	}
}

// countVocab adds an article's paragraphs, speakers and source to the
// vocabulary.
func (ix *Index) countVocab(a *article.Article) {
	if ix.vocab == nil {
		return
	}
	c := ix.vocab.counter
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if !indexed(p) {
			continue
		}
		c.AddText(normalize.String(p.Text))
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

// Vocabulary returns the vocabulary of the generation being served.
func (l *Live) Vocabulary() *vocab.Vocabulary {
	g := l.acquire()
	if g == nil {
		return nil
	}
	defer g.release()
	return g.ix.Vocabulary()
}
