package build

import (
	"errors"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// BrokenPage is a content page whose own files have errors: its settings
// cannot be read, its Markdown has an error, works check finds one in it,
// or it claims another page's address. The preview leaves it out of the
// site, as if it were not published, and answers its addresses with its
// errors; the other pages are served as usual.
type BrokenPage struct {
	Doc   string    // its file: "content/historier/utkast.md"
	Files []string  // the output files it would have made: "historier/utkast/index.html"
	Errs  diag.List // its errors, sorted
}

// maxAttempts bounds how often one run starts again without more broken
// pages; each attempt leaves out at least one more, so this is only a
// guard.
const maxAttempts = 10

// errRetry tells the run to start again from the model, without the
// documents the isolation has just left out.
var errRetry = errors.New("build: start again without the broken pages")

// isolation is one preview run's record of the pages left out for their
// own errors. A nil isolation leaves nothing out: every error stops the
// run, as in works build.
type isolation struct {
	docs       map[string]*content.Document // every loaded document, by path below content/
	ofResource map[string]string            // a bundle file (below content/) → its page's path
	// full is the model of the first attempt, made from every document: a
	// link to a page left out still leads to its address, and its files
	// are known.
	full     *site.Model
	fileDocs map[string][]string // output file → the documents of full that make it
	// modelErrs are the first attempt's errors of the model, by line: one
	// a later attempt finds beside them comes from a page left out (a
	// project or menu entry that names it), not from the page it names.
	modelErrs map[string]bool
	broken    map[string]*BrokenPage // by path below content/
	attempts  int
}

func newIsolation(docs []*content.Document) *isolation {
	iso := &isolation{docs: map[string]*content.Document{}, ofResource: map[string]string{}, broken: map[string]*BrokenPage{}}
	for _, d := range docs {
		iso.docs[d.Path] = d
		for _, r := range d.Resources {
			iso.ofResource[r] = d.Path
		}
	}
	return iso
}

// owner returns the content page (path below content/) that the file of
// a finding belongs to, or "" when it belongs to no single page: works.toml,
// a template, a data file, the theme's assets.
func (iso *isolation) owner(file string) string {
	rel, ok := strings.CutPrefix(file, "content/")
	if !ok {
		return ""
	}
	if _, ok := iso.docs[rel]; ok {
		return rel
	}
	if p, ok := iso.ofResource[rel]; ok {
		return p
	}
	if path.Ext(rel) == ".md" {
		return rel // a page file that could not be read at all
	}
	return ""
}

// keep returns the documents not left out.
func (iso *isolation) keep(docs []*content.Document) []*content.Document {
	if iso == nil || len(iso.broken) == 0 {
		return docs
	}
	return slices.DeleteFunc(slices.Clone(docs), func(d *content.Document) bool { return iso.broken[d.Path] != nil })
}

// filter returns the findings that do not belong to a page left out.
func (iso *isolation) filter(l diag.List) diag.List {
	if iso == nil || len(iso.broken) == 0 {
		return l
	}
	return slices.DeleteFunc(slices.Clone(l), func(d *diag.Diagnostic) bool { return iso.broken[iso.owner(d.Pos.File)] != nil })
}

// links returns what links between pages resolve through: the model of
// the first attempt, which has the pages left out since.
func (iso *isolation) links(model *site.Model) *site.Model {
	if iso == nil {
		return model
	}
	if iso.full == nil {
		iso.full = model
	}
	return iso.full
}

// gate is a stage's end: nil when errs holds no errors. Otherwise, when
// every error belongs to one content page, those pages are left out and
// it returns errRetry; when one does not, it returns every error found,
// those of the pages left out included.
func (iso *isolation) gate(errs *diag.List) error {
	if iso == nil || errs.Err() == nil {
		return errs.Err()
	}
	found := map[string]diag.List{}
	for _, d := range errs.Errors() {
		o := iso.owner(d.Pos.File)
		if o == "" || iso.attempts >= maxAttempts {
			return iso.all(*errs)
		}
		found[o] = append(found[o], d)
	}
	for _, o := range slices.Sorted(maps.Keys(found)) {
		iso.add(o, found[o])
	}
	return errRetry
}

// modelGate is gate for the model's stage. The first attempt's errors are
// kept; an error a later attempt adds comes from a page left out, which
// shows its own errors, and is dropped.
func (iso *isolation) modelGate(errs *diag.List) error {
	if iso == nil {
		return errs.Err()
	}
	if iso.modelErrs == nil {
		iso.modelErrs = map[string]bool{}
		for _, d := range errs.Errors() {
			iso.modelErrs[d.Error()] = true
		}
	} else {
		*errs = slices.DeleteFunc(*errs, func(d *diag.Diagnostic) bool { return d.Severity == diag.Error && !iso.modelErrs[d.Error()] })
	}
	return iso.gate(errs)
}

// checkGate is gate for works check: a link to a page left out is not an
// error of the page that links (the link leads to the left-out page's
// address, where the preview shows why it is not there).
func (iso *isolation) checkGate(errs *diag.List, model *site.Model, facts func(*content.Document) *markdown.Facts) error {
	if iso != nil && len(iso.broken) > 0 {
		*errs = slices.DeleteFunc(*errs, func(d *diag.Diagnostic) bool {
			return d.Severity == diag.Error && iso.linksToBroken(d, model, facts)
		})
	}
	return iso.gate(errs)
}

// linksToBroken reports whether d is about a link, at d's place, that
// leads to a page left out, or a setting that names one.
func (iso *isolation) linksToBroken(d *diag.Diagnostic, model *site.Model, facts func(*content.Document) *markdown.Facts) bool {
	rel, ok := strings.CutPrefix(d.Pos.File, "content/")
	if !ok {
		return false
	}
	pages := model.PagesOf(rel)
	if len(pages) == 0 || pages[0].Doc == nil {
		return false
	}
	doc := pages[0].Doc
	for key, at := range doc.Meta.Pos {
		// A key that names another page, as project does.
		if v, ok := doc.Meta.Params[key].(string); ok && at == d.Pos {
			target := iso.full.Lookup(pages[0].Lang, strings.TrimPrefix(strings.TrimSpace(v), "/"))
			if target != nil && target.Doc != nil && iso.broken[target.Doc.Path] != nil {
				return true
			}
		}
	}
	f := facts(doc)
	if f == nil {
		return false
	}
	for _, l := range f.Links {
		if l.Pos == d.Pos && iso.leadsToBroken(pages[0], l.Dest) {
			return true
		}
	}
	return false
}

// leadsToBroken reports whether a link written on page p leads to a page
// left out: a Markdown file's, or an address one of its files is at.
func (iso *isolation) leadsToBroken(p *site.Page, dest string) bool {
	raw, _, _ := strings.Cut(dest, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if raw == "" || strings.Contains(raw, "://") || strings.HasPrefix(raw, "//") {
		return false
	}
	if !strings.HasPrefix(raw, "/") && strings.HasSuffix(strings.ToLower(raw), ".md") {
		target := iso.full.Lookup(p.Lang, path.Join(path.Dir(p.Doc.Path), raw))
		return target != nil && target.Doc != nil && iso.broken[target.Doc.Path] != nil
	}
	abs := (&url.URL{Path: p.RelPermalink}).ResolveReference(&url.URL{Path: raw}).Path
	_, basePath := config.SplitBaseURL(iso.full.Config.BaseURL)
	file := output.FileOf(strings.TrimPrefix(abs, basePath))
	for _, o := range iso.fileOwners()[file] {
		if iso.broken[o] != nil {
			return true
		}
	}
	return false
}

// add leaves the page at rel out for errs, and with it every other page
// that claims one of its addresses.
func (iso *isolation) add(rel string, errs diag.List) {
	b := iso.broken[rel]
	if b == nil {
		b = &BrokenPage{Doc: "content/" + rel}
		if iso.full != nil {
			b.Files = pageFiles(iso.full.PagesOf(rel))
		}
		iso.broken[rel] = b
		for _, f := range b.Files {
			for _, other := range iso.fileOwners()[f] {
				if other != rel {
					iso.add(other, errs)
				}
			}
		}
	}
	b.Errs = append(b.Errs, errs...)
	b.Errs.Sort()
	b.Errs = slices.CompactFunc(b.Errs, func(a, c *diag.Diagnostic) bool { return a == c })
}

// fileOwners maps each output file of the first attempt's content pages
// to the documents that make it.
func (iso *isolation) fileOwners() map[string][]string {
	if iso.fileDocs == nil {
		iso.fileDocs = map[string][]string{}
		if iso.full != nil {
			for _, p := range iso.full.Pages {
				if p.Doc == nil {
					continue
				}
				for _, f := range pageFiles([]*site.Page{p}) {
					if !slices.Contains(iso.fileDocs[f], p.Doc.Path) {
						iso.fileDocs[f] = append(iso.fileDocs[f], p.Doc.Path)
					}
				}
			}
		}
	}
	return iso.fileDocs
}

// all is every error of the run: those of errs and of the pages left out.
func (iso *isolation) all(errs diag.List) error {
	for _, b := range iso.list() {
		errs = append(errs, b.Errs...)
	}
	return errs.Err()
}

// list returns the pages left out, by file.
func (iso *isolation) list() []BrokenPage {
	if iso == nil {
		return nil
	}
	var out []BrokenPage
	for _, rel := range slices.Sorted(maps.Keys(iso.broken)) {
		out = append(out, *iso.broken[rel])
	}
	return out
}

// paths returns the paths below content/ of the pages left out.
func (iso *isolation) paths() []string {
	if iso == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(iso.broken))
}

// pageFiles are the output files of pages: each page's, and those of its
// pagers.
func pageFiles(pages []*site.Page) []string {
	var files []string
	for _, p := range pages {
		files = append(files, output.FileOf(p.Path))
		for _, pg := range p.Pagers {
			files = append(files, output.FileOf(pg.Path))
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// setBroken makes pv answer the files of the broken pages with their
// errors.
func (pv *Preview) setBroken(pages []BrokenPage) {
	pv.Broken = pages
	pv.broken = map[string]*BrokenPage{}
	for i := range pv.Broken {
		for _, f := range pv.Broken[i].Files {
			pv.broken[f] = &pv.Broken[i]
		}
	}
}

// FilesOf returns the output files made from the source file at file (a
// slash path in the site's folder): those of the page of a content file or
// of the bundle it is a file of, made or left out for its errors; nil for
// a file that makes no page (works.toml, a template).
func (pv *Preview) FilesOf(file string) []string {
	rel, ok := strings.CutPrefix(file, "content/")
	if !ok || pv.Model == nil {
		return nil
	}
	for _, b := range pv.Broken {
		if b.Doc == file {
			return b.Files
		}
	}
	if pages := pv.Model.PagesOf(rel); len(pages) > 0 {
		return pageFiles(pages)
	}
	// A file of a bundle: the bundle's pages.
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if pages := pv.Model.PagesOf(dir + "/index.md"); len(pages) > 0 {
			return pageFiles(pages)
		}
	}
	return nil
}
