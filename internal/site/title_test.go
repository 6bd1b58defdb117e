package site_test

import (
	"testing"
	"time"

	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// TestSectionTitleFromFolder: a section without _index.md is named after
// its folder, first letter capitalised whatever its length in bytes.
func TestSectionTitleFromFolder(t *testing.T) {
	m, _ := sitetest.Model(t, map[string]string{
		"content/økonomi/budsjett.md":      "---\ntitle: Budsjett\ndate: 2026-11-01\n---\nTall.\n",
		"content/ærlig-talt/innlegg.md":    "---\ntitle: Innlegg\ndate: 2026-11-01\n---\nTekst.\n",
		"content/historier/uten-tittel.md": "---\ndate: 2026-11-01\n---\nTekst.\n",
	}, site.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	want := map[string]string{"økonomi": "Økonomi", "ærlig-talt": "Ærlig talt", "historier": "Historier"}
	for _, s := range m.Sites[0].Sections {
		if s.Title != want[s.Section] {
			t.Errorf("section %q: title %q, want %q", s.Section, s.Title, want[s.Section])
		}
	}
	if p := m.PagesOf("historier/uten-tittel.md")[0]; p.Title != "Uten tittel" {
		t.Errorf("page without a title: %q", p.Title)
	}
}
