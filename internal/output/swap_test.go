package output

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// gateFS holds every Open until release is closed, after telling entered.
type gateFS struct {
	fstest.MapFS
	entered chan<- struct{}
	release <-chan struct{}
}

func (g gateFS) Open(name string) (fs.File, error) {
	g.entered <- struct{}{}
	<-g.release
	return g.MapFS.Open(name)
}

// Two builds into one folder at once: the second deleted the first's
// staging folder, and the first then failed with a hint about a full disk.
func TestWriteLocksTheDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "v1"}), WriteOptions{}); err != nil {
		t.Fatal(err)
	}

	entered, release := make(chan struct{}), make(chan struct{})
	first := setOf(t, map[string]string{"index.html": "v2"})
	add(t, first, File{Path: "css/site.css", From: gateFS{fstest.MapFS{"site.css": {Data: []byte("p{}")}}, entered, release}, FromPath: "site.css"})
	var firstErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		_, firstErr = Write(t.Context(), dest, first, WriteOptions{Workers: 1})
	})
	<-entered // the first build is writing into its staging folder

	staging := func() []string {
		var got []string
		for _, n := range names(t, filepath.Dir(dest)) {
			if strings.HasPrefix(n, ".public.works-tmp-") {
				got = append(got, n)
			}
		}
		return got
	}
	before := staging()
	if len(before) != 1 {
		t.Fatalf("staging folders while the first build writes: %q, want one", before)
	}

	_, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "v3"}), WriteOptions{})
	checkRefusal(t, err, refusal{msg: []string{`another build is writing to "` + dest + `"`}, hint: []string{"wait for it to finish"}})
	if err != nil && strings.Contains(err.Error(), "disk") {
		t.Errorf("err = %v, want no word about the disk", err)
	}
	checkRefusal(t, CheckDestination(dest, ""), refusal{msg: []string{"another build is writing to"}, hint: []string{"wait"}})
	if got := staging(); !slices.Equal(got, before) {
		t.Errorf("staging folders after the second build: %q, want %q", got, before)
	}

	close(release)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("first build: %v", firstErr)
	}
	if data, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "v2" {
		t.Errorf("index.html = %q, want the first build's v2", data)
	}
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}
	// Once the first is done, the next build may write.
	if _, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "v4"}), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}

func lstat(t testing.TB, p string) os.FileInfo {
	t.Helper()
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// On Linux the new site and the old one trade places in one step: whoever
// looks at dest while builds replace it always finds a site.
func TestWriteSwapLeavesNoMomentWithoutASite(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux exchanges two folders in one step")
	}
	dest := filepath.Join(t.TempDir(), "public")
	// Two versions in turn: a Write of what dest holds already leaves it
	// as it is, with nothing to swap.
	versions := []map[string]string{{"index.html": "v1"}, {"index.html": "v2"}}
	if _, err := Write(t.Context(), dest, setOf(t, versions[1]), WriteOptions{}); err != nil {
		t.Fatal(err)
	}

	var (
		done    atomic.Bool
		looks   atomic.Int64
		missing atomic.Int64
		wg      sync.WaitGroup
	)
	wg.Go(func() {
		for !done.Load() {
			if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
				missing.Add(1)
			}
			looks.Add(1)
		}
	})
	last := lstat(t, dest)
	const swaps = 300
	for i := range swaps {
		if _, err := Write(t.Context(), dest, setOf(t, versions[i%2]), WriteOptions{Workers: 1}); err != nil {
			t.Fatal(err)
		}
		now := lstat(t, dest)
		if os.SameFile(now, last) {
			t.Fatal("dest is the same folder after a Write, want the new one")
		}
		last = now
	}
	done.Store(true)
	wg.Wait()
	if n := missing.Load(); n > 0 {
		t.Errorf("dest had no site %d times of %d looks during %d swaps", n, looks.Load(), swaps)
	}
	t.Logf("%d looks during %d swaps", looks.Load(), swaps)
}

