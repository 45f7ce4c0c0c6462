package region

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readSeed splits a seed file into non-empty trimmed lines; the first is
// the title.
func readSeed(t testing.TB, name string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("%s: empty", name)
	}
	return lines[0], lines[1:]
}

func TestDetectSeeds(t *testing.T) {
	want := map[string]Place{
		"000": {Province: "广东", City: "惠州"},
		"001": {Province: "广东", City: "珠海"},
		"002": {Province: "广东", City: "惠州", District: "惠阳"},
		"003": {Province: "广东", City: "韶关"},
		"004": {Province: "甘肃"},
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Fatalf("found %d seeds, want %d", len(files), len(want))
	}
	for _, f := range files {
		name := filepath.Base(f)
		title, lines := readSeed(t, name)
		w, ok := want[name[:3]]
		if !ok {
			t.Errorf("%s: no expectation", name)
			continue
		}
		if got := Detect(title, lines); got != w {
			t.Errorf("%s: Detect = %+v, want %+v", name, got, w)
		}
	}
}

func TestDetectSynthetic(t *testing.T) {
	tests := []struct {
		name  string
		title string
		lines []string
		want  Place
	}{
		{
			name:  "a county-level city named in the title speaks of 全市",
			title: "醴陵：陶瓷产业加快智能化改造",
			lines: []string{
				"记者从市工业和信息化局获悉，去年全市陶瓷产业产值增长8%。",
				"市工信局将继续支持企业建设数字化车间。",
			},
			want: Place{Province: "湖南", City: "株洲", District: "醴陵"},
		},
		{
			name:  "a national story names a province in passing",
			title: "工信部：一季度全国工业投资稳步增长",
			lines: []string{
				"工业和信息化部有关负责人表示，一季度全国工业投资同比增长8%。",
				"其中，江苏等地的技改投资增长较快。",
			},
			want: Place{},
		},
		{
			name:  "a provincial story compared with the nation keeps its province",
			title: "上半年工业经济稳中向好",
			lines: []string{
				"上半年，湖南省规上工业增加值增长7.1%，高于全国1.2个百分点。",
				"全省工业投资增长10%，全国排名靠前。",
			},
			want: Place{Province: "湖南"},
		},
		{
			name:  "company names are not the city",
			title: "市工业和信息化局局长：做强有色金属产业链",
			lines: []string{
				"兰州市工业和信息化局局长表示，将支持白银集团、金川集团做大做强。",
				"白银集团新建项目投产，白银集团负责人介绍了进展。",
				"兰州将继续优化营商环境。",
			},
			want: Place{Province: "甘肃", City: "兰州"},
		},
		{
			name:  "company names are not a city in a provincial article",
			title: "有色金属企业加快转型",
			lines: []string{
				"甘肃省将支持白银集团、金川集团做大做强。",
				"白银集团新建项目投产，白银集团负责人介绍了进展。",
			},
			want: Place{Province: "甘肃"},
		},
		{
			name:  "university and street names are not the city",
			title: "珠海推动校企合作",
			lines: []string{
				"珠海市工业和信息化局与中山大学签署合作协议，中山大学专家团队将进驻。",
				"项目位于中山路，中山大学附属医院参与。",
			},
			want: Place{Province: "广东", City: "珠海"},
		},
		{
			name:  "partner cities do not beat the district",
			title: "区工业和信息化局局长：深化湾区产业协作",
			lines: []string{
				"惠州市惠阳区工业和信息化局局长表示，将加强与深圳、东莞、广州等城市合作。",
				"惠阳将对接深圳产业外溢，赴深圳、东莞招商。",
				"携手深圳共建产业园，联合东莞打造供应链。",
			},
			want: Place{Province: "广东", City: "惠州", District: "惠阳"},
		},
		{
			name:  "many partner mentions do not beat a few own ones",
			title: "区工业和信息化局局长：深化湾区产业协作",
			lines: []string{
				"惠阳区将加强与深圳、东莞合作。",
				"与深圳共建产业园，对接深圳创新资源，携手东莞打造供应链，学习深圳经验，赴深圳招商。",
				"惠阳全区上下齐心协力，惠州市委提出要求。",
			},
			want: Place{Province: "广东", City: "惠州", District: "惠阳"},
		},
		{
			name:  "a venue does not beat the city",
			title: "韶关市汽车零部件产业招商大会举行",
			lines: []string{
				"韶关市委、市人民政府在广州举行汽车零部件产业对接招商大会。",
				"大会在广州召开，吸引了广州、深圳等地企业参加。",
			},
			want: Place{Province: "广东", City: "韶关"},
		},
		{
			name:  "a venue in the body does not beat the city",
			title: "汽车零部件产业对接招商大会举行",
			lines: []string{
				"日前，汽车零部件产业对接招商大会在广州举行。",
				"本次大会在广州举办，韶关签约项目21个，全市汽车产业迎来新机遇。",
			},
			want: Place{Province: "广东", City: "韶关"},
		},
		{
			name:  "a shared district name resolves through the city before it",
			title: "长春市朝阳区工业和信息化局：推进数字经济发展",
			lines: []string{"朝阳区将培育一批专精特新企业。"},
			want:  Place{Province: "吉林", City: "长春", District: "朝阳"},
		},
		{
			name:  "a shared district name resolves through a city named elsewhere",
			title: "朝阳区工业和信息化局局长谈数字经济",
			lines: []string{
				"近日，记者走进朝阳区工业和信息化局。",
				"作为长春的中心城区，朝阳区将承接更多项目，全区规上工业增长8%。",
			},
			want: Place{Province: "吉林", City: "长春", District: "朝阳"},
		},
		{
			name:  "鼓楼 resolves to the 福州 district",
			title: "区委书记：鼓楼打造数字经济高地",
			lines: []string{"福州市鼓楼区委书记表示，鼓楼将加快建设软件园，全区上下齐心协力。"},
			want:  Place{Province: "福建", City: "福州", District: "鼓楼"},
		},
		{
			name:  "a county bureau gives province, city and county",
			title: "县工业和信息化局局长：做强县域经济",
			lines: []string{
				"博罗县工业和信息化局局长表示，博罗将加快产业园建设。",
				"全县规上工业增加值增长10%，惠州市下达的任务全面完成。",
			},
			want: Place{Province: "广东", City: "惠州", District: "博罗"},
		},
		{
			name:  "a one-character county name at the start of the title",
			title: "和县工业和信息化局：推动工业经济稳增长",
			lines: []string{"全县工业投资增长15%。"},
			want:  Place{Province: "安徽", City: "马鞍山", District: "和县"},
		},
		{
			name:  "a provincial bureau gives no city",
			title: "访省工业和信息化厅党组书记、厅长",
			lines: []string{
				"广东省工业和信息化厅厅长表示，我省将推动制造业高质量发展。",
				"支持深圳、广州建设先进制造业集群，佛山、东莞发展装备制造。",
				"深圳要发挥龙头作用，深圳的创新资源要辐射全省，深圳企业要走出去。",
				"全省规上工业增加值增长5%。",
			},
			want: Place{Province: "广东"},
		},
		{
			name:  "a municipality district",
			title: "北京市朝阳区推进数字经济发展",
			lines: []string{"朝阳区区长表示，全区将加快建设国际消费中心。"},
			want:  Place{Province: "北京", City: "北京", District: "朝阳"},
		},
		{
			name:  "a municipality new area",
			title: "浦东新区：打造社会主义现代化建设引领区",
			lines: []string{"上海市浦东新区区委书记表示，浦东将加快集成电路产业发展。"},
			want:  Place{Province: "上海", City: "上海", District: "浦东"},
		},
		{
			name:  "an autonomous region in short forms",
			title: "广西南宁：打造面向东盟的产业高地",
			lines: []string{"南宁市工业和信息化局局长表示，南宁将做强电子信息产业。"},
			want:  Place{Province: "广西", City: "南宁"},
		},
		{
			name:  "an autonomous region in full forms",
			title: "广西壮族自治区南宁市召开工业发展大会",
			lines: nil,
			want:  Place{Province: "广西", City: "南宁"},
		},
		{
			name:  "a dateline beats a city mentioned in passing",
			title: "汽车零部件产业对接会举行",
			lines: []string{
				"本报韶关讯（记者 张三）日前，汽车零部件产业对接会举行。",
				"来自广州的企业代表参加，广州客商表示看好。",
			},
			want: Place{Province: "广东", City: "韶关"},
		},
		{
			name:  "a county-level city governed by its province",
			title: "仙桃市经济和信息化局局长：做强无纺布产业",
			lines: []string{"仙桃将打造世界级无纺布产业集群，全市规上企业达500家。"},
			want:  Place{Province: "湖北", District: "仙桃"},
		},
		{
			name:  "common words holding short place names",
			title: "坚持制造业当家 推动高质量发展",
			lines: []string{
				"推动创新和发展，培育战略性新兴产业，实现乡村全面振兴和长治久安。",
				"中心城区和新区、开发区建设提速，东方风来满眼春，复杂多变的形势下要合作共赢。",
				"建设新安全格局，壮大新型农村集体经济，做好资源要素保障。",
			},
			want: Place{},
		},
		{
			name:  "a county's short form in its own county article",
			title: "聚焦主导产业 ——访县工信局局长",
			lines: []string{
				"全县各部门对标先进，县工信局将推进企业技术改造。",
				"帮助宝丰工业在全市争先进位。",
			},
			want: Place{Province: "河南", City: "平顶山", District: "宝丰"},
		},
		{
			name:  "a county-level city's own 市 offices",
			title: "市经信局召开一季度工业经济运行分析会",
			lines: []string{
				"4月8日，枝江市经信局召开会议，通报全市一季度工业经济运行情况。",
				"枝江市规上工业增加值同比增长7.2%，宜昌下达的目标任务完成过半。",
			},
			want: Place{Province: "湖北", City: "宜昌", District: "枝江"},
		},
		{
			name:  "a prefecture's article naming one of its county-level cities once",
			title: "市经信局召开一季度工业经济运行分析会",
			lines: []string{
				"4月8日，宜昌市经信局召开会议，通报全市一季度工业经济运行情况。",
				"宜昌市规上工业增加值同比增长7.2%，枝江市、当阳市增速居前。",
			},
			want: Place{Province: "湖北", City: "宜昌"},
		},
		{
			name:  "a given name is not the county",
			title: "区工信局走访辖区企业",
			lines: []string{"区工信局副局长李卫东带队走访企业，全区规上工业增长8%。"},
			want:  Place{},
		},
		{
			name:  "a given name is not a county of the named city",
			title: "区工信局走访辖区企业",
			lines: []string{"近日，区工信局副局长李卫东带队走访企业，全区规上工业增长8%，在平顶山各区中居前。"},
			want:  Place{Province: "河南", City: "平顶山"},
		},
		{
			name:  "two county short forms, once each, name no county",
			title: "访县工信局局长",
			lines: []string{
				"新野企业也参加了交流，全县工业运行平稳。",
				"帮助宝丰工业在全市争先进位。",
			},
			want: Place{},
		},
		{
			name:  "a county's short form of the wrong kind in a district article",
			title: "区工信局推进企业技术改造",
			lines: []string{"全区各部门对标先进，帮助宝丰工业争先进位。"},
			want:  Place{},
		},
		{
			name:  "a district's short form where the city is named",
			title: "绵阳市经信局调研园区建设",
			lines: []string{"绵阳市经信局局长带队到涪城调研，涪城将补齐园区短板，全区新建厂房12万平方米。"},
			want:  Place{Province: "四川", City: "绵阳", District: "涪城"},
		},
		{
			name:  "idioms and words holding place names",
			title: "市经信局负责人答记者问",
			lines: []string{
				"我市要用真金白银降低企业转型成本，延长产业链，建设灯塔工厂，比如支持企业上云。",
				"坚持绿水青山就是金山银山，打造开放大通道，推动企业迈上高质量发展轨道，顺利通过验收。",
				"各项工作热火朝天，协会理事单位踊跃参与，引进宁德时代配套项目。",
			},
			want: Place{},
		},
		{
			name:  "idioms do not outweigh the city",
			title: "芜湖市经信局负责人答记者问",
			lines: []string{"我市要用真金白银降低企业转型成本。"},
			want:  Place{Province: "安徽", City: "芜湖"},
		},
		{
			name:  "a two-character county name before its office",
			title: "",
			lines: []string{
				"今年以来，全县规模以上工业增加值增长8.6%，县里新增规上企业14家。",
				"感谢澧县工业和信息化局局长做客访谈。",
			},
			want: Place{Province: "湖南", City: "常德", District: "澧县"},
		},
		{
			name:  "示范县 is not 范县",
			title: "创建示范县工作推进会召开",
			lines: []string{"全省示范县工业和信息化局负责人参加会议。"},
			want:  Place{},
		},
		{
			name:  "an outlet's dateline makes an unnamed city bureau its city's",
			title: "市工信局举办政府开放日活动",
			lines: []string{
				"德州新闻网讯（记者 张三）9月27日，市工信局举办政府开放日活动。",
				"企业家代表了解全市主导产业的发展历程。",
			},
			want: Place{Province: "山东", City: "德州"},
		},
		{
			name:  "an outlet does not make a provincial story its city's",
			title: "省工信厅召开全省工业经济运行调度会",
			lines: []string{"邢台日报讯 日前，省工业和信息化厅召开会议，全省各地参加。"},
			want:  Place{Province: "河北"},
		},
		{
			name:  "an outlet does not beat the place the text names",
			title: "市工信局推进企业技术改造",
			lines: []string{"据德州日报报道，聊城市工信局将推进企业技术改造，全市新增项目20个。"},
			want:  Place{Province: "山东", City: "聊城"},
		},
		{
			name:  "the dateline of a national story is not its place",
			title: "工信部：前三季度规上工业增加值增长5.8%",
			lines: []string{
				"每经记者 张三 李四 发自北京",
				"国务院新闻办公室举行新闻发布会，全国规模以上工业增加值同比增长5.8%。",
			},
			want: Place{},
		},
		{
			name:  "the dateline of a local story supports its city",
			title: "经信局：前10个月工业投资增长一成",
			lines: []string{
				"每经记者 张三 发自宁波",
				"记者从宁波市经济和信息化局获悉，全市工业投资增长10.2%。",
			},
			want: Place{Province: "浙江", City: "宁波"},
		},
		{
			name:  "the wire dateline of a national story is not its place",
			title: "前三季度规上工业增加值增长5.8%",
			lines: []string{"新华社北京10月18日电（记者 张三）工业和信息化部有关负责人介绍，全国规模以上工业增加值同比增长5.8%。"},
			want:  Place{},
		},
		{
			name:  "the wire dateline of a provincial story",
			title: "前三季度规上工业增加值增长7.1%",
			lines: []string{"新华社贵阳10月18日电（记者 张三）记者从省工业和信息化厅获悉，前三季度全省规上工业增加值增长7.1%。"},
			want:  Place{Province: "贵州"},
		},
		{
			name:  "a city bureau's visit to its own district",
			title: "市工信局赴大丰区走访重点企业",
			lines: []string{"5月8日，市工信局副局长带队赴大丰区走访重点工业企业，要求区工信部门建立问题清单。"},
			want:  Place{Province: "江苏", City: "盐城", District: "大丰"},
		},
		{
			name:  "a visit to one district in the body of a city article",
			title: "",
			lines: []string{
				"6月2日，绵阳市经信局局长带队到涪城区高新技术产业园开展专题调研。",
				"涪城区经济和信息化局负责同志介绍了园区建设情况。",
				"（绵阳市经信局）",
			},
			want: Place{Province: "四川", City: "绵阳", District: "涪城"},
		},
		{
			name:  "a visit to another city's district stays a partner",
			title: "盐城市工信局赴昆山市学习考察",
			lines: []string{"考察组赴昆山市学习先进经验，全市将对标昆山推进招商。"},
			want:  Place{Province: "江苏", City: "盐城"},
		},
		{
			name:  "visits to two districts name no district",
			title: "",
			lines: []string{
				"盐城市工信局局长带队赴大丰区、东台市走访企业。",
				"随后，考察组来到亭湖区，市工信局将跟踪办理企业诉求。",
			},
			want: Place{Province: "江苏", City: "盐城"},
		},
		{
			name:  "no place at all",
			title: "坚持制造业当家",
			lines: []string{"企业是产业链现代化的重要载体。"},
			want:  Place{},
		},
		{
			name:  "empty input",
			title: "",
			lines: nil,
			want:  Place{},
		},
		{
			// Traditional Chinese is not supported; names whose characters
			// are the same in both scripts are still found.
			name:  "traditional Chinese with shared characters",
			title: "惠州市工業和信息化局局長：堅持製造業當家",
			lines: []string{"廣東省惠州市推動製造業高質量發展。"},
			want:  Place{Province: "广东", City: "惠州"},
		},
		{
			name:  "traditional-only names are not guessed",
			title: "廣東省工業和資訊化廳",
			lines: []string{"廣州、東莞"},
			want:  Place{},
		},
		{
			name:  "invalid UTF-8 does not crash",
			title: "\xff\xfe惠州\xc3",
			lines: []string{"\xff", "惠州市\x80工信局"},
			want:  Place{Province: "广东", City: "惠州"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.title, tc.lines); got != tc.want {
				t.Errorf("Detect(%q, …) = %+v, want %+v", tc.title, got, tc.want)
			}
		})
	}
}

