package article

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseJSONL(t *testing.T) {
	seed, _ := os.ReadFile("../seeds/002_755950e933952226.txt")
	text, _ := json.Marshal(string(seed))
	input := strings.Join([]string{
		// 1: a raw body; the record's own date wins over the extracted one.
		`{"text":` + string(text) + `,"date":"2023-08-05"}`,
		// 2: cleaned paragraphs kept as given: numbers, kinds, a repeat.
		`{"title":"给定的标题","source":"某报","paragraphs":[{"n":3,"kind":"heading","text":"小标题"},{"n":7,"kind":"body","text":"重复的段落。"},{"n":8,"kind":"body","text":"重复的段落。"},{"text":"编辑:小丽"}]}`,
		``,
		// 4: not JSON.
		`{"title": "半截`,
		// 5: no body at all.
		`{"title":"只有标题"}`,
		// 6: an unknown kind.
		`{"title":"t","paragraphs":[{"kind":"footnote","text":"x"}]}`,
		// 7: a good one after the bad ones, with its own id and place.
		`{"id":"given-id","title":"珠海访谈","city":"珠海市","province":"广东","paragraphs":[{"text":"正文。"}]}`,
		// 8: text with a separate title: the text's first line stays body.
		`{"title":"单独的标题","text":"第一段正文。\n第二段正文。"}`,
	}, "\n")
	var got []*Article
	bad, err := ParseJSONL(strings.NewReader(input), "in.jsonl", func(a *Article) error {
		got = append(got, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("got %d articles, want 4", len(got))
	}
	if a := got[0]; a.Date != "2023-08-05" || a.Source != "南方日报" || a.Title != "广东惠州打造“智造高地” “二次创业”再出发" || len(a.Paragraphs) < 20 {
		t.Errorf("record 1: date %q source %q title %q, %d paragraphs", a.Date, a.Source, a.Title, len(a.Paragraphs))
	}
	a := got[1]
	if len(a.Paragraphs) != 4 || a.Paragraphs[0].N != 3 || a.Paragraphs[0].Kind != Heading || a.Paragraphs[2].Text != "重复的段落。" || a.Paragraphs[3].N != 4 || a.Paragraphs[3].Kind != Body {
		t.Errorf("record 2 paragraphs not kept as given: %+v", a.Paragraphs)
	}
	if a.Source != "某报" || a.ID == "" || a.Authors == nil {
		t.Errorf("record 2: source %q id %q authors %v", a.Source, a.ID, a.Authors)
	}
	if a := got[2]; a.ID != "given-id" || a.City != "珠海" || a.Province != "广东" || a.District != "" {
		t.Errorf("record 7: id %q place %q/%q/%q", a.ID, a.Province, a.City, a.District)
	}
	if a := got[3]; a.Title != "单独的标题" || len(a.Paragraphs) != 2 || a.Paragraphs[0].Text != "第一段正文。" {
		t.Errorf("record 8: title %q paragraphs %+v", a.Title, a.Paragraphs)
	}
	wantBad := map[int]string{4: "invalid JSON", 5: `no "text" and no "paragraphs"`, 6: `unknown kind "footnote"`}
	if len(bad) != len(wantBad) {
		t.Fatalf("bad = %v, want lines 4, 5, 6", bad)
	}
	for _, e := range bad {
		if e.Path != "in.jsonl" || !strings.Contains(e.Error(), wantBad[e.Line]) || !strings.HasPrefix(e.Error(), "in.jsonl:") {
			t.Errorf("bad line: %v", e)
		}
	}

	// The inspect --json form reads back as it was written.
	b, _ := json.Marshal(got[0])
	var round *Article
	if _, err := ParseJSONL(strings.NewReader(string(b)), "r.jsonl", func(a *Article) error { round = a; return nil }); err != nil {
		t.Fatal(err)
	}
	if rb, _ := json.Marshal(round); string(rb) != string(b) {
		t.Errorf("round trip changed the article:\n%s\n%s", b, rb)
	}

	// An error from fn stops the stream and is returned.
	stop := errors.New("disk full")
	n := 0
	_, err = ParseJSONL(strings.NewReader(input), "in.jsonl", func(*Article) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("fn error: err %v after %d articles", err, n)
	}

	if bad, _ := ParseJSONL(strings.NewReader("\n\n"), "e.jsonl", func(*Article) error { return nil }); len(bad) != 1 || !strings.Contains(bad[0].Error(), "empty") {
		t.Errorf("empty .jsonl: %v", bad)
	}
	if bad, _ := ParseJSONL(strings.NewReader("{\"title\":\"\xbb\xdd\"}\n"), "g.jsonl", func(*Article) error { return nil }); len(bad) != 1 || !strings.Contains(bad[0].Error(), "g.jsonl:1: not UTF-8") {
		t.Errorf("GBK line: %v", bad)
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seed, _ := os.ReadFile("../seeds/000_3fcf104642939ecf.txt")
	write("a/000.txt", string(seed))
	write("a/000.meta.json", `{"date":"2023-02-20"}`)
	write("a/empty.txt", "")
	write("a/.hidden.txt", "标题\n正文。\n")
	write("b/many.jsonl", `{"title":"一","paragraphs":[{"text":"正文一。"}]}`+"\n"+`oops`+"\n"+`{"title":"二","paragraphs":[{"text":"正文二。"}]}`+"\n")
	write("b/photo.jpg", "\xff\xd8")
	gbk, _ := os.ReadFile("testdata/variations/gbk.txt")
	write("c.txt", string(gbk))

	var titles []string
	skipped, err := Walk([]string{filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c.txt"), filepath.Join(dir, "nope")}, func(a *Article) error {
		titles = append(titles, a.Title)
		if strings.HasPrefix(a.Title, "市工业") && a.Date != "2023-02-20" {
			t.Errorf("sidecar not applied in Walk: date %q", a.Date)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// c.txt is GBK: decoded, not skipped.
	if len(titles) != 4 || titles[1] != "一" || titles[2] != "二" || titles[3] != "惠州市工业和信息化局局长:坚持制造业当家" {
		t.Errorf("titles = %q", titles)
	}
	var reasons []string
	for _, s := range skipped {
		reasons = append(reasons, strings.TrimPrefix(s.Error(), dir+string(filepath.Separator)))
	}
	want := []string{"a/empty.txt: empty file", "b/many.jsonl:2: invalid JSON", "b/photo.jpg: unknown file type", "nope: no such file"}
	if len(reasons) != len(want) {
		t.Fatalf("skipped = %q, want %d", reasons, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(reasons[i], want[i]) {
			t.Errorf("skipped[%d] = %q, want %q…", i, reasons[i], want[i])
		}
	}

	stop := errors.New("index closed")
	if _, err := Walk([]string{dir}, func(*Article) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Walk returned %v, want fn's error", err)
	}
}

// A record with an ID the index cannot hold, and a line past the bound,
// are reported and skipped; the records around them are read.
func TestParseJSONLSkipsBadIDsAndLongLines(t *testing.T) {
	defer func(orig int) { maxRecord = orig }(maxRecord)
	maxRecord = 1 << 20
	input := strings.Join([]string{
		`{"id":"good-1","title":"一","paragraphs":[{"text":"正文。"}]}`,
		`{"id":"a/b","title":"二","paragraphs":[{"text":"正文。"}]}`,
		`{"id":"has space","title":"三","paragraphs":[{"text":"正文。"}]}`,
		`{"title":"四","paragraphs":[{"text":"` + strings.Repeat("长", maxRecord) + `"}]}`,
		`{"id":"good-5","title":"五","paragraphs":[{"text":"正文。"}]}`,
	}, "\n")
	var ids []string
	bad, err := ParseJSONL(strings.NewReader(input), "in.jsonl", func(a *Article) error {
		ids = append(ids, a.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "good-1,good-5" {
		t.Errorf("read %v, want good-1 and good-5", ids)
	}
	var lines []int
	for _, e := range bad {
		lines = append(lines, e.Line)
	}
	if len(bad) != 3 || lines[0] != 2 || lines[1] != 3 || lines[2] != 4 ||
		!strings.Contains(bad[0].Reason, "ID") || !strings.Contains(bad[2].Reason, "longer") {
		t.Errorf("bad records: %v", bad)
	}
}

func TestCheckID(t *testing.T) {
	for _, tt := range []struct {
		id        string
		ok, okPUT bool
	}{
		{"3fcf104642939ecf", true, true},
		{"hz-2024.01_a", true, true},
		{"中文编号", true, false},
		{"-leading", true, false},
		{"", false, false},
		{"a/b", false, false},
		{"a b", false, false},
		{"a%20", false, false},
		{"a\u0007", false, false},
		{strings.Repeat("a", 128), true, true},
		{strings.Repeat("a", 129), false, false},
	} {
		if got := CheckID(tt.id) == nil; got != tt.ok {
			t.Errorf("CheckID(%q) ok = %v, want %v", tt.id, got, tt.ok)
		}
		if got := CheckNewID(tt.id) == nil; got != tt.okPUT {
			t.Errorf("CheckNewID(%q) ok = %v, want %v", tt.id, got, tt.okPUT)
		}
	}
}

// TestParseJSONLRecordGivingEveryField: a record that gives every field the
// page parser would extract (subtitle, date, source, authors) and its place
// is taken as given, whatever its paragraphs say: it skips the parser. The
// same record through the parser (extract, detect, then apply) gives the
// same article.
func TestParseJSONLRecordGivingEveryField(t *testing.T) {
	paragraphs := `[{"n":1,"kind":"body","text":"2024年8月26日 星期一 来源:东莞日报 作者:李明"},{"n":2,"kind":"body","text":"惠州市惠阳区召开全区工业和信息化工作会议,部署下一阶段工作。"},{"n":3,"kind":"credit","text":"记者 王五 通讯员 赵六"}]`
	rec1 := `{"id":"given","title":"全区工业会议召开","subtitle":"","date":"2020-01-02","source":"给定来源","authors":[],"province":"广东","city":"珠海","district":"","paragraphs":` + paragraphs + `}`
	a, perr := parseRecord([]byte(rec1), "in.jsonl", 1)
	if perr != nil {
		t.Fatal(perr)
	}
	if a.ID != "given" || a.Subtitle != "" || a.Date != "2020-01-02" || a.Source != "给定来源" || len(a.Authors) != 0 || a.Authors == nil ||
		a.Province != "广东" || a.City != "珠海" || a.District != "" || len(a.Paragraphs) != 3 || a.Paragraphs[2].Kind != Credit {
		t.Errorf("not taken as given: %+v", a)
	}

	// What the parser path gives for the same record: extraction, place
	// detection, then the record's fields over them.
	var rec record
	if err := json.Unmarshal([]byte(rec1), &rec); err != nil {
		t.Fatal(err)
	}
	ps, err := givenParagraphs(*rec.Paragraphs)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := build(page{lines: append([]line{{text: "全区工业会议召开", title: true}}, paragraphLines(ps)...)}, "in.jsonl:1", tracer{})
	if err != nil {
		t.Fatal(err)
	}
	if slow.Date != "2024-08-26" || slow.District == "" {
		t.Fatalf("the parser should extract a date and detect a place here: %+v", slow)
	}
	slow.Title, slow.Paragraphs = "全区工业会议召开", ps
	slow.ID = contentID(slow.Title, slow.Paragraphs)
	slow.detectPlace(nil)
	if err := rec.meta.apply(slow); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, slow) {
		t.Errorf("skipping the parser changed the article:\n got %+v\nwant %+v", a, slow)
	}
}

// TestParseJSONLRecordOmittingDate: a record that gives its place and
// source but no date still gets the date of a dateline paragraph, and one
// that gives no place still gets the detected one.
func TestParseJSONLRecordOmittingDate(t *testing.T) {
	paragraphs := `[{"text":"2024年8月26日 星期一 来源:东莞日报 作者:李明"},{"text":"惠州市惠阳区召开全区工业和信息化工作会议,部署下一阶段工作。"}]`
	input := `{"title":"全区工业会议召开","source":"给定来源","authors":[],"subtitle":"","province":"广东","city":"珠海","district":"","paragraphs":` + paragraphs + "}\n" +
		`{"title":"全区工业会议召开","date":"2020-01-02","source":"给定来源","authors":[],"subtitle":"","paragraphs":` + paragraphs + "}\n"
	var got []*Article
	bad, err := ParseJSONL(strings.NewReader(input), "in.jsonl", func(a *Article) error {
		got = append(got, a)
		return nil
	})
	if err != nil || len(bad) != 0 || len(got) != 2 {
		t.Fatalf("%d articles, bad %v, err %v", len(got), bad, err)
	}
	if a := got[0]; a.Date != "2024-08-26" || a.Source != "给定来源" || a.City != "珠海" || a.District != "" {
		t.Errorf("record without a date: date %q source %q place %q/%q/%q", a.Date, a.Source, a.Province, a.City, a.District)
	}
	if a := got[1]; a.Date != "2020-01-02" || a.City != "惠州" || a.District != "惠阳" {
		t.Errorf("record without a place: date %q place %q/%q/%q", a.Date, a.Province, a.City, a.District)
	}
}
