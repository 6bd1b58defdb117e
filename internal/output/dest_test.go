package output

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

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

func symlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// refusal is what a refused destination must say: parts of the message and
// of the hint.
type refusal struct {
	msg  []string
	hint []string
}

// checkRefusal fails t unless err is a *diag.Diagnostic whose message and
// hint hold every part of want. A zero want means err must be nil.
func checkRefusal(t *testing.T, err error, want refusal) {
	t.Helper()
	if want.msg == nil && want.hint == nil {
		if err != nil {
			t.Errorf("err = %v, want nil", err)
		}
		return
	}
	d, ok := errors.AsType[*diag.Diagnostic](err)
	if !ok {
		t.Errorf("err = %v (%T), want a *diag.Diagnostic saying %q (%q)", err, err, want.msg, want.hint)
		return
	}
	for _, w := range want.msg {
		if !strings.Contains(d.Msg, w) {
			t.Errorf("message %q does not say %q", d.Msg, w)
		}
	}
	for _, w := range want.hint {
		if !strings.Contains(d.Hint, w) {
			t.Errorf("hint %q does not say %q", d.Hint, w)
		}
	}
	if d.Hint == "" {
		t.Errorf("%v: no hint", d)
	}
}

// siteFiles is a small site with a file in every folder a build reads.
var siteFiles = map[string]string{
	"works.toml":                       "title = 'Drammen Works'\ntheme = 'works'\n",
	"content/_index.md":                "---\ntitle: Hjem\n---\n",
	"content/historier/kafeen.md":      "---\ntitle: Kafeen\n---\nUtkast som ikke er lagret andre steder.\n",
	"layouts/_default/single.html":     "{{ .Content }}",
	"themes/works/layouts/index.html":  "{{ .Title }}",
	"themes/works/static/css/site.css": "p{}",
	"static/logo.svg":                  "<svg/>",
	"data/tall.toml":                   "ansatte = 12\n",
	"i18n/nb.toml":                     "[les]\nother = 'Les'\n",
	"assets/app.js":                    "let a = 1",
	"archetypes/default.md":            "---\ntitle: ''\n---\n",
	"resources/_gen/images/a.jpg":      "JPEG",
}

// Building into a folder the site reads would replace the writers' files
// with HTML (and a destination inside static/ would copy the last build
// into the next one).
func TestCheckDestinationRefusesWhatTheSiteReads(t *testing.T) {
	source := t.TempDir()
	writeFiles(t, source, siteFiles)
	t.Chdir(source)
	before := tree(t, source)

	tests := []struct{ dest, folder string }{
		{"content", "content/"},
		{"content/historier", "content/"},
		{"./content/", "content/"},
		{"layouts", "layouts/"},
		{"themes", "themes/"},
		{"themes/works/static", "themes/"},
		{"static", "static/"},
		{"static/out", "static/"},
		{"data", "data/"},
		{"i18n", "i18n/"},
		{"assets/bundle", "assets/"},
		{"archetypes", "archetypes/"},
		{"resources", "resources/"},
		{"resources/_gen/images", "resources/"},
		{filepath.Join(source, "content"), "content/"},
	}
	for _, tt := range tests {
		t.Run(tt.dest, func(t *testing.T) {
			err := CheckDestination(tt.dest, ".")
			checkRefusal(t, err, refusal{
				msg:  []string{fmt.Sprintf("%q", tt.dest), tt.folder, "which the build reads", "replace the writers' files"},
				hint: []string{"choose another folder", `"public"`},
			})
		})
	}
	// Beside them, a folder of its own is fine.
	for _, dest := range []string{"public", "out/nb", "contents"} {
		if err := CheckDestination(dest, "."); err != nil {
			t.Errorf("CheckDestination(%q) = %v, want nil", dest, err)
		}
	}
	equalTrees(t, tree(t, source), before)
}

// A link to a site folder is refused as that folder, not as a link: the
// message names what would be lost.
func TestCheckDestinationRefusesLinkToWhatTheSiteReads(t *testing.T) {
	source := t.TempDir()
	writeFiles(t, source, siteFiles)
	symlink(t, "content", filepath.Join(source, "pub"))
	err := CheckDestination(filepath.Join(source, "pub"), source)
	checkRefusal(t, err, refusal{msg: []string{"content/", "which the build reads"}, hint: []string{"choose another folder"}})
}

