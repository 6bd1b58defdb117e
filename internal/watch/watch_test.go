package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// testDebounce is longer than the default: tests run in parallel with
// others, under -race, and a loaded machine can pause between two writes
// of one burst for longer than 50 ms.
const testDebounce = 200 * time.Millisecond

// sitePaths is what `works serve` watches.
var sitePaths = []string{"content", "layouts", "themes", "static", "data", "i18n", "works.toml"}

// start watches dir and stops the watcher when the test ends, failing if
// Run does not return.
func start(t *testing.T, dir string, opts Options) *Watcher {
	w, _ := startStop(t, dir, opts)
	return w
}

// startStop is start that also returns a function stopping the watcher,
// after which its fields may be read.
func startStop(t *testing.T, dir string, opts Options) (*Watcher, func()) {
	t.Helper()
	if opts.Debounce == 0 {
		opts.Debounce = testDebounce
	}
	w, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var stopped bool
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after the context was cancelled")
		}
		for range w.Batches() { // closed once Run has returned
		}
	}
	t.Cleanup(stop)
	return w, stop
}

// next waits for the next batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5 s")
		return Batch{}
	}
}

// quiet fails if a batch arrives within d.
func quiet(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %v", b.Paths)
	case <-time.After(d):
	}
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func site(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, "works.toml", "title = \"T\"\n")
	write(t, dir, "content/historier/a.md", "---\ntitle: A\n---\n")
	write(t, dir, "content/historier/b.md", "---\ntitle: B\n---\n")
	write(t, dir, "themes/t/static/css/site.css", "body{}")
	return dir
}

func equal(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("paths = %q, want %q", got, want)
	}
}

// modes runs a test with fsnotify and with polling.
func modes(t *testing.T, f func(t *testing.T, opts Options)) {
	t.Run("notify", func(t *testing.T) {
		f(t, Options{Paths: sitePaths})
	})
	t.Run("poll", func(t *testing.T) {
		f(t, Options{Paths: sitePaths, Poll: true, PollInterval: 20 * time.Millisecond})
	})
}

func TestBurstIsOneBatch(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		opts.Debounce, opts.MaxWait = time.Second, time.Minute
		dir := site(t)
		w := start(t, dir, opts)
		var want []string
		var gap time.Duration
		last := time.Now()
		for i := range 300 {
			name := fmt.Sprintf("content/historier/s%03d.md", i)
			write(t, dir, name, "x")
			want = append(want, name)
			gap, last = max(gap, time.Since(last)), time.Now()
		}
		// A checkout rewrites files that exist as well.
		write(t, dir, "content/historier/a.md", "changed")
		want = append(want, "content/historier/a.md")
		slices.Sort(want)

		var got []string
		for len(got) < len(want) {
			// Polling may see the writes across two looks; fsnotify must
			// not split them.
			b := next(t, w)
			if !opts.Poll && len(got) == 0 && len(b.Paths) != len(want) {
				if gap >= opts.Debounce {
					t.Skipf("the machine paused %v between two writes, longer than the debounce", gap)
				}
				t.Errorf("the burst came in a batch of %d paths, want all %d in one", len(b.Paths), len(want))
			}
			got = union(got, b.Paths)
		}
		equal(t, got, want)
		quiet(t, w, 3*testDebounce)
	})
}

