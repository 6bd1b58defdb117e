package site

import (
	"fmt"
	"html/template"
	"math"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
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

	Title           string
	Description     string
	Summary         template.HTML
	Truncated       bool // the summary is shorter than the content
	Content         template.HTML
	Plain           string
	TableOfContents template.HTML
	Headings        []Heading // the body's headings with their ids, once the Markdown is rendered
	WordCount       int

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
	body     *Body // as given to SetBody, before the front matter's summary
	rank     int   // the page's place in its site's RegularPages
	related  struct {
		once  sync.Once
		pages []*Page
	}
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
	return max(1, int(math.Ceil(float64(p.WordCount)/200)))
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

// SetMarkdown fills the page from its rendered body. A front-matter summary
// wins over the one Markdown found (the text before <!--more--> or the first
// paragraph).
func (p *Page) SetMarkdown(res markdown.Result) { p.SetBody(NewBody(res)) }

// Body is a rendered Markdown body as pages hold it. The preview keeps the
// bodies of unchanged documents and hands them to each new model, so what
// is converted here is converted once.
type Body struct {
	Content, TableOfContents template.HTML
	Summary                  template.HTML
	Truncated                bool
	Headings                 []Heading
	WordCount                int
	Plain                    string
}

// NewBody converts a Markdown result for pages.
func NewBody(res markdown.Result) *Body {
	b := &Body{
		Content: template.HTML(res.HTML), TableOfContents: template.HTML(res.TOC),
		Summary: template.HTML(res.Summary), Truncated: res.Truncated,
		Headings: make([]Heading, len(res.Headings)), WordCount: res.WordCount, Plain: string(res.Plain),
	}
	for i, h := range res.Headings {
		b.Headings[i] = Heading{Level: h.Level, ID: h.ID, Text: h.Text}
	}
	return b
}

// Body returns the body last given to SetBody or SetMarkdown; nil before.
func (p *Page) Body() *Body { return p.body }

// SetDoc gives the page a new version of its document, for the preview
// after an edit that changed only the text: everything else the page is
// made of (front matter, place, address) must be the same.
func (p *Page) SetDoc(d *content.Document) { p.Doc = d }

// SetBody gives the page its rendered body.
func (p *Page) SetBody(b *Body) {
	p.body = b
	p.Content, p.TableOfContents = b.Content, b.TableOfContents
	p.Headings, p.WordCount, p.Plain = b.Headings, b.WordCount, b.Plain
	p.Summary, p.Truncated = b.Summary, b.Truncated
	if p.Doc != nil && p.Doc.Meta.Summary != "" {
		p.Summary, p.Truncated = template.HTML("<p>"+template.HTMLEscapeString(p.Doc.Meta.Summary)+"</p>"), true
	}
}

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

	images ImageProcessor // carries out Resize, Fit and Fill; set by the build
}

// ImageProcessor makes a processed copy of an image resource: the work
// behind Resize, Fit and Fill. op is "resize", "fit" or "fill"; spec is what
// the template wrote ("1200x630 webp q75 top"). The build sets one on every
// resource, so that the model stays free of image code and I/O.
type ImageProcessor interface {
	Process(r *Resource, op, spec string) (*Resource, error)
}

// ImageProcessorFunc adapts a function to an ImageProcessor.
type ImageProcessorFunc func(r *Resource, op, spec string) (*Resource, error)

// Process calls f.
func (f ImageProcessorFunc) Process(r *Resource, op, spec string) (*Resource, error) {
	return f(r, op, spec)
}

// SetImageProcessor gives the resource what its Resize, Fit and Fill
// methods call. Set it before templates run: the methods read it from many
// goroutines.
func (r *Resource) SetImageProcessor(p ImageProcessor) { r.images = p }

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
