package feed

import (
	"encoding/xml"
	"time"

	"github.com/drammen-works/works/internal/site"
)

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Links    []atomLink  `xml:"link"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",cdata"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	Link       atomLink       `xml:"link"`
	ID         string         `xml:"id"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    *atomText      `xml:"content"` // the whole text, when the feeds carry it
}

// Atom returns the Atom 1.0 feed of a list page. The feed's id is its own
// address and each entry's id the page's permalink, so both stay the same
// from build to build. Atom requires an updated time even for a feed with
// no entries; such a feed gets the Unix epoch rather than the build time,
// which would change the file on every build.
func Atom(list *site.Page) []byte { return atomOf(newChannel(list, nil)) }

func atomOf(ch channel) []byte {
	self := ch.link + AtomName
	feed := atomFeed{
		NS:       "http://www.w3.org/2005/Atom",
		Lang:     ch.lang,
		Title:    ch.title,
		Subtitle: ch.description,
		Links: []atomLink{
			{Href: ch.link, Rel: "alternate", Type: "text/html"},
			{Href: self, Rel: "self", Type: "application/atom+xml"},
		},
		ID:      self,
		Updated: rfc3339(ch.updated, ch.loc),
		Author:  atomPerson{Name: ch.author},
	}
	for _, e := range ch.items {
		ae := atomEntry{
			Title:     e.title,
			Link:      atomLink{Href: e.link, Rel: "alternate", Type: "text/html"},
			ID:        e.link,
			Published: rfc3339(e.published, ch.loc),
			Updated:   rfc3339(e.updated, ch.loc),
			Summary:   atomText{Type: "html", Text: e.summary},
		}
		if e.content != "" {
			ae.Content = &atomText{Type: "html", Text: e.content}
		}
		for _, a := range e.authors {
			ae.Authors = append(ae.Authors, atomPerson{Name: a})
		}
		for _, c := range e.categories {
			ae.Categories = append(ae.Categories, atomCategory{Term: c})
		}
		feed.Entries = append(feed.Entries, ae)
	}
	return marshal(feed)
}

func rfc3339(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.In(loc).Format(time.RFC3339)
}
