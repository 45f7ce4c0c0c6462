// Package repost finds the copies of an article that other sites
// published (转载): the same body text under other chrome, headline,
// source and date, in traditional or simplified characters, full- or
// half-width, with pinyin glosses or other punctuation, with a few
// paragraphs cut or added. It knows no Bleve: the index gives it each
// article's fingerprint as the article is written and asks for its group.
//
// The method registers every article by its sentences, as the COPS copy
// detector did (Brin, Davis and Garcia-Molina 1995): each body paragraph
// is folded (article/normalize, pinyin glosses dropped) and cut into
// sentences at 。.!?; and the like; a sentence's skeleton (its letters and
// digits) is hashed, and the hashes are the article's shingles. A word
// changed loses one sentence, not a paragraph. Two articles are copies
// when the sentences of the shorter one found in the longer hold at least
// MinContainment of its text (containment, Broder 1997), and the shorter
// holds at least MinLengthRatio of the longer's: one shared paragraph of
// boilerplate or a quoted policy sentence is far below the first, a short
// notice quoted whole in a long report below the second. Candidates come
// from the sentence hashes themselves, an exact inverted index whose
// postings longer than MaxPostings (boilerplate every page repeats) are
// passed over. Copies of copies form one group (connected components, so
// the groups do not depend on the order the articles came in).
package repost

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/cespare/xxhash/v2"

	"fangtan/article"
	"fangtan/article/normalize"
)

// The thresholds, each with a test on both sides of it.
const (
	// MinContainment is the share of the shorter article's text that must
	// be found, sentence by sentence, in the longer one.
	MinContainment = 0.8
	// MinLengthRatio is the least length of the shorter article as a share
	// of the longer: a copy cuts a few paragraphs, not most of them.
	MinLengthRatio = 0.5
	// MinSentenceRunes is the shortest skeleton that counts as a sentence:
	// a dateline, 谢谢！ or a "记者 某某" line says nothing of the text.
	MinSentenceRunes = 10
	// MaxPostings bounds the articles one sentence is looked up in: a
	// sentence that many articles share is boilerplate (a footer, a
	// standard policy sentence) and finds no candidates.
	MaxPostings = 64
)

// Sentence is one sentence's fingerprint.
type Sentence struct {
	Hash  uint64 // of the skeleton
	Runes int    // of the skeleton
}

// Print is an article's fingerprint: its body sentences', in order, and
// which of them each searchable paragraph holds.
type Print struct {
	ID         string
	Sentences  []Sentence
	Runes      int // of all the sentences' skeletons
	Paragraphs []Paragraph
}

// Paragraph is one searchable paragraph of a print: its number, how many
// of the print's sentences it holds (the next ones in order), and, for a
// paragraph too short for any sentence, the hash of its whole skeleton
// (0 when it has no letter or digit).
type Paragraph struct {
	N         int
	Sentences int
	Whole     uint64
}

// gloss is a pinyin reading after a character, as mirror sites add them:
// 增長(zhǎng).
var gloss = regexp.MustCompile(`(\p{Han})[(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]+\s*[)）]`)

// Sentences are the skeletons of text's sentences: folded, glosses
// dropped, cut at sentence ends, only letters and digits kept.
func Sentences(text string) [][]rune {
	text = gloss.ReplaceAllString(text, "$1")
	rs := []rune(normalize.String(text))
	var out [][]rune
	var cur []rune
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		case strings.ContainsRune(sentenceEnds, r) && !decimalPoint(rs, i):
			out = append(out, cur)
			cur = nil
		}
	}
	return append(out, cur)
}

// sentenceEnds end a sentence once folded (NFKC turns ！？； into !?;).
const sentenceEnds = "。.!?;…\n"

// decimalPoint reports whether rs[i] is the point of a number (3.5%).
func decimalPoint(rs []rune, i int) bool {
	return rs[i] == '.' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])
}

