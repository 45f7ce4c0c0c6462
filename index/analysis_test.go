package index

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// The analyzers' whole token streams, in the style of Bleve's own analyzer
// tests: term, 1-based rune position and type, for the registered names
// the mapping refers to. Offsets stay zero (nothing reads them).
func TestAnalyzerTokenStreams(t *testing.T) {
	tok := func(term string, pos int, typ analysis.TokenType) *analysis.Token {
		return &analysis.Token{Term: []byte(term), Position: pos, Type: typ}
	}
	const (
		ideo  = analysis.Ideographic
		alnum = analysis.AlphaNumeric
	)
	tests := []struct {
		analyzer string
		input    string // already folded, as the index gives it
		want     analysis.TokenStream
	}{
		{BigramAnalyzer, "", nil},
		{BigramAnalyzer, "钢", nil},
		{BigramAnalyzer, "储能", analysis.TokenStream{tok("储能", 1, ideo)}},
		{BigramAnalyzer, "新型储能", analysis.TokenStream{
			tok("新型", 1, ideo), tok("型储", 2, ideo), tok("储能", 3, ideo)}},
		// punctuation and spaces are runes like any other: a query
		// without them cannot match across them
		{BigramAnalyzer, "惠州,珠海", analysis.TokenStream{
			tok("惠州", 1, ideo), tok("州,", 2, ideo), tok(",珠", 3, alnum), tok("珠海", 4, ideo)}},
		{BigramAnalyzer, "5g 基站", analysis.TokenStream{
			tok("5g", 1, alnum), tok("g ", 2, alnum), tok(" 基", 3, alnum), tok("基站", 4, ideo)}},
		{UnigramAnalyzer, "", nil},
		{UnigramAnalyzer, "钢", analysis.TokenStream{tok("钢", 1, ideo)}},
		// spaces are left out, positions still count them
		{UnigramAnalyzer, "a 钢,", analysis.TokenStream{
			tok("a", 1, alnum), tok("钢", 3, ideo), tok(",", 4, alnum)}},
	}
	cache := registry.NewCache()
	for _, tt := range tests {
		a, err := cache.AnalyzerNamed(tt.analyzer)
		if err != nil {
			t.Fatal(err)
		}
		got := a.Analyze([]byte(tt.input))
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s(%q):\n got %s\nwant %s", tt.analyzer, tt.input, streamString(got), streamString(tt.want))
		}
	}
}

func streamString(ts analysis.TokenStream) string {
	s := "["
	for i, t := range ts {
		if i > 0 {
			s += " "
		}
		s += string(t.Term) + "@" + strconv.Itoa(t.Position)
		if t.Type == analysis.Ideographic {
			s += "i"
		}
	}
	return s + "]"
}
