package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// The mark tells the next build that a folder is its own. Write puts it at
// the top of the output, after every other file, listing the files it wrote
// sorted by path:
//
//	{
//	  "format": "works-build",
//	  "version": 1,
//	  "files": [
//	    "404.html",
//	    "css/site.css",
//	    …
//	  ]
//	}
//
// It holds no times, so two builds of one site give identical folders, and
// no sizes or hashes: nothing reads them, and making it must cost nothing
// beside writing the files. A build replaces a folder that is not empty only
// when its mark is valid and the folder holds nothing the mark does not
// list, except empty folders, whose loss loses nothing. A file changed in
// place is still the one the build wrote, and is replaced.
const (
	markName    = ".works-build.json"
	markFormat  = "works-build"
	markVersion = 1
)

type mark struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Files   []string `json:"files"`
}

// encodeMark returns the mark of a build that wrote the files at paths,
// which are sorted.
func encodeMark(paths []string) []byte {
	if paths == nil {
		paths = []string{} // "files": [], not null
	}
	m := mark{Format: markFormat, Version: markVersion, Files: paths}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // strings and an int always encode
	}
	return append(data, '\n')
}

// isMarkPath says whether p would be or hide the mark.
func isMarkPath(p string) bool {
	return p == markName || strings.HasPrefix(p, markName+"/")
}

// checkContents refuses the folder at resolved (dest, as the messages name
// it) unless it is missing, empty, or holds an earlier build and nothing
// else, and returns what it found of that build (nil for none).
func checkContents(dest, resolved string) (*earlier, error) {
	entries, err := os.ReadDir(resolved)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, destError(dest, err)
	}
	info, err := os.Lstat(filepath.Join(resolved, markName))
	if errors.Is(err, fs.ErrNotExist) {
		var held []string
		for _, e := range entries {
			held = append(held, entryName(e.Name(), e.IsDir()))
		}
		return nil, diag.Errorf(diag.Position{}, "empty it, or choose another folder; a site built by an older works has no mark either: delete it and build again",
			"the output folder %q is not empty and was not written by works (it has no %s): it holds %s, and building would replace what is in it",
			dest, markName, quoteList(held))
	}
	if err != nil {
		return nil, destError(dest, err)
	}
	if !info.Mode().IsRegular() {
		return nil, badMark(dest, diag.Errorf(diag.Position{}, "", "it is not a file"))
	}
	data, err := os.ReadFile(filepath.Join(resolved, markName))
	if err != nil {
		return nil, badMark(dest, err)
	}
	m, err := decodeMark(data)
	if err != nil {
		return nil, badMark(dest, err)
	}
	if m.Version != markVersion {
		return nil, diag.Errorf(diag.Position{}, "build with that version, or empty the folder",
			"the output folder %q was written by another version of works (its %s is of version %d, this works writes version %d)",
			dest, markName, m.Version, markVersion)
	}
	sv, err := surveyBuild(resolved, m.Files)
	if err != nil {
		return nil, destError(dest, err)
	}
	if len(sv.foreign) > 0 {
		return nil, diag.Errorf(diag.Position{},
			"move them out of the folder, then build again; files to publish belong in static/, and the build copies them",
			"the output folder %q holds what works did not write: %s; building would delete them", dest, quoteList(sv.foreign))
	}
	return &earlier{mark: data, exact: sv.exact && info.Mode() == 0o644, irregular: sv.irregular}, nil
}

func badMark(dest string, err error) error {
	d := diag.Errorf(diag.Position{}, "empty it, or choose another folder",
		"the output folder %q has a %s that works cannot read: %v", dest, markName, unwrapPath(err))
	d.Err = err
	return d
}

// decodeMark parses a mark. A version other than ours is returned for the
// caller to name; every other fault is an error, a diagnostic so that the
// message that quotes it says it in the writer's language.
func decodeMark(data []byte) (mark, error) {
	var m mark
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return mark{}, diag.Errorf(diag.Position{}, "", "it is not valid JSON")
	}
	if m.Format != markFormat {
		return mark{}, diag.Errorf(diag.Position{}, "", `its "format" is %q, not %q`, m.Format, markFormat)
	}
	if m.Version != markVersion {
		return m, nil
	}
	for _, f := range m.Files {
		if !fs.ValidPath(f) || f == "." || isMarkPath(f) {
			return mark{}, diag.Errorf(diag.Position{}, "", "it lists %q, which is not a file inside the folder", f)
		}
	}
	return m, nil
}

// foreignFiles walks dir and returns, in lexical order, what a build that
// wrote files (slash paths) did not write: files and links by their path,
// and folders that hold any by their path and a slash. It reads folders,
// never a file, so it stays cheap for a site of a hundred thousand pages.
func foreignFiles(dir string, files []string) ([]string, error) {
	sv, err := surveyBuild(dir, files)
	return sv.foreign, err
}

