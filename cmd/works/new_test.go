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

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
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

func TestNewSlugs(t *testing.T) {
	tests := []struct {
		title, want string
	}{
		{"Ny fabrikk på Åssiden", "content/historier/ny-fabrikk-pa-assiden/index.md"},
		{"Bærekraft i Drammen", "content/historier/baerekraft-i-drammen/index.md"},
		{"Øl & brød – på Strømsø", "content/historier/ol-brod-pa-stromso/index.md"},
		{`  Kafé «Øst»: "nytt" sted!  `, "content/historier/kafe-ost-nytt-sted/index.md"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			dir, root, cfg := siteForNew(t, nil)
			got, err := newPage(root, cfg, newRequest{section: "historier", title: tt.title, now: newNow})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("path %q, want %q", got, tt.want)
			}
			// The title survives quoting, whatever it holds.
			doc, errs := content.Parse(strings.TrimPrefix(got, "content/"), []byte(readCreated(t, dir, got)), cfg.Location)
			if err := errs.Err(); err != nil {
				t.Fatal(err)
			}
			if doc.Meta.Title != tt.title || !doc.Meta.Draft {
				t.Errorf("title %q, draft %v; want %q, true", doc.Meta.Title, doc.Meta.Draft, tt.title)
			}
			if d := doc.Meta.Date.Format(time.DateOnly); d != "2026-11-28" {
				t.Errorf("date %s, want 2026-11-28 (today in Oslo)", d)
			}
		})
	}
}

