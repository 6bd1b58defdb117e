package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var opts build.Options
	var minify, quiet, verbose bool
	fs := newFlags("build", "Builds the site into the destination folder. A failed build leaves the folder as it was.", stdout, stderr)
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&opts.Source, n, ".", "the site's `folder`")
	}
	for _, n := range []string{"d", "destination"} {
		fs.StringVar(&opts.Destination, n, "", "write the site to this `folder` (default <source>/public)")
	}
	fs.StringVar(&opts.BaseURL, "baseURL", "", "the `URL` the site is published at (overrides works.toml)")
	for _, n := range []string{"D", "buildDrafts"} {
		fs.BoolVar(&opts.BuildDrafts, n, false, "include drafts")
	}
	for _, n := range []string{"F", "buildFuture"} {
		fs.BoolVar(&opts.BuildFuture, n, false, "include pages whose publishDate is in the future")
	}
	for _, n := range []string{"E", "buildExpired"} {
		fs.BoolVar(&opts.BuildExpired, n, false, "include pages whose expiryDate has passed")
	}
	var clock string
	fs.StringVar(&clock, "clock", "", "build the site as it will be at this `moment`, like 2027-03-12T09:00 (in the site's time zone)")
	fs.BoolVar(&minify, "minify", true, "minify HTML, CSS, JS, SVG, JSON and XML (--minify=false for readable output)")
	fs.BoolVar(&quiet, "quiet", false, "print nothing but errors")
	for _, n := range []string{"v", "verbose"} {
		fs.BoolVar(&verbose, n, false, "print what each stage does")
	}
	var cpuProfile, memProfile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this `file`, for go tool pprof")
	fs.StringVar(&memProfile, "memprofile", "", "write a memory profile, taken after the build, to this `file`")
	if code, done := fs.parse(args); done {
		return code
	}
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "works build: --cpuprofile: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	if memProfile != "" {
		defer func() {
			if err := writeMemProfile(memProfile); err != nil {
				fmt.Fprintf(stderr, "works build: --memprofile: %v\n", err)
			}
		}()
	}
	opts.NoMinify = !minify
	if opts.BaseURL != "" {
		if _, err := config.ParseBaseURL(opts.BaseURL); err != nil {
			fmt.Fprintf(stderr, "works build: --baseURL %v; %s\n", err, config.BaseURLHint)
			return exitUsage
		}
	}
	if clock != "" {
		cfg, err := loadConfig(opts.Source)
		if err != nil {
			return reportError(stderr, err)
		}
		if opts.Now, err = parseClock(clock, cfg.Location); err != nil {
			fmt.Fprintf(stderr, "works build: --clock %v\n", err)
			return exitUsage
		}
	}
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	res, err := build.Run(ctx, opts)
	if res != nil && !quiet {
		printDiags(stderr, res.Warnings)
	}
	if err != nil {
		return reportError(stderr, err)
	}
	if !quiet {
		dest := opts.Destination
		if dest == "" {
			dest = filepath.Join(opts.Source, "public")
		}
		fmt.Fprintln(stdout, summary(res, dest))
		if next := nextChange(res, opts.Now); next != "" {
			fmt.Fprintln(stdout, next)
		}
	}
	return exitOK
}

// reportError prints a failed build's diagnostics, one a line, and a count.
func reportError(stderr io.Writer, err error) int {
	var list diag.List
	if errors.As(err, &list) {
		printDiags(stderr, list)
		n := len(list)
		fmt.Fprintf(stderr, "Build failed: %d %s. Nothing was written.\n", n, plural(n, "error", "errors"))
		return exitFailed
	}
	var d *diag.Diagnostic
	if errors.As(err, &d) {
		fmt.Fprintln(stderr, d.Error())
	} else {
		fmt.Fprintf(stderr, "works: %v\n", err)
	}
	fmt.Fprintln(stderr, "Build failed. Nothing was written.")
	return exitFailed
}

func printDiags(w io.Writer, l diag.List) {
	for _, d := range l {
		fmt.Fprintln(w, d.Error())
	}
}

// summary is the one line a successful build prints:
// "Built 41 pages (nb 31, en 10), 9 sections, 23 terms, 187 files in 212 ms → public/".
func summary(res *build.Result, dest string) string {
	sections, terms := 0, 0
	for _, s := range res.Model.Sites {
		sections += len(s.Sections)
		for _, t := range s.TaxonomyList {
			terms += len(t.Terms)
		}
	}
	return fmt.Sprintf("Built %s, %d %s, %d %s, %d files in %d ms → %s",
		pages(res.Model), sections, plural(sections, "section", "sections"), terms, plural(terms, "term", "terms"),
		res.Stats.Files, res.Duration.Round(time.Millisecond).Milliseconds(), filepath.ToSlash(dest)+"/")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// nextChange says when the published site next changes by itself (a
// scheduled page goes live or a page expires), so a job can rebuild then.
func nextChange(res *build.Result, now time.Time) string {
	if now.IsZero() {
		now = time.Now()
	}
	changes := res.Model.Schedule(now)
	if len(changes) == 0 {
		return ""
	}
	loc := res.Model.Config.Location
	return fmt.Sprintf("Next change: %s (%d scheduled or expiring; works check --schedule lists them)",
		changes[0].At.In(loc).Format(time.RFC3339), len(changes))
}

// startCPUProfile profiles the process into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeMemProfile writes the heap profile, with what was allocated over the
// whole build, to file.
func writeMemProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	runtime.GC() // the live heap as of now, not of the last collection
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
