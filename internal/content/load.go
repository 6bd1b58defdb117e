package content

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/parallel"
	"github.com/drammen-works/works/internal/source"
)

// Load reads every content file in fsys, which is rooted at the content
// folder, and returns the documents sorted by Path. loc is the site's time
// zone (see Parse).
//
// Files and folders whose names start with "." or "_" are skipped (except
// _index.md and its translations), and so are editor leftovers. A folder with
// an index.md is a page bundle: everything else below it is that page's
// resources, not pages of its own. Symbolic links are followed only when they
// stay inside fsys. A missing content folder is not an error: it is empty.
//
// Documents with errors are returned too, so a build can report every error
// at once; the caller stops when the list has errors. A done ctx stops it
// early, with ctx's error in the list.
func Load(ctx context.Context, fsys fs.FS, loc *time.Location) ([]*Document, diag.List) {
	return NewCache(fsys, loc).Load(ctx, nil)
}

// Cache keeps the documents of one content tree between loads, for the
// preview: a load after an edit reads again only the files that changed,
// and walks the tree only when a file may have come, gone or moved. Its
// documents are shared between loads and must not be changed.
type Cache struct {
	fsys  fs.FS
	loc   *time.Location
	files map[string]file     // the regular files of the last walk, by path
	walk  diag.List           // what the last walk found wrong
	pages []string            // paths of the page files, sorted
	res   map[string][]string // bundle folder → its resources
	docs  map[string]parsed   // by path
}

type parsed struct {
	doc   *Document
	diags diag.List
}

// NewCache makes an empty cache of the tree in fsys; see Load.
func NewCache(fsys fs.FS, loc *time.Location) *Cache {
	return &Cache{fsys: fsys, loc: loc}
}

// Load returns the documents as Load does. changed are the paths, relative
// to the content folder, written or removed since the last call; nil means
// anything may have changed.
func (c *Cache) Load(ctx context.Context, changed []string) ([]*Document, diag.List) {
	switch {
	case c.files == nil || changed == nil:
		c.docs = map[string]parsed{}
		c.rewalk()
	case c.needsWalk(changed):
		for _, p := range changed {
			delete(c.docs, p)
			for vp, f := range c.files {
				if f.real == p && vp != p {
					delete(c.docs, vp)
				}
			}
		}
		c.rewalk()
	default:
		for _, p := range changed {
			delete(c.docs, p)
		}
	}
	var todo []string
	for _, p := range c.pages {
		if _, ok := c.docs[p]; !ok {
			todo = append(todo, p)
		}
	}
	parsed := c.parseAll(ctx, todo)
	if err := ctx.Err(); err != nil {
		// Some files were not read: none of this load is kept, so the
		// next one reads them all.
		var stopped diag.List
		stopped.Add(err)
		return nil, stopped
	}
	for i, pd := range parsed {
		c.docs[todo[i]] = pd
	}
	docs := make([]*Document, 0, len(c.pages))
	diags := slices.Clone(c.walk)
	for _, p := range c.pages {
		pd := c.docs[p]
		diags = append(diags, pd.diags...)
		if pd.doc != nil {
			docs = append(docs, pd.doc)
		}
	}
	diags.Sort()
	return docs, diags
}

// needsWalk reports whether a change may have added, removed or moved a
// file: anything but an edit of a page file that is still there, still
// small enough to read, and is not linked to from elsewhere.
func (c *Cache) needsWalk(changed []string) bool {
	for _, p := range changed {
		f, ok := c.files[p]
		if !ok || f.real != p || !isMarkdown(p) || !slices.Contains(c.pages, p) {
			return true
		}
		info, err := fs.Lstat(c.fsys, p)
		if err != nil || !info.Mode().IsRegular() || info.Size() > MaxFileSize {
			return true
		}
		f.size = info.Size()
		c.files[p] = f
	}
	return false
}

