// Package build runs the pipeline from a site's source folder to its
// published files: config → content → site model → images → markdown →
// render → feeds and static files → minify and atomic write.
package build

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/bundle"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/feed"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/redirect"
	"github.com/drammen-works/works/internal/search"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/source"
)

// Options say what to build and where. The zero value builds the site in the
// current folder into ./public, without drafts, scheduled or expired pages,
// minified.
type Options struct {
	Source       string // the site's folder; "" means "."
	Destination  string // "" means <Source>/public
	BaseURL      string // overrides works.toml's baseURL when set
	BuildDrafts  bool
	BuildFuture  bool
	BuildExpired bool
	NoMinify     bool
	Now          time.Time // the moment to build for; zero means now
	Workers      int       // 0: one per CPU
	Logger       *slog.Logger
	// SkipCheck leaves out works check's rules (links, accessibility, plain
	// language, schemas), for callers that run them themselves.
	SkipCheck bool
	// PlanImages names and sizes the images a build would make without
	// making them: their files are in the Result with no bytes. For works
	// check, which needs to know what is published, not the pixels; Run
	// refuses it.
	PlanImages bool
	// Cache is the folder processed images (images/) and drawn icons and
	// cards (drawn/) are kept in between builds; "" means
	// <Source>/resources/_gen. Tests point it at a temporary folder so
	// that they write nothing into the checkout.
	Cache string
}

// drawnCache is where the icons and social cards drawn from the site's
// icon are kept between builds; "" (a build of an fs.FS with neither a
// Source folder nor a Cache) keeps none.
func (o Options) drawnCache() string {
	if o.Cache != "" {
		return filepath.Join(o.Cache, "drawn")
	}
	if o.Source == "" {
		return ""
	}
	return filepath.Join(o.Source, filepath.FromSlash(DrawnCacheDir))
}

func (o Options) imageCache() string {
	if o.Cache != "" {
		return filepath.Join(o.Cache, "images")
	}
	return filepath.Join(cmp.Or(o.Source, "."), filepath.FromSlash(ImageCacheDir))
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// Result describes a finished build.
type Result struct {
	Model    *site.Model
	Files    *output.Set
	Stats    output.Stats
	Warnings diag.List
	Duration time.Duration
	// Images counts the image work: a rebuild with nothing changed decodes
	// and encodes nothing.
	Images images.Stats
	// Pruned is how many stale images Run removed from the image cache.
	Pruned int
	// Facts are what the build's one Markdown parse found in each
	// document, for works check; nil for a document it did not render.
	Facts func(*content.Document) *markdown.Facts
}

// Run builds the site and writes it to the destination. On any error the
// destination is left exactly as it was.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.PlanImages {
		return nil, errors.New("build.Run: PlanImages is for Assemble only: a planned image has no bytes to write")
	}
	start := time.Now()
	src := cmp.Or(opts.Source, ".")
	dest := cmp.Or(opts.Destination, filepath.Join(src, "public"))
	root, err := source.Open(src)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var min *output.Minifier
	if !opts.NoMinify {
		min = output.NewMinifier()
	}
	// The destination is checked and locked, and pages go to disk as they
	// are rendered; only Commit puts them in the destination's place.
	st, err := output.Begin(ctx, dest, output.WriteOptions{Minify: min, Source: src, Workers: opts.Workers})
	if err != nil {
		return nil, err
	}
	defer st.Abort()
	ip := newImageProcessor(opts)
	defer ip.close()
	res, err := assemble(ctx, source.FS(root), opts, ip, st)
	if err != nil {
		if ctx.Err() != nil {
			return res, interrupted(ctx.Err())
		}
		return res, err
	}
	if res.Stats, err = st.Commit(); err != nil {
		if ctx.Err() != nil {
			return res, interrupted(ctx.Err())
		}
		return res, fmt.Errorf("write %s: %w", dest, err)
	}
	// Only a build that made every image knows which cached ones are stale.
	if res.Pruned, err = ip.prune(); err != nil {
		return res, err
	}
	res.Duration = time.Since(start)
	opts.logger().Debug("wrote the site", "images", res.Images, "pruned", res.Pruned, "destination", dest, "files", res.Stats.Files, "bytes", res.Stats.Bytes, "elapsed", res.Duration)
	return res, nil
}

// interrupted is the error of a build stopped by its context (Ctrl+C):
// whatever a stage made of the cancellation, this is what happened.
func interrupted(err error) error {
	d := diag.Errorf(diag.Position{}, "", "the build was stopped before it finished; the published site is unchanged")
	d.Err = err
	return d
}

// Assemble reads the site from root and produces every output file in
// memory, without writing anything. The returned error is a diag.List when
// the content or templates are at fault. Processed images are cached in
// opts.Cache/images (or <Source>/resources/_gen/images); stale ones are left
// for Run to prune.
func Assemble(ctx context.Context, root fs.FS, opts Options) (*Result, error) {
	ip := newImageProcessor(opts)
	defer ip.close()
	return assemble(ctx, root, opts, ip, nil)
}

