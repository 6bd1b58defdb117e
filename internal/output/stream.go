package output

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/drammen-works/works/internal/diag"
)

// Stream writes the files of one build into a staging folder beside the
// destination as they are added, and puts that folder in the
// destination's place on Commit. Begin makes one. Add is safe for
// concurrent use; Commit and Abort end the Stream, and either may be
// called once the other has (Abort after Commit does nothing), so
//
//	st, err := output.Begin(ctx, dest, opts)
//	if err != nil { … }
//	defer st.Abort()
//	… st.Add(file) from every render worker …
//	stats, err := st.Commit()
//
// is the whole use.
type Stream struct {
	ctx  context.Context
	work context.Context // ends with ctx, or at the first error that would repeat for every file
	stop context.CancelCauseFunc
	opts WriteOptions

	dest     string // as the caller named it, for messages
	resolved string // dest made real (see checkPath)
	tmp      string // the staging folder; "" once it took dest's place
	lock     *destLock
	root     *os.Root  // the staging folder: every write goes through it
	prev     *previous // dest's earlier build, unchanged files are taken from; nil if none
	bufs     sync.Pool // *[]byte of bufSize, to compare with the earlier build

	// gate is held for reading by every Add while it works, and for
	// writing by Commit and Abort to wait for those and close the Stream.
	gate   sync.RWMutex
	closed bool // written under gate's write lock

	mu        sync.Mutex
	paths     pathIndex
	errs      diag.List
	reported  map[*diag.Diagnostic]bool // errs holds it already
	folders   map[string]*folder        // made, or being made, in the staging folder
	unchanged []unchangedFile           // to take from prev at Commit

	bytes    atomic.Int64
	kept     atomic.Int64 // files prev had byte for byte
	diverged atomic.Bool  // a file was written: the staging folder is the new site
	noLinks  atomic.Bool  // a hard link failed: copy instead from now on
}

// unchangedFile is a file the earlier build has byte for byte: info is
// what Stat said of it when it was compared, so a file changed since is
// not taken for it.
type unchangedFile struct {
	path, owner string
	info        os.FileInfo
}

// folder is one folder of the staging folder, made once.
type folder struct {
	once sync.Once
	err  error
}

// bufSize is the size of the buffers files are compared in.
const bufSize = 64 << 10

// errClosed is what Add returns after Commit or Abort.
var errClosed = errors.New("output: Add after Commit or Abort")

// Begin starts writing a build to the folder dest. It refuses what
// CheckDestination refuses, checked again while it holds the lock it takes
// (".public.works-lock" beside dest, as Write describes), and makes the
// staging folder (".public.works-tmp-123456"). The lock is held until
// Commit or Abort.
//
// Add writes each file into the staging folder before it returns, in the
// goroutine that calls it; when dest holds an earlier build with the same
// bytes at that path, the file is not written but taken from there (see
// Commit). So a Stream never holds a file's bytes after Add returns: what
// is held at once is the files being added at that moment. It keeps every
// path and owner, to refuse a second file at one path and to write the
// mark.
//
// Commit puts the new site in dest's place as Write describes: all or
// nothing, on any error or cancelled ctx the staging folder is removed and
// dest left as it was, and a Commit killed at any moment leaves dest as it
// was or whole and new. The files and the mark are byte for byte what Write
// gives for the same files, whatever order they were added in.
//
// Begin's error is a *diag.Diagnostic; when ctx is cancelled it wraps
// ctx.Err(). So are Add's, and Commit's, or a diag.List when several files
// could not be read, minified or written.
func Begin(ctx context.Context, dest string, opts WriteOptions) (*Stream, error) {
	resolved, err := checkPath(dest, opts.Source)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(resolved), filepath.Base(resolved)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, destError(dest, err)
	}
	lock, err := lockDest(dest, parent, base)
	if err != nil {
		return nil, err
	}
	st := &Stream{ctx: ctx, opts: opts, dest: dest, resolved: resolved, lock: lock,
		paths: newPathIndex(), reported: map[*diag.Diagnostic]bool{}, folders: map[string]*folder{}}
	st.work, st.stop = context.WithCancelCause(ctx)
	st.bufs.New = func() any { b := make([]byte, bufSize); return &b }
	if err := st.begin(parent, base); err != nil {
		st.cleanup()
		return nil, err
	}
	return st, nil
}

