package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One record with an ID the index cannot hold is skipped and reported; the
// import (here a new index, built aside and then switched to) keeps the
// rest instead of throwing its generation away.
func TestIndexSkipsABadRecord(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "in.jsonl")
	lines := strings.Join([]string{
		`{"id":"ok-1","title":"惠州储能","paragraphs":[{"text":"惠州发展新型储能产业。"}]}`,
		`{"id":"bad/id","title":"坏记录","paragraphs":[{"text":"这一条的编号带斜杠。"}]}`,
		`{"id":"ok-3","title":"珠海储能","paragraphs":[{"text":"珠海发展新型储能产业。"}]}`,
	}, "\n") + "\n"
	if err := os.WriteFile(corpus, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"index", "-q", "-data", data, corpus}, &out, &errb); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "2 articles (2 new or changed)") || !strings.Contains(errb.String(), "in.jsonl:2") {
		t.Errorf("index: %s%s", out.String(), errb.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"search", "-data", data, "储能"}, &out, &errb); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "ok-1") || !strings.Contains(out.String(), "ok-3") {
		t.Errorf("search after the import:\n%s", out.String())
	}
}
