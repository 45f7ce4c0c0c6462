package vocab

import (
	"bytes"
	"slices"
	"testing"
	"unicode"
)

func testCounter() *Counter {
	c := NewCounter()
	for _, p := range []string{
		"坚持制造业当家，推进新型工业化。", "制造业当家，新型工业化，新型储能产业。",
		"发展新型储能，储能产业集群。", "重庆和长沙的银行业，行业协会。", "重庆银行，长沙银行，行业发展。",
	} {
		c.AddText(p)
	}
	c.AddName(KindSpeaker, "欧阳全")
	c.AddName(KindSource, "南方日报")
	return c
}

func TestClosedPhrases(t *testing.T) {
	v := testCounter().Vocabulary()
	for _, want := range []string{"制造业当家", "新型工业化", "新型储能", "储能产业", "欧阳全", "南方日报", "惠州"} {
		if _, ok := v.Lookup(want); !ok {
			t.Errorf("%s is not in the vocabulary", want)
		}
	}
	// parts that only ever occur inside a longer phrase are not phrases
	for _, not := range []string{"造业当", "业当家", "型工业"} {
		if _, ok := v.Lookup(not); ok {
			t.Errorf("%s should not be in the vocabulary (not closed)", not)
		}
	}
}

func TestFromPinyinAndTypos(t *testing.T) {
	v := testCounter().Vocabulary()
	for in, want := range map[string]string{
		"zhizaoyedangjia": "制造业当家", "xxgyh": "新型工业化", "chongqing": "重庆",
		"changsha": "长沙", "hangye": "行业", "yinhang": "银行", "Xīnxíng chǔnéng": "新型储能",
		"huizhou": "惠州", "ouyangquan": "欧阳全",
	} {
		if got := v.FromPinyin(in, 3); len(got) == 0 || got[0] != want {
			t.Errorf("FromPinyin(%q) = %q, want %s first", in, got, want)
		}
	}
	for _, in := range []string{"5g", "gdp", "tech", ""} {
		if got := v.FromPinyin(in, 3); len(got) != 0 {
			t.Errorf("FromPinyin(%q) = %q, want nothing", in, got)
		}
	}
	for in, want := range map[string]string{
		"新形工业化": "新型工业化", "欧阳泉": "欧阳全", "制造也当家": "制造业当家",
		"储能业产": "储能产业", "新储能": "新型储能",
	} {
		if got := v.Typos(in, 5); !slices.Contains(got, want) {
			t.Errorf("Typos(%s) = %q, want %s among them", in, got, want)
		}
	}
	if got := v.Complete("chun", 5); len(got) == 0 || got[0].Text != "储能" && got[0].Text != "储能产业" {
		t.Errorf("Complete(chun) = %v, want 储能… first", got)
	}
}

func TestCounterRoundTrip(t *testing.T) {
	c := testCounter()
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	d := NewCounter()
	if _, err := d.ReadFrom(&buf); err != nil {
		t.Fatal(err)
	}
	a, b := c.Vocabulary(), d.Vocabulary()
	if a.Len() != b.Len() {
		t.Fatalf("%d entries before saving, %d after", a.Len(), b.Len())
	}
	if _, err := NewCounter().ReadFrom(bytes.NewReader([]byte("junk\n"))); err == nil {
		t.Error("a file that is no vocabulary was read without an error")
	}
}

// TestIsHan: the fast paths of isHan agree with Unicode's Han script on
// every code point.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("isHan(%U) = %v", r, isHan(r))
		}
	}
}