// survey is what a walk of an earlier build's folder found.
type survey struct {
	foreign []string // as foreignFiles says
	// exact: dir and its folders are of mode 0755 and each holds a listed
	// file, and every listed path found is a plain file.
	exact     bool
	irregular map[string]bool // listed paths that are not plain files
}

// add appends what a walk of a folder inside found.
func (sv *survey) add(in survey) {
	sv.foreign = append(sv.foreign, in.foreign...)
	sv.exact = sv.exact && in.exact
	for p := range in.irregular {
		if sv.irregular == nil {
			sv.irregular = map[string]bool{}
		}
		sv.irregular[p] = true
	}
}

// surveyBuild walks dir, an earlier build that wrote files, for
// foreignFiles and for what decides whether the next build may keep it as
// it is (see earlier). It opens and reads each folder once, asks the open
// folder its mode, and walks folders on as many goroutines as there are
// CPUs: a site of a hundred thousand pages has as many folders.
func surveyBuild(dir string, files []string) (survey, error) {
	listed := make(map[string]bool, len(files))
	folders := map[string]bool{}
	for _, f := range files {
		listed[f] = true
		for d := path.Dir(f); d != "." && !folders[d]; d = path.Dir(d) {
			folders[d] = true
		}
	}
	w := &surveyor{listed: listed, folders: folders, spare: make(chan struct{}, runtime.GOMAXPROCS(0)-1)}
	return w.walk(dir, ".")
}

// surveyor walks an earlier build's folder for surveyBuild.
type surveyor struct {
	listed, folders map[string]bool // read only
	spare           chan struct{}   // a goroutine may start while there is room
}

// has reports whether name is in set. A disk may give names back in
// another Unicode form than they were written in (HFS+ decomposes "é");
// works writes NFC.
func (*surveyor) has(set map[string]bool, name string) bool {
	return set[name] || !norm.NFC.IsNormalString(name) && set[norm.NFC.String(name)]
}

// walk surveys the folder rel (slash path; "." for the top) at p, which
// the build made, and what is in it, in lexical order.
func (w *surveyor) walk(p, rel string) (survey, error) {
	f, err := os.Open(p)
	if err != nil {
		return survey{}, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return survey{}, err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return survey{}, err
	}
	sv := survey{exact: info.Mode().Perm() == 0o755 && (rel == "." || w.folders[rel])} // a name not in NFC is not as works wrote it
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })

	// What each entry adds, in order; folders to walk may be walked
	// elsewhere meanwhile.
	parts := make([]survey, len(entries))
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	for i, e := range entries {
		name := path.Join(rel, e.Name())
		part := &parts[i]
		part.exact = true
		switch {
		case name == markName:
		case e.IsDir() && w.has(w.folders, name):
			sub := filepath.Join(p, e.Name())
			select {
			case w.spare <- struct{}{}:
				wg.Go(func() {
					*part, errs[i] = w.walk(sub, name)
					<-w.spare
				})
			default:
				*part, errs[i] = w.walk(sub, name)
			}
		case e.IsDir():
			if held, err := holdsFiles(filepath.Join(p, e.Name())); err != nil {
				errs[i] = err
			} else if held {
				part.foreign = []string{name + "/"}
			}
			part.exact = false // a folder no file needs
		case !w.has(w.listed, name):
			part.foreign = []string{name}
		case !e.Type().IsRegular():
			part.irregular = map[string]bool{norm.NFC.String(name): true}
			part.exact = false
		case !w.listed[name]:
			part.exact = false
		}
	}
	wg.Wait()
	for i := range parts {
		if errs[i] != nil {
			return survey{}, errs[i]
		}
		sv.add(parts[i])
	}
	return sv, nil
}

// holdsFiles reports whether the folder dir holds anything but folders.
func holdsFiles(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			return true, nil
		}
		if held, err := holdsFiles(filepath.Join(dir, e.Name())); held || err != nil {
			return held, err
		}
	}
	return false, nil
}

func entryName(name string, dir bool) string {
	if dir {
		return name + "/"
	}
	return name
}

// quoteList names up to five of names for a message, quoted, and counts the
// rest: "a", "b" and 3 more.
func quoteList(names []string) msg.Text {
	const shown = 5
	var q []string
	for _, n := range names[:min(len(names), shown)] {
		q = append(q, strconv.Quote(n))
	}
	switch rest := len(names) - len(q); {
	case rest > 0:
		return msg.T("%s and %d more", strings.Join(q, ", "), rest)
	case len(q) > 1:
		return msg.T("%s and %s", strings.Join(q[:len(q)-1], ", "), q[len(q)-1])
	}
	return msg.T("%s", strings.Join(q, ""))
}
