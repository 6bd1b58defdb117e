package content

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func md(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// summary prints what Load found, one line a document.
func summary(docs []*Document) []string {
	var out []string
	for _, d := range docs {
		line := fmt.Sprintf("%s kind=%s name=%q lang=%q section=%q title=%q", d.Path, d.Kind, d.Name, d.Lang, d.Section, d.Meta.Title)
		if d.Resources != nil {
			line += fmt.Sprintf(" resources=%q", d.Resources)
		}
		out = append(out, line)
	}
	return out
}

func diagStrings(l interface{ Error() string }) []string {
	if s := l.Error(); s != "" {
		return strings.Split(s, "\n")
	}
	return nil
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":                          md("---\ntitle: Drammen Works\n---\n"),
		"_index.en.md":                       md("---\ntitle: Drammen Works (en)\n---\n"),
		"om.md":                              md("---\ntitle: Om oss\n---\n"),
		"om.en.md":                           md("---\ntitle: About\nslug: about\n---\n"),
		"kontakt.md":                         md("+++\ntitle = \"Kontakt\"\n+++\n"),
		"historier/_index.md":                md("---\ntitle: Historier\n---\n"),
		"historier/_index.en.md":             md("---\ntitle: Stories\n---\n"),
		"historier/bryggeriet.md":            md("---\ntitle: Bryggeriet\n---\n"),
		"historier/hall/index.md":            md("---\ntitle: Hallen\n---\n"),
		"historier/hall/index.en.md":         md("---\ntitle: The hall\n---\n"),
		"historier/hall/illustration.svg":    md("<svg/>"),
		"historier/hall/notater.md":          md("notes that belong to the bundle"),
		"historier/hall/bilder/a.jpg":        md("jpg"),
		"historier/hall/bilder/index.md":     md("a nested bundle is just files"),
		"historier/hall/.DS_Store":           md("x"),
		"historier/hall/_kladd.svg":          md("x"),
		"historier/tom/index.md":             md("---\ntitle: Uten filer\n---\n"),
		"nyheter/2026/x.md":                  md("---\ntitle: X\nlang: en\n---\n"),
		"nyheter/feil.md":                    md("---\ntitle: Feil\ndate: 27/11\n---\n"),
		"nyheter/notes.txt":                  md("not markdown: ignored"),
		"prosjekter/_index.md":               md("---\ntitle: Prosjekter\n---\n"),
		"prosjekter/index.md":                md("---\ntitle: Both\n---\n"),
		".hidden.md":                         md("skipped"),
		".git/config":                        md("skipped"),
		"_utkast.md":                         md("skipped"),
		"_utkast/x.md":                       md("skipped"),
		"historier/bryggeriet.md~":           md("skipped"),
		"historier/bryggeriet.md.swp":        md("skipped"),
		"historier/#bryggeriet.md#":          md("skipped"),
		"historier/_index.markdown":          md("skipped: _ and not _index*.md"),
		"historier/aaa/zzz/nested-single.md": md("---\ntitle: Nested\n---\n"),
	}
	docs, diags := Load(context.Background(), fsys, oslo)

	want := []string{
		`_index.en.md kind=branch name="" lang="en" section="" title="Drammen Works (en)"`,
		`_index.md kind=branch name="" lang="" section="" title="Drammen Works"`,
		`historier/_index.en.md kind=branch name="historier" lang="en" section="historier" title="Stories"`,
		`historier/_index.md kind=branch name="historier" lang="" section="historier" title="Historier"`,
		`historier/aaa/zzz/nested-single.md kind=single name="nested-single" lang="" section="historier" title="Nested"`,
		`historier/bryggeriet.md kind=single name="bryggeriet" lang="" section="historier" title="Bryggeriet"`,
		`historier/hall/index.en.md kind=bundle name="hall" lang="en" section="historier" title="The hall" resources=["historier/hall/bilder/a.jpg" "historier/hall/bilder/index.md" "historier/hall/illustration.svg" "historier/hall/notater.md"]`,
		`historier/hall/index.md kind=bundle name="hall" lang="" section="historier" title="Hallen" resources=["historier/hall/bilder/a.jpg" "historier/hall/bilder/index.md" "historier/hall/illustration.svg" "historier/hall/notater.md"]`,
		`historier/tom/index.md kind=bundle name="tom" lang="" section="historier" title="Uten filer"`,
		`kontakt.md kind=single name="kontakt" lang="" section="" title="Kontakt"`,
		`nyheter/2026/x.md kind=single name="x" lang="en" section="nyheter" title="X"`,
		`nyheter/feil.md kind=single name="feil" lang="" section="nyheter" title="Feil"`,
		`om.en.md kind=single name="om" lang="en" section="" title="About"`,
		`om.md kind=single name="om" lang="" section="" title="Om oss"`,
		`prosjekter/index.md kind=bundle name="prosjekter" lang="" section="" title="Both"`,
	}
	if got := summary(docs); !slices.Equal(got, want) {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantDiags := []string{
		`nyheter/feil.md:3:7: "date" must be a date like 2026-11-27 (got "27/11") (write year-month-day, optionally with a time: 2026-11-27 or 2026-11-27 09:30)`,
		`prosjekter/_index.md: "_index.md" and an index.md are in the same folder (a folder is either a section (_index.md) or one page with its files (index.md): remove or rename one of them)`,
	}
	if got := diagStrings(diags); !slices.Equal(got, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
	for _, d := range docs {
		if d.Kind == Bundle && d.Resources == nil && d.Path != "historier/tom/index.md" && d.Path != "prosjekter/index.md" {
			t.Errorf("%s: bundle without resources", d.Path)
		}
	}
}

// TestLoadDeterministic loads the same tree twice and expects the same
// documents in the same order.
func TestLoadDeterministic(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 50 {
		fsys[fmt.Sprintf("s%d/p%d.md", i%7, i)] = md(fmt.Sprintf("---\ntitle: P%d\n---\n", i))
	}
	a, _ := Load(context.Background(), fsys, oslo)
	b, _ := Load(context.Background(), fsys, oslo)
	if !reflect.DeepEqual(summary(a), summary(b)) {
		t.Error("two loads differ")
	}
	if !slices.IsSortedFunc(a, func(x, y *Document) int { return strings.Compare(x.Path, y.Path) }) {
		t.Error("documents are not sorted by path")
	}
}

// noReadFS fails the test if a file is opened for reading by name; listing
// folders is allowed.
type noReadFS struct {
	fstest.MapFS
	t    *testing.T
	name string
}

func (f noReadFS) Open(name string) (fs.File, error) {
	if name == f.name {
		f.t.Errorf("%s was opened, but its size alone should have stopped Load", name)
	}
	return f.MapFS.Open(name)
}

func TestLoadTooBig(t *testing.T) {
	big := make([]byte, MaxFileSize+5<<20)
	fsys := noReadFS{t: t, name: "stor.md", MapFS: fstest.MapFS{
		"stor.md": {Data: big},
		"ok.md":   md("---\ntitle: OK\n---\n"),
	}}
	docs, diags := Load(context.Background(), fsys, oslo)
	want := []string{"stor.md: the file is 13 MiB; content files may be at most 8 MiB (move pictures and other large parts into their own files beside the page)"}
	if got := diagStrings(diags); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(docs) != 1 || docs[0].Path != "ok.md" {
		t.Errorf("got documents %q", summary(docs))
	}
}

func TestLoadMissingFolder(t *testing.T) {
	docs, diags := Load(context.Background(), os.DirFS(filepath.Join(t.TempDir(), "content")), oslo)
	if len(docs) != 0 || len(diags) != 0 {
		t.Errorf("got %d documents and %v", len(docs), diags)
	}
}

func TestLoadSymlinksMapFS(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte(target)}
	}
	fsys := fstest.MapFS{
		"arkiv/b.md":            md("---\ntitle: B\n---\n"),
		"historier/lenke.md":    link("../arkiv/b.md"),
		"historier/ute.md":      link("../../hemmelig.md"),
		"historier/absolutt.md": link("/etc/passwd"),
		"historier/borte.md":    link("finnes-ikke.md"),
		"historier/ring.md":     link("ring.md"),
		"gammel":                link("arkiv"),
		"opp":                   link("."),
	}
	docs, diags := Load(context.Background(), fsys, oslo)
	want := []string{
		`arkiv/b.md kind=single name="b" lang="" section="arkiv" title="B"`,
		`gammel/b.md kind=single name="b" lang="" section="gammel" title="B"`,
		`historier/lenke.md kind=single name="lenke" lang="" section="historier" title="B"`,
	}
	if got := summary(docs); !slices.Equal(got, want) {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantDiags := []string{
		`historier/absolutt.md: this link points outside the content folder, to "/etc/passwd" (copy the file into content/ instead)`,
		`historier/borte.md: this link points to "finnes-ikke.md", which does not exist (fix the link or remove it)`,
		`historier/ring.md: this link points back to itself (remove the link)`,
		`historier/ute.md: this link points outside the content folder, to "../../hemmelig.md" (copy the file into content/ instead)`,
		`opp: this link points to a folder that contains it, so the folder would never end (remove the link)`,
	}
	if got := diagStrings(diags); !slices.Equal(got, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
}

// TestLoadSymlinksOS uses real links on disk, through os.DirFS, as the
// command does.
func TestLoadSymlinksOS(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, name string) {
		t.Helper()
		if err := os.Symlink(filepath.FromSlash(target), filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	write("hemmelig/passord.md", "---\ntitle: Hemmelig\n---\n")
	write("content/historier/a.md", "---\ntitle: A\n---\n")
	write("content/arkiv/b.md", "---\ntitle: B\n---\n")
	symlink("../arkiv/b.md", "content/historier/lenke.md")                        // inside: fine
	symlink("../hemmelig/passord.md", "content/ute.md")                           // outside
	symlink(filepath.Join(root, "hemmelig", "passord.md"), "content/absolutt.md") // absolute
	symlink("../hemmelig", "content/mappe")                                       // a folder outside
	symlink("historier", "content/gammel")                                        // a folder inside
	symlink("..", "content/historier/opp")                                        // a loop

	docs, diags := Load(context.Background(), os.DirFS(content), oslo)
	want := []string{
		`arkiv/b.md kind=single name="b" lang="" section="arkiv" title="B"`,
		`gammel/a.md kind=single name="a" lang="" section="gammel" title="A"`,
		`gammel/lenke.md kind=single name="lenke" lang="" section="gammel" title="B"`,
		`historier/a.md kind=single name="a" lang="" section="historier" title="A"`,
		`historier/lenke.md kind=single name="lenke" lang="" section="historier" title="B"`,
	}
	if got := summary(docs); !slices.Equal(got, want) {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	abs := filepath.Join(root, "hemmelig", "passord.md")
	wantDiags := []string{
		fmt.Sprintf(`absolutt.md: this link points outside the content folder, to %q (copy the file into content/ instead)`, abs),
		`gammel/opp: this link points to a folder that contains it, so the folder would never end (remove the link)`,
		`historier/opp: this link points to a folder that contains it, so the folder would never end (remove the link)`,
		`mappe: this link points outside the content folder, to "../hemmelig" (copy the file into content/ instead)`,
		`ute.md: this link points outside the content folder, to "../hemmelig/passord.md" (copy the file into content/ instead)`,
	}
	if got := diagStrings(diags); !slices.Equal(got, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
	for _, d := range docs {
		if d.Meta.Title == "Hemmelig" {
			t.Errorf("%s: read a file outside the content folder", d.Path)
		}
	}
}

func TestSkip(t *testing.T) {
	tests := []struct {
		name string
		dir  bool
		want bool
	}{
		{"side.md", false, false},
		{"_index.md", false, false},
		{"_index.en.md", false, false},
		{"_index.nb-NO.md", false, false},
		{"_index.md", true, true},
		{"_utkast.md", false, true},
		{"_index.txt", false, true},
		{"_maler", true, true},
		{".git", true, true},
		{".side.md", false, true},
		{"side.md~", false, true},
		{"side.md.swp", false, true},
		{"#side.md#", false, true},
		{"#", false, false},
		{"c#.md", false, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s dir=%v", tt.name, tt.dir), func(t *testing.T) {
			if got := skip(tt.name, tt.dir); got != tt.want {
				t.Errorf("skip(%q, %v) = %v, want %v", tt.name, tt.dir, got, tt.want)
			}
		})
	}
}
