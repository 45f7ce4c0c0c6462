package heldout2

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fangtan/article"
	"fangtan/crawl"
	"fangtan/crawl/crawltest"
	"fangtan/index"
	"fangtan/index/model"
)

// putRecorder passes every call to the index and remembers what was put.
type putRecorder struct {
	*index.Index
	mu   sync.Mutex
	puts map[string]*article.Article // ID → last article put
}

func (r *putRecorder) Put(ctx context.Context, a *article.Article) (bool, error) {
	r.mu.Lock()
	r.puts[a.ID] = a
	r.mu.Unlock()
	return r.Index.Put(ctx, a)
}

func (r *putRecorder) Delete(ctx context.Context, id string) error {
	r.mu.Lock()
	delete(r.puts, id)
	r.mu.Unlock()
	return r.Index.Delete(ctx, id)
}

// figures is one run's outcome.
type figures struct {
	Expected, Found, Canon, Wrong, Missed, Extra int
	Lines                                        []string
	Summary                                      crawl.Summary
	Requests                                     []string
}

func run(t *testing.T, starts func(string) []string, noSitemaps ...bool) figures {
	t.Helper()
	site := New()
	site.NoSitemaps = len(noSitemaps) > 0 && noSitemaps[0]
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rec := &putRecorder{Index: ix, puts: map[string]*article.Article{}}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sum, err := crawl.New(crawl.Config{Dir: dir, Delay: -1, Timeout: 2 * time.Second, Client: &http.Client{Transport: crawltest.LoopbackOnly(t, srv.URL)}}, rec).Run(ctx, starts(srv.URL))
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	f := figures{Summary: sum, Requests: site.Requests()}
	base := srv.URL
	matched := map[string]bool{} // source_urls accounted for
	for _, e := range site.Articles() {
		f.Expected++
		res, err := ix.Search(ctx, &model.Request{Query: "\"" + e.Phrase + "\"", Group: true, Page: 1, Size: 5, Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		want := base + e.Path
		var got []string
		ok, canon := false, false
		for _, h := range res.Hits {
			got = append(got, h.SourceURL+" «"+h.Title+"»")
			matched[h.SourceURL] = true
			if h.SourceURL == want && h.Title == e.Title {
				ok = true
			} else if e.Canonical != "" && h.SourceURL == e.Canonical {
				canon = true
			}
		}
		switch {
		case ok:
			f.Found++
			if len(res.Hits) > 1 {
				f.Lines = append(f.Lines, "DUP   "+e.Path+" ["+e.Shape+"]: "+strings.Join(got, " | "))
			}
		case canon:
			f.Canon++
			f.Lines = append(f.Lines, "CANON "+e.Path+" ["+e.Shape+"]: "+strings.Join(got, " | "))
		case len(res.Hits) > 0:
			f.Wrong++
			f.Lines = append(f.Lines, "WRONG "+e.Path+" ["+e.Shape+"] want «"+e.Title+"»: "+strings.Join(got, " | "))
		default:
			f.Missed++
			f.Lines = append(f.Lines, "MISS  "+e.Path+" ["+e.Shape+"]")
		}
	}
	var extras []string
	for _, a := range rec.puts {
		if !matched[a.SourceURL] {
			extras = append(extras, a.SourceURL+" «"+a.Title+"»")
		}
	}
	sort.Strings(extras)
	f.Extra = len(extras)
	for _, x := range extras {
		f.Lines = append(f.Lines, "EXTRA "+x)
	}
	for _, r := range f.Requests {
		if strings.Contains(r, "print=") {
			f.Lines = append(f.Lines, "ROBOTS fetched a disallowed address: "+r)
		}
	}
	t.Logf("expected %d, found %d (right source_url and title), canonical m. host %d, wrong %d, missed %d, extra indexed %d",
		f.Expected, f.Found, f.Canon, f.Wrong, f.Missed, f.Extra)
	t.Logf("summary: %d requests, %d fetched, %d new, %d lists, %d skipped, %d failed, pending %d, stopped %q",
		sum.Requests, sum.Fetched, sum.New, sum.Lists, sum.Skipped, sum.Failed, sum.Pending, sum.Stopped)
	for _, r := range sum.ReasonCounts() {
		t.Logf("  reason: %s ×%d", r, sum.Reasons[r])
	}
	for k, v := range sum.Examples {
		t.Logf("  example %s: %s", k, v)
	}
	for _, l := range f.Lines {
		t.Log(l)
	}
	if testing.Verbose() {
		var puts []string
		for id, a := range rec.puts {
			puts = append(puts, "  PUT "+a.SourceURL+" "+id+" «"+a.Title+"»")
		}
		sort.Strings(puts)
		for _, p := range puts {
			t.Log(p)
		}
	}
	return f
}

// TestHeldout2 runs the crawl from the sections' entry pages and from the
// site root and logs the figures; it asserts only that the crawl ran.
func TestHeldout2(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site")
	}
	t.Run("sections", func(t *testing.T) {
		f := run(t, StartURLs)
		if f.Summary.Fetched == 0 {
			t.Fatal("nothing fetched")
		}
		if testing.Verbose() {
			for _, r := range f.Requests {
				t.Log("  GET? " + r)
			}
		}
	})
	t.Run("root", func(t *testing.T) {
		f := run(t, RootURLs)
		if f.Summary.Fetched == 0 {
			t.Fatal("nothing fetched")
		}
	})
	// added after the first run, before any change to the crawler: without
	// robots.txt sitemaps the feed-only sections depend on the feeds
	t.Run("sections-nositemaps", func(t *testing.T) {
		f := run(t, StartURLs, true)
		if f.Summary.Fetched == 0 {
			t.Fatal("nothing fetched")
		}
	})
}

// TestHeldout2Recall asserts that every article is found under its own
// address and nothing else is indexed; only with FANGTAN_HELDOUT_STRICT=1.
func TestHeldout2Recall(t *testing.T) {
	if !strict() {
		t.Skip("set FANGTAN_HELDOUT_STRICT=1")
	}
	for name, starts := range map[string]func(string) []string{"sections": StartURLs, "root": RootURLs} {
		t.Run(name, func(t *testing.T) {
			f := run(t, starts)
			if f.Found != f.Expected || f.Extra != 0 {
				t.Errorf("found %d of %d (canonical m. host %d, wrong %d, missed %d), %d extra", f.Found, f.Expected, f.Canon, f.Wrong, f.Missed, f.Extra)
			}
		})
	}
}
