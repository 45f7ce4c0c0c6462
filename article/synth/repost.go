package synth

import (
	"slices"
	"strings"

	"fangtan/article"
	"fangtan/article/normalize"
)

// Dress is how a repost (转载) differs from the article it copies: its own
// chrome, and the ways sites alter the text they copy.
type Dress struct {
	ID, Title, Source, Site, SourceURL, Date string // the copy's own ("" keeps the original's; ID is required)

	Traditional bool   // in traditional characters, as a big5 gateway serves it
	Glossed     bool   // pinyin readings after some characters, as mobile mirrors print them: 发(fā)展
	FullWidth   bool   // digits and Latin letters in full-width forms
	Punctuation bool   // half-width punctuation for the full-width
	Cut         []int  // searchable paragraphs left out, by their place among the searchable ones
	Note        string // an editor's note added as the last paragraph
	Split       bool   // each sentence a paragraph of its own, as some mirrors print them
	Join        bool   // every two body paragraphs one
}

// Repost is a copy of a in dress d.
func Repost(a *article.Article, d Dress) *article.Article {
	c := *a
	c.ID = d.ID
	for _, f := range []struct {
		to *string
		v  string
	}{
		{&c.Title, d.Title}, {&c.Source, d.Source}, {&c.Site, d.Site}, {&c.SourceURL, d.SourceURL}, {&c.Date, d.Date},
	} {
		if f.v != "" {
			*f.to = f.v
		}
	}
	c.Paragraphs = nil
	searchable := 0
	for _, p := range a.Paragraphs {
		if p.Kind.Searchable() {
			cut := slices.Contains(d.Cut, searchable)
			searchable++
			if cut {
				continue
			}
			p.Text = d.dress(p.Text)
		}
		c.Paragraphs = append(c.Paragraphs, p)
	}
	if d.Note != "" {
		c.Paragraphs = append(c.Paragraphs, article.Paragraph{N: len(a.Paragraphs) + 1, Kind: article.Body, Text: d.Note})
	}
	if d.Split || d.Join {
		c.Paragraphs = reparagraph(c.Paragraphs, d.Split)
	}
	return &c
}

// reparagraph splits every body paragraph into its sentences (split) or
// joins every two consecutive ones, and numbers the paragraphs anew.
func reparagraph(ps []article.Paragraph, split bool) []article.Paragraph {
	var out []article.Paragraph
	open := false // the last paragraph of out waits for a second one
	for _, p := range ps {
		switch {
		case p.Kind != article.Body:
			out = append(out, p)
			open = false
		case split:
			for s := range strings.SplitAfterSeq(p.Text, "。") {
				if strings.TrimSpace(s) != "" {
					q := p
					q.Text = s
					out = append(out, q)
				}
			}
		case open:
			out[len(out)-1].Text += p.Text
			open = false
		default:
			out = append(out, p)
			open = true
		}
	}
	for i := range out {
		out[i].N = i + 1
	}
	return out
}

// glosses are the readings a glossing mirror adds, for characters common
// in the seeds.
var glosses = strings.NewReplacer("发", "发(fā)", "展", "展(zhǎn)", "产", "产(chǎn)", "增", "增(zēng)", "长", "长(zhǎng)", "济", "济(jì)")

var halfWidth = strings.NewReplacer("，", ",", "。", ".", "；", ";", "：", ":", "“", "\"", "”", "\"", "（", "(", "）", ")", "！", "!", "？", "?")

func (d Dress) dress(s string) string {
	if d.Glossed {
		s = glosses.Replace(s)
	}
	if d.Traditional {
		s = normalize.ToTraditional(s)
	}
	if d.FullWidth {
		s = strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' {
				return r - '!' + '！'
			}
			return r
		}, s)
	}
	if d.Punctuation {
		s = halfWidth.Replace(s)
	}
	return s
}
