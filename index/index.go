package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/gofrs/flock"
	bolterrors "go.etcd.io/bbolt/errors"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/repost"
)

// Options configure an index on disk.
type Options struct {
	Dir       string        // the data directory
	Shards    int           // number of Bleve shards for a new index (default: number of cores, at least 2)
	BatchSize int           // paragraphs per Bleve batch in bulk loads (default: 1000)
	Timeout   time.Duration // deadline of one search (default: 5s)
	MaxDepth  int           // deepest hit a page may reach, page*size (default: 20,000)
	CacheSize int           // search results kept for repeated queries (default: DefaultCacheSize; negative: none)
	// CacheBytes bounds the memory of the cached results (default:
	// DefaultCacheBytes; negative: no cache)
	CacheBytes int64
}

// SetDefaults fills the zero fields.
func (o *Options) SetDefaults() {
	if o.Shards <= 0 {
		o.Shards = max(2, runtime.NumCPU())
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = model.DefaultMaxDepth
	}
	if o.CacheSize == 0 {
		o.CacheSize = DefaultCacheSize
	}
	if o.CacheBytes == 0 {
		o.CacheBytes = DefaultCacheBytes
	}
}

func init() {
	// A query can never expand into more clauses than this; the query
	// parser's own bounds stay far below it.
	searcher.DisjunctionMaxClauseCount = 1024
	bleve.Config.SetAnalysisQueueSize(max(4, runtime.NumCPU()))
}

// On disk: DIR/CURRENT names the generation directory in use, written by
// rename so a reader sees the old index or the new one, never half of one.
// A generation holds meta.json, one Bleve index per shard and a LOCK file
// that marks it in use (generations.go).
const currentFile = "CURRENT"

type meta struct {
	Format int `json:"format"`
	Shards int `json:"shards"`
}

const format = 10 // 2: article records are documents; 3: captions and facets in fields of their own; 4: flat doc values for facets and date; 5: per-character folding; 6: kind and length for the ranking, captions in the body field;
// 7: figure terms; 8: doc values compressed (read into columns); 9: repost entries on article records; 10: the title indexed on the record only

// Index is fangtan's search index: Bleve shards behind one alias. An
// article and all its paragraphs live in one shard (chosen by a hash of the
// article ID), so replacing or deleting it is one atomic Bleve batch.
type Index struct {
	opts   Options
	dir    string // the generation directory
	shards []bleve.Index
	alias  bleve.IndexAlias
	syn    *querylang.Synonyms
	held   *flock.Flock // the generation's lock: in use, not to be cleaned up

	// onFacetSearch, if set, is called as each facet search starts (tests)
	onFacetSearch func() (done func())
	// onWrite, if set, is called before Put writes its batch (tests)
	onWrite func()

	// bulk: a generation being built (Rebuild), merged at the end and
	// searched only once opened again, so no columns are built ahead
	bulk bool

	writeMu sync.Mutex    // serializes read-modify-write of article records
	gen     atomic.Uint64 // bumped on every write, for caches
	cache   *resultCache  // nil when off

	vocab *vocabState // the phrases of the text, for forgiving search (vocabulary.go)

	columns *columnStore // what the collector reads per hit (columns.go)
	reposts *repostState // the repost groups (reposts.go)
	warm    warmState    // the columns built in the background (warmColumns)
}

