package check

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// observe feeds a Built the files as a build's render workers do: in no
// particular order, from several goroutines at once.
func observe(tb testing.TB, m *site.Model, files Files) *Built {
	tb.Helper()
	all := files.Files()
	rand.New(rand.NewPCG(13, uint64(len(all)))).Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	b := NewBuilt(m)
	const workers = 4
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(all); i += workers {
				b.Add(all[i])
			}
		})
	}
	wg.Wait()
	return b
}

// builtWays are the two ways Run learns what the build made: from the
// files a build kept, or from what a Built saw of them as they were
// written. Both must give the same findings.
var builtWays = []struct {
	name    string
	options func(tb testing.TB, m *site.Model, files Files) Options
}{
	{"files", func(_ testing.TB, _ *site.Model, files Files) Options { return Options{Now: now, Files: files} }},
	{"built", func(tb testing.TB, m *site.Model, files Files) Options {
		return Options{Now: now, Built: observe(tb, m, files)}
	}},
}

// sameAsFiles checks every document as the preview checks a saved one
// (Options.Only), once reading opts.Files when a rule asks and once from a
// Built, and wants the same findings with the same hints.
func sameAsFiles(t *testing.T, m *site.Model, docs []*content.Document, opts Options) {
	t.Helper()
	opts.Only = map[string]bool{}
	for _, d := range docs {
		opts.Only[d.Path] = true
	}
	fromFiles := Run(context.Background(), m, docs, opts)
	opts.Built, opts.Files = observe(t, m, opts.Files), nil
	fromBuilt := Run(context.Background(), m, docs, opts)
	if got, want := findings(fromBuilt), findings(fromFiles); got != want {
		t.Errorf("checking each document from a Built:\n%s\nfrom the files:\n%s", got, want)
	}
}

// findings are l's lines with their hints.
func findings(l diag.List) string {
	var b strings.Builder
	for i, d := range l {
		fmt.Fprintf(&b, "\t%s\n\t\thint: %s\n", lines(l[i : i+1])[0], d.Hint)
	}
	return b.String()
}

// concurrentSite is a site of n pages whose built files give every rule
// that reads them something to find: page i's built HTML links to page
// i+1, so that no page links to p00; its body links to an id the theme
// gives the next page and to one nobody gives the one after; every page
// loads a script from another host, and the stylesheet a font.
func concurrentSite(t *testing.T, n int) (*site.Model, []*content.Document, files) {
	t.Helper()
	src := map[string]string{"works.toml": "baseURL = \"https://drammen.works/\"\n"}
	built := files{"css/site.css": `@font-face{src:url("https://fonts.example.com/f.woff2")}`}
	for i := range n {
		src[fmt.Sprintf("content/p%02d.md", i)] = fm(fmt.Sprintf("P%d", i)) +
			fmt.Sprintf("[neste](p%02d.md#topp) [feil](p%02d.md#ingen)\n", (i+1)%n, (i+2)%n)
		next := ""
		if i+1 < n {
			next = fmt.Sprintf(`<a href="/p%02d/">neste</a><a href="https://drammen.works/p%02d/#x">igjen</a>`, i+1, i+1)
		}
		built[fmt.Sprintf("p%02d/index.html", i)] = `<main id="topp">` + next +
			`</main><script src="https://cdn.example.net/x.js"></script><link rel="stylesheet" href="/css/site.css">`
	}
	built["index.html"] = `<a href="/p01/">P1</a>`
	m, docs := model(t, src, site.Options{})
	return m, docs, built
}

// TestBuiltConcurrent: a Built fed by many goroutines at once (run it with
// -race) gives the findings of the files it saw.
func TestBuiltConcurrent(t *testing.T) {
	m, docs, built := concurrentSite(t, 40)
	facts := renderedFacts(m)
	want := findings(Run(context.Background(), m, docs, Options{Now: now, Facts: facts, Files: built}))
	if !strings.Contains(want, "no other page links to this page") || !strings.Contains(want, "another host") ||
		!strings.Contains(want, `"p02.md#ingen"`) {
		t.Fatalf("the site lacks the findings the test needs:\n%s", want)
	}
	all := built.Files()
	b := NewBuilt(m)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, f := range all {
				b.Add(f) // every file eight times, each time from another goroutine
			}
		})
	}
	wg.Wait()
	if got := findings(Run(context.Background(), m, docs, Options{Now: now, Facts: facts, Built: b})); got != want {
		t.Errorf("from a Built:\n%s\nfrom the files:\n%s", got, want)
	}
	sameAsFiles(t, m, docs, Options{Now: now, Facts: facts, Files: built})
}