// A kill between the two renames of the fallback swap (other systems, or a
// file system that cannot exchange) leaves the old site in
// .public.works-old-*/public and no public. The next start puts it back.
func TestRecoverAfterAKill(t *testing.T) {
	old := map[string]string{"index.html": "old", "historier/index.html": "old list"}
	staged := map[string]string{"index.html": "new"}
	// site writes a real build of files at dir.
	site := func(t *testing.T, dir string, files map[string]string) {
		t.Helper()
		tmp := filepath.Join(t.TempDir(), "site")
		if _, err := Write(t.Context(), tmp, setOf(t, files), WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, parent string)
		want  string // the folder (in parent) whose files dest must hold after CheckDestination; "": no dest
		err   refusal
	}{
		{
			name: "between the two renames",
			setup: func(t *testing.T, parent string) {
				site(t, filepath.Join(parent, ".public.works-old-111", "public"), old)
				site(t, filepath.Join(parent, ".public.works-tmp-222"), staged)
			},
			want: ".public.works-old-111/public",
		},
		{
			name: "after the first rename, staging already gone",
			setup: func(t *testing.T, parent string) {
				site(t, filepath.Join(parent, ".public.works-old-111", "public"), old)
			},
			want: ".public.works-old-111/public",
		},
		{
			name: "an empty old site",
			setup: func(t *testing.T, parent string) {
				if err := os.MkdirAll(filepath.Join(parent, ".public.works-old-111", "public"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			want: ".public.works-old-111/public",
		},
		{
			name: "after the exchange, before the old one is removed",
			setup: func(t *testing.T, parent string) {
				site(t, filepath.Join(parent, "public"), staged)
				site(t, filepath.Join(parent, ".public.works-tmp-222"), old)
			},
			want: "public",
		},
		{
			name: "while the old one was being removed",
			setup: func(t *testing.T, parent string) {
				site(t, filepath.Join(parent, "public"), staged)
				writeFiles(t, filepath.Join(parent, ".public.works-old-111", "public"), map[string]string{"historier/index.html": "half gone"})
			},
			want: "public",
		},
		{
			name: "while filling the staging folder",
			setup: func(t *testing.T, parent string) {
				site(t, filepath.Join(parent, "public"), old)
				writeFiles(t, filepath.Join(parent, ".public.works-tmp-222"), map[string]string{"index.html": "half"})
			},
			want: "public",
		},
		{
			name: "the first build, while filling",
			setup: func(t *testing.T, parent string) {
				writeFiles(t, filepath.Join(parent, ".public.works-tmp-222"), map[string]string{"index.html": "half"})
			},
		},
		{
			name: "two old sites",
			setup: func(t *testing.T, parent string) {
				site(t, filepath.Join(parent, ".public.works-old-111", "public"), old)
				site(t, filepath.Join(parent, ".public.works-old-333", "public"), staged)
			},
			err: refusal{msg: []string{".public.works-old-111", ".public.works-old-333"}, hint: []string{"by hand"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			tt.setup(t, parent)
			beside := names(t, parent)
			var want map[string]string
			if tt.want != "" {
				want = tree(t, filepath.Join(parent, filepath.FromSlash(tt.want)))
			}

			err := CheckDestination(dest, "")
			checkRefusal(t, err, tt.err)
			if tt.err.msg != nil {
				if got := names(t, parent); !slices.Equal(got, beside) {
					t.Errorf("after a refusal, beside dest: %q, want %q", got, beside)
				}
				return
			}
			if want == nil {
				if _, err := os.Lstat(dest); err == nil {
					t.Error("dest exists, want none")
				}
			} else {
				equalTrees(t, tree(t, dest), want)
			}

			// The next build removes the leftovers, and only after that.
			if _, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "newest"}), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			if data, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "newest" {
				t.Errorf("index.html = %q after the next build", data)
			}
			if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
				t.Errorf("beside dest after the next build: %q, want only public", got)
			}
		})
	}
}

func noExchange(a, b string) error { return errNoExchange }

// Where folders cannot trade places in one step, two renames do it.
func TestWriteFallbackSwap(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	opts := WriteOptions{exchange: noExchange}
	for _, v := range []string{"v1", "v2"} {
		if _, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": v, v + ".html": v}), opts); err != nil {
			t.Fatal(err)
		}
	}
	want := filepath.Join(t.TempDir(), "want")
	if _, err := Write(t.Context(), want, setOf(t, map[string]string{"index.html": "v2", "v2.html": "v2"}), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, tree(t, dest), tree(t, want))
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}

	// An exchange that fails for another reason fails the Write, and the
	// old site stays.
	before := tree(t, dest)
	broken := WriteOptions{exchange: func(a, b string) error { return &os.LinkError{Op: "exchange", Old: a, New: b, Err: syscall.EIO} }}
	_, err := Write(t.Context(), dest, setOf(t, map[string]string{"index.html": "v3"}), broken)
	if err == nil || !strings.Contains(err.Error(), syscall.EIO.Error()) || strings.Contains(err.Error(), ".works-tmp-") {
		t.Errorf("err = %v, want the exchange's error, without the staging folder's name", err)
	}
	equalTrees(t, tree(t, dest), before)
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}
}

// The environment that makes TestWriteSurvivesKill's binary the child that
// writes until it is killed: the destination, and "rename" for the
// fallback swap.
const (
	killDestEnv = "WORKS_OUTPUT_TEST_KILL_DEST"
	killSwapEnv = "WORKS_OUTPUT_TEST_KILL_SWAP"
)

// bigSiteFiles is how many files bigSite has: enough that writing them
// takes long next to the swap.
const bigSiteFiles = 200

// bigSite is a site of many files, half of them saying which build wrote
// it, the other half the same in every build: those are hard-linked from
// the build before.
func bigSite(t testing.TB, label string) *Set {
	s := NewSet()
	for i := range bigSiteFiles {
		p := fmt.Sprintf("s%02d/p%04d/index.html", i%40, i)
		add(t, s, File{Path: p, Data: []byte(bigSiteLabel(i, label) + " " + p + strings.Repeat(" tekst", 100))})
	}
	return s
}

