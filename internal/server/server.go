// Package server is the editor's preview: an http.Handler that serves the
// latest good build of a site from memory, rebuilds when files change and
// tells open pages to reload, and shows build errors in the page.
//
// The files it is handed stay as they are: the live-reload script, the
// banners of unpublished pages and the error overlay are added to each HTML
// response only, so a page's bytes equal those of `works build`.
//
// It serves nothing but the built files: request paths are looked up in the
// in-memory file set, never joined to a folder, and requests for other host
// names are refused (DNS rebinding).
package server

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/output"
)

// Snapshot is one good build of the site, as the server serves it.
type Snapshot struct {
	Files Files
	// Unpublished marks the pages `works build` would leave out (drafts and
	// scheduled pages), by output path: "historier/a/index.html".
	Unpublished map[string]PageStatus
}

// Files are a build's output as the server reads it. A build may make
// some files only when they are first asked for: the preview of a large
// site renders the pages a browser opens, not all of them.
type Files interface {
	// Open returns the file at path, made now if it was not yet. The
	// error says why a file the build has could not be made.
	Open(path string) (f output.File, ok bool, err error)
	// Has reports whether the build has a file at path, without making it.
	Has(path string) bool
	// Paths lists the paths of the pages and files the build has, made or not.
	Paths() []string
	// Made returns the files made already.
	Made() []output.File
}

// SetFiles serves a build whose files are all made.
func SetFiles(set *output.Set) Files { return setFiles{set} }

type setFiles struct{ set *output.Set }

func (s setFiles) Open(path string) (output.File, bool, error) {
	f, ok := s.set.Get(path)
	return f, ok, nil
}

func (s setFiles) Has(path string) bool {
	_, ok := s.set.Get(path)
	return ok
}

func (s setFiles) Paths() []string {
	var paths []string
	for _, f := range s.set.Files() {
		paths = append(paths, f.Path)
	}
	return paths
}

func (s setFiles) Made() []output.File { return s.set.Files() }

// PageStatus says why a page would not be published, for its banner.
type PageStatus struct {
	Draft     bool
	Scheduled time.Time // the publish date, when it is still to come; shown in its own time zone
	Lang      string    // the page's language: "nb" words the banner in Norwegian
}

func (st PageStatus) equal(o PageStatus) bool {
	return st.Draft == o.Draft && st.Scheduled.Equal(o.Scheduled) && st.Lang == o.Lang
}

// BuildFunc builds the site anew. changed are the source paths (slash
// paths relative to the site's folder) that changed since the last good
// build, nil when anything may have. When the site has errors it returns
// them, best as a diag.List, whose positions are paths relative to
// Options.Source. ctx is cancelled when a newer change makes the build
// stale. It may be called again before an earlier, cancelled call has
// returned.
type BuildFunc func(ctx context.Context, changed []string) (*Snapshot, error)

// Options configure a Server.
type Options struct {
	Build BuildFunc // required
	// Source is the site's folder, from which the overlay quotes the lines
	// an error points at. Nil quotes nothing.
	Source fs.FS
	// Hosts are host names the server answers to besides localhost and IP
	// addresses: the name it is bound to, and the machine's name when it
	// listens on every interface.
	Hosts []string
	// Logger receives what the server cannot tell the browser. Nil
	// discards it.
	Logger *slog.Logger
}

// Server is the preview's http.Handler. Make it with New.
type Server struct {
	build  BuildFunc
	source fs.FS
	hosts  []string
	log    *slog.Logger

	mu      sync.Mutex
	snap    *Snapshot // the last good build; nil before the first
	gen     uint64    // increases with every good build
	failure string    // the overlay's HTML while the latest build failed
	clients map[*client]bool
	closed  bool
	done    chan struct{} // closed by Close
}

// New makes a Server that serves nothing until the first Rebuild.
func New(opts Options) *Server {
	s := &Server{
		build: opts.Build, source: opts.Source, log: opts.Logger,
		clients: map[*client]bool{}, done: make(chan struct{}),
		// A new process starts from a new number, so a page left open from
		// an earlier run of the preview reloads when it reconnects.
		gen: uint64(time.Now().UnixMilli()),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, h := range opts.Hosts {
		s.hosts = append(s.hosts, normalHost(h))
	}
	return s
}

// Close ends the event streams of open pages, which would otherwise keep
// http.Server.Shutdown waiting. Register it with RegisterOnShutdown.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// prefix is where the server's own endpoints live, out of the way of the
// site's files.
const prefix = "/_works/"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r.Host) {
		http.Error(w, "This preview only answers to localhost, IP addresses and the name it was started with.", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Only GET and HEAD are allowed.", http.StatusMethodNotAllowed)
		return
	}
	rel, ok := filePath(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	switch rel {
	case prefix[1:] + "events":
		s.events(w, r)
		return
	case prefix[1:] + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, "live.js", time.Time{}, strings.NewReader(liveJS))
		return
	}
	snap, gen, failure := s.current()
	if snap == nil {
		s.noSite(w, gen, failure)
		return
	}
	f, ok, err := snap.Files.Open(rel)
	if err != nil {
		// A page made on request whose template failed: show why, in
		// the page, as a failed build does.
		s.noSite(w, gen, overlayHTML(err, s.source))
		return
	}
	if !ok {
		if path.Ext(rel) == "" && !strings.HasSuffix(r.URL.Path, "/") {
			if snap.Files.Has(rel + "/index.html") {
				// "/historier" → "/historier/", as web hosts do.
				target := r.URL.Path + "/"
				if r.URL.RawQuery != "" {
					target += "?" + r.URL.RawQuery
				}
				http.Redirect(w, r, target, http.StatusMovedPermanently)
				return
			}
		}
		s.notFound(w, r)
		return
	}
	s.serveFile(w, r, f, snap, gen, failure)
}

