// Package normalize folds text the way fangtan compares it, so that search is
// Ctrl+F on folded text: a query matches a paragraph when its folded form is a
// substring of the paragraph's folded form.
//
// Folding is, in this order:
//
//  1. Unicode NFKC (full-width ５Ｇ becomes 5G, ㈱ becomes (株), ﬁ becomes fi);
//  2. lower case (unicode.ToLower, rune by rune, as strings.ToLower);
//  3. traditional to simplified Chinese, character by character, with the
//     first candidate of OpenCC's character table (製造業 becomes 制造业, 乾
//     becomes 干 in 乾燥 and in 乾隆 alike);
//  4. every run of whitespace becomes one ASCII space; leading and trailing
//     whitespace is dropped.
//
// Every step maps a character (an NFKC segment: a rune with the combining
// marks that follow it) without looking at its neighbours, so whenever a is
// a substring of b that does not split a character, String(a) is a
// substring of String(b). OpenCC's phrase table is deliberately not used:
// it converts the same character differently by context (沈 in 沈香 but not
// in 沈阳), so a query could fold differently from the text that holds it.
// The characters whose simplification depends on the word (乾 沈 著 於 …)
// thus fold one way everywhere, on the query's side and the text's.
//
// [Fold] also keeps, for every rune of the folded text, the byte span of the
// original it came from, so that a match found in folded text can be marked
// on the right characters of the original.
//
// Invalid UTF-8 bytes fold to U+FFFD, each with its own one-byte span.
// Folding is not always idempotent (OpenCC maps 薴 to 苧 and 苧 to 苎), so fold
// every string exactly once.
package normalize

