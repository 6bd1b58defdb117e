package check

import (
	"bytes"
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
)

// This file is the second parse of each body. The markdown package renders
// and reports headings and link destinations, but not where a heading
// stands, the text of a link, an image's alt text, tables or raw HTML; until
// it does (see the package comment), check reads the body again with the
// same extensions so that the tree has the same shape.

// newParser returns a goldmark set up like the markdown package's, without
// the typographer (it changes text, not structure) and without renderers.
func newParser() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
}

// facts is what check needs to know about one body.
type facts struct {
	headings []heading
	links    []link
	tables   []table
	html     []rawHTML
	blocks   []block
	ids      map[string]bool // element ids written in raw HTML
}

type heading struct {
	level int
	text  string
	pos   diag.Position
	id    string // filled from the markdown package's render
}

// link is a link or an image in the body.
type link struct {
	dest  string
	text  string // link text, or an image's alt text, whitespace folded
	image bool
	pos   diag.Position
}

// table is a GFM table; header tells whether its first row says anything.
type table struct {
	header bool
	pos    diag.Position
}

// rawHTML is HTML written into the Markdown, a block or inline.
type rawHTML struct {
	text    string
	pos     diag.Position
	comment bool
	iframes []iframe
}

type iframe struct {
	title string // "" when missing or blank
	pos   diag.Position
}

type blockKind int

const (
	paragraph blockKind = iota
	headingBlock
)

// block is the readable text of a paragraph, heading or list item, with a
// map back to the source so a sentence can be pointed at.
type block struct {
	kind blockKind
	text textMap
	pos  diag.Position
}

// textMap is text gathered from pieces of the source; offsets in it map
// back to the source offsets the pieces came from.
type textMap struct {
	buf    []byte
	starts []int // offset in buf where each piece starts
	src    []int // source offset of each piece
}

func (t *textMap) add(b []byte, srcOff int) {
	if len(b) == 0 {
		return
	}
	t.starts = append(t.starts, len(t.buf))
	t.src = append(t.src, srcOff)
	t.buf = append(t.buf, b...)
}

// space adds a separator that maps to nothing of its own.
func (t *textMap) space() {
	if len(t.buf) > 0 && t.buf[len(t.buf)-1] != ' ' {
		t.buf = append(t.buf, ' ')
	}
}

// source maps an offset in the text to the source.
func (t *textMap) source(off int) int {
	i, found := slices.BinarySearch(t.starts, off)
	if !found {
		i--
	}
	if i < 0 {
		return 0
	}
	return t.src[i] + off - t.starts[i]
}

// locator turns byte offsets in a body into file positions, as the
// markdown package counts them.
type locator struct {
	file     string
	body     []byte
	bodyLine int
	at       *markdown.Locator
}

func newLocator(file string, body []byte, bodyLine int) *locator {
	return &locator{file: file, body: body, bodyLine: bodyLine, at: markdown.NewLocator(file, body, bodyLine)}
}

func (l *locator) pos(off int) diag.Position { return l.at.Pos(off) }

// nodePos is the position of n: its own offset when goldmark recorded one,
// else its first line's, else the nearest enclosing block's.
func (l *locator) nodePos(n ast.Node) diag.Position {
	return l.pos(offset(n))
}

