package index

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// Suggestion bounds: the paragraphs sampled for candidates, how far a
// completion reaches past what was typed (in characters), the occurrences
// of the prefix read in one paragraph, the distinct candidates kept, the
// bytes of one paragraph's text read and of all paragraphs' text together.
// Repetitive text can hold a prefix thousands of times, and a paragraph
// can be megabytes long: past these bounds the sample is big enough to rank
// by, and the shown counts are exact anyway. Together they bound the work of
// a request by construction, whatever the text: at most suggestTextBudget
// bytes folded and suggestSample × suggestPerPara × suggestMaxMore
// candidate steps, then at most maxSuggest exact counts.
const (
	suggestSample     = 300
	suggestMaxMore    = 8
	maxSuggest        = 20
	suggestPerPara    = 64
	suggestCandidates = 8192
	suggestParaBytes  = 16 << 10
	suggestTextBudget = 1 << 20
)

// Suggest returns phrases of the indexed text that start with prefix, the
// most frequent first, each with the number of paragraphs holding it. The
// candidates come from the paragraphs that contain the prefix: every
// extension up to the next punctuation is counted, and an extension is kept
// only where it is "closed" — no longer extension occurs as often — so 储能产
// gives way to 储能产业.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]model.Suggestion, error) {
	p, err := querylang.Prefix(prefix)
	if err != nil {
		return nil, err
	}
	out := []model.Suggestion{}
	if p == "" {
		return out, nil
	}
	n = min(max(n, 1), maxSuggest)
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()
	if ctx.Err() != nil {
		return nil, searchErr(ctx, ctx.Err())
	}

	sr := bleve.NewSearchRequestOptions(phraseQuery(fBody, fBodyChars, p, 1), suggestSample, 0, false)
	sr.Fields = []string{fText}
	res, err := ix.alias.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	counts := map[string]int{}
	seen := map[string]bool{}
	budget := suggestTextBudget
	// exact: every matching paragraph was read whole, every occurrence in
	// it (occurrences of a prefix that overlaps itself, 储储 in 储储储, are
	// not all read), so the sample's counts are the index's
	exact := res.Total == uint64(len(res.Hits)) && !overlapsItself(p)
	for _, h := range res.Hits {
		if ctx.Err() != nil {
			return nil, searchErr(ctx, ctx.Err())
		}
		if budget <= 0 {
			exact = false
			break
		}
		clear(seen)
		whole := field(h, fText)
		raw := prefixBytes(whole, min(suggestParaBytes, budget))
		budget -= len(raw)
		exact = exact && len(raw) == len(whole)
		text := normalize.String(raw)
		for rest, k := text, 0; ; k++ {
			i := strings.Index(rest, p)
			if i < 0 {
				break
			}
			if k == suggestPerPara {
				exact = false
				break
			}
			rest = rest[i+len(p):]
			end, more := 0, 0 // bytes and characters of rest in the extension so far
			for _, r := range rest {
				if more == suggestMaxMore || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
					break
				}
				end += utf8.RuneLen(r)
				more++
				seen[p+rest[:end]] = true
			}
		}
		for c := range seen {
			if _, ok := counts[c]; ok || len(counts) < suggestCandidates {
				counts[c]++
			}
		}
	}
	// A candidate is closed unless a longer one occurs as often. Counts
	// never grow with length (a paragraph holding an extension holds its
	// prefixes), so it is enough to look at the extensions one character
	// longer: each candidate marks its parent, one pass in all.
	open := map[string]bool{}
	for d, kd := range counts {
		_, last := utf8.DecodeLastRuneInString(d)
		if c := d[:len(d)-last]; counts[c] == kd {
			open[c] = true
		}
	}
	var cands []string
	for c, k := range counts {
		if k < 2 && len(res.Hits) > 1 {
			continue // a one-off is no suggestion
		}
		if !open[c] {
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
	// the sample's counts order the list; the shown count is exact, counted
	// again in the index unless the sample was all of it
	for _, c := range cands {
		if exact {
			out = append(out, model.Suggestion{Text: c, Count: counts[c]})
			continue
		}
		cr := bleve.NewSearchRequestOptions(phraseQuery(fBody, fBodyChars, c, 1), 0, 0, false)
		cr.Score = "none"
		r, err := ix.alias.SearchInContext(ctx, cr)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		out = append(out, model.Suggestion{Text: c, Count: int(r.Total)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

// prefixBytes is the longest prefix of s of at most n bytes that ends on a
// character boundary.
func prefixBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// overlapsItself reports whether two occurrences of p can overlap: a
// proper suffix of p is also its prefix.
func overlapsItself(p string) bool {
	for i := range p {
		if i > 0 && strings.HasPrefix(p, p[i:]) {
			return true
		}
	}
	return false
}
