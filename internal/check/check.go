// Package check finds what a writer should fix before a page is published:
// links to pages, headings and images that do not exist, links to drafts,
// accessibility problems (alt text, link text, heading levels, table headers,
// frame titles), hard-to-read text, front matter that breaks its section's
// schema, duplicate titles and pages no other page links to. Every finding
// points at the Markdown source, with a hint a communications officer can act
// on. It reads the site model and the documents and does no I/O.
//
// The markdown package reports headings and link destinations but not their
// positions, link text, alt text, tables or raw HTML, so check parses each
// body once more (parse.go). When markdown.Result carries those facts, that
// second parse can go.
package check

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/slug"
)

// Options configure Run. The zero value checks against the defaults.
type Options struct {
	// Now is the moment the model was built for; it tells a scheduled page
	// from an expired one. Zero means time.Now().
	Now time.Time
	// Markdown gives the heading ids exactly as the build makes them; nil
	// means a renderer made from the site's markup settings.
	Markdown *markdown.Renderer
	// Files is the built site. Without it links to static files are not
	// checked, and neither are pages no other page links to (which needs the
	// rendered navigation).
	Files Files
	// Plain holds the plain-language limits.
	Plain Plain
	// Schemas are the front-matter schemas by section; nil means
	// DefaultSchemas(). Sections without one get BaseSchema().
	Schemas map[string]Schema
	// Workers parse bodies in parallel; 0 means one per CPU.
	Workers int
	// Only, when set, limits the checks to the documents at these paths
	// (below content/) and leaves out the rules about the whole site
	// (duplicate titles, orphans, other hosts): the preview checks each
	// saved file, and checked the whole site when it started.
	Only map[string]bool
}

// Files is the built output as check reads it; *output.Set is one.
type Files interface {
	Files() []output.File
	Get(path string) (output.File, bool)
}

var _ Files = (*output.Set)(nil)

// Run checks every page of the model and the front matter of every document
// that is published or scheduled, and returns the findings sorted. Docs are
// all the documents the model was built from, the skipped ones included, so
// a link to a draft can be told from a link to nothing; nil means the
// model's pages' documents and m.Skipped.
func Run(m *site.Model, docs []*content.Document, opts Options) diag.List {
	if docs == nil {
		docs = documents(m)
	}
	c := newChecker(m, docs, opts)
	c.analyse()
	c.eachPage(func(w *checker, pg *page) {
		w.links(pg)
		w.access(pg)
		w.plain(pg)
	})
	c.frontMatterImages()
	c.schemas()
	if c.opts.Only == nil {
		c.duplicateTitles()
		c.orphans()
		c.privacy()
	}
	c.diags.Sort()
	return c.diags
}

// checker holds one Run's indexes and findings.
type checker struct {
	m     *site.Model
	opts  Options
	now   time.Time
	docs  []*content.Document
	diags diag.List

	pages    []*page               // content pages of the model, in model order
	byPage   map[*site.Page]*page  // the same, by model page
	byURL    map[string]*site.Page // every page of the model by Path and RelPermalink, lists' later pages too
	inModel  map[*content.Document]bool
	byPath   map[string]*content.Document // every document by path below content/
	basePath string
	origin   string
	htmlIDs  *idCache // ids of built pages, read on demand
}

// page is one content page of the model and what its body holds.
type page struct {
	p     *site.Page
	file  string // "content/" + path
	loc   *locator
	facts *facts
	ids   map[string]bool // every id a link may point at: headings, raw HTML
}

// idCache holds the ids of built pages; the page rules read it in
// parallel.
type idCache struct {
	mu  sync.Mutex
	ids map[*site.Page]map[string]bool
}

// eachPage runs rules on every content page, in parallel: each worker has
// its own copy of the checker for its findings, which are joined after.
func (c *checker) eachPage(rules func(w *checker, pg *page)) {
	workers := cmp.Or(c.opts.Workers, runtime.GOMAXPROCS(0))
	found := make([]diag.List, workers)
	next := make(chan *page)
	var wg sync.WaitGroup
	for i := range workers {
		w := *c
		w.diags = nil
		wg.Go(func() {
			for pg := range next {
				w.checkPage(pg, rules)
			}
			found[i] = w.diags
		})
	}
	for _, pg := range c.pages {
		next <- pg
	}
	close(next)
	wg.Wait()
	for _, l := range found {
		c.diags = append(c.diags, l...)
	}
}

// checkPage runs the rules on one page. A rule that panics has a bug, not
// the page: the panic is reported at the page and the other pages are
// still checked, where it would otherwise end works check with Go's exit
// status 2, which means a wrong command line.
func (w *checker) checkPage(pg *page, rules func(w *checker, pg *page)) {
	defer func() {
		if v := recover(); v != nil {
			w.diags.Add(diag.Errorf(diag.Position{File: pg.file}, "this is a bug in works check: please report it with this page",
				"works check stopped with an internal error on this page: %v", v))
		}
	}()
	rules(w, pg)
}

