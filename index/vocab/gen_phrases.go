//go:build ignore

// gen_phrases derives phrases.txt, the word readings that fix go-pinyin's
// per-character guesses (重庆 chong qing, not zhong qing), from the phrase
// table of the npm package pinyin 4.0.0 (MIT):
//
//	npm pack pinyin@4.0.0 && tar xzf pinyin-4.0.0.tgz
//	go run gen_phrases.go package/lib/cjs/pinyin.js > phrases.txt
//
// Only phrases whose reading differs from the first reading of each
// character are kept, toneless, one a line: 重庆 chong qing.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	pinyin "github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

var line = regexp.MustCompile(`^\s*"([^"]+)":\s*\[(.*)\],?\s*$`)
var syl = regexp.MustCompile(`\["([^"]+)"`)

func toneless(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 0x300 && r <= 0x36f:
		default:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "ü", "v")
}

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	in := false
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		if strings.HasPrefix(t, "const phrases_dict") {
			in = true
			continue
		}
		if in && strings.HasPrefix(t, "}") {
			break
		}
		m := line.FindStringSubmatch(t)
		if !in || m == nil {
			continue
		}
		word := []rune(m[1])
		sy := syl.FindAllStringSubmatch(m[2], -1)
		if len(sy) != len(word) {
			continue
		}
		differs := false
		var rd []string
		for i, r := range word {
			if r < 0x3400 {
				differs = false
				rd = nil
				break
			}
			got := toneless(sy[i][1])
			rd = append(rd, got)
			def := pinyin.PinyinDict[int(r)]
			first, _, _ := strings.Cut(def, ",")
			if toneless(first) != got {
				differs = true
			}
		}
		if differs && rd != nil {
			out[string(word)] = strings.Join(rd, " ")
		}
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "# Word readings where go-pinyin's first per-character reading is wrong.")
	fmt.Fprintln(w, "# Derived by gen_phrases.go from the npm package pinyin 4.0.0 (MIT); see README.md.")
	for _, k := range keys {
		fmt.Fprintf(w, "%s %s\n", k, out[k])
	}
	w.Flush()
}
