package words

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestClassOf checks the table and the fallback against package unicode
// for every code point, and the exclusions the Class type promises.
func TestClassOf(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := classify(r)
		if got := ClassOf(r); got != want {
			t.Fatalf("ClassOf(%U) = %b, want %b", r, got, want)
		}
		c := want
		if c&Space != 0 != unicode.IsSpace(r) || c&Letter != 0 != unicode.IsLetter(r) ||
			c&Digit != 0 != unicode.IsDigit(r) || c&Lower != 0 != unicode.IsLower(r) {
			t.Fatalf("ClassOf(%U) = %b disagrees with package unicode", r, c)
		}
	}
}

func TestNext(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Field
	}{
		{"empty", "", nil},
		{"white space only", " \t\n\u00a0\u3000", nil},
		{"words", "Ja, e-post 2025.", []Field{
			{Start: 0, End: 3, Letters: 2},
			{Start: 4, End: 10, Letters: 5, Small: true},
			{Start: 11, End: 16, Digits: 4},
		}},
		{"Norwegian letters", "Åssiden bærekraft", []Field{
			{Start: 0, End: 8, Letters: 7},
			{Start: 9, End: 19, Letters: 9, Small: true},
		}},
		{"small after marks", "«hei» 17a", []Field{
			{Start: 0, End: 7, Letters: 3, Small: true},
			{Start: 8, End: 11, Letters: 1, Digits: 2},
		}},
		{"no letters", "– …", []Field{{Start: 0, End: 3}, {Start: 4, End: 7}}},
		{"space beyond ASCII", "a\u00a0b\u2003c", []Field{
			{Start: 0, End: 1, Letters: 1, Small: true},
			{Start: 3, End: 4, Letters: 1, Small: true},
			{Start: 7, End: 8, Letters: 1, Small: true},
		}},
		{"other scripts", "Привет 東京", []Field{
			{Start: 0, End: 12, Letters: 6},
			{Start: 13, End: 19, Letters: 2},
		}},
		{"not UTF-8", "a\xffb \xc3", []Field{{Start: 0, End: 3, Letters: 2, Small: true}, {Start: 4, End: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Field
			for f, ok := Next(tt.text, 0); ok; f, ok = Next(tt.text, f.End) {
				got = append(got, f)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("fields of %q\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

// FuzzNext holds Next to a plain reading of its contract: the fields are
// strings.FieldsFunc(text, unicode.IsSpace) with their ranges, letters
// counted by unicode.IsLetter, digits by unicode.IsDigit.
func FuzzNext(f *testing.F) {
	for _, s := range []string{"", "Ja, e-post 2025.", "«hei» Åssiden", "a\u00a0b\u2003c\u0085d", "a\xffb \xc3", "Привет 東京 ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var want []Field
		start := -1
		for i, r := range text + " " {
			switch {
			case unicode.IsSpace(r) && start >= 0:
				want = append(want, referenceField(text[start:i], start))
				start = -1
			case !unicode.IsSpace(r) && start < 0:
				start = i
			}
		}
		var got []Field
		for fld, ok := Next(text, 0); ok; fld, ok = Next(text, fld.End) {
			got = append(got, fld)
		}
		if !slices.Equal(got, want) {
			t.Errorf("fields of %q\n got %+v\nwant %+v", text, got, want)
		}
	})
}

func referenceField(s string, start int) Field {
	f := Field{Start: start, End: start + len(s)}
	first := strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			f.Letters++
		case unicode.IsDigit(r):
			f.Digits++
		}
	}
	if first >= 0 {
		for _, r := range s[first:] {
			f.Small = unicode.IsLower(r)
			break
		}
	}
	return f
}
