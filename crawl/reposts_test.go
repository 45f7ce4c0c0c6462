package crawl_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"fangtan/article/normalize"
	"fangtan/crawl"
	"fangtan/crawl/crawltest"
	"fangtan/index/model"
)

// interview is one of the city paper's interviews with the bureau, made
// up for this test: a headline, the day it ran, and its turns.
type interview struct {
	path, title, date string
	phrase            string // in one answer; no character the mirror glosses
	paras             []string
}

var paperInterviews = []interview{{
	path: "/news/2024/03/05/content_101.html", date: "2024-03-05", phrase: "滨江智造谷",
	title: "临澜市工业和信息化局局长陈立新：做强新能源汽车链条 打造千亿级集群",
	paras: []string{
		"为了解我市制造业转型升级的最新进展，本报记者近日专访了临澜市工业和信息化局党组书记、局长陈立新。",
		"记者：今年以来，我市新能源汽车这条链条的势头如何？",
		"陈立新：一季度全市新能源整车下线三万二千辆，同比多了将近一半。动力电池、电驱动系统和车载芯片等关键环节相继落地，本地配套率提高到百分之五十八。",
		"记者：很多企业关心土地和厂房，市里有什么安排？",
		"陈立新：我们在滨江智造谷规划了两千亩连片用地，标准厂房先建后租，企业拎包入驻。今年还将新建三座公共检测平台，让中小配套企业不出园区就能完成认证。",
		"记者：人才是不少企业的短板，如何破解？",
		"陈立新：市里联合本地职业院校开设订单班，企业出题、学校出人，每年定向输送一千名技术工人。对引进的高层次团队，给予住房和子女入学方面的保障。",
		"主持人：最后请您谈谈下一步的打算。",
		"陈立新：我们将围绕整车抓配套、围绕配套抓招商，力争三年内形成千亿级新能源汽车集群，让临澜制造跑出加速度。",
	},
}, {
	path: "/news/2024/03/12/content_102.html", date: "2024-03-12", phrase: "云上工坊计划",
	title: "访市工信局副局长林若溪：以数字化转型为中小企业赋能",
	paras: []string{
		"数字化转型是中小企业提质增效的必由之路。围绕这一话题，本报记者采访了临澜市工业和信息化局副局长林若溪。",
		"记者：我市中小企业数字化转型目前处在什么阶段？",
		"林若溪：总体上还处在起步阶段，不少企业想转不敢转、想转不会转。去年我们摸排了一千二百家规上企业，只有三成完成了设备联网。",
		"记者：针对想转不会转的问题，有哪些具体举措？",
		"林若溪：我们推出了云上工坊计划，由服务商打包提供上云方案，企业按年订阅，市财政补贴一半费用。第一批已有三百多家企业签约，平均交货周期缩短了两成。",
		"记者：转型过程中数据安全怎么保障？",
		"林若溪：我们建立了工业数据分类分级指引，组织专家上门体检，对重点企业开展攻防演练，做到转型和安全同步推进。",
		"主持人：感谢林局长接受采访。",
	},
}, {
	path: "/news/2024/03/19/content_103.html", date: "2024-03-19", phrase: "老厂房腾退",
	title: "市工信局局长陈立新答记者问：推动工业园区提质增效",
	paras: []string{
		"工业园区是实体经济的主阵地。日前，临澜市工业和信息化局局长陈立新就园区提质增效工作回答了本报记者的提问。",
		"记者：我市工业园区存在哪些突出问题？",
		"陈立新：一些园区亩均效益不高，低效用地比较多，配套设施跟不上。去年全市园区亩均税收只有周边城市的七成左右。",
		"记者：下一步如何盘活低效用地？",
		"陈立新：我们将开展老厂房腾退专项行动，对闲置两年以上的厂房依法收回或者协议置换，腾出的空间优先安排给成长性好的项目。",
		"记者：园区配套方面有什么新举措？",
		"陈立新：今年计划新建人才公寓和共享食堂，开通园区公交专线，解决职工通勤和生活的后顾之忧。",
	},
}}

// glossed is text as a glossing mobile mirror prints it: pinyin after a
// few characters.
var glossed = strings.NewReplacer("发", "发(fā)", "展", "展(zhǎn)", "增", "增(zēng)", "长", "长(zhǎng)", "产", "产(chǎn)").Replace

// paperPage is an interview on the city paper's site.
func paperPage(iv interview) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s_临澜日报</title></head><body>
<div class="top"><a href="/">临澜日报</a> <a href="/news/index.html">要闻</a> <a href="/news/index.html">经济</a></div>
<div class="main"><h1>%[1]s</h1><div class="info">发布时间：%s 08:30　来源：临澜日报　记者 周岚</div><div class="content">
`, html.EscapeString(iv.title), iv.date)
	for _, p := range iv.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString(`</div></div><div class="footer">临澜日报社版权所有　未经授权禁止转载</div></body></html>`)
	return b.String()
}

// mirrorPage is a repost on the mirror: its own chrome, 转载 before the
// headline, its own date, the text in dress.
func mirrorPage(iv interview, date string, trad bool) string {
	dress, repost, src, pub := glossed, "转载：", "来源：某某资讯", "发布时间："
	if trad {
		dress, repost, src, pub = normalize.ToTraditional, "轉載：", "來源：某某資訊", "發佈時間："
	}
	title := repost + dress(iv.title)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s - 某某资讯网</title></head><body>
<header class="hd"><a href="/">某某资讯网</a> | <a href="/zz/index.html">转载</a> | <a href="/zz/index.html">热门</a></header>
<article><h1 class="tt">%[1]s</h1><p class="src">%s%s 10:20　%s</p><div id="artibody">
`, html.EscapeString(title), pub, date, src)
	for _, p := range iv.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(dress(p)))
	}
	b.WriteString(`</div></article><aside>热门推荐：<a href="/zz/index.html">更多转载</a></aside></body></html>`)
	return b.String()
}