// TestBuiltKeepsNoBytes: what a Built keeps is its own, so the build may
// reuse a file's buffer as soon as Add returns.
func TestBuiltKeepsNoBytes(t *testing.T) {
	m, docs, built := concurrentSite(t, 5)
	want := findings(Run(context.Background(), m, docs, Options{Now: now, Files: built}))
	b := NewBuilt(m)
	for _, f := range built.Files() {
		b.Add(f)
		for i := range f.Data {
			f.Data[i] = 'x'
		}
	}
	if got := findings(Run(context.Background(), m, docs, Options{Now: now, Built: b})); got != want {
		t.Errorf("after the files' bytes were overwritten:\n%s\nwant:\n%s", got, want)
	}
}

// TestBuiltForAnotherModel: a Built answers for the pages of the model it
// was made for; given with another, Run says so rather than judging links
// against the wrong pages.
func TestBuiltForAnotherModel(t *testing.T) {
	m, docs := model(t, map[string]string{"content/a.md": fm("A")}, site.Options{})
	other, _ := model(t, map[string]string{"content/a.md": fm("A")}, site.Options{})
	defer func() {
		if v := recover(); v == nil || !strings.Contains(fmt.Sprint(v), "another model") {
			t.Errorf("recovered %v, want a panic about another model", v)
		}
	}()
	Run(context.Background(), m, docs, Options{Now: now, Built: NewBuilt(other)})
}

// TestBuiltLoadsInPathOrder: the loads come out by file path however the
// files arrived, each file's load of an address once, so that privacy
// reports an owner's load at the first file by path, as it did reading
// the files in order.
func TestBuiltLoadsInPathOrder(t *testing.T) {
	m, _ := model(t, map[string]string{"content/a.md": fm("A")}, site.Options{})
	b := NewBuilt(m)
	script := []byte(`<script src="https://cdn.example.net/x.js"></script><img src="https://cdn.example.net/x.js" alt="">`)
	for _, p := range []string{"c/index.html", "a/index.html", "b/index.html"} {
		b.Add(output.File{Path: p, Data: script, Owner: "themes/t/layouts"})
	}
	var got []string
	for _, l := range b.loadsByPath() {
		got = append(got, l.path+" "+l.ref)
	}
	want := []string{"a/index.html https://cdn.example.net/x.js", "b/index.html https://cdn.example.net/x.js", "c/index.html https://cdn.example.net/x.js"}
	if !slices.Equal(got, want) {
		t.Errorf("loads %q, want %q", got, want)
	}
}

// TestPlainPath: a path hrefPage takes as it is written is one that
// parsing and resolving would give back unchanged, from any page.
func TestPlainPath(t *testing.T) {
	for _, tt := range []struct {
		href  string
		plain bool
	}{
		{"/historier/", true}, {"/", true}, {"/en/stories/a b/", true}, {"/a//b", true}, {"/sok/index.html", true},
		{"historier/", false}, {"../a/", false}, {"//cdn.example.net/a", false}, {"/a/../b/", false}, {"/a/./b", false},
		{"/a/.", false}, {"/%C3%B8konomi/", false}, {"/a?side=2", false}, {"/a#topp", false}, {"/a\x01", false},
		{"https://drammen.works/a/", false}, {"", false},
	} {
		if got := isPlainPath(tt.href); got != tt.plain {
			t.Errorf("isPlainPath(%q) = %v, want %v", tt.href, got, tt.plain)
		}
		if tt.plain {
			samePath(t, tt.href, "/en/stories/hall/")
		}
	}
}

func samePath(t *testing.T, href, base string) {
	t.Helper()
	if !isPlainPath(href) {
		return
	}
	u := &siteURLs{origin: "https://drammen.works"}
	if got, ok := u.resolveHref(&url.URL{Path: base}, href); !ok || got != href {
		t.Errorf("resolveHref(%q, %q) = %q, %v; isPlainPath takes it as it is", base, href, got, ok)
	}
}

func FuzzPlainPath(f *testing.F) {
	f.Add("/historier/a b/", "/en/")
	f.Add("/a//b/c", "/x/y")
	f.Fuzz(samePath)
}
