package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

func runBuild(ctx context.Context, c *cli, args []string) int {
	var opts build.Options
	var minify, quiet, verbose bool
	fs := newFlags(c, msg.T("Builds the site into the destination folder. A failed build leaves the folder as it was."))
	fs.sourceVar(&opts.Source)
	fs.stringVar(&opts.Destination, "", msg.T("write the site to this `folder` (default <source>/public)"), "d", "destination")
	fs.stringVar(&opts.BaseURL, "", msg.T("the `URL` the site is published at (overrides works.toml)"), "baseURL")
	fs.boolVar(&opts.BuildDrafts, false, msg.T("include drafts"), "D", "buildDrafts")
	fs.boolVar(&opts.BuildFuture, false, msg.T("include pages whose publishDate is in the future"), "F", "buildFuture")
	fs.boolVar(&opts.BuildExpired, false, msg.T("include pages whose expiryDate has passed"), "E", "buildExpired")
	var clock string
	fs.stringVar(&clock, "", msg.T("build the site as it will be at this `moment`, like 2027-03-12T09:00 (in the site's time zone)"), "clock")
	fs.boolVar(&minify, true, msg.T("minify HTML, CSS, JS, SVG, JSON and XML (--minify=false for readable output)"), "minify")
	fs.boolVar(&quiet, false, msg.T("print nothing but errors"), "quiet")
	fs.boolVar(&verbose, false, msg.T("print what each stage does"), "v", "verbose")
	var cpuProfile, memProfile string
	fs.stringVar(&cpuProfile, "", msg.T("write a CPU profile of the build to this `file`, for go tool pprof"), "cpuprofile")
	fs.stringVar(&memProfile, "", msg.T("write a memory profile, taken after the build, to this `file`"), "memprofile")
	if code, done := fs.parseNone(args); done {
		return code
	}
	// works.toml says which language to speak; the build reads it again
	// and reports what is wrong with it.
	cfg, cfgErr := loadConfig(opts.Source)
	c.useSite(cfg)
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			c.print(c.stderr, msg.T("%s: --cpuprofile: %s", c.name, err))
			return exitUsage
		}
		defer stop()
	}
	if memProfile != "" {
		defer func() {
			if err := writeMemProfile(memProfile); err != nil {
				c.print(c.stderr, msg.T("%s: --memprofile: %s", c.name, err))
			}
		}()
	}
	opts.NoMinify = !minify
	if opts.BaseURL != "" {
		if _, err := config.ParseBaseURL(opts.BaseURL); err != nil {
			return fs.fail(msg.T("%s: --baseURL must be a web address starting with https:// or http:// (got %q): write the full address of the published site, like https://drammen.works/, or /", c.name, opts.BaseURL))
		}
	}
	if clock != "" {
		if cfgErr != nil {
			return c.buildFailed(cfgErr)
		}
		var ok bool
		if opts.Now, ok = parseClock(clock, cfg.Location); !ok {
			return fs.fail(badClock(c.name, clock))
		}
	}
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	opts.Logger = slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: level}))

	res, err := build.Run(ctx, opts)
	if res != nil && !quiet {
		c.printDiags(res.Warnings)
	}
	if err != nil {
		return c.buildFailed(err)
	}
	if !quiet {
		dest := opts.Destination
		if dest == "" {
			dest = filepath.Join(opts.Source, "public")
		}
		c.print(c.stdout, summary(res, dest))
		if next := nextChange(res, opts.Now); !next.IsZero() {
			c.print(c.stdout, next)
		}
	}
	return exitOK
}

// buildFailed prints why a build failed, one diagnostic a line, and a count.
func (c *cli) buildFailed(err error) int {
	var list diag.List
	if errors.As(err, &list) {
		c.printDiags(list)
		n := len(list)
		c.print(c.stderr, plural(n, msg.T("Build failed: 1 error. Nothing was written."), msg.T("Build failed: %d errors. Nothing was written.", n)))
		return exitFailed
	}
	c.report(err)
	c.print(c.stderr, msg.T("Build failed. Nothing was written."))
	return exitFailed
}

// summary is the one line a successful build prints:
// "Built 41 pages (nb 31, en 10), 9 sections, 23 terms, 187 files in 212 ms → public/".
func summary(res *build.Result, dest string) msg.Text {
	sections, terms := 0, 0
	for _, s := range res.Model.Sites {
		sections += len(s.Sections)
		for _, t := range s.TaxonomyList {
			terms += len(t.Terms)
		}
	}
	files := res.Stats.Files
	return msg.T("Built %s, %s, %s, %s in %d ms → %s",
		pages(res.Model),
		plural(sections, msg.T("%d section", sections), msg.T("%d sections", sections)),
		plural(terms, msg.T("%d term", terms), msg.T("%d terms", terms)),
		plural(files, msg.T("%d file", files), msg.T("%d files", files)),
		res.Duration.Round(time.Millisecond).Milliseconds(), filepath.ToSlash(dest)+"/")
}

// nextChange says when the published site next changes by itself (a
// scheduled page goes live or a page expires), so a job can rebuild then.
func nextChange(res *build.Result, now time.Time) msg.Text {
	if now.IsZero() {
		now = time.Now()
	}
	changes := res.Model.Schedule(now)
	if len(changes) == 0 {
		return msg.Text{}
	}
	loc := res.Model.Config.Location
	return msg.T("Next change: %s (%d scheduled or expiring; works check --schedule lists them)",
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
