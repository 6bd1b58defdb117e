package search

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/site/sitetest"

	"github.com/drammen-works/works/internal/site"
)

var siteFiles = map[string]string{
	"works.toml": `title = "Søk"
baseURL = "https://example.org/drammen/"
timeZone = "Europe/Oslo"
[languages.nb]
weight = 1
[languages.en]
weight = 2
[languages.en.sections]
historier = "stories"
`,
	"content/_index.md":           "---\ntitle: Forside\n---\nVelkommen.\n",
	"content/om.md":               "---\ntitle: Om oss\ndescription: Hvem vi er.\n---\nVi er en forening.\n",
	"content/historier/_index.md": "---\ntitle: Historier\n---\nOm bedriftene.\n",
	"content/historier/bryggeriet.md": "---\ntitle: Bryggeriet på Åssiden\ndate: 2026-11-20T23:30:00\ntags: [mat, eksport]\nsectors: [mat]\n---\n" +
		"Bryggeriet lager **øl**.\n\nDet andre avsnittet.\n",
	"content/historier/bryggeriet.en.md": "---\ntitle: The brewery\ndate: 2026-11-20\n---\nThe brewery makes beer.\n",
	"content/historier/skjult.md":        "---\ntitle: Skjult\ndate: 2026-11-01\nnoindex: true\n---\nHemmelig.\n",
	"content/historier/utkast.md":        "---\ntitle: Utkast\ndate: 2026-11-02\ndraft: true\n---\nIkke ferdig.\n",
}

func buildModel(t testing.TB, files map[string]string, drafts bool) *site.Model {
	t.Helper()
	m, _ := sitetest.Model(t, files, site.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), BuildDrafts: drafts})
	sitetest.Render(t, m)
	return m
}

func TestDocuments(t *testing.T) {
	m := buildModel(t, siteFiles, true)
	got := map[string]Document{}
	var urls []string
	for _, s := range m.Sites {
		for _, d := range Documents(s) {
			got[d.URL] = d
			urls = append(urls, d.URL)
		}
	}
	want := []string{"/drammen/historier/", "/drammen/historier/bryggeriet/", "/drammen/om/", "/drammen/en/stories/", "/drammen/en/stories/bryggeriet/"}
	if !slices.Equal(urls, want) {
		t.Errorf("documents %q, want %q (no home, lists of terms, 404, drafts or noindex pages)", urls, want)
	}
	b := got["/drammen/historier/bryggeriet/"]
	if b.Title != "Bryggeriet på Åssiden" || b.Section != "Historier" || b.Summary != "Bryggeriet lager øl." ||
		!strings.Contains(b.Body, "andre avsnittet") || b.Date != "2026-11-20" || !slices.Equal(b.Tags, []string{"mat", "eksport"}) {
		t.Errorf("bryggeriet: %+v", b)
	}
	if om := got["/drammen/om/"]; om.Summary != "Hvem vi er." || om.Section != "" || om.Date != "" {
		t.Errorf("om: %+v", om)
	}
	if en := got["/drammen/en/stories/bryggeriet/"]; en.Section != "Historier" && en.Section != "Stories" {
		t.Errorf("English story's section %q", en.Section)
	}
}

func TestFiles(t *testing.T) {
	files := Files(buildModel(t, siteFiles, false))
	var names []string
	byName := map[string][]byte{}
	for _, f := range files {
		names = append(names, f.Path)
		byName[f.Path] = f.Data
		if !strings.HasPrefix(f.Path, "search/nb/") && !strings.HasPrefix(f.Path, "search/en/") {
			t.Errorf("%s is outside search/<lang>/", f.Path)
		}
	}
	for _, want := range []string{"search/nb/index.json", "search/en/index.json"} {
		if !slices.Contains(names, want) {
			t.Errorf("no %s among %q", want, names)
		}
	}
	var nb []File
	for _, f := range files {
		if name, ok := strings.CutPrefix(f.Path, "search/nb/"); ok {
			nb = append(nb, File{Name: name, Data: f.Data})
		}
	}
	for _, q := range []string{"aassiden", "Åssiden", "øl", "mat", "historier"} {
		rs := newClient(t, nb).search(q, 10)
		if len(rs) == 0 || rs[0].meta.URL != "/drammen/historier/bryggeriet/" && q != "historier" {
			t.Errorf("%q finds %+v", q, rs)
		}
	}
}
