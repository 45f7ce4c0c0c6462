// Package forgive makes search forgiving without losing its exact
// (Ctrl+F) results. It decorates an model.Searcher:
//
//   - a query holding Latin letters is also read as pinyin — full, spaced,
//     toned or initials (zhizaoye, zhi zao ye, zhìzào yè, zzy → 制造业) —
//     towards phrases of the index's vocabulary; a Latin query that is
//     literal text (5G, GDP, A股) keeps its literal hits;
//   - a query that finds nothing is corrected towards the vocabulary: the
//     same pinyin (制造也 → 制造业, 惠洲 → 惠州), neighbours swapped, a
//     character dropped, added or changed (欧阳泉 → 欧阳全);
//   - every proposal is checked against the index (with the request's
//     filters) and offered only when it finds something. When the query
//     itself found nothing, the answer holds the hits of the proposal, with
//     Query set to it and RewrittenFrom to the query asked; Request.Exact
//     turns that rewriting off.
//
// Chinese queries that find something are never read as pinyin, so a
// homophone (景点, 经典) is never mixed into exact results. The work runs
// only for Latin queries and queries with (almost) no hits.
package forgive

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/index/vocab"
)

// Vocabularian has a vocabulary (index.Index, index.Live).
type Vocabularian interface {
	Vocabulary() *vocab.Vocabulary
}

// Searcher is a forgiving model.Searcher.
type Searcher struct {
	model.Searcher
	vocab func() *vocab.Vocabulary
}

// Wrap makes s forgiving towards the vocabulary v; with no vocabulary
// (nil) it returns s.
func Wrap(s model.Searcher, v Vocabularian) model.Searcher {
	if v == nil {
		return s
	}
	return &Searcher{Searcher: s, vocab: v.Vocabulary}
}

// Bounds of the work done for one query.
const (
	candidatesPerTerm = 3
	maxChecks         = 6 // searches that check proposals
	// fewHits: a Chinese query finding at most this many paragraphs may be
	// offered (not shown) a correction that finds far more.
	fewHits = 2
	// farMore is how many times more hits such a correction must find.
	farMore = 10
)

// Search answers req, with a did_you_mean when a better query exists.
func (f *Searcher) Search(ctx context.Context, req *model.Request) (*model.Result, error) {
	start := time.Now()
	res, err := f.Searcher.Search(ctx, req)
	if err != nil || res == nil || req.After != "" {
		return res, err
	}
	q := strings.TrimSpace(req.Query)
	latin := vocab.IsLatin(q)
	if q == "" || !latin && res.Total > fewHits {
		return res, nil
	}
	v := f.vocab()
	if v.Len() == 0 {
		return res, nil
	}
	dym := f.propose(ctx, req, v, q, res.Total, latin)
	defer func() { res.Took = time.Since(start) }() // the forgiving work included
	if dym == "" {
		return res, nil
	}
	if res.Total > 0 || req.Exact {
		res.DidYouMean = dym
		return res, nil
	}
	alt := *req
	alt.Query = dym
	out, err := f.Searcher.Search(ctx, &alt)
	if err != nil || out == nil || out.Total == 0 {
		res.DidYouMean = dym
		return res, nil
	}
	out.Query, out.DidYouMean, out.RewrittenFrom = dym, dym, req.Query
	res = out
	return res, nil
}

// term is one word of a query, with what it is.
type term struct {
	text   string // as typed
	plain  bool   // a word to correct: not quoted, excluded or OR
	folded string
}

// split cuts a query into terms with the query language's lexer: only a
// plain word (not quoted, excluded or OR) is one to correct, and the
// terms keep their text as typed for the rest.
func split(q string) []term {
	toks := querylang.Lex(q)
	out := make([]term, len(toks))
	for i, t := range toks {
		out[i] = term{text: t.Raw}
		if !t.Quoted && !t.Negated && !t.IsOR() && !strings.HasPrefix(t.Raw, "-") {
			out[i].plain, out[i].folded = true, querylang.Fold(t.Raw)
		}
	}
	// a word next to OR is an alternative, not a term to correct alone
	for i, t := range toks {
		if t.IsOR() {
			if i > 0 {
				out[i-1].plain = false
			}
			if i+1 < len(out) {
				out[i+1].plain = false
			}
		}
	}
	return out
}

