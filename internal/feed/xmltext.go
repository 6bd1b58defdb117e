package feed

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// xmlText returns s without the characters XML 1.0 does not allow in a
// document (https://www.w3.org/TR/xml/#charsets): the control characters
// other than tab, line feed and carriage return, U+FFFE and U+FFFF, and
// bytes that are not UTF-8, which is how a lone surrogate arrives. One of
// them anywhere makes a whole feed unreadable to a strict reader; encoding/xml
// would turn them into U+FFFD in text, but writes CDATA (our HTML) as it
// is. Every text of a feed or a sitemap passes through here, so the three
// feed formats say the same. s comes back as it is when it is clean.
func xmlText(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !xmlChar(r, n) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if xmlChar(r, n) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// xmlURL is xmlText for an address: the characters XML forbids are
// percent-encoded rather than left out, so that the address still leads
// to the page that was written under it.
func xmlURL(s string) string {
	if xmlText(s) == s {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if xmlChar(r, n) {
			b.WriteString(s[i : i+n])
		} else {
			for _, c := range []byte(s[i : i+n]) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		i += n
	}
	return b.String()
}

// xmlChar reports whether the rune r, n bytes long in its string, is one
// XML allows: a decoding error (U+FFFD in one byte) is not.
func xmlChar(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return false
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false // surrogates; Go decodes them as errors already
	default:
		return r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
	}
}

// xmlTexts is xmlText for each of ss, in a new slice when any changes.
func xmlTexts(ss []string) []string {
	var out []string
	for i, s := range ss {
		c := xmlText(s)
		if c != s && out == nil {
			out = append(make([]string, 0, len(ss)), ss[:i]...)
		}
		if out != nil {
			out = append(out, c)
		}
	}
	if out == nil {
		return ss
	}
	return out
}
