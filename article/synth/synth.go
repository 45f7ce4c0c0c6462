// Package synth generates synthetic interview articles for tests and load
// runs: Chinese text spliced from the embedded seed articles' sentences,
// with titles, dates, sources, speakers and places (from article/region)
// spread widely enough that every facet has many values.
//
// Generation is deterministic: the same Options and index always give the
// same article, and articles can be made in any order (each has its own
// random stream), so a corpus of any size is reproducible from its seed.
// The vocabulary is bounded by the seeds' (a few thousand distinct
// characters and bigrams): the corpus is realistic in shape and size, not
// in the variety of its words.
package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"fangtan/article"
	"fangtan/article/region"
	"fangtan/seeds"
)

// Options configure a Generator.
type Options struct {
	// Seed picks the corpus: the same seed gives the same articles.
	Seed int64
	// Paragraphs is the number of searchable (body and caption) paragraphs
	// per article; each article also has a few headings and a credit line.
	// Default 20.
	Paragraphs int
	// Marker adds Marker(Seed, i) to the first paragraph of article i, so a
	// test can search for exactly that article.
	Marker bool
	// FirstYear and LastYear bound the articles' dates (default 2015–2025).
	FirstYear, LastYear int
}

// DefaultParagraphs is the default Options.Paragraphs.
const DefaultParagraphs = 20

// Generator makes articles. It is safe for concurrent use.
type Generator struct {
	o Options
	v *vocabulary
}

// New returns a Generator; zero fields of o get their defaults.
func New(o Options) *Generator {
	if o.Paragraphs <= 0 {
		o.Paragraphs = DefaultParagraphs
	}
	if o.FirstYear == 0 {
		o.FirstYear = 2015
	}
	if o.LastYear < o.FirstYear {
		o.LastYear = max(o.FirstYear, 2025)
	}
	return &Generator{o: o, v: vocab()}
}

// ID is the ID of article i of the corpus of seed.
func ID(seed int64, i int) string {
	return "synth-" + strconv.FormatUint(uint64(seed), 36) + "-" + strconv.Itoa(i)
}

// Marker is the token that Options.Marker puts in article i: plain ASCII
// letters and digits, unique per (seed, i), and no marker is a substring of
// another (it ends in "q", which the digits before it never are).
func Marker(seed int64, i int) string {
	return "mk" + strconv.FormatUint(uint64(seed), 36) + "x" + strconv.Itoa(i) + "q"
}

// place is an article's place with the names its text uses.
type place struct {
	region.Place
	provinceFull, cityFull, districtFull string
	office                               string // 厅 for a province, 局 below
}

// Article returns article i (i ≥ 0) of the corpus.
func (g *Generator) Article(i int) *article.Article {
	r := rand.New(rand.NewPCG(uint64(g.o.Seed), uint64(i)))
	v := g.v
	pl := v.pickPlace(r)
	here := cmpStr(pl.District, cmpStr(pl.City, pl.Province))
	hereFull := cmpStr(pl.districtFull, cmpStr(pl.cityFull, pl.provinceFull))
	names := strings.NewReplacer(
		phProvince, pl.Province,
		phCity, cmpStr(pl.City, pl.Province),
		phDistrict, here,
		phProvinceFull, pl.provinceFull,
		phCityFull, cmpStr(pl.cityFull, pl.provinceFull),
		phDistrictFull, hereFull,
	)

	speaker := v.name(r)
	role := pick(r, roles)
	office := hereFull + pick(r, offices) + pl.office
	topic := names.Replace(pick(r, v.headings))
	author := v.name(r)
	source := v.source(r, pl)

	a := &article.Article{
		ID:       ID(g.o.Seed, i),
		Date:     fmt.Sprintf("%04d-%02d-%02d", g.o.FirstYear+r.IntN(g.o.LastYear-g.o.FirstYear+1), 1+r.IntN(12), 1+r.IntN(28)),
		Source:   source,
		Authors:  []string{author},
		Province: pl.Province,
		City:     pl.City,
		District: pl.District,
	}
	switch r.IntN(3) {
	case 0:
		a.Title = office + role + speaker + "：" + topic
	case 1:
		a.Title = topic
		a.Subtitle = "——访" + office + role + speaker
	default:
		a.Title = here + "：" + topic
	}
	if r.IntN(4) == 0 {
		a.Authors = append(a.Authors, v.name(r))
	}

	qa := r.IntN(2) == 0 // an interview in Q&A form: the speaker facet fills
	ps := make([]article.Paragraph, 0, g.o.Paragraphs+g.o.Paragraphs/5+2)
	add := func(kind article.Kind, section, who, text string) {
		ps = append(ps, article.Paragraph{N: len(ps) + 1, Kind: kind, Section: section, Speaker: who, Text: text})
	}
	var sb strings.Builder
	section := ""
	nextHeading := 3 + r.IntN(4)
	for n := 0; n < g.o.Paragraphs; n++ {
		if n == nextHeading {
			section = names.Replace(pick(r, v.headings))
			add(article.Heading, section, "", section)
			nextHeading = n + 4 + r.IntN(5)
		}
		if n > 0 && r.IntN(20) == 0 {
			add(article.Caption, section, "", here+pick(r, captionSubjects)+"。 "+v.name(r)+" 摄")
			continue
		}
		who := ""
		if qa {
			who = speaker
			if n%4 == 1 {
				add(article.Body, section, "记者", names.Replace(pick(r, v.headings))+"方面，"+here+pick(r, questions))
				continue
			}
		}
		sb.Reset()
		for s, k := 0, 1+r.IntN(4); s < k; s++ {
			if r.IntN(2) == 0 {
				sb.WriteString(pick(r, v.sentences))
			} else {
				v.splice(r, &sb)
			}
		}
		if n == 0 && g.o.Marker {
			sb.WriteString("（编号：" + Marker(g.o.Seed, i) + "）")
		}
		add(article.Body, section, who, names.Replace(sb.String()))
	}
	add(article.Credit, section, "", source+"记者 "+strings.Join(a.Authors, " "))
	a.Paragraphs = ps
	return a
}