func offset(n ast.Node) int {
	for m := n; m != nil; m = m.Parent() {
		if off := m.Pos(); off >= 0 {
			return off
		}
		if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
			return m.Lines().At(0).Start
		}
		if t, ok := m.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

// analyse parses body and collects its facts. A body the markdown package
// refuses to read (markdown.Screen: it would take goldmark hours) has none;
// the build reports it at its line.
func analyse(md goldmark.Markdown, loc *locator) *facts {
	src := loc.body
	f := &facts{ids: map[string]bool{}}
	if markdown.Screen(loc.file, src, loc.bodyLine).Err() != nil {
		return f
	}
	doc := md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			t := inlineText(n, src)
			f.headings = append(f.headings, heading{level: n.Level, text: string(t.buf), pos: loc.nodePos(n)})
			f.blocks = append(f.blocks, block{kind: headingBlock, text: t, pos: loc.nodePos(n)})
		case *ast.Paragraph, *ast.TextBlock:
			if t := inlineText(n, src); len(bytes.TrimSpace(t.buf)) > 0 {
				f.blocks = append(f.blocks, block{kind: paragraph, text: t, pos: loc.nodePos(n)})
			}
		case *ast.Link:
			f.links = append(f.links, link{dest: string(n.Destination), text: linkText(n, src), pos: loc.nodePos(n)})
		case *ast.Image:
			f.links = append(f.links, link{dest: string(n.Destination), text: linkText(n, src), image: true, pos: loc.nodePos(n)})
		case *extast.Table:
			f.tables = append(f.tables, table{header: tableHeader(n, src), pos: loc.nodePos(n)})
		case *ast.HTMLBlock:
			var t textMap
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				t.add(seg.Value(src), seg.Start)
			}
			if n.HasClosure() {
				t.add(n.ClosureLine.Value(src), n.ClosureLine.Start)
			}
			f.addHTML(t, loc)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			var t textMap
			for i := range n.Segments.Len() {
				seg := n.Segments.At(i)
				t.add(seg.Value(src), seg.Start)
			}
			f.addHTML(t, loc)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return f
}

// inlineText gathers the words a reader reads in a block: text, code and
// link text, not image alt text, URLs written as links, or raw HTML.
func inlineText(n ast.Node, src []byte) textMap {
	var t textMap
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			t.add(c.Segment.Value(src), c.Segment.Start)
			if c.SoftLineBreak() || c.HardLineBreak() {
				t.space()
			}
		case *ast.String:
			t.add(c.Value, offset(c))
		case *ast.Image, *ast.AutoLink, *ast.RawHTML, *extast.FootnoteLink, *extast.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		}
		if c.Type() == ast.TypeBlock {
			t.space()
		}
		return ast.WalkContinue, nil
	})
	return t
}

// linkText is a link's text, or an image's alt text, with the alt text of
// images inside a link counting as its text.
func linkText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// tableHeader reports whether any cell of the table's first row has text.
func tableHeader(n *extast.Table, src []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*extast.TableHeader); !ok {
			continue
		}
		return linkText(c, src) != ""
	}
	return false
}

// addHTML records one piece of raw HTML: whether it is only a comment, the
// ids it gives elements, and its iframes with their titles.
func (f *facts) addHTML(t textMap, loc *locator) {
	s := strings.TrimSpace(string(t.buf))
	h := rawHTML{text: s, pos: loc.pos(t.source(len(t.buf) - len(strings.TrimLeft(string(t.buf), " \t\n"))))}
	if strings.HasPrefix(s, "<!--") && strings.HasSuffix(s, "-->") {
		h.comment = true
		f.html = append(f.html, h)
		return
	}
	lex := html.NewLexer(parse.NewInputBytes(t.buf))
	var tag []byte
	var frame *iframe
	off := 0
	for {
		tt, data := lex.Next()
		switch tt {
		case html.ErrorToken:
			if frame != nil {
				h.iframes = append(h.iframes, *frame)
			}
			f.html = append(f.html, h)
			return
		case html.StartTagToken:
			if frame != nil {
				h.iframes = append(h.iframes, *frame)
				frame = nil
			}
			tag = bytes.ToLower(lex.Text())
			if string(tag) == "iframe" {
				frame = &iframe{pos: loc.pos(t.source(off))}
			}
		case html.AttributeToken:
			key := strings.ToLower(string(lex.AttrKey()))
			val := strings.TrimSpace(unquote(lex.AttrVal()))
			if key == "id" && val != "" {
				f.ids[val] = true
			}
			if frame != nil && key == "title" {
				frame.title = val
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if frame != nil {
				h.iframes = append(h.iframes, *frame)
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
