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

	"github.com/drammen-works/works/internal/words"
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
	var out []Sentence
	open := false   // out's last sentence goes on
	marked := false // the last field ended with a sentence mark, which ends the sentence unless this field starts small
	for f, ok := words.Next(text, 0); ok; f, ok = words.Next(text, f.End) {
		if marked && !f.Small {
			open = false
		}
		marked = false
		if f.IsWord() {
			if !open {
				out = append(out, Sentence{Start: f.Start})
				open = true
			}
			cur := &out[len(out)-1]
			cur.Words++
			if f.Letters > LongLetters {
				cur.Long++
			}
		}
		if open {
			out[len(out)-1].End = f.End
			marked = endsSentence(text[f.Start:f.End])
		}
	}
	return out
}

// closers may follow a sentence's last mark: «Hei!» (Nei.) "Ja."
const closers = `»"'’”)]`

// endsSentence reports whether tok ends with a sentence mark and is not an
// abbreviation or an initial.
func endsSentence(tok string) bool {
	switch last := tok[len(tok)-1]; last {
	case '.', '!', '?', ':', '"', '\'', ')', ']':
	default:
		if last < utf8.RuneSelf {
			return false // most words end in a letter; the other marks and closers are not ASCII
		}
	}
	t := strings.TrimRight(tok, closers)
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '!', '?', ':', '…':
		return true
	case '.':
	default:
		return false
	}
	core := strings.TrimLeft(t, `«"'‘“([–—-`)
	if isAbbreviation(core) {
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

// maxAbbreviation is the length in bytes of the longest abbreviation.
const maxAbbreviation = 6

// isAbbreviation reports whether core in small letters is one of the
// abbreviations. It lowers core rune by rune, as strings.ToLower does, into
// a buffer on the stack, and gives up once that is longer than any of them.
func isAbbreviation(core string) bool {
	var buf [maxAbbreviation]byte
	b := buf[:0]
	for _, r := range core {
		r = unicode.ToLower(r)
		if len(b)+utf8.RuneLen(r) > len(buf) {
			return false
		}
		b = utf8.AppendRune(b, r)
	}
	return abbreviations[string(b)]
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
