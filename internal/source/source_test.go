package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/msg"
)

// site makes a site folder with files (slash path → content), links
// (slash path → target) and named pipes, and opens it.
func site(t *testing.T, files, links map[string]string, pipes ...string) (string, fs.FS) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range links {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skip("symbolic links not available:", err)
		}
	}
	for _, name := range pipes {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("named pipes not available:", err)
		}
	}
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return dir, FS(root)
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "works.toml")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ dir, want string }{
		{filepath.Join(dir, "finnes-ikke"), "does not exist"},
		{file, "is a file, not a folder"},
	} {
		if _, err := Open(tt.dir); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%s) = %v, want an error saying it %s", tt.dir, err, tt.want)
		}
	}
}

// TestFSConforms runs the standard library's checks of an fs.FS.
func TestFSConforms(t *testing.T) {
	_, fsys := site(t, map[string]string{"works.toml": "title = \"x\"\n", "content/om.md": "# Om", "static/css/a.css": "a{}"},
		map[string]string{"static/b.css": "css/a.css"})
	if err := fstest.TestFS(fsys, "works.toml", "content/om.md", "static/css/a.css", "static/b.css"); err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(fsys, "static")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(sub, "css/a.css", "b.css"); err != nil {
		t.Fatal(err)
	}
}

func TestFSStaysInside(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "passord.txt")
	if err := os.WriteFile(outside, []byte("hemmelig"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, fsys := site(t, map[string]string{"data/tall.yaml": "a: 1", "static/css/a.css": "a{}"}, map[string]string{
		"static/absolutt":    outside,
		"static/opp":         "../../passord.txt",
		"static/kjede":       "mellom",
		"static/mellom":      "../../passord.txt",
		"static/inne.yaml":   "../data/tall.yaml",
		"static/mappe":       "css",
		"static/ring":        "ring",
		"static/borte.txt":   "finnes-ikke.txt",
		"static/lenke-opp":   "..",
		"static/via/fil.txt": "../../data/tall.yaml",
	}, "static/rør")

	for _, tt := range []struct {
		name string
		want string // "" for success; else what the error says
	}{
		{"static/absolutt", "static/absolutt is a link to " + outside + ", outside the site folder"},
		{"static/opp", "static/opp is a link to ../../passord.txt, outside the site folder"},
		{"static/kjede", "static/mellom is a link to ../../passord.txt, outside the site folder"},
		{"static/inne.yaml", ""},
		{"static/mappe/a.css", ""},
		{"static/lenke-opp/data/tall.yaml", ""}, // inside the site, however it gets there
		{"static/via/fil.txt", ""},
		{"static/ring", "too many levels of symbolic links"},
		{"static/borte.txt", "no such file"},
		{"static/rør", "it is a named pipe, not an ordinary file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := fs.ReadFile(fsys, tt.name)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("reading blocked")
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ReadFile: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("ReadFile = %v, want an error saying %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "path escapes") {
				t.Errorf("the error speaks Go: %v", err)
			}
		})
	}
	if _, err := fs.ReadFile(fsys, "static/absolutt"); !errors.Is(err, ErrOutside) {
		t.Errorf("errors.Is(err, ErrOutside) = false for %v", err)
	}
	// Through fs.Sub the same rules hold.
	sub, _ := fs.Sub(fsys, "static")
	if _, err := fs.ReadFile(sub, "opp"); !errors.Is(err, ErrOutside) {
		t.Errorf("through fs.Sub: %v, want ErrOutside", err)
	}
}

