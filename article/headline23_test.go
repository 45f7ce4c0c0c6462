package article

import "testing"

// Headline shapes of issue 23 that the page fixtures do not pin down.
func TestHeadlineShapes(t *testing.T) {
	for _, c := range []struct{ name, page, title string }{
		{"decorative tail", "工业投资较快增长——————\n2024-03-01 来源：某某日报\n今年以来，全市工业投资增长12%，高于全省平均水平。\n", "工业投资较快增长"},
		{"dated page keeps its lead as title, a later item does not head it",
			"2024-03-01 来源：某某日报\n3月1日，市工信局召开全市工业经济运行调度会，部署一季度重点工作。\n会议要求各县区抓好重点项目建设。\n另一城市召开调度会\n新华财经·2024年03月01日\n",
			"市工信局召开全市工业经济运行调度会"},
		{"slogan above the headline", "传递百姓声音 服务城乡发展\n首页 | 新闻 | 经济 | 民生\n市工信局召开民营企业座谈会\n2024-05-08 09:00 来源：某某网\n5月7日，市工信局召开民营企业座谈会，听取企业意见建议。\n", "市工信局召开民营企业座谈会"},
	} {
		a, err := Parse([]byte(c.page), c.name+".txt")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if a.Title != c.title {
			t.Errorf("%s: title %q, want %q", c.name, a.Title, c.title)
		}
	}
}

// A list of other articles after the text, under 相关推荐 or 新闻排行, is
// neither text nor evidence of the place.
func TestRelatedListShapes(t *testing.T) {
	for _, marker := range []string{"相关推荐", "新闻排行", "为你推荐", "24小时热榜"} {
		page := "荆门：一季度工业投资增长18%\n2024-04-20 来源：荆门日报\n记者从市经信局获悉，一季度全市工业投资同比增长18%。\n" +
			marker + "\n宜昌：化工产业转型升级见成效\n十堰汽车产业链招商活动启动\n"
		a, err := Parse([]byte(page), "related.txt")
		if err != nil {
			t.Fatal(err)
		}
		if a.City != "荆门" || len(a.Paragraphs) != 1 {
			t.Errorf("%s: city %q, %d paragraphs: %+v", marker, a.City, len(a.Paragraphs), a.Paragraphs)
		}
	}
}
