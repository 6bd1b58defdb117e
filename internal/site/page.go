package site

import (
	"fmt"
	"html/template"
	"maps"
	"math"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
)

// Kinds of page, with the names Hugo templates know.
const (
	KindHome     = "home"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy"
	KindTerm     = "term"
	Kind404      = "404"
)

// Page is one page of one language: a content file, or a list the site
// generates (a section without _index.md, a taxonomy, a term). Templates read
// its fields and methods by the names Hugo users know.
type Page struct {
	Kind    string
	Doc     *content.Document // nil for generated pages
	Site    *Site             // the site of the page's language
	Lang    string
	Section string // first folder below content/ ("historier"); "" for home and top-level pages
	Type    string // the section, or "page" for top-level pages; picks <type>/single.html
	Layout  string // front-matter layout, if any

	Title       string
	Description string

	Date, Lastmod, PublishDate, ExpiryDate time.Time

	Draft, Featured bool
	Weight          int
	Params          map[string]any
	Authors         []string
	Aliases         []string

	// Slug is the last URL segment; RelPermalink the path the page is served
	// at ("/en/stories/hall/"), Permalink the same with the base URL.
	Slug         string
	Path         string // below the site root, without the base URL's path: "/en/stories/hall/"
	RelPermalink string
	Permalink    string

	Parent       *Page   // the section (or home) the page belongs to
	Pages        []*Page // for lists: the pages listed, in order
	Translations []*Page // the same page in the site's other languages, by language order
	Prev, Next   *Page   // neighbours in the section's order: Prev is listed before (newer), Next after
	Project      *Page   // the project page named by front-matter `project`
	Referrers    []*Page // pages whose `project` is this page, newest first
	Resources    Resources

	// Taxonomy pages list their Terms; a term page has its Term.
	Taxonomy *Taxonomy
	Term     *Term
	Terms    map[string][]*Term // the page's own terms, by taxonomy plural ("tags")

	Pagers []*Pager // for paginated lists: one per output page; nil otherwise

	transKey string
	// metaSummary is the front matter's summary as HTML, which wins over
	// the one Markdown found; "" without one.
	metaSummary template.HTML
	rank        int // the page's place in its site's RegularPages
	index       int // the page's place in Model.Pages
	related     *lazyPages
}

// lazyPages is a list worked out when first asked for (related pages).
type lazyPages struct {
	once  sync.Once
	pages []*Page
}

// File is the page's source path as shown in messages ("content/historier/a.md").
func (p *Page) File() string {
	if p.Doc == nil {
		return ""
	}
	return "content/" + p.Doc.Path
}

// Pos is where the front-matter key was written, or the file itself.
func (p *Page) Pos(key string) diag.Position {
	if p.Doc != nil {
		// Keys are kept as written, and writers capitalise them by habit.
		for k, pos := range p.Doc.Meta.Pos {
			if strings.EqualFold(k, key) {
				pos.File = p.File()
				return pos
			}
		}
	}
	return diag.Position{File: p.File()}
}

func (p *Page) IsHome() bool    { return p.Kind == KindHome }
func (p *Page) IsPage() bool    { return p.Kind == KindPage }
func (p *Page) IsSection() bool { return p.Kind == KindSection }
func (p *Page) IsNode() bool    { return p.Kind != KindPage }

// Language is the page's language.
func (p *Page) Language() *Language { return p.Site.Language }

// RegularPages are the listed pages that are not lists themselves.
func (p *Page) RegularPages() []*Page {
	var out []*Page
	for _, q := range p.Pages {
		if q.Kind == KindPage {
			out = append(out, q)
		}
	}
	return out
}

// ReadingTime is in whole minutes at 200 words a minute, at least 1.
func (p *Page) ReadingTime() int {
	return max(1, int(math.Ceil(float64(p.WordCount())/200)))
}

// IsTranslated reports whether the page exists in another language.
func (p *Page) IsTranslated() bool { return len(p.Translations) > 0 }

// Translation returns the page in lang, or nil.
func (p *Page) Translation(lang string) *Page {
	if lang == p.Lang {
		return p
	}
	for _, t := range p.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}

// NoIndex reports whether the front matter says `noindex: true`: the page
// stays out of sitemaps and the site's search. Keys keep the case they were
// written in, and people write "noIndex".
func (p *Page) NoIndex() bool {
	for k, v := range p.Params {
		if strings.EqualFold(k, "noindex") && v == true {
			return true
		}
	}
	return false
}

// Param returns a front-matter value, falling back to the site's params.
func (p *Page) Param(key string) any {
	if v, ok := p.Params[key]; ok {
		return v
	}
	return p.Site.Params[key]
}