// rewalk lists the tree again and sorts its files into pages and bundle
// resources.
func (c *Cache) rewalk() {
	w := walker{fsys: c.fsys, folder: "content"}
	w.walk()
	c.walk = w.diags
	c.files = make(map[string]file, len(w.files))
	for _, f := range w.files {
		c.files[f.path] = f
	}

	// Find the page bundles first: a file's place depends on whether any
	// folder above it holds an index.md.
	bundles := map[string]bool{}
	for _, f := range w.files {
		if kind, _, _, _ := fromPath(f.path); kind == Bundle && isMarkdown(f.path) {
			bundles[path.Dir(f.path)] = true
		}
	}
	c.res = map[string][]string{}
	c.pages = c.pages[:0]
	for _, f := range w.files {
		dir := path.Dir(f.path)
		bundle := outermost(bundles, dir)
		switch {
		case bundle == "":
			if isMarkdown(f.path) {
				c.pages = append(c.pages, f.path)
			}
		case dir == bundle && isMarkdown(f.path):
			switch kind, _, _, _ := fromPath(f.path); kind {
			case Bundle:
				c.pages = append(c.pages, f.path)
			case Branch:
				c.walk.Add(diag.Errorf(diag.Position{File: f.path}, "a folder is either a section (_index.md) or one page with its files (index.md): remove or rename one of them",
					"%q and an index.md are in the same folder", path.Base(f.path)))
			default:
				c.res[bundle] = append(c.res[bundle], f.path)
			}
		default:
			c.res[bundle] = append(c.res[bundle], f.path)
		}
	}
	slices.Sort(c.pages)
	for _, p := range c.pages {
		pd, ok := c.docs[p]
		if !ok || pd.doc == nil || pd.doc.Kind != Bundle {
			continue
		}
		// A bundle whose files changed gets a new document; its text is
		// not read again.
		if res := c.resources(p); !slices.Equal(res, pd.doc.Resources) {
			doc := *pd.doc
			doc.Resources = res
			c.docs[p] = parsed{&doc, pd.diags}
		}
	}
	for p := range c.docs {
		if _, ok := c.files[p]; !ok {
			delete(c.docs, p)
		}
	}
}

func (c *Cache) resources(page string) []string {
	return slices.Sorted(slices.Values(c.res[path.Dir(page)]))
}

// parseAll reads and parses page files in parallel, results in order.
func (c *Cache) parseAll(ctx context.Context, paths []string) []parsed {
	out := make([]parsed, len(paths))
	parallel.For(ctx, len(paths), 0, func(i int) { out[i] = c.parse(c.files[paths[i]]) })
	return out
}

// parse reads and parses one page file.
func (c *Cache) parse(f file) parsed {
	if f.size > MaxFileSize {
		return parsed{diags: diag.List{tooBig(f.path, f.size)}}
	}
	src, err := fs.ReadFile(c.fsys, f.real)
	if err != nil {
		return parsed{diags: diag.List{cannotRead(f.path, err)}}
	}
	doc, ds := Parse(f.path, src, c.loc)
	if doc.Kind == Bundle {
		doc.Resources = c.resources(f.path)
	}
	return parsed{doc, ds}
}

func isMarkdown(p string) bool { return path.Ext(p) == ".md" }

// outermost returns the highest folder among dir and its parents that is a
// bundle, or "". A bundle inside a bundle is just files of the outer one.
func outermost(bundles map[string]bool, dir string) string {
	if len(bundles) == 0 || dir == "." {
		return ""
	}
	for i := 0; i < len(dir); i++ {
		if dir[i] == '/' && bundles[dir[:i]] {
			return dir[:i]
		}
	}
	if bundles[dir] {
		return dir
	}
	return ""
}

func cannotRead(file string, err error) *diag.Diagnostic {
	d := diag.Errorf(diag.Position{File: file}, "check that the file exists and that you may read it", "the file cannot be read (%v)", reason(err))
	d.Err = err
	return d
}

// file is an ordinary file found by the walker. path is where it appears
// in the tree; real is the same file with every symbolic link resolved,
// which is the name we read it by, so no link is ever followed out of the
// tree.
type file struct {
	path, real string
	size       int64
}

// walker lists the ordinary files of a tree in lexical order, with the
// skip rules of Load.
type walker struct {
	fsys   fs.FS
	folder string // "content" or "data", for messages
	files  []file
	diags  diag.List
}

func (w *walker) walk() {
	tree := msg.T("the content folder")
	if w.folder == "data" {
		tree = msg.T("the data folder")
	}
	files, diags := source.Walk(w.fsys, ".", source.WalkOptions{Skip: skip, Tree: tree, Folder: w.folder + "/"})
	w.diags = diags
	w.files = make([]file, len(files))
	for i, f := range files {
		w.files[i] = file{path: f.Path, real: f.Real, size: f.Size}
	}
}

// reason drops the operation and path from a *fs.PathError: the message
// already names the file.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// skip reports whether a file or folder is left out: hidden and private
// names, and the files editors leave behind while they work.
func skip(name string, dir bool) bool {
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"),
		len(name) >= 2 && name[0] == '#' && name[len(name)-1] == '#':
		return true
	case strings.HasPrefix(name, "_"):
		if dir {
			return true
		}
		kind, _, _, _ := fromPath(name)
		return kind != Branch || !isMarkdown(name)
	}
	return false
}
