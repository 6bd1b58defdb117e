package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
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
	w := walker{fsys: fsys, folder: "content"}
	w.walk()
	files, diags := w.files, w.diags

	// Find the page bundles first: a file's place depends on whether any
	// folder above it holds an index.md.
	bundles := map[string]bool{}
	for _, f := range files {
		if kind, _, _, _ := fromPath(f.path); kind == Bundle && isMarkdown(f.path) {
			bundles[path.Dir(f.path)] = true
		}
	}
	resources := map[string][]string{}
	var pages []file
	for _, f := range files {
		dir := path.Dir(f.path)
		bundle := outermost(bundles, dir)
		switch {
		case bundle == "":
			if isMarkdown(f.path) {
				pages = append(pages, f)
			}
		case dir == bundle && isMarkdown(f.path):
			switch kind, _, _, _ := fromPath(f.path); kind {
			case Bundle:
				pages = append(pages, f)
			case Branch:
				diags.Add(diag.Errorf(diag.Position{File: f.path}, "a folder is either a section (_index.md) or one page with its files (index.md): remove or rename one of them",
					"%q and an index.md are in the same folder", path.Base(f.path)))
			default:
				resources[bundle] = append(resources[bundle], f.path)
			}
		default:
			resources[bundle] = append(resources[bundle], f.path)
		}
	}

	docs := make([]*Document, 0, len(pages))
	for _, f := range pages {
		if f.size > MaxFileSize {
			diags.Add(tooBig(f.path, f.size))
			continue
		}
		src, err := fs.ReadFile(fsys, f.real)
		if err != nil {
			diags.Add(cannotRead(f.path, err))
			continue
		}
		doc, ds := Parse(f.path, src, loc)
		diags = append(diags, ds...)
		if doc.Kind == Bundle {
			doc.Resources = slices.Sorted(slices.Values(resources[path.Dir(f.path)]))
		}
		docs = append(docs, doc)
	}
	slices.SortFunc(docs, func(a, b *Document) int { return cmp.Compare(a.Path, b.Path) })
	diags.Sort()
	return docs, diags
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
