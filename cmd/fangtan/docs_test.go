package main

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fangtan/server"
)

// The docs list what the code defines; these tests fail when the two drift
// apart, in either direction.

// docTableColumn returns the first cell of every row of the markdown table
// under heading in the file, with its backquotes.
func docTable(t *testing.T, path, heading string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("%s has no %q", path, heading)
	}
	var rows [][]string
	inTable := false
	for _, line := range strings.Split(text[i+len(heading)+2:], "\n") {
		if strings.HasPrefix(line, "#") {
			break
		}
		if !strings.HasPrefix(line, "|") {
			if inTable {
				break
			}
			continue
		}
		inTable = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		rows = append(rows, cells)
	}
	if len(rows) < 3 {
		t.Fatalf("%s: no table under %q", path, heading)
	}
	return rows[2:] // past the header and the rule
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
	for _, row := range docTable(t, "../../docs/api.md", "## Configuration") {
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
	for _, row := range docTable(t, "../../README.md", "## Commands") {
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
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, "\n## Dependencies\n")
	if i < 0 {
		t.Fatal("README has no ## Dependencies")
	}
	deps := text[i:]
	if j := strings.Index(deps[1:], "\n## "); j >= 0 {
		deps = deps[:j+1]
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
