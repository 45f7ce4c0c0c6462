package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangtan/article/synth"
)

// `fangtan synth` writes what `fangtan index` reads, and a marker finds its
// article.
func TestSynthIndexSearch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"synth", "-articles", "30", "-paragraphs", "4", "-seed", "5", "-marker"}, &out, &errb); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 30 {
		t.Fatalf("synth wrote %d lines, want 30", n)
	}
	if err := os.WriteFile(corpus, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	data := filepath.Join(dir, "data")
	if code := run(ctx, []string{"index", "-q", "-data", data, corpus}, &out, &errb); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "30 articles (30 new or changed), 120 paragraphs indexed, 0 files skipped") {
		t.Errorf("index: %s%s", out.String(), errb.String())
	}
	out.Reset()
	if code := run(ctx, []string{"search", "-data", data, synth.Marker(5, 17)}, &out, &errb); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), synth.ID(5, 17)) || strings.Contains(out.String(), synth.ID(5, 1)+" ") {
		t.Errorf("searching the marker of article 17 gave:\n%s", out.String())
	}
}

func TestSynthUsage(t *testing.T) {
	for _, args := range [][]string{{"-articles", "0"}, {"-paragraphs", "0"}, {"extra"}} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"synth"}, args...), &out, &errb); code == 0 || errb.Len() == 0 || out.Len() != 0 {
			t.Errorf("%q: exit %d, stderr %q, %d bytes out; want an error and no corpus", args, code, errb.String(), out.Len())
		}
	}
}
