package build

import (
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/diag"
)

// assetChanges give the fixture theme two bundles, an icon and a head that
// links them all through the asset function.
func assetChanges(t *testing.T) map[string]string {
	t.Helper()
	icon, err := os.ReadFile("../../themes/works/static/images/icon.svg")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	baseof := parseTxtar(t, string(src))["themes/fixture/layouts/_default/baseof.html"]
	head := `{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .RelPermalink }}" integrity="{{ .Integrity }}">{{ end }}
{{ with asset "js/app.js" }}<script src="{{ .RelPermalink }}" integrity="{{ .Integrity }}" defer></script>{{ end }}
{{ if hasAsset "images/icon.svg" }}<link rel="icon" href="{{ (asset "images/icon.svg").RelPermalink }}" type="image/svg+xml">{{ end }}
{{ if hasAsset "images/apple-touch-icon.png" }}<link rel="apple-touch-icon" href="{{ (asset "images/apple-touch-icon.png").RelPermalink }}">{{ end }}
{{ if hasAsset "site.webmanifest" }}<link rel="manifest" href="{{ (asset "site.webmanifest").RelPermalink }}">{{ end }}
{{ $card := printf "images/social-card.%s.png" .Lang }}{{ if not (hasAsset $card) }}{{ $card = "images/social-card.png" }}{{ end }}
{{ if hasAsset $card }}{{ with asset $card }}<meta property="og:image" content="{{ .Permalink }}"><meta property="og:image:width" content="{{ .Width }}">{{ end }}{{ end }}
</head>`
	return map[string]string{
		"themes/fixture/layouts/_default/baseof.html": strings.Replace(baseof, "</head>", head, 1),
		"themes/fixture/static/css/site.css":          "", // the bundle replaces it
		"themes/fixture/assets/bundles.toml": `[[bundle]]
name = "css/site.css"
files = ["css/a.css", "css/b.css"]
[[bundle]]
name = "js/app.js"
files = ["js/app.js"]
`,
		"themes/fixture/assets/css/a.css":       "body { color : #1a1a1a }\n",
		"themes/fixture/assets/css/b.css":       "main { margin : 0px auto }\n",
		"themes/fixture/assets/js/app.js":       "// says hello\nconsole.log( 'hei' )\n",
		"assets/css/b.css":                      "main { margin : 1rem auto }\n", // the site's own wins
		"themes/fixture/static/images/icon.svg": string(icon),
	}
}