// propose returns the best verified proposal for q, or "" when there is
// none (or q is fine).
func (f *Searcher) propose(ctx context.Context, req *model.Request, v *vocab.Vocabulary, q string, total int, latin bool) string {
	checks := 0
	count := func(query string) int {
		if checks >= maxChecks || ctx.Err() != nil {
			return -1
		}
		checks++
		alt := *req
		alt.Query, alt.Page, alt.Size, alt.NoFacets, alt.Group, alt.After = query, 1, 1, true, false, ""
		r, err := f.Searcher.Search(ctx, &alt)
		if err != nil || r == nil {
			return -1
		}
		return r.Total
	}
	good := func(cand string, hits int) bool {
		if hits <= 0 || sameQuery(cand, q) {
			return false
		}
		if total == 0 {
			return true
		}
		return hits >= farMore*total && hits >= farMore
	}
	var cands []string
	terms := split(q)
	if latin {
		// the whole query as pinyin first: zhi zao ye is one phrase
		if allPlainLatin(terms) {
			cands = append(cands, v.FromPinyin(q, candidatesPerTerm)...)
		}
		if total > 0 {
			// literal hits stay; only a full reading of a longer phrase
			// that finds far more is offered beside them
			cands = slices.DeleteFunc(cands, func(c string) bool { return !isFullReading(c, q) })
		}
	}
	if len(cands) == 0 && (total == 0 || !latin) {
		cands = f.perTerm(terms, v, total, latin, count)
	}
	for _, c := range cands {
		if total > 0 && !likelyMore(v, c, total) {
			continue // not worth a search: the vocabulary says it finds too little
		}
		if good(c, count(c)) {
			return c
		}
	}
	return ""
}

// likelyMore reports whether every word of a proposal occurs, by the
// vocabulary's counts, far more often than the query's own hits.
func likelyMore(v *vocab.Vocabulary, c string, total int) bool {
	for _, w := range strings.Fields(c) {
		if e, ok := v.Lookup(w); ok && e.Count < farMore*total {
			return false
		}
	}
	return true
}

// perTerm corrects each word of a query that needs it and returns whole
// queries, best first.
func (f *Searcher) perTerm(terms []term, v *vocab.Vocabulary, total int, latin bool, count func(string) int) []string {
	alts := make([][]string, len(terms))
	changed := false
	for i, t := range terms {
		if !t.plain || t.folded == "" {
			continue
		}
		var c []string
		if vocab.IsLatin(t.folded) {
			c = v.FromPinyin(t.folded, candidatesPerTerm)
			if len(c) == 0 && total == 0 {
				// ouyang → 欧阳全: the most frequent phrase it begins
				for _, e := range v.Complete(t.folded, 1) {
					c = append(c, e.Text)
				}
			}
		} else if _, known := v.Lookup(t.folded); !known || total > 0 {
			// a word the index holds as it is stays, when there are other
			// words that may be the wrong ones
			if len(terms) > 1 && total == 0 && count(t.text) > 0 {
				continue
			}
			c = v.Typos(t.folded, candidatesPerTerm)
			if total > 0 {
				// beside hits of its own, a query is offered only a
				// likely typo of the same length (a homophone, a swap),
				// not a shorter or longer query that merely finds more
				c = slices.DeleteFunc(c, func(s string) bool {
					return utf8.RuneCountInString(s) != utf8.RuneCountInString(t.folded)
				})
			}
			if w := v.Words(t.folded); w != "" && total == 0 {
				c = append(c, w) // 韶关制造业 → 韶关 制造业
			}
		}
		if len(c) > 0 {
			alts[i] = c
			changed = true
		}
	}
	if !changed {
		return nil
	}
	var out []string
	for k := 0; k < candidatesPerTerm; k++ {
		words := make([]string, len(terms))
		any := false
		for i, t := range terms {
			words[i] = t.text
			if len(alts[i]) > 0 {
				words[i] = alts[i][min(k, len(alts[i])-1)]
				any = any || k < len(alts[i])
			}
		}
		if !any {
			break
		}
		if s := strings.Join(words, " "); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func allPlainLatin(terms []term) bool {
	for _, t := range terms {
		if !t.plain || !vocab.IsLatin(t.folded) {
			return false
		}
	}
	return len(terms) > 0
}

// isFullReading reports whether Latin q spells the whole pinyin of c (not
// its initials) in at least two syllables.
func isFullReading(c, q string) bool {
	syls, ok := vocab.Syllables(vocab.Toneless(q))
	return ok && len(syls) >= 2 && strings.Join(vocab.Reading(strings.ReplaceAll(c, " ", "")), "") == strings.Join(syls, "")
}

// sameQuery compares two queries as the index would (folded).
func sameQuery(a, b string) bool {
	return strings.Join(strings.Fields(normalize.String(a)), " ") == strings.Join(strings.Fields(normalize.String(b)), " ")
}

// Suggest completes a prefix; a Latin prefix also completes as pinyin
// (chun → 储能…), after the literal completions.
func (f *Searcher) Suggest(ctx context.Context, prefix string, n int) ([]model.Suggestion, error) {
	out, err := f.Searcher.Suggest(ctx, prefix, n)
	if err != nil || !vocab.IsLatin(prefix) || len(out) >= n {
		return out, err
	}
	for _, e := range f.vocab().Complete(prefix, n) {
		if len(out) >= n {
			break
		}
		if !slices.ContainsFunc(out, func(s model.Suggestion) bool { return s.Text == e.Text }) {
			out = append(out, model.Suggestion{Text: e.Text, Count: e.Count})
		}
	}
	return out, nil
}
