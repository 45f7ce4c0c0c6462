package article

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk parses the files named by paths, and every file in the folders among
// them (recursively, in lexical order, hidden files and sidecars left out),
// and calls fn with each article as soon as it is parsed, so a batch of any
// size streams. Bad input never stops the batch: each bad file, or bad
// line of a .jsonl file, is returned in skipped with the reason. err is the
// first error fn returned, which does stop the walk.
func Walk(paths []string, fn func(*Article) error) (skipped []*Error, err error) {
	return walk(paths, false, func(a *Article, _ *Explanation) error { return fn(a) })
}

// WalkExplained is Walk with each article's Explanation (nil for the
// records of a .json or .jsonl file).
func WalkExplained(paths []string, fn func(*Article, *Explanation) error) (skipped []*Error, err error) {
	return walk(paths, true, fn)
}

func walk(paths []string, explain bool, fn func(*Article, *Explanation) error) (skipped []*Error, err error) {
	for _, root := range paths {
		fi, serr := os.Stat(root)
		if serr != nil {
			skipped = append(skipped, &Error{Path: root, Reason: osReason(serr)})
			continue
		}
		if !fi.IsDir() {
			if err := walkFile(root, true, explain, fn, &skipped); err != nil {
				return skipped, err
			}
			continue
		}
		werr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				skipped = append(skipped, &Error{Path: path, Reason: osReason(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			return walkFile(path, false, explain, fn, &skipped)
		})
		if werr != nil {
			return skipped, werr
		}
	}
	return skipped, nil
}

// walkFile parses one file; named says the user named it, so even a sidecar
// or an unknown type is reported rather than passed over.
func walkFile(path string, named, explain bool, fn func(*Article, *Explanation) error, skipped *[]*Error) error {
	if strings.HasSuffix(strings.ToLower(path), ".meta.json") {
		if named {
			*skipped = append(*skipped, &Error{Path: path, Reason: "a sidecar; name the article file it belongs to"})
		}
		return nil
	}
	if strings.ToLower(filepath.Ext(path)) == ".jsonl" {
		f, err := os.Open(path)
		if err != nil {
			*skipped = append(*skipped, &Error{Path: path, Reason: osReason(err)})
			return nil
		}
		defer f.Close()
		bad, err := ParseJSONL(f, path, func(a *Article) error { return fn(a, nil) })
		*skipped = append(*skipped, bad...)
		var e *Error
		if errors.As(err, &e) && e.Path == path {
			*skipped = append(*skipped, e) // a read error ends this file only
			return nil
		}
		return err
	}
	var ex *Explanation
	if explain {
		ex = &Explanation{}
	}
	a, err := parseFile(path, ex)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			*skipped = append(*skipped, e)
			return nil
		}
		return err
	}
	return fn(a, ex)
}
