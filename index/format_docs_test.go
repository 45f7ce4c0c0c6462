package index

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFormatHistoryDocumented: docs/design.md's index format history has
// one row for every format up to the one this code writes, and no later
// one.
func TestFormatHistoryDocumented(t *testing.T) {
	data, err := os.ReadFile("../docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "### Index format history")
	if i < 0 {
		t.Fatal("docs/design.md has no index format history")
	}
	var got []int
	for _, m := range regexp.MustCompile(`(?m)^\| (\d+) \|`).FindAllStringSubmatch(text[i:], -1) {
		n, _ := strconv.Atoi(m[1])
		if len(got) > 0 && n != got[len(got)-1]+1 {
			break // the next table
		}
		got = append(got, n)
	}
	if len(got) == 0 || got[0] != 1 || got[len(got)-1] != format {
		t.Errorf("docs/design.md's format history runs %v; the index writes format %d", got, format)
	}
}
