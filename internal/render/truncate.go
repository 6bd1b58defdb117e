package render

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/msg"
	"golang.org/x/net/html"
)

// truncateFunc is truncate for templates: the length may be any whole
// number, and HTML (.Summary) is cut as HTML and stays HTML, where text
// stays text for html/template to escape.
func truncateFunc(length, v any) (any, error) {
	n, err := countArg("truncate", msg.T("the length"), length)
	if err != nil {
		return nil, err
	}
	if h, ok := v.(template.HTML); ok {
		return truncateHTML(n, h), nil
	}
	return truncate(n, v), nil
}

// truncate cuts text to at most n characters at a word boundary, adding "…".
func truncate(n int, v any) string {
	s := toString(v)
	n = max(n, 0)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:truncateAt(runes, n)]) + "…"
}

// truncateAt is how many of runes, more than n, truncate keeps: n, or up
// to the last space in the second half of them, less the spaces and
// punctuation before the cut.
func truncateAt(runes []rune, n int) int {
	cut := n
	for i := n - 1; i > n/2; i-- {
		if unicode.IsSpace(runes[i]) {
			cut = i
			break
		}
	}
	for cut > 0 && (unicode.IsSpace(runes[cut-1]) || unicode.IsPunct(runes[cut-1])) {
		cut--
	}
	return cut
}

// truncateHTML cuts HTML to at most n characters of its text, where
// truncate would cut the text alone, and closes the elements left open:
// "<p>Ny <em>fabrikk</em> på Åssiden</p>" to 12 is
// "<p>Ny <em>fabrikk</em>…</p>". Tags and comments before the cut are kept
// as written and count for nothing, an entity (&amp;) counts as one
// character, and an end tag of an inline element right at the cut is kept,
// so the "…" follows the word it ends.
func truncateHTML(n int, h template.HTML) template.HTML {
	n = max(n, 0)
	tokens := tokenizeHTML(string(h))
	var text []rune
	for _, t := range tokens {
		if t.visible {
			text = append(text, []rune(t.text)...)
		}
	}
	if len(text) <= n {
		return h
	}
	cut := truncateAt(text, n)

	var b strings.Builder
	var open []string // the elements open at the cut, innermost last
	kept := 0         // the characters of text written
	atCut := cut == 0 // the text is cut at a token's end: only inline end tags may follow
tokens:
	for _, t := range tokens {
		switch {
		case t.visible && atCut:
			break tokens
		case t.visible:
			runes := []rune(t.text)
			if kept+len(runes) > cut {
				b.WriteString(html.EscapeString(string(runes[:cut-kept])))
				break tokens
			}
			b.WriteString(t.raw)
			kept += len(runes)
			atCut = kept == cut
		case t.kind == html.EndTagToken:
			i := lastIndex(open, t.name)
			if i < 0 {
				continue // it closes nothing: dropped, so the tags stay balanced
			}
			if atCut && (!isInline(t.name) || i != len(open)-1) {
				break tokens
			}
			for j := len(open) - 1; j > i; j-- {
				b.WriteString("</" + open[j] + ">") // closed by this end tag, as a browser does
			}
			b.WriteString(t.raw)
			open = open[:i]
		case atCut:
			break tokens
		default:
			b.WriteString(t.raw)
			if t.kind == html.StartTagToken && !isVoid(t.name) {
				open = append(open, t.name)
			}
		}
	}
	b.WriteString("…")
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i] + ">")
	}
	return template.HTML(b.String())
}

// htmlToken is one tag, comment or run of text of an HTML fragment.
type htmlToken struct {
	kind    html.TokenType
	raw     string // as written
	name    string // of a tag, in lower case
	text    string // of text, its entities decoded
	visible bool   // text a reader sees: not the inside of <script> or <style>
}

func tokenizeHTML(s string) []htmlToken {
	z := html.NewTokenizer(strings.NewReader(s))
	var tokens []htmlToken
	inRaw := "" // the <script> or <style> the tokenizer is inside
	for {
		kind := z.Next()
		if kind == html.ErrorToken {
			return tokens // the end: a tokenizer of a string fails at nothing else
		}
		t := htmlToken{kind: kind, raw: string(z.Raw())}
		switch kind {
		case html.TextToken:
			t.text = string(z.Text())
			t.visible = inRaw == ""
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			t.name = string(name)
			switch {
			case kind == html.StartTagToken && (t.name == "script" || t.name == "style"):
				inRaw = t.name
			case kind == html.EndTagToken && t.name == inRaw:
				inRaw = ""
			}
		}
		tokens = append(tokens, t)
	}
}

func lastIndex(names []string, name string) int {
	for i := len(names) - 1; i >= 0; i-- {
		if names[i] == name {
			return i
		}
	}
	return -1
}

// isVoid: the element has no end tag.
func isVoid(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr":
		return true
	}
	return false
}

// isInline: the element holds words, not paragraphs, so "…" may follow
// its end tag and still end the same paragraph.
func isInline(name string) bool {
	switch name {
	case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
		"mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var":
		return true
	}
	return false
}
