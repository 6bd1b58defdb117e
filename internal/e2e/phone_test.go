package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/tools/txtar"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/headers"
	"github.com/drammen-works/works/internal/site"
)

// phoneViewports are the phones TestPhone holds the theme to, with their
// windows' real heights: the smallest we support, and two common ones.
var phoneViewports = []viewport{
	{name: "320", width: 320, height: 568, mobile: true},
	{name: "375", width: 375, height: 812, mobile: true},
	{name: "414", width: 414, height: 896, mobile: true},
}

// phoneFixture is the content TestPhone adds to the sample site; wideFile
// is the part of it added to the end of the pages in widePages.
const (
	phoneFixture = "testdata/phone.txtar"
	wideFile     = "wide.md"
	longWord     = "Tilgjengelighetserklæringsarbeidsgruppen"
)

// phonePage is a page TestPhone opens, and what it must show.
type phonePage struct {
	name   string
	path   string
	status int64
	wide   bool   // has the code line and the table of wide.md
	short  bool   // so short that, in a laptop's window, only the stretched page keeps the footer at the bottom
	term   string // the term name the h1 must show, in the page's language
}

// TestPhone builds the sample site with the content of testdata/phone.txtar
// added, serves it with the host headers the build writes (so the strict
// Content-Security-Policy applies, as on the real host), and opens one page
// of every template at 320, 375 and 414 px. On each: the page never
// scrolls sideways; a code block or table wider than the phone scrolls
// inside itself, can be reached with the keyboard, and keeps to the
// window; cells of number columns align right; the main menu never leaves
// one item alone on its last line; a heading with a long compound word
// asks for hyphens (hyphens: auto) in the page's language, though whether
// one shows is the browser's dictionary's to say (headless Chromium on
// Linux has none, and breaks the word without); the footer ends at the
// bottom of the window, or of the page when it is longer; an English term
// page names its term in English; and axe-core finds nothing, as in
// TestSite.
func TestPhone(t *testing.T) {
	tl := findTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	dir := phoneSite(t)
	port := freePort(t)
	origin := fmt.Sprintf("http://127.0.0.1:%d", port)
	public := filepath.Join(t.TempDir(), "public")
	res, err := build.Run(ctx, build.Options{Source: dir, Destination: public, BaseURL: origin + "/", Cache: filepath.Join(t.TempDir(), "cache")})
	if err != nil {
		t.Fatalf("build the sample site with %s: %v", phoneFixture, err)
	}
	for _, w := range res.Warnings {
		t.Errorf("build warning: %v", w)
	}
	startNginx(t, public, port, langPrefixes(res.Model), filepath.Join(public, headers.NginxName))
	browser := startBrowser(t, tl.chromium)
	pages := phonePages(t, res.Model, dir)

	for _, vp := range phoneViewports {
		t.Run(vp.name, func(t *testing.T) {
			for _, pg := range pages {
				t.Run(pg.name, func(t *testing.T) {
					t.Parallel()
					checkPhonePage(t, browser, tl, origin, vp, pg)
				})
			}
		})
	}
	// On a phone held upright the footer alone fills most of the window,
	// so no page is short enough to show a gap under it: the short page
	// is opened in TestSite's laptop window too.
	laptop := viewports[1]
	for _, pg := range pages {
		if pg.short {
			t.Run(laptop.name+"/"+pg.name, func(t *testing.T) { checkPhonePage(t, browser, tl, origin, laptop, pg) })
		}
	}
}

