// Package lix measures how hard a text is to read with LIX
// (läsbarhetsindex, Björnsson 1968), the readability score Norwegian
// plain-language guidance uses: the average sentence length in words plus
// the percentage of long words (more than six letters). Below 30 is very
// easy, 40 is ordinary news text, above 50 is hard. It is pure and knows
// nothing of Markdown: callers hand it plain text, one block at a time.
package lix

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// LongLetters is the number of letters a word must exceed to count as long.
const LongLetters = 6

// Counts are the three numbers LIX is made of.
type Counts struct {
	Words     int // tokens holding at least one letter or digit
	Long      int // words with more than LongLetters letters
	Sentences int
}

// Add returns the sum of c and d, so blocks can be counted one by one.
func (c Counts) Add(d Counts) Counts {
	return Counts{Words: c.Words + d.Words, Long: c.Long + d.Long, Sentences: c.Sentences + d.Sentences}
}

// Score is words per sentence plus the percentage of long words; 0 for a
// text without words.
func (c Counts) Score() float64 {
	if c.Words == 0 || c.Sentences == 0 {
		return 0
	}
	return float64(c.Words)/float64(c.Sentences) + 100*float64(c.Long)/float64(c.Words)
}

// Sentence is one sentence of a text: its byte range, from the start of its
// first word to the end of its last, and its counts.
type Sentence struct {
	Start, End int
	Words      int
	Long       int
}

// Count counts text as one block: its end ends a sentence even without a
// full stop, as a heading or a list item does.
func Count(text string) Counts {
	var c Counts
	for _, s := range Sentences(text) {
		c.Words += s.Words
		c.Long += s.Long
		c.Sentences++
	}
	return c
}

// Sentences splits text into sentences. A sentence ends at ".", "!", "?",
// ":" or "…" at the end of a word, unless the word is a known abbreviation
// ("f.eks.", "bl.a.") or an initial ("A."), or the next word starts with a
// small letter ("17. mai", «Hei!» sa hun); and at the end of the text.
// Pieces without a word (a lone dash) belong to no sentence.
func Sentences(text string) []Sentence {
	toks := tokens(text)
	var out []Sentence
	var cur *Sentence
	for i, t := range toks {
		w := word(t.text)
		if w.letters+w.digits > 0 {
			if cur == nil {
				out = append(out, Sentence{Start: t.start})
				cur = &out[len(out)-1]
			}
			cur.Words++
			if w.letters > LongLetters {
				cur.Long++
			}
		}
		if cur == nil {
			continue
		}
		cur.End = t.end
		if endsSentence(t.text) && (i+1 == len(toks) || !startsSmall(toks[i+1].text)) {
			cur = nil
		}
	}
	return out
}

// token is a run of text between spaces.
type token struct {
	text       string
	start, end int
}

func tokens(text string) []token {
	var out []token
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, token{text[start:i], start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, token{text[start:], start, len(text)})
	}
	return out
}

type wordCounts struct{ letters, digits int }

// word counts the letters and digits of a token: "e-post" has 5 letters,
// "2025." 4 digits; punctuation and quotes count for nothing.
func word(tok string) wordCounts {
	var w wordCounts
	for _, r := range tok {
		switch {
		case unicode.IsLetter(r):
			w.letters++
		case unicode.IsDigit(r):
			w.digits++
		}
	}
	return w
}

// closers may follow a sentence's last mark: «Hei!» (Nei.) "Ja."
const closers = `»"'’”)]`

// endsSentence reports whether tok ends with a sentence mark and is not an
// abbreviation or an initial.
func endsSentence(tok string) bool {
	t := strings.TrimRight(tok, closers)
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '!', '?', ':', '…':
		return true
	case '.':
	default:
		return false
	}
	core := strings.ToLower(strings.TrimLeft(t, `«"'‘“([–—-`))
	if abbreviations[core] {
		return false
	}
	// An initial: one letter and a full stop, as in "Tone A. Solvang".
	if n := utf8.RuneCountInString(core); n == 2 {
		if r, _ := utf8.DecodeRuneInString(core); unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// startsSmall reports whether tok's first letter or digit is a small
// letter, so the mark before it did not end a sentence.
func startsSmall(tok string) bool {
	for _, r := range tok {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

// abbreviations are written with a full stop that ends no sentence, in
// Norwegian and English, lower-case.
var abbreviations = map[string]bool{
	"bl.a.": true, "ca.": true, "dvs.": true, "d.v.s.": true, "e.l.": true, "ekskl.": true, "etc.": true,
	"evt.": true, "f.eks.": true, "fhv.": true, "inkl.": true, "jf.": true, "jfr.": true, "kap.": true,
	"kl.": true, "kr.": true, "m.a.o.": true, "m.fl.": true, "m.m.": true, "mill.": true, "mrd.": true,
	"mv.": true, "nr.": true, "o.a.": true, "o.l.": true, "osv.": true, "pga.": true, "pr.": true,
	"s.": true, "st.": true, "tlf.": true, "vs.": true, "t.o.m.": true, "f.o.m.": true, "ref.": true,
	"e.g.": true, "i.e.": true, "mr.": true, "mrs.": true, "ms.": true, "dr.": true, "prof.": true,
}
