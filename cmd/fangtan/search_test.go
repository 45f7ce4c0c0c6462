package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `fangtan search -explain` shows the parts of every hit's score.
func TestSearchExplain(t *testing.T) {
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"index", "-q", "-data", data, "../../index/testdata/ranking/synthetic.jsonl"}, &out, &errb); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run(ctx, []string{"search", "-data", data, "-explain", "-no-facets", "储能"}, &out, &errb); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errb.String())
	}
	got := out.String()
	// 储能 is in six paragraphs of the two articles: each gets a score line
	// and a line for its term
	if n := strings.Count(got, "得分 "); n != 6 {
		t.Errorf("%d score lines, want 6:\n%s", n, got)
	}
	for _, want := range []string{"· 储能：出现 3 次，标题、小标题含此词（计 5.5 次）", "图片说明权重 0.50"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	out.Reset()
	if code := run(ctx, []string{"search", "-data", data, "-no-facets", "储能"}, &out, &errb); code != 0 || strings.Contains(out.String(), "得分") {
		t.Errorf("without -explain: exit %d:\n%s", code, out.String())
	}
}

// `fangtan search` shows the original page's address under a hit that has
// one (from a .jsonl record's source_url, cleaned), and nothing under one
// that has none.
func TestSearchShowsSourceURL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	os.WriteFile(corpus, []byte(`{"title":"有出处的储能报道","source_url":"https://GXJ.portal.example/art/1.html?utm_source=wx","paragraphs":[{"text":"新型储能产业发展迅速。"}]}
{"title":"无出处的储能报道","paragraphs":[{"text":"储能电站并网发电。"}]}
`), 0o644)
	data := filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"index", "-q", "-data", data, corpus}, &out, &errb); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run(ctx, []string{"search", "-data", data, "-no-facets", "储能"}, &out, &errb); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errb.String())
	}
	hits := strings.Split(strings.TrimSpace(out.String()), "\n\n")[1:]
	if len(hits) != 2 {
		t.Fatalf("%d hits:\n%s", len(hits), out.String())
	}
	for _, h := range hits {
		const src = "   原文：https://gxj.portal.example/art/1.html\n"
		if has := strings.Contains(h+"\n", src); has != strings.Contains(h, "有出处") {
			t.Errorf("hit shows the source %v:\n%s", has, h)
		}
	}
}
