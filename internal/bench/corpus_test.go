package bench

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/markdown"
)

func TestCorpusIsDeterministic(t *testing.T) {
	a, b := Corpus(60), Corpus(60)
	if !maps.Equal(a, b) {
		t.Fatal("two corpora of 60 pages differ")
	}
	// A larger corpus starts with the same pages, apart from the one link
	// that points back at the end of the smaller one.
	c := Corpus(90)
	if a["content/historier/side-0.md"] != c["content/historier/side-0.md"] {
		t.Error("page 0 depends on the page count")
	}
}

// TestCorpusShape checks the corpus against the list: 400–800
// words, headings, lists, links, a table now and then, three sections,
// about 50 tags, pagination of 10, RSS, sitemap and minify in both programs.
func TestCorpusShape(t *testing.T) {
	const n = 150
	files := Corpus(n)
	md := markdown.New(markdown.Options{})
	tags := map[string]bool{}
	sections := map[string]int{}
	tables := 0
	minWords, maxWords := 1<<30, 0
	link := regexp.MustCompile(`\]\(side-\d+\.md\)`)
	for i := range n {
		name := pagePath(i)
		doc, errs := content.Parse(strings.TrimPrefix(name, "content/"), []byte(files[name]), time.UTC)
		if err := errs.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, tag := range doc.Meta.Tags {
			tags[tag] = true
		}
		if len(doc.Meta.Tags) != 2 {
			t.Errorf("%s has tags %v, want two", name, doc.Meta.Tags)
		}
		sections[strings.Split(name, "/")[1]]++
		res, _ := md.Render(markdown.Input{Path: doc.Path, Body: doc.Body, Lang: "nb"})
		minWords, maxWords = min(minWords, res.WordCount), max(maxWords, res.WordCount)
		if len(res.Headings) < 4 {
			t.Errorf("%s has %d headings, want 4 or more", name, len(res.Headings))
		}
		html := string(res.HTML)
		if !strings.Contains(html, "<ul>") || !link.MatchString(string(doc.Body)) {
			t.Errorf("%s has no list with a link to another page", name)
		}
		if strings.Contains(html, "<table>") {
			tables++
		}
	}
	if minWords < 400 || maxWords > 800 {
		t.Errorf("pages have %d to %d words, want 400 to 800", minWords, maxWords)
	}
	if len(tags) < 45 || len(tags) > Tags {
		t.Errorf("%d tags, want about %d", len(tags), Tags)
	}
	if len(sections) != 3 {
		t.Errorf("sections %v, want 3", sections)
	}
	if tables != n/5 {
		t.Errorf("%d pages with a table, want %d (every fifth)", tables, n/5)
	}
	for _, want := range []struct{ file, text string }{
		{"works.toml", "pagerSize = 10"},
		{"hugo.toml", "paginate = 10"},
		{"hugo.toml", "pagerSize = 10"},
		{"hugo.toml", `home = ["html", "rss"]`},
		{"hugo.toml", `section = ["html", "rss"]`},
		{"hugo.toml", "minifyOutput = true"},
	} {
		if !strings.Contains(files[want.file], want.text) {
			t.Errorf("%s lacks %q", want.file, want.text)
		}
	}
}

// TestCorpusTemplates checks that the two template sets share the content
// and the settings, and that Minimal gives both programs the same few
// layouts and nothing else.
func TestCorpusTemplates(t *testing.T) {
	full, minimal := Full.Corpus(30), Minimal.Corpus(30)
	layouts := func(name string) bool {
		for _, dir := range []string{"themes/bench/layouts/", "themes/bench/data/", "themes/bench/i18n/", "hugo-layouts/", "hugo-data/"} {
			if strings.HasPrefix(name, dir) {
				return true
			}
		}
		return false
	}
	for name, data := range full {
		if !layouts(name) && minimal[name] != data {
			t.Errorf("%s differs between the full and the minimal corpus", name)
		}
	}
	var works []string
	for name, data := range minimal {
		switch {
		case !layouts(name):
			if full[name] != data {
				t.Errorf("%s differs between the full and the minimal corpus", name)
			}
		case strings.HasPrefix(name, "themes/bench/layouts/"):
			works = append(works, name)
			if hugo := "hugo-layouts/" + strings.TrimPrefix(name, "themes/bench/layouts/"); minimal[hugo] != data {
				t.Errorf("%s and %s differ: the minimal layouts must be the same for both programs", name, hugo)
			}
		}
		if strings.Contains(name, "partials/") || strings.Contains(name, "data/") || strings.Contains(name, "i18n/") {
			t.Errorf("the minimal corpus has %s: no partials, data or translations", name)
		}
	}
	slices.Sort(works)
	want := []string{"themes/bench/layouts/404.html", "themes/bench/layouts/_default/baseof.html",
		"themes/bench/layouts/_default/list.html", "themes/bench/layouts/_default/single.html"}
	if !slices.Equal(works, want) {
		t.Errorf("minimal layouts %v, want %v", works, want)
	}
}

