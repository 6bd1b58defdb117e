package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/diag"
)

// stream writes files to dest through a Stream, added in the order order
// gives (nil: as they are) by workers goroutines at once.
func stream(t testing.TB, dest string, files []File, order []int, workers int, opts WriteOptions) (Stats, error) {
	t.Helper()
	st, err := Begin(t.Context(), dest, opts)
	if err != nil {
		return Stats{}, err
	}
	defer st.Abort()
	if order == nil {
		order = make([]int, len(files))
		for i := range order {
			order[i] = i
		}
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(order); i += workers {
				st.Add(files[order[i]]) // Commit returns every error
			}
		})
	}
	wg.Wait()
	return st.Commit()
}

// versionedSite is a site of n pages, a stylesheet copied from a folder and a
// generated feed, each page saying version.
func versionedSite(n int, version string) []File {
	static := fstest.MapFS{"css/site.css": {Data: []byte("p  { color : #ff0000 }")}}
	files := []File{
		{Path: "css/site.css", From: static, FromPath: "css/site.css", Owner: "static/css/site.css"},
		{Path: "index.xml", Data: []byte("<rss>  " + version + "  </rss>")},
	}
	for i := range n {
		p := fmt.Sprintf("s%d/side-%d/index.html", i%7, i)
		files = append(files, File{Path: p, Data: fmt.Appendf(nil, "<p>  side %d, %s  </p>", i, version), Owner: "content/" + p})
	}
	return files
}

