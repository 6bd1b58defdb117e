package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldTable spells letters with diacritics and ligatures in plain a–z. The
// Norwegian letters follow their conventional spellings, so a query typed
// without them still matches: æ→ae, ø→o, å→aa. It is read-only.
var foldTable = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "aa",
	'ß': "ss", 'œ': "oe", 'þ': "th", 'ð': "d", 'đ': "d", 'ł': "l", 'ı': "i",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c",
	'ď': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i",
	'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ō': "o", 'ő': "o",
	'ř': "r",
	'ś': "s", 'š': "s", 'ş': "s",
	'ť': "t", 'ţ': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y",
	'ź': "z", 'ż': "z", 'ž': "z",
}

// Fold is the one normalisation applied to indexed text and to queries, so
// that they meet: see the package comment for the rules. It maps rune by
// rune and never normalises Unicode first, so a script that repeats the
// same steps gets the same result for every input.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r == '\u030A' && prev == 'a':
			b.WriteByte('a') // a + combining ring above is å written in two parts
		case r >= '\u0300' && r <= '\u036F':
			// Other combining accents are dropped, as precomposed ones are.
		default:
			if f, ok := foldTable[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		}
		prev = r
	}
	return b.String()
}

// Word lengths the index keeps, in characters (code points) after folding. One letter is
// noise in a prefix search; anything longer than MaxWord is a code or a
// pasted address, not a word anybody types.
const (
	MinWord = 2
	MaxWord = 40
)

// Terms splits s into its folded words: runs of letters and digits, in
// order, duplicates kept, words shorter than MinWord or longer than MaxWord
// left out.
func Terms(s string) []string {
	words := strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n >= MinWord && n <= MaxWord {
			out = append(out, w)
		}
	}
	return out
}