// begin is Begin's work under the lock.
func (s *Stream) begin(parent, base string) error {
	if err := restore(s.dest, parent, base); err != nil {
		return err
	}
	earlier, err := checkContents(s.dest, s.resolved)
	if err != nil {
		return err
	}
	removeLeftovers(parent, base)
	if err := s.ctx.Err(); err != nil {
		return cancelled(err)
	}
	if s.tmp, err = os.MkdirTemp(parent, "."+base+tmpInfix+"*"); err != nil {
		return destError(s.dest, err)
	}
	// MkdirTemp makes the folder private (0700); the site is not.
	if err := os.Chmod(s.tmp, 0o755); err != nil {
		return destError(s.dest, err)
	}
	// Every path below goes through root, so no path can leave the
	// staging folder, not even through a symbolic link.
	if s.root, err = os.OpenRoot(s.tmp); err != nil {
		return destError(s.dest, err)
	}
	if earlier != nil {
		// An earlier build we cannot open is simply not reused.
		s.prev, _ = openPrevious(earlier, parent, base, filepath.Base(s.tmp), s.opts.link)
	}
	return nil
}

// Add writes f into the new site: minified if the Stream's Minifier knows
// its type and f is not Minified, copied from f.From, or taken from the
// earlier build when that has the same bytes at f.Path. It refuses f as
// Set.Add does (a bad path, a path another file has, or a file where a
// folder must be), and at the mark's path.
//
// An error is about f, and Commit returns it again with every other, so a
// caller may go on adding (to learn every error of the build) and report
// Commit's. After an error that would repeat for every file (a full
// disk), or once ctx is cancelled, Add writes nothing more and returns
// that error.
func (s *Stream) Add(f File) error {
	s.gate.RLock()
	defer s.gate.RUnlock()
	if s.closed {
		return errClosed
	}
	if err := s.work.Err(); err != nil {
		return s.stopped()
	}
	if err := s.claim(f); err != nil {
		s.report(err)
		return err
	}
	n, err := s.write(f)
	if err != nil {
		s.report(err)
		if isFatal(err) {
			s.stop(err)
		}
		return err
	}
	s.bytes.Add(n)
	return nil
}

// claim refuses f as Set.Add does, and at the mark's path.
// Owner returns the Owner of the file added at path, if one was.
func (s *Stream) Owner(path string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	owner, ok := s.paths.owners[path]
	return owner, ok
}

func (s *Stream) claim(f File) error {
	if err := checkFile(f); err != nil {
		return err
	}
	if isMarkPath(f.Path) {
		return markPathError(f)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paths.claim(f)
}

func markPathError(f File) error {
	return diag.Errorf(diag.Position{File: f.Owner}, "give the file another name",
		"%q cannot be published: %s marks the output folder as written by works", f.Path, markName)
}

// stopped is the error of a Stream whose work has ended.
func (s *Stream) stopped() error {
	if err := s.ctx.Err(); err != nil {
		return cancelled(err)
	}
	return context.Cause(s.work)
}

// report adds err to the errors Commit returns, once.
func (s *Stream) report(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := err.(*diag.Diagnostic); ok {
		if s.reported[d] {
			return
		}
		s.reported[d] = true
	}
	s.errs.Add(err)
}

// failure returns the errors reported so far, or nil.
func (s *Stream) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch len(s.errs) {
	case 0:
		return nil
	case 1:
		return s.errs[0]
	}
	return s.errs.Err()
}

