package syntax

import (
	"bytes"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/msg"
)

// saveAsUTF8 says how to fix an encoding, in the words of the editors
// writers use.
const saveAsUTF8 = `in your editor choose "Save as" and set the encoding to UTF-8: in Notepad it is the Encoding list beside the Save button; in VS Code click the encoding at the bottom right and choose "Save with Encoding"`

// Encoding reports a text that is not UTF-8: one saved as UTF-16 or UTF-32
// (with or without a byte order mark), and the first byte that is not
// UTF-8, such as a letter saved as Windows-1252. It returns nil for UTF-8
// text. A UTF-8 byte order mark is the caller's to remove first, so that
// columns are counted as an editor shows them.
func Encoding(src []byte) *Problem {
	if name := wideEncoding(src); name != "" {
		return &Problem{Offset: WholeFile,
			What: msg.T("the file is saved as %s; save it as UTF-8", name),
			Fix:  msg.T(saveAsUTF8)}
	}
	if utf8.Valid(src) {
		return nil
	}
	bad := firstBadByte(src)
	if r, ok := windows1252(src[bad]); ok && !hasMultiByte(src) {
		return &Problem{Offset: bad,
			What: msg.T("the file is saved as Windows-1252 or Latin-1, not UTF-8: this %q is the first letter that is not UTF-8", string(r)),
			Fix:  msg.T(saveAsUTF8)}
	}
	return &Problem{Offset: bad,
		What: msg.T("the file is not valid UTF-8 text (the first bad byte is here)"),
		Fix:  msg.T("type the character here again, or " + saveAsUTF8)}
}

// wideEncoding names the encoding of text saved with two or four bytes a
// character, or returns "". Without a byte order mark it is known by the
// zero bytes that pad every character of Latin text.
func wideEncoding(src []byte) string {
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(src, []byte{0, 0, 0xFE, 0xFF}):
		return "UTF-32"
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return "UTF-16"
	}
	sample := src[:min(len(src), 512)&^3]
	if len(sample) < 4 {
		return ""
	}
	var pairs, zeroHigh, zeroLow, quads, zeroThree int
	for i := 0; i+1 < len(sample); i += 2 {
		pairs++
		switch {
		case sample[i] != 0 && sample[i+1] == 0:
			zeroHigh++
		case sample[i] == 0 && sample[i+1] != 0:
			zeroLow++
		}
	}
	for i := 0; i+3 < len(sample); i += 4 {
		quads++
		lo := sample[i] != 0 && sample[i+1] == 0 && sample[i+2] == 0 && sample[i+3] == 0
		hi := sample[i] == 0 && sample[i+1] == 0 && sample[i+2] == 0 && sample[i+3] != 0
		if lo || hi {
			zeroThree++
		}
	}
	switch {
	case zeroThree*2 >= quads:
		return "UTF-32"
	case zeroHigh*2 >= pairs, zeroLow*2 >= pairs:
		return "UTF-16"
	}
	return ""
}

// firstBadByte returns the offset of the first byte that is not part of
// valid UTF-8; src must not be valid UTF-8.
func firstBadByte(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(src)
}

// hasMultiByte reports whether src holds a valid UTF-8 sequence of more
// than one byte: then the file is UTF-8 with something pasted into it, not
// a file saved in an older encoding.
func hasMultiByte(src []byte) bool {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if n > 1 && r != utf8.RuneError {
			return true
		}
		i += n
	}
	return false
}

// cp1252 holds the letters Windows-1252 puts at 0x80–0x9F, where Latin-1
// has control characters; 0 marks the five bytes it leaves unused.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// windows1252 returns the letter b stands for in Windows-1252 (which agrees
// with Latin-1 from 0xA0), and whether it stands for one.
func windows1252(b byte) (rune, bool) {
	switch {
	case b >= 0xA0:
		return rune(b), true
	case b >= 0x80:
		r := cp1252[b-0x80]
		return r, r != 0
	}
	return 0, false
}
