// Package feed writes the machine-readable files of a site: RSS 2.0, Atom 1.0
// and JSON Feed 1.1 feeds, the sitemaps and robots.txt. It reads the site
// model and returns bytes; it does no I/O.
//
// Every list a reader may want to follow has the three feeds: the home page
// (the whole language), each section and each taxonomy term, in each
// language. They sit beside the list's page: /historier/index.xml,
// /historier/atom.xml, /historier/feed.json. A feed carries the Limit newest
// dated pages, newest first; pages without a date (about, contact) are not
// news and stay out. Items carry the page's summary, with every link made
// absolute, and the page's permalink as their stable id.
package feed

import (
	"cmp"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// Limit is how many items a feed carries: the newest.
const Limit = 20

// The file names of a list's feeds, beside its index.html. RSSName keeps the
// name feeds have always had here, so subscriptions keep working.
const (
	RSSName  = "index.xml"
	AtomName = "atom.xml"
	JSONName = "feed.json"
)

// Files returns every file the package makes for the model: three feeds for
// each list of each language, the sitemap index with one sitemap per
// language, and robots.txt. Paths are relative to the site root.
func Files(m *site.Model) []output.File {
	var files []output.File
	// A page is an item of several lists (home, section, terms); its entry
	// is made once.
	entries := map[*site.Page]entry{}
	for _, s := range m.Sites {
		for _, list := range Lists(s) {
			dir := strings.TrimPrefix(list.Path, "/")
			owner := "feed of " + list.RelPermalink
			ch := newChannel(list, entries)
			files = append(files,
				output.File{Path: dir + RSSName, Data: rssOf(ch), Owner: owner},
				output.File{Path: dir + AtomName, Data: atomOf(ch), Owner: owner},
				output.File{Path: dir + JSONName, Data: jsonFeedOf(ch), Owner: owner},
			)
		}
	}
	for _, sm := range Sitemaps(m) {
		files = append(files, output.File{Path: sm.Name, Data: sm.Data, Owner: "sitemap"})
	}
	files = append(files, output.File{Path: "robots.txt", Data: Robots(m), Owner: "robots.txt"})
	return files
}

// Lists returns the pages of one language that have feeds: the home page,
// then the sections in menu order, then the terms of each taxonomy.
func Lists(s *site.Site) []*site.Page {
	lists := append([]*site.Page{s.Home}, s.Sections...)
	for _, tax := range s.TaxonomyList {
		for _, t := range tax.Terms {
			lists = append(lists, t.Page)
		}
	}
	return lists
}

// Items returns the pages a feed of list carries: its dated regular pages,
// newest first, at most Limit. The home page lists the whole language.
func Items(list *site.Page) []*site.Page {
	pages := list.Pages
	if list.IsHome() {
		pages = list.Site.RegularPages
	}
	var out []*site.Page
	for _, p := range pages {
		if p.Kind == site.KindPage && !published(p).IsZero() {
			out = append(out, p)
		}
	}
	// Lists put weighted pages first; a feed is strictly by date.
	slices.SortStableFunc(out, func(a, b *site.Page) int {
		return cmp.Or(published(b).Compare(published(a)), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Permalink, b.Permalink))
	})
	return out[:min(len(out), Limit)]
}

// channel is what the three formats say about a feed as a whole.
type channel struct {
	title, description, lang string
	link                     string // the list's page
	author                   string
	updated                  time.Time // newest change among the items; zero without items
	loc                      *time.Location
	items                    []entry
}

// entry is what the three formats say about one item.
type entry struct {
	title, link string
	published   time.Time
	updated     time.Time
	summary     string // HTML with absolute links
	content     string // the whole text, HTML with absolute links, when [feeds] content = "full"; else ""
	authors     []string
	categories  []string
}

