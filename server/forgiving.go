package server

import (
	"net/http"
	"net/url"
	"unicode/utf8"

	"fangtan/index/model"
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

func forgiveViewOf(req *model.Request, res *model.Result, q query, completions []link) *forgiveView {
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

// Bounds of /api/related.
const (
	defaultRelated = 8
	maxRelated     = 20
)

var relatedParams = []string{"q", "province", "city", "district", "year", "source", "speaker", "from", "to", "size"}

// handleRelated answers GET /api/related?q=&filters&size= with
// {"related":[{"text","count"}]}: phrases that characterise the hits of
// the search (count: how many of its best 200 hits hold the phrase).
func (s *Server) handleRelated(r *http.Request) (any, error) {
	q := r.URL.Query()
	if err := checkParams(q, relatedParams, filterParams...); err != nil {
		return nil, err
	}
	n, err := intParam(q, "size", defaultRelated, 1, maxRelated)
	if err != nil {
		return nil, err
	}
	sq := url.Values{}
	for k, v := range q {
		if k != "size" {
			sq[k] = v
		}
	}
	req, err := s.parseSearch(sq)
	if err != nil {
		return nil, err
	}
	out := []model.RelatedPhrase{}
	if s.related != nil && req.Query != "" {
		release, err := s.gate.acquire(r.Context())
		if err != nil {
			return nil, err
		}
		got, err := s.related.Related(r.Context(), req, n)
		release()
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return struct {
		Related []model.RelatedPhrase `json:"related"`
	}{out}, nil
}

// relatedLinks are the related searches shown under the results of the
// search page, for the query whose hits are shown.
func (p *pageServer) relatedLinks(r *http.Request, req *model.Request, res *model.Result, q query) []link {
	if p.s.related == nil || res.Total == 0 || req.Query == "" {
		return nil
	}
	alt := *req
	alt.Query = cmp(res.Query, req.Query)
	release, err := p.s.gate.acquire(r.Context())
	if err != nil {
		return nil
	}
	defer release()
	got, err := p.s.related.Related(r.Context(), &alt, defaultRelated)
	if err != nil {
		return nil
	}
	var out []link
	for _, g := range got {
		out = append(out, link{g.Text, q.set("q", g.Text)}) // the filters stay
	}
	return out
}
