package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// hostile is one request a scanner or fuzzer might send: a raw query
// string for the search endpoints, or a raw path.
type hostile struct {
	desc  string
	query string // raw, appended after "?"
	path  string // instead of a query: a raw path under /api (and the same under / for the pages)
	want  int    // 0: 200 or 400 (404 for paths); else exactly this
}

// q is a hostile q parameter, percent-encoded as a browser would.
func q(desc, v string) hostile { return hostile{desc: desc, query: "q=" + url.QueryEscape(v)} }

// hostileRequests are ≥100 malformed, oversized and malicious requests.
func hostileRequests() []hostile {
	ors := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("词%d", i)
		}
		return strings.Join(parts, " OR ")
	}
	terms := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("词%d", i)
		}
		return strings.Join(parts, " ")
	}
	cases := []hostile{
		// quotes
		q("lone quote", `"`), q("open quote", `"储能`), q("close quote only", `储能"`), q("three quotes", `"""`),
		q("empty phrase", `""`), q("curly open quote", `“储能`), q("curly close quote", `”`), q("full-width quote", `＂储能`),
		q("quote soup", `"储"能"产"业"`), q("negated open quote", `-"储能`),
		// size
		{desc: "10,000 characters", query: "q=" + url.QueryEscape(strings.Repeat("储", 10000)), want: 400},
		{desc: "10,000 ASCII", query: "q=" + strings.Repeat("a", 10000), want: 400},
		{desc: "257 characters", query: "q=" + url.QueryEscape(strings.Repeat("能", 257)), want: 400},
		q("256 characters", strings.Repeat("能", 256)),
		q("a 64-character term", strings.Repeat("储", 64)),
		{desc: "a 65-character term", query: "q=" + url.QueryEscape(strings.Repeat("储", 65)), want: 400},
		q("16 terms", terms(16)),
		{desc: "17 terms", query: "q=" + url.QueryEscape(terms(17)), want: 400},
		q("16 alternatives", ors(16)),
		{desc: "17 alternatives", query: "q=" + url.QueryEscape(ors(17)), want: 400},
		{desc: "thousands of ORs", query: "q=" + url.QueryEscape(strings.Repeat("储能 OR ", 2000)+"氢能"), want: 400},
		{desc: "thousands of OR keywords", query: "q=" + url.QueryEscape(strings.Repeat("OR ", 3000)), want: 400},
		q("combining marks", "a"+strings.Repeat("\u0301", 200)),
		// control, invisible and bidi characters
		{desc: "NUL", query: "q=%00", want: 400}, {desc: "NUL inside", query: "q=%E5%82%A8%00%E8%83%BD", want: 400},
		{desc: "escape sequence", query: "q=%1B%5B31m", want: 400}, {desc: "DEL", query: "q=%7F", want: 400},
		{desc: "CRLF header injection", query: "q=a%0D%0ASet-Cookie:%20x=1", want: 400},
		q("tab", "储\t能"), q("right-to-left override", "\u202e储能"), q("bidi isolates", "\u2066储能\u2069"),
		q("zero-width space", "储\u200b能"), q("byte order mark", "\ufeff储能"), q("zero-width joiner only", "\u200d"),
		q("tag characters", "\U000E0041\U000E0042"), q("only spaces", "     "), q("ideographic spaces", "\u3000\u3000"),
		q("line separator", "储\u2028能"), q("private use", "\ue000"), q("noncharacter", "\ufffe"),
		q("replacement character", "\ufffd"),
		// invalid UTF-8
		{desc: "lone high surrogate", query: "q=%ED%A0%80", want: 400}, {desc: "lone low surrogate", query: "q=%ED%BF%BF", want: 400},
		{desc: "surrogate pair as CESU-8", query: "q=%ED%A0%BD%ED%B2%A9", want: 400},
		{desc: "0xFF", query: "q=%FF", want: 400}, {desc: "overlong slash", query: "q=%C0%AF", want: 400},
		{desc: "overlong NUL", query: "q=%C0%80", want: 400}, {desc: "truncated sequence", query: "q=%E5%82", want: 400},
		{desc: "past U+10FFFF", query: "q=%F4%90%80%80", want: 400}, {desc: "GBK bytes", query: "q=%B4%A2%C4%DC", want: 400},
		{desc: "invalid UTF-8 in a filter", query: "q=x&city=%ED%A0%80", want: 400},
		{desc: "invalid UTF-8 in a name", query: "%FF=1", want: 400},
		// query syntax of other engines
		q("regex", "/储.*能/"), q("regex class", "/[a-z]+/"), q("catastrophic regex", "/(a+)+$/"),
		q("star", "*"), q("prefix star", "储*"), q("question mark", "?"), q("wildcard ?", "储?"), q("double star", "**"),
		q("tilde", "~"), q("fuzzy", "储能~2"), q("boost", "储能^10"), q("field", "title:储能"), q("id field", "_id:x"),
		q("all field", "_all:*"), q("plus", "+储能"), q("minus", "-储能"), q("double minus", "--储能"), q("lone minus", "-"),
		q("minus minus", "- -"), q("bang", "!储能"), q("plus minus", "+-储能"), q("and and", "储能 && 氢能"),
		q("or or", "储能 || 氢能"), q("NOT", "NOT 储能"), q("AND alone", "AND"), q("OR alone", "OR"), q("OR OR", "OR OR"),
		q("trailing OR", "储能 OR"), q("leading OR", "OR 储能"), q("mixed OR", "储能 OR -氢能"), q("lower-case or", "储能 or 氢能"),
		q("full-width OR", "储能 ＯＲ 氢能"), q("parentheses", "(储能)"), q("open parentheses", "(((("),
		q("close parentheses", "))))"), q("range", "[a TO z]"), q("exclusive range", "{a TO z}"), q("backslash", `\`),
		q("escaped quote", `\"`), q("trailing backslash", `储能\`), q("numeric range", "date:>2020"),
		// markup and injection payloads
		q("script", "<script>alert(1)</script>"), q("img onerror", `<img src=x onerror=alert(1)>`),
		q("svg onload", `"><svg onload=alert(1)>`), q("javascript URL", "javascript:alert(1)"),
		q("template", "{{7*7}}"), q("shell template", "${7*7}"), q("ERB", "<%= 7*7 %>"),
		q("SQL tautology", "' OR 1=1 --"), q("SQL drop", "'; DROP TABLE articles; --"),
		q("SQL union", "1' UNION SELECT * FROM users--"), q("SQL quotes", `" OR ""="`), q("NoSQL", `{"$gt":""}`),
		q("path traversal", "../../etc/passwd"), q("format verbs", "%s%s%s%n%x"), q("emoji", "🔋⚡"),
		q("astral CJK", "𠀀𠀁"), q("log4shell", "${jndi:ldap://x/a}"),
		// numbers
		{desc: "huge page", query: "q=x&page=99999999999999999999", want: 400},
		{desc: "max int page", query: "q=x&page=9223372036854775807", want: 400},
		{desc: "negative page", query: "q=x&page=-1", want: 400}, {desc: "NaN page", query: "q=x&page=NaN", want: 400},
		{desc: "float page", query: "q=x&page=1.5", want: 400}, {desc: "exponent page", query: "q=x&page=1e3", want: 400},
		{desc: "hex page", query: "q=x&page=0x10", want: 400}, {desc: "plus page", query: "q=x&page=%2B1"},
		{desc: "huge size", query: "q=x&size=99999999999999999999999", want: 400},
		{desc: "negative size", query: "q=x&size=-5", want: 400}, {desc: "NaN size", query: "q=x&size=NaN", want: 400},
		{desc: "infinite size", query: "q=x&size=Infinity", want: 400},
		{desc: "deepest page", query: "q=x&page=2000&size=10"}, {desc: "too deep", query: "q=x&page=2001&size=10", want: 400},
		{desc: "NaN date", query: "q=x&from=NaN", want: 400}, {desc: "zero date", query: "q=x&from=0000-00-00", want: 400},
		{desc: "February 30", query: "q=x&to=2023-02-30", want: 400}, {desc: "far future", query: "q=x&from=9999-12-31"},
		{desc: "negative year", query: "q=x&year=-2023", want: 400}, {desc: "NaN year", query: "q=x&year=NaN", want: 400},
		{desc: "five-digit year", query: "q=x&year=20231", want: 400},
		// parameters
		{desc: "q twice", query: "q=a&q=b", want: 400}, {desc: "sort twice", query: "q=x&sort=date&sort=-date", want: 400},
		{desc: "60 years", query: "q=x" + strings.Repeat("&year=2023", 60)},
		{desc: "60 different years", query: "q=x" + func() string {
			var b strings.Builder
			for y := 1950; y < 2010; y++ {
				fmt.Fprintf(&b, "&year=%d", y)
			}
			return b.String()
		}(), want: 400},
		{desc: "province 1,000 times", query: "q=x" + strings.Repeat("&province=%E5%B9%BF%E4%B8%9C", 1000)},
		{desc: "unknown parameter", query: "q=x&foo=bar"}, {desc: "tracking parameter", query: "q=x&utm_source=wechat"},
		{desc: "PHP array", query: "q[]=x"}, {desc: "NoSQL operator parameter", query: "q[$ne]=1"},
		{desc: "no value", query: "q"}, {desc: "no name", query: "=x"}, {desc: "only separators", query: "&&&"},
		{desc: "lone percent", query: "q=%", want: 400}, {desc: "bad escape", query: "q=%zz", want: 400},
		{desc: "semicolon", query: "q=x;y=1", want: 400}, {desc: "filter with markup", query: "q=x&city=" + url.QueryEscape("<script>")},
		{desc: "filter with SQL", query: "q=x&source=" + url.QueryEscape("' OR 1=1 --")},
		{desc: "101-character filter", query: "q=x&city=" + strings.Repeat("a", 101), want: 400},
		{desc: "bad sort", query: "q=x&sort=" + url.QueryEscape("_score desc"), want: 400},
		{desc: "bad group", query: "q=x&group=" + url.QueryEscape("<b>"), want: 400},
		// article paths
		{desc: "encoded traversal", path: "/articles/..%2F..%2Fetc%2Fpasswd"},
		{desc: "dot dot", path: "/articles/%2e%2e"},
		{desc: "traversal with slashes", path: "/articles/....//....//etc/passwd"},
		{desc: "backslash traversal", path: "/articles/..%5C..%5Cwindows%5Cwin.ini"},
		{desc: "NUL id", path: "/articles/%00"}, {desc: "NUL inside id", path: "/articles/x%00y"},
		{desc: "markup id", path: "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E"},
		{desc: "300-byte id", path: "/articles/" + strings.Repeat("a", 300)},
		{desc: "surrogate id", path: "/articles/%ED%A0%80"}, {desc: "SQL id", path: "/articles/1'%20OR%20'1'='1"},
		{desc: "blank id", path: "/articles/%20"}, {desc: "id with query", path: "/articles/x?token=1"},
	}
	return cases
}

