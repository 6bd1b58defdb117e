package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
)

// setOf makes a Set of Data files, each owned by "content/<path>".
func setOf(t testing.TB, files map[string]string) *Set {
	t.Helper()
	s := NewSet()
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if err := s.Add(File{Path: p, Data: []byte(files[p]), Owner: "content/" + p}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func add(t testing.TB, s *Set, f File) {
	t.Helper()
	if err := s.Add(f); err != nil {
		t.Fatal(err)
	}
}

// tree describes everything under dir: each folder and file with its mode,
// and each file's content. Two trees are the same if their maps are equal.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			got[rel] = "link to " + target
		case d.IsDir():
			got[rel] = fmt.Sprintf("dir %o", info.Mode().Perm())
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = fmt.Sprintf("file %o %s", info.Mode().Perm(), data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// names lists the entries of dir.
func names(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	return got
}

func equalTrees(t testing.TB, got, want map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s: got %q, want %q", k, got[k], want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected %q", k, got[k])
		}
	}
}

func TestWriteCreatesTree(t *testing.T) {
	staticDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(staticDir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(staticDir, "img", "elva.jpg"), []byte("JPEG"), 0o600); err != nil {
		t.Fatal(err)
	}

	s := setOf(t, map[string]string{
		"index.html":                      "<h1>Drammen Works</h1>",
		"historier/bryggeriet/index.html": "<h1>Bryggeriet</h1>",
		"en/index.html":                   "<h1>Works</h1>",
		".nojekyll":                       "",
	})
	add(t, s, File{Path: "img/elva.jpg", From: os.DirFS(staticDir), FromPath: "img/elva.jpg", Owner: "static/img/elva.jpg"})
	add(t, s, File{Path: "css/site.css", From: fstest.MapFS{"site.css": {Data: []byte("p{}")}}, FromPath: "site.css", Owner: "assets/site.css"})
	add(t, s, File{Path: "robots.txt"}) // neither Data nor From: empty

	parent := filepath.Join(t.TempDir(), "does", "not", "exist")
	dest := filepath.Join(parent, "public")
	stats, err := Write(t.Context(), dest, s, WriteOptions{Workers: 3})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	equalTrees(t, tree(t, dest), map[string]string{
		".":                               "dir 755",
		".nojekyll":                       "file 644 ",
		"index.html":                      "file 644 <h1>Drammen Works</h1>",
		"robots.txt":                      "file 644 ",
		"css":                             "dir 755",
		"css/site.css":                    "file 644 p{}",
		"en":                              "dir 755",
		"en/index.html":                   "file 644 <h1>Works</h1>",
		"historier":                       "dir 755",
		"historier/bryggeriet":            "dir 755",
		"historier/bryggeriet/index.html": "file 644 <h1>Bryggeriet</h1>",
		"img":                             "dir 755",
		"img/elva.jpg":                    "file 644 JPEG",
		// The mark that tells the next build the folder is its own: what
		// it wrote, and no time, so two builds give the same bytes.
		".works-build.json": `file 644 {
  "format": "works-build",
  "version": 1,
  "files": [
    ".nojekyll",
    "css/site.css",
    "en/index.html",
    "historier/bryggeriet/index.html",
    "img/elva.jpg",
    "index.html",
    "robots.txt"
  ]
}
`,
	})
	want := Stats{Files: 7, Bytes: int64(len("<h1>Drammen Works</h1><h1>Bryggeriet</h1><h1>Works</h1>JPEGp{}"))}
	if stats != want {
		t.Errorf("Stats = %+v, want %+v", stats, want)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}
}

func TestWriteRemovesStaleFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := setOf(t, map[string]string{
		"index.html":                      "v1",
		"historier/bryggeriet/index.html": "old story",
		"historier/index.html":            "list",
	})
	if _, err := Write(t.Context(), dest, first, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	second := setOf(t, map[string]string{"index.html": "v2", "historier/index.html": "list"})
	if _, err := Write(t.Context(), dest, second, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, tree(t, dest), map[string]string{
		".":                    "dir 755",
		"index.html":           "file 644 v2",
		"historier":            "dir 755",
		"historier/index.html": "file 644 list",
		".works-build.json":    "file 644 {\n  \"format\": \"works-build\",\n  \"version\": 1,\n  \"files\": [\n    \"historier/index.html\",\n    \"index.html\"\n  ]\n}\n",
	})
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}
}

