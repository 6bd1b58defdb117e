package feed

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/site"
)

// The sitemaps sit at the site root: /sitemap.xml is the index, and each
// language has /sitemap-<lang>.xml. The root is the only folder that may
// hold them, because a sitemap may list only URLs at or below its own
// folder, and the default language's pages are at the root, not below /nb/.
const (
	SitemapIndexName = "sitemap.xml"
	maxSitemapURLs   = 50_000 // the sitemaps.org limit per file
)

// SitemapName is the name of one language's sitemap; part n > 1 of a
// language with more than 50 000 URLs is sitemap-<lang>-<n>.xml.
func SitemapName(lang string, part int) string {
	if part <= 1 {
		return "sitemap-" + lang + ".xml"
	}
	return "sitemap-" + lang + "-" + strconv.Itoa(part) + ".xml"
}

// Sitemap is one file of the sitemap set.
type Sitemap struct {
	Name string // path below the site root
	Data []byte
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

type sitemapIndex struct {
	XMLName  xml.Name      `xml:"sitemapindex"`
	NS       string        `xml:"xmlns,attr"`
	Sitemaps []sitemapFile `xml:"sitemap"`
}

type sitemapFile struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// Sitemaps returns the sitemap index and the sitemaps it points at, index
// first. Each language's sitemap lists its published pages and the later
// pages of its paginated lists; drafts, the 404 page and pages with
// `noindex: true` are left out (redirect pages for aliases are not pages
// of the model, so they never appear). A page with translations names them
// all as hreflang alternates, itself included, plus x-default for the
// default language's version, as search engines ask.
func Sitemaps(m *site.Model) []Sitemap {
	return sitemaps(m, maxSitemapURLs)
}

func sitemaps(m *site.Model, max int) []Sitemap {
	if len(m.Sites) == 0 {
		return nil
	}
	root := xmlURL(m.Sites[0].Home.Permalink) // origin and base path, ending in "/"
	loc := location(m)
	index := sitemapIndex{NS: sitemapNS}
	var files []Sitemap
	for _, s := range m.Sites {
		urls, newest := siteURLs(m, s, loc)
		for part := 1; part == 1 || (part-1)*max < len(urls); part++ {
			chunk := urls[min((part-1)*max, len(urls)):min(part*max, len(urls))]
			name := SitemapName(s.Language.Lang, part)
			files = append(files, Sitemap{Name: name, Data: marshal(urlset{NS: sitemapNS, XHTML: "http://www.w3.org/1999/xhtml", URLs: chunk})})
			index.Sitemaps = append(index.Sitemaps, sitemapFile{Loc: root + name, Lastmod: format(newest, loc)})
		}
	}
	return append([]Sitemap{{Name: SitemapIndexName, Data: marshal(index)}}, files...)
}

// siteURLs lists one language's URLs in URL order, and the newest lastmod.
func siteURLs(m *site.Model, s *site.Site, loc *time.Location) ([]sitemapURL, time.Time) {
	var urls []sitemapURL
	var newest time.Time
	for _, p := range s.Pages {
		if !listed(p) {
			continue
		}
		mod := lastmod(p)
		if mod.After(newest) {
			newest = mod
		}
		u := sitemapURL{Loc: xmlURL(p.Permalink), Lastmod: format(mod, loc), Links: alternates(m, p)}
		urls = append(urls, u)
		origin := strings.TrimSuffix(p.Permalink, p.RelPermalink)
		for _, pg := range p.Pagers[min(1, len(p.Pagers)):] {
			// A later page of a list changes whenever the list does.
			urls = append(urls, sitemapURL{Loc: xmlURL(origin + pg.URL), Lastmod: u.Lastmod})
		}
	}
	return urls, newest
}

// listed reports whether a page belongs in the sitemap.
func listed(p *site.Page) bool {
	return p.Kind != site.Kind404 && !p.Draft && !p.NoIndex()
}

// lastmod is a page's last change. A list changes whenever a page it lists
// does, hidden ones included (they are still on the list), so it takes the
// newest of its own and theirs; the home page lists the sections, which
// list the rest.
func lastmod(p *site.Page) time.Time {
	t := p.Lastmod
	if p.Kind == site.KindPage {
		return t
	}
	for _, q := range p.Pages {
		if m := lastmod(q); m.After(t) {
			t = m
		}
	}
	return t
}

// alternates are the hreflang links of a translated page, in language
// order, with x-default pointing at the default language's version.
func alternates(m *site.Model, p *site.Page) []alternate {
	if !p.IsTranslated() {
		return nil
	}
	var links []alternate
	var fallback string
	for _, s := range m.Sites {
		t := p.Translation(s.Language.Lang)
		if t == nil || !listed(t) {
			continue
		}
		href := xmlURL(t.Permalink)
		links = append(links, alternate{Rel: "alternate", Hreflang: xmlText(s.Language.Lang), Href: href})
		if s.Language.IsDefault {
			fallback = href
		}
	}
	if len(links) < 2 {
		return nil // the other versions are hidden: nothing to point at
	}
	if fallback != "" {
		links = append(links, alternate{Rel: "alternate", Hreflang: "x-default", Href: fallback})
	}
	return links
}

func format(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

func location(m *site.Model) *time.Location {
	if m.Config != nil && m.Config.Location != nil {
		return m.Config.Location
	}
	return time.UTC
}

// Robots allows everything and points at the sitemap index. A site whose
// base URL has no host ("/") gets no Sitemap line: search engines accept
// only an absolute URL there.
func Robots(m *site.Model) []byte {
	b := []byte("User-agent: *\nAllow: /\n")
	if len(m.Sites) > 0 {
		if home := m.Sites[0].Home.Permalink; strings.HasPrefix(home, "http://") || strings.HasPrefix(home, "https://") {
			b = fmt.Appendf(b, "\nSitemap: %s%s\n", home, SitemapIndexName)
		}
	}
	return b
}
