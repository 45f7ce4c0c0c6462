package snippet

import (
	"html"
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"

	"fangtan/article/normalize"
	"fangtan/seeds"
)

// fold folds query terms the way the index does before calling Build.
func fold(terms ...string) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = normalize.String(t)
	}
	return out
}

func TestMark(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		terms []string
		want  string
	}{
		{"repeated", "制造业强,制造业兴,中国制造业", fold("制造业"),
			"<mark>制造业</mark>强,<mark>制造业</mark>兴,中国<mark>制造业</mark>"},
		{"overlapping terms", "先进制造业集群", fold("制造", "造业"),
			"先进<mark>制造业</mark>集群"},
		{"touching terms", "新型储能产业", fold("储能", "产业"),
			"新型<mark>储能产业</mark>"},
		{"touching occurrences", "制造业制造业再次增长", fold("制造业"),
			"<mark>制造业制造业</mark>再次增长"},
		{"overlapping occurrences", "aaaa", fold("aa"), "<mark>aaaa</mark>"},
		{"start and end", "钢铁是钢", fold("钢"), "<mark>钢</mark>铁是<mark>钢</mark>"},
		{"script escaped", "<script>alert(1)</script>", nil,
			"&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"script marked", "<script>alert(1)</script>", fold("script"),
			"&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"},
		{"term with markup", `a<b & "c"`, fold(`<b & "c`),
			`a<mark>&lt;b &amp; &#34;c</mark>&#34;`},
		{"entity-like query", "x &amp; y", fold("amp"), "x &amp;<mark>amp</mark>; y"},
		{"full-width digits", "２０２４年产值", fold("2024"), "<mark>２０２４</mark>年产值"},
		{"full-width query", "2024年", fold("２０２４"), "<mark>2024</mark>年"},
		{"traditional original", "發展製造業經濟", fold("制造业"), "發展<mark>製造業</mark>經濟"},
		{"traditional query", "发展制造业", fold("製造業"), "发展<mark>制造业</mark>"},
		{"NFKC expansion", "㈱光明", fold("株"), "<mark>㈱</mark>光明"},
		{"ligature", "ﬁnance", fold("fin"), "<mark>ﬁn</mark>ance"},
		{"mixed width and case", "ＧＤＰ增速GDP", fold("gdp增"), "<mark>ＧＤＰ增</mark>速GDP"},
		{"collapsed whitespace", "new\u3000\u3000energy", fold("new energy"),
			"<mark>new\u3000\u3000energy</mark>"},
		{"synonym", "工业和信息化局与工信局", fold("工信局", "工业和信息化局"),
			"<mark>工业和信息化局</mark>与<mark>工信局</mark>"},
		{"no match", "abc", fold("x"), "abc"},
		{"empty text", "", fold("x"), ""},
		{"empty terms", "a<b", nil, "a&lt;b"},
		{"empty term", "abc", []string{""}, "abc"},
		{"invalid UTF-8", "a\xffb", fold("b"), "a\ufffd<mark>b</mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mark(tt.text, tt.terms); got != tt.want {
				t.Errorf("Mark(%q, %q)\n got %s\nwant %s", tt.text, tt.terms, got, tt.want)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	long := strings.Repeat("这是前面很长的一段没有关键词的文字内容", 5) + "。" // 96 runes
	tests := []struct {
		name  string
		text  string
		terms []string
		max   int
		want  string
	}{
		{"short text whole", "惠阳制造业", fold("制造业"), 120, "惠阳<mark>制造业</mark>"},
		{"cut at clause start and end",
			long + "制造业已成为经济发展的顶梁柱,如今智造高地成效显现。" + long, fold("制造业"), 40,
			"…<mark>制造业</mark>已成为经济发展的顶梁柱,如今智造高地成效显现。…"},
		{"no match gives the start", "第一句话。第二句话。第三句话很长很长。", fold("钢"), 12,
			"第一句话。第二句话。…"},
		{"match at the very end", long + "钢", fold("钢"), 30, "…关键词的文字内容这是前面很长的一段没有关键词的文字内容。<mark>钢</mark>"},
		{"match at the very start", "钢" + long, fold("钢"), 10, "<mark>钢</mark>这是前面很长的一…"},
		{"mark longer than window", strings.Repeat("钢", 20), fold("钢"), 5, "<mark>钢钢钢钢</mark>…"},
		{"escaped in window", "<b>" + long, fold("b"), 10, "&lt;<mark>b</mark>&gt;这是前面很长…"},
		{"best window has both terms",
			"储能" + long + "储能与制造业" + long, fold("储能", "制造业"), 30,
			"…<mark>储能</mark>与<mark>制造业</mark>这是前面很长的一段没有关键词的文字内容这是前…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Build(tt.text, tt.terms, tt.max)
			if got != tt.want {
				t.Errorf("Build(…, %q, %d)\n got %s\nwant %s", tt.terms, tt.max, got, tt.want)
			}
			checkSnippet(t, tt.text, tt.terms, tt.max)
		})
	}
}