// Commit waits for the Adds under way, writes the mark and puts the
// staging folder in dest's place (see Write for how, and what a kill at
// any moment leaves), removes the old site and lets the lock go. When an
// Add failed or ctx is cancelled it does none of that: it removes the
// staging folder, leaves dest as it was and returns the errors of every
// failed Add, sorted.
//
// A file the earlier build in dest has byte for byte, with mode 0644, is
// not written again: it is hard-linked from there into the staging folder,
// or copied where the file system has no hard links. When every file is
// unchanged and dest holds nothing else, dest is left as it is: it is
// already the new site. The old and the new site then share those files,
// which is safe because works never changes a file in place: it only
// creates files (O_EXCL) in a staging folder it made, and removes whole
// folders, which removes the old site's names for the files, not the data
// the new site's names still lead to. A program that changes a file of dest in place while the build
// runs (not by writing a new file and renaming it, as editors and rsync
// do) changes the new site's file too, or makes Commit fail, saying so;
// dest is then left as it was.
//
// Stats.Unchanged counts those files.
func (s *Stream) Commit() (Stats, error) {
	if !s.close() {
		return Stats{}, errClosed
	}
	defer s.cleanup()
	if err := s.ctx.Err(); err != nil {
		return Stats{}, cancelled(err)
	}
	if err := s.failure(); err != nil {
		return Stats{}, err
	}
	paths := s.paths.sorted()
	mark := encodeMark(paths)
	stats := Stats{Files: len(paths), Bytes: s.bytes.Load(), Unchanged: int(s.kept.Load())}
	if s.prev != nil && !s.diverged.Load() && s.prev.exact && bytes.Equal(s.prev.mark, mark) {
		return stats, nil // dest is this build already, byte for byte
	}
	if err := s.takeUnchanged(); err != nil {
		return Stats{}, err
	}
	// The mark last: a folder that has it is complete.
	if _, err := create(s.root, File{Path: markName}, func(w io.Writer) (int64, error) {
		n, err := w.Write(mark)
		return int64(n), err
	}); err != nil {
		return Stats{}, err
	}
	// Windows renames no folder that is open.
	s.closeRoots()
	exchange := s.opts.exchange
	if exchange == nil {
		exchange = exchangeDirs
	}
	if err := swap(s.tmp, s.resolved, exchange); err != nil {
		return Stats{}, err
	}
	s.tmp = ""
	return stats, nil
}

// Abort ends the Stream without touching dest: it waits for the Adds under
// way, removes the staging folder and lets the lock go. After Commit, or
// on a nil Stream, it does nothing.
func (s *Stream) Abort() {
	if s == nil || !s.close() {
		return
	}
	s.cleanup()
}

// close marks the Stream closed once the Adds under way are done, and
// reports whether this call did.
func (s *Stream) close() bool {
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.closed {
		return false
	}
	s.closed = true
	return true
}

func (s *Stream) cleanup() {
	s.stop(errClosed)
	s.closeRoots()
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
	s.lock.release()
}

func (s *Stream) closeRoots() {
	if s.root != nil {
		s.root.Close()
	}
	s.prev.close()
}

// write writes f into the staging folder, or takes it from the earlier
// build, and returns its size.
func (s *Stream) write(f File) (int64, error) {
	if m := s.opts.Minify; m != nil && !f.Minified && mediaType(f.Path) != "" {
		data := f.Data
		if f.From != nil {
			var err error
			if data, err = fs.ReadFile(f.From, f.FromPath); err != nil {
				return 0, readError(f, err)
			}
		}
		data, d := m.minify(f.Path, f.Owner, data)
		if d != nil {
			if f.From != nil && f.Owner != "" {
				d.Pos.File = f.Owner // a copied file: its lines are the source's
			}
			return 0, d
		}
		return s.writeData(f, data)
	}
	if f.From == nil {
		return s.writeData(f, f.Data)
	}
	return s.copyFrom(f)
}

// writeData writes data at f.Path.
func (s *Stream) writeData(f File, data []byte) (int64, error) {
	write := func() (int64, error) {
		return s.create(f, func(w io.Writer) (int64, error) {
			n, err := w.Write(data)
			return int64(n), err
		})
	}
	if info, ok := s.sameAsEarlier(f.Path, data); ok {
		return int64(len(data)), s.reuse(unchangedFile{f.Path, f.Owner, info}, write)
	}
	s.diverged.Store(true)
	return write()
}

