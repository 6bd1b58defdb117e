package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/diag"
)

const (
	// brokenDraft is a new draft whose date cannot be read.
	brokenDraft     = "content/historier/nytt-utkast.md"
	brokenDraftText = "---\ntitle: Nytt utkast\ndraft: true\ndate: 31.12.2026\n---\nIkke ferdig.\n"
	brokenDraftFile = "historier/nytt-utkast/index.html"
)

// isolatedSession starts a preview session on dir that leaves out pages
// with errors of their own.
func isolatedSession(t *testing.T, dir string) *Session {
	t.Helper()
	s := NewSession(os.DirFS(dir), previewOptions(t))
	s.IsolatePages()
	t.Cleanup(s.Close)
	return s
}

// previewOptions are those of works serve: drafts shown.
func previewOptions(t *testing.T) Options {
	return Options{Now: now, Workers: 2, Cache: t.TempDir(), BuildDrafts: true}
}

// freshWithout builds a copy of the site in dir without the named files,
// as works build would.
func freshWithout(t *testing.T, dir string, without ...string) *Result {
	t.Helper()
	cp := t.TempDir()
	err := os.CopyFS(cp, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range without {
		if err := os.Remove(filepath.Join(cp, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Assemble(context.Background(), os.DirFS(cp), previewOptions(t))
	if err != nil {
		t.Fatalf("a fresh build without %v: %v", without, err)
	}
	return res
}

// sameWithoutBroken checks that pv serves exactly the files of res, and
// that every other file it has is one of its broken pages', which opens
// with that page's errors.
func sameWithoutBroken(t *testing.T, pv *Preview, res *Result) {
	t.Helper()
	broken := map[string]bool{}
	for _, b := range pv.Broken {
		for _, f := range b.Files {
			broken[f] = true
		}
	}
	// A generated list where a broken page was: the overlay wins.
	samePreview(t, pv, res, broken)
	for f := range broken {
		if _, ok, err := pv.Open(f); !ok || err == nil {
			t.Errorf("%s, a broken page's file, opens without its errors (%v, %v)", f, ok, err)
		}
	}
}

// brokenDocs lists the files of the broken pages.
func brokenDocs(pv *Preview) []string {
	var docs []string
	for _, b := range pv.Broken {
		docs = append(docs, b.Doc)
	}
	return docs
}

// TestIsolatedPages: in the preview a page whose own file has errors is
// left out, and the rest of the site is what a fresh build without it
// makes, from the first build on and after each save.
func TestIsolatedPages(t *testing.T) {
	dir := fixture(t, map[string]string{brokenDraft: brokenDraftText})
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

	// works build fails on the draft as it did.
	if _, err := Assemble(context.Background(), os.DirFS(dir), previewOptions(t)); err == nil || !strings.Contains(err.Error(), brokenDraft+":4:7") {
		t.Fatalf("works build with a broken draft: %v, want its error", err)
	}

	s := isolatedSession(t, dir)
	pv, err := s.Update(context.Background(), nil)
	if err != nil {
		t.Fatalf("the first build failed for the draft's error: %v", err)
	}
	if pv.Lazy() {
		t.Error("the first build rendered pages on request")
	}
	if got := brokenDocs(pv); !slices.Equal(got, []string{brokenDraft}) {
		t.Fatalf("broken pages %v, want the draft", got)
	}
	b := pv.Broken[0]
	if !slices.Equal(b.Files, []string{brokenDraftFile}) {
		t.Errorf("the draft's files %v, want %s", b.Files, brokenDraftFile)
	}
	if len(b.Errs) != 1 || b.Errs[0].Pos.String() != brokenDraft+":4:7" || b.Errs[0].Hint == "" {
		t.Errorf("the draft's errors %v, want the date at 4:7 with a hint", b.Errs)
	}
	_, _, err = pv.Open(brokenDraftFile)
	if err == nil || !strings.Contains(err.Error(), brokenDraft+":4:7") {
		t.Errorf("the draft's page opens with %v, want its error", err)
	}
	sameWithoutBroken(t, pv, freshWithout(t, dir, brokenDraft))

	const verftet = "content/historier/verftet.md"
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	steps := []struct {
		name    string
		edit    func()
		changed []string
		broken  []string // the broken pages after it
		without []string // what the fresh build leaves out
		errAt   string   // a position in the last broken page's errors
	}{
		{"edit another page's text", func() {
			write(verftet, strings.Replace(read(verftet), "bygger båter", "bygger store båter", 1))
		}, []string{verftet}, []string{brokenDraft}, []string{brokenDraft}, ""},
		{"an image without alt text in another page", func() {
			write(verftet, read(verftet)+"\n![](bilde.png)\n")
		}, []string{verftet}, []string{brokenDraft, verftet}, []string{brokenDraft, verftet}, verftet + ":9:"},
		{"save the draft with the same error", func() {
			write(brokenDraft, strings.Replace(brokenDraftText, "Ikke ferdig.", "Snart ferdig.", 1))
		}, []string{brokenDraft}, []string{brokenDraft, verftet}, []string{brokenDraft, verftet}, brokenDraft + ":4:7"},
		{"fix the other page", func() {
			write(verftet, strings.Replace(read(verftet), "\n![](bilde.png)\n", "", 1))
		}, []string{verftet}, []string{brokenDraft}, []string{brokenDraft}, brokenDraft + ":4:7"},
		{"a page that links to the broken one", func() {
			write("content/historier/ny.md", "---\ntitle: Ny\ndate: 2026-11-02\n---\nLes om [verftet](verftet.md).\n")
			write(verftet, strings.Replace(read(verftet), "date: 2026-10-01T09:30:00", "date: 1. oktober", 1))
		}, []string{"content/historier/ny.md", verftet}, []string{brokenDraft, verftet}, nil, verftet + ":3:7"},
		{"two pages claim one address", func() {
			write(verftet, strings.Replace(read(verftet), "date: 1. oktober", "date: 2026-10-01T09:30:00", 1))
			write("content/historier/ny.md", "---\ntitle: Ny\ndate: 2026-11-02\nslug: verftet\n---\nNy side.\n")
		}, []string{"content/historier/ny.md", verftet}, []string{"content/historier/ny.md", brokenDraft, verftet},
			[]string{brokenDraft, "content/historier/ny.md", verftet}, "two pages would be published at /historier/verftet/"},
		{"fix the draft and the address", func() {
			write("content/historier/ny.md", "")
			write(brokenDraft, strings.Replace(brokenDraftText, "31.12.2026", "2026-12-31", 1))
		}, []string{"content/historier/ny.md", brokenDraft}, nil, nil, ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit()
			pv, err := s.Update(context.Background(), st.changed)
			if err != nil {
				t.Fatalf("the preview failed: %v", err)
			}
			if got := brokenDocs(pv); !slices.Equal(got, st.broken) {
				t.Fatalf("broken pages %v, want %v", got, st.broken)
			}
			if st.errAt != "" {
				var all diag.List
				for _, b := range pv.Broken {
					all = append(all, b.Errs...)
				}
				if !strings.Contains(all.Error(), st.errAt) {
					t.Errorf("the broken pages' errors %q do not point at %s", all.Error(), st.errAt)
				}
			}
			if st.without != nil || st.broken == nil {
				sameWithoutBroken(t, pv, freshWithout(t, dir, st.without...))
			}
		})
	}
}

// TestIsolatedLinks: a page that links to a broken one still renders, its
// link leading to the broken page's address, and is not broken itself.
func TestIsolatedLinks(t *testing.T) {
	dir := fixture(t, map[string]string{
		"content/historier/ny.md":      "---\ntitle: Ny\ndate: 2026-11-02\n---\nLes om [verftet](verftet.md) og [det](/historier/verftet/).\n",
		"content/historier/verftet.md": "---\ntitle: Verftet\ndate: 1. oktober\n---\nVerftet bygger båter.\n",
	})
	s := isolatedSession(t, dir)
	pv, err := s.Update(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := brokenDocs(pv); !slices.Equal(got, []string{"content/historier/verftet.md"}) {
		t.Fatalf("broken pages %v, want only verftet.md", got)
	}
	f, ok, err := pv.Open("historier/ny/index.html")
	if err != nil || !ok {
		t.Fatalf("the linking page: %v, %v", ok, err)
	}
	if !bytes.Contains(f.Data, []byte(`href="/historier/verftet/"`)) {
		t.Errorf("the link does not lead to the broken page's address:\n%s", f.Data)
	}
}

// TestIsolationStillBlocks: errors that belong to no single page fail the
// preview as before, with the broken pages' errors among them.
func TestIsolationStillBlocks(t *testing.T) {
	const single = "themes/fixture/layouts/_default/single.html"
	for _, tt := range []struct {
		name, file, data, want string
	}{
		{"works.toml", "works.toml", "title = \"Fixture\nbaseURL = 1\n", "works.toml:"},
		{"a template", single, "{{ define \"main\" }}{{ .Title }\n", single + ":"},
		{"a data file", "themes/fixture/data/figures.yaml", "a: [1, 2\n", "figures.yaml:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, map[string]string{brokenDraft: brokenDraftText, tt.file: tt.data})
			s := isolatedSession(t, dir)
			_, err := s.Update(context.Background(), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one at %s", err, tt.want)
			}
			if tt.file != "works.toml" && !strings.Contains(err.Error(), brokenDraft+":4:7") {
				t.Errorf("the error does not list the draft's too:\n%v", err)
			}
		})
	}
	t.Run("after a good build", func(t *testing.T) {
		dir := fixture(t, map[string]string{brokenDraft: brokenDraftText})
		s := isolatedSession(t, dir)
		if _, err := s.Update(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		writeFiles(t, dir, map[string]string{single: "{{ define \"main\" }}{{ .Title }\n"})
		if _, err := s.Update(context.Background(), []string{single}); err == nil || !strings.Contains(err.Error(), single+":") {
			t.Fatalf("a broken template after a good build: %v, want its error", err)
		}
	})
}

// TestIsolatedWarnings: the preview's warnings are every page's, after a
// save of one page as after the first build.
func TestIsolatedWarnings(t *testing.T) {
	const verftet, kafeen = "content/historier/verftet.md", "content/historier/kafeen.md"
	dir := fixture(t, nil)
	s := isolatedSession(t, dir)
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	at := func(pv *Preview, file string) diag.List {
		var l diag.List
		for _, d := range pv.Warnings {
			if d.Pos.File == file {
				l = append(l, d)
			}
		}
		return l
	}
	writeFiles(t, dir, map[string]string{verftet: read(verftet) + "\nLes [her](kafeen.md).\n"})
	pv, err := s.Update(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	vague := at(pv, verftet)
	if !strings.Contains(vague.Error(), `"her"`) {
		t.Fatalf("no warning for the vague link text: %v", pv.Warnings)
	}
	// An edit of another page, text only and then settings: the warning
	// of the page not saved is still there.
	writeFiles(t, dir, map[string]string{kafeen: read(kafeen) + "\nEn setning til.\n"})
	if pv, err = s.Update(context.Background(), []string{kafeen}); err != nil {
		t.Fatal(err)
	}
	if got := at(pv, verftet); got.Error() != vague.Error() {
		t.Errorf("after a text edit of another page, the page's warnings are %v, want %v", got, vague)
	}
	writeFiles(t, dir, map[string]string{kafeen: strings.Replace(read(kafeen), "title: ", "title: Ny ", 1)})
	if pv, err = s.Update(context.Background(), []string{kafeen}); err != nil {
		t.Fatal(err)
	}
	if got := at(pv, verftet); got.Error() != vague.Error() {
		t.Errorf("after a settings edit of another page, the page's warnings are %v, want %v", got, vague)
	}
	if files := pv.FilesOf(verftet); !slices.Equal(files, []string{"historier/verftet/index.html"}) {
		t.Errorf("FilesOf(%s) = %v", verftet, files)
	}
	// Saving the fix takes the warning away.
	writeFiles(t, dir, map[string]string{verftet: strings.Replace(read(verftet), "[her]", "[om kafeen]", 1)})
	if pv, err = s.Update(context.Background(), []string{verftet}); err != nil {
		t.Fatal(err)
	}
	if got := at(pv, verftet); strings.Contains(got.Error(), `"her"`) {
		t.Errorf("after the fix the page still has the warning: %v", got)
	}
}
