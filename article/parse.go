package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"fangtan/article/region"
)

// Error is bad input: the file (and, in a .jsonl file, the line) and why.
// Its message is "FILE: reason" or "FILE:LINE: reason".
type Error struct {
	Path   string
	Line   int // 1-based line of a .jsonl file; 0 for a whole file
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Reason)
	}
	return e.Path + ": " + e.Reason
}

// MaxFileSize bounds one article file read whole into memory, and one line
// of a .jsonl file (which is streamed: the file itself has no bound).
const MaxFileSize = 64 << 20

// Extensions lists the file types Parse understands.
var Extensions = []string{".txt", ".md", ".html", ".htm", ".json", ".jsonl"}

// Parse turns one raw page into an Article. name is the file name: its
// extension picks the format (.txt, .md, .html/.htm, or .json/.jsonl holding
// one record) and it names the file in errors, which are *Error.
func Parse(data []byte, name string) (*Article, error) {
	return parse(data, name, nil)
}

func parse(data []byte, name string, ex *Explanation) (*Article, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if !contains(Extensions, ext) {
		return nil, &Error{Path: name, Reason: unknownExt(ext)}
	}
	text, err := decodeTraced(data, name, ext, tracer{ex})
	if err != nil {
		return nil, err
	}
	switch ext {
	case ".json", ".jsonl":
		var one *Article
		bad, err := ParseJSONL(strings.NewReader(text), name, func(a *Article) error {
			if one != nil {
				return &Error{Path: name, Reason: "holds more than one article; read it with ParseJSONL"}
			}
			one = a
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(bad) > 0 {
			return nil, bad[0]
		}
		if one == nil {
			return nil, &Error{Path: name, Reason: "no article in it"}
		}
		return one, nil
	}
	return parseText(text, ext, name, nil, tracer{ex})
}

// parseText parses decoded text in the format of ext. pageURL is the
// address of a page fetched from the web (ParsePage), nil for a file.
func parseText(text, ext, name string, pageURL *url.URL, tr tracer) (*Article, error) {
	if clean, n := stripGlosses(text); n > 0 {
		text = clean
		tr.drop(fmt.Sprintf("%d pinyin glosses after characters, such as 增長(zhǎng)", n), "pinyin glosses")
	}
	var p page
	switch ext {
	case ".html", ".htm":
		p = htmlPage(text)
		p.url = pageURL
	case ".md":
		p.lines = markdownLines(text)
	default:
		p.lines = textLines(text)
	}
	if len(p.lines) == 0 {
		return nil, &Error{Path: name, Reason: "no text in it"}
	}
	return build(p, name, tr)
}

// decodeTraced is decode, telling tr the encoding when it was not UTF-8.
func decodeTraced(data []byte, name, ext string, tr tracer) (string, error) {
	text, enc, err := decode(data, name, ext)
	if enc != "" {
		tr.field("encoding", enc, "decoded to UTF-8", "")
	}
	return text, err
}

// decode turns data into UTF-8 text and drops a byte-order mark. Pages
// saved from Chinese sites are often GBK (GB18030) or Big5: an HTML page
// says which in its <meta charset>; otherwise the encoding under which
// the text reads as common Chinese is taken. enc names the encoding when
// it was not UTF-8.
func decode(data []byte, name, ext string) (text, enc string, err error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "", "", &Error{Path: name, Reason: "empty file"}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "", "", &Error{Path: name, Reason: "UTF-16 text; convert it to UTF-8"}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", "", &Error{Path: name, Reason: fmt.Sprintf("binary data (NUL byte at offset %d), not a text file", i)}
	}
	if utf8.Valid(data) {
		return string(data), "", nil
	}
	if ext != ".json" && ext != ".jsonl" {
		if text, enc, ok := decodeChinese(data, ext); ok {
			return text, enc, nil
		}
	}
	off := invalidOffset(data)
	return "", "", &Error{Path: name, Reason: fmt.Sprintf("not UTF-8, GBK or Big5 (invalid byte 0x%02X at offset %d); convert it to UTF-8 first", data[off], off)}
}

func invalidOffset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

func unknownExt(ext string) string {
	if ext == "" {
		ext = "no extension"
	} else {
		ext = fmt.Sprintf("%q", ext)
	}
	return fmt.Sprintf("unknown file type (%s); want one of %s", ext, strings.Join(Extensions, ", "))
}

// textLines splits plain text into cleaned, non-empty lines: in scraped
// text every line is a paragraph.
func textLines(text string) []line {
	var out []line
	for len(text) > 0 {
		i := strings.IndexAny(text, "\n\r")
		var s string
		if i < 0 {
			s, text = text, ""
		} else {
			s, text = text[:i], text[i+1:]
		}
		if s = clean(s); s != "" {
			out = append(out, line{text: s})
		}
	}
	return out
}

// ParseFile reads and parses one article file and applies its sidecar: a
// NAME.meta.json beside NAME.txt whose fields override what was extracted.
// Use ParseJSONL or Walk for .jsonl files of many articles.
func ParseFile(path string) (*Article, error) {
	return parseFile(path, nil)
}

func parseFile(path string, ex *Explanation) (*Article, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	a, err := parse(data, path, ex)
	if err != nil {
		return nil, err
	}
	if err := applySidecar(a, path); err != nil {
		return nil, err
	}
	return a, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Reason: osReason(err)}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, &Error{Path: path, Reason: "is a directory"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{Path: path, Reason: osReason(err)}
	}
	if len(data) > MaxFileSize {
		return nil, &Error{Path: path, Reason: fmt.Sprintf("larger than %d MB; split it or use .jsonl", MaxFileSize>>20)}
	}
	return data, nil
}

