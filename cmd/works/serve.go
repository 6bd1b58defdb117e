package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/server"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/source"
	"github.com/drammen-works/works/internal/watch"
)

// serveOptions are the flags of `works serve`.
type serveOptions struct {
	source       string
	bind         string
	port         int
	buildDrafts  bool
	buildFuture  bool
	buildExpired bool
	poll         bool
	open         bool
	verbose      bool
	clock        string    // --clock as written
	now          time.Time // the moment to preview; zero: now
}

// watched are the parts of a site folder that a change to rebuilds for.
func watched() []string {
	return []string{"content", "layouts", "themes", "static", "data", "i18n", "assets", "works.toml"}
}

// portTries is how many ports from --port on are tried before giving up.
const portTries = 20

func runServe(ctx context.Context, c *cli, args []string) int {
	o := serveOptions{}
	fs := newFlags(c, msg.T("Builds the site and serves it for preview at a local address. Saved changes appear in the open pages at once; drafts and scheduled pages are shown with a banner; errors are shown in the page."))
	fs.sourceVar(&o.source)
	fs.stringVar(&o.bind, "127.0.0.1", msg.T("the `address` to listen on; 0.0.0.0 lets other machines on the network see the preview"), "bind")
	fs.intVar(&o.port, 1313, msg.T("the `port` to listen on; the next free one is used when it is taken"), "p", "port")
	fs.boolVar(&o.buildDrafts, true, msg.T("include drafts (--buildDrafts=false to leave them out)"), "D", "buildDrafts")
	fs.boolVar(&o.buildFuture, true, msg.T("include pages whose publishDate is in the future (--buildFuture=false to leave them out)"), "F", "buildFuture")
	fs.boolVar(&o.buildExpired, false, msg.T("include pages whose expiryDate has passed"), "E", "buildExpired")
	fs.stringVar(&o.clock, "", msg.T("show the site as it will be published at this `moment`, like 2027-03-12T09:00: no drafts, no pages scheduled after it"), "clock")
	fs.boolVar(&o.poll, false, msg.T("look for changes every half second instead of being told of them (for network drives)"), "poll")
	fs.boolVar(&o.open, false, msg.T("open the preview in the web browser"), "open")
	fs.boolVar(&o.verbose, false, msg.T("print what each stage does"), "v", "verbose")
	if code, done := fs.parseNone(args); done {
		return code
	}
	if o.port < 0 || o.port > 65535 {
		return fs.fail(msg.T("%s: --port must be a number from 1 to 65535 (got %d)", c.name, o.port))
	}
	// The language of works.toml, for the terminal and the browser alike. A
	// works.toml with errors is not read here: the first build shows them.
	cfg, cfgErr := loadConfig(o.source)
	c.useSite(cfg)
	if o.clock != "" {
		if cfgErr != nil {
			return c.buildFailed(cfgErr)
		}
		var ok bool
		if o.now, ok = parseClock(o.clock, cfg.Location); !ok {
			return fs.fail(badClock(c.name, o.clock))
		}
		o.buildDrafts, o.buildFuture = false, false
	}
	return serve(ctx, c, o)
}