func TestAtomicSave(t *testing.T) {
	tests := []struct {
		name string
		save func(t *testing.T, dir string)
	}{
		{"temp file renamed over", func(t *testing.T, dir string) {
			write(t, dir, "content/historier/a.md.tmp8731", "new")
			must(t, os.Rename(filepath.Join(dir, "content/historier/a.md.tmp8731"), filepath.Join(dir, "content/historier/a.md")))
		}},
		{"dot temp file renamed over", func(t *testing.T, dir string) {
			write(t, dir, "content/historier/.a.md.swp", "swap")
			write(t, dir, "content/historier/.a.md.new", "new")
			must(t, os.Rename(filepath.Join(dir, "content/historier/.a.md.new"), filepath.Join(dir, "content/historier/a.md")))
			must(t, os.Remove(filepath.Join(dir, "content/historier/.a.md.swp")))
		}},
		{"vim backup rename", func(t *testing.T, dir string) {
			write(t, dir, "content/historier/4913", "")
			must(t, os.Remove(filepath.Join(dir, "content/historier/4913")))
			must(t, os.Rename(filepath.Join(dir, "content/historier/a.md"), filepath.Join(dir, "content/historier/a.md~")))
			write(t, dir, "content/historier/a.md", "new")
			must(t, os.Remove(filepath.Join(dir, "content/historier/a.md~")))
		}},
		{"jetbrains safe write", func(t *testing.T, dir string) {
			write(t, dir, "content/historier/a.md___jb_tmp___", "new")
			must(t, os.Rename(filepath.Join(dir, "content/historier/a.md"), filepath.Join(dir, "content/historier/a.md___jb_old___")))
			must(t, os.Rename(filepath.Join(dir, "content/historier/a.md___jb_tmp___"), filepath.Join(dir, "content/historier/a.md")))
			must(t, os.Remove(filepath.Join(dir, "content/historier/a.md___jb_old___")))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t)
			w := start(t, dir, Options{Paths: sitePaths})
			tt.save(t, dir)
			equal(t, next(t, w).Paths, []string{"content/historier/a.md"})
			quiet(t, w, 3*testDebounce)
		})
	}
}

func TestNewFolderIsWatched(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		dir := site(t)
		w := start(t, dir, opts)

		// Files written together with their folders, before a watch on
		// the folder can exist, are found by walking the new folder.
		write(t, dir, "content/prosjekter/havn/index.md", "x")
		write(t, dir, "content/prosjekter/havn/bilde.svg", "<svg/>")
		equal(t, next(t, w).Paths, []string{"content/prosjekter/havn/bilde.svg", "content/prosjekter/havn/index.md"})

		// Later writes in the new folder are seen too.
		write(t, dir, "content/prosjekter/havn/index.md", "y")
		equal(t, next(t, w).Paths, []string{"content/prosjekter/havn/index.md"})

		// A watched top-level folder that did not exist at the start.
		write(t, dir, "layouts/_default/single.html", "<h1></h1>")
		equal(t, next(t, w).Paths, []string{"layouts/_default/single.html"})
	})
}

func TestDeletedFolder(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		dir := site(t)
		write(t, dir, "content/historier/hall/index.md", "x")
		w, stop := startStop(t, dir, opts)

		must(t, os.RemoveAll(filepath.Join(dir, "content/historier")))
		got := next(t, w).Paths
		for _, p := range []string{"content/historier/a.md", "content/historier/b.md", "content/historier/hall/index.md"} {
			if !slices.Contains(got, p) {
				t.Errorf("removing the folder did not report %s: %q", p, got)
			}
		}

		// The same folder made again is watched again.
		write(t, dir, "content/historier/c.md", "x")
		equal(t, next(t, w).Paths, []string{"content/historier/c.md"})
		write(t, dir, "content/historier/c.md", "y")
		equal(t, next(t, w).Paths, []string{"content/historier/c.md"})

		stop()
		if w.dirs != nil && (!w.dirs["content/historier"] || w.dirs["content/historier/hall"]) {
			t.Errorf("watched folders after the removal and a new folder: %v", w.dirs)
		}
	})
}

func TestMovedFolder(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{Paths: sitePaths})
	must(t, os.Rename(filepath.Join(dir, "content/historier"), filepath.Join(dir, "content/stories")))
	equal(t, next(t, w).Paths, []string{"content/historier", "content/stories/a.md", "content/stories/b.md"})
	write(t, dir, "content/stories/a.md", "x")
	equal(t, next(t, w).Paths, []string{"content/stories/a.md"})
}

func TestIgnored(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		dir := site(t)
		w := start(t, dir, opts)
		for _, name := range []string{
			"content/historier/.a.md.swp",
			"content/historier/a.md.swp",
			"content/historier/a.md~",
			"content/historier/.#a.md",
			"content/historier/#a.md#",
			"content/historier/4913",
			"content/.git/HEAD",
			"content/historier/.DS_Store",
			".git/index",
			"public/index.html",
			"README.md",
			"node_modules/x/index.js",
		} {
			write(t, dir, name, "x")
		}
		must(t, os.Mkdir(filepath.Join(dir, "content/.hidden"), 0o755))
		quiet(t, w, 3*testDebounce)

		// Changes inside an ignored folder created before stay unseen.
		write(t, dir, "content/.hidden/x.md", "x")
		write(t, dir, "works.toml", "title = \"U\"\n")
		equal(t, next(t, w).Paths, []string{"works.toml"})
	})
}

