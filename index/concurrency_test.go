package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fangtan/article"
	"fangtan/index/model"
)

// versioned returns version v of article k: every paragraph holds the
// shared marker, the title names the version, and the number of paragraphs
// changes with the version, so a search that saw half of a write would find
// a paragraph count or a mix of titles that no version has.
func versioned(k, v int) *article.Article {
	paras := make([]string, 2+(k+v)%5)
	for i := range paras {
		paras[i] = fmt.Sprintf("共享标记的第%d段，来自文章%d。", i+1, k)
	}
	return bodyArticle(fmt.Sprintf("art%02d", k), fmt.Sprintf("文章%02d第%03d版", k, v), "2024-01-02", "惠州", paras...)
}

func paragraphsOfTitle(title string) int {
	var k, v int
	fmt.Sscanf(title, "文章%02d第%03d版", &k, &v)
	return 2 + (k+v)%5
}

// checkWhole checks that every article in res has all the paragraphs of one
// version. It returns a description of the first violation, or "".
func checkWhole(res *model.Result) string {
	byArticle := map[string][]model.Hit{}
	for _, h := range res.Hits {
		byArticle[h.ArticleID] = append(byArticle[h.ArticleID], h)
	}
	for id, hits := range byArticle {
		for _, h := range hits {
			if h.Title != hits[0].Title {
				return fmt.Sprintf("%s: paragraphs of two versions, %q and %q", id, hits[0].Title, h.Title)
			}
		}
		found := len(hits)
		if hits[0].Matches > 0 { // grouped: one hit per article
			found = hits[0].Matches
		}
		if want := paragraphsOfTitle(hits[0].Title); found != want {
			return fmt.Sprintf("%s (%s): %d of its %d paragraphs found", id, hits[0].Title, found, want)
		}
	}
	return ""
}