func TestBuildAssets(t *testing.T) {
	dir := fixture(t, assetChanges(t))
	res, err := Run(context.Background(), Options{Source: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w.Pos.File, "assets") || strings.Contains(w.Pos.File, "icon") {
			t.Errorf("warning: %v", w)
		}
	}
	public := filepath.Join(dir, "public")
	html := read(t, public, "index.html")

	t.Run("hashed names with integrity of the bytes written", func(t *testing.T) {
		for _, want := range []struct{ attr, pattern string }{
			{"href", `/css/site\.[0-9a-f]{8}\.css`},
			{"src", `/js/app\.[0-9a-f]{8}\.js`},
		} {
			m := regexp.MustCompile(want.attr + `="(` + want.pattern + `)" integrity="([^"]+)"`).FindStringSubmatch(html)
			if m == nil {
				t.Fatalf("no %s matching %s with integrity in index.html:\n%s", want.attr, want.pattern, html)
			}
			data := []byte(read(t, public, m[1]))
			sum := sha512.Sum384(data)
			if got, want := m[2], "sha384-"+base64.StdEncoding.EncodeToString(sum[:]); got != want {
				t.Errorf("%s: integrity %q, but the file written has %q", m[1], got, want)
			}
		}
		css := read(t, public, regexp.MustCompile(`/css/site\.[0-9a-f]{8}\.css`).FindString(html))
		if css != "body{color:#1a1a1a}main{margin:1rem auto}" {
			t.Errorf("css = %q, want both files in order, minified, the site's b.css", css)
		}
		if _, err := os.Stat(filepath.Join(public, "css", "site.css")); err == nil {
			t.Error("css/site.css is published under its own name too")
		}
	})

	t.Run("manifest and icons", func(t *testing.T) {
		m := regexp.MustCompile(`<link rel="manifest" href="(/site\.[0-9a-f]{8}\.webmanifest)">`).FindStringSubmatch(html)
		if m == nil {
			t.Fatal("no manifest link")
		}
		var manifest struct {
			Name, Lang, Display string
			StartURL            string `json:"start_url"`
			ThemeColor          string `json:"theme_color"`
			Icons               []struct{ Src, Sizes, Type string }
		}
		if err := json.Unmarshal([]byte(read(t, public, m[1])), &manifest); err != nil {
			t.Fatalf("the manifest is not JSON: %v", err)
		}
		if manifest.Name != "Fixture Works" || manifest.Lang != "nb" || manifest.StartURL != "/" {
			t.Errorf("manifest = %+v", manifest)
		}
		sizes := map[string]bool{}
		for _, ic := range manifest.Icons {
			sizes[ic.Sizes] = true
			if ic.Type != "image/png" {
				continue
			}
			w, h := pngSize(t, public, ic.Src)
			if ic.Sizes != fmt.Sprintf("%dx%d", w, h) {
				t.Errorf("%s is %d×%d, the manifest says %s", ic.Src, w, h, ic.Sizes)
			}
		}
		for _, s := range []string{"192x192", "512x512", "any"} {
			if !sizes[s] {
				t.Errorf("no %s icon in the manifest: %+v", s, manifest.Icons)
			}
		}
		touch := regexp.MustCompile(`<link rel="apple-touch-icon" href="([^"]+)">`).FindStringSubmatch(html)
		if touch == nil {
			t.Fatal("no apple-touch-icon")
		}
		if w, h := pngSize(t, public, touch[1]); w != 180 || h != 180 {
			t.Errorf("apple-touch-icon is %d×%d, want 180×180", w, h)
		}
	})

	t.Run("social card per title", func(t *testing.T) {
		nb := regexp.MustCompile(`og:image" content="https://example.org(/images/social-card\.[0-9a-f]{8}\.png)"><meta property="og:image:width" content="1200">`).FindStringSubmatch(html)
		en := regexp.MustCompile(`og:image" content="https://example.org(/images/social-card\.en\.[0-9a-f]{8}\.png)"`).FindStringSubmatch(read(t, public, "en/index.html"))
		if nb == nil || en == nil {
			t.Fatal("no social card on the home pages (the English title differs, so it has its own)")
		}
		for _, p := range []string{nb[1], en[1]} {
			if w, h := pngSize(t, public, p); w != 1200 || h != 630 {
				t.Errorf("%s is %d×%d, want 1200×630", p, w, h)
			}
		}
	})
}