// visible strips the marks from an HTML snippet and unescapes it.
func visible(out string) string {
	out = strings.ReplaceAll(out, markOpen, "")
	out = strings.ReplaceAll(out, markClose, "")
	return html.UnescapeString(out)
}

// checkSnippet checks what Build promises, for any input.
func checkSnippet(t *testing.T, text string, terms []string, maxRunes int) {
	t.Helper()
	out := Build(text, terms, maxRunes)
	if !utf8.ValidString(out) {
		t.Fatalf("Build(%q, %q, %d) = %q: invalid UTF-8", text, terms, maxRunes, out)
	}
	// Marks alternate, open first, never empty, and all other markup is
	// escaped.
	rest, open := out, false
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		switch {
		case !open && strings.HasPrefix(rest[i:], markOpen):
			open, rest = true, rest[i+len(markOpen):]
			if strings.HasPrefix(rest, markClose) {
				t.Fatalf("Build(%q, %q, %d) = %q: empty mark", text, terms, maxRunes, out)
			}
		case open && strings.HasPrefix(rest[i:], markClose):
			open, rest = false, rest[i+len(markClose):]
			if strings.HasPrefix(rest, markOpen) {
				t.Fatalf("Build(%q, %q, %d) = %q: touching marks", text, terms, maxRunes, out)
			}
		default:
			t.Fatalf("Build(%q, %q, %d) = %q: unbalanced or stray markup", text, terms, maxRunes, out)
		}
	}
	if open {
		t.Fatalf("Build(%q, %q, %d) = %q: unclosed mark", text, terms, maxRunes, out)
	}
	valid := strings.ToValidUTF8(text, "\uFFFD")
	sn, bs := selectAt(text, terms, maxRunes)
	be := bs + len(sn.Text)
	if got := visible(out); got != sn.visibleText() {
		t.Fatalf("Build(%q, %q, %d) = %q, reads back as %q, want %q", text, terms, maxRunes, out, got, sn.visibleText())
	}
	if valid[bs:be] != sn.Text || sn.Before != (bs > 0) || sn.After != (be < len(valid)) {
		t.Fatalf("Build(%q, %q, %d): window %q at %d is not the text there", text, terms, maxRunes, sn.Text, bs)
	}
	bound := maxRunes
	if bound <= 0 {
		bound = DefaultMaxRunes
	}
	if n := utf8.RuneCountInString(visible(out)); n > bound {
		t.Fatalf("Build(%q, %q, %d) = %q: %d runes", text, terms, maxRunes, out, n)
	}

	// The window agrees with the marks of the whole text: same marks inside
	// it, and it never starts inside a mark, nor ends inside one unless that
	// mark alone does not fit.
	all := Find(valid, terms)
	var want []Span
	for _, m := range all {
		if m.Start < bs && bs < m.End {
			t.Fatalf("Build(%q, %q, %d) = %q: starts inside a mark", text, terms, maxRunes, out)
		}
		if m.Start < be && be < m.End && (m.Start < bs || utf8.RuneCountInString(valid[m.Start:m.End]) <= bound-2) {
			t.Fatalf("Build(%q, %q, %d) = %q: ends inside a mark that fits", text, terms, maxRunes, out)
		}
		if s, e := max(m.Start, bs), min(m.End, be); s < e {
			want = append(want, Span{s - bs, e - bs})
		}
	}
	if !equalSpans(sn.Marks, want) {
		t.Fatalf("Build(%q, %q, %d): marks %v, want %v", text, terms, maxRunes, sn.Marks, want)
	}
}

func (s Snippet) visibleText() string {
	v := s.Text
	if s.Before {
		v = ellipsis + v
	}
	if s.After && (!s.Before || s.Text != "") {
		v += ellipsis
	}
	return v
}

