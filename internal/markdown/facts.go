package markdown

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/lix"
)

// Facts are what a body holds that works check judges, as the render's
// own parse saw it: after the typographer (so "<<sitat>>" is the text
// «sitat», not HTML) and with links as written. They are plain data, and
// every position is in the document's file, as diagnostics give it.
type Facts struct {
	Links    []Link    // links, images and URLs written as links, in document order
	Headings []Heading // the same as Result.Headings
	Tables   []Table
	HTML     []HTML // raw HTML as written, kept or dropped, comments and the summary divider too
	// Blocks are the text a reader reads, in order: headings, paragraphs
	// and the text of list items, each split into sentences as package lix
	// splits them. Code, image alt text, raw HTML and URLs written as
	// links are not part of it.
	Blocks []Block
}

// Link is a link, an image or a URL written as a link.
type Link struct {
	Dest string // the destination as written: "../om.md#kontakt", "hall.jpg"
	// URL is the destination as rendered: a link to another content file
	// holds that page's URL (with its fragment); anything else is Dest.
	URL   string
	Text  string // the link text or an image's alt text, whitespace folded; an autolink's is its URL
	Title string // the title written after the destination: [a](b "title")
	Pos   diag.Position
	Image bool // ![alt](dest)
	Auto  bool // an autolink (<https://…>) or a URL that GFM made a link
}

// Table is a GFM table.
type Table struct {
	Header bool // some cell of the first row has text
	Pos    diag.Position
}

// HTML is raw HTML written in the body: a block of its own, or inline.
type HTML struct {
	// Text is the HTML as written, without the markers of the quotes or
	// list items it stands in.
	Text   string
	Pos    diag.Position // of its first character that is not a space
	Inline bool
	// Lines map Text back to the file: Text from Lines[i].Off on, to the
	// next line's Off, was written at Lines[i].Pos.
	Lines []Line
}

// Line is where a piece of text starts in the file.
type Line struct {
	Off int
	Pos diag.Position
}

// PosOf is the position in the file of byte offset off of h.Text.
func (h *HTML) PosOf(off int) diag.Position {
	i, found := slices.BinarySearchFunc(h.Lines, off, func(l Line, off int) int { return l.Off - off })
	if !found {
		i--
	}
	if i < 0 {
		return h.Pos
	}
	l := h.Lines[i]
	pos := l.Pos
	run := h.Text[l.Off:min(max(off, l.Off), len(h.Text))]
	if nl := strings.LastIndexByte(run, '\n'); nl >= 0 {
		pos.Line += strings.Count(run, "\n")
		pos.Col, run = 1, run[nl+1:]
	}
	pos.Col += utf8.RuneCountInString(run)
	return pos
}

// Block is a heading, a paragraph or the text of a list item.
type Block struct {
	Heading   bool
	Pos       diag.Position
	Words     int // the sum of its sentences' words
	Sentences []Sentence
}

// Sentence is a sentence of a block, as lix.Sentences finds it.
type Sentence struct {
	Pos   diag.Position // of its first word
	Words int
	Long  int // words of more than lix.LongLetters letters
}

// offset is where n was written: its own offset when goldmark recorded
// one, else its first line's, else the nearest enclosing node's that has
// one. goldmark records a link's "[", an image's "!" and the start of
// most inlines its parsers make, but not the typographer's (see
// stringOffset).
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

// stringOffset is where the typographer's quote, dash or ellipsis s was
// written: goldmark records no offset for what it makes. That is just
// before the node after it, or else just after the text before it.
func stringOffset(s *ast.String, src []byte) int {
	if next := s.NextSibling(); next != nil {
		start := next.Pos()
		if t, ok := next.(*ast.Text); ok {
			start = t.Segment.Start
		}
		if start >= 0 && start <= len(src) {
			if n := typed(src[:start]); n > 0 {
				return start - n
			}
		}
	}
	if prev, ok := s.PreviousSibling().(*ast.Text); ok && !prev.SoftLineBreak() && !prev.HardLineBreak() {
		return prev.Segment.Stop
	}
	return offset(s)
}

// typed is the length of what the typographer replaces at the end of
// before: "---", "...", "--", "<<", ">>", a quote; 0 if none.
func typed(before []byte) int {
	for _, w := range [...]string{"---", "...", "--", "<<", ">>", `"`, "'"} {
		if len(before) >= len(w) && string(before[len(before)-len(w):]) == w {
			return len(w)
		}
	}
	return 0
}

