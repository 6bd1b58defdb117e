package build

import (
	"cmp"
	"context"
	"crypto/sha256"
	"io/fs"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/assets"
	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/feed"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/redirect"
	"github.com/drammen-works/works/internal/render"
	"github.com/drammen-works/works/internal/search"
	"github.com/drammen-works/works/internal/site"
)

// Session builds one site again and again, for the preview. It keeps in
// memory what the last build read and made, and after a change reads again
// only the files that changed: one edited story on a 10 000-page site is
// one file parsed, one body rendered and a new site model, not a build.
//
// The first Update builds everything, checks the whole site and renders
// every page, as `works build` does. Later ones render pages only when
// they are asked for (Preview.Open) and check only the changed documents.
// A Session is not safe for concurrent Updates; its Previews are safe for
// concurrent use.
type Session struct {
	root    fs.FS
	opts    Options
	ip      *imageProcessor
	workers int
	started bool      // the first, full build has succeeded
	last    *Preview  // the last good build
	lastNow time.Time // the moment it was built for

	// What the last build read, kept until its files change. Nil or zero
	// fields are read again.
	cfg      *config.Config
	themeDir string
	docs     *content.Cache
	data     map[string]any
	dataErrs diag.List
	md       *markdown.Renderer
	tmpl     *render.Renderer
	tmplErrs diag.List
	schemas  map[string]check.Schema
	schErrs  diag.List
	// assets are the fingerprinted bundles, icons, manifest and social
	// cards; the templates' asset function reads them.
	assets    *assets.Set
	assetErrs diag.List
	// bodies are the rendered Markdown of each document, while the
	// pages that links resolve to stay the same (linkKey).
	bodies  map[*content.Document]renderedBody
	linkKey [sha256.Size]byte
	// rendered counts the bodies the last Update rendered, for tests and
	// the log: after one edit it should be one.
	rendered int
	patched  bool // the last Update kept the model and swapped pages' text
}

type renderedBody struct {
	body *site.Body
	errs diag.List
}

// NewSession starts a session on the site in root.
func NewSession(root fs.FS, opts Options) *Session {
	return newSession(root, opts, &imageProcessor{opts: images.Options{CacheDir: opts.imageCache()}})
}

func newSession(root fs.FS, opts Options, ip *imageProcessor) *Session {
	return &Session{root: root, opts: opts, ip: ip, workers: cmp.Or(opts.Workers, runtime.GOMAXPROCS(0))}
}

// SetNow sets the moment the next Update builds the site for: which pages
// are scheduled, and which are published.
func (s *Session) SetNow(t time.Time) { s.opts.Now = t }

// Close releases the image processor.
func (s *Session) Close() { s.ip.close() }

// Update builds the site after the files at changed (slash paths relative
// to the site's folder) were written or removed; nil means anything may
// have changed. The returned error is a diag.List when the content or
// templates are at fault; the Preview of the last good build stays valid.
func (s *Session) Update(ctx context.Context, changed []string) (*Preview, error) {
	pv, ok, err := s.patch(ctx, changed)
	s.patched = ok
	if ok {
		return pv, err
	}
	contentChanged := s.forget(changed)
	pv, err = s.build(ctx, contentChanged, !s.started)
	if err == nil {
		s.last, s.lastNow = pv, s.opts.Now
	}
	return pv, err
}