func TestDetectPage(t *testing.T) {
	tests := []struct {
		name    string
		title   string
		lines   []string
		outlets []string
		want    Place
	}{
		{
			name:    "the source names the district the text leaves unnamed",
			title:   "区工业和信息化局走访辖区电子信息企业",
			lines:   []string{"6月14日，我局会同区统计局深入辖区企业开展走访。"},
			outlets: []string{"福田区工业和信息化局", "深圳市福田区政府在线"},
			want:    Place{Province: "广东", City: "深圳", District: "福田"},
		},
		{
			name:    "an outlet's speaker label names the municipality",
			title:   "市经信委负责人就上半年全市工业运行情况答记者问",
			lines:   []string{"上半年，全市规模以上工业增加值同比增长7.3%。"},
			outlets: []string{"主持人", "重庆日报记者"},
			want:    Place{Province: "重庆", City: "重庆"},
		},
		{
			name:    "the page's names do not beat the text's",
			title:   "惠州市工信局推进企业技术改造",
			lines:   []string{"全市新增技改项目20个。"},
			outlets: []string{"深圳市人民政府"},
			want:    Place{Province: "广东", City: "惠州"},
		},
		{
			name:    "the page's names alone do not make a national story local",
			title:   "工信部：前三季度工业增加值增长5.8%",
			lines:   []string{"全国规模以上工业增加值同比增长5.8%。"},
			outlets: []string{"芜湖市人民政府"},
			want:    Place{},
		},
		{
			name:    "the page's names do not vote for the level",
			title:   "企业数字化转型提速",
			lines:   []string{"企业上云用云步伐加快。"},
			outlets: []string{"芜湖市经济和信息化局"},
			want:    Place{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectPage(tc.title, tc.lines, tc.outlets); got != tc.want {
				t.Errorf("DetectPage(%q, …, %q) = %+v, want %+v", tc.title, tc.outlets, got, tc.want)
			}
		})
	}
}