// TestSearchNeverSeesHalfAnArticle puts, replaces and deletes multi-paragraph
// articles while 16 goroutines search: every search finds each article with
// all the paragraphs of one version, or not at all. Run it with -race.
func TestSearchNeverSeesHalfAnArticle(t *testing.T) {
	dir := t.TempDir()
	live, err := OpenLive(Options{Dir: dir, Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ctx := context.Background()
	const articles, writers, rounds, searchers = 9, 3, 6, 16
	for k := 0; k < articles; k++ {
		if _, err := live.Put(ctx, versioned(k, 0)); err != nil {
			t.Fatal(err)
		}
	}

	var stop atomic.Bool
	var searches, seen atomic.Int64
	errs := make(chan string, searchers+writers)
	var sg sync.WaitGroup
	for g := 0; g < searchers; g++ {
		sg.Add(1)
		go func() {
			defer sg.Done()
			for !stop.Load() {
				res, err := live.Search(ctx, &model.Request{Query: "共享标记", Page: 1, Size: 1000, NoFacets: g%2 == 0})
				if err != nil {
					errs <- fmt.Sprintf("search: %v", err)
					return
				}
				if bad := checkWhole(res); bad != "" {
					errs <- bad
					return
				}
				searches.Add(1)
				seen.Add(int64(len(res.Hits)))
			}
		}()
	}
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := 1; v <= rounds; v++ {
				for k := w; k < articles; k += writers {
					var err error
					if (k+v)%4 == 0 {
						err = live.Delete(ctx, versioned(k, v).ID)
						if model.KindOf(err) == model.NotFound {
							err = nil
						}
					} else {
						_, err = live.Put(ctx, versioned(k, v))
					}
					if err != nil {
						errs <- fmt.Sprintf("write: %v", err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	sg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if !t.Failed() && (searches.Load() == 0 || seen.Load() == 0) {
		t.Fatalf("the searches found nothing: %d searches", searches.Load())
	}
	t.Logf("%d searches saw %d paragraphs while %d writers made %d writes", searches.Load(), seen.Load(), writers, articles*rounds)

	// the final state: the last version of each article, or none
	res, err := live.Search(ctx, &model.Request{Query: "共享标记", Page: 1, Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if bad := checkWhole(res); bad != "" {
		t.Error(bad)
	}
	want := 0
	for k := 0; k < articles; k++ {
		if (k+rounds)%4 != 0 {
			want++
		}
	}
	if st := live.Stats(); st.Articles != want {
		t.Errorf("%d articles counted, want %d", st.Articles, want)
	}
}

// TestPutAllProgressCountsWrittenArticles: when progress says n, the first
// n articles are readable; articles merely handed over are not counted.
func TestPutAllProgressCountsWrittenArticles(t *testing.T) {
	ix, err := Open(Options{Dir: t.TempDir(), Shards: 3, BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []*article.Article
	for k := 0; k < 200; k++ {
		arts = append(arts, bodyArticle(fmt.Sprintf("p%03d", k), "t", "", "惠州", "第一段。", "第二段。"))
	}
	ctx := context.Background()
	check := func(run string) {
		t.Helper()
		calls, last := 0, 0
		var handed atomic.Int64 // next runs in PutAll's feeder, progress in its writers
		next := sliceNext(arts)
		_, err := ix.PutAll(ctx, func() (*article.Article, error) {
			a, err := next()
			if err == nil {
				handed.Add(1)
			}
			return a, err
		}, func(done int) {
			calls++
			if done <= last || int64(done) > handed.Load() {
				t.Errorf("%s: progress %d after %d, with %d handed over", run, done, last, handed.Load())
			}
			for _, a := range arts[last:done] {
				if _, err := ix.Article(ctx, a.ID); err != nil {
					t.Errorf("%s: progress says %d, but article %s is not written: %v", run, done, a.ID, err)
					return
				}
			}
			last = done
		})
		if err != nil {
			t.Fatal(err)
		}
		if last != len(arts) || calls < 2 {
			t.Errorf("%s: progress ended at %d after %d calls, want %d in several", run, last, calls, len(arts))
		}
	}
	check("first import")
	check("re-run, every article unchanged")
}

// TestGenerationsInUseAreKept: a rebuild leaves the generation a reader
// still has open; the reader's reload switches to the new one, after which
// the old directory goes. A directory left by a killed rebuild goes at the
// next Open; the current one never does.
func TestGenerationsInUseAreKept(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Dir: dir, Shards: 2}
	ctx := context.Background()
	fill := func(text string) func(*Index) error {
		return func(ix *Index) error {
			_, err := ix.PutAll(ctx, sliceNext([]*article.Article{bodyArticle("g1", "t", "", "惠州", text)}), nil)
			return err
		}
	}
	if err := Rebuild(ctx, opts, fill("第一代的内容。")); err != nil {
		t.Fatal(err)
	}
	live, err := OpenLive(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	retired := make(chan string, 1)
	live.Retired = func(gen string, err error) {
		if err != nil {
			t.Errorf("closing %s: %v", gen, err)
		}
		retired <- gen
	}
	first := live.Info().Generation

	// a half-built generation, as a killed rebuild leaves it: no process
	// holds it
	if err := os.MkdirAll(filepath.Join(dir, "gen-20200101T000000.000000000-1", "shard-00"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Rebuild(ctx, opts, fill("第二代的内容。")); err != nil {
		t.Fatal(err)
	}
	gens := generationDirs(t, dir)
	if len(gens) != 2 || !contains(gens, first) {
		t.Fatalf("after the rebuild: %v; want the served generation %s and the new one", gens, first)
	}
	if n := liveTotal(t, live, "第一代"); n != 1 {
		t.Errorf("before the reload the old content should still be served: %d hits", n)
	}
	switched, err := live.Reload()
	if err != nil || !switched {
		t.Fatalf("reload: %v %v", switched, err)
	}
	if liveTotal(t, live, "第二代") != 1 || liveTotal(t, live, "第一代") != 0 {
		t.Error("after the reload the new content should be served")
	}
	if gen := <-retired; gen != first {
		t.Errorf("retired %s, want %s", gen, first)
	}
	gens = generationDirs(t, dir)
	if len(gens) != 1 || gens[0] != live.Info().Generation || live.Info().Reloads != 1 {
		t.Errorf("after the reload: %v, serving %+v", gens, live.Info())
	}
	if switched, err := live.Reload(); err != nil || switched {
		t.Errorf("a second reload with nothing new: %v %v", switched, err)
	}

	// a CURRENT naming a missing generation: the reload fails, the index
	// keeps serving
	if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("gen-missing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if switched, err := live.Reload(); err == nil || switched {
		t.Errorf("reload onto a missing generation: %v %v", switched, err)
	}
	if liveTotal(t, live, "第二代") != 1 {
		t.Error("a failed reload stopped the index from answering")
	}
	if removed, _ := CleanGenerations(dir); len(removed) != 0 {
		t.Errorf("cleaning without a valid CURRENT removed %v", removed)
	}
}

// TestSecondProcessGetsAClearError: an index open elsewhere is reported, not
// waited for forever.
func TestSecondProcessGetsAClearError(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(Options{Dir: dir, Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = Open(Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "open in another process") {
		t.Errorf("opening an index that is open: %v", err)
	}
}

func liveTotal(t *testing.T, l *Live, q string) int {
	t.Helper()
	res, err := l.Search(context.Background(), &model.Request{Query: q, Page: 1, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func generationDirs(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestReloadUnderLoad switches generations while 16 goroutines search and
// one writes: no request fails, every search sees one generation whole, and
// the old generations are closed and removed. Run it with -race.
func TestReloadUnderLoad(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Dir: dir, Shards: 2}
	ctx := context.Background()
	build := func(gen int) {
		t.Helper()
		err := Rebuild(ctx, opts, func(ix *Index) error {
			var arts []*article.Article
			for k := 0; k < 6; k++ {
				arts = append(arts, versioned(k, gen))
			}
			_, err := ix.PutAll(ctx, sliceNext(arts), nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	build(0)
	live, err := OpenLive(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	var retired atomic.Int64
	live.Retired = func(gen string, err error) {
		if err != nil {
			t.Errorf("closing %s: %v", gen, err)
		}
		retired.Add(1)
	}

	var stop atomic.Bool
	errs := make(chan string, 32)
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				// facets and grouping make several Bleve searches of one
				// request: all must run on the generation it started on
				res, err := live.Search(ctx, &model.Request{Query: "共享标记", Page: 1, Size: 100, Group: i%2 == 0})
				if err == nil && res.Total == 0 {
					err = fmt.Errorf("no hits")
				}
				if err != nil {
					errs <- fmt.Sprintf("search: %v", err)
					return
				}
				if i%2 == 0 {
					// Matches comes from a count made apart from the hits:
					// only the articles nobody writes are checked
					res.Hits = slices.DeleteFunc(res.Hits, func(h model.Hit) bool { return h.ArticleID == "art07" })
				}
				if bad := checkWhole(res); bad != "" {
					errs <- bad
					return
				}
				if _, err := live.Article(ctx, "art01"); err != nil {
					errs <- fmt.Sprintf("article: %v", err)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // a writer: its writes go to whichever generation is current
		defer wg.Done()
		for v := 100; !stop.Load(); v++ {
			if _, err := live.Put(ctx, versioned(7, v)); err != nil {
				errs <- fmt.Sprintf("put: %v", err)
				return
			}
		}
	}()
	const reloads = 6
	for gen := 1; gen <= reloads; gen++ {
		build(gen)
		if switched, err := live.Reload(); err != nil || !switched {
			t.Fatalf("reload %d: %v %v", gen, switched, err)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	res, err := live.Search(ctx, &model.Request{Query: "共享标记", Page: 1, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ArticleID != "art07" && !strings.HasSuffix(h.Title, fmt.Sprintf("第%03d版", reloads)) {
			t.Errorf("after %d reloads a hit of %s", reloads, h.Title)
			break
		}
	}
	if err := live.Close(); err != nil { // waits for the retired generations
		t.Fatal(err)
	}
	if n := retired.Load(); n != reloads {
		t.Errorf("%d generations retired, want %d", n, reloads)
	}
	if gens := generationDirs(t, dir); len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}
}

// reloadFixture is a directory whose index holds one article, id, reading
// 旧一代; rebuild replaces it with one holding text.
func reloadFixture(t *testing.T, id string) (dir string, opts Options, rebuild func(text string)) {
	t.Helper()
	dir = t.TempDir()
	opts = Options{Dir: dir, Shards: 2}
	rebuild = func(text string) {
		t.Helper()
		err := Rebuild(context.Background(), opts, func(ix *Index) error {
			_, err := ix.PutAll(context.Background(), sliceNext([]*article.Article{bodyArticle(id, "t", "", "惠州", text)}), nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	rebuild("旧一代。")
	return dir, opts, rebuild
}

// openLiveRetiring opens a Live that reports each retired generation.
func openLiveRetiring(t *testing.T, opts Options) (*Live, <-chan string) {
	t.Helper()
	live, err := OpenLive(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	retired := make(chan string, 1)
	live.Retired = func(gen string, err error) { retired <- gen }
	return live, retired
}

// TestReloadWaitsForRequestsInFlight: a request that started on the old
// generation finishes on it; the old generation is closed after it.
func TestReloadWaitsForRequestsInFlight(t *testing.T) {
	dir, opts, rebuild := reloadFixture(t, "f1")
	ctx := context.Background()
	live, retired := openLiveRetiring(t, opts)
	old := live.Info().Generation

	inFlight := live.acquire() // a request under way
	rebuild("新一代。")
	if switched, err := live.Reload(); err != nil || !switched {
		t.Fatalf("reload: %v %v", switched, err)
	}
	if liveTotal(t, live, "新一代") != 1 {
		t.Error("new requests should go to the new generation")
	}
	res, err := inFlight.ix.Search(ctx, &model.Request{Query: "旧一代", Page: 1, Size: 10})
	if err != nil || res.Total != 1 {
		t.Fatalf("the request in flight lost its generation: %v", err)
	}
	select {
	case gen := <-retired:
		t.Fatalf("%s retired while a request was using it", gen)
	default:
	}
	if !contains(generationDirs(t, dir), old) {
		t.Fatal("the generation in use was removed")
	}
	inFlight.release()
	if gen := <-retired; gen != old {
		t.Errorf("retired %s, want %s", gen, old)
	}
	if contains(generationDirs(t, dir), old) {
		t.Error("the old generation was not removed after its last request")
	}
}

// A write in progress (Bleve syncing its batch) holds up neither a Reload
// nor the searches that come after it; the write finishes on the
// generation it started on, which is retired only after it.
func TestReloadDoesNotWaitForWrites(t *testing.T) {
	_, opts, rebuild := reloadFixture(t, "w1")
	ctx := context.Background()
	live, retired := openLiveRetiring(t, opts)

	writing, release := make(chan struct{}), make(chan struct{})
	live.cur.ix.onWrite = func() { close(writing); <-release }
	putDone := make(chan error, 1)
	go func() {
		_, err := live.Put(ctx, bodyArticle("w2", "t", "", "惠州", "写入中。"))
		putDone <- err
	}()
	<-writing

	rebuild("新一代。")
	reloaded := make(chan error, 1)
	go func() {
		_, err := live.Reload()
		if err == nil {
			var res *model.Result
			res, err = live.Search(ctx, &model.Request{Query: "新一代", Page: 1, Size: 10})
			if err == nil && res.Total != 1 {
				err = fmt.Errorf("a search after the reload found %d, want 1", res.Total)
			}
		}
		reloaded <- err
	}()
	// a hang guard, not a timing: the reload needs no time from the write
	select {
	case err := <-reloaded:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		close(release)
		t.Fatal("the reload and the searches after it waited for a write in progress")
	}
	select {
	case gen := <-retired:
		t.Fatalf("%s retired while a write was using it", gen)
	default:
	}
	close(release)
	if err := <-putDone; err != nil {
		t.Errorf("the write in progress: %v", err)
	}
	<-retired
}
