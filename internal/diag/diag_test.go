package diag

import (
	"errors"
	"fmt"
	"testing"

	"github.com/drammen-works/works/internal/msg"
)

func TestOffset(t *testing.T) {
	src := []byte("---\ntitle: Åssiden\ndate: 27/11\n")
	tests := []struct {
		off  int
		want string
	}{
		{0, "a.md:1:1"},
		{4, "a.md:2:1"},
		{len("---\ntitle: Å"), "a.md:2:9"}, // Å is one column, two bytes
		{len("---\ntitle: Åssiden\ndate: "), "a.md:3:7"},
		{999, "a.md:4:1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Offset("a.md", src, tt.off).String(); got != tt.want {
				t.Errorf("Offset(%d) = %s, want %s", tt.off, got, tt.want)
			}
		})
	}
}

func TestDiagnosticError(t *testing.T) {
	tests := []struct {
		d    *Diagnostic
		want string
	}{
		{Errorf(Position{"a.md", 3, 7}, "write a date like 2026-11-27", "%q must be a date", "date"), `a.md:3:7: "date" must be a date (write a date like 2026-11-27)`},
		{Errorf(Position{File: "works.toml"}, "", "no theme"), "works.toml: no theme"},
		{Warnf(Position{"a.md", 2, 0}, "", "long sentence"), "a.md:2: warning: long sentence"},
		{Errorf(Position{}, "", "bare"), "bare"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.d.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestList(t *testing.T) {
	var l List
	l.Add(nil)
	l.Add(Errorf(Position{"b.md", 1, 1}, "", "b"))
	l.Add(errors.Join(Errorf(Position{"a.md", 9, 1}, "", "a9"), Errorf(Position{"a.md", 2, 5}, "", "a2")))
	l.Add(List{Warnf(Position{"a.md", 1, 1}, "", "w")})
	l.Add(fmt.Errorf("plain"))
	if len(l) != 5 {
		t.Fatalf("len %d, want 5", len(l))
	}
	err := l.Err()
	want := "plain\na.md:2:5: a2\na.md:9:1: a9\nb.md:1:1: b"
	if err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want\n%s", err, want)
	}
	if got := len(l.Warnings()); got != 1 {
		t.Errorf("%d warnings, want 1", got)
	}
	var many List
	for i := range Max + 10 {
		many.Add(Errorf(Position{"x.md", i + 1, 1}, "", "e"))
	}
	if got := len(many.Err().(List)); got != Max {
		t.Errorf("Err() kept %d, want %d", got, Max)
	}
	if (List{Warnf(Position{}, "", "w")}).Err() != nil {
		t.Error("a list of warnings is not an error")
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"year", "year", 0},
		{"yaer", "year", 1},
		{"titel", "title", 1}, // two letters swapped
		{"tag", "tags", 1},
		{"baseUrl", "baseURL", 2},
		{"tittel", "title", 2},
		{"", "abc", 3},
		{"bryggeri", "bryggeriet", 2},
		{"åssiden", "assiden", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"→"+tt.b, func(t *testing.T) {
			if got := EditDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("title = \"Drammen\"\nby = \"Åssiden\" x\n")
	tests := []struct {
		name            string
		line, byteCol   int
		wantLine, wantC int
	}{
		{"first line", 1, 9, 1, 9},
		{"after a two-byte letter", 2, 14, 2, 13},
		{"past the end of the line", 1, 99, 1, 18},
		{"past the last line", 9, 1, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LineCol("works.toml", src, tt.line, tt.byteCol)
			if got.Line != tt.wantLine || got.Col != tt.wantC {
				t.Errorf("LineCol(%d, %d) = %d:%d, want %d:%d", tt.line, tt.byteCol, got.Line, got.Col, tt.wantLine, tt.wantC)
			}
		})
	}
}

func TestIn(t *testing.T) {
	pos := Position{File: "works.toml", Line: 4, Col: 12}
	d := Warnf(pos, `write language = "nb" for Norwegian or language = "en" for English`, "%q must be \"nb\" or \"en\" (got %v)", "editor.language", "de")
	if got, want := d.Line(msg.Norwegian), `works.toml:4:12: advarsel: «editor.language» må være "nb" eller "en" (ikke de) (skriv language = "nb" for norsk eller language = "en" for engelsk)`; got != want {
		t.Errorf("in Norwegian:\n got %s\nwant %s", got, want)
	}
	if got, want := d.Error(), `works.toml:4:12: warning: "editor.language" must be "nb" or "en" (got de) (write language = "nb" for Norwegian or language = "en" for English)`; got != want {
		t.Errorf("in English:\n got %s\nwant %s", got, want)
	}
	// Words set by hand are kept, untranslated, rather than lost.
	d.Msg = "something else"
	if what, _ := d.In(msg.Norwegian); what != "something else" {
		t.Errorf("a message set by hand became %q", what)
	}
	// Reword keeps the old words as an argument, in the same language.
	inner := Errorf(pos, "", "%q must be \"nb\" or \"en\" (got %v)", "editor.language", "de")
	inner.Reword(msg.T("%s", inner.What))
	if what, _ := inner.In(msg.Norwegian); what != `«editor.language» må være "nb" eller "en" (ikke de)` {
		t.Errorf("reworded: %q", what)
	}
}
