package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/golden"
)

// TestSession edits the fixture site step by step, updating one session
// after each edit, and checks that every file the preview serves equals
// what a fresh build of the same files makes, and that the session did
// only the work the edit called for.
func TestSession(t *testing.T) {
	dir := fixture(t, nil)
	write := func(name, data string) {
		t.Helper()
		if data == "" {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
			return
		}
		writeFiles(t, dir, map[string]string{name: data})
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	opts := Options{Now: now, Workers: 2, Cache: t.TempDir()}
	s := NewSession(os.DirFS(dir), opts)
	defer s.Close()
	first, err := s.Update(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Lazy() {
		t.Fatal("the first update rendered pages on request; it should build everything")
	}

	const verftet = "content/historier/verftet.md"
	steps := []struct {
		name     string
		edit     func()
		changed  []string
		wantErr  string // a part of the error, when the edit breaks the site
		rendered int    // Markdown bodies rendered again; -1: any
		// kept says the model's shape was kept and copied with the new
		// text, as for an edit of text only since the last good build
		// (fixing front matter back to what it was is one).
		kept bool
	}{
		{"edit the text after the first build", func() {
			write(verftet, strings.Replace(read(verftet), "bygger båter", "bygger store båter", 1))
		}, []string{verftet}, "", 1, true},
		{"edit the body again: the model is kept", func() {
			write(verftet, strings.Replace(read(verftet), "bygger store båter", "bygger store og små båter", 1))
		}, []string{verftet}, "", 1, true},
		{"an image without alt text in the body", func() {
			write(verftet, read(verftet)+"\n![](bilde.png)\n")
		}, []string{verftet}, "alt", 0, true},
		{"the text of a bundle and its translation", func() {
			const nb, en = "content/historier/bryggeriet/index.md", "content/historier/bryggeriet/index.en.md"
			write(verftet, strings.Replace(read(verftet), "\n![](bilde.png)\n", "", 1))
			write(nb, read(nb)+"\nEt nytt avsnitt.\n")
			write(en, read(en)+"\nA new paragraph.\n")
		}, []string{verftet, "content/historier/bryggeriet/index.md", "content/historier/bryggeriet/index.en.md"}, "", 3, true},
		{"edit the front matter: title and tags", func() {
			write(verftet, strings.Replace(strings.Replace(read(verftet), "title: Verftet", "title: Verftet i Drammen", 1), "tags: [eksport]", "tags: [eksport, mat]", 1))
		}, []string{verftet}, "", 1, false},
		{"break the front matter", func() {
			write(verftet, strings.Replace(read(verftet), "tags: [eksport, mat]", "tags: [eksport, mat", 1))
		}, []string{verftet}, "verftet.md:4:", 0, false},
		{"fix it", func() {
			write(verftet, strings.Replace(read(verftet), "tags: [eksport, mat\n", "tags: [eksport, mat]\n", 1))
		}, []string{verftet}, "", 1, true},
		{"add a page that links to another", func() {
			write("content/historier/havna.md", "---\ntitle: Havna\ndate: 2026-11-02\ntags: [mat]\n---\nLes om [verftet](verftet.md).\n")
		}, []string{"content/historier/havna.md"}, "", -1, false},
		{"change a page's address", func() {
			write(verftet, strings.Replace(read(verftet), "title: Verftet i Drammen\n", "title: Verftet i Drammen\nslug: verft\n", 1))
		}, []string{verftet}, "", -1, false},
		{"remove a page", func() { write("content/historier/kafeen.md", "") }, []string{"content/historier/kafeen.md"}, "", -1, false},
		{"edit a layout", func() {
			const single = "themes/fixture/layouts/_default/single.html"
			write(single, strings.Replace(read(single), "</article>", "<p>Endret mal.</p></article>", 1))
		}, []string{"themes/fixture/layouts/_default/single.html"}, "", 0, false},
		{"edit the UI strings", func() {
			const nb = "themes/fixture/i18n/nb.toml"
			write(nb, read(nb)+"\n# en kommentar\n")
		}, []string{"themes/fixture/i18n/nb.toml"}, "", 0, false},
		{"edit data", func() {
			const figures = "themes/fixture/data/figures.yaml"
			write(figures, read(figures)+"\n")
		}, []string{"themes/fixture/data/figures.yaml"}, "", 0, false},
		{"edit a static file", func() {
			write("themes/fixture/static/css/site.css", "body{color:#111}\n")
		}, []string{"themes/fixture/static/css/site.css"}, "", 0, false},
		{"edit works.toml", func() {
			write("works.toml", strings.Replace(read("works.toml"), `title = "`, `title = "Ny `, 1))
		}, []string{"works.toml"}, "", -1, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit()
			pv, err := s.Update(context.Background(), st.changed)
			if st.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), st.wantErr) {
					t.Fatalf("error %v, want one with %q", err, st.wantErr)
				}
				if s.keptModel != st.kept {
					t.Errorf("the model was kept: %v, want %v", s.keptModel, st.kept)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.rendered >= 0 && s.kept.rendered != st.rendered {
				t.Errorf("rendered %d Markdown bodies, want %d", s.kept.rendered, st.rendered)
			}
			if s.keptModel != st.kept {
				t.Errorf("the model was kept: %v, want %v", s.keptModel, st.kept)
			}
			if st.changed[0] != "works.toml" && !pv.Lazy() {
				t.Error("the preview built every page; it should render pages on request")
			}
			fresh, err := Assemble(context.Background(), os.DirFS(dir), opts)
			if err != nil {
				t.Fatal(err)
			}
			samePreview(t, pv, fresh, nil)
		})
	}
}

