package article

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// bigArticle builds a scraped page of about size bytes from the seeds'
// paragraphs, each made unique, with headings, captions and credits mixed
// in, so nothing is dropped as a repeat.
func bigArticle(tb testing.TB, size int) ([]byte, int) {
	tb.Helper()
	var paras []string
	for _, p := range []string{"000_3fcf104642939ecf", "001_ee0e83dcef47400a", "002_755950e933952226", "003_39ddcd05d30923cf"} {
		a, err := ParseFile("../seeds/" + p + ".txt")
		if err != nil {
			tb.Fatal(err)
		}
		for _, q := range a.Paragraphs {
			if q.Kind == Body && q.Speaker == "" {
				paras = append(paras, q.Text)
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("惠州市工业和信息化局局长:坚持制造业当家 为惠州高质量发展构筑坚实产业基础\n\n2023-08-04 16:03:54 来源:南方日报\n\n南方日报记者 蓝单\n\n")
	n := 1 // the reporter line
	for i := 0; b.Len() < size; i++ {
		if i%20 == 10 {
			fmt.Fprintf(&b, "第%d部分 聚焦大产业\n\n", i/20+1)
			n++
		}
		fmt.Fprintf(&b, "(%d)%s\n\n", i, paras[i%len(paras)])
		n++
		if i%50 == 49 {
			fmt.Fprintf(&b, "惠州华星光电生产车间%d。惠州日报记者钟畅新 摄\n\n", i)
			n++
		}
	}
	b.WriteString("编辑:小丽\n")
	return b.Bytes(), n + 1
}

// TestLargeFile: a 5 MB page parses whole, every paragraph kept. The
// speed is measured by BenchmarkParse, not asserted here.
func TestLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	data, want := bigArticle(t, 5<<20)
	a, err := Parse(data, "big.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Paragraphs) != want || a.Date != "2023-08-04" {
		t.Errorf("%d paragraphs, date %q; want %d, 2023-08-04", len(a.Paragraphs), a.Date, want)
	}
}

// BenchmarkParse parses a seed and a generated 5 MB page, as plain text, as
// one 5 MB line, and as HTML:
//
//	go test -run '^$' -bench Parse -benchmem ./article
func BenchmarkParse(b *testing.B) {
	seed, err := os.ReadFile("../seeds/003_39ddcd05d30923cf.txt")
	if err != nil {
		b.Fatal(err)
	}
	big, _ := bigArticle(b, 5<<20)
	oneLine := bytes.ReplaceAll(big, []byte("\n"), []byte(" "))
	oneLine = append([]byte("标题\n"), oneLine...)
	html := []byte("<html><head><title>t</title></head><body><nav>菜单</nav><h1>" +
		strings.ReplaceAll(strings.ReplaceAll(string(big), "\n\n", "</p><p>"), "\n", "<br>") + "</p></body></html>")
	for _, c := range []struct {
		name string
		data []byte
		file string
	}{
		{"seed", seed, "seed.txt"},
		{"5MB", big, "big.txt"},
		{"5MB-one-line", oneLine, "line.txt"},
		{"5MB-html", html, "big.html"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(c.data, c.file); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
