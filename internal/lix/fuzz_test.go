package lix_test

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/lix"
	"github.com/drammen-works/works/internal/words/wordstest"
)

// sentenceSeeds are texts at the edges of the rules: marks with closers and
// openers, abbreviations in capitals (and with a Kelvin sign, which lowers
// to "k"), initials, white space beyond ASCII and bytes that are not UTF-8.
var sentenceSeeds = []string{
	"",
	"Ja. – Nei takk, sier hun.\nFerdig",
	"Vi åpner 17. mai kl. 10. Ta med f.eks. kaffe!",
	"«Hei!» sa hun. (Nei.) \"Ja.\" ‘Å?’ “Ok…” [Slutt:] Neste",
	"BL.A. KR. \u212AR. Kr. D.V.S. dr. Prof. T.O.M. ekskl. EKSKL. tlf.",
	"Tone A. Solvang. Ø. Æ! É. 1. 12. Mai. ı. İ. \u212A. A.. ..",
	"Ord\u00a0ord\u2003ord\u3000ord\u0085ord\u2028ord\tord\vord\rord\fslutt.",
	"Bad \xff. Ende\xe2\x80. \xc3. Ok.",
	"– … — -- . ! ? :",
	"Ein Satz. Привет мир. Γειά σου! 東京です。 Ok",
	"e-post 2025-2030 nå. a\u030Ar. Ǆemal. ǅemal. ǆ.",
}

// FuzzSentences holds Sentences to ReferenceSentences on any text: the same
// sentences, ranges and counts.
func FuzzSentences(f *testing.F) {
	for _, s := range sentenceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := lix.Sentences(text), lix.ReferenceSentences(text); !slices.Equal(got, want) {
			t.Errorf("Sentences(%q)\n got %+v\nwant %+v", text, got, want)
		}
	})
}

// TestSentencesAsReference compares the two on the sample site's pages and
// the benchmark corpus, block by block and whole.
func TestSentencesAsReference(t *testing.T) {
	var texts []string
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
		texts = append(texts, p.Plain)
		texts = append(texts, p.Blocks...)
	}
	for _, text := range texts {
		if got, want := lix.Sentences(text), lix.ReferenceSentences(text); !slices.Equal(got, want) {
			t.Errorf("Sentences(%.60q…) differs from ReferenceSentences:\n got %+v\nwant %+v", text, got, want)
		}
	}
	if len(texts) < 100 {
		t.Errorf("only %d texts compared", len(texts))
	}
}
