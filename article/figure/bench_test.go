package figure

import (
	"strings"
	"testing"
)

// BenchmarkExtract extracts the figures of every seed paragraph (and of
// the synthetic sentences) once per iteration.
//
//	go test -run '^$' -bench Extract -benchmem ./article/figure
func BenchmarkExtract(b *testing.B) {
	cases := readGold(b)
	size := 0
	for _, c := range cases {
		size += len(c.text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cases {
			Extract(c.text, c.ctx)
		}
	}
}

// BenchmarkExtractWorst: a paragraph of nothing but numbers and units, the
// slowest kind of input.
func BenchmarkExtractWorst(b *testing.B) {
	text := strings.Repeat("产值12亿元、", 400)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text, Context{Date: "2023-01-01"})
	}
}
