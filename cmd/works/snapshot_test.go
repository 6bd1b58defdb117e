package main

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/server"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// TestSnapshotBanners: the preview marks exactly the pages works build
// would leave out, with why.
func TestSnapshotBanners(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	files := map[string]string{
		"works.toml":                     "title = \"Test\"\n[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n",
		"content/_index.md":              "---\ntitle: Forside\n---\n",
		"content/historier/_index.md":    "---\ntitle: Historier\n---\n",
		"content/historier/ute.md":       "---\ntitle: Ute\ndate: 2026-10-01\n---\n",
		"content/historier/utkast.md":    "---\ntitle: Utkast\ndate: 2026-10-01\ndraft: true\n---\n",
		"content/historier/snart.md":     "---\ntitle: Snart\ndate: 2026-12-24\n---\n",
		"content/historier/snart.en.md":  "---\ntitle: Soon\ndate: 2026-10-01\npublishDate: 2026-12-24T09:00:00Z\n---\n",
		"content/historier/begge.md":     "---\ntitle: Begge\ndate: 2027-01-01\ndraft: true\n---\n",
		"content/historier/utlopt.md":    "---\ntitle: Utløpt\ndate: 2026-01-01\nexpiryDate: 2026-06-01\n---\n",
		"content/historier/utloper.md":   "---\ntitle: Utløper\ndate: 2026-01-01\nexpiryDate: 2027-06-01\n---\n",
		"content/historier/publisert.md": "---\ntitle: Publisert\ndate: 2026-01-01\npublishDate: 2026-11-27T11:00:00Z\n---\n",
	}
	oslo, err := time.LoadLocation("Europe/Oslo") // the default time zone: a date alone is midnight there
	if err != nil {
		t.Fatal(err)
	}
	model, _ := sitetest.Model(t, files, site.Options{BuildDrafts: true, BuildFuture: true, BuildExpired: true, Now: now})
	snap := snapshot(&build.Preview{Model: model}, now)
	want := map[string]server.PageStatus{
		"historier/utkast/index.html":   {Draft: true},
		"historier/snart/index.html":    {Scheduled: time.Date(2026, 12, 24, 0, 0, 0, 0, oslo)},
		"en/historier/snart/index.html": {Scheduled: time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)},
		"historier/begge/index.html":    {Draft: true, Scheduled: time.Date(2027, 1, 1, 0, 0, 0, 0, oslo)},
	}
	for _, path := range slices.Sorted(maps.Keys(snap.Unpublished)) {
		got := snap.Unpublished[path]
		w, ok := want[path]
		if !ok {
			t.Errorf("%s has a banner (%+v), want none", path, got)
			continue
		}
		if got.Draft != w.Draft || !got.Scheduled.Equal(w.Scheduled) {
			t.Errorf("%s: %+v, want %+v", path, got, w)
		}
	}
	for path := range want {
		if _, ok := snap.Unpublished[path]; !ok {
			t.Errorf("%s has no banner, want one", path)
		}
	}
}

func TestSummary(t *testing.T) {
	files := map[string]string{
		"works.toml":                   "title = \"Test\"\n[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n[taxonomies]\ntag = \"tags\"\n",
		"content/_index.md":            "---\ntitle: Forside\n---\n",
		"content/historier/_index.md":  "---\ntitle: Historier\n---\n",
		"content/historier/hall.md":    "---\ntitle: Hall\ndate: 2026-10-01\ntags: [mat, industri]\n---\n",
		"content/historier/kafe.md":    "---\ntitle: Kafé\ndate: 2026-10-02\n---\n",
		"content/historier/hall.en.md": "---\ntitle: Hall\ndate: 2026-10-01\n---\n",
	}
	model, _ := sitetest.Model(t, files, site.Options{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)})
	res := &build.Result{Model: model, Stats: output.Stats{Files: 187}, Duration: 212*time.Millisecond + 400*time.Microsecond}
	for lang, want := range map[msg.Lang]string{
		msg.English:   "Built 3 pages (nb 2, en 1), 2 sections, 2 terms, 187 files in 212 ms → public/",
		msg.Norwegian: "Bygde 3 sider (nb 2, en 1), 2 seksjoner, 2 emner og 187 filer på 212 ms → public/",
	} {
		if got := summary(res, "public").In(lang); got != want {
			t.Errorf("summary in %s:\n got %s\nwant %s", lang, got, want)
		}
	}
	res.Stats.Files = 1
	if got := summary(res, "public").In(msg.English); !strings.Contains(got, " 1 file in ") {
		t.Errorf("summary of one file: %s", got)
	}
}
