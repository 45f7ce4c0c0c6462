package normalize

import (
	"strings"
	"testing"
)

// paragraphs splits the seeds (and their traditional version) into lines, the
// way paragraphs reach the index.
func paragraphs(b *testing.B, traditional bool) (ps []string, size int) {
	for name, text := range seedTexts(b) {
		if (name == "traditional.txt") != traditional {
			continue
		}
		for line := range strings.Lines(text) {
			if line = strings.TrimSpace(line); line != "" {
				ps = append(ps, line)
				size += len(line)
			}
		}
	}
	return ps, size
}

// BenchmarkFold folds every seed paragraph once per iteration.
//
//	go test -run '^$' -bench . -benchmem ./article/normalize
func BenchmarkFold(b *testing.B) {
	load()
	for _, c := range []struct {
		name        string
		traditional bool
		fn          func(string)
	}{
		{"Fold/seeds", false, func(s string) { _ = Fold(s) }},
		{"Fold/traditional", true, func(s string) { _ = Fold(s) }},
		{"String/seeds", false, func(s string) { _ = String(s) }},
		{"String/traditional", true, func(s string) { _ = String(s) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			ps, size := paragraphs(b, c.traditional)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range ps {
					c.fn(p)
				}
			}
		})
	}
	b.Run("Fold/ascii", func(b *testing.B) {
		s := strings.Repeat("The Quick Brown Fox jumps over 2 lazy dogs. ", 20)
		b.SetBytes(int64(len(s)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Fold(s)
		}
	})
}

// BenchmarkLoad measures building the t2s and class tables, which happens
// once per process on first use.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = buildTables(tsCharacters)
	}
}
