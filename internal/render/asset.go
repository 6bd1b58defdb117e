package render

import (
	"strings"

	"github.com/drammen-works/works/internal/msg"
)

// Assets finds a fingerprinted file by the name a template asks for. The
// build hands over its asset set through this, so the template package
// does not link what makes the assets (image encoders among them).
type Assets interface {
	Get(name string) (Asset, bool)
	// Similar names assets whose names are close to name, for a
	// did-you-mean.
	Similar(name string) []string
}

// Asset is one fingerprinted file as templates see it.
type Asset struct {
	Name         string // what templates ask for: "css/site.css"
	Path         string // where it is written: "css/site.3f2a9c1b.css"
	RelPermalink string // "/css/site.3f2a9c1b.css", with the site's base path
	Permalink    string // "https://example.org/css/site.3f2a9c1b.css"
	// Integrity is the Subresource Integrity value of the bytes written,
	// "sha384-…", for <link integrity> and <script integrity>.
	Integrity string
	MediaType string // "text/css"
	// Width and Height are an image's size in pixels; 0 for other files.
	Width, Height int
}

// asset is the template function that links a fingerprinted file:
//
//	{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .RelPermalink }}" integrity="{{ .Integrity }}">{{ end }}
//
// An unknown name fails the page, so a renamed bundle cannot leave a page
// with a broken link.
func (r *Renderer) asset(name string) (Asset, error) {
	if r.assets != nil {
		if a, ok := r.assets.Get(name); ok {
			return a, nil
		}
	}
	if r.assets != nil {
		if near := r.assets.Similar(name); len(near) > 0 {
			return Asset{}, funcError{msg.T("there is no asset %q: name a bundle of assets/bundles.toml or a file the build makes; did you mean %s?", name, orList(near))}
		}
	}
	return Asset{}, funcError{msg.T("there is no asset %q: name a bundle of assets/bundles.toml or a file the build makes", name)}
}

// orList joins names as a question does: "a, b or c".
func orList(names []string) msg.Text {
	if len(names) < 2 {
		return msg.T("%s", strings.Join(names, ""))
	}
	return msg.T("%s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
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
