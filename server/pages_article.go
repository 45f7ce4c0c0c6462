package server

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fangtan/article"
	"fangtan/index/model"
	"fangtan/index/snippet"
)

// ---- the article page ----

// articlePage is the data of article.html.
type articlePage struct {
	Article    *article.Article
	Q          string
	BackURL    string
	Place      string
	SourceURL  string       // the original page, when known (原文链接)
	Reposts    []repostView // the copies other sites published (另有 N 处转载)
	Site       string       // its site's name
	Paragraphs []paragraphView
	Hits       []int // numbers of the paragraphs that hold the query
}

type paragraphView struct {
	N       int
	Kind    string
	Speaker string
	Asks    bool          // the speaker is the interviewer
	HTML    template.HTML // the text escaped, the query's terms marked
	Hit     bool
}

func (p *pageServer) handleArticle(w http.ResponseWriter, r *http.Request) {
	r, cancel := p.withTimeout(r)
	defer cancel()
	id, err := pathID(r)
	if err != nil {
		p.renderError(w, r, http.StatusNotFound, "找不到这篇文章", "链接中的文章编号有误。", "")
		return
	}
	a, err := p.s.search.Article(r.Context(), id)
	if err == nil && a == nil {
		err = &model.Error{Kind: model.NotFound, Msg: "no article " + strconv.Quote(id)}
	}
	if err != nil {
		if model.KindOf(err) == model.NotFound {
			p.renderError(w, r, http.StatusNotFound, "找不到这篇文章",
				"这篇文章不存在，可能已被删除或链接有误。您可以回到首页重新搜索。", "")
			return
		}
		status, title, msg, detail := p.failure(r, err)
		p.renderError(w, r, status, title, msg, detail)
		return
	}
	reposts, err := p.s.repostsOf(r.Context(), id)
	if err != nil {
		// the article is shown without the list of its copies
		p.s.log.Warn("listing reposts", "article", id, "err", err)
		reposts = nil
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := &articlePage{Article: a, Q: q, BackURL: "/", Reposts: reposts,
		Place: strings.Join(nonEmpty(a.Province, a.City, a.District), " ")}
	if page.SourceURL = sourceLink(a.SourceURL); page.SourceURL != "" {
		page.Site = siteName(a.Site, page.SourceURL)
	}
	if q != "" {
		page.BackURL = "/?q=" + url.QueryEscape(q)
	}
	terms := p.terms(q)
	for _, para := range a.Paragraphs {
		pv := paragraphView{N: para.N, Kind: string(para.Kind), Speaker: para.Speaker,
			Asks: para.Asks()}
		if len(terms) > 0 && para.Kind.Searchable() && len(snippet.Find(para.Text, terms)) > 0 {
			pv.Hit = true
			page.Hits = append(page.Hits, para.N)
		}
		if len(terms) > 0 {
			pv.HTML = template.HTML(snippet.Mark(para.Text, terms))
		} else {
			pv.HTML = template.HTML(template.HTMLEscapeString(para.Text))
		}
		page.Paragraphs = append(page.Paragraphs, pv)
	}
	p.render(w, r, http.StatusOK, "article.html", "layout", page)
}

// terms returns the folded phrases (with synonyms) the index searches for
// q, by asking the index itself (no search runs): the page then marks
// exactly what the search matched (traditional and simplified forms,
// full-width digits, synonyms). A query the index refuses marks nothing;
// the article is still shown.
func (p *pageServer) terms(q string) []string {
	if q == "" || len([]rune(q)) > p.s.cfg.MaxQuery {
		return nil
	}
	terms, err := p.s.search.Terms(q)
	if err != nil {
		return nil
	}
	return terms
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
