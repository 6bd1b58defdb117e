package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The preview's browser test (issue 4): the real `works serve` on a copy of
// the sample site, a story open in Chromium, and the editor's files changed
// on disk under it.

const (
	// serveStory is the story the editor works on, and the page that shows it.
	serveStory     = "content/historier/bakeriet-i-sentrum/index.md"
	serveStoryPath = "/historier/bakeriet-i-sentrum/"
	// serveDraftPath is a draft of the sample site.
	serveDraftPath = "/historier/klinikken-med-videokonsultasjon/"
	serveCSS       = "themes/works/assets/css/base.css"
	// liveWait is how long a change may take to reach the page: the issue
	// asks for "at once"; 5 s leaves room for a busy two-core machine.
	liveWait = 5 * time.Second
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// worksServe is a running `works serve` process.
type worksServe struct {
	url            string // "http://127.0.0.1:PORT/"
	stdout, stderr *lockedBuffer
	cmd            *exec.Cmd
	exited         chan struct{} // closed when the process has ended
	waitErr        error         // set before exited closes
}

// buildWorks compiles the works command into a temporary folder. It is
// built without -race even when the test runs with it: the race detector
// makes a rebuild of the sample site five times slower, and the command's
// own tests (cmd/works, internal/server) run the same code under -race.
func buildWorks(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		requirement(t, "the go command is not on PATH, so works cannot be built")
	}
	bin := filepath.Join(t.TempDir(), "works")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", bin, "./cmd/works")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/works: %v\n%s", err, out)
	}
	return bin
}

// copySample copies the sample site (works.toml, content/, themes/) into a
// temporary folder that the test may change, leaving out the theme's
// screenshots.
func copySample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"works.toml", "content", "themes"} {
		err := filepath.WalkDir(filepath.Join(repoRoot, name), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(repoRoot, p)
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "screenshots" {
					return filepath.SkipDir
				}
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			t.Fatalf("copy the sample site: %v", err)
		}
	}
	return dst
}

// The address works serve prints, in Norwegian or English.
var servingLine = regexp.MustCompile(`(?:Forhåndsvisningen er på|Serving the site at) (http://\S+/) `)

