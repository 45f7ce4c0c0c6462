package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/synth"
	"fangtan/seeds"
)

// repostCorpus writes, in dir, the first seed as a city paper, a bureau
// (same day), a big5 gateway and a glossing mobile mirror (later)
// published it, and returns that file's path with the other seeds', as
// scraped.
func repostCorpus(t *testing.T, dir string) []string {
	t.Helper()
	names := seeds.Names()
	raw, err := fs.ReadFile(seeds.FS(), names[0])
	if err != nil {
		t.Fatal(err)
	}
	first, err := article.Parse(raw, names[0])
	if err != nil {
		t.Fatal(err)
	}
	paper := synth.Repost(first, synth.Dress{ID: "rb-0305", Source: "惠州日报", Date: "2024-03-05",
		SourceURL: "https://hzrb.example.com/content/2024-03/05/1.html"})
	var corpus bytes.Buffer
	for _, a := range []*article.Article{paper,
		synth.Repost(paper, synth.Dress{ID: "gxj-0305", Title: "权威访谈丨" + paper.Title, Source: "惠州市工业和信息化局",
			SourceURL: "https://gxj.huizhou.example.gov.cn/art/2024/3/5/art_9.html"}),
		synth.Repost(paper, synth.Dress{ID: "big5-0306", Source: "某省新闻网", Date: "2024-03-06", Traditional: true,
			SourceURL: "https://big5.example.com/gate/big5/hz/1.html"}),
		synth.Repost(paper, synth.Dress{ID: "m-0307", Title: "转载：" + paper.Title, Source: "某某头条", Date: "2024-03-07", Glossed: true,
			SourceURL: "https://m.example.com/a/0307"}),
	} {
		line, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		corpus.Write(append(line, '\n'))
	}
	copies := filepath.Join(dir, "copies.jsonl")
	if err := os.WriteFile(copies, corpus.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{copies}
	for _, name := range names[1:] {
		paths = append(paths, filepath.Join("../../seeds", name))
	}
	return paths
}

// `fangtan search` shows an interview other sites reposted once, from the
// bureau's copy, with 另有 3 处转载 under it and the reposted paragraphs
// counted in the header; -collapse=false lists every copy.
func TestSearchShowsRepostsOnce(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"index", "-q", "-data", filepath.Join(dir, "data")}, repostCorpus(t, dir)...)
	ctx := context.Background()
	var out, errb bytes.Buffer
	if code := run(ctx, args, &out, &errb); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errb.String())
	}
	search := func(flags ...string) (header string, hits []string) {
		t.Helper()
		out.Reset()
		args := append(append([]string{"search", "-data", filepath.Join(dir, "data"), "-no-facets"}, flags...), `"依托龙头企业引领"`)
		if code := run(ctx, args, &out, &errb); code != 0 {
			t.Fatalf("search %v: exit %d: %s", flags, code, errb.String())
		}
		parts := strings.Split(strings.TrimSpace(out.String()), "\n\n")
		return parts[0], parts[1:]
	}
	idOf := regexp.MustCompile(`\[(\S+) #\d+\]`)

	header, hits := search()
	if _, on := search("-collapse=true"); !slices.Equal(on, hits) {
		t.Errorf("-collapse=true lists %q, the default %q", on, hits)
	}
	if !strings.HasPrefix(header, "1 段匹配（另有 3 段为转载，未重复列出），用时 ") {
		t.Errorf("header %q, want 1 段匹配（另有 3 段为转载，未重复列出）", header)
	}
	if len(hits) != 1 {
		t.Fatalf("%d hits, want the interview once:\n%s", len(hits), out.String())
	}
	if m := idOf.FindStringSubmatch(hits[0]); m == nil || m[1] != "gxj-0305" || !strings.HasPrefix(hits[0], "1. 权威访谈丨") ||
		!strings.Contains(hits[0], "\n   另有 3 处转载\n") || !strings.Contains(hits[0], "原文：https://gxj.huizhou.example.gov.cn/art/2024/3/5/art_9.html") {
		t.Errorf("the hit is not the bureau's copy with 另有 3 处转载:\n%s", hits[0])
	}

	header, hits = search("-collapse=false")
	if !strings.HasPrefix(header, "4 段匹配，用时 ") {
		t.Errorf("-collapse=false: header %q, want 4 段匹配 and no reposts left out", header)
	}
	var ids []string
	for _, h := range hits {
		if m := idOf.FindStringSubmatch(h); m != nil {
			ids = append(ids, m[1])
		}
		if !strings.Contains(h, "\n   另有 3 处转载\n") {
			t.Errorf("-collapse=false: a copy without 另有 3 处转载:\n%s", h)
		}
	}
	slices.Sort(ids)
	if want := []string{"big5-0306", "gxj-0305", "m-0307", "rb-0305"}; !slices.Equal(ids, want) {
		t.Errorf("-collapse=false lists %v, want every copy %v:\n%s", ids, want, out.String())
	}

	// a seed nobody reposted: no reposts line, nothing left out
	out.Reset()
	if code := run(ctx, []string{"search", "-data", filepath.Join(dir, "data"), "-no-facets", `"热气腾腾的八月"`}, &out, &errb); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errb.String())
	}
	if got := out.String(); !strings.HasPrefix(got, "1 段匹配，用时 ") || strings.Contains(got, "转载") {
		t.Errorf("a paragraph nobody reposted:\n%s", got)
	}
}
