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
// names are refused (DNS rebinding). Each file is served as the type the
// media table gives its name; a name it does not know is
// application/octet-stream with nosniff, so no content is ever guessed
// into a page that runs. HTTPServer bounds how long a client may stall.
package server

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/media"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
)

// Snapshot is one good build of the site, as the server serves it.
type Snapshot struct {
	Files Files
	// Unpublished marks the pages `works build` would leave out (drafts and
	// scheduled pages), by output path: "historier/a/index.html".
	Unpublished map[string]PageStatus
	// Broken are the pages whose own files have errors, by output path,
	// with those errors: the build left them out, and they are answered
	// with the error overlay while the rest of the site is served as usual.
	Broken map[string]error
	// Warnings are each page's warnings, by output path, for the panel the
	// page shows; Warned counts all the build's warnings, those that
	// belong to no page included.
	Warnings map[string]diag.List
	Warned   int
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
}

func (st PageStatus) equal(o PageStatus) bool {
	return st.Draft == o.Draft && st.Scheduled.Equal(o.Scheduled)
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
	// Timeouts bound how long a connection may stall; see HTTPServer.
	Timeouts Timeouts
	// Lang is the language of what the preview says: the error overlay,
	// the banners, its own pages. "" is msg.Default.
	Lang msg.Lang
}

// Timeouts bound the time a client may take, so one that stalls cannot
// hold a connection for ever. Zero fields take the defaults.
type Timeouts struct {
	ReadHeader time.Duration // to send a request's headers; default 10 s
	Read       time.Duration // to send a whole request, body included; default 30 s
	Idle       time.Duration // to wait between requests on a kept-alive connection; default 2 min
}

// Server is the preview's http.Handler. Make it with New.
type Server struct {
	build    BuildFunc
	source   fs.FS
	hosts    []string
	log      *slog.Logger
	timeouts Timeouts
	lang     msg.Lang

	mu      sync.Mutex
	snap    *Snapshot // the last good build; nil before the first
	gen     uint64    // increases with every good build
	failure string    // the overlay's HTML while the latest build failed
	// worked holds, for each broken page of snap, the last build in which
	// it could be made, when there was one: the page is shown as it was
	// then, under its errors.
	worked  map[string]*Snapshot
	clients map[*client]bool
	closed  bool
	done    chan struct{} // closed by Close
}

// New makes a Server that serves nothing until the first Rebuild.
func New(opts Options) *Server {
	s := &Server{
		build: opts.Build, source: opts.Source, log: opts.Logger, timeouts: opts.Timeouts, lang: cmp.Or(opts.Lang, msg.Default),
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

// HTTPServer returns an http.Server that serves s within its Timeouts.
// The event stream lifts the read limit for itself: it is one request
// that lasts as long as the page is open.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: cmp.Or(s.timeouts.ReadHeader, 10*time.Second),
		ReadTimeout:       cmp.Or(s.timeouts.Read, 30*time.Second),
		IdleTimeout:       cmp.Or(s.timeouts.Idle, 2*time.Minute),
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
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
		http.Error(w, msg.Sprintf(s.lang, "This preview only answers to localhost, IP addresses and the name it was started with."), http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, msg.Sprintf(s.lang, "Only GET and HEAD are allowed."), http.StatusMethodNotAllowed)
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
		serveContent(w, r, "live.js", strings.NewReader(liveJS))
		return
	}
	snap, gen, failure := s.current()
	if snap == nil {
		s.noSite(w, gen, failure)
		return
	}
	if errs, broken := snap.Broken[rel]; broken {
		s.serveBroken(w, r, rel, errs, gen, failure)
		return
	}
	f, ok, err := snap.Files.Open(rel)
	if err != nil {
		// A page made on request whose template failed: show why, in
		// the page, as a failed build does.
		s.noSite(w, gen, overlayHTML(err, s.source, s.lang, false))
		return
	}
	if !ok {
		if f, worked := s.fromWorked(rel); worked != nil {
			s.serveFile(w, r, f, worked, gen, failure)
			return
		}
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

// fromWorked finds a file the current build does not have in a build a
// broken page is shown from: the pictures of its folder, which went with
// it, and stylesheets by their old names. Pages are not looked for, so a
// page that is gone is still not found.
func (s *Server) fromWorked(rel string) (output.File, *Snapshot) {
	if isHTML(rel) {
		return output.File{}, nil
	}
	s.mu.Lock()
	worked := make([]*Snapshot, 0, len(s.worked))
	for _, p := range slices.Sorted(maps.Keys(s.worked)) {
		worked = append(worked, s.worked[p])
	}
	s.mu.Unlock()
	for _, snap := range worked {
		if f, ok, err := snap.Files.Open(rel); ok && err == nil {
			return f, snap
		}
	}
	return output.File{}, nil
}

// serveBroken answers a page left out for its own errors: the last
// version of it that worked under the overlay of its errors, or, when it
// never worked, the overlay alone.
func (s *Server) serveBroken(w http.ResponseWriter, r *http.Request, rel string, errs error, gen uint64, failure string) {
	s.mu.Lock()
	worked := s.worked[rel]
	s.mu.Unlock()
	if worked != nil {
		if f, ok, err := worked.Files.Open(rel); ok && err == nil {
			s.serveFile(w, r, f, worked, gen, cmp.Or(failure, pageOverlayHTML(errs, s.source, s.lang, true)))
			return
		}
	}
	s.brokenPage(w, gen, cmp.Or(failure, pageOverlayHTML(errs, s.source, s.lang, false)))
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
	// The type comes from the name alone: a file the table does not know
	// is bytes to save, never sniffed into a page that runs its scripts.
	h.Set("X-Content-Type-Options", "nosniff")
	typ, _ := media.Type(f.Path)
	h.Set("Content-Type", typ)
	var content io.ReadSeeker
	if f.From == nil {
		content = bytes.NewReader(f.Data)
	} else {
		file, err := openFile(f.From, f.FromPath)
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
		p := page{gen: gen, status: status, unpublished: unpublished, overlay: failure, lang: s.lang}
		if failure == "" {
			p.warnings = panelHTML(snap.Warnings[f.Path], snap.Warned, s.lang)
		}
		content = bytes.NewReader(inject(doc, p))
	}
	serveContent(w, r, f.Path, content)
}

// maxRanges is how many byte ranges one request may ask for. A browser
// asks for one, to resume a download or seek in a video; a request for
// more gets the whole file, as http.ServeContent would otherwise answer
// any number, each with its own part headers.
const maxRanges = 2

// serveContent answers r with content, which has a Content-Type set
// already: HEAD, conditional requests and up to maxRanges byte ranges.
func serveContent(w http.ResponseWriter, r *http.Request, name string, content io.ReadSeeker) {
	if countRanges(r.Header.Get("Range")) > maxRanges {
		r = r.Clone(r.Context())
		r.Header.Del("Range")
	}
	http.ServeContent(w, r, name, time.Time{}, content)
}

// countRanges counts the ranges of a Range header ("bytes=0-1,10-11"),
// skipping empty ones as http.ServeContent does.
func countRanges(header string) int {
	n := 0
	for spec := range strings.SplitSeq(header, ",") {
		if strings.TrimSpace(spec) != "" {
			n++
		}
	}
	return n
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
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	rel := output.FileOf(p)
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

// openFile opens a copied file. The build's file systems read only
// inside the site folder and only ordinary files (internal/source), so a
// link out of static/ or a named pipe never gets here; a folder is not a
// file to serve.
func openFile(fsys fs.FS, name string) (fs.File, error) {
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
