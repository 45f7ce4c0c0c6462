package main

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fangtan/docs"
	"fangtan/server"
)

// The docs list what the code defines; these tests fail when the two drift
// apart, in either direction.

// readme is the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// table is the table under heading in text; it fails when there is none.
func table(t *testing.T, text, heading string) [][]string {
	t.Helper()
	rows := docs.Table(docs.Section(text, heading))
	if len(rows) == 0 {
		t.Fatalf("no table under %q", heading)
	}
	return rows
}

var codeSpan = regexp.MustCompile("`([^`]*)`")

// TestServeSettingsDocumented: docs/api.md's Configuration table lists
// every flag of `fangtan serve` with its environment twin, and nothing
// else, plus the settings only the environment has.
func TestServeSettingsDocumented(t *testing.T) {
	var o serveOptions
	o.SetDefaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	o.Flags(fs)
	want := map[string]string{} // flag → environment
	fs.VisitAll(func(f *flag.Flag) { want["-"+f.Name] = envName(f.Name) })
	envOnly := []string{"FANGTAN_ADMIN_TOKEN", server.WebDirEnv}

	got := map[string]string{}
	var gotEnvOnly []string
	for _, row := range table(t, docs.Read("api.md"), "## Configuration") {
		flagCell, envCell := codeSpan.FindStringSubmatch(row[0]), codeSpan.FindStringSubmatch(row[1])
		switch {
		case envCell == nil:
			t.Errorf("docs/api.md: a row without an environment variable: %v", row)
		case flagCell == nil:
			gotEnvOnly = append(gotEnvOnly, envCell[1])
		default:
			got[flagCell[1]] = envCell[1]
		}
	}
	for f, env := range want {
		if got[f] != env {
			t.Errorf("docs/api.md lacks `%s` | `%s` (has %q)", f, env, got[f])
		}
	}
	for f := range got {
		if _, ok := want[f]; !ok {
			t.Errorf("docs/api.md lists %s, which fangtan serve does not define", f)
		}
	}
	slices.Sort(gotEnvOnly)
	slices.Sort(envOnly)
	if !slices.Equal(gotEnvOnly, envOnly) {
		t.Errorf("docs/api.md lists the environment-only settings %v, want %v", gotEnvOnly, envOnly)
	}
}

// TestCommandsDocumented: the README's table of commands names every
// command of the binary, and only those.
func TestCommandsDocumented(t *testing.T) {
	var want, got []string
	for _, c := range commands {
		want = append(want, c.name)
	}
	for _, row := range table(t, readme(t), "## Commands") {
		m := codeSpan.FindStringSubmatch(row[0])
		if m == nil || !strings.HasPrefix(m[1], "fangtan ") {
			t.Errorf("README: a command row without `fangtan NAME`: %v", row)
			continue
		}
		got = append(got, strings.Fields(m[1])[1])
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("README's commands %v, the binary's %v", got, want)
	}
}

// TestDependenciesDocumented: the README's table of dependencies names
// every module go.mod requires directly.
func TestDependenciesDocumented(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	deps := docs.Section(readme(t), "## Dependencies")
	if deps == "" {
		t.Fatal("README has no ## Dependencies")
	}
	inRequire := false
	for _, line := range strings.Split(string(mod), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inRequire = true
		case line == ")":
			inRequire = false
		case inRequire && line != "" && !strings.Contains(line, "// indirect"):
			path := strings.Fields(line)[0]
			short := regexp.MustCompile(`/v\d+$`).ReplaceAllString(path, "")
			short = short[strings.LastIndex(short, "/")+1:]
			if !strings.Contains(deps, path) && !strings.Contains(deps, "`"+short+"`") {
				t.Errorf("README's dependencies do not name %s", path)
			}
		}
	}
}
