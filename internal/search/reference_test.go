package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// referenceFoldTable is foldTable as a map. It is read-only.
var referenceFoldTable = map[rune]string{
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

// referenceFold is Fold as it was first written, with a map for the table
// and a strings.Builder, and the vowel rule as a second pass over the
// spelled-out text. FuzzFold holds Fold to it.
func referenceFold(s string) string {
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
			if f, ok := referenceFoldTable[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		}
		prev = r
	}
	return referenceVowels(b.String())
}

// referenceVowels drops each "e" that follows "a" or "o" and each "a" that
// follows "a" in s.
func referenceVowels(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		if !(r == 'e' && (last == 'a' || last == 'o') || r == 'a' && last == 'a') {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// referenceTerms is Terms as it was first written: Fold, then
// strings.FieldsFunc. FuzzTerms holds Terms to it.
func referenceTerms(s string) []string {
	words := strings.FieldsFunc(referenceFold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n >= MinWord && n <= MaxWord {
			out = append(out, w)
		}
	}
	return out
}

// referencePostings collects the postings of docs, in id order, as Build
// first did: Terms of each field, a map of masks per page.
func referencePostings(docs []Document) map[string][]referencePosting {
	postings := map[string][]referencePosting{} // ids ascending
	masks := map[string]uint8{}
	for id, d := range docs {
		clear(masks)
		add := func(text string, field uint8) {
			for _, t := range referenceTerms(text) {
				masks[t] |= field
			}
		}
		add(d.Body, Body)
		add(d.Section, Section)
		add(d.Summary, Summary)
		add(strings.Join(d.Tags, " "), Tags)
		add(d.Title, Title)
		for t, m := range masks {
			postings[t] = append(postings[t], referencePosting{int32(id), m})
		}
	}
	return postings
}

// referenceEntry is an entry with its own JSON.
type referenceEntry struct {
	key  string
	json []byte
}

// referenceEntries is entries as it was first written, with a map of
// prefixes to the bytes of their terms. It returns the keys of the index, sorted: every term, and a prefix
// key for every prefix whose terms together would take more than heavy
// bytes to read.
func referenceEntries(postings map[string][]referencePosting, pages, heavy int) []referenceEntry {
	terms := make([]string, 0, len(postings))
	for t := range postings {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	out := make([]referenceEntry, 0, len(terms))
	cost := map[string]int{} // prefix → bytes of its terms' entries
	for _, t := range terms {
		e := referenceEntry{key: t, json: referenceAppendEntry(nil, t, postings[t])}
		out = append(out, e)
		n := 0
		for i := range t {
			if n++; n > MinWord {
				cost[t[:i]] += len(e.json)
			}
		}
		cost[t] += len(e.json)
	}

	acc := make([]uint8, pages)
	var ids []int32
	for p, c := range cost {
		if c <= heavy {
			continue
		}
		lo, _ := slices.BinarySearch(terms, p)
		hi := lo
		for hi < len(terms) && strings.HasPrefix(terms[hi], p) {
			hi++
		}
		if hi-lo < 2 {
			continue // one term: its own entry is the prefix's list
		}
		ids = ids[:0]
		for _, t := range terms[lo:hi] {
			exact := uint8(0)
			if t == p {
				exact = Exact
			}
			for _, ps := range postings[t] {
				if acc[ps.id] == 0 {
					ids = append(ids, ps.id)
				}
				acc[ps.id] |= ps.mask | exact
			}
		}
		slices.Sort(ids)
		union := make([]referencePosting, len(ids))
		for i, id := range ids {
			union[i] = referencePosting{id, acc[id]}
			acc[id] = 0
		}
		out = append(out, referenceEntry{key: p + "*", json: referenceAppendEntry(nil, p+"*", union)})
	}
	slices.SortFunc(out, func(a, b referenceEntry) int { return strings.Compare(a.key, b.key) })
	return out
}

// referenceShorten is shorten as it was first written. It cuts s to at most n characters at a word boundary, marking the cut.
func referenceShorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := []rune(s)[:n]
	if i := strings.LastIndexByte(string(cut), ' '); i > n/2 {
		return strings.TrimRight(string(cut)[:i], " ,.;:") + "…"
	}
	return string(cut) + "…"
}

type referencePosting struct {
	id   int32
	mask uint8
}

// referenceAppendEntry is appendEntry as it was first written. It writes `"key":"postings"` in the encoding of the package
// comment. Keys are letters, digits and "*", so they need no escaping.
func referenceAppendEntry(b []byte, key string, ps []referencePosting) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, '"', ':', '"')
	prev := int32(-1)
	for _, p := range ps {
		n := uint64(p.id-prev-1)<<6 | uint64(p.mask)
		for n >= 32 {
			b = append(b, digits[32+n&31])
			n >>= 5
		}
		b = append(b, digits[n])
		prev = p.id
	}
	return append(b, '"')
}
