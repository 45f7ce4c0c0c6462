package index

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"fangtan/article"
	"fangtan/article/figure"
	"fangtan/index/figsearch"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// Figures (docs/design.md, "Figures"): every paragraph is run through
// figure.Extract when it is indexed, and one marks those that state a
// figure, so a search for figures reads only them. The figures themselves
// are not stored: they are extracted again from the paragraph's stored text
// when it is a hit, which costs some microseconds a paragraph, keeps the
// index small, and lets an improved extractor show its figures without a
// rebuild (only a paragraph that newly states a figure needs one). Kind,
// unit, year and indicator are filtered on the extracted figures, so each
// facet can be counted with every filter but its own.

// fFigures holds "any" for a paragraph that states a figure.
const fFigures = "fig"

// addFigureFields marks p in doc when it states a figure.
func addFigureFields(m mapping.IndexMapping, doc *document.Document, a *article.Article, p *article.Paragraph) {
	if len(figure.Extract(p.Text, figure.ArticleContext(a.Title, a.Date))) == 0 {
		return
	}
	doc.AddField(document.NewTextFieldCustom(fFigures, nil, []byte("any"), bleveindex.IndexField, m.AnalyzerNamed(keyword.Name)))
}

var figureFields = []string{fText, fTitleText, fArticle, fProvince, fCity, fDistrict, fSource, fDate}

// Figures finds the figures stated in the paragraphs that match the query
// and filters, newest articles first: the index finds and reads the
// paragraphs within the bounds of model.MaxFigure*, package figsearch
// extracts, filters, counts and orders their figures.
func (ix *Index) Figures(ctx context.Context, req *model.FigureRequest) (*model.FigureResult, error) {
	start := time.Now()
	if err := figsearch.Validate(req); err != nil {
		return nil, err
	}
	base := req.Paragraphs()
	if err := validate(&base, ix.opts.MaxDepth); err != nil {
		return nil, err
	}
	pq, err := querylang.Parse(req.Query, ix.syn)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()

	must, mustNot, _ := textQuery(pq)
	q := compose(must, mustNot, nil, buildFilters(&base), "", nil) // figures are ordered by date, not scored
	q = bleve.NewConjunctionQuery(q, termOf(fFigures, "any"))      // only paragraphs with figures
	order := search.SortOrder{&search.SortField{Field: fDate, Desc: true, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast}, &search.SortDocID{}}

	fs := figsearch.New(req, pq.Positive())
	reposts := newFigureReposts(ix.reposts.snap.Load())
	truncated := false
	var after []string
	const batch = 500
	textBudget := model.MaxFigureText
	full := func() bool { return textBudget <= 0 }
	for read := 0; read < model.MaxFigureParagraphs; {
		sr := bleve.NewSearchRequestOptions(q, min(batch, model.MaxFigureParagraphs-read), 0, false)
		sr.Score = "none"
		sr.Fields = figureFields
		sr.SortByCustom(order)
		sr.SearchAfter = after
		r, err := ix.alias.SearchInContext(ctx, sr)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		n := 0 // hits read
		for _, h := range r.Hits {
			if full() {
				break
			}
			n++
			text := prefixBytes(field(h, fText), min(model.MaxFigureParaBytes, textBudget))
			textBudget -= len(text)
			aid, pn := splitDocID(h.ID)
			reposts.add(figsearch.Paragraph{ID: h.ID, ArticleID: aid, N: pn, Text: text,
				Title: field(h, fTitleText), Province: field(h, fProvince), City: field(h, fCity),
				District: field(h, fDistrict), Date: field(h, fDate), Source: field(h, fSource)})
		}
		read += n
		if full() {
			truncated = r.Total > uint64(read) || n < len(r.Hits)
			break
		}
		if len(r.Hits) < batch {
			break
		}
		if read >= model.MaxFigureParagraphs {
			truncated = r.Total > uint64(read)
			break
		}
		after = sortKey(r.Hits[len(r.Hits)-1], order)
	}
	if reposts.flush(fs) {
		truncated = true
	}
	res := fs.Result()
	res.Truncated = truncated
	res.Took = time.Since(start)
	return res, nil
}

// figureReposts holds the paragraphs read until all are, so that a figure
// stated in the copies of one article (its repost group) counts once, from
// the copy the group prefers among those that matched; the others keep
// the order they were read in (newest first).
type figureReposts struct {
	snap  *repostSnapshot
	paras []figsearch.Paragraph
	keys  []collapseKey // of each paragraph; zero when its article has no copies
	prefs []int
	best  map[collapseKey]int // the preferred copy of each paragraph, by its place in paras
}

func newFigureReposts(snap *repostSnapshot) *figureReposts {
	return &figureReposts{snap: snap, best: map[collapseKey]int{}}
}

func (r *figureReposts) add(p figsearch.Paragraph) {
	var k collapseKey
	pref := 0
	if m := r.snap.members[p.ArticleID]; m != nil {
		if a := m.anchors[p.N]; a != 0 {
			k, pref = collapseKey{group: m.group.ord, para: a}, m.pref
			if i, ok := r.best[k]; !ok || pref < r.prefs[i] {
				r.best[k] = len(r.paras)
			}
		}
	}
	r.paras, r.keys, r.prefs = append(r.paras, p), append(r.keys, k), append(r.prefs, pref)
}

// flush gives fs the paragraphs read, each reposted one once, up to
// model.MaxFigures figures; it reports whether it stopped there.
func (r *figureReposts) flush(fs *figsearch.Search) (truncated bool) {
	for i, p := range r.paras {
		if k := r.keys[i]; k != (collapseKey{}) && r.best[k] != i {
			continue
		}
		if fs.Len() >= model.MaxFigures {
			return true
		}
		fs.Add(p)
	}
	return false
}

func termOf(field, term string) query.Query {
	t := bleve.NewTermQuery(term)
	t.SetField(field)
	return t
}

var (
	_ model.FigureSearcher = (*Index)(nil)
	_ model.FigureSearcher = (*Live)(nil)
)