// linkText is a link's text, or an image's alt text, whitespace folded:
// the text, code and alt text of images inside it, without raw HTML.
func linkText(n ast.Node, src []byte, buf []byte) (string, []byte) {
	buf = buf[:0]
	space := false
	add := func(b []byte) {
		for len(b) > 0 {
			r, size := utf8.DecodeRune(b)
			if unicode.IsSpace(r) {
				space = true
			} else {
				if space && len(buf) > 0 {
					buf = append(buf, ' ')
				}
				space = false
				buf = append(buf, b[:size]...)
			}
			b = b[size:]
		}
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			add(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				space = true
			}
		case *ast.String:
			add(c.Value)
		case *ast.AutoLink:
			add(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return string(buf), buf
}

// tableHeader reports whether any cell of the table's first row has text.
func tableHeader(n *extast.Table, src []byte, buf []byte) (bool, []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*extast.TableHeader); ok {
			text, buf := linkText(c, src, buf)
			return text != "", buf
		}
	}
	return false, buf
}

// html records a piece of raw HTML written in segs.
func (st *state) html(segs []text.Segment, src []byte, inline bool) {
	n := 0
	for _, s := range segs {
		n += s.Len()
	}
	var b strings.Builder
	b.Grow(n)
	h := HTML{Inline: inline, Lines: make([]Line, 0, len(segs))}
	st.locate()
	for _, s := range segs {
		v := s.Value(src)
		if len(v) == 0 {
			continue
		}
		h.Lines = append(h.Lines, Line{Off: b.Len(), Pos: st.loc.Pos(s.Start)})
		b.Write(v)
	}
	if len(h.Lines) == 0 {
		return // nothing was written
	}
	h.Text = b.String()
	h.Pos = h.PosOf(len(h.Text) - len(strings.TrimLeft(h.Text, " \t\n")))
	st.facts.HTML = append(st.facts.HTML, h)
}

// bodyText gathers the readable text of a body's blocks, one after the
// other, with a map back to the source so that a sentence can be pointed
// at. The Renderer keeps them for reuse: one render's is big enough for the
// next.
type bodyText struct {
	buf    []byte
	starts []int // offset in buf where each piece starts
	src    []int // source offset of each piece
	blocks []textBlock
	from   int // where the block being read starts in buf
}

// textBlock is a block's text, buf[start:end].
type textBlock struct {
	start, end int
	heading    bool
	pos        diag.Position
}

func (t *bodyText) reset() {
	t.buf, t.starts, t.src, t.blocks, t.from = t.buf[:0], t.starts[:0], t.src[:0], t.blocks[:0], 0
}

// open starts a block.
func (t *bodyText) open() { t.from = len(t.buf) }

func (t *bodyText) add(b []byte, srcOff int) {
	if len(b) == 0 {
		return
	}
	t.starts = append(t.starts, len(t.buf))
	t.src = append(t.src, srcOff)
	t.buf = append(t.buf, b...)
}

// space adds a separator inside the block that maps to nothing of its own.
func (t *bodyText) space() {
	if len(t.buf) > t.from && t.buf[len(t.buf)-1] != ' ' {
		t.buf = append(t.buf, ' ')
	}
}

// source maps an offset in the text to the source.
func (t *bodyText) source(off int) int {
	i, found := slices.BinarySearch(t.starts, off)
	if !found {
		i--
	}
	if i < 0 {
		return 0
	}
	return t.src[i] + off - t.starts[i]
}

// blank reports whether the block being read is only spaces.
func (t *bodyText) blank() bool {
	for _, c := range t.buf[t.from:] {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}

// closeBlock ends the block n being read. A paragraph without text is
// none; a heading always is one.
func (st *state) closeBlock(n ast.Node, t *bodyText) {
	heading := n.Kind() == ast.KindHeading
	if !heading && t.blank() {
		t.buf = t.buf[:t.from]
		return
	}
	st.locate()
	t.blocks = append(t.blocks, textBlock{start: t.from, end: len(t.buf), heading: heading, pos: st.loc.Pos(offset(n))})
}

// sentences splits the blocks read into sentences, into the facts. Both
// slices are made at their final size, since the facts are kept as long
// as the page is.
func (st *state) sentences(t *bodyText) {
	if len(t.blocks) == 0 {
		return
	}
	text := string(t.buf)
	split := make([][]lix.Sentence, len(t.blocks))
	n := 0
	for i, b := range t.blocks {
		split[i] = lix.Sentences(text[b.start:b.end])
		n += len(split[i])
	}
	all := make([]Sentence, 0, n)
	blocks := make([]Block, len(t.blocks))
	for i, b := range t.blocks {
		first := len(all)
		words := 0
		for _, s := range split[i] {
			all = append(all, Sentence{Pos: st.loc.Pos(t.source(b.start + s.Start)), Words: s.Words, Long: s.Long})
			words += s.Words
		}
		blocks[i] = Block{Heading: b.heading, Pos: b.pos, Words: words, Sentences: all[first:len(all):len(all)]}
	}
	st.facts.Blocks = blocks
}

// finishFacts completes the facts with the links and headings.
func (st *state) finishFacts() {
	st.facts.Links = st.links
	st.facts.Headings = st.headings
}
