// Package config reads and validates works.toml, the site's configuration,
// into a Config with defaults applied. Parse is pure; Load adds the one read.
// Every problem in the file is reported with works.toml:line:col and a hint,
// all of them at once, so a typo costs one build, not one per mistake.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	// The time zone database is embedded so that timeZone works the same on
	// machines without one (slim containers, Windows).
	_ "time/tzdata"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/syntax"
)

// FileName is the configuration file at the site root.
const FileName = "works.toml"

// Config is the validated site configuration. Maps are never nil.
type Config struct {
	Title           string                           // site title (fallback for languages without a title)
	BaseURL         string                           // an absolute http(s) URL ending in "/", or "/"
	DefaultLanguage string                           // code of the language served at the site root
	TimeZone        string                           // tz database name, e.g. "Europe/Oslo"
	Location        *time.Location                   // loaded from TimeZone
	Theme           string                           // folder name under themes/
	Languages       map[string]*Language             // key = language code
	Brand           Brand                            // name, colours and logo of the city's brand
	Menus           map[string]map[string][]MenuItem // language → menu name → items, sorted by Weight then Name
	Params          map[string]any                   // free-form values for templates
	Pagination      Pagination                       // list paging
	Permalinks      map[string]string                // section → pattern such as "/:section/:slug/"
	Taxonomies      map[string]string                // singular → plural, e.g. "tag" → "tags"
	Markup          Markup                           // Markdown options
	Privacy         Privacy                          // what the published site may load from other hosts
	Feeds           Feeds                            // what RSS, Atom and JSON feeds carry
	Images          Images                           // how photos are made smaller
	Editor          Editor                           // how works speaks to the site's writers

	// Warnings are findings that do not stop a build, such as brand colours
	// whose contrast is too low for text.
	Warnings diag.List
}

// Language is one language the site is published in.
type Language struct {
	Code     string            // filled from the table key, e.g. "nb"
	Name     string            // shown in the language switcher, e.g. "Norsk (bokmål)"; defaults to Code
	Title    string            // site title in this language; defaults to Config.Title
	Weight   int               // order in the language switcher
	Sections map[string]string // translated section slugs: "historier" → "stories" serves /en/stories/
	Params   map[string]any    // free-form values for templates in this language
}

// Brand is the city's "Works" brand as the theme shows it.
type Brand struct {
	Name, City, Tagline string
	Logo                string   // path of an SVG under static/ or assets/, e.g. "images/logo.svg"
	Colors              Palette  // [brand.colors]
	DarkColors          *Palette // [brand.dark]; nil when the site has no dark palette
}

// Palette holds CSS colours written as "#rgb" or "#rrggbb".
type Palette struct{ Primary, Accent, Text, Surface string }

// MenuItem is one entry of a menu. Exactly one of URL and PageRef is set.
type MenuItem struct {
	Name       string
	URL        string // as written, e.g. "/historier/" or "https://…"
	PageRef    string // a content path like "historier" or "om.md"
	Weight     int
	Identifier string
}

// Pagination configures list pages.
type Pagination struct {
	PagerSize int // items per page, at least 1
}

// Privacy lists the only other hosts the published site may load scripts,
// styles, fonts, images or frames from. Empty, the default, means none:
// visitors' browsers talk to the site's own host alone.
type Privacy struct {
	AllowHosts []string
}

// Images configure the photos the build makes from a site's pictures.
type Images struct {
	// Quality is the JPEG and WebP quality, 1–100; 0 means the image
	// pipeline's default (80).
	Quality int
}

// Editor is how works speaks to the people who write the site.
type Editor struct {
	// Language is the language of every message, hint and summary works
	// prints or shows in the preview; "" means msg.Default (Norwegian).
	Language msg.Lang
}

// Feeds say what the feeds carry of each page.
type Feeds struct {
	// Full puts each page's whole text in its feed item; by default
	// (content = "summary") an item carries the summary, and readers
	// follow the link for the rest.
	Full bool
}

