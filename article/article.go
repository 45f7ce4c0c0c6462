// Package article is fangtan's domain: the Article and Paragraph types and the
// parsing of raw scraped pages into clean, labelled articles. It knows nothing
// of Bleve or HTTP.
package article

import "strings"

// Kind says what a paragraph is. Only Body and Caption paragraphs are indexed
// for search; headings become the Section of the paragraphs below them and
// credits are kept for display only.
type Kind string

const (
	Body    Kind = "body"
	Heading Kind = "heading"
	Caption Kind = "caption"
	Credit  Kind = "credit"
)

// Paragraph is one paragraph of an article, numbered from 1 in reading order.
type Paragraph struct {
	N       int    `json:"n"`
	Kind    Kind   `json:"kind"`
	Section string `json:"section"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
}

// Article is one interview or report with the metadata fangtan extracted or
// was given. Place names are the short forms users type (广东, 惠州, 惠阳).
type Article struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Subtitle   string      `json:"subtitle"`
	Date       string      `json:"date"` // YYYY-MM-DD, or "" when the text states none
	Source     string      `json:"source"`
	Authors    []string    `json:"authors"`
	Province   string      `json:"province"`
	City       string      `json:"city"`
	District   string      `json:"district"`
	Paragraphs []Paragraph `json:"paragraphs"`

	// Provenance (provenance.go): the canonical address of the page the
	// article was read from, the name of its site and, for a crawled page,
	// when it was fetched (RFC 3339). Empty when unknown.
	SourceURL string `json:"source_url"`
	Site      string `json:"site,omitempty"`
	FetchedAt string `json:"fetched_at,omitempty"`
}

// Asks reports whether the paragraph is the interviewer's turn: its
// speaker is the host (主持人) or a reporter (记者), who asks and hands
// over rather than answers.
func (p *Paragraph) Asks() bool {
	return strings.Contains(p.Speaker, "记者") || strings.Contains(p.Speaker, "主持人")
}

// Searchable reports whether a paragraph of this kind is indexed for search.
func (k Kind) Searchable() bool { return k == Body || k == Caption }
