package assets

import (
	"crypto/sha512"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/output"
)

const themeBundles = `# The theme's bundles.
[[bundle]]
name = "css/site.css"
files = ["css/base.css", "css/layout.css", "css/print.css"]

[[bundle]]
name = "js/search.js"
files = ["js/search.js"]
`

func themeFS() fstest.MapFS {
	return fstest.MapFS{
		"bundles.toml":   {Data: []byte(themeBundles)},
		"css/base.css":   {Data: []byte("body { color : #ff0000 }\n")},
		"css/layout.css": {Data: []byte(".a { margin : 0px }")},
		"css/print.css":  {Data: []byte("@media print { .b { display : none } }\n")},
		"js/search.js":   {Data: []byte("// search\nconst answer = 40 + 2;\nconsole.log( answer )\n")},
	}
}

func bundled(t *testing.T, site, theme fstest.MapFS, min bool) (*Set, diag.List) {
	t.Helper()
	set := NewSet("https://example.org/sub/")
	opts := Options{Layers: []Layer{{FS: site, Dir: "assets"}, {FS: theme, Dir: "themes/works/assets"}}}
	if site == nil {
		opts.Layers = opts.Layers[1:]
	}
	if min {
		opts.Minify = output.NewMinifier()
	}
	return set, Bundle(set, opts)
}

func file(t *testing.T, set *Set, name string) (Asset, []byte) {
	t.Helper()
	a, ok := set.Get(name)
	if !ok {
		t.Fatalf("no asset %q; have %v", name, set.Names())
	}
	for _, f := range set.Files() {
		if f.Path == a.Path {
			if !f.Minified {
				t.Errorf("%s is not marked Minified, so Write would change the bytes its hash names", f.Path)
			}
			return a, f.Data
		}
	}
	t.Fatalf("no file %s for %q", a.Path, name)
	return a, nil
}

func TestBundle(t *testing.T) {
	set, errs := bundled(t, nil, themeFS(), true)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	t.Run("joined in order and minified", func(t *testing.T) {
		_, data := file(t, set, "css/site.css")
		want := "body{color:red}.a{margin:0}@media print{.b{display:none}}"
		if string(data) != want {
			t.Errorf("got %q, want %q", data, want)
		}
	})
	t.Run("javascript", func(t *testing.T) {
		_, data := file(t, set, "js/search.js")
		if strings.Contains(string(data), "// search") || !strings.Contains(string(data), "40+2") {
			t.Errorf("not minified: %q", data)
		}
	})
	t.Run("hashed name and links", func(t *testing.T) {
		a, _ := file(t, set, "css/site.css")
		if !regexp.MustCompile(`^css/site\.[0-9a-f]{8}\.css$`).MatchString(a.Path) {
			t.Errorf("Path = %q, want css/site.<8 hex>.css", a.Path)
		}
		if a.RelPermalink != "/sub/"+a.Path || a.Permalink != "https://example.org/sub/"+a.Path {
			t.Errorf("RelPermalink = %q, Permalink = %q", a.RelPermalink, a.Permalink)
		}
		if a.MediaType != "text/css" {
			t.Errorf("MediaType = %q", a.MediaType)
		}
	})
	t.Run("integrity is of the bytes written", func(t *testing.T) {
		for _, name := range set.Names() {
			a, data := file(t, set, name)
			sum := sha512.Sum384(data)
			if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); a.Integrity != want {
				t.Errorf("%s: Integrity = %q, want %q", name, a.Integrity, want)
			}
			if a.Path != HashedName(name, data) {
				t.Errorf("%s: Path = %q, want the hash of the bytes written, %q", name, a.Path, HashedName(name, data))
			}
		}
	})
	t.Run("without minifying", func(t *testing.T) {
		set, errs := bundled(t, nil, themeFS(), false)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		_, data := file(t, set, "css/site.css")
		want := "body { color : #ff0000 }\n.a { margin : 0px }\n@media print { .b { display : none } }\n"
		if string(data) != want {
			t.Errorf("got %q, want %q", data, want)
		}
		_, js := file(t, set, "js/search.js")
		if !strings.HasSuffix(string(js), "console.log( answer )\n;\n") {
			t.Errorf("a JavaScript file is not closed off from the next: %q", js)
		}
	})
}

