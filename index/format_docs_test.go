package index

import (
	"strconv"
	"testing"

	"fangtan/docs"
)

// TestFormatHistoryDocumented: docs/design.md's index format history has
// one row for every format up to the one this code writes, and no later
// one.
func TestFormatHistoryDocumented(t *testing.T) {
	history := docs.Section(docs.Read("design.md"), "### Index format history")
	if history == "" {
		t.Fatal("docs/design.md has no index format history")
	}
	var got []int
	for _, row := range docs.Table(history) {
		n, err := strconv.Atoi(row[0])
		if err != nil {
			t.Fatalf("docs/design.md: format %q", row[0])
		}
		got = append(got, n)
	}
	for k, n := range got {
		if n != k+1 {
			t.Errorf("docs/design.md's format history skips or repeats: %v", got)
			break
		}
	}
	if len(got) == 0 || got[0] != 1 || got[len(got)-1] != format {
		t.Errorf("docs/design.md's format history runs %v; the index writes format %d", got, format)
	}
}
