package article

import (
	"strings"
	"testing"
)

func TestParseDateline(t *testing.T) {
	cases := []struct {
		line, date, source string
		ok                 bool
	}{
		{"2023-08-04 16:03:54\u00a0 \u00a0 来源:南方日报", "2023-08-04", "南方日报", true},
		{"发布时间:2022-12-19 12:09:38 来源:甘肃日报、新甘肃客户端", "2022-12-19", "甘肃日报", true},
		{"观海融媒 2024-08-26 21:19", "2024-08-26", "观海融媒", true},
		{"2024年8月26日", "2024-08-26", "", true},
		{"发布时间:2024-08-26", "2024-08-26", "", true},
		{"来源:江门日报 ２０２４年８月２６日 １０:１２", "2024-08-26", "江门日报", true},
		{"来源：南方日报", "", "南方日报", true},
		{"2024年8月26日 星期一 来源:东莞日报 作者:李明", "2024-08-26", "东莞日报", true},
		{"發布時間:2024年8月26日 來源:珠海特區報", "2024-08-26", "珠海特區報", true},
		{"2024/08/26 08:00", "2024-08-26", "", true},
		// Not datelines: a date in a sentence, a date without a year,
		// an impossible day, a year alone.
		{"2024年8月26日,全市工业和信息化工作会议在惠州召开。", "", "", false},
		{"8月3日,惠州市惠阳区委六届五次全会召开", "", "", false},
		{"8月3日", "", "", false},
		{"2023-02-30", "", "", false},
		{"2023年是“十四五”规划承上启下的关键之年", "", "", false},
		{"截至2024年7月,5.0产业新空间累计签约303个", "", "", false},
	}
	for _, c := range cases {
		d, ok := parseDateline(fold(clean(c.line)))
		if ok != c.ok || d.date != c.date || d.source != c.source {
			t.Errorf("parseDateline(%q) = %q, %q, %v; want %q, %q, %v", c.line, d.date, d.source, ok, c.date, c.source, c.ok)
		}
	}
}

func TestParseCredit(t *testing.T) {
	cases := []struct {
		line    string
		ok      bool
		authors string
		outlet  string
	}{
		{"编辑:小丽", true, "", ""},
		{"惠州日报记者谢宝树 通讯员高启光", true, "谢宝树", "惠州日报"},
		{"文字:佘映薇 编辑:张文单 责任编辑:阳紫微", true, "佘映薇", ""},
		{"【全媒体记者】潘俊宇", true, "潘俊宇", ""},
		{"【通讯员】工信综合", true, "", ""},
		{"【策划/统筹】蒋才虎", true, "", ""},
		{"编辑 曹伟峰", true, "", ""},
		{"校对 符如瑜", true, "", ""},
		{"责任编辑:高富强", true, "", ""},
		{"南方日报记者 蓝单 通讯员 陈丹娜", true, "蓝单", "南方日报"},
		{"新甘肃·甘肃日报记者 曹立萍", true, "曹立萍", "甘肃日报"},
		{"南方+ 记者", true, "", "南方+"},
		{"本报记者 张三 李四", true, "张三,李四", ""},
		{"記者 陳曉明", true, "陳曉明", ""},
		{"责任编辑：周敏", true, "", ""},
		{"作者:赵刚", true, "赵刚", ""},
		// Not credits: a reporter's question, body text that starts
		// like a label, a sentence about reporters.
		{"南方日报、南方+记者:坚持制造业当家是促进高质量发展的重要举措?", false, "", ""},
		{"记者:请您介绍一下", false, "", ""},
		{"记者了解到", false, "", ""},
		{"文化产业是新的增长点", false, "", ""},
		{"设计 理念很先进的一批新产品", false, "", ""},
		{"记者从市工信局获悉,今年将新增一批项目。", false, "", ""},
	}
	for _, c := range cases {
		cr, ok := parseCredit(fold(c.line))
		if ok != c.ok || strings.Join(cr.authors, ",") != c.authors || cr.outlet != c.outlet {
			t.Errorf("parseCredit(%q) = %q, %q, %v; want %q, %q, %v", c.line, cr.authors, cr.outlet, ok, c.authors, c.outlet, c.ok)
		}
	}
}

