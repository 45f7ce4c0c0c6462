package main

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLayers holds the package tree to docs/design.md ("Packages and the
// data flow"): article/... imports nothing of fangtan outside article/
// but the embedded seeds (which import nothing);
// only index imports Bleve; the query language and the model import
// neither Bleve nor net/http; the server never imports index itself.
func TestLayers(t *testing.T) {
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for _, imp := range pkg.Imports { // not the tests': they may reach further
			switch {
			case (rel == "article" || strings.HasPrefix(rel, "article/")) &&
				strings.HasPrefix(imp, "fangtan/") && !strings.HasPrefix(imp, "fangtan/article") && imp != "fangtan/seeds":
				t.Errorf("%s imports %s: article/... may import only article/... (and the embedded seeds)", rel, imp)
			case rel != "index" && strings.HasPrefix(imp, "github.com/blevesearch/"):
				t.Errorf("%s imports %s: only index imports Bleve", rel, imp)
			case (rel == "index/querylang" || rel == "index/model") && imp == "net/http":
				t.Errorf("%s imports net/http", rel)
			case strings.HasPrefix(rel, "server") && imp == "fangtan/index":
				t.Errorf("%s imports fangtan/index: the server sees the index through server.Deps", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
