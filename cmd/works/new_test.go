package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/archetype"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/source"
)

// siteForNew writes a site with two languages and the given files, and opens
// it as newPage does.
func siteForNew(t *testing.T, files map[string]string) (string, *os.Root, *config.Config) {
	t.Helper()
	all := map[string]string{
		"works.toml":                  "title = \"Test\"\ntheme = \"t\"\n[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n",
		"content/historier/_index.md": "---\ntitle: Historier\n---\n",
		"content/nyheter/_index.md":   "---\ntitle: Nyheter\n---\n",
	}
	for k, v := range files {
		all[k] = v
	}
	dir := writeCheckSite(t, all, nil)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	cfg, err := config.Load(source.FS(root))
	if err != nil {
		t.Fatal(err)
	}
	return dir, root, cfg
}

// Late on 27 November in UTC is already 28 November in Oslo.
var newNow = time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC)

func readCreated(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNewRefuses: a page works new refuses leaves every file as it was.
// What it refuses is internal/archetype's to test.
func TestNewRefuses(t *testing.T) {
	existing := "---\ntitle: Min side\n---\nMin tekst.\n"
	tests := []struct {
		name  string
		files map[string]string
		req   archetype.Request
		err   string
	}{
		{"page exists", map[string]string{"content/historier/ny-hall/index.md": existing},
			archetype.Request{Section: "historier", Title: "Ny hall"}, "content/historier/ny-hall/index.md already exists"},
		{"translation exists", map[string]string{"content/historier/ny-hall/index.md": existing, "content/historier/ny-hall/index.en.md": existing},
			archetype.Request{Section: "historier", Title: "Ny hall", Lang: "en"}, "content/historier/ny-hall/index.en.md already exists"},
		{"archetype makes a bad page", map[string]string{"archetypes/historier.md": "---\ntitle: [\n---\n"},
			archetype.Request{Section: "historier", Title: "Ny hall"}, "the archetype archetypes/historier.md makes a page that cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, root, cfg := siteForNew(t, tt.files)
			tt.req.Now = newNow
			_, err := newPage(root, cfg, tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want one containing %q", err, tt.err)
			}
			for name, data := range tt.files {
				if got := readCreated(t, dir, name); got != data {
					t.Errorf("%s changed to %q", name, got)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "historier", "ny-hall", "index.en.md")); tt.name != "translation exists" && !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a page was made: %v", err)
			}
		})
	}
}

// TestNewWrites: the page written is the one the archetype made, in the
// folder it names.
func TestNewWrites(t *testing.T) {
	dir, root, cfg := siteForNew(t, nil)
	req := archetype.Request{Section: "historier", Title: "Ny fabrikk på Åssiden", Now: newNow}
	want, err := archetype.Make(source.FS(root), cfg, req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := newPage(root, cfg, req)
	if err != nil {
		t.Fatal(err)
	}
	if got != "content/historier/ny-fabrikk-pa-assiden/index.md" || got != want.Path {
		t.Errorf("path %q, want %q", got, want.Path)
	}
	if text := readCreated(t, dir, got); text != string(want.Text) {
		t.Errorf("wrote:\n%s\nwant:\n%s", text, want.Text)
	}
	if _, err := newPage(root, cfg, req); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second time: err = %v, want already exists", err)
	}
}

func TestRunNew(t *testing.T) {
	dir, _, _ := siteForNew(t, nil)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"create", []string{"historier", "Ny fabrikk på Åssiden"}, 0, filepath.Join(dir, "content", "historier", "ny-fabrikk-pa-assiden", "index.md") + "\n", ""},
		// In English: the words are internal/archetype's, tested there.
		{"again", []string{"historier", "Ny fabrikk på Åssiden", "--lang", "en"}, 1, "", "works new: content/historier/ny-fabrikk-pa-assiden/index.md already exists: open it, or choose another title\n"},
		{"flags after the title", []string{"historier", "Ny fabrikk på Åssiden", "--translation", "en"}, 0, filepath.Join(dir, "content", "historier", "ny-fabrikk-pa-assiden", "index.en.md") + "\n", ""},
		{"flags between", []string{"nyheter", "-s", dir, "Ny sak"}, 0, filepath.Join(dir, "content", "nyheter", "ny-sak"), ""},
		{"no title", []string{"historier"}, 2, "", "works new: skriv en seksjon og en tittel"},
		{"no title in English", []string{"historier", "--lang", "en"}, 2, "", "works new: give a section and a title"},
		{"unknown flag", []string{"historier", "X", "--nope"}, 2, "", "works new: valget «--nope» finnes ikke\nSkriv «works help new» for å se valgene.\n"},
		{"help", []string{"-h"}, 0, "Bruk: works new <seksjon> <tittel> [valg]", ""},
		{"help in English", []string{"-h", "--lang", "en"}, 0, "Usage: works new <section> <title> [flags]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"new", "-s", dir}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || tt.stdout == "" && stdout.Len() > 0 {
				t.Errorf("stdout %q, want %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) || tt.stderr == "" && stderr.Len() > 0 {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.stderr)
			}
		})
	}
}

