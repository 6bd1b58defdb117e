package assets

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/output"
)

func TestPaletteCSS(t *testing.T) {
	light := Palette{Primary: "#0b4f6c", Accent: "#b4441c", Text: "#1a1d21", Surface: "#faf8f5"}
	dark := &Palette{Primary: "#7cc4e4", Accent: "#f2a541", Text: "#e8eef1", Surface: "#0f1a20"}
	const darkRules = "--band-bg:color-mix(in srgb,var(--primary) 16%,var(--surface));--band-fg:var(--text);--band-accent:var(--accent);--card:color-mix(in srgb,var(--text) 6%,var(--surface));--art-dim:.9;--img-filter:brightness(.9)"
	tests := []struct {
		name  string
		light Palette
		dark  *Palette
		want  string // minified, as it ships
	}{
		{"light and dark", light, dark,
			":root{--primary:#0b4f6c;--accent:#b4441c;--text:#1a1d21;--surface:#faf8f5}" +
				"@media(prefers-color-scheme:dark){:root{--primary:#7cc4e4;--accent:#f2a541;--text:#e8eef1;--surface:#0f1a20;" + darkRules + "}}"},
		{"light only", light, nil,
			":root{--primary:#0b4f6c;--accent:#b4441c;--text:#1a1d21;--surface:#faf8f5}"},
		{"some colours", Palette{Primary: "#123", Surface: "#fff"}, nil,
			":root{--primary:#123;--surface:#fff}"},
		{"dark without colours of its own", Palette{}, &Palette{},
			"@media(prefers-color-scheme:dark){:root{" + darkRules + "}}"},
		{"none", Palette{}, nil, ""},
		{"only colours reach the stylesheet", Palette{Primary: "red}body{display:none", Accent: "#b4441c;x:y", Text: "url(https://x.example/)"}, nil,
			""},
	}
	min := output.NewMinifier()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			css := PaletteCSS(tt.light, tt.dark)
			if tt.want == "" {
				if len(css) != 0 {
					t.Errorf("got %q, want nothing", css)
				}
				return
			}
			got, err := min.Minify(PaletteFile, css)
			if err != nil {
				t.Fatalf("the palette does not minify: %v\n%s", err, css)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s\nas written:\n%s", got, tt.want, css)
			}
		})
	}
}

// paletteTheme is themeFS with the palette listed last in the stylesheet.
func paletteTheme() fstest.MapFS {
	theme := themeFS()
	theme["bundles.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(themeBundles, `"css/print.css"]`, `"css/print.css", "css/palette.css"]`, 1))}
	return theme
}

func TestBundleGenerated(t *testing.T) {
	palette := Generated{Name: PaletteFile, Data: []byte(":root { --primary : #0b4f6c }\n"), Owner: "works.toml"}
	tests := []struct {
		name      string
		site      fstest.MapFS
		theme     fstest.MapFS
		generated Generated
		want      string // css/site.css, minified; "" for none
		warning   string // the one warning's file, "" for none
	}{
		{"in its place in the bundle", nil, paletteTheme(), palette,
			"body{color:red}.a{margin:0}@media print{.b{display:none}}:root{--primary:#0b4f6c}", ""},
		{"a site's file of the name wins", fstest.MapFS{"css/palette.css": {Data: []byte(":root { --primary : #000 }")}}, paletteTheme(), palette,
			"body{color:red}.a{margin:0}@media print{.b{display:none}}:root{--primary:#000}", ""},
		{"listed by no bundle", nil, themeFS(), palette,
			"body{color:red}.a{margin:0}@media print{.b{display:none}}", "works.toml"},
		{"empty and listed by none", nil, themeFS(), Generated{Name: PaletteFile, Owner: "works.toml"},
			"body{color:red}.a{margin:0}@media print{.b{display:none}}", ""},
		{"empty and listed", nil, paletteTheme(), Generated{Name: PaletteFile, Owner: "works.toml"},
			"body{color:red}.a{margin:0}@media print{.b{display:none}}", ""},
		{"no bundles at all", nil, fstest.MapFS{}, palette, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := NewSet("https://example.org/")
			layers := []Layer{{FS: tt.theme, Dir: "themes/works/assets"}}
			if tt.site != nil {
				layers = append([]Layer{{FS: tt.site, Dir: "assets"}}, layers...)
			}
			all := Bundle(set, Options{Layers: layers, Minify: output.NewMinifier(), Generated: []Generated{tt.generated}})
			if errs := all.Errors(); len(errs) > 0 {
				t.Fatal(errs)
			}
			w := all.Warnings()
			switch {
			case tt.warning == "" && len(w) > 0:
				t.Errorf("warnings: %v", w)
			case tt.warning != "" && (len(w) != 1 || w[0].Pos.File != tt.warning || !strings.Contains(w[0].Hint, PaletteFile)):
				t.Errorf("warnings: %v, want one at %s that names %s", w, tt.warning, PaletteFile)
			}
			if tt.want == "" {
				if names := set.Names(); len(names) > 0 {
					t.Errorf("published %v, want nothing", names)
				}
				return
			}
			_, data := file(t, set, "css/site.css")
			if string(data) != tt.want {
				t.Errorf("got %q, want %q", data, tt.want)
			}
		})
	}
}

// TestBundleGeneratedMinifyError: a syntax error in a generated file is
// reported at what it is made from, without a line of the generated text
// that the writer cannot see.
func TestBundleGeneratedMinifyError(t *testing.T) {
	set := NewSet("https://example.org/")
	bad := Generated{Name: "js/made.js", Data: []byte("\n\nconst b = (;\n"), Owner: "works.toml"}
	theme := themeFS()
	theme["bundles.toml"] = &fstest.MapFile{Data: []byte(themeBundles + "\n[[bundle]]\nname = \"js/all.js\"\nfiles = [\"js/made.js\"]\n")}
	errs := Bundle(set, Options{Layers: []Layer{{FS: theme, Dir: "themes/works/assets"}}, Minify: output.NewMinifier(), Generated: []Generated{bad}}).Errors()
	if len(errs) != 1 {
		t.Fatalf("got %v, want one error", errs)
	}
	if got := errs[0].Pos; got != (diag.Position{File: "works.toml"}) {
		t.Errorf("the error is at %v, want works.toml without a line", got)
	}
}
