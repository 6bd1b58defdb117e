package render

import (
	"slices"
	"testing"
)

func TestCandidates(t *testing.T) {
	tests := []struct {
		name, kind, typ, layout string
		want                    []string
	}{
		{"home", "home", "home", "", []string{"index.html", "_default/home.html", "_default/list.html"}},
		{"section", "section", "historier", "", []string{"historier/list.html", "_default/section.html", "_default/list.html"}},
		{"story", "page", "historier", "", []string{"historier/single.html", "_default/single.html"}},
		{"top-level page", "page", "page", "", []string{"page/single.html", "_default/single.html"}},
		{"named layout", "page", "page", "contact", []string{"page/contact.html", "_default/contact.html"}},
		{"taxonomy", "taxonomy", "tags", "", []string{"tags/taxonomy.html", "_default/taxonomy.html", "_default/list.html"}},
		{"term", "term", "sectors", "", []string{"sectors/term.html", "_default/term.html", "_default/list.html"}},
		{"404", "404", "404", "", []string{"404.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := candidates(tt.kind, tt.typ, tt.layout); !slices.Equal(got, tt.want) {
				t.Errorf("candidates(%q, %q, %q) = %q, want %q", tt.kind, tt.typ, tt.layout, got, tt.want)
			}
		})
	}
}
