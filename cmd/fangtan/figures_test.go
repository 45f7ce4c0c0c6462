package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// `fangtan figures -data DIR QUERY` prints the figures of the seeds that
// name the query, with value, year, kind and place, the statement in 【】.
func TestFiguresCommand(t *testing.T) {
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"index", "-q", "-data", data, filepath.Join("..", "..", "seeds")}, &out, &errb); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run(ctx, []string{"figures", "-data", data, "-kind", "target", "新型储能"}, &out, &errb); code != 0 {
		t.Fatalf("figures: exit %d: %s", code, errb.String())
	}
	got := out.String()
	for _, want := range []string{
		"新型储能产业产值  突破 350 亿元  2025 年 · 目标",
		"广东 惠州 惠阳 · 2023-08-04 · 南方日报",
		"【新型储能产业产值突破350亿元】",
		"新型储能产业产值  超 1200 亿元  年份未注明 · 目标",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "实际") {
		t.Errorf("-kind target printed an actual figure:\n%s", got)
	}
	out.Reset()
	errb.Reset()
	if code := run(ctx, []string{"figures", "-data", data, "-year", "20x5", "产值"}, &out, &errb); code == 0 || !strings.Contains(errb.String(), `"year"`) {
		t.Errorf("-year 20x5: exit %d, stderr %q", code, errb.String())
	}
}
