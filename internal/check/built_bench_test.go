package check

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"testing"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// builtPage and builtCSS are a page and the stylesheet of the sample site
// as the build makes them (not minified), so that what Add reads is what a
// build gives it.
func builtPage(b *testing.B) (page, css []byte) {
	b.Helper()
	page, err := os.ReadFile("testdata/built/page.html")
	if err != nil {
		b.Fatal(err)
	}
	css, err = os.ReadFile("testdata/built/site.css")
	if err != nil {
		b.Fatal(err)
	}
	return page, css
}

// sampleSite is the model of the repository's sample site with the built
// page as the file of each of its pages, so that the links and ids the
// rules read lead where a build's do.
func sampleSite(b *testing.B) (*site.Model, []*content.Document, files) {
	b.Helper()
	src := map[string]string{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, name)
		src[name] = string(data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := fs.ReadFile(root, "works.toml")
	if err != nil {
		b.Fatal(err)
	}
	src["works.toml"] = string(cfg)
	m, docs := sitetest.Model(b, src, site.Options{Now: now})
	page, css := builtPage(b)
	built := files{"css/site.css": string(css)}
	for _, p := range m.Pages {
		built[output.FileOf(p.Path)] = string(page)
	}
	return m, docs, built
}

// BenchmarkRunSite is a whole works check of the sample site: from the
// files a build kept, from a Built fed them (Add included), and without
// built files, the difference to which is what the files cost.
func BenchmarkRunSite(b *testing.B) {
	m, docs, built := sampleSite(b)
	facts := renderedFacts(m)
	b.Run("files", func(b *testing.B) {
		for b.Loop() {
			Run(context.Background(), m, docs, Options{Now: now, Facts: facts, Files: built})
		}
	})
	all := built.Files()
	b.Run("built", func(b *testing.B) {
		for b.Loop() {
			bt := NewBuilt(m)
			for _, f := range all {
				bt.Add(f)
			}
			Run(context.Background(), m, docs, Options{Now: now, Facts: facts, Built: bt})
		}
	})
	b.Run("nofiles", func(b *testing.B) {
		for b.Loop() {
			Run(context.Background(), m, docs, Options{Now: now, Facts: facts})
		}
	})
}

// BenchmarkBuiltAdd is what watching the build costs per file: every page
// of every build goes through Add in a render worker.
func BenchmarkBuiltAdd(b *testing.B) {
	m, _, built := sampleSite(b)
	page, css := builtPage(b)
	var pages []output.File
	for _, f := range built.Files() {
		if f.Path != "css/site.css" {
			pages = append(pages, output.File{Path: f.Path, Data: page, Owner: "content/historier/bakeriet-i-sentrum/index.md"})
		}
	}
	b.Run("page", func(b *testing.B) {
		bt := NewBuilt(m)
		b.SetBytes(int64(len(page)))
		i := 0
		for b.Loop() {
			bt.Add(pages[i%len(pages)])
			i++
		}
	})
	b.Run("stylesheet", func(b *testing.B) {
		bt := NewBuilt(m)
		b.SetBytes(int64(len(css)))
		for b.Loop() {
			bt.Add(output.File{Path: "css/site.css", Data: css, Owner: "themes/works/assets/css/site.css"})
		}
	})
}

// BenchmarkBuiltMemory reports what a Built keeps per page of a 2 000-page
// site (retained-B/page: its index of the model included), which a build
// holds from the first page rendered until check ends.
func BenchmarkBuiltMemory(b *testing.B) {
	src := map[string]string{}
	for i := range 2000 {
		src[fmt.Sprintf("content/historier/side-%04d/index.md", i)] = fm(fmt.Sprintf("Side %d", i)) + "## Innledning\n\nTekst.\n"
	}
	m, _ := sitetest.Model(b, src, site.Options{Now: now})
	page, _ := builtPage(b)
	var pages []output.File
	for _, p := range m.Pages {
		pages = append(pages, output.File{Path: output.FileOf(p.Path), Data: page, Owner: p.File()})
	}
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		bt := NewBuilt(m)
		for _, f := range pages {
			bt.Add(f)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(bt)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(pages)), "retained-B/page")
}
