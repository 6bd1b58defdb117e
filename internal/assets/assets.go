// Package assets publishes the files a page links to with a fingerprint: the
// CSS and JavaScript bundles declared in assets/bundles.toml (joined in
// order and minified) and the files the build draws itself (icons, the web
// manifest, the social card). Each is written under a name that carries a
// hash of its bytes, so a browser may cache it for a year, and templates get
// its Subresource Integrity value to put beside the link. The package reads
// only the fs.FS it is given and writes nothing.
package assets

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/media"
	"github.com/drammen-works/works/internal/output"
)

// HashLen is how many hex digits of the SHA-256 of a file go into its
// name: 32 bits tell apart every version a site will ever publish.
const HashLen = 8

// Asset is one published file as a template sees it.
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

// Input is a file to publish with a fingerprint. Data is final: it is
// written byte for byte, so it must already be minified.
type Input struct {
	Name  string // what templates ask for: "images/apple-touch-icon.png"
	Data  []byte
	Owner string // who made it, for messages: "themes/works/static/images/icon.svg"
	// Width and Height are an image's size in pixels; 0 for other files.
	Width, Height int
}

// Set is the fingerprinted files of one build, by the names templates use.
// Add is safe for concurrent use; a build adds everything before it
// renders, and templates only read.
type Set struct {
	origin, basePath string // "https://example.org", "/sub"

	mu     sync.Mutex
	byName map[string]Asset
	files  map[string]output.File // by Name
}

// NewSet returns an empty Set for a site published at baseURL
// ("https://example.org/" or "https://example.org/sub/").
func NewSet(baseURL string) *Set {
	origin, basePath := splitBaseURL(baseURL)
	return &Set{origin: origin, basePath: basePath, byName: map[string]Asset{}, files: map[string]output.File{}}
}

// Add fingerprints in and records it under in.Name. A name added twice is an
// error at in.Owner.
func (s *Set) Add(in Input) (Asset, error) {
	if !validName(in.Name) {
		return Asset{}, diag.Errorf(diag.Position{File: in.Owner}, `write it as a path inside the site, like "css/site.css"`,
			"%q is not a file name a page can link to", in.Name)
	}
	a := Asset{
		Name:      in.Name,
		Path:      HashedName(in.Name, in.Data),
		Integrity: Integrity(in.Data),
		MediaType: mediaType(in.Name),
		Width:     in.Width,
		Height:    in.Height,
	}
	a.RelPermalink = s.basePath + "/" + a.Path
	a.Permalink = s.origin + a.RelPermalink
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.files[in.Name]; ok {
		return Asset{}, diag.Errorf(diag.Position{File: in.Owner}, "give one of them another name",
			"%s and %s would both be published as %q", old.Owner, in.Owner, in.Name)
	}
	s.byName[in.Name] = a
	s.files[in.Name] = output.File{Path: a.Path, Data: in.Data, Owner: in.Owner, Minified: true}
	return a, nil
}

// Get returns the asset templates call name.
func (s *Set) Get(name string) (Asset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.byName[name]
	return a, ok
}

// Names returns the names of every asset, sorted.
func (s *Set) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.byName))
	for n := range s.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Files returns the files to write, sorted by name. Each is marked
// Minified: its bytes are the ones hashed.
func (s *Set) Files() []output.File {
	names := s.Names()
	s.mu.Lock()
	defer s.mu.Unlock()
	files := make([]output.File, len(names))
	for i, n := range names {
		files[i] = s.files[n]
	}
	return files
}

// Similar returns the names closest to name, for a did-you-mean hint.
func (s *Set) Similar(name string) []string {
	var near []string
	for _, n := range s.Names() {
		if diag.EditDistance(n, name) <= max(2, len(name)/4) {
			near = append(near, n)
		}
	}
	return near
}

// HashedName puts the first HashLen hex digits of the SHA-256 of data
// before name's extension: "css/site.css" → "css/site.3f2a9c1b.css".
func HashedName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])[:HashLen]
	ext := path.Ext(name)
	if ext == "" || ext == path.Base(name) {
		return name + "." + h
	}
	return strings.TrimSuffix(name, ext) + "." + h + ext
}

// Integrity is the Subresource Integrity value of data: "sha384-" and the
// base64 of its SHA-384, the hash browsers are asked to check by default.
func Integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// mediaType is a bundle's type without parameters, from the project's one
// table (internal/media), so the same site builds the same everywhere.
func mediaType(name string) string {
	t, _ := media.Type(name)
	return media.Essence(t)
}

func validName(name string) bool {
	return fs.ValidPath(name) && name != "." && !strings.Contains(name, `\`)
}

// splitBaseURL splits "https://example.org/sub/" into its origin and base
// path ("https://example.org", "/sub").
func splitBaseURL(baseURL string) (origin, basePath string) {
	u := strings.TrimSuffix(baseURL, "/")
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[:i+3+j], u[i+3+j:]
		}
		return u, ""
	}
	return "", u
}