// cancelFS cancels a context when a file is opened from it.
type cancelFS struct {
	fstest.MapFS
	cancel context.CancelFunc
}

func (c cancelFS) Open(name string) (fs.File, error) {
	c.cancel()
	return c.MapFS.Open(name)
}

func TestWriteFailureLeavesDest(t *testing.T) {
	many := map[string]string{}
	for i := range 200 {
		many[fmt.Sprintf("historier/%03d/index.html", i)] = fmt.Sprintf("<p>story %d</p>", i)
	}
	tests := []struct {
		name  string
		opts  WriteOptions
		setup func(t *testing.T, s *Set, cancel context.CancelFunc)
		check func(t *testing.T, err error)
	}{
		{
			name: "static file missing",
			setup: func(t *testing.T, s *Set, _ context.CancelFunc) {
				add(t, s, File{Path: "css/site.css", From: fstest.MapFS{}, FromPath: "css/site.css", Owner: "static/css/site.css"})
			},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "static/css/site.css: cannot read static/css/site.css") {
					t.Errorf("err = %v, want it to name static/css/site.css and wrap fs.ErrNotExist", err)
				}
			},
		},
		{
			name: "static path is a folder",
			setup: func(t *testing.T, s *Set, _ context.CancelFunc) {
				add(t, s, File{Path: "img", From: fstest.MapFS{"img/a.png": {}}, FromPath: "img", Owner: "static/img"})
			},
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "it is a folder") {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "cancelled before",
			setup: func(t *testing.T, s *Set, cancel context.CancelFunc) {
				cancel()
			},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
			},
		},
		{
			name: "cancelled midway",
			opts: WriteOptions{Workers: 1},
			setup: func(t *testing.T, s *Set, cancel context.CancelFunc) {
				// "a.css" sorts before the 200 stories: they are never reached.
				add(t, s, File{Path: "a.css", From: cancelFS{fstest.MapFS{"a.css": {Data: []byte("a")}}, cancel}, FromPath: "a.css"})
			},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
			},
		},
		{
			name: "syntax error while minifying",
			opts: WriteOptions{Minify: NewMinifier()},
			setup: func(t *testing.T, s *Set, _ context.CancelFunc) {
				add(t, s, File{Path: "js/app.js", Data: []byte("let x = ;"), Owner: "assets/app.js"})
			},
			check: func(t *testing.T, err error) {
				want := "js/app.js:1:9: could not minify js/app.js (made from assets/app.js): unexpected ; in expression"
				if err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("err = %v, want it to start %q", err, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "old", "historier/gammel.html": "old"}), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			before, beside := tree(t, dest), names(t, filepath.Dir(dest))

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			s := setOf(t, many)
			tt.setup(t, s, cancel)
			stats, err := Write(ctx, dest, s, tt.opts)
			if err == nil {
				t.Fatal("Write succeeded, want an error")
			}
			if stats != (Stats{}) {
				t.Errorf("Stats = %+v after a failed Write, want zero", stats)
			}
			tt.check(t, err)
			equalTrees(t, tree(t, dest), before)
			if got := names(t, filepath.Dir(dest)); !slices.Equal(got, beside) {
				t.Errorf("beside dest: %q, want %q", got, beside)
			}
		})
	}
}

func TestWriteReportsEverySyntaxError(t *testing.T) {
	s := setOf(t, map[string]string{
		"js/b.js":    "let b = ;",
		"js/a.js":    "let a = ;",
		"index.html": "<p>fine</p>",
	})
	_, err := Write(t.Context(), filepath.Join(t.TempDir(), "public"), s, WriteOptions{Minify: NewMinifier(), Workers: 1})
	var list diag.List
	list.Add(err)
	if len(list) != 2 || list[0].Pos.File != "js/a.js" || list[1].Pos.File != "js/b.js" {
		t.Errorf("err =\n%v\nwant one error for js/a.js, then one for js/b.js", err)
	}
}

