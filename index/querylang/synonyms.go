package querylang

import (
	_ "embed"
	"strings"

	"fangtan/article/normalize"
)

//go:embed synonyms.txt
var synonymsData string

// Synonyms expands government abbreviations at query time (工信局 ↔
// 工业和信息化局). Expansion happens inside terms too: 市工信局 also looks
// for 市工业和信息化局.
type Synonyms struct {
	groups [][]string // folded forms, longest first within a group
}

// LoadSynonyms reads groups of equivalent forms, one group a line
// (synonyms.txt is the format).
func LoadSynonyms(data string) *Synonyms {
	s := &Synonyms{}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []string
		for _, f := range strings.Fields(line) {
			g = appendUnique(g, normalize.String(f))
		}
		if len(g) > 1 {
			s.groups = append(s.groups, g)
		}
	}
	return s
}

// DefaultSynonyms are those of synonyms.txt.
var DefaultSynonyms = LoadSynonyms(synonymsData)

// maxVariants bounds the expansion of one term.
const maxVariants = 8

// expand returns term followed by its variants: each form of a group found in
// the term replaced by every other form of that group.
func (s *Synonyms) expand(term string) []string {
	out := []string{term}
	if s == nil {
		return out
	}
	for i := 0; i < len(out) && len(out) < maxVariants; i++ {
		cur := out[i]
		for _, g := range s.groups {
			for _, form := range g {
				if !strings.Contains(cur, form) {
					continue
				}
				for _, other := range g {
					if other == form || strings.Contains(other, form) && strings.Contains(cur, other) {
						continue
					}
					out = appendUnique(out, strings.ReplaceAll(cur, form, other))
					if len(out) >= maxVariants {
						return out
					}
				}
			}
		}
	}
	return out
}
