package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/words"
)

// foldTable spells letters with diacritics and ligatures in plain a–z. The
// Norwegian letters follow their conventional spellings, æ→ae, ø→o,
// å→aa, which the vowel rule (see dropped) then makes a, o and a, as it
// does the spellings typed without the keys. It is indexed by the small
// letter, all of them below U+0180, and read-only.
var foldTable = [0x180]string{
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

// Combining marks: the ring above, and the block of marks Fold drops.
const (
	ringAbove      = '\u030A'
	firstCombining = '\u0300'
	lastCombining  = '\u036F'
)

// dropped is the vowel rule: in the spelled-out text, an "e" right after
// "a" or "o" and an "a" right after "a" are dropped, so that æ, ae and a
// meet in "a", ø, oe and o in "o", å, aa and a in "a". last is the letter
// before c as spelled out, dropped or not, so each letter's fate depends
// on it and the one before alone, and the fold of a prefix is a prefix of
// the fold. Words that have such a pair of their own ("Michael", "poeng")
// fold the same way in the text and in the query, so they still meet.
func dropped(last, c rune) bool {
	return c == 'e' && (last == 'a' || last == 'o') || c == 'a' && last == 'a'
}

// spell appends letters, the spelling of one character, to b by the vowel
// rule, and returns the last letter.
func spell(b []byte, last rune, letters string) ([]byte, rune) {
	for i := range len(letters) {
		c := rune(letters[i])
		if !dropped(last, c) {
			b = append(b, letters[i])
		}
		last = c
	}
	return b, last
}

// Fold is the one normalisation applied to indexed text and to queries, so
// that they meet: see the package comment for the rules. It maps rune by
// rune and never normalises Unicode first, so a script that repeats the
// same steps gets the same result for every input.
func Fold(s string) string {
	// Text already folded, as most ASCII is, is its own fold.
	i := foldedASCII(s, 0)
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)) // folding seldom makes a text longer
	b = append(b, s[:i]...)
	var prev, last rune // the last rune lower-cased, for the ring above; the last letter spelled out
	if i > 0 {
		prev, last = rune(s[i-1]), rune(s[i-1])
	}
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			// A capital, a pair the vowel rule drops, or ASCII after other
			// text; the folded ASCII that follows is copied as it is.
			c = lowerASCII(c)
			if !dropped(last, rune(c)) {
				b = append(b, c)
			}
			prev, last = rune(c), rune(c)
			j := i + 1 + foldedASCII(s[i+1:], last)
			b = append(b, s[i+1:j]...)
			if j > i+1 {
				prev, last = rune(s[j-1]), rune(s[j-1])
			}
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = lower(r)
		after := prev
		prev = r
		switch {
		case r == ringAbove && after == 'a':
			b, last = spell(b, last, "a") // a + combining ring above is å written in two parts
		case r >= firstCombining && r <= lastCombining:
			// Other combining accents are dropped, as precomposed ones are;
			// the vowel rule sees through them.
		case r < rune(len(foldTable)) && foldTable[r] != "":
			b, last = spell(b, last, foldTable[r])
		default:
			b = utf8.AppendRune(b, r)
			last = r
		}
	}
	return string(b)
}

// foldedASCII returns the length of the longest prefix of s that is ASCII
// without capitals or a pair the vowel rule drops, after last, the letter
// before s: a text that folds to itself.
func foldedASCII(s string, last rune) int {
	for i := range len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || dropped(last, rune(c)) {
			return i
		}
		last = rune(c)
	}
	return len(s)
}

// lower is unicode.ToLower, from a table below U+0180.
func lower(r rune) rune {
	if r < rune(len(latinLower)) {
		return latinLower[r]
	}
	return unicode.ToLower(r)
}

// latinLower is unicode.ToLower of every rune below U+0180, which takes
// package unicode a search of its case ranges for each æ, ø and å. It is
// read-only.
var latinLower = func() (t [len(foldTable)]rune) {
	for r := range t {
		t[r] = unicode.ToLower(rune(r))
	}
	return t
}()

