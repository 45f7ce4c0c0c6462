// Package model is the vocabulary that fangtan's index and its HTTP server
// share: a search Request and its Result, Hits, facet values, suggestions,
// figure searches and related searches, the error kinds, and the
// Searcher, Writer, FigureSearcher, RelatedSearcher and StatsReporter
// interfaces. Package index implements them with Bleve; package server
// depends on them, never on package index, and cmd/fangtan wires the two
// together. It imports no Bleve and no net/http, so either side can be
// replaced or mocked (server/mock).
package model

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"fangtan/article"
)

// Bounds of a request that both the server (which answers 400 before a
// search takes a slot) and the index (which serves other callers too)
// enforce: one source for each.
const (
	// MaxFilterRunes bounds one filter value (a place, source or speaker).
	MaxFilterRunes = 64
	// DefaultMaxDepth is the deepest hit a page may reach, page × size,
	// unless configured otherwise (fangtan serve -max-depth, passed to the
	// index as well).
	DefaultMaxDepth = 20000
)

// Sort orders the hits of a search.
type Sort string

const (
	ByRelevance Sort = ""      // score, then newer first, then paragraph ID
	ByDateDesc  Sort = "-date" // newest first; undated last
	ByDateAsc   Sort = "date"  // oldest first; undated last
)

// FacetFields are the facet names, in the order they are shown.
var FacetFields = []string{"province", "city", "district", "year", "source", "speaker"}

// Request is one search in plain Go terms. Filters within one field are ORed,
// filters of different fields are ANDed. Place filters accept the short or the
// full name (惠州 or 惠州市).
type Request struct {
	Query    string // the user's query language: terms, "phrases", -exclusions, A OR B
	Province []string
	City     []string
	District []string
	Source   []string
	Speaker  []string
	Year     []string // "2023"
	From, To string   // YYYY-MM-DD inclusive; a date filter leaves out undated articles
	Sort     Sort
	Page     int  // 1-based
	Size     int  // hits per page
	Group    bool // one best paragraph per article, with Matches
	// NoFacets skips facet counting (the widget and the CLI's quiet mode).
	NoFacets bool
	// Explain adds the parts of its score to every hit (ScoreParts).
	Explain bool
	// Exact turns off the forgiving search (index/forgive): no query is
	// rewritten, though a did_you_mean may still be offered.
	Exact bool
	// NoCollapse returns every copy of a reposted paragraph (collapse=false):
	// by default the copies of one article that other sites published (its
	// repost group) are one hit, from the group's representative copy.
	NoCollapse bool
	// After continues a result list past the page depth bound: it is the
	// Next of the previous answer, and the page holds the Size hits that
	// follow that answer's last hit. Page must be 1; not with Group.
	After string
}

// Hit is one matching paragraph, carrying what a result line needs.
type Hit struct {
	ID        string  `json:"id"`
	ArticleID string  `json:"article_id"`
	Title     string  `json:"title"`
	Paragraph int     `json:"paragraph"`
	Kind      string  `json:"kind"`
	Section   string  `json:"section"`
	Speaker   string  `json:"speaker"`
	Province  string  `json:"province"`
	City      string  `json:"city"`
	District  string  `json:"district"`
	Date      string  `json:"date"`
	Source    string  `json:"source"`
	SourceURL string  `json:"source_url"` // the article's original page, "" when unknown
	Score     float64 `json:"score"`
	// Snippet is HTML: the paragraph's text escaped, about 120 characters
	// around the best match, each matched phrase one <mark>…</mark>.
	Snippet string `json:"snippet"`
	// Matches is set with Group: how many paragraphs of the article matched.
	Matches int `json:"matches,omitempty"`
	// Reposts is how many other copies of the article (published by other
	// sites) hold the paragraph; with Group, how many other copies of the
	// article there are.
	Reposts int `json:"reposts"`
	// Explain is set with Request.Explain: the parts of Score.
	Explain *ScoreParts `json:"explain,omitempty"`
}

// ScoreParts is why a hit scores what it does (explain=1): the score is
// the sum of the terms' scores plus Proximity, times Weight.
type ScoreParts struct {
	Score  float64     `json:"score"`
	Length int         `json:"length"` // characters of the paragraph
	Kind   string      `json:"kind"`   // body, question or caption
	Weight float64     `json:"weight"` // of the kind
	Terms  []TermParts `json:"terms"`
	// Proximity is the bonus for the terms standing together; Gap the
	// characters between them (-1 with fewer than two located terms).
	Proximity float64 `json:"proximity"`
	Gap       int     `json:"gap"`
}

// TermParts is one required term of the query (its OR alternatives and
// synonyms together) in one paragraph.
type TermParts struct {
	Term      string  `json:"term"`
	Mentions  int     `json:"mentions"` // in the paragraph's text
	First     int     `json:"first"`    // character where it is first named; -1 if unknown (one-character terms)
	InTitle   bool    `json:"in_title"`
	InSection bool    `json:"in_section"`
	Weighted  float64 `json:"weighted"` // mentions plus what the title and section count for
	Frequency float64 `json:"frequency"`
	Position  float64 `json:"position"` // the factor of the first mention
	Score     float64 `json:"score"`    // Frequency × Position
}