// newChannel describes a list's feed. entries, when not nil, keeps the
// entries already made for other lists.
func newChannel(list *site.Page, entries map[*site.Page]entry) channel {
	s := list.Site
	ch := channel{
		title:       xmlText(s.Title),
		description: xmlText(cmp.Or(list.Description, stringParam(s.Params, "description"), s.Title)),
		lang:        xmlText(list.Lang),
		link:        xmlURL(list.Permalink),
		author:      xmlText(cmp.Or(s.Brand.Name, s.Title)),
		loc:         time.UTC,
	}
	if s.Config != nil && s.Config.Location != nil {
		ch.loc = s.Config.Location
	}
	if !list.IsHome() {
		ch.title = xmlText(list.Title + " – " + s.Title)
	}
	for _, p := range Items(list) {
		e, ok := entries[p]
		if !ok {
			e = newEntry(p)
			if entries != nil {
				entries[p] = e
			}
		}
		if e.updated.After(ch.updated) {
			ch.updated = e.updated
		}
		ch.items = append(ch.items, e)
	}
	return ch
}

// newEntry describes a page as an item. Its texts are cleaned of what XML
// forbids (see xmlText) here, once for the three formats.
func newEntry(p *site.Page) entry {
	return entry{
		title:      xmlText(p.Title),
		link:       xmlURL(p.Permalink),
		published:  published(p),
		updated:    updated(p),
		summary:    xmlText(absolute(summary(p), p.Permalink)),
		content:    xmlText(fullContent(p)),
		authors:    xmlTexts(p.Authors),
		categories: xmlTexts(categories(p)),
	}
}

// published is when a page came out: its date, or its publish date.
func published(p *site.Page) time.Time {
	if !p.Date.IsZero() {
		return p.Date
	}
	return p.PublishDate
}

// updated is the page's last change, never before it came out.
func updated(p *site.Page) time.Time {
	if p.Lastmod.After(published(p)) {
		return p.Lastmod
	}
	return published(p)
}

// fullContent is the page's whole text for a feed, when the site's feeds
// carry it.
func fullContent(p *site.Page) string {
	if p.Site == nil || p.Site.Config == nil || !p.Site.Config.Feeds.Full || strings.TrimSpace(string(p.Content())) == "" {
		return ""
	}
	return absolute(string(p.Content()), p.Permalink)
}

// body is what an item says of its page: the whole text when the feeds
// carry it, else the summary.
func (e entry) body() string { return cmp.Or(e.content, e.summary) }

// summary is the page's summary as HTML, or its description when the page
// has no text, so no item is empty.
func summary(p *site.Page) string {
	if s := strings.TrimSpace(string(p.Summary())); s != "" {
		return string(p.Summary())
	}
	if p.Description != "" {
		return "<p>" + html.EscapeString(p.Description) + "</p>"
	}
	return ""
}

// categories are the names of the page's terms, taxonomy by taxonomy, each
// name once.
func categories(p *site.Page) []string {
	var out []string
	for _, tax := range p.Site.TaxonomyList {
		for _, t := range p.Terms[tax.Name] {
			if !slices.Contains(out, t.Name) {
				out = append(out, t.Name)
			}
		}
	}
	return out
}

func stringParam(params map[string]any, key string) string {
	s, _ := params[key].(string)
	return s
}

// linkAttr finds the URL attributes goldmark writes. Its HTML escapes every
// quote in text, so `href="` only ever starts an attribute.
var linkAttr = regexp.MustCompile(`\b(href|src)="([^"]*)"`)

// absolute resolves every href and src in html against base, the item's
// permalink, since feed readers show items away from the site: "/om/",
// "bilde.svg" and "#mal" all need the page's address to mean what they
// meant on the page.
func absolute(htmlText, base string) string {
	b, err := url.Parse(base)
	if err != nil || base == "" {
		return htmlText
	}
	return linkAttr.ReplaceAllStringFunc(htmlText, func(attr string) string {
		m := linkAttr.FindStringSubmatch(attr)
		raw := html.UnescapeString(m[2])
		u, err := url.Parse(raw)
		if err != nil || u.IsAbs() {
			return attr
		}
		return m[1] + `="` + html.EscapeString(b.ResolveReference(u).String()) + `"`
	})
}
