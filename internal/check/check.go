// Package check finds what a writer should fix before a page is published:
// links to pages, headings and images that do not exist, links to drafts,
// accessibility problems (alt text, link text, heading levels, table headers,
// frame titles), hard-to-read text, front matter that breaks its section's
// schema, duplicate titles and pages no other page links to. Every finding
// points at the Markdown source, with a hint a communications officer can act
// on. It reads the site model and the documents and does no I/O.
//
// What a body holds (links and their text, headings, tables, raw HTML,
// sentences) comes from the markdown package's one parse of it: the Facts
// of the build's render (Options.Facts), or for a body the build did not
// render, markdown.Renderer.Facts. Check parses no Markdown itself.
//
// What the built files hold (their paths, the ids the theme gives
// elements, the links of menus and lists, loads from other hosts) comes
// from a Built the build fed each file as it wrote it (Options.Built), so
// that a build need not keep its files until check runs; a build that
// keeps them, as the preview does, gives them instead (Options.Files).
package check

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/parallel"
	"github.com/drammen-works/works/internal/site"
)

// Options configure Run. The zero value checks against the defaults.
type Options struct {
	// Now is the moment the model was built for; it tells a scheduled page
	// from an expired one. Zero means time.Now().
	Now time.Time
	// Facts returns what the build's render of a document saw
	// (markdown.Result.Facts), so that each body is parsed once; check only
	// reads them, from several goroutines. When Facts is nil, or returns nil
	// for a document, check has Markdown read that body.
	Facts func(d *content.Document) *markdown.Facts
	// Markdown reads the bodies Facts does not give, exactly as the build
	// does; nil means a renderer made from the site's markup settings.
	Markdown *markdown.Renderer
	// Built is what the build saw of the files it wrote (NewBuilt, then
	// Built.Add for every file), for the model given to Run; with it Files
	// is not read. Without Built or Files links to static files are not
	// checked, and neither are pages no other page links to (which needs
	// the rendered navigation) nor loads from other hosts.
	Built *Built
	// Files is the built site, for a build that keeps its files: check
	// reads all of them once when it checks the whole site, and, when it
	// checks only some documents (Only), a file only when a rule asks,
	// which lets the preview render a page only when a link needs it.
	Files Files
	// Plain holds the plain-language limits.
	Plain Plain
	// Schemas are the front-matter schemas by section; nil means
	// DefaultSchemas(). Sections without one get BaseSchema().
	Schemas map[string]Schema
	// Workers check pages in parallel; 0 means one per CPU.
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
//
// A done ctx stops it early, with ctx's error among the findings.
func Run(ctx context.Context, m *site.Model, docs []*content.Document, opts Options) diag.List {
	if docs == nil {
		docs = documents(m)
	}
	c := newChecker(ctx, m, docs, opts)
	c.analyse(ctx)
	c.eachPage(ctx, func(w *checker, pg *page) {
		w.links(pg)
		w.access(pg)
		w.plain(pg)
	})
	if err := ctx.Err(); err != nil {
		var stopped diag.List
		stopped.Add(err)
		return stopped
	}
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

	*siteURLs                      // the model's pages by URL
	pages     []*page              // content pages of the model, in model order
	byPage    map[*site.Page]*page // the same, by model page
	inModel   map[*content.Document]bool
	byPath    map[string]*content.Document // every document by path below content/
	md        func() *markdown.Renderer    // Options.Markdown, or one made when first needed
	others    *pageCache                   // pages not being checked (Only) that links point into
	// files answers the page rules' questions about the built files, and
	// built the whole-site rules'; nil without built files (built is also
	// nil when only some documents are checked from Files).
	files builtLookup
	built *Built
}

// page is one content page of the model and what its body holds.
type page struct {
	p     *site.Page
	file  string // "content/" + path
	facts *markdown.Facts
	html  []rawHTML       // facts.HTML as read for comments and frames
	ids   map[string]bool // every id a link may point at: headings, raw HTML
}

// pageCache holds pages read on demand; the page rules read it in
// parallel.
type pageCache struct {
	mu    sync.Mutex
	pages map[*site.Page]*page
}

// eachPage runs rules on every content page, in parallel: each worker has
// its own copy of the checker for its findings, which are joined after.
func (c *checker) eachPage(ctx context.Context, rules func(w *checker, pg *page)) {
	workers := make([]checker, parallel.Workers(len(c.pages), c.opts.Workers))
	for i := range workers {
		workers[i] = *c
		workers[i].diags = nil
	}
	parallel.ForWorker(ctx, len(c.pages), c.opts.Workers, func(w, i int) { workers[w].checkPage(c.pages[i], rules) })
	for _, w := range workers {
		c.diags = append(c.diags, w.diags...)
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

func newChecker(ctx context.Context, m *site.Model, docs []*content.Document, opts Options) *checker {
	c := &checker{
		others: &pageCache{pages: map[*site.Page]*page{}},
		m:      m, opts: opts, now: opts.Now, docs: docs,
		byPage:  map[*site.Page]*page{},
		inModel: map[*content.Document]bool{},
		byPath:  map[string]*content.Document{},
	}
	switch {
	case opts.Built != nil:
		if opts.Built.m != m {
			panic("check: Options.Built was made for another model than Run's")
		}
		c.built = opts.Built
	case opts.Files != nil && opts.Only == nil:
		// The whole site: read each file once, as a build that does not
		// keep its files has Built read them while it writes them.
		c.built = builtFrom(ctx, m, opts.Files.Files(), opts.Workers)
	case opts.Files != nil:
		c.files = &fileLookup{files: opts.Files, ids: newIDCache()}
	}
	if c.built != nil {
		c.files = c.built
		c.siteURLs = c.built.urls
	} else {
		c.siteURLs = newSiteURLs(m)
	}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	if c.opts.Schemas == nil {
		c.opts.Schemas = DefaultSchemas()
	}
	c.opts.Plain = c.opts.Plain.withDefaults()
	c.md = sync.OnceValue(func() *markdown.Renderer {
		if opts.Markdown != nil {
			return opts.Markdown
		}
		return markdown.New(markdown.Options{Unsafe: m.Config.Markup.Unsafe, Typographer: m.Config.Markup.Typographer})
	})
	for _, d := range docs {
		c.byPath[d.Path] = d
	}
	for _, p := range m.Pages {
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

// analyse gathers what every page's body holds, in parallel: its facts,
// its raw HTML read for comments, frames and ids, and the ids a link may
// point at.
func (c *checker) analyse(ctx context.Context) {
	parallel.For(ctx, len(c.pages), c.opts.Workers, func(i int) { c.read(c.pages[i]) })
}

// read fills in what pg's body holds, from the facts of the build's
// render of it, or else from its own reading of the body.
func (c *checker) read(pg *page) {
	d := pg.p.Doc
	if c.opts.Facts != nil {
		pg.facts = c.opts.Facts(d)
	}
	if pg.facts == nil {
		pg.facts = c.md().Facts(markdown.Input{Path: d.Path, Body: d.Body, BodyLine: d.BodyLine, Lang: pg.p.Lang})
	}
	pg.html = readHTML(pg.facts.HTML)
	pg.ids = ids(pg.facts, pg.html)
}

// ids are the ids of a body a link may point at: its headings', and those
// its raw HTML gives elements.
func ids(f *markdown.Facts, html []rawHTML) map[string]bool {
	ids := make(map[string]bool, len(f.Headings))
	for _, h := range f.Headings {
		ids[h.ID] = true
	}
	for _, h := range html {
		for _, id := range h.ids {
			ids[id] = true
		}
	}
	return ids
}

// target is the page a link points into, with what its body holds; nil
// for a page the site makes, which has no body. A page that is not being
// checked (Only) is read when first linked to.
func (c *checker) target(to *site.Page) *page {
	if tp := c.byPage[to]; tp != nil || to.Doc == nil {
		return tp
	}
	c.others.mu.Lock()
	defer c.others.mu.Unlock()
	tp := c.others.pages[to]
	if tp == nil {
		tp = &page{p: to, file: to.File()}
		c.read(tp)
		c.others.pages[to] = tp
	}
	return tp
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

// keyPos is where key itself is written in d's front matter, for a
// finding about its name; the top of the file if it is not there.
func keyPos(d *content.Document, key string) diag.Position {
	if pos, ok := d.Meta.KeyPos[key]; ok {
		pos.File = "content/" + d.Path
		return pos
	}
	return fileTop(d)
}

// fileTop is line 1 of d: the place for findings about the whole page.
func fileTop(d *content.Document) diag.Position {
	return diag.Position{File: "content/" + d.Path, Line: 1, Col: 1}
}

// list joins up to max items as "a, b and c", with "…" when there are more;
// the "and" is said in the language of the sentence around it.
func list(items []string, max int) msg.Text {
	switch {
	case len(items) > max:
		return msg.T("%s", strings.Join(items[:max], ", ")+", …")
	case len(items) <= 1:
		return msg.T("%s", strings.Join(items, ""))
	}
	return msg.T("%s and %s", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
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
