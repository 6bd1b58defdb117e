package lix_test

import (
	"testing"

	"github.com/drammen-works/works/internal/lix"
	"github.com/drammen-works/works/internal/words/wordstest"
)

// benchBlocks is the text of 100 corpus pages, one block a string, as
// check hands it to Sentences.
func benchBlocks(b *testing.B) (blocks []string, bytes int64) {
	for _, p := range wordstest.Pages(100) {
		for _, bl := range p.Blocks {
			blocks = append(blocks, bl)
			bytes += int64(len(bl))
		}
	}
	return blocks, bytes
}

// BenchmarkSentences splits 100 pages of Norwegian text, block by block;
// ns/op is for the 100 pages.
func BenchmarkSentences(b *testing.B) {
	blocks, n := benchBlocks(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, bl := range blocks {
			lix.Sentences(bl)
		}
	}
}

// BenchmarkCount counts the same blocks.
func BenchmarkCount(b *testing.B) {
	blocks, n := benchBlocks(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, bl := range blocks {
			lix.Count(bl)
		}
	}
}
