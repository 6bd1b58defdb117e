package content

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/bench"
)

// BenchmarkStageLoad is the content stage of a build: Load of the 1 000
// pages of the benchmark corpus (front matter, bodies, bundles), from
// memory so the disk does not blur it. pages/s counts the Markdown files.
func BenchmarkStageLoad(b *testing.B) {
	fsys := fstest.MapFS{}
	for name, data := range bench.Corpus(1000) {
		if rel, ok := strings.CutPrefix(name, "content/"); ok {
			fsys[rel] = &fstest.MapFile{Data: []byte(data)}
		}
	}
	pages := len(fsys)
	b.ReportAllocs()
	for b.Loop() {
		docs, errs := Load(context.Background(), fsys, time.UTC)
		if err := errs.Err(); err != nil || len(docs) != pages {
			b.Fatalf("Load: %d documents of %d, %v", len(docs), pages, err)
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}