// patch is Update for the edit an editor makes most: the text of pages,
// their front matter untouched. Nothing of the site's shape depends on a
// page's text, so the last build's model is kept and only those pages get
// their new documents and bodies; every page renders anew on request in
// the new Preview, lists with the new summaries included. ok is false when
// the change is of another kind (and nothing was changed).
func (s *Session) patch(ctx context.Context, changed []string) (_ *Preview, ok bool, _ error) {
	last := s.last
	if last == nil || len(changed) == 0 {
		return nil, false, nil
	}
	var paths []string
	for _, p := range changed {
		rel, inContent := strings.CutPrefix(p, "content/")
		if !inContent || !strings.HasSuffix(rel, ".md") {
			return nil, false, nil
		}
		paths = append(paths, rel)
	}
	model := last.Model
	if s.statusMayChange(model) {
		return nil, false, nil
	}
	docs, derrs := s.docs.Load(paths)
	if derrs.Err() != nil {
		return nil, false, nil // build reports them
	}
	var pages []*site.Page
	var newDocs []*content.Document
	var swaps []swap
	for _, p := range paths {
		i, found := slices.BinarySearchFunc(docs, p, func(d *content.Document, p string) int { return strings.Compare(d.Path, p) })
		on := model.PagesOf(p)
		if !found || len(on) == 0 || !sameShape(on[0].Doc, docs[i]) {
			return nil, false, nil
		}
		for _, pg := range on {
			pages, newDocs = append(pages, pg), append(newDocs, docs[i])
			swaps = append(swaps, swap{page: pg, doc: docs[i]})
		}
	}

	var errs diag.List
	bodies := renderBodies(ctx, s.md, model, newImageResolver(model), pages, newDocs, s.workers)
	for i, b := range bodies {
		errs = append(errs, b.errs...)
		swaps[i].body = b.body
	}
	if err := errs.Err(); err != nil {
		return nil, true, err
	}
	if ctx.Err() != nil {
		return nil, true, ctx.Err()
	}
	files, jobs := last.Files, last.jobs
	if !last.Lazy() {
		// The first, full build: from now on its pages, feeds and search
		// index are made on request, the rest of its files kept.
		planned, perrs := last.tmpl.Plan(model)
		if len(perrs) > 0 {
			return nil, false, nil
		}
		jobs = make(map[string]render.Job, len(planned))
		for _, j := range planned {
			jobs[j.Path] = j
		}
		stale := map[string]bool{}
		for _, p := range last.fromText {
			stale[p] = true
		}
		files = output.NewSet()
		for _, f := range last.Files.Files() {
			if _, page := jobs[f.Path]; !page && !stale[f.Path] {
				files.Add(f)
			}
		}
	}
	last.lock.Lock()
	for i := range swaps {
		swaps[i].apply()
	}
	last.lock.Unlock()
	if !s.opts.SkipCheck {
		only := map[string]bool{}
		for _, p := range paths {
			only[p] = true
		}
		errs = append(errs, check.Run(model, nil, s.checkOptions(last, only))...)
		if err := errs.Err(); err != nil {
			last.lock.Lock()
			for i := range swaps {
				swaps[i].apply() // back as they were: the last good build stays
			}
			last.lock.Unlock()
			return nil, true, err
		}
	}
	if s.bodies != nil {
		for i, sw := range swaps {
			delete(s.bodies, sw.doc) // the old document: apply swapped them
			s.bodies[sw.page.Doc] = bodies[i]
		}
	}
	s.rendered = len(pages)
	pv := &Preview{
		Model: model, Files: files, Warnings: errs.Warnings(), Images: last.Images,
		tmpl: last.tmpl, jobs: jobs, images: last.images, lock: last.lock, made: map[string]*madePage{},
	}
	s.last, s.lastNow = pv, s.opts.Now
	return pv, true, nil
}

// checkOptions are works check's options for a build whose files are
// pv's; only, when set, names the documents to check.
func (s *Session) checkOptions(pv *Preview, only map[string]bool) check.Options {
	return check.Options{Now: s.opts.Now, Markdown: s.md, Files: checkFiles{pv}, Schemas: s.schemas, Workers: s.workers, Only: only}
}

// swap exchanges a page's document and body with the ones it holds; done
// twice, it undoes itself.
type swap struct {
	page *site.Page
	doc  *content.Document
	body *site.Body
}

func (sw *swap) apply() {
	old, oldDoc := sw.page.Body(), sw.page.Doc
	sw.page.SetDoc(sw.doc)
	sw.page.SetBody(sw.body)
	sw.doc, sw.body = oldDoc, old
}

// sameShape reports whether two versions of a document differ only in
// their text.
func sameShape(a, b *content.Document) bool {
	return a != nil && b != nil && a.Kind == b.Kind && a.Lang == b.Lang && a.Name == b.Name && a.Section == b.Section &&
		a.BodyLine == b.BodyLine && slices.Equal(a.Resources, b.Resources) && reflect.DeepEqual(a.Meta, b.Meta)
}