// Item 5 of the issue: with the output inside static/, every build copied
// the previous one into itself.
func TestWriteRefusesDestinationInsideStatic(t *testing.T) {
	source := t.TempDir()
	writeFiles(t, source, siteFiles)
	before := tree(t, source)
	dest := filepath.Join(source, "static", "out")
	_, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "x"}), WriteOptions{Source: source})
	checkRefusal(t, err, refusal{msg: []string{"static/", "which the build reads"}, hint: []string{"choose another folder"}})
	equalTrees(t, tree(t, source), before)
}

// A destination that is a symbolic link, or whose path runs through one,
// is replaced somewhere else than it looks: public -> ../victim made a build
// delete the victim. Links above the site, the home folder and the
// temporary folder are the system's (/home -> /var/home), and are followed.
func TestCheckDestinationRefusesLinks(t *testing.T) {
	base := t.TempDir()
	site := filepath.Join(base, "site")
	writeFiles(t, base, map[string]string{
		"site/works.toml":       "title = 'x'\n",
		"victim/dokument.txt":   "viktig",
		"www/index.html":        "fra en annen side",
		"realhome/anna/notes":   "",
		"elsewhere/placeholder": "",
	})
	for _, d := range []string{"empty", "www/nb"} {
		if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	symlink(t, "../victim", filepath.Join(site, "public"))
	symlink(t, filepath.Join(base, "empty"), filepath.Join(site, "tom"))
	symlink(t, "../www", filepath.Join(site, "out"))
	symlink(t, "site", filepath.Join(base, "alias"))
	symlink(t, "realhome", filepath.Join(base, "linkhome"))
	t.Setenv("HOME", filepath.Join(base, "linkhome", "anna"))
	before := tree(t, base)

	tests := []struct {
		name, dest, source string
		want               refusal
	}{
		{"dest is a link", filepath.Join(site, "public"), site, refusal{
			msg:  []string{"is a symbolic link", `"../victim"`},
			hint: []string{fmt.Sprintf("%q", filepath.Join(base, "victim")), "another folder"},
		}},
		{"dest is a link to an empty folder", filepath.Join(site, "tom"), site, refusal{
			msg:  []string{"is a symbolic link", fmt.Sprintf("%q", filepath.Join(base, "empty"))},
			hint: []string{fmt.Sprintf("%q", filepath.Join(base, "empty"))},
		}},
		{"through a link", filepath.Join(site, "out", "nb"), site, refusal{
			msg:  []string{fmt.Sprintf("runs through the symbolic link %q", filepath.Join(site, "out")), `"../www"`},
			hint: []string{fmt.Sprintf("%q", filepath.Join(base, "www", "nb"))},
		}},
		{"through a link, not there yet", filepath.Join(site, "out", "a", "b"), "", refusal{
			msg:  []string{fmt.Sprintf("runs through the symbolic link %q", filepath.Join(site, "out"))},
			hint: []string{fmt.Sprintf("%q", filepath.Join(base, "www", "a", "b"))},
		}},
		{"the real path", filepath.Join(base, "www", "nb"), site, refusal{}},
		{"a link above the site", filepath.Join(base, "alias", "public2"), filepath.Join(base, "alias"), refusal{}},
		{"a link above home", filepath.Join(base, "linkhome", "anna", "site", "public"), "", refusal{}},
		{"a link elsewhere above", filepath.Join(base, "alias", "public2"), filepath.Join(base, "elsewhere"), refusal{
			msg: []string{fmt.Sprintf("runs through the symbolic link %q", filepath.Join(base, "alias"))},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRefusal(t, CheckDestination(tt.dest, tt.source), tt.want)
		})
	}
	equalTrees(t, tree(t, base), before)
}

// What is in a folder decides whether a build may replace it: nothing, or
// what an earlier build wrote and nothing else.
func TestCheckDestinationContents(t *testing.T) {
	earlier := map[string]string{"index.html": "forsiden", "historier/index.html": "liste", "historier/kafeen/index.html": "kafeen"}
	build := func(t *testing.T, dest string, files map[string]string) {
		t.Helper()
		if _, err := Write(t.Context(), dest, setOf(t, files), WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dest string)
		want  refusal
	}{
		{"missing", func(t *testing.T, dest string) {}, refusal{}},
		{"empty", func(t *testing.T, dest string) {
			if err := os.Mkdir(dest, 0o755); err != nil {
				t.Fatal(err)
			}
		}, refusal{}},
		{"an earlier build", func(t *testing.T, dest string) { build(t, dest, earlier) }, refusal{}},
		{"an earlier build of nothing", func(t *testing.T, dest string) { build(t, dest, map[string]string{}) }, refusal{}},
		{"an earlier build and an empty folder", func(t *testing.T, dest string) {
			build(t, dest, earlier)
			if err := os.MkdirAll(filepath.Join(dest, "tom", "tommere"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, refusal{}},
		{"names the disk stores decomposed", func(t *testing.T, dest string) {
			// As HFS+ does: the build wrote "é" as one character (NFC),
			// the disk gives back "e" and a combining accent (NFD).
			build(t, dest, map[string]string{"gr\u00fcnderkaf\u00e9/index.html": "x", "caf\u00e9.html": "y"})
			for _, n := range [][2]string{{"gr\u00fcnderkaf\u00e9", "gru\u0308nderkafe\u0301"}, {"caf\u00e9.html", "cafe\u0301.html"}} {
				if err := os.Rename(filepath.Join(dest, n[0]), filepath.Join(dest, n[1])); err != nil {
					t.Fatal(err)
				}
			}
		}, refusal{}},
		{"a folder of documents", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{"rapport.docx": "x", "notater/mandag.txt": "y"})
		}, refusal{
			msg:  []string{"is not empty and was not written by works", `"notater/"`, `"rapport.docx"`, "would replace"},
			hint: []string{"empty it, or choose another folder"},
		}},
		{"an unmarked site", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{"index.html": "forrige versjon"})
		}, refusal{
			msg:  []string{"was not written by works"},
			hint: []string{"empty it, or choose another folder", "older works"},
		}},
		{"files added to an earlier build", func(t *testing.T, dest string) {
			build(t, dest, earlier)
			writeFiles(t, dest, map[string]string{
				".git/HEAD":              "ref: refs/heads/main",
				".git/objects/ab/cd":     "x",
				"kopi.html":              "<p>skrevet for hånd</p>",
				"historier/kafeen/a.jpg": "JPEG",
			})
		}, refusal{
			msg:  []string{"works did not write", `".git/"`, `"historier/kafeen/a.jpg"`, `"kopi.html"`, "would delete them"},
			hint: []string{"move them", "static/"},
		}},
		{"a folder where the build wrote a file", func(t *testing.T, dest string) {
			build(t, dest, earlier)
			if err := os.Remove(filepath.Join(dest, "index.html")); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, dest, map[string]string{"index.html/mine.txt": "x"})
		}, refusal{msg: []string{`"index.html/"`}}},
		{"many files added", func(t *testing.T, dest string) {
			build(t, dest, earlier)
			for i := range 12 {
				writeFiles(t, dest, map[string]string{fmt.Sprintf("bilder/%02d.jpg", i): "x"})
			}
		}, refusal{msg: []string{`"bilder/"`}}},
		{"many loose files added", func(t *testing.T, dest string) {
			build(t, dest, earlier)
			for i := range 12 {
				writeFiles(t, dest, map[string]string{fmt.Sprintf("%02d.jpg", i): "x"})
			}
		}, refusal{msg: []string{`"00.jpg"`, `"04.jpg"`, "and 7 more"}}},
		{"an unreadable mark", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{".works-build.json": "{not json", "index.html": "x"})
		}, refusal{msg: []string{".works-build.json", "cannot read"}, hint: []string{"empty it, or choose another folder"}}},
		{"a mark from another version", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{".works-build.json": `{"format": "works-build", "version": 99, "files": ["index.html"]}`, "index.html": "x"})
		}, refusal{msg: []string{"another version of works", "99"}, hint: []string{"empty"}}},
		{"a mark that leads outside", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{".works-build.json": `{"format": "works-build", "version": 1, "files": ["../x"]}`})
		}, refusal{msg: []string{".works-build.json", "cannot read"}}},
		{"someone else's file of that name", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{".works-build.json": `{"name": "my-package"}`, "index.html": "x"})
		}, refusal{msg: []string{".works-build.json"}, hint: []string{"empty it, or choose another folder"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			tt.setup(t, dest)
			var before map[string]string
			if _, err := os.Lstat(dest); err == nil {
				before = tree(t, dest)
			}
			beside := names(t, filepath.Dir(dest))

			checkRefusal(t, CheckDestination(dest, ""), tt.want)
			if tt.want.msg == nil {
				return
			}
			_, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "ny"}), WriteOptions{})
			checkRefusal(t, err, tt.want)
			equalTrees(t, tree(t, dest), before)
			if got := names(t, filepath.Dir(dest)); !equalStrings(got, beside) {
				t.Errorf("beside dest: %q, want %q", got, beside)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// $HOME can be unset or wrong (sudo, a service, a script); the user
// database still knows where the home folder is.
func TestCheckDestinationHomeFromUserDatabase(t *testing.T) {
	u, err := user.Current()
	if err != nil || u.HomeDir == "" || filepath.Dir(u.HomeDir) == u.HomeDir {
		t.Skip("no home folder in the user database:", err)
	}
	if info, err := os.Stat(u.HomeDir); err != nil || !info.IsDir() {
		t.Skip("the home folder in the user database does not exist")
	}
	t.Setenv("HOME", t.TempDir())
	checkRefusal(t, CheckDestination(u.HomeDir, ""), refusal{msg: []string{"is your home folder"}, hint: []string{"choose"}})
}

// BenchmarkCheckDestination measures what the mark costs a build: reading
// it and walking the earlier build's folders, per file of that build.
func BenchmarkCheckDestination(b *testing.B) {
	const n = 10_000
	s := NewSet()
	for i := range n {
		add(b, s, File{Path: fmt.Sprintf("s%02d/side-%d/index.html", i%20, i), Data: []byte("x")})
	}
	dest := filepath.Join(b.TempDir(), "public")
	if _, err := Write(b.Context(), dest, s, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := CheckDestination(dest, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
}

// A writer reads the refusals in Norwegian: what would be lost, and what
// to do instead, without the words of a programmer.
func TestRefusalsInNorwegian(t *testing.T) {
	source := t.TempDir()
	writeFiles(t, source, siteFiles)
	writeFiles(t, source, map[string]string{"dokumenter/rapport.docx": "x", "dokumenter/notater/mandag.txt": "y", "ødelagt/.works-build.json": "{not json", "ødelagt/index.html": "x"})
	t.Chdir(source)
	clash := NewSet()
	if err := clash.Add(File{Path: "om/index.html", Owner: "content/om.md"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"the writers' files", CheckDestination("content/historier", "."),
			`mappen nettstedet bygges til, «content/historier», ligger i nettstedets mappe «content/», som works leser når nettstedet bygges; å bygge nettstedet ville erstatte skribentenes filer der (velg en annen mappe, for eksempel «public» i mappen til nettstedet)`},
		{"someone's documents", CheckDestination("dokumenter", ""),
			`mappen nettstedet bygges til, «dokumenter», er ikke tom og ble ikke skrevet av works (den har ingen .works-build.json): den inneholder "notater/" og "rapport.docx", og å bygge nettstedet ville erstatte det som ligger der (tøm den, eller velg en annen mappe; et nettsted bygget av en eldre works har heller ikke merket: slett det og bygg på nytt)`},
		{"an unreadable mark", CheckDestination("ødelagt", ""),
			`mappen nettstedet bygges til, «ødelagt», har en .works-build.json som works ikke kan lese: den er ikke gyldig (JSON) (tøm den, eller velg en annen mappe)`},
		{"two pages, one address", clash.Add(File{Path: "om/index.html", Owner: "content/om/_index.md"}),
			`content/om.md: to filer ville bli skrevet til «om/index.html»: content/om.md og content/om/_index.md (gi en av dem en annen adresse med «slug» eller «url» i innstillingene)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := errors.AsType[*diag.Diagnostic](tt.err)
			if !ok {
				t.Fatalf("err = %v (%T), want a *diag.Diagnostic", tt.err, tt.err)
			}
			if got := d.Line(msg.Norwegian); got != tt.want {
				t.Errorf("in Norwegian:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
