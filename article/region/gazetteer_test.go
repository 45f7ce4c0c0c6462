package region

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestCounts(t *testing.T) {
	p, c, k := Divisions(LevelProvince), Divisions(LevelCity), Divisions(LevelCounty)
	t.Logf("gazetteer: %d provinces, %d cities (4 of them the municipalities), %d county-level units", len(p), len(c), len(k))
	if len(p) != 31 {
		t.Errorf("%d provinces, want 31", len(p))
	}
	// 342 rows in cities.csv, less 5 municipality placeholders (市辖区, 县)
	// plus the 4 municipalities' cities, less 4 provincial groups of
	// directly governed county-level units.
	if len(c) != 337 {
		t.Errorf("%d cities, want 337", len(c))
	}
	if len(k) != 2978 {
		t.Errorf("%d county-level units, want 2978", len(k))
	}
}

func TestDivisionsConsistent(t *testing.T) {
	for _, lv := range []Level{LevelProvince, LevelCity, LevelCounty} {
		for _, d := range Divisions(lv) {
			if len(d.Code) != 6 || d.Short == "" || d.Province == "" || len(d.ProvinceCode) != 6 {
				t.Errorf("incomplete division %+v", d)
			}
			p, ok := ByCode(d.ProvinceCode)
			if !ok || p.Level != LevelProvince || p.Short != d.Province {
				t.Errorf("%s %s: province %s does not resolve", d.Code, d.Name, d.ProvinceCode)
			}
			if d.CityCode != "" {
				c, ok := ByCode(d.CityCode)
				if !ok || c.Level != LevelCity || c.Short != d.City || c.ProvinceCode != d.ProvinceCode {
					t.Errorf("%s %s: city %s does not resolve", d.Code, d.Name, d.CityCode)
				}
			}
			if lv == LevelCounty && d.City == "" && d.Code[2:4] != "90" {
				t.Errorf("%s %s: no city", d.Code, d.Name)
			}
			if Short(d.Name) != d.Short {
				t.Errorf("Short(%s) = %s, want %s", d.Name, Short(d.Name), d.Short)
			}
			pl := d.Place()
			if pl.Province == "" || (pl.District != "" && pl.City == "" && d.CityCode != "") {
				t.Errorf("%s %s: Place %+v", d.Code, d.Name, pl)
			}
		}
	}
}

func TestShort(t *testing.T) {
	tests := map[string]string{
		"惠州市":        "惠州",
		"惠阳区":        "惠阳",
		"广东省":        "广东",
		"广西壮族自治区":    "广西",
		"内蒙古自治区":     "内蒙古",
		"新疆维吾尔自治区":   "新疆",
		"宁夏回族自治区":    "宁夏",
		"西藏自治区":      "西藏",
		"北京市":        "北京",
		"重庆市":        "重庆",
		"恩施土家族苗族自治州": "恩施",
		"延边朝鲜族自治州":   "延边",
		"锡林郭勒盟":      "锡林郭勒",
		"阿克苏地区":      "阿克苏",
		"南雄市":        "南雄",
		"乳源瑶族自治县":    "乳源",
		"东乡族自治县":     "东乡",
		"鄂温克族自治旗":    "鄂温克",
		"管城回族区":      "管城",
		"达拉特旗":       "达拉特",
		"阿拉善左旗":      "阿拉善左旗",
		"正蓝旗":        "正蓝旗",
		"浦东新区":       "浦东",
		"清新区":        "清新",
		"兰州新区":       "兰州新区",
		"苏州工业园区":     "苏州工业园区",
		"滨海新区":       "滨海",
		"井陉矿区":       "井陉",
		"长沙县":        "长沙",
		"神农架林区":      "神农架",
		"六枝特区":       "六枝",
		"和县":         "和县",
		"城区":         "城区",
		"东区":         "东区",
		"惠州":         "惠州",
		"不存在市":       "不存在市",
		"":           "",
	}
	for in, want := range tests {
		if got := Short(in); got != want {
			t.Errorf("Short(%q) = %q, want %q", in, got, want)
		}
	}
}

func codes(ds []Division) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code+" "+d.Level.String())
	}
	return out
}

