package forgive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fangtan/article"
	"fangtan/index"
	"fangtan/index/model"
	"fangtan/index/vocab"
)

// forgivingCases are queries over the seeds with the did_you_mean they
// should get ("" for none) and whether the hits shown are those of the
// proposal (the query itself found nothing).
var forgivingCases = []struct {
	kind, q   string
	city      string
	exact     bool
	want      string
	rewritten bool
}{
	// full pinyin, with and without spaces, tones and capitals
	{"pinyin", "zhizaoye", "", false, "制造业", true},
	{"pinyin", "zhi zao ye", "", false, "制造业", true},
	{"pinyin", "zhìzào yè", "", false, "制造业", true},
	{"pinyin", "zhì zào yè", "", false, "制造业", true},
	{"pinyin", "ZhiZaoYe", "", false, "制造业", true},
	{"pinyin", "zhi'zao'ye", "", false, "制造业", true},
	{"pinyin", "chuneng", "", false, "储能", true},
	{"pinyin", "chu neng", "", false, "储能", true},
	{"pinyin", "xinxingchuneng", "", false, "新型储能", true},
	{"pinyin", "xinxing chuneng", "", false, "新型储能", true},
	{"pinyin", "zhizaoyedangjia", "", false, "制造业当家", true},
	{"pinyin", "xinxinggongyehua", "", false, "新型工业化", true},
	{"pinyin", "zhuanjingtexin", "", false, "专精特新", true},
	{"pinyin", "gaozhiliang fazhan", "", false, "高质量发展", true},
	{"pinyin", "xinzhishengchanli", "", false, "新质生产力", true},
	{"pinyin", "zhizao", "", false, "制造", true},
	{"pinyin", "chuneng huizhou", "", false, "储能 惠州", true},
	// initials of known phrases
	{"initials", "zzy", "", false, "制造业", true},
	{"initials", "xxgyh", "", false, "新型工业化", true},
	{"initials", "zjtx", "", false, "专精特新", true},
	{"initials", "gzlfz", "", false, "高质量发展", true},
	{"initials", "zzydj", "", false, "制造业当家", true},
	{"initials", "zz", "", false, "", false}, // two letters are too fuzzy
	// places, names and sources in pinyin
	{"place", "huizhou", "", false, "惠州", true},
	{"place", "huiyang", "", false, "惠阳", true},
	{"place", "shaoguan", "", false, "韶关", true},
	{"place", "zhuhai", "", false, "珠海", true},
	{"place", "gansu", "", false, "甘肃", true},
	{"name", "ouyangquan", "", false, "欧阳全", true},
	{"name", "ouyang", "", false, "欧阳全", true},
	{"name", "liaowei", "", false, "廖巍", true},
	{"name", "shengyunfeng", "", false, "盛云峰", true},
	{"name", "nanfangribao", "", false, "南方日报", true},
	// Latin mixed with Chinese: only the Latin word is read as pinyin
	{"mixed", "惠州 chuneng", "", false, "惠州 储能", true},
	{"mixed", "chuneng 惠洲", "", false, "储能 惠州", true},
	// typos: the same pinyin
	{"typo", "制造也", "", false, "制造业", true},
	{"typo", "制造叶", "", false, "制造业", true},
	{"typo", "新形工业化", "", false, "新型工业化", true},
	{"typo", "惠洲", "", false, "惠州", true},
	{"typo", "绍关", "", false, "韶关", true},
	{"typo", "朱海", "", false, "珠海", true},
	{"typo", "专精特心", "", false, "专精特新", true},
	{"typo", "高值量发展", "", false, "高质量发展", true},
	{"typo", "新质生产率", "", false, "新质生产力", true},
	{"typo", "坚持制造也当家", "", false, "坚持制造业当家", true},
	{"typo", "储能 惠洲", "", false, "储能 惠州", true},
	// typos: swapped, dropped, added characters; words run together
	{"typo", "造制业", "", false, "制造业", true},
	{"typo", "产业群集", "", false, "产业集群", true},
	{"typo", "新储能", "", false, "新型储能", true},
	{"typo", "专精新", "", false, "专精特新", true},
	{"typo", "韶关制造业", "", false, "韶关 制造业", true},
	// names
	{"name", "欧阳泉", "", false, "欧阳全", true},
	{"name", "廖威", "", false, "廖巍", true},
	{"name", "盛云锋", "", false, "盛云峰", true},
	// literal Latin keeps its literal hits, and is no pinyin
	{"literal", "5G", "", false, "", false},
	{"literal", "GDP", "", false, "", false},
	{"literal", "A股", "", false, "", false},
	{"literal", "tech", "", false, "", false},
	// exact queries are left alone
	{"exact", "储能", "", false, "", false},
	{"exact", "制造业当家", "", false, "", false},
	{"exact", "新型工业化", "", false, "", false},
	{"exact", "惠阳", "", false, "", false},
	{"exact", "盛云峰", "", false, "", false},
	{"exact", "钢", "", false, "", false},
	{"exact", "专精特新", "", false, "", false},
	{"exact", "高质量发展", "", false, "", false},
	{"exact", "制造业 -韶关", "", false, "", false},
	{"exact", "储能 OR 氢能", "", false, "", false},
	{"exact", `"制造也"`, "", false, "", false}, // quoted: taken as written
	// exact=1 offers, never rewrites
	{"exact=1", "zhizaoye", "", true, "制造业", false},
	{"exact=1", "制造也", "", true, "制造业", false},
	// a filter narrows what a proposal may find
	{"filter", "chuneng", "惠州", false, "储能", true},
	{"filter", "shaoguan", "惠州", false, "", false},
	// nothing to propose
	{"none", "xyzzy", "", false, "", false},
	{"none", "珠诲", "", false, "", false},
}

