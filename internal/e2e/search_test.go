package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/drammen-works/works/internal/search"
	"github.com/drammen-works/works/internal/site"
)

// firstQueryBudget is what a first query may download on a site of 10 000
// pages: the manifest, the term chunks and the results' metadata (issue 5).
const firstQueryBudget = 500_000

// searchServer is the sample site served for the search tests.
type searchServer struct {
	origin  string
	public  string
	model   *site.Model
	browser context.Context
	tools   tools
}

// TestSearch drives the search page of the sample site in Chromium: the
// script folds exactly as internal/search does, a query typed without
// accents finds the right page, matches are marked, the count is announced,
// the keyboard reaches the results, axe-core finds nothing in either
// language, and without JavaScript the page says so. It logs the time from
// the input event to the results and the bytes a first query fetches, on
// the sample site and on a generated index of 10 000 pages.
func TestSearch(t *testing.T) {
	tl := findTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	port := freePort(t)
	srv := &searchServer{origin: fmt.Sprintf("http://127.0.0.1:%d", port), tools: tl}
	res, public := buildSample(t, ctx, srv.origin+"/")
	srv.public, srv.model = public, res.Model
	startNginx(t, public, port, langPrefixes(res.Model))
	srv.browser = startBrowser(t, tl.chromium)
	pages := searchPages(t, res.Model)

	t.Run("fold", func(t *testing.T) { checkFold(t, srv, pages["nb"].RelPermalink) })
	t.Run("stem and near", func(t *testing.T) { checkStemNear(t, srv, pages["nb"].RelPermalink) })

	for _, tc := range []struct {
		name, lang, query string
		want              string   // the content file of the first result
		marks             []string // what its title must have marked
	}{
		{"without accents", "nb", "grunderiet", "nyheter/grunderiet-50-oppstartsbedrifter.md", []string{"Gründeriet"}},
		{"ae for æ", "nb", "naeringsvekst", "prosjekter/naeringsvekst-2020.md", []string{"Næringsvekst"}},
		{"aa for å and a prefix", "nb", "aapen grunderk", "nyheter/apen-grunderkveld.md", []string{"Åpen", "gründerk"}},
		{"english", "en", "circular", "prosjekter/sirkulaer-havn.md", []string{"Circular"}},
		{"a for æ", "nb", "sirkular", "prosjekter/sirkulaer-havn.md", []string{"Sirkulær"}},
		{"a letter wrong", "nb", "sirkuler", "prosjekter/sirkulaer-havn.md", []string{"Sirkulær"}},
		{"a letter extra", "nb", "bakerei", "historier/bakeriet-i-sentrum/index.md", []string{"Bakeriet"}},
		{"another form", "nb", "bedrifter", "nyheter/baerekraftig-omstilling-i-medlemsbedriftene.md", []string{"bedriftene"}},
		{"nothing found", "nb", "xyzzyq", "", nil},
	} {
		t.Run("query/"+tc.name, func(t *testing.T) {
			var want *site.Page
			if tc.want != "" {
				if want = res.Model.Lookup(tc.lang, tc.want); want == nil || want.Lang != tc.lang {
					t.Fatalf("the sample site has no %s page for %s", tc.lang, tc.want)
				}
			}
			checkQuery(t, srv, pages[tc.lang].RelPermalink, tc.query, want, tc.marks)
		})
	}

	for _, q := range readForgivingQueries(t) {
		t.Run("forgiving/"+q.lang+"/"+q.query, func(t *testing.T) {
			want := res.Model.Lookup(q.lang, q.first)
			if want == nil || want.Lang != q.lang {
				t.Fatalf("the sample site has no %s page for %s", q.lang, q.first)
			}
			checkForgivingQuery(t, srv, pages[q.lang].RelPermalink, q, want.RelPermalink)
		})
	}

	for _, lang := range []string{"nb", "en"} {
		for _, vp := range viewports {
			t.Run("axe/"+lang+"/"+vp.name, func(t *testing.T) {
				checkSearchAxe(t, srv, pages[lang].RelPermalink, vp)
			})
		}
	}

	t.Run("without JavaScript", func(t *testing.T) { checkNoScript(t, srv, pages["nb"]) })

	t.Run("10000 pages", func(t *testing.T) {
		if testing.Short() {
			t.Skip("skipping the generated site in -short mode")
		}
		checkLargeIndex(t, srv, pages["nb"].RelPermalink)
	})
}

func langPrefixes(m *site.Model) []string {
	var out []string
	for _, s := range m.Sites {
		if s.Language.Prefix != "" {
			out = append(out, s.Language.Prefix)
		}
	}
	return out
}

// searchPages finds each language's search page: the page with layout: search.
func searchPages(t *testing.T, m *site.Model) map[string]*site.Page {
	t.Helper()
	out := map[string]*site.Page{}
	for _, s := range m.Sites {
		for _, p := range s.RegularPages {
			if p.Layout == "search" {
				out[s.Language.Lang] = p
				break
			}
		}
		if out[s.Language.Lang] == nil {
			t.Fatalf("the sample site has no %s page with layout: search", s.Language.Lang)
		}
	}
	return out
}

// openSearch opens path in a new tab with the HTTP cache off, so that every
// tab fetches the index as a first visitor does. The traffic and the visit
// record what the tab loads and what goes wrong. The tab closes when the
// test ends.
func openSearch(t *testing.T, srv *searchServer, path string, vp viewport) (context.Context, *visit, *traffic) {
	t.Helper()
	tab, v, tr, cancel := openSearchTab(t, srv, path, vp)
	t.Cleanup(cancel)
	return tab, v, tr
}

// openSearchTab is openSearch for a tab that the caller closes.
func openSearchTab(t *testing.T, srv *searchServer, path string, vp viewport) (context.Context, *visit, *traffic, context.CancelFunc) {
	t.Helper()
	v := &visit{origin: srv.origin, target: srv.origin + path, status: 200, urls: map[network.RequestID]string{}}
	tab, cancelTab := openTab(t, srv.browser, vp, v)
	tab, cancelTimeout := context.WithTimeout(tab, 60*time.Second)
	cancel := func() { cancelTimeout(); cancelTab() }
	tr := &traffic{urls: map[network.RequestID]string{}, bytes: map[string]int64{}}
	if err := chromedp.Listen(tab, tr.listen); err != nil {
		cancel()
		t.Fatalf("listen to the network: %v", err)
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		cancel()
		t.Fatalf("turn the cache off: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(v.target)); err != nil {
		cancel()
		t.Fatalf("load %s: %v", v.target, err)
	}
	return tab, v, tr, cancel
}

// traffic adds up the bytes a tab receives, headers included, by URL.
type traffic struct {
	mu    sync.Mutex
	urls  map[network.RequestID]string
	bytes map[string]int64
}

func (tr *traffic) listen(ev any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventResponseReceived:
		tr.urls[ev.RequestID] = ev.Response.URL
	case *network.EventLoadingFinished:
		if u, ok := tr.urls[ev.RequestID]; ok {
			tr.bytes[u] += int64(ev.EncodedDataLength)
		}
	}
}