// TestThemeAssets builds the sample site with the works theme: no page may
// link the stylesheet or the search script by their unhashed names, which
// are not published, and none may style or run anything inline, which a
// strict Content-Security-Policy refuses: the brand palette of works.toml
// is in the hashed stylesheet instead.
func TestThemeAssets(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole sample site")
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Run(context.Background(), Options{Source: "../..", Destination: dest, Now: now, Cache: filepath.Join(t.TempDir(), "cache"), SkipCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		for _, name := range []string{"/css/site.css", "/js/search.js"} {
			if strings.Contains(string(b), name) {
				t.Errorf("%s links %s, which is not published", rel, name)
			}
		}
		for _, found := range inlineCode(b) {
			t.Errorf("%s has %s inline, which a strict Content-Security-Policy refuses", rel, found)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatal("no pages built")
	}
	for _, name := range []string{"css/site.css", "js/search.js"} {
		if _, err := os.Stat(filepath.Join(dest, name)); err == nil {
			t.Errorf("%s is published under its unhashed name", name)
		}
	}
	home := read(t, dest, "index.html")
	css := read(t, dest, regexp.MustCompile(`/css/site\.[0-9a-f]{8}\.css`).FindString(home))
	brand := res.Model.Config.Brand
	if brand.DarkColors == nil {
		t.Fatal("the sample site has no [brand.dark]")
	}
	light, dark := brand.Colors, *brand.DarkColors
	for _, want := range []string{
		fmt.Sprintf(":root{--primary:%s;--accent:%s;--text:%s;--surface:%s}", light.Primary, light.Accent, light.Text, light.Surface),
		fmt.Sprintf("@media(prefers-color-scheme:dark){:root{--primary:%s;--accent:%s;--text:%s;--surface:%s;", dark.Primary, dark.Accent, dark.Text, dark.Surface),
	} {
		if !strings.Contains(css, want) {
			t.Errorf("the stylesheet lacks the palette of works.toml: %s", want)
		}
	}
	if !strings.HasSuffix(css, "--img-filter:brightness(.9)}}") {
		t.Errorf("the stylesheet does not end with the palette, so the theme's defaults would win over it: …%s", css[max(0, len(css)-80):])
	}
	search := read(t, dest, "sok/index.html")
	if !regexp.MustCompile(`<script src="/js/search\.[0-9a-f]{8}\.js" integrity="sha384-[^"]+" defer>`).MatchString(search) {
		t.Error("the search page does not load the hashed search script with its integrity")
	}
}

// Inline code a page may not have: a strict Content-Security-Policy
// refuses each. JSON-LD and other data blocks are not run, so they may be
// inline.
var (
	styleElementRE = regexp.MustCompile(`(?i)<style[\s>]`)
	styleAttrRE    = regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=`)
	handlerAttrRE  = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	scriptTagRE    = regexp.MustCompile(`(?is)<script\b([^>]*)>`)
	dataScriptRE   = regexp.MustCompile(`(?i)\stype\s*=\s*"?application/(ld\+)?json"?`)
	jsURLRE        = regexp.MustCompile(`(?i)(href|src|action)\s*=\s*"?\s*javascript:`)
	srcAttrRE      = regexp.MustCompile(`(?i)\ssrc\s*=`)
)

// inlineCode lists the inline styles and scripts of a page.
func inlineCode(page []byte) []string {
	var found []string
	for _, c := range []struct {
		re   *regexp.Regexp
		what string
	}{{styleElementRE, "a <style> element"}, {styleAttrRE, "a style attribute"}, {handlerAttrRE, "an event handler attribute"}, {jsURLRE, "a javascript: URL"}} {
		if m := c.re.Find(page); m != nil {
			found = append(found, fmt.Sprintf("%s (%.60s)", c.what, m))
		}
	}
	for _, m := range scriptTagRE.FindAllSubmatch(page, -1) {
		attrs := m[1]
		if !srcAttrRE.Match(attrs) && !dataScriptRE.Match(attrs) {
			found = append(found, fmt.Sprintf("a <script> (%s)", m[0]))
		}
	}
	return found
}

func TestInlineCode(t *testing.T) {
	for _, tt := range []struct {
		name, page string
		want       int
	}{
		{"clean", `<head><link rel="stylesheet" href="/a.css"><script src="/a.js" defer></script><script type="application/ld+json">{"a":1}</script></head><body><p class="style">on=1</p></body>`, 0},
		{"style element", `<head><style>:root{}</style></head>`, 1},
		{"style attribute", `<p class="x" style="color:red">`, 1},
		{"handler", `<img src="a.png" onerror="alert(1)">`, 1},
		{"inline script", `<script>alert(1)</script>`, 1},
		{"module script", `<script type="module">import "/a.js"</script>`, 1},
		{"javascript URL", `<a href="javascript:alert(1)">x</a>`, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := inlineCode([]byte(tt.page)); len(got) != tt.want {
				t.Errorf("found %q, want %d", got, tt.want)
			}
		})
	}
}

func TestBuildAssetErrors(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]string
		want    string // in the error, or in a warning when warn
		warn    bool
	}{
		{
			name:    "a bundled file is missing",
			changes: map[string]string{"themes/fixture/assets/css/b.css": "", "assets/css/b.css": ""},
			want:    `themes/fixture/assets/bundles.toml:3:23: "css/b.css" is not in any assets folder`,
		},
		{
			name:    "an unknown asset",
			changes: map[string]string{"themes/fixture/layouts/404.html": `{{ define "main" }}{{ with asset "css/sitee.css" }}{{ .RelPermalink }}{{ end }}{{ end }}`},
			want:    `there is no asset "css/sitee.css"`,
		},
		{
			name:    "an icon the build cannot draw",
			changes: map[string]string{"themes/fixture/static/images/icon.svg": "<svg viewBox=\"0 0 10 10\">\n<ellipse rx=\"1\" ry=\"2\"/></svg>"},
			want:    "themes/fixture/static/images/icon.svg:2:",
			warn:    true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := assetChanges(t)
			for k, v := range tt.changes {
				changes[k] = v
			}
			dir := fixture(t, changes)
			res, err := Run(context.Background(), Options{Source: dir, Now: now})
			if !tt.warn {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var found *diag.Diagnostic
			for _, w := range res.Warnings {
				if strings.Contains(w.Error(), tt.want) {
					found = w
				}
			}
			if found == nil {
				t.Fatalf("warnings = %v, want one with %q", res.Warnings, tt.want)
			}
			html := read(t, filepath.Join(dir, "public"), "index.html")
			if strings.Contains(html, "apple-touch-icon") || strings.Contains(html, "manifest") || strings.Contains(html, "og:image") {
				t.Errorf("a PNG that was not drawn is linked:\n%s", html)
			}
			if !strings.Contains(html, `rel="icon"`) {
				t.Error("the SVG icon is not linked, though a browser can show it")
			}
		})
	}
}