func TestBundleHashFollowsContent(t *testing.T) {
	before, _ := bundled(t, nil, themeFS(), true)
	changed := themeFS()
	changed["css/layout.css"] = &fstest.MapFile{Data: []byte(".a { margin : 1px }")}
	after, _ := bundled(t, nil, changed, true)
	a, _ := before.Get("css/site.css")
	b, _ := after.Get("css/site.css")
	if a.Path == b.Path || a.Integrity == b.Integrity {
		t.Errorf("a changed file keeps its name %q and integrity", a.Path)
	}
	x, _ := before.Get("js/search.js")
	y, _ := after.Get("js/search.js")
	if x != y {
		t.Errorf("an unchanged bundle changed: %+v, then %+v", x, y)
	}
	again, _ := bundled(t, nil, themeFS(), true)
	if c, _ := again.Get("css/site.css"); c != a {
		t.Errorf("the same files gave %+v, then %+v", a, c)
	}
}

func TestBundleSiteWins(t *testing.T) {
	t.Run("a file", func(t *testing.T) {
		site := fstest.MapFS{"css/layout.css": {Data: []byte(".a { margin : 2em }")}}
		set, errs := bundled(t, site, themeFS(), true)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		_, data := file(t, set, "css/site.css")
		if want := "body{color:red}.a{margin:2em}@media print{.b{display:none}}"; string(data) != want {
			t.Errorf("got %q, want %q", data, want)
		}
	})
	t.Run("a bundle", func(t *testing.T) {
		site := fstest.MapFS{
			"bundles.toml": {Data: []byte("[[bundle]]\nname = \"css/site.css\"\nfiles = [\"css/own.css\"]\n")},
			"css/own.css":  {Data: []byte("p { color : blue }")},
		}
		set, errs := bundled(t, site, themeFS(), true)
		for _, d := range errs {
			if d.Severity == diag.Error {
				t.Fatal(errs)
			}
		}
		_, data := file(t, set, "css/site.css")
		if string(data) != "p{color:blue}" {
			t.Errorf("got %q, want the site's own bundle", data)
		}
		if _, ok := set.Get("js/search.js"); !ok {
			t.Error("the theme's other bundle is gone")
		}
	})
}

func TestBundleErrors(t *testing.T) {
	tests := []struct {
		name    string
		bundles string
		want    []string
	}{
		{
			name:    "missing file",
			bundles: "[[bundle]]\nname = \"css/site.css\"\nfiles = [\"css/base.css\", \"css/nope.css\"]\n",
			want:    []string{`themes/works/assets/bundles.toml:3:26: "css/nope.css" is not in any assets folder (looked in themes/works/assets/)`},
		},
		{
			name:    "listed twice",
			bundles: "[[bundle]]\nname = \"css/site.css\"\nfiles = [\n  \"css/base.css\",\n  \"css/layout.css\",\n  \"css/base.css\",\n]\n",
			want:    []string{`themes/works/assets/bundles.toml:6:3: "css/base.css" is listed twice in the bundle "css/site.css" (first on line 4)`},
		},
		{
			name:    "two bundles of one name",
			bundles: "[[bundle]]\nname = \"css/site.css\"\nfiles = [\"css/base.css\"]\n[[bundle]]\nname = \"css/site.css\"\nfiles = [\"css/layout.css\"]\n",
			want:    []string{`themes/works/assets/bundles.toml:5:8: there are two bundles named "css/site.css" (the other is on line 2)`},
		},
		{
			name:    "no files",
			bundles: "[[bundle]]\nname = \"css/site.css\"\n",
			want:    []string{`themes/works/assets/bundles.toml:2:8: the bundle "css/site.css" lists no files`},
		},
		{
			name:    "no name",
			bundles: "\n[[bundle]]\nfiles = [\"css/base.css\"]\n",
			want:    []string{`themes/works/assets/bundles.toml:2:1: a bundle has no name`},
		},
		{
			name:    "wrong kind",
			bundles: "[[bundle]]\nname = \"css/site.css\"\nfiles = [\"js/search.js\"]\n",
			want:    []string{`themes/works/assets/bundles.toml:3:10: "js/search.js" cannot go into the bundle "css/site.css"`},
		},
		{
			name:    "not css or js",
			bundles: "[[bundle]]\nname = \"css/site.scss\"\nfiles = [\"css/base.css\"]\n",
			want:    []string{`themes/works/assets/bundles.toml:2:8: the bundle "css/site.scss" is neither CSS nor JavaScript`},
		},
		{
			name:    "unknown key",
			bundles: "[[bundle]]\nname = \"css/site.css\"\nfile = [\"css/base.css\"]\n",
			want:    []string{`themes/works/assets/bundles.toml:3:1: the bundles are not written right: unknown key bundle.file`},
		},
		{
			name:    "syntax",
			bundles: "[[bundle]]\nname = \"css/site.css\nfiles = []\n",
			want:    []string{`themes/works/assets/bundles.toml:2:`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			theme := themeFS()
			theme["bundles.toml"] = &fstest.MapFile{Data: []byte(tt.bundles)}
			_, all := bundled(t, nil, theme, true)
			errs := all.Errors()
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(tt.want), errs)
			}
			for i, d := range errs {
				if !strings.HasPrefix(d.Error(), tt.want[i]) {
					t.Errorf("got  %s\nwant %s…", d, tt.want[i])
				}
				if d.Hint == "" {
					t.Errorf("%s: no hint", d)
				}
			}
		})
	}
}