func TestResolve(t *testing.T) {
	fsys := fstest.MapFS{
		"a/fil.md":    {Data: []byte("x")},
		"a/lenke":     {Data: []byte("fil.md"), Mode: fs.ModeSymlink},
		"a/opp":       {Data: []byte("../b/lenke"), Mode: fs.ModeSymlink},
		"b/lenke":     {Data: []byte("../a/fil.md"), Mode: fs.ModeSymlink},
		"b/ut":        {Data: []byte("../../ute.md"), Mode: fs.ModeSymlink},
		"b/absolutt":  {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"b/ring":      {Data: []byte("ring"), Mode: fs.ModeSymlink},
		"b/mappe":     {Data: []byte("../a"), Mode: fs.ModeSymlink},
		"b/skråstrek": {Data: []byte(`\\server\del`), Mode: fs.ModeSymlink},
	}
	for _, tt := range []struct {
		name, want string
		err        error
	}{
		{"a/fil.md", "a/fil.md", nil},
		{"a/lenke", "a/fil.md", nil},
		{"a/opp", "a/fil.md", nil},
		{"b/mappe/lenke", "a/fil.md", nil},
		{"b/ut", "", ErrOutside},
		{"b/absolutt", "", ErrOutside},
		{"b/skråstrek", "", ErrOutside},
		{"b/ring", "", ErrLoop},
	} {
		got, err := Resolve(fsys, tt.name)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
	_, err := Resolve(fsys, "b/ut")
	if oe, ok := errors.AsType[*OutsideError](err); !ok || oe.Link != "b/ut" || oe.Target != "../../ute.md" {
		t.Errorf("OutsideError %+v, want the link b/ut and its target", err)
	}
}

func TestWalk(t *testing.T) {
	nfd := "gru\u0308nderkafe\u0301.md"
	_, fsys := site(t, map[string]string{
		"static/css/a.css":    "a{}",
		"static/" + nfd:       "NFD",
		"static/.skjult":      "x",
		"static/dobbel/é.txt": "NFC",
		"data/tall.yaml":      "a: 1",
	}, map[string]string{
		"static/delt":               "../data",
		"static/ut.txt":             "/etc/passwd",
		"static/opp":                "..",
		"static/dobbel/e\u0301.txt": "é.txt",
	}, "static/rør")
	files, diags := Walk(fsys, "static", WalkOptions{Skip: func(name string, _ bool) bool { return strings.HasPrefix(name, ".") }})
	var got []string
	for _, f := range files {
		got = append(got, f.Path+" ← "+f.Real)
	}
	want := []string{
		"css/a.css ← static/css/a.css",
		"delt/tall.yaml ← data/tall.yaml",
		"dobbel/é.txt ← static/dobbel/é.txt",
		"gründerkafé.md ← static/" + nfd,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Error())
	}
	for _, w := range []string{
		`dobbel/é.txt: two files have this name, written in two ways`,
		`opp: this link points to a folder that contains it`,
		`rør: this is a named pipe, not an ordinary file`,
		`ut.txt: this link points outside the site folder, to "/etc/passwd"`,
	} {
		if !strings.Contains(strings.Join(msgs, "\n"), w) {
			t.Errorf("diagnostics do not say %q:\n%s", w, strings.Join(msgs, "\n"))
		}
	}
	if len(diags) != 4 {
		t.Errorf("%d diagnostics, want 4:\n%s", len(diags), strings.Join(msgs, "\n"))
	}
	if files, diags := Walk(fsys, "finnes-ikke", WalkOptions{}); len(files) != 0 || len(diags) != 0 {
		t.Errorf("a missing folder: %v, %v; want nothing", files, diags)
	}
}

// TestNorwegian: the errors of a site's files say themselves in the
// writer's language, through msg, wherever they end up.
func TestNorwegian(t *testing.T) {
	_, fsys := site(t, map[string]string{"content/om.md": "# Om"}, map[string]string{
		"content/ut.md":   "../../passord.txt",
		"content/ring.md": "ring.md",
	}, "content/rør")
	for _, tt := range []struct {
		name string
		want string
	}{
		{"content/ut.md", "content/ut.md er en lenke til ../../passord.txt, utenfor mappen til nettstedet"},
		{"content/rør", "den er et navngitt rør (named pipe), ikke en vanlig fil"},
		{"content", "den er en mappe, ikke en fil"},
	} {
		_, err := fs.ReadFile(fsys, tt.name)
		if got := msg.T("%s", err).In(msg.Norwegian); !strings.Contains(got, tt.want) {
			t.Errorf("ReadFile(%s): %q, want it to say %q", tt.name, got, tt.want)
		}
	}
	for name, want := range map[string]string{
		"content/ut.md":       "den er en lenke til ../../passord.txt, utenfor mappen til nettstedet; works leser bare filer inne i den",
		"content/ring.md":     "den er en lenke som peker tilbake på seg selv",
		"content/finnes-ikke": "den finnes ikke",
	} {
		_, err := Resolve(fsys, name)
		if err == nil {
			_, err = fs.ReadFile(fsys, name)
		}
		if got := Describe(err).In(msg.Norwegian); got != want {
			t.Errorf("Describe(%s) = %q, want %q", name, got, want)
		}
	}
	_, diags := Walk(fsys, "content", WalkOptions{Tree: msg.T("the content folder"), Folder: "content/"})
	var lines []string
	for _, d := range diags {
		lines = append(lines, d.Line(msg.Norwegian))
	}
	for _, want := range []string{
		`ut.md: denne lenken peker ut av mappen content, til «../../passord.txt» (kopier filen inn i content/ i stedet)`,
		`ring.md: denne lenken peker tilbake på seg selv (fjern lenken)`,
		`rør: dette er et navngitt rør (named pipe), ikke en vanlig fil; works leser bare vanlige filer (fjern den, eller legg en vanlig fil der i stedet)`,
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("Walk does not say %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}
