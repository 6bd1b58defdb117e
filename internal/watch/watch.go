// Package watch reports changes to a site's source files as debounced
// batches of paths: a save, an atomic save or a `git checkout` of a thousand
// files each arrive as one batch, after the writing has stopped.
//
// It watches with fsnotify, adding folders as they appear and dropping them
// as they go, and polls instead where fsnotify cannot see changes (network
// drives) or when asked to. It knows nothing of sites: it reports paths.
package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults for the zero Options.
const (
	// DefaultDebounce is the quiet time that ends a batch. Editors finish
	// an atomic save within a few milliseconds and `git checkout` writes
	// files back to back, so 50 ms joins each into one batch while adding
	// little to the time a change takes to reach the browser.
	DefaultDebounce = 50 * time.Millisecond
	// DefaultQuickDebounce ends a burst of at most quickPaths files: one
	// saved page, with its editor's temporary file. The preview cancels a
	// build when more changes come, so waiting less costs at most a
	// restarted build, and every save reaches the browser 40 ms sooner.
	DefaultQuickDebounce = 10 * time.Millisecond
	// DefaultMaxWait bounds how long a batch is held while changes keep
	// coming, so a tool that writes without pause cannot starve the preview.
	DefaultMaxWait = time.Second
	// DefaultPollInterval is how often the polling fallback looks at the
	// files; Hugo polls as often.
	DefaultPollInterval = 500 * time.Millisecond
)

// Options configure a Watcher. The zero value watches the whole folder with
// fsnotify and the default timings.
type Options struct {
	// Paths are the names directly in the folder to watch: files such as
	// "works.toml" and folders such as "content", which are watched with
	// everything below them. Nil watches everything that is not ignored.
	Paths []string
	// Debounce is the quiet time that ends a batch (DefaultDebounce when 0).
	Debounce time.Duration
	// QuickDebounce is the quiet time that ends a batch of at most three
	// paths; DefaultQuickDebounce when both it and Debounce are 0, else
	// Debounce.
	QuickDebounce time.Duration
	// MaxWait is the longest a batch is held while changes keep coming
	// (DefaultMaxWait when 0).
	MaxWait time.Duration
	// Poll looks at the files every PollInterval instead of using fsnotify.
	Poll         bool
	PollInterval time.Duration // DefaultPollInterval when 0
	// Logger receives problems the watcher works around (a folder that
	// could not be watched). Nil discards them.
	Logger *slog.Logger
}

// Batch is the changes of one burst.
type Batch struct {
	// Paths are the changed files as slash paths relative to the watched
	// folder, sorted, each once. A folder that was removed or moved away is
	// reported by its own path, because its files may not be. Temporary
	// files that came and went within the burst (an editor's atomic save)
	// are left out: the file they were renamed to is reported instead.
	Paths []string
	// Overflow is set when the system dropped events: anything may have
	// changed, and Paths is incomplete.
	Overflow bool
}

func (b *Batch) empty() bool { return len(b.Paths) == 0 && !b.Overflow }

// Watcher watches one folder. Make it with New, then call Run once.
type Watcher struct {
	dir     string
	opts    Options
	log     *slog.Logger
	include map[string]bool // top-level names watched; nil means all
	batches chan Batch

	// fsnotify mode
	fsw  *fsnotify.Watcher
	dirs map[string]bool // slash paths of the folders being watched; "." is the root

	// polling mode
	pollReason string
	snapshot   map[string]fileState
}

