package index

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"fangtan/article/normalize"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// Ranking: what fangtan scores instead of Bleve's BM25. Bleve decides what
// matches (the Ctrl+F set); every matching paragraph is then scored from
// what an editor would look at: how often it names each term (saturating,
// softly normalised by length), whether the article's title and the
// paragraph's section heading name it, how early it first names it, how
// close the terms stand, and whether it is body text, a question or a
// caption. docs/design.md ("Ranking") explains the formula; every knob is
// here.
const (
	// rankK1 saturates the mentions of a term: each further mention adds
	// less, and the score of one term never exceeds rankK1+1 (BM25's k1,
	// Lucene's default).
	rankK1 = 1.2
	// rankB is how much a paragraph's length discounts its mentions: 0 not
	// at all, 1 in full proportion (BM25's b; Lucene's default is 0.75).
	// Soft, so that a long paragraph about the term is not beaten by a
	// short one that names it once; not 0, so that a long catch-all
	// paragraph needs more mentions than a short one to count as much.
	rankB = 0.2
	// rankPivot is the length in characters at which the discount is
	// neutral: an interview paragraph of usual length. A constant rather
	// than the shard's average, so every shard scores a paragraph alike.
	rankPivot = 120.0
	// titleMentions and sectionMentions are how many mentions the
	// article's title and the paragraph's section heading count for when
	// they name the term: an article or a section about the term makes
	// each of its paragraphs more about it (as BM25F weighs fields).
	titleMentions   = 1.0
	sectionMentions = 1.5
	// firstMentionBoost lifts a term named at the very start of the
	// paragraph by this share, fading linearly to nothing at
	// firstMentionWindow characters, or at firstMentionShare of the
	// paragraph's length when that is shorter: a paragraph that opens
	// with the term is usually about it; one that names it deep inside, in
	// passing. The window shrinks with the paragraph because in a short
	// one every mention lies within 60 characters: 「第二天一早,他又去了一趟
	// 区工信局」 (17 characters) names 工信局 at the end of a sentence about
	// something else, and a host's hand-over (「…请您说说这两年在专精特新企业
	// 培育上都做了哪些事情」) names its topic in its second half, while a
	// headline, a definition or a thesis opens with the term. Without the
	// share such lines outranked the long paragraphs about the term
	// (issue 23); 0.5 was chosen on the tuning half of the unseen
	// preferences (0.33 and 0.75 each got fewer right there).
	firstMentionBoost  = 0.25
	firstMentionWindow = 60.0
	firstMentionShare  = 0.5
	// proximityBoost is added when the terms of a query of several terms
	// stand together, halving every proximityScale characters between
	// them.
	proximityBoost = 0.5
	proximityScale = 20.0
	// captionWeight and questionWeight scale the score of a photo caption
	// and of a reporter's question: a caption labels a picture and a
	// question asks rather than answers, so both rank below body text that
	// says the same. A question is short and opens with its topic (「说到惠企
	// 政策,…?」), so it takes the whole first-mention lift; at 0.75 such a
	// question outranked the long answer naming the term once (the unseen
	// preferences' tuning half); at 0.6 it does not, and the judged set
	// does not move.
	captionWeight  = 0.5
	questionWeight = 0.6
	// maxRankedMentions bounds the mentions of one term read for the
	// proximity of the terms.
	maxRankedMentions = 64
)

// Kinds of a paragraph as the ranking sees them, stored with its length in
// the fRank doc value ("b212": body text of 212 characters).
const (
	rankBody     = 'b'
	rankCaption  = 'c'
	rankQuestion = 'q'
)

// rankValue is a paragraph's fRank doc value: its kind and the length of
// its folded text in characters. A question, and any turn of the host or
// a reporter (asks: a hand-over, an opening line), weighs as a question.
func rankValue(caption, asks bool, folded string) string {
	kind := byte(rankBody)
	switch t := strings.TrimSpace(folded); {
	case caption:
		kind = rankCaption
	case asks, strings.HasSuffix(t, "?"): // NFKC folds ？ to ?
		kind = rankQuestion
	}
	return string(kind) + strconv.Itoa(utf8.RuneCountInString(folded))
}

// parseRank reads a rankValue: the kind and the length; body text of the
// pivot's length when there is none.
func parseRank(rank []byte) (kind byte, length int) {
	if len(rank) < 2 {
		return rankBody, int(rankPivot)
	}
	for _, c := range rank[1:] {
		length = length*10 + int(c-'0')
	}
	return rank[0], length
}

