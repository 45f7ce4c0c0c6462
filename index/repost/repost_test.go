package repost

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"fangtan/article"
	"fangtan/article/normalize"
	"fangtan/seeds"
)

// seedArticles are the five seed articles, parsed.
func seedArticles(t testing.TB) []*article.Article {
	t.Helper()
	var out []*article.Article
	for _, name := range seeds.Names() {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := article.Parse(data, name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// body returns a copy of a with other chrome: another ID, headline,
// source and date, and each searchable paragraph's text passed through f
// (nil: kept).
func variant(a *article.Article, id string, f func(i int, text string) string) *article.Article {
	c := *a
	c.ID, c.Title, c.Source, c.Date = id, "转载｜"+a.Title, "某某新闻网", "2099-01-01"
	c.Paragraphs = nil
	for i, p := range a.Paragraphs {
		if f != nil && p.Kind.Searchable() {
			p.Text = f(i, p.Text)
		}
		if p.Text != "" {
			c.Paragraphs = append(c.Paragraphs, p)
		}
	}
	return &c
}

// traditional turns simplified text into traditional characters, as a
// big5 gateway serves it.
func traditional(t *testing.T) func(int, string) string {
	return func(_ int, s string) string { return normalize.ToTraditional(s) }
}

func TestCopiesAreFoundWhateverTheirDress(t *testing.T) {
	seeds := seedArticles(t)
	glossed := func(_ int, s string) string {
		return strings.NewReplacer("增长", "增長(zhǎng)", "产业", "產(chǎn)业", "发展", "发(fā)展").Replace(s)
	}
	fullWidth := func(_ int, s string) string {
		return strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' {
				return r - '0' + '０'*boolRune(r <= '9') + (r-'A'+'Ａ'-r+'0')*boolRune(r >= 'A')
			}
			return r
		}, s)
	}
	punctuation := func(_ int, s string) string {
		return strings.NewReplacer("，", ",", "。", ".", "“", "\"", "”", "\"", "、", " ").Replace(s)
	}
	for _, a := range seeds {
		n := searchable(a)
		cases := map[string]func(int, string) string{
			"other chrome":      nil,
			"traditional":       traditional(t),
			"pinyin glosses":    glossed,
			"full width":        fullWidth,
			"other punctuation": punctuation,
			"a paragraph cut": func(i int, s string) string {
				if i == firstSearchable(a)+1 && n >= 8 {
					return ""
				}
				return s
			},
			"a word changed": func(i int, s string) string {
				if i == firstSearchable(a) {
					return strings.Replace(s, "的", "之", 1)
				}
				return s
			},
		}
		for name, f := range cases {
			c := variant(a, "copy", f)
			if name == "other chrome" {
				c.Paragraphs = append(c.Paragraphs, article.Paragraph{N: 999, Kind: article.Body, Text: "（编者按：本文转载自某某日报，转载时有删节。）"})
			}
			if con, ratio := Similarity(Fingerprint(a), Fingerprint(c)); !Copies(Fingerprint(a), Fingerprint(c)) {
				t.Errorf("%s: a copy with %s is not found (containment %.2f, length %.2f)", a.Title, name, con, ratio)
			}
		}
	}
}

func boolRune(b bool) rune {
	if b {
		return 1
	}
	return 0
}

func searchable(a *article.Article) int {
	n := 0
	for _, p := range a.Paragraphs {
		if p.Kind.Searchable() {
			n++
		}
	}
	return n
}

func firstSearchable(a *article.Article) int {
	for i, p := range a.Paragraphs {
		if p.Kind.Searchable() {
			return i
		}
	}
	return 0
}

