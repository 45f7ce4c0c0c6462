package querylang

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"fangtan/index/model"
)

func TestLex(t *testing.T) {
	for q, want := range map[string][]Token{
		`储能 -韶关`:       {{Raw: "储能", Text: "储能"}, {Raw: "-韶关", Text: "韶关", Negated: true}},
		`"新型 储能" OR x`: {{Raw: `"新型 储能"`, Text: "新型 储能", Quoted: true}, {Raw: "OR", Text: "OR"}, {Raw: "x", Text: "x"}},
		`-“氢能”`:        {{Raw: `-“氢能”`, Text: "氢能", Quoted: true, Negated: true}},
		`"新型储能`:        {{Raw: `"新型储能`, Text: "新型储能", Quoted: true}}, // open quote runs to the end
		"a\u3000- b":   {{Raw: "a", Text: "a"}, {Raw: "-", Text: "-"}, {Raw: "b", Text: "b"}},
	} {
		if got := Lex(q); !reflect.DeepEqual(got, want) {
			t.Errorf("Lex(%q) = %+v, want %+v", q, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	q, err := Parse(`储能 OR 氢能 -韶关 工信局 ＡＢ`, DefaultSynonyms)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Clauses) != 4 || !q.Clauses[1].Negated || !q.HasPositive() {
		t.Fatalf("clauses %+v", q.Clauses)
	}
	if got := q.Clauses[0].Alternates; !reflect.DeepEqual(got, []string{"储能", "氢能"}) {
		t.Errorf("OR: %v", got)
	}
	if got := q.Clauses[2].Alternates; len(got) < 2 || got[0] != "工信局" || !strings.Contains(strings.Join(got, " "), "工业和信息化局") {
		t.Errorf("synonyms: %v", got)
	}
	if got := q.Clauses[3].Alternates; !reflect.DeepEqual(got, []string{"ab"}) {
		t.Errorf("folding: %v", got)
	}
	if pos := q.Positive(); slices.Contains(pos, "韶关") {
		t.Errorf("an exclusion is positive: %v", pos)
	}
	if q, _ := Parse("-韶关", nil); q.HasPositive() {
		t.Error("only an exclusion has a positive term")
	}
	for in, reason := range map[string]string{
		"\xff":                                  model.ReasonNotUTF8,
		strings.Repeat("储", 1025):               model.ReasonTooLong,
		strings.Repeat("储", 65):                 model.ReasonTermTooLong,
		strings.Repeat("a ", 17):                model.ReasonTooManyTerms,
		"a" + strings.Repeat(" OR a", 16) + "b": "",
		"OR 储能":                                 model.ReasonORNeedsTerms,
		"储能 OR":                                 model.ReasonORNeedsTerms,
		"储能 OR -氢能":                             model.ReasonMixedOR,
	} {
		_, err := Parse(in, nil)
		e, _ := err.(*model.Error)
		switch {
		case reason == "" && err != nil:
			t.Errorf("Parse(%.20q): %v", in, err)
		case reason != "" && (e == nil || e.Reason != reason || e.Kind != model.Invalid || e.Param != "q"):
			t.Errorf("Parse(%.20q): %v, want reason %s", in, err, reason)
		}
	}
	if _, err := Parse(manyAlternates(17), nil); err == nil || err.(*model.Error).Reason != model.ReasonTooManyAlternates {
		t.Errorf("17 alternates: %v", err)
	}
}

func manyAlternates(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strings.Repeat("储", i+1)
	}
	return strings.Join(parts, " OR ")
}

func TestPrefix(t *testing.T) {
	if p, err := Prefix(" 储能\u200b "); err != nil || p != "储能" {
		t.Errorf("Prefix: %q %v", p, err)
	}
	if _, err := Prefix(strings.Repeat("储", 65)); err == nil {
		t.Error("a prefix past the bound")
	}
}
