package output

import (
	"fmt"
	"html"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/bench"
	"github.com/drammen-works/works/internal/markdown"
)

// corpusPages renders n pages of the benchmark corpus into whole HTML pages,
// unminified, in a shell like the bench theme's.
func corpusPages(tb testing.TB, n int) [][]byte {
	tb.Helper()
	files := bench.Corpus(n)
	md := markdown.New(markdown.Options{Typographer: true})
	pages := make([][]byte, n)
	for i := range n {
		path := fmt.Sprintf("%s/side-%d.md", bench.Sections[i%len(bench.Sections)], i)
		_, body, ok := strings.Cut(strings.TrimPrefix(files["content/"+path], "---\n"), "\n---\n")
		if !ok {
			tb.Fatalf("%s has no front matter", path)
		}
		res, _ := md.Render(markdown.Input{Path: path, Body: []byte(body), Lang: "nb"})
		title := html.EscapeString(fmt.Sprintf("Side %d", i))
		pages[i] = fmt.Appendf(nil, `<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><title>%s – Korpus</title>
<link rel="canonical" href="https://example.org/%s/">
</head>
<body>
<nav></nav>
<main><h1>%s</h1>
<p>4. januar 2020 · 3 minutter · %d</p>
%s
<p>tags: <a href="/tags/emne-1/">emne-1</a> <a href="/tags/emne-2/">emne-2</a></p>
<a rel="prev" href="/historier/side-0/">Side 0</a>
<a rel="next" href="/historier/side-6/">Side 6</a>
</main>
</body>
</html>
`, title, strings.TrimSuffix(path, ".md"), title, res.WordCount, res.HTML)
	}
	return pages
}

// BenchmarkStageMinify is the minify step for one typical page: 100 pages of
// the benchmark corpus as the templates leave them, minified in turn, one
// page per op.
func BenchmarkStageMinify(b *testing.B) {
	pages := corpusPages(b, 100)
	m := NewMinifier()
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	b.SetBytes(int64(size / len(pages)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := m.Minify("index.html", pages[i%len(pages)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkStageWrite is the write step without minify: 1 000 pages of the
// size the corpus makes, written atomically to a temporary folder (a fresh
// staging folder, the swap, and the removal of the previous build's). Two
// versions of every page take turns, so each Write writes every file; see
// BenchmarkStream for a build that changes less.
func BenchmarkStageWrite(b *testing.B) {
	const n = 1000
	pages := corpusPages(b, 100)
	var sets [2]*Set
	for v := range sets {
		sets[v] = NewSet()
		for i := range n {
			data := append(slices.Clone(pages[i%len(pages)]), fmt.Sprint(v)...)
			if err := sets[v].Add(File{Path: fmt.Sprintf("%s/side-%d/index.html", bench.Sections[i%len(bench.Sections)], i), Data: data}); err != nil {
				b.Fatal(err)
			}
		}
	}
	dest := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	v := 0
	for b.Loop() {
		if _, err := Write(b.Context(), dest, sets[v%2], WriteOptions{}); err != nil {
			b.Fatal(err)
		}
		v++
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "pages/s")
}
