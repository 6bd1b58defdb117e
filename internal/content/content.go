// Package content turns the source files under content/ into Documents: front
// matter parsed and type-checked with exact positions, the Markdown body, the
// language and the kind of page. It also loads the site's data/ folder.
//
// It knows nothing of config files, templates or URLs: Parse is pure, and Load
// and LoadData only read the fs.FS they are given.
package content

import (
	"time"

	"github.com/drammen-works/works/internal/diag"
)

// MaxFileSize is the largest content file we read. Anything bigger is almost
// certainly a pasted image or an export gone wrong, and reading it would slow
// every build.
const MaxFileSize = 8 << 20

// Kind says what a content file is, which decides how the site treats it.
type Kind int

const (
	Single Kind = iota // content/<section>/<name>.md (or content/<name>.md at top level)
	Bundle             // content/<section>/<name>/index.md: a page whose folder holds its resources
	Branch             // _index.md: the home page (content/_index.md) or a section list
)

func (k Kind) String() string {
	switch k {
	case Single:
		return "single"
	case Bundle:
		return "bundle"
	case Branch:
		return "branch"
	}
	return "unknown"
}

// Document is one content file, parsed but not rendered.
type Document struct {
	Path      string // slash path relative to content/, e.g. "historier/bryggeriet.md", "historier/hall/index.md"
	Kind      Kind
	Lang      string // from the file name ("name.en.md" → "en") or front matter `lang`; "" means the site's default
	Name      string // base name without language and extension: "bryggeriet"; for bundles and sections the folder name; "" for the home page
	Section   string // first path element for pages below a folder ("historier"); "" for top-level pages and the home _index
	Meta      Meta
	Body      []byte   // Markdown after the front matter
	BodyLine  int      // 1-based line of the file on which Body starts, so Markdown positions can be mapped back
	Resources []string // Bundle only: paths (relative to content/) of the other files in the bundle folder, sorted, recursive
}

// Meta is the front matter, type-checked. Keys are matched without regard to
// case (Hugo does the same, and people write "Title" by habit).
type Meta struct {
	Title, Summary, Description, Slug, URL, Layout, TranslationKey, Project, Image, ImageAlt, Lang string

	Date, Lastmod, PublishDate, ExpiryDate time.Time // zero when absent

	Draft, Featured, TOC bool // TOC from key `toc`

	Weight int

	Tags, Sectors, Authors, Aliases []string

	// Params holds every front-matter key as written, including the known
	// ones above with their checked Go values: string, bool, int64, float64,
	// time.Time (date keys, and TOML dates), []string (list keys), []any and
	// map[string]any. Templates read .Params.
	Params map[string]any

	// Pos is the position of each top-level key's value, keyed as in Params,
	// so later stages can point at a `project` that names no page.
	Pos map[string]diag.Position
	// KeyPos is where each key itself is written, by key as written: the
	// place to point at a misspelt name.
	KeyPos map[string]diag.Position
}
