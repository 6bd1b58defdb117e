package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/nginxtest"
	"github.com/drammen-works/works/internal/site"
)

var screenshots = flag.Bool("screenshots", false, "write screenshots of the home page and a story page to themes/works/screenshots/")

const (
	repoRoot       = "../.."
	screenshotDir  = repoRoot + "/themes/works/screenshots"
	maxStoryWeight = 50_000 // bytes of HTML + CSS + JS on a story page (issue 3)
)

// viewports are the widths every page is checked at: a small phone and a
// laptop; and the smallest phone we support, in the dark palette.
var viewports = []viewport{
	{name: "375", width: 375, height: 812, mobile: true},
	{name: "1280", width: 1280, height: 800},
	{name: "320-dark", width: 320, height: 640, mobile: true, dark: true},
}

// tools are the programs the test needs.
type tools struct {
	chromium string
	axe      string // the source of axe.min.js
}

// e2eOnly skips the test unless WORKS_E2E=1: the browser and server tests
// take minutes and need Chromium, nginx, Java and the npm tools, which
// .ci/run installs. Without it `go test ./...` stays quick and writes
// nothing into the checkout.
func e2eOnly(t *testing.T) {
	t.Helper()
	if os.Getenv("WORKS_E2E") != "1" {
		t.Skip("skipping the browser and server tests: set WORKS_E2E=1 to run them (.ci/run does)")
	}
}

// requirement reports a missing tool. The test runs only with WORKS_E2E=1
// (e2eOnly), which says it must run, so a missing tool fails it.
func requirement(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Fatalf("WORKS_E2E=1 but %s", fmt.Sprintf(format, args...))
}

// npmPackage returns the path of a file of an npm package of this folder,
// which .ci/run installs with npm ci --ignore-scripts (vnu-jar's install
// script would download a JDK without checking it).
func npmPackage(t *testing.T, file string) (string, bool) {
	t.Helper()
	path := filepath.Join("node_modules", file)
	_, err := os.Stat(path)
	return path, err == nil
}

// findTools looks for Chromium, nginx and axe-core.
func findTools(t *testing.T) tools {
	t.Helper()
	e2eOnly(t)
	var tl tools
	var err error
	if tl.chromium, err = lookPath("chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"); err != nil {
		requirement(t, "Chromium is not installed (apt-get install chromium)")
	}
	nginxtest.Binary(t) // fails now rather than after the build when nginx is missing
	axe, ok := npmPackage(t, "axe-core/axe.min.js")
	if !ok {
		requirement(t, "axe-core is not installed (run npm ci --ignore-scripts in internal/e2e)")
	}
	src, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}
	tl.axe = string(src)
	return tl
}

// servedSample is the sample site built for the address nginx serves it
// at, and that address.
type servedSample struct {
	res            *build.Result
	public, origin string
}

// serveSample builds the sample site and serves it with nginx until the
// test ends, with includes in nginx's server block (the headers file the
// build writes, say).
func serveSample(t *testing.T, ctx context.Context, includes ...string) servedSample {
	t.Helper()
	port := freePort(t)
	origin := fmt.Sprintf("http://127.0.0.1:%d", port)
	res, public := buildSample(t, ctx, origin+"/")
	var paths []string
	for _, inc := range includes {
		paths = append(paths, filepath.Join(public, inc))
	}
	startNginx(t, public, port, langPrefixes(res.Model), paths...)
	return servedSample{res: res, public: public, origin: origin}
}

