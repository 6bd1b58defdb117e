package watch

import (
	"io/fs"
	"os"
	"time"
)

// fileState is what polling compares between two looks at a file. Size
// joins the time because some file systems keep times to the second only.
type fileState struct {
	size    int64
	modTime time.Time
	mode    fs.FileMode
}

// scan records the state of every file that is not ignored. A folder that
// cannot be read is skipped: the next scan tries again.
func (w *Watcher) scan() map[string]fileState {
	files := map[string]fileState{}
	fs.WalkDir(os.DirFS(w.dir), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == "." {
			return nil
		}
		if w.ignored(name, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		files[name] = fileState{size: fi.Size(), modTime: fi.ModTime(), mode: fi.Mode()}
		return nil
	})
	return files
}

// poll compares a new scan with the last one, records what differs and
// reports whether anything did.
func (w *Watcher) poll(p *pending) bool {
	now := w.scan()
	changed := false
	for name, st := range now {
		if old, ok := w.snapshot[name]; !ok || old != st {
			p.add(name, false)
			changed = true
		}
	}
	for name := range w.snapshot {
		if _, ok := now[name]; !ok {
			p.add(name, false)
			changed = true
		}
	}
	w.snapshot = now
	return changed
}
