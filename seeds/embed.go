// Package seeds carries the five scraped interview pages that fangtan serves
// on first start, byte for byte as they were scraped, so a fresh clone has
// something to search.
package seeds

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed *.txt
var files embed.FS

// FS returns the seed files; names are "NNN_hash.txt" at the root.
func FS() fs.FS { return files }

// Names lists the seed file names in order.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}