func TestForgivingTable(t *testing.T) {
	if len(forgivingCases) < 60 {
		t.Fatalf("only %d cases", len(forgivingCases))
	}
	ix := seedIndex(t)
	s := Wrap(ix, ix)
	ctx := context.Background()
	for _, c := range forgivingCases {
		t.Run(c.kind+"/"+c.q, func(t *testing.T) {
			req := &model.Request{Query: c.q, Page: 1, Size: 10, Exact: c.exact}
			if c.city != "" {
				req.City = []string{c.city}
			}
			lit := *req
			plain, err := ix.Search(ctx, &lit)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.DidYouMean != c.want {
				t.Errorf("did_you_mean = %q, want %q (total %d)", res.DidYouMean, c.want, res.Total)
			}
			switch {
			case c.rewritten:
				if res.RewrittenFrom != c.q || res.Query != c.want || res.Total == 0 {
					t.Errorf("rewritten_from %q, query %q, total %d: want the hits of %q for %q", res.RewrittenFrom, res.Query, res.Total, c.want, c.q)
				}
				if plain.Total != 0 {
					t.Errorf("rewritten although %q finds %d paragraphs itself", c.q, plain.Total)
				}
			default:
				// the query's own hits, untouched
				if res.RewrittenFrom != "" || res.Query != c.q || res.Total != plain.Total || !sameHits(res.Hits, plain.Hits) {
					t.Errorf("rewritten_from %q, query %q, total %d: want the query's own %d hits", res.RewrittenFrom, res.Query, res.Total, plain.Total)
				}
			}
			if c.kind == "literal" && plain.Total == 0 && c.q != "tech" {
				t.Errorf("the seeds have no %q: the case proves nothing", c.q)
			}
		})
	}
}

func sameHits(a, b []model.Hit) bool {
	return slices.EqualFunc(a, b, func(x, y model.Hit) bool { return x.ID == y.ID })
}

