package figure

import (
	"testing"
	"unicode/utf8"
)

// TestExtract: what a reader of one sentence expects, field by field.
func TestExtract(t *testing.T) {
	tests := []struct {
		text, date string
		want       []Figure // the fields compared: Indicator, Value, ValueHigh, Unit, Scaled, BaseUnit, Modifier, Year, Kind
		statement  []string // the text each figure marks
	}{
		{"力争2025年全区新型储能产业产值突破350亿元。", "2023-08-04",
			[]Figure{{Indicator: "新型储能产业产值", Value: 350, Unit: "亿元", Scaled: 3.5e10, BaseUnit: "元", Modifier: "突破", Year: 2025, Kind: Target}},
			[]string{"新型储能产业产值突破350亿元"}},
		{"推动实现今年石化能源新材料产业集群产值达4300亿元。", "2023-02-01",
			[]Figure{{Indicator: "石化能源新材料产业集群产值", Value: 4300, Unit: "亿元", Scaled: 4.3e11, BaseUnit: "元", Modifier: "达", Year: 2023, Kind: Target}},
			[]string{"石化能源新材料产业集群产值达4300亿元"}},
		{"去年规上工业增速达到10.7%。", "2024-08-26",
			[]Figure{{Indicator: "规模以上工业增速", Value: 10.7, Unit: "%", Scaled: 10.7, BaseUnit: "%", Modifier: "达", Year: 2023, Kind: Actual}},
			[]string{"规上工业增速达到10.7%"}},
		{"新增12万吨锌基新材等一批项目顺利投产。", "",
			[]Figure{{Indicator: "新增锌基新材", Value: 12, Unit: "万吨", Scaled: 1.2e5, BaseUnit: "吨", Year: 0, Kind: Actual}},
			[]string{"新增12万吨锌基新材"}},
		{"推动各园区聚焦2~3个产业细分领域。", "",
			[]Figure{{Indicator: "产业细分领域", Value: 2, ValueHigh: 3, Unit: "个", Scaled: 2, BaseUnit: "个", Kind: Target}},
			[]string{"2~3个产业细分领域"}},
		{"力争到2025年研发投入年均增长10%-15%。", "2022-12-19",
			[]Figure{{Indicator: "研发投入", Value: 10, ValueHigh: 15, Unit: "%", Scaled: 10, BaseUnit: "%", Modifier: "年均增长", Year: 2025, Kind: Target}},
			[]string{"研发投入年均增长10%-15%"}},
		{"到2027年配套产业规模突破千亿元。", "2023-01-01",
			[]Figure{{Indicator: "配套产业规模", Value: 1000, Unit: "亿元", Scaled: 1e11, BaseUnit: "元", Modifier: "突破", Year: 2027, Kind: Target}},
			[]string{"配套产业规模突破千亿元"}},
		{"规上工业增加值超过200亿元，占全市比重超过一半。", "",
			[]Figure{
				{Indicator: "规模以上工业增加值", Value: 200, Unit: "亿元", Scaled: 2e10, BaseUnit: "元", Modifier: "超", Kind: Actual},
				{Indicator: "占全市比重", Value: 50, Unit: "%", Scaled: 50, BaseUnit: "%", Modifier: "超", Kind: Actual}},
			[]string{"规上工业增加值超过200亿元", "占全市比重超过一半"}},
		{"2022年，古瑞瓦特等能源电子企业实现产值翻一番。", "2023-08-04",
			[]Figure{{Indicator: "古瑞瓦特等能源电子企业产值", Value: 100, Unit: "%", Scaled: 100, BaseUnit: "%", Modifier: "增长", Year: 2022, Kind: Actual}},
			[]string{"古瑞瓦特等能源电子企业实现产值翻一番"}},
		{"低空经济产业实现产值92.64亿元，同比增长27.95%。", "2024-08-26",
			[]Figure{
				{Indicator: "低空经济产业产值", Value: 92.64, Unit: "亿元", Scaled: 9.264e9, BaseUnit: "元", Kind: Actual},
				{Indicator: "低空经济产业产值", Value: 27.95, Unit: "%", Scaled: 27.95, BaseUnit: "%", Modifier: "同比增长", Kind: Actual}},
			[]string{"低空经济产业实现产值92.64亿元", "同比增长27.95%"}},
		// no date: 今年 gives no year
		{"今年将努力实现新型储能产业产值超1200亿元。", "",
			[]Figure{{Indicator: "新型储能产业产值", Value: 1200, Unit: "亿元", Scaled: 1.2e11, BaseUnit: "元", Modifier: "超", Kind: Target}},
			[]string{"新型储能产业产值超1200亿元"}},
		// speech in quotation marks is read; a name in them is not
		{"他说：“我们将推动今年园区基础设施投资超250亿元。”出台“稳工业18条”。", "2023-01-01",
			[]Figure{{Indicator: "园区基础设施投资", Value: 250, Unit: "亿元", Scaled: 2.5e10, BaseUnit: "元", Modifier: "超", Year: 2023, Kind: Target}},
			[]string{"园区基础设施投资超250亿元"}},
		// nothing here is a figure
		{"韶关排名全省第五，数量超过前4批次总和；两个产业转移园、数十家企业、超亿元项目、66%的工业总产值、5G基站、《方案（2021—2025年）》、电话0751-8888123。", "", nil, nil},
	}
	for _, tt := range tests {
		got := Extract(tt.text, Context{Date: tt.date})
		if len(got) != len(tt.want) {
			t.Errorf("%s\n got %d figures %+v, want %d", tt.text, len(got), got, len(tt.want))
			continue
		}
		for i, f := range got {
			w := tt.want[i]
			if f.Indicator != w.Indicator || f.Value != w.Value || f.ValueHigh != w.ValueHigh || f.Unit != w.Unit ||
				f.Scaled != w.Scaled || f.BaseUnit != w.BaseUnit || f.Modifier != w.Modifier || f.Year != w.Year || f.Kind != w.Kind {
				t.Errorf("%s\n figure %d: got  %+v\n           want %+v", tt.text, i, f, w)
			}
			if s := tt.text[f.Start:f.End]; s != tt.statement[i] {
				t.Errorf("%s\n figure %d marks %q, want %q", tt.text, i, s, tt.statement[i])
			}
		}
	}
}

