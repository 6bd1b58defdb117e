package build

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/drammen-works/works/internal/assets"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/render"
)

// IconFile is the site's square icon, under static/ of the site or the
// theme. The build draws the PNG icons, the web manifest and the social
// card from it.
const IconFile = "images/icon.svg"

// Names of the files the build draws; templates ask for them with asset.
const (
	assetIconSVG    = IconFile
	assetTouchIcon  = "images/apple-touch-icon.png"
	assetIcon192    = "images/icon-192.png"
	assetIcon512    = "images/icon-512.png"
	assetManifest   = "site.webmanifest"
	assetSocialCard = "images/social-card.png" // the default language's; others add ".<lang>" before ".png" when their title differs
)

// makeAssets bundles the site's and the theme's assets/ folders (with the
// brand palette for bundles to list) and, when there is an icon, draws the
// icons, the web manifest and the default social card. An icon the build
// cannot draw is a warning: the site is built without the PNGs, the
// manifest and the card.
func makeAssets(root fs.FS, themeDir string, cfg *config.Config, minify bool, cacheDir string) (*assets.Set, diag.List) {
	set := assets.NewSet(cfg.BaseURL)
	var min *output.Minifier
	if minify {
		min = output.NewMinifier()
	}
	errs := assets.Bundle(set, assets.Options{
		Minify: min,
		Layers: []assets.Layer{
			{FS: sub(root, "assets"), Dir: "assets"},
			{FS: sub(root, themeDir+"/assets"), Dir: themeDir + "/assets"},
		},
		Generated: []assets.Generated{palette(cfg.Brand)},
	})
	errs = append(errs, drawIcons(set, root, themeDir, cfg, min, cacheDir)...)
	return set, errs
}

// palette is the stylesheet part of the brand colours, which the theme's
// bundles list as assets.PaletteFile: in the hashed stylesheet, not inline,
// so a strict Content-Security-Policy holds.
func palette(brand config.Brand) assets.Generated {
	var dark *assets.Palette
	if brand.DarkColors != nil {
		d := assets.Palette(*brand.DarkColors)
		dark = &d
	}
	return assets.Generated{
		Name:  assets.PaletteFile,
		Data:  assets.PaletteCSS(assets.Palette(brand.Colors), dark),
		Owner: config.FileName,
	}
}

// drawIcons adds the icon, its PNG sizes, the web manifest and the social
// cards to set.
func drawIcons(set *assets.Set, root fs.FS, themeDir string, cfg *config.Config, min *output.Minifier, cacheDir string) diag.List {
	var errs diag.List
	src, owner := readStatic(root, themeDir, IconFile)
	if src == nil {
		return nil // a site without an icon gets none of these
	}
	// The SVG is linked as the favicon even when it cannot be drawn.
	svg := src
	if min != nil {
		if m, err := min.Minify(IconFile, src); err == nil {
			svg = m
		}
	}
	svgAsset, err := set.Add(assets.Input{Name: assetIconSVG, Data: svg, Owner: owner})
	errs.Add(err)
	icon, err := images.ParseSVG(owner, src)
	if err != nil {
		d := diag.Warnf(diag.Position{File: owner}, "", "cannot draw the PNG icons, the web manifest and the social card: %v", err)
		if dd, ok := err.(*diag.Diagnostic); ok { // at the element, with its advice
			d.Pos, d.Fix, d.Hint = dd.Pos, dd.Fix, dd.Hint
		}
		errs.Add(d)
		return errs
	}
	// The pictures are drawn at once, each into its own slot, and added in
	// this order, so the build is the same however the work is scheduled.
	card := assets.Card{Mark: icon, Background: color.White, Text: color.Black}
	if c, ok := assets.ParseColor(cfg.Brand.Colors.Surface); ok {
		card.Background = c
	}
	if c, ok := assets.ParseColor(cfg.Brand.Colors.Primary); ok {
		card.Text = c
	}
	if c, ok := assets.ParseColor(cfg.Brand.Colors.Accent); ok {
		card.Accent = c
	}
	type picture struct {
		name          string
		width, height int
		draw          func() ([]byte, error)
		data          []byte
		err           error
	}
	var pics []picture
	for _, ic := range []struct {
		name string
		size int
	}{{assetTouchIcon, 180}, {assetIcon192, 192}, {assetIcon512, 512}} {
		pics = append(pics, picture{name: ic.name, width: ic.size, height: ic.size,
			draw: cached(cacheDir, fmt.Sprint("icon", ic.size), src, func() ([]byte, error) { return assets.IconPNG(icon, ic.size) })})
	}
	// One card for the default language, and one more for each language
	// whose title differs.
	defaultTitle := languageTitle(cfg, cfg.DefaultLanguage)
	for _, lang := range cfg.LanguageCodes() {
		title, name := languageTitle(cfg, lang), assetSocialCard
		if lang != cfg.DefaultLanguage {
			if title == defaultTitle {
				continue
			}
			name = strings.TrimSuffix(assetSocialCard, ".png") + "." + lang + ".png"
		}
		c := card
		c.Title = title
		pics = append(pics, picture{name: name, width: assets.CardWidth, height: assets.CardHeight,
			draw: cached(cacheDir, fmt.Sprintf("card %q %v %v %v", c.Title, c.Background, c.Text, c.Accent), src,
				func() ([]byte, error) { return assets.CardPNG(c) })})
	}
	var wg sync.WaitGroup
	for i := range pics {
		wg.Go(func() { pics[i].data, pics[i].err = pics[i].draw() })
	}
	wg.Wait()

	manifest := assets.Manifest{
		Name:            cmp.Or(cfg.Brand.Name, cfg.Title),
		ShortName:       cmp.Or(cfg.Brand.Name, cfg.Title),
		Lang:            cfg.DefaultLanguage,
		StartURL:        startURL(cfg.BaseURL),
		Display:         "minimal-ui",
		ThemeColor:      cfg.Brand.Colors.Primary,
		BackgroundColor: cfg.Brand.Colors.Surface,
	}
	for _, p := range pics {
		if p.err != nil {
			errs.Add(diag.Warnf(diag.Position{File: owner}, "", "cannot draw %s: %v", p.name, p.err))
			continue
		}
		a, err := set.Add(assets.Input{Name: p.name, Data: p.data, Owner: owner, Width: p.width, Height: p.height})
		errs.Add(err)
		if err == nil && (p.name == assetIcon192 || p.name == assetIcon512) {
			manifest.Icons = append(manifest.Icons, assets.ManifestIcon{Src: a.RelPermalink, Sizes: fmt.Sprintf("%dx%d", p.width, p.height), Type: a.MediaType})
		}
	}
	if svgAsset.Path != "" {
		manifest.Icons = append(manifest.Icons, assets.ManifestIcon{Src: svgAsset.RelPermalink, Sizes: "any", Type: svgAsset.MediaType})
	}
	_, err = set.Add(assets.Input{Name: assetManifest, Data: manifest.JSON(), Owner: owner})
	errs.Add(err)
	return errs
}

