package build

import (
	"context"
	"io/fs"

	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/site"
)

// Loaded is a site read as far as its model.
type Loaded struct {
	// Docs are every document read below content/, published or not.
	Docs  []*content.Document
	Model *site.Model
}

// Load runs the stages of a build that come before any output, content
// and model, with the build's publish options, for the commands that judge
// a site without rendering it: works check when the build stopped at an
// error, and its schedule. Data files are not read (the model's Data is
// empty), since only templates read them.
//
// Load goes on past errors so that all of them are reported at once: the
// model is made from the documents that could be read, and the list holds
// what was wrong in any stage, with file names from the site's folder.
// Only a done ctx makes it stop early, with a nil Loaded and ctx's error.
func Load(ctx context.Context, root fs.FS, cfg *config.Config, opts Options) (*Loaded, diag.List) {
	var errs diag.List
	docs, derrs := content.Load(ctx, sub(root, "content"), cfg.Location)
	errs = append(errs, prefix("content/", derrs)...)
	if err := ctx.Err(); err != nil {
		var stopped diag.List
		stopped.Add(err)
		return nil, stopped
	}
	model, merrs := site.New(cfg, docs, map[string]any{}, site.Options{
		BuildDrafts: opts.BuildDrafts, BuildFuture: opts.BuildFuture, BuildExpired: opts.BuildExpired, Now: opts.Now,
	})
	errs = append(errs, merrs...)
	return &Loaded{Docs: docs, Model: model}, errs
}

// Schemas reads the front-matter schemas the site's theme declares
// (themes/<theme>/schemas.toml), which works check judges pages by and
// works new writes the keys of. A theme without the file gives none: no
// section has a schema of its own.
func Schemas(root fs.FS, cfg *config.Config) (map[string]check.Schema, diag.List) {
	dir := "themes/" + cfg.Theme
	theme, err := fs.Sub(root, dir)
	if err != nil {
		return nil, diag.List{diag.Errorf(diag.Position{File: config.FileName}, "set theme to a folder name in themes/", "theme %q is not a folder name", cfg.Theme)}
	}
	return check.LoadSchemas(theme, dir+"/"+check.SchemaFile)
}