// samePreview checks that a preview serves exactly the files of a build,
// but for the files in except (a broken page's, which the preview has and
// the build without that page does not).
func samePreview(t *testing.T, pv *Preview, res *Result, except map[string]bool) {
	t.Helper()
	for _, want := range res.Files.Files() {
		if except[want.Path] {
			continue
		}
		got, ok, err := pv.Open(want.Path)
		switch {
		case err != nil:
			t.Errorf("%s: %v", want.Path, err)
		case !ok:
			t.Errorf("%s: missing from the preview", want.Path)
		case want.From != nil:
			if got.FromPath != want.FromPath || got.Owner != want.Owner {
				t.Errorf("%s: copied from %s (%s), want %s (%s)", want.Path, got.FromPath, got.Owner, want.FromPath, want.Owner)
			}
		case !bytes.Equal(got.Data, want.Data):
			t.Errorf("%s differs from a fresh build:\n%s", want.Path, golden.Diff(string(want.Data), string(got.Data)))
		}
	}
	for _, p := range pv.Paths() {
		if _, ok := res.Files.Get(p); !ok && !except[p] {
			t.Errorf("%s: in the preview, not in a fresh build", p)
		}
	}
}

// TestSessionLeavesServedPreviews: an Update never changes a Preview it
// returned before. A text edit makes a new Preview; the one being served
// goes on showing the old text in the pages and feeds it has not made yet,
// and an edit that fails the check leaves the last good one as it was.
func TestSessionLeavesServedPreviews(t *testing.T) {
	dir := fixture(t, nil)
	const verftet = "content/historier/verftet.md"
	page, feed := "historier/verftet/index.html", "historier/index.xml"
	edit := func(s *Session, from, to string) (*Preview, error) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(verftet))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(from)) {
			t.Fatalf("%s does not hold %q", verftet, from)
		}
		writeFiles(t, dir, map[string]string{verftet: strings.Replace(string(b), from, to, 1)})
		return s.Update(context.Background(), []string{verftet})
	}
	shows := func(pv *Preview, path, text string) bool {
		t.Helper()
		f, ok, err := pv.Open(path)
		if err != nil || !ok {
			t.Fatalf("%s: %v, %v", path, ok, err)
		}
		return bytes.Contains(f.Data, []byte(text))
	}
	s := NewSession(os.DirFS(dir), Options{Now: now, Workers: 2, Cache: t.TempDir()})
	defer s.Close()
	if _, err := s.Update(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	served, err := edit(s, "bygger båter", "bygger ferjer")
	if err != nil {
		t.Fatal(err)
	}
	next, err := edit(s, "bygger ferjer", "bygger rigger")
	if err != nil {
		t.Fatal(err)
	}
	if !s.keptModel || next.Model == served.Model {
		t.Fatalf("the text edit kept the model (%v) and made a new one (%v); want both", s.keptModel, next.Model != served.Model)
	}
	// Neither Preview has made the page or the feed yet.
	for _, c := range []struct {
		pv        *Preview
		want, not string
		which     string
	}{{served, "ferjer", "rigger", "the served preview"}, {next, "rigger", "ferjer", "the new preview"}} {
		for _, path := range []string{page, feed} {
			if !shows(c.pv, path, c.want) || shows(c.pv, path, c.not) {
				t.Errorf("%s: %s does not show only %q", c.which, path, c.want)
			}
		}
	}
	// A text edit that fails the check: the last good Preview is as it was.
	if _, err := edit(s, "bygger rigger.", "bygger rigger.\n\n![](uten-tekst.png)"); err == nil {
		t.Fatal("an image without alt text passed")
	}
	if !shows(next, page, "rigger") || shows(next, page, "uten-tekst") {
		t.Error("the failed edit reached the last good preview")
	}
}
