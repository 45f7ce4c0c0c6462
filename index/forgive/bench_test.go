package forgive

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"fangtan/article"
	"fangtan/index"
	"fangtan/index/model"
)

// loadMix is the query mix of `fangtan load` (cmd/fangtan/load.go), the
// harness CI runs: words of the seeds, ANDs, a phrase, an exclusion, an OR.
var loadMix = []string{
	"制造业", "新质生产力", "产业集群", "高质量发展", "数字化转型", "新能源汽车", "储能", "光伏",
	"集成电路", "生物医药", "新材料", "专精特新", "产业链", "供应链", "技术改造", "工业互联网",
	"智能制造", "绿色低碳", "园区", "标准厂房", "规上工业", "固定资产投资", "人工智能", "万亿工业强市",
	"二次创业", "智造高地", "链长制", "中小企业", "新型工业化", "实体经济", "石化", "电子信息",
	"算力", "先进制造业", "现代化产业体系", "设备更新", "项目建设", "招商", "创新", "链",
	"制造业 高质量发展", "储能 产业链", "园区 标准厂房", "专精特新 中小企业", "\"新质生产力\"",
	"产业集群 -石化", "光伏 OR 储能", "惠州 制造业", "珠海", "韶关 产业", "甘肃 工业",
}

// benchIndex is 100 copies of the seeds (2,000-odd paragraphs), result
// cache off: every search does its work.
func benchIndex(b *testing.B) *index.Index {
	b.Helper()
	var arts []*article.Article
	for _, a := range seedArticlesForBench(b) {
		for i := 0; i < 100; i++ {
			c := *a
			c.ID = fmt.Sprintf("%s%04d", a.ID, i)
			arts = append(arts, &c)
		}
	}
	ix, err := index.Open(index.Options{Dir: b.TempDir(), CacheSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	i := 0
	if _, err := ix.PutAll(context.Background(), func() (*article.Article, error) {
		if i == len(arts) {
			return nil, io.EOF
		}
		i++
		return arts[i-1], nil
	}, nil); err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkQueryMix compares the load mix with and without the forgiving
// searcher, searches interleaved so both see the same machine, and
// reports each side's median latency (p50) and the overhead in percent:
//
//	go test -run '^$' -bench QueryMix -benchtime 2000x ./index/forgive
//
// FORGIVE_MIX=typos adds Latin and zero-hit queries (a quarter of the mix)
// to see what the forgiving work itself costs.
func BenchmarkQueryMix(b *testing.B) {
	ix := benchIndex(b)
	mix := slices.Clone(loadMix)
	if os.Getenv("FORGIVE_MIX") == "typos" {
		mix = append(mix, "zhizaoye", "chuneng", "制造也", "惠洲", "xxgyh", "新形工业化", "huizhou", "欧阳泉",
			"gaozhiliang fazhan", "5G", "tech", "韶关制造业", "zhuanjingtexin", "产业群集", "珠诲", "xyzzy", "ouyang")
	}
	plain, wrapped := model.Searcher(ix), Wrap(ix, ix)
	ctx := context.Background()
	var tPlain, tWrapped []time.Duration
	run := func(s model.Searcher, q string) time.Duration {
		start := time.Now()
		if _, err := s.Search(ctx, &model.Request{Query: q, Page: 1, Size: 10}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := mix[i%len(mix)]
		if i%2 == 0 {
			tPlain = append(tPlain, run(plain, q))
			tWrapped = append(tWrapped, run(wrapped, q))
		} else {
			tWrapped = append(tWrapped, run(wrapped, q))
			tPlain = append(tPlain, run(plain, q))
		}
	}
	p50 := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds())
	}
	a, w := p50(tPlain), p50(tWrapped)
	b.ReportMetric(a, "p50-plain-µs")
	b.ReportMetric(w, "p50-forgiving-µs")
	b.ReportMetric(100*(w-a)/a, "overhead-%")
}
