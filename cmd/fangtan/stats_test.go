package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fangtan/server/querylog"
)

// `fangtan stats` reads the log a server wrote: top and zero-result
// queries, per portal or all, as text or as the JSON of /api/stats.
func TestStats(t *testing.T) {
	dir := t.TempDir()
	ql, err := openQueryLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, ip := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"} {
		ql.Record("储能", "www.huizhou.gov.cn", ip, 7)
		ql.Record("氢燃料电池", "www.huizhou.gov.cn", ip, 0)
		if i == 0 {
			ql.Record("制造业", "", ip, 28)
		}
	}
	ctx := context.Background()
	var out, errb bytes.Buffer
	// a running server holds the log
	if code := run(ctx, []string{"stats", "-data", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "/api/stats") {
		t.Errorf("stats on a held log: exit %d: %s", code, errb.String())
	}
	if err := ql.Close(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := run(ctx, []string{"stats", "-data", dir}, &out, &errb); code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, want := range []string{"every portal", "www.huizhou.gov.cn  6\n", "direct              1\n", "储能"} {
		if !strings.Contains(text, want) {
			t.Errorf("stats lack %q:\n%s", want, text)
		}
	}
	if _, zero, _ := strings.Cut(text, "queries that found nothing"); !strings.Contains(zero, "氢燃料电池") || strings.Contains(zero, "储能") {
		t.Errorf("zero-result queries:\n%s", zero)
	}
	out.Reset()
	if code := run(ctx, []string{"stats", "-data", dir, "-portal", "direct", "-json"}, &out, &errb); code != 0 {
		t.Fatalf("stats -json: exit %d: %s", code, errb.String())
	}
	var rep struct {
		Top  []querylog.Query `json:"top"`
		Zero []querylog.Query `json:"zero"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Top) != 1 || rep.Top[0].Text != "制造业" || rep.Top[0].Hits != 28 || len(rep.Zero) != 0 {
		t.Errorf("stats -portal direct -json: %v %s", err, out.String())
	}
	if code := run(ctx, []string{"stats", "-data", dir, "-from", "yesterday"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "-from") {
		t.Errorf("a bad -from: exit %d: %s", code, errb.String())
	}
}
