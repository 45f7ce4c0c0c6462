package article

import "testing"

// TestFirstRunesGate: the gated branches of a rule never pass over a line
// the whole rule matches.
func TestFirstRunesGate(t *testing.T) {
	lines := []string{"主办单位:深圳市工业和信息化局", "当前位置:首页 > 新闻", "首页 » 工作动态", "留言与评论(共有 0 条评论)",
		"验证码:", "免责声明:本网转载…", "图片1", "abc.jpg", "【字体:大 中 小】", "分享到:", "上一篇:某某", "第A02版:要闻",
		"浏览次数:12", "直播状态:已结束", "往期《某节目》节目回顾", "索引号 123", "相关新闻:某某", "原标题:某某", "+1", "扫一扫在手机打开"}
	gated := 0
	for i, r := range furnitureRules {
		for _, b := range ruleBranches[i] {
			if b.first != nil {
				gated++
			}
		}
		for _, l := range lines {
			f := fold(l)
			if !r.re.MatchString(f) {
				continue
			}
			first := []rune(f)[0]
			passed := false
			for _, b := range ruleBranches[i] {
				passed = passed || (b.first == nil || b.first[first]) && b.re.MatchString(f)
			}
			if !passed {
				t.Errorf("rule %s matches %q but its gated branches pass it over", r.name, l)
			}
		}
	}
	if gated == 0 {
		t.Error("no rule is gated: the patterns changed shape")
	}
}
