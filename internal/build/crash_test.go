package build

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestCrashBadInput are the inputs that crashed a build: Go's stack
// overflow or the machine's memory (exit status 2, which works keeps for a
// wrong command line), or time and memory with the square of their size.
// Each must fail the build with an error at the template's or the page's
// line, in bounded memory, in the build and in works check's way of
// loading the site alike.
func TestCrashBadInput(t *testing.T) {
	story := "content/historier/kafeen.md"
	tags := make([]string, 10_000)
	for i := range tags {
		tags[i] = fmt.Sprintf("emne %d", i)
	}
	tests := []struct {
		name    string
		changes map[string]string
		want    string
	}{
		{
			name:    "a partial that includes itself",
			changes: map[string]string{"themes/fixture/layouts/partials/menu.html": `<nav>{{ partial "menu.html" . }}</nav>`},
			want:    `themes/fixture/layouts/partials/menu.html:1:9: the partial "menu.html" includes itself, so it never ends`,
		},
		{
			name:    "partials that include each other for ever",
			changes: map[string]string{"themes/fixture/layouts/partials/menu.html": `<nav>{{ range .Site.Home.Translations }}{{ partial "menu.html" . }}{{ end }}</nav>`},
			want:    `themes/fixture/layouts/partials/menu.html:1:44: template failed while rendering content/_index.md: the partial "menu.html" includes itself, more than 32 levels deep`,
		},
		{
			name:    "seq of two billion",
			changes: map[string]string{"themes/fixture/layouts/404.html": "{{ define \"main\" }}<h1>404</h1>\n{{ range seq 2000000000 }}.{{ end }}{{ end }}\n"},
			want:    `themes/fixture/layouts/404.html:2:10: template failed while rendering /404.html: seq 2000000000 would make a list of 2000000000 numbers; seq makes at most 10000`,
		},
		{
			name:    "10 000 tags on one page",
			changes: map[string]string{story: "---\ntitle: Kafeen\ndate: 2026-10-01\ntags: [" + strings.Join(tags, ", ") + "]\n---\nTekst.\n"},
			want:    `content/historier/kafeen.md:4:7: "tags" lists 10000 words; a page may have at most 100`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, tt.changes)
			for _, step := range []struct {
				name string
				run  func() error
			}{
				{"build", func() error {
					_, err := Run(context.Background(), Options{Source: dir, Now: now})
					return err
				}},
				{"works check", func() error {
					_, err := Assemble(context.Background(), os.DirFS(dir), Options{Source: dir, Now: now, SkipCheck: true})
					return err
				}},
			} {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				err := step.run()
				runtime.ReadMemStats(&after)
				if err == nil {
					t.Fatalf("%s succeeded, want an error", step.name)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: error lacks %q:\n%v", step.name, tt.want, err)
				}
				if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(300<<20); got > limit {
					t.Errorf("%s allocated %d MiB, want at most %d", step.name, got>>20, limit>>20)
				}
			}
		})
	}
}
