package markdown

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/drammen-works/works/internal/diag"
)

// state is what one Render shares with the transformer through the
// parser.Context, and what the transformer hands back.
type state struct {
	in       Input
	file     string // "content/" + in.Path
	diags    diag.List
	headings []Heading
	links    []Link
	split    *splitPoint // where the first <!--more--> was; nil if none
	sawImage bool        // a resolved image came before: the next is not the first

	// facts collects the tables, raw HTML and blocks; links and headings
	// join it at the end.
	facts   Facts
	scratch []byte // reused for link texts

	loc *Locator // built on first use
}

// splitPoint is where the summary divider stood once removed: before next
// inside parent, or at the end of parent when next is nil.
type splitPoint struct {
	parent, next ast.Node
}

// cut removes everything from the split point on, at every level up to the
// document, leaving only the summary's part in the tree. The space typed
// before an inline divider goes too.
func (s *splitPoint) cut(src []byte) {
	for p, n := s.parent, s.next; p != nil; n, p = p.NextSibling(), p.Parent() {
		for n != nil {
			next := n.NextSibling()
			p.RemoveChild(p, n)
			n = next
		}
	}
	if last, ok := s.parent.LastChild().(*ast.Text); ok {
		last.Segment = last.Segment.TrimRightSpace(src)
	}
}

// transformer is the one whole-document pass: it finds the summary divider,
// drops raw HTML unless unsafe, reports comments that never end, resolves
// links to content files, limits headings' attributes unless unsafe and
// gives headings their ids. It keeps no state of its own; everything per
// render travels in the parser.Context.
type transformer struct {
	unsafe bool
}

var _ parser.ASTTransformer = (*transformer)(nil)

func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return // parsed outside Render; nothing to report to
	}
	src := reader.Source()
	var (
		dividers []ast.Node
		raw      []ast.Node
		headings []*ast.Heading
		blocks   []*ast.HTMLBlock
		pictures []*pictureNode
		images   []*ast.Image
	)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			blocks = append(blocks, n)
			st.html(htmlBlockSegments(n), src, false)
			if isDivider(htmlBlockText(n, src)) {
				dividers = append(dividers, n)
			} else if !t.unsafe {
				raw = append(raw, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			st.html(n.Segments.Sliced(0, n.Segments.Len()), src, true)
			if isDivider(n.Segments.Value(src)) {
				dividers = append(dividers, n)
			} else if !t.unsafe {
				raw = append(raw, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Link:
			n.Destination = st.link(n, n.Destination, n.Title, src, false)
		case *ast.Image:
			n.Destination = st.link(n, n.Destination, n.Title, src, true)
			if p := st.picture(n, src); p != nil {
				pictures, images = append(pictures, p), append(images, n)
			}
		case *ast.AutoLink:
			dest := n.URL(src)
			if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(dest), []byte("mailto:")) {
				dest = append([]byte("mailto:"), dest...)
			}
			url := string(dest)
			st.links = append(st.links, Link{Dest: url, URL: url, Text: string(n.Label(src)), Pos: st.pos(n), Auto: true})
		case *extast.Table:
			var header bool
			header, st.scratch = tableHeader(n, src, st.scratch)
			st.facts.Tables = append(st.facts.Tables, Table{Header: header, Pos: st.pos(n)})
			alignColumns(n, src)
		}
		return ast.WalkContinue, nil
	})

	// Replaced after the walk, which must not see its tree change.
	for i, img := range images {
		img.Parent().ReplaceChild(img.Parent(), img, pictures[i])
	}

	// The divider never reaches the HTML, safe or not; the first one marks
	// where the summary ends. It goes last so that no later removal can
	// take away the paragraph its split point refers to.
	if len(dividers) > 0 {
		raw = append(raw, dividers[1:]...)
	}
	for _, n := range raw {
		remove(n)
	}
	if len(dividers) > 0 {
		p := remove(dividers[0])
		st.split = &p
	}
	st.checkComments(blocks, src, t.unsafe)
	if !t.unsafe {
		st.limitHeadingAttributes(headings, src)
	}
	st.headingIDs(headings, src, pc.IDs())
}

// remove takes n out of the tree, and its paragraph too if that leaves it
// empty, and says where n stood.
func remove(n ast.Node) splitPoint {
	p := splitPoint{parent: n.Parent(), next: n.NextSibling()}
	p.parent.RemoveChild(p.parent, n)
	if p.parent.Kind() == ast.KindParagraph && !p.parent.HasChildren() {
		para := p.parent
		p = splitPoint{parent: para.Parent(), next: para.NextSibling()}
		p.parent.RemoveChild(p.parent, para)
	}
	return p
}

