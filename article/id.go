package article

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIDBytes bounds an article ID: it appears in URLs, anchors and every
// paragraph's document ID.
const MaxIDBytes = 128

// CheckID is the one rule for an article ID, wherever it comes from
// (content, a sidecar, a .jsonl record, the URL of a PUT): 1 to 128 bytes
// of UTF-8 without '/', '?', '#', '%', spaces or control characters, so
// that it is one path segment of a URL as it stands.
func CheckID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("the article ID is empty")
	case len(id) > MaxIDBytes:
		return fmt.Errorf("the article ID is longer than %d bytes", MaxIDBytes)
	case !utf8.ValidString(id):
		return fmt.Errorf("the article ID is not UTF-8")
	case strings.ContainsAny(id, "/?#%"), strings.ContainsFunc(id, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}):
		return fmt.Errorf("the article ID %q holds '/', '?', '#', '%%', a space or a control character", id)
	}
	return nil
}

// CheckNewID is the stricter rule for an ID chosen by a client of the
// write API (PUT /api/articles/{id}): an ID that also passes CheckID, of
// ASCII letters, digits, '.', '_' and '-', starting with a letter or a
// digit, so it reads the same in every URL and anchor.
func CheckNewID(id string) error {
	if err := CheckID(id); err != nil {
		return err
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return fmt.Errorf("1 to %d letters, digits, '.', '_' or '-', starting with a letter or digit", MaxIDBytes)
		}
	}
	return nil
}
