package search

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/drammen-works/works/internal/words/wordstest"
)

// foldSeeds are texts at the edges of the fold: every letter of the table
// in both cases, decomposed å and é, marks alone and at the start of a
// word, letters whose small form is ASCII (the Kelvin sign, İ) or longer
// (Ⱥ), words around the length limits and bytes that are not UTF-8.
var foldSeeds = []string{
	"",
	"Bryggeriet på Åssiden",
	"ÆØÅ æøå ß Œ Þ Ð Đ Ł ı ÀÁÂÃÄĀĂĄ ÇĆČ Ď ÈÉÊËĒĖĘĚ Ğ ÌÍÎÏĪĮ ÑŃŇ ÒÓÔÕÖŌŐ Ř ŚŠŞ ŤŢ ÙÚÛÜŪŮŰŲ Ý Ÿ ŹŻŽ",
	"a\u030Assiden A\u030A cafe\u0301 \u0301x \u030A \u0300\u036F\u0370 a\u0301\u030A",
	"\u212Aelvin İstanbul Ⱥ ǅ Σίσυφος ΣΑΣ",
	"Gründer-huset: «nytt» (2026)! e-post 2025-2030",
	"Привет мир 東京 ١٢٣ ０１２ x²",
	"kort " + strings.Repeat("x", MaxWord+1) + " " + strings.Repeat("y", MaxWord) + " " + strings.Repeat("å", MaxWord/2) + " " + strings.Repeat("å", MaxWord/2+1),
	"i og å x",
	"Bad \xff bytes\xe2\x80 here \xc3",
	"Ord\u00a0ord\u2003ord\tord\nslutt.",
}

// FuzzFold holds Fold to referenceFold on any text.
func FuzzFold(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), referenceFold(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzTerms holds Terms to referenceTerms on any text, and the terms Build
// collects with appendTerms to the same.
func FuzzTerms(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := referenceTerms(s)
		if got := Terms(s); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", s, got, want)
		}
		// Appended after a term of a text before, as Build does.
		buf, ends := appendTerms([]byte("abc"), []int{3}, s)
		var got []string
		for i := 1; i < len(ends); i++ {
			got = append(got, string(buf[ends[i-1]:ends[i]]))
		}
		if !slices.Equal(got, want) {
			t.Errorf("appendTerms after a term: %q, want %q", got, want)
		}
	})
}

// TestTermsAsReference compares Fold and Terms with the reference on the
// sample site's pages and the benchmark corpus.
func TestTermsAsReference(t *testing.T) {
	texts := slices.Clone(foldSeeds)
	err := fs.WalkDir(os.DirFS("../../content"), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".md") {
			return err
		}
		data, err := os.ReadFile("../../content/" + name)
		texts = append(texts, string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range wordstest.Pages(30) {
		texts = append(texts, p.Plain, p.Title)
	}
	for _, s := range texts {
		if got, want := Fold(s), referenceFold(s); got != want {
			t.Errorf("Fold(%.60q…) differs from referenceFold", s)
		}
		if got, want := Terms(s), referenceTerms(s); !slices.Equal(got, want) {
			t.Errorf("Terms(%.60q…) differs from referenceTerms:\n got %q\nwant %q", s, got, want)
		}
	}
	if len(texts) < 60 {
		t.Errorf("only %d texts compared", len(texts))
	}
}

// TestLowerKeepsClass checks, for every code point, what appendTerms
// relies on to split before folding: unicode.ToLower keeps letters and
// digits what they are.
func TestLowerKeepsClass(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		l := unicode.ToLower(r)
		if unicode.IsLetter(l) != unicode.IsLetter(r) || unicode.IsDigit(l) != unicode.IsDigit(r) {
			t.Errorf("unicode.ToLower(%U) = %U changes its class", r, l)
		}
	}
}

// TestFoldTable checks the table against the map it was written as, and
// that it spells small letters with small letters.
func TestFoldTable(t *testing.T) {
	for r, s := range foldTable {
		if want := referenceFoldTable[rune(r)]; s != want {
			t.Errorf("foldTable[%q] = %q, want %q", rune(r), s, want)
		}
		if s != "" && (!unicode.IsLower(rune(r)) || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") != "") {
			t.Errorf("foldTable[%q] = %q: not a small letter spelled in a–z", rune(r), s)
		}
	}
	for r := range referenceFoldTable {
		if int(r) >= len(foldTable) {
			t.Errorf("%q is beyond foldTable", r)
		}
	}
}

// TestEntriesAsReference builds the keys of corpora with many prefix keys
// (small heavy) and few, and compares them, bytes and all, with
// referenceEntries over referencePostings.
func TestEntriesAsReference(t *testing.T) {
	corpora := map[string][]Document{
		"zipf":   idOrder(corpus(600)),
		"corpus": idOrder(benchDocs(wordstest.Pages(60))),
		"seeds":  idOrder([]Document{{URL: "/a/", Body: strings.Join(foldSeeds, " ")}, {URL: "/aa/", Body: "– …"}, {URL: "/b/", Title: foldSeeds[2], Tags: foldSeeds[3:5]}}),
	}
	for name, docs := range corpora {
		for _, heavy := range []int{0, 64, 2048, DefaultChunkSize / 2} {
			index := termIndex{ids: map[string]int32{}}
			for id, d := range docs {
				page := int32(id)
				index.add(page, d.Body, Body)
				index.add(page, d.Section, Section)
				index.add(page, d.Summary, Summary)
				for _, tag := range d.Tags {
					index.add(page, tag, Tags)
				}
				index.add(page, d.Title, Title)
				index.endPage()
			}
			terms, postings := index.terms()
			got, all := entries(terms, postings, len(docs), heavy)
			want := referenceEntries(referencePostings(docs), len(docs), heavy)
			if len(got) != len(want) {
				t.Errorf("%s, heavy %d: %d keys, want %d", name, heavy, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i].key != want[i].key || string(all[got[i].start:got[i].end]) != string(want[i].json) {
					t.Errorf("%s, heavy %d: key %d is %.80s, want %.80s", name, heavy, i, all[got[i].start:got[i].end], want[i].json)
					break
				}
			}
		}
	}
}

// FuzzShorten holds shorten to referenceShorten.
func FuzzShorten(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s, 10)
	}
	f.Add("Æøå æøå æøå", 9)
	f.Add("ab \xff cd ef", 4)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		if got, want := shorten(s, n), referenceShorten(s, n); got != want {
			t.Errorf("shorten(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}
