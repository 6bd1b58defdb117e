package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// plainText returns the text of the tree with whitespace folded to single
// spaces, and how many words it holds. It reads the AST, not the HTML, so
// markup never leaks into search text or descriptions.
func plainText(doc ast.Node, src []byte) ([]byte, int) {
	var p plain
	p.node(doc, src)
	return p.buf, p.words
}

// plain collects text with whitespace folded as it is written, counting
// words on the way. A word is a run of non-space characters holding at
// least one letter or digit, so a lone dash or bullet is not one.
type plain struct {
	buf     []byte
	space   bool // whitespace seen since the last character kept
	inWord  bool // the last character kept was part of a run
	counted bool // the current run is already counted
	words   int
}

func (p *plain) write(b []byte) {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unicode.IsSpace(r) {
			p.space, p.inWord = true, false
			b = b[n:]
			continue
		}
		if p.space && len(p.buf) > 0 {
			p.buf = append(p.buf, ' ')
		}
		p.space = false
		if !p.inWord {
			p.inWord, p.counted = true, false
		}
		if !p.counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			p.counted = true
			p.words++
		}
		p.buf = append(p.buf, b[:n]...)
		b = b[n:]
	}
}

func (p *plain) sep() {
	p.space, p.inWord = true, false
}

// node writes the text under n. Blocks are separated by a space so that
// words of neighbouring blocks never run together. Image alt text, raw
// HTML, task boxes and footnote numbers are not text a reader reads.
func (p *plain) node(n ast.Node, src []byte) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			p.sep()
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Segment.Value(src)
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			p.write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				p.sep()
			}
		case *ast.String:
			p.write(n.Value)
		case *ast.AutoLink:
			p.write(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				p.write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.Image, *ast.RawHTML, *ast.HTMLBlock, *extast.TaskCheckBox, *extast.FootnoteLink, *extast.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