// TestExactQueriesKeepTheirHits asks for every phrase of the vocabulary
// and for random pieces of the seed paragraphs: whatever finds something
// is answered with its own hits and never rewritten, and a did_you_mean
// beside them is rare (a query with at most a couple of hits, with a
// proposal finding ten times more).
func TestExactQueriesKeepTheirHits(t *testing.T) {
	ix := seedIndex(t)
	s := Wrap(ix, ix)
	ctx := context.Background()
	var queries []string
	ix.Vocabulary().Each(func(e vocab.Entry) {
		if e.Count > 0 {
			queries = append(queries, e.Text)
		}
	})
	rng := rand.New(rand.NewPCG(13, 13))
	res, err := ix.Search(ctx, &model.Request{Page: 1, Size: 200, NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		h := res.Hits[rng.IntN(len(res.Hits))]
		text := []rune(stripTags(h.Snippet))
		n := 2 + rng.IntN(7)
		if len(text) <= n {
			continue
		}
		at := rng.IntN(len(text) - n)
		q := strings.TrimSpace(string(text[at : at+n]))
		if utf8.RuneCountInString(q) >= 2 && !strings.ContainsAny(q, `"“”＂-…`) {
			queries = append(queries, q)
		}
	}
	offered := 0
	for _, q := range queries {
		req := &model.Request{Query: q, Page: 1, Size: 10, NoFacets: true}
		lit := *req
		plain, err := ix.Search(ctx, &lit)
		if err != nil || plain.Total == 0 {
			continue
		}
		got, err := s.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if got.RewrittenFrom != "" || got.Query != q || got.Total != plain.Total || !sameHits(got.Hits, plain.Hits) {
			t.Errorf("%q (%d hits) came back as %q (%d hits, rewritten from %q)", q, plain.Total, got.Query, got.Total, got.RewrittenFrom)
		}
		if got.DidYouMean != "" {
			offered++
			t.Logf("%q (%d hits): did_you_mean %q", q, plain.Total, got.DidYouMean)
			if plain.Total > fewHits && !vocab.IsLatin(q) {
				t.Errorf("%q finds %d paragraphs and was offered %q", q, plain.Total, got.DidYouMean)
			}
		}
	}
	t.Logf("%d exact queries, %d offered a did_you_mean beside their hits", len(queries), offered)
	if len(queries) < 200 {
		t.Fatalf("only %d queries: the test proves little", len(queries))
	}
}

func stripTags(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
	return s
}

func ExampleWrap() {
	// An index over the seeds would answer zhizaoye with the hits of 制造业.
	fmt.Println(vocab.Reading("重庆"))
	// Output: [chong qing]
}

// A typo that the text itself holds once finds that paragraph: it is
// shown, and the correction that finds far more is offered beside it.
func TestFewHitsKeepTheirHitsAndGetAnOffer(t *testing.T) {
	typo := &article.Article{ID: "typo", Title: "一篇有错别字的稿子", Paragraphs: []article.Paragraph{
		{N: 1, Kind: article.Body, Text: "我市坚持制造也当家，这里的“制造也”是错别字。"},
	}}
	ix, err := newIndex(typo)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := Wrap(ix, ix).Search(context.Background(), &model.Request{Query: "制造也", Page: 1, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ArticleID != "typo" || res.RewrittenFrom != "" {
		t.Errorf("total %d, rewritten from %q: want the one paragraph that holds 制造也", res.Total, res.RewrittenFrom)
	}
	if res.DidYouMean != "制造业" {
		t.Errorf("did_you_mean = %q, want 制造业", res.DidYouMean)
	}
}

// An index built before vocabularies existed (no vocab.txt) counts its
// stored text when opened, and forgives as well as a new one.
func TestVocabularyOfAnOlderIndex(t *testing.T) {
	dir := t.TempDir()
	ix, err := newIndexIn(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, "*", "vocab.txt"))
	if len(gens) != 1 {
		t.Fatalf("vocab.txt files: %q", gens)
	}
	if err := os.Remove(gens[0]); err != nil {
		t.Fatal(err)
	}
	ix, err = index.Open(index.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.WaitVocabulary()
	res, err := Wrap(ix, ix).Search(context.Background(), &model.Request{Query: "xxgyh", Page: 1, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Query != "新型工业化" || res.Total == 0 {
		t.Errorf("xxgyh on a reopened older index: %q, %d hits", res.Query, res.Total)
	}
}
