package lix

import (
	"math"
	"testing"
)

// The texts are counted by hand; the comments show the count. A long word
// has more than six letters (marked L).
func TestCount(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Counts
		lix  float64
	}{
		{
			name: "three plain sentences",
			// 1: Klokka fire om morgenen(L) lukter det nybakt brød i sentrum(L)   10 words, 2 long
			// 2: Brødhuset(L) Solvang(L) har bakt her i 15 år                      8 words, 2 long
			// 3: Lenge var det vanskelig(L) å finne nok folk til de tidlige(L) vaktene(L) 12 words, 3 long
			text: "Klokka fire om morgenen lukter det nybakt brød i sentrum. Brødhuset Solvang har bakt her i 15 år. Lenge var det vanskelig å finne nok folk til de tidlige vaktene.",
			want: Counts{Words: 30, Long: 7, Sentences: 3},
			lix:  30.0/3 + 100*7.0/30, // 33.3
		},
		{
			name: "ordinal, abbreviations",
			// 1: Vi åpner 17. mai kl. 10.   6 words ("17." before "mai" and "kl." end nothing)
			// 2: Ta med f.eks. kaffe!      4 words
			text: "Vi åpner 17. mai kl. 10. Ta med f.eks. kaffe!",
			want: Counts{Words: 10, Long: 0, Sentences: 2},
			lix:  5,
		},
		{
			name: "dialogue dash and quotes",
			// the dash is no word
			// 1: Kundene(L) elsker det, sier Solvang(L).   5 words, 2 long
			// 2: «Hei!» sa hun.                            3 words ("!" before "sa" ends nothing)
			text: "– Kundene elsker det, sier Solvang. «Hei!» sa hun.",
			want: Counts{Words: 8, Long: 2, Sentences: 2},
			lix:  4 + 25,
		},
		{
			name: "initial and colon",
			// 1: Eier Tone A. Solvang(L) peker på tre ting:   8 words, 1 long ("A." is an initial)
			// 2: Kontakt(L), råd og kollegaer(L).             4 words, 2 long
			text: "Eier Tone A. Solvang peker på tre ting: Kontakt, råd og kollegaer.",
			want: Counts{Words: 12, Long: 3, Sentences: 2},
			lix:  6 + 25,
		},
		{
			name: "heading without full stop",
			// Fagfolk(L, 7 letters) i nabolaget(L)   3 words, 2 long, 1 sentence
			text: "Fagfolk i nabolaget",
			want: Counts{Words: 3, Long: 2, Sentences: 1},
			lix:  3 + 200.0/3,
		},
		{
			name: "hyphens and numbers",
			// Se e-post(5 letters) fra 2025-2030(no letters) nå   5 words, none long
			text: "Se e-post fra 2025-2030 nå.",
			want: Counts{Words: 5, Long: 0, Sentences: 1},
			lix:  5,
		},
		{
			name: "six letters is not long",
			// Skrive(6) enkelt(6) språk(5) hjelper(L, 7)   4 words, 1 long
			text: "Skrive enkelt språk hjelper.",
			want: Counts{Words: 4, Long: 1, Sentences: 1},
			lix:  4 + 25,
		},
		{
			name: "english",
			// 1: Read more.            2 words
			// 2: It is reasonable(L).  3 words, 1 long
			text: "Read more. It is reasonable.",
			want: Counts{Words: 5, Long: 1, Sentences: 2},
			lix:  2.5 + 20,
		},
		{
			name: "no words",
			text: " – … ",
			want: Counts{},
			lix:  0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Count(tt.text)
			if got != tt.want {
				t.Errorf("Count = %+v, want %+v", got, tt.want)
			}
			if s := got.Score(); math.Abs(s-tt.lix) > 1e-9 {
				t.Errorf("Score = %.3f, want %.3f", s, tt.lix)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	text := "Ja. – Nei takk, sier hun.\nFerdig"
	want := []Sentence{
		{Start: 0, End: 3, Words: 1},          // "Ja."
		{Start: 8, End: 27, Words: 4},         // "Nei takk, sier hun." (the dash, 3 bytes, is skipped)
		{Start: 28, End: len(text), Words: 1}, // "Ferdig"
	}
	got := Sentences(text)
	if len(got) != len(want) {
		t.Fatalf("got %d sentences %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d = %+v (%q), want %+v", i, got[i], text[got[i].Start:got[i].End], want[i])
		}
	}
}

func TestAdd(t *testing.T) {
	a := Count("Ett to tre.")             // 3 words, 1 sentence
	b := Count("Overskrift uten punktum") // Overskrift(L) uten punktum(L): 3 words, 2 long
	got := a.Add(b)
	want := Counts{Words: 6, Long: 2, Sentences: 2}
	if got != want {
		t.Errorf("Add = %+v, want %+v", got, want)
	}
}

func TestMaxAbbreviation(t *testing.T) {
	longest := 0
	for a := range abbreviations {
		longest = max(longest, len(a))
	}
	if longest != maxAbbreviation {
		t.Errorf("the longest abbreviation has %d bytes; set maxAbbreviation to that", longest)
	}
}