// inodes maps each file below dir to what Lstat says of it.
func inodes(t testing.TB, dir string) map[string]os.FileInfo {
	t.Helper()
	got := map[string]os.FileInfo{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = info
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// A Stream gives what Write gives, whatever order the files come in and
// however many goroutines add them.
func TestStreamIsDeterministic(t *testing.T) {
	files := versionedSite(300, "v1")
	base := t.TempDir()
	opts := WriteOptions{Minify: NewMinifier()}
	want := filepath.Join(base, "write", "public")
	if _, err := Write(t.Context(), want, setOfFiles(t, files), opts); err != nil {
		t.Fatal(err)
	}
	wantTree := tree(t, want)
	rng := rand.New(rand.NewPCG(1, 2))
	for i, workers := range []int{1, 4, 16} {
		order := rng.Perm(len(files))
		dest := filepath.Join(base, fmt.Sprint(i), "public")
		stats, err := stream(t, dest, files, order, workers, opts)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Files != len(files) || stats.Unchanged != 0 {
			t.Errorf("Stats = %+v, want %d files, none unchanged", stats, len(files))
		}
		equalTrees(t, tree(t, dest), wantTree)
	}
}

// A second build of the same files leaves the destination as it is: the
// same folder, the same files.
func TestStreamKeepsAnUnchangedSite(t *testing.T) {
	files := versionedSite(50, "v1")
	dest := filepath.Join(t.TempDir(), "public")
	opts := WriteOptions{Minify: NewMinifier()}
	if _, err := stream(t, dest, files, nil, 2, opts); err != nil {
		t.Fatal(err)
	}
	before, folder, want := inodes(t, dest), lstat(t, dest), tree(t, dest)
	order := rand.New(rand.NewPCG(3, 4)).Perm(len(files))
	stats, err := stream(t, dest, files, order, 3, opts)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != len(files) || stats.Files != len(files) {
		t.Errorf("Stats = %+v, want all %d files unchanged", stats, len(files))
	}
	if !os.SameFile(lstat(t, dest), folder) {
		t.Error("dest was replaced, want it left as it was")
	}
	after := inodes(t, dest)
	for p, info := range before {
		if !os.SameFile(info, after[p]) {
			t.Errorf("%s was written again", p)
		}
	}
	equalTrees(t, tree(t, dest), want)
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}
}

// Files the earlier build has byte for byte are hard links to its files;
// the others are new. The tree is what a fresh build writes.
func TestStreamLinksUnchangedFiles(t *testing.T) {
	v1 := versionedSite(40, "v1")
	v2 := versionedSite(40, "v1")
	changed := map[string]bool{}
	for i := range v2 {
		if i%3 == 0 && v2[i].From == nil {
			v2[i].Data = append(v2[i].Data, " v2"...)
			changed[v2[i].Path] = true
		}
	}
	v2 = append(v2, File{Path: "ny/index.html", Data: []byte("new")}) // a file v1 lacks
	changed["ny/index.html"] = true
	removed := v1[len(v1)-1].Path
	v2 = slices.DeleteFunc(v2, func(f File) bool { return f.Path == removed })

	for _, tt := range []struct {
		name  string
		order func(n int) []int
	}{
		// The first file differs: the rest are linked as they come.
		{"changed first", nil},
		// The changes come last: what came before is linked at Commit.
		{"changed last", func(n int) []int {
			var same, diff []int
			for i, f := range v2 {
				if changed[f.Path] {
					diff = append(diff, i)
				} else {
					same = append(same, i)
				}
			}
			return append(same, diff...)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dest := filepath.Join(base, "public")
			if _, err := Write(t.Context(), dest, setOfFiles(t, v1), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			before := inodes(t, dest)
			var order []int
			if tt.order != nil {
				order = tt.order(len(v2))
			}
			stats, err := stream(t, dest, v2, order, 1, WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := len(v2) - len(changed); stats.Unchanged != want {
				t.Errorf("Stats.Unchanged = %d, want %d", stats.Unchanged, want)
			}
			after := inodes(t, dest)
			for _, f := range v2 {
				if shared := os.SameFile(before[f.Path], after[f.Path]); shared == changed[f.Path] {
					t.Errorf("%s: shared with the earlier build %v, want %v", f.Path, shared, !changed[f.Path])
				}
			}
			want := filepath.Join(base, "want")
			if _, err := Write(t.Context(), want, setOfFiles(t, v2), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			equalTrees(t, tree(t, dest), tree(t, want))
		})
	}
}

// Where no hard link can be made, unchanged files are copied: the tree is
// the same, and shares nothing with the earlier build.
func TestStreamCopiesWithoutHardLinks(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EXDEV, syscall.EPERM, syscall.EMLINK} {
		for _, late := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/late=%v", errno, late), func(t *testing.T) {
				base := t.TempDir()
				dest := filepath.Join(base, "public")
				v1 := versionedSite(20, "v1")
				if _, err := Write(t.Context(), dest, setOfFiles(t, v1), WriteOptions{}); err != nil {
					t.Fatal(err)
				}
				before := inodes(t, dest)
				v2 := slices.Clone(v1)
				if late {
					v2 = v2[:len(v2)-1] // only the mark changes: every file is taken at Commit
				} else {
					v2[0] = File{Path: v2[0].Path, Data: []byte("p{}")} // a changed file first
				}
				var tries int
				opts := WriteOptions{link: func(*os.Root, string, string) error {
					tries++
					return &os.LinkError{Op: "link", Err: errno}
				}}
				stats, err := stream(t, dest, v2, nil, 1, opts)
				if err != nil {
					t.Fatal(err)
				}
				if tries != 1 {
					t.Errorf("%d links tried, want 1: after the first failure, copy", tries)
				}
				if stats.Unchanged < len(v2)-1 {
					t.Errorf("Stats = %+v, want %d unchanged", stats, len(v2)-1)
				}
				for p, info := range inodes(t, dest) {
					if os.SameFile(info, before[p]) {
						t.Errorf("%s is shared with the earlier build", p)
					}
				}
				want := filepath.Join(base, "want")
				if _, err := Write(t.Context(), want, setOfFiles(t, v2), WriteOptions{}); err != nil {
					t.Fatal(err)
				}
				equalTrees(t, tree(t, dest), tree(t, want))
			})
		}
	}
}

