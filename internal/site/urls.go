package site

import (
	"path"
	"strings"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/media"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/slug"
)

// pageSegment is the word in the URL of the second and later pages of a list.
func pageSegment(lang string) string {
	switch lang {
	case "nb", "nn", "no":
		return "side"
	}
	return "page"
}

// urls gives every page its URL, paginates the lists and reports two pages
// that would be written to the same place.
func (b *builder) urls() {
	origin, basePath := config.SplitBaseURL(b.cfg.BaseURL)
	for _, p := range b.m.Pages {
		p.Path = b.url(p)
		p.RelPermalink = basePath + p.Path
		p.Permalink = origin + p.RelPermalink
		for _, r := range p.Resources {
			r.RelPermalink = p.RelPermalink + r.Name
			r.Permalink = origin + r.RelPermalink
		}
	}
	size := b.cfg.Pagination.PagerSize
	owners := map[string]*Page{}
	claim := func(url string, p *Page) {
		if q, ok := owners[url]; ok {
			first, second := describe(q), describe(p)
			b.errs.Add(diag.Errorf(p.Pos("url"), "give one of them another address: set slug or url at the top of its file",
				"two pages would be published at %s: %s and %s", url, first, second))
			return
		}
		owners[url] = p
	}
	for _, p := range b.m.Pages {
		claim(p.Path, p)
		switch p.Kind {
		case KindSection, KindTerm:
			p.Pagers = paginate(p.Pages, size, p.Path, pageSegment(p.Lang))
			for _, pg := range p.Pagers {
				pg.URL = basePath + pg.Path
			}
			for _, pg := range p.Pagers[1:] {
				claim(pg.Path, p)
			}
		}
	}
}

// describe names a page in a message: its file, or for a page the site
// makes, what it is.
func describe(p *Page) msg.Text {
	if f := p.File(); f != "" {
		return msg.T("%s", f)
	}
	switch p.Kind {
	case KindHome:
		return msg.T("the home page %q", p.Title)
	case KindSection:
		return msg.T("the section list %q", p.Title)
	case KindTaxonomy:
		return msg.T("the list of all %q", p.Title)
	case KindTerm:
		return msg.T("the list of the pages about %q", p.Title)
	case Kind404:
		return msg.T("the page for addresses that do not exist (404)")
	}
	return msg.T("the page %q", p.Title)
}

func (b *builder) url(p *Page) string {
	prefix := p.Site.Language.Prefix
	switch p.Kind {
	case KindHome:
		return prefix + "/"
	case Kind404:
		return prefix + "/404.html"
	case KindSection, KindTaxonomy:
		return prefix + "/" + b.cfg.SectionSlug(p.Lang, p.Section) + "/"
	case KindTerm:
		return prefix + "/" + b.cfg.SectionSlug(p.Lang, p.Section) + "/" + p.Term.Slug + "/"
	}
	m := &p.Doc.Meta
	// The first that gives a slug; the others are not worked out.
	p.Slug = slug.Make(m.Slug)
	if p.Slug == "" {
		p.Slug = slug.Make(p.Doc.Name)
	}
	if p.Slug == "" {
		p.Slug = slug.Make(m.Title)
	}
	if m.URL != "" {
		u := "/" + strings.Trim(m.URL, "/")
		if path.Ext(u) == "" {
			u += "/"
		}
		return u
	}
	pattern := b.cfg.Permalinks[p.Section]
	if pattern == "" {
		pattern = "/:section/:slug/"
		if p.Section == "" {
			pattern = "/:slug/"
		}
	}
	d := p.Date
	if d.IsZero() {
		d = p.PublishDate
	}
	expanded := expandPermalink(pattern, func(token string) string {
		switch token {
		case "section":
			return b.cfg.SectionSlug(p.Lang, p.Section)
		case "slug":
			return p.Slug
		case "title":
			return slug.Make(p.Title)
		case "filename":
			return slug.Make(p.Doc.Name)
		case "year":
			return d.Format("2006")
		case "month":
			return d.Format("01")
		}
		return d.Format("02")
	})
	u := path.Clean("/" + expanded)
	if path.Ext(u) == "" {
		u += "/"
	}
	return prefix + u
}

// expandPermalink replaces each placeholder in pattern with its value. It
// works out only the values the pattern uses: building a strings.Replacer
// with all of them for every page was a tenth of the site model's time.
func expandPermalink(pattern string, value func(token string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(pattern, ':')
		if i < 0 {
			b.WriteString(pattern)
			return b.String()
		}
		b.WriteString(pattern[:i])
		pattern = pattern[i+1:]
		token := ""
		for _, t := range config.PermalinkTokens {
			if strings.HasPrefix(pattern, t) {
				token = t
				break
			}
		}
		if token == "" {
			b.WriteByte(':')
			continue
		}
		b.WriteString(value(token))
		pattern = pattern[len(token):]
	}
}

// mediaType is a resource's type without parameters, from the project's
// one table (internal/media): never the machine's, so two machines build
// the same site.
func mediaType(name string) string {
	t, _ := media.Type(name)
	return media.Essence(t)
}
