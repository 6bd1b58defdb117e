package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/diag"
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
// at once; the caller stops when the list has errors.
func Load(fsys fs.FS, loc *time.Location) ([]*Document, diag.List) {
	return NewCache(fsys, loc).Load(nil)
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
func (c *Cache) Load(changed []string) ([]*Document, diag.List) {
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
	for i, pd := range c.parseAll(todo) {
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
func (c *Cache) parseAll(paths []string) []parsed {
	out := make([]parsed, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(paths); i += workers {
				out[i] = c.parse(c.files[paths[i]])
			}
		})
	}
	wg.Wait()
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

// file is a regular file found by the walker. path is where it appears in
// the tree; real is the same file with every symbolic link resolved, which
// is the name we read it by, so no link is ever followed out of the tree.
type file struct {
	path, real string
	size       int64
}

// walker lists the regular files of a tree in lexical order.
type walker struct {
	fsys   fs.FS
	folder string // "content" or "data", for messages
	files  []file
	diags  diag.List
}

func (w *walker) walk() { w.dir(".", ".", []string{"."}) }

// dir lists the folder real, which appears in the tree as virt. stack holds
// the real folders we are inside, to catch links that lead back up.
func (w *walker) dir(virt, real string, stack []string) {
	entries, err := fs.ReadDir(w.fsys, real)
	if err != nil {
		if virt == "." && errors.Is(err, fs.ErrNotExist) {
			return
		}
		d := diag.Errorf(diag.Position{File: virt}, "check that the folder exists and that you may read it", "the folder cannot be read (%v)", reason(err))
		d.Err = err
		w.diags.Add(d)
		return
	}
	for _, e := range entries {
		name := e.Name()
		if skip(name, e.IsDir()) {
			continue
		}
		vp, rp := join(virt, name), join(real, name)
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			w.link(vp, rp, stack)
		case e.IsDir():
			w.dir(vp, rp, append(stack[:len(stack):len(stack)], rp))
		case e.Type().IsRegular():
			info, err := e.Info()
			if err != nil {
				w.diags.Add(cannotRead(vp, err))
				continue
			}
			w.files = append(w.files, file{path: vp, real: rp, size: info.Size()})
		}
	}
}

// link handles the symbolic link vp (really at rp): followed when it stays
// in the tree, reported when it leaves it, loops or leads nowhere.
func (w *walker) link(vp, rp string, stack []string) {
	raw, err := fs.ReadLink(w.fsys, rp)
	if err != nil {
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, "replace the link with a copy of the file", "this link cannot be read (%v)", reason(err)))
		return
	}
	target, err := evalLinks(w.fsys, rp)
	var info fs.FileInfo
	if err == nil {
		info, err = fs.Lstat(w.fsys, target)
	}
	switch {
	case errors.Is(err, errOutside):
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, fmt.Sprintf("copy the file into %s/ instead", w.folder),
			"this link points outside the %s folder, to %q", w.folder, raw))
		return
	case errors.Is(err, errLoop):
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, "remove the link", "this link points back to itself"))
		return
	case err != nil:
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, "fix the link or remove it", "this link points to %q, which does not exist", raw))
		return
	}
	switch {
	case info.IsDir():
		for _, s := range stack {
			if target == "." || target == s || strings.HasPrefix(s+"/", target+"/") {
				w.diags.Add(diag.Errorf(diag.Position{File: vp}, "remove the link", "this link points to a folder that contains it, so the folder would never end"))
				return
			}
		}
		w.dir(vp, target, append(stack[:len(stack):len(stack)], target))
	case info.Mode().IsRegular():
		w.files = append(w.files, file{path: vp, real: target, size: info.Size()})
	}
}

var (
	errOutside = errors.New("link leaves the tree")
	errLoop    = errors.New("too many links")
)

// evalLinks resolves every symbolic link in name, one path element at a
// time, the way the operating system would, but within fsys: a link that
// climbs above the root or is absolute gives errOutside.
func evalLinks(fsys fs.FS, name string) (string, error) {
	const maxHops = 40 // as Linux's ELOOP limit
	todo := strings.Split(name, "/")
	done := ""
	for hops := 0; len(todo) > 0; {
		elem := todo[0]
		todo = todo[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if done == "" {
				return "", errOutside
			}
			if done = path.Dir(done); done == "." {
				done = ""
			}
			continue
		}
		next := join(cmp.Or(done, "."), elem)
		info, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		if hops++; hops > maxHops {
			return "", errLoop
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		if path.IsAbs(target) || filepath.IsAbs(target) || filepath.VolumeName(target) != "" || strings.HasPrefix(target, `\`) {
			return "", errOutside
		}
		todo = append(strings.Split(filepath.ToSlash(target), "/"), todo...)
	}
	return cmp.Or(done, "."), nil
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

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
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
