package vocab

import (
	"sort"
	"strings"
	"unicode/utf8"

	"fangtan/article/region"
)

// Entry is one phrase of the vocabulary.
type Entry struct {
	Text  string
	Count int    // occurrences counted in the indexed text (0: a place not seen)
	Kind  string // KindPhrase, KindSpeaker, KindSource or KindPlace
	key   string // toneless pinyin, no spaces: chongqing
	inits string // first letters: cq
}

// Vocabulary is an immutable snapshot of a Counter, with the lookups the
// forgiving search needs.
type Vocabulary struct {
	entries    []Entry
	byText     map[string]int
	byKey      map[string][]int // full pinyin → entries, most frequent first
	byInitials map[string][]int
	byDeletion map[string][]int // the text less one character → entries
	keys       []string         // distinct full pinyin keys, sorted (completions)
}

// Bounds of a snapshot.
const (
	// MinCount is how often a phrase must occur to be vocabulary.
	MinCount = 2
	// maxEntries bounds the phrases of a snapshot (the most frequent win).
	maxEntries = 200000
)

// closedRatio: a phrase whose longer phrase occurs at least this share of
// its times is a part of it, not a phrase of its own.
const (
	closedRatio  = 0.9
	closedRatio2 = 0.8
)

// edgeChars are particles a phrase neither starts nor ends with (发展的,
// 和信息 are no phrases).
const edgeChars = "的了和与及是在对把将并被而或着等"

// accidentRatio: a phrase whose part one character shorter occurs this
// many times as often is that part with an accidental neighbour.
const accidentRatio = 3

var kindRank = map[string]int{KindSpeaker: 0, KindPlace: 1, KindSource: 2, KindPhrase: 3}

// Vocabulary takes a snapshot of the counts: the frequent closed phrases,
// every name and every place of the gazetteer.
func (c *Counter) Vocabulary() *Vocabulary {
	c.mu.Lock()
	freq := make(map[string]int, len(c.texts))
	for h, s := range c.texts {
		if n := int(c.counts.get(h)); n >= MinCount {
			freq[s] = n
		}
	}
	names := make(map[string]string, len(c.names))
	for k, v := range c.names {
		names[k] = v
	}
	c.mu.Unlock()

	// a phrase is closed when no phrase one character longer occurs
	// nearly as often: it is more than a part of a longer phrase (业集 is
	// almost always 产业集群)
	open := map[string]bool{}
	for s, n := range freq {
		_, size := utf8.DecodeRuneInString(s)
		_, last := utf8.DecodeLastRuneInString(s)
		if utf8.RuneCountInString(s) <= MinPhrase {
			continue
		}
		for _, p := range []string{s[size:], s[:len(s)-last]} {
			ratio := closedRatio
			if utf8.RuneCountInString(p) == MinPhrase {
				ratio = closedRatio2 // two characters are most often a fragment (业高 of 制造业高质量)
			}
			if float64(n) >= ratio*float64(freq[p]) {
				open[p] = true
			}
		}
	}
	for s := range freq {
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		if strings.ContainsRune(edgeChars, first) || strings.ContainsRune(edgeChars, last) {
			open[s] = true
		}
	}
	// a phrase that is a phrase one character shorter plus an accident of
	// its neighbours (制造业高 beside 制造业, 区新型储能 beside 新型储能)
	// occurs far less often than that phrase
	accident := map[string]bool{}
	for s, n := range freq {
		if open[s] || utf8.RuneCountInString(s) <= MinPhrase {
			continue
		}
		_, size := utf8.DecodeRuneInString(s)
		_, last := utf8.DecodeLastRuneInString(s)
		for _, p := range []string{s[size:], s[:len(s)-last]} {
			if !open[p] && freq[p] >= accidentRatio*n {
				accident[s] = true
			}
		}
	}
	for s := range accident {
		open[s] = true
	}
	byText := map[string]int{}
	var entries []Entry
	add := func(text string, n int, kind string) {
		if i, ok := byText[text]; ok {
			if kindRank[kind] < kindRank[entries[i].Kind] {
				entries[i].Kind = kind
			}
			return
		}
		byText[text] = len(entries)
		entries = append(entries, Entry{Text: text, Count: n, Kind: kind})
	}
	var phrases []string
	for s := range freq {
		// phrases one character longer than the longest are counted only
		// to tell whether the longest are closed
		if !open[s] && utf8.RuneCountInString(s) <= MaxPhrase {
			phrases = append(phrases, s)
		}
	}
	sort.Slice(phrases, func(i, j int) bool {
		if freq[phrases[i]] != freq[phrases[j]] {
			return freq[phrases[i]] > freq[phrases[j]]
		}
		return phrases[i] < phrases[j]
	})
	if len(phrases) > maxEntries {
		phrases = phrases[:maxEntries]
	}
	for _, name := range sortedKeys(names) {
		add(name, max(1, freq[name]), names[name])
	}
	for _, s := range phrases {
		add(s, freq[s], KindPhrase)
	}
	for _, lv := range []region.Level{region.LevelProvince, region.LevelCity, region.LevelCounty} {
		for _, d := range region.Divisions(lv) {
			for _, name := range []string{d.Short, d.Name} {
				if utf8.RuneCountInString(name) >= 2 {
					add(name, freq[name], KindPlace)
				}
			}
		}
	}
	return newVocabulary(entries)
}

