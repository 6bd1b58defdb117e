package words_test

import (
	"testing"

	"github.com/drammen-works/works/internal/words"
	"github.com/drammen-works/works/internal/words/wordstest"
)

// BenchmarkNext splits the bodies of 100 corpus pages into fields; ns/op
// is for the 100 pages.
func BenchmarkNext(b *testing.B) {
	var bodies []string
	var n int64
	for _, p := range wordstest.Pages(100) {
		bodies = append(bodies, p.Plain)
		n += int64(len(p.Plain))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range bodies {
			for f, ok := words.Next(s, 0); ok; f, ok = words.Next(s, f.End) {
			}
		}
	}
}
