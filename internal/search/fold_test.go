package search

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFold runs the cases in testdata/fold.txt, which the browser script's
// fold is to be tested against too, so both sides fold alike.
func TestFold(t *testing.T) {
	data, err := os.ReadFile("testdata/fold.txt")
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
	cases := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("testdata/fold.txt:%d: no tab", i+1)
		}
		cases++
		t.Run(in, func(t *testing.T) {
			if got := Fold(unescape(in)); got != unescape(want) {
				t.Errorf("Fold(%q) = %q, want %q", in, got, want)
			}
		})
	}
	if cases < 10 {
		t.Errorf("only %d cases read", cases)
	}
}

// TestFoldEquivalences states the promise of the package in one table:
// spellings a reader treats as the same word fold to the same string,
// whether typed with æ, ø and å, as their two-letter spellings, or without
// them; and words that only look alike do not.
func TestFoldEquivalences(t *testing.T) {
	for _, tt := range [][]string{
		{"Åssiden", "åssiden", "aassiden", "assiden", "AASSIDEN", "a\u030Assiden"},
		{"Bærekraft", "baerekraft", "barekraft", "BÆREKRAFT", "BAEREKRAFT"},
		{"åpen", "Åpen", "aapen", "apen", "A\u030Apen"},
		{"sirkulær", "sirkulaer", "sirkular", "SIRKULÆR"},
		{"økonomi", "Økonomi", "okonomi", "oekonomi", "Ökonomi"},
		{"Mølle", "molle", "moelle", "MØLLE", "Mölle"},
		{"næringsliv", "naeringsliv", "naringsliv"},
		{"Håkon", "Haakon", "Hakon"},
		{"Gründeriet", "grunderiet", "GRÜNDERIET", "gru\u0308nderiet"},
		{"Café", "cafe", "CAFÉ", "cafe\u0301"},
	} {
		t.Run(tt[0], func(t *testing.T) {
			want := Fold(tt[0])
			for _, s := range tt[1:] {
				if got := Fold(s); got != want {
					t.Errorf("Fold(%q) = %q, Fold(%q) = %q", s, got, tt[0], want)
				}
			}
		})
	}
	// The vowel rule drops only e after a or o and a after a.
	for _, pair := range [][2]string{{"kafeen", "kafen"}, {"geografi", "gografi"}, {"bok", "book"}, {"sea", "sa"}, {"boa", "bo"}} {
		if Fold(pair[0]) == Fold(pair[1]) {
			t.Errorf("%q and %q fold alike", pair[0], pair[1])
		}
	}
}

// TestDropByte holds the branchless vowel rule of appendTerms to dropped.
func TestDropByte(t *testing.T) {
	drops := 0
	for last := range 256 {
		for c := range 256 {
			want := dropped(rune(last), rune(c))
			if got := dropByte(byte(last), byte(c)) == 1; got != want {
				t.Errorf("dropByte(%q, %q) = %v, dropped says %v", rune(last), rune(c), got, want)
			}
			if want {
				drops++
			}
		}
	}
	if drops != 3 {
		t.Errorf("%d pairs dropped, want 3 (ae, oe, aa)", drops)
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"words", "Bryggeriet på Åssiden", []string{"bryggeriet", "pa", "assiden"}},
		{"two-letter spellings", "Baerekraft i Aasgaard", []string{"barekraft", "asgard"}},
		{"punctuation splits", "Gründer-huset: «nytt» (2026)!", []string{"grunder", "huset", "nytt", "2026"}},
		{"one letter dropped", "i og å x", []string{"og"}},
		{"duplicates kept", "øl og øl", []string{"ol", "og", "ol"}},
		{"other scripts kept", "Привет мир", []string{"привет", "мир"}},
		{"too long dropped", "kort " + strings.Repeat("x", MaxWord+1) + " " + strings.Repeat("y", MaxWord), []string{"kort", strings.Repeat("y", MaxWord)}},
		{"empty", "  – ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