// statusMayChange reports whether a page may have been published,
// scheduled or expired between the last build and now, which changes the
// site's shape.
func (s *Session) statusMayChange(model *site.Model) bool {
	if s.opts.Now.Before(s.lastNow) {
		return true
	}
	between := func(t time.Time) bool { return t.After(s.lastNow) && !t.After(s.opts.Now) }
	metas := func(yield func(*content.Meta) bool) {
		for _, p := range model.Pages {
			if p.Doc != nil && !yield(&p.Doc.Meta) {
				return
			}
		}
		for _, d := range model.Skipped {
			if !yield(&d.Meta) {
				return
			}
		}
	}
	for m := range metas {
		if !s.opts.BuildFuture && (between(m.PublishDate) || m.PublishDate.IsZero() && between(m.Date)) ||
			!s.opts.BuildExpired && between(m.ExpiryDate) {
			return true
		}
	}
	return false
}

// forget drops what the changed files make stale and returns the changed
// paths below content/ (nil: read all of content again).
func (s *Session) forget(changed []string) []string {
	if changed == nil || s.cfg == nil || slices.Contains(changed, config.FileName) {
		*s = Session{root: s.root, opts: s.opts, ip: s.ip, workers: s.workers, started: s.started}
		return nil
	}
	under := func(p string, dirs ...string) bool {
		for _, d := range dirs {
			if p == d || strings.HasPrefix(p, d+"/") {
				return true
			}
		}
		return false
	}
	inContent := []string{} // not nil: nil reads everything again
	for _, p := range changed {
		switch {
		case under(p, "content"):
			rel := strings.TrimPrefix(strings.TrimPrefix(p, "content"), "/")
			if rel == "" {
				return nil
			}
			inContent = append(inContent, rel)
			if !strings.HasSuffix(p, ".md") {
				// A bundle's file: images and the pages that show them.
				s.bodies = nil
			}
		case under(p, "data", s.themeDir+"/data"):
			s.data = nil
		case under(p, "layouts", "i18n", s.themeDir+"/layouts", s.themeDir+"/i18n"):
			s.tmpl = nil
		case p == s.themeDir+"/"+check.SchemaFile:
			s.schemas = nil
		case under(p, "assets", s.themeDir+"/assets", "static/"+IconFile, s.themeDir+"/static/"+IconFile):
			s.assets = nil
		}
	}
	return inContent
}

