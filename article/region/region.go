// Package region is a gazetteer of China's administrative divisions
// (provinces, prefecture-level cities, county-level districts) with place
// detection for articles.
package region

// Place is where an article is about, in the short forms users type
// (广东, 惠州, 惠阳); empty fields are unknown.
type Place struct {
	Province string `json:"province"`
	City     string `json:"city"`
	District string `json:"district"`
}

// Detect finds the article's own place from its title and its paragraph
// lines (in reading order, already cleaned).
func Detect(title string, lines []string) Place {
	return Place{} // TODO(region helper)
}

// Short returns the short form of a division name (惠州市 → 惠州, 惠阳区 →
// 惠阳, 广东省 → 广东); a name it does not know comes back unchanged.
func Short(name string) string { return name }