// TestDetectEveryDivision names each division in full with its parents in
// the title of a bureau interview and expects Detect to return exactly it.
func TestDetectEveryDivision(t *testing.T) {
	g := data()
	failed := 0
	for _, d := range g.divs {
		name := d.Name
		switch d.Level {
		case LevelCity:
			if !municipality(d.Code) {
				name = g.divs[g.byCode[d.ProvinceCode]].Name + d.Name
			}
		case LevelCounty:
			name = g.divs[g.byCode[d.ProvinceCode]].Name + d.Name
			if d.CityCode != "" && !municipality(d.Code) {
				name = g.divs[g.byCode[d.ProvinceCode]].Name + g.divs[g.byCode[d.CityCode]].Name + d.Name
			}
		}
		title := name + "工业和信息化局局长谈高质量发展"
		if got, want := Detect(title, nil), d.Place(); got != want {
			failed++
			if failed <= 20 {
				t.Errorf("%s %s: Detect(%q) = %+v, want %+v", d.Code, d.Name, title, got, want)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d divisions not detected from their full names", failed, len(g.divs))
	}
}

func BenchmarkDetectSeed(b *testing.B) {
	title, lines := readSeed(b, "003_39ddcd05d30923cf.txt")
	Detect(title, lines) // load the gazetteer outside the timing
	b.ResetTimer()
	for b.Loop() {
		Detect(title, lines)
	}
}

// FuzzDetect checks that Detect never panics and only returns places the
// gazetteer knows, with the province filled whenever a city or district
// is: go test -fuzz FuzzDetect -fuzztime 30s ./article/region
func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"广东惠州打造“智造高地”\n惠州市惠阳区委六届五次全会召开",
		"北京市朝阳区\n朝阳",
		"访省工业和信息化厅党组书记\n我省",
		"在广州举行\n与深圳、东莞",
		"\xff惠州\xc3市",
		"城区郊区和县新县示范县",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		p := Detect(lines[0], lines[1:])
		if (p.City != "" || p.District != "") && p.Province == "" {
			t.Fatalf("Detect(%q) = %+v: no province", s, p)
		}
		for _, name := range []string{p.Province, p.City, p.District} {
			if name != "" && len(Lookup(name)) == 0 {
				t.Fatalf("Detect(%q) = %+v: %q is not in the gazetteer", s, p, name)
			}
		}
	})
}
