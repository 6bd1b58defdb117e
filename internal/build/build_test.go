package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/images"
)

// now is the moment the fixture is built for: after every published date,
// before the scheduled page.
var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// parseTxtar splits a txtar archive into its files (comment skipped).
func parseTxtar(t testing.TB, src string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, f := range txtar.Parse([]byte(src)).Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

// fixture writes the fixture site, with changes applied (an empty value
// removes a file), into a new folder and returns its path.
func fixture(t testing.TB, changes map[string]string) string {
	t.Helper()
	src, err := os.ReadFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := parseTxtar(t, string(src))
	files[fixturePhoto] = string(photo(t, 600, 400))
	for name, data := range changes {
		if data == "" {
			delete(files, name)
		} else {
			files[name] = data
		}
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// writeFiles writes files (slash path → content) below dir, making the
// folders they need.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tree reads every file below dir into one txtar-like text, sorted by path.
func tree(t testing.TB, dir string) string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	var b strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		if f := images.Sniff(data); f != "" && f != images.SVG {
			// Encoded bytes belong to the encoders; the golden keeps what
			// the site decides: which files, their format and size.
			info, err := images.Config(rel, data)
			if err != nil {
				t.Fatal(err)
			}
			data = fmt.Appendf(nil, "(%s %d×%d)\n", info.Format, info.Width, info.Height)
		}
		fmt.Fprintf(&b, "-- %s --\n%s", filepath.ToSlash(rel), data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestBuildFixture(t *testing.T) {
	for _, tt := range []struct {
		name   string
		minify bool
		golden string
	}{
		{"readable", false, "site.golden"},
		{"minified", true, "site.min.golden"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, nil)
			res, err := Run(context.Background(), Options{Source: dir, NoMinify: !tt.minify, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			// The warnings are part of what a build produces.
			got := "-- (warnings) --\n" + res.Warnings.Error() + "\n" + tree(t, filepath.Join(dir, "public"))
			golden.Check(t, filepath.Join("testdata", tt.golden), []byte(got))
		})
	}
}

// TestBuildIsDeterministic builds the same site twice and compares bytes.
func TestBuildIsDeterministic(t *testing.T) {
	dir := fixture(t, nil)
	var trees []string
	for i := range 2 {
		dest := filepath.Join(t.TempDir(), "out")
		if _, err := Run(context.Background(), Options{Source: dir, Destination: dest, Now: now, Workers: 1 + i*3}); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tree(t, dest))
	}
	if trees[0] != trees[1] {
		t.Errorf("two builds differ:\n%s", golden.Diff(trees[0], trees[1]))
	}
}

func TestBuildFlags(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		present []string
		absent  []string
	}{
		{"default", Options{}, nil, []string{"historier/utkast/index.html", "historier/planlagt/index.html", "historier/utlopt/index.html"}},
		{"drafts", Options{BuildDrafts: true}, []string{"historier/utkast/index.html"}, []string{"historier/planlagt/index.html"}},
		{"future", Options{BuildFuture: true}, []string{"historier/planlagt/index.html"}, []string{"historier/utkast/index.html"}},
		{"expired", Options{BuildExpired: true}, []string{"historier/utlopt/index.html"}, []string{"historier/utkast/index.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, nil)
			tt.opts.Source, tt.opts.Now = dir, now
			if _, err := Run(context.Background(), tt.opts); err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.present {
				if _, err := os.Stat(filepath.Join(dir, "public", p)); err != nil {
					t.Errorf("%s missing: %v", p, err)
				}
			}
			for _, p := range tt.absent {
				if _, err := os.Stat(filepath.Join(dir, "public", p)); err == nil {
					t.Errorf("%s written, want left out", p)
				}
			}
		})
	}
}

func TestBaseURLOverride(t *testing.T) {
	dir := fixture(t, nil)
	if _, err := Run(context.Background(), Options{Source: dir, Now: now, BaseURL: "https://drammen.example/sub"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public", "om", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`href="https://drammen.example/sub/om/"`)) {
		t.Errorf("canonical link does not use the overriding base URL:\n%s", b)
	}
}

// hashTree fingerprints every file and folder below dir.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p == filepath.Join(dir, "resources") {
			// The image cache is not the site: a build that fails late
			// keeps the images it made, for the next one.
			return fs.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			// A folder's time changes when the cache folder is made in it;
			// its entries are hashed one by one anyway.
			fmt.Fprintf(h, "%s %v\n", p, info.Mode())
		} else {
			fmt.Fprintf(h, "%s %v %d\n", p, info.Mode(), info.ModTime().UnixNano())
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestBadInput gives each kind of broken input its message and checks that
// the build fails without touching the published folder.
func TestBadInput(t *testing.T) {
	story := "content/historier/kafeen.md"
	// The site as published before the content broke: a real build, so
	// its folder carries the mark that lets the next build replace it.
	published := filepath.Join(t.TempDir(), "public")
	if _, err := Run(context.Background(), Options{Source: fixture(t, nil), Destination: published, Now: now, SkipCheck: true}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		changes map[string]string
		setup   func(t *testing.T, dir string)
		want    []string // each must appear in the error text
	}{
		{
			name:    "malformed YAML",
			changes: map[string]string{story: "---\ntitle: Kafeen\ntags: [mat\n---\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:3:"},
		},
		{
			name:    "malformed TOML",
			changes: map[string]string{story: "+++\ntitle = \"Kafeen\ndate = 2026-10-01\n+++\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:2:"},
		},
		{
			name:    "unclosed front matter",
			changes: map[string]string{story: "---\ntitle: Kafeen\n\nTekst uten slutt.\n"},
			want:    []string{"content/historier/kafeen.md:1:1:"},
		},
		{
			name:    "wrong date",
			changes: map[string]string{story: "---\ntitle: Kafeen\ndate: 31.12.2026\n---\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:3:7:", `"date"`, "2026-11-27"},
		},
		{
			name:    "draft is not a boolean",
			changes: map[string]string{story: "---\ntitle: Kafeen\ndraft: \"kanskje\"\n---\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:3:8:", `"draft"`},
		},
		{
			name:    "lang no (the Norway problem)",
			changes: map[string]string{story: "---\ntitle: Kafeen\nlang: no\n---\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:3:7:", `"no" is not a language of this site`, "nb, en"},
		},
		{
			name:    "duplicate URL",
			changes: map[string]string{"content/historier/kopi.md": "---\ntitle: Kopi\nslug: kafeen\n---\nTekst.\n"},
			want:    []string{"/historier/kafeen/", "content/historier/kafeen.md", "content/historier/kopi.md"},
		},
		{
			name:    "unknown layout",
			changes: map[string]string{story: "---\ntitle: Kafeen\nlayout: fancy\n---\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:3:9:", `layout "fancy" does not exist`},
		},
		{
			name:    "missing layout",
			changes: map[string]string{"themes/fixture/layouts/_default/single.html": ""},
			want:    []string{"no template can show this page", "_default/single.html"},
		},
		{
			name:    "broken content link",
			changes: map[string]string{story: "---\ntitle: Kafeen\n---\nSe [mer om saken](finnes-ikke.md).\n"},
			want:    []string{"content/historier/kafeen.md:4:", `"finnes-ikke.md"`},
		},
		{
			name:    "unknown project",
			changes: map[string]string{story: "---\ntitle: Kafeen\nproject: prosjekter/borte\n---\nTekst.\n"},
			want:    []string{"content/historier/kafeen.md:3:10:", `project "prosjekter/borte"`},
		},
		{
			name:    "unknown config key",
			changes: map[string]string{"works.toml": "title = \"X\"\nbaseUrl = \"https://example.org/\"\ntheme = \"fixture\"\n"},
			want:    []string{"works.toml:2:1:", `"baseUrl"`, `did you mean "baseURL"`},
		},
		{
			name:    "template error",
			changes: map[string]string{"themes/fixture/layouts/404.html": "{{ define \"main\" }}{{ .Nope }}{{ end }}\n"},
			want:    []string{"themes/fixture/layouts/404.html:1:", "Nope"},
		},
		{
			name:    "huge file",
			changes: map[string]string{story: "---\ntitle: Kafeen\n---\n" + strings.Repeat("Lang tekst. ", 800_000)},
			want:    []string{"content/historier/kafeen.md", "MiB"},
		},
		{
			name:    "no front matter, so no title",
			changes: map[string]string{story: "Bare tekst.\n"},
			want:    []string{`content/historier/kafeen.md:1:1: the page has no "title"`},
		},
		{
			name: "symlink out of the tree",
			setup: func(t *testing.T, dir string) {
				outside := filepath.Join(t.TempDir(), "hemmelig.md")
				if err := os.WriteFile(outside, []byte("---\ntitle: Hemmelig\n---\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, filepath.Join(dir, "content", "historier", "lenke.md")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"content/historier/lenke.md", "outside"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, tt.changes)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			// The site published before the content broke: it must survive.
			if err := os.CopyFS(filepath.Join(dir, "public"), os.DirFS(published)); err != nil {
				t.Fatal(err)
			}
			before := hashTree(t, dir)
			_, err := Run(context.Background(), Options{Source: dir, Now: now})
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			var list diag.List
			if errors.As(err, &list) {
				for _, d := range list {
					if d.Pos.File == "" {
						t.Errorf("diagnostic without a file: %v", d)
					}
				}
			}
			if after := hashTree(t, dir); after != before {
				t.Error("the failed build changed the site folder")
			}
		})
	}
}

// TestGoodInputVariants are inputs that look odd but are fine.
func TestGoodInputVariants(t *testing.T) {
	story := "content/historier/kafeen.md"
	tests := []struct {
		name, src, want string
	}{
		{"byte order mark", "\uFEFF---\ntitle: Kafé med BOM\ndate: 2026-10-01\n---\nTekst.\n", "Kafé med BOM"},
		{"CRLF line endings", "---\r\ntitle: Kafé med CRLF\r\ndate: 2026-10-01\r\n---\r\nTekst.\r\n", "Kafé med CRLF"},
		{"TOML front matter", "+++\ntitle = \"Kafé i TOML\"\ndate = 2026-10-01\n+++\nTekst.\n", "Kafé i TOML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, map[string]string{story: tt.src})
			if _, err := Run(context.Background(), Options{Source: dir, Now: now}); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "public", "historier", "kafeen", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte(tt.want)) {
				t.Errorf("page does not show %q:\n%s", tt.want, b)
			}
		})
	}
}

// TestDestinationRefused: a build replaces its destination folder, so
// folders whose loss would lose something are refused before anything is
// read or written. dest returns the destination and, when it lies outside
// the site folder, a folder of the test's own that must not change either.
func TestDestinationRefused(t *testing.T) {
	site := func(dest string) func(t *testing.T, dir string) (string, string) {
		return func(t *testing.T, dir string) (string, string) { return filepath.Join(dir, dest), "" }
	}
	tests := []struct {
		name string
		dest func(t *testing.T, dir string) (dest, watch string)
		want []string // each must appear in the error text
	}{
		{"the site folder", site("."), []string{"is the site's own folder"}},
		{"above the site folder", site(".."), []string{"contains the site folder"}},
		{"the top of the disk", func(t *testing.T, dir string) (string, string) { return "/", "" }, []string{"top of the disk"}},
		{"content", site("content"), []string{"content/ folder, which the build reads", "replace the writers' files"}},
		{"the theme's static files", site("themes/fixture/static"), []string{"inside the site's themes/ folder"}},
		{"inside static", site("static/out"), []string{"inside the site's static/ folder"}},
		{"a link", func(t *testing.T, dir string) (string, string) {
			victim := t.TempDir()
			writeFiles(t, victim, map[string]string{"viktig.txt": "x"})
			link := filepath.Join(t.TempDir(), "public")
			if err := os.Symlink(victim, link); err != nil {
				t.Fatal(err)
			}
			return link, victim
		}, []string{"is a symbolic link to", "write the real path"}},
		{"a folder of documents", func(t *testing.T, dir string) (string, string) {
			docs := filepath.Join(t.TempDir(), "Documents")
			writeFiles(t, docs, map[string]string{"søknad.docx": "x"})
			return docs, filepath.Dir(docs)
		}, []string{"is not empty and was not written by works", `"søknad.docx"`, "empty it, or choose another folder"}},
		{"a build with a file copied in", func(t *testing.T, dir string) (string, string) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Run(context.Background(), Options{Source: dir, Destination: dest, Now: now, SkipCheck: true}); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, dest, map[string]string{"historier/kafeen/meny.pdf": "%PDF"})
			return dest, filepath.Dir(dest)
		}, []string{"works did not write", `"historier/kafeen/meny.pdf"`, "static/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, nil)
			dest, watch := tt.dest(t, dir)
			before, watched := hashTree(t, dir), ""
			if watch != "" {
				watched = hashTree(t, watch)
			}
			_, err := Run(context.Background(), Options{Source: dir, Destination: dest, Now: now})
			if err == nil {
				t.Fatalf("build into %s succeeded, want refused", dest)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			if hashTree(t, dir) != before {
				t.Error("the refused build changed the site folder")
			}
			if watch != "" && hashTree(t, watch) != watched {
				t.Errorf("the refused build changed %s", watch)
			}
		})
	}
}
