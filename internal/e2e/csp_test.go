package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/headers"
)

// cspPages are the pages of pickTargets that TestContentSecurityPolicy
// opens: one of every kind of page the theme makes. The search page is
// added to them, with a query typed.
var cspPages = []string{"home", "home-en", "section", "list-page-2", "story", "project", "news", "tags", "term", "404"}

// TestContentSecurityPolicy serves the sample site through nginx with the
// headers the build wrote for hosts (nginx-headers.conf, included as the
// README says) and opens every kind of page in the light and the dark
// palette. No page may break the policy: nothing inline to style or run,
// nothing from another host. A violation is seen twice over, as a
// securitypolicyviolation event in the page and as the browser's own
// report in its log, and fails the test. The brand colours must still
// reach the page: the elements that use --primary, --accent, --text and
// --surface (and the dark palette's band and image dimming) show the
// colours of works.toml.
func TestContentSecurityPolicy(t *testing.T) {
	tl := findTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	sample := serveSample(t, ctx, headers.NginxName)
	res, public, origin := sample.res, sample.public, sample.origin
	want := hostHeaders(t, public)
	policy := want["content-security-policy"]
	if !strings.Contains(policy, "default-src 'self'") {
		t.Fatalf("the build's %s has no strict Content-Security-Policy: %q", headers.NetlifyName, policy)
	}
	browser := startBrowser(t, tl.chromium)
	brand := res.Model.Config.Brand
	if brand.DarkColors == nil {
		t.Fatal("the sample site has no [brand.dark]; the dark palette cannot be checked")
	}

	var targets []target
	for _, tg := range pickTargets(t, res.Model) {
		if slices.Contains(cspPages, tg.name) {
			targets = append(targets, tg)
		}
	}
	if len(targets) != len(cspPages) {
		t.Fatalf("found %d of the pages %v", len(targets), cspPages)
	}
	search := searchPages(t, res.Model)["nb"]
	targets = append(targets, target{name: "search", path: search.RelPermalink, status: 200})

	for _, vp := range []viewport{viewports[1], viewports[2]} {
		seen := map[string]bool{} // the brand colours some element showed
		t.Run(vp.name, func(t *testing.T) {
			checked := 0
			for _, tg := range targets {
				t.Run(tg.name, func(t *testing.T) {
					checked++
					v := &visit{origin: origin, target: origin + tg.path, status: tg.status, urls: map[network.RequestID]string{}}
					tab := openPolicedTab(t, browser, vp, v)
					resp, err := chromedp.Run(tab, chromedp.NavigateResponse(v.target))
					if err != nil {
						t.Fatalf("load %s: %v", v.target, err)
					}
					for name, value := range want {
						if got := header(resp.Headers, name); got != value {
							t.Errorf("%s answered %s: %q, want %q as in %s", tg.path, name, got, value, headers.NetlifyName)
						}
					}
					if tg.name == "search" {
						if f := typeQuery(t, tab, "grunderiet"); f.Count == 0 {
							t.Errorf("the search for %q found nothing; status %q", "grunderiet", f.Status)
						}
					}
					for _, vi := range violations(t, tab) {
						t.Errorf("Content-Security-Policy violation: %s", vi)
					}
					for _, name := range checkBrandColours(t, tab, brand, vp.dark) {
						seen[name] = true
					}
					v.check(t) // the browser's log: its CSP reports, and any other error
				})
			}
			if checked < len(targets) {
				return // go test -run chose some pages only
			}
			for _, name := range []string{"primary", "accent", "text", "surface"} {
				if !seen[name] {
					t.Errorf("no page showed --%s on an element checked", name)
				}
			}
		})
	}

	// The checks above must be able to fail: a style added inline is
	// refused, and both the event and the browser's log report it.
	t.Run("an inline style is reported", func(t *testing.T) {
		v := &visit{origin: origin, target: origin + "/", status: 200, urls: map[network.RequestID]string{}}
		tab := openPolicedTab(t, browser, viewports[1], v)
		if err := chromedp.Do(tab, chromedp.Navigate(v.target)); err != nil {
			t.Fatalf("load %s: %v", v.target, err)
		}
		const addStyle = `(() => { const s = document.createElement('style'); s.textContent = 'body { color: red }'; document.head.append(s); return true; })()`
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](addStyle)); err != nil {
			t.Fatal(err)
		}
		if got := violations(t, tab); len(got) == 0 {
			t.Error("an inline <style> was added, but no securitypolicyviolation event was seen")
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			v.mu.Lock()
			n := len(v.problems)
			v.mu.Unlock()
			if n > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Error("an inline <style> was added, but the browser's log reported nothing")
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// hostHeaders reads the headers the build wrote for every address into
// _headers, by lower-case name.
func hostHeaders(t *testing.T, public string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(public, headers.NetlifyName))
	if err != nil {
		t.Fatalf("the build wrote no %s: %v", headers.NetlifyName, err)
	}
	out := map[string]string{}
	inAll := false
	for sc := bufio.NewScanner(bytes.NewReader(data)); sc.Scan(); {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "":
		case !strings.HasPrefix(line, " "):
			inAll = line == "/*"
		case inAll:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			if !ok {
				t.Fatalf("%s: %q is not a header", headers.NetlifyName, line)
			}
			out[strings.ToLower(name)] = strings.TrimSpace(value)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s sets no headers for /*:\n%s", headers.NetlifyName, data)
	}
	return out
}

// header returns a response header by name, in any case.
func header(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

// listenViolationsJS runs in every document before its own scripts and
// styles, and keeps each securitypolicyviolation event.
const listenViolationsJS = `window.worksCSP = [];
addEventListener('securitypolicyviolation', (e) => {
  worksCSP.push({directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, disposition: e.disposition});
}, true);`

// openPolicedTab opens a tab that records policy violations from the
// first byte of every page; it closes when the test ends.
func openPolicedTab(t *testing.T, browser context.Context, vp viewport, v *visit) context.Context {
	t.Helper()
	tab, cancelTab := openTab(t, browser, vp, v)
	tab, cancelTimeout := context.WithTimeout(tab, 45*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: listenViolationsJS}); err != nil {
		t.Fatalf("listen for policy violations: %v", err)
	}
	return tab
}

type cspViolation struct {
	Directive   string `json:"directive"`
	Blocked     string `json:"blocked"`
	Source      string `json:"source"`
	Line        int    `json:"line"`
	Disposition string `json:"disposition"`
}

func (v cspViolation) String() string {
	return fmt.Sprintf("%s blocked %q (%s line %d, %s)", v.Directive, v.Blocked, v.Source, v.Line, v.Disposition)
}

// violations returns the violations the page reported. The events are
// queued as tasks, so it lets the page run a moment first.
func violations(t *testing.T, tab context.Context) []cspViolation {
	t.Helper()
	const read = `new Promise((resolve) => setTimeout(() => resolve(JSON.stringify(window.worksCSP || null)), 100))`
	var got *[]cspViolation
	if err := evalJSON(tab, read, &got, chromedp.EvalAwaitPromise); err != nil {
		t.Fatalf("read the policy violations: %v", err)
	}
	if got == nil {
		t.Fatal("the page has no record of policy violations: the listener did not run")
	}
	return *got
}

// colourCheck is an element's computed property that shows a brand colour.
type colourCheck struct {
	Selector string `json:"selector"`
	Property string `json:"property"`
	Want     string `json:"want"`     // a CSS value, resolved by the browser as a colour unless Literal
	Literal  bool   `json:"literal"`  // compare Want as it is (filter values)
	Required bool   `json:"required"` // on every page
	Brand    string `json:"brand"`    // the brand colour it shows: "primary", …; "" for a derived one
}

// brandChecks are the elements that show the palette of works.toml, light
// or dark, as the theme's stylesheet uses it.
func brandChecks(brand config.Brand, dark bool) []colourCheck {
	p := brand.Colors
	// The footer is a band: the primary colour in the light palette, a
	// dark mix of it in the dark one.
	bandBg, bandBrand, bandFg, imgFilter := p.Primary, "primary", p.Surface, "none"
	if dark {
		p = *brand.DarkColors
		bandBg, bandBrand = fmt.Sprintf("color-mix(in srgb, %s 16%%, %s)", p.Primary, p.Surface), ""
		bandFg = p.Text
		imgFilter = "brightness(0.9)"
	}
	return []colourCheck{
		{Selector: "body", Property: "color", Want: p.Text, Required: true, Brand: "text"},
		{Selector: "body", Property: "background-color", Want: p.Surface, Required: true, Brand: "surface"},
		{Selector: ".site-header", Property: "background-color", Want: p.Surface, Required: true, Brand: "surface"},
		{Selector: ".site-footer", Property: "background-color", Want: bandBg, Required: true, Brand: bandBrand},
		{Selector: ".site-footer", Property: "color", Want: bandFg, Required: true},
		{Selector: ".button:not(.band .button)", Property: "background-color", Want: p.Accent, Brand: "accent"},
		{Selector: ".kicker", Property: "color", Want: p.Accent, Brand: "accent"},
		{Selector: ".figure-value", Property: "color", Want: p.Primary, Brand: "primary"},
		{Selector: ".status-aktiv", Property: "background-color", Want: p.Primary, Brand: "primary"},
		{Selector: ".menu a[aria-current]", Property: "color", Want: p.Primary, Brand: "primary"},
		{Selector: ".card img", Property: "filter", Want: imgFilter, Literal: true},
	}
}

// checkColoursJS resolves each wanted colour through a probe element, so
// that both sides are serialised by the browser alike, and reads each
// element's computed property. A missing element is reported as absent.
const checkColoursJS = `JSON.stringify((() => {
  const probe = document.createElement('div');
  document.body.append(probe);
  const out = %s.map((c) => {
    const el = document.querySelector(c.selector);
    if (!el) return {absent: true};
    let want = c.want;
    if (!c.literal) { probe.style.color = ''; probe.style.color = c.want; want = getComputedStyle(probe).color; }
    return {got: getComputedStyle(el).getPropertyValue(c.property), want};
  });
  probe.remove();
  return out;
})())`

// colourResult is what checkColoursJS read for one colourCheck.
type colourResult struct {
	Absent bool   `json:"absent"`
	Got    string `json:"got"`
	Want   string `json:"want"`
}

// checkBrandColours fails the test for every element that does not show
// its brand colour, and returns the brand colours that were seen.
func checkBrandColours(t *testing.T, tab context.Context, brand config.Brand, dark bool) []string {
	t.Helper()
	checks := brandChecks(brand, dark)
	list, err := json.Marshal(checks)
	if err != nil {
		t.Fatal(err)
	}
	var results []colourResult
	if err := evalJSON(tab, fmt.Sprintf(checkColoursJS, list), &results); err != nil {
		t.Fatalf("read the colours: %v", err)
	}
	if len(results) != len(checks) {
		t.Fatalf("%d colours read for %d checks", len(results), len(checks))
	}
	var seen []string
	for i, c := range checks {
		r := results[i]
		switch {
		case r.Absent && c.Required:
			t.Errorf("the page has no %s, whose %s shows the brand", c.Selector, c.Property)
		case r.Absent:
		case r.Got != r.Want:
			t.Errorf("%s has %s %s, want %s (%s from works.toml)", c.Selector, c.Property, r.Got, r.Want, c.Want)
		case c.Brand != "":
			seen = append(seen, c.Brand)
		}
	}
	return seen
}