func equalSpans(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEscapeMatchesHTML(t *testing.T) {
	s := `<a href="x">'&'</a>`
	if got, want := Mark(s, nil), html.EscapeString(s); got != want {
		t.Errorf("Mark(%q) = %q, html.EscapeString gives %q", s, got, want)
	}
}

// FuzzSnippet checks Build's promises on any text, query and bound.
//
//	go test -fuzz FuzzSnippet -fuzztime 60s ./index/snippet
func FuzzSnippet(f *testing.F) {
	f.Add("<script>alert(1)</script>制造业", "script 制造", 10)
	f.Add("發展製造業，２０２４年ＧＤＰ增長。㈱ﬁ", "制造业 2024 gdp", 12)
	f.Add("制造业制造业再次增长。后来中国制造业也增长了", "制造 造业", 8)
	f.Add("aaaa bbbb, cccc; dddd。eeee", "a b", 3)
	f.Add("a\xffb\u0301 c\u3000\u3000d", "b́ c d", 1)
	f.Add("", "", 0)
	for _, p := range seedParagraphs(f)[:5] {
		f.Add(p, "惠阳 制造业", 40)
	}
	f.Fuzz(func(t *testing.T, text, query string, maxRunes int) {
		if len(text) > 1<<12 || len(query) > 256 {
			return
		}
		maxRunes %= 300
		var terms []string
		for _, q := range strings.Fields(query) {
			terms = append(terms, normalize.String(q))
		}
		checkSnippet(t, text, terms, maxRunes)
		checkASCIIMarks(t, text, terms)
	})
}

// checkASCIIMarks compares Find with a naive oracle when text and terms are
// ASCII without whitespace, where folding is just lower case.
func checkASCIIMarks(t *testing.T, text string, terms []string) {
	t.Helper()
	for _, s := range append([]string{text}, terms...) {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf || asciiSpace(s[i]) {
				return
			}
		}
	}
	lower := strings.ToLower(text)
	want := make([]bool, len(text))
	for _, term := range terms {
		for at := 0; term != "" && at < len(lower); at++ {
			if strings.HasPrefix(lower[at:], term) {
				for k := at; k < at+len(term); k++ {
					want[k] = true
				}
			}
		}
	}
	got := make([]bool, len(text))
	for _, m := range Find(text, terms) {
		for k := m.Start; k < m.End; k++ {
			got[k] = true
		}
	}
	for k := range got {
		if got[k] != want[k] {
			t.Fatalf("Find(%q, %q) = %v: byte %d marked %v, want %v", text, terms, Find(text, terms), k, got[k], want[k])
		}
	}
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// seedParagraphs returns the non-empty lines of the seed articles.
func seedParagraphs(tb testing.TB) []string {
	tb.Helper()
	var ps []string
	for _, name := range seeds.Names() {
		b, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			tb.Fatal(err)
		}
		for line := range strings.Lines(string(b)) {
			if line = strings.TrimSpace(line); line != "" {
				ps = append(ps, line)
			}
		}
	}
	return ps
}

// TestSeeds runs Build over every seed paragraph with a query mix and checks
// the invariants, and that every paragraph containing a term gets a mark.
func TestSeeds(t *testing.T) {
	queries := [][]string{
		fold("制造业"), fold("储能"), fold("钢"), fold("惠阳", "制造业"), fold("2023"),
		fold("製造業"), fold("工信局", "工业和信息化局"), fold("的"), fold("高质量发展"),
	}
	for _, p := range seedParagraphs(t) {
		folded := normalize.String(p)
		for _, q := range queries {
			for _, max := range []int{0, 30, 120} {
				checkSnippet(t, p, q, max)
			}
			hit := false
			for _, term := range q {
				hit = hit || strings.Contains(folded, term)
			}
			if got := strings.Contains(Build(p, q, 120), markOpen); got != hit {
				t.Errorf("paragraph %.30q, terms %q: marked %v, contains %v", p, q, got, hit)
			}
		}
	}
}

// BenchmarkBuild builds 120-rune snippets over a long seed paragraph.
//
//	go test -run '^$' -bench Build -benchmem ./index/snippet
func BenchmarkBuild(b *testing.B) {
	ps := seedParagraphs(b)
	p := ""
	for _, s := range ps {
		if strings.Contains(s, "制造业") && len(s) > len(p) {
			p = s
		}
	}
	for _, c := range []struct {
		name  string
		terms []string
	}{
		{"one", fold("制造业")},
		{"two", fold("制造业", "发展")},
		{"frequent", fold("的")},
		{"none", fold("钢铁")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				_ = Build(p, c.terms, DefaultMaxRunes)
			}
		})
	}
	b.Run("mark", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Mark(p, fold("制造业", "发展"))
		}
	})
}