// Build makes a Vocabulary of given entries (tests, and callers with a
// vocabulary of their own).
func Build(entries []Entry) *Vocabulary { return newVocabulary(entries) }

func newVocabulary(entries []Entry) *Vocabulary {
	v := &Vocabulary{
		entries: entries, byText: map[string]int{}, byKey: map[string][]int{},
		byInitials: map[string][]int{}, byDeletion: map[string][]int{},
	}
	for i := range entries {
		e := &entries[i]
		syls := Reading(e.Text)
		e.key = strings.Join(syls, "")
		e.inits = initials(syls)
		v.byText[e.Text] = i
		if e.key != "" {
			v.byKey[e.key] = append(v.byKey[e.key], i)
		}
		if len(syls) >= 2 {
			v.byInitials[e.inits] = append(v.byInitials[e.inits], i)
		}
		rs := []rune(e.Text)
		if len(rs) >= 3 {
			for j := range rs {
				d := string(rs[:j]) + string(rs[j+1:])
				v.byDeletion[d] = appendOnce(v.byDeletion[d], i)
			}
		}
	}
	for _, m := range []map[string][]int{v.byKey, v.byInitials, v.byDeletion} {
		for _, ids := range m {
			v.rank(ids)
		}
	}
	v.keys = sortedKeys(v.byKey)
	return v
}

func appendOnce(ids []int, i int) []int {
	for _, j := range ids {
		if j == i {
			return ids
		}
	}
	return append(ids, i)
}

// rank orders entries most frequent first, names and places before phrases
// of the same count. ids must be in ascending order.
func (v *Vocabulary) rank(ids []int) {
	sort.SliceStable(ids, func(a, b int) bool {
		ea, eb := v.entries[ids[a]], v.entries[ids[b]]
		if ea.Count != eb.Count {
			return ea.Count > eb.Count
		}
		if kindRank[ea.Kind] != kindRank[eb.Kind] {
			return kindRank[ea.Kind] < kindRank[eb.Kind]
		}
		return ids[a] < ids[b] // the order of adding: places by level, cities before counties
	})
}

// Len is the number of entries.
func (v *Vocabulary) Len() int {
	if v == nil {
		return 0
	}
	return len(v.entries)
}

// Lookup returns the entry of a folded text.
func (v *Vocabulary) Lookup(text string) (Entry, bool) {
	if v == nil {
		return Entry{}, false
	}
	i, ok := v.byText[text]
	if !ok {
		return Entry{}, false
	}
	return v.entries[i], true
}