// index returns the index files fetched so far, by path, with the bytes
// received for each.
func (tr *traffic) index() map[string]int64 {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := map[string]int64{}
	for u, n := range tr.bytes {
		if p, err := url.Parse(u); err == nil && strings.HasPrefix(p.Path, "/search/") {
			out[p.Path] = n
		}
	}
	return out
}

// check fails the test for what the visit recorded: console errors,
// exceptions, failed requests, requests to other hosts.
func (v *visit) check(t *testing.T) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, p := range v.problems {
		t.Errorf("%s", p)
	}
}

// typeJS records the time of each keystroke in the search box (the event's
// own time stamp, which the input event that follows shares or exceeds), so
// that the time from the last one to the rendered results can be measured.
// Without keystrokes (text pasted) the time counts from now.
const typeJS = `(() => {
  const now = performance.now();
  window.worksTest = {keys: 0, lastKey: now, since: now, loads: performance.getEntriesByType('navigation').length};
  document.getElementById('search-input').addEventListener('keydown', (ev) => {
    worksTest.keys++; worksTest.lastKey = ev.timeStamp;
  });
  return true;
})()`

// resultsJS waits for the search of a query that began after the last
// keystroke to be rendered and reads the page. The script marks each search
// with the performance measure works:search, from the input event to the
// results in the page, with its steps in detail.steps. network is the part
// of the search spent waiting for index files.
const resultsJS = `new Promise((resolve, reject) => {
  const query = %s, start = Date.now();
  (function poll() {
    const all = performance.getEntriesByName('works:search').filter(e => e.startTime >= worksTest.since);
    const m = all.find(e => e.detail.query === query && e.startTime >= worksTest.lastKey - 0.01);
    if (!m) {
      if (Date.now() - start > 15000) reject(new Error('no search was rendered for ' + query));
      else setTimeout(poll, 5);
      return;
    }
    const end = m.startTime + m.duration;
    let network = 0, reach = m.startTime;
    for (const r of performance.getEntriesByType('resource').filter(r => r.name.includes('/search/')).sort((a, b) => a.startTime - b.startTime)) {
      const from = Math.max(r.startTime, reach), to = Math.min(r.responseEnd, end);
      if (to > from) { network += to - from; reach = to; }
    }
    const status = document.getElementById('search-status');
    resolve(JSON.stringify({
      keys: worksTest.keys,
      searches: all.length,
      keyToResults: end - worksTest.lastKey,
      search: m.duration,
      network,
      count: m.detail.results,
      steps: m.detail.steps,
      first: m.detail.firstResult,
      status: status.textContent,
      live: status.getAttribute('aria-live'),
      more: !document.getElementById('search-more').hidden,
      search_: location.search,
      results: [...document.querySelectorAll('#search-results > li')].map(li => ({
        title: li.querySelector('h2').textContent,
        href: li.querySelector('h2 a').getAttribute('href'),
        marks: [...li.querySelectorAll('h2 mark')].map(x => x.textContent),
      })),
    }));
  })();
})`

type searchFacts struct {
	Keys         int     `json:"keys"`
	Searches     int     `json:"searches"`
	KeyToResults float64 `json:"keyToResults"`
	Search       float64 `json:"search"`
	Network      float64 `json:"network"`
	Count        int     `json:"count"`
	Steps        steps   `json:"steps"`
	First        float64 `json:"first"` // ms from the input event to the first result in the page
	Fetched      int64   `json:"-"`     // bytes of index files the tab fetched, as stored
	RoundTrip    float64 `json:"-"`     // ms the tab took to fetch the manifest again, the median of 5
	Status       string  `json:"status"`
	Live         string  `json:"live"`
	More         bool    `json:"more"`
	Location     string  `json:"search_"`
	Results      []struct {
		Title string   `json:"title"`
		Href  string   `json:"href"`
		Marks []string `json:"marks"`
	} `json:"results"`
}

// steps are where a search's time went, in ms, as the script reports them:
// waiting for an earlier search to stop, for the manifest, for the term
// chunks, ranking, until the first result was in the page (its metadata
// fetched), until all were.
type steps struct {
	Wait     float64 `json:"wait"`
	Manifest float64 `json:"manifest"`
	Terms    float64 `json:"terms"`
	Rank     float64 `json:"rank"`
	First    float64 `json:"first"`
	Rest     float64 `json:"rest"`
}

func (s steps) String() string {
	return fmt.Sprintf("wait %.1f, manifest %.1f, terms %.1f, rank %.1f, first result %.1f, the rest %.1f ms",
		s.Wait, s.Manifest, s.Terms, s.Rank, s.First, s.Rest)
}

// String reports the timing of the search: from the last keystroke to the
// results, and from the input event that started the search to the first
// and to all results, with the part spent waiting for the network.
func (f searchFacts) String() string {
	return fmt.Sprintf("%.0f ms from the last keystroke to the results; from the input event %.1f ms to the first, %.1f ms to all (%s), %.1f ms of it waiting for index files",
		f.KeyToResults, f.First, f.Search, f.Steps, f.Network)
}

// typeQuery types query into the search box key by key and waits for its
// results.
func typeQuery(t *testing.T, tab context.Context, query string) searchFacts {
	t.Helper()
	return enterQuery(t, tab, query, -1)
}