import (
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Span is a byte range [Start, End) of the original text. Offsets are int32
// to halve the memory of the per-rune map; texts must be shorter than 2 GiB.
type Span struct {
	Start, End int32
}

// Text is a folded string with its map back to the original.
type Text struct {
	// S is the folded text. When folding changes nothing, S is the original
	// string itself (or a substring of it), not a copy.
	S string
	// Spans has one entry per rune of S: the bytes of the original that rune
	// came from. Spans are non-decreasing in Start and in End and lie on rune
	// boundaries of the original. A rune that NFKC expanded (ﬁ → f, i) or a
	// collapsed whitespace run gives every folded rune the whole source span.
	Spans []Span
}

// String folds s (queries, filters, indexed text). It allocates nothing when
// s is already folded.
func String(s string) string {
	return fold(s, false).S
}

// Fold folds s and records, for every folded rune, where it came from.
func Fold(s string) Text {
	return fold(s, true)
}

// item is one rune after NFKC and lower case, before t2s.
type item struct {
	r          rune
	start, end int32
	same       bool // r is exactly the UTF-8 of s[start:end]
	plain      bool // a one-rune segment, not whitespace, not mapped by t2s
}

// scratch is the reusable buffer of the slow path.
type scratch struct {
	items []item
	buf   []byte
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooled bounds the scratch kept for reuse, so that one huge text does not
// pin its buffers forever.
const maxPooled = 1 << 16

// asciiSpace marks the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// fold is the one pass behind String and Fold. Runes that no step changes
// in any context (ASCII, and the CJK and punctuation runes that are not
// traditional) go straight to the writer; anything else is one NFKC segment
// run through the steps on a small buffer.
func fold(s string, withSpans bool) Text {
	t := load()
	w := writer{s: s, withSpans: withSpans}
	if withSpans {
		w.spans = make([]Span, 0, utf8.RuneCountInString(s))
	}
	var sc *scratch
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// ASCII is its own NFKC segment unless a combining mark follows.
			if i+1 == len(s) || s[i+1] < utf8.RuneSelf || t.boundaryBefore(s, i+1) {
				switch {
				case asciiSpace[c]:
					w.space(int32(i), int32(i+1), c == ' ')
				case 'A' <= c && c <= 'Z':
					w.emit(rune(c+'a'-'A'), int32(i), int32(i+1), false)
				default:
					w.emit(rune(c), int32(i), int32(i+1), true)
				}
				i++
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r < 0x10000 && n > 1 && t.cls[r]&(clsKeep|clsChar) == clsKeep {
				w.emit(r, int32(i), int32(i+n), true)
				i += n
				continue
			}
		}
		if sc == nil {
			sc = scratchPool.Get().(*scratch)
		}
		var items []item
		items, i = t.segment(s, i, sc.items[:0], sc)
		t.t2s(items, &w)
		sc.items = items[:0]
	}
	if sc != nil && cap(sc.items) <= maxPooled {
		scratchPool.Put(sc)
	}
	return w.text()
}

// segment runs steps 1 and 2 over the NFKC segment starting at s[i] (a run
// that nothing on its left combines with, and that combines with nothing on
// its right), appending one item per resulting rune. Segments are what makes
// the spans possible: NFKC of the whole is the concatenation of NFKC of the
// segments.
func (t *tables) segment(s string, i int, items []item, sc *scratch) ([]item, int) {
	c := s[i]
	if c < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf || t.boundaryBefore(s, i+1)) {
		r, same := rune(c), true
		if 'A' <= c && c <= 'Z' {
			r, same = r+'a'-'A', false
		}
		return append(items, item{r, int32(i), int32(i + 1), same, !asciiSpace[c]}), i + 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if n == 1 && c >= utf8.RuneSelf { // invalid UTF-8
		return append(items, item{utf8.RuneError, int32(i), int32(i + 1), false, true}), i + 1
	}
	if r < 0x10000 && t.cls[r]&clsKeep != 0 {
		return append(items, item{r, int32(i), int32(i + n), true, t.cls[r]&clsChar == 0}), i + n
	}
	j := i + n
	for j < len(s) && !t.boundaryBefore(s, j) {
		_, n := utf8.DecodeRuneInString(s[j:])
		j += n
	}
	seg := s[i:j]
	var folded string
	if j == i+n && r < 0x10000 {
		// One rune, the usual case (full-width forms): from the table.
		folded = seg
		if t.cls[r]&clsMapped != 0 {
			folded = t.nfkc1[r]
		}
	} else {
		sc.buf = norm.NFKC.AppendString(sc.buf[:0], seg)
		folded = string(sc.buf)
	}
	if folded == seg {
		// NFKC leaves it alone: each rune keeps its own span.
		for k, r := range seg {
			lr := unicode.ToLower(r)
			_, n := utf8.DecodeRuneInString(seg[k:])
			items = append(items, item{lr, int32(i + k), int32(i + k + n), lr == r, false})
		}
	} else {
		// Expanded or composed: every rune gets the whole segment.
		for _, r := range folded {
			items = append(items, item{unicode.ToLower(r), int32(i), int32(j), false, false})
		}
	}
	return items, j
}

// t2s runs step 3 over the items, each on its own, and hands the result to
// w, which does step 4.
func (t *tables) t2s(items []item, w *writer) {
	for _, it := range items {
		if it.plain {
			w.emit(it.r, it.start, it.end, it.same)
			continue
		}
		if it.r >= utf8.RuneSelf && t.class(it.r)&clsChar != 0 {
			if v := t.chars[it.r]; v != it.r {
				it.r, it.same = v, false
			}
		}
		w.put(it)
	}
}

// writer collapses whitespace (step 4) and builds the folded string and its
// spans. Unchanged source bytes are only noted as a pending range, so while
// the output is a substring of the input nothing is copied.
type writer struct {
	s         string
	plo, phi  int    // pending source bytes, not yet in b
	b         []byte // the output, once it is not a substring of s
	copied    bool   // b is in use
	spans     []Span
	withSpans bool
	raw       bool // no whitespace folding (t2s alone, for comparing with OpenCC)
	any       bool // a non-space rune was written
	inWS      bool // inside a whitespace run after some output
	wsSingle  bool // the run so far is exactly one ' ' byte
	ws        Span // the source span of that run
}

// put writes one item, whitespace or not.
func (w *writer) put(it item) {
	if !w.raw && (it.r < utf8.RuneSelf && asciiSpace[it.r] || it.r >= utf8.RuneSelf && unicode.IsSpace(it.r)) {
		w.space(it.start, it.end, it.r == ' ' && it.same)
		return
	}
	w.emit(it.r, it.start, it.end, it.same)
}

// space notes whitespace; it becomes one ' ' before the next rune, if any.
func (w *writer) space(start, end int32, single bool) {
	if !w.any {
		return // leading whitespace
	}
	if !w.inWS {
		w.inWS, w.ws, w.wsSingle = true, Span{start, end}, single
		return
	}
	w.ws.End, w.wsSingle = end, false
}

// emit writes a rune that is not whitespace; same says it is exactly
// s[start:end].
func (w *writer) emit(r rune, start, end int32, same bool) {
	if w.inWS {
		w.inWS = false
		w.out(' ', w.ws.Start, w.ws.End, w.wsSingle)
	}
	w.any = true
	w.out(r, start, end, same)
}

func (w *writer) out(r rune, start, end int32, same bool) {
	if w.withSpans {
		w.spans = append(w.spans, Span{start, end})
	}
	if same {
		switch {
		case w.plo == w.phi:
			w.plo, w.phi = int(start), int(end)
		case int(start) == w.phi:
			w.phi = int(end)
		default:
			w.flush()
			w.plo, w.phi = int(start), int(end)
		}
		return
	}
	w.flush()
	if r < utf8.RuneSelf {
		w.b = append(w.b, byte(r))
	} else {
		w.b = utf8.AppendRune(w.b, r)
	}
}

func (w *writer) flush() {
	if !w.copied {
		w.copied = true
		w.b = make([]byte, 0, len(w.s)+utf8.UTFMax)
	}
	w.b = append(w.b, w.s[w.plo:w.phi]...)
	w.plo = w.phi
}

func (w *writer) text() Text {
	if !w.copied {
		return Text{S: w.s[w.plo:w.phi], Spans: w.spans}
	}
	w.flush()
	// b is never written again, so it can back the string (as in
	// strings.Builder).
	return Text{S: unsafe.String(unsafe.SliceData(w.b), len(w.b)), Spans: w.spans}
}
