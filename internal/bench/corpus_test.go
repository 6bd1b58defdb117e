package bench

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

func TestPrepareCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	steps := []struct {
		name  string
		pages int
		stamp string // written into the stamp file before the step, if set
		wrote bool
	}{
		{name: "missing", pages: 20, wrote: true},
		{name: "current", pages: 20, wrote: false},
		{name: "other size", pages: 10, wrote: true},
		{name: "older generator", pages: 10, stamp: "pages=10 version=1\n", wrote: true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.stamp != "" {
				if err := os.WriteFile(filepath.Join(dir, StampFile), []byte(s.stamp), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wrote, err := PrepareCorpus(dir, s.pages)
			if err != nil {
				t.Fatal(err)
			}
			if wrote != s.wrote {
				t.Errorf("PrepareCorpus(%d) wrote = %v, want %v", s.pages, wrote, s.wrote)
			}
			last := filepath.Join(dir, filepath.FromSlash(pagePath(s.pages-1)))
			if _, err := os.Stat(last); err != nil {
				t.Errorf("the last page is missing: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pagePath(s.pages)))); err == nil {
				t.Errorf("page %d is left over from a larger corpus", s.pages)
			}
		})
	}
}

// TestCorpusBuilds builds a small corpus with works, and with Hugo where it
// is installed, and checks both made the pages, pagers and feeds.
func TestCorpusBuilds(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "corpus")
	if err := WriteCorpus(src, 45); err != nil {
		t.Fatal(err)
	}
	// 15 pages in a section: two pages of its list.
	t.Run("works", func(t *testing.T) {
		out := filepath.Join(dir, "works")
		if _, err := build.Run(context.Background(), build.Options{Source: src, Destination: out}); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"historier/side-42/index.html", "historier/side/2/index.html", "historier/index.xml", "index.xml", "sitemap.xml", "tags/emne-1/index.html"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("works did not write %s", f)
			}
		}
		page, _ := os.ReadFile(filepath.Join(out, "historier/side-0/index.html"))
		if !strings.Contains(string(page), `href="/historier/side-3/"`) {
			t.Errorf("the link to side-3.md was not resolved:\n%s", page)
		}
	})
	t.Run("hugo", func(t *testing.T) {
		hugo, err := exec.LookPath("hugo")
		if err != nil {
			t.Skip("hugo is not installed")
		}
		out := filepath.Join(dir, "hugo")
		if b, err := exec.Command(hugo, "--source", src, "--destination", out, "--minify", "--quiet").CombinedOutput(); err != nil {
			t.Fatalf("hugo: %v\n%s", err, b)
		}
		for _, f := range []string{"historier/side-42/index.html", "historier/page/2/index.html", "historier/index.xml", "index.xml", "sitemap.xml", "tags/emne-1/index.html"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("hugo did not write %s", f)
			}
		}
	})
}