func (v *Vocabulary) texts(ids []int, limit int) []string {
	var out []string
	for _, i := range ids {
		if len(out) == limit {
			break
		}
		out = append(out, v.entries[i].Text)
	}
	return out
}

// FromPinyin returns the Chinese texts Latin input may stand for, best
// first: phrases whose full pinyin it is (zhizaoye, zhì zào yè, zhi zao ye
// → 制造业), a run of phrases covering its syllables (chuneng huizhou →
// 储能 惠州), or phrases it is the initials of (zzy → 制造业). Input that is
// not pinyin (5g, gdp as no phrase's initials) gives nothing.
func (v *Vocabulary) FromPinyin(input string, limit int) []string {
	if v == nil {
		return nil
	}
	key := pinyinKey(input)
	if key == "" {
		return nil
	}
	out := v.texts(v.byKey[key], limit)
	syls, ok := Syllables(Toneless(input))
	if len(out) == 0 && ok {
		if seg := v.segment(syls); seg != "" {
			out = append(out, seg)
		}
	}
	if len(out) < limit && len(key) >= 3 && len(key) <= 16 {
		for _, t := range v.texts(v.byInitials[key], limit-len(out)) {
			if !contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// segment covers syllables with the fewest phrases of the vocabulary (the
// most frequent on a tie), joined by spaces; "" when they cannot be covered.
func (v *Vocabulary) segment(syls []string) string {
	parts, _ := cover(len(syls), 1, 2*MaxPhrase, func(i, j int) (Entry, bool) {
		ids := v.byKey[strings.Join(syls[i:j], "")]
		if len(ids) == 0 {
			return Entry{}, false
		}
		return v.entries[ids[0]], true
	})
	return strings.Join(parts, " ")
}

// Words splits a Chinese term into the fewest phrases of the vocabulary
// that cover it, joined by spaces (韶关制造业 → 韶关 制造业); "" when they
// do not cover it.
func (v *Vocabulary) Words(term string) string {
	rs := []rune(term)
	if v == nil || len(rs) < 3 || len(rs) > 32 {
		return ""
	}
	parts, _ := cover(len(rs), MinPhrase, MaxPhrase, func(i, j int) (Entry, bool) {
		e, ok := v.Lookup(string(rs[i:j]))
		return e, ok && e.Count > 0
	})
	if len(parts) < 2 {
		return ""
	}
	return strings.Join(parts, " ")
}

// cover covers n units (syllables, characters) with the fewest entries
// (the most frequent on a tie), each lo to hi units long, as piece(i, j)
// finds them; it returns their texts, or false when n cannot be covered.
func cover(n, lo, hi int, piece func(i, j int) (Entry, bool)) ([]string, bool) {
	type cell struct {
		pieces, count, prev int
		text                string
		ok                  bool
	}
	best := make([]cell, n+1)
	best[0].ok = true
	for i := 0; i < n; i++ {
		if !best[i].ok {
			continue
		}
		for j := i + lo; j <= n && j-i <= hi; j++ {
			e, ok := piece(i, j)
			if !ok {
				continue
			}
			c := cell{pieces: best[i].pieces + 1, count: best[i].count + e.Count, prev: i, text: e.Text, ok: true}
			if b := best[j]; !b.ok || c.pieces < b.pieces || c.pieces == b.pieces && c.count > b.count {
				best[j] = c
			}
		}
	}
	if n == 0 || !best[n].ok {
		return nil, false
	}
	var parts []string
	for j := n; j > 0; j = best[j].prev {
		parts = append([]string{best[j].text}, parts...)
	}
	return parts, true
}

// Complete returns entries whose pinyin starts with Latin input, most
// frequent first: chun → 储能 (chuneng), 春节 (chunjie)…
func (v *Vocabulary) Complete(input string, limit int) []Entry {
	if v == nil {
		return nil
	}
	key := pinyinKey(input)
	if len(key) < 2 {
		return nil
	}
	var ids []int
	for i := sort.SearchStrings(v.keys, key); i < len(v.keys) && strings.HasPrefix(v.keys[i], key); i++ {
		for _, id := range v.byKey[v.keys[i]] {
			if v.entries[id].Count >= MinCount {
				ids = append(ids, id)
			}
		}
		if len(ids) > 5000 {
			break
		}
	}
	v.rank(ids)
	var out []Entry
	for _, id := range ids {
		if len(out) == limit {
			break
		}
		out = append(out, v.entries[id])
	}
	return out
}

// Typos returns the phrases a Chinese term may be a typo of, best first:
// the same pinyin (制造也 → 制造业, 惠洲 → 惠州, 欧阳泉 → 欧阳全), two
// neighbours swapped, a character dropped or added, then one character
// different; inside a longer term, a part with the pinyin of a phrase
// (新形工业化推进 → 新型工业化推进). It never proposes the term itself, and
// only phrases of the vocabulary.
func (v *Vocabulary) Typos(term string, limit int) []string {
	if v == nil {
		return nil
	}
	rs := []rune(term)
	if len(rs) < 2 || len(rs) > 32 {
		return nil
	}
	var out []string
	push := func(s string) {
		if s != term && !contains(out, s) && len(out) < limit {
			out = append(out, s)
		}
	}
	reading := Reading(term)
	key := strings.Join(reading, "")
	for _, i := range v.byKey[key] {
		if e := v.entries[i]; utf8.RuneCountInString(e.Text) == len(rs) && e.Count > 0 {
			push(e.Text)
		}
	}
	for i := 0; i+1 < len(rs); i++ {
		s := append([]rune{}, rs...)
		s[i], s[i+1] = s[i+1], s[i]
		if e, ok := v.Lookup(string(s)); ok && e.Count > 0 {
			push(e.Text)
		}
	}
	if len(rs) >= 2 {
		for _, i := range v.byDeletion[term] { // a character dropped
			if v.entries[i].Count > 0 {
				push(v.entries[i].Text)
			}
		}
	}
	if len(rs) >= 3 {
		for j := range rs { // a character added
			if e, ok := v.Lookup(string(rs[:j]) + string(rs[j+1:])); ok && e.Count > 0 {
				push(e.Text)
			}
		}
		for j := range rs { // a character different
			d := string(rs[:j]) + string(rs[j+1:])
			for _, i := range v.byDeletion[d] {
				e := v.entries[i]
				if utf8.RuneCountInString(e.Text) == len(rs) && e.Count > 0 && []rune(e.Text)[j] != rs[j] && sameElsewhere(rs, []rune(e.Text), j) {
					push(e.Text)
				}
			}
		}
	}
	// a part of a longer term read like a phrase: the longest part first
	for n := min(len(rs)-1, 2*MaxPhrase); n >= 2 && len(out) < limit; n-- {
		for i := 0; i+n <= len(rs); i++ {
			part := string(rs[i : i+n])
			if _, ok := v.Lookup(part); ok {
				continue
			}
			pk := strings.Join(reading[i:i+n], "")
			for _, id := range v.byKey[pk] {
				e := v.entries[id]
				if utf8.RuneCountInString(e.Text) == n && e.Count > 0 {
					push(string(rs[:i]) + e.Text + string(rs[i+n:]))
					break
				}
			}
		}
	}
	return out
}

// sameElsewhere reports whether a and b differ at most at position j.
func sameElsewhere(a, b []rune, j int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if i != j && a[i] != b[i] {
			return false
		}
	}
	return true
}

// Each calls f for every entry.
func (v *Vocabulary) Each(f func(Entry)) {
	if v == nil {
		return
	}
	for _, e := range v.entries {
		f(e)
	}
}