func htmlBlockText(n *ast.HTMLBlock, src []byte) []byte {
	var b []byte
	for _, seg := range htmlBlockSegments(n) {
		b = append(b, seg.Value(src)...)
	}
	return b
}

// htmlBlockSegments are the lines of an HTML block, its closing line too.
func htmlBlockSegments(n *ast.HTMLBlock) []text.Segment {
	segs := slices.Clip(n.Lines().Sliced(0, n.Lines().Len()))
	if n.HasClosure() {
		segs = append(segs, n.ClosureLine)
	}
	return segs
}

// isDivider reports whether raw is the summary divider <!--more-->. Spaces
// inside the comment are forgiven: "<!-- more -->" is what people type too.
func isDivider(raw []byte) bool {
	s := strings.TrimSpace(string(raw))
	inner, ok := strings.CutPrefix(s, "<!--")
	if !ok {
		return false
	}
	inner, ok = strings.CutSuffix(inner, "-->")
	return ok && strings.TrimSpace(inner) == "more"
}

// link records one link or image, n, and returns its destination as it
// should be rendered: a link to another content file becomes that page's
// URL.
func (st *state) link(n ast.Node, dest, title, src []byte, image bool) []byte {
	pos := st.pos(n)
	written := string(dest)
	url := written
	if target, frag, ok := contentLink(written); ok && st.in.Links != nil {
		if u, found := st.in.Links.ResolveLink(st.in.Path, target); found {
			if frag != "" {
				u += "#" + frag
			}
			url, dest = u, []byte(u)
		} else {
			st.diags = append(st.diags, diag.Errorf(pos,
				"check the file name, or link to an existing page",
				"link to %q points to a page that does not exist", written))
		}
	}
	var text string
	text, st.scratch = linkText(n, src, st.scratch)
	st.links = append(st.links, Link{Dest: written, URL: url, Text: text, Title: string(title), Pos: pos, Image: image})
	return dest
}

// contentLink reports whether dest points at another content file: a
// relative path (no scheme, not starting with "/" or "#") ending in ".md",
// optionally followed by a #fragment. It returns the path and the fragment.
func contentLink(dest string) (target, frag string, ok bool) {
	target, frag, _ = strings.Cut(dest, "#")
	if target == "" || strings.HasPrefix(target, "/") || hasScheme(target) {
		return "", "", false
	}
	if !strings.HasSuffix(strings.ToLower(target), ".md") {
		return "", "", false
	}
	return target, frag, true
}

// hasScheme reports whether s starts with a URL scheme such as "https:",
// "mailto:" or "tel:" (RFC 3986: a letter, then letters, digits, "+", "-"
// or ".", then ":").
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// pos is the position of n in the file (see offset).
func (st *state) pos(n ast.Node) diag.Position {
	st.locate()
	return st.loc.Pos(offset(n))
}

// headingIDs gives every heading an id unique on the page and records the
// headings. Custom ids ({#id}) are reserved first, so an automatic id never
// takes one that a later heading asked for by name.
func (st *state) headingIDs(headings []*ast.Heading, src []byte, ids parser.IDs) {
	custom := make(map[string]bool)
	for _, h := range headings {
		id, ok := attrString(h, "id")
		if !ok {
			continue
		}
		if custom[id] {
			st.diags = append(st.diags, diag.Warnf(st.pos(h),
				"give each heading its own {#id}, or remove one to get an automatic id",
				"heading id %q is used by another heading on this page", id))
		}
		custom[id] = true
		ids.Put([]byte(id))
	}
	for _, h := range headings {
		txt := headingText(h, src)
		id, ok := attrString(h, "id")
		if !ok {
			id = string(ids.Generate([]byte(txt), ast.KindHeading))
			h.SetAttributeString("id", []byte(id))
		}
		st.headings = append(st.headings, Heading{Level: h.Level, ID: id, Text: txt, Pos: st.pos(h)})
	}
}

func attrString(n ast.Node, name string) (string, bool) {
	v, ok := n.AttributeString(name)
	if !ok {
		return "", false
	}
	switch v := v.(type) {
	case []byte:
		return string(v), true
	case string:
		return v, true
	}
	return "", false
}

func headingText(h *ast.Heading, src []byte) string {
	var p plain
	p.node(h, src)
	return string(p.buf)
}
