package querylog

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, china)} }

func open(t *testing.T, path string, o Options) *Log {
	t.Helper()
	l, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func texts(qs []Query) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func TestPopularNeedsThreeClientsAndHits(t *testing.T) {
	c := newClock()
	l := open(t, filepath.Join(t.TempDir(), "q.db"), Options{Now: c.now})
	ask := func(q string, hits int, clients ...string) {
		for _, cl := range clients {
			l.Record(q, "www.huizhou.gov.cn", cl, hits)
		}
	}
	ask("储能", 7, "10.0.0.1", "10.0.0.2", "10.0.0.3")
	ask("製造業", 28, "10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5") // folded: 制造业
	ask("制造业", 28, "10.0.0.1")
	ask("欧阳泉的电话", 0, "10.0.0.1", "10.0.0.2", "10.0.0.3")
	ask("我的名字", 3, "10.0.0.9", "10.0.0.9", "10.0.0.9", "10.0.0.9") // one person, many times
	ask("氢能", 2, "10.0.0.1", "10.0.0.2")
	l.Record("储能", "other.example", "10.0.0.7", 7)
	l.Flush()
	pop, err := l.Popular("www.huizhou.gov.cn", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(pop); !slices.Equal(got, []string{"制造业", "储能"}) {
		t.Errorf("popular = %q, want 制造业 (5 searches), 储能 (3)", got)
	}
	if pop[0].Count != 5 || pop[0].Clients != 0 || pop[0].Hits != 0 {
		t.Errorf("popular[0] = %+v: want count 5 and nothing else", pop[0])
	}
	if other, _ := l.Popular("other.example", 10); len(other) != 0 {
		t.Errorf("another portal's popular list: %q", texts(other))
	}
	r, err := l.Stats("", Day(c.now()), Day(c.now()), 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(r.Zero); !slices.Equal(got, []string{"欧阳泉的电话"}) {
		t.Errorf("zero-result queries = %q", got)
	}
	if r.Top[0].Text != "制造业" || r.Top[0].Count != 5 || r.Top[0].Hits != 28 {
		t.Errorf("top = %+v", r.Top)
	}
	if r.Top[1].Text != "储能" || r.Top[1].Count != 4 {
		t.Errorf("all portals: 储能 should count 4, got %+v", r.Top[1])
	}
}

// The day's key is in memory only: after a restart the same client cannot
// be recognised, so the day's client count is the larger of the two, never
// their sum — two restarts do not make one person's query popular.
func TestRestartNeverAddsClients(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), "q.db")
	for i := 0; i < 3; i++ {
		l, err := Open(path, Options{Now: c.now})
		if err != nil {
			t.Fatal(err)
		}
		l.Record("我的名字", "", "10.0.0.9", 3)
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	l := open(t, path, Options{Now: c.now})
	r, _ := l.Stats(Direct, Day(c.now()), Day(c.now()), 10)
	if len(r.Top) != 1 || r.Top[0].Count != 3 || r.Top[0].Clients != 1 {
		t.Errorf("after three restarts: %+v, want 3 searches by 1 client", r.Top)
	}
	if pop, _ := l.Popular(Direct, 10); len(pop) != 0 {
		t.Errorf("one client's query is popular: %q", texts(pop))
	}
	if b, err := os.ReadFile(path); err == nil && containsBytes(b, "10.0.0.9") {
		t.Error("the client's address is in the file")
	}
}

func containsBytes(b []byte, s string) bool { return strings.Contains(string(b), s) }

// A burst of 100,000 distinct queries in a day keeps at most MaxPerDay of
// them; 200 days of them keep KeepDays days and KeepMonths months; the
// file stays within its bound.
func TestBurstStaysWithinBounds(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), "q.db")
	l := open(t, path, Options{Now: c.now, MaxPerDay: 1000, KeepDays: 7, MaxPerMonth: 1500, KeepMonths: 2})
	for i := 0; i < 100000; i++ {
		l.Record(fmt.Sprintf("查询%d", i), fmt.Sprintf("portal%d.example", i%7), fmt.Sprint(i%97), i%3)
	}
	l.Flush()
	cs := l.Counters()
	if cs.Recorded+cs.Dropped != 100000 || cs.Committed != cs.Recorded {
		t.Errorf("counters %+v: every search is committed or counted as dropped", cs)
	}
	r, _ := l.Stats("", Day(c.now()), Day(c.now()), 100000)
	if len(r.Top) > 1000 || len(r.Top) == 0 {
		t.Errorf("%d queries kept in a day, bound 1000", len(r.Top))
	}
	if cs.Overflow == 0 && cs.Recorded > 1000 {
		t.Errorf("no overflow counted: %+v", cs)
	}
	// 200 days of bursts (each flushed, so none is dropped)
	for d := 0; d < 200; d++ {
		c.add(24 * time.Hour)
		for i := 0; i < 1200; i++ {
			l.Record(fmt.Sprintf("查询%d", (d*1200+i)%5000), "portal.example", fmt.Sprint(i%97), 1)
		}
		l.Flush()
	}
	days, months := l.periods()
	if days > 7 || months > 2 {
		t.Errorf("%d days and %d months kept, bounds 7 and 2", days, months)
	}
	r, _ = l.Stats("", "20000101", "29991231", 1_000_000)
	if len(r.Top) > 7*1000+2*1500 {
		t.Errorf("%d pairs kept", len(r.Top))
	}
	st, _ := os.Stat(path)
	// pairs of ~30 bytes, bbolt pages half full at worst, freed pages reused
	if bound := int64(4 << 20); st.Size() > bound {
		t.Errorf("the log is %d bytes, bound %d", st.Size(), bound)
	}
	t.Logf("after 100,000 + 240,000 searches: %d bytes, %d days, %d months, counters %+v", st.Size(), days, months, l.Counters())
}

// What a search box sends while its reader types (储 on the way to 储能)
// is not a popular search of its own.
func TestPopularDropsWhatWasStillBeingTyped(t *testing.T) {
	c := newClock()
	l := open(t, filepath.Join(t.TempDir(), "q.db"), Options{Now: c.now})
	for _, cl := range []string{"a", "b", "c", "d"} {
		l.Record("储", "", cl, 40)
		l.Record("储能", "", cl, 7)
		l.Record("制造", "", cl, 30)
	}
	for _, cl := range []string{"a", "b", "c"} {
		for i := 0; i < 10; i++ {
			l.Record("制", "", cl, 60) // asked far more often on its own
		}
		l.Record("制造业", "", cl, 28)
	}
	l.Flush()
	pop, _ := l.Popular(Direct, 10)
	// 制造 (4 searches) was on the way to 制造业 (3); 制 (30) was not
	if got := texts(pop); !slices.Equal(got, []string{"制", "储能", "制造业"}) {
		t.Errorf("popular = %q, want 制 储能 制造业", got)
	}
}