// TestHostileQueries sends every hostile request to the API and the search
// page of a real index built from the seeds: each is answered 200 or 400
// (404 for article paths), never 500, the API with JSON (an error with a
// message for 400s), the pages with HTML; and each answer completes within
// the server's deadline plus a margin (a hang detector, not a speed test).
func TestHostileQueries(t *testing.T) {
	const timeout = 2 * time.Second
	srv, err := New(Config{Timeout: timeout}, IndexDeps(seedIndex(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	// a hang detector, not a speed limit: generous enough for -race on two
	// busy cores
	const hang = timeout + 60*time.Second
	fetch := func(t *testing.T, target string, page bool) (int, http.Header, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), hang)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+target, nil)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if page {
			req.Header.Set("Accept", "text/html")
		}
		resp, err := ts.Client().Do(req)
		if err == nil {
			var b []byte
			b, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil {
				return resp.StatusCode, resp.Header, string(b)
			}
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%s: no complete answer within %v: the server hangs", target, hang)
		}
		t.Fatalf("%s: %v", target, err)
		return 0, nil, ""
	}
	counts := map[string]map[int]int{"api": {}, "suggest": {}, "page": {}}
	cases := hostileRequests()
	if len(cases) < 100 {
		t.Fatalf("only %d hostile requests", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			ok := map[int]bool{200: true, 400: true}
			api, page := "/api/search?"+tc.query, "/?"+tc.query
			if tc.path != "" {
				api, page = "/api"+tc.path, tc.path
				ok[404] = true
			}
			status, h, body := fetch(t, api, false)
			counts["api"][status]++
			switch {
			case tc.want != 0 && status != tc.want, tc.want == 0 && !ok[status]:
				t.Errorf("API %s: %d, want %v\n%.300s", api, status, wantText(tc.want), body)
			case !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !json.Valid([]byte(body)):
				t.Errorf("API %s: not JSON: %q\n%.300s", api, h.Get("Content-Type"), body)
			case strings.ContainsAny(body, "<>"):
				t.Errorf("API %s: raw markup in the answer:\n%.300s", api, body)
			case status >= 400:
				var e errorBody
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
					t.Errorf("API %s: %d without an error message: %.300s", api, status, body)
				}
			}

			// suggest takes the same q; its bounds differ (no term
			// limits), so only the status classes are checked
			if tc.path == "" {
				sug := "/api/suggest?" + tc.query
				status, h, body := fetch(t, sug, false)
				counts["suggest"][status]++
				if status != 200 && status != 400 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") ||
					!json.Valid([]byte(body)) || strings.ContainsAny(body, "<>") {
					t.Errorf("suggest %s: %d %q\n%.300s", sug, status, h.Get("Content-Type"), body)
				}
			}

			// the page ignores parameters it does not know (a shared link
			// with tracking parameters still works), so only the status
			// classes are checked
			ok[400] = true
			status, h, body = fetch(t, page, true)
			counts["page"][status]++
			if !ok[status] {
				t.Errorf("page %s: %d\n%.300s", page, status, body)
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(body, "</html>") {
				t.Errorf("page %s: not a complete page: %q %.200s", page, h.Get("Content-Type"), body)
			}
			if status == 400 && !strings.Contains(body, "搜索条件有误") && !strings.Contains(body, "链接") {
				t.Errorf("page %s: a 400 without an explanation:\n%.300s", page, body)
			}
		})
	}
	t.Logf("%d hostile requests; answers by status: /api/search and /api/articles %v, /api/suggest %v, pages %v",
		len(cases), counts["api"], counts["suggest"], counts["page"])
}

func wantText(want int) string {
	if want == 0 {
		return "200 or 400"
	}
	return fmt.Sprint(want)
}
