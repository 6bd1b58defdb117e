package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/golden"
)

// small is a handful of pages where one word sits in a different field of
// each, to pin the ranking.
var small = []Document{
	{URL: "/historier/bryggeriet/", Title: "Bryggeriet på Åssiden", Date: "2026-11-20", Section: "Historier", Tags: []string{"mat", "eksport"},
		Summary: "Bryggeriet lager øl.", Body: "Bryggeriet lager øl. Økt vekst i Mølle-gata."},
	{URL: "/historier/verftet/", Title: "Verftet", Date: "2026-10-01", Section: "Historier", Tags: []string{"bryggerier"}, Body: "Verftet bygger båter."},
	{URL: "/nyheter/kafeen/", Title: "Kafeen", Date: "2026-09-01", Section: "Nyheter", Summary: "Et bryggeri i byen.", Body: "Et bryggeri i byen."},
	{URL: "/historier/hallen/", Title: "Hallen", Date: "2026-12-01", Section: "Historier", Body: "Ved siden av bryggeriet ligger hallen."},
	{URL: "/historier/", Title: "Historier", Summary: "Historier fra næringslivet"},
	{URL: "/om/", Title: "Om oss", Body: "Vi er en forening for næringslivet i Drammen."},
}

func urls(rs []result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.meta.URL)
	}
	return out
}

