package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/drammen-works/works/internal/output"
)

// TestFeedsControlCharacters: characters XML forbids in a page's title,
// summary, text, authors and tags, or in its address, never reach a feed or
// a sitemap: every one stays well-formed, strictly parsed, and the text
// reads as written without them.
func TestFeedsControlCharacters(t *testing.T) {
	files := fixture()
	files["works.toml"] += "\n[feeds]\ncontent = \"full\"\n"
	files["content/nyheter/kontroll.md"] = "---\n" +
		"title: \"Sak\\v med\\0 tegn\\e fra Word\"\n" +
		"summary: \"Kort\\v om\\0 saken\\e.\"\n" +
		"date: 2026-11-20\n" +
		"authors: [\"Kari\\vNordmann\\e\"]\n" +
		"tags: [\"Grønn\\v omstilling\\0\"]\n" +
		"url: \"/nyheter/kontroll\\v/\"\n" +
		"---\n" +
		"Lang\v tekst\x1b med\x00 tegn.\n"
	m := buildModel(t, files)
	min := output.NewMinifier()
	checked := 0
	for _, f := range Files(m) {
		if !strings.HasSuffix(f.Path, ".xml") && !strings.HasSuffix(f.Path, ".json") {
			continue
		}
		minified, err := min.Minify(f.Path, f.Data)
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		for _, v := range []struct{ name, data string }{{f.Path, string(f.Data)}, {f.Path + " minified", string(minified)}} {
			if i := strings.IndexFunc(v.data, forbiddenInXML); i >= 0 {
				t.Errorf("%s holds %q at byte %d", v.name, v.data[i:i+1], i)
			}
			if !utf8.ValidString(v.data) {
				t.Errorf("%s holds invalid UTF-8", v.name)
			}
			if strings.HasSuffix(f.Path, ".json") {
				if !json.Valid([]byte(v.data)) {
					t.Errorf("%s is not valid JSON", v.name)
				}
			} else if err := strictXML(v.data); err != nil {
				t.Errorf("%s is not well-formed XML: %v", v.name, err)
			}
		}
		if !strings.Contains(f.Path, "sitemap") && (strings.HasSuffix(f.Path, "nyheter/"+RSSName) || strings.HasSuffix(f.Path, "nyheter/"+AtomName) || strings.HasSuffix(f.Path, "nyheter/"+JSONName)) {
			checked++
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(f.Data))
			if err != nil {
				t.Fatalf("%s: %v", f.Path, err)
			}
			it := feed.Items[0]
			if want := "Sak med tegn fra Word"; it.Title != want {
				t.Errorf("%s: title %q, want %q", f.Path, it.Title, want)
			}
			// In Markdown (the body, and a summary from front matter)
			// CommonMark turns U+0000 into U+FFFD, on the page as in the feed.
			if text, want := it.Description+it.Content, "Lang tekst med\uFFFD tegn."; !strings.Contains(text, want) {
				t.Errorf("%s: the text reads %q, want it to hold %q", f.Path, text, want)
			}
			if want := "Kort om\uFFFD saken."; strings.Contains(f.Path, AtomName) && !strings.Contains(it.Description, want) {
				t.Errorf("%s: summary %q, want %q", f.Path, it.Description, want)
			}
			if len(it.Authors) == 0 && !strings.HasSuffix(f.Path, RSSName) || len(it.Authors) > 0 && it.Authors[0].Name != "KariNordmann" {
				t.Errorf("%s: authors %+v, want KariNordmann", f.Path, it.Authors)
			}
			if len(it.Categories) == 0 || it.Categories[0] != "Grønn omstilling" {
				t.Errorf("%s: categories %q, want Grønn omstilling first", f.Path, it.Categories)
			}
			// An address keeps leading to the page: what XML forbids is
			// percent-encoded, as a browser would send it.
			if want := "https://example.org/drammen/nyheter/kontroll%0B/"; it.Link != want {
				t.Errorf("%s: link %q, want %q", f.Path, it.Link, want)
			}
		}
	}
	if checked != 3 {
		t.Errorf("read %d feeds of /nyheter/, want 3", checked)
	}
}

// strictXML reads a whole document with encoding/xml, which refuses
// characters outside XML's Char production, in text and in CDATA alike.
func strictXML(doc string) error {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// forbiddenInXML reports the characters outside XML 1.0's Char production.
func forbiddenInXML(r rune) bool {
	return !(r == '\t' || r == '\n' || r == '\r' || 0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF)
}

func TestXMLURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/a/", "https://example.org/a/"},
		{"https://example.org/a\v/", "https://example.org/a%0B/"},
		{"https://example.org/\uFFFF\xff/", "https://example.org/%EF%BF%BF%FF/"},
	}
	for _, tt := range tests {
		if got := xmlURL(tt.in); got != tt.want {
			t.Errorf("xmlURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"vanlig tekst", "vanlig tekst"},
		{"a\vb\fc\x00d\x1be\x7ff", "abcde\x7ff"}, // DEL is allowed in XML 1.0
		{"tab\tline\ncr\r", "tab\tline\ncr\r"},
		{"\uFFFE\uFFFFslutt", "slutt"},
		{"ende\xed\xa0\x80 surrogat", "ende surrogat"}, // a lone surrogate, as CESU-8 writes it
		{"ugyldig \xff byte", "ugyldig  byte"},
		{"Grønn 🌱 \uFFFD", "Grønn 🌱 \uFFFD"},
	}
	for _, tt := range tests {
		if got := xmlText(tt.in); got != tt.want {
			t.Errorf("xmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
