package index

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
)

// A cursor is the sort key of the last hit of a page (its score, date and
// ID, in the request's sort order; hitKey.strings): each value in
// URL-safe base64 (they may hold any bytes), joined by dots. Continuing
// from it costs the same at any depth, where from/size would keep every
// hit before it.
func encodeCursor(key []string) string {
	enc := make([]string, len(key))
	for i, k := range key {
		enc[i] = base64.RawURLEncoding.EncodeToString([]byte(k))
	}
	return strings.Join(enc, ".")
}

// sortKey is a hit's sort key as Bleve's SearchAfter takes it (the
// grouped search's batches).
func sortKey(h *search.DocumentMatch, order search.SortOrder) []string {
	key := make([]string, len(order))
	for i, s := range order {
		switch s.(type) {
		case *search.SortScore:
			key[i] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		case *search.SortDocID:
			key[i] = h.ID
		default:
			if i < len(h.Sort) {
				key[i] = h.Sort[i]
			}
		}
	}
	return key
}

// maxCursor bounds a cursor's length: a score, a date and a document ID.
const maxCursor = 1024

func decodeCursor(cursor string, o hitOrder) (*hitKey, error) {
	bad := invalidf("after", "is not the \"next\" of a previous answer to this search")
	if len(cursor) > maxCursor {
		return nil, bad
	}
	key := strings.Split(cursor, ".")
	for i, k := range key {
		b, err := base64.RawURLEncoding.DecodeString(k)
		if err != nil {
			return nil, bad
		}
		key[i] = string(b)
	}
	k, ok := parseKey(key, o)
	if !ok {
		return nil, bad
	}
	return k, nil
}
