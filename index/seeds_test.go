package index

import (
	"context"
	"io/fs"
	"reflect"
	"strings"
	"sync"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/index/querylang"
	"fangtan/seeds"
)

// seedArticles parses the embedded seeds.
func seedArticles(t testing.TB) []*article.Article {
	t.Helper()
	var arts []*article.Article
	for _, name := range seeds.Names() {
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := article.Parse(data, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		arts = append(arts, a)
	}
	return arts
}

var (
	seedOnce sync.Once
	seedIx   *Index
	seedErr  error
)

// seedIndex is one index over the seeds shared by the tests of this package.
func seedIndex(t testing.TB) (*Index, map[string]string) {
	t.Helper()
	arts := seedArticles(t)
	seedOnce.Do(func() {
		seedIx, seedErr = Open(Options{Dir: seedDir, Shards: 2})
		if seedErr == nil {
			putAll(t, seedIx, arts...)
		}
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	paras := map[string]string{}
	for _, a := range arts {
		for _, p := range a.Paragraphs {
			if p.Kind.Searchable() && strings.TrimSpace(p.Text) != "" {
				paras[docID(a.ID, p.N)] = p.Text
			}
		}
	}
	return seedIx, paras
}

// The substring oracle: for every query the hits are exactly the paragraphs
// whose folded text holds the folded query (precision and recall 1.0).
var oracleQueries = []string{
	// single characters
	"钢", "储", "业", "惠", "5", "%",
	// common and rare words
	"制造业", "产业", "发展", "高质量发展", "企业", "新型储能", "专精特新", "制造业当家",
	"数字化转型", "纬景储能", "灵巧手大赛", "欧阳全", "盛云峰", "撂荒耕地", "惠霞高速",
	"坚持制造业当家", "推动制造业高端化",
	// traditional forms
	"製造業", "儲能", "專精特新", "工業和資訊化", "產業園區",
	// full-width digits and letters, Latin
	"５Ｇ", "２０２５年", "ＧＤＰ", "5G", "gdp", "5g", "A股",
	// numbers and punctuation inside terms
	"2025年", "1200亿元", "3+7", "“3+7”", "10.7%",
	// several terms, exclusion, OR, phrases
	"储能 惠州", "制造业 数字化", "储能 -惠阳", "制造业 -韶关 -惠州", "氢能 OR 储能",
	"钢铁 OR 石化 OR 水泥", `"新型储能产业"`, "储能 OR 制造业 -产业",
	// synonyms
	"工信局", "工信厅", "规上", "发改局", "市工信局",
	// nothing to find
	"量子计算机", "制造造业",
}

func TestSubstringOracle(t *testing.T) {
	ix, paras := seedIndex(t)
	if len(oracleQueries) < 40 {
		t.Fatalf("only %d queries", len(oracleQueries))
	}
	found := 0
	for _, q := range oracleQueries {
		pq, err := querylang.Parse(q, ix.syn)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		want := oracle(paras, pq)
		if len(want) > 0 {
			found++
		}
		got := hitIDs(find(t, ix, model.Request{Query: q, Size: 1000}))
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: index found %d %v,\noracle found %d %v", q, len(got), got, len(want), want)
		}
	}
	if found < 40 {
		t.Errorf("only %d queries find something: the oracle test has gone soft", found)
	}
}

func TestFoldedFormsFindTheSameParagraphs(t *testing.T) {
	ix, _ := seedIndex(t)
	pairs := [][2]string{{"製造業", "制造业"}, {"５Ｇ", "5G"}, {"GDP", "gdp"}, {"２０２５", "2025"}}
	for _, p := range pairs {
		a := hitIDs(find(t, ix, model.Request{Query: p[0], Size: 1000}))
		b := hitIDs(find(t, ix, model.Request{Query: p[1], Size: 1000}))
		if len(a) == 0 || strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%s found %v, %s found %v", p[0], a, p[1], b)
		}
	}
	// 工信局 also finds the full name, and marks what matched
	res := find(t, ix, model.Request{Query: "工信局", Size: 1000})
	full := false
	for _, h := range res.Hits {
		if strings.Contains(h.Snippet, "<mark>工业和信息化局</mark>") {
			full = true
		}
	}
	if !full {
		t.Error("工信局 found no paragraph marked 工业和信息化局")
	}
}

func TestSnippetsMarkWholePhrases(t *testing.T) {
	ix, _ := seedIndex(t)
	res := find(t, ix, model.Request{Query: "制造业", Size: 1000})
	if res.Total == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		if !strings.Contains(h.Snippet, "<mark>制造业</mark>") {
			t.Errorf("%s: no whole mark in %q", h.ID, h.Snippet)
		}
		if strings.Contains(h.Snippet, "<mark>制造</mark>业") || strings.Count(h.Snippet, "<mark>") != strings.Count(h.Snippet, "</mark>") {
			t.Errorf("%s: broken marks in %q", h.ID, h.Snippet)
		}
		if n := len([]rune(stripMarks(h.Snippet))); n > 130 {
			t.Errorf("%s: snippet of %d characters", h.ID, n)
		}
	}
	// a traditional query marks the simplified original
	res = find(t, ix, model.Request{Query: "儲能", Size: 1})
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>储能</mark>") {
		t.Errorf("儲能: %v", res.Hits)
	}
}

