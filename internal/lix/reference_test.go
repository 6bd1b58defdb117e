package lix

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// referenceSentences is Sentences as it was first written, with a slice of
// tokens and strings.ToLower for the abbreviations. FuzzSentences holds the
// one-pass Sentences to it, output for output.
func referenceSentences(text string) []Sentence {
	toks := referenceTokens(text)
	var out []Sentence
	var cur *Sentence
	for i, t := range toks {
		w := referenceWord(t.text)
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
		if referenceEndsSentence(t.text) && (i+1 == len(toks) || !referenceStartsSmall(toks[i+1].text)) {
			cur = nil
		}
	}
	return out
}

// referenceToken is a run of text between spaces.
type referenceToken struct {
	text       string
	start, end int
}

func referenceTokens(text string) []referenceToken {
	var out []referenceToken
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, referenceToken{text[start:i], start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, referenceToken{text[start:], start, len(text)})
	}
	return out
}

type referenceWordCounts struct{ letters, digits int }

// referenceWord counts the letters and digits of a token: "e-post" has 5 letters,
// "2025." 4 digits; punctuation and quotes count for nothing.
func referenceWord(tok string) referenceWordCounts {
	var w referenceWordCounts
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

// referenceClosers may follow a sentence's last mark: «Hei!» (Nei.) "Ja."
const referenceClosers = `»"'’”)]`

// referenceEndsSentence reports whether tok ends with a sentence mark and is not an
// abbreviation or an initial.
func referenceEndsSentence(tok string) bool {
	t := strings.TrimRight(tok, referenceClosers)
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

// referenceStartsSmall reports whether tok's first letter or digit is a small
// letter, so the mark before it did not end a sentence.
func referenceStartsSmall(tok string) bool {
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
