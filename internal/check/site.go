package check

import (
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/site"
)

// duplicateTitles reports pages of one section and language that share a
// title: readers, screen reader users and search engines cannot tell them
// apart. The first page by file name keeps its title.
func (c *checker) duplicateTitles() {
	type key struct{ lang, section, title string }
	first := map[key]*page{}
	pages := slices.Clone(c.pages)
	slices.SortFunc(pages, func(a, b *page) int { return strings.Compare(a.file, b.file) })
	for _, pg := range pages {
		if pg.p.Kind != site.KindPage {
			continue
		}
		k := key{pg.p.Lang, pg.p.Section, strings.ToLower(strings.Join(strings.Fields(pg.p.Title), " "))}
		if q := first[k]; q != nil {
			c.diags.Add(diag.Errorf(docPos(pg.p.Doc, "title"), "give each page its own title",
				"%s has the same title: %q", q.file, pg.p.Title))
			continue
		}
		first[k] = pg
	}
}

// orphans warns about content pages that no other page of the built site
// links to: readers can only reach them from outside. It needs the built
// files, because the theme's lists and menus are where most links are.
func (c *checker) orphans() {
	if c.built == nil {
		return
	}
	for _, pg := range c.pages {
		if c.built.isLinked(pg.p) || pg.p.Kind == site.KindHome {
			continue
		}
		c.diags.Add(diag.Warnf(fileTop(pg.p.Doc), "link to it from a related page, or add it to a menu in works.toml",
			"no other page links to this page"))
	}
}
