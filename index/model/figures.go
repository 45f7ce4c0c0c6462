package model

import (
	"context"
	"time"

	"fangtan/article/figure"
	"fangtan/index/snippet"
)

// FigureFacetFields are the facets of a figure search, in the order shown.
var FigureFacetFields = []string{"indicator", "unit", "year", "kind"}

// FigureSort orders the figures of a search.
type FigureSort string

const (
	FiguresByDate      FigureSort = ""       // newest article first, then in reading order
	FiguresByValueDesc FigureSort = "-value" // largest scaled value first
	FiguresByValueAsc  FigureSort = "value"
	FiguresByYearDesc  FigureSort = "-year" // latest year first; no year last
	FiguresByYearAsc   FigureSort = "year"
	FiguresByPlace     FigureSort = "place"
	FiguresByIndicator FigureSort = "indicator"
)

// FigureRequest is a search for figures: the paragraphs that match Query
// and the paragraph filters (place, source, speaker, dates), and filters on
// the figures they state. Within a field the values are ORed.
type FigureRequest struct {
	Query    string // the query language, as in Request
	Province []string
	City     []string
	District []string
	Source   []string
	Speaker  []string
	From, To string // YYYY-MM-DD inclusive: the article's date

	Kind      []string // target, actual
	Indicator []string // a figure matches when its indicator contains one (normalised: 规上 = 规模以上)
	Unit      []string // as stated: 亿元, %
	Year      []string // the year a figure refers to; "0" for none
	Sort      FigureSort
	Page      int // 1-based
	Size      int // figures per page
}

// Paragraphs is the search for the paragraphs whose figures req asks for:
// its query and paragraph filters, newest first.
func (req *FigureRequest) Paragraphs() Request {
	return Request{Query: req.Query, Province: req.Province, City: req.City, District: req.District,
		Source: req.Source, Speaker: req.Speaker, From: req.From, To: req.To, Sort: ByDateDesc, Page: 1, Size: 1}
}

// FigureHit is one figure with where it comes from.
type FigureHit struct {
	figure.Figure
	// Statement is the sentence that states the figure (cut around it when
	// long), the statement its one mark: data, rendered as HTML by the
	// server and for a terminal by the command.
	Statement   snippet.Snippet `json:"-"`
	ParagraphID string          `json:"paragraph_id"`
	ArticleID   string          `json:"article_id"`
	Paragraph   int             `json:"paragraph"`
	Title       string          `json:"title"`
	Province    string          `json:"province"`
	City        string          `json:"city"`
	District    string          `json:"district"`
	Date        string          `json:"date"`
	Source      string          `json:"source"`
}

// FigureResult is the answer to a FigureRequest.
type FigureResult struct {
	Total   int                     `json:"total"` // matching figures
	Page    int                     `json:"page"`
	Size    int                     `json:"size"`
	Figures []FigureHit             `json:"figures"`
	Facets  map[string][]FacetValue `json:"facets"`
	// Truncated is set when more paragraphs matched than a figure search
	// reads (MaxFigureParagraphs, MaxFigureText, MaxFigures): the figures
	// are those of the newest.
	Truncated bool          `json:"truncated,omitempty"`
	Took      time.Duration `json:"-"`
}

// FigureSearcher is what the server needs for /api/figures.
type FigureSearcher interface {
	Figures(ctx context.Context, req *FigureRequest) (*FigureResult, error)
}

// A figure search's bounds: the paragraphs it reads, the bytes of their
// text it extracts from (one paragraph's and all together) and the figures
// it keeps. The figures are counted, faceted and sorted in memory, so these
// bound its work and memory by construction whatever the text: a search
// that meets one says Truncated, and its figures are those of the newest
// paragraphs. Ordinary paragraphs (a few hundred characters, a few
// figures) meet MaxFigureParagraphs first.
const (
	MaxFigureParagraphs = 5000
	MaxFigureParaBytes  = 16 << 10
	MaxFigureText       = 4 << 20
	MaxFigures          = 20000
)