// assemble runs every stage of a cold build (pipeline.run). The files go
// to out as they are made, or, when out is nil, into Result.Files.
func assemble(ctx context.Context, root fs.FS, opts Options, ip *imageProcessor, out output.Sink) (*Result, error) {
	pl := pipeline{root: root, opts: opts, ip: ip, workers: cmp.Or(opts.Workers, runtime.GOMAXPROCS(0)), kept: &kept{}, out: out}
	pv, err := pl.run(ctx, nil, true)
	if err != nil {
		return nil, err
	}
	return &Result{Model: pv.Model, Files: pv.Files, Warnings: pv.Warnings, Images: pv.Images, Facts: pl.facts}, nil
}

// machineFiles adds what machines read: the feeds of every list, the
// sitemaps, robots.txt, the redirect files for hosts and the search index.
//
// It returns the paths of the files made from the pages' text (feeds and
// the search index), which an edit of a page's text makes stale.
func machineFiles(model *site.Model, set output.Sink) ([]string, diag.List) {
	files := append(feed.Files(model), search.Files(model)...)
	var fromText []string
	for _, f := range files {
		fromText = append(fromText, f.Path)
	}
	redirects, errs := redirect.Files(model)
	for _, f := range append(files, redirects...) {
		errs.Add(set.Add(f))
	}
	return fromText, errs
}

// resources copies the files of page bundles next to their pages: those
// processImages found fit to publish as they are. Markdown sources, photos
// (their variants are published instead) and refused files are left out.
func resources(root fs.FS, model *site.Model, files map[string]*processed, set output.Sink) diag.List {
	var errs diag.List
	contentFS := sub(root, "content")
	seen := map[string]bool{}
	for _, p := range model.Pages {
		for _, r := range p.Resources {
			if pr := files[r.Path]; pr == nil || !pr.published() {
				continue
			}
			out := strings.TrimPrefix(r.RelPermalink, strings.TrimSuffix(p.RelPermalink, p.Path))
			out = strings.TrimPrefix(out, "/")
			if seen[out] {
				continue // a bundle's translations share its files
			}
			seen[out] = true
			if err := set.Add(output.File{Path: out, From: contentFS, FromPath: r.Path, Owner: "content/" + r.Path}); err != nil {
				errs.Add(err)
			}
		}
	}
	return errs
}

// static copies the static folder dir of the site in root. A file that an
// earlier static folder already gave is kept, so the site's static files
// override the theme's; a file in the place of one the build made (a page,
// a feed) is an error naming both, never silently dropped.
func static(root fs.FS, dir string, set output.Sink) diag.List {
	files, errs := source.Walk(root, dir, source.WalkOptions{Skip: hidden, Folder: dir + "/"})
	errs = prefix(dir+"/", errs)
	for _, f := range files {
		if owner, ok := set.Owner(f.Path); ok {
			if !isStatic(owner) {
				errs.Add(diag.Errorf(diag.Position{File: dir + "/" + f.Path}, "remove one of them, or give the page another address (slug or url)",
					"this file and %s both make /%s", ownerOrBuild(owner), f.Path))
			}
			continue
		}
		if d := cameraData(root, f, dir+"/"+f.Path); d != nil {
			errs.Add(d)
			continue
		}
		errs.Add(set.Add(output.File{Path: f.Path, From: root, FromPath: f.Real, Owner: dir + "/" + f.Path}))
	}
	return errs
}

// ownerOrBuild names who made a file: its source, or the build itself.
func ownerOrBuild(owner string) any {
	if owner == "" {
		return msg.T("the build")
	}
	return owner
}

// metadataHead is how much of a static picture is read to find camera
// data: EXIF, XMP and IPTC come before the pixels.
const metadataHead = 256 << 10

// cameraData refuses a static picture that carries camera data, or is in a
// format whose camera data works cannot read: static files are published
// as they are, so a phone photo's GPS position would be too.
func cameraData(root fs.FS, f source.File, owner string) *diag.Diagnostic {
	r, err := root.Open(f.Real)
	if err != nil {
		return nil // the copy reports it
	}
	defer r.Close()
	head, _ := io.ReadAll(io.LimitReader(r, metadataHead))
	class := bundle.Classify(f.Path, head)
	switch class.Kind {
	case bundle.Photo:
		if meta := images.Metadata(head); !meta.IsZero() {
			return diag.Errorf(diag.Position{File: owner},
				"put the photo in the folder of the page that shows it, where works removes such data, or save it again without it",
				"this picture carries %s, and files in static/ are published as they are", meta)
		}
	case bundle.Unprocessable:
		return diag.Errorf(diag.Position{File: owner},
			"save or export it as a JPEG or PNG, and use that instead",
			"this picture is in the %s format, whose camera data (such as the place it was taken) works cannot check, and files in static/ are published as they are", class.Format)
	}
	return nil
}

// isStatic reports whether a file of the set was copied from a static
// folder, the site's or a theme's.
func isStatic(owner string) bool {
	return strings.HasPrefix(owner, "static/") || strings.HasPrefix(owner, "themes/") && strings.Contains(owner, "/static/")
}

// hidden leaves out names that start with a dot, as a web server would.
func hidden(name string, _ bool) bool { return strings.HasPrefix(name, ".") }

func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // only for invalid names, and dir is a constant
	}
	return s
}

// prefix puts the folder a stage read from in front of its file names.
func prefix(dir string, l diag.List) diag.List {
	for _, d := range l {
		if d.Pos.File != "" && !strings.HasPrefix(d.Pos.File, dir) {
			d.Pos.File = dir + d.Pos.File
		}
	}
	return l
}

// merge copies src into dst, merging nested maps, src winning.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}
