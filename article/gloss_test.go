package article

import "testing"

func TestStripGlosses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// a glossed page: every reading goes, a doubled one too
		{"工業(yè)增加值增長(zhǎng)8.6%，產(chǎn)業(yè)鏈長(zhǎng)(zhǎng)。", "工業增加值增長8.6%，產業鏈長。"},
		{"增长（zēng）长（zhǎng）了，行（háng）业", "增长长了，行业"},
		// a word's reading, its syllables spaced
		{"增長(zēng zhǎng)8%，產業(chǎn yè)鏈，業績(yè jì)", "增長8%，產業鏈，業績"},
		// one or two readings are text, and so are brackets of other kinds
		{"“阿(ā)”字读第一声。", "“阿(ā)”字读第一声。"},
		{"人工智能(AI)产业(含5G)规模(亿元)增长(zhǎng)", "人工智能(AI)产业(含5G)规模(亿元)增长(zhǎng)"},
		{"企业(dé)(mǎ)(dī)名单", "企业(dé)(mǎ)(dī)名单"}, // not after a character: no page of glosses
	} {
		if got, _ := stripGlosses(c.in); got != c.want {
			t.Errorf("stripGlosses(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// On a glossed page a bracket that is no syllable stays.
	if got, n := stripGlosses("產(chǎn)值(億元)增長(zhǎng)，業(yè)績(jì)"); got != "產值(億元)增長，業績" || n != 4 {
		t.Errorf("got %q, %d glosses", got, n)
	}
}

// A ruby's reading is no text of the page.
func TestRubyGlosses(t *testing.T) {
	page := `<html><head><meta charset="utf-8"></head><body><h1>工业投资增长两成</h1><div>2024-03-01</div>` +
		`<p>今年一季度，全市工业投资<ruby>增<rp>(</rp><rt>zēng</rt><rp>)</rp></ruby><ruby>长<rt>zhǎng</rt></ruby>21%。</p></body></html>`
	a, err := Parse([]byte(page), "ruby.html")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Paragraphs[0].Text; got != "今年一季度，全市工业投资增长21%。" {
		t.Errorf("text = %q", got)
	}
}

// Brackets cut short or empty never break the scan.
func TestStripGlossesEdges(t *testing.T) {
	for _, s := range []string{"", "(", "增(", "增(zh", "增（）", "增(ā)(", "(ā)(á)(ǎ)", "增(ā)長(á)業(ǎ)(", "增（ā）長（á）業（ǎ）（", "增(ā 長(á)", "\xff(ā)"} {
		stripGlosses(s)
	}
	if got, n := stripGlosses("增(ā)長(á)業(ǎ)("); got != "增長業(" || n != 3 {
		t.Errorf("got %q, %d", got, n)
	}
}
