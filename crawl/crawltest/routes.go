package crawltest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// listDate is when the lists, feeds and sitemaps last changed (before any
// Change).
var listDate = time.Date(2024, 3, 28, 18, 0, 0, 0, cst)

// route answers one request; ServeHTTP has dealt with removal and latency.
func (p *Portal) route(w http.ResponseWriter, r *http.Request, st state) {
	path := r.URL.Path
	lm := listDate.Add(time.Duration(st.version) * time.Hour)
	switch {
	case path == "/robots.txt":
		p.robots(w, r)
	case path == "/" || path == "/index.html" || path == "/sitemap.html":
		serve(w, r, htmlType, []byte(p.home(r, st.version)), lm)
	case path == "/sitemap_index.xml":
		serve(w, r, "application/xml; charset=utf-8", []byte(p.sitemapIndex(r)), lm)
	case path == "/sitemap1.xml.gz":
		serve(w, r, "application/x-gzip", p.sitemap(r, st.version), lm)
	case path == "/rss.xml":
		serve(w, r, "application/rss+xml; charset=utf-8", []byte(p.rss(r, st.version)), lm)
	case path == "/atom.xml":
		serve(w, r, "application/atom+xml; charset=utf-8", []byte(p.atom(r, st.version)), lm)
	case path == "/xwdt/" || path == "/xwdt/index.html":
		serve(w, r, htmlType, []byte(p.trsList(r, 0, st.version)), lm)
	case path == "/xwdt/index_1.html":
		serve(w, r, htmlType, []byte(p.trsList(r, 1, st.version)), lm)
	case path == "/xwdt/index_2.html":
		serve(w, r, htmlType, []byte(p.trsList(r, 2, st.version)), lm)
	case path == "/col/col1234/" || path == "/col/col1234/index.html":
		serve(w, r, htmlType, []byte(p.jpaasColumn(r, st.version)), lm)
	case path == DataProxyPath:
		p.dataProxy(w, r, st.version, lm)
	case path == "/zxft/list.html":
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if n < 1 || n > zxftPages {
			n = 1
		}
		serve(w, r, htmlType, []byte(p.zxftList(r, n, st.version)), lm)
	case path == "/print.jsp":
		id, _ := strconv.Atoi(r.URL.Query().Get("id"))
		a := p.byID[id]
		p.mu.Lock()
		gone := a != nil && p.removed[a.path]
		p.mu.Unlock()
		if a == nil || a.path != DupPath || gone {
			notFound(w) // a removed article's print version goes with it
			return
		}
		p.article(w, r, a, true)
	case path == PDFPath:
		serve(w, r, "application/pdf", p.pdf, listDate)
	case path == DocPath:
		serve(w, r, "application/msword", makeDoc(), listDate)
	case path == PrivatePath:
		priv := &art{path: PrivatePath, title: "内部工作安排（不予公开）", date: listDate, source: siteName, column: "内部资料",
			paras: []string{"本页面为内部工作资料，仅供局内各科室参考，不对外公开发布，请勿转载或引用其中内容。"}}
		serve(w, r, htmlType, []byte(p.articleHTML(r, priv, 0, false)), listDate)
	case path == RedirectPath:
		http.Redirect(w, r, RedirectMid, http.StatusMovedPermanently)
	case path == RedirectMid:
		http.Redirect(w, r, RedirectTarget, http.StatusFound)
	case path == LoopA:
		http.Redirect(w, r, LoopB, http.StatusFound)
	case path == LoopB:
		http.Redirect(w, r, LoopA, http.StatusFound)
	case path == OutsidePath:
		http.Redirect(w, r, "http://127.0.0.1:9/outside/xwdt/index.html", http.StatusFound)
	case path == HugePath:
		p.huge(w)
	case path == SlowPath:
		if sleep(r, p.o.SlowDelay) {
			p.article(w, r, p.slow, false)
		}
	case path == VideoPath:
		serve(w, r, htmlType, []byte(p.videoPage(r)), listDate)
	case path == BuildingPath:
		serve(w, r, htmlType, []byte(buildingPage), listDate)
	case path == CalendarPath:
		p.calendar(w, r)
	case strings.HasPrefix(path, SessionPath):
		p.session(w, r)
	default:
		a := p.byPath[path]
		if a == nil {
			notFound(w)
			return
		}
		if a.fail != 0 && st.hit == 1 && !p.o.NoFailures {
			w.Header().Set("Retry-After", "1")
			http.Error(w, http.StatusText(a.fail), a.fail)
			return
		}
		p.article(w, r, a, r.URL.Query().Get("print") == "1")
	}
}

const htmlType = "text/html; charset=utf-8"