// osReason shortens an *os.PathError to its cause, since the path is
// already in our message.
func osReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// SidecarPath is where the metadata of path may be overridden:
// "a/x.txt" → "a/x.meta.json".
func SidecarPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.json"
}

// meta is metadata given by a sidecar or a .jsonl record; a nil field was
// not given.
type meta struct {
	ID       *string   `json:"id"`
	Title    *string   `json:"title"`
	Subtitle *string   `json:"subtitle"`
	Date     *string   `json:"date"`
	Source   *string   `json:"source"`
	Authors  *[]string `json:"authors"`
	Province *string   `json:"province"`
	City     *string   `json:"city"`
	District *string   `json:"district"`

	SourceURL *string `json:"source_url"` // cleaned with CleanURL; "" clears it
	Site      *string `json:"site"`
	FetchedAt *string `json:"fetched_at"` // RFC 3339
}

func applySidecar(a *Article, path string) error {
	sp := SidecarPath(path)
	data, err := os.ReadFile(sp)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &Error{Path: sp, Reason: osReason(err)}
	}
	var m meta
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a typo in a sidecar should not pass silently
	if err := dec.Decode(&m); err != nil {
		return &Error{Path: sp, Reason: "invalid sidecar: " + err.Error()}
	}
	if err := m.apply(a); err != nil {
		return &Error{Path: sp, Reason: err.Error()}
	}
	return nil
}

// apply overrides a's fields with the given ones. The place is one unit:
// naming any of province, city, district replaces all three, so a sidecar
// saying city 珠海 cannot leave a detected district of another city behind.
func (m *meta) apply(a *Article) error {
	if m.Date != nil && *m.Date != "" && !isISODate(*m.Date) {
		return fmt.Errorf("date %q is not YYYY-MM-DD", *m.Date)
	}
	if m.ID != nil {
		if err := CheckID(strings.TrimSpace(*m.ID)); err != nil {
			return err
		}
	}
	var src string
	if m.SourceURL != nil && strings.TrimSpace(*m.SourceURL) != "" {
		var err error
		if src, err = sourceURL(*m.SourceURL, nil); err != nil {
			return fmt.Errorf("source_url: %v (want an absolute http or https address)", err)
		}
	}
	if m.FetchedAt != nil && strings.TrimSpace(*m.FetchedAt) != "" {
		if _, err := time.Parse(time.RFC3339, strings.TrimSpace(*m.FetchedAt)); err != nil {
			return fmt.Errorf("fetched_at %q is not an RFC 3339 time (2024-05-06T08:30:00+08:00)", *m.FetchedAt)
		}
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.ID, m.ID)
	set(&a.Title, m.Title)
	set(&a.Subtitle, m.Subtitle)
	set(&a.Date, m.Date)
	set(&a.Source, m.Source)
	if m.SourceURL != nil {
		a.SourceURL = src
	}
	set(&a.Site, m.Site)
	set(&a.FetchedAt, m.FetchedAt)
	if m.Authors != nil {
		a.Authors = append([]string{}, *m.Authors...)
	}
	if m.Province != nil || m.City != nil || m.District != nil {
		a.Province, a.City, a.District = "", "", ""
		short := func(dst *string, src *string) {
			if src != nil {
				*dst = region.Short(strings.TrimSpace(*src))
			}
		}
		short(&a.Province, m.Province)
		short(&a.City, m.City)
		short(&a.District, m.District)
	}
	return nil
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	d, ok := validDate(s[:4], s[5:7], s[8:])
	return ok && d == s
}