// rankPhrase is one folded phrase of a clause, with the bigram terms (and
// their offsets in runes) that its phrase query matches: the locations of
// those terms in a hit tell where the phrase occurs.
type rankPhrase struct {
	text    string
	runes   int
	terms   []string
	offsets []int
}

// rankClause is one required clause of the query: any of its phrases.
type rankClause struct {
	label   string
	phrases []rankPhrase
}

// ranker scores the hits of one query.
type ranker struct {
	clauses []rankClause
}

// newRanker returns the ranker of a parsed query; nil when it has no
// required term (browsing, ordered by date).
func newRanker(pq *querylang.Query) *ranker {
	r := &ranker{}
	for _, c := range pq.Clauses {
		if c.Negated {
			continue
		}
		rc := rankClause{label: strings.Join(c.Alternates, " OR ")}
		for _, a := range c.Alternates {
			rs := []rune(a)
			p := rankPhrase{text: a, runes: len(rs)}
			// the same terms as phraseQuery: every other bigram, and the last
			for i := 0; i+1 < len(rs); i += 2 {
				p.terms = append(p.terms, string(rs[i:i+2]))
				p.offsets = append(p.offsets, i)
			}
			if last := len(rs) - 2; last > 0 && last%2 == 1 {
				p.terms = append(p.terms, string(rs[last:]))
				p.offsets = append(p.offsets, last)
			}
			rc.phrases = append(rc.phrases, p)
		}
		r.clauses = append(r.clauses, rc)
	}
	if len(r.clauses) == 0 {
		return nil
	}
	return r
}

// mention is one occurrence of a clause's phrase: runes [start, end).
type mention struct{ start, end int }

// clauseFeatures is what the ranking reads of one clause in one paragraph.
type clauseFeatures struct {
	mentions  []mention // sorted by start, at most maxRankedMentions
	count     int       // all mentions; 1 when only a one-character phrase matched
	first     int       // -1 when unknown
	inTitle   bool
	inSection bool
}

// paraFeatures is what the ranking reads of one paragraph.
type paraFeatures struct {
	kind    byte
	length  int
	clauses []clauseFeatures
	// buffers of gap, kept from hit to hit
	all    []taggedMention
	latest []int
}

// taggedMention is a mention and the index of its clause.
type taggedMention struct {
	mention
	clause int
}

// score computes a paragraph's score and, when parts is not nil, its parts.
func (r *ranker) score(f *paraFeatures, parts *model.ScoreParts) float64 {
	norm := 1 - rankB + rankB*float64(f.length)/rankPivot
	sum := 0.0
	for i, c := range f.clauses {
		w := float64(c.count)
		if c.inTitle {
			w += titleMentions
		}
		if c.inSection {
			w += sectionMentions
		}
		freq := w * (rankK1 + 1) / (w + rankK1*norm)
		pos := 1.0
		if c.first >= 0 {
			if window := min(firstMentionWindow, firstMentionShare*float64(f.length)); window > 0 {
				pos += firstMentionBoost * max(0, 1-float64(c.first)/window)
			}
		}
		sum += freq * pos
		if parts != nil {
			parts.Terms = append(parts.Terms, model.TermParts{Term: r.clauses[i].label, Mentions: c.count, First: c.first,
				InTitle: c.inTitle, InSection: c.inSection, Weighted: w, Frequency: freq, Position: pos, Score: freq * pos})
		}
	}
	gap := f.gap()
	prox := 0.0
	if gap >= 0 {
		prox = proximityBoost / (1 + float64(gap)/proximityScale)
	}
	weight := 1.0
	switch f.kind {
	case rankCaption:
		weight = captionWeight
	case rankQuestion:
		weight = questionWeight
	}
	s := (sum + prox) * weight
	if parts != nil {
		parts.Score, parts.Length, parts.Weight, parts.Proximity, parts.Gap = s, f.length, weight, prox, gap
		parts.Kind = map[byte]string{rankBody: "body", rankCaption: "caption", rankQuestion: "question"}[f.kind]
	}
	return s
}