func stripMarks(s string) string {
	return strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
}

func TestXSSInArticlesComesBackEscaped(t *testing.T) {
	ix := openTest(t)
	putAll(t, ix, bodyArticle("xss", "<b>标题</b>", "", "惠州", `储能<script>alert(1)</script>"><img src=x onerror=alert(1)>`))
	res := find(t, ix, model.Request{Query: "储能"})
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	s := res.Hits[0].Snippet
	if strings.Contains(s, "<script") || strings.Contains(s, "<img") || !strings.Contains(s, "&lt;script&gt;") {
		t.Errorf("snippet not escaped: %q", s)
	}
	if n := find(t, ix, model.Request{Query: "<script>"}).Total; n != 1 {
		t.Errorf("searching for the markup itself: %d hits", n)
	}
}

func TestRankingPrefersTitleAndBody(t *testing.T) {
	// the articles are copies of one another, which a search shows once
	// (reposts.go): the ranking of every copy is what is tested
	ix := openTest(t)
	putAll(t, ix,
		bodyArticle("plain", "无关标题", "2024-01-01", "惠州", "这里提到储能一次，还有很多别的内容，内容很长很长。"),
		bodyArticle("titled", "储能产业访谈", "2020-01-01", "惠州", "这里提到储能一次，还有很多别的内容，内容很长很长。"),
	)
	res := find(t, ix, model.Request{Query: "储能", NoCollapse: true})
	if len(res.Hits) != 2 || res.Hits[0].ArticleID != "titled" {
		t.Errorf("a title match must rank first: %v", hitIDs(res))
	}
	// a caption saying the same ranks below the body text
	capt := bodyArticle("capt", "无关标题", "2025-01-01", "惠州", "储能电站。")
	capt.Paragraphs[0].Kind = article.Caption
	body := bodyArticle("body", "无关标题", "2018-01-01", "惠州", "储能电站。")
	ix2 := openTest(t)
	putAll(t, ix2, capt, body)
	if res := find(t, ix2, model.Request{Query: "储能", NoCollapse: true}); len(res.Hits) != 2 || res.Hits[0].ArticleID != "body" {
		t.Errorf("a caption outranks the same body text: %v", hitIDs(res))
	}
	// equal scores: newer first
	putAll(t, ix, bodyArticle("older", "无关标题", "2019-01-01", "惠州", "这里提到储能一次，还有很多别的内容，内容很长很长。"))
	res = find(t, ix, model.Request{Query: "储能", NoCollapse: true})
	if res.Hits[1].ArticleID != "plain" || res.Hits[2].ArticleID != "older" {
		t.Errorf("ties must be newer first: %v %v", res.Hits[1].ArticleID, res.Hits[2].ArticleID)
	}
}

func TestSuggest(t *testing.T) {
	ix, _ := seedIndex(t)
	got, err := ix.Suggest(context.Background(), "储能", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("no suggestions for 储能")
	}
	for _, s := range got {
		if !strings.HasPrefix(s.Text, "储能") || s.Text == "储能" || s.Count < 1 {
			t.Errorf("bad suggestion %+v", s)
		}
		if n := find(t, ix, model.Request{Query: s.Text, Size: 1}).Total; n != s.Count {
			t.Errorf("%s: count %d, search finds %d", s.Text, s.Count, n)
		}
	}
	if got, _ := ix.Suggest(context.Background(), "  ", 5); len(got) != 0 {
		t.Errorf("blank prefix: %v", got)
	}
}

// The article page shows exactly what was indexed: every paragraph, its
// kind, speaker and text, headings and credits included; browsing without
// a query lists every searchable paragraph and nothing else.
func TestSeedArticlesRoundTrip(t *testing.T) {
	ix, paras := seedIndex(t)
	ctx := context.Background()
	for _, want := range seedArticles(t) {
		got, err := ix.Article(ctx, want.ID)
		if err != nil {
			t.Fatalf("%s: %v", want.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the stored article differs from the parsed one", want.ID)
		}
	}
	res, err := ix.Search(ctx, &model.Request{Page: 1, Size: 1, Sort: model.ByRelevance})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != len(paras) || ix.Stats().Paragraphs != len(paras) {
		t.Errorf("browsing finds %d paragraphs, stats say %d, the seeds have %d", res.Total, ix.Stats().Paragraphs, len(paras))
	}
}
