package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// TestFeedsParse reads every feed of the fixture with a real feed parser and
// checks what a reader would show: the feed's kind, its items in order, their
// links, ids and dates.
func TestFeedsParse(t *testing.T) {
	m := buildModel(t, fixture())
	formats := []struct {
		name, kind string
		make       func(*site.Page) []byte
	}{
		{RSSName, "rss", RSS},
		{AtomName, "atom", Atom},
		{JSONName, "json", JSON},
	}
	min := output.NewMinifier()
	lists := 0
	for _, s := range m.Sites {
		for _, list := range Lists(s) {
			lists++
			want := Items(list)
			for _, f := range formats {
				raw := f.make(list)
				minified, err := min.Minify(f.name, raw)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range []struct {
					name string
					data []byte
				}{{"", raw}, {" minified", minified}} {
					t.Run(list.RelPermalink+f.name+v.name, func(t *testing.T) {
						data := v.data
						if f.kind != "json" {
							if err := xml.Unmarshal(data, new(any)); err != nil {
								t.Fatalf("not well-formed XML: %v", err)
							}
						} else if !json.Valid(data) {
							t.Fatal("not valid JSON")
						}
						feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
						if err != nil {
							t.Fatalf("parse: %v\n%s", err, data)
						}
						if feed.FeedType != f.kind {
							t.Errorf("feed type %q, want %q", feed.FeedType, f.kind)
						}
						if feed.Link != list.Permalink {
							t.Errorf("feed link %q, want %q", feed.Link, list.Permalink)
						}
						if feed.FeedLink != list.Permalink+f.name {
							t.Errorf("feed's own link %q, want %q", feed.FeedLink, list.Permalink+f.name)
						}
						if feed.Language != list.Lang {
							t.Errorf("language %q, want %q", feed.Language, list.Lang)
						}
						if len(feed.Items) != len(want) {
							t.Fatalf("%d items, want %d", len(feed.Items), len(want))
						}
						for i, it := range feed.Items {
							p := want[i]
							if it.Title != p.Title || it.Link != p.Permalink || it.GUID != p.Permalink {
								t.Errorf("item %d: %q %s (id %s), want %q %s", i, it.Title, it.Link, it.GUID, p.Title, p.Permalink)
							}
							if it.PublishedParsed == nil || !it.PublishedParsed.Equal(p.Date) {
								t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, p.Date)
							}
							if i > 0 && it.PublishedParsed.After(*feed.Items[i-1].PublishedParsed) {
								t.Errorf("item %d is newer than the one before it", i)
							}
							if it.Description == "" && it.Content == "" {
								t.Errorf("item %d has no text", i)
							}
						}
					})
				}
			}
		}
	}
	// nb: home, 2 sections, 4 terms; en: home, 1 section, 1 term.
	if lists != 10 {
		t.Errorf("%d lists with feeds, want 10", lists)
	}
}

func TestItems(t *testing.T) {
	m := buildModel(t, fixture())
	titles := func(ps []*site.Page) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Title)
		}
		return out
	}
	tests := []struct {
		name, list string
		n          int
		first      []string
		absent     []string
	}{
		{"home is the whole language, newest first", "/", Limit, []string{"Skjult", "Sak 22", "Sak 21"}, []string{"Om oss", "Utkast", "Vektet og gammel", "Sommer"}},
		{"a section ignores weight", "/historier/", Limit, []string{"Skjult", "Sak 22"}, []string{"Vektet og gammel", "Sommer"}},
		{"a term", "/sectors/eksport/", 1, []string{"Lenker"}, nil},
		{"a term with more than the limit", "/tags/eksport/", Limit, []string{"Sak 22", "Sak 21"}, []string{"Lenker"}},
		{"another section", "/nyheter/", 1, []string{"Sommer"}, nil},
		{"English", "/en/", 2, []string{"Hidden", "Links"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := titles(Items(page(t, m, tt.list)))
			if len(got) != tt.n {
				t.Errorf("%d items, want %d: %q", len(got), tt.n, got)
			}
			if !slices.Equal(got[:min(len(got), len(tt.first))], tt.first) {
				t.Errorf("items start %q, want %q", got, tt.first)
			}
			for _, a := range tt.absent {
				if slices.Contains(got, a) {
					t.Errorf("%q is in the feed", a)
				}
			}
		})
	}
}

