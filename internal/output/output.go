// Package output owns the bytes a build ships: the set of files it produces,
// their minification, and the atomic write of the whole site to the
// destination folder, either of a whole Set (Write) or of files streamed as
// they are made (Begin, Stream.Add, Stream.Commit), which keeps no file's
// bytes once it is written. Files an earlier build in the destination has
// byte for byte are hard-linked from it rather than written. It knows
// nothing of pages or templates.
package output

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/drammen-works/works/internal/diag"
)

// File is one output file. Exactly one of Data or (From, FromPath) is set; a
// File with neither is an empty file.
type File struct {
	// Path is where the file goes, as a slash path relative to the
	// destination: "historier/index.html", "css/site.css". It has no leading
	// slash and no ".." and is clean.
	Path string
	// Data is the content. The Set keeps the slice; do not change it after Add.
	Data []byte
	// From and FromPath name a file to copy (static files, bundle
	// resources). It is streamed, and only read whole when it is minified.
	From     fs.FS
	FromPath string
	// Owner is who produced the file, for error messages:
	// "content/historier/a.md", "static/css/site.css".
	Owner string
	// Minified says Data is final: Write never minifies it. A file whose
	// name or integrity attribute is a hash of its bytes must be written
	// exactly as hashed, and minifying it again could change a byte.
	Minified bool
}

// Set is the files of one build. Its zero value is not usable; use NewSet.
// Add is safe for concurrent use, so render workers can add as they go.
type Set struct {
	mu    sync.Mutex
	files map[string]File
	paths pathIndex
}

// NewSet returns an empty Set.
func NewSet() *Set {
	return &Set{files: map[string]File{}, paths: newPathIndex()}
}

// Add adds f. It returns a *diag.Diagnostic when f's path is not a clean
// relative path (at f.Owner), when another file already has that path, or
// when one of the two would have to be a folder for the other (at whichever
// owner sorts first, naming both).
func (s *Set) Add(f File) error {
	if err := checkFile(f); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.paths.claim(f); err != nil {
		return err
	}
	s.files[f.Path] = f
	return nil
}

// pathIndex is the paths of one build's files with their owners, and the
// folders those paths imply, so that a second file at a path, or a file
// where a folder must be, is refused whichever comes first. It keeps no
// file's bytes. It is not safe for concurrent use.
// Sink takes a build's files as they are made: a Set keeps them in memory
// (for works check and the preview), a Stream writes them to disk.
type Sink interface {
	Add(File) error
	// Owner returns the Owner of the file added at path, if one was.
	Owner(path string) (owner string, ok bool)
}

var (
	_ Sink = (*Set)(nil)
	_ Sink = (*Stream)(nil)
)

// Owner returns the Owner of the file at path, if the set has one.
func (s *Set) Owner(path string) (string, bool) {
	f, ok := s.Get(path)
	return f.Owner, ok
}

type pathIndex struct {
	owners map[string]string // file path → owner
	// dirs maps every folder some file sits in to one of those files, so a
	// later file at that very path can be refused: a path cannot be both.
	dirs map[string]string
}

func newPathIndex() pathIndex {
	return pathIndex{owners: map[string]string{}, dirs: map[string]string{}}
}

// claim records f's path, or returns the *diag.Diagnostic Set.Add
// describes when it clashes with a path claimed before.
func (ix *pathIndex) claim(f File) error {
	if owner, ok := ix.owners[f.Path]; ok {
		old := File{Path: f.Path, Owner: owner}
		a, b := ownerName(old), ownerName(f)
		if b < a {
			a, b = b, a
		}
		return diag.Errorf(diag.Position{File: firstOwner(old, f)},
			"give one of them another slug or url",
			"two files would be written to %q: %s and %s", f.Path, a, b)
	}
	if inside, ok := ix.dirs[f.Path]; ok {
		g := File{Path: inside, Owner: ix.owners[inside]}
		return diag.Errorf(diag.Position{File: firstOwner(g, f)},
			"give one of them another slug or url",
			"%q would be both a file (from %s) and a folder holding %q (from %s)",
			f.Path, ownerName(f), inside, ownerName(g))
	}
	for dir := path.Dir(f.Path); dir != "."; dir = path.Dir(dir) {
		if owner, ok := ix.owners[dir]; ok {
			g := File{Path: dir, Owner: owner}
			return diag.Errorf(diag.Position{File: firstOwner(g, f)},
				"give one of them another slug or url",
				"%q would be both a file (from %s) and a folder holding %q (from %s)",
				dir, ownerName(g), f.Path, ownerName(f))
		}
	}

	ix.owners[f.Path] = f.Owner
	for dir := path.Dir(f.Path); dir != "."; dir = path.Dir(dir) {
		if _, ok := ix.dirs[dir]; ok {
			break // its parents are recorded too
		}
		ix.dirs[dir] = f.Path
	}
	return nil
}

// sorted returns the claimed paths in lexical order.
func (ix *pathIndex) sorted() []string {
	return slices.Sorted(maps.Keys(ix.owners))
}

// Files returns the files sorted by Path.
func (s *Set) Files() []File {
	s.mu.Lock()
	files := make([]File, 0, len(s.files))
	for _, f := range s.files {
		files = append(files, f)
	}
	s.mu.Unlock()
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

// Len returns the number of files.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// Get returns the file at path, if there is one.
func (s *Set) Get(path string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[path]
	return f, ok
}

// checkFile refuses a file whose Path could land outside the destination
// or be read two ways, and one that mixes Data with From.
func checkFile(f File) error {
	pos := diag.Position{File: f.Owner}
	p := f.Path
	switch {
	case p == "":
		return diag.Errorf(pos, "give it a slug or url", "a file has no output path")
	case strings.HasPrefix(p, "/"):
		return diag.Errorf(pos, "", "the output path %q starts with a slash", p).
			Fixf("write it relative to the site, like %q", strings.TrimLeft(p, "/"))
	case strings.Contains(p, `\`):
		return diag.Errorf(pos, "", "the output path %q contains a backslash", p).
			Fixf(`separate folders with "/", like %q`, strings.ReplaceAll(p, `\`, "/"))
	case slices.Contains(strings.Split(p, "/"), ".."):
		return diag.Errorf(pos, `remove the ".." from the slug or url`,
			"the output path %q leads outside the site folder", p)
	case strings.ContainsRune(p, 0) || !fs.ValidPath(p) || p == ".":
		return diag.Errorf(pos, "", "the output path %q is not a clean path to a file", p).
			Fixf("write it as %q", path.Clean(p))
	}
	if f.From == nil {
		if f.FromPath != "" {
			return diag.Errorf(pos, "set From to the folder FromPath is in",
				"the output file %q names %q to copy but no folder to copy it from", p, f.FromPath)
		}
		return nil
	}
	if f.Data != nil {
		return diag.Errorf(pos, "set either Data or From, not both",
			"the output file %q has both content and a file to copy", p)
	}
	if !fs.ValidPath(f.FromPath) || f.FromPath == "." {
		return diag.Errorf(pos, "name a file inside the folder, like \"css/site.css\"",
			"the output file %q is to be copied from %q, which is not a file path", p, f.FromPath)
	}
	return nil
}

// ownerName is how messages name who made f.
func ownerName(f File) string {
	if f.Owner == "" {
		return "a generated file"
	}
	return f.Owner
}

// firstOwner is where a clash between a and b is reported: the owner that
// sorts first, so the report does not depend on which was added first.
func firstOwner(a, b File) string {
	if a.Owner == "" || b.Owner != "" && b.Owner < a.Owner {
		return b.Owner
	}
	return a.Owner
}
