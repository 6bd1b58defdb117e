package site

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/content"
)

// manyTags is a story whose front matter names n tags, on line 4.
func manyTags(t testing.TB, n int) *content.Document {
	t.Helper()
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("emne %d", i)
	}
	src := "---\ntitle: Mange emner\ndate: 2026-11-02\ntags: [" + strings.Join(tags, ", ") + "]\n---\nTekst.\n"
	d, errs := content.Parse("historier/mange.md", []byte(src), time.UTC)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTagLimit: 10 000 tags on one page made 10 000 term pages and feeds,
// each listing the page with its 10 000 tags: time and memory with the
// square of the count (4 000 tags: 27 s, 4.4 GB). A page names at most
// MaxTermsPerPage terms of a taxonomy; more is an error at its line, and
// the model keeps the first ones for the stages that still read it.
func TestTagLimit(t *testing.T) {
	tests := []struct {
		tags int
		want string // the error; "" for none
	}{
		{MaxTermsPerPage, ""},
		{MaxTermsPerPage + 1, `content/historier/mange.md:4:7: "tags" lists 101 words; a page may have at most 100`},
		{10_000, `content/historier/mange.md:4:7: "tags" lists 10000 words; a page may have at most 100`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.tags), func(t *testing.T) {
			docs := []*content.Document{manyTags(t, tt.tags)}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			m, errs := New(testConfig(t), docs, nil, Options{Now: day(27)})
			runtime.ReadMemStats(&after)
			if tt.want == "" {
				if len(errs) > 0 {
					t.Fatal(errs)
				}
			} else if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors:\n%v\nwant one starting %q", errs, tt.want)
			}
			p := m.PagesOf("historier/mange.md")[0]
			if got := len(p.Terms["tags"]); got != min(tt.tags, MaxTermsPerPage) {
				t.Errorf("the page has %d tags, want %d", got, min(tt.tags, MaxTermsPerPage))
			}
			if got := len(m.Sites[0].Taxonomies["tags"].Terms); got != min(tt.tags, MaxTermsPerPage) {
				t.Errorf("the site has %d tags, want %d", got, min(tt.tags, MaxTermsPerPage))
			}
			if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(20<<20); got > limit {
				t.Errorf("the model took %d MiB, want at most %d", got>>20, limit>>20)
			}
			if got := len(p.Related()); got > 3 {
				t.Errorf("%d related pages", got)
			}
		})
	}
}