func TestWatchEverythingByDefault(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	write(t, dir, "README.md", "x")
	write(t, dir, "public/index.html", "x")
	write(t, dir, "assets/app.js", "x")
	equal(t, next(t, w).Paths, []string{"README.md", "assets/app.js"})
}

func TestMaxWait(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{Paths: sitePaths, Debounce: 150 * time.Millisecond, MaxWait: 200 * time.Millisecond})
	first := make(chan time.Time, 1)
	go func() {
		<-w.Batches()
		first <- time.Now()
		for range w.Batches() {
		}
	}()
	stop := time.Now().Add(time.Second)
	for i := 0; time.Now().Before(stop); i++ {
		write(t, dir, fmt.Sprintf("content/historier/s%d.md", i), "x")
		time.Sleep(10 * time.Millisecond)
	}
	// Writes that never pause for the debounce time still come through
	// while they go on.
	select {
	case at := <-first:
		if !at.Before(stop) {
			t.Errorf("the first batch came %v after the writes stopped", at.Sub(stop))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
}

func TestSlowReaderLosesNothing(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{Paths: sitePaths})
	write(t, dir, "content/historier/a.md", "1")
	time.Sleep(2 * testDebounce) // the first batch is ready and waits
	write(t, dir, "content/historier/b.md", "2")
	time.Sleep(2 * testDebounce)
	got := next(t, w).Paths
	select {
	case b := <-w.Batches():
		got = union(got, b.Paths)
	case <-time.After(3 * testDebounce):
	}
	equal(t, got, []string{"content/historier/a.md", "content/historier/b.md"})
}

func TestPolling(t *testing.T) {
	dir := site(t)
	w, err := New(dir, Options{Poll: true})
	if err != nil {
		t.Fatal(err)
	}
	if reason, ok := w.Polling(); !ok || reason == "" {
		t.Errorf("Polling() = %q, %v; want a reason and true", reason, ok)
	}
	w, err = New(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reason, ok := w.Polling(); ok && remoteFS(dir) == "" {
		t.Errorf("Polling() = %q, true on a local folder", reason)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil { // releases the watches
		t.Error(err)
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "file", "x")
	for _, name := range []string{"missing", "file"} {
		if _, err := New(filepath.Join(dir, name), Options{}); err == nil {
			t.Errorf("New(%s): no error", name)
		}
	}
}

func TestIsTemp(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", false},
		{"index.en.md", false},
		{"site.css", false},
		{"4913", true},
		{"49130", false},
		{".a.md.swp", true},
		{"a.md.swo", true},
		{"a.md~", true},
		{".#a.md", true},
		{"#a.md#", true},
		{"a.md___jb_tmp___", true},
		{"a.md.kate-swp", true},
		{"photo.jpg.crdownload", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTemp(tt.name); got != tt.want {
				t.Errorf("IsTemp(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestQuickDebounce: one saved file ends its batch after the short quiet
// time; a burst of many files still waits for the long one and comes as
// one batch.
func TestQuickDebounce(t *testing.T) {
	opts := Options{Paths: sitePaths, Debounce: 3 * time.Second, QuickDebounce: 30 * time.Millisecond, MaxWait: time.Minute}
	dir := site(t)
	w := start(t, dir, opts)

	start := time.Now()
	write(t, dir, "content/historier/a.md", "lagret")
	b := next(t, w)
	equal(t, b.Paths, []string{"content/historier/a.md"})
	if took := time.Since(start); took >= opts.Debounce {
		t.Errorf("one saved file waited %v, the long quiet time; want the short one", took)
	}

	var want []string
	var gap time.Duration
	last := time.Now()
	for i := range 50 {
		name := fmt.Sprintf("content/historier/s%03d.md", i)
		write(t, dir, name, "x")
		want = append(want, name)
		if i < quickPaths+1 {
			gap = max(gap, time.Since(last))
		}
		last = time.Now()
	}
	b = next(t, w)
	if len(b.Paths) != len(want) {
		if gap >= opts.QuickDebounce {
			t.Skipf("the machine paused %v between the first writes, longer than the short quiet time", gap)
		}
		t.Errorf("the burst came in a batch of %d paths, want all %d in one", len(b.Paths), len(want))
	}
}
