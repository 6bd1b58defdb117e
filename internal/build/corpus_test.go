package build

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The benchmark corpus: a deterministic site of n pages of Norwegian text in
// three sections with ~50 tags, written both for works (with the fixture
// theme) and, on request, for Hugo with templates of the same weight, so the
// two can be timed side by side.

var corpusWords = strings.Fields(`næringsliv bedrift gründer vekst drammen elva havn
verksted kunder arbeid kompetanse eksport samarbeid kommune prosjekt rekruttering omstilling
bærekraft industri teknologi handel kultur helse maritim lærling produksjon marked region
innovasjon nettverk medlemmer forening veksthus oppstart investering ansatte fabrikk lager
butikk kafé bakeri verft logistikk digital løsning tjeneste strategi mål resultat`)

func corpusText(r *rand.Rand, words int) string {
	var b strings.Builder
	for i := 0; i < words; i++ {
		w := corpusWords[r.IntN(len(corpusWords))]
		if i%12 == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		if i%12 == 11 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String()) + "."
}

var corpusSections = []string{"historier", "prosjekter", "nyheter"}

// neighbour is a page in the same section as page i.
func neighbour(i, n int) int {
	if i+3 < n {
		return i + 3
	}
	return max(i-3, i%3)
}

// writeCorpus writes an n-page site into dir; with hugo set it also writes
// hugo.toml and Hugo layouts beside the works files.
func writeCorpus(tb testing.TB, dir string, n int, hugo bool) {
	tb.Helper()
	r := rand.New(rand.NewPCG(1847, 950))
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	src, err := os.ReadFile("testdata/site.txtar")
	if err != nil {
		tb.Fatal(err)
	}
	for name, data := range parseTxtar(tb, string(src)) {
		if strings.HasPrefix(name, "themes/") {
			write(name, data)
		}
	}
	write("works.toml", `title = "Korpus"
baseURL = "https://example.org/"
theme = "fixture"
[languages.nb]
weight = 1
[pagination]
pagerSize = 10
[taxonomies]
tag = "tags"
`)
	for _, s := range corpusSections {
		write("content/"+s+"/_index.md", "---\ntitle: "+strings.ToUpper(s[:1])+s[1:]+"\n---\n")
	}
	write("content/_index.md", "---\ntitle: Forside\n---\nVelkommen.\n")
	for i := range n {
		sec := corpusSections[i%len(corpusSections)]
		date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%2000)
		tags := fmt.Sprintf("[emne-%d, emne-%d]", r.IntN(50), r.IntN(50))
		var body strings.Builder
		fmt.Fprintf(&body, "---\ntitle: Side %d om %s\ndate: %s\ntags: %s\n---\n", i, corpusWords[i%len(corpusWords)], date.Format(time.DateOnly), tags)
		body.WriteString(corpusText(r, 60) + "\n\n")
		for h := range 3 + r.IntN(3) {
			fmt.Fprintf(&body, "## Del %d\n\n%s\n\n", h+1, corpusText(r, 80+r.IntN(60)))
			if h == 1 {
				body.WriteString("- " + corpusText(r, 8) + "\n- " + corpusText(r, 8) + "\n- [neste side](side-" + fmt.Sprint(neighbour(i, n)) + ".md)\n\n")
			}
			if h == 2 && i%5 == 0 {
				body.WriteString("| År | Ansatte |\n|---|---|\n| 2024 | 12 |\n| 2025 | 19 |\n\n")
			}
		}
		write(fmt.Sprintf("content/%s/side-%d.md", sec, i), body.String())
	}
	if !hugo {
		return
	}
	// Hugo resolves links to .md files itself only with render hooks; plain
	// links keep both generators doing the same work per link.
	write("hugo.toml", `baseURL = "https://example.org/"
layoutDir = "hugo-layouts"
title = "Korpus"
languageCode = "nb"
defaultContentLanguage = "nb"
disableKinds = []
[pagination]
pagerSize = 10
[taxonomies]
tag = "tags"
[minify]
minifyOutput = true
[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html"]
`)
	write("hugo-layouts/_default/baseof.html", `<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`)
	write("hugo-layouts/_default/single.html", `{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} · {{ .ReadingTime }} · {{ .WordCount }}</p>
{{ .Content }}
{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}`)
	write("hugo-layouts/_default/list.html", `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range .Paginator.Pages }}<article><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</article>
{{ end }}{{ with .Paginator }}{{ if .HasNext }}<a rel="next" href="{{ .Next.URL }}">Neste</a>{{ end }}{{ end }}{{ end }}`)
	write("hugo-layouts/index.html", `{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range first 10 .Site.RegularPages }}<p>{{ .Title }}</p>{{ end }}{{ end }}`)
	write("hugo-layouts/404.html", `{{ define "main" }}<h1>404</h1>{{ end }}`)
}

// TestWriteCorpus writes the benchmark corpus for a side-by-side run with
// Hugo: WORKS_CORPUS=/tmp/corpus WORKS_CORPUS_PAGES=1000 go test -run TestWriteCorpus ./internal/build
func TestWriteCorpus(t *testing.T) {
	dir := os.Getenv("WORKS_CORPUS")
	if dir == "" {
		t.Skip("set WORKS_CORPUS to a folder to write the benchmark corpus")
	}
	n := 1000
	fmt.Sscan(os.Getenv("WORKS_CORPUS_PAGES"), &n)
	writeCorpus(t, dir, n, true)
}

// BenchmarkBuild builds the 1 000-page corpus, minified, to disk.
// ns/op divided by 1 000 is the time per page.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, dir, 1000, false)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), Options{Source: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssemble is the build without the write: everything in memory.
func BenchmarkAssemble(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, dir, 1000, false)
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Assemble(context.Background(), fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
