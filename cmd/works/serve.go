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
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
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

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o := serveOptions{}
	fs := newFlags("serve", "Builds the site and serves it for preview at a local address. Saved changes appear in the open pages at once; drafts and scheduled pages are shown with a banner; errors are shown in the page.", stdout, stderr)
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&o.source, n, ".", "the site's `folder`")
	}
	fs.StringVar(&o.bind, "bind", "127.0.0.1", "the `address` to listen on; 0.0.0.0 lets other machines on the network see the preview")
	for _, n := range []string{"p", "port"} {
		fs.IntVar(&o.port, n, 1313, "the `port` to listen on; the next free one is used when it is taken")
	}
	for _, n := range []string{"D", "buildDrafts"} {
		fs.BoolVar(&o.buildDrafts, n, true, "include drafts (--buildDrafts=false to leave them out)")
	}
	for _, n := range []string{"F", "buildFuture"} {
		fs.BoolVar(&o.buildFuture, n, true, "include pages whose publishDate is in the future (--buildFuture=false to leave them out)")
	}
	for _, n := range []string{"E", "buildExpired"} {
		fs.BoolVar(&o.buildExpired, n, false, "include pages whose expiryDate has passed")
	}
	fs.StringVar(&o.clock, "clock", "", "show the site as it will be published at this `moment`, like 2027-03-12T09:00: no drafts, no pages scheduled after it")
	fs.BoolVar(&o.poll, "poll", false, "look for changes every half second instead of being told of them (for network drives)")
	fs.BoolVar(&o.open, "open", false, "open the preview in the web browser")
	for _, n := range []string{"v", "verbose"} {
		fs.BoolVar(&o.verbose, n, false, "print what each stage does")
	}
	if code, done := fs.parse(args); done {
		return code
	}
	if o.port < 0 || o.port > 65535 {
		fmt.Fprintf(stderr, "works serve: --port must be a number from 1 to 65535 (got %d)\n", o.port)
		return exitUsage
	}
	if o.clock != "" {
		cfg, err := loadConfig(o.source)
		if err != nil {
			return reportError(stderr, err)
		}
		if o.now, err = parseClock(o.clock, cfg.Location); err != nil {
			fmt.Fprintf(stderr, "works serve: --clock %v\n", err)
			return exitUsage
		}
		o.buildDrafts, o.buildFuture = false, false
	}
	return serve(ctx, o, stdout, stderr)
}

