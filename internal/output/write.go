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
	"strings"
	"sync"
	"sync/atomic"

	"github.com/drammen-works/works/internal/diag"
)

// WriteOptions configures Write. The zero value writes files as they are,
// with one worker per CPU, and checks the destination against no source.
type WriteOptions struct {
	Minify  *Minifier // nil: write files as they are
	Source  string    // the site's source folder; the destination may not be it, contain it, or be "/" or the user's home folder
	Workers int       // files written at once; 0: runtime.GOMAXPROCS(0)
}

// Stats says what Write wrote.
type Stats struct {
	Files int
	Bytes int64 // after minifying
}

// Names of the two folders Write keeps beside dest while it works.
const (
	tmpInfix = ".works-tmp-"
	oldInfix = ".works-old-"
)

// Write writes the set to dest atomically. Everything goes into a fresh
// folder beside dest (".public.works-tmp-123456"), files in parallel. Only
// when every file is written is the old dest moved aside
// (".public.works-old-123456"), the new one renamed into place and the old
// one removed, so files the set lacks disappear. On any error, or when ctx
// is cancelled, the new folder is removed and dest is left as it was.
//
// Nothing outside dest and those two folders is created or removed, except
// dest's parent folders when they do not exist yet. If dest is a symbolic
// link to a folder, the folder it points to is replaced and the link kept.
// Leftovers of an earlier Write that crashed are removed first, so two
// Writes to the same dest must not run at once.
//
// The error is a *diag.Diagnostic, or a diag.List when several files could
// not be read or minified; when ctx ends the work it wraps ctx.Err().
//
// The swap is two renames: for a moment between them dest does not exist.
// Files are not synced to disk; the guarantee is against failed builds, not
// power cuts.
func Write(ctx context.Context, dest string, set *Set, opts WriteOptions) (Stats, error) {
	if err := CheckDestination(dest, opts.Source); err != nil {
		return Stats{}, err
	}
	resolved, err := realPath(dest)
	if err != nil {
		return Stats{}, destError(dest, err)
	}
	dest = resolved
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stats{}, destError(dest, err)
	}
	removeLeftovers(parent, base)
	if err := ctx.Err(); err != nil {
		return Stats{}, cancelled(err)
	}

	tmp, err := os.MkdirTemp(parent, "."+base+tmpInfix+"*")
	if err != nil {
		return Stats{}, destError(dest, err)
	}
	var files []File
	if set != nil {
		files = set.Files()
	}
	stats, err := fill(ctx, tmp, dest, files, opts)
	if err == nil {
		err = swap(tmp, dest)
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

// swap puts the finished folder tmp in the place of dest.
func swap(tmp, dest string) error {
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dest); err != nil {
			return destError(dest, err)
		}
		return nil
	} else if err != nil {
		return destError(dest, err)
	}

	// Moving dest into a fresh folder, rather than renaming it to a made-up
	// name, cannot collide with anything, on any system.
	old, err := os.MkdirTemp(parent, "."+base+oldInfix+"*")
	if err != nil {
		return destError(dest, err)
	}
	aside := filepath.Join(old, base)
	if err := os.Rename(dest, aside); err != nil {
		os.Remove(old)
		return destError(dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if os.Rename(aside, dest) == nil { // put the old site back
			os.Remove(old)
			return destError(dest, err)
		}
		// Both renames failed: say where the old site is before the next
		// Write removes it as a leftover.
		d := diag.Errorf(diag.Position{}, "move it back by hand, then build again",
			"cannot put the new site in place of %q: %v; the old site is in %q", dest, unwrapPath(err), aside)
		d.Err = err
		return d
	}
	// If this fails the site is still written; the next Write removes the
	// leftover.
	os.RemoveAll(old)
	return nil
}

// removeLeftovers removes the temporary folders of earlier Writes to
// parent/base that did not finish. It only touches names Write makes:
// ".base.works-tmp-" or ".base.works-old-" and digits.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return // MkdirTemp will report it
	}
	for _, e := range entries {
		if isLeftover(e.Name(), base) {
			// A leftover we cannot remove costs disk space but does not
			// harm this build, so it must not fail it.
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func isLeftover(name, base string) bool {
	for _, infix := range []string{tmpInfix, oldInfix} {
		digits, ok := strings.CutPrefix(name, "."+base+infix)
		if ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
			return true
		}
	}
	return false
}

// CheckDestination refuses an output folder that building into would
// destroy something: the site's source folder or a folder containing it,
// the root of the disk, the user's home folder or a folder containing it, or
// a path that is a file. Paths are compared made absolute and cleaned, with
// the symbolic links of their existing parts resolved. source may be empty.
func CheckDestination(dest, source string) error {
	if dest == "" {
		return diag.Errorf(diag.Position{}, `set one, for example "public"`, "no output folder is set")
	}
	d, err := realPath(dest)
	if err != nil {
		return destError(dest, err)
	}
	const hint = `choose an empty folder of its own, for example "public" inside the site folder`
	if filepath.Dir(d) == d {
		return diag.Errorf(diag.Position{}, hint,
			"the output folder %q is the top of the disk; building would replace everything on it", dest)
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := realPath(home); err == nil {
			if d == h {
				return diag.Errorf(diag.Position{}, hint,
					"the output folder %q is your home folder; building would replace everything in it", dest)
			}
			if within(d, h) {
				return diag.Errorf(diag.Position{}, hint,
					"the output folder %q contains your home folder; building would replace everything in it", dest)
			}
		}
	}
	if source != "" {
		s, err := realPath(source)
		if err != nil {
			return diag.Errorf(diag.Position{}, "check the path to the site folder",
				"cannot use the site folder %q: %v", source, err)
		}
		if d == s {
			return diag.Errorf(diag.Position{}, hint,
				"the output folder %q is the site's own folder; building would replace your content", dest)
		}
		if within(d, s) {
			return diag.Errorf(diag.Position{}, hint,
				"the output folder %q contains the site folder %q; building would replace your content", dest, source)
		}
	}
	if info, err := os.Stat(d); err == nil && !info.IsDir() {
		return diag.Errorf(diag.Position{}, "move the file away or choose another output folder",
			"the output folder %q is a file, not a folder", dest)
	}
	return nil
}

// within reports whether path p lies inside folder dir (not equal to it).
func within(dir, p string) bool {
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// realPath makes p absolute and clean and resolves the symbolic links of
// the longest part of it that exists; the rest need not exist yet.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	cur, rest := abs, ""
	for {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		up := filepath.Dir(cur)
		if up == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = up
	}
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
