package check

import (
	"cmp"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// target is where a link or image leads, as far as the site can tell.
type target struct {
	page     *site.Page        // a page of the model
	doc      *content.Document // a content file that is not published
	resource bool              // a file of the linking page's bundle
	file     bool              // a file of the built site
	unknown  bool              // somewhere check cannot see (no built files)
	content  bool              // written as a link to a Markdown file
	frag     string
}

// resolve finds what dest leads to from pg; ok is false when it leads to
// nothing on the site. External addresses are unknown.
func (c *checker) resolve(pg *page, dest string) (t target, ok bool) {
	dest = strings.TrimSpace(dest)
	if hasScheme(dest) || strings.HasPrefix(dest, "//") {
		return target{unknown: true}, true
	}
	raw, frag, _ := strings.Cut(dest, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if p, err := url.PathUnescape(raw); err == nil {
		raw = p
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	t.frag = frag
	if raw == "" {
		t.page = pg.p
		return t, true
	}
	doc := pg.p.Doc
	if !strings.HasPrefix(raw, "/") && strings.HasSuffix(strings.ToLower(raw), ".md") {
		t.content = true
		ref := path.Join(path.Dir(doc.Path), raw)
		if ref == ".." || strings.HasPrefix(ref, "../") {
			return t, false
		}
		if p := c.m.Lookup(pg.p.Lang, ref); p != nil {
			t.page = p
			return t, true
		}
		if d := c.findDoc(ref); d != nil {
			t.doc = d
			return t, true
		}
		return t, false
	}
	abs := raw
	if !strings.HasPrefix(raw, "/") {
		base := &url.URL{Path: pg.p.RelPermalink}
		abs = base.ResolveReference(&url.URL{Path: raw}).Path
	}
	if p := c.pageAt(abs); p != nil {
		t.page = p
		return t, true
	}
	inBundle := false
	if doc.Kind == content.Bundle && !strings.HasPrefix(raw, "/") {
		name, ok := strings.CutPrefix(abs, pg.p.RelPermalink)
		if ok && pg.p.Resources.Get(name) != nil {
			t.resource = true
			return t, true
		}
		inBundle = ok
	}
	if c.files == nil {
		// A file beside a bundle's page is one of its resources or nothing.
		if inBundle {
			return t, false
		}
		t.unknown = true
		return t, true
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(abs, c.basePath), "/")
	for _, name := range []string{rel, path.Join(rel, "index.html")} {
		if name != "" && name != "." && c.files.has(name) {
			t.file = true
			return t, true
		}
	}
	return t, false
}

// findDoc finds a document by a content path written with or without
// ".md", as a file, bundle or section, as site.Model.Lookup does.
func (c *checker) findDoc(ref string) *content.Document {
	ref = path.Clean(strings.TrimSuffix(ref, "/"))
	base := strings.TrimSuffix(ref, ".md")
	for _, p := range []string{ref, base + ".md", base + "/index.md", base + "/_index.md"} {
		if d := c.byPath[p]; d != nil {
			return d
		}
	}
	return nil
}

func (c *checker) links(pg *page) {
	for _, l := range pg.facts.Links {
		switch {
		case l.Auto:
			// An address written out: another site's, or mail.
		case l.Image:
			c.image(pg, l)
		default:
			c.link(pg, l)
		}
	}
}

func (c *checker) link(pg *page, l markdown.Link) {
	if strings.TrimSpace(l.Dest) == "" {
		c.diags.Add(diag.Errorf(l.Pos, "write where it goes between the round brackets: [text](../om.md)",
			"the link %q has no address", l.Text))
		return
	}
	t, ok := c.resolve(pg, l.Dest)
	switch {
	case !ok && t.content:
		c.diags.Add(diag.New(l.Pos, c.missingPageHint(pg, l.Dest),
			msg.T("link to %q points to a page that does not exist", l.Dest)))
	case !ok:
		c.diags.Add(diag.Errorf(l.Pos, "check the address; to link to another page, link to its Markdown file, like ../om.md, so the link follows the page if its address changes",
			"link to %q points to nothing on this site", l.Dest))
	case t.doc != nil:
		c.unpublished(pg, l, t.doc)
	case t.page != nil:
		if t.page.Draft && !pg.p.Draft && t.page.Doc != nil {
			c.unpublished(pg, l, t.page.Doc)
			return
		}
		c.anchor(pg, t.page, t.frag, l)
	}
}

// unpublished reports a published page's link to a page that is not.
func (c *checker) unpublished(pg *page, l markdown.Link, d *content.Document) {
	file := "content/" + d.Path
	m := &d.Meta
	switch c.why(d) {
	case "draft", "":
		c.diags.Add(diag.Errorf(l.Pos, "publish that page first by removing draft: true, or remove the link",
			"link to %q goes to a draft (%s), which is not published", l.Dest, file))
	case "scheduled":
		when := m.PublishDate
		if when.IsZero() {
			when = m.Date
		}
		c.diags.Add(diag.Errorf(l.Pos, "remove the link until then, or give this page the same publishDate",
			"link to %q goes to %s, which is not published until %s", l.Dest, file, when.In(c.m.Config.Location).Format("2006-01-02 15:04")))
	case "expired":
		c.diags.Add(diag.Errorf(l.Pos, "remove the link, or move that page's expiryDate",
			"link to %q goes to %s, which expired on %s", l.Dest, file, m.ExpiryDate.In(c.m.Config.Location).Format("2006-01-02 15:04")))
	default:
		c.diags.Add(diag.Errorf(l.Pos, "remove the link", "link to %q goes to %s, which is not published", l.Dest, file))
	}
}

// missingPageHint suggests the published page whose name is nearest to
// the one linked to, written relative to the linking page.
func (c *checker) missingPageHint(pg *page, dest string) msg.Text {
	raw, _, _ := strings.Cut(dest, "#")
	want := strings.TrimSuffix(path.Base(raw), ".md")
	if want == "index" || want == "_index" {
		want = path.Base(path.Dir(raw))
	}
	byName := map[string]string{} // name → the first path with it
	for _, p := range sortedKeys(pathSet(c.byPath)) {
		if d := c.byPath[p]; d.Name != "" && c.why(d) == "" && byName[d.Name] == "" {
			byName[d.Name] = p
		}
	}
	if best := closest(want, sortedKeys(pathSet(byName))); best != "" {
		return msg.T("did you mean %s? Links to other pages are written relative to this file", relPath(path.Dir(pg.p.Doc.Path), byName[best]))
	}
	return msg.T("check the file name; links to other pages are written relative to this file, like ../om.md")
}

// pathSet is the set of a map's keys.
func pathSet[V any](m map[string]V) map[string]bool {
	set := make(map[string]bool, len(m))
	for k := range m {
		set[k] = true
	}
	return set
}

// relPath writes the content path to as seen from the folder from.
func relPath(from, to string) string {
	fromParts := strings.Split(from, "/")
	if from == "." {
		fromParts = nil
	}
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	return strings.Repeat("../", len(fromParts)-i) + strings.Join(toParts[i:], "/")
}

// anchor checks that frag names an element of to. Footnote ids are made by
// the renderer and always exist.
func (c *checker) anchor(pg *page, to *site.Page, frag string, l markdown.Link) {
	if frag == "" || strings.HasPrefix(frag, "fn:") || strings.HasPrefix(frag, "fnref") {
		return
	}
	// The body's ids first: the built page is read only for the theme's.
	tp := c.target(to)
	if tp != nil && tp.ids[frag] {
		return
	}
	ids, built := c.builtIDs(to)
	if built && slices.Contains(ids, frag) {
		return
	}
	if tp == nil && !built {
		return // a generated page without built files: nothing to check against
	}
	var known []string
	if tp != nil {
		for _, h := range tp.facts.Headings {
			known = append(known, h.ID)
		}
	}
	where := msg.T("this page")
	if to != pg.p {
		where = msg.T("%s", cmp.Or(to.File(), to.RelPermalink))
	}
	hint := msg.T("the headings of %s have no ids to link to; link to the page itself", where)
	if len(known) > 0 {
		hint = msg.T("its headings' anchors are %s", list(prefixAll("#", known), 6))
		best := closest(frag, known)
		for _, id := range known {
			if best == "" && strings.HasPrefix(id, frag) {
				best = id // "#kontakt" for "#kontakt-oss"
			}
		}
		if best != "" {
			hint = msg.T("did you mean %s?", "#"+best)
		}
	}
	c.diags.Add(diag.New(l.Pos, hint, msg.T("link to %q points to a heading that is not on %s", l.Dest, where)))
}

func prefixAll(p string, items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = p + s
	}
	return out
}

// builtIDs returns the ids of every element of p's built page, theme
// included (skip links, landmarks); built is false without built files.
func (c *checker) builtIDs(p *site.Page) (ids []string, built bool) {
	if c.files == nil {
		return nil, false
	}
	return c.files.pageIDs(output.FileOf(p.Path)), true
}

func (c *checker) image(pg *page, l markdown.Link) {
	if strings.TrimSpace(l.Dest) == "" {
		c.diags.Add(diag.Errorf(l.Pos, "write the image's file name between the round brackets: ![what it shows](bilde.jpg)",
			"the image has no file name"))
		return
	}
	t, ok := c.resolve(pg, l.Dest)
	if ok && (t.resource || t.file || t.unknown) {
		return
	}
	if ok && t.page != nil && t.page != pg.p {
		return // an odd image address, but it exists
	}
	hint := msg.T("put the image in static/ and write its path from the site root, like /images/kart.png; or make this page a folder with index.md and put the image beside it")
	if pg.p.Doc.Kind == content.Bundle {
		dir := bundleDir(pg.p.Doc)
		hint = msg.T("put the file in %s, next to the page, or fix the name", dir)
		if best := closest(l.Dest, resourceNames(pg.p)); best != "" {
			hint = msg.T("did you mean %s? The files next to the page are in %s", best, dir)
		}
	}
	c.diags.Add(diag.New(l.Pos, hint, msg.T("image %q does not exist", l.Dest)))
}

// frontMatterImages checks that the `image` of each page is a file of its
// bundle, which is where the theme looks for it.
func (c *checker) frontMatterImages() {
	for _, pg := range c.pages {
		d := pg.p.Doc
		img := d.Meta.Image
		if img == "" || pg.p.Resources.Get(img) != nil {
			continue
		}
		pos := docPos(d, "image")
		if d.Kind != content.Bundle {
			c.diags.Add(diag.Errorf(pos, "only a page in its own folder (…/name/index.md) can have an image: move the page into a folder and put the image beside it",
				"image %q is not in the page's folder", img))
			continue
		}
		hint := msg.T("put the file in %s, next to the page, or fix the name", bundleDir(d))
		if best := closest(img, resourceNames(pg.p)); best != "" {
			hint = msg.T("did you mean %s?", best)
		}
		c.diags.Add(diag.New(pos, hint, msg.T("image %q is not in the page's folder", img)))
	}
}

// bundleDir is the folder of a page bundle, as a writer finds it.
func bundleDir(d *content.Document) string { return "content/" + path.Dir(d.Path) + "/" }

// resourceNames are the names of the files in p's folder.
func resourceNames(p *site.Page) []string {
	var names []string
	for _, r := range p.Resources {
		names = append(names, r.Name)
	}
	return names
}

// hasScheme reports whether s starts with a URL scheme such as "https:",
// "mailto:" or "tel:".
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z':
		case i > 0 && ('0' <= ch && ch <= '9' || ch == '+' || ch == '-' || ch == '.'):
		case i > 0 && ch == ':':
			return true
		default:
			return false
		}
	}
	return false
}
