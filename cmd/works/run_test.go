package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// writeSite writes a minimal site: one page and the templates it needs.
func writeSite(t *testing.T, page string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"works.toml":                            "title = \"Test\"\ntheme = \"t\"\n",
		"content/_index.md":                     "---\ntitle: Forside\n---\n",
		"content/historier/a.md":                page,
		"themes/t/layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
		"themes/t/layouts/_default/list.html":   "<h1>{{ .Title }}</h1>",
		"themes/t/layouts/404.html":             "<h1>404</h1>",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRun(t *testing.T) {
	good := "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst.\n"
	bad := "---\ntitle: Hei\ndate: 27/11\n---\nTekst.\n"
	future := "---\ntitle: Hei\ndate: 2099-03-12\n---\nTekst.\n"
	tests := []struct {
		name   string
		page   string
		args   []string // the site folder is appended as -s DIR
		code   int
		stdout string // regexp
		stderr string // regexp
	}{
		{"build", good, []string{"build"}, 0, `^Built 1 page \(nb 1\), 1 section, 0 terms, \d+ files in \d+ ms → .*/public/\n$`, `^(content/historier/a\.md:1:1: warning: [^\n]+\n)+$`},
		{"build quiet", good, []string{"build", "--quiet"}, 0, `^$`, `^$`},
		{"content error", bad, []string{"build"}, 1, `^$`, `content/historier/a\.md:3:7: "date" must be a date like 2026-11-27 \(got "27/11"\).*\nBuild failed: 1 error\. Nothing was written\.\n$`},
		{"scheduled page", future, []string{"build"}, 0, `^Built 0 pages \(nb 0\).*\nNext change: 2099-03-12T00:00:00\+01:00 \(1 scheduled or expiring`, ``},
		{"clock", future, []string{"build", "--clock", "2099-03-13T09:00"}, 0, `^Built 1 page \(nb 1\)`, ``},
		{"bad clock", future, []string{"build", "--clock", "i morgen"}, 2, `^$`, `--clock must be a date and time like 2027-03-12T09:00`},
		{"unknown flag", good, []string{"build", "--nope"}, 2, `^$`, `flag provided but not defined: -nope`},
		{"help flag", good, []string{"build", "-h"}, 0, `Usage: works build`, `^$`},
		{"bad baseURL", good, []string{"build", "--baseURL", "ht tp://x y"}, 2, `^$`, `^works build: --baseURL must be a web address starting with https:// or http:// \(got "ht tp://x y"\)`},
		{"baseURL without scheme", good, []string{"build", "--baseURL", "drammen.works"}, 2, `^$`, `--baseURL must be a web address`},
		{"good baseURL", good, []string{"build", "--baseURL", "https://drammen.works"}, 0, `^Built 1 page`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, tt.page)
			var stdout, stderr bytes.Buffer
			args := append(tt.args, "-s", dir)
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if !regexp.MustCompile(tt.stdout).MatchString(stdout.String()) {
				t.Errorf("stdout %q does not match %q", stdout.String(), tt.stdout)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("stderr %q does not match %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func TestRunCommands(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		output string
	}{
		{nil, 2, "Usage:"},
		{[]string{"nope"}, 2, `unknown command "nope"`},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"help", "build"}, 0, "--buildDrafts"},
		{[]string{"version"}, 0, "works "},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d", code, tt.code)
			}
			if out := stdout.String() + stderr.String(); !strings.Contains(out, tt.output) {
				t.Errorf("output %q does not contain %q", out, tt.output)
			}
		})
	}
}

// TestPanicIsNotAUsageError: a bug that panics exits 1 with a plain
// message, never Go's 2, which means a wrong command line.
func TestPanicIsNotAUsageError(t *testing.T) {
	cmds := []command{{name: "build", run: func(context.Context, []string, io.Writer, io.Writer) int {
		var pages []string
		return len(pages[:1]) // out of range: a bug
	}}}
	var stdout, stderr bytes.Buffer
	if code := dispatch(context.Background(), cmds, []string{"build"}, &stdout, &stderr); code != exitFailed {
		t.Errorf("exit code %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr.String(), "internal error") || !strings.Contains(stderr.String(), "bug in works") {
		t.Errorf("stderr %q", stderr.String())
	}
}