// build runs the pipeline, from what the session keeps where it can.
// contentChanged are the changed paths below content/, nil for all; eager
// renders and checks everything.
func (s *Session) build(ctx context.Context, contentChanged []string, eager bool) (*Preview, error) {
	log := s.opts.logger()
	start := time.Now()
	var errs diag.List

	if s.cfg == nil {
		cfg, err := config.Load(s.root)
		if err != nil {
			return nil, err
		}
		if s.opts.BaseURL != "" {
			u, err := config.ParseBaseURL(s.opts.BaseURL)
			if err != nil {
				return nil, diag.List{diag.Errorf(diag.Position{}, config.BaseURLHint, "the base URL given to the build %v", err)}
			}
			cfg.BaseURL = u
		}
		s.themeDir = "themes/" + cfg.Theme
		if _, err := fs.Stat(s.root, s.themeDir); err != nil {
			return nil, diag.List{diag.Errorf(diag.Position{File: config.FileName}, "set theme to a folder name in themes/, or create "+s.themeDir,
				"theme %q does not exist", cfg.Theme)}
		}
		s.cfg = cfg
		s.docs = content.NewCache(sub(s.root, "content"), cfg.Location)
		s.ip.setQuality(cfg.Images.Quality)
		contentChanged = nil
	}
	cfg := s.cfg
	errs = append(errs, cfg.Warnings...)
	theme := sub(s.root, s.themeDir)

	docs, derrs := s.docs.Load(contentChanged)
	errs = append(errs, prefix("content/", derrs)...)
	if s.data == nil {
		s.data, s.dataErrs = map[string]any{}, nil
		for _, d := range []struct {
			fsys fs.FS
			dir  string
		}{{sub(theme, "data"), s.themeDir + "/data/"}, {sub(s.root, "data"), "data/"}} {
			m, derrs := content.LoadData(d.fsys)
			s.dataErrs = append(s.dataErrs, prefix(d.dir, derrs)...)
			merge(s.data, m)
		}
	}
	errs = append(errs, s.dataErrs...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	log.Debug("loaded content", "documents", len(docs), "changed", len(contentChanged), "elapsed", time.Since(start))

	model, serrs := site.New(cfg, docs, s.data, site.Options{
		BuildDrafts: s.opts.BuildDrafts, BuildFuture: s.opts.BuildFuture, BuildExpired: s.opts.BuildExpired, Now: s.opts.Now,
	})
	errs = append(errs, serrs...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	log.Debug("built the site model", "pages", len(model.Pages), "skipped", len(model.Skipped), "elapsed", time.Since(start))

	imageFiles, bundleFiles, ierrs := processImages(ctx, s.ip, sub(s.root, "content"), model, cfg.Markup.Unsafe, s.workers)
	// An image that cannot be processed is left out and reported with
	// everything else the build finds, not alone.
	errs = append(errs, ierrs...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	log.Debug("processed images", "files", len(imageFiles), "stats", s.ip.stats(), "elapsed", time.Since(start))
	// Pages render on request after Update returns, in this Preview and
	// in the later ones that keep its model.
	mctx := context.WithoutCancel(ctx)
	methods := newImageMethods(mctx, s.ip, sub(s.root, "content"), model, imageFiles)

	if s.md == nil {
		s.md = markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe, Typographer: cfg.Markup.Typographer})
	}
	errs = append(errs, s.renderMarkdown(ctx, model)...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	log.Debug("rendered Markdown", "bodies", s.rendered, "elapsed", time.Since(start))

	if s.assets == nil {
		s.assets, s.assetErrs = makeAssets(s.root, s.themeDir, cfg, !s.opts.NoMinify, s.opts.drawnCache())
		s.tmpl = nil // its asset function reads the old set
		log.Debug("bundled assets and drew the icons", "elapsed", time.Since(start))
	}
	errs = append(errs, s.assetErrs...)
	if s.tmpl == nil {
		s.tmpl, s.tmplErrs = render.New(model, render.Options{
			Markdown: s.md,
			Workers:  s.workers,
			Assets:   s.assets,
			Layers: []render.Layer{
				{Layouts: sub(s.root, "layouts"), LayoutsDir: "layouts", I18n: sub(s.root, "i18n"), I18nDir: "i18n"},
				{Layouts: sub(theme, "layouts"), LayoutsDir: s.themeDir + "/layouts", I18n: sub(theme, "i18n"), I18nDir: s.themeDir + "/i18n"},
			},
		})
	}
	errs = append(errs, s.tmplErrs...)
	if err := errs.Err(); err != nil {
		return nil, err
	}

	log.Debug("read the templates", "elapsed", time.Since(start))
	pv := &Preview{Model: model, Files: output.NewSet(), tmpl: s.tmpl, lock: &sync.RWMutex{}}
	set := pv.Files
	if eager {
		// Feeds, sitemaps and the search index need only the model: they
		// are made while the templates render, on a core of their own
		// when the renderers wait.
		machine := make(chan diag.List, 1)
		go func() {
			var l diag.List
			pv.fromText, l = machineFiles(model, set)
			machine <- l
		}()
		errs = append(errs, s.tmpl.Render(ctx, model, set)...)
		errs = append(errs, <-machine...)
	} else {
		jobs, perrs := s.tmpl.Plan(model)
		errs = append(errs, perrs...)
		pv.jobs = make(map[string]render.Job, len(jobs))
		for _, j := range jobs {
			pv.jobs[j.Path] = j
		}
		pv.made = map[string]*madePage{}
		errs = append(errs, s.tmpl.Aliases(model, set)...)
		// Redirects are few and cheap, and a clash between two pages'
		// old addresses is an error the editor must see.
		redirects, rerrs := redirect.Files(model)
		errs = append(errs, rerrs...)
		for _, f := range redirects {
			errs.Add(set.Add(f))
		}
	}
	errs = append(errs, resources(s.root, model, bundleFiles, set)...)
	errs = append(errs, addAssets(s.assets, set)...)
	for _, f := range imageFiles {
		errs.Add(set.Add(f))
	}
	if eager {
		// Images the templates asked for.
		for _, f := range methods.published() {
			errs.Add(set.Add(f))
		}
	}
	pv.images = methods
	// The site's static files win over the theme's.
	errs = append(errs, static(s.root, "static", set)...)
	errs = append(errs, static(s.root, s.themeDir+"/static", set)...)
	if err := errs.Err(); err != nil {
		return nil, err
	}

	log.Debug("rendered the pages", "elapsed", time.Since(start))
	if !s.opts.SkipCheck {
		if s.schemas == nil {
			s.schemas, s.schErrs = check.LoadSchemas(theme, s.themeDir+"/"+check.SchemaFile)
		}
		errs = append(errs, s.schErrs...)
		var only map[string]bool
		if !eager {
			only = map[string]bool{}
			for _, p := range contentChanged {
				only[p] = true
			}
		}
		errs = append(errs, check.Run(model, nil, s.checkOptions(pv, only))...)
		if err := errs.Err(); err != nil {
			return nil, err
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	s.started = true
	pv.Warnings = errs.Warnings()
	pv.Images = s.ip.stats()
	log.Debug("rendered templates, feeds and static files", "files", set.Len(), "lazy pages", len(pv.jobs), "elapsed", time.Since(start))
	return pv, nil
}

// renderMarkdown renders every page's body in parallel, reusing the
// bodies of documents that did not change while every link still leads
// where it did. Results go to the page they belong to, so the order of
// work does not matter.
func (s *Session) renderMarkdown(ctx context.Context, model *site.Model) diag.List {
	if key := linkKey(model); s.bodies == nil || key != s.linkKey {
		s.bodies, s.linkKey = map[*content.Document]renderedBody{}, key
	}
	var todo []*site.Page
	var errs diag.List
	for _, p := range model.Pages {
		if p.Doc == nil {
			continue
		}
		if b, ok := s.bodies[p.Doc]; ok {
			p.SetBody(b.body)
			errs = append(errs, b.errs...)
			continue
		}
		todo = append(todo, p)
	}
	results := renderBodies(ctx, s.md, model, newImageResolver(model), todo, nil, s.workers)
	if ctx.Err() != nil {
		// Some bodies were never rendered; the caller stops, and the
		// bodies kept are still good.
		return nil
	}
	s.rendered = len(todo)
	live := make(map[*content.Document]renderedBody, len(s.bodies)+len(todo))
	for _, p := range model.Pages {
		if b, ok := s.bodies[p.Doc]; ok && p.Doc != nil {
			live[p.Doc] = b
		}
	}
	for i, p := range todo {
		p.SetBody(results[i].body)
		errs = append(errs, results[i].errs...)
		live[p.Doc] = results[i]
	}
	s.bodies = live
	return errs
}

// renderBodies renders the bodies of pages in parallel, in their order:
// docs[i] for pages[i], or the page's own document when docs is nil.
func renderBodies(ctx context.Context, md *markdown.Renderer, model *site.Model, imgs markdown.ImageResolver, pages []*site.Page, docs []*content.Document, workers int) []renderedBody {
	results := make([]renderedBody, len(pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				d := pages[i].Doc
				if docs != nil {
					d = docs[i]
				}
				res, errs := md.Render(markdown.Input{Path: d.Path, Body: d.Body, BodyLine: d.BodyLine, Lang: pages[i].Lang, Links: model, Images: imgs})
				results[i] = renderedBody{site.NewBody(res), errs}
			}
		})
	}
	for i := range pages {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// linkKey sums up where links between content files lead: every page of
// a document, its language and its address, and those of its
// translations. Rendered bodies stay valid while it stays the same.
func linkKey(model *site.Model) [sha256.Size]byte {
	h := sha256.New()
	for _, p := range model.Pages {
		if p.Doc == nil {
			continue
		}
		h.Write([]byte(p.Doc.Path + "\x00" + p.Lang + "\x00" + p.RelPermalink + "\x00"))
		for _, t := range p.Translations {
			h.Write([]byte(t.Lang + "\x00" + t.RelPermalink + "\x00"))
		}
		h.Write([]byte{'\n'})
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// Preview is one good build of the site as the preview serves it. After
// the first build of a Session it renders each page when it is first
// asked for, and feeds, sitemaps and the search index when one of them is.
type Preview struct {
	Model *site.Model
	// Files are the files made up front: copied files, images, alias
	// pages; everything in a full build.
	Files    *output.Set
	Warnings diag.List
	Images   images.Stats

	tmpl   *render.Renderer
	jobs   map[string]render.Job // pages still to render, by output path; nil in a full build
	images *imageMethods         // images the templates ask for as they render
	// fromText are the files of a full build made from the pages' text
	// (feeds, the search index).
	fromText []string
	// lock guards the model, which later Previews share when an edit
	// changed only text: rendering reads it, Session.patch writes it.
	lock *sync.RWMutex

	mu   sync.Mutex
	made map[string]*madePage
	// Files for other programs, made when one of them is first asked
	// for: the search index apart, as it takes longest.
	feeds, index lazySet
}

type lazySet struct {
	once sync.Once
	set  *output.Set
}

func (l *lazySet) get(path string, make func() []output.File) (output.File, bool) {
	l.once.Do(func() {
		l.set = output.NewSet()
		for _, f := range make() {
			l.set.Add(f)
		}
	})
	return l.set.Get(path)
}

type madePage struct {
	once sync.Once
	f    output.File
	errs diag.List
}

// Open returns the file at path, rendering it first if it is a page not
// yet rendered. The error, a diag.List, says why a page could not be.
func (pv *Preview) Open(path string) (output.File, bool, error) {
	if f, ok := pv.Files.Get(path); ok {
		return f, true, nil
	}
	if j, ok := pv.jobs[path]; ok {
		pv.mu.Lock()
		m := pv.made[path]
		if m == nil {
			m = &madePage{}
			pv.made[path] = m
		}
		pv.mu.Unlock()
		m.once.Do(func() {
			pv.lock.RLock()
			defer pv.lock.RUnlock()
			m.f, m.errs = pv.tmpl.RenderJob(j)
		})
		return m.f, true, m.errs.Err()
	}
	if f, ok := pv.images.get(path); ok {
		return f, true, nil
	}
	if pv.jobs == nil {
		return output.File{}, false, nil
	}
	if strings.HasPrefix(path, "search/") {
		f, ok := pv.index.get(path, func() []output.File {
			pv.lock.RLock()
			defer pv.lock.RUnlock()
			return search.Files(pv.Model)
		})
		return f, ok, nil
	}
	f, ok := pv.feeds.get(path, func() []output.File {
		pv.lock.RLock()
		defer pv.lock.RUnlock()
		return feed.Files(pv.Model)
	})
	return f, ok, nil
}

// Has reports whether the build has a file at path, without making it.
func (pv *Preview) Has(path string) bool {
	if _, ok := pv.Files.Get(path); ok {
		return true
	}
	if _, ok := pv.jobs[path]; ok {
		return true
	}
	// Feeds, sitemaps and the search index are not made just to answer.
	return false
}

// Paths lists the files made up front and the pages made on request.
func (pv *Preview) Paths() []string {
	var paths []string
	for _, f := range pv.Files.Files() {
		paths = append(paths, f.Path)
	}
	for p := range pv.jobs {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// Made returns the files made up front: in a full build, all of them.
func (pv *Preview) Made() []output.File { return pv.Files.Files() }

// Get is Open without the error, for works check.
func (pv *Preview) Get(path string) (output.File, bool) {
	f, ok, err := pv.Open(path)
	return f, ok && err == nil
}

// Lazy reports whether pages are rendered on request.
func (pv *Preview) Lazy() bool { return pv.jobs != nil }

// checkFiles shows works check a preview: every file can be read, pages
// rendered on request; the rules that read all files see those made up
// front, which in a full build are all of them.
type checkFiles struct{ pv *Preview }

var _ check.Files = checkFiles{}

func (c checkFiles) Files() []output.File                { return c.pv.Files.Files() }
func (c checkFiles) Get(path string) (output.File, bool) { return c.pv.Get(path) }