func TestSearch(t *testing.T) {
	files := Build("nb", small, Options{})
	tests := []struct {
		query string
		want  []string
	}{
		// title+body+summary, then tags, then summary, then body: newest does not win.
		{"brygg", []string{"/historier/bryggeriet/", "/historier/verftet/", "/nyheter/kafeen/", "/historier/hallen/"}},
		// As typed or in another form (bryggerier in the tags, bryggeri in
		// the summary), by field.
		{"bryggeriet", []string{"/historier/bryggeriet/", "/historier/verftet/", "/nyheter/kafeen/", "/historier/hallen/"}},
		{"bryggeri", []string{"/historier/bryggeriet/", "/historier/verftet/", "/nyheter/kafeen/", "/historier/hallen/"}},
		{"Åssiden", []string{"/historier/bryggeriet/"}},
		{"åssiden", []string{"/historier/bryggeriet/"}},
		{"aassiden", []string{"/historier/bryggeriet/"}},
		{"assiden", []string{"/historier/bryggeriet/"}},
		{"molle", []string{"/historier/bryggeriet/"}},
		{"økt", []string{"/historier/bryggeriet/"}},
		{"BÅTER", []string{"/historier/verftet/"}},
		{"baater", []string{"/historier/verftet/"}},
		{"bryggeriet øl", []string{"/historier/bryggeriet/"}},
		{"bryggeriet båter", []string{"/historier/verftet/"}}, // bryggerier
		{"hallen båter", nil},
		// Same field for all three stories: newest first.
		{"historier", []string{"/historier/", "/historier/hallen/", "/historier/bryggeriet/", "/historier/verftet/"}},
		{"næringslivet", []string{"/historier/", "/om/"}},
		{"eksport", []string{"/historier/bryggeriet/"}},
		{"b", nil},
		{"zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := urls(newClient(t, files).search(tt.query, 10))
			if !slices.Equal(got, tt.want) {
				t.Errorf("search %q = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestMeta(t *testing.T) {
	rs := newClient(t, Build("nb", small, Options{})).search("bryggeriet øl", 1)
	want := meta{URL: "/historier/bryggeriet/", Title: "Bryggeriet på Åssiden", Date: "2026-11-20", Section: "Historier",
		Summary: "Bryggeriet lager øl.", Tags: []string{"mat", "eksport"}}
	if len(rs) != 1 || !equalMeta(rs[0].meta, want) {
		t.Errorf("got %+v, want %+v", rs, want)
	}
	if rs[0].id != 1 {
		t.Errorf("id %d, want 1 (the second newest)", rs[0].id)
	}
}

func equalMeta(a, b meta) bool {
	return a.URL == b.URL && a.Title == b.Title && a.Date == b.Date && a.Section == b.Section && a.Summary == b.Summary && slices.Equal(a.Tags, b.Tags)
}

// TestIndexGolden shows the whole index of the small site, to review the
// format as the script will read it.
func TestIndexGolden(t *testing.T) {
	var b bytes.Buffer
	for _, f := range Build("nb", small, Options{ChunkSize: 90, MetaSize: 4}) {
		fmt.Fprintf(&b, "-- %s --\n%s", f.Name, f.Data)
	}
	golden.Check(t, filepath.Join("testdata", "index.golden"), b.Bytes())
}

// TestChunkLookup builds an index of many small chunks, so that many
// prefixes get prefix keys and many do not, and checks for every prefix of
// every term that the client's reading of the manifest finds exactly the
// pages that have a word with that prefix, with the right masks.
func TestChunkLookup(t *testing.T) {
	docs := corpus(300)
	files := Build("nb", docs, Options{ChunkSize: 600, MetaSize: 7})
	c := newClient(t, files)
	if len(c.manifest.Terms) < 100 {
		t.Fatalf("only %d chunks; the test needs many", len(c.manifest.Terms))
	}
	for i := 1; i < len(c.manifest.Terms); i++ {
		if c.manifest.Terms[i-1][0] >= c.manifest.Terms[i][0] {
			t.Fatalf("chunk starts out of order: %q, %q", c.manifest.Terms[i-1][0], c.manifest.Terms[i][0])
		}
	}
	// What each page has, straight from the documents, in id order.
	ids := idOrder(docs)
	have := map[string]map[int]int{} // term → id → mask
	for id, d := range ids {
		for _, f := range []struct {
			text string
			mask int
		}{{d.Body, Body}, {d.Section, Section}, {d.Summary, Summary}, {strings.Join(d.Tags, " "), Tags}, {d.Title, Title}} {
			for _, term := range Terms(f.text) {
				if have[term] == nil {
					have[term] = map[int]int{}
				}
				have[term][id] |= f.mask
			}
		}
	}
	var terms []string
	prefixes := map[string]bool{}
	for term := range have {
		terms = append(terms, term)
		n := 0
		for i := range term {
			if n++; n > MinWord {
				prefixes[term[:i]] = true
			}
		}
		prefixes[term] = true
	}
	slices.Sort(terms)
	withKey := 0
	for p := range prefixes {
		want := map[int]int{}
		lo, _ := slices.BinarySearch(terms, p)
		for _, term := range terms[lo:] {
			if !strings.HasPrefix(term, p) {
				break
			}
			for id, m := range have[term] {
				if term == p {
					m |= Exact
				}
				want[id] |= m
			}
		}
		c.reset()
		got := c.prefixMatches(p)
		if _, keyed := c.needs(p); keyed {
			withKey++
		} else if len(c.fetched) > 2 {
			// The script fetches a word's chunks at once, counting on this.
			t.Errorf("prefix %q has no prefix key and its terms span %d chunks, more than 2", p, len(c.fetched))
		}
		if len(got) != len(want) {
			t.Errorf("prefix %q: %d pages, want %d", p, len(got), len(want))
			continue
		}
		for id, m := range want {
			if got[id] != m {
				t.Errorf("prefix %q, page %d: mask %d, want %d", p, id, got[id], m)
			}
		}
	}
	if withKey == 0 || withKey == len(prefixes) {
		t.Errorf("%d of %d prefixes have a prefix key; the test needs some of each", withKey, len(prefixes))
	}
	// The manifest lists exactly the prefix keys of the chunks, ascending.
	var keys []string
	for _, e := range c.manifest.Terms {
		for key := range c.chunk(e[1]) {
			if p, ok := strings.CutSuffix(key, "*"); ok {
				keys = append(keys, p)
			}
		}
	}
	slices.Sort(keys)
	if !slices.Equal(c.manifest.Prefixes, keys) {
		t.Errorf("the manifest lists the prefixes %q, the chunks have keys for %q", c.manifest.Prefixes, keys)
	}
	// The metadata of every page is where the manifest says.
	for id := range c.manifest.Pages {
		var metas []meta
		if err := json.Unmarshal(c.fetch(c.manifest.metaName(id/c.manifest.MetaSize)), &metas); err != nil {
			t.Fatal(err)
		}
		if got := metas[id%c.manifest.MetaSize].URL; got != ids[id].URL {
			t.Errorf("page %d is %s in the metadata, want %s", id, got, ids[id].URL)
		}
	}
}

// idOrder sorts documents the way Build numbers them.
func idOrder(docs []Document) []Document {
	out := slices.Clone(docs)
	slices.SortStableFunc(out, func(a, b Document) int {
		switch {
		case a.Date == "" && b.Date != "":
			return 1
		case a.Date != "" && b.Date == "":
			return -1
		case a.Date != b.Date:
			return strings.Compare(b.Date, a.Date)
		}
		return strings.Compare(a.URL, b.URL)
	})
	return out
}

// TestBuildDeterministic gives Build the same pages in another order and
// expects the same bytes.
func TestBuildDeterministic(t *testing.T) {
	docs := corpus(200)
	a := Build("nb", docs, Options{ChunkSize: 2000})
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	b := Build("nb", docs, Options{ChunkSize: 2000})
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs", a[i].Name)
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	files := Build("en", nil, Options{})
	if len(files) != 1 || files[0].Name != ManifestName {
		t.Fatalf("files %v", files)
	}
	want := `{"version":3,"lang":"en","pages":0,"fields":["exact","body","section","summary","tags","title"],"terms":[],"prefixes":[],"metaSize":10,"meta":"m-e3b0c44298"}` + "\n"
	if string(files[0].Data) != want {
		t.Errorf("got %s\nwant %s", files[0].Data, want)
	}
	if rs := newClient(t, files).search("noe", 10); len(rs) != 0 {
		t.Errorf("results %v", rs)
	}
}

func TestSeparator(t *testing.T) {
	tests := []struct{ last, next, want string }{
		{"abc", "abd", "abd"},
		{"abc", "b", "b"},
		{"abc", "bcd", "b"},
		{"ab", "abc", "abc"},
		{"aa", "aaa", "aaa"},
		{"p", "pø", "pø"}, // never half a character
		{"for", "for*", "for*"},
		{"for*", "fora", "fora"},
		{"", "x", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.last+"|"+tt.next, func(t *testing.T) {
			if got := separator(tt.last, tt.next); got != tt.want {
				t.Errorf("separator(%q, %q) = %q, want %q", tt.last, tt.next, got, tt.want)
			}
		})
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"Kort.", 10, "Kort."},
		{"Bryggeriet lager øl og brus.", 20, "Bryggeriet lager øl…"},
		{"Ettlangtordutenmellomrom", 10, "Ettlangtor…"},
		{"Æøå æøå æøå", 9, "Æøå æøå…"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := shorten(tt.in, tt.n); got != tt.want {
				t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	in := "<p>Se <a href=\"/om/\">om&nbsp;oss</a> &amp; <em>mer</em>.</p>\n<p>Neste\tavsnitt.</p>"
	if got, want := plain(in), "Se om oss & mer. Neste avsnitt."; got != want {
		t.Errorf("plain = %q, want %q", got, want)
	}
}
