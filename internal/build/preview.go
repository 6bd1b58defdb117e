package build

import (
	"slices"
	"strings"
	"sync"

	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/feed"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/render"
	"github.com/drammen-works/works/internal/search"
	"github.com/drammen-works/works/internal/site"
)

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
	// Broken are the pages left out for their own errors (see BrokenPage),
	// by file; their output files open with those errors.
	Broken []BrokenPage

	broken map[string]*BrokenPage // by output file

	tmpl   *render.Renderer
	jobs   map[string]render.Job // pages still to render, by output path; nil in a full build
	images *imageMethods         // images the templates ask for as they render
	bodies *site.BodyTable       // the model's bodies, which a text edit's copy starts from
	// fromText are the files of a full build made from the pages' text
	// (feeds, the search index).
	fromText []string

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
	if b, ok := pv.broken[path]; ok {
		return output.File{Path: path}, true, b.Errs.Err()
	}
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
		m.once.Do(func() { m.f, m.errs = pv.tmpl.RenderJob(j) })
		return m.f, true, m.errs.Err()
	}
	if f, ok := pv.images.get(path); ok {
		return f, true, nil
	}
	if pv.jobs == nil {
		return output.File{}, false, nil
	}
	if strings.HasPrefix(path, "search/") {
		f, ok := pv.index.get(path, func() []output.File { return search.Files(pv.Model) })
		return f, ok, nil
	}
	f, ok := pv.feeds.get(path, func() []output.File { return feed.Files(pv.Model) })
	return f, ok, nil
}

// plan makes the Preview render pages on request: their output paths,
// from the model, with nothing rendered yet.
func (pv *Preview) plan() diag.List {
	jobs, errs := pv.tmpl.Plan(pv.Model)
	pv.jobs = make(map[string]render.Job, len(jobs))
	for _, j := range jobs {
		pv.jobs[j.Path] = j
	}
	pv.made = map[string]*madePage{}
	return errs
}

// Has reports whether the build has a file at path, without making it.
func (pv *Preview) Has(path string) bool {
	if _, ok := pv.broken[path]; ok {
		return true
	}
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

func (c checkFiles) Files() []output.File { return c.pv.Files.Files() }
func (c checkFiles) Get(path string) (output.File, bool) {
	if _, ok := c.pv.broken[path]; ok {
		return output.File{Path: path}, true // a page left out is still where links lead
	}
	return c.pv.Get(path)
}
