package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStreamedBuildIsChecked: works build streams pages to disk and keeps
// none, so the rules that read built files see each one on its way. A
// layout that loads a script from another host fails the build; a page no
// other page links to is a warning; the same as when the files are kept.
func TestStreamedBuildIsChecked(t *testing.T) {
	const layout = "themes/fixture/layouts/404.html"
	dir := fixture(t, map[string]string{
		layout:             `{{ define "main" }}<script src="https://cdn.example.net/spor.js"></script>{{ end }}` + "\n",
		"content/alene.md": "---\ntitle: Alene\ndate: 2026-10-02\n---\nIngen lenker hit.\n",
	})
	_, err := Run(context.Background(), Options{Source: dir, Now: now})
	if err == nil || !strings.Contains(err.Error(), "loads https://cdn.example.net/spor.js from another host") {
		t.Fatalf("error %v, want the script from another host", err)
	}
	writeFiles(t, dir, map[string]string{layout: `{{ define "main" }}<p>Fant ikke siden.</p>{{ end }}` + "\n"})
	res, err := Run(context.Background(), Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Warnings.Error(), "content/alene.md:1:1: warning: no other page links to this page") || res.Files.Len() != 0 {
		t.Errorf("warnings %v and %d files kept; want the lonely page warned about and no file kept", res.Warnings, res.Files.Len())
	}
	fresh, err := Assemble(context.Background(), os.DirFS(dir), Options{Source: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Warnings.Error(), fresh.Warnings.Error(); got != want {
		t.Errorf("streamed build warns\n%s\nkept files warn\n%s", got, want)
	}
}
