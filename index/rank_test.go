package index

import (
	"math"
	"testing"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/index/querylang"
)

// Each case is two paragraphs that both match the query, in different
// articles with the same date, and the one an editor puts first. The better
// one's ID sorts last, so a tie fails.
func TestRankingPreferences(t *testing.T) {
	filler := "全市推动产业结构调整，优化营商环境，提升服务水平，强化要素保障。"
	cases := []struct {
		name, query   string
		better, worse *article.Article
	}{
		{"a paragraph naming the term often beats a short one naming it once", "氢能",
			bodyArticle("z-often", "访谈", "2024-01-01", "惠州", "氢能产业是重点。"+filler+"今年氢能装备产值增长三成，氢能加注站新建五座，氢能重卡示范线路开通。"+filler),
			bodyArticle("a-once", "访谈", "2024-01-01", "惠州", "另外还有氢能。")},
		{"a long paragraph about the term beats a short passing mention", "数据要素",
			bodyArticle("z-long", "访谈", "2024-01-01", "惠州", "数据要素市场化配置改革是今年的重点。"+filler+filler+"全市将建设数据要素交易平台，培育数据要素服务商。"+filler),
			bodyArticle("a-short", "访谈", "2024-01-01", "惠州", filler+"数据要素也要跟上。")},
		{"the article's title naming the term lifts its paragraph", "算力",
			bodyArticle("z-titled", "算力产业访谈", "2024-01-01", "惠州", filler+"全市将布局算力中心。"),
			bodyArticle("a-untitled", "工业访谈", "2024-01-01", "惠州", filler+"全市将布局算力中心。")},
		{"an early first mention beats a late one", "低空经济",
			bodyArticle("z-early", "访谈", "2024-01-01", "惠州", "低空经济要加快发展。"+filler+filler),
			bodyArticle("a-late", "访谈", "2024-01-01", "惠州", filler+filler+"低空经济要加快发展。")},
		{"terms standing together beat terms far apart", "光伏 组件",
			bodyArticle("z-near", "访谈", "2024-01-01", "惠州", filler+"光伏组件产能翻番。"+filler),
			bodyArticle("a-far", "访谈", "2024-01-01", "惠州", "光伏起步较早。"+filler+filler+"组件企业增加。")},
		{"body text beats a caption saying the same", "风电",
			bodyArticle("z-body", "访谈", "2024-01-01", "惠州", "风电项目开工。"),
			caption(bodyArticle("a-caption", "访谈", "2024-01-01", "惠州", "风电项目开工。"))},
		{"an answer beats the question", "专利",
			bodyArticle("z-answer", "访谈", "2024-01-01", "惠州", "全市专利授权量增长两成。"),
			bodyArticle("a-question", "访谈", "2024-01-01", "惠州", "全市专利授权量增长了吗？")},
		{"an answer beats the host's hand-over naming the same", "技改",
			bodyArticle("z-answer2", "访谈", "2024-01-01", "惠州", "今年全市技改投资增长三成，带动一批企业换线。"),
			spokenBy("主持人", bodyArticle("a-host", "访谈", "2024-01-01", "惠州", "技改投资增长三成，下面请局长谈谈。"))},
	}
	ix := openTest(t)
	for _, c := range cases {
		putAll(t, ix, c.better, c.worse)
	}
	// each pair may say the same thing in the same words (copies of one
	// article, which a search would show once): the ranking of both is
	// what is tested
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := find(t, ix, model.Request{Query: c.query, Explain: true, NoCollapse: true})
			if len(res.Hits) != 2 {
				t.Fatalf("%d hits for %q, want 2", len(res.Hits), c.query)
			}
			if res.Hits[0].ArticleID != c.better.ID {
				t.Errorf("%s ranks first; parts:\n%+v\n%+v", res.Hits[0].ArticleID, res.Hits[0].Explain, res.Hits[1].Explain)
			}
		})
	}
	// the section heading counts too
	sect := bodyArticle("z-sect", "访谈", "2024-01-01", "惠州", filler+"新材料企业增加。")
	sect.Paragraphs[0].Section = "做强新材料产业"
	ix2 := openTest(t)
	putAll(t, ix2, sect, bodyArticle("a-nosect", "访谈", "2024-01-01", "惠州", filler+"新材料企业增加。"))
	if res := find(t, ix2, model.Request{Query: "新材料", NoCollapse: true}); len(res.Hits) != 2 || res.Hits[0].ArticleID != "z-sect" {
		t.Errorf("a heading naming the term does not lift its paragraph: %v", res.Hits)
	}
}

func spokenBy(speaker string, a *article.Article) *article.Article {
	a.Paragraphs[0].Speaker = speaker
	return a
}

func caption(a *article.Article) *article.Article {
	a.Paragraphs[0].Kind = article.Caption
	return a
}

// The score of a term grows with every mention but saturates: no number of
// mentions beats the bound, and each adds less than the one before.
func TestScoreSaturates(t *testing.T) {
	r := newRanker(mustParse(t, "储能"))
	prev, step := 0.0, math.Inf(1)
	for n := 1; n <= 50; n++ {
		f := &paraFeatures{kind: rankBody, length: 200, clauses: []clauseFeatures{{count: n, first: 100}}}
		s := r.score(f, nil)
		if s <= prev || s-prev >= step {
			t.Fatalf("%d mentions score %v after %v: not growing ever slower", n, s, prev)
		}
		step, prev = s-prev, s
	}
	if bound := (rankK1 + 1) * (1 + firstMentionBoost); prev >= bound {
		t.Errorf("50 mentions score %v, beyond the bound %v", prev, bound)
	}
}

// Explaining a hit gives the parts that make its score, with a line a term.
func TestExplainParts(t *testing.T) {
	ix := openTest(t)
	a := bodyArticle("e", "储能访谈", "2024-01-01", "惠州", "惠州储能产业发展迅速，储能电站不断增加。")
	putAll(t, ix, a)
	res := find(t, ix, model.Request{Query: "储能 惠州", Explain: true})
	if len(res.Hits) != 1 || res.Hits[0].Explain == nil {
		t.Fatalf("hits %+v", res.Hits)
	}
	p := res.Hits[0].Explain
	sum := p.Proximity
	for _, tp := range p.Terms {
		sum += tp.Score
	}
	if len(p.Terms) != 2 || p.Terms[0].Term != "储能" || p.Terms[0].Mentions != 2 || !p.Terms[0].InTitle ||
		p.Terms[1].Mentions != 1 || p.Terms[1].First != 0 || p.Gap != 0 || p.Kind != "body" ||
		p.Length != len([]rune(a.Paragraphs[0].Text)) || math.Abs(sum*p.Weight-res.Hits[0].Score) > 1e-9 {
		t.Errorf("parts %+v of score %v", p, res.Hits[0].Score)
	}
	if res := find(t, ix, model.Request{Query: "储能"}); res.Hits[0].Explain != nil {
		t.Error("explained without being asked")
	}
}

func mustParse(t *testing.T, q string) *querylang.Query {
	t.Helper()
	pq, err := querylang.Parse(q, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pq
}