// current returns what is served now.
func (s *Server) current() (*Snapshot, uint64, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap, s.gen, s.failure
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, f output.File, snap *Snapshot, gen uint64, failure string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if t := contentType(f.Path); t != "" {
		h.Set("Content-Type", t)
	}
	var content io.ReadSeeker
	if f.From == nil {
		content = bytes.NewReader(f.Data)
	} else {
		file, err := openInside(f.From, f.FromPath)
		if err != nil {
			s.log.Debug("cannot serve a copied file", "path", f.Path, "from", f.Owner, "error", err)
			s.notFound(w, r)
			return
		}
		defer file.Close()
		rs, ok := file.(io.ReadSeeker)
		if !ok {
			data, err := io.ReadAll(file)
			if err != nil {
				s.notFound(w, r)
				return
			}
			rs = bytes.NewReader(data)
		}
		content = rs
	}
	if isHTML(f.Path) {
		doc, err := io.ReadAll(content)
		if err != nil {
			s.notFound(w, r)
			return
		}
		status, unpublished := snap.Unpublished[f.Path]
		if unpublished {
			h.Set("X-Robots-Tag", "noindex")
		}
		content = bytes.NewReader(inject(doc, page{gen: gen, status: status, unpublished: unpublished, overlay: failure}))
	}
	http.ServeContent(w, r, f.Path, time.Time{}, content)
}

// filePath turns a request's path into the path of a file in the set, and
// refuses paths that try to leave it or could be read two ways: "..",
// encoded slashes and dots, backslashes, empty segments ("//etc").
func filePath(r *http.Request) (string, bool) {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	raw := strings.ToLower(r.URL.EscapedPath())
	for _, bad := range []string{"%2f", "%5c", "%00", "%2e"} {
		if strings.Contains(raw, bad) {
			return "", false
		}
	}
	rel := p[1:]
	if strings.ContainsAny(rel, "\\\x00") {
		return "", false
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if slices.ContainsFunc(strings.Split(rel, "/"), func(seg string) bool { return seg == "" || seg == "." || seg == ".." }) {
		return "", false
	}
	return rel, true
}

// allowedHost reports whether a request's Host names this server. A
// page on another site that has pointed its own name at 127.0.0.1 (DNS
// rebinding) sends its own name and is refused. IP addresses cannot be
// rebound and are allowed, so a phone on the same network can preview when
// the server listens on all interfaces.
func (s *Server) allowedHost(hostport string) bool {
	host := normalHost(hostport)
	if host == "" {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	return slices.Contains(s.hosts, host)
}

// normalHost strips the port, brackets and a final dot, in lower case.
func normalHost(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimPrefix(strings.TrimSuffix(host, "]"), "[")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// openInside opens name in fsys, refusing a symbolic link, anywhere along
// the path, that leads out of fsys: a static folder must not publish the
// editor's home folder through a link.
func openInside(fsys fs.FS, name string) (fs.File, error) {
	if rl, ok := fsys.(fs.ReadLinkFS); ok {
		if err := inside(rl, name); err != nil {
			return nil, err
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f, nil
}

// inside resolves the links along name by their text, one element at a
// time, and fails when one is absolute or climbs above the top of fsys.
func inside(fsys fs.ReadLinkFS, name string) error {
	escape := &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	todo := strings.Split(name, "/")
	var done []string // elements resolved to real folders
	for hops := 0; len(todo) > 0; {
		cur := path.Join(append(done, todo[0])...)
		fi, err := fsys.Lstat(cur)
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done, todo = append(done, todo[0]), todo[1:]
			continue
		}
		if hops++; hops > 40 {
			return escape
		}
		target, err := fsys.ReadLink(cur)
		if err != nil {
			return err
		}
		target = strings.ReplaceAll(target, "\\", "/")
		if path.IsAbs(target) || (len(target) > 1 && target[1] == ':') {
			return escape
		}
		next := path.Join(path.Join(done...), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return escape
		}
		rest := todo[1:]
		todo, done = nil, nil
		if next != "." {
			todo = strings.Split(next, "/")
		}
		todo = append(todo, rest...)
	}
	return nil
}