// gap is the number of characters between the terms where they stand
// closest: the shortest stretch of text holding a mention of every
// located term, less the mentions themselves; -1 with fewer than two
// located terms.
func (f *paraFeatures) gap() int {
	located := 0
	for _, c := range f.clauses {
		if len(c.mentions) > 0 {
			located++
		}
	}
	if located < 2 {
		return -1
	}
	all := f.all[:0]
	for i, c := range f.clauses {
		for _, m := range c.mentions {
			all = append(all, taggedMention{m, i})
		}
	}
	for i := 1; i < len(all); i++ { // insertion sort: no allocation
		for j := i; j > 0 && all[j].start < all[j-1].start; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	f.all = all
	// slide a window over the mentions in order of start, keeping the
	// latest mention of each clause: each window ending at a mention
	// holds the best choice for that end
	latest := f.latest[:0]
	for range f.clauses {
		latest = append(latest, -1)
	}
	f.latest = latest
	best := -1
	for k, m := range all {
		latest[m.clause] = k
		lo, hi, inner, ok := m.start, m.end, 0, true
		for i, c := range f.clauses {
			if len(c.mentions) == 0 {
				continue
			}
			if latest[i] < 0 {
				ok = false
				break
			}
			l := all[latest[i]]
			lo, hi = min(lo, l.start), max(hi, l.end)
			inner += l.end - l.start
		}
		if ok {
			if g := max(0, hi-lo-inner); best < 0 || g < best {
				best = g
			}
		}
	}
	return best
}

// featuresOf reads a hit's features from the locations of its terms and
// its fRank doc value.
// titles has bit i set when the paragraph's article title holds clause i.
func (r *ranker) featuresOf(d *search.DocumentMatch, kind byte, length int, titles uint64, f *paraFeatures) {
	f.kind, f.length = kind, length
	// the clauses' mention buffers are kept from hit to hit
	if len(f.clauses) != len(r.clauses) {
		f.clauses = make([]clauseFeatures, len(r.clauses))
	}
	locs := d.FieldTermLocations
	for i, c := range r.clauses {
		cf := &f.clauses[i]
		*cf = clauseFeatures{mentions: cf.mentions[:0], first: -1}
		for _, p := range c.phrases {
			if p.runes < 2 {
				continue // the unigram field has no positions
			}
			for _, l := range locs {
				if l.Field == fBody && l.Term == p.terms[0] && hasPhrase(locs, fBody, p, int(l.Location.Pos)) {
					cf.add(int(l.Location.Pos)-1, p.runes)
				}
			}
		}
		cf.inTitle = titles&(1<<i) != 0
		// the section matches are flags (flagQuery), for every phrase of
		// two characters or more
		for _, l := range locs {
			if l.Field != fSection {
				continue
			}
			for _, p := range c.phrases {
				cf.inSection = cf.inSection || l.Term == p.text
			}
		}
		cf.finish()
	}
}

// hasPhrase reports whether the terms of p stand at their offsets from pos
// in field.
func hasPhrase(locs []search.FieldTermLocation, field string, p rankPhrase, pos int) bool {
	for k := 1; k < len(p.terms); k++ {
		found := false
		for _, l := range locs {
			if l.Field == field && int(l.Location.Pos) == pos+p.offsets[k] && l.Term == p.terms[k] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (cf *clauseFeatures) add(start, runes int) {
	for _, m := range cf.mentions {
		if m.start == start && m.end == start+runes {
			return // the same mention found twice
		}
	}
	cf.count++
	if len(cf.mentions) < maxRankedMentions {
		cf.mentions = append(cf.mentions, mention{start, start + runes})
	}
}

// finish orders the mentions and counts a clause matched only by a
// one-character phrase (whose positions are not indexed) as one mention.
func (cf *clauseFeatures) finish() {
	// insertion sort: a few mentions, mostly in order already, and no
	// allocation per hit
	ms := cf.mentions
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].start < ms[j-1].start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	if len(cf.mentions) > 0 {
		cf.first = cf.mentions[0].start
	}
	if cf.count == 0 {
		cf.count = 1
	}
}

// featuresOfText reads the same features from a paragraph's stored text,
// title and section, the way the index matches them (a folded substring),
// for explaining a hit.
func (r *ranker) featuresOfText(text, title, section string, caption, asks bool) *paraFeatures {
	folded := normalize.String(text)
	rank := rankValue(caption, asks, folded)
	f := &paraFeatures{kind: rank[0]}
	f.length, _ = strconv.Atoi(rank[1:])
	rs := []rune(folded)
	ft, fs := normalize.String(title), normalize.String(section)
	for _, c := range r.clauses {
		cf := clauseFeatures{first: -1}
		for _, p := range c.phrases {
			if p.runes < 2 {
				continue
			}
			pr := []rune(p.text)
			for i := 0; i+len(pr) <= len(rs); i++ {
				if string(rs[i:i+len(pr)]) == p.text {
					cf.add(i, len(pr))
				}
			}
			cf.inTitle = cf.inTitle || strings.Contains(ft, p.text)
			cf.inSection = cf.inSection || (section != "" && strings.Contains(fs, p.text))
		}
		cf.finish()
		f.clauses = append(f.clauses, cf)
	}
	return f
}

// rankQuery matches what its query matches and scores each hit with the
// ranker instead of Bleve's similarity.
type rankQuery struct {
	match query.Query
	r     *ranker
}

func (q *rankQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if opts.Score == "none" {
		return q.match.Searcher(ctx, i, m, opts)
	}
	// the positions of the terms are the ranking's input; Bleve's own
	// scores are not
	inner := search.SearcherOptions{IncludeTermVectors: true, Score: "none"}
	child, err := q.match.Searcher(ctx, i, m, inner)
	if err != nil {
		return nil, err
	}
	rs := &rankSearcher{child: child, r: q.r, keepLocations: opts.IncludeTermVectors}
	// fangtan's collector gives its shard's columns, and with them the
	// title matches; Bleve's collector reads the doc values and no titles
	if rs.view, _ = ctx.Value(shardSearchKey{}).(*shardSearch); rs.view == nil {
		if rs.dv, err = i.DocValueReader([]string{fRank}); err != nil {
			child.Close()
			return nil, err
		}
	} else if rs.titles, err = q.r.titleMatches(rs.view); err != nil {
		child.Close()
		return nil, err
	}
	return rs, nil
}

// articleTitles marks, per segment, the articles whose title holds each
// clause of a query. A title is indexed once per article, on its record
// document, rather than with each of its paragraphs (an interview's 30
// paragraphs held 30 copies of its title's bigrams and positions); a
// paragraph reads its article's marks, found through the article number
// the columns give the record and the paragraphs alike.
type articleTitles [][][]uint64 // by segment, by clause: a bitset over the segment's articles; nil where none matched

// titleMatches reads the title postings of every phrase of two characters
// or more straight from each segment's dictionary, without a searcher: a
// common word (工信局) is in most titles, and walking those records one
// match at a time would cost more than the search. A title holds a phrase
// when it holds the bigrams that cover it (every other one and the last,
// as the paragraph's phrase query reads them): on a title of a few dozen
// characters they stand apart almost never, so titles keep no positions.
// Deleted records are not passed over: their paragraphs are deleted too,
// and never reach the ranking.
func (r *ranker) titleMatches(view *shardSearch) (articleTitles, error) {
	var t articleTitles
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for si, sv := range view.segs {
		dict, err := sv.seg.Dictionary(fTitle)
		if err != nil {
			return nil, fmt.Errorf("index: reading titles: %w", err)
		}
		cols := view.cols[si]
		for ci, c := range r.clauses {
			for _, p := range c.phrases {
				if p.runes < 2 {
					continue
				}
				var holds []uint64
				for k, term := range p.terms {
					if pl, err = dict.PostingsList([]byte(term), nil, pl); err != nil {
						return nil, fmt.Errorf("index: reading titles: %w", err)
					}
					if pl == nil || pl.Count() == 0 {
						holds = nil
						break
					}
					has := make([]uint64, (cols.articles+63)/64)
					pi = pl.Iterator(false, false, false, pi)
					for {
						hit, err := pi.Next()
						if err != nil {
							return nil, fmt.Errorf("index: reading titles: %w", err)
						}
						if hit == nil {
							break
						}
						a := cols.article[hit.Number()]
						has[a/64] |= 1 << (a % 64)
					}
					if k == 0 {
						holds = has
					} else {
						for w := range holds {
							holds[w] &= has[w]
						}
					}
				}
				if holds == nil {
					continue
				}
				if t == nil {
					t = make(articleTitles, len(view.segs))
				}
				if t[si] == nil {
					t[si] = make([][]uint64, len(r.clauses))
				}
				if t[si][ci] == nil {
					t[si][ci] = holds
				} else {
					for w := range holds {
						t[si][ci][w] |= holds[w]
					}
				}
			}
		}
	}
	return t, nil
}

// of is the clauses that the title of a segment's article holds, as bits.
func (t articleTitles) of(seg int, article uint32) uint64 {
	if t == nil || t[seg] == nil {
		return 0
	}
	var mask uint64
	for ci, bits := range t[seg] {
		if bits != nil && bits[article/64]&(1<<(article%64)) != 0 {
			mask |= 1 << ci
		}
	}
	return mask
}

// rankSearcher scores the hits of its child.
type rankSearcher struct {
	child         search.Searcher
	view          *shardSearch // the columns of the hits, or else
	dv            bleveindex.DocValueReader
	titles        articleTitles // with view
	r             *ranker
	keepLocations bool
	f             paraFeatures // reused from hit to hit
	seg           int          // of the previous hit, in view
	rank          []byte
	visit         bleveindex.DocValueVisitor
}

// visitRank keeps a hit's fRank doc value.
func (s *rankSearcher) visitRank(field string, term []byte) {
	if field == fRank {
		s.rank = append(s.rank[:0], term...)
	}
}

func (s *rankSearcher) scoreHit(d *search.DocumentMatch) (*search.DocumentMatch, error) {
	if d == nil {
		return nil, nil
	}
	var kind byte
	var length int
	var titles uint64
	if s.view != nil {
		var doc uint64
		s.seg, doc = s.view.locate(d.IndexInternalID.Value(), s.seg)
		cols := s.view.cols[s.seg]
		kind, length = cols.rankOf(doc)
		titles = s.titles.of(s.seg, cols.article[doc])
	} else {
		s.rank = s.rank[:0]
		if s.visit == nil {
			s.visit = s.visitRank
		}
		if err := s.dv.VisitDocValues(d.IndexInternalID, s.visit); err != nil {
			return nil, err
		}
		kind, length = parseRank(s.rank)
	}
	s.r.featuresOf(d, kind, length, titles, &s.f)
	d.Score = s.r.score(&s.f, nil)
	if !s.keepLocations {
		// read: nothing needs them past here, and the collector would
		// turn them into maps
		d.FieldTermLocations = d.FieldTermLocations[:0]
	}
	return d, nil
}

func (s *rankSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.child.Next(ctx)
	if err != nil {
		return nil, err
	}
	return s.scoreHit(d)
}

func (s *rankSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.child.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.scoreHit(d)
}

func (s *rankSearcher) Close() error               { return s.child.Close() }
func (s *rankSearcher) Weight() float64            { return 1 }
func (s *rankSearcher) SetQueryNorm(float64)       {} // the ranker's scores are absolute
func (s *rankSearcher) Count() uint64              { return s.child.Count() }
func (s *rankSearcher) Min() int                   { return s.child.Min() }
func (s *rankSearcher) Size() int                  { return s.child.Size() }
func (s *rankSearcher) DocumentMatchPoolSize() int { return s.child.DocumentMatchPoolSize() }

// flagged wraps the query of a phrase in the title or section field so that
// its hits carry one location, in field with the phrase as its term: all
// the ranking reads of such a match. The phrase's own positions are not
// read where they need not be (a two-character phrase is a term query).
func flagged(q query.Query, field, phrase string) query.Query {
	return &flagQuery{q: q, field: field, phrase: phrase}
}

type flagQuery struct {
	q             query.Query
	field, phrase string
}

func (q *flagQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	child, err := q.q.Searcher(ctx, i, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	return &flagSearcher{Searcher: child, loc: search.FieldTermLocation{Field: q.field, Term: q.phrase}}, nil
}

// flagSearcher replaces the locations of its child's hits with its flag.
type flagSearcher struct {
	search.Searcher
	loc search.FieldTermLocation
}

func (s *flagSearcher) flag(d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if d != nil {
		d.FieldTermLocations = append(d.FieldTermLocations[:0], s.loc)
	}
	return d, err
}

func (s *flagSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.flag(s.Searcher.Next(ctx))
}

func (s *flagSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.flag(s.Searcher.Advance(ctx, id))
}

// unpositioned is a query whose hits only filter: it is searched without
// positions or scores, whatever the query around it reads.
type unpositioned struct{ q query.Query }

func (q unpositioned) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	return q.q.Searcher(ctx, i, m, search.SearcherOptions{Score: "none"})
}
