package index

import (
	"os"
	"testing"
)

// seedDir holds the shared seed index of this package's tests.
var seedDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fangtan-index-test")
	if err != nil {
		panic(err)
	}
	seedDir = dir
	code := m.Run()
	if seedIx != nil {
		seedIx.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}
