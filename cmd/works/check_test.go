package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/drammen-works/works/internal/golden"
)

// readCheckTxtar reads a txtar archive's files (the comment is skipped).
func readCheckTxtar(t *testing.T, name string) map[string]string {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

// writeCheckSite writes files into a new folder, leaving out those whose
// content in changes is "" and using the others' changed content.
func writeCheckSite(t *testing.T, files, changes map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if c, ok := changes[name]; ok {
			data = c
		}
		if data == "" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckGolden(t *testing.T) {
	site := readCheckTxtar(t, "testdata/check/site.txtar")
	clock := []string{"--clock", "2026-11-27T12:00"}
	built := map[string]string{"content/nyheter/lenker.md": ""}
	tests := []struct {
		name    string
		changes map[string]string
		args    []string
		code    int
	}{
		// Every problem; the links in lenker.md stop the build, so what
		// needs the built site is not checked.
		{"problems", nil, clock, 1},
		// The build succeeds: links to static files and orphans too.
		{"built", built, clock, 1},
		{"json", built, append([]string{"--format", "json"}, clock...), 1},
		{"schedule", nil, append([]string{"--schedule"}, clock...), 0},
		{"schedule_later", nil, []string{"--schedule", "--clock", "2027-03-12T09:00"}, 0},
		{"color", built, append([]string{"--color", "always"}, clock...), 1},
		// The same in English, as --lang en or works.toml asks.
		{"problems_en", nil, append([]string{"--lang", "en"}, clock...), 1},
		{"built_en", built, append([]string{"--lang", "en"}, clock...), 1},
		{"json_en", built, append([]string{"--format", "json", "--lang", "en"}, clock...), 1},
		{"schedule_en", nil, append([]string{"--schedule", "--lang", "en"}, clock...), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeCheckSite(t, site, tt.changes)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"check", "-s", dir}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
			golden.Check(t, filepath.Join("testdata", "check", tt.name+".golden"), stdout.Bytes())
		})
	}
}

func TestCheckExitCodes(t *testing.T) {
	theme := map[string]string{
		"works.toml":                            "title = \"Test\"\ntheme = \"t\"\n",
		"content/_index.md":                     "---\ntitle: Forside\n---\n[A](a.md) [B](b.md)\n",
		"content/b.md":                          "---\ntitle: B\n---\nB.\n",
		"themes/t/layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
		"themes/t/layouts/_default/list.html":   "<h1>{{ .Title }}</h1>{{ .Content }}",
		"themes/t/layouts/404.html":             "<h1>404</h1>",
	}
	clean := "---\ntitle: Hei\n---\nTekst.\n"
	warnOnly := "---\ntitle: Hei\n---\nLes mer [her](b.md).\n"
	tests := []struct {
		name   string
		page   string
		args   []string
		code   int
		stdout string
	}{
		{"clean", clean, nil, 0, "Fant ingen problemer (3 sider sjekket).\n"},
		{"clean in English", clean, []string{"--lang", "en"}, 0, "No problems found (3 pages checked).\n"},
		{"clean strict", clean, []string{"--strict"}, 0, "Fant ingen problemer (3 sider sjekket).\n"},
		{"warning", warnOnly, nil, 0, "content/a.md:4:9: advarsel: "},
		{"warning in English", warnOnly, []string{"--lang", "en"}, 0, `content/a.md:4:9: warning: the link text "her" does not say where the link goes`},
		{"warning strict", warnOnly, []string{"--strict"}, 1, "0 feil og 1 advarsel i 1 fil (3 sider sjekket).\n"},
		{"warning strict in English", warnOnly, []string{"--strict", "--lang", "en"}, 1, "0 errors and 1 warning in 1 file (3 pages checked).\n"},
		{"bad format", clean, []string{"--format", "xml"}, 2, ""},
		{"bad clock", clean, []string{"--clock", "i morgen"}, 2, ""},
		{"help", clean, []string{"-h"}, 0, "Bruk: works check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeCheckSite(t, theme, nil)
			if err := os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte(tt.page), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"check", "-s", dir}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.stdout)
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2027-03-12T09:00", "2027-03-12T09:00:00+01:00", true},
		{"2027-07-01 09:30", "2027-07-01T09:30:00+02:00", true},
		{"2027-03-12", "2027-03-12T00:00:00+01:00", true},
		{"2027-03-12T09:00:00Z", "2027-03-12T09:00:00Z", true},
		{"12.03.2027", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseClock(tt.in, oslo)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if tt.ok && got.Format(time.RFC3339) != tt.want {
				t.Errorf("got %s, want %s", got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

// TestCommandsStayInside: build, check and new read the site through the
// same os.Root: a link out of static/ fails each of them, naming the link,
// and a missing site folder is named as such.
func TestCommandsStayInside(t *testing.T) {
	theme := map[string]string{
		"works.toml":                            "title = \"Test\"\ntheme = \"t\"\n",
		"content/_index.md":                     "---\ntitle: Forside\n---\nHei.\n",
		"content/historier/_index.md":           "---\ntitle: Historier\n---\n",
		"themes/t/layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
		"themes/t/layouts/_default/list.html":   "<h1>{{ .Title }}</h1>{{ .Content }}",
		"themes/t/layouts/404.html":             "<h1>404</h1>",
	}
	secret := filepath.Join(t.TempDir(), "passord.txt")
	if err := os.WriteFile(secret, []byte("hemmelig"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"build"}, {"check"}, {"new", "historier", "Ny sak"}} {
		t.Run(args[0], func(t *testing.T) {
			dir := writeCheckSite(t, theme, nil)
			link := filepath.Join(dir, "themes", "t", "static", "passord.txt")
			if args[0] == "new" {
				link = filepath.Join(dir, "works.toml")
				os.Remove(link)
			}
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, link); err != nil {
				t.Skip(err)
			}
			var stdout, stderr bytes.Buffer
			// In English: the words are internal/source's, tested there.
			code := run(context.Background(), append(append([]string{}, args...), "-s", dir, "--lang", "en"), &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if code != exitFailed {
				t.Errorf("exit code %d, want %d\n%s", code, exitFailed, out)
			}
			rel, _ := filepath.Rel(dir, link)
			if !strings.Contains(out, filepath.ToSlash(rel)) || !strings.Contains(out, "outside") {
				t.Errorf("output does not name %s as a link out of the site:\n%s", rel, out)
			}
			if strings.Contains(out, "hemmelig") {
				t.Errorf("the secret was read:\n%s", out)
			}
		})
	}
	for _, cmd := range []string{"build", "check", "serve", "new"} {
		t.Run(cmd+" without a site folder", func(t *testing.T) {
			missing := filepath.Join(t.TempDir(), "finnes-ikke")
			args := []string{cmd, "-s", missing, "--lang", "en"}
			if cmd == "new" {
				args = append(args, "historier", "Ny sak")
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if code != exitFailed || !strings.Contains(stderr.String(), "does not exist") || strings.Contains(stderr.String(), "theme") {
				t.Errorf("exit code %d, stderr %q; want 1 and a message that the site folder does not exist", code, stderr.String())
			}
		})
	}
}
