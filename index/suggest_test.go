package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"fangtan/article"
	"fangtan/index/model"
)

// Repetitive text gives a prefix hundreds of thousands of distinct
// completions, each in two paragraphs. Suggest must still answer well
// within the server's deadline: it bounds the candidates it collects and
// decides which are "closed" in one pass, not by comparing every
// candidate with every other (that took minutes on this text).
func TestSuggestOnDegenerateText(t *testing.T) {
	ix := openTest(t)
	rng := rand.New(rand.NewPCG(1, 2))
	pool := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质")
	var arts []*article.Article
	for i := range 150 {
		var b strings.Builder
		for range 200 {
			b.WriteString("储")
			for range 8 {
				b.WriteRune(pool[rng.IntN(len(pool))])
			}
			b.WriteString("，")
		}
		for copy := range 2 { // every completion occurs twice
			arts = append(arts, bodyArticle(fmt.Sprintf("d%03d-%d", i, copy), "重复", "", "", b.String()))
		}
	}
	putAll(t, ix, arts...)

	// generous: the bounded algorithm answers in milliseconds, the
	// quadratic one ran for minutes and then failed on its deadline
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	got, err := ix.Suggest(ctx, "储", 5)
	t.Logf("suggest on degenerate text: %v", time.Since(start))
	if err != nil {
		t.Fatalf("suggest on degenerate text: %v", err)
	}
	if len(got) == 0 {
		t.Fatal("no suggestions")
	}
	for _, s := range got {
		if !strings.HasPrefix(s.Text, "储") || s.Count < 2 {
			t.Errorf("bad suggestion %+v", s)
		}
	}
}

// A caller that has gone away stops the suggestion.
func TestSuggestStopsWhenCanceled(t *testing.T) {
	ix, _ := seedIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Suggest(ctx, "储能", 5); model.KindOf(err) != model.Canceled {
		t.Errorf("canceled suggest: %v (kind %v), want Canceled", err, model.KindOf(err))
	}
}
