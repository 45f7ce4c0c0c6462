// Package querylang is fangtan's query language (docs/design.md, "Search
// semantics"): whitespace separates terms, all required; "…" quotes a
// phrase (which may hold spaces); -x excludes; A OR B. OR binds tighter
// than the implicit AND: 储能 OR 氢能 惠州 = (储能 OR 氢能) AND 惠州. There are
// no wildcards, regular expressions, fuzzy operators or fields: *, ~, /, :
// are ordinary characters that must occur in the text. Terms are folded
// (package normalize) and government abbreviations expanded (Synonyms).
//
// It lexes, parses, folds and bounds a query, and knows nothing of how an
// index finds it: package index turns a Query into Bleve queries, and
// package forgive reads the same terms to correct them.
package querylang

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fangtan/article/normalize"
	"fangtan/index/model"
)

// Bounds on a query, so no input costs more than a few term lookups each.
const (
	MaxQueryRunes = 1024 // the server's own bound is lower
	MaxClauses    = 16   // AND-ed clauses, exclusions included
	MaxAlternates = 16   // OR branches of one clause, synonyms included
	MaxTermRunes  = 64   // one phrase
)

// Clause is one AND-ed part of a query: any of its alternates must occur
// (or, when negated, none of them).
type Clause struct {
	Negated    bool
	Alternates []string // folded phrases
}

// Query is a query after parsing and folding.
type Query struct {
	Clauses []Clause
}

// Positive returns the folded phrases that can match, synonyms included,
// for highlighting.
func (q *Query) Positive() []string {
	var out []string
	for _, c := range q.Clauses {
		if !c.Negated {
			out = append(out, c.Alternates...)
		}
	}
	return out
}

// HasPositive reports whether q requires any text (else it browses).
func (q *Query) HasPositive() bool {
	for _, c := range q.Clauses {
		if !c.Negated {
			return true
		}
	}
	return false
}

// Token is a lexed term before folding.
type Token struct {
	Raw     string // as typed, quotes and minus included
	Text    string // without them
	Quoted  bool
	Negated bool
}

// IsOR reports whether t is the OR operator.
func (t Token) IsOR() bool { return !t.Quoted && !t.Negated && t.Text == "OR" }

// Lex splits a query into terms. A quote left open runs to the end of the
// query: someone typing "新型储能 has not finished yet, and that is no
// reason to fail.
func Lex(s string) []Token {
	var terms []Token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if isSpace(rs[i]) {
			i++
			continue
		}
		start, neg := i, false
		if rs[i] == '-' && i+1 < len(rs) && !isSpace(rs[i+1]) {
			neg = true
			i++
		}
		if IsQuote(rs[i]) {
			j := i + 1
			for j < len(rs) && !IsQuote(rs[j]) {
				j++
			}
			terms = append(terms, Token{Raw: string(rs[start:min(j+1, len(rs))]), Text: string(rs[i+1 : min(j, len(rs))]), Quoted: true, Negated: neg})
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !isSpace(rs[j]) && !IsQuote(rs[j]) {
			j++
		}
		terms = append(terms, Token{Raw: string(rs[start:j]), Text: string(rs[i:j]), Negated: neg})
		i = j
	}
	return terms
}

// IsQuote accepts the ASCII quote and the full-width and curly quotes a
// Chinese input method types.
func IsQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '＂' }

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' }

// Parse parses and folds a user query, expanding its terms with syn (nil:
// none). An empty query (or one of only exclusions) is valid: it browses
// everything, narrowed by the filters. Errors are *model.Error of kind
// Invalid, with a Reason.
func Parse(s string, syn *Synonyms) (*Query, error) {
	if !utf8.ValidString(s) {
		return nil, invalid(model.ReasonNotUTF8, "not valid UTF-8")
	}
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		return nil, invalid(model.ReasonTooLong, "longer than %d characters", MaxQueryRunes)
	}
	s = StripInvisible(s)
	var q Query
	terms := Lex(s)
	for i := 0; i < len(terms); i++ {
		t := terms[i]
		if t.IsOR() {
			return nil, invalid(model.ReasonORNeedsTerms, "OR needs a term on each side")
		}
		alts := []Token{t}
		for i+1 < len(terms) && terms[i+1].IsOR() {
			if i+2 >= len(terms) || terms[i+2].IsOR() {
				return nil, invalid(model.ReasonORNeedsTerms, "OR needs a term on each side")
			}
			alts = append(alts, terms[i+2])
			i += 2
		}
		c := Clause{Negated: t.Negated}
		for _, a := range alts {
			if a.Negated != t.Negated {
				return nil, invalid(model.ReasonMixedOR, "cannot mix excluded and required terms in one OR")
			}
			f := Fold(a.Text)
			if f == "" {
				continue
			}
			if utf8.RuneCountInString(f) > MaxTermRunes {
				return nil, invalid(model.ReasonTermTooLong, "a term is longer than %d characters", MaxTermRunes)
			}
			c.Alternates = appendUnique(c.Alternates, syn.expand(f)...)
		}
		if len(c.Alternates) == 0 {
			continue
		}
		if len(c.Alternates) > MaxAlternates {
			return nil, invalid(model.ReasonTooManyAlternates, "too many OR alternatives (at most %d)", MaxAlternates)
		}
		q.Clauses = append(q.Clauses, c)
		if len(q.Clauses) > MaxClauses {
			return nil, invalid(model.ReasonTooManyTerms, "too many terms (at most %d)", MaxClauses)
		}
	}
	return &q, nil
}

// Prefix checks and folds what a reader has typed so far (a suggestion's
// prefix): one term, bounded like a query's.
func Prefix(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalid(model.ReasonNotUTF8, "not valid UTF-8")
	}
	p := Fold(StripInvisible(s))
	if utf8.RuneCountInString(p) > MaxTermRunes {
		return "", invalid(model.ReasonTooLong, "longer than %d characters", MaxTermRunes)
	}
	return p, nil
}

// invalid reports what is wrong with the query text.
func invalid(reason, format string, args ...any) error {
	return &model.Error{Kind: model.Invalid, Param: "q", Reason: reason, Msg: fmt.Sprintf(format, args...)}
}

// Fold folds a term the way the index folds text: NFKC, lower case,
// simplified, whitespace runs as one space, trimmed.
func Fold(s string) string {
	return strings.TrimSpace(normalize.String(s))
}

// StripInvisible drops control and format characters (bidi overrides,
// zero-width joiners) that a user cannot mean to search for.
func StripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			if l == it {
				found = true
				break
			}
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}
