package bench

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/drammen-works/works/internal/build"
)

// benchPages is the size of the corpus the end-to-end benchmarks build.
const benchPages = 1000

// BenchmarkBuild builds the 1 000-page corpus end to end, as `works build`
// does: read, Markdown, templates, feeds, checks, minify and the atomic write
// to a temporary folder. The corpus is written once, before the timing.
func BenchmarkBuild(b *testing.B) {
	src := filepath.Join(b.TempDir(), "corpus")
	if err := WriteCorpus(src, benchPages); err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build.Run(b.Context(), build.Options{Source: src, Destination: dest}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchPages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkAssemble is the build without minify and write: everything in
// memory. BenchmarkBuild minus this is what the output stage costs.
func BenchmarkAssemble(b *testing.B) {
	src := filepath.Join(b.TempDir(), "corpus")
	if err := WriteCorpus(src, benchPages); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(src)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build.Assemble(b.Context(), fsys, build.Options{Source: src}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchPages*b.N)/b.Elapsed().Seconds(), "pages/s")
}
