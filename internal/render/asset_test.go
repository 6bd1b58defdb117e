package render

import (
	"strings"
	"testing"
)

// fakeAssets is an asset set of a few names; Similar offers names that
// share the first four letters.
type fakeAssets map[string]Asset

func (f fakeAssets) Get(name string) (Asset, bool) { a, ok := f[name]; return a, ok }

func (f fakeAssets) Similar(name string) []string {
	var near []string
	for n := range f {
		if len(n) >= 4 && strings.HasPrefix(name, n[:4]) {
			near = append(near, n)
		}
	}
	return near
}

func TestAsset(t *testing.T) {
	set := fakeAssets{"css/site.css": {Name: "css/site.css", RelPermalink: "/css/site.3f2a9c1b.css", Integrity: "sha384-x"}}
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
