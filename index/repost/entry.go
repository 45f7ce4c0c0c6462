package repost

import (
	"encoding/binary"
	"errors"
	"fmt"

	"fangtan/article"
)

// Entry is what the index keeps of an article for its repost group: the
// facts that choose the group's representative, and the article's print.
type Entry struct {
	Copy
	Print Print
}

// NewEntry is the entry of a.
func NewEntry(a *article.Article) Entry {
	return Entry{
		Copy:  Copy{ID: a.ID, Date: a.Date, Source: a.Source, Site: a.Site, SourceURL: a.SourceURL},
		Print: Fingerprint(a),
	}
}

// entryVersion is the first byte of an encoded entry.
const entryVersion = 1

// Marshal encodes e compactly (the ID is not included: the index keeps it
// beside the entry): about 10 bytes a sentence and 3 a paragraph, so that
// an index reads every article's entry at open in a fraction of a second.
func (e *Entry) Marshal() []byte {
	b := []byte{entryVersion}
	for _, s := range []string{e.Date, e.Source, e.Site, e.SourceURL} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Print.Sentences)))
	for _, s := range e.Print.Sentences {
		b = binary.LittleEndian.AppendUint64(b, s.Hash)
		b = binary.AppendUvarint(b, uint64(s.Runes))
	}
	b = binary.AppendUvarint(b, uint64(len(e.Print.Paragraphs)))
	for _, p := range e.Print.Paragraphs {
		b = binary.AppendUvarint(b, uint64(p.N))
		b = binary.AppendUvarint(b, uint64(p.Sentences))
		b = binary.AppendUvarint(b, p.Whole)
	}
	return b
}

var errDamaged = errors.New("damaged repost entry")

// UnmarshalEntry decodes the entry of article id that Marshal wrote.
func UnmarshalEntry(id string, b []byte) (Entry, error) { return unmarshal(id, b, true) }

// UnmarshalPrint decodes the sentences alone of the entry of article id,
// checked as UnmarshalEntry checks the whole: what Groups holds, and what
// an index reads of every article at open, without the allocations of the
// rest. Its Paragraphs are nil.
func UnmarshalPrint(id string, b []byte) (Print, error) {
	e, err := unmarshal(id, b, false)
	return e.Print, err
}

// unmarshal decodes an entry, its Copy and Paragraphs only when full.
func unmarshal(id string, b []byte, full bool) (Entry, error) {
	if len(b) == 0 || b[0] != entryVersion {
		return Entry{}, fmt.Errorf("repost entry of %s: unknown version", id)
	}
	d := decoder{b: b[1:]}
	e := Entry{Copy: Copy{ID: id}, Print: Print{ID: id}}
	for _, s := range []*string{&e.Date, &e.Source, &e.Site, &e.SourceURL} {
		if raw := d.bytes(); full {
			*s = string(raw)
		}
	}
	n := d.count(9)
	e.Print.Sentences = make([]Sentence, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		s := Sentence{Hash: d.uint64(), Runes: int(d.uvarint())}
		e.Print.Sentences = append(e.Print.Sentences, s)
		e.Print.Runes += s.Runes
	}
	n = d.count(3)
	if full {
		e.Print.Paragraphs = make([]Paragraph, 0, n)
	}
	held := 0
	for i := 0; i < n && d.err == nil; i++ {
		p := Paragraph{N: int(d.uvarint()), Sentences: int(d.uvarint()), Whole: d.uvarint()}
		if p.Sentences < 0 || p.Sentences > len(e.Print.Sentences) {
			d.err = errDamaged
		}
		held += p.Sentences
		if full {
			e.Print.Paragraphs = append(e.Print.Paragraphs, p)
		}
	}
	if d.err != nil || len(d.b) > 0 || held != len(e.Print.Sentences) {
		return Entry{}, fmt.Errorf("repost entry of %s: %w", id, errDamaged)
	}
	return e, nil
}

// decoder reads what Marshal wrote; its first failure sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errDamaged
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a number of items of at least min bytes each, refusing one
// the rest of the input cannot hold.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.err = errDamaged
		return 0
	}
	return int(n)
}

func (d *decoder) uint64() uint64 {
	if d.err != nil || len(d.b) < 8 {
		d.err = errDamaged
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

// bytes reads a string, without copying it.
func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errDamaged
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}
