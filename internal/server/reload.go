package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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

// The events a page receives on /_works/events (Server-Sent Events):
//
//	hello   {"gen":N}                  first, on every connection; a page from another build reloads
//	change  {"gen":N,"all":true}       a good build: reload
//	change  {"gen":N,"pages":[…],"css":true}
//	                                   a good build: reload if this page's URL is listed, else
//	                                   swap the stylesheets if css is set; either way drop the overlay
//	failed  {"html":"…"}               a failed build: show the overlay
//
// The browser is only told once a build has finished.

// change is the data of a change event.
type change struct {
	Gen   uint64   `json:"gen"`
	All   bool     `json:"all,omitempty"`
	Pages []string `json:"pages,omitempty"`
	CSS   bool     `json:"css,omitempty"`
}

// maxPages is how many changed pages an event lists; past it every page
// reloads, which costs an editor nothing and keeps events small.
const maxPages = 200

// heartbeat keeps idle event streams open through proxies and lets the
// server notice pages that went away.
const heartbeat = 25 * time.Second

// client is one open event stream.
type client struct {
	ch   chan []byte // formatted events; closed when the server drops a slow client
	page string      // the file of the page it shows: "historier/a/index.html"; "" if unknown
}

// Rebuild builds the site once and publishes the result: a good build is
// served from now on and open pages are told what changed; a failed one
// shows its errors in open pages while the last good build stays served.
// changed are the source paths (relative to the site's folder) that
// changed since the last good build, nil when unknown. It returns the
// build's error.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	snap, err := s.build(ctx, changed)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == nil {
		err = s.prepare(snap)
	}
	s.publish(snap, err, changed, changed == nil)
	return err
}

// Watch rebuilds for each batch of changed source paths from changes (nil
// meaning "anything may have changed"), until ctx is done or changes is
// closed. A batch that arrives while a build runs cancels that build and
// starts a new one with the changes of both, so the browser sees only the
// newest state. Watch returns once its builds have stopped.
func (s *Server) Watch(ctx context.Context, changes <-chan []string) {
	type result struct {
		id   int
		snap *Snapshot
		err  error
	}
	var (
		results = make(chan result)
		stopped = make(chan struct{})
		wg      sync.WaitGroup
		id      int
		cancel  context.CancelFunc = func() {}
		// Changes since the last good build: a failed or cancelled build
		// leaves them for the next, so a stylesheet saved while the
		// content was broken is still swapped once the content is fixed.
		paths []string
		all   bool
	)
	defer func() {
		cancel()
		close(stopped)
		wg.Wait()
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case batch, ok := <-changes:
			if !ok {
				return
			}
			if batch == nil {
				all = true
			}
			paths = union(paths, batch)
			cancel() // the running build, if any, is stale
			bctx, stop := context.WithCancel(ctx)
			cancel = stop
			id++
			mine := id
			var since []string // what the build is told changed
			if !all {
				since = slices.Clone(paths)
			}
			wg.Go(func() {
				snap, err := s.build(bctx, since)
				if err == nil {
					err = s.prepare(snap)
				}
				select {
				case results <- result{mine, snap, err}:
				case <-stopped:
				}
			})
		case r := <-results:
			if r.id != id {
				continue // cancelled by a newer batch
			}
			if ctx.Err() != nil {
				return
			}
			if errors.Is(r.err, context.Canceled) {
				continue // not by us: the build gave up on its own; the next change retries
			}
			s.publish(r.snap, r.err, paths, all)
			if r.err == nil {
				paths, all = nil, false
			}
		}
	}
}

// openPages returns the files of the pages open in browsers, each once.
func (s *Server) openPages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.openPagesLocked()
}

// openPagesLocked is openPages for a caller that holds s.mu.
func (s *Server) openPagesLocked() []string {
	var pages []string
	for c := range s.clients {
		if c.page != "" {
			pages = append(pages, c.page)
		}
	}
	slices.Sort(pages)
	return slices.Compact(pages)
}

