// Package snippet highlights search hits by finding the query again in the
// stored original text: every occurrence of a folded term in the folded text
// (see package normalize) is mapped back to the bytes of the original it came
// from. That is exact for fangtan's Ctrl+F semantics and needs no term
// vectors.
//
// Overlapping and touching occurrences are merged, so a matched phrase, or
// two adjacent matched terms, is always one <mark>…</mark>. All text is
// HTML-escaped (as html.EscapeString does); the marks are the only markup.
package snippet

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"fangtan/article/normalize"
)

// DefaultMaxRunes is the snippet length used when maxRunes is 0 or less.
const DefaultMaxRunes = 120

// maxTerms bounds the distinct terms considered; later ones are ignored. The
// query parser bounds terms far below this.
const maxTerms = 64

const (
	ellipsis  = "…"
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// Snippet is a window of the original text with the matches in it.
type Snippet struct {
	Text  string // the window: a substring of the text (valid UTF-8)
	Marks []Span // byte spans of Text to mark: sorted, non-empty, neither overlapping nor touching
	// Before and After report that the text was cut there; an ellipsis
	// goes in its place.
	Before, After bool
}

// Build returns an HTML snippet of about maxRunes characters (runes of
// visible text, marks excluded, an ellipsis counting one) around the best
// matches of terms in text, or the start of text when nothing matches.
// terms are already folded (normalize.String of the query's terms and their
// synonyms). The result never exceeds maxRunes.
func Build(text string, terms []string, maxRunes int) string {
	return Select(text, terms, maxRunes).HTML()
}

// Mark returns the whole text HTML-escaped with every occurrence of terms
// marked (the article page).
func Mark(text string, terms []string) string {
	text = validUTF8(text)
	return Snippet{Text: text, Marks: Find(text, terms)}.HTML()
}

// Find returns the byte spans of text matched by terms, merged: sorted,
// neither overlapping nor touching. Invalid UTF-8 in text should be replaced
// first (strings.ToValidUTF8 with U+FFFD), as Build and Mark do.
func Find(text string, terms []string) []Span {
	ms := find(text, terms)
	out := make([]Span, len(ms))
	for i, m := range ms {
		out[i] = m.Span
	}
	return out
}

// HTML renders the snippet: escaped text, <mark> around the marks, "…" where
// it was cut.
func (s Snippet) HTML() string {
	return s.render(markOpen, markClose, true)
}

// Render renders the snippet with open and close around the marks and no
// escaping, for a terminal (say "\x1b[1m" and "\x1b[0m").
func (s Snippet) Render(open, close string) string {
	return s.render(open, close, false)
}

var escaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

func (s Snippet) render(open, close string, escape bool) string {
	var b strings.Builder
	b.Grow(len(s.Text) + len(s.Marks)*(len(open)+len(close)) + 2*len(ellipsis) + 16)
	write := b.WriteString
	if escape {
		write = func(t string) (int, error) { return escaper.WriteString(&b, t) }
	}
	if s.Before {
		b.WriteString(ellipsis)
	}
	pos := 0
	for _, m := range s.Marks {
		write(s.Text[pos:m.Start])
		b.WriteString(open)
		write(s.Text[m.Start:m.End])
		b.WriteString(close)
		pos = m.End
	}
	write(s.Text[pos:])
	if s.After && (!s.Before || s.Text != "") {
		b.WriteString(ellipsis)
	}
	return b.String()
}

// mark is a merged match: its span and the terms (bits) it covers.
type mark struct {
	Span
	terms uint64
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// find locates every occurrence of every term in the folded text and maps
// it to the original.
func find(text string, terms []string) []mark {
	terms = distinct(terms)
	if len(terms) == 0 || text == "" {
		return nil
	}
	f := normalize.Fold(text)
	// runeAt[b] is the index of the folded rune starting at byte b of f.S;
	// runeAt[len(f.S)] is the number of runes.
	runeAt := make([]int32, len(f.S)+1)
	n := int32(0)
	for b := range f.S {
		runeAt[b] = n
		n++
	}
	runeAt[len(f.S)] = n

	var ms []mark
	for ti, term := range terms {
		for at := 0; at < len(f.S); {
			j := strings.Index(f.S[at:], term)
			if j < 0 {
				break
			}
			b, e := at+j, at+j+len(term)
			_, size := utf8.DecodeRuneInString(f.S[b:])
			at = b + size // occurrences may overlap
			if !utf8.RuneStart(f.S[b]) || e < len(f.S) && !utf8.RuneStart(f.S[e]) {
				continue // a term that is not valid UTF-8 matched inside a rune
			}
			first, last := f.Spans[runeAt[b]], f.Spans[runeAt[e]-1]
			ms = append(ms, mark{Span{int(first.Start), int(last.End)}, 1 << ti})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	slices.SortFunc(ms, func(a, b mark) int { return a.Start - b.Start })
	out := ms[:1]
	for _, m := range ms[1:] {
		cur := &out[len(out)-1]
		if m.Start <= cur.End { // overlapping or touching: one mark
			cur.End = max(cur.End, m.End)
			cur.terms |= m.terms
			continue
		}
		out = append(out, m)
	}
	return out
}

// distinct drops empty and repeated terms and keeps at most maxTerms.
func distinct(terms []string) []string {
	var out []string
	for _, t := range terms {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
			if len(out) == maxTerms {
				break
			}
		}
	}
	return out
}

// Select chooses the snippet Build renders: the window of at most maxRunes
// visible runes (ellipses included) that covers the most distinct terms,
// then the most marks, then comes first; cut at sentence punctuation where
// possible. A window never starts inside a mark and ends inside one only
// when that mark alone is longer than the window.
func Select(text string, terms []string, maxRunes int) Snippet {
	sn, _ := selectAt(text, terms, maxRunes)
	return sn
}

// selectAt is Select that also returns where the window starts in the
// (valid UTF-8) text.
func selectAt(text string, terms []string, maxRunes int) (Snippet, int) {
	text = validUTF8(text)
	if maxRunes <= 0 {
		maxRunes = DefaultMaxRunes
	}
	ms := find(text, terms)
	w := choose(text, ms, maxRunes)
	sn := Snippet{Text: text[w.bs:w.be], Before: w.bs > 0, After: w.be < len(text)}
	for _, m := range ms {
		s, e := max(m.Start, w.bs), min(m.End, w.be)
		if s < e {
			sn.Marks = append(sn.Marks, Span{s - w.bs, e - w.bs})
		}
	}
	return sn, w.bs
}

// window is the chosen byte range of the text.
type window struct{ bs, be int }

// choose picks the window; all its arithmetic is in runes of the original.
func choose(text string, ms []mark, budget int) window {
	r := newRunes(text)
	n := r.n()
	if n <= budget {
		return window{0, len(text)}
	}
	// Marks in runes.
	rm := make([]Span, len(ms))
	for i, m := range ms {
		rm[i] = Span{r.index(m.Start), r.index(m.End)}
	}
	inside := func(p int) (Span, bool) { // the mark p falls strictly inside
		i, _ := slices.BinarySearchFunc(rm, p, func(m Span, p int) int { return m.End - p })
		if i < len(rm) && rm[i].Start < p && p < rm[i].End {
			return rm[i], true
		}
		return Span{}, false
	}

	var gs, ge int // the best group of marks, in runes
	if len(rm) > 0 {
		gi, gj := best(rm, ms, budget-2)
		gs, ge = rm[gi].Start, rm[gj].End
		if ge-gs > budget-2 {
			// One mark longer than the window: show as much of it as fits.
			lead := b2i(gs > 0)
			we := gs + max(budget-lead-1, 0)
			return window{r.byteAt(gs), r.byteAt(we)}
		}
	}

	// Start: text start or a clause start within reach before the group,
	// else a little context.
	slack := budget - 2 - (ge - gs)
	lo := max(gs-slack/2, 0)
	ws := -1
	if lo == 0 {
		ws = 0
	} else {
		for p := gs; p >= lo; p-- {
			if r.clauseStart(p) {
				if _, in := inside(p); !in {
					ws = p
					break
				}
			}
		}
	}
	if ws < 0 {
		ws = gs - min(gs-lo, 10)
		if m, in := inside(ws); in {
			ws = m.End
		}
	}
	if ws == 1 {
		ws = 0 // "…" costs as much as the rune it replaces
	}
	for ws < gs && r.space(ws) {
		ws++
	}

	// End: as far as the budget goes, back to a clause end if there is one
	// in the second half; else the end of the text.
	lead := b2i(ws > 0)
	if n-ws+lead <= budget {
		// The tail fits: spend what is left on more context before, from a
		// clause start if one leaves at least half the window.
		minWS := n - budget + 1
		p := -1
		for q := minWS; q <= min(ws, minWS+budget/2); q++ {
			if r.clauseStart(q) {
				if _, in := inside(q); !in {
					p = q
					break
				}
			}
		}
		if p < 0 {
			p = minWS
			if m, in := inside(p); in {
				p = m.End
			}
		}
		if p < ws {
			ws = p
			for ws < gs && r.space(ws) {
				ws++
			}
		}
		return window{r.byteAt(ws), len(text)}
	}
	// Otherwise end at a sentence end, else a clause end, in the second half
	// of the window; else where the budget ends.
	weMax := ws + budget - lead - 1
	from := max(ge, ws+(budget-lead-1)/2, ws+1)
	we := -1
	for _, level := range []int{strong, weak} {
		for q := weMax; q >= from && we < 0; q-- {
			if r.cut(q) >= level {
				if _, in := inside(q); !in {
					we = q
				}
			}
		}
		if we >= 0 {
			break
		}
	}
	if we < 0 {
		we = weMax
		if m, in := inside(we); in {
			we = m.Start
		}
	}
	return window{r.byteAt(ws), r.byteAt(we)}
}

// best returns the first and last mark of the group to show: within span
// runes, most distinct terms, then most marks, then earliest.
func best(rm []Span, ms []mark, span int) (int, int) {
	var count [maxTerms]int
	distinctTerms := 0
	add := func(t uint64, d int) {
		for t != 0 {
			b := bits.TrailingZeros64(t)
			t &^= 1 << b
			if count[b] == 0 {
				distinctTerms++
			}
			count[b] += d
			if count[b] == 0 {
				distinctTerms--
			}
		}
	}
	bi, bj, bt, bm := 0, 0, -1, -1
	j := -1 // last mark in the group starting at i
	for i := range rm {
		if j < i {
			j = i
			add(ms[i].terms, 1)
		}
		for j+1 < len(rm) && rm[j+1].End-rm[i].Start <= span {
			j++
			add(ms[j].terms, 1)
		}
		if t, m := distinctTerms, j-i+1; t > bt || t == bt && m > bm {
			bi, bj, bt, bm = i, j, t, m
		}
		add(ms[i].terms, -1)
	}
	return bi, bj
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runes indexes the runes of a text.
type runes struct {
	text  string
	start []int // byte offset of each rune, and len(text) at the end
}

func newRunes(text string) runes {
	r := runes{text: text, start: make([]int, 0, utf8.RuneCountInString(text)+1)}
	for b := range text {
		r.start = append(r.start, b)
	}
	r.start = append(r.start, len(text))
	return r
}

func (r runes) n() int           { return len(r.start) - 1 }
func (r runes) byteAt(i int) int { return r.start[i] }
func (r runes) at(i int) rune    { c, _ := utf8.DecodeRuneInString(r.text[r.start[i]:]); return c }
func (r runes) space(i int) bool { return i < r.n() && isSpace(r.at(i)) }
func (r runes) index(b int) int  { i, _ := slices.BinarySearch(r.start, b); return i }

// Kinds of cut, by the punctuation before it.
const (
	none = iota
	weak
	strong
)

// cut says how good a place it is to cut before rune q: after a sentence end
// (strong) or a clause end (weak).
func (r runes) cut(q int) int {
	if q <= 0 || q > r.n() {
		return none
	}
	switch r.at(q - 1) {
	case '。', '！', '？', '；', '…', '\n':
		return strong
	case '，', '、', '：':
		return weak
	case ';', '!', '?':
		if q == r.n() || !isDigit(r.at(q)) {
			return strong
		}
	case ',':
		if q == r.n() || !isDigit(r.at(q)) { // not 1,000
			return weak
		}
	}
	return none
}

func (r runes) clauseStart(p int) bool { return p == 0 || r.cut(p) > none }

func isDigit(c rune) bool { return '0' <= c && c <= '9' }
func isSpace(c rune) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u3000' || c == '\u00a0'
}