// article answers with article a's page (its print version if print).
func (p *Portal) article(w http.ResponseWriter, r *http.Request, a *art, print bool) {
	p.mu.Lock()
	v := p.version[a.path]
	p.mu.Unlock()
	body := encode(a.enc, p.articleHTML(r, a, v, print))
	ctype := htmlType
	switch a.enc {
	case encGBKHeader:
		ctype = "text/html; charset=gbk"
	case encGBKMeta:
		ctype = "text/html"
	case encBig5:
		ctype = "text/html; charset=big5"
	}
	serve(w, r, ctype, body, a.date.Add(time.Duration(v)*time.Hour))
}

// serve answers with body, its ETag and Last-Modified, or with 304 when
// the request's If-None-Match or If-Modified-Since says the client has it.
func serve(w http.ResponseWriter, r *http.Request, ctype string, body []byte, lm time.Time) {
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	w.Header().Set("Content-Type", ctype)
	http.ServeContent(w, r, "", lm, bytes.NewReader(body))
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head><body><p>您访问的页面不存在或已被删除。</p></body></html>")
}

// robots answers /robots.txt.
func (p *Portal) robots(w http.ResponseWriter, r *http.Request) {
	if s := p.o.RobotsStatus; s != 0 && s != http.StatusOK {
		http.Error(w, http.StatusText(s), s)
		return
	}
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /private/\n")
	if p.o.CrawlDelay > 0 {
		b.WriteString("Crawl-delay: " + strconv.FormatFloat(p.o.CrawlDelay.Seconds(), 'f', -1, 64) + "\n")
	}
	b.WriteString("\nSitemap: " + origin(r) + "/sitemap_index.xml\n")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, b.String())
}

// origin is the scheme and host the request reached the portal by.
func origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// huge streams HugeSize bytes of an HTML page, without a Content-Length.
func (p *Portal) huge(w http.ResponseWriter) {
	w.Header().Set("Content-Type", htmlType)
	head := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>工业经济运行数据汇编</title></head><body><div class=\"article-content\">\n"
	chunk := []byte(strings.Repeat("<p>本页汇总了全市规模以上工业企业主要经济指标的月度数据，供社会各界查阅参考。</p>\n", 200))
	left := p.o.HugeSize
	n, err := io.WriteString(w, head)
	left -= int64(n)
	for left > 0 && err == nil {
		c := chunk
		if int64(len(c)) > left {
			c = c[:left]
		}
		n, err = w.Write(c)
		left -= int64(n)
	}
}

// calendar is the calendar trap: every month links the next and previous.
func (p *Portal) calendar(w http.ResponseWriter, r *http.Request) {
	m, err := time.Parse("2006-01", r.URL.Query().Get("month"))
	if err != nil {
		m = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	}
	prev, next := m.AddDate(0, -1, 0).Format("2006-01"), m.AddDate(0, 1, 0).Format("2006-01")
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>活动日历 %d年%d月</title></head><body>\n", m.Year(), int(m.Month()))
	b.WriteString(p.topNav())
	fmt.Fprintf(&b, "<div class=\"calendar\"><h2>%d年%d月</h2><a href=\"?month=%s\">上个月</a> <a href=\"?month=%s\">下个月</a>\n<table><tr>", m.Year(), int(m.Month()), prev, next)
	for d := 1; d <= 28; d++ {
		fmt.Fprintf(&b, "<td>%d</td>", d)
		if d%7 == 0 {
			b.WriteString("</tr><tr>")
		}
	}
	b.WriteString("</tr></table></div>" + footer + "</body></html>")
	serve(w, r, htmlType, []byte(b.String()), listDate)
}

// session is the session-id trap: every answer links new session ids.
func (p *Portal) session(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.sessions++
	n := p.sessions
	p.mu.Unlock()
	sid := func(k int) string {
		s := sha256.Sum256([]byte(strconv.Itoa(k)))
		return strings.ToUpper(hex.EncodeToString(s[:16]))
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>互动交流</title></head><body>\n")
	b.WriteString(p.topNav())
	fmt.Fprintf(&b, "<div class=\"hdjl\"><ul><li><a href=\"%s;jsessionid=%s\">领导信箱</a></li><li><a href=\"%s;jsessionid=%s?type=zx\">网上咨询</a></li></ul></div>",
		SessionPath, sid(2*n), SessionPath, sid(2*n+1))
	b.WriteString(footer + "</body></html>")
	w.Header().Set("Content-Type", htmlType)
	io.WriteString(w, b.String())
}

// makePDF is a PDF attachment of a few hundred KB.
func makePDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Length 300000 >>\nstream\n")
	x := uint32(2463534242)
	for b.Len() < 300<<10 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(byte(x))
	}
	b.WriteString("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

// makeDoc is a Word (OLE compound file) attachment.
func makeDoc() []byte {
	b := make([]byte, 24<<10)
	copy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	return b
}
