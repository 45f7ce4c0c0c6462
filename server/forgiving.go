package server

import (
	"net/http"
	"net/url"
	"unicode/utf8"

	"fangtan/index"
	"fangtan/index/vocab"
)

// The forgiving search (index/forgive) as the API and the pages show it:
// the API answers did_you_mean and rewritten_from (api.go); exact=1 turns
// rewriting off; the search page says 「已显示“制造业”的结果。仍然搜索：制造也」
// when it shows the hits of a correction, and 「您是不是要找：制造业」 when it
// only offers one.

// exactParam reads exact=1 (or true): search for q as written, never its
// correction.
func exactParam(q url.Values) (bool, error) {
	switch v := q.Get("exact"); v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, invalidParam("exact", `must be "1" or "0", got %q`, v)
	}
}

// forgiveView is the notice above the results of the search page.
type forgiveView struct {
	Shown    string // the correction whose hits are shown
	Asked    string // the query as typed, when Shown
	AskedURL string // the search for Asked as written (exact=1)
	Offer    string // a correction offered beside the query's own hits
	OfferURL string
	// Completions of a Latin query read as pinyin (chun → 储能…).
	Completions []link
}

func forgiveViewOf(req *index.Request, res *index.Result, q query, completions []link) *forgiveView {
	var v forgiveView
	switch {
	case res.RewrittenFrom != "":
		c := q.clone()
		c.v.Set("exact", "1")
		v.Shown, v.Asked, v.AskedURL = res.Query, res.RewrittenFrom, c.url()
	case res.DidYouMean != "":
		c := q.clone()
		c.v.Set("q", res.DidYouMean)
		c.v.Del("exact")
		v.Offer, v.OfferURL = res.DidYouMean, c.url()
	}
	for _, l := range completions {
		if l.Text != v.Shown && l.Text != v.Offer {
			v.Completions = append(v.Completions, l)
		}
	}
	if v.Shown == "" && v.Offer == "" && len(v.Completions) == 0 {
		return nil
	}
	return &v
}

// completions are the pinyin completions of a Latin query (chun → 储能…),
// as searches.
func (p *pageServer) completions(r *http.Request, q string) []link {
	if !vocab.IsLatin(q) || utf8.RuneCountInString(q) > maxCompletionInput {
		return nil
	}
	release, err := p.s.gate.acquire(r.Context())
	if err != nil {
		return nil // too busy: the results matter more
	}
	defer release()
	sugg, err := p.s.search.Suggest(r.Context(), q, maxCompletions)
	if err != nil {
		return nil
	}
	var out []link
	for _, s := range sugg {
		out = append(out, link{s.Text, "/?q=" + url.QueryEscape(s.Text)})
	}
	return out
}

// Bounds of the completions shown on the search page.
const (
	maxCompletions     = 5
	maxCompletionInput = 64
)
