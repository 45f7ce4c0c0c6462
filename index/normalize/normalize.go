// Package normalize folds text the way fangtan compares it: NFKC (full-width
// to half-width), lower case, and traditional to simplified Chinese. It keeps,
// for every rune of the folded text, the byte span of the original it came
// from, so a match found in folded text can be marked in the original.
package normalize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is a folded string with its map back to the original.
type Text struct {
	Runes []rune // the folded text
	// Start[i], End[i] are the byte offsets in the original of the source
	// of Runes[i].
	Start, End []int
}

// String folds s (for queries and comparisons).
func String(s string) string {
	// TODO(helper): t2s
	return strings.ToLower(norm.NFKC.String(s))
}

// Fold folds s and records offsets.
func Fold(s string) Text {
	var t Text
	for i, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 1
		}
		for _, f := range []rune(String(string(r))) {
			t.Runes = append(t.Runes, f)
			t.Start = append(t.Start, i)
			t.End = append(t.End, i+size)
		}
	}
	return t
}
