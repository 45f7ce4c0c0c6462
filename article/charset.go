package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// maxBadRunes is the share of undecodable characters above which a
// legacy decoding is taken to be the wrong one.
const maxBadRunes = 0.005

// decodeChinese decodes a page in a legacy Chinese encoding: the one an
// HTML page declares, else GB18030 or Big5, whichever reads as more
// common Chinese characters.
func decodeChinese(data []byte, ext string) (string, string, bool) {
	if ext == ".html" || ext == ".htm" {
		if e, name, certain := charset.DetermineEncoding(data, "text/html"); certain && name != "utf-8" {
			if text, ok := decodeWith(e, data); ok {
				return text, name + " (declared by the page)", true
			}
		}
	}
	best, bestName, bestScore := "", "", -1
	for _, c := range []struct {
		name string
		enc  encoding.Encoding
	}{{"gb18030", simplifiedchinese.GB18030}, {"big5", traditionalchinese.Big5}} {
		text, ok := decodeWith(c.enc, data)
		if !ok {
			continue
		}
		if s := commonHan(text); s > bestScore {
			best, bestName, bestScore = text, c.name, s
		}
	}
	if bestScore < 0 {
		return "", "", false
	}
	return best, bestName + " (detected)", true
}

func decodeWith(e encoding.Encoding, data []byte) (string, bool) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return "", false
	}
	text := string(out)
	bad := strings.Count(text, "\uFFFD")
	return text, float64(bad) <= maxBadRunes*float64(utf8.RuneCount(out))
}

// frequentHan are the most frequent characters of Chinese text, in both
// simplified and traditional forms: text decoded with the wrong legacy
// encoding is made of rare characters instead.
const frequentHan = "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會可主发發年动動同工也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着著等部度家电電力里裡如水化高自二理起小物现現实實加量都两兩体體制机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外天政四日那社义義事平形相全表间間样樣与與关關各重新线線内內数數正心反你明看原又么麼利比或但质質气氣第向道市局省县縣区區企展推建设設项項务務"

var frequentSet = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range frequentHan {
		m[r] = true
	}
	return m
}()

// commonHan counts the frequent characters in the first 64 KB of s.
func commonHan(s string) int {
	if len(s) > 64<<10 {
		s = s[:64<<10]
	}
	n := 0
	for _, r := range s {
		if frequentSet[r] {
			n++
		}
	}
	return n
}