func TestNearMissesAreNotCopies(t *testing.T) {
	seeds := seedArticles(t)
	a, b := seeds[0], seeds[1]
	longest := func(x *article.Article) string {
		best := ""
		for _, p := range x.Paragraphs {
			if p.Kind.Searchable() && len(p.Text) > len(best) {
				best = p.Text
			}
		}
		return best
	}
	// two different interviews that share a paragraph of boilerplate
	shared := variant(b, "b2", nil)
	shared.Paragraphs = append(shared.Paragraphs, article.Paragraph{N: 900, Kind: article.Body, Text: longest(a)})
	// a follow-up: new text that repeats two paragraphs of the original
	follow := variant(b, "follow", nil)
	var two []article.Paragraph
	for _, p := range a.Paragraphs {
		if p.Kind.Searchable() && len(two) < 2 {
			two = append(two, p)
		}
	}
	follow.Paragraphs = append(two, follow.Paragraphs...)
	// a short notice quoted whole in a long report
	notice := &article.Article{ID: "notice", Paragraphs: two}
	for _, c := range []struct {
		name string
		x, y *article.Article
	}{
		{"two different articles", a, b},
		{"articles sharing one paragraph", a, shared},
		{"an article and its follow-up", a, follow},
		{"a short notice and the long report that quotes it", notice, a},
	} {
		if Copies(Fingerprint(c.x), Fingerprint(c.y)) {
			con, ratio := Similarity(Fingerprint(c.x), Fingerprint(c.y))
			t.Errorf("%s are taken for copies (containment %.2f, length %.2f)", c.name, con, ratio)
		}
	}
	for i := range seeds {
		for j := i + 1; j < len(seeds); j++ {
			if Copies(Fingerprint(seeds[i]), Fingerprint(seeds[j])) {
				t.Errorf("seeds %d and %d are taken for copies", i, j)
			}
		}
	}
}

// randomText is n distinct-looking Chinese characters.
func randomText(r *rand.Rand, n int) string {
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = rune(0x4e00 + r.IntN(0x5000))
	}
	return string(rs)
}

// made builds an article of paragraphs of the given lengths, drawing
// each paragraph from pool by index.
func made(id string, pool []string, idx ...int) *article.Article {
	a := &article.Article{ID: id}
	for n, i := range idx {
		a.Paragraphs = append(a.Paragraphs, article.Paragraph{N: n + 1, Kind: article.Body, Text: pool[i]})
	}
	return a
}

func TestThresholdsOnBothSides(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pool := make([]string, 40)
	for i := range pool {
		pool[i] = randomText(r, 100) + "。"
	}
	base := made("a", pool, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	for _, c := range []struct {
		name string
		idx  []int
		want bool
	}{
		// containment: of 10 paragraphs, 8 shared is 0.80, 7 is 0.70
		{"containment at MinContainment", []int{0, 1, 2, 3, 4, 5, 6, 7, 20, 21}, true},
		{"containment below MinContainment", []int{0, 1, 2, 3, 4, 5, 6, 20, 21, 22}, false},
		// length: 5 of 10 paragraphs is 0.50, 4 is 0.40
		{"length at MinLengthRatio", []int{0, 1, 2, 3, 4}, true},
		{"length below MinLengthRatio", []int{0, 1, 2, 3}, false},
	} {
		if got := Copies(Fingerprint(base), Fingerprint(made("b", pool, c.idx...))); got != c.want {
			t.Errorf("%s: Copies = %v, want %v", c.name, got, c.want)
		}
	}
	// MinSentenceRunes: a dateline is no sentence, a sentence of ten is
	if n := len(Fingerprint(made("d", []string{"2024年3月5日"}, 0)).Sentences); n != 0 {
		t.Errorf("a dateline of 9 characters counts as a sentence")
	}
	if n := len(Fingerprint(made("e", []string{"全市工业增加值增长百分"}, 0)).Sentences); n != 1 {
		t.Errorf("a sentence of 11 characters does not count")
	}
}

func TestSentencesSurviveDress(t *testing.T) {
	plain := Sentences("规模以上工业增加值增长3.5%。新型储能产业加快发展！")
	for _, dressed := range []string{
		"規模以上工業增加值增長3.5%。新型儲能產業加快發展！",
		"规模以上工业增加值增长(zhǎng)3.5%.新型储能产(chǎn)业加快发展!",
		"规模以上工业增加值增长３．５％。 新型储能产业加快发展！",
	} {
		if got := Sentences(dressed); !slices.EqualFunc(got, plain, slices.Equal) {
			t.Errorf("%s: sentences %q, want %q", dressed, runesOf(got), runesOf(plain))
		}
	}
}

func runesOf(ss [][]rune) []string {
	var out []string
	for _, s := range ss {
		out = append(out, string(s))
	}
	return out
}

// seedsWithCopies are the prints of the seeds and of two copies of each.
func seedsWithCopies(t *testing.T) ([]*article.Article, []Print) {
	seeds := seedArticles(t)
	var all []Print
	for _, a := range seeds {
		all = append(all, Fingerprint(a))
		for k := 0; k < 2; k++ {
			all = append(all, Fingerprint(variant(a, fmt.Sprintf("%s-copy%d", a.ID, k), func(j int, s string) string {
				if j%7 == k+1 {
					return "" // each copy cuts another paragraph
				}
				return s
			})))
		}
	}
	return seeds, all
}

func TestGroupsDoNotDependOnOrder(t *testing.T) {
	seeds, all := seedsWithCopies(t)
	want := groupsOf(t, all)
	for _, seed := range []uint64{1, 2, 3} {
		r := rand.New(rand.NewPCG(seed, 0))
		shuffled := slices.Clone(all)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := groupsOf(t, shuffled); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("order %d gives other groups:\n%v\nwant\n%v", seed, got, want)
		}
	}
	if len(want) != len(seeds) {
		t.Fatalf("%d groups of %d seeds with two copies each: %v", len(want), len(seeds), want)
	}
	for _, g := range want {
		if len(g) != 3 {
			t.Errorf("group %v: want the article and its two copies", g)
		}
	}
}

