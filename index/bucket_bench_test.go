package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
)

// The cost of a search should grow no faster than its hits. These
// benchmarks time searches grouped by how many paragraphs they match, with
// the result cache off, all six facets counted and snippets built, as the
// search API does:
//
//	go test -run '^$' -bench SearchByHits -count 6 ./index
//
// BenchmarkSearchByHits builds its own corpus of 40,000 paragraphs in which
// each bucket's words occur in a known number of paragraphs.
// BenchmarkHarnessByHits runs a query file of the comparison harness (one
// JSON object per line with "terms" and "truth_count") over an index built
// by `fangtan index`, skipped unless both are named:
//
//	FANGTAN_BENCH_DATA=/path/to/idx FANGTAN_BENCH_QUERIES=queries.jsonl \
//	  go test -run '^$' -bench HarnessByHits ./index

// hitBuckets are the buckets of the report, by number of hits.
var hitBuckets = []struct {
	name     string
	min, max int // hits in [min, max)
}{
	{"hits=1-10", 1, 10}, {"hits=10-1k", 10, 1000}, {"hits=1k-10k", 1000, 10000}, {"hits=10k+", 10000, 1 << 62},
}

func bucketOf(hits int) string {
	for _, b := range hitBuckets {
		if hits >= b.min && hits < b.max {
			return b.name
		}
	}
	return "hits=0"
}

// benchSearches times the requests in turn (page 1, 10 hits each) and
// reports, besides ns/op, the CPU time of the process per search
// (cpu-ns/op, on Unix), which other processes on a shared machine disturb
// less.
func benchSearches(b *testing.B, ix *Index, reqs []model.Request) {
	ctx := context.Background()
	cpu := processCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := reqs[i%len(reqs)]
		req.Page, req.Size = 1, 10
		if _, err := ix.Search(ctx, &req); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if used := processCPU() - cpu; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// bucketCorpus is n paragraphs of filler text, each of a synthetic article
// of ten paragraphs spread over provinces, cities, years, sources and
// speakers, in which word k of words occurs in every strides[k]-th
// paragraph.
func bucketCorpus(n int, words []string, strides []int) []*article.Article {
	provinces := []string{"广东省", "浙江省", "江苏省", "四川省", "湖北省", "山东省"}
	cities := []string{"广州市", "杭州市", "南京市", "成都市", "武汉市", "济南市", "深圳市", "宁波市", "苏州市", "绵阳市", "宜昌市", "青岛市"}
	sources := []string{"南方日报", "浙江日报", "新华日报", "四川日报", "湖北日报", "大众日报", "人民网", "新华网"}
	speakers := []string{"王建国", "李晓明", "张卫东", "陈志强", "刘海波", "赵丽华", "孙国庆"}
	filler := []rune("围绕重点产业链开展精准招商推动项目早落地早投产加快培育先进制造业集群提升企业数字化水平优化营商环境服务市场主体")
	var arts []*article.Article
	var a *article.Article
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			k := i / 10
			a = &article.Article{
				ID:       fmt.Sprintf("bucket%06d", k),
				Title:    fmt.Sprintf("第%d期工信访谈", k),
				Date:     fmt.Sprintf("%d-%02d-%02d", 2015+k%10, 1+k%12, 1+k%28),
				Source:   sources[k%len(sources)],
				Province: provinces[k%len(provinces)],
				City:     cities[k%len(cities)],
			}
			arts = append(arts, a)
		}
		var text strings.Builder
		start := (i * 7) % len(filler)
		for j := 0; j < 80; j++ {
			text.WriteRune(filler[(start+j)%len(filler)])
		}
		for k, w := range words {
			if i%strides[k] == 0 {
				text.WriteString("，" + w)
			}
		}
		text.WriteString("。")
		a.Paragraphs = append(a.Paragraphs, article.Paragraph{
			N: len(a.Paragraphs) + 1, Kind: article.Body, Speaker: speakers[i%len(speakers)], Text: text.String(),
		})
	}
	return arts
}

func BenchmarkSearchByHits(b *testing.B) {
	const n = 40000
	// made-up words that the filler never contains, one per bucket, and
	// a second word of the densest bucket for a query of two terms
	words := []string{"鲲鹏栖梧", "麒麟芯片", "玄武岩纤", "青蒿素", "钙钛矿"}
	strides := []int{n / 5, n / 300, n / 4000, 2, 3}
	ctx := context.Background()
	ix := builtForBench(b, bucketCorpus(n, words, strides))
	for _, q := range []string{words[0], words[1], words[2], words[3], words[3] + " " + words[4], "栖梧", "芯片", "纤", "钛矿"} {
		req := model.Request{Query: q, Page: 1, Size: 10}
		res, err := ix.Search(ctx, &req)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s/q=%s", bucketOf(res.Total), strings.ReplaceAll(q, " ", "_")), func(b *testing.B) {
			benchSearches(b, ix, []model.Request{{Query: q}})
		})
	}
}

func BenchmarkHarnessByHits(b *testing.B) {
	dir, file := os.Getenv("FANGTAN_BENCH_DATA"), os.Getenv("FANGTAN_BENCH_QUERIES")
	if dir == "" || file == "" {
		b.Skip("set FANGTAN_BENCH_DATA and FANGTAN_BENCH_QUERIES")
	}
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buckets := map[string][]model.Request{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var q struct {
			Terms []string `json:"terms"`
			Truth int      `json:"truth_count"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			b.Fatal(err)
		}
		name := bucketOf(q.Truth)
		buckets[name] = append(buckets[name], model.Request{Query: strings.Join(q.Terms, " ")})
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	ix, err := Open(Options{Dir: dir, CacheSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for _, hb := range hitBuckets {
		if reqs := buckets[hb.name]; len(reqs) > 0 {
			b.Run(fmt.Sprintf("%s/queries=%d", hb.name, len(reqs)), func(b *testing.B) {
				benchSearches(b, ix, reqs)
			})
		}
	}
}
