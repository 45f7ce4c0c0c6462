package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// The analyzers see text that is already folded (normalize.Fold): folding
// happens once per paragraph in Go, and the stored field keeps the original
// for display. Positions are rune indexes (1-based, as Bleve wants), so a
// phrase query of bigrams matches exactly where the folded query is a
// substring of the folded text — Ctrl+F semantics, with no match across
// punctuation or spaces the query does not hold.
const (
	// BigramAnalyzer emits every pair of adjacent runes (spaces and
	// punctuation included) at the position of its first rune.
	BigramAnalyzer = "fangtan_bigram"
	// UnigramAnalyzer emits every rune but spaces, for one-character
	// queries.
	UnigramAnalyzer = "fangtan_unigram"
)

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterAnalyzer(BigramAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return ngramAnalyzer(2), nil
	}))
	must(registry.RegisterAnalyzer(UnigramAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return ngramAnalyzer(1), nil
	}))
}

// ngramAnalyzer splits folded text into n-grams of runes (n is 1 or 2).
type ngramAnalyzer int

func (n ngramAnalyzer) Analyze(input []byte) analysis.TokenStream {
	// byte offset of each rune, plus the end
	offs := make([]int, 0, len(input)+1)
	for i := 0; i < len(input); {
		offs = append(offs, i)
		_, size := utf8.DecodeRune(input[i:])
		i += size
	}
	offs = append(offs, len(input))
	runes := len(offs) - 1
	count := runes - int(n) + 1
	if count <= 0 {
		return nil
	}
	tokens := make([]analysis.Token, 0, count)
	for i := 0; i < count; i++ {
		start, end := offs[i], offs[i+int(n)]
		if n == 1 && input[start] == ' ' {
			continue
		}
		typ := analysis.Ideographic
		if input[start] < utf8.RuneSelf {
			typ = analysis.AlphaNumeric
		}
		// Start and End stay zero: nothing reads Bleve's offsets (snippets
		// re-find the query in the stored text), and zeros take one byte
		// each in every stored location instead of two or three.
		tokens = append(tokens, analysis.Token{
			Term:     input[start:end:end],
			Position: i + 1, Type: typ,
		})
	}
	stream := make(analysis.TokenStream, len(tokens))
	for i := range tokens {
		stream[i] = &tokens[i]
	}
	return stream
}
