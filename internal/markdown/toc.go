package markdown

import (
	"bytes"
	"html"
)

// tocMin and tocMax are the heading levels listed in the table of contents:
// h1 is the page title, and below h4 the list stops helping.
const (
	tocMin = 2
	tocMax = 4
)

// tocEntry is a heading with the headings nested under it.
type tocEntry struct {
	Heading
	children []*tocEntry
}

// toc renders the h2–h4 headings as nested lists. A heading nests under the
// nearest earlier heading of a smaller level, so a skipped level (h2 then
// h4) nests one step, not two. Fewer than two headings make no list.
func toc(headings []Heading) []byte {
	var roots []*tocEntry
	var stack []*tocEntry // the open path from a root down
	n := 0
	for _, h := range headings {
		if h.Level < tocMin || h.Level > tocMax {
			continue
		}
		n++
		e := &tocEntry{Heading: h}
		for len(stack) > 0 && stack[len(stack)-1].Level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			roots = append(roots, e)
		} else {
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, e)
		}
		stack = append(stack, e)
	}
	if n < 2 {
		return nil
	}
	var b bytes.Buffer
	writeTOC(&b, roots)
	return b.Bytes()
}

func writeTOC(b *bytes.Buffer, entries []*tocEntry) {
	b.WriteString("<ul>\n")
	for _, e := range entries {
		b.WriteString(`<li><a href="#`)
		b.WriteString(html.EscapeString(e.ID))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(e.Text))
		b.WriteString("</a>")
		if len(e.children) > 0 {
			b.WriteString("\n")
			writeTOC(b, e.children)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n")
}