// serve runs the preview until ctx is done, then shuts down: the HTTP
// server first (open event streams are ended), then the watcher and any
// running build. Nothing it started is left running when it returns.
func serve(ctx context.Context, parent *cli, o serveOptions) int {
	c := *parent
	c.stdout, c.stderr = &lockedWriter{w: parent.stdout}, &lockedWriter{w: parent.stderr}
	out, errOut := c.stdout, c.stderr
	root, err := source.Open(o.source)
	if err != nil {
		c.report(err)
		return exitFailed
	}
	defer root.Close()
	siteFS := source.FS(root)

	bind := unbracket(o.bind)
	ln, err := listen(&c, bind, o.port)
	if err != nil {
		c.report(err)
		return exitFailed
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if warning := bindWarning(o.bind, addr.IP); !warning.IsZero() {
		c.print(errOut, warning)
	}
	host := bind
	if isUnspecified(bind) {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"

	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: level}))
	b := &builder{
		c: &c, now: o.now,
		session: build.NewSession(siteFS, build.Options{
			Source: o.source, BaseURL: url, Logger: logger,
			BuildDrafts: o.buildDrafts, BuildFuture: o.buildFuture, BuildExpired: o.buildExpired,
		}),
	}
	// A page with errors of its own is left out and shows them; the rest
	// of the site is served.
	b.session.IsolatePages()
	defer b.session.Close()
	srv := server.New(server.Options{Build: b.build, Source: siteFS, Hosts: hosts(o.bind), Logger: logger, Lang: c.lang})

	// Watch before the first build, so a file saved during it is not missed.
	w, err := watch.New(o.source, watch.Options{Paths: watched(), Poll: o.poll, Logger: logger})
	if err != nil {
		c.print(errOut, msg.T("%s: cannot watch %s for changes: %s", c.name, o.source, err))
		return exitFailed
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel, which stops everything started below
	defer cancel()
	wg.Go(func() {
		if err := w.Run(ctx); err != nil {
			c.print(errOut, msg.T("%s: %s; changes are no longer seen, restart works serve", c.name, err))
		}
	})

	if err := srv.Rebuild(ctx, nil); errors.Is(err, context.Canceled) {
		return exitOK
	}
	changes := make(chan []string)
	wg.Go(func() {
		defer close(changes)
		for batch := range w.Batches() {
			paths := batch.Paths
			if batch.Overflow {
				paths = nil // anything may have changed
			}
			select {
			case changes <- paths:
			case <-ctx.Done():
				return
			}
		}
	})
	wg.Go(func() { srv.Watch(ctx, changes) })

	hs := srv.HTTPServer() // with time limits, so a stalled client cannot hold a connection
	hs.RegisterOnShutdown(srv.Close)
	served := make(chan error, 1)
	wg.Go(func() { served <- hs.Serve(ln) })

	var drafts msg.Text
	switch {
	case o.buildDrafts && o.buildFuture:
		drafts = msg.T("drafts and scheduled pages shown")
	case o.buildDrafts:
		drafts = msg.T("drafts shown, scheduled pages left out")
	case o.buildFuture:
		drafts = msg.T("scheduled pages shown, drafts left out")
	default:
		drafts = msg.T("drafts and scheduled pages left out")
	}
	c.print(out, msg.T("Serving the site at %s (%s). Press Ctrl+C to stop.", url, drafts))
	if reason, ok := w.Polling(); ok {
		if o.poll {
			c.print(out, msg.T("Looking for changes every %s, as --poll asks.", seconds(watch.DefaultPollInterval, c.lang)))
		} else {
			c.print(out, msg.T("Looking for changes every %s: %s.", seconds(watch.DefaultPollInterval, c.lang), reason))
		}
	}
	if o.open {
		wg.Go(func() { openBrowser(ctx, &c, url) })
	}

	code := exitOK
	select {
	case <-ctx.Done():
		c.print(out, msg.T("Stopping."))
	case err := <-served:
		c.report(err)
		code = exitFailed
	}
	shutdown, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if err := hs.Shutdown(shutdown); err != nil {
		hs.Close()
	}
	cancel()
	return code
}

// builder is the serve command's server.BuildFunc: a build session that
// keeps the site in memory and reads again only what changed, with what
// the editor needs to know printed.
type builder struct {
	session *build.Session
	now     time.Time // --clock; zero: the time of each build
	c       *cli

	// one at a time: the server may start a build before a cancelled
	// one has returned, and a session builds one thing at a time.
	running sync.Mutex

	mu     sync.Mutex
	builds int
	good   bool // a build has succeeded: the preview has a version to keep
	failed bool // the last build that finished had errors, its own pages' included
}