// TestFeedText pins the parts of each format a parser forgives but readers
// do not: dates in the site's zone, summer time, absolute links, categories.
func TestFeedText(t *testing.T) {
	m := buildModel(t, fixture())
	sec := page(t, m, "/historier/")
	term := page(t, m, "/tags/gronn-omstilling/")
	news := page(t, m, "/nyheter/")
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"RSS section", RSS(sec), []string{
			"<lastBuildDate>Tue, 03 Nov 2026 00:00:00 +0100</lastBuildDate>",
			"<title>Historier – Feed Works</title>",
			"<description>Historier fra næringslivet</description>",
		}},
		{"RSS term", RSS(term), []string{
			"<title>Grønn omstilling – Feed Works</title>",
			"<lastBuildDate>Mon, 02 Nov 2026 10:00:00 +0100</lastBuildDate>",
			"<pubDate>Mon, 01 Jun 2026 00:00:00 +0200</pubDate>",
			// Taxonomies in configuration order (sectors, tags), each name once.
			"<category>eksport</category>\n      <category>Grønn omstilling</category>\n      <description>",
			`href="https://example.org/drammen/om/"`,
			`src="https://example.org/drammen/historier/lenker/bilde.svg"`,
			`href="https://example.org/drammen/historier/lenker/#mal"`,
			`href="https://example.org/drammen/historier/gammel/"`,
			`href="mailto:post@example.org"`,
			`href="https://example.com/x?a=1&amp;b=2"`,
			`href="https://cdn.example.net/y"`,
		}},
		{"RSS summer date", RSS(news), []string{"<pubDate>Wed, 15 Jul 2026 08:30:00 +0200</pubDate>", "<![CDATA[<p>Kort om sommeren.</p>]]>"}},
		{"Atom", Atom(term), []string{
			`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nb">`,
			"<id>https://example.org/drammen/tags/gronn-omstilling/atom.xml</id>",
			"<updated>2026-11-02T10:00:00+01:00</updated>",
			"<author>\n    <name>Feed Works AS</name>",
			"<published>2026-06-01T00:00:00+02:00</published>\n    <updated>2026-11-02T10:00:00+01:00</updated>\n    <author>\n      <name>Kari Nordmann</name>",
			`<category term="eksport"></category>`,
			`<category term="Grønn omstilling"></category>`,
			`<summary type="html"><![CDATA[<p>Se <a href="https://example.org/drammen/om/">`,
		}},
		{"JSON", JSON(term), []string{
			`"version": "https://jsonfeed.org/version/1.1"`,
			`"feed_url": "https://example.org/drammen/tags/gronn-omstilling/feed.json"`,
			`"date_published": "2026-06-01T00:00:00+02:00"`,
			`"date_modified": "2026-11-02T10:00:00+01:00"`,
			`"tags": [` + "\n        \"eksport\",\n        \"Grønn omstilling\"\n      ]",
			`"content_html": "<p>Se <a href=\"https://example.org/drammen/om/\">`,
		}},
		{"home description from the site's params", RSS(page(t, m, "/")), []string{"<description>Nyheter fra byen</description>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				if !bytes.Contains(tt.data, []byte(w)) {
					t.Errorf("missing %s in\n%s", w, tt.data)
				}
			}
		})
	}
}

// TestFeedsStable builds the model twice and expects identical feeds: ids,
// order and bytes must not depend on map order or the clock.
func TestFeedsStable(t *testing.T) {
	a, b := Files(buildModel(t, fixture())), Files(buildModel(t, fixture()))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two builds", a[i].Path)
		}
	}
}

func TestFilesPaths(t *testing.T) {
	var got []string
	for _, f := range Files(buildModel(t, fixture())) {
		got = append(got, f.Path)
	}
	for _, want := range []string{
		"index.xml", "atom.xml", "feed.json",
		"historier/index.xml", "historier/atom.xml", "historier/feed.json",
		"tags/gronn-omstilling/feed.json", "sectors/eksport/atom.xml",
		"en/index.xml", "en/stories/feed.json", "en/tags/eksport/index.xml",
		"sitemap.xml", "sitemap-nb.xml", "sitemap-en.xml", "robots.txt",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s among %s", want, strings.Join(got, " "))
		}
	}
	for _, absent := range []string{"tags/index.xml", "404.xml"} {
		if slices.Contains(got, absent) {
			t.Errorf("%s written", absent)
		}
	}
}

