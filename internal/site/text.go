package site

import (
	"reflect"
	"slices"

	"github.com/drammen-works/works/internal/content"
)

// WithText returns a model like m in which docs, new versions of some of
// m's documents that differ only in their text (SameShape), take the old
// ones' places, and pages get their bodies from bodies. m is not changed:
// a preview serving m goes on showing the old text while the new model is
// checked, and a text edit costs a copy of the model, not a new one (at
// 10 000 pages New takes about 40 ms, a copy a few).
//
// ok is false, and the result nil, when a document is not one of m's or
// changed more than its text; the caller makes a new model with New.
func (m *Model) WithText(docs []*content.Document, bodies Bodies) (_ *Model, ok bool) {
	replace := make(map[string]*content.Document, len(docs))
	for _, d := range docs {
		pages := m.PagesOf(d.Path)
		if len(pages) == 0 || !SameShape(pages[0].Doc, d) {
			return nil, false
		}
		replace[d.Path] = d
	}
	c := cloner{
		pages: make([]Page, len(m.Pages)),
		sites: make(map[*Site]*Site, len(m.Sites)),
		taxes: map[*Taxonomy]*Taxonomy{},
		terms: map[*Term]*Term{},
	}
	n := &Model{Config: m.Config, Skipped: m.Skipped, opts: m.opts, bodies: bodies, copied: true}
	n.opts.Bodies = bodies
	for i, p := range m.Pages {
		c.pages[i] = *p
		np := &c.pages[i]
		np.related = &lazyPages{}
		if p.Doc != nil {
			if d, ok := replace[p.Doc.Path]; ok {
				np.Doc = d
			}
		}
	}
	for _, s := range m.Sites {
		ns := *s
		ns.model = n
		c.sites[s] = &ns
		n.Sites = append(n.Sites, &ns)
	}
	for _, s := range m.Sites {
		for _, t := range s.TaxonomyList {
			nt := *t
			c.taxes[t] = &nt
			for _, term := range t.Terms {
				ntm := *term
				c.terms[term] = &ntm
			}
		}
	}

	// Every pointer into the old model is now pointed at the new one.
	for i := range c.pages {
		p := &c.pages[i]
		p.Site = c.sites[p.Site]
		p.Parent = c.page(p.Parent)
		p.Pages = c.list(p.Pages)
		p.Translations = c.list(p.Translations)
		p.Prev, p.Next, p.Project = c.page(p.Prev), c.page(p.Next), c.page(p.Project)
		p.Referrers = c.list(p.Referrers)
		p.Taxonomy = c.taxes[p.Taxonomy]
		p.Term = c.terms[p.Term]
		if p.Terms != nil {
			terms := make(map[string][]*Term, len(p.Terms))
			for k, ts := range p.Terms {
				terms[k] = c.termList(ts)
			}
			p.Terms = terms
		}
		p.Pagers = c.pagers(p.Pagers)
		n.Pages = append(n.Pages, p)
	}
	for _, s := range n.Sites {
		s.Home, s.NotFound = c.page(s.Home), c.page(s.NotFound)
		s.Pages, s.RegularPages, s.Sections = c.list(s.Pages), c.list(s.RegularPages), c.list(s.Sections)
		s.Taxonomies = make(map[string]*Taxonomy, len(s.Taxonomies))
		list := s.TaxonomyList
		s.TaxonomyList = make([]*Taxonomy, len(list))
		for i, t := range list {
			nt := c.taxes[t]
			s.TaxonomyList[i], s.Taxonomies[nt.Name] = nt, nt
		}
		menus := make(map[string][]*MenuEntry, len(s.Menus))
		for name, entries := range s.Menus {
			out := make([]*MenuEntry, len(entries))
			for i, e := range entries {
				ne := *e
				ne.Page = c.page(e.Page)
				out[i] = &ne
			}
			menus[name] = out
		}
		s.Menus = menus
	}
	for t, nt := range c.taxes {
		nt.Page = c.page(t.Page)
		nt.Terms = c.termList(t.Terms)
	}
	for t, nt := range c.terms {
		nt.Taxonomy = c.taxes[t.Taxonomy]
		nt.Page = c.page(t.Page)
		nt.Pages = c.list(t.Pages)
	}
	// The index by path is shared: its pages are the old model's, and
	// PagesOf and lookup take the page at the same place in this one.
	n.byPath = m.byPath
	n.bySite = make(map[string]*Site, len(m.bySite))
	for k, s := range m.bySite {
		n.bySite[k] = c.sites[s]
	}
	// byTrans is read only while New links translations: a copy needs none.
	return n, true
}

// cloner maps the parts of one model to their copies in another.
type cloner struct {
	pages []Page // by Page.index
	sites map[*Site]*Site
	taxes map[*Taxonomy]*Taxonomy
	terms map[*Term]*Term
}

func (c *cloner) page(p *Page) *Page {
	if p == nil {
		return nil
	}
	return &c.pages[p.index]
}

func (c *cloner) list(ps []*Page) []*Page {
	if ps == nil {
		return nil
	}
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = c.page(p)
	}
	return out
}

func (c *cloner) termList(ts []*Term) []*Term {
	if ts == nil {
		return nil
	}
	out := make([]*Term, len(ts))
	for i, t := range ts {
		out[i] = c.terms[t]
	}
	return out
}

// pagers copies one list's pagers, which point at each other.
func (c *cloner) pagers(ps []*Pager) []*Pager {
	if ps == nil {
		return nil
	}
	all := make([]*Pager, len(ps))
	for i, pg := range ps {
		np := *pg
		np.Pages = c.list(pg.Pages)
		np.all = all
		all[i] = &np
	}
	return all
}

// SameShape reports whether two versions of a document differ only in
// their text, so a model made with one serves the other.
func SameShape(a, b *content.Document) bool {
	return a != nil && b != nil && a.Kind == b.Kind && a.Lang == b.Lang && a.Name == b.Name && a.Section == b.Section &&
		a.BodyLine == b.BodyLine && slices.Equal(a.Resources, b.Resources) && reflect.DeepEqual(a.Meta, b.Meta)
}
