package feed

import (
	"fmt"
	"github.com/drammen-works/works/internal/site/sitetest"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/site"
)

// now is the moment the fixture is built for.
var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// fixture is a two-language site with a base path, enough dated stories to
// hit the feed limit, a weighted old story, an undated page, a hidden page, a
// draft and links of every kind in a summary.
func fixture() map[string]string {
	files := map[string]string{
		"works.toml": `title = "Feed Works"
baseURL = "https://example.org/drammen/"
timeZone = "Europe/Oslo"
[languages.nb]
weight = 1
[languages.en]
title = "Feed Works EN"
weight = 2
[languages.en.sections]
historier = "stories"
[brand]
name = "Feed Works AS"
[params]
description = "Nyheter fra byen"
[pagination]
pagerSize = 10
`,
		"content/_index.md":    "---\ntitle: Forside\n---\nVelkommen.\n",
		"content/_index.en.md": "---\ntitle: Home\n---\nWelcome.\n",
		"content/om.md":        "---\ntitle: Om oss\n---\nUten dato.\n",
		"content/historier/_index.md": "---\ntitle: Historier\ndescription: Historier fra næringslivet\n" +
			"lastmod: 2026-11-26\n---\n",
		"content/historier/lenker/index.md": "---\ntitle: Lenker\ndate: 2026-06-01\nlastmod: 2026-11-02T10:00:00\n" +
			"tags: [Grønn omstilling, eksport]\nsectors: [eksport]\nauthors: [Kari Nordmann]\n---\n" +
			"Se [om oss](/drammen/om/), ![bildet](bilde.svg), [målet](#mal), [en annen side](../gammel/), " +
			"[e-post](mailto:post@example.org), [ekstern](https://example.com/x?a=1&b=2) og [cdn](//cdn.example.net/y).\n\n" +
			"<!--more-->\n\n## Mål\n\nMer.\n",
		"content/historier/lenker/bilde.svg":   "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"content/historier/lenker/index.en.md": "---\ntitle: Links\ndate: 2026-06-01\ntags: [eksport]\n---\nThe English version.\n",
		"content/historier/vektet.md":          "---\ntitle: Vektet og gammel\ndate: 2020-01-01\nweight: 1\n---\nGammel.\n",
		"content/historier/skjult.md":          "---\ntitle: Skjult\ndate: 2026-11-03\nnoIndex: true\ntags: [hemmelig]\n---\nSkjult for søkemotorer.\n",
		"content/historier/utkast.md":          "---\ntitle: Utkast\ndate: 2026-11-04\ndraft: true\n---\nIkke ferdig.\n",
		"content/historier/skjult.en.md":       "---\ntitle: Hidden\ndate: 2026-11-03\n---\nThe English one is not hidden.\n",
		"content/nyheter/sommer.md":            "---\ntitle: Sommer\ndate: 2026-07-15T08:30:00\nsummary: Kort om sommeren.\n---\nLang tekst.\n",
	}
	for i := 1; i <= 22; i++ {
		files[fmt.Sprintf("content/historier/sak-%02d.md", i)] = fmt.Sprintf(
			"---\ntitle: Sak %02d\ndate: 2026-10-%02d\ntags: [eksport]\n---\nSak nummer %d.\n", i, i, i)
	}
	return files
}

// buildModel builds the model and renders its Markdown, as the build does
// before the feeds.
func buildModel(t testing.TB, files map[string]string) *site.Model {
	t.Helper()
	m, _ := sitetest.Model(t, files, site.Options{Now: now})
	sitetest.Render(t, m)
	return m
}

// page finds a page of the model by its URL below the site root.
func page(t testing.TB, m *site.Model, path string) *site.Page {
	t.Helper()
	for _, p := range m.Pages {
		if p.Path == path {
			return p
		}
	}
	var paths []string
	for _, p := range m.Pages {
		paths = append(paths, p.Path)
	}
	t.Fatalf("no page at %s; pages: %s", path, strings.Join(paths, " "))
	return nil
}
