package feed

import (
	"bytes"
	"encoding/json"

	"github.com/drammen-works/works/internal/site"
)

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// JSON returns the JSON Feed 1.1 of a list page, dates in RFC 3339 in the
// site's time zone.
func JSON(list *site.Page) []byte { return jsonFeedOf(newChannel(list, nil)) }

func jsonFeedOf(ch channel) []byte {
	feed := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       ch.title,
		HomePageURL: ch.link,
		FeedURL:     ch.link + JSONName,
		Description: ch.description,
		Language:    ch.lang,
		Authors:     []jsonAuthor{{Name: ch.author}},
		Items:       []jsonItem{}, // the spec wants an array, even an empty one
	}
	for _, e := range ch.items {
		it := jsonItem{
			ID:            e.link,
			URL:           e.link,
			Title:         e.title,
			ContentHTML:   e.body(),
			DatePublished: rfc3339(e.published, ch.loc),
			DateModified:  rfc3339(e.updated, ch.loc),
			Tags:          e.categories,
		}
		for _, a := range e.authors {
			it.Authors = append(it.Authors, jsonAuthor{Name: a})
		}
		feed.Items = append(feed.Items, it)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// HTML stays readable: the file is JSON, never inlined into a page.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(feed); err != nil {
		panic(err) // only unsupported types fail, and these are fixed
	}
	return b.Bytes()
}
