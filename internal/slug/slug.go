// Package slug turns titles and file names into URL path segments:
// lower-case ASCII letters, digits and hyphens, with Norwegian letters
// transliterated (æ→ae, ø→o, å→a) and other accents dropped.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold maps letters that are not ASCII to their ASCII spelling.
var fold = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ß': "ss", 'œ': "oe", 'þ': "th", 'ð': "d", 'ł': "l",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'ā': "a", 'ą': "a",
	'ç': "c", 'č': "c", 'ć': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i",
	'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ō': "o", 'ő': "o",
	'ř': "r", 'š': "s", 'ś': "s", 'ť': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ž': "z", 'ź': "z", 'ż': "z",
}

// Make returns the slug of s: "Ny fabrikk på Åssiden" → "ny-fabrikk-pa-assiden".
// Runs of anything else become one hyphen; leading and trailing hyphens go.
func Make(s string) string {
	if isSlug(s) {
		return s // most file names are slugs already; no need to copy them
	}
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for _, r := range strings.ToLower(s) {
		var part string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			part = string(r)
		default:
			part = fold[r]
		}
		if part == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(part)
	}
	return b.String()
}

// isSlug reports whether Make would return s unchanged.
func isSlug(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Capitalize puts the first letter of s in upper case, whatever its length
// in bytes: "økonomi" → "Økonomi".
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Humanize makes a title from a file or folder name: hyphens become
// spaces and the first letter is capitalised ("gronn-omstilling" →
// "Gronn omstilling").
func Humanize(name string) string {
	return Capitalize(strings.ReplaceAll(name, "-", " "))
}
