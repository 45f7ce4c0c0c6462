package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fangtan/index"
	"fangtan/index/model"
)

func init() {
	register(command{
		name:  "figures",
		short: "list the targets and results stated in the paragraphs of a search",
		run:   runFigures,
	})
}

func runFigures(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fangtan figures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts index.Options
	indexFlags(fs, &opts)
	req := model.FigureRequest{Page: 1}
	filterFlags(fs, &req.Province, &req.City, &req.District, &req.Source, &req.Speaker, &req.From, &req.To)
	fs.Var((*listFlag)(&req.Kind), "kind", "target or actual (repeatable)")
	fs.Var((*listFlag)(&req.Indicator), "indicator", "figures whose indicator contains this, e.g. 产值 (repeatable)")
	fs.Var((*listFlag)(&req.Unit), "unit", "only this unit as stated, e.g. 亿元 or % (repeatable)")
	fs.Var((*listFlag)(&req.Year), "year", "figures for this year; 0 for figures without one (repeatable)")
	sortBy := fs.String("sort", "", "value, -value, year, -year, place or indicator (default: newest articles first)")
	fs.IntVar(&req.Size, "n", 20, "figures to show")
	fs.IntVar(&req.Page, "page", 1, "page of figures")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fangtan figures -data DIR [filters] [QUERY]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	req.Query = strings.Join(fs.Args(), " ")
	req.Sort = model.FigureSort(*sortBy)
	ix, err := openExisting(opts)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Figures(ctx, &req)
	if err != nil {
		return err
	}
	printFigures(stdout, res, isTerminal(stdout))
	return nil
}

var kindNames = map[string]string{"target": "目标", "actual": "实际"}

// printFigures writes one figure per entry: indicator, value, year, kind
// and place, then the sentence that states it (the statement bold in a
// terminal, in 【】 when piped).
func printFigures(w io.Writer, res *model.FigureResult, bold bool) {
	on, off := "【", "】" // piped: the statement in brackets
	if bold {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	fmt.Fprintf(w, "%d 条数据，用时 %.1f 毫秒", res.Total, float64(res.Took.Microseconds())/1000)
	if res.Truncated {
		fmt.Fprintf(w, "（只读了最新的 %d 段，请加筛选条件）", model.MaxFigureParagraphs)
	}
	fmt.Fprint(w, "\n\n")
	for i, f := range res.Figures {
		value := strconv.FormatFloat(f.Value, 'f', -1, 64)
		if f.ValueHigh != 0 {
			value += "～" + strconv.FormatFloat(f.ValueHigh, 'f', -1, 64)
		}
		if f.Unit != "%" {
			value += " "
		}
		value += f.Unit
		if f.Modifier != "" {
			value = f.Modifier + " " + value
		}
		year := "年份未注明"
		if f.Year != 0 {
			year = strconv.Itoa(f.Year) + " 年"
		}
		fmt.Fprintf(w, "%d. %s  %s  %s · %s\n", (res.Page-1)*res.Size+i+1, f.Indicator, value, year, kindNames[string(f.Kind)])
		meta := []string{}
		for _, s := range []string{joinPlace(f.Province, f.City, f.District), f.Date, f.Source} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		meta = append(meta, fmt.Sprintf("[%s #%d]", f.ArticleID, f.Paragraph))
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		fmt.Fprintf(w, "   %s\n\n", f.Statement.Render(on, off))
	}
}
