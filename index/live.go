package index

import (
	"context"
	"path/filepath"
	"sync"
	"time"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/index/vocab"
)

// Live is the index of a directory for a long-running server: it answers
// from the generation CURRENT names and switches to a newer one on Reload
// (after `fangtan index -rebuild`) without dropping a request. Searches that
// started on the previous generation finish on it; it is closed, and its
// directory removed, when the last of them is done.
type Live struct {
	// Retired, if set, is called when a generation replaced by Reload has
	// been closed, with the error of closing it.
	Retired func(generation string, err error)

	opts     Options
	reloadMu sync.Mutex   // one Reload or Close at a time
	mu       sync.RWMutex // guards cur, and only that: nothing slow runs under it
	cur      *liveGen
	retiring sync.WaitGroup // generations replaced and not yet closed
}

// liveGen is one open generation and the requests using it.
type liveGen struct {
	ix       *Index
	name     string
	reloads  int
	loadedAt time.Time
	users    sync.WaitGroup
}

// LiveInfo tells which generation a Live serves.
type LiveInfo struct {
	Generation string    // the generation directory's name
	Reloads    int       // how many times Reload switched generations
	LoadedAt   time.Time // when this generation was opened
}

// OpenLive opens the index in opts.Dir like Open.
func OpenLive(opts Options) (*Live, error) {
	opts.SetDefaults()
	ix, err := Open(opts)
	if err != nil {
		return nil, err
	}
	return &Live{opts: opts, cur: newLiveGen(ix, 0)}, nil
}

func newLiveGen(ix *Index, reloads int) *liveGen {
	return &liveGen{ix: ix, name: filepath.Base(ix.dir), reloads: reloads, loadedAt: time.Now()}
}

var errClosed = &model.Error{Kind: model.Internal, Msg: "the index is closed"}

// acquire returns the current generation, counted as in use until release.
func (l *Live) acquire() *liveGen {
	l.mu.RLock()
	defer l.mu.RUnlock()
	g := l.cur
	if g != nil {
		g.users.Add(1)
	}
	return g
}

func (g *liveGen) release() { g.users.Done() }

// Info tells which generation is served.
func (l *Live) Info() LiveInfo {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.cur == nil {
		return LiveInfo{}
	}
	return LiveInfo{Generation: l.cur.name, Reloads: l.cur.reloads, LoadedAt: l.cur.loadedAt}
}

// Reload switches to the generation CURRENT names, if it is not the one
// served. New requests go to it at once; the previous generation is closed
// in the background once the requests still running on it have finished,
// and its directory removed unless another process has it open. If the new
// generation cannot be opened, the previous one keeps serving and the error
// is returned. Writes made to the previous generation after the rebuild
// began are not in the new one: a rebuild replaces the index.
func (l *Live) Reload() (switched bool, err error) {
	l.reloadMu.Lock()
	defer l.reloadMu.Unlock()
	l.mu.RLock()
	cur := l.cur
	l.mu.RUnlock()
	if cur == nil {
		return false, errClosed
	}
	if name, err := readCurrent(l.opts.Dir); err == nil && name == cur.name {
		return false, nil
	}
	ix, err := openCurrent(l.opts)
	if err != nil {
		return false, err
	}
	l.mu.Lock() // later requests, writes included, go to the new generation
	l.cur = newLiveGen(ix, cur.reloads+1)
	l.mu.Unlock()
	l.retiring.Add(1)
	go func() {
		defer l.retiring.Done()
		cur.users.Wait()
		err := cur.ix.Close()
		CleanGenerations(l.opts.Dir) // best effort, like Open's
		if l.Retired != nil {
			l.Retired(cur.name, err)
		}
	}()
	return true, nil
}

// Close waits for the requests in flight and closes the index.
func (l *Live) Close() error {
	l.reloadMu.Lock()
	defer l.reloadMu.Unlock()
	l.mu.Lock()
	g := l.cur
	l.cur = nil
	l.mu.Unlock()
	l.retiring.Wait()
	if g == nil {
		return nil
	}
	g.users.Wait()
	return g.ix.Close()
}