func TestLookup(t *testing.T) {
	tests := map[string][]string{
		"朝阳":   {"211300 city", "110105 county", "211321 county", "220104 county"},
		"朝阳区":  {"110105 county", "220104 county"},
		"北京":   {"110000 province", "110100 city"},
		"北京市":  {"110000 province", "110100 city"},
		"东莞":   {"441900 city", "441900 county"},
		"惠阳区":  {"441303 county"},
		"吉林":   {"220000 province", "220200 city"},
		"不存在":  nil,
		" 惠阳 ": {"441303 county"},
		"惠阳区委": nil,
	}
	for in, want := range tests {
		if got := codes(Lookup(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("Lookup(%q) = %v, want %v", in, got, want)
		}
	}
	got := Lookup("惠阳")
	want := []Division{{Code: "441303", Level: LevelCounty, Name: "惠阳区", Short: "惠阳", ProvinceCode: "440000", Province: "广东", CityCode: "441300", City: "惠州"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lookup(惠阳) = %+v, want %+v", got, want)
	}
	if p := got[0].Place(); p != (Place{Province: "广东", City: "惠州", District: "惠阳"}) {
		t.Errorf("Place = %+v", p)
	}
	b, err := json.Marshal(got[0])
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"code":"441303","level":"county","name":"惠阳区","short":"惠阳","province_code":"440000","province":"广东","city_code":"441300","city":"惠州"}`
	if string(b) != wantJSON {
		t.Errorf("JSON = %s, want %s", b, wantJSON)
	}
	var back Division
	if err := json.Unmarshal(b, &back); err != nil || back != got[0] {
		t.Errorf("JSON round trip = %+v, %v", back, err)
	}
}

func TestByCodeAndChildren(t *testing.T) {
	for code, want := range map[string]string{"44": "广东省", "4413": "惠州市", "441300": "惠州市", "441303": "惠阳区", "110100": "北京市", "441900": "东莞市"} {
		if d, ok := ByCode(code); !ok || d.Name != want {
			t.Errorf("ByCode(%s) = %+v, %v, want %s", code, d, ok, want)
		}
	}
	if d, ok := ByCode("441900"); !ok || d.Level != LevelCity {
		t.Errorf("ByCode(441900) = %+v, want the city 东莞", d)
	}
	if _, ok := ByCode("999999"); ok {
		t.Error("ByCode(999999) found something")
	}
	kids := Children("441300")
	var names []string
	for _, k := range kids {
		names = append(names, k.Short)
	}
	if want := []string{"惠城", "惠阳", "博罗", "惠东", "龙门"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Children(惠州) = %v, want %v", names, want)
	}
	if n := len(Children("110100")); n != 16 {
		t.Errorf("北京 has %d districts, want 16", n)
	}
	// 重庆's 县 group (5002) is merged into its city.
	if n := len(Children("500100")); n != 38 {
		t.Errorf("重庆 has %d county-level units, want 38", n)
	}
	hubei := 0
	for _, k := range Children("420000") {
		if k.Level == LevelCounty {
			hubei++
		}
	}
	if hubei != 4 { // 仙桃, 潜江, 天门, 神农架
		t.Errorf("湖北 governs %d county-level units directly, want 4", hubei)
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ field, in, want string }{
		{"city", "惠州市", "惠州"},
		{"city", "惠州", "惠州"},
		{"city", " 珠海市 ", "珠海"},
		{"province", "广西壮族自治区", "广西"},
		{"province", "广西", "广西"},
		{"province", "广东省", "广东"},
		{"district", "惠阳区", "惠阳"},
		{"county", "惠阳区", "惠阳"},
		{"district", "朝阳区", "朝阳"},
		{"city", "北京市", "北京"},
		{"province", "北京市", "北京"},
		{"city", "吉林市", "吉林"},
		{"district", "和县", "和县"},
		{"city", "不存在", "不存在"},
		{"other", "惠州市", "惠州"},
	}
	for _, tc := range tests {
		if got := Canonical(tc.field, tc.in); got != tc.want {
			t.Errorf("Canonical(%q, %q) = %q, want %q", tc.field, tc.in, got, tc.want)
		}
	}
	// What Detect stores and what a user types meet in Canonical.
	p := Detect("惠州市惠阳区委召开全会", nil)
	if Canonical("city", "惠州市") != p.City || Canonical("district", "惠阳区") != p.District || Canonical("province", "广东省") != p.Province {
		t.Errorf("Canonical forms do not match detected %+v", p)
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	good := func() ([]byte, []byte, []byte) { return provincesCSV, citiesCSV, areasCSV }
	p, c, a := good()
	for name, in := range map[string][3][]byte{
		"empty provinces":    {nil, c, a},
		"area with no city":  {p, c, append(append([]byte{}, a...), "449999,\"无名区\",4499,44\n"...)},
		"short code":         {append(append([]byte{}, p...), "9,\"某省\"\n"...), c, a},
		"wrong field count":  {p, append(append([]byte{}, c...), "4498,\"某市\"\n"...), a},
		"duplicate province": {append(append([]byte{}, p...), "44,\"广东省\"\n"...), c, a},
	} {
		if _, err := load(in[0], in[1], in[2]); err == nil {
			t.Errorf("%s: load succeeded", name)
		}
	}
	if _, err := load(p, c, a); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := load(provincesCSV, citiesCSV, areasCSV); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStartup is what the first Detect call pays: the gazetteer and
// the detection dictionary.
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		g, err := load(provincesCSV, citiesCSV, areasCSV)
		if err != nil {
			b.Fatal(err)
		}
		buildDictionary(g)
	}
}
