package check

import (
	"net/url"
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

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
	if c.opts.Files == nil {
		return
	}
	linked := map[*site.Page]bool{}
	for _, f := range c.opts.Files.Files() {
		if !strings.HasSuffix(f.Path, ".html") || f.Data == nil {
			continue
		}
		fileURL := c.basePath + "/" + strings.TrimSuffix(f.Path, "index.html")
		from := c.pageAt(fileURL)
		base := &url.URL{Path: fileURL}
		lex := html.NewLexer(parse.NewInputBytes(f.Data))
		inA := false
		for tt, _ := lex.Next(); tt != html.ErrorToken; tt, _ = lex.Next() {
			switch tt {
			case html.StartTagToken:
				inA = strings.EqualFold(string(lex.Text()), "a")
			case html.AttributeToken:
				if !inA || !strings.EqualFold(string(lex.AttrKey()), "href") {
					continue
				}
				if to := c.hrefPage(base, unquote(lex.AttrVal())); to != nil && to != from {
					linked[to] = true
				}
			case html.StartTagCloseToken, html.StartTagVoidToken:
				inA = false
			}
		}
	}
	for _, pg := range c.pages {
		if linked[pg.p] || pg.p.Kind == site.KindHome {
			continue
		}
		c.diags.Add(diag.Warnf(fileTop(pg.p.Doc), "link to it from a related page, or add it to a menu in works.toml",
			"no other page links to this page"))
	}
}

// hrefPage finds the page an href in a built file leads to, or nil.
func (c *checker) hrefPage(base *url.URL, href string) *site.Page {
	u, err := url.Parse(strings.ReplaceAll(strings.TrimSpace(href), "&amp;", "&"))
	if err != nil || u.Path == "" {
		return nil
	}
	if u.Scheme != "" || u.Host != "" {
		if c.origin == "" || !strings.EqualFold(u.Scheme+"://"+u.Host, c.origin) {
			return nil
		}
	}
	return c.pageAt(base.ResolveReference(&url.URL{Path: u.Path}).Path)
}