// Only a destination that is exactly what a fresh build leaves is left as
// it is; anything else is replaced by what the build writes.
func TestStreamReplacesADestinationThatDiffers(t *testing.T) {
	files := append(versionedSite(10, "v1"), File{Path: "kopi.xml", Data: []byte("<rss>  v1  </rss>")})
	tests := []struct {
		name   string
		change func(t *testing.T, dest string)
	}{
		{"a file's mode", func(t *testing.T, dest string) {
			if err := os.Chmod(filepath.Join(dest, "index.xml"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"a folder's mode", func(t *testing.T, dest string) {
			if err := os.Chmod(filepath.Join(dest, "s1"), 0o700); err != nil {
				t.Fatal(err)
			}
		}},
		{"the folder's mode", func(t *testing.T, dest string) {
			if err := os.Chmod(dest, 0o750); err != nil {
				t.Fatal(err)
			}
		}},
		{"an empty folder", func(t *testing.T, dest string) {
			if err := os.MkdirAll(filepath.Join(dest, "tom", "mappe"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"the mark's layout", func(t *testing.T, dest string) {
			p := filepath.Join(dest, markName)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "\n", "\r\n")), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a file's bytes, same size", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{"index.xml": "<rss>  v2  </rss>"})
		}},
		{"a copied file's bytes, same size", func(t *testing.T, dest string) {
			writeFiles(t, dest, map[string]string{"css/site.css": "p  { color : #ff0001 }"})
		}},
		{"a file made a link to one of the same bytes", func(t *testing.T, dest string) {
			p := filepath.Join(dest, "index.xml")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			symlink(t, "kopi.xml", p)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dest := filepath.Join(base, "public")
			if _, err := stream(t, dest, files, nil, 2, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			tt.change(t, dest)
			if _, err := stream(t, dest, files, nil, 2, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(base, "want")
			if _, err := Write(t.Context(), want, setOfFiles(t, files), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			equalTrees(t, tree(t, dest), tree(t, want))
		})
	}
}

// An earlier build's file that changes while the build runs, after it was
// compared, is not taken for the new site's: the build fails and dest is
// left as it was, or the file is written afresh.
func TestStreamNoticesAnEarlierFileChanging(t *testing.T) {
	files := versionedSite(5, "v1")
	noLinks := func(*os.Root, string, string) error { return &os.LinkError{Op: "link", Err: syscall.EXDEV} }
	for _, how := range []string{"replaced", "changed in place", "replaced, no links", "changed in place, no links"} {
		t.Run(how, func(t *testing.T) {
			var opts WriteOptions
			if strings.HasSuffix(how, "no links") {
				opts.link = noLinks
			}
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := stream(t, dest, files, nil, 1, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			// An hour ago: a change now is seen even where file times
			// tick in milliseconds.
			p := filepath.Join(dest, "index.xml")
			hourAgo := time.Now().Add(-time.Hour)
			if err := os.Chtimes(p, hourAgo, hourAgo); err != nil {
				t.Fatal(err)
			}
			st, err := Begin(t.Context(), dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Abort()
			for _, f := range files[:len(files)-1] { // the mark will differ: all is taken at Commit
				if err := st.Add(f); err != nil {
					t.Fatal(err)
				}
			}
			switch strings.TrimSuffix(how, ", no links") {
			case "replaced":
				tmp := filepath.Join(dest, "s1", "x")
				writeFiles(t, dest, map[string]string{"s1/x": "<rss>  v1  </rss>"})
				if err := os.Rename(tmp, p); err != nil {
					t.Fatal(err)
				}
			case "changed in place":
				w, err := os.OpenFile(p, os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				w.WriteAt([]byte("<RSS>"), 0)
				w.Close()
			}
			before := tree(t, dest)
			_, err = st.Commit()
			d, ok := errors.AsType[*diag.Diagnostic](err)
			if !ok || !strings.Contains(d.Msg, `"index.xml"`) || !strings.Contains(d.Msg, "changed while the build ran") || d.Hint == "" {
				t.Errorf("Commit = %v, want an error saying index.xml changed", err)
			}
			equalTrees(t, tree(t, dest), before)
			if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
				t.Errorf("beside dest: %q, want only public", got)
			}
		})
	}
}

// noSeekFS opens files that cannot seek, as an archive's might.
type noSeekFS struct{ fstest.MapFS }

type noSeekFile struct{ fs.File }

func (n noSeekFS) Open(name string) (fs.File, error) {
	f, err := n.MapFS.Open(name)
	return noSeekFile{f}, err
}

// A copied file of the earlier build's size but other bytes is copied
// whole, from a source that can seek and from one that cannot.
func TestStreamCopiesAChangedFileOfTheSameSize(t *testing.T) {
	big := strings.Repeat("a", 3*bufSize+17)
	for _, seek := range []bool{true, false} {
		t.Run(fmt.Sprint("seek=", seek), func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			for i, data := range []string{big, big[:2*bufSize] + "b" + big[2*bufSize+1:]} {
				var src fs.FS = fstest.MapFS{"big.txt": {Data: []byte(data)}}
				if !seek {
					src = noSeekFS{src.(fstest.MapFS)}
				}
				stats, err := stream(t, dest, []File{{Path: "big.txt", From: src, FromPath: "big.txt"}}, nil, 1, WriteOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if stats.Unchanged != 0 {
					t.Errorf("write %d: Stats = %+v, want none unchanged", i, stats)
				}
				if got, _ := os.ReadFile(filepath.Join(dest, "big.txt")); string(got) != data {
					t.Errorf("write %d: big.txt is not the file copied", i)
				}
			}
		})
	}
}

// A failed Add, a cancelled context or an Abort leave the old site as it
// was, and nothing beside it.
func TestStreamFailureLeavesDest(t *testing.T) {
	tests := []struct {
		name string
		// run adds files to st, and ends it; cancel cancels its context.
		run  func(t *testing.T, st *Stream, cancel context.CancelFunc) error
		want string // part of the error; "" for none
	}{
		{"abort", func(t *testing.T, st *Stream, _ context.CancelFunc) error {
			for _, f := range versionedSite(20, "v2") {
				if err := st.Add(f); err != nil {
					t.Fatal(err)
				}
			}
			st.Abort()
			return nil
		}, ""},
		{"a failed Add", func(t *testing.T, st *Stream, _ context.CancelFunc) error {
			for _, f := range versionedSite(20, "v2") {
				st.Add(f)
			}
			err := st.Add(File{Path: "js/app.js", Data: []byte("let x = ;"), Owner: "assets/app.js"})
			if err == nil {
				t.Error("Add of a broken script succeeded")
			}
			_, cerr := st.Commit()
			if cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("Commit = %v, want Add's error again: %v", cerr, err)
			}
			return cerr
		}, "could not minify js/app.js"},
		{"cancelled", func(t *testing.T, st *Stream, cancel context.CancelFunc) error {
			files := versionedSite(20, "v2")
			for _, f := range files[:10] {
				st.Add(f)
			}
			cancel()
			if err := st.Add(files[10]); !errors.Is(err, context.Canceled) {
				t.Errorf("Add after cancel = %v, want context.Canceled", err)
			}
			_, err := st.Commit()
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Commit = %v, want context.Canceled", err)
			}
			return err
		}, "stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := stream(t, dest, versionedSite(20, "v1"), nil, 2, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			before, beside := tree(t, dest), names(t, filepath.Dir(dest))
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			st, err := Begin(ctx, dest, WriteOptions{Minify: NewMinifier()})
			if err != nil {
				t.Fatal(err)
			}
			err = tt.run(t, st, cancel)
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
			equalTrees(t, tree(t, dest), before)
			if got := names(t, filepath.Dir(dest)); !slices.Equal(got, beside) {
				t.Errorf("beside dest: %q, want %q", got, beside)
			}
			if err := st.Add(File{Path: "x.html"}); !errors.Is(err, errClosed) {
				t.Errorf("Add after the end = %v, want errClosed", err)
			}
			st.Abort() // again: nothing
			if _, err := Write(t.Context(), dest, setOfFiles(t, versionedSite(2, "v3")), WriteOptions{}); err != nil {
				t.Errorf("the next build: %v", err)
			}
		})
	}
}

// Two files at one path, or a file where a folder must be, are refused
// whichever comes first, naming both; so is the mark's name. Commit then
// fails.
func TestStreamRefusesClashes(t *testing.T) {
	tests := append(slices.Clone(clashes), struct {
		name string
		a, b File
		want string
	}{
		name: "the mark",
		a:    File{Path: "index.html"},
		b:    File{Path: ".works-build.json", Owner: "static/.works-build.json"},
		want: `static/.works-build.json: ".works-build.json" cannot be published`,
	})
	for _, tt := range tests {
		for _, order := range []string{"in order", "reversed"} {
			t.Run(tt.name+"/"+order, func(t *testing.T) {
				a, b := tt.a, tt.b
				if order == "reversed" && tt.name != "the mark" {
					a, b = b, a
				}
				dest := filepath.Join(t.TempDir(), "public")
				st, err := Begin(t.Context(), dest, WriteOptions{})
				if err != nil {
					t.Fatal(err)
				}
				defer st.Abort()
				if err := st.Add(a); err != nil {
					t.Fatalf("first Add: %v", err)
				}
				err = st.Add(b)
				if _, ok := errors.AsType[*diag.Diagnostic](err); !ok || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("second Add =\n%v\nwant it to contain\n%s", err, tt.want)
				}
				if _, err := st.Commit(); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Commit = %v, want the clash", err)
				}
				if _, err := os.Lstat(dest); err == nil {
					t.Error("dest was written")
				}
			})
		}
	}
}

// Many goroutines adding at once (run with -race), into a destination that
// has an earlier build with half the files.
func TestStreamConcurrentAdds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	old := versionedSite(400, "v1")
	if _, err := stream(t, dest, old, nil, 8, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	files := versionedSite(800, "v1")
	for i := range files {
		if i%2 == 1 && files[i].From == nil {
			files[i].Data = append(files[i].Data, " v2"...)
		}
	}
	stats, err := stream(t, dest, files, rand.New(rand.NewPCG(5, 6)).Perm(len(files)), 8, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Files != len(files) || stats.Unchanged == 0 {
		t.Errorf("Stats = %+v", stats)
	}
	want := filepath.Join(t.TempDir(), "want")
	if _, err := Write(t.Context(), want, setOfFiles(t, files), WriteOptions{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, tree(t, dest), tree(t, want))
}

// What a Stream holds while files come is their paths, not their bytes:
// after 2 000 files of 30 KB (60 MB) the heap has grown by far less than
// one tenth of that.
func TestStreamHoldsNoFileBytes(t *testing.T) {
	const n, size = 2000, 30_000
	dest := filepath.Join(t.TempDir(), "public")
	page := make([]byte, size)
	for i := range page {
		page[i] = 'a' + byte(i%26)
	}
	st, err := Begin(t.Context(), dest, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	start := heapInUse()
	for i := range n {
		data := fmt.Appendf(slices.Clone(page), "%d", i) // rendered afresh, as a page would be
		if err := st.Add(File{Path: fmt.Sprintf("s/side-%d/index.html", i), Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	held := heapInUse() - start
	if held > n*size/10 {
		t.Errorf("the heap grew by %d bytes while %d files of %d bytes were added, want less than a tenth of their %d", held, n, size, n*size)
	}
	t.Logf("held %d bytes for %d files of %d bytes", held, n, size)
	if _, err := st.Commit(); err != nil {
		t.Fatal(err)
	}
}

// heapInUse is the bytes of live heap objects after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
