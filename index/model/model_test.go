package model

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want ErrorKind
	}{
		{&Error{Kind: Invalid, Param: "q", Msg: "x"}, Invalid},
		{fmt.Errorf("wrapped: %w", &Error{Kind: NotFound, Msg: "x"}), NotFound},
		{context.DeadlineExceeded, Timeout},
		{fmt.Errorf("search: %w", context.Canceled), Canceled},
		{errors.New("disk on fire"), Internal},
	} {
		if got := KindOf(tc.err); got != tc.want {
			t.Errorf("KindOf(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	e := &Error{Kind: Invalid, Param: "city", Msg: "must be valid UTF-8 of at most 64 characters"}
	if got := e.Error(); got != `index: invalid parameter "city": must be valid UTF-8 of at most 64 characters` {
		t.Errorf("Error() = %q", got)
	}
}

// A clone shares nothing a caller could change with the original.
func TestResultClone(t *testing.T) {
	r := &Result{Hits: []Hit{{Title: "a"}}, Terms: []string{"储能"}, Facets: map[string][]FacetValue{"city": {{Value: "惠州", Count: 1}}}}
	c := r.Clone()
	c.Hits[0].Title, c.Terms[0], c.Facets["city"][0].Count = "b", "氢能", 9
	if r.Hits[0].Title != "a" || r.Terms[0] != "储能" || r.Facets["city"][0].Count != 1 {
		t.Errorf("a change to the clone reached the original: %+v", r)
	}
}
