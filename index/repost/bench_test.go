package repost

import (
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/article/synth"
)

func synthArticles(n int) []*article.Article {
	g := synth.New(synth.Options{Seed: 7, Paragraphs: 5})
	out := make([]*article.Article, n)
	for i := range out {
		out[i] = g.Article(i)
	}
	return out
}

// BenchmarkFingerprint: the print of an article of five paragraphs, the
// work each write adds (compare BenchmarkFold, the folding alone).
func BenchmarkFingerprint(b *testing.B) {
	arts := synthArticles(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Fingerprint(arts[i%len(arts)])
	}
}

func BenchmarkFold(b *testing.B) {
	arts := synthArticles(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range arts[i%len(arts)].Paragraphs {
			normalize.String(p.Text)
		}
	}
}

// BenchmarkGroupsPut: entering one article among 10,000 whose sentences
// it shares (synthetic articles are spliced from the seeds' sentences).
func BenchmarkGroupsPut(b *testing.B) {
	arts := synthArticles(10000)
	prints := make([]Print, len(arts))
	for i, a := range arts {
		prints[i] = Fingerprint(a)
	}
	b.ResetTimer()
	g := NewGroups()
	for i := 0; i < b.N; i++ {
		g.Put(prints[i%len(prints)])
	}
}