func TestNewArchetypes(t *testing.T) {
	site := "---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true\nfrom: site\n---\n"
	theme := "---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true\nfrom: theme\n---\n"
	tests := []struct {
		name    string
		files   map[string]string
		section string
		want    string // a line the page must hold
	}{
		{"site", map[string]string{"archetypes/historier.md": site, "themes/t/archetypes/historier.md": theme}, "historier", "from: site"},
		{"theme", map[string]string{"themes/t/archetypes/historier.md": theme}, "historier", "from: theme"},
		{"site default", map[string]string{"archetypes/default.md": site, "themes/t/archetypes/historier.md": theme}, "nyheter", "from: site"},
		{"theme default", map[string]string{"themes/t/archetypes/default.md": theme}, "nyheter", "from: theme"},
		{"built in", nil, "historier", `imageAlt: "" # what the picture shows, in one sentence, for readers who cannot see it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, root, cfg := siteForNew(t, tt.files)
			got, err := newPage(root, cfg, newRequest{section: tt.section, title: "Ny side", now: newNow})
			if err != nil {
				t.Fatal(err)
			}
			if text := readCreated(t, dir, got); !strings.Contains(text, tt.want+"\n") {
				t.Errorf("page does not hold %q:\n%s", tt.want, text)
			}
		})
	}
}

func TestNewBuiltInArchetype(t *testing.T) {
	dir, root, cfg := siteForNew(t, nil)
	got, err := newPage(root, cfg, newRequest{section: "historier", title: "Ny fabrikk på Åssiden", now: newNow})
	if err != nil {
		t.Fatal(err)
	}
	want := `---
title: "Ny fabrikk på Åssiden"
date: 2026-11-28
draft: true # remove this line when the page is ready to be published
summary: "" # one or two sentences, at most 200 characters, that lists and search results show
image: "" # the file name of the picture in the page's folder, like illustration.svg
imageAlt: "" # what the picture shows, in one sentence, for readers who cannot see it
---

<!-- Write the text here. Start with what matters most to the reader, in short sentences. -->
`
	if text := readCreated(t, dir, got); text != want {
		t.Errorf("got:\n%s\nwant:\n%s", text, want)
	}
}

// The theme's archetypes must make pages the build can read, in both
// languages.
func TestThemeArchetypes(t *testing.T) {
	for _, section := range []string{"historier", "nyheter", "prosjekter"} {
		t.Run(section, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("..", "..", "themes", "works", "archetypes", section+".md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, translation := range []bool{false, true} {
				text, err := fill(section+".md", string(src), archetypeData{Title: `Kafé «Øst»: "nytt"`, Date: "2026-11-28", Section: section, Slug: "kafe-ost-nytt", Lang: "nb", Translation: translation})
				if err != nil {
					t.Fatal(err)
				}
				doc, errs := content.Parse(section+"/x/index.md", text, time.UTC)
				if err := errs.Err(); err != nil {
					t.Fatalf("%v\n%s", err, text)
				}
				if doc.Meta.Title != `Kafé «Øst»: "nytt"` || !doc.Meta.Draft {
					t.Errorf("title %q, draft %v", doc.Meta.Title, doc.Meta.Draft)
				}
				if translation != (doc.Meta.Slug == "kafe-ost-nytt") {
					t.Errorf("translation %v, slug %q", translation, doc.Meta.Slug)
				}
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	existing := "---\ntitle: Min side\n---\nMin tekst.\n"
	tests := []struct {
		name  string
		files map[string]string
		req   newRequest
		err   string
	}{
		{"page exists", map[string]string{"content/historier/ny-hall/index.md": existing},
			newRequest{section: "historier", title: "Ny hall"}, "content/historier/ny-hall/index.md already exists"},
		{"single file exists", map[string]string{"content/nyheter/ny-hall.md": existing},
			newRequest{section: "nyheter", title: "Ny hall"}, "content/nyheter/ny-hall.md already exists"},
		{"translation exists", map[string]string{"content/historier/ny-hall/index.md": existing, "content/historier/ny-hall/index.en.md": existing},
			newRequest{section: "historier", title: "Ny hall", lang: "en"}, "content/historier/ny-hall/index.en.md already exists"},
		{"nothing to translate", nil,
			newRequest{section: "historier", title: "Ny hall", lang: "en"}, "there is no page content/historier/ny-hall/ to translate"},
		{"unknown language", map[string]string{"content/historier/ny-hall/index.md": existing},
			newRequest{section: "historier", title: "Ny hall", lang: "de"}, `"de" is not a language of this site: use one of nb, en`},
		{"unknown section", nil,
			newRequest{section: "historie", title: "Ny hall"}, `there is no section "historie": use one of historier, nyheter`},
		{"no letters", nil,
			newRequest{section: "historier", title: "!!!"}, `the title "!!!" has no letters or digits`},
		{"path as section", nil,
			newRequest{section: "../historier", title: "Ny hall"}, `"../historier" is not a section`},
		{"broken archetype", map[string]string{"archetypes/historier.md": "---\ntitle: {{ .Tittel }}\n---\n"},
			newRequest{section: "historier", title: "Ny hall"}, "the archetype archetypes/historier.md:"},
		{"archetype makes a bad page", map[string]string{"archetypes/historier.md": "---\ntitle: [\n---\n"},
			newRequest{section: "historier", title: "Ny hall"}, "the archetype archetypes/historier.md makes a page that cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, root, cfg := siteForNew(t, tt.files)
			tt.req.now = newNow
			_, err := newPage(root, cfg, tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want one containing %q", err, tt.err)
			}
			for name, data := range tt.files {
				if got := readCreated(t, dir, name); got != data {
					t.Errorf("%s changed to %q", name, got)
				}
			}
		})
	}
}

func TestNewTranslation(t *testing.T) {
	orig := "---\ntitle: Ny hall på Åssiden\ndate: 2026-10-01\n---\nTekst.\n"
	for _, tc := range []struct{ name, file, want string }{
		{"bundle", "content/historier/ny-hall-pa-assiden/index.md", "content/historier/ny-hall-pa-assiden/index.en.md"},
		{"single file", "content/nyheter/ny-hall-pa-assiden.md", "content/nyheter/ny-hall-pa-assiden.en.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, root, cfg := siteForNew(t, map[string]string{tc.file: orig})
			section := strings.Split(tc.file, "/")[1]
			// The page is named by its title or its folder name.
			for _, title := range []string{"Ny hall på Åssiden", "ny-hall-pa-assiden"} {
				os.Remove(filepath.Join(dir, filepath.FromSlash(tc.want)))
				got, err := newPage(root, cfg, newRequest{section: section, title: title, lang: "en", now: newNow})
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("path %q, want %q", got, tc.want)
				}
				text := readCreated(t, dir, got)
				for _, line := range []string{`title: "Ny hall på Åssiden"`, "date: 2026-10-01", "slug: ny-hall-pa-assiden # the last part of the web address: write it in this language"} {
					if !strings.Contains(text, line+"\n") {
						t.Errorf("translation does not hold %q:\n%s", line, text)
					}
				}
			}
			if got := readCreated(t, dir, tc.file); got != orig {
				t.Errorf("the original changed: %q", got)
			}
		})
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
		{"again", []string{"historier", "Ny fabrikk på Åssiden"}, 1, "", "works new: content/historier/ny-fabrikk-pa-assiden/index.md already exists: open it, or choose another title\n"},
		{"flags after the title", []string{"historier", "Ny fabrikk på Åssiden", "--lang", "en"}, 0, filepath.Join(dir, "content", "historier", "ny-fabrikk-pa-assiden", "index.en.md") + "\n", ""},
		{"no title", []string{"historier"}, 2, "", "works new: give a section and a title"},
		{"unknown flag", []string{"historier", "X", "--nope"}, 2, "", "flag provided but not defined: -nope"},
		{"help", []string{"-h"}, 0, "Usage: works new <section> <title> [flags]", ""},
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
			_, err := newPage(root, cfg, newRequest{section: "historier", title: "Ny hall", now: newNow})
			if err == nil || !strings.Contains(err.Error(), "archetypes/historier.md cannot be read") {
				t.Fatalf("err = %v, want one naming archetypes/historier.md", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "historier", "ny-hall")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a page was made: %v", err)
			}
		})
	}
}
