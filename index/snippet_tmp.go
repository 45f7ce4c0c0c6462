package index

import "html"

// buildSnippet is a placeholder until fangtan/index/snippet lands.
func buildSnippet(text string, terms []string, n int) string {
	rs := []rune(text)
	if len(rs) > n {
		rs = rs[:n]
	}
	return html.EscapeString(string(rs))
}
