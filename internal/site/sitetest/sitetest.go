// Package sitetest builds site models from a few files in memory, for the
// tests of the stages that read the model (feeds, redirects, search, check).
package sitetest

import (
	"context"
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/site"
)

// Model runs config, content and site.New on files ("works.toml",
// "content/…"; a missing works.toml gives the defaults) and fails the test on
// any error. Bodies are not rendered; see Render, which fills the model's
// body table (a new one unless opts.Bodies is a *site.BodyTable).
func Model(tb testing.TB, files map[string]string, opts site.Options) (*site.Model, []*content.Document) {
	tb.Helper()
	cfg, err := config.Parse("works.toml", []byte(files["works.toml"]))
	if err != nil {
		tb.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		if strings.HasPrefix(name, "content/") {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
	}
	contentFS, err := fs.Sub(fsys, "content")
	if err != nil {
		tb.Fatal(err)
	}
	docs, errs := content.Load(context.Background(), contentFS, cfg.Location)
	if err := errs.Err(); err != nil {
		tb.Fatalf("content: %v", err)
	}
	if opts.Bodies == nil {
		opts.Bodies = site.NewBodyTable(len(docs))
	}
	m, errs := site.New(cfg, docs, map[string]any{}, opts)
	if err := errs.Err(); err != nil {
		tb.Fatalf("site: %v", err)
	}
	return m, docs
}

// Render renders every page's Markdown into the model's body table, as the
// build does.
func Render(tb testing.TB, m *site.Model) {
	tb.Helper()
	table, ok := m.Bodies().(*site.BodyTable)
	if !ok {
		tb.Fatal("sitetest.Render needs a model made by sitetest.Model")
	}
	md := markdown.New(markdown.Options{Unsafe: m.Config.Markup.Unsafe, Typographer: m.Config.Markup.Typographer})
	for _, p := range m.Pages {
		d := p.Doc
		if d == nil {
			continue
		}
		res, errs := md.Render(markdown.Input{Path: d.Path, Body: d.Body, BodyLine: d.BodyLine, Lang: p.Lang, Links: m})
		if err := errs.Err(); err != nil {
			tb.Fatal(err)
		}
		table.Set(d, Body(res))
	}
}

// Body converts a Markdown result as the build does.
func Body(r markdown.Result) *site.Body {
	b := &site.Body{Content: template.HTML(r.HTML), TableOfContents: template.HTML(r.TOC), Summary: template.HTML(r.Summary),
		Truncated: r.Truncated, WordCount: r.WordCount, Plain: string(r.Plain)}
	for _, h := range r.Headings {
		b.Headings = append(b.Headings, site.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	return b
}
