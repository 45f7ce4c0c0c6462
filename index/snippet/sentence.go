package snippet

import (
	"strings"
	"unicode/utf8"
)

// Sentence is the snippet of the sentence of text that holds the span
// [start, end) (a figure's statement), the span its one mark; a sentence
// longer than maxRunes characters (DefaultMaxRunes when 0 or less) is cut
// around the span, as evenly as the sentence allows. It reads at most
// maxRunes characters on either side of the span, so a paragraph of one
// endless sentence costs no more per call than a short one. A span that is
// not within text gives the whole text, unmarked.
func Sentence(text string, start, end, maxRunes int) Snippet {
	text = validUTF8(text)
	if start < 0 || end > len(text) || start >= end {
		return Snippet{Text: text}
	}
	if maxRunes <= 0 {
		maxRunes = DefaultMaxRunes
	}
	isEnd := func(r rune) bool { return strings.ContainsRune("。！？!?；;\n", r) }
	room := max(0, maxRunes-utf8.RuneCountInString(text[start:end]))
	// Up to room+1 characters each side: more than room is cut anyway.
	s := start
	for k := 0; s > 0 && k <= room; k++ {
		r, n := utf8.DecodeLastRuneInString(text[:s])
		if isEnd(r) {
			break
		}
		s -= n
	}
	e := end
	for k := 0; e < len(text) && k <= room; k++ {
		r, n := utf8.DecodeRuneInString(text[e:])
		e += n
		if isEnd(r) {
			break
		}
	}
	nBefore, nAfter := utf8.RuneCountInString(text[s:start]), utf8.RuneCountInString(text[end:e])
	var cutBefore, cutAfter bool
	if nBefore+nAfter > room {
		keepBefore := min(nBefore, room/2)
		keepAfter := min(nAfter, room-keepBefore)
		keepBefore = min(nBefore, room-keepAfter)
		for ; nBefore > keepBefore; nBefore-- {
			_, n := utf8.DecodeRuneInString(text[s:])
			s += n
			cutBefore = true
		}
		for ; nAfter > keepAfter; nAfter-- {
			_, n := utf8.DecodeLastRuneInString(text[:e])
			e -= n
			cutAfter = true
		}
	}
	// spaces at the window's edges are dropped
	for s < start {
		r, n := utf8.DecodeRuneInString(text[s:])
		if r != ' ' && r != '\u3000' {
			break
		}
		s += n
	}
	for e > end {
		r, n := utf8.DecodeLastRuneInString(text[:e])
		if r != ' ' && r != '\u3000' {
			break
		}
		e -= n
	}
	return Snippet{Text: text[s:e], Marks: []Span{{start - s, end - s}}, Before: cutBefore, After: cutAfter}
}
