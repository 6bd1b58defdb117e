package build

import (
	"cmp"
	"context"
	"crypto/sha256"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/assets"
	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/render"
	"github.com/drammen-works/works/internal/site"
)

// kept is what a run of the pipeline read and made that the next run can
// use again while its sources are unchanged: the cache a Session keeps
// between builds. Nil fields are made again; a zero kept is a cold build.
type kept struct {
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
	// bodies are the rendered Markdown of each document, while the pages
	// that links resolve to stay the same (linkKey).
	bodies  map[*content.Document]renderedBody
	linkKey [sha256.Size]byte
	// rendered counts the bodies the last run rendered, for tests and the
	// log: after one edit it should be one.
	rendered int
	// checkWarn are works check's warnings by file, as each file was last
	// checked: the preview checks only what changed, and shows every
	// page's warnings.
	checkWarn map[string]diag.List
	// broken are the pages (paths below content/) the last good run left
	// out for their errors; the next run checks them again.
	broken []string
}

// invalidation says which kept results a changed file makes stale: each
// row names files and folders (slash paths in the site's folder, "{theme}"
// for the theme's) and what a change below them drops. Content is not in
// it: the content cache reads changed files again by itself.
var invalidation = []struct {
	paths  []string
	forget func(k *kept)
}{
	{[]string{config.FileName}, func(k *kept) { *k = kept{} }},
	{[]string{"data", "{theme}/data"}, func(k *kept) { k.data = nil }},
	{[]string{"layouts", "i18n", "{theme}/layouts", "{theme}/i18n"}, func(k *kept) { k.tmpl = nil }},
	{[]string{"{theme}/" + check.SchemaFile}, func(k *kept) { k.schemas = nil }},
	// The templates' asset function reads the set.
	{[]string{"assets", "{theme}/assets", "static/" + IconFile, "{theme}/static/" + IconFile}, func(k *kept) { k.assets, k.tmpl = nil, nil }},
	// A bundle's picture changes the pages that show it.
	{[]string{"content/*"}, func(k *kept) { k.bodies = nil }},
}

// forget drops what the changed files make stale and returns the changed
// paths below content/ (nil: read all of content again).
func (k *kept) forget(changed []string) []string {
	if changed == nil || k.cfg == nil {
		*k = kept{}
		return nil
	}
	inContent := []string{} // not nil: nil reads everything again
	for _, p := range changed {
		for _, row := range invalidation {
			if k.matches(p, row.paths) {
				row.forget(k)
			}
		}
		if k.cfg == nil {
			return nil
		}
		if rel, ok := strings.CutPrefix(p, "content/"); ok {
			inContent = append(inContent, rel)
		} else if p == "content" {
			return nil
		}
	}
	return inContent
}

// matches reports whether p is one of paths or inside one. "content/*"
// stands for a file in content/ that is not Markdown.
func (k *kept) matches(p string, paths []string) bool {
	for _, q := range paths {
		if q == "content/*" {
			if strings.HasPrefix(p, "content/") && !strings.HasSuffix(p, ".md") {
				return true
			}
			continue
		}
		if underAny(p, strings.Replace(q, "{theme}", k.themeDir, 1)) {
			return true
		}
	}
	return false
}

// Session builds one site again and again, for the preview: a cache
// around the pipeline's stages. It keeps what the last build read and
// made, and after a change reads again only the files that changed: one
// edited story on a 10 000-page site is one file parsed, one body
// rendered and a copy of the model, not a build.
//
// The first Update builds everything, checks the whole site and renders
// every page, as `works build` does. Later ones render pages only when
// they are asked for (Preview.Open) and check only the changed documents.
// A Session is not safe for concurrent Updates; its Previews are safe for
// concurrent use, and an Update never changes a Preview it returned.
type Session struct {
	pl      pipeline
	kept    kept
	started bool      // the first, full build has succeeded
	last    *Preview  // the last good build
	lastNow time.Time // the moment it was built for
	// keptModel says the last Update kept the model's shape and copied it
	// with the new text (see patch).
	keptModel bool
}

// NewSession starts a session on the site in root.
func NewSession(root fs.FS, opts Options) *Session {
	s := &Session{}
	s.pl = pipeline{root: root, opts: opts, ip: newImageProcessor(opts), workers: cmp.Or(opts.Workers, runtime.GOMAXPROCS(0)), kept: &s.kept}
	return s
}

func newImageProcessor(opts Options) *imageProcessor {
	return &imageProcessor{opts: images.Options{CacheDir: opts.imageCache(), Plan: opts.PlanImages}}
}

// SetNow sets the moment the next Update builds the site for: which pages
// are scheduled, and which are published.
func (s *Session) SetNow(t time.Time) { s.pl.opts.Now = t }

// IsolatePages makes the preview's way with errors in one page: a page
// whose own files have errors is left out of the site and the rest is
// built as usual; the Preview lists it in Broken and answers its
// addresses with its errors. Errors that belong to no single page
// (works.toml, a template, data, the theme's assets) still fail the
// Update. Call it before the first Update.
func (s *Session) IsolatePages() { s.pl.isolate = true }

// Close releases the image processor.
func (s *Session) Close() { s.pl.ip.close() }

// Update builds the site after the files at changed (slash paths relative
// to the site's folder) were written or removed; nil means anything may
// have changed. The returned error is a diag.List when the content or
// templates are at fault; the Preview of the last good build stays valid
// and unchanged.
func (s *Session) Update(ctx context.Context, changed []string) (*Preview, error) {
	pv, ok, err := s.patch(ctx, changed)
	s.keptModel = ok
	if ok {
		if err == nil {
			s.last, s.lastNow = pv, s.pl.opts.Now
		}
		return pv, err
	}
	contentChanged := s.kept.forget(changed)
	pv, err = s.pl.run(ctx, contentChanged, !s.started)
	if err == nil {
		s.started = true
		s.last, s.lastNow = pv, s.pl.opts.Now
	}
	return pv, err
}

