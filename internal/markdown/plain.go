package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// readText returns the text of the tree with whitespace folded to single
// spaces, and how many words it holds. It reads the AST, not the HTML, so
// markup never leaks into search text or descriptions. On the way it
// records the blocks a reader reads, split into sentences, in st's facts.
func (st *state) readText(doc ast.Node, src []byte, t *bodyText) ([]byte, int) {
	var (
		p     plain
		block ast.Node // the heading or paragraph being read, or nil
	)
	t.reset()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			p.sep()
		}
		if !entering {
			if n == block {
				st.closeBlock(n, t)
				block = nil
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			if block == nil {
				block = n
				t.open()
			}
		case *ast.Text:
			v := n.Segment.Value(src)
			if block != nil {
				t.add(v, n.Segment.Start)
				if n.SoftLineBreak() || n.HardLineBreak() {
					t.space()
				}
			}
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			p.write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				p.sep()
			}
			return ast.WalkContinue, nil
		case *ast.String:
			if block != nil {
				t.add(n.Value, stringOffset(n, src))
			}
		}
		return p.visit(n, src), nil
	})
	st.sentences(t)
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
// words of neighbouring blocks never run together.
func (p *plain) node(n ast.Node, src []byte) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			p.sep()
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, ok := n.(*ast.Text); ok {
			v := t.Segment.Value(src)
			if !t.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			p.write(v)
			if t.SoftLineBreak() || t.HardLineBreak() {
				p.sep()
			}
			return ast.WalkContinue, nil
		}
		return p.visit(n, src), nil
	})
}

// visit writes the text of n itself, other than a Text's, and says whether
// to read its children. Image alt text, raw HTML, task boxes and footnote
// numbers are not text a reader reads; a URL written as a link is.
func (p *plain) visit(n ast.Node, src []byte) ast.WalkStatus {
	switch n := n.(type) {
	case *ast.String:
		p.write(n.Value)
	case *ast.AutoLink:
		p.write(n.Label(src))
		return ast.WalkSkipChildren
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			p.write(seg.Value(src))
		}
		return ast.WalkSkipChildren
	case *ast.Image, *ast.RawHTML, *ast.HTMLBlock, *extast.TaskCheckBox, *extast.FootnoteLink, *extast.FootnoteBacklink:
		return ast.WalkSkipChildren
	}
	return ast.WalkContinue
}