func TestIsCaption(t *testing.T) {
	cases := []struct {
		line string
		want bool
	}{
		{"资料图,李建束 摄", true},
		{"格力电器广交会展台。 资料图,钟凡 摄", true},
		{"我市坚持制造业当家,推动制造业高端化、智能化、绿色化发展。这是惠州华星光电生产车间。惠州日报记者钟畅新 摄", true},
		{"韶冶智能中心。受访者供图", true},
		{"无人驾驶航空器在珠海载人飞行。 李建束 摄", true},
		{"格力電器生產線。 資料圖,李建束 攝", true},
		{"图为惠州港荃湾港区。", true},
		{"新华社记者 张三 摄影", true},
		{"该片由无人机拍摄", false},
		{"近年来,惠州坚定工业立市方向,坚持发展实体经济不动摇。", false},
		{"聚焦大产业", false},
	}
	for _, c := range cases {
		if got := isCaption(fold(c.line)); got != c.want {
			t.Errorf("isCaption(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestIsShortCaption(t *testing.T) {
	cases := []struct {
		line string
		want bool
	}{
		{"韶关市工业和信息化局局长欧阳全。", true},
		{"5.0产业新空间。", true},
		{"这是惠阳把新型储能产业作为制造业当家的战略性支柱产业来培育的具体举措。", false}, // a sentence, too long
		{"这是一个新的起点。", false}, // starts like a sentence
		{"我们将继续努力。", false},
		{"奋进新征程,扬帆再出发。", false}, // a comma: a sentence
		{"聚焦大产业", false},        // no full stop: a heading
	}
	for _, c := range cases {
		if got := isShortCaption(fold(c.line)); got != c.want {
			t.Errorf("isShortCaption(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestIsBoilerplate(t *testing.T) {
	drop := []string{"原标题:", "原标题:惠州:坚持制造业当家", "关键词:", "關鍵詞:", "+1", "您已点过", "订阅后可查看全文(剩余80%)",
		"更多精彩内容请进入频道查看", "还没看够?打开南方+看看吧", "立即打开", "(相关资料图)", "(完)", "分享到:微信 微博", "https://example.invalid/a"}
	keep := []string{"关键词:制造业 储能", "坚持“2+1”现代产业集群建设", "打开思路,看看吧台上的新品。", "聚焦大产业", "立即打开局面,抢抓机遇。"}
	for _, s := range drop {
		if !isBoilerplate(fold(clean(s))) {
			t.Errorf("isBoilerplate(%q) = false, want true", s)
		}
	}
	for _, s := range keep {
		if isBoilerplate(fold(clean(s))) {
			t.Errorf("isBoilerplate(%q) = true, want false", s)
		}
	}
}

func TestIsHeadingLike(t *testing.T) {
	cases := []struct {
		line string
		want bool
	}{
		{"聚焦大产业", true},
		{"建设“3+7”产业园区", true},
		{"加快推进“云上智城”“天空之城”建设", true},
		{"一、坚持制造业当家", true},
		{"新一轮设备更新和技术改造政策即将出台", true},
		{"奋进新征程,扬帆再出发。", false},
		{"如何支持存量企业做大做强?", false},
		{"对此,他表示:", false},
		{"2024", false},
		{"惠阳加快做大经济总量,做优发展质量 打造“智造高地” “二次创业”再出发", false}, // too long: front matter, not a heading
	}
	for _, c := range cases {
		if got := isHeadingLike(fold(c.line)); got != c.want {
			t.Errorf("isHeadingLike(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestParseLabel(t *testing.T) {
	cases := []struct {
		line, name, rest string
		reporter, ok     bool
	}{
		{"欧阳全:近年来,韶关市工信系统坚持稳中求进。", "欧阳全", "近年来,韶关市工信系统坚持稳中求进。", false, true},
		{"南方日报、南方+记者:坚持制造业当家是促进高质量发展的重要举措?", "南方日报、南方+记者", "坚持制造业当家是促进高质量发展的重要举措?", true, true},
		{"记者：顺德制造业今年有哪些新变化？", "记者", "顺德制造业今年有哪些新变化？", true, true},
		{"陈国强:", "陈国强", "", false, true},
		{"姚蔚表示:“今年,我们将落实部署。”", "", "", false, false},
		{"数据显示:2023年全市新建项目211个。", "", "", false, false},
		{"编辑:小丽", "", "", false, false},
		{"廖巍说,“我们将紧盯目标。”", "", "", false, false},
	}
	for _, c := range cases {
		l, ok := parseLabel(c.line, fold(c.line))
		if ok != c.ok || l.name != c.name || l.rest != c.rest || l.reporter != c.reporter {
			t.Errorf("parseLabel(%q) = %+v, %v; want %q %q %v %v", c.line, l, ok, c.name, c.rest, c.reporter, c.ok)
		}
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"  原标题: ": "原标题:",
		"\u00a0":  "",
		"2023-08-04 16:03:54\u00a0 \u00a0 来源:南方日报": "2023-08-04 16:03:54 来源:南方日报",
		"\u3000\u3000正文\u200b第一段\t":                "正文第一段",
		"a\x01b":                                   "ab",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
