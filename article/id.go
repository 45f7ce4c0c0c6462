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