func TestWriteMinifies(t *testing.T) {
	static := fstest.MapFS{
		"css/site.css":      {Data: []byte("p { color : #ff0000 }")},
		"js/vendor.min.js":  {Data: []byte("var a = 1 ;")},
		"img/logo.png":      {Data: []byte("PNG  data")},
		"downloads/app.txt": {Data: []byte("a   b")},
	}
	s := setOf(t, map[string]string{"index.html": "<html lang=\"nb\">\n  <p>  Hei  </p>\n</html>"})
	for p := range static {
		add(t, s, File{Path: p, From: static, FromPath: p, Owner: "static/" + p})
	}
	dest := filepath.Join(t.TempDir(), "public")
	stats, err := Write(t.Context(), dest, s, WriteOptions{Minify: NewMinifier()})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index.html":        `<html lang="nb"><p>Hei</p></html>`,
		"css/site.css":      "p{color:red}",
		"js/vendor.min.js":  "var a = 1 ;",
		"img/logo.png":      "PNG  data",
		"downloads/app.txt": "a   b",
	}
	var size int64
	for p, w := range want {
		got, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != w {
			t.Errorf("%s = %q, want %q", p, got, w)
		}
		size += int64(len(w))
	}
	if stats.Bytes != size {
		t.Errorf("Stats.Bytes = %d, want %d", stats.Bytes, size)
	}
}

// A file marked Minified is written byte for byte: its name or integrity
// attribute is a hash of exactly those bytes.
func TestWriteKeepsMinified(t *testing.T) {
	s := NewSet()
	add(t, s, File{Path: "css/site.3f2a9c1b.css", Data: []byte("p { color : #ff0000 }"), Minified: true})
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Write(t.Context(), dest, s, WriteOptions{Minify: NewMinifier()}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dest, "css/site.3f2a9c1b.css"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "p { color : #ff0000 }"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("s%d/p%d/index.html", i%7, i)] = fmt.Sprintf("<p>  side %d  </p>", i)
	}
	base := t.TempDir()
	var trees []map[string]string
	for i, workers := range []int{1, 8, 0} {
		dest := filepath.Join(base, fmt.Sprint(i), "public")
		if _, err := Write(t.Context(), dest, setOf(t, files), WriteOptions{Minify: NewMinifier(), Workers: workers}); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tree(t, dest))
	}
	// And once more over the first: replacing gives the same tree too.
	dest := filepath.Join(base, "0", "public")
	if _, err := Write(t.Context(), dest, setOf(t, files), WriteOptions{Minify: NewMinifier()}); err != nil {
		t.Fatal(err)
	}
	trees = append(trees, tree(t, dest))
	for i := 1; i < len(trees); i++ {
		if !maps.Equal(trees[0], trees[i]) {
			t.Errorf("write %d gave another tree than write 0", i)
			equalTrees(t, trees[i], trees[0])
		}
	}
}

func TestWriteRemovesLeftovers(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	for _, d := range []string{
		".public.works-tmp-123456", ".public.works-old-42", // ours, from a crash
		".public.works-tmp-mine", ".other.works-tmp-1", "public-old", // not ours
	} {
		if err := os.MkdirAll(filepath.Join(parent, d, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "x"}), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{".other.works-tmp-1", ".public.works-tmp-mine", "public", "public-old"}
	if got := names(t, parent); !slices.Equal(got, want) {
		t.Errorf("parent holds %q, want %q", got, want)
	}
}

func TestWriteRefuses(t *testing.T) {
	t.Run("dest is a file", func(t *testing.T) {
		dest := filepath.Join(t.TempDir(), "public")
		if err := os.WriteFile(dest, []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "x"}), WriteOptions{})
		if err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
			t.Errorf("err = %v", err)
		}
		if data, _ := os.ReadFile(dest); string(data) != "mine" {
			t.Errorf("the file became %q", data)
		}
		if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
			t.Errorf("beside dest: %q", got)
		}
	})
	t.Run("dest is the source", func(t *testing.T) {
		src := t.TempDir()
		if err := os.WriteFile(filepath.Join(src, "works.toml"), []byte("title = 'x'"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := tree(t, src)
		_, err := Write(t.Context(), src, setOf(t, map[string]string{"index.html": "x"}), WriteOptions{Source: src})
		if err == nil {
			t.Fatal("Write into the source succeeded")
		}
		equalTrees(t, tree(t, src), before)
	})
}

// A link as the destination made the build replace the folder it points
// to; now it is refused and neither the link nor that folder changes.
func TestWriteRefusesSymlink(t *testing.T) {
	base := t.TempDir()
	target := filepath.Join(base, "www", "site")
	writeFiles(t, target, map[string]string{"index.html": "another site"})
	link := filepath.Join(base, "project", "public")
	symlink(t, target, link)
	before := tree(t, base)
	_, err := Write(t.Context(), link, setOf(t, map[string]string{"index.html": "x"}), WriteOptions{})
	checkRefusal(t, err, refusal{msg: []string{"is a symbolic link", fmt.Sprintf("%q", target)}, hint: []string{target}})
	equalTrees(t, tree(t, base), before)
}

// The mark's name is the build's own; a file of that name in the set would
// hide it.
func TestWriteRefusesTheMarkAsAFile(t *testing.T) {
	for _, p := range []string{".works-build.json", ".works-build.json/x.html"} {
		t.Run(p, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			s := NewSet()
			add(t, s, File{Path: p, Data: []byte("{}"), Owner: "static/" + p})
			_, err := Write(t.Context(), dest, s, WriteOptions{})
			d, ok := errors.AsType[*diag.Diagnostic](err)
			if !ok || d.Pos.File != "static/"+p || !strings.Contains(d.Msg, "marks the output folder") || d.Hint == "" {
				t.Errorf("err = %v, want an error at static/%s about the mark, with a hint", err, p)
			}
			if _, err := os.Lstat(dest); err == nil {
				t.Error("the destination was written")
			}
		})
	}
}