func TestEmptyFeed(t *testing.T) {
	files := map[string]string{
		"works.toml":        "title = \"Tom\"\nbaseURL = \"https://example.org/\"\n",
		"content/om.md":     "---\ntitle: Om\n---\nIngen dato.\n",
		"content/_index.md": "---\ntitle: Tom\n---\n",
	}
	home := buildModel(t, files).Sites[0].Home
	for name, data := range map[string][]byte{"rss": RSS(home), "atom": Atom(home), "json": JSON(home)} {
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(feed.Items) != 0 {
			t.Errorf("%s: %d items, want none", name, len(feed.Items))
		}
	}
	if want := "<updated>1970-01-01T01:00:00+01:00</updated>"; !bytes.Contains(Atom(home), []byte(want)) {
		t.Errorf("empty Atom feed lacks %s", want)
	}
	if want := `"items": []`; !bytes.Contains(JSON(home), []byte(want)) {
		t.Errorf("empty JSON feed lacks %s", want)
	}
}

func TestAbsolute(t *testing.T) {
	base := "https://example.org/sub/historier/a/"
	tests := []struct {
		name, in, want string
	}{
		{"root-relative", `<a href="/sub/om/">`, `<a href="https://example.org/sub/om/">`},
		{"page-relative image", `<img src="bilde.svg" alt="">`, `<img src="https://example.org/sub/historier/a/bilde.svg" alt="">`},
		{"parent", `<a href="../b/">`, `<a href="https://example.org/sub/historier/b/">`},
		{"fragment", `<a href="#mal">`, `<a href="https://example.org/sub/historier/a/#mal">`},
		{"absolute kept", `<a href="https://other.example/x">`, `<a href="https://other.example/x">`},
		{"mailto kept", `<a href="mailto:a@b.no">`, `<a href="mailto:a@b.no">`},
		{"protocol-relative", `<a href="//cdn.example/x">`, `<a href="https://cdn.example/x">`},
		{"escaped query", `<a href="/s?a=1&amp;b=2">`, `<a href="https://example.org/s?a=1&amp;b=2">`},
		{"text: goldmark escapes its quotes", `<p>href=&quot;/x&quot;</p>`, `<p>href=&quot;/x&quot;</p>`},
		{"percent-encoded path", `<a href="/m%C3%B8te/">`, `<a href="https://example.org/m%C3%B8te/">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := absolute(tt.in, base); got != tt.want {
				t.Errorf("absolute(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestPublished(t *testing.T) {
	d := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	later := d.Add(48 * time.Hour)
	tests := []struct {
		name     string
		p        *site.Page
		pub, upd time.Time
	}{
		{"date", &site.Page{Date: d, Lastmod: d}, d, d},
		{"publish date only", &site.Page{PublishDate: d}, d, d},
		{"changed later", &site.Page{Date: d, Lastmod: later}, d, later},
		{"lastmod before date", &site.Page{Date: later, Lastmod: d}, later, later},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := published(tt.p); !got.Equal(tt.pub) {
				t.Errorf("published %v, want %v", got, tt.pub)
			}
			if got := updated(tt.p); !got.Equal(tt.upd) {
				t.Errorf("updated %v, want %v", got, tt.upd)
			}
		})
	}
}

// TestFullContent: with [feeds] content = "full" every format carries the
// page's whole text; without it, the summary.
func TestFullContent(t *testing.T) {
	for _, tt := range []struct {
		name string
		full bool
	}{{"summary by default", false}, {"full text", true}} {
		t.Run(tt.name, func(t *testing.T) {
			files := fixture()
			if tt.full {
				files["works.toml"] += "\n[feeds]\ncontent = \"full\"\n"
			}
			news := page(t, buildModel(t, files), "/nyheter/")
			for format, data := range map[string][]byte{"RSS": RSS(news), "Atom": Atom(news), "JSON": JSON(news)} {
				if got := bytes.Contains(data, []byte("Lang tekst.")); got != tt.full {
					t.Errorf("%s carries the whole text: %v, want %v\n%s", format, got, tt.full, data)
				}
				// Atom has a place for both; the others carry one text.
				if want := !tt.full || format == "Atom"; bytes.Contains(data, []byte("Kort om sommeren.")) != want {
					t.Errorf("%s carries the summary: %v, want %v\n%s", format, !want, want, data)
				}
			}
			if got := bytes.Contains(Atom(news), []byte(`<content type="html">`)); got != tt.full {
				t.Errorf("Atom has a content element: %v, want %v", got, tt.full)
			}
		})
	}
}
