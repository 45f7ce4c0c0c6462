package article

import (
	"strings"
	"unicode/utf8"
)

// Pinyin glosses. Some mirror sites print a reading after characters,
// 增長(zhǎng)8%, 產(chǎn)業(yè): stored text, snippets, figures and phrase search
// would all see them. A glossed page is recognisable as a whole — a
// reading with a tone mark in brackets right after a Chinese character,
// again and again — and its glosses are furniture of the page, removed
// before its lines are read. A page with one or two such brackets is left
// as it is: "(ā)" in a language lesson is text.

// minGlosses is how many toned readings make a page a glossed one.
const minGlosses = 3

// maxGlossBytes bounds a reading: "zhuàng" is 7 bytes, and a word's
// reading, "zēng zhǎng", holds up to four syllables.
const maxGlossBytes = 32

// stripGlosses returns text without its pinyin glosses, and how many it
// removed; text that is no glossed page comes back as it is.
func stripGlosses(text string) (string, int) {
	if !strings.Contains(text, "(") && !strings.Contains(text, "（") {
		return text, 0
	}
	toned := 0
	for i := 0; i < len(text) && toned < minGlosses; {
		j, ok, tone := glossAt(text, i, false)
		if ok && tone {
			toned++
		}
		i = j
	}
	if toned < minGlosses {
		return text, 0
	}
	var b strings.Builder
	b.Grow(len(text))
	n, last := 0, 0
	for i := 0; i < len(text); {
		start := nextOpen(text, i)
		if start < 0 {
			break
		}
		// A reading printed twice, 增長(zhǎng)(zhǎng), goes too.
		j, ok, _ := glossAt(text, start, n > 0 && start == last)
		if ok {
			b.WriteString(text[last:start])
			last = j
			n++
		}
		i = j
	}
	b.WriteString(text[last:])
	return b.String(), n
}

// nextOpen is the offset of the next opening bracket at or after i, or -1.
func nextOpen(s string, i int) int {
	j := strings.IndexAny(s[i:], "(（")
	if j < 0 {
		return -1
	}
	return i + j
}

// glossAt looks at the bracket at or after i: ok when it is a reading
// right after a Chinese character (or after a gloss, afterGloss), tone when
// the reading has a tone mark. next is where to look on from.
func glossAt(s string, i int, afterGloss bool) (next int, ok, tone bool) {
	start := nextOpen(s, i)
	if start < 0 {
		return len(s), false, false
	}
	_, w := utf8.DecodeRuneInString(s[start:])
	next = start + w
	if prev, _ := utf8.DecodeLastRuneInString(s[:start]); !isHan(prev) && !afterGloss {
		return next, false, false
	}
	end := strings.IndexAny(s[next:min(len(s), next+maxGlossBytes+3)], ")）")
	if end < 1 {
		return next, false, false
	}
	reading := s[next : next+end]
	syllables := strings.Split(reading, " ")
	if len(syllables) > 4 {
		return next, false, false
	}
	for _, sy := range syllables {
		if !isSyllable(sy) {
			return next, false, false
		}
	}
	_, cw := utf8.DecodeRuneInString(s[next+end:])
	return next + end + cw, true, strings.ContainsAny(reading, tonedVowels)
}

const tonedVowels = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

// isSyllable reports a pinyin syllable, toned or not: an initial, vowels
// (at least one), and n, ng or r.
func isSyllable(s string) bool {
	rest := s
	for _, in := range []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"} {
		if strings.HasPrefix(rest, in) {
			rest = rest[len(in):]
			break
		}
	}
	vowels := 0
	for rest != "" {
		r, w := utf8.DecodeRuneInString(rest)
		if !strings.ContainsRune("aeiouüv"+tonedVowels, r) {
			break
		}
		vowels++
		rest = rest[w:]
	}
	if vowels == 0 || vowels > 3 {
		return false
	}
	switch rest {
	case "", "n", "ng", "r":
		return true
	}
	return false
}