// listPage links to the articles at paths.
func listPage(name string, paths, titles []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title></head><body><ul>`, name)
	for i, p := range paths {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, p, html.EscapeString(titles[i]))
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}

// serveSite is a site of pages by path, robots.txt and the rest 404.
func serveSite(t *testing.T, pages map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestCrawledRepostsAreShownOnce: a city paper publishes three interviews;
// a mirror on another host republishes two (one in traditional
// characters, one with pinyin glosses) under 转载 and a later date. One
// crawl of both: each reposted interview is found once, from the paper's
// page, with one repost; the third has none.
func TestCrawledRepostsAreShownOnce(t *testing.T) {
	paper := map[string]string{}
	var paths, titles []string
	for _, iv := range paperInterviews {
		paper[iv.path] = paperPage(iv)
		paths, titles = append(paths, iv.path), append(titles, iv.title)
	}
	paper["/news/index.html"] = listPage("要闻_临澜日报", paths, titles)
	mirrorPaths, mirrorDates := []string{"/zz/2024/0308/8801.html", "/zz/2024/0315/8802.html"}, []string{"2024-03-08", "2024-03-15"}
	mirror := map[string]string{
		mirrorPaths[0]:   mirrorPage(paperInterviews[0], mirrorDates[0], true),
		mirrorPaths[1]:   mirrorPage(paperInterviews[1], mirrorDates[1], false),
		"/zz/index.html": listPage("转载_某某资讯网", mirrorPaths, []string{"轉載：" + paperInterviews[0].title, "转载：" + paperInterviews[1].title}),
	}
	paperSrv, mirrorSrv := serveSite(t, paper), serveSite(t, mirror)

	dir, ix := openIndex(t)
	cfg := crawl.Config{
		Dir: dir, Delay: -1, MaxPages: 50, Timeout: time.Second, Backoff: 50 * time.Millisecond,
		MaxBytes: 2 << 20, UserAgent: "fangtan-test/1 (+ops@example.org)",
		Client: &http.Client{Transport: crawltest.LoopbackOnly(t, paperSrv.URL, mirrorSrv.URL)},
	}
	sum, err := crawl.New(cfg, ix).Run(context.Background(), []string{paperSrv.URL + "/news/index.html", mirrorSrv.URL + "/zz/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 5 || ix.Stats().Articles != 5 {
		t.Fatalf("%d new articles, %d in the index, want the paper's 3 and the mirror's 2: %+v", sum.New, ix.Stats().Articles, sum)
	}
	search := func(phrase string, noCollapse bool) *model.Result {
		t.Helper()
		res, err := ix.Search(context.Background(), &model.Request{Query: `"` + phrase + `"`, Page: 1, Size: 10, NoCollapse: noCollapse})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for i, iv := range paperInterviews {
		reposted, want := i < 2, 0 // the mirror republished the first two
		if reposted {
			want = 1
		}
		res := search(iv.phrase, false)
		if len(res.Hits) != 1 {
			t.Errorf("%s: %d hits, want the interview once", iv.phrase, len(res.Hits))
			continue
		}
		h := res.Hits[0]
		if h.Reposts != want || h.SourceURL != paperSrv.URL+iv.path || h.Date != iv.date || res.TotalWithReposts != 1+want {
			t.Errorf("%s: the hit from %s (%s) has %d reposts, total with reposts %d; want the paper's %s, %d",
				iv.phrase, h.SourceURL, h.Date, h.Reposts, res.TotalWithReposts, paperSrv.URL+iv.path, want)
		}
		every := search(iv.phrase, true)
		var copies []string
		for _, h := range every.Hits {
			copies = append(copies, h.SourceURL+" "+h.Date)
		}
		if len(every.Hits) != 1+want || reposted && !slices.Contains(copies, mirrorSrv.URL+mirrorPaths[i]+" "+mirrorDates[i]) {
			t.Errorf("%s: every copy: %v", iv.phrase, copies)
		}
		rs, err := ix.Reposts(context.Background(), h.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != want || reposted && (rs[0].SourceURL != mirrorSrv.URL+mirrorPaths[i] || rs[0].Representative || !strings.Contains(rs[0].Title, "转载") && !strings.Contains(rs[0].Title, "轉載")) {
			t.Errorf("%s: the paper's copy lists reposts %+v, want the mirror's page", iv.phrase, rs)
		}
	}
}
