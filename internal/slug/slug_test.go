package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ny fabrikk på Åssiden", "ny-fabrikk-pa-assiden"},
		{"Næringsvekst 2020", "naeringsvekst-2020"},
		{"Gründeriet – veksthuset", "grunderiet-veksthuset"},
		{"  Kafé Øst!  ", "kafe-ost"},
		{"Straße & Co.", "strasse-co"},
		{"already-a-slug", "already-a-slug"},
		{"日本", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzMake(f *testing.F) {
	f.Add("Ny fabrikk på Åssiden")
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		for i, r := range got {
			ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' && i > 0 && i < len(got)-1
			if !ok {
				t.Fatalf("Make(%q) = %q: bad rune %q at %d", s, got, r, i)
			}
		}
		if Make(got) != got {
			t.Fatalf("Make is not idempotent on %q", got)
		}
	})
}

func TestHumanize(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"økonomi":          "Økonomi",
		"åpne-data":        "Åpne data",
		"gronn-omstilling": "Gronn omstilling",
		"x":                "X",
		"2026-rapport":     "2026 rapport",
	} {
		if got := Humanize(in); got != want {
			t.Errorf("Humanize(%q) = %q, want %q", in, got, want)
		}
	}
}
