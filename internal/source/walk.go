package source

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"golang.org/x/text/unicode/norm"
)

// File is an ordinary file that Walk found.
type File struct {
	// Path is where the file appears below the folder walked, links under
	// their own names, in Unicode NFC: "gründerkafé.md" is the same name
	// whether Windows, Linux or macOS (which writes NFD) saved it.
	Path string
	// Real is the same file with every link resolved, relative to the top
	// of the tree: the name to read it by, so no link is ever followed out.
	Real string
	Size int64
}

// WalkOptions configure Walk. The zero value lists every file.
type WalkOptions struct {
	// Skip leaves out a file or folder by its name.
	Skip func(name string, dir bool) bool
	// Tree names the tree in messages: msg.T("the content folder"). The
	// zero Text means "the site folder".
	Tree msg.Text
	// Folder is where a writer should copy a file instead of linking to
	// it, in hints: "content/". "" means "the site folder".
	Folder string
}

// Walk lists the ordinary files below dir in fsys, in the order of a walk
// that reads each folder's names sorted and goes into a folder where its
// name comes (the order of fs.WalkDir), so the same tree always gives the
// same list. Symbolic
// links are followed while they stay inside fsys; a link that leaves it,
// leads nowhere or loops, and anything that is not an ordinary file or a
// folder (a named pipe, a socket, a device), is reported and left out. Two
// files whose names differ only in their Unicode form are reported too.
// A missing dir is empty, not an error.
//
// Diagnostics name files by their Path, relative to dir; the caller puts
// the folder in front.
func Walk(fsys fs.FS, dir string, opts WalkOptions) ([]File, diag.List) {
	w := walker{fsys: fsys, opts: opts, names: map[string]string{}}
	if w.opts.Tree.IsZero() {
		w.opts.Tree = msg.T("the site folder")
	}
	dir = cmpOr(dir, ".")
	if info, err := fs.Stat(fsys, dir); err == nil && !info.IsDir() {
		w.diags.Add(diag.Errorf(diag.Position{File: "."}, "make it a folder, or remove it", "this should be a folder, but it is %s", Kind(info.Mode())))
		return nil, w.diags
	}
	w.dir(".", dir, []string{dir}, true)
	return w.files, w.diags
}

type walker struct {
	fsys  fs.FS
	opts  WalkOptions
	files []File
	diags diag.List
	names map[string]string // Path → the name as it was written, to catch two forms of one name
}

// dir lists the folder real, which appears in the tree as virt. stack holds
// the real folders we are inside, to catch links that lead back up.
func (w *walker) dir(virt, real string, stack []string, top bool) {
	entries, err := fs.ReadDir(w.fsys, real)
	if err != nil {
		if top && errors.Is(err, fs.ErrNotExist) {
			return
		}
		d := diag.Errorf(diag.Position{File: virt}, "check that the folder exists and that you may read it", "the folder cannot be read (%v)", reason(err))
		d.Err = err
		w.diags.Add(d)
		return
	}
	for _, e := range entries {
		name := e.Name()
		if w.opts.Skip != nil && w.opts.Skip(name, e.IsDir()) {
			continue
		}
		vp, rp := join(virt, norm.NFC.String(name)), join(real, name)
		if !w.unique(vp, join(virt, name)) {
			continue
		}
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			w.link(vp, rp, stack)
		case e.IsDir():
			w.dir(vp, rp, append(stack[:len(stack):len(stack)], rp), false)
		case t.IsRegular():
			info, err := e.Info()
			if err != nil {
				w.diags.Add(cannotRead(vp, err))
				continue
			}
			w.files = append(w.files, File{Path: vp, Real: rp, Size: info.Size()})
		default:
			w.irregular(vp, t)
		}
	}
}

// unique reports whether vp is seen for the first time; written is the
// name as it is on disk. The same name in two Unicode forms is two files
// on Linux but one address on the site: an error naming both.
func (w *walker) unique(vp, written string) bool {
	first, seen := w.names[vp]
	if !seen {
		w.names[vp] = written
		return true
	}
	w.diags.Add(diag.Errorf(diag.Position{File: vp}, "keep one of them and remove the other",
		"two files have this name, written in two ways (%q and %q; macOS and some programs store letters like é and ü as two characters)", first, written))
	return false
}

func (w *walker) irregular(vp string, m fs.FileMode) {
	w.diags.Add(diag.Errorf(diag.Position{File: vp}, "remove it, or put an ordinary file in its place",
		"this is %s, not an ordinary file; works reads only ordinary files", Kind(m)))
}

// link handles the symbolic link vp (really at rp): followed when it stays
// in the tree, reported when it leaves it, loops or leads nowhere.
func (w *walker) link(vp, rp string, stack []string) {
	raw, err := fs.ReadLink(w.fsys, rp)
	if err != nil {
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, "replace the link with a copy of the file", "this link cannot be read (%v)", reason(err)))
		return
	}
	target, err := Resolve(w.fsys, rp)
	var info fs.FileInfo
	if err == nil {
		info, err = fs.Lstat(w.fsys, target)
	}
	switch {
	case errors.Is(err, ErrOutside):
		d := diag.Errorf(diag.Position{File: vp}, "copy the file into the site folder instead",
			"this link points outside %s, to %q", w.opts.Tree, raw)
		if w.opts.Folder != "" {
			d.Fixf("copy the file into %s instead", w.opts.Folder)
		}
		w.diags.Add(d)
		return
	case errors.Is(err, ErrLoop):
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, "remove the link", "this link points back to itself"))
		return
	case err != nil:
		w.diags.Add(diag.Errorf(diag.Position{File: vp}, "fix the link or remove it", "this link points to %q, which does not exist", raw))
		return
	}
	switch m := info.Mode(); {
	case m.IsDir():
		for _, s := range stack {
			if target == "." || target == s || strings.HasPrefix(s+"/", target+"/") {
				w.diags.Add(diag.Errorf(diag.Position{File: vp}, "remove the link", "this link points to a folder that contains it, so the folder would never end"))
				return
			}
		}
		w.dir(vp, target, append(stack[:len(stack):len(stack)], target), false)
	case m.IsRegular():
		w.files = append(w.files, File{Path: vp, Real: target, Size: info.Size()})
	default:
		w.irregular(vp, m)
	}
}

func cannotRead(file string, err error) *diag.Diagnostic {
	d := diag.Errorf(diag.Position{File: file}, "check that the file exists and that you may read it", "the file cannot be read (%v)", reason(err))
	d.Err = err
	return d
}

// Describe says in plain words why a file could not be read, for messages
// that already name the file: a link out of the site, a named pipe, a
// missing file.
func Describe(err error) msg.Text {
	if oe, ok := errors.AsType[*OutsideError](err); ok {
		return msg.T("it is a link to %s, outside the site folder; works reads only files inside it", oe.Target)
	}
	if ie, ok := errors.AsType[*IrregularError](err); ok {
		return ie.Message()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return msg.T("it does not exist")
	}
	if errors.Is(err, ErrLoop) {
		return msg.T("it is a link that points back to itself")
	}
	return msg.T("%s", reason(err))
}