// copyFrom copies f.From's f.FromPath to f.Path, streamed: when both ends
// are plain files the kernel copies (copy_file_range) without the bytes
// passing through us.
func (s *Stream) copyFrom(f File) (int64, error) {
	src, size, err := openSource(f)
	if err != nil {
		return 0, err
	}
	defer func() { src.Close() }() // src may be opened again below
	if old, info, ok := s.prev.openSize(f.Path, size); ok {
		same := s.equalStreams(src, old)
		old.Close()
		if same {
			return size, s.reuse(unchangedFile{f.Path, f.Owner, info}, func() (int64, error) {
				src, _, err := openSource(f)
				if err != nil {
					return 0, err
				}
				defer src.Close()
				return s.create(f, func(w io.Writer) (int64, error) { return io.Copy(w, src) })
			})
		}
		// Read in part: from the start again.
		if seeker, ok := src.(io.Seeker); ok {
			_, err = seeker.Seek(0, io.SeekStart)
		} else {
			src.Close()
			src, _, err = openSource(f)
		}
		if err != nil {
			return 0, readError(f, err)
		}
	}
	s.diverged.Store(true)
	return s.create(f, func(w io.Writer) (int64, error) { return io.Copy(w, src) })
}

// openSource opens the file f copies, which must not be a folder, and
// returns its size.
func openSource(f File) (fs.File, int64, error) {
	src, err := f.From.Open(f.FromPath)
	if err != nil {
		return nil, 0, readError(f, err)
	}
	info, err := src.Stat()
	if err == nil && info.IsDir() {
		err = diag.Errorf(diag.Position{}, "", "it is a folder, not a file")
	}
	if err != nil {
		src.Close()
		return nil, 0, readError(f, err)
	}
	return src, info.Size(), nil
}

// reuse takes the unchanged file u from the earlier build: at Commit while
// the earlier build may yet turn out to be the new site as it is, at once
// when it cannot. write writes the file afresh, where no hard link can be
// made.
func (s *Stream) reuse(u unchangedFile, write func() (int64, error)) error {
	s.kept.Add(1)
	if !s.diverged.Load() {
		s.mu.Lock()
		s.unchanged = append(s.unchanged, u)
		s.mu.Unlock()
		return nil
	}
	return s.link(u, write)
}