// on runs f on the current generation, which counts as in use until f
// returns: a Reload does not close it under f. Every capability of a Live
// is its Index's, run this way. Like a search, a write holds its
// generation only as in use: a Reload does not wait for it (Bleve's fsync
// can take a while), and neither do the searches after the Reload.
func on[T any](l *Live, f func(*Index) (T, error)) (T, error) {
	g := l.acquire()
	if g == nil {
		var zero T
		return zero, errClosed
	}
	defer g.release()
	return f(g.ix)
}

// Search runs a search on the current generation.
func (l *Live) Search(ctx context.Context, req *model.Request) (*model.Result, error) {
	return on(l, func(ix *Index) (*model.Result, error) { return ix.Search(ctx, req) })
}

// Article returns a stored article by ID.
func (l *Live) Article(ctx context.Context, id string) (*article.Article, error) {
	return on(l, func(ix *Index) (*article.Article, error) { return ix.Article(ctx, id) })
}

// Reposts lists the other copies of an article.
func (l *Live) Reposts(ctx context.Context, id string) ([]model.Repost, error) {
	return on(l, func(ix *Index) ([]model.Repost, error) { return ix.Reposts(ctx, id) })
}

// Has reports whether the index holds an article with this ID.
func (l *Live) Has(ctx context.Context, id string) (bool, error) {
	return on(l, func(ix *Index) (bool, error) { return ix.Has(ctx, id) })
}

// Suggest completes a prefix.
func (l *Live) Suggest(ctx context.Context, prefix string, n int) ([]model.Suggestion, error) {
	return on(l, func(ix *Index) ([]model.Suggestion, error) { return ix.Suggest(ctx, prefix, n) })
}

// Terms returns the folded phrases a query looks for (see Index.Terms).
func (l *Live) Terms(q string) ([]string, error) {
	return on(l, func(ix *Index) ([]string, error) { return ix.Terms(q) })
}

// Figures runs a figure search (see Index.Figures).
func (l *Live) Figures(ctx context.Context, req *model.FigureRequest) (*model.FigureResult, error) {
	return on(l, func(ix *Index) (*model.FigureResult, error) { return ix.Figures(ctx, req) })
}

// Related finds related searches (see Index.Related).
func (l *Live) Related(ctx context.Context, req *model.Request, n int) ([]model.RelatedPhrase, error) {
	return on(l, func(ix *Index) ([]model.RelatedPhrase, error) { return ix.Related(ctx, req, n) })
}

// Put writes an article (see Index.Put).
func (l *Live) Put(ctx context.Context, a *article.Article) (bool, error) {
	return on(l, func(ix *Index) (bool, error) { return ix.Put(ctx, a) })
}

// Delete removes an article (see Index.Delete).
func (l *Live) Delete(ctx context.Context, id string) error {
	_, err := on(l, func(ix *Index) (struct{}, error) { return struct{}{}, ix.Delete(ctx, id) })
	return err
}

// Stats reports the size of the current generation (zero when closed).
func (l *Live) Stats() model.Stats {
	st, _ := on(l, func(ix *Index) (model.Stats, error) { return ix.Stats(), nil })
	return st
}

// Vocabulary returns the vocabulary of the current generation (nil when
// closed).
func (l *Live) Vocabulary() *vocab.Vocabulary {
	v, _ := on(l, func(ix *Index) (*vocab.Vocabulary, error) { return ix.Vocabulary(), nil })
	return v
}

// Generation changes on every write and on every reload; caches key on it.
func (l *Live) Generation() uint64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.cur == nil {
		return 0
	}
	return uint64(l.cur.reloads)<<40 + l.cur.ix.Generation()
}

var (
	_ model.Searcher = (*Live)(nil)
	_ model.Writer   = (*Live)(nil)
)
