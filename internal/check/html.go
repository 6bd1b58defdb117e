package check

import (
	"bytes"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
)

// rawHTML is a piece of HTML written into the Markdown, as the rules read
// it: whether it is only a comment, its frames, and the ids it gives
// elements.
type rawHTML struct {
	pos     diag.Position
	comment bool
	iframes []iframe
	ids     []string
}

type iframe struct {
	title string // "" when missing or blank
	pos   diag.Position
}

// readHTML reads the raw HTML of a body.
func readHTML(pieces []markdown.HTML) []rawHTML {
	if len(pieces) == 0 {
		return nil
	}
	out := make([]rawHTML, len(pieces))
	for i := range pieces {
		out[i] = readPiece(&pieces[i])
	}
	return out
}

func readPiece(h *markdown.HTML) rawHTML {
	r := rawHTML{pos: h.Pos}
	s := strings.TrimSpace(h.Text)
	if strings.HasPrefix(s, "<!--") && strings.HasSuffix(s, "-->") {
		r.comment = true
		return r
	}
	lex := html.NewLexer(parse.NewInputString(h.Text))
	var frame *iframe
	off := 0
	for {
		tt, data := lex.Next()
		switch tt {
		case html.ErrorToken:
			if frame != nil {
				r.iframes = append(r.iframes, *frame)
			}
			return r
		case html.StartTagToken:
			if frame != nil {
				r.iframes = append(r.iframes, *frame)
				frame = nil
			}
			if bytes.EqualFold(lex.Text(), []byte("iframe")) {
				frame = &iframe{pos: h.PosOf(off)}
			}
		case html.AttributeToken:
			key := strings.ToLower(string(lex.AttrKey()))
			val := strings.TrimSpace(unquote(lex.AttrVal()))
			if key == "id" && val != "" {
				r.ids = append(r.ids, val)
			}
			if frame != nil && key == "title" {
				frame.title = val
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if frame != nil {
				r.iframes = append(r.iframes, *frame)
				frame = nil
			}
		}
		off += len(data)
	}
}

func unquote(b []byte) string {
	s := string(b)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
