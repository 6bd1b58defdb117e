package feed

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/output"
)

// xmllint returns the path of xmllint, skipping the test without it unless
// WORKS_E2E=1 asks for every check to run.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("WORKS_E2E") == "1" {
			t.Fatal("xmllint is missing (Debian: apt-get install libxml2-utils), and WORKS_E2E=1 requires it")
		}
		t.Skip("xmllint is missing; install libxml2-utils to validate sitemaps")
	}
	return p
}

// validate runs xmllint on data against a schema in testdata.
func validate(t *testing.T, lint, schema, name string, data []byte) error {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--nonet", "--schema", filepath.Join("testdata", schema), file).CombinedOutput()
	if err != nil {
		return &lintError{string(out)}
	}
	return nil
}

type lintError struct{ out string }

func (e *lintError) Error() string { return e.out }

// TestSitemapsValid checks every sitemap of the fixture against the
// sitemaps.org schemas, and that the schemas do catch a broken file.
func TestSitemapsValid(t *testing.T) {
	lint := xmllint(t)
	files := Sitemaps(buildModel(t, fixture()))
	if len(files) != 3 {
		t.Fatalf("%d sitemap files, want the index and two languages", len(files))
	}
	min := output.NewMinifier()
	for _, f := range files {
		minified, err := min.Minify(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			name string
			data []byte
		}{{f.Name, f.Data}, {f.Name + " minified", minified}} {
			t.Run(v.name, func(t *testing.T) {
				schema := "sitemap-xhtml.xsd"
				if f.Name == SitemapIndexName {
					schema = "siteindex.xsd"
				}
				if err := validate(t, lint, schema, f.Name, v.data); err != nil {
					t.Errorf("%s is not valid:\n%v\n%s", v.name, err, v.data)
				}
			})
		}
	}
	broken := []struct{ name, schema, data string }{
		{"date not W3C", "sitemap-xhtml.xsd", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/</loc><lastmod>27/11/2026</lastmod></url></urlset>`},
		{"alternate without hreflang", "sitemap-xhtml.xsd", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://example.org/</loc><xhtml:link rel="alternate" href="https://example.org/en/"/></url></urlset>`},
		{"unknown extension", "sitemap-xhtml.xsd", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:x="urn:x"><url><loc>https://example.org/</loc><x:y/></url></urlset>`},
		{"urlset as index", "siteindex.xsd", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/</loc></url></urlset>`},
	}
	for _, b := range broken {
		t.Run("refuses "+b.name, func(t *testing.T) {
			if err := validate(t, lint, b.schema, "broken.xml", []byte(b.data)); err == nil {
				t.Errorf("the schema accepted a broken sitemap:\n%s", b.data)
			}
		})
	}
}

// Decoding types with namespaces, to read back what Sitemaps wrote.
type readURLSet struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
		Links   []struct {
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

type readIndex struct {
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

func TestSitemapContent(t *testing.T) {
	files := Sitemaps(buildModel(t, fixture()))
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	var index readIndex
	if err := xml.Unmarshal(byName["sitemap.xml"], &index); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, s := range index.Sitemaps {
		locs = append(locs, s.Loc+" "+s.Lastmod)
	}
	wantIndex := []string{
		"https://example.org/drammen/sitemap-nb.xml 2026-11-26T00:00:00+01:00",
		"https://example.org/drammen/sitemap-en.xml 2026-11-03T00:00:00+01:00",
	}
	if !slices.Equal(locs, wantIndex) {
		t.Errorf("index lists\n%s\nwant\n%s", strings.Join(locs, "\n"), strings.Join(wantIndex, "\n"))
	}

	type entry struct{ lastmod, links string }
	read := func(name string) map[string]entry {
		var set readURLSet
		if err := xml.Unmarshal(byName[name], &set); err != nil {
			t.Fatal(err)
		}
		out := map[string]entry{}
		for _, u := range set.URLs {
			var links []string
			for _, l := range u.Links {
				links = append(links, l.Hreflang+"="+strings.TrimPrefix(l.Href, "https://example.org/drammen"))
			}
			out[strings.TrimPrefix(u.Loc, "https://example.org/drammen")] = entry{u.Lastmod, strings.Join(links, " ")}
		}
		return out
	}
	nb, en := read("sitemap-nb.xml"), read("sitemap-en.xml")
	tests := []struct {
		name    string
		urls    map[string]entry
		url     string
		lastmod string
		links   string
	}{
		{"home: newest of the language, translations", nb, "/", "2026-11-26T00:00:00+01:00", "nb=/ en=/en/ x-default=/"},
		{"section: its own lastmod is newest", nb, "/historier/", "2026-11-26T00:00:00+01:00", ""},
		{"later page of a list", nb, "/historier/side/2/", "2026-11-26T00:00:00+01:00", ""},
		{"last page of a list", nb, "/historier/side/3/", "2026-11-26T00:00:00+01:00", ""},
		{"page with lastmod", nb, "/historier/lenker/", "2026-11-02T10:00:00+01:00", "nb=/historier/lenker/ en=/en/stories/lenker/ x-default=/historier/lenker/"},
		{"page without a date", nb, "/om/", "", ""},
		{"term: newest of its pages", nb, "/tags/gronn-omstilling/", "2026-11-02T10:00:00+01:00", ""},
		{"taxonomy: newest of its terms", nb, "/tags/", "2026-11-03T00:00:00+01:00", "nb=/tags/ en=/en/tags/ x-default=/tags/"},
		{"section without _index: newest of its pages", nb, "/nyheter/", "2026-07-15T08:30:00+02:00", ""},
		{"a hidden page still changes its list", nb, "/tags/hemmelig/", "2026-11-03T00:00:00+01:00", ""},
		{"English page", en, "/en/stories/lenker/", "2026-06-01T00:00:00+02:00", "nb=/historier/lenker/ en=/en/stories/lenker/ x-default=/historier/lenker/"},
		{"translation of a hidden page has no alternates", en, "/en/stories/skjult/", "2026-11-03T00:00:00+01:00", ""},
		{"summer time", nb, "/nyheter/sommer/", "2026-07-15T08:30:00+02:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.urls[tt.url]
			if !ok {
				t.Fatalf("%s is not listed", tt.url)
			}
			if got.lastmod != tt.lastmod || got.links != tt.links {
				t.Errorf("%s: lastmod %q, alternates %q; want %q, %q", tt.url, got.lastmod, got.links, tt.lastmod, tt.links)
			}
		})
	}
	for _, absent := range []string{"/historier/skjult/", "/historier/utkast/", "/404.html", "/en/404.html"} {
		if _, ok := nb[absent]; ok {
			t.Errorf("%s is listed", absent)
		}
		if _, ok := en[absent]; ok {
			t.Errorf("%s is listed", absent)
		}
	}
	for url := range en {
		if !strings.HasPrefix(url, "/en/") {
			t.Errorf("the English sitemap lists %s", url)
		}
	}
}

// TestSitemapSplit checks that a language with more URLs than a sitemap may
// hold is split, and that the index names every part.
func TestSitemapSplit(t *testing.T) {
	m := buildModel(t, fixture())
	files := sitemaps(m, 10)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := []string{"sitemap.xml", "sitemap-nb.xml", "sitemap-nb-2.xml", "sitemap-nb-3.xml", "sitemap-nb-4.xml", "sitemap-en.xml"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}
	var index readIndex
	if err := xml.Unmarshal(files[0].Data, &index); err != nil {
		t.Fatal(err)
	}
	if len(index.Sitemaps) != len(want)-1 || index.Sitemaps[1].Loc != "https://example.org/drammen/sitemap-nb-2.xml" {
		t.Errorf("index does not list the parts:\n%s", files[0].Data)
	}
	total := 0
	for _, f := range files[1:] {
		var set readURLSet
		if err := xml.Unmarshal(f.Data, &set); err != nil {
			t.Fatal(err)
		}
		if len(set.URLs) > 10 || len(set.URLs) == 0 {
			t.Errorf("%s has %d URLs", f.Name, len(set.URLs))
		}
		total += len(set.URLs)
	}
	one := 0
	for _, f := range Sitemaps(m)[1:] {
		var set readURLSet
		if err := xml.Unmarshal(f.Data, &set); err != nil {
			t.Fatal(err)
		}
		one += len(set.URLs)
	}
	if total != one {
		t.Errorf("split sitemaps list %d URLs, unsplit %d", total, one)
	}
}

func TestRobots(t *testing.T) {
	tests := []struct {
		name, baseURL, want string
	}{
		{"absolute base URL", "https://example.org/drammen/", "User-agent: *\nAllow: /\n\nSitemap: https://example.org/drammen/sitemap.xml\n"},
		{"no host: no Sitemap line", "/", "User-agent: *\nAllow: /\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fixture()
			files["works.toml"] = strings.Replace(files["works.toml"], `baseURL = "https://example.org/drammen/"`, `baseURL = "`+tt.baseURL+`"`, 1)
			if got := string(Robots(buildModel(t, files))); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
