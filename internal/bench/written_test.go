package bench

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadWritten(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                  "<!doctype html><title>Forside</title><main>Velkommen</main>",
		"historier/index.html":        "<!doctype html><title>Historier</title>",
		"historier/side/1/index.html": `<!doctype html><html lang=nb><head><title>https://example.org/historier/</title><meta http-equiv=refresh content="0; url=https://example.org/historier/"></head></html>`,
		"gammel/index.html":           `<meta http-equiv="Refresh" content="0; url=/ny/">`,
		"stor/index.html":             `<meta http-equiv="refresh" content="0; url=/ny/">` + strings.Repeat("x", maxRedirect),
		"index.xml":                   "<rss/>",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := ReadWritten("hugo", dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"historier/index.html", "index.html", "stor/index.html"}; !slices.Equal(w.Pages, want) {
		t.Errorf("pages %v, want %v (a large file is a page whatever it holds)", w.Pages, want)
	}
	if want := []string{"gammel/index.html", "historier/side/1/index.html"}; !slices.Equal(w.Redirects, want) {
		t.Errorf("redirects %v, want %v", w.Redirects, want)
	}
	if _, err := ReadWritten("works", filepath.Join(dir, "none")); err == nil {
		t.Error("ReadWritten of a missing folder gave no error")
	}
}

func TestWrittenNotes(t *testing.T) {
	works := Written{Tool: "works", Pages: []string{"a.html", "b.html", "c.html"}}
	hugo := Written{Tool: "hugo", Pages: []string{"a.html", "b.html", "c.html"}, Redirects: []string{"a/1.html", "b/1.html", "c/1.html", "d/1.html"}}
	floor := Written{Tool: "floor", Pages: []string{"a.html"}}
	if got, want := CountNote([]Written{works, hugo, floor}), "HTML files written: works 3, hugo 7, floor 1"; got != want {
		t.Errorf("CountNote = %q, want %q", got, want)
	}
	tests := []struct {
		name string
		a, b Written
		want string
	}{
		{"same", works, hugo, "works and hugo wrote the same 3 pages; hugo's other 4 are redirects (a/1.html, b/1.html, c/1.html, …)"},
		{"different", works, Written{Tool: "hugo", Pages: []string{"b.html", "d.html"}},
			"works and hugo wrote different pages, so the ratios compare unequal work: 2 only works (a.html, c.html), 1 only hugo (d.html)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PagesNote(tt.a, tt.b); got != tt.want {
				t.Errorf("PagesNote =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
