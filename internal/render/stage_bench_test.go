package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/bench"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// BenchmarkStageRender is the template stage of a build: every page of the
// 1 000-page benchmark corpus (pages, section and term lists with their
// pagers, home, 404) through the bench theme's templates into an output
// set. The model and the Markdown are made once, before the timing; pages/s
// counts the corpus's Markdown pages.
func BenchmarkStageRender(b *testing.B) {
	const pages = 1000
	files := bench.Corpus(pages)
	model, _ := sitetest.Model(b, files, site.Options{})
	sitetest.Render(b, model)
	theme := fstest.MapFS{}
	for name, data := range files {
		if rel, ok := strings.CutPrefix(name, "themes/bench/"); ok {
			theme[rel] = &fstest.MapFile{Data: []byte(data)}
		}
	}
	sub := func(dir string) fs.FS {
		s, err := fs.Sub(theme, dir)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	r, errs := New(model, Options{
		Markdown: markdown.New(markdown.Options{Typographer: true}),
		Layers:   []Layer{{Layouts: sub("layouts"), LayoutsDir: "themes/bench/layouts", I18n: sub("i18n"), I18nDir: "themes/bench/i18n"}},
	})
	if err := errs.Err(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		set := output.NewSet()
		if err := r.Render(b.Context(), model, set).Err(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}