// prepare makes the pages open in browsers before they are told to
// reload, so the reload is served at once and a template that fails on one
// of them shows as a failed build.
func (s *Server) prepare(snap *Snapshot) error {
	var errs []error
	for _, p := range s.openPages() {
		if _, broken := snap.Broken[p]; broken {
			continue // its errors are its own, shown on it alone
		}
		if _, _, err := snap.Files.Open(p); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// openPage turns the address a page reports ("/historier/a/") into the
// file it was served from, or "" when it is not one the server serves.
func openPage(urlPath string) string {
	r := &http.Request{URL: &url.URL{Path: urlPath}}
	if u, err := url.Parse(urlPath); err == nil {
		r.URL = u
	}
	rel, ok := filePath(r)
	if !ok {
		return ""
	}
	return rel
}

// publish makes a build's outcome current and tells the open pages.
func (s *Server) publish(snap *Snapshot, err error, changed []string, all bool) {
	if err != nil {
		last, _, _ := s.current()
		overlay := overlayHTML(err, s.source, s.lang, last != nil)
		data, _ := json.Marshal(map[string]string{"html": overlay})
		s.mu.Lock()
		defer s.mu.Unlock()
		s.failure = overlay
		s.broadcast(event("failed", data))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := diff(s.snap, snap, changed, all, s.openPagesLocked())
	s.worked = lastWorked(s.snap, snap, s.worked)
	s.gen++
	c.Gen = s.gen
	s.snap, s.failure = snap, ""
	data, _ := json.Marshal(c)
	s.broadcast(event("change", data))
}

// broadcast sends an event to every page. A page that has not read the
// last events is dropped: its browser reconnects, and the hello event tells
// it whether to reload. s.mu is held.
func (s *Server) broadcast(ev []byte) {
	for c := range s.clients {
		select {
		case c.ch <- ev:
		default:
			delete(s.clients, c)
			close(c.ch)
		}
	}
}

func event(name string, data []byte) []byte {
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, data)
}

// events streams events to one page until it goes away or the server
// closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 {
		// A page's EventSource sends no body. One announced and never
		// sent would hold the stream's first write until the read limit.
		http.Error(w, msg.Sprintf(s.lang, "The event stream takes no request body."), http.StatusBadRequest)
		return
	}
	rc := http.NewResponseController(w)
	// The stream is one request that lasts while the page is open, so
	// the server's ReadTimeout must not end it. net/http lifts the read
	// deadline itself once a request without a body has been read (Go
	// 1.26); this keeps the stream open should that change. A test's
	// ResponseRecorder has no deadline to lift.
	_ = rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")

	c := &client{ch: make(chan []byte, 16), page: openPage(r.URL.Query().Get("page"))}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, msg.Sprintf(s.lang, "The preview is shutting down."), http.StatusServiceUnavailable)
		return
	}
	// The first events and joining the list happen under one lock, so no
	// build can slip between them unseen.
	first := event("hello", fmt.Appendf(nil, `{"gen":%d}`, s.gen))
	if s.failure != "" {
		data, _ := json.Marshal(map[string]string{"html": s.failure})
		first = append(first, event("failed", data)...)
	}
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
		}
		s.mu.Unlock()
	}()

	// Reconnect soon after a restart of the preview.
	if _, err := fmt.Fprintf(w, "retry: 500\n\n%s", first); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case ev, ok := <-c.ch:
			if !ok {
				return
			}
			if _, err := w.Write(ev); err != nil {
				return
			}
		case <-tick.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// diff says what a new build changed for the pages open in browsers.
