package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/golden"
)

// headPages are the pages whose heads TestHeadMetadata shows and checks:
// one of every kind, by the file the build writes.
var headPages = []struct {
	name, file string
	kind       string // home, story, news, page, list or 404: which rules apply
	lang       string
	translated bool // the page exists in both languages
}{
	{"home", "index.html", "home", "nb", true},
	{"home en", "en/index.html", "home", "en", true},
	{"story", "historier/bryggeriet/index.html", "story", "nb", true},
	{"story en", "en/stories/bryggeriet/index.html", "story", "en", true},
	{"news", "nyheter/2026/grunderiet/index.html", "news", "nb", false},
	{"project", "prosjekter/internasjonale-drammen/index.html", "page", "nb", false},
	{"section", "historier/index.html", "list", "nb", false},
	{"term", "tags/eksport/index.html", "list", "nb", false},
	{"404", "404.html", "404", "nb", false},
}

// worksFixture writes the fixture site with the works theme in place of its
// own small one, so that its pages get the theme's head: the theme's files
// from themes/works and the configuration switched to it, with a logo as
// the sample site has. The theme's screenshots are left out, and so is its
// schemas.toml: the fixture's pages are written for the fixture theme and
// lack fields the works theme asks of its content (goal, status, …).
func worksFixture(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	config := parseTxtar(t, string(src))["works.toml"]
	if !strings.Contains(config, `theme = "fixture"`) || !strings.Contains(config, "[brand]\n") {
		t.Fatalf(`the fixture's works.toml no longer has theme = "fixture" and [brand]; update worksFixture`)
	}
	config = strings.Replace(config, `theme = "fixture"`, `theme = "works"`, 1)
	config = strings.Replace(config, "[brand]\n", "[brand]\nlogo = \"images/logo.svg\"\n", 1)
	changes := map[string]string{"works.toml": config}
	theme := filepath.Join("..", "..", "themes", "works")
	err = filepath.WalkDir(theme, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(theme, p)
		switch {
		case d.IsDir() && rel == "screenshots":
			return filepath.SkipDir
		case d.IsDir() || rel == "schemas.toml":
			return nil
		}
		data, err := os.ReadFile(p)
		changes["themes/works/"+filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fixture(t, changes)
}

// TestHeadMetadata builds the fixture site with the works theme, minified
// as it ships, and writes what search engines, social sites and feed readers
// read in the head of one page of every kind to testdata/head.golden: the
// canonical URL, the description, hreflang and feed alternates, Open Graph
// and Twitter tags, and each JSON-LD block, pretty-printed. A block that
// does not parse as JSON fails the test. The rules the golden must keep are
// checked too, so that a wrong golden cannot hide a broken one.
func TestHeadMetadata(t *testing.T) {
	dir := worksFixture(t)
	if _, err := Run(context.Background(), Options{Source: dir, Now: now}); err != nil {
		t.Fatal(err)
	}
	const base = "https://example.org/"
	var b strings.Builder
	for _, hp := range headPages {
		t.Run(hp.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(hp.file)))
			if err != nil {
				t.Fatalf("the build wrote no %s: %v", hp.file, err)
			}
			h := readHead(t, data)
			fmt.Fprintf(&b, "-- %s (%s) --\n%s", hp.file, hp.name, h)
			checkHead(t, h, hp.kind, hp.lang, hp.translated, base+strings.TrimSuffix(hp.file, "index.html"))
		})
	}
	golden.Check(t, filepath.Join("testdata", "head.golden"), []byte(b.String()))
}

// head is what a page's head says about it.
type head struct {
	lang string
	tags []headTag // the meta and link tags that describe the page, in order
	ld   []ldBlock
}

// headTag is a meta tag (key is its name or property) or a link tag (key
// is "link rel"), with its attributes as written.
type headTag struct {
	key   string
	value string // content of a meta tag, href of a link
	attrs [][2]string
}

type ldBlock struct {
	typ    string
	data   map[string]any
	pretty string
}

var (
	headRE  = regexp.MustCompile(`(?is)<head[^>]*>(.*?)</head>`)
	htmlRE  = regexp.MustCompile(`(?i)<html\s[^>]*?lang="?([^"\s>]+)`)
	tagRE   = regexp.MustCompile(`(?is)<(meta|link)\s([^>]*?)/?>`)
	attrRE  = regexp.MustCompile(`(?s)([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?`)
	ldRE    = regexp.MustCompile(`(?is)<script\s+type="?application/ld\+json"?\s*>(.*?)</script>`)
	metaFor = regexp.MustCompile(`^(description|robots|og:.*|article:.*|twitter:.*)$`)
)

