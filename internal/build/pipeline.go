package build

import (
	"context"
	"crypto/sha256"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/assets"
	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/parallel"
	"github.com/drammen-works/works/internal/redirect"
	"github.com/drammen-works/works/internal/render"
	"github.com/drammen-works/works/internal/site"
)

// pipeline is one run of the build's stages over a site. Its kept results
// of earlier runs are the only state; a pipeline with nothing kept is a
// cold build.
type pipeline struct {
	root    fs.FS
	opts    Options
	ip      *imageProcessor
	workers int
	kept    *kept
	// isolate leaves out the pages whose own files have errors instead of
	// failing (BrokenPage): the preview's way, never works build's.
	isolate bool
	// out takes the files of an eager run as they are made (works build
	// streams them to disk); nil keeps them in the Preview's Files.
	out output.Sink
}

// run runs the stages in order, each on what the ones before it made:
//
//	config → content → data → bundle files and images → model → Markdown
//	→ assets → templates → pages and machine files → files published as
//	they are → check
//
// changed are the changed paths below content/ (nil: read all of it
// again). eager renders every page, feed and the search index and checks
// the whole site, as `works build` does; otherwise pages are planned and
// made when the preview is asked for them, and only the changed documents
// are checked. A stage that finds errors ends the run with every error
// found so far; with isolate set, a stage whose errors all belong to
// content pages starts the run again from the model without those pages
// (see BrokenPage).
func (pl *pipeline) run(ctx context.Context, changed []string, eager bool) (*Preview, error) {
	log := pl.opts.logger()
	start := time.Now()
	k := pl.kept

	// Config: works.toml, the theme.
	if k.cfg == nil {
		cfg, themeDir, err := loadConfig(pl.root, pl.opts)
		if err != nil {
			return nil, err
		}
		k.cfg, k.themeDir = cfg, themeDir
		k.docs = content.NewCache(sub(pl.root, "content"), cfg.Location)
		pl.ip.setQuality(cfg.Images.Quality)
		changed = nil
	}

	// Content and data.
	docs, derrs := k.docs.Load(ctx, changed)
	if k.data == nil {
		k.data, k.dataErrs = loadData(pl.root, k.themeDir)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	log.Debug("loaded content", "documents", len(docs), "changed", len(changed), "elapsed", time.Since(start))

	var iso *isolation
	if pl.isolate {
		iso = newIsolation(docs)
	}
	for {
		pv, err := pl.attempt(ctx, docs, prefix("content/", derrs), changed, eager, iso, start)
		if err != errRetry {
			if iso != nil && err == nil {
				k.broken = iso.paths()
			}
			return pv, err
		}
		log.Debug("left out pages with errors", "pages", iso.paths(), "elapsed", time.Since(start))
	}
}

// attempt runs the stages from the bundles on, without the documents iso
// has left out.
func (pl *pipeline) attempt(ctx context.Context, docs []*content.Document, derrs diag.List, changed []string, eager bool, iso *isolation, start time.Time) (*Preview, error) {
	log := pl.opts.logger()
	k := pl.kept
	cfg := k.cfg
	contentFS := sub(pl.root, "content")
	if iso != nil {
		iso.attempts++
	}
	var errs diag.List
	errs = append(errs, cfg.Warnings...)
	errs = append(errs, iso.filter(derrs)...)
	errs = append(errs, k.dataErrs...)
	docs = iso.keep(docs)

	// Bundle files and images: what each file is, photos processed.
	shown := func(d *content.Document) bool { return d.Meta.Shown(pl.now(), pl.opts.include()) }
	bundles, ierrs := inspectBundles(ctx, pl.ip, contentFS, docs, shown, cfg.Markup.Unsafe, pl.workers)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	log.Debug("looked at the bundles' files", "files", len(bundles), "images", pl.ip.stats(), "elapsed", time.Since(start))

	// The model: immutable once made. Images reach it from the stage
	// before; bodies, rendered with it, through the body table.
	bodies := site.NewBodyTable(len(docs))
	// Pages render on request after the run returns, in this Preview and
	// in later ones made from its model: the template image methods must
	// outlive ctx.
	methods := newImageMethods(context.WithoutCancel(ctx), pl.ip, contentFS, cfg.BaseURL)
	model, serrs := site.New(cfg, docs, k.data, site.Options{
		BuildDrafts: pl.opts.BuildDrafts, BuildFuture: pl.opts.BuildFuture, BuildExpired: pl.opts.BuildExpired, Now: pl.opts.Now,
		Images: bundles, Processor: methods, Bodies: bodies,
	})
	errs = append(errs, serrs...)
	links := iso.links(model)
	if err := iso.modelGate(&errs); err != nil {
		return nil, err
	}
	// A file that cannot be used is reported with everything else the
	// build finds, not alone.
	errs = append(errs, ierrs...)
	log.Debug("built the site model", "pages", len(model.Pages), "skipped", len(model.Skipped), "elapsed", time.Since(start))

	// Markdown, in parallel, into the body table.
	if k.md == nil {
		k.md = markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe, Typographer: cfg.Markup.Typographer})
	}
	errs = append(errs, k.renderMarkdown(ctx, model, links, bodies, pl.workers)...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err := iso.gate(&errs); err != nil {
		return nil, err
	}
	log.Debug("rendered Markdown", "bodies", k.rendered, "elapsed", time.Since(start))

	// Assets: bundles, icons, manifest, social cards.
	if k.assets == nil {
		k.assets, k.assetErrs = makeAssets(pl.root, k.themeDir, cfg, !pl.opts.NoMinify, pl.opts.drawnCache())
		k.tmpl = nil // its asset function reads the old set
		log.Debug("bundled assets and drew the icons", "elapsed", time.Since(start))
	}
	errs = append(errs, k.assetErrs...)

	// Templates.
	if k.tmpl == nil {
		k.tmpl, k.tmplErrs = loadTemplates(pl.root, k.themeDir, model, k.md, k.assets, pl.workers)
	}
	errs = append(errs, k.tmplErrs...)
	if err := iso.gate(&errs); err != nil {
		return nil, err
	}
	log.Debug("read the templates", "elapsed", time.Since(start))

	// Pages and the files machines read.
	pv := &Preview{Model: model, Files: output.NewSet(), tmpl: k.tmpl, images: methods, bodies: bodies}
	var set output.Sink = pv.Files
	var built *check.Built // what check needs of the files streamed by
	if eager && pl.out != nil {
		set = pl.out
		if !pl.opts.SkipCheck {
			built = check.NewBuilt(model)
			set = observed{pl.out, built}
		}
	}
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
		errs = append(errs, k.tmpl.Render(ctx, model, set)...)
		errs = append(errs, <-machine...)
	} else {
		errs = append(errs, pv.plan()...)
		errs = append(errs, k.tmpl.Aliases(model, set)...)
		// Redirects are few and cheap, and a clash between two pages'
		// old addresses is an error the editor must see.
		redirects, rerrs := redirect.Files(model)
		errs = append(errs, rerrs...)
		for _, f := range redirects {
			errs.Add(set.Add(f))
		}
	}

	// Files published as they are: bundle files, processed images, assets,
	// the site's static files over the theme's.
	errs = append(errs, resources(pl.root, model, bundles, set)...)
	errs = append(errs, addAssets(k.assets, set)...)
	for _, f := range imageFiles(model, bundles) {
		errs.Add(set.Add(f))
	}
	if eager {
		addMade(set, methods.published()) // images the templates asked for
	}
	errs = append(errs, static(pl.root, "static", set)...)
	errs = append(errs, static(pl.root, k.themeDir+"/static", set)...)
	if err := iso.gate(&errs); err != nil {
		return nil, err
	}
	pv.setBroken(iso.list())
	log.Debug("rendered the pages", "elapsed", time.Since(start))

	// Check: the rules of works check, on everything or on what changed.
	var checked diag.List
	var only map[string]bool
	beforeCheck := len(errs)
	if !pl.opts.SkipCheck {
		if k.schemas == nil {
			k.schemas, k.schErrs = Schemas(pl.root, cfg)
		}
		errs = append(errs, k.schErrs...)
		if !eager {
			only = map[string]bool{}
			for _, p := range changed {
				only[p] = true
			}
			// A page left out last time for what check found is checked
			// again, or it would come back with its errors.
			for _, p := range k.broken {
				only[p] = true
			}
		}
		opts := pl.checkOptions(pv, only)
		opts.Built = built
		checked = check.Run(ctx, model, nil, opts)
		errs = append(errs, checked...)
		if err := iso.checkGate(&errs, model, pl.facts); err != nil {
			return nil, err
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	pv.Warnings = errs.Warnings()
	if !eager && !pl.opts.SkipCheck {
		pv.Warnings = k.keepCheckWarnings(errs[:beforeCheck].Warnings(), checked, only)
	} else if !pl.opts.SkipCheck {
		k.checkWarn = byFile(checked.Warnings())
	}
	pv.Images = pl.ip.stats()
	log.Debug("rendered templates, feeds and static files", "files", pv.Files.Len(), "lazy pages", len(pv.jobs), "elapsed", time.Since(start))
	return pv, nil
}

func (pl *pipeline) now() time.Time {
	if pl.opts.Now.IsZero() {
		return time.Now()
	}
	return pl.opts.Now
}

// checkOptions are works check's options for a build whose files are
// pv's; only, when set, names the documents to check. Check reads what
// the render of each kept body saw; a body not kept yet it reads itself.
func (pl *pipeline) checkOptions(pv *Preview, only map[string]bool) check.Options {
	return check.Options{Now: pl.opts.Now, Markdown: pl.kept.md, Facts: pl.facts, Files: checkFiles{pv}, Schemas: pl.kept.schemas, Workers: pl.workers, Only: only}
}

// facts are what the Markdown stage found in a document's body, for
// works check; nil for a document it did not render.
func (pl *pipeline) facts(d *content.Document) *markdown.Facts {
	if b, ok := pl.kept.bodies[d]; ok {
		return b.facts
	}
	return nil
}

// loadConfig reads works.toml, with the command line's base URL over its
// own, and finds the theme's folder.
func loadConfig(root fs.FS, opts Options) (*config.Config, string, error) {
	cfg, err := config.Load(root)
	if err != nil {
		return nil, "", err
	}
	if opts.BaseURL != "" {
		u, err := config.ParseBaseURL(opts.BaseURL)
		if err != nil {
			// The words of config.BaseURLHint, written out for the catalogue.
			return nil, "", diag.List{diag.Errorf(diag.Position{}, `write the full address of the published site, like "https://drammen.works/", or "/"`,
				"the base URL given to the build %v", err)}
		}
		cfg.BaseURL = u
	}
	themeDir := "themes/" + cfg.Theme
	if _, err := fs.Stat(root, themeDir); err != nil {
		return nil, "", diag.List{diag.Errorf(diag.Position{File: config.FileName}, "", "theme %q does not exist", cfg.Theme).
			Fixf("set theme to a folder name in themes/, or create %s", themeDir)}
	}
	return cfg, themeDir, nil
}

// loadData reads the theme's data files, then the site's over them.
func loadData(root fs.FS, themeDir string) (map[string]any, diag.List) {
	data := map[string]any{}
	var errs diag.List
	for _, dir := range []string{themeDir + "/data", "data"} {
		m, derrs := content.LoadData(sub(root, dir))
		errs = append(errs, prefix(dir+"/", derrs)...)
		merge(data, m)
	}
	return data, errs
}

// loadTemplates parses the site's layouts and translations over the
// theme's.
func loadTemplates(root fs.FS, themeDir string, model *site.Model, md *markdown.Renderer, a *assets.Set, workers int) (*render.Renderer, diag.List) {
	theme := sub(root, themeDir)
	return render.New(model, render.Options{
		Markdown: md,
		Workers:  workers,
		Assets:   templateAssets{a},
		Layers: []render.Layer{
			{Layouts: sub(root, "layouts"), LayoutsDir: "layouts", I18n: sub(root, "i18n"), I18nDir: "i18n"},
			{Layouts: sub(theme, "layouts"), LayoutsDir: themeDir + "/layouts", I18n: sub(theme, "i18n"), I18nDir: themeDir + "/i18n"},
		},
	})
}

// observed streams each file to out and shows it to check on its way, so
// that no built file is kept for check.
type observed struct {
	out   output.Sink
	built *check.Built
}

func (o observed) Add(f output.File) error {
	if err := o.out.Add(f); err != nil {
		return err
	}
	o.built.Add(f)
	return nil
}

func (o observed) Owner(path string) (string, bool) { return o.out.Owner(path) }

// addMade adds files made while pages rendered (the templates' images),
// keeping the set's own where the image stage made the same file.
func addMade(set output.Sink, files []output.File) {
	for _, f := range files {
		if _, ok := set.Owner(f.Path); !ok {
			set.Add(f)
		}
	}
}

// renderedBody is one document's rendered Markdown, kept while every link
// leads where it did.
type renderedBody struct {
	body  *site.Body
	errs  diag.List
	facts *markdown.Facts // what works check reads of the body
}

// renderMarkdown renders every page's body in parallel into bodies,
// reusing the bodies of documents that did not change while every link
// still leads where it did. Links resolve through links: the model, or
// in a preview that left out pages with errors, the model with them, so
// that a link to such a page still leads to its address.
func (k *kept) renderMarkdown(ctx context.Context, model, links *site.Model, bodies *site.BodyTable, workers int) diag.List {
	if key := linkKey(links); k.bodies == nil || key != k.linkKey {
		k.bodies, k.linkKey = map[*content.Document]renderedBody{}, key
	}
	var todo []*site.Page
	var errs diag.List
	live := make(map[*content.Document]renderedBody, len(k.bodies))
	for _, p := range model.Pages {
		if p.Doc == nil {
			continue
		}
		if b, ok := k.bodies[p.Doc]; ok {
			bodies.Set(p.Doc, b.body)
			errs = append(errs, b.errs...)
			live[p.Doc] = b
			continue
		}
		todo = append(todo, p)
	}
	results := renderBodies(ctx, k.md, model, links, todo, workers)
	if ctx.Err() != nil {
		// Some bodies were never rendered; the caller stops, and the
		// bodies kept are still good.
		return nil
	}
	k.rendered = len(todo)
	for i, p := range todo {
		bodies.Set(p.Doc, results[i].body)
		errs = append(errs, results[i].errs...)
		live[p.Doc] = results[i]
	}
	k.bodies = live
	return errs
}

// renderBodies renders the bodies of pages in parallel, in their order,
// links resolved through links.
func renderBodies(ctx context.Context, md *markdown.Renderer, model, links *site.Model, pages []*site.Page, workers int) []renderedBody {
	imgs := newImageResolver(model)
	results := make([]renderedBody, len(pages))
	parallel.For(ctx, len(pages), workers, func(i int) {
		d := pages[i].Doc
		res, errs := md.Render(markdown.Input{Path: d.Path, Body: d.Body, BodyLine: d.BodyLine, Lang: pages[i].Lang, Links: links, Images: imgs})
		results[i] = renderedBody{toBody(res), errs, res.Facts}
	})
	return results
}

// toBody converts a Markdown result for the model's pages.
func toBody(r markdown.Result) *site.Body {
	b := &site.Body{
		Content: template.HTML(r.HTML), TableOfContents: template.HTML(r.TOC), Summary: template.HTML(r.Summary),
		Truncated: r.Truncated, WordCount: r.WordCount, Plain: string(r.Plain),
		Headings: make([]site.Heading, len(r.Headings)),
	}
	for i, h := range r.Headings {
		b.Headings[i] = site.Heading{Level: h.Level, ID: h.ID, Text: h.Text}
	}
	return b
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

// include is what a build shows besides the published pages.
func (o Options) include() content.Include {
	return content.Include{Drafts: o.BuildDrafts, Future: o.BuildFuture, Expired: o.BuildExpired}
}

// underAny reports whether the slash path p is one of dirs or inside one.
func underAny(p string, dirs ...string) bool {
	for _, d := range dirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}