// buildSample builds the sample site at the repository's root into a
// temporary folder, for the given base URL.
func buildSample(t *testing.T, ctx context.Context, baseURL string) (*build.Result, string) {
	t.Helper()
	public := filepath.Join(t.TempDir(), "public")
	res, err := build.Run(ctx, build.Options{Source: repoRoot, Destination: public, BaseURL: baseURL, Cache: filepath.Join(t.TempDir(), "cache")})
	if err != nil {
		t.Fatalf("build the sample site: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("build warning: %v", w)
	}
	return res, public
}

func lookPath(names ...string) (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("none of %s found", strings.Join(names, ", "))
}

// target is a page to check.
type target struct {
	name   string // "story", "home-en"
	path   string // "/historier/x/"
	status int64
}

// pickTargets chooses one page of every template from the built model, so the
// test follows the content instead of naming files.
func pickTargets(t *testing.T, m *site.Model) []target {
	t.Helper()
	nb := m.Sites[0]
	var out []target
	add := func(name string, p *site.Page) {
		if p == nil {
			t.Errorf("the sample site has no page for %q", name)
			return
		}
		out = append(out, target{name: name, path: p.RelPermalink, status: 200})
	}
	add("home", nb.Home)
	for _, s := range m.Sites[1:] {
		add("home-"+s.Language.Lang, s.Home)
	}
	section := func(name string) *site.Page {
		for _, s := range nb.Sections {
			if s.Section == name {
				return s
			}
		}
		return nil
	}
	firstIn := func(name string, ok func(*site.Page) bool) *site.Page {
		if s := section(name); s != nil {
			for _, p := range s.RegularPages() {
				if ok(p) {
					return p
				}
			}
		}
		return nil
	}
	every := func(*site.Page) bool { return true }

	stories := section("historier")
	add("section", stories)
	var paged *site.Page
	for _, p := range nb.Pages {
		if len(p.Pagers) > 1 {
			paged = p
			break
		}
	}
	if paged == nil {
		t.Errorf("the sample site has no list long enough to have a page 2")
	} else {
		out = append(out, target{name: "list-page-2", path: paged.Pagers[1].URL, status: 200})
	}
	story := firstIn("historier", func(p *site.Page) bool {
		return p.Params["image"] != nil && p.Project != nil && len(p.Translations) > 0
	})
	add("story", story)
	if story != nil && len(story.Translations) > 0 {
		add("story-"+story.Translations[0].Lang, story.Translations[0])
	}
	add("project", firstIn("prosjekter", func(p *site.Page) bool { return len(p.Referrers) > 0 }))
	add("news-list", section("nyheter"))
	add("news", firstIn("nyheter", every))
	if tags := nb.Taxonomies["tags"]; tags != nil {
		add("tags", tags.Page)
		var biggest *site.Term
		for _, term := range tags.Terms {
			if biggest == nil || term.Count() > biggest.Count() {
				biggest = term
			}
		}
		if biggest != nil {
			add("term", biggest.Page)
		}
	} else {
		t.Errorf("the sample site has no tags taxonomy")
	}
	// Pages at the top of content/: about, contact, accessibility, privacy.
	for _, p := range nb.RegularPages {
		if p.Section == "" {
			add("page-"+p.Slug, p)
		}
	}
	out = append(out, target{name: "404", path: "/finnes-ikke/", status: 404})
	for _, s := range m.Sites[1:] {
		out = append(out, target{name: "404-" + s.Language.Lang, path: s.Language.Prefix + "/does-not-exist/", status: 404})
	}
	return out
}

func TestSite(t *testing.T) {
	tl := findTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	sample := serveSample(t, ctx)
	res, origin := sample.res, sample.origin
	browser := startBrowser(t, tl.chromium)

	// -screenshots writes the theme's screenshots; WORKS_SCREENSHOTS_DIR
	// asks for one of every page checked, to review the whole theme.
	shots := shotPlan{dir: screenshotDir, only: screenshotNames}
	if !*screenshots && os.Getenv("WORKS_SCREENSHOTS") != "1" {
		shots.dir = ""
	}
	if dir := os.Getenv("WORKS_SCREENSHOTS_DIR"); dir != "" {
		shots = shotPlan{dir: dir}
	}
	if shots.dir != "" {
		if err := os.MkdirAll(shots.dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	// The pages are checked two at a time (go test -parallel), each in its
	// own tab; the group waits for them before the browser and server stop.
	t.Run("pages", func(t *testing.T) {
		for _, tg := range pickTargets(t, res.Model) {
			for _, vp := range viewports {
				t.Run(tg.name+"/"+vp.name, func(t *testing.T) {
					t.Parallel()
					v := &visit{origin: origin, target: origin + tg.path, status: tg.status, urls: map[network.RequestID]string{}}
					checkPage(t, browser, tl, v, vp, tg, shots)
				})
			}
		}
	})
}

// screenshotNames are the pages and viewports that -screenshots writes.
var screenshotNames = map[string]bool{
	"home/375": true, "home/1280": true, "story/375": true, "story/1280": true,
	"home/320-dark": true,
}

// shotPlan says which full-page screenshots to take, and where.
type shotPlan struct {
	dir  string          // "" takes none
	only map[string]bool // "page/viewport" names; nil takes every one
}

func (s shotPlan) wants(name string) bool { return s.dir != "" && (s.only == nil || s.only[name]) }

// loadPage opens v.target in a new tab at vp, within 45 seconds, and
// checks the HTTP status it answers; the tab lasts until cancel.
func loadPage(t *testing.T, browser context.Context, vp viewport, v *visit, path string, status int) (context.Context, context.CancelFunc) {
	t.Helper()
	tab, cancelTab := openTab(t, browser, vp, v)
	tab, cancelTimeout := context.WithTimeout(tab, 45*time.Second)
	cancel := func() { cancelTimeout(); cancelTab() }
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(v.target))
	if err != nil {
		cancel()
		t.Fatalf("load %s: %v", v.target, err)
	}
	if resp.Status != int64(status) {
		t.Errorf("%s answered HTTP %d, want %d", path, resp.Status, status)
	}
	return tab, cancel
}

func checkPage(t *testing.T, browser context.Context, tl tools, v *visit, vp viewport, tg target, shots shotPlan) {
	tab, cancel := loadPage(t, browser, vp, v, tg.path, int(tg.status))
	defer cancel()

	var facts pageFacts
	if err := evalJSON(tab, factsJS, &facts); err != nil {
		t.Fatalf("read the page: %v", err)
	}
	// A phone's browser widens its window (innerWidth) to what sticks out.
	if facts.ScrollWidth > int(vp.width) || facts.InnerWidth > int(vp.width) {
		t.Errorf("the page scrolls sideways: it is %d px wide in a %d px window on a %d px screen", facts.ScrollWidth, facts.InnerWidth, vp.width)
	}
	if facts.H1 != 1 {
		t.Errorf("the page has %d h1 elements, want exactly 1", facts.H1)
	}
	if facts.Main != 1 {
		t.Errorf("the page has %d main elements, want 1", facts.Main)
	}
	if facts.Lang == "" {
		t.Errorf("<html> has no lang attribute")
	}
	if !facts.SkipTarget {
		t.Errorf("the skip link's target does not exist")
	}
	if facts.Cookie != "" {
		t.Errorf("the page set cookies: %q", facts.Cookie)
	}

	if tg.name == "story" && vp.name == "375" {
		var parts []resourceWeight
		if err := evalJSON(tab, weightJS, &parts); err != nil {
			t.Fatalf("measure the page: %v", err)
		}
		total := 0
		var list []string
		for _, p := range parts {
			total += p.Bytes
			list = append(list, fmt.Sprintf("%s %d B", p.Name, p.Bytes))
		}
		t.Logf("story page weight: %d bytes of HTML, CSS and JS (%s)", total, strings.Join(list, ", "))
		if total > maxStoryWeight {
			t.Errorf("the story page weighs %d bytes of HTML, CSS and JS, more than %d", total, maxStoryWeight)
		}
	}

	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](tl.axe)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	var violations []violation
	if err := evalJSON(tab, axeRunJS, &violations, chromedp.EvalAwaitPromise); err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	for _, vi := range violations {
		t.Errorf("axe-core: %s", vi)
	}

	if shots.wants(tg.name + "/" + vp.name) {
		if _, err := chromedp.Run(tab, chromedp.Evaluate[string](loadAllImagesJS, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("load the images: %v", err)
		}
		png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("take a screenshot: %v", err)
		}
		name := filepath.Join(shots.dir, tg.name+"-"+vp.name+".png")
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", name)
	}

	// Last, as it changes the page: the first Tab must land on the skip
	// link, which must then be on screen with a visible focus outline.
	if err := chromedp.Do(tab, chromedp.KeyEvent("\t")); err != nil {
		t.Fatalf("press Tab: %v", err)
	}
	var focus focusFacts
	if err := evalJSON(tab, focusJS, &focus); err != nil {
		t.Fatalf("read the focus: %v", err)
	}
	switch {
	case !strings.HasPrefix(focus.Href, "#"):
		t.Errorf("the first Tab focuses <%s href=%q>, want the skip link", focus.Tag, focus.Href)
	case !focus.OnScreen:
		t.Errorf("the skip link is not on screen when it has focus")
	case !focus.Outline:
		t.Errorf("the skip link has no visible focus outline")
	}

	v.mu.Lock()
	problems := slices.Clone(v.problems)
	v.mu.Unlock()
	for _, p := range problems {
		t.Errorf("%s", p)
	}
}
