package search

import (
	"testing"

	"github.com/drammen-works/works/internal/words/wordstest"
)

// benchDocs turns corpus pages into the documents Build gets.
func benchDocs(pages []wordstest.Page) []Document {
	docs := make([]Document, len(pages))
	for i, p := range pages {
		docs[i] = Document{URL: p.URL, Title: p.Title, Summary: p.Summary, Section: "Historier", Tags: p.Tags, Date: p.Date, Body: p.Plain}
	}
	return docs
}

func benchBodies(b *testing.B) (bodies []string, bytes int64) {
	for _, p := range wordstest.Pages(100) {
		bodies = append(bodies, p.Plain)
		bytes += int64(len(p.Plain))
	}
	return bodies, bytes
}

// BenchmarkTerms splits the bodies of 100 corpus pages; ns/op is for the
// 100 pages.
func BenchmarkTerms(b *testing.B) {
	bodies, n := benchBodies(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range bodies {
			Terms(s)
		}
	}
}

// BenchmarkFold folds the same bodies.
func BenchmarkFold(b *testing.B) {
	bodies, n := benchBodies(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range bodies {
			Fold(s)
		}
	}
}

// BenchmarkBuild builds the index of 1 000 pages: the build's benchmark
// corpus (a small vocabulary, as the 1 000-page build has), and the
// Zipf-distributed corpus of TestFirstQuerySize, whose long tail of 20 000
// words is what fills the term maps of a large real site.
func BenchmarkBuild(b *testing.B) {
	for _, c := range []struct {
		name string
		docs func() []Document
	}{
		{"corpus", func() []Document { return benchDocs(wordstest.Pages(1000)) }},
		{"zipf", func() []Document { return corpus(1000) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			docs := c.docs()
			b.ReportAllocs()
			for b.Loop() {
				Build("nb", docs, Options{})
			}
		})
	}
}
