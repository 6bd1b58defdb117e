package media_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/drammen-works/works/internal/media"
)

func TestType(t *testing.T) {
	tests := []struct {
		name, want string
		known      bool
	}{
		{"index.html", "text/html; charset=utf-8", true},
		{"historier/a/index.html", "text/html; charset=utf-8", true},
		{"css/site.f68b9e0c.css", "text/css; charset=utf-8", true},
		{"js/search.25a86b1d.js", "text/javascript; charset=utf-8", true},
		{"module.mjs", "text/javascript; charset=utf-8", true},
		{"search/nb/index.json", "application/json; charset=utf-8", true},
		{"feed.json", "application/json; charset=utf-8", true},
		{"site.562786da.webmanifest", "application/manifest+json; charset=utf-8", true},
		{"index.xml", "application/xml; charset=utf-8", true},
		{"atom.xml", "application/xml; charset=utf-8", true},
		{"sitemap-nb.xml", "application/xml; charset=utf-8", true},
		{"robots.txt", "text/plain; charset=utf-8", true},
		{"nginx-redirects.conf", "text/plain; charset=utf-8", true},
		{"_redirects", "text/plain; charset=utf-8", true},
		{"_headers", "text/plain; charset=utf-8", true},
		{"CNAME", "text/plain; charset=utf-8", true},
		{"illustration.svg", "image/svg+xml; charset=utf-8", true},
		{"bilde.png", "image/png", true},
		{"bilde.jpg", "image/jpeg", true},
		{"bilde.jpeg", "image/jpeg", true},
		{"bilde.gif", "image/gif", true},
		{"bilde.webp", "image/webp", true},
		{"bilde.avif", "image/avif", true},
		{"favicon.ico", "image/x-icon", true},
		{"font.woff2", "font/woff2", true},
		{"font.woff", "font/woff", true},
		{"font.ttf", "font/ttf", true},
		{"font.otf", "font/otf", true},
		{"rapport.pdf", "application/pdf", true},
		{"film.mp4", "video/mp4", true},
		{"film.webm", "video/webm", true},
		{"lyd.mp3", "audio/mpeg", true},
		{"lyd.ogg", "audio/ogg", true},
		{"tall.csv", "text/csv; charset=utf-8", true},
		{"moter.ics", "text/calendar; charset=utf-8", true},
		{"search.js.map", "application/json; charset=utf-8", true},
		{"app.wasm", "application/wasm", true},

		// Case does not matter, in the extension or in a known name.
		{"BILDE.JPG", "image/jpeg", true},
		{"Side.HTML", "text/html; charset=utf-8", true},
		{"cname", "text/plain; charset=utf-8", true},

		// Unknown: bytes to save, never a page or a script.
		{"x.weird", media.OctetStream, false},
		{"README", media.OctetStream, false},
		{"", media.OctetStream, false},
		{"utkast.md", media.OctetStream, false},
		{"arkiv.tar.gz", media.OctetStream, false},
		{".htaccess", media.OctetStream, false},
		{"html", media.OctetStream, false},           // a name, not an extension
		{"mappe.html/fil", media.OctetStream, false}, // the folder's extension is not the file's
		{"_redirects/x", media.OctetStream, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := media.Type(tt.name)
			if got != tt.want || known != tt.known {
				t.Errorf("Type(%q) = %q, %v; want %q, %v", tt.name, got, known, tt.want, tt.known)
			}
		})
	}
}

func TestIsText(t *testing.T) {
	for typ, want := range map[string]bool{
		"text/html": true, "text/css; charset=utf-8": true, "TEXT/PLAIN": true,
		"application/json": true, "application/manifest+json": true, "application/feed+json": true,
		"application/xml": true, "application/rss+xml": true, "image/svg+xml": true, "application/javascript": true,
		"image/png": false, "font/woff2": false, "application/pdf": false, "application/wasm": false,
		media.OctetStream: false, "": false, "text": false, "application/jsonx": false,
	} {
		if got := media.IsText(typ); got != want {
			t.Errorf("IsText(%q) = %v, want %v", typ, got, want)
		}
	}
}

func TestEssence(t *testing.T) {
	for in, want := range map[string]string{
		"text/css; charset=utf-8": "text/css", "Image/PNG": "image/png", " text/html ;charset=UTF-8": "text/html", "": "",
	} {
		if got := media.Essence(in); got != want {
			t.Errorf("Essence(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBuiltFilesAreKnown reads the list of every file the fixture site's
// build writes (the build's golden files) and asks the table for each: a
// file works makes itself must never be served as unknown bytes.
func TestBuiltFilesAreKnown(t *testing.T) {
	var names []string
	for _, golden := range []string{"site.golden", "site.min.golden"} {
		a, err := txtar.ParseFile(filepath.Join("..", "build", "testdata", golden))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if !strings.HasPrefix(f.Name, "(") { // "(warnings)"
				names = append(names, f.Name)
			}
		}
	}
	if len(names) < 50 {
		t.Fatalf("found %d files in the build's golden files; has their format changed?", len(names))
	}
	// Files the fixture does not make but a build of another site may.
	names = append(names, "_headers", "images/social-card.96e5fa59.png", "site.562786da.webmanifest",
		"search/nb/m-6d8d05a5d7-0.json", "js/search.25a86b1d.js", "icons/icon.svg", "favicon.ico",
		"historier/a/bilde.480.gif", "historier/a/bilde.480.avif")
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		if typ, known := media.Type(name); !known {
			t.Errorf("the build writes %s, which the table does not know (served as %s)", name, typ)
		}
	}
}

// TestNoMachineTables keeps the package off the mime package, whose
// answers come from the machine's own lists.
func TestNoMachineTables(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "mime" {
				t.Errorf("%s imports mime", name)
			}
		}
	}
}
