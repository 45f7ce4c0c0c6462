package index

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"fangtan/article"
	"fangtan/article/normalize"
)

// Field names of a paragraph document. The searchable fields hold folded
// text and are not stored; the stored fields hold what a hit renders.
const (
	fBody      = "b"  // folded paragraph text (body text and captions alike), bigrams with positions
	fRank      = "rk" // kind and length, read per hit by the ranking (rank.go)
	fBodyChars = "u"  // folded paragraph text, single characters
	fTitle     = "tb" // folded title, bigrams, on the article's record document only (rank.go: articleTitles)
	fSection   = "sb" // folded section heading, bigrams (boost only)

	fText      = "text" // stored original paragraph
	fTitleText = "title"
	fSectText  = "section"
	// the article's source_url, stored only. No format bump: an index
	// written before it reads "" (the page and the API then link to the
	// article page) until its articles are indexed again.
	fSourceURL = "src"

	fRecord = "rec" // the stored record of an article, on its record document
	fPrint  = "rp"  // the article's repost entry, on its record document (reposts.go)

	fFacets = "facets" // every facet value of a paragraph, as "name\x1fvalue"

	fArticle  = "article_id"
	fKind     = "kind"
	fSpeaker  = "speaker"
	fProvince = "province"
	fCity     = "city"
	fDistrict = "district"
	fSource   = "source"
	fYear     = "year"
	fDate     = "date"
)

// Facets are counted from one doc-values field that holds all of a
// paragraph's facet values, each prefixed with its facet's name: counting
// reads one doc-values chunk per hit instead of one per facet, which was
// half the time of a search. Its terms also filter (facetQuery); the
// keyword fields only render.
const facetSep = "\x1f"

// facetField maps a facet name to the keyword field it filters.
var facetField = map[string]string{
	"province": fProvince, "city": fCity, "district": fDistrict,
	"year": fYear, "source": fSource, "speaker": fSpeaker,
}

// storedFields are loaded for every hit.
var storedFields = []string{fText, fTitleText, fSectText, fArticle, fKind, fSpeaker,
	fProvince, fCity, fDistrict, fSource, fDate, fSourceURL}

// docMapping is the mapping of every shard.
var docMapping = newMapping()

func newMapping() mapping.IndexMapping {
	// No searchable field keeps frequencies and norms: fangtan's ranking
	// (rank.go) reads the terms' positions and the paragraph's length
	// from its columns, never Bleve's BM25 inputs, and a norm cost up to
	// five bytes for every term of every paragraph.
	searchable := func(analyzer string, positions bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = positions
		f.IncludeInAll = false
		f.DocValues = false
		f.SkipFreqNorm = true
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// keyword fields render a hit; filters match the facets field's
	// terms (facetQuery), so only the kind, which browsing matches, is
	// indexed
	kw := func(indexed bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Index = indexed
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fBody, searchable(BigramAnalyzer, true))
	doc.AddFieldMappingsAt(fBodyChars, searchable(UnigramAnalyzer, false))
	doc.AddFieldMappingsAt(fTitle, searchable(BigramAnalyzer, false)) // read as postings only (articleTitles)
	doc.AddFieldMappingsAt(fSection, searchable(BigramAnalyzer, true))
	doc.AddFieldMappingsAt(fText, storedOnly())
	doc.AddFieldMappingsAt(fTitleText, storedOnly())
	doc.AddFieldMappingsAt(fSectText, storedOnly())
	doc.AddFieldMappingsAt(fSourceURL, storedOnly())
	doc.AddFieldMappingsAt(fRecord, storedOnly())
	doc.AddFieldMappingsAt(fPrint, storedOnly())
	doc.AddFieldMappingsAt(fKind, kw(true))
	for _, f := range []string{fSpeaker, fProvince, fCity, fDistrict, fSource, fYear, fArticle} {
		doc.AddFieldMappingsAt(f, kw(false))
	}

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = keyword.Name
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.ScoringModel = "bm25"
	return im
}

// docID names a paragraph document: the article ID, a dash, the paragraph
// number. The number is parsed back from the last dash.
func docID(articleID string, n int) string { return articleID + "-" + strconv.Itoa(n) }

// articleOf is the article a document belongs to: a paragraph's or a
// record's ("a/ID").
func articleOf(docID string) string {
	if id, ok := strings.CutPrefix(docID, recordPrefix); ok {
		return id
	}
	id, _ := splitDocID(docID)
	return id
}

func splitDocID(id string) (articleID string, n int) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return id, 0
	}
	n, _ = strconv.Atoi(id[i+1:])
	return id[:i], n
}

// paragraphDoc is the Bleve document of one searchable paragraph.
func paragraphDoc(a *article.Article, p *article.Paragraph, folded string) (map[string]any, []string, string) {
	d := map[string]any{
		fBodyChars: folded,
		fText:      p.Text,
		fTitleText: a.Title,
		fArticle:   a.ID,
		fKind:      string(p.Kind),
	}
	d[fBody] = folded // the ranking tells captions by their fRank doc value
	if p.Section != "" {
		d[fSection] = normalize.String(p.Section)
		d[fSectText] = p.Section
	}
	if a.SourceURL != "" {
		d[fSourceURL] = a.SourceURL
	}
	var facets []string
	set := func(k, v string) {
		if v == "" {
			return
		}
		if k == fDate {
			return // added with flat doc values by paragraphDocument
		}
		d[k] = v
		facets = append(facets, k+facetSep+v) // facet names are their fields' names
	}
	set(fSpeaker, p.Speaker)
	set(fProvince, a.Province)
	set(fCity, a.City)
	set(fDistrict, a.District)
	set(fSource, a.Source)
	set(fDate, a.Date)
	if len(a.Date) >= 4 {
		set(fYear, a.Date[:4])
	}
	return d, facets, rankValue(p.Kind == article.Caption, p.Asks(), folded)
}

// paragraphDocument maps a paragraph's fields and adds its facet values,
// its kind and length for the ranking and its date as doc values. Searches
// read them once per segment, into the collector's columns (columns.go),
// so they are stored compressed. The date is also stored (figures).
// indexedDocValues: Bleve writes a field's doc values from its indexed
// terms, so a doc-values field is indexed too.
const indexedDocValues = bleveindex.IndexField | bleveindex.DocValues

func paragraphDocument(m mapping.IndexMapping, a *article.Article, p *article.Paragraph, folded string) (*document.Document, error) {
	fields, facets, rank := paragraphDoc(a, p, folded)
	doc := document.NewDocument(docID(a.ID, p.N))
	if err := m.MapDocument(doc, fields); err != nil {
		return nil, err
	}
	kw := m.AnalyzerNamed(keyword.Name)
	for _, v := range facets {
		doc.AddField(document.NewTextFieldCustom(fFacets, nil, []byte(v), indexedDocValues, kw))
	}
	doc.AddField(document.NewTextFieldCustom(fRank, nil, []byte(rank), indexedDocValues, kw))
	// the kinds, units and years of its figures (figures.go)
	addFigureFields(m, doc, a, p)
	if a.Date != "" {
		doc.AddField(document.NewTextFieldCustom(fDate, nil, []byte(a.Date), indexedDocValues|bleveindex.StoreField, kw))
	}
	return doc, nil
}