// enterQuery puts query into the search box and waits for its results:
// pasted as one input event when pace is 0, typed key by key as fast as
// the browser takes keys when pace is negative, else a key every pace.
func enterQuery(t *testing.T, tab context.Context, query string, pace time.Duration) searchFacts {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.getElementById('search-input').value = '', `+typeJS)); err != nil {
		t.Fatalf("prepare the search box: %v", err)
	}
	var err error
	switch {
	case pace < 0:
		err = chromedp.Do(tab, chromedp.SendKeys(chromedp.ID("search-input"), query))
	case pace == 0:
		if err = chromedp.Do(tab, chromedp.Focus(chromedp.ID("search-input"))); err == nil {
			_, err = chromedp.Call(tab, input.InsertText, input.InsertTextParams{Text: query})
		}
	default:
		err = chromedp.Do(tab, chromedp.Focus(chromedp.ID("search-input")))
		for _, r := range query {
			if err != nil {
				break
			}
			time.Sleep(pace)
			err = chromedp.Do(tab, chromedp.KeyEvent(string(r)))
		}
	}
	if err != nil {
		t.Fatalf("enter %q: %v", query, err)
	}
	q, _ := json.Marshal(query)
	var f searchFacts
	if err := evalJSON(tab, fmt.Sprintf(resultsJS, q), &f, chromedp.EvalAwaitPromise); err != nil {
		t.Fatalf("wait for the results of %q: %v", query, err)
	}
	return f
}

var countRE = regexp.MustCompile(`\d[\d\s\x{a0}\x{202f},.]*`)

func checkQuery(t *testing.T, srv *searchServer, path, query string, want *site.Page, marks []string) {
	tab, v, tr := openSearch(t, srv, path, viewports[0])
	f := typeQuery(t, tab, query)
	fetched, _ := describeFetched(tr.index(), srv.public)
	if f.Keys != utf8.RuneCountInString(query) {
		t.Errorf("%d keystrokes reached the search box for %q", f.Keys, query)
	}
	if f.Live != "polite" {
		t.Errorf("the status has aria-live=%q, want polite", f.Live)
	}
	if !strings.Contains(f.Status, query) {
		t.Errorf("the status says %q, which does not name the query %q", f.Status, query)
	}
	if wantQ := "?q=" + url.QueryEscape(query); strings.ReplaceAll(f.Location, "%20", "+") != wantQ {
		t.Errorf("the address has %q, want %q (so that Back and a shared link keep the search)", f.Location, wantQ)
	}

	if want == nil {
		if len(f.Results) != 0 || f.Count != 0 {
			t.Errorf("%q found %d pages, want none", query, f.Count)
		}
		if f.Status == "" || countRE.MatchString(f.Status) {
			t.Errorf("the status says %q for a query without results", f.Status)
		}
		v.check(t)
		return
	}

	if len(f.Results) == 0 {
		t.Fatalf("%q found nothing; status %q", query, f.Status)
	}
	first := f.Results[0]
	if first.Href != want.RelPermalink || first.Title != want.Title {
		t.Errorf("the first result for %q is %q at %s, want %q at %s", query, first.Title, first.Href, want.Title, want.RelPermalink)
	}
	for _, m := range marks {
		if !slices.Contains(first.Marks, m) {
			t.Errorf("the first result's title marks %q, want %q among them", first.Marks, m)
		}
	}
	n, err := strconv.Atoi(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, countRE.FindString(f.Status)))
	switch {
	case err != nil:
		t.Errorf("the status %q announces no count", f.Status)
	case n != f.Count:
		t.Errorf("the status announces %d results, the search found %d", n, f.Count)
	case n < len(f.Results), n <= 10 && n != len(f.Results):
		t.Errorf("the status announces %d results and the list shows %d", n, len(f.Results))
	case f.More != (n > len(f.Results)):
		t.Errorf("with %d of %d results shown, the button for more is shown: %v", len(f.Results), n, f.More)
	}

	// Tab from the search box goes past the button to the first result.
	var focus focusFacts
	tabs := 0
	for tabs < 3 && focus.Href != first.Href {
		if err := chromedp.Do(tab, chromedp.KeyEvent("\t")); err != nil {
			t.Fatalf("press Tab: %v", err)
		}
		tabs++
		if err := evalJSON(tab, focusJS, &focus); err != nil {
			t.Fatalf("read the focus: %v", err)
		}
	}
	if focus.Href != first.Href {
		t.Errorf("Tab from the search box reaches <%s href=%q>, not the first result", focus.Tag, focus.Href)
	} else if !focus.Outline {
		t.Errorf("the first result has no visible focus outline")
	}

	// Enter in the search box searches without loading the page again.
	if err := chromedp.Do(tab, chromedp.Focus(chromedp.ID("search-input")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatalf("press Enter: %v", err)
	}
	reloaded, err := chromedp.Run(tab, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(typeof worksTest === 'undefined' || performance.getEntriesByType('navigation').length !== worksTest.loads), 300))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("read the page after Enter: %v", err)
	}
	if reloaded {
		t.Errorf("Enter in the search box loaded the page again")
	}

	t.Logf("%q: %d results, first %q; %s; %d searches while typing fetched %s", query, f.Count, first.Title, f, f.Searches, fetched)
	v.check(t)
}

// describeFetched sums the index files a tab fetched: as received (headers
// included), as files, and as a server would send them gzipped.
func describeFetched(fetched map[string]int64, root string) (string, int64) {
	var received, files, gz int64
	kinds := map[byte]int{}
	for p, n := range fetched {
		kinds[path.Base(p)[0]]++
		received += n
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p))); err == nil {
			files += int64(len(data))
			gz += int64(gzipSize(data))
		}
	}
	return fmt.Sprintf("%d index files (%d term chunks, %d metadata chunks), %d B (%d B received with headers, %d B if gzipped)",
		len(fetched), kinds['t'], kinds['m'], files, received, gz), files
}

func gzipSize(data []byte) int {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Len()
}

// checkSearchAxe runs axe-core on a search page that shows results, with
// its marks, the status and the button for more.
func checkSearchAxe(t *testing.T, srv *searchServer, path string, vp viewport) {
	tab, v, _ := openSearch(t, srv, path, vp)
	f := typeQuery(t, tab, "dr")
	if len(f.Results) == 0 {
		t.Fatalf("the query %q found nothing to check", "dr")
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](srv.tools.axe)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	var violations []violation
	if err := evalJSON(tab, axeRunJS, &violations, chromedp.EvalAwaitPromise); err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	for _, vi := range violations {
		t.Errorf("axe-core: %s", vi)
	}
	var facts pageFacts
	if err := evalJSON(tab, factsJS, &facts); err != nil {
		t.Fatalf("read the page: %v", err)
	}
	if facts.ScrollWidth > facts.InnerWidth {
		t.Errorf("the page scrolls sideways: it is %d px wide in a %d px window", facts.ScrollWidth, facts.InnerWidth)
	}
	v.check(t)
}

// checkNoScript loads the search page with JavaScript off: the form stays
// hidden and the page says why, with links to every section.
func checkNoScript(t *testing.T, srv *searchServer, p *site.Page) {
	v := &visit{origin: srv.origin, target: srv.origin + p.RelPermalink, status: 200, urls: map[network.RequestID]string{}}
	tab, cancel := openTab(t, srv.browser, viewports[0], v)
	defer cancel()
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turn JavaScript off: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(v.target)); err != nil {
		t.Fatalf("load %s: %v", v.target, err)
	}
	// Scripts are off, so the page is read over the DOM, not by evaluating.
	form, err := chromedp.Run(tab, chromedp.Attributes(chromedp.ID("search")))
	if err != nil {
		t.Fatalf("read the form: %v", err)
	}
	if _, hidden := form["hidden"]; !hidden {
		t.Errorf("without JavaScript the search form is shown, but it cannot search")
	}
	html, err := chromedp.Run(tab, chromedp.OuterHTML(chromedp.CSS("main")))
	if err != nil {
		t.Fatalf("read the page: %v", err)
	}
	// With scripts off the parser reads noscript as markup.
	if !strings.Contains(html, "JavaScript") {
		t.Errorf("without JavaScript the page does not say that search needs it")
	}
	for _, sec := range p.Site.Sections {
		if !strings.Contains(html, `href="`+sec.RelPermalink+`"`) {
			t.Errorf("without JavaScript the page does not link to the section %s", sec.RelPermalink)
		}
	}
	v.check(t)
}

// checkFold compares the page's fold and terms with search.Fold and
// search.Terms: the cases of internal/search/testdata/fold.txt, every code
// point of the first two planes, those below U+3000 also after an "a" and
// before a combining ring, and some sentences.
func checkFold(t *testing.T, srv *searchServer, path string) {
	tab, v, _ := openSearch(t, srv, path, viewports[1])
	data, err := os.ReadFile("../search/testdata/fold.txt")
	if err != nil {
		t.Fatal(err)
	}
	escape := regexp.MustCompile(`\\u[0-9A-Fa-f]{4}`)
	unescape := func(s string) string {
		return escape.ReplaceAllStringFunc(s, func(e string) string {
			n, _ := strconv.ParseUint(e[2:], 16, 32)
			return string(rune(n))
		})
	}
	var inputs []string
	cases := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("fold.txt:%d: no tab", i+1)
		}
		if got := search.Fold(unescape(in)); got != unescape(want) {
			t.Fatalf("fold.txt:%d: search.Fold(%q) = %q, want %q: the file and the Go code disagree", i+1, in, got, want)
		}
		inputs = append(inputs, unescape(in))
		cases++
	}
	// Browsers know newer Unicode than Go's tables (unicode.Version), and
	// may lower-case and classify letters added since; those are left out.
	skipped := 0
	for r := rune(0); r < 0x20000; r++ {
		if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co) {
			skipped++
			continue
		}
		inputs = append(inputs, string(r))
		if r < 0x3000 {
			inputs = append(inputs, "a"+string(r), string(r)+"\u030A")
		}
	}
	inputs = append(inputs,
		"Bryggeriet på Åssiden – «nytt» (2026)!", "Gründer-huset: Ærlig Øl & Café Noël", "ΣΊΣΥΦΟΣ ΟΔΟΣ", "İSTANBUL'DA",
		"Приве́т мир", "x"+strings.Repeat("y", 45)+" ok", "1 2 34 5678", "ﬁnans ﬂyt", "Ǆemal ǅ ǆ")

	src, _ := json.Marshal(inputs)
	var got []struct {
		Fold  string   `json:"f"`
		Terms []string `json:"t"`
	}
	script := `JSON.stringify(` + string(src) + `.map(s => ({f: worksSearch.fold(s), t: worksSearch.terms(s)})))`
	if err := evalJSON(tab, script, &got); err != nil {
		t.Fatalf("call the page's fold: %v", err)
	}
	if len(got) != len(inputs) {
		t.Fatalf("the page folded %d strings of %d", len(got), len(inputs))
	}
	bad := 0
	for i, in := range inputs {
		if want, wantTerms := search.Fold(in), search.Terms(in); got[i].Fold != want || !slices.Equal(got[i].Terms, wantTerms) {
			if bad++; bad <= 20 {
				t.Errorf("%q (%U): the page folds to %q with terms %q, search.Fold gives %q with terms %q", in, []rune(in), got[i].Fold, got[i].Terms, want, wantTerms)
			}
		}
	}
	if bad > 20 {
		t.Errorf("… and %d more strings fold differently", bad-20)
	}
	t.Logf("the page folds %d strings as search.Fold does (%d from fold.txt); %d code points of the first two planes not in Unicode %s left out", len(inputs)-bad, cases, skipped, unicode.Version)
	v.check(t)
}

// forgivingQuery is a line of internal/search/testdata/queries.txt: a query
// typed without æ, ø and å, with a typo or in another form, the content
// file of its first result, and a query that finds the same pages.
type forgivingQuery struct {
	lang, query, first, sameAs string
}

func readForgivingQueries(t *testing.T) []forgivingQuery {
	t.Helper()
	data, err := os.ReadFile("../search/testdata/queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []forgivingQuery
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("queries.txt:%d: %d fields, want 4", i+1, len(f))
		}
		q := forgivingQuery{lang: f[0], query: f[1], first: f[2], sameAs: f[3]}
		if q.sameAs == "-" {
			q.sameAs = ""
		}
		out = append(out, q)
	}
	if len(out) < 10 {
		t.Fatalf("queries.txt has only %d queries", len(out))
	}
	return out
}

// checkForgivingQuery types a query of queries.txt into the search box key
// by key, as a person would, and expects the page at first as the first
// result; then pastes the query it must agree with and expects as many
// results, and the same ones where all are shown.
func checkForgivingQuery(t *testing.T, srv *searchServer, path string, q forgivingQuery, first string) {
	tab, v, tr := openSearch(t, srv, path, viewports[1])
	f := typeQuery(t, tab, q.query)
	fetched, size := describeFetched(tr.index(), srv.public)
	if len(f.Results) == 0 {
		t.Fatalf("%q found nothing; status %q", q.query, f.Status)
	}
	if got := f.Results[0]; got.Href != first {
		t.Errorf("the first result for %q is %q at %s, want the page at %s", q.query, got.Title, got.Href, first)
	}
	if q.sameAs != "" {
		same := enterQuery(t, tab, q.sameAs, 0)
		hrefs := func(f searchFacts) []string {
			var out []string
			for _, r := range f.Results {
				out = append(out, r.Href)
			}
			slices.Sort(out)
			return out
		}
		if f.Count != same.Count || f.Count <= len(f.Results) && !slices.Equal(hrefs(f), hrefs(same)) {
			t.Errorf("%q finds %d pages %q, %q finds %d %q", q.query, f.Count, hrefs(f), q.sameAs, same.Count, hrefs(same))
		}
	}
	t.Logf("%q: %d results, first %q, marked %q; typing it fetched %s", q.query, f.Count, f.Results[0].Title, f.Results[0].Marks, fetched)
	if size > firstQueryBudget {
		t.Errorf("typing %q fetched %d bytes of index, more than %d", q.query, size, firstQueryBudget)
	}
	v.check(t)
}

// checkStemNear compares the page's stem, forms and near with search.Stem,
// search.Forms and search.Near: every word of the sample site in
// Norwegian, English and a language without a stemmer, and each word
// against itself and the others with a letter dropped, added, changed or
// two swapped.
func checkStemNear(t *testing.T, srv *searchServer, path string) {
	tab, v, _ := openSearch(t, srv, path, viewports[1])
	seen := map[string]bool{}
	var words []string
	for _, p := range srv.model.Pages {
		for _, w := range search.Terms(p.Title + " " + p.Plain()) {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	words = append(words, "bedriftene", "bedriftens", "stories", "companies", "classes", "status", "åpne", "ηλιος")
	slices.Sort(words)
	type stemCase struct {
		Lang, W, Stem string
		Forms         []string
	}
	type nearCase struct {
		W, T string
		Near bool
	}
	var stems []stemCase
	var nears []nearCase
	for i, w := range words {
		for _, lang := range []string{"nb", "en", "de"} {
			stem := search.Stem(lang, w)
			stems = append(stems, stemCase{lang, w, stem, search.Forms(lang, stem)})
		}
		// Words have two letters or more: 0 < m < len(r).
		r, m := []rune(w), len([]rune(w))/2
		changed, swapped := slices.Clone(r), slices.Clone(r)
		changed[m] = 'x'
		swapped[m-1], swapped[m] = swapped[m], swapped[m-1]
		for _, typo := range []string{
			w,
			string(slices.Delete(slices.Clone(r), m, m+1)),
			string(slices.Insert(slices.Clone(r), m, 'e')),
			string(changed),
			string(swapped),
			words[(i*7919+1)%len(words)],
		} {
			nears = append(nears, nearCase{typo, w, search.Near(typo, w)}, nearCase{w, typo, search.Near(w, typo)})
		}
	}
	src, _ := json.Marshal(map[string]any{"stems": stems, "nears": nears})
	var bad []string
	script := `(() => { const c = ` + string(src) + `, bad = [];
  for (const s of c.stems) {
    const stem = worksSearch.stem(s.Lang, s.W), forms = worksSearch.forms(s.Lang, stem);
    if (stem !== s.Stem || JSON.stringify(forms) !== JSON.stringify(s.Forms)) bad.push(s.Lang + ' ' + s.W + ': stem ' + stem + ', forms ' + forms.join(' '));
  }
  for (const n of c.nears) if (worksSearch.near(n.W, n.T) !== n.Near) bad.push('near(' + n.W + ', ' + n.T + ') = ' + !n.Near);
  return JSON.stringify(bad);
})()`
	if err := evalJSON(tab, script, &bad); err != nil {
		t.Fatalf("call the page's stem and near: %v", err)
	}
	for i, b := range bad {
		if i == 20 {
			t.Errorf("… and %d more", len(bad)-20)
			break
		}
		t.Errorf("the page differs from internal/search: %s", b)
	}
	near := 0
	for _, n := range nears {
		if n.Near {
			near++
		}
	}
	t.Logf("the page stems %d words and judges %d pairs (%d near) as internal/search does", len(stems), len(nears), near)
	v.check(t)
}

// checkLargeIndex swaps the sample site's Norwegian index for one of 10 000
// generated pages and measures first queries against it, each in
// largeRuns pairs of fresh tabs (see measureFirstQuery): the bytes of index
// fetched, which must be at most firstQueryBudget, and the time from the
// input event to the results in the page, logged as median and maximum with
// where the time went. Times are reported, not asserted: they depend on the
// machine.
func checkLargeIndex(t *testing.T, srv *searchServer, path string) {
	root := filepath.Join(t.TempDir(), "public")
	if err := os.CopyFS(root, os.DirFS(srv.public)); err != nil {
		t.Fatalf("copy the site: %v", err)
	}
	dir := filepath.Join(root, filepath.FromSlash(search.Dir("nb")))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	docs := generatedDocs(10_000)
	files := search.Build("nb", docs, search.Options{})
	total := 0
	for _, f := range files {
		total += len(f.Data)
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("generated index: %d pages, %d files, %.1f MB, built in %v", len(docs), len(files), float64(total)/1e6, time.Since(begin).Round(time.Millisecond))

	port := freePort(t)
	big := &searchServer{origin: fmt.Sprintf("http://127.0.0.1:%d", port), public: root, model: srv.model, browser: srv.browser, tools: srv.tools}
	startNginx(t, root, port, langPrefixes(srv.model))

	// Typed without æ, with a letter missing, swapped or in another form,
	// among the long tail of this index's words.
	for _, q := range [][2]string{
		{"barekraft", "bærekraft"}, {"baerekraft", "bærekraft"}, {"bærkraft", "bærekraft"}, {"bedriftene", "bedrift"},
		{"kompetnse", "kompetanse"}, {"samarbied", "samarbeid"}, {"næringslv", "næringsliv"}, {"naringsliv", "næringsliv"},
	} {
		t.Run("forgiving/"+q[0], func(t *testing.T) { checkCorpusQuery(t, big, path, q[0], q[1], "") })
	}

	var all, allFirst [3][]float64 // pasted, typed, again
	var rtts []float64
	for _, query := range []string{"bedrift", "bærekraft drammen", "st", "næringsliv kompetanse eksport", docs[4321].Title} {
		t.Run(query, func(t *testing.T) {
			var runs [3][]searchFacts
			for range largeRuns {
				p, tp, again := measureFirstQuery(t, big, path, query)
				runs[0], runs[1], runs[2] = append(runs[0], p), append(runs[1], tp), append(runs[2], again)
				rtts = append(rtts, p.RoundTrip)
			}
			for i, name := range []string{
				"pasted into a page just loaded",
				fmt.Sprintf("typed, a key every %v, after the preload", typingPace),
				"the same query again, all fetched",
			} {
				ms := make([]float64, len(runs[i]))
				first := make([]float64, len(runs[i]))
				var fetched int64
				for j, f := range runs[i] {
					ms[j], first[j] = f.Search, f.First
					fetched = max(fetched, f.Fetched)
				}
				all[i], allFirst[i] = append(all[i], ms...), append(allFirst[i], first...)
				mid := runs[i][slices.Index(ms, median(ms))]
				t.Logf("%s (%d runs, %d results): from the input event to the first result median %.1f ms, max %.1f ms; to all ten median %.1f ms, max %.1f ms; the median run: %s; index fetched by the tab: at most %d B",
					name, len(ms), mid.Count, median(first), slices.Max(first), median(ms), slices.Max(ms), mid.Steps, fetched)
			}
		})
	}
	// The machine's load explains much of the spread of the times.
	load := "unknown"
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			load = strings.Join(f[:3], " ")
		}
	}
	t.Logf("first query on %d pages, from the input event to the results in the page, %d runs of %d queries each (load average %s; a round trip for a small file took %.1f ms, median, max %.1f ms):",
		len(docs), largeRuns, len(all[0])/largeRuns, load, median(rtts), slices.Max(rtts))
	for i, name := range []string{"pasted into a page just loaded", "typed after the preload", "again, all fetched"} {
		t.Logf("  %-31s first result median %6.1f ms, max %6.1f ms; all ten median %6.1f ms, max %6.1f ms",
			name, median(allFirst[i]), slices.Max(allFirst[i]), median(all[i]), slices.Max(all[i]))
	}
}

// largeRuns is how many fresh tabs measure each query; typingPace is the
// time between keys of a fast typist.
const (
	largeRuns  = 5
	typingPace = 120 * time.Millisecond
)

// measureFirstQuery measures a first query in two fresh tabs, with the HTTP
// cache off: pasted into a page that has just loaded (the manifest may still
// be on its way), and typed key by key once the search box has the focus
// and the manifest is in (what a person typing sees). Then the same query
// once more in the second tab, with everything fetched: the work in the
// browser alone. It fails the test when the pasted query, a first query,
// fetches more than firstQueryBudget of index. Typed, every keystroke is a
// query of its own, each fetching the metadata of its ten results, so the
// bytes of the whole typing are reported, not held to that budget.
func measureFirstQuery(t *testing.T, srv *searchServer, path, query string) (pasted, typed, again searchFacts) {
	t.Helper()
	found := func(f searchFacts, how string) {
		t.Helper()
		if f.Count == 0 {
			t.Errorf("%q %s found nothing", query, how)
		}
	}

	tab, v, tr, cancel := openSearchTab(t, srv, path, viewports[1])
	pasted = enterQuery(t, tab, query, 0)
	found(pasted, "pasted")
	fetched, size := describeFetched(tr.index(), srv.public)
	if size > firstQueryBudget {
		t.Errorf("the first query %q fetched %d bytes of index, more than %d: %s", query, size, firstQueryBudget, fetched)
	}
	pasted.Fetched = size
	// A first query waits for two round trips at least (term chunks, then
	// metadata), three if the manifest is not in yet: what one takes on
	// this machine says how much of its time is the network's.
	rtt, err := chromedp.Run(tab, chromedp.Evaluate[float64](roundTripJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("time a round trip: %v", err)
	}
	pasted.RoundTrip = rtt
	v.check(t)
	cancel()

	tab, v, tr, cancel = openSearchTab(t, srv, path, viewports[1])
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Focus(chromedp.ID("search-input"))); err != nil {
		t.Fatalf("focus the search box: %v", err)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](preloadedJS, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("wait for the manifest: %v", err)
	}
	typed = enterQuery(t, tab, query, typingPace)
	found(typed, "typed")
	_, typed.Fetched = describeFetched(tr.index(), srv.public)
	again = enterQuery(t, tab, query, 0)
	v.check(t)
	return pasted, typed, again
}

// roundTripJS fetches the search manifest five times, one after another,
// and returns the median time in ms.
const roundTripJS = `(async () => {
  const url = document.getElementById('search').dataset.index, ms = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await (await fetch(url, {cache: 'no-store'})).text();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b)[2];
})()`

// preloadedJS waits until the page has fetched its search manifest, and a
// little longer for the page to be idle.
const preloadedJS = `new Promise((resolve, reject) => {
  const start = Date.now();
  (function poll() {
    if (performance.getEntriesByType('resource').some(r => /\/search\/[^/]+\/index\.json$/.test(new URL(r.name).pathname) && r.responseEnd > 0)) {
      setTimeout(() => resolve(true), 100);
    } else if (Date.now() - start > 10000) {
      reject(new Error('the page did not fetch the search manifest'));
    } else {
      setTimeout(poll, 10);
    }
  })();
})`

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}

// generatedDocs returns n pages of Norwegian-looking text, the same for the
// same n: words follow Zipf's law over some real words and many made-up
// ones, so the index has very common terms, rare ones and a long tail.
func generatedDocs(n int) []search.Document {
	r := rand.New(rand.NewPCG(2026, 11))
	real := strings.Fields(`og i på er som det en til med for av har de at ikke vi om den var et kan skal også
