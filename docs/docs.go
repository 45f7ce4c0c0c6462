// Package docs carries fangtan's documentation (the files of docs/; the
// repository's README.md is read from its path) for the tests that hold
// the docs to the code: a doc that
// lists what the code defines — settings, endpoints, commands, index
// formats — is read here and compared with the code by the package that
// defines it.
package docs

import (
	"embed"
	"strings"
)

//go:embed *.md
var files embed.FS

// Read returns a file of docs/ ("api.md"), or "" when there is none.
func Read(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		return ""
	}
	return string(b)
}

// Section returns the text under the heading line (say "## Configuration")
// of text, up to the next heading of the same or a higher level; "" when
// the heading is missing.
func Section(text, heading string) string {
	i := strings.Index(text, "\n"+heading+"\n")
	if i < 0 {
		return ""
	}
	rest := text[i+len(heading)+2:]
	level := strings.Repeat("#", strings.Index(heading, " "))
	for _, prefix := range headingPrefixes(level) {
		if j := strings.Index(rest, "\n"+prefix); j >= 0 {
			rest = rest[:j+1]
		}
	}
	return rest
}

// headingPrefixes are the starts of headings of level or higher ("# ",
// "## " for "##").
func headingPrefixes(level string) []string {
	var out []string
	for n := 1; n <= len(level); n++ {
		out = append(out, strings.Repeat("#", n)+" ")
	}
	return out
}

// Table returns the cells of the first markdown table in text, past its
// header and rule, trimmed.
func Table(text string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "|") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		rows = append(rows, cells)
	}
	if len(rows) < 2 {
		return nil
	}
	return rows[2:]
}