// Fingerprint is the print of a's searchable paragraphs.
func Fingerprint(a *article.Article) Print {
	p := Print{ID: a.ID}
	for _, para := range a.Paragraphs {
		if !para.Kind.Searchable() || strings.TrimSpace(para.Text) == "" {
			continue
		}
		pp := Paragraph{N: para.N}
		var all []rune
		for _, sk := range Sentences(para.Text) {
			all = append(all, sk...)
			if len(sk) < MinSentenceRunes {
				continue
			}
			p.Sentences = append(p.Sentences, Sentence{Hash: hashRunes(sk), Runes: len(sk)})
			p.Runes += len(sk)
			pp.Sentences++
		}
		if pp.Sentences == 0 && len(all) > 0 {
			pp.Whole = hashRunes(all)
		}
		p.Paragraphs = append(p.Paragraphs, pp)
	}
	return p
}

func hashRunes(rs []rune) uint64 {
	d := xxhash.New()
	var b [4]byte
	for _, r := range rs {
		b[0], b[1], b[2], b[3] = byte(r), byte(r>>8), byte(r>>16), byte(r>>24)
		d.Write(b[:])
	}
	return d.Sum64()
}

// Similarity is how two prints compare: the share of the shorter's text
// found in the longer, and the shorter's length as a share of the longer's.
func Similarity(a, b Print) (containment, lengthRatio float64) {
	return similarity(viewOf(a), viewOf(b))
}

// Copies reports whether a and b are copies of one article.
func Copies(a, b Print) bool { return copies(viewOf(a), viewOf(b)) }

func viewOf(p Print) sentences {
	v := sentences{id: p.ID}
	v.hashes, v.runes = sortedSentences(p.Sentences, nil, nil)
	v.sum = v.sumRunes()
	return v
}

// sortedSentences appends the hashes and lengths of ss to hashes and runes,
// in the order of the hashes: similarity merges two articles' sentences
// as sorted lists, where a hash table per pair of candidates was most of
// the time an index took to open.
func sortedSentences(ss []Sentence, hashes []uint64, runes []uint32) ([]uint64, []uint32) {
	at := len(hashes)
	for _, s := range ss {
		hashes = append(hashes, s.Hash)
		runes = append(runes, uint32(s.Runes))
	}
	sort.Sort(byHash{hashes[at:], runes[at:]})
	return hashes, runes
}

// byHash sorts sentences held as two slices by hash, without copying them.
type byHash struct {
	hashes []uint64
	runes  []uint32
}

func (s byHash) Len() int           { return len(s.hashes) }
func (s byHash) Less(i, j int) bool { return s.hashes[i] < s.hashes[j] }
func (s byHash) Swap(i, j int) {
	s.hashes[i], s.hashes[j] = s.hashes[j], s.hashes[i]
	s.runes[i], s.runes[j] = s.runes[j], s.runes[i]
}

func similarity(a, b sentences) (containment, lengthRatio float64) {
	ra, rb := a.sum, b.sum
	if ra > rb || ra == rb && a.id > b.id {
		a, b, ra, rb = b, a, rb, ra
	}
	if ra == 0 {
		return 0, 0
	}
	// both lists are sorted by hash: each sentence of a matches at most one
	// of b's (equal hashes are equal skeletons, of equal length)
	matched := 0
	for i, j := 0, 0; i < len(a.hashes) && j < len(b.hashes); {
		switch ha, hb := a.hashes[i], b.hashes[j]; {
		case ha < hb:
			i++
		case ha > hb:
			j++
		default:
			matched += int(a.runes[i])
			i++
			j++
		}
	}
	return float64(matched) / float64(ra), float64(ra) / float64(rb)
}

// sumRunes is the length of all the sentences' skeletons.
func (s sentences) sumRunes() int {
	n := 0
	for _, r := range s.runes {
		n += int(r)
	}
	return n
}
