package main

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fangtan/docs"
)

// TestLayers holds the package tree to docs/design.md ("Packages and the
// data flow"): article/... imports nothing of fangtan outside article/
// but the embedded seeds (which import nothing);
// only index imports Bleve; the query language and the model import
// neither Bleve nor net/http; the server never imports index itself.
func TestLayers(t *testing.T) {
	walkPackages(t, func(rel string, pkg *build.Package) {
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
	})
}

// walkPackages calls f with every package of the repository, by its path
// below the module ("index/querylang").
func walkPackages(t *testing.T, f func(rel string, pkg *build.Package)) {
	t.Helper()
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
		f(filepath.ToSlash(rel), pkg)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPackagesDocumented: docs/design.md's table of packages has a row for
// every package, and its last column names exactly the fangtan packages
// it imports (its tests aside).
func TestPackagesDocumented(t *testing.T) {
	rows := map[string][]string{}
	for _, row := range docs.Table(docs.Section(docs.Read("design.md"), "## Packages and the data flow")) {
		if m := codeSpan.FindStringSubmatch(row[0]); m != nil && len(row) == 3 {
			var imps []string
			for _, c := range codeSpan.FindAllStringSubmatch(row[2], -1) {
				imps = append(imps, c[1])
			}
			rows[m[1]] = imps
		}
	}
	seen := map[string]bool{}
	walkPackages(t, func(rel string, pkg *build.Package) {
		seen[rel] = true
		var want []string
		for _, imp := range pkg.Imports {
			if strings.HasPrefix(imp, "fangtan/") {
				want = append(want, strings.TrimPrefix(imp, "fangtan/"))
			}
		}
		got, ok := rows[rel]
		switch {
		case !ok:
			t.Errorf("docs/design.md's package table has no row for %s", rel)
		case !slices.Equal(sorted(got), sorted(want)):
			t.Errorf("docs/design.md: %s imports %v, the table says %v", rel, want, got)
		}
	})
	for rel := range rows {
		if !seen[rel] {
			t.Errorf("docs/design.md's package table lists %s, which is no package", rel)
		}
	}
}