// takeUnchanged takes the files Add left in the earlier build into the
// staging folder, on as many workers as the files were written with.
func (s *Stream) takeUnchanged() error {
	files := s.unchanged
	s.unchanged = nil
	workers := max(1, min(s.workers(), len(files)))
	var (
		next   atomic.Int64
		failed atomic.Bool // an error that would repeat for every file
		errs   = make([]error, len(files))
		wg     sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for s.ctx.Err() == nil && !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				if errs[i] = s.link(files[i], nil); isFatal(errs[i]) {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if err := s.ctx.Err(); err != nil {
		return cancelled(err)
	}
	for _, err := range errs {
		if err != nil {
			s.report(err)
		}
	}
	return s.failure()
}

func (s *Stream) workers() int {
	if s.opts.Workers > 0 {
		return s.opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// link puts the earlier build's unchanged file u into the staging folder:
// a hard link, else write() when there is one, else a copy of the earlier
// build's file.
func (s *Stream) link(u unchangedFile, write func() (int64, error)) error {
	if err := s.mkdirs(path.Dir(u.path), u.owner); err != nil {
		return err
	}
	if !s.noLinks.Load() {
		err := s.prev.linkTo(u.path)
		switch {
		case err == nil:
			// The link is to whatever is at the path now; it must be the
			// file that was compared, unchanged since.
			if staged, err := s.root.Lstat(u.path); err == nil && sameVersion(staged, u.info) {
				return nil
			}
			if err := s.root.Remove(u.path); err != nil {
				return writeError(u.path, u.owner, err)
			}
			if write != nil {
				_, err := write()
				return err
			}
			return changedError(u)
		case errors.Is(err, fs.ErrExist):
			return writeError(u.path, u.owner, err) // upper and lower case, on a disk that does not tell them apart
		case errors.Is(err, fs.ErrNotExist):
			if write != nil {
				_, err := write()
				return err
			}
			return changedError(u)
		}
		// No hard links here (FAT, some network file systems, another
		// disk mounted in dest): copy this file and the rest.
		s.noLinks.Store(true)
	}
	if write != nil {
		_, err := write()
		return err
	}
	return s.copyEarlier(u)
}

// copyEarlier copies the earlier build's unchanged file u into the
// staging folder, if it is still as it was when compared.
func (s *Stream) copyEarlier(u unchangedFile) error {
	src, info, ok := s.prev.open(u.path)
	if !ok {
		return changedError(u)
	}
	defer src.Close()
	if !sameVersion(info, u.info) {
		return changedError(u)
	}
	_, err := s.create(File{Path: u.path, Owner: u.owner}, func(w io.Writer) (int64, error) { return io.Copy(w, src) })
	return err
}

func changedError(u unchangedFile) error {
	return diag.Errorf(diag.Position{File: u.owner}, "build again, and leave the output folder alone while the build runs",
		"cannot write %q: the earlier build's file there changed while the build ran", u.path)
}

// sameVersion says whether a and b describe one file, unchanged between the
// two looks (as far as its size, time and mode tell).
func sameVersion(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime()) && a.Mode() == b.Mode()
}

// sameAsEarlier says whether the earlier build has exactly data at p, as a
// plain file of mode 0644, and returns what Stat said of it.
func (s *Stream) sameAsEarlier(p string, data []byte) (os.FileInfo, bool) {
	f, info, ok := s.prev.openSize(p, int64(len(data)))
	if !ok {
		return nil, false
	}
	defer f.Close()
	buf := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(buf)
	return info, equalContent(f, data, *buf)
}

// equalStreams says whether a and b read the same bytes.
func (s *Stream) equalStreams(a, b io.Reader) bool {
	bufA, bufB := s.bufs.Get().(*[]byte), s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bufA)
	defer s.bufs.Put(bufB)
	for {
		n, errA := io.ReadFull(a, *bufA)
		m, errB := io.ReadFull(b, (*bufB)[:n])
		if m != n || !bytes.Equal((*bufA)[:n], (*bufB)[:m]) {
			return false
		}
		switch {
		case errA == io.EOF || errA == io.ErrUnexpectedEOF:
			// a ended: b must end at the same byte.
			k, _ := io.ReadFull(b, (*bufB)[:1])
			return errB == nil && k == 0
		case errA != nil || errB != nil:
			return false
		}
	}
}

// equalContent says whether r reads data (r was told to be len(data) long).
func equalContent(r io.Reader, data, buf []byte) bool {
	for len(data) > 0 {
		n, err := io.ReadFull(r, buf[:min(len(buf), len(data))])
		if !bytes.Equal(buf[:n], data[:n]) || err != nil {
			return false
		}
		data = data[n:]
	}
	return true
}

// create makes f.Path in the staging folder, which must not exist yet, and
// fills it.
func (s *Stream) create(f File, fill func(io.Writer) (int64, error)) (int64, error) {
	if err := s.mkdirs(path.Dir(f.Path), f.Owner); err != nil {
		return 0, err
	}
	return create(s.root, f, fill)
}

// mkdirs makes the folder dir and its parents in the staging folder, each
// once however many Adds need it at the same time.
func (s *Stream) mkdirs(dir, owner string) error {
	if dir == "." {
		return nil
	}
	s.mu.Lock()
	fo := s.folders[dir]
	if fo == nil {
		fo = &folder{}
		s.folders[dir] = fo
	}
	s.mu.Unlock()
	fo.once.Do(func() {
		if fo.err = s.mkdirs(path.Dir(dir), owner); fo.err != nil {
			return
		}
		if err := mkdir(s.root, dir); err != nil {
			fo.err = writeError(dir, owner, err)
		}
	})
	return fo.err
}
