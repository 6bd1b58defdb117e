package render

import (
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/assets"
)

func TestAsset(t *testing.T) {
	set := assets.NewSet("https://example.org/")
	if _, err := set.Add(assets.Input{Name: "css/site.css", Data: []byte("p{}"), Owner: "t"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		r       *Renderer
		ask     string
		want    string // RelPermalink prefix, or "" for an error
		wantErr string
	}{
		{"known", &Renderer{assets: set}, "css/site.css", "/css/site.", ""},
		{"unknown", &Renderer{assets: set}, "css/sites.css", "", `there is no asset "css/sites.css": name a bundle of assets/bundles.toml or a file the build makes; did you mean css/site.css?`},
		{"no assets", &Renderer{}, "css/site.css", "", `there is no asset "css/site.css"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.r.asset(tt.ask)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if tt.r.hasAsset(tt.ask) {
					t.Error("hasAsset = true")
				}
				return
			}
			if err != nil || !strings.HasPrefix(a.RelPermalink, tt.want) || !strings.HasPrefix(a.Integrity, "sha384-") {
				t.Fatalf("got %+v, %v", a, err)
			}
			if !tt.r.hasAsset(tt.ask) {
				t.Error("hasAsset = false")
			}
		})
	}
}