// TestPutAllAndRebuildsKeepTheGroups: the bulk path an index opens with,
// and a rebuild of the postings between writes, give the groups that Put
// one by one gives, deletes and rewrites included.
func TestPutAllAndRebuildsKeepTheGroups(t *testing.T) {
	seeds, all := seedsWithCopies(t)
	want := groupsOf(t, all)
	bulk := NewGroups()
	changed := bulk.PutAll(slices.Values(all))
	if got := listGroups(bulk, all); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("PutAll gives\n%v\nwant\n%v", got, want)
	}
	var grouped []string
	for _, g := range want {
		grouped = append(grouped, g...)
	}
	if slices.Sort(grouped); !slices.Equal(changed, grouped) {
		t.Errorf("PutAll reports %v changed, want %v", changed, grouped)
	}

	// the same writes on both, with rebuilds in between on one
	one, rebuilt := NewGroups(), NewGroups()
	half := len(all) / 2
	for _, p := range all[:half] {
		one.Put(p)
	}
	rebuilt.PutAll(slices.Values(all[:half]))
	write := func(f func(g *Groups) []string) {
		t.Helper()
		a, b := f(one), f(rebuilt)
		if !slices.Equal(a, b) {
			t.Errorf("changed %v, after a rebuild %v", a, b)
		}
		rebuilt.rebuild()
	}
	for _, p := range all[half:] {
		write(func(g *Groups) []string { return g.Put(p) })
	}
	write(func(g *Groups) []string { return g.Delete(seeds[0].ID) })
	write(func(g *Groups) []string { return g.Put(Fingerprint(variant(seeds[2], seeds[1].ID, nil))) })
	write(func(g *Groups) []string { return g.Put(Fingerprint(variant(seeds[1], seeds[1].ID+"-copy0", nil))) })
	if a, b := listGroups(one, all), listGroups(rebuilt, all); !slices.EqualFunc(a, b, slices.Equal) {
		t.Errorf("groups %v, after rebuilds %v", a, b)
	}
}

// groupsOf puts the prints in order and lists the groups.
func groupsOf(t *testing.T, ps []Print) [][]string {
	g := NewGroups()
	for _, p := range ps {
		g.Put(p)
	}
	return listGroups(g, ps)
}