// drawVersion names the drawing code in the keys of cached pictures:
// change it when the rasterizer, the card's layout or the PNG encoding
// changes, so no picture drawn the old way is reused.
const drawVersion = "works-drawn-1"

// cached draws a picture through a disk cache in dir, keyed by what it is
// drawn from (the icon's source and how), so a build with the same icon,
// colours and titles draws nothing. PNG encoding was a third of the sample
// site's build. Without a dir it just draws.
func cached(dir, what string, src []byte, draw func() ([]byte, error)) func() ([]byte, error) {
	if dir == "" {
		return draw
	}
	return func() ([]byte, error) {
		h := sha256.New()
		fmt.Fprintf(h, "%s\n%s\n", drawVersion, what)
		h.Write(src)
		file := filepath.Join(dir, hex.EncodeToString(h.Sum(nil))+".png")
		if data, err := os.ReadFile(file); err == nil {
			return data, nil
		}
		data, err := draw()
		if err != nil {
			return nil, err
		}
		// A cache that cannot be written only costs the next build time.
		if os.MkdirAll(dir, 0o755) == nil {
			if tmp, err := os.CreateTemp(dir, ".drawing-*"); err == nil {
				_, werr := tmp.Write(data)
				if cerr := tmp.Close(); werr == nil && cerr == nil {
					os.Rename(tmp.Name(), file)
				}
				os.Remove(tmp.Name())
			}
		}
		return data, nil
	}
}

// readStatic reads name from the site's static/ folder, else the theme's.
func readStatic(root fs.FS, themeDir, name string) (data []byte, owner string) {
	for _, dir := range []string{"static", themeDir + "/static"} {
		if b, err := fs.ReadFile(root, dir+"/"+name); err == nil {
			return b, dir + "/" + name
		}
	}
	return nil, ""
}

func languageTitle(cfg *config.Config, lang string) string {
	if l := cfg.Languages[lang]; l != nil && l.Title != "" {
		return l.Title
	}
	return cfg.Title
}

// startURL is where the installed site starts: the base URL's path.
func startURL(baseURL string) string {
	_, path := config.SplitBaseURL(baseURL)
	return path + "/"
}

// addAssets puts the fingerprinted files into the build's output.
func addAssets(a *assets.Set, set output.Sink) diag.List {
	var errs diag.List
	for _, f := range a.Files() {
		errs.Add(set.Add(f))
	}
	return errs
}

// templateAssets shows the templates the build's assets (render.Assets):
// the same fields, so the template package need not import assets.
type templateAssets struct{ set *assets.Set }

var _ render.Assets = templateAssets{}

func (t templateAssets) Get(name string) (render.Asset, bool) {
	a, ok := t.set.Get(name)
	return render.Asset(a), ok
}

func (t templateAssets) Similar(name string) []string { return t.set.Similar(name) }
