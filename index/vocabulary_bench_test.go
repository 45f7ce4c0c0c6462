package index

import (
	"fmt"
	"io"
	"testing"

	"fangtan/index/vocab"
)

// BenchmarkVocabulary measures what the vocabulary adds to an index build:
// counting every paragraph (what PutAll does per article) and saving the
// counts, over the corpus of BenchmarkIndexing; and taking a snapshot
// (done once, at the first forgiving search). Compare its ns/op with
// BenchmarkIndexing's:
//
//	go test -run '^$' -bench 'Vocabulary|Indexing/paragraphs=8600' -benchtime 3x ./index
func BenchmarkVocabulary(b *testing.B) {
	arts := copies(b, 100)
	paras := searchableParagraphs(arts)
	b.Run(fmt.Sprintf("count+save/paragraphs=%d", paras), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ix := &Index{vocab: &vocabState{counter: vocab.NewCounter()}}
			for _, a := range arts {
				ix.countVocab(a, nil)
			}
			if _, err := ix.vocab.counter.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(paras*b.N)/b.Elapsed().Seconds(), "paragraphs/s")
	})
	b.Run(fmt.Sprintf("snapshot/paragraphs=%d", paras), func(b *testing.B) {
		c := vocab.NewCounter()
		ix := &Index{vocab: &vocabState{counter: c}}
		for _, a := range arts {
			ix.countVocab(a, nil)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if c.Vocabulary().Len() == 0 {
				b.Fatal("empty")
			}
		}
	})
}