// startWorksServe runs `works serve` on site at a free port until stop is
// called or the test ends.
func startWorksServe(t *testing.T, bin, site string) *worksServe {
	t.Helper()
	s := &worksServe{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve", "-s", site, "--port", strconv.Itoa(freePort(t)))
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	s.cmd.WaitDelay = 10 * time.Second
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start works serve: %v", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop(t) })

	deadline := time.After(2 * time.Minute)
	for {
		if m := servingLine.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url = m[1]
			return s
		}
		select {
		case <-s.exited:
			t.Fatalf("works serve stopped at start-up: %v\nstdout: %s\nstderr: %s", s.waitErr, s.stdout, s.stderr)
		case <-deadline:
			t.Fatalf("works serve printed no address within 2 minutes\nstdout: %s\nstderr: %s", s.stdout, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop presses Ctrl-C and returns the exit code; the process is killed
// when it has not stopped within 10 s.
func (s *worksServe) stop(t *testing.T) int {
	select {
	case <-s.exited:
	default:
		if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("press Ctrl-C: %v", err)
		}
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			t.Errorf("works serve did not stop within 10 s of Ctrl-C")
			s.cmd.Process.Kill()
			<-s.exited
		}
	}
	return s.cmd.ProcessState.ExitCode()
}

// waitFor evaluates a JavaScript expression that gives a boolean until it
// is true, and returns how long that took. It asks at least once, so a
// wait of 0 checks the page as it is now. A page that is reloading cannot
// answer; that counts as false.
func waitFor(tab context.Context, expr string, within time.Duration) (time.Duration, bool) {
	start := time.Now()
	for {
		ctx, cancel := context.WithTimeout(tab, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return time.Since(start), true
		}
		if time.Since(start) >= within {
			return time.Since(start), false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// evalString evaluates an expression that gives a string.
func evalString(t *testing.T, tab context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(tab, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// editFile replaces old with new in a file of the site, failing when old is
// not there, so the test notices when the sample site changes under it.
func editFile(t *testing.T, site, name, old, new string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(name))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q any more: update the test", name, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// overlayTextJS is the text of the error overlay's shadow root, or "" when
// the page shows none.
const overlayTextJS = `(() => {
  const o = document.querySelector('works-overlay');
  return o && o.shadowRoot ? o.shadowRoot.textContent : '';
})()`

// bannerJS describes the banner of an unpublished page.
const bannerJS = `JSON.stringify((() => {
  const b = document.querySelector('works-banner');
  if (!b || !b.shadowRoot) return {found: false};
  const r = b.getBoundingClientRect(), s = getComputedStyle(b);
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    found: true, text: b.shadowRoot.textContent.trim(),
    width: r.width, height: r.height, top: r.top,
    shown: s.display !== 'none' && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0,
    onTop: hit === b,
    noindex: !!document.querySelector('meta[name="robots"][content~="noindex"]'),
  };
})())`

type bannerFacts struct {
	Found   bool    `json:"found"`
	Text    string  `json:"text"`
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
	Top     float64 `json:"top"`
	Shown   bool    `json:"shown"`
	OnTop   bool    `json:"onTop"`
	Noindex bool    `json:"noindex"`
}

// liveStreams counts the pages a tab loaded and the event streams it
// opened, to tell when the page shown listens for changes. A change saved
// before that still reaches it (the first event carries the build number,
// and the errors of a failed build), but it would time the wait, not the
// preview.
type liveStreams struct {
	mu             sync.Mutex
	pages, streams int
}

func (l *liveStreams) listen(ev any) {
	r, ok := ev.(*network.EventResponseReceived)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case r.Type == network.ResourceTypeDocument:
		l.pages++
	case strings.Contains(r.Response.URL, "/_works/events?"):
		l.streams++
	}
}

// wait returns once the page shown has opened its event stream.
func (l *liveStreams) wait(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		l.mu.Lock()
		pages, streams := l.pages, l.streams
		l.mu.Unlock()
		if pages > 0 && streams >= pages {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page opened %d event streams for %d page loads in 10 s", streams, pages)
		}
	}
}

// expectedProblem reports whether a problem the browser logged is one the
// preview causes on purpose: a reload or a restart ends the page's event
// stream, and Chromium logs the aborted request.
func expectedProblem(p string) bool {
	return strings.HasPrefix(p, "request failed (net::ERR_ABORTED): ") && strings.Contains(p, "/_works/events?page=")
}

// TestServe drives the preview as an editor uses it: a story is open in
// the browser while its Markdown, its front matter and the theme's
// stylesheet are changed on disk, and a draft is opened.
func TestServe(t *testing.T) {
	e2eOnly(t)
	chromium, err := lookPath("chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome")
	if err != nil {
		requirement(t, "Chromium is not installed (apt-get install chromium)")
	}
	site := copySample(t)
	bin := buildWorks(t)
	srv := startWorksServe(t, bin, site)
	origin := strings.TrimSuffix(srv.url, "/")
	if !strings.HasPrefix(origin, "http://127.0.0.1:") {
		t.Fatalf("works serve listens on %s, want the loopback address", srv.url)
	}
	browser := startBrowser(t, chromium)

	v := &visit{origin: origin, target: origin + serveStoryPath, status: 200, urls: map[network.RequestID]string{}}
	tab, cancel := openTab(t, browser, viewport{name: "1280", width: 1280, height: 800}, v)
	defer cancel()
	live := &liveStreams{}
	if err := chromedp.Listen(tab, live.listen); err != nil {
		t.Fatal(err)
	}
	if resp, err := chromedp.Run(tab, chromedp.NavigateResponse(v.target)); err != nil {
		t.Fatalf("open %s: %v", v.target, err)
	} else if resp.Status != 200 {
		t.Fatalf("%s answered HTTP %d\nstderr: %s", serveStoryPath, resp.Status, srv.stderr)
	}
	if _, ok := waitFor(tab, `document.readyState === 'complete'`, 30*time.Second); !ok {
		t.Fatal("the story page did not finish loading")
	}
	if !strings.Contains(evalString(t, tab, `document.querySelector('script[src="/_works/live.js"]') ? 'yes' : 'no'`), "yes") {
		t.Fatal("the page has no live-reload script")
	}
	live.wait(t)

	const (
		oldText = "Klokka fire om morgenen lukter det nybakt brød i sentrum."
		newText = "Klokka fem om morgenen lukter det ferskt rugbrød i hele sentrum."
	)
	hasText := func(s string) string {
		return fmt.Sprintf(`document.readyState === 'complete' && document.querySelector('main').textContent.includes(%q)`, s)
	}
	if _, ok := waitFor(tab, hasText(oldText), time.Second); !ok {
		t.Fatalf("the story does not show %q to begin with", oldText)
	}

	t.Run("edit text", func(t *testing.T) {
		// The theme scrolls smoothly; the reader's own scrolling is instant.
		// Chromium puts a reloaded page back where it was by itself; with
		// that switched off, the position kept is the live script's doing.
		const y = 700
		if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`history.scrollRestoration = 'manual'; window.scrollTo({top: %d, behavior: 'instant'})`, y))); err != nil {
			t.Fatal(err)
		}
		if got := evalString(t, tab, `String(scrollY)`); got != strconv.Itoa(y) {
			t.Fatalf("the page scrolled to %s, not %d: is the story too short?", got, y)
		}
		editFile(t, site, serveStory, oldText, newText)
		took, ok := waitFor(tab, hasText(newText), liveWait)
		if !ok {
			t.Fatalf("the new sentence is not in the page %v after saving\nstderr: %s", liveWait, srv.stderr)
		}
		t.Logf("save → new text in the page: %d ms", took.Milliseconds())
		if _, ok := waitFor(tab, hasText(oldText), 0); ok {
			t.Errorf("the old sentence is still in the page")
		}
		// The page was reloaded by its script, which puts the reader back
		// where they were at once: not at the top, nor scrolling down to it
		// smoothly as the theme's links do, which takes half a second.
		if _, ok := waitFor(tab, fmt.Sprintf(`Math.abs(scrollY - %d) <= 2`, y), 150*time.Millisecond); !ok {
			t.Errorf("the page is scrolled to %s after the reload, want %d", evalString(t, tab, `String(scrollY)`), y)
		}
	})

	// A marker on window tells whether the page has been reloaded since.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`window.worksMarker = 'still here'`)); err != nil {
		t.Fatal(err)
	}
	const markerJS = `window.worksMarker === 'still here'`
	const brokenAt = serveStory + ":3:7"

	t.Run("broken front matter", func(t *testing.T) {
		// The story's own error: it shows over the story's last version
		// that worked, and the rest of the site is served as usual.
		live.wait(t)
		editFile(t, site, serveStory, "\ndate: 2025-10-14\n", "\ndate: 31.12.2026\n")
		took, ok := waitFor(tab, fmt.Sprintf(`%s.includes(%q)`, overlayTextJS, brokenAt), liveWait)
		if !ok {
			t.Fatalf("no overlay naming %s %v after saving; it shows %q\nstderr: %s", brokenAt, liveWait, evalString(t, tab, overlayTextJS), srv.stderr)
		}
		t.Logf("save → overlay: %d ms", took.Milliseconds())
		text := evalString(t, tab, overlayTextJS)
		for _, want := range []string{"Denne siden har 1 feil", "«date» må være en dato", "31.12.2026", "Slik retter du det: ", "date: 31.12.2026",
			"Du ser den siste versjonen av denne siden som virket"} {
			if !strings.Contains(text, want) {
				t.Errorf("the overlay does not show %q:\n%s", want, text)
			}
		}
		if _, ok := waitFor(tab, hasText(newText), time.Second); !ok {
			t.Errorf("the page no longer shows the last good version")
		}
		if overlays := pageOverlays(t, origin, "/", "/historier/"); len(overlays) > 0 {
			t.Errorf("other pages show the story's error: %v", overlays)
		}
		if !strings.Contains(srv.stderr.String(), brokenAt+": «date» må være en dato") {
			t.Errorf("the terminal does not show the error:\n%s", srv.stderr)
		}
	})

	t.Run("fixed front matter", func(t *testing.T) {
		editFile(t, site, serveStory, "\ndate: 31.12.2026\n", "\ndate: 2025-10-14\n")
		took, ok := waitFor(tab, `document.readyState === 'complete' && !document.querySelector('works-overlay')`, liveWait)
		if !ok {
			t.Fatalf("the overlay is still shown %v after the fix\nstderr: %s", liveWait, srv.stderr)
		}
		t.Logf("save → overlay gone: %d ms", took.Milliseconds())
		if _, ok := waitFor(tab, hasText(newText), time.Second); !ok {
			t.Errorf("the page does not show the story after the fix")
		}
		// The fixed page is the one shown already, so the overlay is
		// removed in place; a reload would do too, and is only noted.
		if _, ok := waitFor(tab, markerJS, 0); !ok {
			t.Logf("the page was reloaded, though the fix gives the page it already shows")
			if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`window.worksMarker = 'still here'`)); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("stylesheet", func(t *testing.T) {
		const outline = `getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)' && getComputedStyle(document.body).outlineWidth === '7px'`
		if _, ok := waitFor(tab, outline, 0); ok {
			t.Fatal("the body has the test's outline before the stylesheet changed")
		}
		sheets := evalString(t, tab, `String(document.querySelectorAll('link[rel~="stylesheet"]').length)`)
		live.wait(t)
		p := filepath.Join(site, filepath.FromSlash(serveCSS))
		css, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(css, "\nbody{outline:7px solid #010203}\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		took, ok := waitFor(tab, outline, liveWait)
		if !ok {
			t.Fatalf("the body's outline did not change %v after saving the stylesheet\nstderr: %s", liveWait, srv.stderr)
		}
		t.Logf("save → new style in the page: %d ms", took.Milliseconds())
		if _, ok := waitFor(tab, markerJS, 0); !ok {
			t.Errorf("the page was reloaded for a stylesheet change")
		}
		// The new stylesheet is the bundle's new name, with its integrity.
		if ok := evalString(t, tab, `String([...document.querySelectorAll('link[rel~="stylesheet"]')].every(l => /\/css\/site\.[0-9a-f]{8}\.css/.test(l.href) && l.integrity.startsWith("sha384-")))`); ok != "true" {
			t.Errorf("after the swap the stylesheet links are not the new hashed bundle with its integrity")
		}
		// The old stylesheet goes once the new one is in.
		count := fmt.Sprintf(`document.querySelectorAll('link[rel~="stylesheet"]').length === %s`, sheets)
		if _, ok := waitFor(tab, count, 2*time.Second); !ok {
			t.Errorf("the page has %s stylesheets after the swap, want %s", evalString(t, tab, `String(document.querySelectorAll('link[rel~="stylesheet"]').length)`), sheets)
		}
	})

	t.Run("draft banner", func(t *testing.T) {
		dv := &visit{origin: origin, target: origin + serveDraftPath, status: 200, urls: map[network.RequestID]string{}}
		dtab, cancel := openTab(t, browser, viewport{name: "375", width: 375, height: 812, mobile: true}, dv)
		defer cancel()
		if _, err := chromedp.Run(dtab, chromedp.NavigateResponse(dv.target)); err != nil {
			t.Fatalf("open %s: %v", dv.target, err)
		}
		var b bannerFacts
		if err := evalJSON(dtab, bannerJS, &b); err != nil {
			t.Fatalf("read the banner: %v", err)
		}
		switch {
		case !b.Found:
			t.Errorf("the draft has no banner")
		case !strings.Contains(b.Text, "Utkast – ikke publisert"):
			t.Errorf("the banner says %q, want \"Utkast – ikke publisert\"", b.Text)
		case !b.Shown || b.Width < 300 || b.Height < 20 || b.Top != 0:
			t.Errorf("the banner is not visible across the top of the page: %+v", b)
		case !b.OnTop:
			t.Errorf("something covers the banner")
		}
		if !b.Noindex {
			t.Errorf("the draft has no noindex tag")
		}
		checkProblems(t, dv)
	})

	t.Run("drafts", func(t *testing.T) { serveDrafts(t, srv, bin, site, browser) })
	t.Run("warnings", func(t *testing.T) { serveWarnings(t, srv, site, tab, live) })
	t.Run("draft: true saved", func(t *testing.T) {
		live.wait(t)
		editFile(t, site, serveStory, "\ndate: 2025-10-14\n", "\ndraft: true\ndate: 2025-10-14\n")
		if _, ok := waitFor(tab, `document.readyState === 'complete' && !!document.querySelector('works-banner')`, liveWait); !ok {
			t.Fatalf("no banner %v after saving draft: true\nstderr: %s", liveWait, srv.stderr)
		}
		var b bannerFacts
		if err := evalJSON(tab, bannerJS, &b); err != nil {
			t.Fatalf("read the banner: %v", err)
		}
		// The reload puts the reader back where they were; the banner is
		// at the top of the page.
		if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`window.scrollTo({top: 0, behavior: 'instant'})`)); err != nil {
			t.Fatal(err)
		}
		if err := evalJSON(tab, bannerJS, &b); err != nil {
			t.Fatalf("read the banner: %v", err)
		}
		switch {
		case !strings.Contains(b.Text, "Utkast – ikke publisert"):
			t.Errorf("the banner says %q, want \"Utkast – ikke publisert\"", b.Text)
		case !b.Shown || b.Width < 300 || b.Height < 20 || b.Top != 0:
			t.Errorf("the banner is not visible across the top of the page: %+v", b)
		case !b.OnTop:
			t.Errorf("something covers the banner")
		}
		if !b.Noindex {
			t.Errorf("the story saved as a draft has no noindex tag")
		}
	})

	t.Run("console", func(t *testing.T) { checkProblems(t, v) })

	cancel()
	if code := srv.stop(t); code != 0 {
		t.Errorf("works serve exited with %d after Ctrl-C\nstderr: %s", code, srv.stderr)
	}
	if out := srv.stdout.String(); !strings.HasSuffix(out, "Stopper.\n") {
		t.Errorf("works serve did not say it stopped:\n%s", out)
	}
	// The terminal shows the errors and warnings of the files saved, and
	// nothing it should not.
	var unexpected []string
	for _, l := range strings.Split(strings.TrimSpace(srv.stderr.String()), "\n") {
		if !strings.HasPrefix(l, "content/historier/") && !regexp.MustCompile(`^\d+ sider? har feil og er utelatt: `).MatchString(l) {
			unexpected = append(unexpected, l)
		}
	}
	if len(unexpected) > 0 {
		t.Errorf("works serve printed more than the errors and warnings of the files saved:\n%s", strings.Join(unexpected, "\n"))
	}
}

// pageOverlays returns the addresses, of paths, whose page shows the error
// overlay.
func pageOverlays(t *testing.T, origin string, paths ...string) []string {
	t.Helper()
	var shown []string
	for _, p := range paths {
		resp, err := http.Get(origin + p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		if bytes.Contains(body, []byte("<works-overlay>")) {
			shown = append(shown, p)
		}
	}
	return shown
}

// rebuilds counts the builds works serve has reported since it started.
func rebuilds(srv *worksServe) int {
	return strings.Count(srv.stdout.String(), " Bygde på nytt på ")
}

// waitRebuilt returns once works serve has reported more than n builds.
func waitRebuilt(t *testing.T, srv *worksServe, n int) {
	t.Helper()
	for deadline := time.Now().Add(liveWait); rebuilds(srv) <= n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("works serve did not rebuild within %v\nstdout: %s\nstderr: %s", liveWait, srv.stdout, srv.stderr)
		}
	}
}