// readHead picks from a page the tags that describe it and its JSON-LD
// blocks; a block that does not parse fails the test.
func readHead(t *testing.T, page []byte) head {
	t.Helper()
	var h head
	if m := htmlRE.FindSubmatch(page); m != nil {
		h.lang = string(m[1])
	}
	m := headRE.FindSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no <head>")
	}
	for _, tm := range tagRE.FindAllSubmatch(m[1], -1) {
		attrs := map[string]string{}
		var list [][2]string
		for _, am := range attrRE.FindAllSubmatch(tm[2], -1) {
			v := html.UnescapeString(string(am[2]) + string(am[3]) + string(am[4]))
			attrs[strings.ToLower(string(am[1]))] = v
			list = append(list, [2]string{strings.ToLower(string(am[1])), v})
		}
		switch strings.ToLower(string(tm[1])) {
		case "meta":
			key := cmpOr(attrs["property"], attrs["name"])
			if metaFor.MatchString(key) {
				h.tags = append(h.tags, headTag{key: key, value: attrs["content"], attrs: list})
			}
		case "link":
			if rel := attrs["rel"]; rel == "canonical" || rel == "alternate" {
				h.tags = append(h.tags, headTag{key: "link " + rel, value: attrs["href"], attrs: list})
			}
		}
	}
	// JSON-LD may sit anywhere in the page (the breadcrumbs' beside the trail).
	for i, lm := range ldRE.FindAllSubmatch(page, -1) {
		var blk ldBlock
		if err := json.Unmarshal(lm[1], &blk.data); err != nil {
			t.Errorf("JSON-LD block %d does not parse: %v\n%s", i+1, err, lm[1])
			continue
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, bytes.TrimSpace(lm[1]), "", "  "); err != nil {
			t.Fatal(err) // it parsed above
		}
		blk.typ, _ = blk.data["@type"].(string)
		blk.pretty = pretty.String()
		h.ld = append(h.ld, blk)
	}
	return h
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// String writes the head for the golden file: a line a tag, then the
// JSON-LD blocks.
func (h head) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lang %s\n", h.lang)
	for _, tg := range h.tags {
		if strings.HasPrefix(tg.key, "link ") {
			b.WriteString(tg.key)
			for _, a := range tg.attrs {
				if a[0] != "rel" && a[0] != "href" {
					fmt.Fprintf(&b, " %s=%q", a[0], a[1])
				}
			}
			fmt.Fprintf(&b, " %s\n", tg.value)
			continue
		}
		fmt.Fprintf(&b, "%s %q\n", tg.key, tg.value)
	}
	for _, blk := range h.ld {
		fmt.Fprintf(&b, "json-ld %s\n%s\n", blk.typ, blk.pretty)
	}
	return b.String()
}

func (h head) all(key string) []string {
	var out []string
	for _, tg := range h.tags {
		if tg.key == key {
			out = append(out, tg.value)
		}
	}
	return out
}