// serve runs the preview until ctx is done, then shuts down: the HTTP
// server first (open event streams are ended), then the watcher and any
// running build. Nothing it started is left running when it returns.
func serve(ctx context.Context, o serveOptions, stdout, stderr io.Writer) int {
	out := &lockedWriter{w: stdout}
	errOut := &lockedWriter{w: stderr}
	root, err := source.Open(o.source)
	if err != nil {
		fmt.Fprintf(errOut, "works serve: %v\n", err)
		return exitFailed
	}
	defer root.Close()
	siteFS := source.FS(root)

	bind := unbracket(o.bind)
	ln, err := listen(bind, o.port, errOut)
	if err != nil {
		fmt.Fprintf(errOut, "works serve: %v\n", err)
		return exitFailed
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if warning := bindWarning(o.bind, addr.IP); warning != "" {
		fmt.Fprintln(errOut, warning)
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
		out: out, errOut: errOut, now: o.now,
		session: build.NewSession(siteFS, build.Options{
			Source: o.source, BaseURL: url, Logger: logger,
			BuildDrafts: o.buildDrafts, BuildFuture: o.buildFuture, BuildExpired: o.buildExpired,
		}),
	}
	defer b.session.Close()
	srv := server.New(server.Options{Build: b.build, Source: siteFS, Hosts: hosts(o.bind), Logger: logger})

	// Watch before the first build, so a file saved during it is not missed.
	w, err := watch.New(o.source, watch.Options{Paths: watched(), Poll: o.poll, Logger: logger})
	if err != nil {
		fmt.Fprintf(errOut, "works serve: cannot watch %s for changes: %v\n", o.source, err)
		return exitFailed
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel, which stops everything started below
	defer cancel()
	wg.Go(func() {
		if err := w.Run(ctx); err != nil {
			fmt.Fprintf(errOut, "works serve: %v; changes are no longer seen, restart works serve\n", err)
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

	var drafts string
	switch {
	case o.buildDrafts && o.buildFuture:
		drafts = "drafts and scheduled pages shown"
	case o.buildDrafts:
		drafts = "drafts shown, scheduled pages left out"
	case o.buildFuture:
		drafts = "scheduled pages shown, drafts left out"
	default:
		drafts = "drafts and scheduled pages left out"
	}
	fmt.Fprintf(out, "Serving the site at %s (%s). Press Ctrl+C to stop.\n", url, drafts)
	if reason, ok := w.Polling(); ok {
		fmt.Fprintf(out, "Looking for changes every %s: %s.\n", seconds(watch.DefaultPollInterval), reason)
	}
	if o.open {
		wg.Go(func() { openBrowser(ctx, url, errOut) })
	}

	code := exitOK
	select {
	case <-ctx.Done():
		fmt.Fprintln(out, "Stopping.")
	case err := <-served:
		fmt.Fprintf(errOut, "works serve: %v\n", err)
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
	session     *build.Session
	now         time.Time // --clock; zero: the time of each build
	out, errOut io.Writer

	// one at a time: the server may start a build before a cancelled
	// one has returned, and a session builds one thing at a time.
	running sync.Mutex

	mu     sync.Mutex
	builds int
	failed bool // the last build that finished had errors
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
	took := time.Since(start).Round(time.Millisecond)
	stamp := start.Format("15:04:05")
	if err != nil {
		var list diag.List
		list.Add(err)
		printDiags(b.errOut, list)
		n := len(list)
		fmt.Fprintf(b.errOut, "%s Build failed: %d %s. The preview shows them in the page and keeps the last good version.\n", stamp, n, plural(n, "error", "errors"))
		b.failed = true
		return nil, err
	}
	switch {
	case b.builds == 1:
		printDiags(b.errOut, pv.Warnings)
		fmt.Fprintf(b.out, "Built %s in %d ms.\n", pages(pv.Model), took.Milliseconds())
	case b.failed:
		fmt.Fprintf(b.out, "%s Rebuilt in %d ms: the errors are fixed.\n", stamp, took.Milliseconds())
	default:
		fmt.Fprintf(b.out, "%s Rebuilt in %d ms.\n", stamp, took.Milliseconds())
	}
	b.failed = false
	return snapshot(pv, now), nil
}

// snapshot is what the server needs of a build: its files, and which pages
// works build would not publish at now, so they get a banner.
func snapshot(pv *build.Preview, now time.Time) *server.Snapshot {
	snap := &server.Snapshot{Files: pv, Unpublished: map[string]server.PageStatus{}}
	for _, p := range pv.Model.Pages {
		if p.Doc == nil || p.Doc.Meta.Shown(now, content.Include{}) {
			continue
		}
		m := &p.Doc.Meta
		st := server.PageStatus{Draft: m.Draft, Lang: p.Lang}
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
func pages(model *site.Model) string {
	n := 0
	var perLang []string
	for _, s := range model.Sites {
		n += len(s.RegularPages)
		perLang = append(perLang, fmt.Sprintf("%s %d", s.Language.Lang, len(s.RegularPages)))
	}
	return fmt.Sprintf("%d %s (%s)", n, plural(n, "page", "pages"), strings.Join(perLang, ", "))
}

// listen listens on bind:port, or on the next free port when it is taken.
// Port 0 takes any free port.
func listen(bind string, port int, errOut io.Writer) (net.Listener, error) {
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
				fmt.Fprintf(errOut, "Port %d is taken; using %d instead.\n", port, p)
			}
			return ln, nil
		}
		if !addrInUse(err) || port == 0 {
			return nil, fmt.Errorf("cannot listen on %s: %w", net.JoinHostPort(bind, strconv.Itoa(p)), err)
		}
	}
	return nil, fmt.Errorf("ports %d to %d are all taken; choose another with --port", port, min(port+portTries-1, 65535))
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
// machines can reach it, or "" when only this machine can. bind is the
// --bind as written, bound the address listened on: a host name is judged
// by the address it resolved to.
func bindWarning(bind string, bound net.IP) string {
	if bound.IsLoopback() {
		return ""
	}
	const risk = ", drafts included. Use it only on a network you trust (without --bind, only this machine can see it)."
	name := bind
	if name == "" {
		name = `""`
	}
	if bound.IsUnspecified() {
		return "Warning: --bind " + name + " lets every machine that can reach this one see the preview" + risk
	}
	if !isIPLiteral(unbracket(bind)) {
		name += " (" + bound.String() + ")"
	}
	return "Warning: --bind " + name + " lets other machines on that network see the preview" + risk
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

func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// openBrowser opens url in the desktop's browser.
func openBrowser(ctx context.Context, url string, errOut io.Writer) {
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
		fmt.Fprintf(errOut, "Cannot open the browser (%v); open %s yourself.\n", err, url)
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
