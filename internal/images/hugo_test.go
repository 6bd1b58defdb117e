//go:build unix

package images

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCompareHugo runs the benchmark's work (20 photos of 4000×3000 to
// WebP and JPEG at 480, 800, 1200 and 1600 pixels, quality 80) through this
// package and through Hugo, cold and warm, and logs wall and CPU time side
// by side. It needs hugo on the PATH and is skipped unless asked for:
//
//	WORKS_HUGO_COMPARE=1 go test -run CompareHugo -v -timeout 30m ./internal/images
//
// WORKS_HUGO_COMPARE_RUNS repeats each measurement and keeps the fastest,
// which matters on a busy machine. Hugo resamples with Catmull-Rom, as this
// package does, unless WORKS_HUGO_FILTER names another of its filters (its
// default is Box).
func TestCompareHugo(t *testing.T) {
	if os.Getenv("WORKS_HUGO_COMPARE") == "" {
		t.Skip("set WORKS_HUGO_COMPARE=1 to compare with Hugo")
	}
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed")
	}
	runs, _ := strconv.Atoi(os.Getenv("WORKS_HUGO_COMPARE_RUNS"))
	runs = max(runs, 1)
	version, _ := exec.Command(hugo, "version").Output()

	site := t.TempDir()
	srcs := photos(t)
	filter := cmp.Or(os.Getenv("WORKS_HUGO_FILTER"), "CatmullRom")
	writeHugoSite(t, site, srcs, filter)

	type timing struct{ wall, cpu time.Duration }
	best := func(f func() timing) timing {
		var b timing
		for i := range runs {
			tm := f()
			if i == 0 || tm.wall < b.wall {
				b = tm
			}
		}
		return b
	}
	hugoRun := func(cold bool) timing {
		if cold {
			for _, d := range []string{"resources", "public"} {
				if err := os.RemoveAll(filepath.Join(site, d)); err != nil {
					t.Fatal(err)
				}
			}
		}
		cmd := exec.Command(hugo, "--quiet", "--source", site)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("hugo: %v", err)
		}
		wall := time.Since(start)
		return timing{wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	}
	cache := filepath.Join(t.TempDir(), "cache")
	oursRun := func(cold bool) timing {
		if cold {
			if err := os.RemoveAll(cache); err != nil {
				t.Fatal(err)
			}
		}
		cpu0 := cpuTime()
		start := time.Now()
		p, err := New(Options{CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if err := processAll(context.Background(), p, srcs); err != nil {
			t.Fatal(err)
		}
		_ = p.Close()
		return timing{time.Since(start), cpuTime() - cpu0}
	}

	// Warm the WebAssembly compiler once, as Hugo's binary is warm too.
	// (A build pays it once: about 0.4 s.)
	p, _ := New(Options{})
	_, _ = p.Process(context.Background(), "x", photo(t, 64, 48, 1, 90), Spec{Op: Resize, Width: 32, Format: WebP})

	hc := best(func() timing { return hugoRun(true) })
	hw := best(func() timing { return hugoRun(false) })
	oc := best(func() timing { return oursRun(true) })
	ow := best(func() timing { return oursRun(false) })

	hugoBytes, hugoFiles := dirSize(t, filepath.Join(site, "resources", "_gen", "images"))
	oursBytes, oursFiles := dirSize(t, cache)
	if hugoFiles != 160 || oursFiles != 160 {
		t.Errorf("outputs: hugo %d files, ours %d; want 160 each", hugoFiles, oursFiles)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s", version)
	fmt.Fprintf(&b, "20 photos 4000×3000 → 480/800/1200/1600 × WebP+JPEG q80, Hugo filter %s, GOMAXPROCS=%d, best of %d\n", filter, runtime.GOMAXPROCS(0), runs)
	fmt.Fprintf(&b, "%-6s %12s %12s %12s %12s\n", "", "works wall", "works CPU", "hugo wall", "hugo CPU")
	fmt.Fprintf(&b, "%-6s %12s %12s %12s %12s   ratio works/hugo: wall %.2f, CPU %.2f\n", "cold",
		oc.wall.Round(time.Millisecond), oc.cpu.Round(time.Millisecond), hc.wall.Round(time.Millisecond), hc.cpu.Round(time.Millisecond),
		oc.wall.Seconds()/hc.wall.Seconds(), oc.cpu.Seconds()/hc.cpu.Seconds())
	fmt.Fprintf(&b, "%-6s %12s %12s %12s %12s   ratio works/hugo: wall %.2f, CPU %.2f\n", "warm",
		ow.wall.Round(time.Millisecond), ow.cpu.Round(time.Millisecond), hw.wall.Round(time.Millisecond), hw.cpu.Round(time.Millisecond),
		ow.wall.Seconds()/hw.wall.Seconds(), ow.cpu.Seconds()/hw.cpu.Seconds())
	fmt.Fprintf(&b, "output: works %d files, %d KiB; hugo %d files, %d KiB\n", oursFiles, oursBytes>>10, hugoFiles, hugoBytes>>10)
	t.Log("\n" + b.String())
}

// writeHugoSite lays out a Hugo site with one page bundle per photo, so that
// Hugo spreads the photos over its workers as a build of ours would.
func writeHugoSite(t *testing.T, dir string, srcs [][]byte, filter string) {
	files := map[string]string{
		"config.toml": `baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
quality = 80
resampleFilter = "` + filter + `"
`,
		"layouts/index.html":         `{{ range .Site.RegularPages }}{{ .Content }}{{ end }}`,
		"layouts/_default/list.html": `{{ .Title }}`,
		"layouts/_default/single.html": `{{ $img := .Resources.GetMatch "photo.jpg" }}{{ range slice "480x" "800x" "1200x" "1600x" }}` +
			`{{ ($img.Resize (printf "%s webp q80" .)).RelPermalink }} {{ ($img.Resize (printf "%s jpg q80" .)).RelPermalink }}{{ end }}`,
	}
	for i, src := range srcs {
		files[fmt.Sprintf("content/p%02d/index.md", i)] = fmt.Sprintf("---\ntitle: Photo %d\n---\n", i)
		files[fmt.Sprintf("content/p%02d/photo.jpg", i)] = string(src)
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func dirSize(t *testing.T, dir string) (bytes int64, files int) {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".jpg", ".webp":
			info, err := d.Info()
			if err != nil {
				return err
			}
			bytes += info.Size()
			files++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bytes, files
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
