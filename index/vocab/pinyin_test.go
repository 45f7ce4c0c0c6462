package vocab

import (
	"strings"
	"testing"
)

func TestReadingPolyphonesInWords(t *testing.T) {
	for word, want := range map[string]string{
		"重庆": "chong qing", "银行": "yin hang", "行业": "hang ye", "长沙": "chang sha",
		"厦门": "xia men", "制造业": "zhi zao ye", "储能": "chu neng", "惠州": "hui zhou",
		"欧阳全": "ou yang quan", "新型工业化": "xin xing gong ye hua", "重要": "zhong yao",
		"5G": "5 g",
	} {
		if got := strings.Join(Reading(word), " "); got != want {
			t.Errorf("Reading(%s) = %q, want %q", word, got, want)
		}
	}
}

func TestToneless(t *testing.T) {
	for in, want := range map[string]string{
		"Zhìzào yè": "zhizao ye", "lǜsè": "lvse", "lu:se": "lvse", "CHUNENG": "chuneng",
	} {
		if got := Toneless(in); got != want {
			t.Errorf("Toneless(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSyllables(t *testing.T) {
	for in, want := range map[string]string{
		"zhizaoye": "zhi zao ye", "xinxinggongyehua": "xin xing gong ye hua", "xian": "xian",
		"chuneng": "chu neng",
	} {
		got, ok := Syllables(in)
		if !ok || strings.Join(got, " ") != want {
			t.Errorf("Syllables(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"gdp", "5g", "tech"} {
		if got, ok := Syllables(in); ok {
			t.Errorf("Syllables(%q) = %q, want no split", in, got)
		}
	}
}
