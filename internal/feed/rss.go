package feed

import (
	"bytes"
	"encoding/xml"
	"time"

	"github.com/drammen-works/works/internal/site"
)

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Categories  []string `xml:"category"`
	Description cdata    `xml:"description"`
}

// cdata keeps HTML readable in the feed, and survives minification as written.
type cdata struct {
	Text string `xml:",cdata"`
}

type rssGUID struct {
	Value     string `xml:",chardata"`
	Permalink bool   `xml:"isPermaLink,attr"`
}

// RSS returns the RSS 2.0 feed of a list page. Dates are RFC 1123 with a
// numeric zone, in the site's time zone, as RSS 2.0 asks.
func RSS(list *site.Page) []byte { return rssOf(newChannel(list, nil)) }

func rssOf(ch channel) []byte {
	out := rssChannel{
		Title:       ch.title,
		Link:        ch.link,
		Description: ch.description,
		Language:    ch.lang,
		Self:        atomLink{Href: ch.link + RSSName, Rel: "self", Type: "application/rss+xml"},
	}
	if !ch.updated.IsZero() {
		out.LastBuildDate = ch.updated.In(ch.loc).Format(time.RFC1123Z)
	}
	for _, e := range ch.items {
		out.Items = append(out.Items, rssItem{
			Title:       e.title,
			Link:        e.link,
			GUID:        rssGUID{Value: e.link, Permalink: true},
			PubDate:     e.published.In(ch.loc).Format(time.RFC1123Z),
			Categories:  e.categories,
			Description: cdata{e.body()},
		})
	}
	return marshal(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: out})
}

func marshal(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		// Only unsupported types fail, and the types here are fixed.
		panic(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}