// bigSiteLabel is what file i of bigSite(label) starts with.
func bigSiteLabel(i int, label string) string {
	if i%2 == 1 {
		return "same"
	}
	return label
}

// checkWholeSite fails t unless dest holds exactly one build of bigSite,
// and returns its label.
func checkWholeSite(t *testing.T, dest string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, markName))
	if err != nil {
		t.Fatalf("no whole site at dest: %v", err)
	}
	m, err := decodeMark(data)
	if err != nil || len(m.Files) != bigSiteFiles {
		t.Fatalf("dest's mark: %v, %d files, want %d", err, len(m.Files), bigSiteFiles)
	}
	if foreign, err := foreignFiles(dest, m.Files); err != nil || len(foreign) > 0 {
		t.Errorf("dest holds files its mark does not list: %q %v", foreign, err)
	}
	var label string
	for _, p := range m.Files {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("dest lacks a file its mark lists: %v", err)
		}
		var i int
		fmt.Sscanf(path.Base(path.Dir(p)), "p%d", &i)
		l, _, _ := strings.Cut(string(data), " ")
		if label == "" {
			label = l
		}
		if want := bigSiteLabel(i, label); l != want || string(data) != want+" "+p+strings.Repeat(" tekst", 100) {
			t.Fatalf("dest mixes two builds, or a file is broken: %s starts %q, want %q", p, l, want)
		}
	}
	return label
}

// Kill a build at random moments, as a power button or an OOM killer
// would (SIGKILL: no defers, no clean-up): afterwards dest is always one
// whole site, old or new, at once with the exchange and after the next
// start's recovery with the two renames.
func TestWriteSurvivesKill(t *testing.T) {
	if dest := os.Getenv(killDestEnv); dest != "" {
		writeUntilKilled(t, dest, os.Getenv(killSwapEnv))
		return
	}
	if testing.Short() {
		t.Skip("kills child processes for some seconds")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	for _, swapMode := range []string{"exchange", "rename"} {
		t.Run(swapMode, func(t *testing.T) {
			if swapMode == "exchange" && runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
				t.Skip("no exchange in one step here")
			}
			opts := WriteOptions{}
			if swapMode == "rename" {
				opts.exchange = noExchange
			}
			dest := filepath.Join(t.TempDir(), "public")
			start := time.Now()
			if _, err := Write(t.Context(), dest, bigSite(t, "first"), opts); err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)

			// What the kills met, to show they hit the build at work.
			var replaced, restored int
			last := "first"
			for i := range 5 {
				cmd := exec.Command(os.Args[0], "-test.run=^TestWriteSurvivesKill$", "-test.count=1")
				cmd.Env = append(os.Environ(), killDestEnv+"="+dest, killSwapEnv+"="+swapMode)
				cmd.Stderr = cmd.Stdout
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// The child says when it starts writing, then writes again
				// and again: anywhere in a few writes is a moment to kill.
				out := bufio.NewReader(stdout)
				if line, err := out.ReadString('\n'); line != "writing\n" {
					cmd.Process.Kill()
					rest, _ := io.ReadAll(out)
					t.Fatalf("kill %d: the child did not start writing: %q %s %v", i, line, rest, err)
				}
				time.Sleep(time.Duration(rng.Int64N(int64(3 * took))))
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				rest, _ := io.ReadAll(out)
				cmd.Wait()
				if len(rest) > 0 {
					t.Fatalf("kill %d: the child failed:\n%s", i, rest)
				}
				if swapMode == "exchange" {
					checkWholeSite(t, dest) // before any recovery
				} else if _, err := os.Lstat(dest); err != nil {
					restored++
				}
				if err := CheckDestination(dest, ""); err != nil {
					t.Fatalf("kill %d: %v", i, err)
				}
				if label := checkWholeSite(t, dest); label != last {
					replaced++
					last = label
				}
			}
			t.Logf("one write took %v; of 5 kills, %d came after a new site was in place, %d found none and restored the old one", took, replaced, restored)
			if _, err := Write(t.Context(), dest, bigSite(t, "last"), opts); err != nil {
				t.Fatal(err)
			}
			checkWholeSite(t, dest)
			if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
				t.Errorf("beside dest after the last build: %q, want only public", got)
			}
		})
	}
}

// writeUntilKilled is the child: it writes bigSite to dest again and again,
// for at most a minute should nobody kill it.
func writeUntilKilled(t *testing.T, dest, swapMode string) {
	opts := WriteOptions{}
	if swapMode == "rename" {
		opts.exchange = noExchange
	}
	fmt.Println("writing")
	for i, begin := 0, time.Now(); time.Since(begin) < time.Minute; i++ {
		label := fmt.Sprintf("child%d-%d", os.Getpid(), i)
		if _, err := Write(context.Background(), dest, bigSite(t, label), opts); err != nil {
			t.Fatal(err)
		}
	}
}