// FacetValue is one value of a facet with the number of hits that carry it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is the answer to a Request.
type Result struct {
	Query string `json:"query"`
	Total int    `json:"total"` // matching paragraphs (also with Group), a reposted one once unless NoCollapse
	// TotalWithReposts counts every copy of a reposted paragraph: the
	// matching paragraphs before collapsing.
	TotalWithReposts int           `json:"total_with_reposts"`
	Took             time.Duration `json:"-"`
	Page             int           `json:"page"`
	Size             int           `json:"size"`
	// Groups is the number of matching articles (the copies of a reposted
	// one once unless NoCollapse); set with Group.
	Groups int                     `json:"groups,omitempty"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
	// Next, when set, is the After of the request for the hits that
	// follow this page (not with Group).
	Next string `json:"next,omitempty"`
	// Terms are the normalized positive phrases of the query (with their
	// synonyms), for highlighting the same words elsewhere (the article page).
	Terms []string `json:"-"`

	// Forgiving search (index/forgive). DidYouMean is a better query (the
	// Chinese of pinyin, a typo corrected); when the query itself found
	// nothing, the hits are those of DidYouMean, Query is DidYouMean and
	// RewrittenFrom holds the query as asked.
	DidYouMean    string `json:"did_you_mean,omitempty"`
	RewrittenFrom string `json:"rewritten_from,omitempty"`
}

// Suggestion is a completion drawn from the indexed text.
type Suggestion struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Stats describes what the index holds.
type Stats struct {
	Articles   int
	Paragraphs int
	DiskBytes  int64
	// RepostGroups is the number of articles published by several sites
	// (repost groups); Reposts the copies beyond one per group.
	RepostGroups int
	Reposts      int
}

// Searcher is what the server needs for reading.
type Searcher interface {
	Search(ctx context.Context, req *Request) (*Result, error)
	Article(ctx context.Context, id string) (*article.Article, error)
	Suggest(ctx context.Context, prefix string, n int) ([]Suggestion, error)
	// Terms returns the folded phrases a query looks for (synonyms
	// included), to highlight them elsewhere (the article page) without
	// running a search.
	Terms(q string) ([]string, error)
}

// RelatedSearcher finds the phrases that characterise a search's hits
// (its query and filters; paging and sorting are ignored), at most n.
type RelatedSearcher interface {
	Related(ctx context.Context, req *Request, n int) ([]RelatedPhrase, error)
}

// StatsReporter tells what an index holds (the /metrics gauges).
type StatsReporter interface {
	Stats() Stats
}

// Repost is one other copy of an article: the same text published
// elsewhere (转载).
type Repost struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
	Site   string `json:"site"`
	Date   string `json:"date"`
	// SourceURL is the copy's original page, "" when unknown.
	SourceURL string `json:"source_url"`
	// Representative marks the copy searches show the group by.
	Representative bool `json:"representative"`
}

// Reposter lists the other copies of an article, the representative
// first; empty when it has none, NotFound when there is no such article.
type Reposter interface {
	Reposts(ctx context.Context, id string) ([]Repost, error)
}

// Writer is what the server needs for the admin API.
type Writer interface {
	// Put adds or replaces an article with all its paragraphs, atomically.
	// It reports false when an identical article was already indexed.
	Put(ctx context.Context, a *article.Article) (changed bool, err error)
	// Delete removes an article and all its paragraphs; NotFound if absent.
	Delete(ctx context.Context, id string) error
}

// ErrorKind classifies errors so the server can map them to statuses in one
// place.
type ErrorKind int

const (
	Internal ErrorKind = iota
	Invalid            // the request is malformed: 400
	NotFound           // 404
	Timeout            // the deadline passed: 503
	Canceled           // the client went away: 499
)

// Error is an error with a kind. Param names the offending request field
// when there is one, and Reason says what is wrong with it in a word a
// program can switch on (the server explains it in Chinese); Msg says it in
// English.
type Error struct {
	Kind   ErrorKind
	Param  string
	Reason string
	Msg    string
	Err    error
}

// Reasons of an invalid query (Error.Reason).
const (
	ReasonNotUTF8           = "not_utf8"            // the text is not valid UTF-8
	ReasonTooLong           = "too_long"            // the query is longer than its bound
	ReasonTermTooLong       = "term_too_long"       // one term is longer than its bound
	ReasonTooManyTerms      = "too_many_terms"      // more AND-ed terms than allowed
	ReasonTooManyAlternates = "too_many_alternates" // more OR alternatives than allowed
	ReasonORNeedsTerms      = "or_needs_terms"      // OR without a term on each side
	ReasonMixedOR           = "mixed_or"            // excluded and required terms in one OR
)

func (e *Error) Error() string {
	s := "index: " + e.Msg
	if e.Param != "" {
		s = fmt.Sprintf("index: invalid parameter %q: %s", e.Param, e.Msg)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of err, Internal for unclassified errors, and
// Timeout/Canceled for context errors.
func KindOf(err error) ErrorKind {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Kind
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	case errors.Is(err, context.Canceled):
		return Canceled
	}
	return Internal
}

// Clone copies a result deep enough that changes to the copy's hits,
// facets or terms never reach the original (a cached one).
func (r *Result) Clone() *Result {
	c := *r
	c.Hits = slices.Clone(r.Hits)
	c.Terms = slices.Clone(r.Terms)
	if r.Facets != nil {
		c.Facets = make(map[string][]FacetValue, len(r.Facets))
		for k, v := range r.Facets {
			c.Facets[k] = slices.Clone(v)
		}
	}
	return &c
}

// RelatedPhrase is a phrase related to a search, with the number of the
// sampled hits (the best of them) that hold it.
type RelatedPhrase struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}
