// Package vocab is the vocabulary of an index: the phrases its text is made
// of, with their pinyin, for the forgiving parts of search (pinyin input,
// typo correction, completions and related searches). It knows no Bleve.
//
// A Counter is fed the folded text of every paragraph as it is indexed and
// counts each run of 2 to MaxPhrase Chinese characters; speakers and
// sources are added whole. A Vocabulary is a snapshot of a Counter: the
// frequent closed phrases (those no longer phrase occurs as often as: 储能产
// gives way to 储能产业), every name, and every place of the gazetteer.
package vocab

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Bounds of the counting.
const (
	MinPhrase = 2
	MaxPhrase = 6
	// maxCounted bounds the distinct phrases a Counter holds; past it the
	// rarest are dropped (lossy counting: a phrase dropped early and seen
	// often later comes back, its count a little low).
	maxCounted = 1 << 21
)

// Kinds of entries; a name or place is kept even when rare.
const (
	KindPhrase  = "phrase"
	KindSpeaker = "speaker"
	KindSource  = "source"
	KindPlace   = "place"
)

// Counter counts the phrases of indexed text. It is safe for concurrent use.
//
// Phrases are counted by a 64-bit hash of their runes, so counting reads no
// string and allocates nothing for the many phrases seen once; a phrase's
// text is kept from its second sighting on.
type Counter struct {
	mu      sync.Mutex
	counts  *table            // hash → times seen
	texts   map[uint64]string // hash → phrase, for those seen at least twice
	names   map[string]string // speaker or source name → kind
	floor   uint32            // counts below it were dropped at least once
	version uint64            // bumped on every change
}

// NewCounter returns an empty Counter.
func NewCounter() *Counter {
	return &Counter{counts: newTable(), texts: map[uint64]string{}, names: map[string]string{}}
}

// isHan reports a Chinese character. The common cases (Latin, punctuation
// and the CJK Unified Ideographs block) are answered without the table.
func isHan(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// FNV-1a over runes.
const (
	hashOffset = 14695981039346656037
	hashPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(hashOffset)
	for _, r := range s {
		h = (h ^ uint64(r)) * hashPrime
	}
	return h
}

// AddText counts the phrases of one paragraph's folded text (up to
// MaxPhrase+1 characters: the longest tell whether those of MaxPhrase are
// closed).
func (c *Counter) AddText(text string) {
	var runes [256]rune
	var offs [257]int
	c.mu.Lock()
	defer c.mu.Unlock()
	count := func(rs []rune, os []int) {
		n := len(rs)
		for i := 0; i < n; i++ {
			h := (uint64(hashOffset) ^ uint64(rs[i])) * hashPrime
			for j := i + 1; j < n && j-i < MaxPhrase+1; j++ {
				h = (h ^ uint64(rs[j])) * hashPrime
				if c.counts.inc(h) == 2 {
					c.texts[h] = strings.Clone(text[os[i]:os[j+1]])
				}
			}
		}
	}
	n := 0
	for i, r := range text {
		if isHan(r) && n < len(runes) {
			runes[n], offs[n] = r, i
			n++
			continue
		}
		if n > 0 {
			offs[n] = i
			count(runes[:n], offs[:n+1])
			n = 0
		}
		if isHan(r) { // a run longer than the buffer: a new run starts here
			runes[0], offs[0] = r, i
			n = 1
		}
	}
	if n > 0 {
		offs[n] = len(text)
		count(runes[:n], offs[:n+1])
	}
	c.version++
	if c.counts.n > maxCounted {
		c.prune()
	}
}

// prune drops the rarest phrases until the table is at most half full.
func (c *Counter) prune() {
	for c.counts.n > maxCounted/2 {
		c.floor++
		c.counts.keep(func(h uint64, n uint32) bool {
			if n < c.floor {
				delete(c.texts, h)
				return false
			}
			return true
		})
	}
}

// AddName records a speaker's or a source's name (kind KindSpeaker or
// KindSource).
func (c *Counter) AddName(kind, name string) {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) < 2 || utf8.RuneCountInString(name) > 16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.names[name]; !ok {
		c.names[name] = kind
		c.version++
	}
}

// Version changes whenever the counts do.
func (c *Counter) Version() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

// WriteTo saves the counts: the names, then the phrases seen at least
// twice (a phrase seen once is no vocabulary, and most phrases are seen
// once), one "count phrase" a line.
func (c *Counter) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "fangtan-vocab 1 %d\n", c.floor)
	for _, name := range sortedKeys(c.names) {
		fmt.Fprintf(bw, "%s %s\n", c.names[name], name)
	}
	for h, s := range c.texts {
		fmt.Fprintf(bw, "%d %s\n", c.counts.get(h), s)
	}
	return 0, bw.Flush()
}

// ReadFrom adds saved counts to c.
func (c *Counter) ReadFrom(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "fangtan-vocab 1 ") {
		return 0, fmt.Errorf("vocab: not a vocabulary file")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "fangtan-vocab 1 ")); err == nil && f >= 0 {
		c.floor = max(c.floor, uint32(f))
	}
	for sc.Scan() {
		head, s, ok := strings.Cut(sc.Text(), " ")
		if !ok || s == "" {
			continue
		}
		switch head {
		case KindSpeaker, KindSource:
			c.names[s] = head
			continue
		}
		if n, err := strconv.Atoi(head); err == nil && n > 0 && utf8.RuneCountInString(s) <= MaxPhrase+1 {
			h := hashString(s)
			if c.counts.add(h, uint32(n)) >= 2 {
				c.texts[h] = s
			}
		}
	}
	c.version++
	return 0, sc.Err()
}