// serveDrafts: a draft made with works new while the preview runs, and
// then broken, never takes the rest of the site down; its errors show on
// its own page.
func serveDrafts(t *testing.T, srv *worksServe, bin, site string, browser context.Context) {
	origin := strings.TrimSuffix(srv.url, "/")
	hv := &visit{origin: origin, target: origin + "/", status: 200, urls: map[network.RequestID]string{}}
	home, cancel := openTab(t, browser, viewport{name: "1280", width: 1280, height: 800}, hv)
	defer cancel()
	homeLive := &liveStreams{}
	if err := chromedp.Listen(home, homeLive.listen); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(home, chromedp.Navigate(hv.target)); err != nil {
		t.Fatalf("open the home page: %v", err)
	}
	homeLive.wait(t)

	n := rebuilds(srv)
	out, err := exec.Command(bin, "new", "-s", site, "historier", "Ny fabrikk i Drammen").CombinedOutput()
	if err != nil {
		t.Fatalf("works new: %v\n%s", err, out)
	}
	const draft, draftPath = "content/historier/ny-fabrikk-i-drammen/index.md", "/historier/ny-fabrikk-i-drammen/"
	if !strings.Contains(string(out), filepath.FromSlash(draft)) {
		t.Fatalf("works new made %s, want %s", out, draft)
	}
	waitRebuilt(t, srv, n)
	if _, ok := waitFor(home, `document.readyState === 'complete'`, liveWait); !ok {
		t.Fatal("the home page did not load again")
	}
	if _, ok := waitFor(home, `!document.querySelector('works-overlay')`, 0); !ok {
		t.Errorf("the home page shows an overlay after works new: %q", evalString(t, home, overlayTextJS))
	}

	dv := &visit{origin: origin, target: origin + draftPath, status: 200, urls: map[network.RequestID]string{}}
	dtab, dcancel := openTab(t, browser, viewport{name: "1280", width: 1280, height: 800}, dv)
	defer dcancel()
	dLive := &liveStreams{}
	if err := chromedp.Listen(dtab, dLive.listen); err != nil {
		t.Fatal(err)
	}
	if resp, err := chromedp.Run(dtab, chromedp.NavigateResponse(dv.target)); err != nil || resp.Status != 200 {
		t.Fatalf("open the new draft: %v, %v", resp, err)
	}
	dLive.wait(t)
	homeLive.wait(t)

	// Break the draft's settings: the overlay is on its page alone.
	data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(draft)))
	if err != nil {
		t.Fatal(err)
	}
	dateLine := regexp.MustCompile(`(?m)^date: .*$`).FindString(string(data))
	if dateLine == "" {
		t.Fatalf("the new draft has no date:\n%s", data)
	}
	editFile(t, site, draft, dateLine, "date: 31.12.2026")
	brokenDraft := draft + ":3:7"
	if _, ok := waitFor(dtab, fmt.Sprintf(`%s.includes(%q)`, overlayTextJS, brokenDraft), liveWait); !ok {
		t.Fatalf("the draft's page shows no overlay naming %s; it shows %q\nstderr: %s", brokenDraft, evalString(t, dtab, overlayTextJS), srv.stderr)
	}
	if text := evalString(t, dtab, overlayTextJS); !strings.Contains(text, "Denne siden har") || !strings.Contains(text, "Slik retter du det: ") {
		t.Errorf("the draft's overlay does not say what is wrong and how to fix it:\n%s", text)
	}
	if _, ok := waitFor(home, `document.readyState === 'complete' && !document.querySelector('works-overlay')`, time.Second); !ok {
		t.Errorf("the home page shows the draft's error: %q", evalString(t, home, overlayTextJS))
	}
	if overlays := pageOverlays(t, origin, "/", "/historier/", serveStoryPath); len(overlays) > 0 {
		t.Errorf("other pages show the draft's error: %v", overlays)
	}
	if !strings.Contains(srv.stderr.String(), brokenDraft+": ") {
		t.Errorf("the terminal does not show the draft's error:\n%s", srv.stderr)
	}
	// A save of another page leaves the draft's errors on it.
	n = rebuilds(srv)
	editFile(t, site, serveStory, "\n## ", "\nEn ny setning.\n\n## ")
	waitRebuilt(t, srv, n)
	time.Sleep(500 * time.Millisecond) // for the build's event to reach the draft's tab
	if _, ok := waitFor(dtab, fmt.Sprintf(`document.readyState === 'complete' && %s.includes(%q)`, overlayTextJS, brokenDraft), 0); !ok {
		t.Errorf("the draft's overlay went away when another page was saved")
	}
	checkProblems(t, hv)
}

