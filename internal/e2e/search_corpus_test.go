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

	"github.com/drammen-works/works/internal/bench"
	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/search"
)

// corpusPages is how many pages of the benchmark corpus the search corpus
// test adds to the sample site.
const corpusPages = 10_000

// TestSearchCorpus builds the sample site with the 10 000 pages of the
// benchmark corpus (internal/bench) in its sections, through the whole
// build, and types into its search box each word the search must forgive:
// æ, ø and å typed as a, o and a or as ae, oe and aa, a letter missing,
// wrong or extra, and other forms of a word. Among 10 000 pages about
// bedrifter, bærekraft and bakeriet, each query must find what the word
// spelled right finds (see checkCorpusQuery), and the sample page named
// first where no corpus page has the word; and no first query may fetch
// more than firstQueryBudget of index. The corpus has no åpen and no
// sirkulær: those words find the sample's pages among the 10 000.
func TestSearchCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 10 000 pages; run without -short")
	}
	tl := findTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	src := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS(repoRoot)); err != nil {
		t.Fatalf("copy the sample site: %v", err)
	}
	added := 0
	for name, data := range bench.Corpus(corpusPages) {
		if !strings.HasPrefix(name, "content/") || strings.HasSuffix(name, "/_index.md") {
			continue // the sample site's own configuration, theme and section pages stay
		}
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		added++
	}
	if added != corpusPages {
		t.Fatalf("the corpus gave %d pages, want %d", added, corpusPages)
	}

	port := freePort(t)
	origin := fmt.Sprintf("http://127.0.0.1:%d", port)
	public := filepath.Join(t.TempDir(), "public")
	begin := time.Now()
	res, err := build.Run(ctx, build.Options{Source: src, Destination: public, BaseURL: origin + "/", Cache: filepath.Join(t.TempDir(), "cache"), SkipCheck: true})
	if err != nil {
		t.Fatalf("build the site: %v", err)
	}
	t.Logf("built the sample site with %d corpus pages in %v", corpusPages, time.Since(begin).Round(time.Millisecond))
	startNginx(t, public, port, langPrefixes(res.Model))
	srv := &searchServer{origin: origin, public: public, model: res.Model, browser: startBrowser(t, tl.chromium), tools: tl}
	path := searchPages(t, res.Model)["nb"].RelPermalink

	for _, tc := range []struct {
		query, sameAs string
		first         string // the content file of the first result, where the corpus has not the word
	}{
		{"barekraft", "bærekraft", ""},
		{"baerekraft", "bærekraft", ""},
		{"bærkraft", "bærekraft", ""},
		{"apen", "åpen", "nyheter/apen-grunderkveld.md"},
		{"aapen", "åpen", "nyheter/apen-grunderkveld.md"},
		{"sirkular", "sirkulær", "prosjekter/sirkulaer-havn.md"},
		{"sirkuler", "sirkulær", "prosjekter/sirkulaer-havn.md"},
		{"bakerei", "bakeriet", ""},
		{"bedriften", "bedrift", ""},
		{"bedriftene", "bedrift", ""},
		{"verkstdet", "verkstedet", ""},
		{"lokalne", "lokalene", ""},
		{"stroemsoe", "strømsø", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			var first string
			if tc.first != "" {
				p := res.Model.Lookup("nb", tc.first)
				if p == nil {
					t.Fatalf("the site has no page for %s", tc.first)
				}
				first = p.RelPermalink
			}
			checkCorpusQuery(t, srv, path, tc.query, tc.sameAs, first)
		})
	}
}

// checkCorpusQuery pastes query into a fresh search page, as a first query,
// and then sameAs. Where the two fold to the same words, they must find the
// same pages in the same order; otherwise (another form, a near spelling,
// which reach a few other words than the prefix spelled right) the same
// first result and as many pages give or take 1 %. first, if not "", is
// the address of the first result.
func checkCorpusQuery(t *testing.T, srv *searchServer, path, query, sameAs, first string) {
	tab, v, tr := openSearch(t, srv, path, viewports[1])
	f := enterQuery(t, tab, query, 0)
	fetched, size := describeFetched(tr.index(), srv.public)
	if size > firstQueryBudget {
		t.Errorf("the first query %q fetched %d bytes of index, more than %d: %s", query, size, firstQueryBudget, fetched)
	}
	if len(f.Results) == 0 {
		t.Fatalf("%q found nothing; status %q", query, f.Status)
	}
	if first != "" && f.Results[0].Href != first {
		t.Errorf("the first result for %q is %q at %s, want the page at %s", query, f.Results[0].Title, f.Results[0].Href, first)
	}
	same := enterQuery(t, tab, sameAs, 0)
	hrefs := func(f searchFacts) (out []string) {
		for _, r := range f.Results {
			out = append(out, r.Href)
		}
		return out
	}
	if slices.Equal(search.Terms(query), search.Terms(sameAs)) {
		if f.Count != same.Count || !slices.Equal(hrefs(f), hrefs(same)) {
			t.Errorf("%q finds %d pages, first %q; %q finds %d, first %q", query, f.Count, hrefs(f), sameAs, same.Count, hrefs(same))
		}
	} else if len(same.Results) == 0 || f.Results[0].Href != same.Results[0].Href || 100*abs(f.Count-same.Count) > same.Count {
		t.Errorf("%q finds %d pages, first %q; %q finds %d, first %q", query, f.Count, hrefs(f)[:1], sameAs, same.Count, hrefs(same)[:min(1, len(same.Results))])
	}
	t.Logf("%q: %d results (%q: %d), first %q marked %q; %.0f ms from the input event to all results; fetched %s",
		query, f.Count, sameAs, same.Count, f.Results[0].Title, f.Results[0].Marks, f.Search, fetched)
	v.check(t)
}

func abs(n int) int { return max(n, -n) }
