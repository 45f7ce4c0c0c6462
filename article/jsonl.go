package article

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// record is one line of a .jsonl file: the fields of `fangtan inspect
// --json`, or a raw "text" instead of "paragraphs".
type record struct {
	meta
	Paragraphs *[]Paragraph `json:"paragraphs"`
	Text       *string      `json:"text"`
}

// ParseJSONL reads one article per line from r and calls fn with each, in
// order. Fields a record gives win; missing ones are extracted from its
// "text" (parsed like a .txt page) or, for metadata, from its paragraphs.
// Paragraphs given as a list are kept as given (numbers, kinds, repeats):
// the cleaning rules are for raw pages, not for records someone cleaned.
//
// A bad line is returned in bad (as an *Error naming name and the line) and
// the rest is still read. err is a read error or the first error fn
// returned, which stops the stream.
func ParseJSONL(r io.Reader, name string, fn func(*Article) error) (bad []*Error, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	n, records := 0, 0
	for {
		raw, long, rerr := readLine(br, maxRecord)
		if long {
			n++
			records++
			bad = append(bad, &Error{Path: name, Line: n, Reason: fmt.Sprintf("the line is longer than %d MiB", maxRecord>>20)})
		} else if len(raw) > 0 {
			n++
			raw = bytes.TrimSpace(raw)
			if n == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
			}
			if len(raw) > 0 {
				records++
				a, perr := parseRecord(raw, name, n)
				if perr != nil {
					bad = append(bad, perr)
				} else if err := fn(a); err != nil {
					return bad, err
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return bad, &Error{Path: name, Line: n + 1, Reason: osReason(rerr)}
		}
	}
	if records == 0 {
		bad = append(bad, &Error{Path: name, Reason: "empty file"})
	}
	return bad, nil
}

// maxRecord bounds one line (a variable for tests).
var maxRecord = MaxFileSize

// readLine reads up to and including the next newline. A line longer than
// limit is read through and dropped: long reports it, and raw is nil.
func readLine(br *bufio.Reader, limit int) (raw []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			if len(raw)+len(chunk) > limit {
				long, raw = true, nil
			} else {
				raw = append(raw, chunk...)
			}
		}
		if err != bufio.ErrBufferFull {
			return raw, long, err
		}
	}
}

func parseRecord(raw []byte, name string, n int) (*Article, *Error) {
	fail := func(format string, args ...any) (*Article, *Error) {
		return nil, &Error{Path: name, Line: n, Reason: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(raw) {
		return fail("not UTF-8; convert the file to UTF-8 first")
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return fail("invalid JSON: %v", strings.TrimPrefix(err.Error(), "json: "))
	}
	src := fmt.Sprintf("%s:%d", name, n)
	var a *Article
	switch {
	case rec.Text != nil && strings.TrimSpace(*rec.Text) != "":
		ext := ".txt"
		if strings.HasPrefix(strings.TrimSpace(*rec.Text), "<") {
			ext = ".html"
		}
		text := *rec.Text
		if ext == ".txt" && rec.Title != nil && strings.TrimSpace(*rec.Title) != "" {
			// The given title heads the text, so its first line stays body;
			// a text that repeats the title loses the repeat.
			text = *rec.Title + "\n" + text
		}
		var err error
		a, err = parseText(text, ext, src, nil, tracer{})
		if err != nil && rec.Paragraphs == nil {
			var e *Error
			if errors.As(err, &e) {
				return fail("%s", e.Reason)
			}
			return fail("%v", err)
		}
		if err != nil {
			a = &Article{}
		}
	case rec.Paragraphs == nil:
		return fail(`no "text" and no "paragraphs"`)
	default:
		a = &Article{}
	}
	if rec.Paragraphs != nil {
		ps, err := givenParagraphs(*rec.Paragraphs)
		if err != nil {
			return fail("%v", err)
		}
		title := a.Title
		if rec.Title != nil {
			title = strings.TrimSpace(*rec.Title)
		}
		if title == "" {
			return fail(`no "title" (a record with "paragraphs" needs one)`)
		}
		if rec.Text == nil && !rec.givesExtracted() {
			// Extract the metadata the paragraphs state (a credit line, a
			// dateline kept as a paragraph) without touching them. The
			// place is detected below, from the given paragraphs.
			p := page{lines: append([]line{{text: title, title: true}}, paragraphLines(ps)...), noPlace: true}
			if ex, err := build(p, src, tracer{}); err == nil {
				a = ex
			}
		}
		a.Title = title
		a.Paragraphs = ps
		a.ID = contentID(a.Title, a.Paragraphs)
		if !rec.givesPlace() {
			a.detectPlace(nil)
		}
	}
	if a.Authors == nil {
		a.Authors = []string{}
	}
	if err := rec.meta.apply(a); err != nil {
		return fail("%v", err)
	}
	if a.Title == "" {
		return fail("empty title")
	}
	return a, nil
}

// givesPlace reports whether the record names its place: any of province,
// city and district replaces all three (meta.apply), so a detected place
// would not survive.
func (m *meta) givesPlace() bool {
	return m.Province != nil || m.City != nil || m.District != nil
}

// givesExtracted reports whether the record gives every field that the
// page parser extracts from its paragraphs (subtitle, date, source,
// authors) and its place, which is detected from the extracted source and
// subtitle: meta.apply would override all of them, so a record that gives
// them all (most records of a converted corpus) skips the parser.
func (m *meta) givesExtracted() bool {
	return m.Subtitle != nil && m.Date != nil && m.Source != nil && m.Authors != nil && m.givesPlace()
}

// givenParagraphs checks paragraphs given in a record, filling only what is
// missing: a number (its position) and a kind (body).
func givenParagraphs(ps []Paragraph) ([]Paragraph, error) {
	if len(ps) == 0 {
		return nil, errors.New(`"paragraphs" is empty`)
	}
	out := make([]Paragraph, len(ps))
	for i, p := range ps {
		switch p.Kind {
		case "":
			p.Kind = Body
		case Body, Heading, Caption, Credit:
		default:
			return nil, fmt.Errorf("paragraph %d: unknown kind %q (want body, heading, caption or credit)", i+1, p.Kind)
		}
		if p.N == 0 {
			p.N = i + 1
		}
		out[i] = p
	}
	return out, nil
}

func paragraphLines(ps []Paragraph) []line {
	out := make([]line, 0, len(ps))
	for _, p := range ps {
		if t := clean(p.Text); t != "" {
			out = append(out, line{text: t})
		}
	}
	return out
}