// New starts watching dir: when it returns, every folder is watched (or the
// first scan for polling is taken), so a change made after New is reported.
// Batches arrive on Batches once Run is running.
func New(dir string, opts Options) (*Watcher, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	w := &Watcher{dir: abs, opts: opts, log: opts.Logger, batches: make(chan Batch)}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	if w.opts.QuickDebounce <= 0 {
		w.opts.QuickDebounce = cmp.Or(w.opts.Debounce, DefaultQuickDebounce)
	}
	if w.opts.Debounce <= 0 {
		w.opts.Debounce = DefaultDebounce
	}
	if w.opts.MaxWait <= 0 {
		w.opts.MaxWait = DefaultMaxWait
	}
	if w.opts.PollInterval <= 0 {
		w.opts.PollInterval = DefaultPollInterval
	}
	if opts.Paths != nil {
		w.include = map[string]bool{}
		for _, p := range opts.Paths {
			w.include[strings.Trim(filepath.ToSlash(p), "/")] = true
		}
	}

	switch {
	case opts.Poll:
		w.pollReason = "polling was asked for"
	default:
		if fsType := remoteFS(abs); fsType != "" {
			w.pollReason = "the folder is on a " + fsType + " drive, where changes made elsewhere are not announced"
			break
		}
		if err := w.startNotify(); err != nil {
			w.pollReason = "the system cannot watch the folder (" + err.Error() + ")"
		}
	}
	if w.pollReason != "" {
		w.snapshot = w.scan()
	}
	return w, nil
}

// Batches delivers the batches. It is closed when Run returns.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Polling reports whether the watcher polls instead of being told of
// changes, and why, in words for the person running the preview.
func (w *Watcher) Polling() (reason string, ok bool) { return w.pollReason, w.pollReason != "" }

// Run delivers batches until ctx is done, then releases the watches and
// closes Batches. Call it once. A slow reader does not lose changes: they
// join the batch that waits for it.
func (w *Watcher) Run(ctx context.Context) error {
	defer close(w.batches)
	var (
		events   <-chan fsnotify.Event
		errs     <-chan error
		pollTick <-chan time.Time
	)
	if w.fsw != nil {
		defer w.fsw.Close()
		events, errs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.opts.PollInterval)
		defer t.Stop()
		pollTick = t.C
	}

	p := newPending()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var (
		first time.Time // when the pending burst began; zero when nothing is pending
		ready Batch     // a finished batch waiting for the reader
		out   chan<- Batch
	)
	arm := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		quiet := w.opts.Debounce
		if len(p.paths) <= quickPaths {
			quiet = w.opts.QuickDebounce
		}
		wait := min(quiet, first.Add(w.opts.MaxWait).Sub(now))
		timer.Reset(max(wait, 0))
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if w.event(ev, p) {
				arm()
			}
		case err, ok := <-errs:
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Changes were lost, new folders among them perhaps.
				p.overflow = true
				w.rewatch()
				arm()
				continue
			}
			w.log.Warn("watching files", "error", err)
		case <-pollTick:
			if w.poll(p) {
				arm()
			}
		case <-timer.C:
			first = time.Time{}
			b := p.flush(w.dir)
			ready.Paths = union(ready.Paths, b.Paths)
			ready.Overflow = ready.Overflow || b.Overflow
			if !ready.empty() {
				out = w.batches
			}
		case out <- ready:
			ready, out = Batch{}, nil
		}
	}
}

// startNotify watches the root and every included folder below it.
func (w *Watcher) startNotify() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w.fsw, w.dirs = fsw, map[string]bool{}
	if _, err := w.watchTree(".", nil); err != nil {
		fsw.Close()
		w.fsw, w.dirs = nil, nil
		return err
	}
	return nil
}

// watchTree watches the folder rel and the folders below it, and returns
// the files it holds, which the caller reports when the folder is new:
// they may have been written before the watch was in place.
func (w *Watcher) watchTree(rel string, files []string) ([]string, error) {
	err := fs.WalkDir(os.DirFS(w.dir), rel, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone again already
			}
			return err
		}
		if name != "." && w.ignored(name, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, name)
			return nil
		}
		if w.dirs[name] {
			return nil
		}
		if err := w.fsw.Add(filepath.Join(w.dir, filepath.FromSlash(name))); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return fmt.Errorf("watch %s: %w", name, err)
		}
		w.dirs[name] = true
		return nil
	})
	return files, err
}

