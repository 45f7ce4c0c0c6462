package querylog

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Sizes of the child's log: the most a kill may lose is what is queued
// plus the batch being committed.
const (
	childQueue = 64
	childBatch = 16
	childDays  = 500 // searches of the day before, closed before the burst
)

// TestKillDuringBurst kills a process with kill -9 in the middle of a
// burst of searches: the log opens again, the day before is whole, and of
// the burst no more is lost than the queue held.
func TestKillDuringBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	path := filepath.Join(t.TempDir(), "q.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), "QUERYLOG_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	recorded, committed := 0, 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "recorded":
			recorded = n
		case "committed":
			committed = n
		}
		if recorded >= 3000 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if recorded < 3000 {
		t.Fatalf("the child stopped after %d searches", recorded)
	}

	c := newClock()
	l, err := Open(path, Options{Now: c.now})
	if err != nil {
		t.Fatalf("the log does not open after kill -9: %v", err)
	}
	defer l.Close()
	before, _ := l.Stats(Direct, Day(c.now().AddDate(0, 0, -1)), Day(c.now().AddDate(0, 0, -1)), 10)
	if len(before.Top) != 1 || before.Top[0].Count != childDays {
		t.Errorf("the day before the burst: %+v, want %d searches", before.Top, childDays)
	}
	today, _ := l.Stats(Direct, Day(c.now()), Day(c.now()), 10)
	kept := 0
	for _, q := range today.Top {
		kept += q.Count
	}
	lost := recorded - kept
	t.Logf("recorded at least %d, committed at least %d, kept %d: lost %d (queue %d + batch %d)", recorded, committed-childDays, kept, lost, childQueue, childBatch)
	if kept < committed-childDays {
		t.Errorf("kept %d, but %d were reported committed", kept, committed-childDays)
	}
	if lost > childQueue+childBatch {
		t.Errorf("lost %d searches; the queue holds %d and a batch %d", lost, childQueue, childBatch)
	}
}

// TestKillChild is the process TestKillDuringBurst kills.
func TestKillChild(t *testing.T) {
	path := os.Getenv("QUERYLOG_CHILD")
	if path == "" {
		t.Skip("run by TestKillDuringBurst")
	}
	c := newClock()
	c.add(-24 * time.Hour)
	w := bufio.NewWriter(os.Stdout)
	l, err := Open(path, Options{Now: c.now, QueueSize: childQueue, BatchSize: childBatch,
		Committed: func(n uint64) { fmt.Fprintf(os.Stdout, "committed %d\n", n) }})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < childDays; i++ {
		l.Record("昨天的查询", "", "10.0.0.1", 1)
		if i%childQueue == 0 {
			l.Flush()
		}
	}
	l.Flush()
	c.add(24 * time.Hour)
	for i := 1; ; i++ {
		before := l.Counters().Recorded
		l.Record("储能", "", strconv.Itoa(i%50), 7)
		if l.Counters().Recorded == before {
			time.Sleep(time.Millisecond) // the queue is full: let the writer catch up
			continue
		}
		fmt.Fprintf(w, "recorded %d\n", l.Counters().Recorded-childDays)
		w.Flush()
	}
}