// changed are the source paths that changed (for copied files, whose bytes
// the set does not hold); all means anything may have; open are the files
// of the pages open now.
//
// HTML pages that differ are listed; a changed stylesheet is swapped in
// place; an image, script, font or media file may be shown by any page, so
// every page reloads; the rest (feeds, the sitemap, robots.txt, JSON)
// is read by other programs, not shown in an open page. Files made up
// front are compared all; pages made on request only where they are open.
func diff(old, cur *Snapshot, changed []string, all bool, open []string) change {
	if old == nil || all || slices.Contains(changed, "works.toml") {
		return change{All: true}
	}
	if len(changed) > 0 && !slices.ContainsFunc(changed, func(p string) bool { return !strings.EqualFold(path.Ext(p), ".css") }) {
		// Only stylesheets: swap them, even where their new names (with
		// a content hash) changed the pages' links to them.
		return change{CSS: true}
	}
	var c change
	touched := func(f output.File) bool {
		for _, p := range changed {
			if f.Owner == p || strings.HasPrefix(f.Owner, p+"/") {
				return true
			}
		}
		return false
	}
	note := func(p string) {
		switch {
		case isHTML(p):
			c.Pages = append(c.Pages, output.URLOf(p))
		case strings.EqualFold(path.Ext(p), ".css"):
			c.CSS = true
		case isSubresource(p):
			c.All = true
		}
	}
	for _, f := range cur.Files.Made() {
		o, ok, err := old.Files.Open(f.Path)
		switch {
		case !ok || err != nil:
			note(f.Path)
		case f.From == nil && o.From == nil:
			if !bytes.Equal(f.Data, o.Data) {
				note(f.Path)
			}
		case f.From == nil || o.From == nil, f.FromPath != o.FromPath, f.Owner != o.Owner, touched(f):
			note(f.Path)
		}
		if c.All {
			return change{All: true}
		}
	}
	for _, f := range old.Files.Made() {
		if !cur.Files.Has(f.Path) {
			note(f.Path)
		}
	}
	for _, p := range open {
		o, ook, oerr := old.Files.Open(p)
		f, ok, err := cur.Files.Open(p)
		if ook != ok || (oerr == nil) != (err == nil) || !bytes.Equal(o.Data, f.Data) {
			note(p)
		}
	}
	// A page whose banner came or went changed too, though its bytes did not.
	for p, st := range cur.Unpublished {
		if o, ok := old.Unpublished[p]; !ok || !o.equal(st) {
			note(p)
		}
	}
	for p := range old.Unpublished {
		if _, ok := cur.Unpublished[p]; !ok {
			note(p)
		}
	}
	// So did a page whose own errors or warnings changed.
	for _, p := range changedKeys(old.Broken, cur.Broken, func(a, b error) bool { return a.Error() == b.Error() }) {
		note(p)
	}
	// Warnings of files not checked again are the same values from build
	// to build, so comparing them as pointers is enough; formatting every
	// warning of a 10 000-page site took most of a save's time.
	for _, p := range changedKeys(old.Warnings, cur.Warnings, slices.Equal[diag.List]) {
		note(p)
	}
	if c.All || len(c.Pages) > maxPages {
		return change{All: true}
	}
	slices.Sort(c.Pages)
	c.Pages = slices.Compact(c.Pages)
	return c
}

// changedKeys returns the keys whose values differ between two maps, a
// key in one only included.
func changedKeys[V any](old, cur map[string]V, same func(a, b V) bool) []string {
	var keys []string
	for k, v := range cur {
		if o, ok := old[k]; !ok || !same(o, v) {
			keys = append(keys, k)
		}
	}
	for k := range old {
		if _, ok := cur[k]; !ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// lastWorked returns, for each broken page of cur, the last build in
// which it could be made: was's, or old when it could be made there.
func lastWorked(old, cur *Snapshot, was map[string]*Snapshot) map[string]*Snapshot {
	worked := map[string]*Snapshot{}
	for p := range cur.Broken {
		switch {
		case was[p] != nil:
			worked[p] = was[p]
		case old != nil && old.Broken[p] == nil && old.Files.Has(p):
			worked[p] = old
		}
	}
	return worked
}

// isSubresource reports whether a file is of a kind a page loads to show
// itself: images, scripts, fonts, audio and video.
func isSubresource(name string) bool {
	t, _ := media.Type(name)
	for _, p := range []string{"image/", "font/", "audio/", "video/", "text/javascript", "application/wasm"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// union merges two lists of paths into one sorted list without repeats.
func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
