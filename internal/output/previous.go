package output

import (
	"os"
	"path/filepath"
)

// earlier is what checkContents found of an earlier build in the
// destination.
type earlier struct {
	mark []byte // its mark, as read
	// exact says the folder is what a fresh write of the mark's files
	// would leave: the folder and every folder in it of mode 0755 and
	// needed by some file, the mark a plain file of mode 0644, every
	// listed path a plain file (their modes and bytes are compared one by
	// one).
	exact bool
	// irregular is the listed paths that are not plain files (links,
	// pipes): they are never opened, and the new site gets a file.
	irregular map[string]bool
}

// previous is the destination's earlier build, open to take unchanged
// files from. A nil *previous has no files.
type previous struct {
	earlier
	root   *os.Root // the destination
	parent *os.Root // its parent, where links go from the destination to the staging folder
	// Where the two are in parent.
	base, staging string
	link          func(root *os.Root, oldname, newname string) error
}

func openPrevious(e *earlier, parent, base, staging string, link func(root *os.Root, oldname, newname string) error) (*previous, error) {
	root, err := os.OpenRoot(filepath.Join(parent, base))
	if err != nil {
		return nil, err
	}
	up, err := os.OpenRoot(parent)
	if err != nil {
		root.Close()
		return nil, err
	}
	if link == nil {
		link = (*os.Root).Link
	}
	return &previous{earlier: *e, root: root, parent: up, base: base, staging: staging, link: link}, nil
}

func (p *previous) close() {
	if p != nil {
		p.root.Close()
		p.parent.Close()
	}
}

// open opens the earlier build's file at name, which must be a plain file
// of mode 0644, and returns what Stat says of it.
func (p *previous) open(name string) (*os.File, os.FileInfo, bool) {
	if p == nil || p.irregular[name] {
		return nil, nil, false
	}
	// Non-blocking: a named pipe put there since the walk must not stop
	// the build.
	f, err := p.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, nil, false
	}
	info, err := f.Stat()
	if err != nil || info.Mode() != 0o644 {
		f.Close()
		return nil, nil, false
	}
	return f, info, true
}

// openSize is open for a file that must be size bytes long.
func (p *previous) openSize(name string, size int64) (*os.File, os.FileInfo, bool) {
	f, info, ok := p.open(name)
	if ok && info.Size() != size {
		f.Close()
		return nil, nil, false
	}
	return f, info, ok
}

// linkTo hard-links the earlier build's file at name to the same name in
// the staging folder. Both paths resolve inside the destination's parent.
func (p *previous) linkTo(name string) error {
	return p.link(p.parent, p.base+"/"+name, p.staging+"/"+name)
}