// patch is Update for the edit an editor makes most: the text of pages,
// their front matter untouched. Nothing of the site's shape depends on a
// page's text, so the new Preview's model is a copy of the last one with
// the new documents (site.Model.WithText) and only their bodies rendered;
// every page renders anew on request, lists with the new summaries
// included. The last Preview is never touched: a page it renders meanwhile
// shows the old text, and a failed check leaves it as it was. ok is false
// when the change is of another kind.
func (s *Session) patch(ctx context.Context, changed []string) (_ *Preview, ok bool, _ error) {
	last := s.last
	if last == nil || len(changed) == 0 || len(last.Broken) > 0 {
		// A page left out for its errors may be fixed by any edit: the
		// full run sees whether it is.
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
	if s.statusMayChange(last.Model) {
		return nil, false, nil
	}
	docs, derrs := s.kept.docs.Load(ctx, paths)
	if derrs.Err() != nil {
		return nil, false, nil // the full run reports them
	}
	var newDocs []*content.Document
	for _, p := range paths {
		i, found := slices.BinarySearchFunc(docs, p, func(d *content.Document, p string) int { return strings.Compare(d.Path, p) })
		if !found {
			return nil, false, nil
		}
		newDocs = append(newDocs, docs[i])
	}
	bodies := last.bodies.Clone()
	model, ok := last.Model.WithText(newDocs, bodies)
	if !ok {
		return nil, false, nil
	}

	var pages []*site.Page
	for _, d := range newDocs {
		pages = append(pages, model.PagesOf(d.Path)...)
	}
	results := renderBodies(ctx, s.kept.md, model, model, pages, s.pl.workers)
	if ctx.Err() != nil {
		return nil, true, ctx.Err()
	}
	var errs diag.List
	for i, r := range results {
		errs = append(errs, r.errs...)
		bodies.Set(pages[i].Doc, r.body)
	}
	if err := errs.Err(); err != nil {
		if s.pl.isolate {
			return nil, false, nil // the full run leaves the page out
		}
		return nil, true, err
	}
	pv := &Preview{Model: model, Images: last.Images, tmpl: last.tmpl, images: last.images, bodies: bodies}
	// The files made up front do not depend on the text, but for those
	// the first, full build made from it: feeds and the search index are
	// made on request from now on, as pages are.
	pv.Files = output.NewSet()
	stale := map[string]bool{}
	for _, p := range last.fromText {
		stale[p] = true
	}
	errs = append(errs, pv.plan()...)
	if errs.Err() != nil {
		return nil, false, nil
	}
	for _, f := range last.Files.Files() {
		if _, page := pv.jobs[f.Path]; !page && !stale[f.Path] {
			pv.Files.Add(f)
		}
	}
	// Kept before the check, which reads the new bodies' facts from it;
	// bodies are kept by document, so the last Preview's stay as they are.
	if s.kept.bodies != nil {
		for i, r := range results {
			s.kept.bodies[pages[i].Doc] = r
		}
	}
	if !s.pl.opts.SkipCheck {
		only := map[string]bool{}
		for _, p := range paths {
			only[p] = true
		}
		checked := check.Run(ctx, model, nil, s.pl.checkOptions(pv, only))
		errs = append(errs, checked...)
		if err := errs.Err(); err != nil {
			if s.pl.isolate && ctx.Err() == nil {
				return nil, false, nil
			}
			return nil, true, err
		}
		s.kept.keepCheckWarnings(nil, checked, only)
	}
	s.kept.rendered = len(pages)
	// The warnings of the files not edited are those of the last build.
	edited := map[string]bool{}
	for _, p := range changed {
		edited[p] = true
	}
	pv.Warnings = slices.DeleteFunc(slices.Clone(last.Warnings), func(d *diag.Diagnostic) bool { return edited[d.Pos.File] })
	pv.Warnings = append(pv.Warnings, errs.Warnings()...)
	return pv, true, nil
}

// statusMayChange reports whether a page may have been published,
// scheduled or expired between the last build and now, which changes the
// site's shape.
func (s *Session) statusMayChange(model *site.Model) bool {
	var docs []*content.Document
	for _, p := range model.Pages {
		if p.Doc != nil {
			docs = append(docs, p.Doc)
		}
	}
	docs = append(docs, model.Skipped...)
	return content.ChangesBetween(docs, s.lastNow, s.pl.opts.Now, s.pl.opts.include())
}

// keepCheckWarnings records the warnings of a check of only some files
// and returns the run's warnings: others, those of the check, and those
// every other file had when it was last checked.
func (k *kept) keepCheckWarnings(others, checked diag.List, only map[string]bool) diag.List {
	if k.checkWarn == nil {
		k.checkWarn = map[string]diag.List{}
	}
	for p := range only {
		delete(k.checkWarn, "content/"+p)
	}
	maps.Copy(k.checkWarn, byFile(checked.Warnings()))
	out := slices.Clone(others)
	for _, f := range slices.Sorted(maps.Keys(k.checkWarn)) {
		out = append(out, k.checkWarn[f]...)
	}
	return out
}

// byFile groups findings by their file.
func byFile(l diag.List) map[string]diag.List {
	m := map[string]diag.List{}
	for _, d := range l {
		m[d.Pos.File] = append(m[d.Pos.File], d)
	}
	return m
}
