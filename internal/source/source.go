// Package source reads a site's files. Every file is read through one
// os.Root opened on the site's folder, so neither a name nor a symbolic link
// can reach a file outside it, and only ordinary files and folders are
// opened, so a named pipe or a device can never block or feed a build.
//
// Open opens the site; FS gives the fs.FS every stage reads from; Walk lists
// a folder's ordinary files, following links that stay inside, and says in
// plain words what is wrong with each one it cannot use.
package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// Open opens the site folder dir. The error says in plain words when the
// folder does not exist or is not a folder.
func Open(dir string) (*os.Root, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, diag.Errorf(diag.Position{}, "give the site's folder with -s, or run works in the site's folder",
			"the site folder %q does not exist", dir)
	case err != nil:
		return nil, diag.Errorf(diag.Position{}, "check that the folder exists and that you may read it",
			"the site folder %q cannot be opened (%v)", dir, reason(err))
	case !info.IsDir():
		return nil, diag.Errorf(diag.Position{}, "give the site's folder with -s, not a file in it",
			"the site folder %q is a file, not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, diag.Errorf(diag.Position{}, "check that the folder exists and that you may read it",
			"the site folder %q cannot be opened (%v)", dir, reason(err))
	}
	return root, nil
}

// FS is the file system of the site in root, for reading. Its files are
// the ordinary files and folders inside root; symbolic links are followed
// while they stay inside. Opening anything else fails with an
// *OutsideError or an *IrregularError (wrapped in an *fs.PathError), whose
// text says what the file is.
//
// The result implements fs.ReadFileFS, fs.ReadDirFS, fs.StatFS and
// fs.ReadLinkFS, and fs.Sub of it keeps them.
func FS(root *os.Root) fs.FS { return siteFS{root: root, fsys: root.FS()} }

type siteFS struct {
	root *os.Root
	fsys fs.FS // root.FS(), for ReadDir, Stat, Lstat and ReadLink
}

var (
	_ fs.ReadFileFS = siteFS{}
	_ fs.ReadDirFS  = siteFS{}
	_ fs.StatFS     = siteFS{}
	_ fs.ReadLinkFS = siteFS{}
)

// nonBlocking opens a named pipe without waiting for a writer, so that the
// file can be looked at and refused; it changes nothing for ordinary files.
const nonBlocking = syscall.O_NONBLOCK

func (s siteFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := s.root.OpenFile(name, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return nil, s.explain("open", name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: &IrregularError{Mode: info.Mode()}}
	}
	return f, nil
}

func (s siteFS) ReadFile(name string) ([]byte, error) {
	f, err := s.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errFolder}
	}
	return io.ReadAll(f)
}

func (s siteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(s.fsys, name)
	return entries, s.explain("readdir", name, err)
}

func (s siteFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(s.fsys, name)
	return info, s.explain("stat", name, err)
}

func (s siteFS) Lstat(name string) (fs.FileInfo, error) {
	info, err := fs.Lstat(s.fsys, name)
	return info, s.explain("lstat", name, err)
}

func (s siteFS) ReadLink(name string) (string, error) { return fs.ReadLink(s.fsys, name) }

// explain turns os.Root's "path escapes from parent" into an OutsideError
// that names the link and where it points; other errors pass as they are.
func (s siteFS) explain(op, name string, err error) error {
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return err
	}
	if _, lerr := Resolve(s.fsys, name); lerr != nil {
		if oe, ok := errors.AsType[*OutsideError](lerr); ok {
			return &fs.PathError{Op: op, Path: name, Err: oe}
		}
	}
	return err
}

// OutsideError is a symbolic link that leads out of the tree being read.
type OutsideError struct {
	Link   string // the link, a slash path in the tree
	Target string // what it points to, as written in the link
}

func (e *OutsideError) Error() string { return e.Message().String() }

// Message says the error in any language.
func (e *OutsideError) Message() msg.Text {
	return msg.T("%s is a link to %s, outside the site folder", e.Link, e.Target)
}

// Is makes errors.Is(err, ErrOutside) true for every OutsideError.
func (e *OutsideError) Is(target error) bool { return target == ErrOutside }

// ErrOutside matches every *OutsideError.
var ErrOutside = errors.New("link leaves the site folder")

// ErrLoop is a chain of links that never ends.
var ErrLoop error = &plainError{msg.T("too many links")}

// errFolder is ReadFile's error for a folder.
var errFolder error = &plainError{msg.T("it is a folder, not a file")}

// plainError is an error in words a writer reads, which it can say in
// any language.
type plainError struct{ text msg.Text }

func (e *plainError) Error() string     { return e.text.String() }
func (e *plainError) Message() msg.Text { return e.text }

// IrregularError is a file that is neither an ordinary file nor a folder: a
// named pipe, a socket, a device.
type IrregularError struct{ Mode fs.FileMode }

func (e *IrregularError) Error() string { return e.Message().String() }

// Message says the error in any language.
func (e *IrregularError) Message() msg.Text {
	return msg.T("it is %s, not an ordinary file; works reads only ordinary files", Kind(e.Mode))
}

// Kind names what a file of this mode is, in plain words.
func Kind(m fs.FileMode) msg.Text {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return msg.T("a named pipe")
	case m&fs.ModeSocket != 0:
		return msg.T("a socket")
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return msg.T("a device")
	case m&fs.ModeSymlink != 0:
		return msg.T("a link")
	case m.IsDir():
		return msg.T("a folder")
	case m.IsRegular():
		return msg.T("a file")
	}
	return msg.T("a special file")
}

// Resolve resolves every symbolic link in name, one path element at a
// time, the way the operating system would, but within fsys: a link that
// climbs above the top of fsys or is absolute gives an *OutsideError, a
// chain of more than 40 links ErrLoop.
func Resolve(fsys fs.FS, name string) (string, error) {
	const maxHops = 40 // as Linux's ELOOP limit
	todo := strings.Split(name, "/")
	done := ""
	var link, target string // the last link followed, for the error
	outside := func(l, t string) error {
		return &OutsideError{Link: l, Target: t}
	}
	for hops := 0; len(todo) > 0; {
		elem := todo[0]
		todo = todo[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if done == "" {
				return "", outside(link, target)
			}
			if done = path.Dir(done); done == "." {
				done = ""
			}
			continue
		}
		next := join(cmpOr(done, "."), elem)
		info, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		if hops++; hops > maxHops {
			return "", ErrLoop
		}
		t, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		link, target = next, t
		if path.IsAbs(t) || filepath.IsAbs(t) || filepath.VolumeName(t) != "" || strings.HasPrefix(t, `\`) {
			return "", outside(link, target)
		}
		// done stays the link's folder: the target is relative to it.
		todo = append(strings.Split(filepath.ToSlash(t), "/"), todo...)
	}
	return cmpOr(done, "."), nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func join(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}

// reason drops the operation and path from a *fs.PathError: the message
// already names the file.
func reason(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// Reason is the part of err that says what is wrong, without the operation
// and path an *fs.PathError puts in front.
func Reason(err error) error { return reason(err) }