// InSection reports whether other is in the same section as p.
func (p *Page) InSection(other *Page) bool {
	return other != nil && other.Lang == p.Lang && other.Section == p.Section
}

// Paginator is the first pager of a paginated list; templates rendering a
// later page of the list get that page's pager instead (see render).
func (p *Page) Paginator() *Pager {
	if len(p.Pagers) == 0 {
		return nil
	}
	return p.Pagers[0]
}

// Bodies gives pages their rendered Markdown. A body's links and images
// need the model, so the build renders the bodies after the model is made
// and hands them over through this, given to New: the model itself never
// changes once made.
type Bodies interface {
	// Body returns the page's rendered body, or nil when it has none (a
	// list the site makes, or before the bodies are rendered).
	Body(p *Page) *Body
}

// BodyTable is Bodies filled after New: the build makes the model, renders
// every body with it, and sets them here before anything reads a page.
// Sets must not run while pages are read.
type BodyTable struct {
	byDoc map[*content.Document]*Body
}

var _ Bodies = (*BodyTable)(nil)

// NewBodyTable makes an empty table, room for n bodies.
func NewBodyTable(n int) *BodyTable {
	return &BodyTable{byDoc: make(map[*content.Document]*Body, n)}
}

// Clone returns a table with the same bodies, to set others in.
func (t *BodyTable) Clone() *BodyTable { return &BodyTable{byDoc: maps.Clone(t.byDoc)} }

// Set gives the page made from d its body.
func (t *BodyTable) Set(d *content.Document, b *Body) { t.byDoc[d] = b }

// Body returns the body set for the page's document.
func (t *BodyTable) Body(p *Page) *Body {
	if p.Doc == nil {
		return nil
	}
	return t.byDoc[p.Doc]
}

// Body is a rendered Markdown body as pages show it.
type Body struct {
	Content, TableOfContents template.HTML
	Summary                  template.HTML // before <!--more-->, else the first paragraph
	Truncated                bool          // Summary is shorter than Content
	Headings                 []Heading
	WordCount                int
	Plain                    string
}

// body is the page's rendered body; never nil.
func (p *Page) body() *Body {
	if p.Site != nil && p.Site.model != nil && p.Site.model.bodies != nil {
		if b := p.Site.model.bodies.Body(p); b != nil {
			return b
		}
	}
	return &noBody
}

var noBody Body // read only: the body of a page without one

// Content is the page's body as HTML.
func (p *Page) Content() template.HTML { return p.body().Content }

// TableOfContents is a nested list of the body's h2–h4 headings, or "".
func (p *Page) TableOfContents() template.HTML { return p.body().TableOfContents }

// Summary is the short text lists and feeds show: the front matter's
// summary, else the text before <!--more-->, else the first paragraph.
func (p *Page) Summary() template.HTML {
	if p.metaSummary != "" {
		return p.metaSummary
	}
	return p.body().Summary
}

// Truncated reports whether the summary is shorter than the content.
func (p *Page) Truncated() bool { return p.metaSummary != "" || p.body().Truncated }

// Headings are the body's headings with their ids.
func (p *Page) Headings() []Heading { return p.body().Headings }

// WordCount is the number of words of the body's text.
func (p *Page) WordCount() int { return p.body().WordCount }

// Plain is the body's text without markup, whitespace folded.
func (p *Page) Plain() string { return p.body().Plain }

// Heading is one heading of a page's body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Resource is a file that belongs to a page bundle, or a processed copy of
// one (from Resize, Fit or Fill), which keeps its source's Name and Path and
// has its own URLs, MediaType and size.
type Resource struct {
	Name         string // path relative to the bundle folder: "illustration.svg"
	Path         string // path relative to content/
	RelPermalink string
	Permalink    string
	MediaType    string
	// Width and Height are an image's size in pixels as shown (EXIF
	// orientation applied; an SVG's from its viewBox), for the width and
	// height attributes that keep the layout from jumping; 0 otherwise.
	Width, Height int
	// Picture holds the processed variants of a photo or other raster image,
	// which is never published as it is (it may carry a GPS position);
	// nil for other files. RelPermalink then names its largest variant in
	// its own format.
	Picture *Picture

	images ImageProcessor // carries out Resize, Fit and Fill: Options.Processor
}

// ImageProcessor makes a processed copy of an image resource: the work
// behind Resize, Fit and Fill. op is "resize", "fit" or "fill"; spec is what
// the template wrote ("1200x630 webp q75 top"). The build gives one to New
// (Options.Processor), so that the model stays free of image code and I/O.
type ImageProcessor interface {
	Process(r *Resource, op, spec string) (*Resource, error)
}

// ImageProcessorFunc adapts a function to an ImageProcessor.
type ImageProcessorFunc func(r *Resource, op, spec string) (*Resource, error)

