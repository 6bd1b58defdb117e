package search

import "slices"

// MinNear is the length, in code points, from which a query word that
// finds nothing is looked up with one letter wrong, missing, extra, or two
// letters swapped. Shorter words have too many neighbours to guess at.
const MinNear = 5

// NearChunks is how many term chunks the script reads at most to find the
// near spellings of one word: the chunks of the shortest prefix of the word
// whose keys lie in that many (see the package comment).
const NearChunks = 2

// Near reports whether the term t begins with a near spelling of w, the
// query word: with w's letter wrong, extra, missing or swapped with the
// next, at the first letter where w and t differ. A term that begins with
// w itself is not near but found. An edit of w's last letter counts only
// against a whole term (bedriftt for bedrift, bedrifr for bedrift), since
// dropping or changing the last letter typed is the search of a keystroke
// before, which finds every word of that beginning. Both are folded; the
// letters are code points.
func Near(w, t string) bool {
	a, b := []rune(w), []rune(t)
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	n := len(a)
	if i == n {
		return false
	}
	last := i == n-1
	switch {
	case i < len(b) && hasRunePrefix(b[i+1:], a[i+1:]) && (!last || len(b) == n): // wrong
		return true
	case hasRunePrefix(b[i:], a[i+1:]) && (!last || len(b) == i): // extra
		return true
	case i < len(b) && hasRunePrefix(b[i+1:], a[i:]): // missing
		return true
	case i+1 < n && i+1 < len(b) && a[i] == b[i+1] && a[i+1] == b[i] && hasRunePrefix(b[i+2:], a[i+2:]): // swapped
		return true
	}
	return false
}

func hasRunePrefix(s, prefix []rune) bool {
	return len(s) >= len(prefix) && slices.Equal(s[:len(prefix)], prefix)
}