// FuzzExtract: no input panics, and every figure's statement lies inside
// the text on character boundaries, with a unit and an indicator.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"力争2025年全区新型储能产业产值突破350亿元。",
		"全市园区连续两年实现规上工业产值突破1000亿元,规上工业增加值超过200亿元,占全市比重超过一半;",
		"推动7个县(区)千亿级园区各聚焦2~3个产业细分领域,建设1~2个“领头羊”项目",
		"全省计划在三年内完成1.5万家企业数字化转型诊断",
		"约占全省的四分之一，增长一倍多，由1200家增加至1500家以上",
		"“我们将…4300亿元”《（2021—2025年）》１２３４５亿元",
	} {
		f.Add(s, "2023-08-04")
	}
	f.Fuzz(func(t *testing.T, text, date string) {
		if len(text) > 4096 {
			return
		}
		for _, fig := range Extract(text, Context{Date: date}) {
			if fig.Start < 0 || fig.End > len(text) || fig.Start >= fig.End {
				t.Fatalf("statement [%d,%d) outside the text of %d bytes", fig.Start, fig.End, len(text))
			}
			if !utf8.RuneStart(text[fig.Start]) || fig.End < len(text) && !utf8.RuneStart(text[fig.End]) {
				t.Fatalf("statement [%d,%d) cuts a character", fig.Start, fig.End)
			}
			if fig.Unit == "" || fig.Indicator == "" || fig.Kind == "" {
				t.Fatalf("incomplete figure %+v", fig)
			}
		}
	})
}