// lowerASCII lower-cases an ASCII letter and keeps any other byte.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
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
	// Room for the folded text and a term every six bytes, as in prose.
	buf, ends := appendTerms(make([]byte, 0, len(s)), make([]int, 0, len(s)/6+1), s)
	folded := string(buf)
	out := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		out[i], start = folded[start:end], end
	}
	return out
}

// appendTerms appends the terms of s, as Terms finds them, to buf one after
// the other, and the end of each in buf to ends. It folds and splits in one
// pass, so Build reuses buf and ends from page to page and allocates
// nothing for a term it has seen before.
//
// Splitting after folding is splitting before it: unicode.ToLower keeps a
// letter a letter and anything else not one (TestLowerKeepsClass), the fold
// table spells letters with letters, a combining mark, dropped or turned
// into "a", joins the characters around it, and the vowel rule drops a
// letter only after another letter of the same word.
func appendTerms(buf []byte, ends []int, s string) ([]byte, []int) {
	start, n := len(buf), 0 // the current term's start in buf, and its code points
	var prev, last rune     // the last rune lower-cased, for the ring above; the last letter spelled out, for the vowel rule
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			f := asciiTerm[c]
			if f == 0 {
				prev, last = 0, 0 // not 'a' or 'o', which is all the ring and the vowel rule ask
				i++
			} else {
				// A run of ASCII letters and digits, in a tight loop, with
				// the vowel rule on bytes.
				from := len(buf)
				var l byte // last, where it matters: a letter of ASCII
				if last < utf8.RuneSelf {
					l = byte(last)
				}
				for {
					buf = append(buf, f)
					buf = buf[:len(buf)-dropByte(l, f)]
					l = f
					if i++; i == len(s) {
						break
					}
					if f = asciiTerm[s[i]]; f == 0 {
						break
					}
				}
				n += len(buf) - from
				prev, last = rune(l), rune(l)
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			r = lower(r)
			after := prev
			prev = r
			switch {
			case r == ringAbove && after == 'a':
				from := len(buf)
				buf, last = spell(buf, last, "a")
				n += len(buf) - from
				continue
			case r >= firstCombining && r <= lastCombining:
				continue
			case r < rune(len(foldTable)) && foldTable[r] != "":
				from := len(buf)
				buf, last = spell(buf, last, foldTable[r])
				n += len(buf) - from
				continue
			case words.ClassOf(r)&(words.Letter|words.Digit) != 0:
				buf = utf8.AppendRune(buf, r)
				n++
				last = r
				continue
			}
			last = 0
		}
		// Any other character ends the term, if there is one.
		if n > 0 {
			buf, ends, start = endTerm(buf, ends, start, n)
			n = 0
		}
	}
	buf, ends, _ = endTerm(buf, ends, start, n)
	return buf, ends
}

// dropByte is dropped for bytes, 1 or 0, without a branch on the letters:
// e and a are frequent enough that a branch on them mispredicts often.
func dropByte(last, c byte) int {
	return int((vowels[c]>>1&(vowels[last]|vowels[last]>>2) | vowels[c]&vowels[last]) & 1)
}

// vowels marks the letters of the vowel rule: 1 for a, 2 for e, 4 for o.
// It is read-only.
var vowels = [256]byte{'a': 1, 'e': 2, 'o': 4}

// asciiTerm is the fold of every ASCII letter and digit, and 0 for the rest
// of ASCII, which ends a term, and for the bytes of other characters. It is
// read-only.
var asciiTerm = func() (t [256]byte) {
	for c := range byte(utf8.RuneSelf) {
		if l := lowerASCII(c); 'a' <= l && l <= 'z' || '0' <= l && l <= '9' {
			t[c] = l
		}
	}
	return t
}()

// endTerm keeps the term of n code points that starts at start in buf if
// its length is one the index keeps, and drops it otherwise. It returns
// where the next term starts.
func endTerm(buf []byte, ends []int, start, n int) ([]byte, []int, int) {
	if n < MinWord || n > MaxWord {
		return buf[:start], ends, start
	}
	return buf, append(ends, len(buf)), len(buf)
}
