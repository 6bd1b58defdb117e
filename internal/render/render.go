// Package render turns the site model into files: it picks a layout for each
// page, executes the templates (html/template, auto-escaping kept) and adds
// the results to the output set. Templates come from layers: the site's
// layouts/ over the theme's.
//
// A template cannot take the machine down: loops without end, lists and
// pages past the limits in limits.go, and panics fail the page with an
// error at the template's file:line:col, told in plain words (explain.go).
package render

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/parallel"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/source"
)

// Layer is one source of templates and UI strings. Dir fields are the
// folders as a writer sees them ("themes/works/layouts"), for messages.
type Layer struct {
	Layouts    fs.FS
	LayoutsDir string
	I18n       fs.FS
	I18nDir    string
}

// Options configure a Renderer.
type Options struct {
	Layers   []Layer // highest priority first: the site, then the theme
	Markdown *markdown.Renderer
	Workers  int // 0: one per CPU
	// Assets are the fingerprinted files templates link to with
	// {{ asset "css/site.css" }}; nil: the site has none.
	Assets Assets
}

// Renderer executes templates for every page of a model. It is built once per
// model and is safe for concurrent use.
type Renderer struct {
	md      *markdown.Renderer
	workers int
	assets  Assets
	files   map[string]layoutFile // layouts by name, after overrides
	langs   map[string]*templates
	missing *missingKeys
	// funcNames are the template functions, builtins included, for the
	// hint when a template calls one that does not exist.
	funcNames []string
}

type layoutFile struct {
	text    string
	display string // "themes/works/layouts/_default/single.html"
}

// templates are one language's parsed layouts: one set per layout file, each
// holding the partials and baseof beside it.
type templates struct {
	sets     map[string]*template.Template
	usesBase map[string]bool
	partials *partialLevels
}

const baseof = "_default/baseof.html"

var defineRE = regexp.MustCompile(`\{\{-?\s*define\s`)

// New reads and parses the templates of every language of the model.
func New(model *site.Model, opts Options) (*Renderer, diag.List) {
	r := &Renderer{
		md:      opts.Markdown,
		workers: opts.Workers,
		assets:  opts.Assets,
		files:   map[string]layoutFile{},
		langs:   map[string]*templates{},
		missing: &missingKeys{},
	}
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	var errs diag.List
	for i := len(opts.Layers) - 1; i >= 0; i-- {
		l := opts.Layers[i]
		if l.Layouts == nil {
			continue
		}
		err := fs.WalkDir(l.Layouts, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if name == "." && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll // the layer has no layouts
				}
				return err
			}
			if d.IsDir() || !strings.HasSuffix(name, ".html") {
				return nil
			}
			b, err := fs.ReadFile(l.Layouts, name)
			if err != nil {
				// A link out of the site or a named pipe: this file, by name.
				errs.Add(diag.Errorf(diag.Position{File: l.LayoutsDir + "/" + name}, "replace it with an ordinary template file inside the site",
					"this template cannot be read: %s", source.Describe(err)))
				return nil
			}
			r.files[name] = layoutFile{text: string(b), display: l.LayoutsDir + "/" + name}
			return nil
		})
		if err != nil {
			errs.Add(diag.Errorf(diag.Position{File: l.LayoutsDir}, "check that the folder can be read", "cannot read the templates: %v", err))
		}
	}
	for _, s := range model.Sites {
		tr, terrs := loadTranslations(opts.Layers, s.Language.Lang, r.missing)
		errs = append(errs, terrs...)
		t, perrs := r.parse(s, tr)
		errs = append(errs, perrs...)
		r.langs[s.Language.Lang] = t
	}
	return r, once(errs)
}