func TestParseTemplates(t *testing.T) {
	for _, want := range []Templates{Full, Minimal} {
		if got, err := ParseTemplates(string(want)); got != want || err != nil {
			t.Errorf("ParseTemplates(%q) = %q, %v", want, got, err)
		}
	}
	if _, err := ParseTemplates("tiny"); err == nil || !strings.Contains(err.Error(), `"full" or "minimal"`) {
		t.Errorf("ParseTemplates(tiny) = %v, want an error naming the choices", err)
	}
}

func TestPrepareCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	steps := []struct {
		name      string
		pages     int
		templates Templates
		stamp     string // written into the stamp file before the step, if set
		wrote     bool
	}{
		{name: "missing", pages: 20, templates: Full, wrote: true},
		{name: "current", pages: 20, templates: Full, wrote: false},
		{name: "other size", pages: 10, templates: Full, wrote: true},
		{name: "older generator", pages: 10, templates: Full, stamp: "pages=10 version=2\n", wrote: true},
		{name: "other templates", pages: 10, templates: Minimal, wrote: true},
		{name: "current minimal", pages: 10, templates: Minimal, wrote: false},
		{name: "back to full", pages: 10, templates: Full, wrote: true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.stamp != "" {
				if err := os.WriteFile(filepath.Join(dir, StampFile), []byte(s.stamp), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wrote, err := PrepareCorpus(dir, s.pages, s.templates)
			if err != nil {
				t.Fatal(err)
			}
			if wrote != s.wrote {
				t.Errorf("PrepareCorpus(%d, %s) wrote = %v, want %v", s.pages, s.templates, wrote, s.wrote)
			}
			last := filepath.Join(dir, filepath.FromSlash(pagePath(s.pages-1)))
			if _, err := os.Stat(last); err != nil {
				t.Errorf("the last page is missing: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pagePath(s.pages)))); err == nil {
				t.Errorf("page %d is left over from a larger corpus", s.pages)
			}
			_, err = os.Stat(filepath.Join(dir, "hugo-layouts", "partials", "menu.html"))
			if hasMenu := err == nil; hasMenu != (s.templates == Full) {
				t.Errorf("with the %s templates the menu partial is there: %v", s.templates, hasMenu)
			}
		})
	}
}

// TestCorpusBuilds builds a small corpus of each template set with works,
// and with Hugo where it is installed, and checks that both made the pages,
// pagers and feeds, and the same set of pages.
func TestCorpusBuilds(t *testing.T) {
	hugo, hugoErr := exec.LookPath("hugo")
	for _, templates := range []Templates{Full, Minimal} {
		t.Run(string(templates), func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "corpus")
			if err := templates.WriteCorpus(src, 45); err != nil {
				t.Fatal(err)
			}
			// 15 pages in a section: two pages of its list.
			want := []string{"historier/side-42/index.html", "historier/side/2/index.html", "historier/index.xml", "index.xml",
				"sitemap.xml", "tags/emne-1/index.html", "tags/index.html", "404.html"}
			worksOut := filepath.Join(dir, "works")
			if _, err := build.Run(context.Background(), build.Options{Source: src, Destination: worksOut}); err != nil {
				t.Fatal(err)
			}
			for _, f := range want {
				if _, err := os.Stat(filepath.Join(worksOut, f)); err != nil {
					t.Errorf("works did not write %s", f)
				}
			}
			page, _ := os.ReadFile(filepath.Join(worksOut, "historier/side-0/index.html"))
			if !strings.Contains(string(page), `href="/historier/side-3/"`) {
				t.Errorf("the link to side-3.md was not resolved:\n%s", page)
			}
			if templates == Minimal && !strings.Contains(string(page), `<link rel="stylesheet" href="/css/site.css">`) {
				t.Errorf("the minimal page has no stylesheet:\n%s", page)
			}
			if hugoErr != nil {
				t.Skip("hugo is not installed")
			}
			hugoOut := filepath.Join(dir, "hugo")
			if b, err := exec.Command(hugo, "--source", src, "--destination", hugoOut, "--minify", "--quiet").CombinedOutput(); err != nil {
				t.Fatalf("hugo: %v\n%s", err, b)
			}
			for _, f := range want {
				if _, err := os.Stat(filepath.Join(hugoOut, f)); err != nil {
					t.Errorf("hugo did not write %s", f)
				}
			}
			works, err := ReadWritten("works", worksOut)
			if err != nil {
				t.Fatal(err)
			}
			hugoWrote, err := ReadWritten("hugo", hugoOut)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(works.Pages, hugoWrote.Pages) {
				t.Errorf("works and hugo wrote different pages: %s", PagesNote(works, hugoWrote))
			}
			// The first page of each paged list: 3 sections and the terms.
			if len(works.Redirects) != 0 || len(hugoWrote.Redirects) < 4 {
				t.Errorf("redirects: works %v, hugo %v; want none and one per paged list", works.Redirects, hugoWrote.Redirects)
			}
		})
	}
}
