package related

import (
	"strings"
	"testing"

	"fangtan/index/vocab"
)

func TestPhrasesWithoutIndex(t *testing.T) {
	c := vocab.NewCounter()
	texts := []string{
		"推动新型储能产业发展，新型储能项目落地。",
		"新型储能产业集群加快建设。",
		"储能产业链条不断完善，新型储能规模扩大。",
	}
	for _, s := range texts {
		c.AddText(s)
	}
	for range 50 { // the rest of the index, where 发展 is common
		c.AddText("经济社会发展取得新成效，高质量发展。")
	}
	got := Phrases(texts, len(texts), []string{"储能"}, c.Vocabulary(), 53, 5)
	if len(got) == 0 || !strings.Contains(got[0].Text, "储能") {
		t.Fatalf("related to 储能: %+v", got)
	}
	for _, p := range got {
		if p.Text == "储能" || p.Text == "发展" || p.Count < MinDF {
			t.Errorf("related to 储能: %+v", p)
		}
	}
	if got := Phrases(texts[:1], 1, []string{"储能"}, c.Vocabulary(), 53, 5); len(got) != 0 {
		t.Errorf("one hit gives %v", got)
	}
}
