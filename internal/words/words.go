// Package words tells letters, digits and white space apart, and splits
// plain text into fields, the runs of text between white space, in one pass
// and without allocating. Letters, digits, small letters and white space
// are Unicode's (unicode.IsLetter, IsDigit, IsLower, IsSpace), so æ, ø, å
// and the letters of every other script count; Latin-1, which holds ASCII
// and æ, ø, å, is looked up in a table, the rest asks package unicode. A
// byte that is not UTF-8 is utf8.RuneError, one byte long, and none of
// these. It knows nothing of languages or Markdown: the readability score
// (lix) and the search index (search) build their rules on it.
package words

import (
	"unicode"
	"unicode/utf8"
)

// Class says what a character is; Letter, Digit and Space exclude each
// other, and Lower comes only with Letter.
type Class uint8

const (
	Letter Class = 1 << iota // a letter of any script (unicode.IsLetter)
	Digit                    // a decimal digit of any script (unicode.IsDigit)
	Space                    // white space (unicode.IsSpace)
	Lower                    // a small letter (unicode.IsLower)
)

// latin1Class is the Class of every character up to U+00FF, which holds
// ASCII and æ, ø, å. It is read-only.
var latin1Class = func() (t [unicode.MaxLatin1 + 1]Class) {
	for r := range rune(len(t)) {
		t[r] = classify(r)
	}
	return t
}()

// ClassOf returns the Class of r.
func ClassOf(r rune) Class {
	if r <= unicode.MaxLatin1 {
		return latin1Class[r]
	}
	return classify(r)
}

func classify(r rune) Class {
	switch {
	case unicode.IsSpace(r):
		return Space
	case unicode.IsLower(r):
		return Letter | Lower
	case unicode.IsLetter(r):
		return Letter
	case unicode.IsDigit(r):
		return Digit
	}
	return 0
}

// decode returns the length in bytes and the Class of the character at
// byte i of text, which is not ASCII; the loops look ASCII up themselves.
func decode(text string, i int) (int, Class) {
	r, size := utf8.DecodeRuneInString(text[i:])
	return size, ClassOf(r)
}

// Field is a run of text between white space: "e-post", "«Hei!»", "17.",
// "–". Letters and Digits count its characters of each class.
type Field struct {
	Start, End int // the byte range in the text
	Letters    int
	Digits     int
	Small      bool // its first letter or digit is a small letter: "mai", «hei», not "Mai" or "17a"
}

// IsWord reports whether f holds a letter or a digit, which makes it a
// word where a lone dash or bullet is not.
func (f Field) IsWord() bool { return f.Letters+f.Digits > 0 }

// Next returns the first field of text that starts at or after byte i, and
// false when there is none. The field after f starts at or after f.End:
//
//	for f, ok := words.Next(text, 0); ok; f, ok = words.Next(text, f.End) { … }
func Next(text string, i int) (Field, bool) {
	for i < len(text) {
		b := text[i]
		size, c := 1, latin1Class[b]
		if b >= utf8.RuneSelf {
			size, c = decode(text, i)
		}
		if c&Space == 0 {
			break
		}
		i += size
	}
	if i >= len(text) {
		return Field{}, false
	}
	start, small := i, false
	// Up to the first letter or digit, which says whether the field is Small.
	for i < len(text) {
		b := text[i]
		size, c := 1, latin1Class[b]
		if b >= utf8.RuneSelf {
			size, c = decode(text, i)
		}
		if c&Space != 0 {
			return Field{Start: start, End: i}, true
		}
		if c&(Letter|Digit) != 0 {
			small = c&Lower != 0
			break
		}
		i += size
	}
	// The rest, counted without branches. Locals, not the fields of a
	// Field, stay in registers.
	letters, digits := 0, 0
	for i < len(text) {
		b := text[i]
		size, c := 1, latin1Class[b]
		if b >= utf8.RuneSelf {
			size, c = decode(text, i)
		}
		if c&Space != 0 {
			break
		}
		letters += int(c & Letter)
		digits += int(c&Digit) >> 1
		i += size
	}
	return Field{Start: start, End: i, Letters: letters, Digits: digits, Small: small}, true
}
