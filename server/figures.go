package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"fangtan/article/figure"
	"fangtan/index/model"
)

// Figures (docs/design.md, "Figures"):
//
//	GET /api/figures   the figures stated in the paragraphs of a search, as
//	                   JSON or (format=csv) a CSV file Excel opens
//	GET /figures       the same as a sortable table with a comparison chart
//
// Both need a searcher that also implements model.FigureSearcher.

// figureParams are the parameters of /api/figures: those of /api/search
// (year is the figure's, not the article's) plus the figure filters.
var figureParams = []string{"q", "province", "city", "district", "source", "speaker", "from", "to",
	"kind", "indicator", "unit", "year", "sort", "page", "size", "format"}

var figureFilterParams = []string{"province", "city", "district", "source", "speaker", "kind", "indicator", "unit", "year"}

// maxCSVFigures is the most rows a CSV download holds.
const maxCSVFigures = 10000

var figureSorts = map[string]model.FigureSort{
	"": model.FiguresByDate, "date": model.FiguresByDate,
	"value": model.FiguresByValueAsc, "-value": model.FiguresByValueDesc,
	"year": model.FiguresByYearAsc, "-year": model.FiguresByYearDesc,
	"place": model.FiguresByPlace, "indicator": model.FiguresByIndicator,
}

// mountFigurePage adds the page /figures, with the pages' middleware (the
// API route is in routes, under /api's).
func (s *Server) mountFigurePage(r chi.Router) {
	if s.figures == nil {
		return
	}
	r.With(s.limit, middleware.Compress(5, "text/html")).Get("/figures", s.pages.handleFigures)
}