func (b *builder) build(ctx context.Context, changed []string) (*server.Snapshot, error) {
	b.running.Lock()
	defer b.running.Unlock()
	start := time.Now()
	now := b.now
	if now.IsZero() {
		now = start
	}
	b.session.SetNow(now)
	pv, err := b.session.Update(ctx, changed)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.builds++
	c := b.c
	took := time.Since(start).Round(time.Millisecond).Milliseconds()
	stamp := start.Format("15:04:05")
	if err != nil {
		var list diag.List
		list.Add(err)
		c.printDiags(list)
		n := len(list)
		switch {
		case !b.good:
			c.print(c.stderr, plural(n, msg.T("%s Build failed: 1 error. The preview shows it in the page.", stamp),
				msg.T("%s Build failed: %d errors. The preview shows them in the page.", stamp, n)))
		default:
			c.print(c.stderr, plural(n, msg.T("%s Build failed: 1 error. The preview shows it in the page and keeps the last good version.", stamp),
				msg.T("%s Build failed: %d errors. The preview shows them in the page and keeps the last good version.", stamp, n)))
		}
		b.failed = true
		return nil, err
	}
	// The pages left out for their errors, on every save while they
	// have them; the warnings of what was saved (of everything, at first).
	var broken diag.List
	var where []string
	for _, bp := range pv.Broken {
		for _, d := range bp.Errs {
			if !slices.Contains(broken, d) { // two pages that claim one address share it
				broken = append(broken, d)
			}
		}
		if len(bp.Files) > 0 {
			where = append(where, output.URLOf(bp.Files[0]))
		} else {
			where = append(where, bp.Doc)
		}
	}
	c.printDiags(broken)
	if b.builds == 1 || changed == nil {
		c.printDiags(pv.Warnings)
	} else {
		c.printDiags(slices.DeleteFunc(slices.Clone(pv.Warnings), func(d *diag.Diagnostic) bool { return !underAny(d.Pos.File, changed) }))
	}
	switch {
	case b.builds == 1:
		c.print(c.stdout, msg.T("Built %s in %d ms.", pages(pv.Model), took))
	case b.failed && len(broken) == 0:
		c.print(c.stdout, msg.T("%s Rebuilt in %d ms: the errors are fixed.", stamp, took))
	default:
		c.print(c.stdout, msg.T("%s Rebuilt in %d ms.", stamp, took))
	}
	if n, list := len(where), strings.Join(where, ", "); n > 0 {
		c.print(c.stderr, plural(n, msg.T("1 page has errors and is left out: the preview shows them on it (%s).", list),
			msg.T("%d pages have errors and are left out: the preview shows them on each (%s).", n, list)))
	}
	b.failed, b.good = len(broken) > 0, true
	return snapshot(pv, now), nil
}

// underAny reports whether the file is one of paths or inside one.
func underAny(file string, paths []string) bool {
	for _, p := range paths {
		if file == p || strings.HasPrefix(file, p+"/") {
			return true
		}
	}
	return false
}

// snapshot is what the server needs of a build: its files, which pages
// works build would not publish at now, so they get a banner, the pages
// left out for their errors, and each page's warnings.
func snapshot(pv *build.Preview, now time.Time) *server.Snapshot {
	snap := &server.Snapshot{Files: pv, Unpublished: map[string]server.PageStatus{},
		Broken: map[string]error{}, Warnings: map[string]diag.List{}, Warned: len(pv.Warnings)}
	for _, bp := range pv.Broken {
		for _, f := range bp.Files {
			snap.Broken[f] = bp.Errs.Err()
		}
	}
	for _, d := range pv.Warnings {
		for _, f := range pv.FilesOf(d.Pos.File) {
			snap.Warnings[f] = append(snap.Warnings[f], d)
		}
	}
	for _, p := range pv.Model.Pages {
		if p.Doc == nil || p.Doc.Meta.Shown(now, content.Include{}) {
			continue
		}
		m := &p.Doc.Meta
		st := server.PageStatus{Draft: m.Draft}
		if at := m.PublishAt(); at.After(now) {
			st.Scheduled = at
		}
		if !st.Draft && st.Scheduled.IsZero() {
			continue // expired (shown with -E): the banner has no words for it
		}
		snap.Unpublished[output.FileOf(p.Path)] = st
		for _, pg := range p.Pagers {
			snap.Unpublished[output.FileOf(pg.Path)] = st
		}
	}
	return snap
}

