package server

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"fangtan/docs"
)

// TestEndpointsDocumented: docs/api.md's table of endpoints lists every
// route of the API and of the operator's endpoints (the HTML pages and
// their assets are documented apart), and no route the server lacks.
func TestEndpointsDocumented(t *testing.T) {
	s := newPageServer(t, seedIndex(t))
	var want []string
	err := chi.Walk(s.router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(strings.ReplaceAll(route, "/*/", "/"), "/*")
		if strings.HasPrefix(route, "/api/") || slices.Contains([]string{"/healthz", "/readyz", "/metrics", "/opensearch.xml"}, route) {
			want = append(want, method+" "+route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	text := docs.Read("api.md")
	table := text[strings.Index(text, "| Method and path |"):]
	table = table[:strings.Index(table, "\n\n")]
	var got []string
	for _, m := range regexp.MustCompile("`(GET|PUT|DELETE|POST|HEAD) (/[^`?]*)[^`]*`").FindAllStringSubmatch(table, -1) {
		got = append(got, m[1]+" "+m[2])
	}
	slices.Sort(want)
	slices.Sort(got)
	want, got = slices.Compact(want), slices.Compact(got)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("docs/api.md's table lacks `%s`", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("docs/api.md's table lists `%s`, which the server does not route", g)
		}
	}
}
