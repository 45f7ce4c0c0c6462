package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"fangtan/index"
	"fangtan/index/forgive"
	"fangtan/index/model"
)

func init() {
	register(command{
		name:  "search",
		short: "search an index from the terminal",
		run:   runSearch,
	})
}

// openExisting opens the index in opts.Dir, which must exist: a query
// command never creates one.
func openExisting(opts index.Options) (*index.Index, error) {
	if !index.Exists(opts.Dir) {
		return nil, fmt.Errorf("no index in %s: build one with 'fangtan index -data %s PATH…'", opts.Dir, opts.Dir)
	}
	return index.Open(opts)
}

// isTerminal reports whether w is a terminal (bold highlights) rather than
// a pipe or a file.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// filterFlags are the filters of a search shared by search and figures:
// place, source, speaker and article dates.
func filterFlags(fs *flag.FlagSet, province, city, district, source, speaker *[]string, from, to *string) {
	fs.Var((*listFlag)(province), "province", "only this province (repeatable)")
	fs.Var((*listFlag)(city), "city", "only this city, 惠州 or 惠州市 (repeatable)")
	fs.Var((*listFlag)(district), "district", "only this district (repeatable)")
	fs.Var((*listFlag)(source), "source", "only this source (repeatable)")
	fs.Var((*listFlag)(speaker), "speaker", "only this speaker (repeatable)")
	fs.StringVar(from, "from", "", "from this date, YYYY-MM-DD")
	fs.StringVar(to, "to", "", "up to this date, YYYY-MM-DD")
}

// listFlag is a repeatable string flag: -city 惠州 -city 珠海.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts index.Options
	indexFlags(fs, &opts)
	req := model.Request{Page: 1}
	filterFlags(fs, &req.Province, &req.City, &req.District, &req.Source, &req.Speaker, &req.From, &req.To)
	fs.Var((*listFlag)(&req.Year), "year", "only this year (repeatable)")
	sortBy := fs.String("sort", "", "date or -date (default: relevance)")
	fs.IntVar(&req.Size, "n", 10, "hits to show")
	fs.IntVar(&req.Page, "page", 1, "page of hits")
	fs.BoolVar(&req.Group, "group", false, "one hit per article")
	collapse := fs.Bool("collapse", true, "show the copies other sites published of a paragraph (转载) once; -collapse=false lists every copy")
	noFacets := fs.Bool("no-facets", false, "do not print facet counts")
	fs.BoolVar(&req.Explain, "explain", false, "show the parts of each hit's score")
	fs.BoolVar(&req.Exact, "exact", false, "search for QUERY as written, never its correction (pinyin, typos)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan search -data DIR [filters] QUERY")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	req.Query = strings.Join(fs.Args(), " ")
	req.Sort = model.Sort(*sortBy)
	req.NoFacets = *noFacets
	req.NoCollapse = !*collapse
	ix, err := openExisting(opts)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.WaitVocabulary() // an older index counts its vocabulary first
	res, err := forgive.Wrap(ix, ix).Search(ctx, &req)
	if err != nil {
		return err
	}
	printResult(stdout, res, isTerminal(stdout))
	return nil
}

// printResult writes hits and facets as text; marks become bold in a
// terminal and vanish when piped.
func printResult(w io.Writer, res *model.Result, bold bool) {
	on, off := "", ""
	if bold {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	switch {
	case res.RewrittenFrom != "":
		fmt.Fprintf(w, "已显示“%s”的结果。仍然搜索：fangtan search -exact %s\n", res.Query, res.RewrittenFrom)
	case res.DidYouMean != "":
		fmt.Fprintf(w, "您是不是要找：%s\n", res.DidYouMean)
	}
	unit := "段"
	fmt.Fprintf(w, "%d %s匹配", res.Total, unit)
	if res.Groups > 0 {
		fmt.Fprintf(w, "（%d 篇文章）", res.Groups)
	}
	if n := res.TotalWithReposts - res.Total; n > 0 {
		fmt.Fprintf(w, "（另有 %d 段为转载，未重复列出）", n)
	}
	fmt.Fprintf(w, "，用时 %.1f 毫秒\n\n", float64(res.Took.Microseconds())/1000)
	for i, h := range res.Hits {
		meta := []string{}
		for _, s := range []string{joinPlace(h.Province, h.City, h.District), h.Date, h.Source, h.Speaker} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		fmt.Fprintf(w, "%d. %s  [%s #%d]\n", (res.Page-1)*res.Size+i+1, h.Title, h.ArticleID, h.Paragraph)
		if len(meta) > 0 {
			fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		}
		if h.Matches > 1 {
			fmt.Fprintf(w, "   本文共 %d 段匹配\n", h.Matches)
		}
		if h.Reposts > 0 {
			fmt.Fprintf(w, "   另有 %d 处转载\n", h.Reposts)
		}
		snip := strings.NewReplacer("<mark>", on, "</mark>", off).Replace(h.Snippet)
		fmt.Fprintf(w, "   %s\n", html.UnescapeString(snip))
		if h.SourceURL != "" {
			fmt.Fprintf(w, "   原文：%s\n", h.SourceURL)
		}
		if h.Explain != nil {
			printExplain(w, h.Explain)
		}
		fmt.Fprintln(w)
	}
	names := map[string]string{"province": "省份", "city": "城市", "district": "区县", "year": "年份", "source": "来源", "speaker": "发言人"}
	for _, f := range model.FacetFields {
		vs := res.Facets[f]
		if len(vs) == 0 {
			continue
		}
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = fmt.Sprintf("%s (%d)", v.Value, v.Count)
		}
		fmt.Fprintf(w, "%s: %s\n", names[f], strings.Join(parts, "  "))
	}
}

func joinPlace(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && (len(out) == 0 || out[len(out)-1] != p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// printExplain writes the parts of a hit's score, one line for the
// paragraph and one for each term, in the terms of docs/design.md.
func printExplain(w io.Writer, p *model.ScoreParts) {
	kinds := map[string]string{"body": "正文", "question": "提问", "caption": "图片说明"}
	fmt.Fprintf(w, "   得分 %.4f = (各词得分之和 + 邻近 %.3f) × %s权重 %.2f；段落 %d 字",
		p.Score, p.Proximity, firstNonEmpty(kinds[p.Kind], p.Kind), p.Weight, p.Length)
	if p.Gap >= 0 {
		fmt.Fprintf(w, "，各词最近相隔 %d 字", p.Gap)
	}
	fmt.Fprintln(w)
	for _, t := range p.Terms {
		var where []string
		if t.InTitle {
			where = append(where, "标题")
		}
		if t.InSection {
			where = append(where, "小标题")
		}
		first := "未知"
		if t.First >= 0 {
			first = fmt.Sprintf("第 %d 字", t.First+1)
		}
		also := ""
		if len(where) > 0 {
			also = "，" + strings.Join(where, "、") + "含此词"
		}
		fmt.Fprintf(w, "   · %s：出现 %d 次%s（计 %.1f 次），频度 %.4f × 首次出现（%s）%.3f = %.4f\n",
			t.Term, t.Mentions, also, t.Weighted, t.Frequency, first, t.Position, t.Score)
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
