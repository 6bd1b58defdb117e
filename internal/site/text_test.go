package site_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// textSite has every kind of link between pages: sections, pagination,
// translations, a project and its referrers, taxonomies and terms, menus.
var textSite = map[string]string{
	"works.toml": `title = "T"
[languages.nb]
weight = 1
[languages.en]
weight = 2
[pagination]
pagerSize = 1
[[menus.nb.main]]
name = "Historier"
pageRef = "historier"
`,
	"content/_index.md":           "---\ntitle: Hjem\n---\nForsiden.\n",
	"content/historier/_index.md": "---\ntitle: Historier\n---\n",
	"content/historier/a.md":      "---\ntitle: A\ndate: 2026-11-01\ntags: [mat]\nproject: prosjekter/p\n---\nTekst A.\n",
	"content/historier/a.en.md":   "---\ntitle: A en\ndate: 2026-11-01\n---\nText A.\n",
	"content/historier/b.md":      "---\ntitle: B\ndate: 2026-11-02\ntags: [mat, eksport]\nsectors: [industri]\n---\nTekst B.\n",
	"content/prosjekter/p.md":     "---\ntitle: P\ndate: 2026-10-01\n---\nProsjektet.\n",
	"content/om.md":               "---\ntitle: Om\nsummary: Kort om oss.\n---\nOm oss.\n",
}

// reachablePages walks every pointer, slice and map reachable from v and
// returns the *site.Page values it finds.
func reachablePages(v any) map[*site.Page]bool {
	found := map[*site.Page]bool{}
	seen := map[uintptr]bool{}
	pageType := reflect.TypeFor[*site.Page]()
	modelType := reflect.TypeFor[site.Model]()
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			if v.Type() == pageType {
				found[(*site.Page)(v.UnsafePointer())] = true
			}
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type() == modelType && v.Type().Field(i).Name == "byPath" {
					// The index by path is shared between a model and its
					// copies; PagesOf and lookup take the copy's page at
					// the same place (tested below).
					continue
				}
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(v))
	return found
}

func TestWithText(t *testing.T) {
	m, docs := sitetest.Model(t, textSite, site.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	sitetest.Render(t, m)
	var a *content.Document
	for _, d := range docs {
		if d.Path == "historier/a.md" {
			a = d
		}
	}
	edited := *a
	edited.Body = []byte("Ny tekst A.\n")
	bodies := site.NewBodyTable(1)
	n, ok := m.WithText([]*content.Document{&edited}, bodies)
	if !ok {
		t.Fatal("WithText refused a text edit")
	}

	// No pointer of the copy leads back into the old model.
	old := reachablePages(m)
	copied := reachablePages(n)
	if len(old) < len(m.Pages) {
		t.Fatalf("the walk found %d pages of %d; it misses pointers", len(old), len(m.Pages))
	}
	if len(copied) != len(old) {
		t.Errorf("the copy reaches %d pages, the model %d", len(copied), len(old))
	}
	for p := range copied {
		if old[p] {
			t.Fatalf("the copy reaches a page of the old model: %s %s", p.Kind, p.RelPermalink)
		}
	}
	// Lookups by path in the copy give the copy's pages, in a copy of the
	// copy too.
	n2, ok := n.WithText([]*content.Document{&edited}, bodies)
	if !ok {
		t.Fatal("WithText refused a copy")
	}
	for _, mm := range []*site.Model{n, n2} {
		for _, p := range mm.PagesOf("historier/a.md") {
			if old[p] || !slices.Contains(mm.Pages, p) {
				t.Errorf("PagesOf in a copy gives a page of another model: %s", p.RelPermalink)
			}
		}
		if p := mm.Lookup("nb", "historier/a.md"); p == nil || old[p] || !slices.Contains(mm.Pages, p) {
			t.Errorf("Lookup in a copy gives a page of another model: %v", p)
		}
	}
	// The copy has the new document and its own bodies; the old model is
	// as it was.
	pa := n.PagesOf("historier/a.md")[0]
	if pa.Doc != &edited || pa.Content() != "" {
		t.Errorf("the copy's page: doc %p, content %q; want the edited doc and no body yet", pa.Doc, pa.Content())
	}
	bodies.Set(&edited, &site.Body{Content: "<p>Ny tekst A.</p>"})
	if got := n.PagesOf("historier/a.md")[0].Content(); got != "<p>Ny tekst A.</p>" {
		t.Errorf("copy's content %q", got)
	}
	if got := m.PagesOf("historier/a.md")[0].Content(); !strings.Contains(string(got), "Tekst A.") {
		t.Errorf("the old model's content changed: %q", got)
	}
	if m.PagesOf("historier/a.md")[0].Doc != a {
		t.Error("the old model's document changed")
	}
	// Same shape as the original, page by page.
	for i, p := range m.Pages {
		q := n.Pages[i]
		if p.RelPermalink != q.RelPermalink || p.Title != q.Title || len(p.Pages) != len(q.Pages) || len(p.Pagers) != len(q.Pagers) ||
			(p.Parent == nil) != (q.Parent == nil) || p.Parent != nil && p.Parent.RelPermalink != q.Parent.RelPermalink {
			t.Errorf("page %d differs: %s vs %s", i, p.RelPermalink, q.RelPermalink)
		}
	}
	if n.PagesOf("om.md")[0].Summary() != "<p>Kort om oss.</p>" {
		t.Errorf("the front matter's summary is lost: %q", n.PagesOf("om.md")[0].Summary())
	}

	// Anything but text is refused.
	retitled := *a
	retitled.Meta.Title = "A2"
	if _, ok := m.WithText([]*content.Document{&retitled}, bodies); ok {
		t.Error("WithText took a changed title")
	}
	unknown := *a
	unknown.Path = "historier/ny.md"
	if _, ok := m.WithText([]*content.Document{&unknown}, bodies); ok {
		t.Error("WithText took a document the model does not have")
	}
}

// BenchmarkWithText copies a 2 000-page model for one text edit.
func BenchmarkWithText(b *testing.B) {
	files := map[string]string{"works.toml": "title = \"T\"\n"}
	for i := range 2000 {
		files[fmt.Sprintf("content/historier/s%04d.md", i)] = "---\ntitle: S\ndate: 2026-11-01\ntags: [mat, eksport]\n---\nTekst.\n"
	}
	m, docs := sitetest.Model(b, files, site.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	edited := *docs[0]
	for b.Loop() {
		if _, ok := m.WithText([]*content.Document{&edited}, site.NewBodyTable(1)); !ok {
			b.Fatal("refused")
		}
	}
}
