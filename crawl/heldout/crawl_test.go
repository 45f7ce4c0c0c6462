package heldout

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
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

// recorder is the index the crawler writes to, keeping every Put.
type recorder struct {
	*index.Index
	mu   sync.Mutex
	puts map[string]string // source_url → title
}

func (r *recorder) Put(ctx context.Context, a *article.Article) (bool, error) {
	r.mu.Lock()
	r.puts[a.SourceURL] = a.Title
	r.mu.Unlock()
	return r.Index.Put(ctx, a)
}

// figures are one run's results.
type figures struct {
	expected, found int
	wrong           []string // found by phrase under another source_url or title
	missed          []string
	extra           []string // indexed, not expected
	summary         crawl.Summary
	hits            map[string]int
}

// serve starts the site on 127.0.0.1 and gives its base: the address
// itself, so that no name is ever looked up.
func serve(t *testing.T, s *Site) string {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL
}

func run(t *testing.T, starts func(*Site, string) []string) *figures {
	s := New()
	base := serve(t, s)
	dir := t.TempDir()
	ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rec := &recorder{Index: ix, puts: map[string]string{}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sum, err := crawl.New(crawl.Config{Dir: dir, Delay: -1, Client: &http.Client{Transport: crawltest.LoopbackOnly(t, base)}}, rec).Run(ctx, starts(s, base))
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	f := &figures{summary: sum, hits: s.Hits()}
	want := map[string]bool{}
	for _, e := range s.Articles() {
		f.expected++
		u, _ := article.CleanURL(base+e.Path, nil)
		want[u] = true
		res, err := ix.Search(ctx, &model.Request{Query: `"` + e.Phrase + `"`, Group: true, Page: 1, Size: 5, Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		ok := false
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.SourceURL+" "+h.Title)
			if h.SourceURL == u && h.Title == e.Title {
				ok = true
			}
		}
		switch {
		case ok:
			f.found++
		case len(got) > 0:
			f.wrong = append(f.wrong, fmt.Sprintf("%s (%s): got %v", e.Path, e.Phrase, got))
		default:
			f.missed = append(f.missed, fmt.Sprintf("%s (%s)", e.Path, e.Phrase))
		}
	}
	for u, title := range rec.puts {
		if !want[u] {
			f.extra = append(f.extra, u+" "+title)
		}
	}
	sort.Strings(f.extra)
	return f
}

func (f *figures) log(t *testing.T, base string) {
	t.Logf("articles expected %d, found %d, wrong %d, missed %d, extra %d", f.expected, f.found, len(f.wrong), len(f.missed), len(f.extra))
	s := f.summary
	t.Logf("summary: requests %d fetched %d new %d lists %d skipped %d failed %d pending %d stopped %q",
		s.Requests, s.Fetched, s.New, s.Lists, s.Skipped, s.Failed, s.Pending, s.Stopped)
	var rs []string
	for r, n := range s.Reasons {
		rs = append(rs, fmt.Sprintf("%d× %s (e.g. %s)", n, r, s.Examples[r]))
	}
	sort.Strings(rs)
	for _, r := range rs {
		t.Logf("  reason: %s", r)
	}
	for _, m := range f.missed {
		t.Logf("  MISSED %s", m)
	}
	for _, m := range f.wrong {
		t.Logf("  WRONG %s", m)
	}
	for _, m := range f.extra {
		t.Logf("  EXTRA %s", m)
	}
	var ps []string
	for p, n := range f.hits {
		ps = append(ps, fmt.Sprintf("%s×%d", p, n))
	}
	sort.Strings(ps)
	t.Logf("  site requests (%d paths): %s", len(ps), strings.Join(ps, " "))
	if f.hits["/private/neibu/draft.shtml"] > 0 {
		t.Logf("  ROBOTS: a Disallowed page was fetched")
	}
}

// TestHeldoutCrawl crawls the site from what a user would give (its root;
// and, second, its column pages) and logs the figures; it fails only when
// the crawl cannot run.
func TestHeldoutCrawl(t *testing.T) {
	t.Run("root", func(t *testing.T) {
		f := run(t, func(s *Site, base string) []string { return s.StartURLs(base) })
		f.log(t, "")
	})
	t.Run("columns", func(t *testing.T) {
		f := run(t, func(s *Site, base string) []string { return s.ColumnURLs(base) })
		f.log(t, "")
	})
}

// TestHeldoutRecall asserts the crawl from the root finds every article
// and indexes nothing else; skipped unless FANGTAN_HELDOUT_STRICT=1.
func TestHeldoutRecall(t *testing.T) {
	if os.Getenv("FANGTAN_HELDOUT_STRICT") != "1" {
		t.Skip("set FANGTAN_HELDOUT_STRICT=1")
	}
	f := run(t, func(s *Site, base string) []string { return s.StartURLs(base) })
	f.log(t, "")
	if f.found != f.expected {
		t.Errorf("found %d of %d articles", f.found, f.expected)
	}
	if len(f.extra) > 0 {
		t.Errorf("%d pages indexed that are not expected articles", len(f.extra))
	}
	if f.hits["/private/neibu/draft.shtml"] > 0 {
		t.Errorf("a page robots.txt disallows was fetched")
	}
}

var _ http.Handler = (*Site)(nil)