// pages counts a build's pages: "51 pages (nb 29, en 22)".
func pages(model *site.Model) msg.Text {
	n := 0
	var perLang []string
	for _, s := range model.Sites {
		n += len(s.RegularPages)
		perLang = append(perLang, fmt.Sprintf("%s %d", s.Language.Lang, len(s.RegularPages)))
	}
	langs := strings.Join(perLang, ", ")
	return plural(n, msg.T("%d page (%s)", n, langs), msg.T("%d pages (%s)", n, langs))
}

// listen listens on bind:port, or on the next free port when it is taken.
// Port 0 takes any free port.
func listen(c *cli, bind string, port int) (net.Listener, error) {
	for i := range portTries {
		p := port + i
		if port == 0 {
			p = 0
		} else if p > 65535 {
			break
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			if i > 0 {
				c.print(c.stderr, msg.T("Port %d is taken; using %d instead.", port, p))
			}
			return ln, nil
		}
		if !addrInUse(err) || port == 0 {
			return nil, textError{msg.T("cannot listen on %s: %s", net.JoinHostPort(bind, strconv.Itoa(p)), err)}
		}
	}
	return nil, textError{msg.T("ports %d to %d are all taken; choose another with --port", port, min(port+portTries-1, 65535))}
}

// addrInUse reports whether listening failed because the port is taken.
func addrInUse(err error) bool {
	var errno syscall.Errno
	// Windows reports WSAEADDRINUSE, which is not syscall.EADDRINUSE.
	const wsaeaddrinuse = 10048
	return errors.Is(err, syscall.EADDRINUSE) || errors.As(err, &errno) && errno == wsaeaddrinuse
}

func isUnspecified(bind string) bool {
	ip := net.ParseIP(strings.Trim(bind, "[]"))
	return bind == "" || ip != nil && ip.IsUnspecified()
}

// unbracket takes the brackets off an IPv6 address written as in a web
// address, "[::1]" → "::1", so that it can be listened on.
func unbracket(bind string) string {
	if inner, ok := strings.CutPrefix(bind, "["); ok {
		if inner, ok = strings.CutSuffix(inner, "]"); ok && isIPLiteral(inner) {
			return inner
		}
	}
	return bind
}

// isIPLiteral reports whether s is an IP address rather than a host name;
// an IPv6 address may name its network interface ("fe80::1%eth0").
func isIPLiteral(s string) bool {
	addr, _, _ := strings.Cut(s, "%")
	return net.ParseIP(addr) != nil
}

// bindWarning is the warning printed when the preview listens where other
// machines can reach it, or none when only this machine can. bind is the
// --bind as written, bound the address listened on: a host name is judged
// by the address it resolved to.
func bindWarning(bind string, bound net.IP) msg.Text {
	if bound.IsLoopback() {
		return msg.Text{}
	}
	name := bind
	if name == "" {
		name = `""`
	}
	if bound.IsUnspecified() {
		return msg.T("Warning: --bind %s lets every machine that can reach this one see the preview, drafts included. Use it only on a network you trust (without --bind, only this machine can see it).", name)
	}
	if !isIPLiteral(unbracket(bind)) {
		name += " (" + bound.String() + ")"
	}
	return msg.T("Warning: --bind %s lets other machines on that network see the preview, drafts included. Use it only on a network you trust (without --bind, only this machine can see it).", name)
}

// hosts are the names, besides localhost and IP addresses, that requests
// may be addressed to: the bound name, and the machine's own name when
// listening on every interface.
func hosts(bind string) []string {
	var names []string
	if net.ParseIP(strings.Trim(bind, "[]")) == nil && bind != "" {
		names = append(names, bind)
	}
	if isUnspecified(bind) {
		if h, err := os.Hostname(); err == nil {
			names = append(names, h, h+".local")
		}
	}
	return names
}

// seconds writes a duration as Norwegian and English readers write it:
// "0,5 s", "0.5 s".
func seconds(d time.Duration, l msg.Lang) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
	if l == msg.Norwegian {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// openBrowser opens url in the desktop's browser.
func openBrowser(ctx context.Context, c *cli, url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", url)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", url)
	}
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		c.print(c.stderr, msg.T("Cannot open the browser (%s); open %s yourself.", err, url))
	}
}

// lockedWriter lets the builds, the watcher and the command print without
// mixing their lines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
