package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fangtan/index/model"
	"fangtan/index/normalize"
)

// The query language (docs/design.md, "Search semantics"): whitespace separates terms, all required;
// "…" quotes a phrase (which may hold spaces); -x excludes; A OR B. OR binds
// tighter than the implicit AND: 储能 OR 氢能 惠州 = (储能 OR 氢能) AND 惠州.
// There are no wildcards, regular expressions, fuzzy operators or fields: *,
// ~, /, : are ordinary characters that must occur in the text.

// Bounds on a query, so no input costs more than a few term lookups each.
const (
	maxQueryRunes = 1024 // the server's own bound is lower
	maxClauses    = 16   // AND-ed clauses, exclusions included
	maxAlternates = 16   // OR branches of one clause, synonyms included
	maxTermRunes  = 64   // one phrase
)

// clause is one AND-ed part of a query: any of its alternates must occur
// (or, when negated, none of them).
type clause struct {
	negated    bool
	alternates []string // folded phrases
}

// parsedQuery is a query after parsing and folding.
type parsedQuery struct {
	clauses []clause
}

// positive returns the folded phrases that can match, synonyms included, for
// highlighting.
func (q *parsedQuery) positive() []string {
	var out []string
	for _, c := range q.clauses {
		if !c.negated {
			out = append(out, c.alternates...)
		}
	}
	return out
}

func (q *parsedQuery) hasPositive() bool {
	for _, c := range q.clauses {
		if !c.negated {
			return true
		}
	}
	return false
}

// rawTerm is a lexed term before folding.
type rawTerm struct {
	text    string
	quoted  bool
	negated bool
}

func (t rawTerm) isOR() bool { return !t.quoted && !t.negated && t.text == "OR" }

// lex splits a query into terms. A quote left open runs to the end of the
// query: someone typing "新型储能 has not finished yet, and that is no
// reason to fail.
func lex(s string) []rawTerm {
	var terms []rawTerm
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if isSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if rs[i] == '-' && i+1 < len(rs) && !isSpace(rs[i+1]) {
			neg = true
			i++
		}
		if isQuote(rs[i]) {
			j := i + 1
			for j < len(rs) && !isQuote(rs[j]) {
				j++
			}
			terms = append(terms, rawTerm{text: string(rs[i+1 : min(j, len(rs))]), quoted: true, negated: neg})
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !isSpace(rs[j]) && !isQuote(rs[j]) {
			j++
		}
		terms = append(terms, rawTerm{text: string(rs[i:j]), negated: neg})
		i = j
	}
	return terms
}

// isQuote accepts the ASCII quote and the full-width and curly quotes a
// Chinese input method types.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '＂' }

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' }

// parseQuery parses and folds a user query. An empty query (or one of only
// exclusions) is valid: it browses everything, narrowed by the filters.
func parseQuery(s string, syn *synonyms) (*parsedQuery, error) {
	if !utf8.ValidString(s) {
		return nil, invalidQuery(model.ReasonNotUTF8, "not valid UTF-8")
	}
	if utf8.RuneCountInString(s) > maxQueryRunes {
		return nil, invalidQuery(model.ReasonTooLong, "longer than %d characters", maxQueryRunes)
	}
	s = stripInvisible(s)
	var q parsedQuery
	terms := lex(s)
	for i := 0; i < len(terms); i++ {
		t := terms[i]
		if t.isOR() {
			return nil, invalidQuery(model.ReasonORNeedsTerms, "OR needs a term on each side")
		}
		alts := []rawTerm{t}
		for i+1 < len(terms) && terms[i+1].isOR() {
			if i+2 >= len(terms) || terms[i+2].isOR() {
				return nil, invalidQuery(model.ReasonORNeedsTerms, "OR needs a term on each side")
			}
			alts = append(alts, terms[i+2])
			i += 2
		}
		c := clause{negated: t.negated}
		for _, a := range alts {
			if a.negated != t.negated {
				return nil, invalidQuery(model.ReasonMixedOR, "cannot mix excluded and required terms in one OR")
			}
			f := foldTerm(a.text)
			if f == "" {
				continue
			}
			if utf8.RuneCountInString(f) > maxTermRunes {
				return nil, invalidQuery(model.ReasonTermTooLong, "a term is longer than %d characters", maxTermRunes)
			}
			c.alternates = appendUnique(c.alternates, syn.expand(f)...)
		}
		if len(c.alternates) == 0 {
			continue
		}
		if len(c.alternates) > maxAlternates {
			return nil, invalidQuery(model.ReasonTooManyAlternates, "too many OR alternatives (at most %d)", maxAlternates)
		}
		q.clauses = append(q.clauses, c)
		if len(q.clauses) > maxClauses {
			return nil, invalidQuery(model.ReasonTooManyTerms, "too many terms (at most %d)", maxClauses)
		}
	}
	return &q, nil
}

// Terms returns the folded phrases query q looks for, synonyms included:
// what a page highlights for it.
func (ix *Index) Terms(q string) ([]string, error) {
	pq, err := parseQuery(q, ix.syn)
	if err != nil {
		return nil, err
	}
	return pq.positive(), nil
}

// foldTerm folds a term the way the index folds text: NFKC, lower case,
// simplified, whitespace runs as one space, trimmed.
func foldTerm(s string) string {
	return strings.TrimSpace(normalize.String(s))
}

// stripInvisible drops control and format characters (bidi overrides,
// zero-width joiners) that a user cannot mean to search for.
func stripInvisible(s string) string {
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
