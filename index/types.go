package index

import (
	"fmt"

	"fangtan/index/model"
)

// The vocabulary the index shares with the server lives in package model,
// which imports no Bleve; these names keep the index's own code short.
type (
	// searching
	Sort       = model.Sort
	Request    = model.Request
	Hit        = model.Hit
	FacetValue = model.FacetValue
	Result     = model.Result
	Suggestion = model.Suggestion

	// what the server needs of the index
	Stats         = model.Stats
	Searcher      = model.Searcher
	Writer        = model.Writer
	StatsReporter = model.StatsReporter

	// errors
	ErrorKind = model.ErrorKind
	Error     = model.Error

	// the ranking's explanation (rank.go)
	ScoreParts = model.ScoreParts
	TermParts  = model.TermParts

	// figures (figures.go) and related searches (related.go)
	FigureSort     = model.FigureSort
	FigureRequest  = model.FigureRequest
	FigureHit      = model.FigureHit
	FigureResult   = model.FigureResult
	FigureSearcher = model.FigureSearcher
	RelatedPhrase  = model.RelatedPhrase
)

const (
	// sort orders
	ByRelevance = model.ByRelevance
	ByDateDesc  = model.ByDateDesc
	ByDateAsc   = model.ByDateAsc

	// error kinds
	Internal = model.Internal
	Invalid  = model.Invalid
	NotFound = model.NotFound
	Timeout  = model.Timeout
	Canceled = model.Canceled

	// figure sorts and bounds
	FiguresByDate       = model.FiguresByDate
	FiguresByValueDesc  = model.FiguresByValueDesc
	FiguresByValueAsc   = model.FiguresByValueAsc
	FiguresByYearDesc   = model.FiguresByYearDesc
	FiguresByYearAsc    = model.FiguresByYearAsc
	FiguresByPlace      = model.FiguresByPlace
	FiguresByIndicator  = model.FiguresByIndicator
	MaxFigureParagraphs = model.MaxFigureParagraphs
)

// FacetFields are the facet names, in the order they are shown;
// FigureFacetFields those of a figure search.
var (
	FacetFields       = model.FacetFields
	FigureFacetFields = model.FigureFacetFields
)

// KindOf returns the kind of err (see model.KindOf).
func KindOf(err error) ErrorKind { return model.KindOf(err) }

func invalidf(param, format string, args ...any) error {
	return &Error{Kind: Invalid, Param: param, Msg: fmt.Sprintf(format, args...)}
}