// TestNewArchetypeOutside: an archetype that links out of the site, or is
// a named pipe, is an error naming it, never read, never skipped silently.
func TestNewArchetypeOutside(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "hemmelig.md")
	if err := os.WriteFile(secret, []byte("---\ntitle: HEMMELIG\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, make := range map[string]func(p string) error{
		"link out":   func(p string) error { return os.Symlink(secret, p) },
		"named pipe": func(p string) error { return syscall.Mkfifo(p, 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			dir, root, cfg := siteForNew(t, nil)
			p := filepath.Join(dir, "archetypes", "historier.md")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := make(p); err != nil {
				t.Skip(err)
			}
			_, err := newPage(root, cfg, archetype.Request{Section: "historier", Title: "Ny hall", Now: newNow})
			if err == nil || !strings.Contains(err.Error(), "archetypes/historier.md cannot be read") {
				t.Fatalf("err = %v, want one naming archetypes/historier.md", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "historier", "ny-hall")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a page was made: %v", err)
			}
		})
	}
}

// TestNewFollowsThemeSchemas: without an archetype, works new asks for the
// keys the theme's schemas.toml requires, which works check will ask for.
func TestNewFollowsThemeSchemas(t *testing.T) {
	schemas := "[[schemas.historier.fields]]\nkey = \"lede\"\nrequired = true\nhelp = \"the first sentence\"\n"
	for _, tt := range []struct {
		name, schemas, want string
		code                int
	}{
		{"schema", schemas, "lede: \"\" # the first sentence\n", exitOK},
		{"broken schema", "[[schemas.historier.fields]]\nkey = 1\n", "themes/t/schemas.toml", exitFailed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, _, _ := siteForNew(t, map[string]string{"themes/t/schemas.toml": tt.schemas})
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"new", "-s", dir, "historier", "Ny hall"}, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d\n%s", code, tt.code, stderr.String())
			}
			if tt.code != exitOK {
				if !strings.Contains(stderr.String(), tt.want) {
					t.Errorf("stderr %q does not name %s", stderr.String(), tt.want)
				}
				return
			}
			if text := readCreated(t, dir, "content/historier/ny-hall/index.md"); !strings.Contains(text, tt.want) {
				t.Errorf("the page does not hold %q:\n%s", tt.want, text)
			}
		})
	}
}

// TestNewDraftPassesItsChecks: a page just made by works new is a draft
// that breaks nothing: works check -D finds reminders of what it still
// needs (its picture), not errors, and the preview's build of drafts
// succeeds. Published as it is, the same page fails.
func TestNewDraftPassesItsChecks(t *testing.T) {
	dir := t.TempDir() // the sample site, with its theme and schemas
	for _, name := range []string{"content", "themes"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", "..", name))); err != nil {
			t.Fatal(err)
		}
	}
	toml, err := os.ReadFile("../../works.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "works.toml"), toml, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"historier", "Ny hall på Åssiden"}, {"side", "Presse"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"new", "-s", dir}, args...), &stdout, &stderr); code != exitOK {
			t.Fatalf("works new %v: exit %d\n%s", args, code, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "presse.md")); err != nil {
		t.Errorf("works new side made no top-level page: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "historier", "ny-hall-pa-assiden", "plassholder.svg")); err != nil {
		t.Errorf("the theme's story archetype left no placeholder picture beside the page: %v", err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"check", "-s", dir, "-D"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("works check -D on new drafts: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "utkastet viser fortsatt plassholderbildet «plassholder.svg»") || !strings.Contains(out, "utkastet mangler ennå innstillingen «imageAlt»") {
		t.Errorf("no reminder of the missing picture:\n%s", out)
	}
	story := filepath.Join(dir, "content", "historier", "ny-hall-pa-assiden", "index.md")
	src, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(story, bytes.Replace(src, []byte("draft: true"), []byte("draft: false"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"check", "-s", dir}, &stdout, &stderr); code == exitOK {
		t.Errorf("the page published without its picture passes:\n%s", stdout.String())
	}
	if out := stdout.String(); !strings.Contains(out, "feil: siden viser plassholderbildet «plassholder.svg» fra malen") || !strings.Contains(out, "feil: siden mangler innstillingen «imageAlt»") {
		t.Errorf("published, the missing picture is not an error:\n%s", out)
	}
}
