package search

import (
	"strings"
	"unicode/utf8"
)

// Stem returns the stem of w, a folded word, in the language lang:
// Norwegian (nb, nn, no) loses the endings of the plural and the definite
// form, English (en) those of the plural; in other languages a word is its
// own stem. The index holds words as written; the script stems the query
// word and looks up the Forms of the stem, so stemming costs the index
// nothing, and the rules can change without a new index format.
func Stem(lang, w string) string {
	switch language(lang) {
	case "nb", "nn", "no":
		return stemNorwegian(w)
	case "en":
		return stemEnglish(w)
	}
	return w
}

// Forms returns the words whose Stem is s, s itself first: the keys the
// script looks up to find a word in another form than the one typed. Each
// is s with an ending, so they lie next to s in the term chunks.
func Forms(lang, s string) []string {
	switch language(lang) {
	case "nb", "nn", "no":
		return forms(lang, s, norwegianForms)
	case "en":
		out := forms(lang, s, englishForms)
		if t, ok := strings.CutSuffix(s, "y"); ok && stemEnglish(t+"ies") == s {
			out = append(out, t+"ies") // the plural of -y: company, companies
		}
		return out
	}
	return []string{s}
}

// forms is s and s with each ending whose stem is s.
func forms(lang, s string, endings []string) []string {
	out := []string{s}
	for _, e := range endings {
		if f := s + e; Stem(lang, f) == s {
			out = append(out, f)
		}
	}
	return out
}

// language is the language of a tag without its region: "nb" of "nb-NO".
func language(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

// norwegianForms are the endings stemNorwegian strips, with the genitive
// -s after each and alone (for a stem that ends as a form does: uke-n-s).
var norwegianForms = []string{"a", "as", "e", "es", "en", "ens", "ene", "enes", "er", "ers", "et", "ets", "s"}

// stemNorwegian is a light stemmer for bokmål, after Lucene's
// NorwegianMinimalStemmer: the genitive -s goes where an ending comes
// before it (bedriftens, husets, Norges; not status or prosess), then
// -ene (bedriftene), -er, -en, -et (bedrifter, bedriften, huset), or a
// final -a or -e (havna, kake). Each rule keeps a stem of three letters or
// more. Lengths count code points, as the script's do.
func stemNorwegian(w string) string {
	n := utf8.RuneCountInString(w)
	if n > 4 && strings.HasSuffix(w, "s") && hasNorwegianEnding(w[:len(w)-1]) {
		w, n = w[:len(w)-1], n-1
	}
	switch {
	case n > 5 && strings.HasSuffix(w, "ene"):
		return w[:len(w)-3]
	case n > 4 && (strings.HasSuffix(w, "er") || strings.HasSuffix(w, "en") || strings.HasSuffix(w, "et")):
		return w[:len(w)-2]
	case n > 3 && (strings.HasSuffix(w, "a") || strings.HasSuffix(w, "e")):
		return w[:len(w)-1]
	}
	return w
}

// hasNorwegianEnding reports whether w ends as a plural or definite form
// may: in -a, -e, -er, -en or -et.
func hasNorwegianEnding(w string) bool {
	return strings.HasSuffix(w, "a") || strings.HasSuffix(w, "e") ||
		strings.HasSuffix(w, "er") || strings.HasSuffix(w, "en") || strings.HasSuffix(w, "et")
}

// englishForms are the plural endings stemEnglish strips; Forms adds -ies
// for a stem in -y.
var englishForms = []string{"es", "s"}

// stemEnglish strips the English plural: -ies for -y (stories), -es after
// ss, x, ch and sh (classes, boxes, churches, wishes), else -s but not of
// -ss, -us or -is (pages; not class, status or analysis).
func stemEnglish(w string) string {
	n := utf8.RuneCountInString(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "aies") && !strings.HasSuffix(w, "eies"):
		return w[:len(w)-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}