func read(t *testing.T, dir, urlPath string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(urlPath, "/"))))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func pngSize(t *testing.T, dir, urlPath string) (int, int) {
	t.Helper()
	cfg, err := png.DecodeConfig(strings.NewReader(read(t, dir, urlPath)))
	if err != nil {
		t.Fatalf("%s: %v", urlPath, err)
	}
	return cfg.Width, cfg.Height
}

// TestDrawnCache: the second build takes the icons and cards from
// resources/_gen/drawn and publishes the same bytes; a new brand colour
// draws a new card.
func TestDrawnCache(t *testing.T) {
	dir := fixture(t, assetChanges(t))
	cacheDir := filepath.Join(dir, filepath.FromSlash(DrawnCacheDir))
	pngs := func() map[string]string {
		t.Helper()
		res, err := Assemble(context.Background(), os.DirFS(dir), Options{Source: dir, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range res.Files.Files() {
			if strings.HasPrefix(f.Path, "images/") && strings.HasSuffix(f.Path, ".png") {
				out[f.Path] = string(f.Data)
			}
		}
		return out
	}
	first := pngs()
	cached, err := os.ReadDir(cacheDir)
	if err != nil || len(cached) != len(first) || len(first) == 0 {
		t.Fatalf("%d pictures published, %d cached (%v)", len(first), len(cached), err)
	}
	// A cached picture is what the build publishes, not drawn again: mark
	// one and find the mark in the output.
	for _, e := range cached {
		p := filepath.Join(cacheDir, e.Name())
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, append(data, "marked"...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	marked := 0
	for _, data := range pngs() {
		if strings.HasSuffix(data, "marked") {
			marked++
		}
	}
	if marked != len(first) {
		t.Errorf("%d of %d pictures came from the cache", marked, len(first))
	}

	toml := read(t, dir, "works.toml")
	if err := os.WriteFile(filepath.Join(dir, "works.toml"), []byte(strings.Replace(toml, "[brand]", "[brand.colors]\nsurface = \"#fafafa\"\n[brand]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	redrawn := 0
	for name, data := range pngs() {
		if strings.Contains(name, "social-card") && !strings.HasSuffix(data, "marked") {
			redrawn++
		}
	}
	if redrawn == 0 {
		t.Error("a new surface colour did not draw a new social card")
	}
}
