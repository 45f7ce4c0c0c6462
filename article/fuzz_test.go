package article

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var fuzzExts = []string{".txt", ".md", ".html", ".jsonl", ".htm", ".json"}

// FuzzParse: no input makes Parse panic, errors are *Error naming the
// file, and a parsed article keeps its invariants and parses the same
// twice.
//
//	go test -fuzz FuzzParse -fuzztime 60s ./article
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("../seeds/*.txt")
	more, _ := filepath.Glob("testdata/variations/*")
	for i, p := range append(paths, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, byte(i))
	}
	for _, s := range []string{
		"", " ", "\n\n\n", "\xef\xbb\xbf标题\n正文。", "\xbb\xdd\xd6\xdd", "标题", "标题\n",
		"<", "<<<>>>", "<p", "<nav><p>标题</p>", "<h1></h1><p>正文。</p>", "<script>", "<!--", "<br><br><br>",
		"# \n## \n![]()", "---\n---", "```\n正文", "> > >",
		"标题\n记者:\n记者:\n欧阳全:\n欧阳全:", "标题\n2024年2月30日\n正文。", "标题\n来源:\n正文。",
		"标题\n发布时间: 来源: 作者:\n正文。", "标题\n【】\n【记者】\n正文。", "标题\n摄\n正文。",
		`{"title":"t","paragraphs":[]}`, `{"text":""}`, `{"paragraphs":[{"n":-1,"kind":"body","text":""}],"title":"x"}`, "{}\n{}\n",
		"标题\n\u3000\u3000\n\u200b\n正文。", "标题\r正文。\r", "ＡＢＣ\n２０２４年８月２６日\n正文。",
	} {
		f.Add([]byte(s), byte(len(s)))
	}
	// Shapes that once made a pass quadratic: thousands of short lines
	// before a headline, and elements nested thousands deep.
	f.Add([]byte(strings.Repeat("工作动态\n", 20000)+"标题是这样一行字\n正文。"), byte(0))
	f.Add([]byte(strings.Repeat(`<div class="share">`, 5000)+"<p>正文，正文。</p>"+strings.Repeat("<p>短行</p>", 5000)), byte(2))
	f.Fuzz(func(t *testing.T, data []byte, sel byte) {
		if len(data) > 1<<18 {
			return // keep each run fast; big inputs are the benchmark's job
		}
		ext := fuzzExts[int(sel)%len(fuzzExts)]
		name := "fuzz" + ext
		a, err := Parse(data, name)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Path != name || e.Reason == "" {
				t.Fatalf("error %v (%T), want *Error naming %s", err, err, name)
			}
			return
		}
		if a.ID == "" {
			t.Fatalf("no id: %+v", a)
		}
		b, err := Parse(data, name)
		if err != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("second parse differs: %v", err)
		}
		if ext == ".json" || ext == ".jsonl" {
			return // records keep their paragraphs as given
		}
		checkInvariants(t, name, a)
		if !hasBody(itemsOf(a)) {
			t.Fatal("parsed without a body paragraph")
		}
	})
}

func itemsOf(a *Article) []item {
	out := make([]item, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		out[i] = item{kind: p.Kind}
	}
	return out
}