func TestBundleMinifyErrorInItsFile(t *testing.T) {
	theme := themeFS()
	theme["js/search.js"] = &fstest.MapFile{Data: []byte("const a = 1;\nconst b = (;\n")}
	theme["bundles.toml"] = &fstest.MapFile{Data: []byte(themeBundles + "\n[[bundle]]\nname = \"js/all.js\"\nfiles = [\"js/ok.js\", \"js/search.js\"]\n")}
	theme["js/ok.js"] = &fstest.MapFile{Data: []byte("let x = 1\nlet y = 2\nlet z = 3\n")}
	_, all := bundled(t, nil, theme, true)
	errs := all.Errors()
	if len(errs) != 2 {
		t.Fatalf("got %v, want one error for each bundle with search.js", errs)
	}
	for _, d := range errs {
		if d.Pos.File != "themes/works/assets/js/search.js" || d.Pos.Line != 2 {
			t.Errorf("got %s, want it at themes/works/assets/js/search.js:2", d)
		}
	}
}

func TestBundleWarnsUnlisted(t *testing.T) {
	theme := themeFS()
	theme["css/forgotten.css"] = &fstest.MapFile{Data: []byte("p{}")}
	theme["fonts/a.woff2"] = &fstest.MapFile{Data: []byte("font")}
	_, all := bundled(t, nil, theme, true)
	if len(all.Errors()) > 0 {
		t.Fatal(all)
	}
	w := all.Warnings()
	if len(w) != 1 || w[0].Pos.File != "themes/works/assets/css/forgotten.css" {
		t.Errorf("got %v, want one warning for css/forgotten.css", w)
	}
}

func TestSetAdd(t *testing.T) {
	set := NewSet("https://example.org/")
	a, err := set.Add(Input{Name: "images/apple-touch-icon.png", Data: []byte("png"), Owner: "icon.svg", Width: 180, Height: 180})
	if err != nil {
		t.Fatal(err)
	}
	if a.RelPermalink != "/"+a.Path || a.Width != 180 || a.MediaType != "image/png" {
		t.Errorf("got %+v", a)
	}
	if _, err := set.Add(Input{Name: "images/apple-touch-icon.png", Data: []byte("other"), Owner: "other"}); err == nil {
		t.Error("a name added twice gives no error")
	}
	if _, err := set.Add(Input{Name: "/abs.png", Owner: "x"}); err == nil {
		t.Error("an absolute name gives no error")
	}
}

func TestHashedName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"css/site.css", "css/site.2cf24dba.css"},
		{"site.webmanifest", "site.2cf24dba.webmanifest"},
		{"LICENSE", "LICENSE.2cf24dba"},
		{"js/x.min.js", "js/x.min.2cf24dba.js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HashedName(tt.name, []byte("hello")); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