func TestCheckDestination(t *testing.T) {
	base := t.TempDir()
	home := filepath.Join(base, "home", "anna")
	source := filepath.Join(home, "drammen-works")
	if err := os.MkdirAll(source, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(source, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	alias := filepath.Join(base, "alias")
	if err := os.Symlink(source, alias); err != nil {
		t.Fatal(err)
	}
	t.Chdir(source)

	tests := []struct {
		name, dest, source string
		want               string // part of the error; "" for none
	}{
		{"public inside source", filepath.Join(source, "public"), source, ""},
		{"relative public", "public", ".", ""},
		{"elsewhere", filepath.Join(base, "www"), source, ""},
		{"no source given", filepath.Join(base, "www"), "", ""},
		{"nested not yet there", filepath.Join(source, "out", "nb"), source, ""},
		{"source itself", source, source, "is the site's own folder"},
		{"source, relative", ".", source, "is the site's own folder"},
		{"source through a link", alias, source, "is the site's own folder"},
		{"source with trailing slash", source + "/", source, "is the site's own folder"},
		{"parent of source", source, filepath.Join(source, "site"), "contains the site folder"},
		{"root", "/", source, "top of the disk"},
		{"home", home, "", "is your home folder"},
		{"home via tilde-free path", filepath.Join(home, "x", ".."), "", "is your home folder"},
		{"above home", filepath.Dir(home), "", "contains your home folder"},
		{"a file", filepath.Join(source, "notes.txt"), "", "is a file, not a folder"},
		{"empty", "", source, "no output folder is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDestination(tt.dest, tt.source)
			if tt.want == "" {
				if err != nil {
					t.Errorf("CheckDestination(%q, %q) = %v, want nil", tt.dest, tt.source, err)
				}
				return
			}
			d, ok := errors.AsType[*diag.Diagnostic](err)
			if !ok || !strings.Contains(d.Msg, tt.want) || d.Hint == "" {
				t.Errorf("CheckDestination(%q, %q) = %v, want an error saying %q, with a hint", tt.dest, tt.source, err, tt.want)
			}
		})
	}
}

// BenchmarkWrite writes 1 000 small pages, minified; two versions of each
// take turns, so every Write writes every file.
func BenchmarkWrite(b *testing.B) {
	sets := [2]*Set{NewSet(), NewSet()}
	for i := range 2000 {
		n, version := i%1000, i/1000
		page := fmt.Sprintf(`<!DOCTYPE html>
<html lang="nb">
  <head>
    <meta charset="utf-8">
    <title>Historie %d – Drammen Works (%d)</title>
    <link rel="stylesheet" href="/css/site.css">
  </head>
  <body>
    <main>
      <h1>Historie nummer %d</h1>
      <p>Det gamle  <em>bryggeriet</em>  på Åssiden får nytt liv.</p>
      <a href="/historier/%d/">Les mer</a>
    </main>
  </body>
</html>
`, n, version, n, n+1)
		add(b, sets[version], File{Path: fmt.Sprintf("historier/%d/index.html", n), Data: []byte(page)})
	}
	dest := filepath.Join(b.TempDir(), "public")
	opts := WriteOptions{Minify: NewMinifier()}
	v := 0
	for b.Loop() {
		if _, err := Write(b.Context(), dest, sets[v%2], opts); err != nil {
			b.Fatal(err)
		}
		v++
	}
}
