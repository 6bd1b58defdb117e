package search

import (
	"slices"
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		// The plural and definite forms of bokmål.
		{"nb", "bedrift", "bedrift"},
		{"nb", "bedriften", "bedrift"},
		{"nb", "bedrifter", "bedrift"},
		{"nb", "bedriftene", "bedrift"},
		{"nb", "bedriftens", "bedrift"}, // genitive
		{"nb", "bedriftenes", "bedrift"},
		{"nb", "huset", "hus"},
		{"nb", "husene", "hus"},
		{"nb", "husets", "hus"},
		{"nb", "hus", "hus"},
		{"nb", "havna", "havn"},
		{"nb", "kake", "kak"},
		{"nb", "kaker", "kak"},
		{"nb", "bakeriet", "bakeri"},
		{"nb", "bakeriene", "bakeri"},
		{"nb", "norges", "norg"},
		// Too short to lose an ending, or an s that is not the genitive.
		{"nb", "tre", "tre"},
		{"nb", "sier", "sier"},
		{"nb", "bilen", "bil"},
		{"nb", "status", "status"},
		{"nb", "prosess", "prosess"},
		{"nb-NO", "bedriftene", "bedrift"},
		{"nn", "bedriftene", "bedrift"},
		// English plurals.
		{"en", "stories", "story"},
		{"en", "companies", "company"},
		{"en", "classes", "class"},
		{"en", "boxes", "box"},
		{"en", "churches", "church"},
		{"en", "pages", "page"},
		{"en", "bakeries", "bakery"},
		{"en", "class", "class"},
		{"en", "status", "status"},
		{"en", "analysis", "analysis"},
		{"en", "ties", "tie"},
		{"en", "bus", "bus"},
		{"en-GB", "stories", "story"},
		// No stemmer.
		{"de", "bedriftene", "bedriftene"},
		{"", "stories", "stories"},
	}
	for _, tt := range tests {
		if got := Stem(tt.lang, tt.in); got != tt.want {
			t.Errorf("Stem(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// TestForms checks that Forms lists a word's stem and the word itself, for
// every word of the sample site and the corpora, so that the script finds
// a page by any form of its word; and that it lists nothing whose stem is
// another.
func TestForms(t *testing.T) {
	vocab := map[string]map[string]bool{"nb": {}, "en": {}}
	for _, d := range corpus(300) {
		for _, w := range Terms(d.Body + " " + d.Title) {
			vocab["nb"][w] = true
		}
	}
	for lang, docs := range sampleDocs(t) {
		for _, d := range docs {
			for _, w := range Terms(d.Body + " " + d.Title + " " + d.Summary) {
				vocab[lang][w] = true
			}
		}
	}
	for _, w := range strings.Fields("bedrift bedriften bedrifter bedriftene bedriftens hus huset husene kake kaker havna") {
		vocab["nb"][w] = true
	}
	for _, w := range strings.Fields("story stories company companies class classes box boxes page pages bakery bakeries") {
		vocab["en"][w] = true
	}
	inflected := 0
	for lang, words := range vocab {
		if len(words) < 100 {
			t.Fatalf("only %d %s words", len(words), lang)
		}
		for w := range words {
			stem := Stem(lang, w)
			forms := Forms(lang, stem)
			if forms[0] != stem || !slices.Contains(forms, w) {
				t.Errorf("Forms(%q, %q) = %q: not the stem first and %q among them", lang, stem, forms, w)
			}
			for _, f := range forms[1:] {
				if Stem(lang, f) != stem {
					t.Errorf("Forms(%q, %q) has %q, whose stem is %q", lang, stem, f, Stem(lang, f))
				}
			}
			if stem != w {
				inflected++
			}
		}
	}
	if inflected < 100 {
		t.Errorf("only %d words lose an ending; the stemmers do little", inflected)
	}
}

func TestNear(t *testing.T) {
	tests := []struct {
		w, t string
		want bool
	}{
		{"barkraft", "barekraft", true},   // missing
		{"barkraft", "barekraftig", true}, // missing, and the term goes on
		{"sirkuler", "sirkular", true},    // wrong
		{"sirkuler", "sirkularokonomi", true},
		{"bakerei", "bakeri", true}, // extra
		{"bakerei", "bakeriet", true},
		{"bedirft", "bedrift", true},    // swapped
		{"bedrift", "bedriften", false}, // found as typed, not near
		{"bedriftt", "bedrift", true},   // extra last letter, against the whole term
		{"bedriftt", "bedriften", false},
		{"bedrifr", "bedrift", true}, // wrong last letter, against the whole term
		{"bedrifr", "bedriften", false},
		{"bedri", "bedre", true},
		{"bedri", "bedrer", false},
		{"bedrfit", "bedrift", true},   // the last two swapped
		{"barkraft", "bakkraft", true}, // wrong
		{"barkraft", "barnehage", false},
		{"barkraft", "bkraft", false},     // two edits
		{"xbarekraft", "barekraft", true}, // the first letter is extra
		{"barekraft", "sirkular", false},
		{"åpen", "apen", true}, // one code point wrong, not two bytes
		{"åpne", "åpen", true}, // the last two swapped
	}
	for _, tt := range tests {
		if got := Near(tt.w, tt.t); got != tt.want {
			t.Errorf("Near(%q, %q) = %v, want %v", tt.w, tt.t, got, tt.want)
		}
		if got := referenceNear(tt.w, tt.t); got != tt.want {
			t.Errorf("referenceNear(%q, %q) = %v, want %v", tt.w, tt.t, got, tt.want)
		}
	}
}

// TestNearAsReference holds Near to referenceNear for every pair of words
// of up to five and six letters over a small alphabet, where doubled and
// swapped letters abound.
func TestNearAsReference(t *testing.T) {
	var words func(n int) []string
	words = func(n int) []string {
		if n == 0 {
			return []string{""}
		}
		var out []string
		for _, w := range words(n - 1) {
			out = append(out, w)
			if len(w) == n-1 {
				for _, c := range "abc" {
					out = append(out, w+string(c))
				}
			}
		}
		return slices.Compact(slices.Sorted(slices.Values(out)))
	}
	ws, ts := words(5), words(6)
	pairs, near := 0, 0
	for _, w := range ws {
		if w == "" {
			continue
		}
		for _, term := range ts {
			got, want := Near(w, term), referenceNear(w, term)
			if got != want {
				t.Fatalf("Near(%q, %q) = %v, referenceNear says %v", w, term, got, want)
			}
			pairs++
			if got {
				near++
			}
		}
	}
	if near == 0 || near == pairs {
		t.Errorf("%d of %d pairs near", near, pairs)
	}
}

// referenceNear is Near by its definition: some prefix u of t is one
// edit from w, as the optimal string alignment distance counts (a letter
// wrong, extra, missing, or two neighbours swapped), t does not begin with
// w, and where u is not the whole term, u is not w with its last letter
// dropped or changed.
func referenceNear(w, t string) bool {
	a, b := []rune(w), []rune(t)
	if hasRunePrefix(b, a) {
		return false
	}
	n := len(a)
	for k := 0; k <= len(b); k++ {
		u := b[:k]
		if osa(a, u) != 1 {
			continue
		}
		lastEdited := (k == n-1 || k == n) && slices.Equal(u[:n-1], a[:n-1])
		if k == len(b) || !lastEdited {
			return true
		}
	}
	return false
}

// osa is the optimal string alignment distance of a and b.
func osa(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// forgiving is a handful of pages with forms and near spellings of a few
// words, newest first.
var forgiving = []Document{
	{URL: "/a/", Title: "Bedriftene i byen", Body: "Bedriftene vokser.", Date: "2026-01-06"},
	{URL: "/b/", Title: "Ny bedrift", Body: "En bedrift.", Date: "2026-01-05"},
	{URL: "/c/", Title: "Nyheter", Body: "Bedriften vokser.", Date: "2026-01-04"},
	{URL: "/d/", Title: "Bedre tider", Body: "Bedre enn før.", Date: "2026-01-03"},
	{URL: "/e/", Title: "Bakeriet i sentrum", Body: "Bakeriet baker brød.", Date: "2026-01-02"},
	{URL: "/f/", Title: "Mat", Body: "To bakerier i sentrum.", Date: "2026-01-01"},
}

// TestForgiving pins how forms and near spellings are found and ranked:
// a form joins the word as typed, by field, the word itself winning a tie
// of fields; near spellings only for a word that finds nothing otherwise,
// so a word the site has brings no neighbours; and the near spellings of
// a word are sought among the terms of at most NearChunks chunks.
func TestForgiving(t *testing.T) {
	for _, opts := range []Options{{}, {ChunkSize: 70}} {
		files := Build("nb", forgiving, opts)
		small := opts.ChunkSize != 0
		tests := []struct {
			query string
			want  []string
		}{
			{"bedriftene", []string{"/a/", "/b/", "/c/"}}, // as typed in the title, then the other forms
			{"bedrift", []string{"/b/", "/a/", "/c/"}},    // the word itself first, then longer words
			{"bedri", []string{"/a/", "/b/", "/c/"}},      // found, so not bedre
			{"bedrx", []string{"/d/"}},                    // bedre, with the last letter wrong
			{"bedriftne", []string{"/a/", "/c/"}},         // bedriftene, bedriften: a letter missing, one extra
			{"bakerei", []string{"/e/", "/f/"}},           // bakeriet, bakerier
			{"bakerei sentrum", []string{"/e/", "/f/"}},
			{"sentrum bakerei", []string{"/e/", "/f/"}},
			{"bakerei byen", nil},
			{"bedrif byen", []string{"/a/"}},
			{"bikkeri", nil},                                                   // two letters from bakeri
			{"bdriftene", map[bool][]string{false: {"/a/"}, true: nil}[small]}, // the second letter missing: found only where all the b-words lie in one chunk
		}
		for _, tt := range tests {
			got := urls(newClient(t, files).search(tt.query, 10))
			if !slices.Equal(got, tt.want) {
				t.Errorf("chunks of %d B: search %q = %q, want %q", opts.ChunkSize, tt.query, got, tt.want)
			}
		}
		if c := newClient(t, files); small && len(c.manifest.Terms) < 5 {
			t.Errorf("only %d chunks of 70 B", len(c.manifest.Terms))
		}
	}

	en := []Document{
		{URL: "/stories/", Title: "Our stories", Date: "2026-01-03"},
		{URL: "/story/", Title: "A story", Date: "2026-01-02"},
		{URL: "/companies/", Body: "Two companies and a class.", Date: "2026-01-01"},
	}
	files := Build("en", en, Options{})
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"story", []string{"/story/", "/stories/"}},
		{"stories", []string{"/stories/", "/story/"}},
		{"company", []string{"/companies/"}},
		{"classes", []string{"/companies/"}},
	} {
		if got := urls(newClient(t, files).search(tt.query, 10)); !slices.Equal(got, tt.want) {
			t.Errorf("en: search %q = %q, want %q", tt.query, got, tt.want)
		}
	}
}