næringsliv bedrift gründer vekst drammen elva havn verksted kunder arbeid kompetanse eksport samarbeid
kommune prosjekt rekruttering omstilling bærekraft industri teknologi handel kultur helse maritim lærling
produksjon marked region innovasjon nettverk medlemmer forening veksthus oppstart investering ansatte`)
	parts := strings.Fields(`bra dre fje gla hav kjø kra kve le lø ma mø ne pa rø sa sjø ska sko sna sta
stå sva te tro ve væ å ær øy an en er et ing lig sjon`)
	words := slices.Clone(real)
	seen := map[string]bool{}
	for len(words) < 20_000 {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(words)-1))
	text := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[zipf.Uint64()]
		}
		return strings.Join(out, " ")
	}
	sections := []string{"Historier", "Prosjekter", "Nyheter"}
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]search.Document, n)
	for i := range docs {
		title := make([]string, 3+r.IntN(5))
		for j := range title {
			title[j] = words[r.IntN(3000)]
		}
		body := text(150 + r.IntN(900))
		docs[i] = search.Document{
			URL:     fmt.Sprintf("/%s/side-%05d/", strings.ToLower(sections[i%3]), i),
			Title:   strings.ToUpper(title[0][:1]) + strings.Join(title, " ")[1:],
			Section: sections[i%3],
			Tags:    []string{real[30+r.IntN(len(real)-30)]},
			Date:    start.AddDate(0, 0, r.IntN(4000)).Format(time.DateOnly),
			Summary: body[:min(len(body), 200)],
			Body:    body,
		}
	}
	return docs
}

// TestHeadMetadata loads one page of every template and the search pages in
// Chromium and checks what search engines, social sites and feed readers
// read in the head: every JSON-LD block parses with JSON.parse and has its
// type's required fields (Organization and WebSite on the home page,
// Article on stories, NewsArticle on news, a BreadcrumbList matching the
// visible trail on every page below home), the canonical and Open Graph
// URLs are absolute and answer, hreflang alternates include x-default, and
// the feeds linked from the head exist.
func TestHeadMetadata(t *testing.T) {
	tl := findTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	sample := serveSample(t, ctx)
	res, origin := sample.res, sample.origin
	browser := startBrowser(t, tl.chromium)

	targets := pickTargets(t, res.Model)
	for lang, p := range searchPages(t, res.Model) {
		targets = append(targets, target{name: "search-" + lang, path: p.RelPermalink, status: 200})
	}
	pageAt := map[string]*site.Page{}
	for _, p := range res.Model.Pages {
		pageAt[p.RelPermalink] = p
		for _, pg := range p.Pagers {
			pageAt[pg.URL] = p
		}
	}
	answers := &answered{origin: origin, seen: map[string]int{}}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			v := &visit{origin: origin, target: origin + tg.path, status: tg.status, urls: map[network.RequestID]string{}}
			tab, cancel := openTab(t, browser, viewports[1], v)
			defer cancel()
			if err := chromedp.Do(tab, chromedp.Navigate(v.target)); err != nil {
				t.Fatalf("load %s: %v", v.target, err)
			}
			var h headFacts
			if err := evalJSON(tab, headJS, &h); err != nil {
				t.Fatalf("read the head: %v", err)
			}
			checkHead(t, h, tg, pageAt[tg.path], origin, answers)
			v.check(t)
		})
	}
}

// headJS reads the head's metadata, the JSON-LD blocks (parsed with
// JSON.parse, as a search engine's parser would) and the visible trail.
const headJS = `JSON.stringify({
  lang: document.documentElement.lang,
  canonical: document.querySelector('link[rel=canonical]')?.getAttribute('href') || '',
  hreflang: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => [l.hreflang, l.getAttribute('href')]),
  feeds: [...document.querySelectorAll('link[rel=alternate][type]')].map(l => [l.type, l.href, l.title]),
  meta: [...document.querySelectorAll('meta[property], meta[name]')].map(m => [m.getAttribute('property') || m.name, m.content]),
  ld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => {
    try { return {data: JSON.parse(s.textContent)}; } catch (e) { return {error: String(e), text: s.textContent.slice(0, 300)}; }
  }),
  trail: [...document.querySelectorAll('nav.breadcrumbs ol > li > a')].map(a => ({
    name: a.textContent, href: a.href, current: a.getAttribute('aria-current') || '',
  })),
  trailLabel: document.querySelector('nav.breadcrumbs')?.getAttribute('aria-label') || '',
  trailInMain: !!document.querySelector('main nav.breadcrumbs'),
})`

type headFacts struct {
	Lang      string      `json:"lang"`
	Canonical string      `json:"canonical"`
	Hreflang  [][2]string `json:"hreflang"`
	Feeds     [][3]string `json:"feeds"`
	Meta      [][2]string `json:"meta"`
	LD        []struct {
		Data  map[string]any `json:"data"`
		Error string         `json:"error"`
		Text  string         `json:"text"`
	} `json:"ld"`
	Trail []struct {
		Name    string `json:"name"`
		Href    string `json:"href"`
		Current string `json:"current"`
	} `json:"trail"`
	TrailLabel string `json:"trailLabel"`
}

func (h headFacts) meta(key string) []string {
	var out []string
	for _, m := range h.Meta {
		if m[0] == key {
			out = append(out, m[1])
		}
	}
	return out
}

func (h headFacts) one(key string) string {
	if v := h.meta(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// answered fetches each URL the heads name once, and remembers the status.
type answered struct {
	origin string
	mu     sync.Mutex
	seen   map[string]int
}

func (a *answered) status(u string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.seen[u]; ok {
		return s
	}
	s := 0
	if strings.HasPrefix(u, a.origin+"/") {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			s = resp.StatusCode
		}
	}
	a.seen[u] = s
	return s
}

var (
	offsetRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$`)
	locales  = map[string]string{"nb": "nb_NO", "en": "en_GB"}
)

