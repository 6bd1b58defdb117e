package render

import (
	"context"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// testSite is a small site for template tests: a home page, a section
// and one story with two tags and a link in its front matter.
func testSite() map[string]string {
	return map[string]string{
		"works.toml":                  "title = \"Test\"\nbaseURL = \"https://example.org/\"\n[taxonomies]\ntag = \"tags\"\n",
		"content/_index.md":           "---\ntitle: Forside\n---\nVelkommen.\n",
		"content/historier/_index.md": "---\ntitle: Historier\n---\n",
		"content/historier/kafeen.md": "---\ntitle: Kafeen\ndate: 2026-10-01\ntags: [mat, kaffe]\nlink: \"javascript:alert(1)\"\n---\nTekst.\n",
	}
}

// layouts are the templates every test starts from, with changes (below
// layouts/; an empty text removes a file).
func layouts(changes map[string]string) map[string]string {
	l := map[string]string{
		"_default/single.html": "<h1>{{ .Title }}</h1>",
		"_default/list.html":   "<h1>{{ .Title }}</h1>",
		"404.html":             "<h1>404</h1>",
	}
	for name, text := range changes {
		if text == "" {
			delete(l, name)
		} else {
			l[name] = text
		}
	}
	return l
}

// renderWith renders testSite with the given layouts and returns the files
// written and what went wrong, both when reading the templates and when
// rendering.
func renderWith(t testing.TB, layouts map[string]string) (*output.Set, diag.List) {
	t.Helper()
	model, _ := sitetest.Model(t, testSite(), site.Options{})
	sitetest.Render(t, model)
	fsys := fstest.MapFS{}
	for name, text := range layouts {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	r, errs := New(model, Options{Workers: 2, Layers: []Layer{{Layouts: fsys, LayoutsDir: "layouts", I18n: fstest.MapFS{}, I18nDir: "i18n"}}})
	set := output.NewSet()
	if errs.Err() != nil {
		return set, errs
	}
	return set, r.Render(context.Background(), model, set)
}

// allocated is how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