func (h head) one(key string) string {
	if v := h.all(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// link returns the href of the link with rel=alternate and the attribute
// name=value.
func (h head) link(name, value string) string {
	for _, tg := range h.tags {
		if tg.key == "link alternate" && slices.Contains(tg.attrs, [2]string{name, value}) {
			return tg.value
		}
	}
	return ""
}

// checkHead checks the rules of the issue on one page's head: JSON-LD
// types by kind of page (Organization and WebSite on the home page,
// NewsArticle on news, Article on stories with their required members,
// BreadcrumbList below home), canonical and Open Graph URLs, og:locale,
// hreflang alternates with x-default, and the feeds.
func checkHead(t *testing.T, h head, kind, lang string, translated bool, url string) {
	t.Helper()
	if h.lang != lang {
		t.Errorf("<html lang=%q>, want %q", h.lang, lang)
	}
	types := map[string]map[string]any{}
	var got []string
	for _, blk := range h.ld {
		if blk.data["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD %s has @context %v, want https://schema.org", blk.typ, blk.data["@context"])
		}
		if types[blk.typ] != nil {
			t.Errorf("two JSON-LD blocks of @type %q", blk.typ)
		}
		types[blk.typ] = blk.data
		got = append(got, blk.typ)
	}
	slices.Sort(got)

	if kind == "404" {
		if len(h.ld) > 0 || h.one("link canonical") != "" || h.one("og:url") != "" {
			t.Errorf("the 404 page has JSON-LD, a canonical URL or Open Graph: %q", got)
		}
		if h.one("robots") != "noindex" {
			t.Errorf("the 404 page has robots %q, want noindex", h.one("robots"))
		}
		return
	}

	want := map[string][]string{
		"home":  {"Organization", "WebSite"},
		"story": {"Article", "BreadcrumbList"},
		"news":  {"BreadcrumbList", "NewsArticle"},
	}[kind]
	if want == nil {
		want = []string{"BreadcrumbList"}
	}
	if !slices.Equal(got, want) {
		t.Errorf("JSON-LD types %q, want %q", got, want)
	}

	// Canonical, description, Open Graph, Twitter.
	if c := h.one("link canonical"); c != url {
		t.Errorf("canonical is %q, want %q", c, url)
	}
	if h.one("og:url") != url {
		t.Errorf("og:url is %q, want the canonical %q", h.one("og:url"), url)
	}
	for _, key := range []string{"description", "og:title", "og:description", "og:type", "og:site_name", "og:image", "og:image:alt", "twitter:card"} {
		if h.one(key) == "" {
			t.Errorf("the head has no %s", key)
		}
	}
	if want := map[string]string{"nb": "nb_NO", "en": "en_GB"}[lang]; h.one("og:locale") != want {
		t.Errorf("og:locale is %q, want %q", h.one("og:locale"), want)
	}
	if !strings.HasPrefix(h.one("og:image"), "https://example.org/") {
		t.Errorf("og:image %q is not an absolute URL of the site", h.one("og:image"))
	}
	article := kind == "story" || kind == "news" || kind == "page"
	if want := map[bool]string{true: "article", false: "website"}[article]; h.one("og:type") != want {
		t.Errorf("og:type is %q, want %q", h.one("og:type"), want)
	}

	// hreflang: every language version and x-default, the Norwegian one.
	if translated {
		other := map[string]string{"nb": "en", "en": "nb"}[lang]
		if h.link("hreflang", lang) != url {
			t.Errorf("hreflang=%s is %q, want the page itself, %s", lang, h.link("hreflang", lang), url)
		}
		if h.link("hreflang", other) == "" {
			t.Errorf("no hreflang=%s link to the translation", other)
		}
		if def := h.link("hreflang", "x-default"); def == "" || def != h.link("hreflang", "nb") {
			t.Errorf("hreflang=x-default is %q, want the nb version %q", def, h.link("hreflang", "nb"))
		}
		if len(h.all("og:locale:alternate")) != 1 {
			t.Errorf("og:locale:alternate %q, want the other language's", h.all("og:locale:alternate"))
		}
	} else if len(h.all("og:locale:alternate")) != 0 {
		t.Errorf("og:locale:alternate %q on a page without translations", h.all("og:locale:alternate"))
	}

	// Feeds: RSS, Atom and JSON Feed, each with a title.
	for _, typ := range []string{"application/rss+xml", "application/atom+xml", "application/feed+json"} {
		if h.link("type", typ) == "" {
			t.Errorf("the head links no %s feed", typ)
		}
	}

	str := func(m map[string]any, key string) string { s, _ := m[key].(string); return s }
	obj := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	if o := types["Organization"]; o != nil {
		for _, k := range []string{"@id", "name", "url"} {
			if str(o, k) == "" {
				t.Errorf("Organization has no %q", k)
			}
		}
		if !strings.HasPrefix(str(obj(o["logo"]), "url"), "https://example.org/") {
			t.Errorf("Organization has no absolute logo URL: %v", o["logo"])
		}
		if w := types["WebSite"]; w != nil && str(obj(w["publisher"]), "@id") != str(o, "@id") {
			t.Errorf("WebSite's publisher %v is not the Organization %q", w["publisher"], str(o, "@id"))
		}
	}
	for _, typ := range []string{"Article", "NewsArticle"} {
		a := types[typ]
		if a == nil {
			continue
		}
		for _, k := range []string{"headline", "datePublished", "dateModified", "author", "image", "publisher", "mainEntityOfPage"} {
			if v, ok := a[k]; !ok || v == "" || v == nil {
				t.Errorf("%s has no %q", typ, k)
			}
		}
		for _, k := range []string{"datePublished", "dateModified"} {
			if _, err := time.Parse(time.RFC3339, str(a, k)); err != nil {
				t.Errorf("%s %s %q is not RFC 3339 with a time zone", typ, k, str(a, k))
			}
		}
		if authors, _ := a["author"].([]any); len(authors) == 0 || str(obj(authors[0]), "name") == "" {
			t.Errorf("%s has no named author: %v", typ, a["author"])
		}
		if images, _ := a["image"].([]any); len(images) == 0 {
			t.Errorf("%s has no image list: %v", typ, a["image"])
		}
		if p := obj(a["publisher"]); str(p, "@type") != "Organization" || str(p, "name") == "" {
			t.Errorf("%s publisher is not an Organization with a name: %v", typ, p)
		}
		if str(obj(a["mainEntityOfPage"]), "@id") != url {
			t.Errorf("%s mainEntityOfPage is %v, want %s", typ, a["mainEntityOfPage"], url)
		}
	}
	if bl := types["BreadcrumbList"]; bl != nil {
		items, _ := bl["itemListElement"].([]any)
		if len(items) < 2 {
			t.Errorf("BreadcrumbList has %d items, want home and the page at least", len(items))
		}
		for i, it := range items {
			o := obj(it)
			if pos, _ := o["position"].(float64); int(pos) != i+1 || str(o, "@type") != "ListItem" || str(o, "name") == "" {
				t.Errorf("BreadcrumbList item %d is %v", i+1, o)
			}
		}
		if len(items) > 0 {
			home := map[string]string{"nb": "https://example.org/", "en": "https://example.org/en/"}[lang]
			if first := str(obj(items[0]), "item"); first != home {
				t.Errorf("BreadcrumbList starts at %q, want the home page %q", first, home)
			}
			if last := str(obj(items[len(items)-1]), "item"); last != url {
				t.Errorf("BreadcrumbList ends at %q, want the page %q", last, url)
			}
		}
	}
}
