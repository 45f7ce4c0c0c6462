package snippet_test

import (
	"fmt"

	"fangtan/article/normalize"
	"fangtan/index/snippet"
)

func ExampleBuild() {
	text := "２０２４年，<b>製造業</b>增加值增長８%。製造業已成為經濟發展的頂梁柱。"
	terms := []string{normalize.String("制造业"), normalize.String("2024")}
	fmt.Println(snippet.Build(text, terms, 30))
	// Output:
	// <mark>２０２４</mark>年，&lt;b&gt;<mark>製造業</mark>&lt;/b&gt;增加值增長８%。<mark>製造業</mark>已成…
}

func ExampleSelect() {
	text := "惠阳抓产业、抓园区、抓旧改、抓招商,大力推进两大千亿园区建设,如今“智造高地”成效显现。制造业已成为经济发展的顶梁柱。"
	s := snippet.Select(text, []string{"制造业"}, 24)
	fmt.Println(s.Render("[", "]"))
	// Output:
	// …[制造业]已成为经济发展的顶梁柱。
}
