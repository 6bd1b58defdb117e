package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/bench"
)

// corpusLinks resolves the corpus's links to pages of the same section, as
// the site model does.
type corpusLinks struct{}

func (corpusLinks) ResolveLink(from, target string) (string, bool) {
	section, _, _ := strings.Cut(from, "/")
	return "/" + section + "/" + strings.TrimSuffix(target, ".md") + "/", true
}

// BenchmarkStageMarkdown is the Markdown stage for one typical page: 100
// pages of the benchmark corpus (400–800 words, headings, a list, a link,
// sometimes a table) rendered in turn with the site's default options, one
// page per op.
func BenchmarkStageMarkdown(b *testing.B) {
	const n = 100
	files := bench.Corpus(n)
	inputs := make([]Input, n)
	size := 0
	for i := range n {
		path := fmt.Sprintf("%s/side-%d.md", bench.Sections[i%len(bench.Sections)], i)
		src := files["content/"+path]
		// The body starts after the second "---" line.
		_, body, ok := strings.Cut(strings.TrimPrefix(src, "---\n"), "\n---\n")
		if !ok {
			b.Fatalf("%s has no front matter", path)
		}
		inputs[i] = Input{Path: path, Body: []byte(body), BodyLine: strings.Count(src[:len(src)-len(body)], "\n") + 1, Lang: "nb", Links: corpusLinks{}}
		size += len(body)
	}
	r := New(Options{Typographer: true}) // works.toml's default
	b.SetBytes(int64(size / n))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, errs := r.Render(inputs[i%n]); errs.Err() != nil {
			b.Fatal(errs.Err())
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkPathological renders 10 KB, 100 KB and 1 MB of each
// pathological body, one op per body. Unbounded, several grow with the
// square of their size: goldmark reads every unclosed link destination to
// the end of its line, so 100 KB of "[a](" took 27 s and 1 MB more than two
// minutes. Pick one with -bench 'Pathological/unclosed_links/'.
func BenchmarkPathological(b *testing.B) {
	r := New(Options{Typographer: true})
	for _, p := range pathological {
		for _, size := range []int{10 << 10, 100 << 10, 1 << 20} {
			body := []byte(p.make(size))
			b.Run(fmt.Sprintf("%s/%dKB", strings.ReplaceAll(p.name, " ", "_"), size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					r.Render(Input{Path: "a.md", Body: body, Lang: "nb"})
				}
			})
		}
	}
}
