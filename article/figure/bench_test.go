package figure

import (
	"bufio"
	"encoding/json"
	"os"
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

// BenchmarkExtractCorpus extracts the figures of every paragraph of a JSONL
// corpus, the cost extraction adds to `fangtan index` (which marks each
// paragraph that states a figure):
//
//	fangtan synth -articles 5000 -paragraphs 10 > /tmp/synth.jsonl
//	FANGTAN_CORPUS=/tmp/synth.jsonl go test -run '^$' -bench ExtractCorpus ./article/figure
func BenchmarkExtractCorpus(b *testing.B) {
	path := os.Getenv("FANGTAN_CORPUS")
	if path == "" {
		b.Skip("set FANGTAN_CORPUS to a JSONL corpus")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	type para struct {
		text, date string
	}
	var paras []para
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	size := 0
	for sc.Scan() {
		var a struct {
			Date       string `json:"date"`
			Paragraphs []struct {
				Text string `json:"text"`
			} `json:"paragraphs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		for _, p := range a.Paragraphs {
			paras = append(paras, para{p.Text, a.Date})
			size += len(p.Text)
		}
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(len(paras)), "paragraphs")
	for b.Loop() {
		for _, p := range paras {
			Extract(p.text, Context{Date: p.date})
		}
	}
}
