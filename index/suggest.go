package index

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"fangtan/index/normalize"
)

// Suggestion bounds: the paragraphs sampled for candidates, and how far a
// completion reaches past what was typed.
const (
	suggestSample  = 300
	suggestMaxMore = 8
	maxSuggest     = 20
)

// Suggest returns phrases of the indexed text that start with prefix, the
// most frequent first, each with the number of paragraphs holding it. The
// candidates come from the paragraphs that contain the prefix: every
// extension up to the next punctuation is counted, and an extension is kept
// only where it is "closed" — no longer extension occurs as often — so 储能产
// gives way to 储能产业.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]Suggestion, error) {
	if !utf8.ValidString(prefix) {
		return nil, invalidf("q", "not valid UTF-8")
	}
	p := foldTerm(stripInvisible(prefix))
	out := []Suggestion{}
	if p == "" {
		return out, nil
	}
	if utf8.RuneCountInString(p) > maxTermRunes {
		return nil, invalidf("q", "longer than %d characters", maxTermRunes)
	}
	n = min(max(n, 1), maxSuggest)
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()

	sr := bleve.NewSearchRequestOptions(phraseQuery(fBody, fBodyChars, p, 1), suggestSample, 0, false)
	sr.Fields = []string{fText}
	res, err := ix.alias.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	counts := map[string]int{}
	for _, h := range res.Hits {
		text := normalize.String(field(h, fText))
		seen := map[string]bool{}
		for rest := text; ; {
			i := strings.Index(rest, p)
			if i < 0 {
				break
			}
			rest = rest[i+len(p):]
			more := []rune{}
			for _, r := range rest {
				if len(more) == suggestMaxMore || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
					break
				}
				more = append(more, r)
			}
			for k := 1; k <= len(more); k++ {
				seen[p+string(more[:k])] = true
			}
		}
		for c := range seen {
			counts[c]++
		}
	}
	var cands []string
	for c, k := range counts {
		if k < 2 && len(res.Hits) > 1 {
			continue // a one-off is no suggestion
		}
		closed := true
		for d, kd := range counts {
			if kd == k && len(d) > len(c) && strings.HasPrefix(d, c) {
				closed = false
				break
			}
		}
		if closed {
			cands = append(cands, c)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if counts[cands[i]] != counts[cands[j]] {
			return counts[cands[i]] > counts[cands[j]]
		}
		if len(cands[i]) != len(cands[j]) {
			return len(cands[i]) < len(cands[j])
		}
		return cands[i] < cands[j]
	})
	if len(cands) > n {
		cands = cands[:n]
	}
	// the sample's counts order the list; the shown count is exact
	for _, c := range cands {
		cr := bleve.NewSearchRequestOptions(phraseQuery(fBody, fBodyChars, c, 1), 0, 0, false)
		cr.Score = "none"
		r, err := ix.alias.SearchInContext(ctx, cr)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		out = append(out, Suggestion{Text: c, Count: int(r.Total)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}
