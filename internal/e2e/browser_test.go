package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// startBrowser starts headless Chromium with a fresh profile and no way to
// reach any host but the loopback address, and stops it when the test ends.
func startBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		// Any name but the test server's address fails to resolve, so a page
		// that asks for another host gets an error, never a real answer.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", chromium, err)
	}
	return ctx
}

// viewport is a browser window the pages are checked in.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
	dark          bool // prefers-color-scheme: dark
}

// visit records what a page did while it loaded: the problems a visitor's
// browser would report.
type visit struct {
	origin string // "http://127.0.0.1:PORT"
	target string // the page's URL
	status int64  // the HTTP status the page itself should have

	mu       sync.Mutex
	urls     map[network.RequestID]string
	problems []string
}

func (v *visit) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// listen is called by chromedp for every event of the tab; it must not block.
func (v *visit) listen(ev any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, cmp.Or(a.Description, string(a.Value)))
			}
			v.addf("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		v.addf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		if e.Source == log.EntrySourceNetwork && e.URL == v.target && v.status != 200 {
			return // the expected status of the page itself, e.g. 404
		}
		v.addf("browser log (%s): %s %s", e.Source, e.Text, e.URL)
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		v.urls[ev.RequestID] = u
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https" || p.Scheme == "ws" || p.Scheme == "wss") {
			if p.Scheme+"://"+p.Host != v.origin {
				v.addf("request to another host: %s", u)
			}
		}
	case *network.EventResponseReceived:
		r := ev.Response
		want := int64(200)
		if r.URL == v.target {
			want = v.status
		}
		if r.Status != want && !(r.Status == 304 && want == 200) {
			v.addf("HTTP %d (want %d) for %s", r.Status, want, r.URL)
		}
	case *network.EventLoadingFailed:
		v.addf("request failed (%s): %s", ev.ErrorText, v.urls[ev.RequestID])
	}
}

// pageFacts are read from the page after it loaded.
type pageFacts struct {
	ScrollWidth int    `json:"scrollWidth"`
	InnerWidth  int    `json:"innerWidth"`
	H1          int    `json:"h1"`
	Lang        string `json:"lang"`
	Title       string `json:"title"`
	Cookie      string `json:"cookie"`
	Main        int    `json:"main"`
	SkipTarget  bool   `json:"skipTarget"`
}

const factsJS = `JSON.stringify({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  h1: document.querySelectorAll('h1').length,
  lang: document.documentElement.lang,
  title: document.title,
  cookie: document.cookie,
  main: document.querySelectorAll('main').length,
  skipTarget: (() => { const a = document.querySelector('a[href^="#"]'); return !!a && !!document.getElementById(a.getAttribute('href').slice(1)); })(),
})`

// focusFacts describe the element that has the keyboard focus.
type focusFacts struct {
	Tag      string `json:"tag"`
	Href     string `json:"href"`
	OnScreen bool   `json:"onScreen"`
	Outline  bool   `json:"outline"`
}

const focusJS = `JSON.stringify((() => {
  const a = document.activeElement, r = a.getBoundingClientRect(), s = getComputedStyle(a);
  return {
    tag: a.tagName.toLowerCase(), href: a.getAttribute('href') || '',
    onScreen: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
  };
})())`

// weightJS sums the bytes of the page's HTML, CSS and JavaScript as the
// browser decoded them: before compression, images excluded.
const weightJS = `JSON.stringify((() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const out = [{name: location.pathname, bytes: nav.decodedBodySize}];
  for (const r of performance.getEntriesByType('resource')) {
    if (r.initiatorType === 'script' || /\.(css|m?js)(\?|$)/.test(new URL(r.name).pathname)) {
      out.push({name: new URL(r.name).pathname, bytes: r.decodedBodySize});
    }
  }
  return out;
})())`

type resourceWeight struct {
	Name  string `json:"name"`
	Bytes int    `json:"bytes"`
}

// axeRunJS runs axe-core's WCAG 2.0 and 2.1 A and AA rules on the page.
const axeRunJS = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations'],
}).then(r => JSON.stringify(r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary})),
}))))`

type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    - %s\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
	}
	return b.String()
}

// evalJSON evaluates a script that returns JSON text and decodes it into out.
func evalJSON(ctx context.Context, script string, out any, opts ...chromedp.EvaluateOption) error {
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, opts...))
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(text), out)
}

// openTab opens a new tab with the viewport set, listening to v.
func openTab(t *testing.T, browser context.Context, vp viewport, v *visit) (context.Context, context.CancelFunc) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	if err := chromedp.Listen(ctx, v.listen); err != nil {
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	opts := []chromedp.EmulateViewportOption{}
	if vp.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	scheme := "light"
	if vp.dark {
		scheme = "dark"
	}
	err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...))
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
	}
	if err != nil {
		cancel()
		t.Fatalf("set the viewport: %v", err)
	}
	return ctx, cancel
}

// loadAllImages makes lazy images load and waits for them, so that a full
// screenshot shows them.
const loadAllImagesJS = `(async () => {
  document.querySelectorAll('img[loading="lazy"]').forEach(i => { i.loading = 'eager'; });
  await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return "ok";
})()`
