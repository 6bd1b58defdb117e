package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"

	"github.com/drammen-works/works/internal/diag"
)

// This file holds the rules that keep a writer's text from disappearing or
// taking over the page: comments that never end, and heading attributes.

// comments follows HTML comments through the raw HTML of one body in
// document order, as a browser would meet them, to find one that never
// ends: it hides everything after it on the published page.
type comments struct {
	open  bool
	start int // source offset of the open comment's "<!--"
}

// scan reads one piece of raw HTML at source offset base.
func (c *comments) scan(raw []byte, base int) {
	for i := 0; i < len(raw); {
		if !c.open {
			j := bytes.Index(raw[i:], []byte("<!--"))
			if j < 0 {
				return
			}
			i += j
			c.open, c.start = true, base+i
			i += len("<!--")
			// "<!-->" and "<!--->" are whole (empty) comments to a
			// browser.
			if rest := raw[i:]; bytes.HasPrefix(rest, []byte(">")) || bytes.HasPrefix(rest, []byte("->")) {
				c.open = false
			}
			continue
		}
		end, n := bytes.Index(raw[i:], []byte("-->")), len("-->")
		before := raw[i:] // "--!>" ends a comment too, if it comes first
		if end >= 0 {
			before = raw[i : i+end]
		}
		if bang := bytes.Index(before, []byte("--!>")); bang >= 0 {
			end, n = bang, len("--!>")
		}
		if end < 0 {
			return
		}
		c.open = false
		i += end + n
	}
}

// unclosedComment is the error for a comment that starts at off and never
// ends.
func (st *state) unclosedComment(off int) *diag.Diagnostic {
	return diag.Errorf(st.loc.Pos(off), "close it with -->, or remove it",
		"a comment starts here and never ends with -->; everything after it would be hidden")
}

// checkComments reports comments that never end: an HTML block that opens
// with "<!--" and has no "-->" runs, as CommonMark says, to the end of the
// text around it, whether it is then dropped or kept. With unsafe, raw
// HTML blocks are published as written, so a "<!--" anywhere in them that
// nothing closes would hide the rest of the page in the browser.
func (st *state) checkComments(blocks []*ast.HTMLBlock, src []byte, unsafe bool) {
	st.locate()
	reported := map[int]bool{}
	for _, n := range blocks {
		// CommonMark ends such a block at the first line holding "-->",
		// the "<!--" line included (so "<!-->" ends it too).
		if n.HTMLBlockType == ast.HTMLBlockType2 && !bytes.Contains(htmlBlockText(n, src), []byte("-->")) {
			first := n.Lines().At(0)
			off := first.Start
			if i := bytes.Index(first.Value(src), []byte("<!--")); i >= 0 {
				off += i
			}
			st.diags = append(st.diags, st.unclosedComment(off))
			reported[off] = true
		}
	}
	if !unsafe {
		return
	}
	var c comments
	for _, n := range blocks {
		switch n.HTMLBlockType {
		case ast.HTMLBlockType2, ast.HTMLBlockType6, ast.HTMLBlockType7:
		default:
			continue // raw text (<script>, <pre>) and declarations hold no comments
		}
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			c.scan(seg.Value(src), seg.Start)
		}
		if n.HasClosure() {
			c.scan(n.ClosureLine.Value(src), n.ClosureLine.Start)
		}
	}
	if c.open && !reported[c.start] {
		st.diags = append(st.diags, st.unclosedComment(c.start))
	}
}

// safeHeadingAttributes are the attributes a heading may carry without
// unsafe: an id to link to and a class for the theme's styles. Anything
// else ({style="position:fixed;inset:0"}, {onclick=…}) could cover or
// change the whole page.
var safeHeadingAttributes = map[string]bool{"id": true, "class": true}

// limitHeadingAttributes removes every attribute but id and class from
// the headings and warns about each, at the attribute's name.
func (st *state) limitHeadingAttributes(headings []*ast.Heading, src []byte) {
	for _, h := range headings {
		attrs := h.Attributes()
		if len(attrs) == 0 {
			continue
		}
		var kept []ast.Attribute
		for _, a := range attrs {
			if safeHeadingAttributes[string(a.Name)] {
				kept = append(kept, a)
				continue
			}
			st.diags = append(st.diags, diag.Warnf(st.attributePos(h, a.Name, src), "",
				"the heading attribute %q was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves", a.Name).
				Fixf("remove %s=…, or ask whoever runs the site to set [markup] unsafe = true", a.Name))
		}
		if len(kept) == len(attrs) {
			continue
		}
		h.RemoveAttributes()
		for _, a := range kept {
			h.SetAttribute(a.Name, a.Value)
		}
	}
}

// attributePos finds an attribute's name in the {…} after a heading's text,
// where goldmark ended the heading's last line; failing that, the heading.
func (st *state) attributePos(h *ast.Heading, name, src []byte) diag.Position {
	lines := h.Lines()
	if lines.Len() == 0 {
		return st.pos(h)
	}
	from := lines.At(lines.Len() - 1).Stop
	end := len(src)
	if nl := bytes.IndexByte(src[from:], '\n'); nl >= 0 {
		end = from + nl
	}
	line := src[from:end]
	brace := bytes.IndexByte(line, '{')
	if brace < 0 {
		return st.pos(h)
	}
	st.locate()
	// The name stands after "{" or a space and before "=" or a space, so
	// that a value holding the same word is not taken for it.
	for i := brace + 1; i+len(name) <= len(line); i++ {
		j := bytes.Index(line[i:], name)
		if j < 0 {
			break
		}
		i += j
		before, after := line[i-1], byte(' ')
		if i+len(name) < len(line) {
			after = line[i+len(name)]
		}
		if (before == '{' || before == ' ' || before == '\t') && (after == '=' || after == ' ' || after == '\t' || after == '}') {
			return st.loc.Pos(from + i)
		}
	}
	return st.loc.Pos(from + brace)
}

// locate makes sure the state's Locator exists.
func (st *state) locate() {
	if st.loc == nil {
		st.loc = NewLocator(st.file, st.in.Body, st.in.BodyLine)
	}
}