// once drops repeated diagnostics: every language parses the same
// templates, and every layout holds the same partials.
func once(errs diag.List) diag.List {
	seen := map[string]bool{}
	return slices.DeleteFunc(errs, func(d *diag.Diagnostic) bool {
		k := d.Error()
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// parse builds one language's template sets.
func (r *Renderer) parse(s *site.Site, tr translator) (*templates, diag.List) {
	var errs diag.List
	names := make([]string, 0, len(r.files))
	for name := range r.files {
		names = append(names, name)
	}
	slices.Sort(names)
	funcs := r.funcs(s, tr)
	if r.funcNames == nil {
		r.funcNames = builtinFuncs()
		for name := range funcs {
			r.funcNames = append(r.funcNames, name)
		}
		slices.Sort(r.funcNames)
	}
	base := template.New("").Funcs(funcs)
	for _, name := range names {
		if name == baseof || strings.HasPrefix(name, "partials/") {
			if _, err := base.New(name).Parse(r.files[name].text); err != nil {
				errs.Add(r.templateError(err, msg.Text{}))
			}
		}
	}
	t := &templates{sets: map[string]*template.Template{}, usesBase: map[string]bool{}, partials: &partialLevels{proto: base}}
	if len(errs) > 0 {
		return t, errs
	}
	for _, name := range names {
		if name == baseof || strings.HasPrefix(name, "partials/") {
			continue
		}
		set, err := base.Clone()
		if err != nil {
			errs.Add(err)
			continue
		}
		text := r.files[name].text
		if _, err := set.New(name).Parse(text); err != nil {
			errs.Add(r.templateError(err, msg.Text{}))
			continue
		}
		set.Funcs(template.FuncMap{"partial": t.partials.partial(0)})
		errs = append(errs, r.loops(set)...)
		t.sets[name] = set
		t.usesBase[name] = defineRE.MatchString(text) && set.Lookup(baseof) != nil
	}
	return t, errs
}

// Page is what a template sees as ".": the page, and for a paginated list
// the pager of the output page being written.
type Page struct {
	*site.Page
	Paginator *site.Pager
}

// Job is one output page to render: a page, or one pager of a paginated
// list. Make them with Plan.
type Job struct {
	Page  *site.Page
	Pager *site.Pager // nil unless the page is paginated
	Path  string      // the output file: "historier/side/2/index.html"
	set   *template.Template
	entry string
}

// Plan lists the pages Render writes, in model order, with the layout each
// uses. It reports pages no layout can show.
func (r *Renderer) Plan(model *site.Model) ([]Job, diag.List) {
	var errs diag.List
	var jobs []Job
	for _, p := range model.Pages {
		t := r.langs[p.Lang]
		name, err := r.layoutFor(p, t)
		if err != nil {
			errs.Add(err)
			continue
		}
		entry := name
		if t.usesBase[name] {
			entry = baseof
		}
		if len(p.Pagers) == 0 {
			jobs = append(jobs, Job{Page: p, Path: output.FileOf(p.Path), set: t.sets[name], entry: entry})
			continue
		}
		for _, pg := range p.Pagers {
			jobs = append(jobs, Job{Page: p, Pager: pg, Path: output.FileOf(pg.Path), set: t.sets[name], entry: entry})
		}
	}
	return jobs, errs
}

// Render writes every page of the model, and the redirect pages of their
// aliases, into set.
func (r *Renderer) Render(ctx context.Context, model *site.Model, set output.Sink) diag.List {
	jobs, errs := r.Plan(model)
	if len(errs) > 0 {
		return errs
	}
	results := make([]diag.List, len(jobs))
	// A template that loops without end stops the rest: each page could
	// take as long.
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	var runaway atomic.Pointer[diag.Diagnostic]
	bufs := make([]cappedBuffer, parallel.Workers(len(jobs), r.workers))
	parallel.ForWorker(rctx, len(jobs), r.workers, func(w, i int) {
		buf := &bufs[w]
		buf.Reset()
		f, errs := r.execute(buf, jobs[i])
		if errs == nil {
			errs.Add(set.Add(f))
		}
		for _, d := range errs {
			if t, ok := d.Err.(*templateFailure); ok && t.runaway && runaway.CompareAndSwap(nil, d) {
				stop()
			}
		}
		results[i] = errs
	})
	if err := ctx.Err(); err != nil {
		errs.Add(err)
	}
	reported := collapse(results)
	if stop := runaway.Load(); stop != nil {
		for _, d := range reported {
			// The same failure, if not the same page: collapse kept the first.
			if d.Pos == stop.Pos && d.Err != nil && d.Err.Error() == stop.Err.Error() {
				d.Reword(msg.T("%s; works stopped rendering the other pages, as each could take as long", d.Message()))
				break
			}
		}
	}
	errs = append(errs, reported...)
	errs = append(errs, r.Aliases(model, set)...)
	for _, key := range r.missingKeys() {
		lang, text, _ := strings.Cut(key, ":")
		errs.Add(diag.Warnf(diag.Position{File: "i18n"}, "", "no translation for %q", text).Fixf("add it to i18n/%s.toml", lang))
	}
	return errs
}

// RenderJob renders one page, for the preview, which makes pages when a
// browser asks for them.
func (r *Renderer) RenderJob(j Job) (output.File, diag.List) {
	var buf cappedBuffer
	return r.execute(&buf, j)
}

// collapse reports a template error that many pages hit once, with a count,
// so one mistake in a layout does not bury everything else.
func collapse(results []diag.List) diag.List {
	type key struct {
		pos diag.Position
		msg string
	}
	var out diag.List
	first := map[key]*diag.Diagnostic{}
	more := map[key]int{}
	for _, l := range results {
		for _, d := range l {
			k := key{d.Pos, d.Hint}
			if t, ok := d.Err.(*templateFailure); ok {
				k.msg = t.what.String()
			} else {
				out = append(out, d)
				continue
			}
			if first[k] == nil {
				first[k] = d
				out = append(out, d)
			} else {
				more[k]++
			}
		}
	}
	for k, n := range more {
		d := first[k]
		if n == 1 {
			d.Reword(msg.T("%s (and on 1 more page)", d.Message()))
			continue
		}
		d.Reword(msg.T("%s (and on %d more pages)", d.Message(), n))
	}
	return out
}

// templateFailure is the part of a template error that is the same on every
// page it happens on; runaway failures stop the rendering (see failure).
type templateFailure struct {
	what    msg.Text
	runaway bool
}

func (t *templateFailure) Error() string { return t.what.String() }

func (r *Renderer) execute(buf *cappedBuffer, j Job) (f output.File, errs diag.List) {
	defer func() {
		// html/template passes on a panic of Go's runtime inside it (a
		// range over an iterator that panics, say), and a panic here
		// would end the whole process: it fails this page instead.
		if v := recover(); v != nil {
			f, errs = output.File{}, diag.List{r.panicError(v, j)}
		}
	}()
	if err := j.set.ExecuteTemplate(buf, j.entry, Page{Page: j.Page, Paginator: j.Pager}); err != nil {
		d := r.templateError(err, rendering(j.Page))
		if layout, ok := r.files[j.entry]; ok && d.Pos.File == "layouts" {
			d.Pos.File = layout.display // a failed write has no line: the layout, at least
		}
		return output.File{}, diag.List{d}
	}
	if d := r.unsafeValue(buf.Bytes(), j); d != nil {
		return output.File{}, diag.List{d}
	}
	return output.File{Path: j.Path, Data: slices.Clone(buf.Bytes()), Owner: owner(j.Page)}, nil
}

// rendering names the page a template failed on: its file, or for a page
// the site makes (a term, a list without _index.md) its address.
func rendering(p *site.Page) msg.Text {
	if name := cmp.Or(p.File(), p.RelPermalink); name != "" {
		return msg.T("%s", name)
	}
	return kindPage(p.Kind)
}

// kindPage names a page by its kind, for a page the site makes.
func kindPage(kind string) msg.Text {
	switch kind {
	case site.KindHome:
		return msg.T("home page")
	case site.KindSection:
		return msg.T("section page")
	case site.KindTaxonomy:
		return msg.T("taxonomy page")
	case site.KindTerm:
		return msg.T("term page")
	case site.Kind404:
		return msg.T("404 page")
	}
	return msg.T("%s page", kind)
}

func (r *Renderer) missingKeys() []string {
	r.missing.mu.Lock()
	defer r.missing.mu.Unlock()
	keys := make([]string, 0, len(r.missing.keys))
	for k := range r.missing.keys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// layoutFor picks the first existing candidate layout for p.
func (r *Renderer) layoutFor(p *site.Page, t *templates) (string, error) {
	tried := candidates(p.Kind, p.Type, p.Layout)
	for _, name := range tried {
		if _, ok := t.sets[name]; ok {
			return name, nil
		}
	}
	pos := p.Pos("layout")
	if pos.File == "" {
		pos.File = "layouts"
	}
	if p.Layout != "" {
		return "", diag.Errorf(pos, "remove the layout line, or create one of these files",
			"layout %q does not exist (looked for layouts/%s)", p.Layout, strings.Join(tried, ", layouts/"))
	}
	create := "layouts/" + tried[len(tried)-1]
	if p.Kind == site.KindPage {
		return "", diag.Errorf(pos, "", "no template can show this page (looked for %s)", strings.Join(tried, ", ")).
			Fixf("create %s in the site or the theme", create)
	}
	return "", diag.Errorf(pos, "", "no template can show this %s (looked for %s)", kindPage(p.Kind), strings.Join(tried, ", ")).
		Fixf("create %s in the site or the theme", create)
}

func owner(p *site.Page) string {
	if f := p.File(); f != "" {
		return f
	}
	return p.Kind + " " + p.RelPermalink
}

// templateError turns an html/template error into a diagnostic at the
// template's file, line and column, in plain words, naming the page being
// rendered ("" while the templates are read).
func (r *Renderer) templateError(err error, rendering msg.Text) *diag.Diagnostic {
	f := r.explain(err)
	if rendering.IsZero() {
		return diag.New(f.pos, f.fix, f.what)
	}
	d := diag.New(f.pos, f.fix, msg.T("template failed while rendering %s: %s", rendering, f.what))
	d.Err = &templateFailure{f.what, f.runaway}
	return d
}

// Aliases writes a small redirect page at each alias of each page.
func (r *Renderer) Aliases(model *site.Model, set output.Sink) diag.List {
	var errs diag.List
	for _, p := range model.Pages {
		for _, a := range p.Aliases {
			u := "/" + strings.Trim(a, "/")
			if !strings.HasSuffix(u, ".html") {
				u += "/"
			}
			target := template.HTMLEscapeString(p.Permalink)
			html := fmt.Sprintf(`<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s</title><link rel="canonical" href="%s"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=%s"></head><body><p><a href="%s">%s</a></p></body></html>`,
				p.Lang, template.HTMLEscapeString(p.Title), target, target, target, template.HTMLEscapeString(p.Title))
			if err := set.Add(output.File{Path: output.FileOf(u), Data: []byte(html), Owner: owner(p)}); err != nil {
				errs.Add(err)
			}
		}
	}
	return errs
}
