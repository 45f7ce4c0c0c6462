package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fangtan/article"
)

func TestInspectJSON(t *testing.T) {
	seeds, _ := filepath.Glob("../../seeds/*.txt")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), append([]string{"inspect", "--json"}, seeds...), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != len(seeds) {
		t.Fatalf("%d lines for %d seeds", len(lines), len(seeds))
	}
	wantKeys := []string{"authors", "city", "date", "district", "id", "paragraphs", "province", "source", "source_url", "subtitle", "title"}
	for i, l := range lines {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		if strings.Join(sorted(keys), ",") != strings.Join(wantKeys, ",") {
			t.Errorf("line %d keys %v, want %v", i+1, sorted(keys), wantKeys)
		}
		var ps []map[string]any
		json.Unmarshal(m["paragraphs"], &ps)
		if len(ps) == 0 || len(ps[0]) != 5 {
			t.Errorf("line %d paragraphs %v, want n, kind, section, speaker, text", i+1, ps[:1])
		}
		if strings.Contains(l, `\u003c`) || strings.Contains(l, `\u0026`) {
			t.Errorf("line %d escapes HTML characters", i+1)
		}
	}
}

func TestInspectBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	empty := filepath.Join(dir, "empty.txt")
	bad := filepath.Join(dir, "bad.txt") // neither UTF-8 nor GBK nor Big5
	os.WriteFile(good, []byte("惠州访谈\n\n惠州将推动制造业高质量发展。\n"), 0o644)
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(bad, []byte("\x80\xff\xff\xfe\x80\xff\n"), 0o644)

	var stdout, stderr bytes.Buffer
	// Flags may come after the files.
	code := run(context.Background(), []string{"inspect", empty, good, bad, "--json"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var a article.Article
	if err := json.Unmarshal(stdout.Bytes(), &a); err != nil || a.Title != "惠州访谈" {
		t.Errorf("the good file was not shown: %q (%v)", stdout.String(), err)
	}
	for _, want := range []string{empty + ": empty file", bad + ": not UTF-8"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q lacks %q", stderr.String(), want)
		}
	}
}

func TestInspectReadable(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"inspect", "../../seeds/003_39ddcd05d30923cf.txt"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"title       韶关高质量发展探访②", "date        -", "authors     潘俊宇", "欧阳全", "caption", "   n  kind"} {
		if !strings.Contains(out, want) {
			t.Errorf("readable view lacks %q:\n%s", want, out)
		}
	}
	// Columns line up: every paragraph's text starts at the same display
	// column, whatever the width of its section and speaker.
	a, err := article.ParseFile("../../seeds/003_39ddcd05d30923cf.txt")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(out, "\n")
	for _, p := range a.Paragraphs {
		found := false
		for _, l := range rows {
			if strings.HasSuffix(l, "  "+p.Text) && strings.HasPrefix(strings.TrimLeft(l, " "), strconv.Itoa(p.N)+" ") {
				found = true
				if w := displayWidth(strings.TrimSuffix(l, p.Text)); w != 71 {
					t.Errorf("paragraph %d: text starts at column %d, want 71", p.N, w)
				}
			}
		}
		if !found {
			t.Errorf("paragraph %d not shown", p.N)
		}
	}
	if code := run(context.Background(), []string{"inspect"}, &stdout, &stderr); code != 2 {
		t.Errorf("no files: exit %d, want 2", code)
	}
}

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestPad(t *testing.T) {
	for _, c := range []struct {
		in   string
		cols int
	}{{"欧阳全", 20}, {"南方日报、南方+记者南方日报、南方+记者", 20}, {"ab", 4}, {"聚焦大产业 增强高质量发展硬实力", 24}} {
		if got := displayWidth(pad(c.in, c.cols)); got != c.cols {
			t.Errorf("pad(%q, %d) is %d columns wide", c.in, c.cols, got)
		}
	}
}
