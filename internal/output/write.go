package output

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/parallel"
)

// WriteOptions configures Write and Begin. The zero value writes files as
// they are, with one worker per CPU, and checks the destination against no
// source.
type WriteOptions struct {
	Minify  *Minifier // nil: write files as they are
	Source  string    // the site's source folder; see CheckDestination for what it protects
	Workers int       // files Write writes at once, and Commit links; 0: runtime.GOMAXPROCS(0)

	// exchange swaps two folders in one step, or returns errNoExchange;
	// nil: the system's way (exchangeDirs). Tests set it to try the
	// fallback.
	exchange func(a, b string) error
	// link hard-links oldname to newname, both in root; nil: root.Link.
	// Tests set it to try the copy where a file system has no hard links.
	link func(root *os.Root, oldname, newname string) error
}

// Stats says what Write wrote of the set (the mark not counted).
type Stats struct {
	Files int
	Bytes int64 // after minifying
	// Unchanged counts the files the destination's earlier build had byte
	// for byte, which were linked from there instead of written (see
	// Stream.Commit).
	Unchanged int
}

// Write replaces the folder dest with the files of set. It is Begin, an Add
// of every file on opts.Workers goroutines, and Commit.
//
// It refuses what CheckDestination refuses, checked again while it holds
// the lock, and a set with a file where the mark goes. Everything is written
// into a fresh folder beside dest (".public.works-tmp-123456"), files in
// parallel, and the mark (".works-build.json", listing them) last. Only when
// every file is written does that folder take dest's place, and the old
// site is removed, so files the set lacks disappear. On Linux
// (renameat2 RENAME_EXCHANGE) and macOS (renamex_np RENAME_SWAP) the two
// folders trade places in one step: whoever looks at dest always finds a
// whole site, the old or the new. Elsewhere, or on a file system that
// cannot, dest is moved aside (".public.works-old-123456/public") and the
// new folder renamed into place: for a moment dest does not exist. Files
// the old site has byte for byte are hard-linked into the new folder rather
// than written, and when nothing changed dest is left as it is (see
// Stream.Commit).
//
// On any error, or when ctx is cancelled, the new folder is removed and
// dest is left as it was. A Write killed at any moment leaves dest as it
// was or whole and new, except between the two renames of the fallback
// swap, where it leaves the old site aside; the next Write or
// CheckDestination puts it back before anything else. The next Write then
// removes the folders killed Writes left beside dest.
//
// One Write at a time: it locks ".public.works-lock" beside dest (flock on
// unix, LockFileEx on Windows; the kernel lets go of it when a process
// dies), and a second Write to the same dest fails at once, saying another
// build is writing, without touching the first one's folders. The lock file
// is removed when let go, except on Windows. Nothing else outside dest is
// created or removed, except dest's parent folders when they do not exist
// yet.
//
// The error is a *diag.Diagnostic, or a diag.List when several files could
// not be read or minified; when ctx ends the work it wraps ctx.Err().
//
// Limits: files are not synced to disk, so the guarantee is against failed
// and killed builds, not power cuts. Other programs are not locked out: a
// file copied into dest after the check, while the build writes, is
// replaced with the rest, and one changed in place may reach the new site
// (see Stream.Commit). Where the file system has no locks (some network
// ones) Write goes on without one. On systems without flock or LockFileEx
// a killed Write leaves its lock file, and the message says to remove it.
func Write(ctx context.Context, dest string, set *Set, opts WriteOptions) (Stats, error) {
	var files []File
	if set != nil {
		files = set.Files()
	}
	// Refused before anything is touched.
	for _, f := range files {
		if isMarkPath(f.Path) {
			return Stats{}, markPathError(f)
		}
	}
	st, err := Begin(ctx, dest, opts)
	if err != nil {
		return Stats{}, err
	}
	defer st.Abort()

	// Add's errors come back from Commit, all of them, sorted.
	parallel.For(st.work, len(files), st.workers(), func(i int) { st.Add(files[i]) })
	return st.Commit()
}

func mkdir(root *os.Root, name string) error {
	if err := root.Mkdir(name, 0o755); err != nil {
		return err
	}
	return root.Chmod(name, 0o755) // whatever the umask says
}

// create makes f.Path in root, which must not exist yet, and fills it.
func create(root *os.Root, f File, fill func(io.Writer) (int64, error)) (int64, error) {
	// O_EXCL: each path is written once; on a disk that does not tell
	// upper from lower case, "A.html" and "a.html" clash here instead of one
	// silently replacing the other. And no file is ever opened for writing
	// that exists already: the old and the new site share the files they
	// have in common (hard links), so writing into one would change both.
	w, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, writeError(f.Path, f.Owner, err)
	}
	n, err := fill(w)
	if err == nil {
		err = w.Chmod(0o644) // whatever the umask says
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, writeError(f.Path, f.Owner, err)
	}
	return n, nil
}

func cancelled(err error) error {
	d := diag.Errorf(diag.Position{}, "", "writing the site was stopped before it finished; the output folder is unchanged")
	d.Err = err
	return d
}

func destError(dest string, err error) error {
	d := diag.Errorf(diag.Position{}, "check that the path is right and that you may write there",
		"cannot write the site to %q: %v", dest, unwrapPath(err))
	d.Err = err
	return d
}

func readError(f File, err error) error {
	from := f.Owner
	if from == "" {
		from = f.FromPath
	}
	d := diag.Errorf(diag.Position{File: f.Owner}, "check that the file exists and can be read",
		"cannot read %s to copy it to %q: %v", from, f.Path, unwrapPath(err))
	d.Err = err
	return d
}

// writeFailed marks an error of writing into the staging folder, as
// opposed to reading or minifying one file: it would repeat for every file.
type writeFailed struct{ error }

func (w writeFailed) Unwrap() error { return w.error }

// isFatal says err is one that would repeat for every other file (a full
// disk). A file's own errors are about reading or minifying it, and so is
// a clash of two names on a disk that does not tell upper from lower case.
func isFatal(err error) bool {
	_, ok := errors.AsType[writeFailed](err)
	return ok && !errors.Is(err, fs.ErrExist)
}

func writeError(name, owner string, err error) error {
	var d *diag.Diagnostic
	if errors.Is(err, fs.ErrExist) {
		d = diag.Errorf(diag.Position{File: owner}, "give one of them another slug or url",
			"cannot write %q: another path that differs only in upper and lower case is already there, and this disk does not tell them apart", name)
	} else {
		d = diag.Errorf(diag.Position{File: owner}, "check that the disk has free space and that you may write to the output folder",
			"cannot write %q: %v", name, unwrapPath(err))
	}
	d.Err = writeFailed{err}
	return d
}

// unwrapPath drops the "open /tmp/.public.works-tmp-123/x:" part of an
// error: the message already names the file, and the temporary folder means
// nothing to the reader.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	if le, ok := errors.AsType[*os.LinkError](err); ok {
		return le.Err
	}
	return err
}
