package article

import (
	"net/url"
	"testing"
)

func TestCleanURL(t *testing.T) {
	base, _ := url.Parse("https://GXT.Example.gov.cn:443/col/col12/index.html?uid=3#top")
	for _, c := range []struct{ raw, want string }{
		{"HTTPS://www.Example.cn:443/a/b.html#p3", "https://www.example.cn/a/b.html"},
		{"http://example.cn:80", "http://example.cn/"},
		{"http://example.cn:8080/x", "http://example.cn:8080/x"},
		{"/art/2024/3/5/art_1_2.html?utm_source=wx&id=7&from=timeline&spm=a.b", "https://gxt.example.gov.cn/art/2024/3/5/art_1_2.html?id=7"},
		{"../202401/t20240105_1.html", "https://gxt.example.gov.cn/col/202401/t20240105_1.html"},
		{"//cdn.example.cn/p.html?b=2&a=1", "https://cdn.example.cn/p.html?a=1&b=2"},
		{"t1.html?", "https://gxt.example.gov.cn/col/col12/t1.html"},
		{"http://user:pw@example.cn/x", "http://example.cn/x"},
		{"/hdjl/index.jsp;jsessionid=A1B2C3?type=2&PHPSESSID=9", "https://gxt.example.gov.cn/hdjl/index.jsp?type=2"},
		{`/s.jsp?q="><script>x</script>&n=储能 2`, "https://gxt.example.gov.cn/s.jsp?n=%E5%82%A8%E8%83%BD%202&q=%22%3E%3Cscript%3Ex%3C/script%3E"},
		{"/s.jsp?q=%E5%82%A8", "https://gxt.example.gov.cn/s.jsp?q=%E5%82%A8"},
	} {
		got, err := CleanURL(c.raw, base)
		if err != nil || got != c.want {
			t.Errorf("CleanURL(%q) = %q, %v; want %q", c.raw, got, err, c.want)
		}
	}
	for _, bad := range []string{"mailto:a@example.cn", "javascript:void(0)", "ftp://example.cn/x", "/relative/only", "http://"} {
		if got, err := CleanURL(bad, nil); err == nil {
			t.Errorf("CleanURL(%q) = %q, want an error", bad, got)
		}
	}
}

func TestURLIDIsAValidStableID(t *testing.T) {
	a, b := URLID("https://example.cn/a.html"), URLID("https://example.cn/b.html")
	if a == b || a != URLID("https://example.cn/a.html") {
		t.Fatalf("URLID not stable and distinct: %s %s", a, b)
	}
	if err := CheckNewID(a); err != nil {
		t.Fatal(err)
	}
}