// Markup configures Markdown rendering.
type Markup struct {
	Unsafe      bool // keep raw HTML in Markdown; it is dropped unless true
	Typographer bool // curly quotes, dashes and ellipses
}

// Defaults that Default and Parse share.
const (
	defaultLanguage  = "nb"
	defaultTimeZone  = "Europe/Oslo"
	defaultTheme     = "works"
	defaultPagerSize = 10
)

// Default returns the configuration of a site without works.toml. Each call
// returns a new value, so callers may change it.
func Default() *Config {
	loc, err := time.LoadLocation(defaultTimeZone)
	if err != nil {
		// Cannot happen: time/tzdata is linked in.
		panic(fmt.Sprintf("config: load time zone %s: %v", defaultTimeZone, err))
	}
	return &Config{
		BaseURL:         "/",
		DefaultLanguage: defaultLanguage,
		TimeZone:        defaultTimeZone,
		Location:        loc,
		Theme:           defaultTheme,
		Languages: map[string]*Language{
			defaultLanguage: newLanguage(defaultLanguage, "Norsk (bokmål)", 1),
		},
		Menus:      map[string]map[string][]MenuItem{},
		Params:     map[string]any{},
		Pagination: Pagination{PagerSize: defaultPagerSize},
		Permalinks: map[string]string{},
		Taxonomies: map[string]string{"tag": "tags", "sector": "sectors"},
		Markup:     Markup{Typographer: true},
	}
}

func newLanguage(code, name string, weight int) *Language {
	return &Language{
		Code:     code,
		Name:     name,
		Weight:   weight,
		Sections: map[string]string{},
		Params:   map[string]any{},
	}
}

// Load reads works.toml from the root of fsys. A site without one gets
// Default().
func Load(fsys fs.FS) (*Config, error) {
	src, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		d := diag.Errorf(diag.Position{File: FileName}, "check that it is a file and that you may read it", "the settings file cannot be read (%v)", err)
		d.Err = err
		return nil, diag.List{d}
	}
	return Parse(FileName, src)
}

// PermalinkTokens are the placeholders a [permalinks] pattern may use,
// after ":" (":section/:slug"). None is the start of another, so the first
// that matches where a ":" stands is the one. Read only.
var PermalinkTokens = []string{"section", "slug", "year", "month", "day", "title", "filename"}

// Parse reads a configuration from src; name is the file name used in error
// positions. On error the result is nil and the error is a diag.List holding
// every problem found.
func Parse(name string, src []byte) (*Config, error) {
	// Editors on Windows like to start files with a byte order mark; TOML
	// does not allow one, and it is invisible, so it must not cost a build.
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	// A file saved as UTF-16 would otherwise fail on its first byte with
	// "invalid character at start of key: U+00FF".
	if p := syntax.Encoding(src); p != nil {
		return nil, diag.List{p.At(name, src, 0)}
	}
	raw, syntaxErr := decodeTOML(name, src)
	if syntaxErr != nil {
		return nil, diag.List{syntaxErr}
	}
	d := &decoder{file: name, src: src, locs: locate(src)}
	c := d.config(raw)
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	d.warnings.Sort()
	c.Warnings = d.warnings
	return c, nil
}

// LanguageCodes returns the codes of the site's languages: the default
// language first, then by Weight, then by code.
func (c *Config) LanguageCodes() []string {
	codes := make([]string, 0, len(c.Languages))
	for code := range c.Languages {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if a == c.DefaultLanguage || b == c.DefaultLanguage {
			return boolCompare(b == c.DefaultLanguage, a == c.DefaultLanguage)
		}
		return cmp.Or(cmp.Compare(c.Languages[a].Weight, c.Languages[b].Weight), cmp.Compare(a, b))
	})
	return codes
}

// boolCompare orders false before true.
func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	default:
		return 1
	}
}

// SectionSlug returns the URL segment of section in language lang: its
// translation from [languages.LANG.sections], or the section name itself.
func (c *Config) SectionSlug(lang, section string) string {
	if l := c.Languages[lang]; l != nil {
		if s := l.Sections[section]; s != "" {
			return s
		}
	}
	return section
}
