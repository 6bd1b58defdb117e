package site

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/msg"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse("works.toml", []byte(`
baseURL = "https://example.org/drammen/"
[languages.nb]
weight = 1
[languages.en]
weight = 2
[languages.en.sections]
historier = "stories"
tags = "topics"
[pagination]
pagerSize = 2
[permalinks]
nyheter = "/:section/:year/:month/:slug/"
`))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func doc(path string, kind content.Kind, lang, section, name string, meta content.Meta) *content.Document {
	return &content.Document{Path: path, Kind: kind, Lang: lang, Section: section, Name: name, Meta: meta}
}

func day(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }

func TestURLsAndOrder(t *testing.T) {
	docs := []*content.Document{
		doc("historier/b.md", content.Single, "", "historier", "b", content.Meta{Title: "B", Date: day(2), Tags: []string{"Grønn omstilling"}}),
		doc("historier/a.md", content.Single, "", "historier", "a", content.Meta{Title: "A", Date: day(2)}),
		doc("historier/c.md", content.Single, "", "historier", "c", content.Meta{Title: "C", Date: day(9)}),
		doc("historier/w.md", content.Single, "", "historier", "w", content.Meta{Title: "W", Date: day(1), Weight: 1}),
		doc("historier/b.en.md", content.Single, "en", "historier", "b", content.Meta{Title: "B en", Date: day(2), Tags: []string{"Grønn omstilling"}}),
		doc("nyheter/møte på Åssiden.md", content.Single, "", "nyheter", "møte på Åssiden", content.Meta{Title: "Møte", Date: day(5)}),
		doc("om.md", content.Single, "", "", "om", content.Meta{Title: "Om"}),
		doc("om.en.md", content.Single, "en", "", "om", content.Meta{Title: "About", Slug: "about"}),
	}
	m, errs := New(testConfig(t), docs, nil, Options{Now: day(27)})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, p := range m.Pages {
		got = append(got, p.Kind+" "+p.RelPermalink)
	}
	want := []string{
		"home /drammen/", "404 /drammen/404.html", "section /drammen/historier/",
		"page /drammen/historier/a/", "page /drammen/historier/b/", "page /drammen/historier/c/", "page /drammen/historier/w/",
		"section /drammen/nyheter/", "page /drammen/nyheter/2026/11/mote-pa-assiden/", "page /drammen/om/",
		"taxonomy /drammen/sectors/", "taxonomy /drammen/tags/", "term /drammen/tags/gronn-omstilling/",
		"home /drammen/en/", "404 /drammen/en/404.html", "page /drammen/en/about/",
		"taxonomy /drammen/en/sectors/", "section /drammen/en/stories/", "page /drammen/en/stories/b/",
		"taxonomy /drammen/en/topics/", "term /drammen/en/topics/gronn-omstilling/",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages:\n got %q\nwant %q", got, want)
	}

	sec := m.Sites[0].Sections[0]
	var order []string
	for _, p := range sec.Pages {
		order = append(order, p.Title)
	}
	// weighted first, then newest, ties by title
	if want := []string{"W", "C", "A", "B"}; !slices.Equal(order, want) {
		t.Errorf("section order %q, want %q", order, want)
	}
	if len(sec.Pagers) != 2 || sec.Pagers[1].URL != "/drammen/historier/side/2/" {
		t.Errorf("pagers: %+v", sec.Pagers)
	}
	b := m.Lookup("nb", "historier/b.md")
	if b.Translation("en") == nil || b.Translation("en").Title != "B en" {
		t.Errorf("b has no English translation")
	}
	if b.Prev == nil || b.Prev.Title != "A" || b.Next != nil {
		t.Errorf("b's neighbours: prev %v next %v", b.Prev, b.Next)
	}
	if url, ok := m.ResolveLink("historier/b.en.md", "../om.md"); !ok || url != "/drammen/en/about/" {
		t.Errorf("ResolveLink from English page = %q, %v; want the English about page", url, ok)
	}
	if _, ok := m.ResolveLink("historier/b.md", "borte.md"); ok {
		t.Error("ResolveLink found a page that does not exist")
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		docs []*content.Document
		want string
		nb   string // when set, what the errors say in Norwegian
	}{
		{"duplicate URL", []*content.Document{
			doc("historier/a.md", content.Single, "", "historier", "a", content.Meta{Title: "A"}),
			doc("historier/b.md", content.Single, "", "historier", "b", content.Meta{Title: "B", Slug: "a"}),
		}, "two pages would be published at /historier/a/: content/historier/a.md and content/historier/b.md", ""},
		{"URL of a list the site makes", []*content.Document{
			doc("historier/a.md", content.Single, "", "historier", "a", content.Meta{Title: "A"}),
			doc("om.md", content.Single, "", "", "om", content.Meta{Title: "Om", URL: "/historier/"}),
		}, `two pages would be published at /historier/: content/om.md and the section list "Historier"`,
			"to sider ville blitt publisert på /historier/: content/om.md og listesiden til seksjonen «Historier»"},
		{"unknown language", []*content.Document{
			doc("historier/a.md", content.Single, "no", "historier", "a", content.Meta{Title: "A"}),
		}, `content/historier/a.md: "no" is not a language of this site (use one of nb, en`, ""},
		{"missing project", []*content.Document{
			doc("historier/a.md", content.Single, "", "historier", "a", content.Meta{Title: "A", Project: "prosjekter/x"}),
		}, `project "prosjekter/x" is not a page of this site`, ""},
		{"two versions in one language", []*content.Document{
			doc("historier/a.md", content.Single, "", "historier", "a", content.Meta{Title: "A", TranslationKey: "k"}),
			doc("historier/b.md", content.Single, "", "historier", "b", content.Meta{Title: "B", TranslationKey: "k"}),
		}, `are both the "nb" version of one page`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := New(testConfig(t), tt.docs, nil, Options{Now: day(27)})
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", errs, tt.want)
			}
			var nb []string
			for _, d := range errs {
				nb = append(nb, d.Line(msg.Norwegian))
			}
			if got := strings.Join(nb, "\n"); !strings.Contains(got, tt.nb) {
				t.Errorf("in Norwegian:\n%s\nwant one containing %q", got, tt.nb)
			}
		})
	}
}

func TestRelated(t *testing.T) {
	page := func(name string, d int, meta content.Meta) *content.Document {
		meta.Title, meta.Date = name, day(d)
		return doc("historier/"+name+".md", content.Single, "", "historier", name, meta)
	}
	docs := []*content.Document{
		doc("prosjekter/p.md", content.Single, "", "prosjekter", "p", content.Meta{Title: "P"}),
		page("a", 1, content.Meta{Tags: []string{"x", "y"}, Sectors: []string{"mat"}}),
		page("b", 2, content.Meta{Tags: []string{"x"}}),                               // shares one tag
		page("c", 3, content.Meta{Sectors: []string{"mat"}}),                          // shares a sector
		page("d", 4, content.Meta{Tags: []string{"x", "y"}, Project: "prosjekter/p"}), // two tags
		page("e", 5, content.Meta{Project: "prosjekter/p"}),
		page("f", 6, content.Meta{}),
	}
	m, errs := New(testConfig(t), docs, nil, Options{Now: day(27)})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tests := []struct{ page, want string }{
		{"a", "d c b"}, // d: 2 tags (2), c: sector (2), d newer; b: 1
		{"e", "d f c"}, // d shares the project; then the section, newest first
		{"f", "e d c"}, // nothing shared: the newest of the section
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			var got []string
			for _, q := range m.Lookup("nb", "historier/"+tt.page+".md").Related() {
				got = append(got, q.Title)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("related %q, want %q", got, tt.want)
			}
		})
	}
}
