package output

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/drammen-works/works/internal/diag"
)

// WriteOptions configures Write. The zero value writes files as they are,
// with one worker per CPU, and checks the destination against no source.
type WriteOptions struct {
	Minify  *Minifier // nil: write files as they are
	Source  string    // the site's source folder; see CheckDestination for what it protects
	Workers int       // files written at once; 0: runtime.GOMAXPROCS(0)

	// exchange swaps two folders in one step, or returns errNoExchange;
	// nil: the system's way (exchangeDirs). Tests set it to try the
	// fallback.
	exchange func(a, b string) error
}

// Stats says what Write wrote of the set (the mark not counted).
type Stats struct {
	Files int
	Bytes int64 // after minifying
}

// Write replaces the folder dest with the files of set.
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
// new folder renamed into place: for a moment dest does not exist.
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
// replaced with the rest. Where the file system has no locks (some network
// ones) Write goes on without one. On systems without flock or LockFileEx
// a killed Write leaves its lock file, and the message says to remove it.
func Write(ctx context.Context, dest string, set *Set, opts WriteOptions) (Stats, error) {
	resolved, err := checkPath(dest, opts.Source)
	if err != nil {
		return Stats{}, err
	}
	var files []File
	if set != nil {
		files = set.Files()
	}
	for _, f := range files {
		if isMarkPath(f.Path) {
			return Stats{}, diag.Errorf(diag.Position{File: f.Owner}, "give the file another name",
				"%q cannot be published: %s marks the output folder as written by works", f.Path, markName)
		}
	}
	parent, base := filepath.Dir(resolved), filepath.Base(resolved)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stats{}, destError(dest, err)
	}
	lock, err := lockDest(dest, parent, base)
	if err != nil {
		return Stats{}, err
	}
	defer lock.release()
	if err := restore(dest, parent, base); err != nil {
		return Stats{}, err
	}
	if err := checkContents(dest, resolved); err != nil {
		return Stats{}, err
	}
	removeLeftovers(parent, base)
	if err := ctx.Err(); err != nil {
		return Stats{}, cancelled(err)
	}

	tmp, err := os.MkdirTemp(parent, "."+base+tmpInfix+"*")
	if err != nil {
		return Stats{}, destError(dest, err)
	}
	exchange := opts.exchange
	if exchange == nil {
		exchange = exchangeDirs
	}
	stats, err := fill(ctx, tmp, dest, files, opts)
	if err == nil {
		err = swap(tmp, resolved, exchange)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return Stats{}, err
	}
	return stats, nil
}

// fill writes files into the empty folder dir, which is to become dest.
func fill(ctx context.Context, dir, dest string, files []File, opts WriteOptions) (Stats, error) {
	// MkdirTemp makes the folder private (0700); the site is not.
	if err := os.Chmod(dir, 0o755); err != nil {
		return Stats{}, destError(dest, err)
	}
	// Every path below goes through root, so no path can leave dir, not
	// even through a symbolic link.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Stats{}, destError(dest, err)
	}
	defer root.Close()

	// Folders first, in one goroutine: sorted, a parent comes before its
	// children, and the workers need not race to create them.
	for _, d := range folders(files) {
		if err := mkdir(root, d); err != nil {
			return Stats{}, writeError(d, "", err)
		}
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(files)))

	// stop ends the work early on the first error that would repeat for
	// every file (a full disk); an error in one file's content lets the
	// others go on, so one build reports all of them.
	work, stop := context.WithCancel(ctx)
	defer stop()
	var (
		next    atomic.Int64
		written atomic.Int64
		wg      sync.WaitGroup
		errs    = make([]error, len(files)) // by index, so the report is stable
	)
	for range workers {
		wg.Go(func() {
			for work.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				n, fatal, err := writeFile(root, files[i], opts.Minify)
				written.Add(n)
				errs[i] = err
				if fatal {
					stop()
				}
			}
		})
	}
	wg.Wait()

	if err := ctx.Err(); err != nil {
		return Stats{}, cancelled(err)
	}
	var list diag.List
	for _, err := range errs {
		list.Add(err)
	}
	switch len(list) {
	case 0:
		// The mark last: a folder that has it is complete.
		if _, err := create(root, File{Path: markName}, func(w io.Writer) (int64, error) {
			n, err := w.Write(encodeMark(files))
			return int64(n), err
		}); err != nil {
			return Stats{}, err
		}
		return Stats{Files: len(files), Bytes: written.Load()}, nil
	case 1:
		return Stats{}, list[0]
	}
	return Stats{}, list.Err()
}

// folders returns every folder the files sit in, sorted.
func folders(files []File) []string {
	seen := map[string]bool{}
	var dirs []string
	for _, f := range files {
		for d := path.Dir(f.Path); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	// Sorting puts "a" before "a/b": a path sorts after its prefixes.
	slices.Sort(dirs)
	return dirs
}

func mkdir(root *os.Root, name string) error {
	if err := root.Mkdir(name, 0o755); err != nil {
		return err
	}
	return root.Chmod(name, 0o755) // whatever the umask says
}

// writeFile writes one file into root and returns how many bytes it wrote.
// fatal says the error is about writing, not about this file, so it would
// repeat for every other file (a full disk).
func writeFile(root *os.Root, f File, m *Minifier) (n int64, fatal bool, err error) {
	if m != nil && !f.Minified && mediaType(f.Path) != "" {
		data := f.Data
		if f.From != nil {
			if data, err = fs.ReadFile(f.From, f.FromPath); err != nil {
				return 0, false, readError(f, err)
			}
		}
		data, d := m.minify(f.Path, f.Owner, data)
		if d != nil {
			if f.From != nil && f.Owner != "" {
				d.Pos.File = f.Owner // a copied file: its lines are the source's
			}
			return 0, false, d
		}
		n, err = create(root, f, func(w io.Writer) (int64, error) {
			n, err := w.Write(data)
			return int64(n), err
		})
		return n, err != nil, err
	}
	if f.From == nil {
		n, err = create(root, f, func(w io.Writer) (int64, error) {
			n, err := w.Write(f.Data)
			return int64(n), err
		})
		return n, err != nil, err
	}

	src, err := f.From.Open(f.FromPath)
	if err != nil {
		return 0, false, readError(f, err)
	}
	defer src.Close()
	if info, err := src.Stat(); err != nil {
		return 0, false, readError(f, err)
	} else if info.IsDir() {
		return 0, false, readError(f, errors.New("it is a folder, not a file"))
	}
	// Streamed: when both ends are plain files the kernel copies
	// (copy_file_range) without the bytes passing through us.
	n, err = create(root, f, func(w io.Writer) (int64, error) { return io.Copy(w, src) })
	return n, err != nil, err
}

// create makes f.Path in root, which must not exist yet, and fills it.
func create(root *os.Root, f File, fill func(io.Writer) (int64, error)) (int64, error) {
	// O_EXCL: each path is written once; on a disk that does not tell
	// upper from lower case, "A.html" and "a.html" clash here instead of one
	// silently replacing the other.
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

func writeError(name, owner string, err error) error {
	var d *diag.Diagnostic
	if errors.Is(err, fs.ErrExist) {
		d = diag.Errorf(diag.Position{File: owner}, "give one of them another slug or url",
			"cannot write %q: another path that differs only in upper and lower case is already there, and this disk does not tell them apart", name)
	} else {
		d = diag.Errorf(diag.Position{File: owner}, "check that the disk has free space and that you may write to the output folder",
			"cannot write %q: %v", name, unwrapPath(err))
	}
	d.Err = err
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