func newChecker(m *site.Model, docs []*content.Document, opts Options) *checker {
	c := &checker{
		htmlIDs: &idCache{ids: map[*site.Page]map[string]bool{}},
		m:       m, opts: opts, now: opts.Now, docs: docs,
		byPage:  map[*site.Page]*page{},
		byURL:   map[string]*site.Page{},
		inModel: map[*content.Document]bool{},
		byPath:  map[string]*content.Document{},
	}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	if c.opts.Schemas == nil {
		c.opts.Schemas = DefaultSchemas()
	}
	c.opts.Plain = c.opts.Plain.withDefaults()
	c.origin, c.basePath = site.SplitBaseURL(m.Config.BaseURL)
	for _, d := range docs {
		c.byPath[d.Path] = d
	}
	for _, p := range m.Pages {
		c.byURL[p.Path] = p
		c.byURL[p.RelPermalink] = p
		for _, pg := range p.Pagers {
			c.byURL[pg.Path] = p
			c.byURL[pg.URL] = p
		}
		if p.Doc == nil {
			continue
		}
		c.inModel[p.Doc] = true
		c.byPath[p.Doc.Path] = p.Doc
		if c.opts.Only != nil && !c.opts.Only[p.Doc.Path] {
			continue
		}
		pg := &page{p: p, file: p.File()}
		c.pages = append(c.pages, pg)
		c.byPage[p] = pg
	}
	return c
}

// analyse parses every body, in parallel, and takes the heading ids from
// the markdown package so they match the built pages exactly.
func (c *checker) analyse() {
	md := c.opts.Markdown
	if md == nil {
		md = markdown.New(markdown.Options{Unsafe: c.m.Config.Markup.Unsafe, Typographer: c.m.Config.Markup.Typographer})
	}
	gm := newParser()
	workers := cmp.Or(c.opts.Workers, runtime.GOMAXPROCS(0))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				pg := c.pages[i]
				d := pg.p.Doc
				pg.loc = newLocator(pg.file, d.Body, d.BodyLine)
				pg.facts = analyse(gm, pg.loc)
				headings := pg.p.Headings
				if headings == nil { // the build has not rendered this page
					res, _ := md.Render(markdown.Input{Path: d.Path, Body: d.Body, BodyLine: d.BodyLine, Lang: pg.p.Lang})
					for _, h := range res.Headings {
						headings = append(headings, site.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
					}
				}
				pg.ids = map[string]bool{}
				for id := range pg.facts.ids {
					pg.ids[id] = true
				}
				for j := range pg.facts.headings {
					h := &pg.facts.headings[j]
					if j < len(headings) && len(headings) == len(pg.facts.headings) {
						h.id = headings[j].ID
					} else {
						h.id = slug.Make(h.text) // cannot happen: both parse the same body alike
					}
					pg.ids[h.id] = true
				}
			}
		})
	}
	for i := range c.pages {
		next <- i
	}
	close(next)
	wg.Wait()
}

// why says why a document is not in the model: "draft", "scheduled" or
// "expired"; "" when it is in the model.
func (c *checker) why(d *content.Document) string {
	if c.inModel[d] {
		return ""
	}
	m := &d.Meta
	publish := cmp.Or(m.PublishDate, m.Date)
	switch {
	case m.Draft:
		return "draft"
	case publish.After(c.now):
		return "scheduled"
	case !m.ExpiryDate.IsZero() && !m.ExpiryDate.After(c.now):
		return "expired"
	}
	return "left out"
}

// docPos is where a front-matter key's value was written in d, or the top
// of the file.
func docPos(d *content.Document, key string) diag.Position {
	for k, pos := range d.Meta.Pos {
		if strings.EqualFold(k, key) {
			pos.File = "content/" + d.Path
			return pos
		}
	}
	return fileTop(d)
}

// fileTop is line 1 of d: the place for findings about the whole page.
func fileTop(d *content.Document) diag.Position {
	return diag.Position{File: "content/" + d.Path, Line: 1, Col: 1}
}

// list joins up to max items as "a, b and c", with "…" when there are more.
func list(items []string, max int) string {
	more := len(items) > max
	if more {
		items = items[:max]
	}
	switch {
	case len(items) == 0:
		return ""
	case more:
		return strings.Join(items, ", ") + ", …"
	case len(items) == 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// sortedKeys returns the keys of a set in order.
func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// documents are the documents a model was built from: its pages' and the
// ones it left out, by path.
func documents(m *site.Model) []*content.Document {
	seen := map[*content.Document]bool{}
	var docs []*content.Document
	for _, p := range m.Pages {
		if p.Doc != nil && !seen[p.Doc] {
			seen[p.Doc] = true
			docs = append(docs, p.Doc)
		}
	}
	docs = append(docs, m.Skipped...)
	slices.SortFunc(docs, func(a, b *content.Document) int { return strings.Compare(a.Path, b.Path) })
	return docs
}
