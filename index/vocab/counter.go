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
type Counter struct {
	mu      sync.Mutex
	counts  map[string]int
	names   map[string]string // speaker or source name → kind
	floor   int               // counts below it were dropped at least once
	version uint64            // bumped on every change
}

// NewCounter returns an empty Counter.
func NewCounter() *Counter {
	return &Counter{counts: map[string]int{}, names: map[string]string{}}
}

// isHan reports a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// AddText counts the phrases of one paragraph's folded text (up to
// MaxPhrase+1 characters: the longest tell whether those of MaxPhrase are
// closed).
func (c *Counter) AddText(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	start := -1
	var pos []int // byte offsets of the runes of the current run of Chinese characters
	flush := func(end int) {
		if start < 0 {
			return
		}
		pos = append(pos, end)
		n := len(pos) - 1 // runes in the run
		for i := 0; i < n; i++ {
			for k := MinPhrase; k <= MaxPhrase+1 && i+k <= n; k++ {
				s := text[pos[i]:pos[i+k]]
				if v, ok := c.counts[s]; ok {
					c.counts[s] = v + 1
				} else {
					c.counts[strings.Clone(s)] = 1
				}
			}
		}
		start = -1
		pos = pos[:0]
	}
	for i, r := range text {
		if isHan(r) {
			if start < 0 {
				start = i
			}
			pos = append(pos, i)
			continue
		}
		flush(i)
	}
	flush(len(text))
	c.version++
	if len(c.counts) > maxCounted {
		c.prune()
	}
}

// prune drops the rarest phrases until the map is at most half full.
func (c *Counter) prune() {
	for len(c.counts) > maxCounted/2 {
		c.floor++
		for s, n := range c.counts {
			if n < c.floor {
				delete(c.counts, s)
			}
		}
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
	for s, n := range c.counts {
		if n >= 2 {
			fmt.Fprintf(bw, "%d %s\n", n, s)
		}
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
	if f, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "fangtan-vocab 1 ")); err == nil {
		c.floor = max(c.floor, f)
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
		if n, err := strconv.Atoi(head); err == nil && n > 0 {
			c.counts[s] += n
		}
	}
	c.version++
	return 0, sc.Err()
}