// parseFigures turns the query string into an model.FigureRequest.
func (s *Server) parseFigures(q url.Values, maxSize int) (*model.FigureRequest, error) {
	if err := checkParams(q, figureParams, figureFilterParams...); err != nil {
		return nil, err
	}
	req := &model.FigureRequest{}
	var err error
	if req.Query, err = text("q", q.Get("q"), s.cfg.MaxQuery); err != nil {
		return nil, err
	}
	lists := map[string]*[]string{
		"province": &req.Province, "city": &req.City, "district": &req.District,
		"source": &req.Source, "speaker": &req.Speaker,
		"kind": &req.Kind, "indicator": &req.Indicator, "unit": &req.Unit, "year": &req.Year,
	}
	for _, name := range figureFilterParams {
		if *lists[name], err = filterValues(q, name, func(v string) error {
			switch {
			case name == "kind" && v != string(figure.Target) && v != string(figure.Actual):
				return invalidParam(name, `must be "target" or "actual", got %q`, v)
			case name == "year" && v != "0" && !isYear(v):
				return invalidParam(name, "must be a year such as 2025, or 0 for figures that give none, got %q", v)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if req.From, req.To, err = dateRange(q); err != nil {
		return nil, err
	}
	sortBy, ok := figureSorts[q.Get("sort")]
	if !ok {
		return nil, invalidParam("sort", `must be one of date, value, -value, year, -year, place, indicator; got %q`, q.Get("sort"))
	}
	req.Sort = sortBy
	if req.Size, err = intParam(q, "size", s.cfg.DefaultSize, 1, maxSize); err != nil {
		return nil, err
	}
	if req.Page, err = intParam(q, "page", 1, 1, math.MaxInt); err != nil {
		return nil, err
	}
	if req.Page > model.MaxFigureParagraphs {
		return nil, invalidParam("page", "at most %d", model.MaxFigureParagraphs)
	}
	return req, nil
}

// figuresResponse is the JSON of /api/figures.
type figuresResponse struct {
	Query     string         `json:"query"`
	Total     int            `json:"total"`
	TookMS    float64        `json:"took_ms"`
	Page      int            `json:"page"`
	Size      int            `json:"size"`
	Truncated bool           `json:"truncated,omitempty"`
	Figures   []figureJSON   `json:"figures"`
	Facets    figureFacetMap `json:"facets"`
}

type figureJSON struct {
	model.FigureHit
	// Text is HTML: the sentence that states the figure, escaped, the
	// statement one <mark>…</mark>.
	Text string `json:"text"`
	URL  string `json:"url"`
}

// figureFacetMap marshals the facets in the order of model.FigureFacetFields.
type figureFacetMap map[string][]model.FacetValue

func (f figureFacetMap) MarshalJSON() ([]byte, error) {
	return marshalFacets(f, model.FigureFacetFields, true)
}

// runFigures runs a figure search under the request deadline and the cap
// on searches at once.
func (s *Server) runFigures(ctx context.Context, req *model.FigureRequest) (*model.FigureResult, error) {
	release, err := s.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.figures.Figures(ctx, req)
}

func (s *Server) handleFigures(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	r = r.WithContext(ctx)
	q := r.URL.Query()
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" {
		s.writeError(w, r, invalidParam("format", `must be "json" or "csv", got %q`, format))
		return
	}
	maxSize := s.cfg.MaxSize
	if format == "csv" {
		maxSize = maxCSVFigures
	}
	req, err := s.parseFigures(q, maxSize)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format == "csv" && q.Get("size") == "" && q.Get("page") == "" {
		req.Page, req.Size = 1, maxCSVFigures // a download holds them all
	}
	start := time.Now()
	res, err := s.runFigures(ctx, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format == "csv" {
		writeFiguresCSV(w, req, res)
		return
	}
	out := &figuresResponse{
		Query: req.Query, Total: res.Total, Page: req.Page, Size: req.Size, Truncated: res.Truncated,
		TookMS:  math.Round(float64(time.Since(start).Microseconds())) / 1000,
		Figures: make([]figureJSON, len(res.Figures)), Facets: figureFacetMap(res.Facets),
	}
	for i, f := range res.Figures {
		out.Figures[i] = figureJSON{FigureHit: f, Text: f.Statement.HTML(), URL: articleURL(f.ArticleID) + "#p" + strconv.Itoa(f.Paragraph)}
	}
	writeJSON(w, http.StatusOK, out)
}

// csvHeader names the columns of the CSV download, in Chinese for the
// researchers who open it in a spreadsheet.
var csvHeader = []string{"指标", "原文指标", "数值", "上限", "单位", "换算值", "基准单位", "修饰", "年份", "类型",
	"省份", "城市", "区县", "日期", "来源", "标题", "原文", "链接"}

var kindLabels = map[figure.Kind]string{figure.Target: "目标", figure.Actual: "实际"}

// writeFiguresCSV writes the figures as UTF-8 CSV with a byte-order mark,
// so Excel reads the Chinese right; a cell that a spreadsheet would take
// for a formula is prefixed with a quote.
func writeFiguresCSV(w http.ResponseWriter, req *model.FigureRequest, res *model.FigureResult) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(csvHeader)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for _, f := range res.Figures {
		high, year := "", ""
		if f.ValueHigh != 0 {
			high = num(f.ValueHigh)
		}
		if f.Year != 0 {
			year = strconv.Itoa(f.Year)
		}
		plain := f.Statement.Render("", "")
		cw.Write([]string{cell(f.Indicator), cell(f.Named), num(f.Value), high, cell(f.Unit), num(f.Scaled), cell(f.BaseUnit),
			cell(f.Modifier), year, kindLabels[f.Kind], cell(f.Province), cell(f.City), cell(f.District), f.Date,
			cell(f.Source), cell(f.Title), cell(plain), articleURL(f.ArticleID) + "#p" + strconv.Itoa(f.Paragraph)})
	}
	cw.Flush()
	name := "figures.csv"
	if req.Query != "" {
		name = "figures-" + req.Query + ".csv"
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", "attachment; filename=\"figures.csv\"; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// cell guards a text cell against formula injection (=, +, -, @ first).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