// phoneSite copies the sample site into a temporary folder and adds
// phoneFixture to it.
func phoneSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"works.toml", "content", "themes", "i18n", "layouts", "assets", "static", "data"} {
		src := filepath.Join(repoRoot, name)
		info, err := os.Stat(src)
		switch {
		case os.IsNotExist(err):
			continue
		case err != nil:
			t.Fatal(err)
		case info.IsDir():
			err = os.CopyFS(filepath.Join(dir, name), os.DirFS(src))
		default:
			var data []byte
			if data, err = os.ReadFile(src); err == nil {
				err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
			}
		}
		if err != nil {
			t.Fatalf("copy the sample site: %v", err)
		}
	}
	ar, err := txtar.ParseFile(phoneFixture)
	if err != nil {
		t.Fatal(err)
	}
	var wide []byte
	for _, f := range ar.Files {
		if f.Name == wideFile {
			wide = f.Data
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if wide == nil {
		t.Fatalf("%s has no %s", phoneFixture, wideFile)
	}
	for _, name := range widePages {
		f, err := os.OpenFile(filepath.Join(dir, filepath.FromSlash(name)), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatalf("add %s to %s: %v", wideFile, name, err)
		}
		_, err = f.Write(append([]byte("\n"), wide...))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// widePages are the files wide.md is added to; phonePages opens each.
var widePages = []string{
	"content/_index.md",
	"content/historier/_index.md",
	"content/sok.md",
	"content/historier/tilgjengelighetsarbeidsgruppen/index.md",
	"content/prosjekter/tilgjengelighetsprosjektet.md",
}

// phonePages picks one page of every template from the built model.
func phonePages(t *testing.T, m *site.Model, dir string) []phonePage {
	t.Helper()
	nb := m.Sites[0]
	byFile := map[string]*site.Page{}
	for _, p := range m.Pages {
		if f := p.File(); f != "" {
			byFile[f] = p
		}
	}
	var out []phonePage
	add := func(pg phonePage, p *site.Page) {
		if p == nil {
			t.Errorf("the site has no page for %q", pg.name)
			return
		}
		pg.path, pg.status = p.RelPermalink, 200
		out = append(out, pg)
	}
	for _, f := range []struct{ name, file string }{
		{"home", "content/_index.md"},
		{"section", "content/historier/_index.md"},
		{"story", "content/historier/tilgjengelighetsarbeidsgruppen/index.md"},
		{"project", "content/prosjekter/tilgjengelighetsprosjektet.md"},
		{"search", "content/sok.md"},
		{"short", "content/kort.md"},
	} {
		add(phonePage{name: f.name, wide: slices.Contains(widePages, f.file), short: f.name == "short"}, byFile[f.file])
	}
	tags := nb.Taxonomies["tags"]
	if tags == nil {
		t.Fatal("the sample site has no tags taxonomy")
	}
	add(phonePage{name: "tags"}, tags.Page)
	var long *site.Term
	for _, term := range tags.Terms {
		if term.Name == longWord {
			long = term
		}
	}
	if long == nil {
		t.Fatalf("no tag %q: %s no longer gives it", longWord, phoneFixture)
	}
	add(phonePage{name: "term"}, long.Page)
	out = append(out, phonePage{name: "404", path: "/finnes-ikke/", status: 404})

	// An English term page: its h1 must be the term's English name.
	en := englishTerms(t, dir)
	for _, s := range m.Sites[1:] {
		if s.Language.Lang != "en" {
			continue
		}
		tax := s.Taxonomies["tags"]
		if tax == nil || len(tax.Terms) == 0 {
			t.Fatal("the English site has no tags")
		}
		biggest := tax.Terms[0]
		for _, term := range tax.Terms {
			if term.Count() > biggest.Count() {
				biggest = term
			}
		}
		key := tax.Singular + "_" + biggest.Slug
		name, ok := en[key]
		if !ok {
			t.Errorf("no English name for the tag %q: i18n/en.toml has no %s", biggest.Name, key)
			continue
		}
		if strings.EqualFold(name, biggest.Name) {
			t.Fatalf("the English name of %q is the same word; pick a tag that tells the languages apart", biggest.Name)
		}
		add(phonePage{name: "term-en", term: name}, biggest.Page)
	}
	return out
}

// englishTerms reads the English UI strings the build uses: the theme's
// i18n/en.toml, under the site's own.
func englishTerms(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, file := range []string{"themes/works/i18n/en.toml", "i18n/en.toml"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			t.Fatal(err)
		}
		var raw map[string]any
		if err := toml.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for k, v := range raw {
			if s, ok := v.(string); ok {
				out[k] = s
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("found no English strings")
	}
	return out
}

// phoneFacts are what phoneJS reads from a page.
type phoneFacts struct {
	ScrollWidth  int        `json:"scrollWidth"`
	InnerWidth   int        `json:"innerWidth"`
	InnerHeight  int        `json:"innerHeight"`
	ScrollHeight int        `json:"scrollHeight"`
	Outside      []string   `json:"outside"` // elements that reach past the window, not inside a scroller
	Scrollers    []scroller `json:"scrollers"`
	MenuTops     []int      `json:"menuTops"`
	FooterBottom float64    `json:"footerBottom"` // from the top of the document
	Natural      float64    `json:"natural"`      // the page's height without the stretch: header, trail, main's content and footer
	NumberCells  []cell     `json:"numberCells"`
	LongHeadings []heading  `json:"longHeadings"`
	H1           heading    `json:"h1"`
}

// scroller is a code block or table in main.
type scroller struct {
	Tag         string  `json:"tag"`
	ScrollWidth int     `json:"scrollWidth"`
	ClientWidth int     `json:"clientWidth"`
	Left        float64 `json:"left"`
	Right       float64 `json:"right"`
	OverflowX   string  `json:"overflowX"`
	TabIndex    int     `json:"tabIndex"`
	Scrolls     bool    `json:"scrolls"` // scrollLeft moved when the script scrolled it
}

type cell struct {
	Text  string `json:"text"`
	Align string `json:"align"`
}

type heading struct {
	Tag     string `json:"tag"`
	Text    string `json:"text"`
	Hyphens string `json:"hyphens"`
	Lang    string `json:"lang"` // of the nearest element with one
}

// phoneJS reads phoneFacts in a window W px wide: called with W, it
// returns JSON. A number cell is one whose text is digits with spaces,
// commas, points, signs, % or kr. An element reaches outside when its right
// edge passes the window and no ancestor clips or scrolls it.
const phoneJS = `((W) => JSON.stringify((() => {
  const root = document.documentElement, main = document.querySelector('main');
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const outside = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > W + 0.5 && !clipped(el)) {
      outside.push(name(el) + ' ' + Math.round(r.right) + ' px: ' + (el.textContent || '').trim().slice(0, 50));
      if (outside.length >= 5) break;
    }
  }
  const scrollers = [...main.querySelectorAll('pre, table')].map((el) => {
    const r = el.getBoundingClientRect(), before = el.scrollLeft;
    el.scrollLeft = 40;
    const moved = el.scrollLeft !== before;
    el.scrollLeft = before;
    return {tag: el.tagName.toLowerCase(), scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
      left: r.left, right: r.right, overflowX: getComputedStyle(el).overflowX, tabIndex: el.tabIndex, scrolls: moved};
  });
  const menuTops = [...document.querySelectorAll('.menu li')].map((li) => Math.round(li.getBoundingClientRect().top + scrollY));
  const footer = document.querySelector('.site-footer');
  const height = (el) => el ? el.getBoundingClientRect().height : 0;
  let natural = height(document.querySelector('.site-header')) + height(document.querySelector('.breadcrumbs')) + height(footer);
  for (const c of main.children) natural += height(c);
  const numberCells = [...main.querySelectorAll('td, th')]
    .filter((c) => /^[−–+-]?\d[\d\s.,]*\s*(%|kr)?$/.test(c.textContent.trim()))
    .map((c) => ({text: c.textContent.trim(), align: getComputedStyle(c).textAlign}));
  const describe = (el) => el && ({tag: el.tagName.toLowerCase(), text: el.textContent.trim(),
    hyphens: getComputedStyle(el).hyphens, lang: (el.closest('[lang]') || root).lang});
  const longHeadings = [...document.querySelectorAll('h1, h2, h3')].filter((h) => /\S{30,}/.test(h.textContent)).map(describe);
  return {scrollWidth: root.scrollWidth, innerWidth, innerHeight, scrollHeight: root.scrollHeight, outside, scrollers, menuTops,
    footerBottom: footer ? footer.getBoundingClientRect().bottom + scrollY : 0, natural, numberCells, longHeadings,
    h1: describe(document.querySelector('h1 span[lang]') || document.querySelector('h1'))};
})()))`

func checkPhonePage(t *testing.T, browser context.Context, tl tools, origin string, vp viewport, pg phonePage) {
	v := &visit{origin: origin, target: origin + pg.path, status: pg.status, urls: map[network.RequestID]string{}}
	tab, cancel := loadPage(t, browser, vp, v, pg.path, int(pg.status))
	defer cancel()
	var f phoneFacts
	if err := evalJSON(tab, fmt.Sprintf("%s(%d)", phoneJS, vp.width), &f); err != nil {
		t.Fatalf("read the page: %v", err)
	}

	// A phone's browser widens the page's window (innerWidth) to what
	// sticks out, and zooms out to show it; so the page is measured
	// against the phone's own width.
	width := int(vp.width)
	if f.ScrollWidth > width || f.InnerWidth > width {
		t.Errorf("the page scrolls sideways: it is %d px wide (window %d px) on a %d px phone; past the edge: %s", f.ScrollWidth, f.InnerWidth, width, strings.Join(f.Outside, "; "))
	}
	checkScrollers(t, f, width, pg.wide)
	for _, c := range f.NumberCells {
		if c.Align != "right" {
			t.Errorf("the number %q in a table aligns %s, want right", c.Text, c.Align)
		}
	}
	if pg.wide && len(f.NumberCells) == 0 {
		t.Errorf("found no cells with numbers in the table of %s", wideFile)
	}
	checkMenuLines(t, f.MenuTops)
	for _, h := range f.LongHeadings {
		if h.Hyphens != "auto" || h.Lang == "" {
			t.Errorf("the heading <%s> %q has hyphens: %s in language %q; want hyphens: auto in the page's language", h.Tag, h.Text, h.Hyphens, h.Lang)
		}
	}
	if (pg.name == "story" || pg.name == "term") && !hasLongWord(f.LongHeadings) {
		t.Errorf("no heading shows %q", longWord)
	}

	// The footer ends where the document does, and the document is at
	// least as tall as the window.
	bottom := max(float64(f.InnerHeight), float64(f.ScrollHeight))
	if f.FooterBottom < bottom-1 || f.FooterBottom > bottom+1 {
		t.Errorf("the footer ends %.0f px from the top, want %.0f (the bottom of the %s); the page is %.0f px tall without stretching, in a %d px window",
			f.FooterBottom, bottom, map[bool]string{true: "window", false: "page"}[f.ScrollHeight <= f.InnerHeight], f.Natural, f.InnerHeight)
	}
	if pg.short && !vp.mobile && f.Natural >= float64(f.InnerHeight) {
		t.Errorf("the short page is %.0f px tall in a %d px window, so it no longer checks that the footer is pushed down", f.Natural, f.InnerHeight)
	}

	// The fixture's content on the theme's colours, and its scrollers,
	// by the WCAG rules of TestSite.
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

	if pg.term != "" {
		switch {
		case !strings.EqualFold(f.H1.Text, pg.term):
			t.Errorf("the English term page's h1 is %q, want the English name %q", f.H1.Text, pg.term)
		case f.H1.Lang != "en":
			t.Errorf("the English term page's h1 %q is marked lang=%q, want en", f.H1.Text, f.H1.Lang)
		}
	}
}

// checkScrollers holds the code blocks and tables in main to the window:
// each keeps inside it, and one wider than the phone scrolls inside itself
// and can be reached with the keyboard (Safari does not focus a scroller
// by itself). A page with wide.md must have both a code block and a table
// that are wider than the window.
func checkScrollers(t *testing.T, f phoneFacts, width int, wide bool) {
	t.Helper()
	scrolling := map[string]bool{}
	for _, s := range f.Scrollers {
		if s.Left < -0.5 || s.Right > float64(width)+0.5 {
			t.Errorf("a <%s> reaches from %.0f to %.0f px, outside the %d px window", s.Tag, s.Left, s.Right, width)
		}
		if s.ScrollWidth <= s.ClientWidth {
			continue
		}
		scrolling[s.Tag] = true
		if s.OverflowX != "auto" && s.OverflowX != "scroll" || !s.Scrolls {
			t.Errorf("a <%s> %d px wide in %d px does not scroll (overflow-x: %s)", s.Tag, s.ScrollWidth, s.ClientWidth, s.OverflowX)
		}
		if s.TabIndex < 0 {
			t.Errorf("a <%s> that scrolls cannot be reached with the keyboard (tabindex %d)", s.Tag, s.TabIndex)
		}
	}
	if wide {
		for _, tag := range []string{"pre", "table"} {
			if !scrolling[tag] {
				t.Errorf("the <%s> of %s does not scroll inside itself: none in main is wider than its box", tag, wideFile)
			}
		}
	}
}

// checkMenuLines fails when the menu's last line holds one item alone.
func checkMenuLines(t *testing.T, tops []int) {
	t.Helper()
	if len(tops) == 0 {
		t.Error("the page has no main menu")
		return
	}
	lines := map[int]int{}
	last := tops[0]
	for _, top := range tops {
		lines[top]++
		last = max(last, top)
	}
	if len(lines) > 1 && lines[last] == 1 {
		t.Errorf("the main menu's %d items take %d lines, and the last holds one alone (tops %v)", len(tops), len(lines), tops)
	}
}

func hasLongWord(hs []heading) bool {
	for _, h := range hs {
		if strings.Contains(h.Text, longWord) {
			return true
		}
	}
	return false
}
