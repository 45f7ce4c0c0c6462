package index

import (
	"fmt"

	"fangtan/index/model"
)

// The vocabulary the index shares with the server lives in package model,
// which imports no Bleve; these names keep the index's own code short.
type (
	Sort          = model.Sort
	Request       = model.Request
	Hit           = model.Hit
	FacetValue    = model.FacetValue
	Result        = model.Result
	Suggestion    = model.Suggestion
	Stats         = model.Stats
	Searcher      = model.Searcher
	Writer        = model.Writer
	StatsReporter = model.StatsReporter
	ErrorKind     = model.ErrorKind
	Error         = model.Error
	ScoreParts    = model.ScoreParts
	TermParts     = model.TermParts
)

const (
	ByRelevance = model.ByRelevance
	ByDateDesc  = model.ByDateDesc
	ByDateAsc   = model.ByDateAsc

	Internal = model.Internal
	Invalid  = model.Invalid
	NotFound = model.NotFound
	Timeout  = model.Timeout
	Canceled = model.Canceled
)

// FacetFields are the facet names, in the order they are shown.
var FacetFields = model.FacetFields

// KindOf returns the kind of err (see model.KindOf).
func KindOf(err error) ErrorKind { return model.KindOf(err) }

func invalidf(param, format string, args ...any) error {
	return &Error{Kind: Invalid, Param: param, Msg: fmt.Sprintf(format, args...)}
}

// invalidQuery reports what is wrong with the query text q.
func invalidQuery(reason, format string, args ...any) error {
	return &Error{Kind: Invalid, Param: "q", Reason: reason, Msg: fmt.Sprintf(format, args...)}
}
