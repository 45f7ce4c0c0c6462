package normalize_test

import (
	"fmt"

	"fangtan/article/normalize"
)

func ExampleString() {
	fmt.Println(normalize.String("頭髮發展，乾燥的乾隆皇帝"))
	fmt.Println(normalize.String("  ５Ｇ　ＧＤＰ  "))
	// Output:
	// 头发发展,干燥的干隆皇帝
	// 5g gdp
}

func ExampleFold() {
	text := "２０２４年製造業"
	f := normalize.Fold(text)
	fmt.Println(f.S)
	// The folded runes "制造业" are runes 5 to 7; mark them in the original.
	fmt.Println(text[f.Spans[5].Start:f.Spans[7].End])
	// Output:
	// 2024年制造业
	// 製造業
}
