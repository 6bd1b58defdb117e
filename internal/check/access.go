package check

import (
	"path"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/slug"
)

// vague is link text that says nothing about where a link goes when it is
// read on its own, as screen reader users often do (WCAG 2.4.4).
var vague = map[string]bool{
	"les mer": true, "les mer her": true, "mer": true, "klikk her": true, "trykk her": true, "her": true, "lenke": true,
	"read more": true, "more": true, "click here": true, "here": true, "link": true,
}

// access checks what WCAG 2.1 AA asks of the body: alt text, link text,
// heading levels, table headers and frame titles.
func (c *checker) access(pg *page) {
	for _, l := range pg.facts.Links {
		if l.Auto {
			continue // its text is its address
		}
		if l.Image {
			c.altText(l)
			continue
		}
		text := strings.ToLower(strings.Trim(l.Text, " .:!?…»«\"'"))
		switch {
		case l.Text == "":
			c.diags.Add(diag.Errorf(l.Pos, "write what the link leads to between the square brackets: [Kontakt oss](kontakt.md)",
				"the link to %q has no text", l.Dest))
		case vague[text]:
			c.diags.Add(diag.Warnf(l.Pos, "write what the reader gets, like [Les mer om Internasjonale Drammen](…); screen readers often list links on their own",
				"the link text %q does not say where the link goes", l.Text))
		}
	}
	c.headingLevels(pg)
	for _, t := range pg.facts.Tables {
		if !t.Header {
			c.diags.Add(diag.Errorf(t.Pos, "write the column names in the first row: | Brød | Lansert | Solgt per uke |",
				"the table has no header row"))
		}
	}
	warned := 0 // the line last warned about raw HTML: <b>x</b> is two pieces
	for _, h := range pg.html {
		for _, f := range h.iframes {
			if f.title == "" {
				c.diags.Add(diag.Errorf(f.pos, `add a title that says what it shows: <iframe title="Kart over Åssiden" …>`,
					"the embedded frame (<iframe>) has no title"))
			}
		}
		if !h.comment && !c.m.Config.Markup.Unsafe && h.pos.Line != warned {
			warned = h.pos.Line
			c.diags.Add(diag.Warnf(h.pos, "write it in Markdown instead; HTML is kept only with unsafe = true under [markup] in works.toml",
				"HTML in the text is left out of the published page"))
		}
	}
	c.pageImageAlt(pg)
}

// altText checks the alt text of an image in the body.
func (c *checker) altText(l markdown.Link) {
	switch {
	case l.Text == "":
		c.diags.Add(diag.Errorf(l.Pos, "describe what the image shows between the square brackets: ![Tegning av en bakeridisk](bilde.svg)",
			"the image %q has no alt text", l.Dest))
	case isFileName(l.Text, l.Dest):
		c.diags.Add(diag.Errorf(l.Pos, "describe what the image shows instead: screen readers read the alt text aloud",
			"the alt text of the image %q is its file name", l.Dest))
	}
}

// pageImageAlt checks the alt text of the page's own image (front matter
// `image` and `imageAlt`), which the theme shows at the top of the page.
func (c *checker) pageImageAlt(pg *page) {
	d := pg.p.Doc
	if d.Meta.Image == "" {
		return
	}
	switch alt := strings.TrimSpace(d.Meta.ImageAlt); {
	case alt == "" && c.schemaFor(d).requires("imageAlt"):
		// The schema reports the missing key.
	case alt == "":
		c.diags.Add(diag.Errorf(docPos(d, "image"), "add imageAlt: a sentence that says what the image shows",
			"the page's image has no alt text"))
	case isFileName(alt, d.Meta.Image):
		c.diags.Add(diag.Errorf(docPos(d, "imageAlt"), "describe what the image shows instead: screen readers read the alt text aloud",
			"imageAlt is the image's file name"))
	}
}

// isFileName reports whether alt is only the name of the file at dest,
// with or without its extension ("illustration.svg", "IMG_2031").
func isFileName(alt, dest string) bool {
	dest, _, _ = strings.Cut(dest, "?")
	base := path.Base(dest)
	name := strings.TrimSuffix(base, path.Ext(base))
	a := strings.ToLower(strings.TrimSpace(alt))
	return a == strings.ToLower(base) || a == strings.ToLower(name) || slug.Make(alt) != "" && slug.Make(alt) == slug.Make(name)
}

// headingLevels checks that the body's headings go down one level at a
// time under the page title, which the theme shows as the only h1.
func (c *checker) headingLevels(pg *page) {
	prev := 1
	for _, h := range pg.facts.Headings {
		switch {
		case h.Level == 1:
			c.diags.Add(diag.Errorf(h.Pos, "use ## for the parts of the text; the page title is the level-1 heading",
				"the heading %q is a second level-1 heading (#)", h.Text))
		case h.Level > prev+1:
			c.diags.Add(diag.Errorf(h.Pos, "", "the heading %q skips from level %d to level %d", h.Text, prev, h.Level).
				Fixf("use %s here, or add the missing level above it", strings.Repeat("#", prev+1)))
		}
		prev = h.Level
	}
}
