// Package suggest completes what a reader has typed from the text of the
// paragraphs that hold it, without the index: every extension of the
// prefix up to the next punctuation (at most MaxMore characters) is
// counted once per paragraph, and an extension is kept only where it is
// "closed" — no longer extension occurs as often — so 储能产 gives way to
// 储能产业. Package index finds and reads the paragraphs; a Sample counts
// their completions.
package suggest

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fangtan/article/normalize"
)

// Bounds of a sample: how far a completion reaches past the prefix (in
// characters), the occurrences of the prefix read in one paragraph and the
// distinct candidates kept. Repetitive text can hold a prefix thousands of
// times: past these bounds the sample is big enough to rank by. With the
// bytes the index gives it, they bound a sample's work by construction.
const (
	MaxMore       = 8
	PerParagraph  = 64
	MaxCandidates = 8192
)

// Sample counts the completions of a prefix in the paragraphs added.
type Sample struct {
	p      string // the prefix, folded
	hits   int    // the paragraphs that hold it, read or not
	counts map[string]int
	seen   map[string]bool
	exact  bool
}

// NewSample starts a sample of the completions of p (folded, as
// querylang.Prefix gives it) among hits paragraphs; all says the
// paragraphs to be added are all that hold p.
func NewSample(p string, hits int, all bool) *Sample {
	return &Sample{p: p, hits: hits, counts: map[string]int{}, seen: map[string]bool{},
		exact: all && !overlapsItself(p)}
}

// Add counts the completions in a paragraph's text as read; whole says it
// is all of the paragraph's text.
func (s *Sample) Add(raw string, whole bool) {
	s.exact = s.exact && whole
	clear(s.seen)
	p := s.p
	text := normalize.String(raw)
	for rest, k := text, 0; ; k++ {
		i := strings.Index(rest, p)
		if i < 0 {
			break
		}
		if k == PerParagraph {
			s.exact = false
			break
		}
		rest = rest[i+len(p):]
		end, more := 0, 0 // bytes and characters of rest in the extension so far
		for _, r := range rest {
			if more == MaxMore || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
				break
			}
			end += utf8.RuneLen(r)
			more++
			s.seen[p+rest[:end]] = true
		}
	}
	for c := range s.seen {
		if _, ok := s.counts[c]; ok || len(s.counts) < MaxCandidates {
			s.counts[c]++
		}
	}
}

// Stop says that paragraphs holding the prefix were left unread.
func (s *Sample) Stop() { s.exact = false }

// Exact reports whether the counts are the index's: every paragraph that
// holds the prefix was read whole, every occurrence in it (occurrences of
// a prefix that overlaps itself, 储储 in 储储储, are not all read).
func (s *Sample) Exact() bool { return s.exact }

// Count is the number of paragraphs of the sample that hold c.
func (s *Sample) Count(c string) int { return s.counts[c] }

// Best returns at most n closed completions, the most frequent first; a
// completion found in one paragraph only is none, unless only one holds
// the prefix.
func (s *Sample) Best(n int) []string {
	counts := s.counts
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
		if k < 2 && s.hits > 1 {
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
	return cands
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