// Process calls f.
func (f ImageProcessorFunc) Process(r *Resource, op, spec string) (*Resource, error) {
	return f(r, op, spec)
}

// Processed is a processed copy of r, as an ImageProcessor returns it: the
// same Name and Path, its own address, type and size; p carries out the
// copy's own Resize, Fit and Fill.
func (r *Resource) Processed(relPermalink, permalink, mediaType string, width, height int, p ImageProcessor) *Resource {
	return &Resource{Name: r.Name, Path: r.Path, RelPermalink: relPermalink, Permalink: permalink,
		MediaType: mediaType, Width: width, Height: height, images: p}
}

// Resize returns the image scaled to spec's size ("800x", "x600",
// "1200x630"), keeping its proportions when one side is left out.
// Templates call it like Hugo's: {{ with .Resize "800x" }}…{{ end }}.
func (r *Resource) Resize(spec string) (*Resource, error) { return r.process("resize", "Resize", spec) }

// Fit returns the image scaled to fit inside spec's box ("300x300"),
// keeping its proportions.
func (r *Resource) Fit(spec string) (*Resource, error) { return r.process("fit", "Fit", spec) }

// Fill returns the image scaled and cropped to exactly spec's size
// ("1200x630"), keeping the part spec names (center unless "top" …).
func (r *Resource) Fill(spec string) (*Resource, error) { return r.process("fill", "Fill", spec) }

// process checks what the model can know on its own, so that a mistake in a
// layout reads the same whichever build runs it, and hands the rest to the
// processor. Errors name the call as the template wrote it; the renderer
// puts the layout's file and line in front.
func (r *Resource) process(op, method, spec string) (*Resource, error) {
	if r == nil {
		return nil, fmt.Errorf("%s %q: there is no image: the name given to .Resources.Get is not a file of the page's folder (check its spelling, or wrap the call in {{ with }})", method, spec)
	}
	switch ext := strings.ToLower(path.Ext(r.Name)); {
	case ext == ".svg":
		return nil, fmt.Errorf("%s %q on %s: an SVG drawing cannot be resized or cropped, and need not be: it scales by itself, so use it as it is, with .RelPermalink", method, spec, r.Name)
	case !isRasterExt(ext):
		return nil, fmt.Errorf("%s %q on %s: only photos and other images in JPEG, PNG, GIF or WebP can be resized", method, spec, r.Name)
	case r.images == nil:
		return nil, fmt.Errorf("%s %q on %s: this build does not process images", method, spec, r.Name)
	}
	out, err := r.images.Process(r, op, spec)
	if err != nil {
		return nil, fmt.Errorf("%s %q on %s: %w", method, spec, r.Name, err)
	}
	return out, nil
}

// isRasterExt reports whether a file name extension (with its dot, lower
// case) is one of the image formats the build processes.
func isRasterExt(ext string) bool {
	switch ext {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return true
	}
	return false
}

// Picture is the set of images behind one <picture> element.
type Picture struct {
	Width, Height int // the largest image's size
	// Sources are the formats, best first (WebP, then the source's own);
	// the last is the <img> element's srcset.
	Sources []PictureSource
}

// PictureSource is one format's images, narrowest first.
type PictureSource struct {
	MediaType string
	Images    []PictureImage
}

// PictureImage is one published variant.
type PictureImage struct {
	RelPermalink  string
	Width, Height int
}

// Srcset returns the images as a srcset attribute value: "a.webp 480w, b.webp 800w".
func (s PictureSource) Srcset() string {
	parts := make([]string, len(s.Images))
	for i, im := range s.Images {
		parts[i] = im.RelPermalink + " " + strconv.Itoa(im.Width) + "w"
	}
	return strings.Join(parts, ", ")
}

// Resources are a bundle's files, sorted by name.
type Resources []*Resource

// Get returns the resource with the given name, or nil.
func (rs Resources) Get(name string) *Resource {
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Match returns the resources whose name has the given prefix pattern ("images/*").
func (rs Resources) Match(pattern string) Resources {
	prefix := strings.TrimSuffix(pattern, "*")
	var out Resources
	for _, r := range rs {
		if strings.HasPrefix(r.Name, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// Taxonomy is one classification of one language: tags or sectors.
type Taxonomy struct {
	Name     string // plural, as configured: "tags"
	Singular string // "tag"
	Page     *Page  // the page that lists the terms
	Terms    []*Term
}

// Term is one value of a taxonomy and the pages that carry it.
type Term struct {
	Name     string // as first written: "Grønn omstilling"
	Slug     string
	Taxonomy *Taxonomy
	Page     *Page
	Pages    []*Page // newest first
}

// Count is the number of pages with the term.
func (t *Term) Count() int { return len(t.Pages) }
