// Package feed writes the machine-readable files of a site: RSS feeds, the
// sitemap and robots.txt. It reads the site model and returns bytes.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/site"
)

// Limit is how many items a feed carries: the newest.
const Limit = 20

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Atom    string   `xml:"xmlns:atom,attr"`
	Channel channel  `xml:"channel"`
}

type channel struct {
	Title         string   `xml:"title"`
	Link          string   `xml:"link"`
	Description   string   `xml:"description"`
	Language      string   `xml:"language"`
	LastBuildDate string   `xml:"lastBuildDate,omitempty"`
	Self          atomLink `xml:"atom:link"`
	Items         []item   `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type item struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        guid   `xml:"guid"`
	PubDate     string `xml:"pubDate,omitempty"`
	Description cdata  `xml:"description"`
}

// cdata keeps HTML readable in the feed, and survives minification as written.
type cdata struct {
	Text string `xml:",cdata"`
}

type guid struct {
	Value     string `xml:",chardata"`
	Permalink bool   `xml:"isPermaLink,attr"`
}

// RSS returns the RSS 2.0 feed of a list page: the home page lists the whole
// language, a section its pages.
func RSS(list *site.Page) []byte {
	pages := list.RegularPages()
	if list.IsHome() {
		pages = list.Site.RegularPages
	}
	pages = pages[:min(len(pages), Limit)]
	title := list.Site.Title
	if !list.IsHome() {
		title = list.Title + " – " + list.Site.Title
	}
	ch := channel{
		Title:       title,
		Link:        list.Permalink,
		Description: firstOf(list.Description, list.Site.Title),
		Language:    list.Lang,
		Self:        atomLink{Href: list.Permalink + "index.xml", Rel: "self", Type: "application/rss+xml"},
	}
	loc := list.Site.Config.Location
	for _, p := range pages {
		it := item{
			Title:       p.Title,
			Link:        p.Permalink,
			GUID:        guid{Value: p.Permalink, Permalink: true},
			Description: cdata{absoluteLinks(string(p.Summary), list.Permalink, list.RelPermalink)},
		}
		if !p.Date.IsZero() {
			it.PubDate = p.Date.In(loc).Format(time.RFC1123Z)
		}
		ch.Items = append(ch.Items, it)
	}
	if len(pages) > 0 && !pages[0].Date.IsZero() {
		ch.LastBuildDate = newest(pages).In(loc).Format(time.RFC1123Z)
	}
	return marshal(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
}

func newest(pages []*site.Page) time.Time {
	var t time.Time
	for _, p := range pages {
		if p.Lastmod.After(t) {
			t = p.Lastmod
		}
	}
	return t
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string      `xml:"loc"`
	Lastmod string      `xml:"lastmod,omitempty"`
	Links   []alternate `xml:"xhtml:link"`
}

type alternate struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// Sitemap lists every published page of every language, with its
// translations as hreflang alternates. Drafts and the 404 page
// are left out; the later pages of paginated lists are listed.
func Sitemap(m *site.Model) []byte {
	us := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range m.Pages {
		if p.Kind == site.Kind404 || p.Draft || p.Params["noindex"] == true {
			continue
		}
		u := sitemapURL{Loc: p.Permalink}
		if !p.Lastmod.IsZero() {
			u.Lastmod = p.Lastmod.In(m.Config.Location).Format(time.RFC3339)
		}
		if len(p.Translations) > 0 {
			for _, s := range m.Sites {
				if t := p.Translation(s.Language.Lang); t != nil {
					u.Links = append(u.Links, alternate{Rel: "alternate", Hreflang: s.Language.Lang, Href: t.Permalink})
				}
			}
		}
		us.URLs = append(us.URLs, u)
		for _, pg := range p.Pagers[min(1, len(p.Pagers)):] {
			us.URLs = append(us.URLs, sitemapURL{Loc: strings.TrimSuffix(p.Permalink, p.RelPermalink) + pg.URL, Lastmod: u.Lastmod})
		}
	}
	return marshal(us)
}

// Robots allows everything and points at the sitemap.
func Robots(m *site.Model) []byte {
	home := m.Sites[0].Home
	return fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", home.Permalink)
}

func marshal(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		// Only unsupported types fail, and the types above are fixed.
		panic(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// absoluteLinks makes root-relative links absolute, since feed readers show
// items away from the site. permalink and rel are one page's absolute and
// relative URL, which give the origin.
func absoluteLinks(html, permalink, rel string) string {
	origin := strings.TrimSuffix(permalink, rel)
	if origin == "" {
		return html
	}
	return strings.NewReplacer(`href="/`, `href="`+origin+`/`, `src="/`, `src="`+origin+`/`).Replace(html)
}
