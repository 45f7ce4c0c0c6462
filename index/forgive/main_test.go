package forgive

import (
	"os"
	"testing"
)

var tmpRoot string

func tempDir() (string, error) { return os.MkdirTemp(tmpRoot, "seeds") }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "forgive-test")
	if err != nil {
		panic(err)
	}
	tmpRoot = dir
	code := m.Run()
	if seedIx != nil {
		seedIx.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}