// WriteJSONL writes articles [first, first+n) to w, one JSON record per
// line, in the format `fangtan index` reads (that of `fangtan inspect
// --json`).
func (g *Generator) WriteJSONL(w io.Writer, first, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := first; i < first+n; i++ {
		if err := enc.Encode(g.Article(i)); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// Placeholders for a seed's own place names in its sentences.
const (
	phProvince = "\x00P\x00"
	phCity     = "\x00C\x00"
	phDistrict = "\x00D\x00"

	phProvinceFull = "\x00p\x00"
	phCityFull     = "\x00c\x00"
	phDistrictFull = "\x00d\x00"
)

var (
	roles           = []string{"局长", "党组书记、局长", "副局长", "党组成员、副局长", "主任", "总工程师"}
	offices         = []string{"工业和信息化", "发展和改革", "科学技术", "商务", "工业和信息化"}
	captionSubjects = []string{"产业园区一角", "一家企业的智能生产线", "新建成的标准厂房", "企业展厅", "重点项目建设现场", "港口码头"}
	questions       = []string{"有哪些新举措？", "取得了哪些成效？", "下一步有什么打算？", "面临哪些困难，如何破解？", "如何推动落地见效？"}
	surnames        = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givenChars      = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力玲宁斌俊峰海波鹏宇浩凯晨欣瑞翔嘉志红云琳雪梅兰凤晶燕蓉坤国庆新春亮成林东晓光")
	sourcesNational = []string{"人民日报", "新华社", "经济日报", "中国电子报", "中国工业报", "人民网", "新华网"}
)

func (v *vocabulary) name(r *rand.Rand) string {
	var b strings.Builder
	b.WriteRune(pick(r, surnames))
	b.WriteRune(pick(r, givenChars))
	if r.IntN(3) != 0 {
		b.WriteRune(pick(r, givenChars))
	}
	return b.String()
}

func (v *vocabulary) source(r *rand.Rand, pl place) string {
	switch n := r.IntN(10); {
	case n < 3:
		return pick(r, v.sources)
	case n < 5:
		return pick(r, sourcesNational)
	case n < 8 || pl.City == "":
		return pl.Province + "日报"
	default:
		return pl.City + pick(r, []string{"日报", "发布", "融媒"})
	}
}

func (v *vocabulary) pickPlace(r *rand.Rand) place {
	var d region.Division
	switch n := r.IntN(20); {
	case n < 3:
		d = pick(r, v.provinces)
	case n < 11:
		d = pick(r, v.cities)
	default:
		d = pick(r, v.counties)
	}
	pl := place{Place: d.Place(), office: "局"}
	if p, ok := region.ByCode(d.ProvinceCode); ok {
		pl.provinceFull = p.Name
	}
	switch d.Level {
	case region.LevelProvince:
		pl.office = "厅"
		if pl.City != "" { // a municipality
			pl.office = "局"
		}
	case region.LevelCity:
		pl.cityFull = d.Name
	default:
		if c, ok := region.ByCode(d.CityCode); ok {
			pl.cityFull = c.Name
		}
		if pl.District != "" {
			pl.districtFull = d.Name
		}
	}
	return pl
}

// splice writes one sentence made of 2–4 clauses of different seed
// sentences, so the corpus has more distinct sentences than the seeds.
func (v *vocabulary) splice(r *rand.Rand, sb *strings.Builder) {
	k := 2 + r.IntN(3)
	for c := 0; c < k; c++ {
		if c > 0 {
			sb.WriteString("，")
		}
		sb.WriteString(pick(r, v.clauses))
	}
	sb.WriteString("。")
}

// vocabulary is what the generator draws from, taken from the seeds once.
type vocabulary struct {
	sentences []string // whole sentences with their end mark
	clauses   []string // comma-separated parts of sentences, without marks
	headings  []string // headings and title phrases
	sources   []string
	provinces []region.Division
	cities    []region.Division
	counties  []region.Division
}

var (
	vocabOnce sync.Once
	vocabData *vocabulary
)

// vocab parses the embedded seeds on first use. They are embedded and
// covered by tests, so a seed that does not parse is a build defect: it
// panics.
func vocab() *vocabulary {
	vocabOnce.Do(func() {
		v := &vocabulary{
			provinces: region.Divisions(region.LevelProvince),
			cities:    region.Divisions(region.LevelCity),
			counties:  region.Divisions(region.LevelCounty),
		}
		seenS, seenC, seenH, seenSrc := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, name := range seeds.Names() {
			data, err := fs.ReadFile(seeds.FS(), name)
			if err != nil {
				panic(err)
			}
			a, err := article.Parse(data, name)
			if err != nil {
				panic(fmt.Sprintf("synth: seed %s: %v", name, err))
			}
			ph := placeholders(a)
			if a.Source != "" && !seenSrc[a.Source] {
				seenSrc[a.Source] = true
				v.sources = append(v.sources, a.Source)
			}
			if _, topic, ok := strings.Cut(strings.NewReplacer(":", "：").Replace(a.Title), "："); ok {
				if t := ph.Replace(strings.TrimSpace(topic)); !seenH[t] {
					seenH[t] = true
					v.headings = append(v.headings, t)
				}
			}
			for _, p := range a.Paragraphs {
				switch p.Kind {
				case article.Heading:
					if t := ph.Replace(p.Text); !seenH[t] {
						seenH[t] = true
						v.headings = append(v.headings, t)
					}
				case article.Body:
					for _, s := range sentences(p.Text) {
						s = ph.Replace(s)
						if utf8.RuneCountInString(s) >= 8 && !seenS[s] {
							seenS[s] = true
							v.sentences = append(v.sentences, s)
						}
						for _, c := range strings.FieldsFunc(strings.TrimRight(s, "。！？!?"), isClauseMark) {
							c = strings.TrimSpace(unquote.Replace(c))
							if utf8.RuneCountInString(c) >= 4 && !seenC[c] {
								seenC[c] = true
								v.clauses = append(v.clauses, c)
							}
						}
					}
				}
			}
		}
		if len(v.sentences) == 0 || len(v.clauses) == 0 || len(v.headings) == 0 || len(v.sources) == 0 {
			panic("synth: the seeds gave no vocabulary")
		}
		vocabData = v
	})
	return vocabData
}

func isClauseMark(r rune) bool { return r == '，' || r == ',' || r == '；' || r == ';' }

// placeholders replaces a seed's own place names (full forms first) with
// placeholders, so its sentences speak of the generated article's place.
func placeholders(a *article.Article) *strings.Replacer {
	var pairs []string
	add := func(short, ph, phFull string, level region.Level) {
		if short == "" {
			return
		}
		for _, d := range region.Lookup(short) {
			if d.Level == level && d.Name != short {
				pairs = append(pairs, d.Name, phFull)
				break
			}
		}
		pairs = append(pairs, short, ph)
	}
	add(a.District, phDistrict, phDistrictFull, region.LevelCounty)
	add(a.City, phCity, phCityFull, region.LevelCity)
	add(a.Province, phProvince, phProvinceFull, region.LevelProvince)
	return strings.NewReplacer(pairs...)
}

// sentences splits a paragraph after each sentence-ending mark, dropping
// quotation marks a split left unbalanced.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, c := range text {
		if c == '。' || c == '！' || c == '？' {
			end := i + utf8.RuneLen(c)
			// keep a closing quotation mark with its sentence
			if rest := text[end:]; strings.HasPrefix(rest, "”") {
				end += len("”")
			}
			if end > start {
				out = append(out, balance(strings.TrimSpace(text[start:end])))
			}
			start = end
		}
	}
	return out
}

func balance(s string) string {
	if strings.Count(s, "“") != strings.Count(s, "”") || strings.Count(s, "‘") != strings.Count(s, "’") {
		return unquote.Replace(s)
	}
	return s
}

var unquote = strings.NewReplacer("“", "", "”", "", "‘", "", "’", "")