func checkHead(t *testing.T, h headFacts, tg target, p *site.Page, origin string, answers *answered) {
	absolute := func(what, u string) bool {
		t.Helper()
		if !strings.HasPrefix(u, origin+"/") {
			t.Errorf("%s %q is not an absolute URL of the site", what, u)
			return false
		}
		if s := answers.status(u); s != 200 {
			t.Errorf("%s %s answers HTTP %d", what, u, s)
			return false
		}
		return true
	}
	types := map[string]map[string]any{}
	for i, ld := range h.LD {
		if ld.Error != "" {
			t.Errorf("JSON-LD block %d does not parse: %s\n%s", i+1, ld.Error, ld.Text)
			continue
		}
		if ld.Data["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD block %d has @context %v, want https://schema.org", i+1, ld.Data["@context"])
		}
		typ, _ := ld.Data["@type"].(string)
		if types[typ] != nil {
			t.Errorf("two JSON-LD blocks of @type %q", typ)
		}
		types[typ] = ld.Data
	}

	if tg.status == 404 {
		if h.Canonical != "" || h.one("og:url") != "" || len(types) > 0 {
			t.Errorf("the 404 page has a canonical URL, Open Graph or JSON-LD")
		}
		if len(h.Trail) > 0 {
			t.Errorf("the 404 page has breadcrumbs")
		}
		return
	}
	if p == nil {
		t.Fatalf("no page of the model is at %s", tg.path)
	}

	// Canonical, Open Graph, Twitter.
	if h.Canonical != origin+tg.path {
		t.Errorf("canonical is %q, want %q", h.Canonical, origin+tg.path)
	}
	absolute("canonical", h.Canonical)
	for _, key := range []string{"og:title", "og:description", "og:type", "og:url", "og:site_name", "og:image", "og:image:alt", "og:locale", "twitter:card"} {
		if h.one(key) == "" {
			t.Errorf("the head has no %s", key)
		}
	}
	if h.one("og:url") != h.Canonical {
		t.Errorf("og:url %q differs from the canonical URL %q", h.one("og:url"), h.Canonical)
	}
	absolute("og:image", h.one("og:image"))
	if want := locales[p.Lang]; h.one("og:locale") != want {
		t.Errorf("og:locale is %q, want %q", h.one("og:locale"), want)
	}
	if len(h.meta("og:locale:alternate")) != len(p.Translations) {
		t.Errorf("%d og:locale:alternate for %d translations", len(h.meta("og:locale:alternate")), len(p.Translations))
	}
	article := p.IsPage() && !p.Date.IsZero()
	if got, want := h.one("og:type"), map[bool]string{true: "article", false: "website"}[article]; got != want {
		t.Errorf("og:type is %q, want %q", got, want)
	}
	hasImage := p.Params["image"] != nil && p.Resources.Get(fmt.Sprint(p.Params["image"])) != nil
	if got, want := h.one("twitter:card"), map[bool]string{true: "summary_large_image", false: "summary"}[hasImage]; got != want {
		t.Errorf("twitter:card is %q, want %q", got, want)
	}
	if hasImage && h.one("og:image:alt") != fmt.Sprint(p.Params["imageAlt"]) {
		t.Errorf("og:image:alt is %q, want the page's imageAlt", h.one("og:image:alt"))
	}

	// hreflang: every language version and x-default, which is the default language's.
	if len(p.Translations) > 0 {
		langs := map[string]string{}
		for _, l := range h.Hreflang {
			langs[l[0]] = l[1]
			absolute("hreflang "+l[0], l[1])
		}
		if langs[p.Lang] != p.Permalink {
			t.Errorf("no hreflang=%s link to the page itself", p.Lang)
		}
		for _, tr := range p.Translations {
			if langs[tr.Lang] != tr.Permalink {
				t.Errorf("hreflang=%s is %q, want %q", tr.Lang, langs[tr.Lang], tr.Permalink)
			}
		}
		if def := p.Translation(p.Site.Config.DefaultLanguage); def != nil && langs["x-default"] != def.Permalink {
			t.Errorf("hreflang=x-default is %q, want %q", langs["x-default"], def.Permalink)
		}
	}

	// Feeds: RSS, Atom and JSON Feed, of the list itself or of the home page.
	feedTypes := map[string]bool{}
	for _, f := range h.Feeds {
		feedTypes[f[0]] = true
		absolute("feed "+f[0], f[1])
		if f[2] == "" {
			t.Errorf("the %s feed link has no title", f[0])
		}
	}
	for _, typ := range []string{"application/rss+xml", "application/atom+xml", "application/feed+json"} {
		if !feedTypes[typ] {
			t.Errorf("the head links no %s feed", typ)
		}
	}

	// JSON-LD by page.
	want := []string{}
	switch {
	case p.IsHome():
		want = append(want, "Organization", "WebSite")
	case p.IsPage() && p.Section == "historier":
		want = append(want, "Article", "BreadcrumbList")
	case p.IsPage() && p.Section == "nyheter":
		want = append(want, "NewsArticle", "BreadcrumbList")
	default:
		want = append(want, "BreadcrumbList")
	}
	var got []string
	for typ := range types {
		got = append(got, typ)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("JSON-LD types %q, want %q", got, want)
	}
	str := func(obj map[string]any, key string) string {
		s, _ := obj[key].(string)
		return s
	}
	obj := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	list := func(v any) []any { l, _ := v.([]any); return l }
	need := func(typ string, obj map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if v, ok := obj[k]; !ok || v == "" || v == nil {
				t.Errorf("%s has no %q", typ, k)
			}
		}
	}
	if o := types["Organization"]; o != nil {
		need("Organization", o, "@id", "name", "url", "logo")
		absolute("Organization url", str(o, "url"))
		absolute("Organization logo", str(obj(o["logo"]), "url"))
	}
	if w := types["WebSite"]; w != nil {
		need("WebSite", w, "@id", "name", "url", "inLanguage", "publisher", "potentialAction")
		action := obj(w["potentialAction"])
		tmpl := str(obj(action["target"]), "urlTemplate")
		if str(action, "@type") != "SearchAction" || !strings.Contains(tmpl, "{search_term_string}") || str(action, "query-input") != "required name=search_term_string" {
			t.Errorf("WebSite has no valid SearchAction: %v", action)
		} else {
			absolute("SearchAction target", strings.Replace(tmpl, "{search_term_string}", "grunderiet", 1))
		}
		if str(obj(w["publisher"]), "@id") != str(types["Organization"], "@id") {
			t.Errorf("WebSite's publisher is not the Organization")
		}
	}
	for _, typ := range []string{"Article", "NewsArticle"} {
		a := types[typ]
		if a == nil {
			continue
		}
		need(typ, a, "headline", "description", "datePublished", "dateModified", "author", "image", "publisher", "mainEntityOfPage")
		if hl := str(a, "headline"); utf8.RuneCountInString(hl) > 110 || hl == "" {
			t.Errorf("%s headline %q is empty or longer than 110 characters", typ, hl)
		}
		for _, k := range []string{"datePublished", "dateModified"} {
			d := str(a, k)
			if _, err := time.Parse(time.RFC3339, d); err != nil || !offsetRE.MatchString(d) {
				t.Errorf("%s %s %q is not RFC 3339 with a time zone offset", typ, k, d)
			}
		}
		if d := str(a, "datePublished"); !strings.HasPrefix(d, p.Date.In(p.Site.Config.Location).Format(time.DateOnly)) {
			t.Errorf("%s datePublished %q is not the page's date %s", typ, d, p.Date.Format(time.DateOnly))
		}
		authors := list(a["author"])
		if len(authors) == 0 {
			t.Errorf("%s has no authors", typ)
		}
		for i, au := range authors {
			if at := str(obj(au), "@type"); (at != "Person" && at != "Organization") || str(obj(au), "name") == "" {
				t.Errorf("%s author %d is not a Person or Organization with a name: %v", typ, i+1, au)
			} else if i < len(p.Authors) && str(obj(au), "name") != p.Authors[i] {
				t.Errorf("%s author %d is %q, want %q", typ, i+1, str(obj(au), "name"), p.Authors[i])
			}
		}
		for _, img := range list(a["image"]) {
			s, _ := img.(string)
			absolute(typ+" image", s)
		}
		pub := obj(a["publisher"])
		if str(pub, "@type") != "Organization" || str(pub, "name") == "" {
			t.Errorf("%s publisher is not an Organization with a name: %v", typ, pub)
		}
		absolute(typ+" publisher logo", str(obj(pub["logo"]), "url"))
		if str(obj(a["mainEntityOfPage"]), "@id") != h.Canonical {
			t.Errorf("%s mainEntityOfPage is %v, want the canonical URL", typ, a["mainEntityOfPage"])
		}
	}

	// The trail: visible below home, the last item current, the same as the BreadcrumbList.
	if p.IsHome() {
		if len(h.Trail) > 0 {
			t.Errorf("the home page has breadcrumbs")
		}
		return
	}
	if h.TrailLabel == "" {
		t.Errorf("the breadcrumbs nav has no aria-label")
	}
	if len(h.Trail) < 2 || h.Trail[0].Href != p.Site.Home.Permalink {
		t.Fatalf("the breadcrumbs %v do not start at the home page", h.Trail)
	}
	for i, c := range h.Trail {
		last := i == len(h.Trail)-1
		if (c.Current == "page") != last {
			t.Errorf("breadcrumb %d (%q) has aria-current=%q", i+1, c.Name, c.Current)
		}
	}
	if last := h.Trail[len(h.Trail)-1]; last.Href != origin+tg.path {
		t.Errorf("the last breadcrumb leads to %s, want the page itself", last.Href)
	}
	items := list(types["BreadcrumbList"]["itemListElement"])
	if len(items) != len(h.Trail) {
		t.Fatalf("BreadcrumbList has %d items, the visible trail %d", len(items), len(h.Trail))
	}
	for i, it := range items {
		o := obj(it)
		if pos, _ := o["position"].(float64); int(pos) != i+1 || str(o, "@type") != "ListItem" {
			t.Errorf("BreadcrumbList item %d is %v", i+1, o)
		}
		if str(o, "name") != h.Trail[i].Name || str(o, "item") != h.Trail[i].Href {
			t.Errorf("BreadcrumbList item %d is %q at %s, the visible trail says %q at %s", i+1, str(o, "name"), str(o, "item"), h.Trail[i].Name, h.Trail[i].Href)
		}
	}
}
