// Package web holds what fangtan shows people: the HTML templates of the
// search, article and embed pages, their stylesheet and script, and the
// embeddable <fangtan-search> widget. Everything is compiled into the
// binary with go:embed; FS(dir) serves the files from disk instead, so a
// developer sees an edit on the next request without a rebuild.
//
// Layout:
//
//	templates/*.html   html/template files; layout.html is shared by the pages
//	static/            app.css, app.js (the pages) and embed.js (the widget)
//	examples/          portal.html, a sample city portal that embeds the widget
package web

import (
	"embed"
	"io/fs"
	"os"
)

//go:embed templates static examples
var files embed.FS

// FS returns the web files: the embedded copy when dir is empty, else the
// files under dir on disk (a checkout's web/ directory, for development).
func FS(dir string) fs.FS {
	if dir != "" {
		return os.DirFS(dir)
	}
	return files
}