// rewatch walks the tree again after lost events, to watch the folders
// that were created unseen.
func (w *Watcher) rewatch() {
	for name := range w.dirs {
		if _, err := os.Lstat(filepath.Join(w.dir, filepath.FromSlash(name))); err != nil {
			w.forget(name)
		}
	}
	if _, err := w.watchTree(".", nil); err != nil {
		w.log.Warn("watching files", "error", err)
	}
}

// event records one fsnotify event and reports whether it was a change.
func (w *Watcher) event(ev fsnotify.Event, p *pending) bool {
	rel, err := filepath.Rel(w.dir, ev.Name)
	if err != nil || rel == "." {
		return false
	}
	rel = filepath.ToSlash(rel)
	if ev.Op == fsnotify.Chmod {
		// Attribute changes (and, on Linux, the first sign of a removal)
		// change no content; the removal itself follows.
		return false
	}
	isDir := w.dirs[rel]
	var fi fs.FileInfo
	if ev.Has(fsnotify.Create) {
		if fi, err = os.Lstat(ev.Name); err == nil && fi.IsDir() {
			isDir = true
		}
	}
	if w.ignored(rel, isDir) {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.dirs[rel] {
			w.forget(rel)
			p.add(rel, false)
			return true
		}
	}
	if fi != nil && fi.IsDir() {
		files, err := w.watchTree(rel, nil)
		if err != nil {
			w.log.Warn("watching a new folder", "folder", rel, "error", err)
		}
		for _, f := range files {
			p.add(f, true)
		}
		return len(files) > 0
	}
	p.add(rel, ev.Has(fsnotify.Create))
	return true
}

// forget drops a folder that is gone, and the folders below it.
func (w *Watcher) forget(rel string) {
	for name := range w.dirs {
		if name == rel || strings.HasPrefix(name, rel+"/") {
			delete(w.dirs, name)
			// The system has dropped the watch with the folder; this only
			// tidies fsnotify's own list, so its error means nothing.
			_ = w.fsw.Remove(filepath.Join(w.dir, filepath.FromSlash(name)))
		}
	}
}

// ignored reports whether a path is left alone: editor temporary and backup
// files, dot files and folders, and, at the top, names not included and
// the output folder public/.
func (w *Watcher) ignored(rel string, isDir bool) bool {
	top, _, nested := strings.Cut(rel, "/")
	if w.include != nil && !w.include[top] {
		return true
	}
	if top == "public" && (nested || isDir) {
		return true
	}
	for part := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return !isDir && IsTemp(path.Base(rel))
}

// IsTemp reports whether a file name is one editors and tools write beside
// the file being saved and remove again: swap, backup, lock and temporary
// files.
func IsTemp(name string) bool {
	switch {
	case name == "4913": // vim's test that it may write in the folder
		return true
	case strings.HasPrefix(name, ".#"): // Emacs lock files
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // Emacs auto-save
		return true
	case strings.HasSuffix(name, "~"): // backups of vim, Emacs, gedit, Kate
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"): // JetBrains safe write
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx", ".kate-swp", ".crdownload", ".part":
		return true
	}
	return false
}

// pending collects the changes of the burst under way.
// quickPaths is the most paths a batch may have to end after
// QuickDebounce: a saved file and an editor's temporary file or two.
const quickPaths = 3

type pending struct {
	paths    map[string]bool // path → it was created within the burst
	overflow bool
}

func newPending() *pending { return &pending{paths: map[string]bool{}} }

func (p *pending) add(rel string, created bool) {
	if was, ok := p.paths[rel]; ok {
		created = was
	}
	p.paths[rel] = created
}

// flush empties p into a Batch. A file created within the burst that is
// gone again was a temporary file (an atomic save writes "x.md.tmp123" and
// renames it to "x.md"); it changed nothing and is left out.
func (p *pending) flush(dir string) Batch {
	b := Batch{Overflow: p.overflow}
	for rel, created := range p.paths {
		if created {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		b.Paths = append(b.Paths, rel)
	}
	slices.Sort(b.Paths)
	clear(p.paths)
	p.overflow = false
	return b
}

// union merges two sorted lists of paths.
func union(a, b []string) []string {
	if len(a) == 0 {
		return b
	}
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