// listGroups lists the groups of the articles of ps, sorted.
func listGroups(g *Groups, ps []Print) [][]string {
	var out [][]string
	for _, p := range ps {
		if grp := g.Group(p.ID); grp != nil && grp[0] == p.ID {
			out = append(out, grp)
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

func TestGroupsFollowChangesAndDeletes(t *testing.T) {
	a := seedArticles(t)[0]
	g := NewGroups()
	g.Put(Fingerprint(a))
	if g.Group(a.ID) != nil {
		t.Fatal("an article alone has a group")
	}
	c1 := variant(a, "c1", nil)
	if changed := g.Put(Fingerprint(c1)); !slices.Equal(changed, []string{a.ID, "c1"}) {
		t.Errorf("adding a copy changed %v", changed)
	}
	if got := g.Group("c1"); !slices.Equal(got, []string{a.ID, "c1"}) {
		t.Errorf("group %v", got)
	}
	// the copy is rewritten into another article: it leaves the group
	other := seedArticles(t)[1]
	c1b := variant(other, "c1", nil)
	g.Put(Fingerprint(c1b))
	if g.Group(a.ID) != nil || g.Group("c1") != nil {
		t.Errorf("a changed copy still grouped: %v %v", g.Group(a.ID), g.Group("c1"))
	}
	// a copy joins, then the original is deleted: the copies stay a group
	g.Put(Fingerprint(variant(a, "c2", nil)))
	g.Put(Fingerprint(variant(a, "c3", nil)))
	g.Delete(a.ID)
	if got := g.Group("c2"); !slices.Equal(got, []string{"c2", "c3"}) {
		t.Errorf("after deleting the original, group %v", got)
	}
	g.Delete("c3")
	if g.Group("c2") != nil {
		t.Error("the last copy left alone keeps a group")
	}
}

// representative is the copy a group is shown by: the first in its order.
func representative(cs []Copy) Copy {
	cs = slices.Clone(cs)
	Order(cs)
	return cs[0]
}

func TestRepresentative(t *testing.T) {
	cs := []Copy{
		{ID: "m", Date: "2024-03-05", Source: "今日头条", SourceURL: "https://m.example.com/a"},
		{ID: "p", Date: "2024-03-05", Source: "临澜日报"},
		{ID: "g", Date: "2024-03-05", Source: "临澜市工业和信息化局", SourceURL: "https://gxj.linlan.gov.cn/a.html"},
		{ID: "late", Date: "2024-03-06", Source: "临澜市人民政府"},
		{ID: "nodate", Source: "临澜市工业和信息化局"},
	}
	if got := representative(cs).ID; got != "g" {
		t.Errorf("representative %s, want the bureau's own copy", got)
	}
	if got := representative(cs[:2]).ID; got != "p" {
		t.Errorf("between a paper and an aggregator: %s, want the paper", got)
	}
	if got := representative([]Copy{cs[3], cs[0]}).ID; got != "m" {
		t.Errorf("an earlier copy loses to a later one: %s", got)
	}
	if got := representative([]Copy{cs[4], cs[1]}).ID; got != "p" {
		t.Errorf("an undated copy wins: %s", got)
	}
}

func TestSortPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 0))
	for _, n := range []int{0, 1, 100, 255, 256, 5000} {
		hs, ns := make([]uint64, n), make([]uint32, n)
		for i := range hs {
			hs[i], ns[i] = r.Uint64()%uint64(n/3+1)*0x9e3779b97f4a7c15, uint32(i)
		}
		orig := slices.Clone(hs)
		sortPairs(hs, ns)
		for i := range n {
			if orig[ns[i]] != hs[i] {
				t.Fatalf("n=%d: pair %d lost its number", n, i)
			}
		}
		for i := 1; i < n; i++ {
			if hs[i-1] > hs[i] || hs[i-1] == hs[i] && ns[i-1] > ns[i] {
				t.Fatalf("n=%d: pairs %d and %d out of order: (%x %d) (%x %d)", n, i-1, i, hs[i-1], ns[i-1], hs[i], ns[i])
			}
		}
	}
}

// TestCopiesAgreesWithSimilarity: copies, which stops early, decides as
// Similarity's figures do, on pairs that share some sentences, most or
// all of them.
func TestCopiesAgreesWithSimilarity(t *testing.T) {
	var prints []Print
	for _, a := range synthArticles(60) {
		p := Fingerprint(a)
		prints = append(prints, p)
		// the same article cut short, to land on both sides of the thresholds
		for _, keep := range []int{len(p.Sentences) * 9 / 10, len(p.Sentences) * 7 / 10, len(p.Sentences) / 2} {
			q := p
			q.ID += "-cut"
			q.Sentences = p.Sentences[:keep]
			q.Runes = 0
			for _, s := range q.Sentences {
				q.Runes += s.Runes
			}
			prints = append(prints, q)
		}
	}
	yes := 0
	for i, a := range prints {
		for _, b := range prints[i+1:] {
			c, r := Similarity(a, b)
			want := c >= MinContainment && r >= MinLengthRatio
			if got := Copies(a, b); got != want {
				t.Fatalf("%s, %s: Copies %v, containment %.3f and length ratio %.3f say %v", a.ID, b.ID, got, c, r, want)
			}
			if want {
				yes++
			}
		}
	}
	if yes == 0 || yes == len(prints)*(len(prints)-1)/2 {
		t.Fatalf("%d of the pairs are copies: the test needs both kinds", yes)
	}
}