// Exists reports whether dir holds an index (a first start has none).
func Exists(dir string) bool {
	gen, err := readCurrent(dir)
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, gen, "meta.json"))
	return err == nil
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", err
	}
	gen := strings.TrimSpace(string(b))
	if gen == "" || strings.ContainsAny(gen, `/\`) || gen == "." || gen == ".." {
		return "", fmt.Errorf("index: %s names no generation", filepath.Join(dir, currentFile))
	}
	return gen, nil
}

// Open opens the index in opts.Dir, creating an empty one if there is none.
// Its writes are durable batches: once Put, Delete or a PutAll batch has
// returned, a crash of the process keeps it. Open also removes the
// directories that killed rebuilds left behind (see CleanGenerations).
func Open(opts Options) (*Index, error) {
	opts.SetDefaults()
	if !Exists(opts.Dir) {
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		gen, held, err := createGeneration(opts)
		if err != nil {
			return nil, err
		}
		if err := publishHeld(opts.Dir, gen, held); err != nil {
			return nil, err
		}
	}
	ix, err := openCurrent(opts)
	if err != nil {
		return nil, err
	}
	CleanGenerations(opts.Dir) // best effort: a failure leaves only disk space
	return ix, nil
}

// Rebuild builds a new index generation in opts.Dir with fill, then makes it
// current atomically. Until it returns, readers of the directory see the
// previous index; if it is killed, they still do, and the half-built
// generation is removed by a later Open or Rebuild. The previous generation
// is removed at once unless a process still has it open: a running server
// keeps answering from it until it reloads (see Live), and the cleanup after
// that removes it. Bulk loading skips the per-batch fsync: the generation is
// only published after a clean close has persisted everything.
func Rebuild(ctx context.Context, opts Options, fill func(*Index) error) error {
	opts.SetDefaults()
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	gen, held, err := createGeneration(opts)
	if err != nil {
		return err
	}
	genDir := filepath.Join(opts.Dir, gen)
	discard := func(ix *Index, err error) error {
		if ix != nil {
			ix.Close()
		}
		held.Unlock()
		os.RemoveAll(genDir)
		return err
	}
	ix, err := openGeneration(opts, genDir, bulkConfig)
	if err != nil {
		return discard(nil, err)
	}
	if err := fill(ix); err != nil {
		return discard(ix, err)
	}
	if err := ix.saveVocab(); err != nil {
		return discard(ix, err)
	}
	ix.releaseForMerge()
	// Shards compact one after the other: a merge reads (maps) every
	// segment of its shard, so two at once held twice the pages, the
	// larger part of a build's peak (docs/performance.md, issue 25).
	for i, s := range ix.shards {
		if err = compact(ctx, s, shardPath(genDir, i)); err != nil {
			break
		}
	}
	if err != nil {
		return discard(ix, err)
	}
	if err := ix.Close(); err != nil {
		return discard(nil, err)
	}
	if err := publishHeld(opts.Dir, gen, held); err != nil {
		if _, ok := errors.AsType[*publishedError](err); ok {
			return err // current: removing it would leave CURRENT naming nothing
		}
		return discard(nil, err)
	}
	CleanGenerations(opts.Dir) // best effort: a failure leaves only disk space
	return nil
}

// createGeneration makes a new generation of empty shards and returns it
// held (see holdGeneration). The shards are created with durable batches:
// with unsafe ones, Bleve can close before the mapping itself is on disk.
func createGeneration(opts Options) (string, *flock.Flock, error) {
	gen := fmt.Sprintf("%s%s-%d", genPrefix, time.Now().UTC().Format("20060102T150405.000000000"), os.Getpid())
	dir := filepath.Join(opts.Dir, gen)
	dl, err := lockDir(opts.Dir)
	if err != nil {
		return "", nil, err
	}
	err = os.Mkdir(dir, 0o755)
	var held *flock.Flock
	if err == nil {
		held, err = holdGeneration(dir)
	}
	dl.Unlock()
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("index: %w", err)
	}
	fail := func(err error) (string, *flock.Flock, error) {
		held.Unlock()
		os.RemoveAll(dir)
		return "", nil, err
	}
	m := docMapping
	for i := 0; i < opts.Shards; i++ {
		idx, err := bleve.NewUsing(shardPath(dir, i), m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
		if err != nil {
			return fail(fmt.Errorf("index: creating shard %d: %w", i, err))
		}
		if err := idx.Close(); err != nil {
			return fail(fmt.Errorf("index: %w", err))
		}
	}
	b, _ := json.Marshal(meta{Format: format, Shards: opts.Shards})
	if err := writeFileSync(filepath.Join(dir, "meta.json"), b); err != nil {
		return fail(err)
	}
	return gen, held, nil
}

// eachShard runs f on every shard, one goroutine each, and joins their
// errors.
func (ix *Index) eachShard(f func(i int, s bleve.Index) error) error {
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f(i, s)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func shardPath(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("shard-%02d", i)) }

func openGeneration(opts Options, dir string, config map[string]any) (*Index, error) {
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Shards <= 0 {
		return nil, fmt.Errorf("index: %s is damaged", filepath.Join(dir, "meta.json"))
	}
	if m.Format != format {
		return nil, fmt.Errorf("index: %s has format %d, this fangtan reads %d: rebuild it with 'fangtan index -rebuild'", dir, m.Format, format)
	}
	ix := &Index{opts: opts, dir: dir, syn: querylang.DefaultSynonyms, cache: newResultCache(opts.CacheSize, opts.CacheBytes),
		columns: newColumnStore()}
	ix.reposts = newRepostState(ix.storedEntry)
	for i := 0; i < m.Shards; i++ {
		idx, err := bleve.OpenUsing(shardPath(dir, i), shardConfig(config))
		if err != nil {
			ix.Close()
			if errors.Is(err, bolterrors.ErrTimeout) {
				return nil, fmt.Errorf("index: %s is open in another process (a running 'fangtan serve'?): "+
					"use its API, or rebuild with 'fangtan index -rebuild' and send the server SIGHUP", dir)
			}
			return nil, fmt.Errorf("index: opening shard %d: %w", i, err)
		}
		ix.shards = append(ix.shards, idx)
	}
	ix.alias = bleve.NewIndexAlias(ix.shards...)
	ix.bulk = config != nil
	if !ix.bulk {
		// the columns of segments that merges and the persister bring in
		// are built then
		for _, s := range ix.shards {
			if err := watchSegments(s, ix.warmColumns); err != nil {
				ix.Close()
				return nil, err
			}
		}
	}
	if err := ix.loadReposts(); err != nil {
		ix.Close()
		return nil, err
	}
	ix.loadVocab()
	if !ix.bulk {
		ix.warmColumns()
	}
	return ix, nil
}

// publish points dir/CURRENT at gen, atomically and durably.
func publish(dir, gen string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := writeFileSync(tmp, []byte(gen+"\n")); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	// the rename is only durable once the directory is synced: a failure
	// here means the switch may not survive a crash, and the caller must
	// hear of it (CURRENT already names gen)
	d, err := os.Open(dir)
	if err != nil {
		return &publishedError{fmt.Errorf("index: syncing %s: %w", dir, err)}
	}
	defer d.Close()
	if err := syncDir(d); err != nil {
		return &publishedError{fmt.Errorf("index: syncing %s: %w", dir, err)}
	}
	return nil
}

// syncDir syncs a directory (a variable for tests).
var syncDir = (*os.File).Sync

// publishedError is a failure after CURRENT was switched: the generation
// is in use and must not be discarded.
type publishedError struct{ err error }

func (e *publishedError) Error() string { return e.err.Error() }
func (e *publishedError) Unwrap() error { return e.err }

func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("index: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("index: %w", err)
	}
	return f.Close()
}

// Close flushes and closes the index.
func (ix *Index) Close() error {
	var errs []error
	ix.stopVocab()
	ix.stopWarming()
	if len(ix.shards) > 0 {
		if err := ix.saveVocab(); err != nil {
			errs = append(errs, err)
		}
	}
	for _, s := range ix.shards {
		unwatchSegments(s)
		if err := s.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	ix.shards = nil
	if ix.held != nil {
		ix.held.Unlock()
		ix.held = nil
	}
	return errors.Join(errs...)
}

// releaseForMerge lets go of what a generation being built no longer
// needs once it is filled and its vocabulary saved, before the merge that
// ends the build: the vocabulary's counts (over 100 MB on a large build)
// and the columns of segments the merge replaces. The generation is
// closed after the merge, never searched.
func (ix *Index) releaseForMerge() {
	ix.stopWarming()
	ix.columns.retain(nil)
	ix.stopVocab()
	ix.vocab = nil
}

// Generation changes on every write; caches key on it.
func (ix *Index) Generation() uint64 { return ix.gen.Load() }

// changed records a write: the generation moves on and cached results go.
func (ix *Index) changed() {
	ix.gen.Add(1)
	ix.cache.purge()
	if !ix.bulk {
		ix.warmColumns()
	}
}

// Stats reports the index's size.
func (ix *Index) Stats() model.Stats {
	var st model.Stats
	for _, s := range ix.shards {
		n, _ := s.DocCount()
		articles := readCount(s)
		st.Articles += articles
		st.Paragraphs += int(n) - articles // less the record documents
	}
	st.RepostGroups, st.Reposts = ix.reposts.snap.Load().counts()
	filepath.WalkDir(ix.dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				st.DiskBytes += info.Size()
			}
		}
		return nil
	})
	return st
}

// An article's record is a document of its own, "a/ID", in the shard of its
// paragraphs, so it is written, replaced and deleted in the same batch as
// they are. (It was once a Bleve internal value: scorch rewrites every
// internal value on every persist, which made bulk loads quadratic.)
// Paragraph document IDs never contain "/", so the two never collide.
const (
	recordPrefix = "a/"
	countKey     = "count/articles" // internal: the shard's article count
)

// record is what a shard keeps of an article besides its paragraph
// documents: the article (headings and credits included) for the article
// page, and a hash to make re-indexing an unchanged article a no-op. The
// text of an indexed paragraph is stored once, in its own document, and
// blank in the record.
type record struct {
	Hash    string           `json:"hash"`
	Article *article.Article `json:"article"`

	entry repost.Entry // of a record just staged; stored in fPrint
	// of a record just staged: the folded text of each indexed paragraph,
	// for the vocabulary (countVocab), which then drops it
	folded []string
}

func readCount(s bleve.Index) int {
	b, err := s.GetInternal([]byte(countKey))
	if err != nil || b == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(b))
	return n
}

func (ix *Index) shardOf(id string) bleve.Index {
	h := fnv.New32a()
	h.Write([]byte(id))
	return ix.shards[h.Sum32()%uint32(len(ix.shards))]
}

func (ix *Index) record(s bleve.Index, id string) (*record, error) {
	raw, err := storedField(s, recordPrefix+id, fRecord)
	if err != nil {
		return nil, fmt.Errorf("index: reading article %s: %w", id, err)
	}
	if raw == nil {
		return nil, nil
	}
	var r record
	if err := json.Unmarshal(raw, &r); err != nil || r.Article == nil {
		return nil, fmt.Errorf("index: the record of article %s is damaged", id)
	}
	return &r, nil
}

// storedField reads one stored field of a document; nil if there is no
// such document or field.
func storedField(s bleve.Index, docID, name string) ([]byte, error) {
	doc, err := s.Document(docID)
	if err != nil || doc == nil {
		return nil, err
	}
	var v []byte
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() == name {
			v = f.Value()
		}
	})
	return v, nil
}

// Has reports whether the index holds an article with this ID, reading
// only its record: the cheap check a crawler makes for every page that
// answered 304 Not Modified.
func (ix *Index) Has(ctx context.Context, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	r, err := ix.record(ix.shardOf(id), id)
	return r != nil, err
}

// Article returns a stored article by ID, its paragraphs' text read back
// from their documents.
func (ix *Index) Article(ctx context.Context, id string) (*article.Article, error) {
	if id == "" {
		return nil, &model.Error{Kind: model.NotFound, Msg: "no article with an empty ID"}
	}
	s := ix.shardOf(id)
	r, err := ix.record(s, id)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, &model.Error{Kind: model.NotFound, Msg: fmt.Sprintf("no article %q", id)}
	}
	a := r.Article
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if !p.Kind.Searchable() || p.Text != "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text, err := storedField(s, docID(id, p.N), fText)
		if err != nil {
			return nil, fmt.Errorf("index: reading article %s: %w", id, err)
		}
		p.Text = string(text)
	}
	return a, nil
}

func hashArticle(a *article.Article) string {
	b, _ := json.Marshal(a)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func validArticle(a *article.Article) error {
	switch {
	case a == nil:
		return &model.Error{Kind: model.Invalid, Msg: "no article"}
	}
	if err := article.CheckID(a.ID); err != nil {
		return &model.Error{Kind: model.Invalid, Param: "id", Msg: err.Error()}
	}
	return nil
}

// stage adds the write of a into b, deleting the paragraphs of the previous
// version old. It returns the new record, or nil when a is unchanged.
func stage(b *bleve.Batch, old *record, a *article.Article) (*record, error) {
	hash := hashArticle(a)
	if old != nil && old.Hash == hash {
		return nil, nil
	}
	if old != nil {
		for _, p := range old.Article.Paragraphs {
			if p.Kind.Searchable() {
				b.Delete(docID(old.Article.ID, p.N))
			}
		}
	}
	stored := *a // the record's copy: indexed paragraphs' text blanked
	stored.Paragraphs = slices.Clone(a.Paragraphs)
	var folded []string
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if indexed(p) {
			f := normalize.String(p.Text)
			doc, err := paragraphDocument(docMapping, a, p, f)
			if err != nil {
				return nil, err
			}
			b.IndexAdvanced(doc)
			stored.Paragraphs[i].Text = ""
			folded = append(folded, f)
		}
	}
	rb, _ := json.Marshal(&record{Hash: hash, Article: &stored})
	entry := repost.NewEntry(a)
	// the title is indexed here, once per article, not with each paragraph
	rec := map[string]any{fRecord: string(rb), fPrint: string(entry.Marshal()), fTitle: normalize.String(a.Title)}
	if err := b.Index(recordPrefix+a.ID, rec); err != nil {
		return nil, err
	}
	return &record{Hash: hash, Article: a, entry: entry, folded: folded}, nil
}

// indexed reports whether p gets a document of its own.
func indexed(p *article.Paragraph) bool {
	return p.Kind.Searchable() && strings.TrimSpace(p.Text) != ""
}

// Put adds or replaces one article with all its paragraphs, in one durable
// batch: a search sees all of the old article or all of the new one.
func (ix *Index) Put(ctx context.Context, a *article.Article) (bool, error) {
	if err := validArticle(a); err != nil {
		return false, err
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	s := ix.shardOf(a.ID)
	old, err := ix.record(s, a.ID)
	if err != nil {
		return false, err
	}
	b := s.NewBatch()
	rec, err := stage(b, old, a)
	if err != nil {
		return false, fmt.Errorf("index: article %s: %w", a.ID, err)
	}
	if rec == nil {
		return false, nil
	}
	if old == nil {
		b.SetInternal([]byte(countKey), []byte(strconv.Itoa(readCount(s)+1)))
	}
	if ix.onWrite != nil {
		ix.onWrite()
	}
	if err := s.Batch(b); err != nil {
		return false, fmt.Errorf("index: writing article %s: %w", a.ID, err)
	}
	ix.countVocab(a, rec)
	ix.reposts.put(rec.entry)
	ix.changed()
	return true, nil
}

// Delete removes an article and all its paragraphs in one batch.
func (ix *Index) Delete(ctx context.Context, id string) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if id == "" {
		return &model.Error{Kind: model.NotFound, Msg: "no article with an empty ID"}
	}
	s := ix.shardOf(id)
	old, err := ix.record(s, id)
	if err != nil {
		return err
	}
	if old == nil {
		return &model.Error{Kind: model.NotFound, Msg: fmt.Sprintf("no article %q", id)}
	}
	b := s.NewBatch()
	for _, p := range old.Article.Paragraphs {
		if p.Kind.Searchable() {
			b.Delete(docID(id, p.N))
		}
	}
	b.Delete(recordPrefix + id)
	b.SetInternal([]byte(countKey), []byte(strconv.Itoa(max(0, readCount(s)-1))))
	if err := s.Batch(b); err != nil {
		return fmt.Errorf("index: deleting article %s: %w", id, err)
	}
	ix.reposts.delete(id)
	ix.changed()
	return nil
}

// PutAll adds or replaces many articles in large batches, one writer per
// shard working in parallel: the bulk path of `fangtan index` and of the
// first start. An article never straddles two batches. next returns io.EOF
// after the last article. It returns how many articles changed.
//
// progress, if not nil, is called as batches are written, one call at a
// time, with a count n: the first n articles that next returned are all
// written, unchanged ones included. On an index from Open the batches are
// durable, so those n articles survive a crash even if PutAll never returns;
// in a Rebuild they are in once Rebuild returns.
func (ix *Index) PutAll(ctx context.Context, next func() (*article.Article, error), progress func(done int)) (int, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	defer ix.changed()

	// The shards write at their own pace: the count reported is the
	// longest prefix of the input whose articles are all written.
	var progressMu sync.Mutex
	prefix := 0
	written := map[int]bool{} // written articles past the prefix, by position
	report := func(seqs []int) {
		ix.gen.Add(1) // what searches see changed
		progressMu.Lock()
		defer progressMu.Unlock()
		for _, n := range seqs {
			written[n] = true
		}
		before := prefix
		for written[prefix] {
			delete(written, prefix)
			prefix++
		}
		if progress != nil && prefix > before {
			progress(prefix)
		}
	}

	type result struct {
		changed int
		err     error
	}
	queues := make([]chan queued, len(ix.shards))
	results := make(chan result, len(ix.shards))
	stop := make(chan struct{})
	var stopOnce sync.Once
	for i, s := range ix.shards {
		queues[i] = make(chan queued, 64)
		go func(s bleve.Index, q <-chan queued) {
			changed, err := ix.shardWriter(s, q, report)
			if err != nil {
				stopOnce.Do(func() { close(stop) })
				for range q { // drain so the feeder never blocks
				}
			}
			results <- result{changed, err}
		}(s, queues[i])
	}
	feedErr := func() error {
		for seq := 0; ; seq++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			a, err := next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := validArticle(a); err != nil {
				return err
			}
			s := ix.shardOf(a.ID)
			for i := range ix.shards {
				if ix.shards[i] == s {
					select {
					case queues[i] <- queued{a, seq}:
					case <-stop:
						return nil // a writer failed; its error is reported below
					}
				}
			}
		}
	}()
	for _, q := range queues {
		close(q)
	}
	total := 0
	var errs []error
	for range ix.shards {
		r := <-results
		total += r.changed
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	if feedErr != nil {
		errs = append([]error{feedErr}, errs...)
	}
	if err := ix.saveVocab(); err != nil {
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}

// queued is an article on its way to a shard writer, with its position in
// PutAll's input.
type queued struct {
	a   *article.Article
	seq int
}

// shardWriter writes the articles of one shard in batches of about
// BatchSize paragraphs; an article never straddles two batches. It reports
// the positions of the articles taken from q once they are written.
func (ix *Index) shardWriter(s bleve.Index, q <-chan queued, report func(seqs []int)) (int, error) {
	count := readCount(s)
	b := s.NewBatch()
	pending := map[string]*record{} // articles staged in b, by ID
	changed := 0
	var taken []int // positions taken since the last report, unchanged ones included
	flush := func() error {
		if len(pending) > 0 {
			b.SetInternal([]byte(countKey), []byte(strconv.Itoa(count)))
			if err := s.Batch(b); err != nil {
				return fmt.Errorf("index: writing batch: %w", err)
			}
			b.Reset()
			entries := make([]repost.Entry, 0, len(pending))
			for _, rec := range pending {
				entries = append(entries, rec.entry)
			}
			ix.reposts.put(entries...)
			clear(pending)
		}
		report(taken)
		taken = taken[:0]
		return nil
	}
	for item := range q {
		a := item.a
		taken = append(taken, item.seq)
		old, ok := pending[a.ID]
		if !ok {
			var err error
			if old, err = ix.record(s, a.ID); err != nil {
				return changed, err
			}
		}
		rec, err := stage(b, old, a)
		if err != nil {
			return changed, fmt.Errorf("index: article %s: %w", a.ID, err)
		}
		if rec == nil {
			// unchanged: already written, and so is everything before
			// it when nothing is staged (a re-run shows its progress)
			if len(pending) == 0 && len(taken) >= 64 {
				report(taken)
				taken = taken[:0]
			}
			continue
		}
		changed++
		if old == nil {
			count++
		}
		ix.countVocab(a, rec)
		pending[a.ID] = rec
		if b.Size() >= ix.opts.BatchSize {
			if err := flush(); err != nil {
				return changed, err
			}
		}
	}
	return changed, flush()
}

var (
	_ model.Searcher = (*Index)(nil)
	_ model.Writer   = (*Index)(nil)
	_ model.Reposter = (*Index)(nil)
)
