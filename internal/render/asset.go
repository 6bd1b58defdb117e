package render

import (
	"fmt"
	"strings"

	"github.com/drammen-works/works/internal/assets"
)

// Assets finds a fingerprinted file by the name a template asks for.
// *assets.Set is one.
type Assets interface {
	Get(name string) (assets.Asset, bool)
}

var _ Assets = (*assets.Set)(nil)

// asset is the template function that links a fingerprinted file:
//
//	{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .RelPermalink }}" integrity="{{ .Integrity }}">{{ end }}
//
// An unknown name fails the page, so a renamed bundle cannot leave a page
// with a broken link.
func (r *Renderer) asset(name string) (assets.Asset, error) {
	if r.assets != nil {
		if a, ok := r.assets.Get(name); ok {
			return a, nil
		}
	}
	msg := fmt.Sprintf("there is no asset %q: name a bundle of assets/bundles.toml or a file the build makes", name)
	if s, ok := r.assets.(interface{ Similar(string) []string }); ok {
		if near := s.Similar(name); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, " or ") + "?"
		}
	}
	return assets.Asset{}, fmt.Errorf("%s", msg)
}

// hasAsset reports whether there is an asset of that name, for the files
// a build may leave out (an icon it could not draw).
func (r *Renderer) hasAsset(name string) bool {
	if r.assets == nil {
		return false
	}
	_, ok := r.assets.Get(name)
	return ok
}
