package server

import (
	"bufio"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"fangtan/index"
)

func TestZZServer(t *testing.T) {
	dir := os.Getenv("Q_INDEX")
	if dir == "" {
		t.Skip()
	}
	ix, err := index.Open(index.Options{Dir: dir, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := New(Config{MaxSearches: -1}, ix, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(os.Getenv("Q_FILE"))
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	var qs []string
	for sc.Scan() {
		var q struct{ Terms []string }
		json.Unmarshal(sc.Bytes(), &q)
		qs = append(qs, strings.Join(q.Terms, " "))
	}
	start := time.Now()
	n := 0
	for rep := 0; rep < 3; rep++ {
		for _, q := range qs {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/api/search?q="+url.QueryEscape(q), nil))
			if w.Code != 200 {
				t.Fatal(w.Code, w.Body.String())
			}
			n++
		}
	}
	t.Logf("%d requests, %.2f ms each", n, float64(time.Since(start).Microseconds())/1000/float64(n))
}