// serveWarnings: a warning-producing save shows the warning in the open
// page's panel after the reload; the panel can be hidden with the
// keyboard and stays hidden.
func serveWarnings(t *testing.T, srv *worksServe, site string, tab context.Context, live *liveStreams) {
	live.wait(t)
	editFile(t, site, serveStory, "\n## ", "\nLes mer [her](../_index.md).\n\n## ")
	const panelText = `(() => {
  const p = document.querySelector('works-warnings');
  return p && p.shadowRoot ? p.shadowRoot.textContent : '';
})()`
	if _, ok := waitFor(tab, fmt.Sprintf(`%s.includes('lenketeksten «her»')`, panelText), liveWait); !ok {
		t.Fatalf("no warnings panel with the warning %v after saving; it shows %q\nstderr: %s", liveWait, evalString(t, tab, panelText), srv.stderr)
	}
	text := evalString(t, tab, panelText)
	for _, want := range []string{"advarsel", serveStory + ":", "Slik retter du det: "} {
		if !strings.Contains(text, want) {
			t.Errorf("the panel does not show %q:\n%s", want, text)
		}
	}
	var box struct {
		Width, Height, Bottom, ViewHeight float64
		Label                             string
	}
	if err := evalJSON(tab, `JSON.stringify((() => {
  const p = document.querySelector('works-warnings'), r = p.getBoundingClientRect();
  const aside = p.shadowRoot.querySelector('aside'), h = p.shadowRoot.getElementById(aside.getAttribute('aria-labelledby'));
  return {Width: r.width, Height: r.height, Bottom: r.bottom, ViewHeight: innerHeight, Label: h ? h.textContent : ''};
})())`, &box); err != nil {
		t.Fatal(err)
	}
	if box.Width < 200 || box.Width > 700 || box.Height < 40 || box.Bottom > box.ViewHeight {
		t.Errorf("the panel is not a small box in view: %+v", box)
	}
	if !strings.Contains(box.Label, "på denne siden") {
		t.Errorf("the panel is labelled %q", box.Label)
	}
	if !strings.Contains(srv.stderr.String(), "advarsel: lenketeksten «her»") {
		t.Errorf("the terminal does not show the warning:\n%s", srv.stderr)
	}

	// Hide it from the keyboard: Tab to its button (focus it here), Escape.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`document.querySelector('works-warnings').shadowRoot.querySelector('[data-works-dismiss]').focus()`)); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, tab, `document.activeElement ? document.activeElement.localName : ''`); got != "works-warnings" {
		t.Errorf("the panel's button cannot take the focus (focus is on %q)", got)
	}
	if _, err := chromedp.Run(tab, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if _, ok := waitFor(tab, `!document.querySelector('works-warnings')`, time.Second); !ok {
		t.Fatal("Escape did not hide the panel")
	}
	live.wait(t)
	if _, err := chromedp.Run(tab, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if _, ok := waitFor(tab, `document.readyState === 'complete'`, liveWait); !ok {
		t.Fatal("the page did not load again")
	}
	if _, ok := waitFor(tab, `!document.querySelector('works-warnings')`, 0); !ok {
		t.Errorf("the hidden panel came back after a reload, its warnings the same")
	}
	live.wait(t)
}

// checkProblems fails the test for every problem the browser reported but
// those the preview causes on purpose.
func checkProblems(t *testing.T, v *visit) {
	t.Helper()
	v.mu.Lock()
	problems := slices.Clone(v.problems)
	v.mu.Unlock()
	for _, p := range problems {
		if expectedProblem(p) {
			t.Logf("expected: %s", p)
			continue
		}
		t.Errorf("%s", p)
	}
}
