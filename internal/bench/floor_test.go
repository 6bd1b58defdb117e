package bench

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFloor(t *testing.T) {
	src := fstest.MapFS{
		"_index.md":             {Data: []byte("---\ntitle: Forside\n---\nVelkommen.\n")},
		"historier/_index.md":   {Data: []byte("+++\ntitle = \"Historier\"\n+++\n")},
		"historier/a.md":        {Data: []byte("---\ntitle: A\n---\n## Del 1\n\nTekst  med   *vekt*.\n\n| x | y |\n|---|---|\n| 1 | 2 |\n")},
		"historier/b/index.md":  {Data: []byte("Ingen front matter.\n")},
		"historier/b/bilde.svg": {Data: []byte("<svg/>")},
		".skjult/c.md":          {Data: []byte("hidden")},
		"prosjekter/d.md":       {Data: []byte("---\n---\n<script>alert(1)</script>\n")},
	}
	dest := filepath.Join(t.TempDir(), "out")
	stats, err := Floor(context.Background(), src, dest, 3)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Pages != 5 || stats.Bytes == 0 {
		t.Errorf("stats = %+v, want 5 pages and some bytes", stats)
	}
	tests := []struct {
		file string
		want []string
	}{
		{"index.html", []string{`<!doctype html><html lang="nb"><head>`, "<p>Velkommen.</p></main></body></html>"}},
		{"historier/index.html", []string{"<main></main>"}},
		{"historier/a/index.html", []string{`<h2 id="del-1">Del 1</h2>`, "<p>Tekst med <em>vekt</em>.</p>", "<table>"}},
		{"historier/b/index.html", []string{"<p>Ingen front matter.</p>"}},
		{"prosjekter/d/index.html", []string{"<main></main>"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("%s lacks %q:\n%s", tt.file, w, got)
				}
			}
			if strings.Contains(string(got), "title:") || strings.Contains(string(got), "<script>") {
				t.Errorf("%s has front matter or raw HTML in it:\n%s", tt.file, got)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dest, ".skjult")); err == nil {
		t.Error("a hidden folder was rendered")
	}
}

func TestFloorCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := fstest.MapFS{"a.md": {Data: []byte("a")}}
	if _, err := Floor(ctx, src, t.TempDir(), 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Floor with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestBody(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"yaml", "---\ntitle: a\n---\ntext\n", "text\n"},
		{"toml", "+++\ntitle = 'a'\n+++\ntext\n", "text\n"},
		{"empty front matter", "---\n---\ntext\n", "text\n"},
		{"none", "text\n---\nmore\n", "text\n---\nmore\n"},
		{"unclosed", "---\ntitle: a\ntext\n", "---\ntitle: a\ntext\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(body([]byte(tt.in))); got != tt.want {
				t.Errorf("body(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFloorPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"_index.md", "index.html"},
		{"index.md", "index.html"},
		{"a.md", "a/index.html"},
		{"historier/_index.md", "historier/index.html"},
		{"historier/side-1.md", "historier/side-1/index.html"},
		{"historier/hall/index.md", "historier/hall/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := floorPath(tt.in); got != tt.want {
				t.Errorf("floorPath(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
