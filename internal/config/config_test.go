package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// equalConfig reports each field of got that differs from want. Locations
// are compared by name: two loads of one zone are equal but not identical.
func equalConfig(t *testing.T, got, want *Config) {
	t.Helper()
	if got == nil || want == nil {
		if got != want {
			t.Fatalf("got %v, want %v", got, want)
		}
		return
	}
	if got.Location == nil || got.Location.String() != want.Location.String() {
		t.Errorf("Location = %v, want %v", got.Location, want.Location)
	}
	g, w := *got, *want
	g.Location, w.Location = nil, nil
	gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("%s:\n got %s\nwant %s", gv.Type().Field(i).Name, dump(gv.Field(i).Interface()), dump(wv.Field(i).Interface()))
		}
	}
}

// dump prints a field with pointers followed, so a diff shows values, not
// addresses. fmt sorts map keys, so the output is stable.
func dump(v any) string {
	switch v := v.(type) {
	case map[string]*Language:
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(v)) {
			parts = append(parts, fmt.Sprintf("%s:%+v", k, *v[k]))
		}
		return "map[" + strings.Join(parts, " ") + "]"
	case Brand:
		if v.DarkColors != nil {
			return fmt.Sprintf("%+v DarkColors:%+v", v, *v.DarkColors)
		}
	}
	return fmt.Sprintf("%+v", v)
}

func TestDefault(t *testing.T) {
	c := Default()
	want := &Config{
		BaseURL:         "/",
		DefaultLanguage: "nb",
		TimeZone:        "Europe/Oslo",
		Location:        mustLocation(t, "Europe/Oslo"),
		Theme:           "works",
		Languages: map[string]*Language{
			"nb": {Code: "nb", Name: "Norsk (bokmål)", Weight: 1, Sections: map[string]string{}, Params: map[string]any{}},
		},
		Menus:      map[string]map[string][]MenuItem{},
		Params:     map[string]any{},
		Pagination: Pagination{PagerSize: 10},
		Permalinks: map[string]string{},
		Taxonomies: map[string]string{"tag": "tags", "sector": "sectors"},
		Markup:     Markup{Typographer: true},
	}
	equalConfig(t, c, want)

	// Each call is a fresh value: changing one must not change the next.
	c.Languages["en"] = &Language{Code: "en"}
	c.Taxonomies["x"] = "xs"
	equalConfig(t, Default(), want)
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want *Config
	}{
		{"missing file", fstest.MapFS{}, Default()},
		{"missing file beside content", fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: Hjem\n---\n")}}, Default()},
		{"empty file", fstest.MapFS{"works.toml": {Data: nil}}, Default()},
		{"only comments and blank lines", fstest.MapFS{"works.toml": {Data: []byte("# Drammen Works\n\n   \n# end\n")}}, Default()},
		{"only a byte order mark", fstest.MapFS{"works.toml": {Data: []byte("\uFEFF")}}, Default()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(tt.fsys)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			equalConfig(t, got, tt.want)
		})
	}

	t.Run("full example from a folder", func(t *testing.T) {
		got, err := Load(os.DirFS("testdata/full"))
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		equalConfig(t, got, fullConfig(t))
	})

	t.Run("works.toml is a folder", func(t *testing.T) {
		_, err := Load(fstest.MapFS{"works.toml/x": {Data: []byte("x")}})
		const want = "works.toml: the settings file cannot be read ("
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("Load = %v, want an error starting with %q", err, want)
		}
	})

	t.Run("errors carry the file name", func(t *testing.T) {
		_, err := Load(fstest.MapFS{"works.toml": {Data: []byte("title = 5\n")}})
		const want = `works.toml:1:9: "title" must be text, not the number 5 (put the text in quotes, like title = "…")`
		if err == nil || err.Error() != want {
			t.Fatalf("Load = %v, want %s", err, want)
		}
	})
}

// fullConfig is what testdata/full/works.toml says.
func fullConfig(t *testing.T) *Config {
	return &Config{
		Title:           "Drammen Works",
		BaseURL:         "https://drammen.works/nyheter/",
		DefaultLanguage: "nb",
		TimeZone:        "Arctic/Longyearbyen",
		Location:        mustLocation(t, "Arctic/Longyearbyen"),
		Theme:           "works-dark",
		Languages: map[string]*Language{
			"nb": {Code: "nb", Name: "Norsk (bokmål)", Title: "Drammen Works", Weight: 1,
				Sections: map[string]string{}, Params: map[string]any{}},
			"en": {Code: "en", Name: "English", Title: "Drammen Works (English)", Weight: 2,
				Sections: map[string]string{"historier": "stories", "prosjekter": "projects"},
				Params: map[string]any{
					"description": "Business stories from Drammen",
					"social":      map[string]any{"linkedin": "drammen-works"},
				}},
			"se": {Code: "se", Name: "se", Title: "Drammen Works", Weight: 3,
				Sections: map[string]string{}, Params: map[string]any{}},
		},
		Brand: Brand{
			Name: "Drammen Works", City: "Drammen", Tagline: "Her skapes det arbeid", Logo: "images/logo.svg",
			Colors:     Palette{Primary: "#0b4f6c", Accent: "#B4441C", Text: "#111", Surface: "#faf8f5"},
			DarkColors: &Palette{Primary: "#7cc4e4", Accent: "#f2a541", Text: "#e8eef1", Surface: "#0f1a20"},
		},
		Menus: map[string]map[string][]MenuItem{
			"nb": {
				"main": {
					{Name: "Historier", URL: "/historier/", Weight: 1},
					{Name: "Nyheter", URL: "/nyheter/", Weight: 1},
					{Name: "Om oss", PageRef: "om.md", Weight: 4, Identifier: "om"},
				},
				"footer": {{Name: "Personvern", URL: "https://drammen.works/personvern/"}},
			},
			"en": {"main": {{Name: "Stories", PageRef: "historier"}}},
		},
		Params: map[string]any{
			"contactEmail": "post@drammen.works",
			"figures":      []any{int64(950), int64(1847)},
			"ratio":        4.5,
			"showSearch":   true,
			"launched":     toml.LocalDate{Year: 2026, Month: 11, Day: 27},
			"social":       map[string]any{"linkedin": "drammen-works"},
		},
		Pagination: Pagination{PagerSize: 5},
		Permalinks: map[string]string{
			"historier": "/:section/:slug/",
			"nyheter":   "/:section/:year/:month/:day/:title/",
			"sider":     "/:filename/",
		},
		Taxonomies: map[string]string{"tag": "tags", "emne": "emner"},
		Markup:     Markup{Unsafe: true, Typographer: false},
	}
}

func readFull(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile("testdata/full/works.toml")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func TestParseFull(t *testing.T) {
	src := readFull(t)
	crlf := []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))
	tests := []struct {
		name string
		src  []byte
	}{
		{"as written", src},
		{"byte order mark", append([]byte("\uFEFF"), src...)},
		{"CRLF line endings", crlf},
		{"byte order mark and CRLF", append([]byte("\uFEFF"), crlf...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("works.toml", tt.src)
			if err != nil {
				t.Fatalf("Parse:\n%v", err)
			}
			equalConfig(t, got, fullConfig(t))
		})
	}
}

func TestParseDefaultsFilledIn(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, c *Config)
	}{
		{"language title falls back to site title", "title = \"Drammen Works\"\n", func(t *testing.T, c *Config) {
			if got := c.Languages["nb"].Title; got != "Drammen Works" {
				t.Errorf("Languages[nb].Title = %q, want %q", got, "Drammen Works")
			}
		}},
		{"language name falls back to its code", "[languages.nb]\n", func(t *testing.T, c *Config) {
			if got := c.Languages["nb"].Name; got != "nb" {
				t.Errorf("Languages[nb].Name = %q, want %q", got, "nb")
			}
		}},
		{"baseURL gets a trailing slash", "baseURL = \"https://drammen.works\"\n", func(t *testing.T, c *Config) {
			if c.BaseURL != "https://drammen.works/" {
				t.Errorf("BaseURL = %q, want %q", c.BaseURL, "https://drammen.works/")
			}
		}},
		{"http is allowed", "baseURL = \"http://localhost:1313/\"\n", func(t *testing.T, c *Config) {
			if c.BaseURL != "http://localhost:1313/" {
				t.Errorf("BaseURL = %q", c.BaseURL)
			}
		}},
		{"markup keeps defaults for keys not written", "[markup]\nunsafe = true\n", func(t *testing.T, c *Config) {
			if c.Markup != (Markup{Unsafe: true, Typographer: true}) {
				t.Errorf("Markup = %+v", c.Markup)
			}
		}},
		{"an empty [taxonomies] removes the defaults", "[taxonomies]\n", func(t *testing.T, c *Config) {
			if len(c.Taxonomies) != 0 {
				t.Errorf("Taxonomies = %v, want none", c.Taxonomies)
			}
		}},
		{"UTC is a time zone", "timeZone = \"UTC\"\n", func(t *testing.T, c *Config) {
			if c.Location.String() != "UTC" {
				t.Errorf("Location = %v", c.Location)
			}
		}},
		{"params keep any key and shape", "[params]\nbaseUrl = 1\n[params.a.b]\nc = [{d = 1}]\n[languages.nb.params.x]\nyaml = true\n", func(t *testing.T, c *Config) {
			if _, ok := c.Params["baseUrl"]; !ok {
				t.Errorf("Params = %v, want baseUrl kept", c.Params)
			}
			if _, ok := c.Languages["nb"].Params["x"]; !ok {
				t.Errorf("Languages[nb].Params = %v, want x kept", c.Languages["nb"].Params)
			}
		}},
		{"menus as inline tables and dotted keys", "menus.nb.main = [{name = \"B\", url = \"/b/\"}, {name = \"A\", url = \"/a/\"}]\n", func(t *testing.T, c *Config) {
			want := []MenuItem{{Name: "A", URL: "/a/"}, {Name: "B", URL: "/b/"}}
			if got := c.Menus["nb"]["main"]; !reflect.DeepEqual(got, want) {
				t.Errorf("Menus[nb][main] = %+v, want %+v", got, want)
			}
		}},
		{"menu items with equal weight and name keep the file's order", "[[menus.nb.main]]\nname = \"A\"\nurl = \"/1/\"\n[[menus.nb.main]]\nname = \"A\"\nurl = \"/2/\"\n[[menus.nb.main]]\nname = \"A\"\nurl = \"/0/\"\nweight = -1\n", func(t *testing.T, c *Config) {
			var urls []string
			for _, it := range c.Menus["nb"]["main"] {
				urls = append(urls, it.URL)
			}
			if got := strings.Join(urls, " "); got != "/0/ /1/ /2/" {
				t.Errorf("menu order = %s, want /0/ /1/ /2/", got)
			}
		}},
		{"language tags with region and script", "defaultLanguage = \"nb-NO\"\n[languages.nb-NO]\n[languages.zh-Hant-TW]\n[languages.es-419]\n", func(t *testing.T, c *Config) {
			if got := strings.Join(c.LanguageCodes(), " "); got != "nb-NO es-419 zh-Hant-TW" {
				t.Errorf("LanguageCodes = %s", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("works.toml", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse:\n%v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // err.Error(): one diagnostic a line, sorted
	}{
		// Syntax: the character to change, in plain words.
		{
			"text without quotes",
			"title = Drammen Works\n",
			`works.toml:1:9: this line is not valid TOML: this value is not text in quotes, a number, a date, true or false (put text in "double quotes", like title = "Drammen Works")`,
		},
		{
			"unterminated string after a multi-byte letter",
			"title = \"Drammen\"\ntagline = \"Vår by\n",
			`works.toml:2:11: this line is not valid TOML: the text that starts here with " is never closed (end it with " on the same line, like tagline = "Vår by")`,
		},
		{
			"key written twice",
			"title = \"a\"\ntitle = \"b\"\n",
			`works.toml:2:1: this line is not valid TOML: "title" is given twice (first on line 1) (keep only one of them)`,
		},
		{
			"table written twice",
			"[brand]\nname = \"Works\"\n\n[brand]\ncity = \"Drammen\"\n",
			`works.toml:4:2: this line is not valid TOML: the table [brand] is given twice (first on line 1) (put all of its settings under one [brand])`,
		},
		{
			"unclosed table header",
			"[brand\nname = \"x\"\n",
			`works.toml:1:7: this line is not valid TOML: the table name in [ ] is not closed (end the line with ], like [brand])`,
		},
		{
			"unclosed list",
			"[privacy]\nallowHosts = [\"a.no\", \"b.no\"\n\n[feeds]\n",
			`works.toml:2:14: this line is not valid TOML: the list that starts here with [ is never closed (end it with ], like tags = ["industri", "mat"])`,
		},
		{
			"colon instead of equals",
			"title: \"Drammen Works\"\n",
			`works.toml:1:6: this line is not valid TOML: TOML writes = between a key and its value, not : (write title = "Drammen Works")`,
		},
		{
			"no value after equals, with CRLF",
			"title = \"x\"\r\ntheme =\r\n",
			`works.toml:2:8: this line is not valid TOML: "theme" has no value after = (write its value after =, like theme = "…")`,
		},

		// Encodings: the file is not text works can read.
		{
			"UTF-16 with a byte order mark",
			"\xff\xfet\x00i\x00t\x00l\x00e\x00 \x00=\x00 \x00\"\x00x\x00\"\x00\n\x00",
			`works.toml: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`,
		},
		{
			"UTF-16 big-endian without one",
			"\x00t\x00i\x00t\x00l\x00e\x00 \x00=\x00 \x00\"\x00x\x00\"\x00\n",
			`works.toml: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`,
		},
		{
			"Windows-1252",
			"title = \"Drammen\"\n[brand]\ntagline = \"V\xe5r by\"\n",
			`works.toml:3:13: the file is saved as Windows-1252 or Latin-1, not UTF-8: this "å" is the first letter that is not UTF-8 (` + saveAsUTF8 + `)`,
		},

		// Unknown keys.
		{
			"unknown key with a near miss",
			"title = \"x\"\nbaseUrl = \"https://drammen.works/\"\n",
			`works.toml:2:1: unknown key "baseUrl" (did you mean "baseURL"?)`,
		},
		{
			"feeds content not summary or full",
			"[feeds]\ncontent = \"alt\"\n",
			`works.toml:2:11: "feeds.content" must be "summary" or "full" (got alt) (write content = "summary" for the summary of each page, or content = "full" for its whole text)`,
		},
		{
			"unknown key in feeds",
			"[feeds]\nitems = 10\n",
			`works.toml:2:1: unknown key "feeds.items" (the keys allowed here are: content)`,
		},
		{
			"image quality out of range",
			"[images]\nquality = 0\n",
			`works.toml:2:11: "images.quality" must be a whole number from 1 to 100 (got 0) (write a whole number from 1 to 100, like quality = 80; higher is sharper and larger)`,
		},
		{
			"unknown top-level key",
			"contactEmail = \"post@drammen.works\"\n",
			`works.toml:1:1: unknown key "contactEmail" (remove it, or put your own settings under [params])`,
		},
		{
			"key that belongs in a table",
			"title = \"x\"\npagerSize = 10\n",
			`works.toml:2:1: unknown key "pagerSize" (it belongs in the [pagination] table: move it below a [pagination] line)`,
		},
		{
			"unknown table in a header",
			"[brand.colours]\nprimary = \"#0b5394\"\n",
			`works.toml:1:8: unknown key "brand.colours" (did you mean "brand.colors"?)`,
		},
		{
			"unknown key in a language",
			"[languages.nb]\nnavn = \"Norsk\"\n",
			`works.toml:2:1: unknown key "languages.nb.navn" (the keys allowed here are: name, title, weight, sections, params)`,
		},
		{
			"unknown key in a menu item",
			"[[menus.nb.main]]\nname = \"Historier\"\nurl = \"/historier/\"\n\n[[menus.nb.main]]\nname = \"Om\"\nURL = \"/om/\"\n",
			"works.toml:5:1: menu item \"Om\" in \"menus.nb.main\" has neither url nor pageRef (add url = \"/historier/\" for an address, or pageRef = \"historier\" for a page or section)\n" +
				`works.toml:7:1: unknown key "menus.nb.main.URL" (did you mean "menus.nb.main.url"?)`,
		},
		{
			"unknown key in a dotted key",
			"pagination.pagersize = 10\n",
			`works.toml:1:12: unknown key "pagination.pagersize" (did you mean "pagination.pagerSize"?)`,
		},
		{
			"unknown key in an inline table",
			"markup = { unsafe = false, smart = true }\n",
			`works.toml:1:28: unknown key "markup.smart" (the keys allowed here are: unsafe, typographer)`,
		},

		// Wrong types.
		{
			"pagerSize as text",
			"[pagination]\npagerSize = \"ten\"\n",
			`works.toml:2:13: "pagination.pagerSize" must be a whole number, not the text "ten" (write the number without quotes, like pagerSize = 10)`,
		},
		{
			"weight as a decimal",
			"[languages.nb]\nweight = 1.5\n",
			`works.toml:2:10: "languages.nb.weight" must be a whole number, not the number 1.5 (write a whole number, like weight = 10)`,
		},
		{
			"title as a date",
			"title = 2026-11-27\n",
			`works.toml:1:9: "title" must be text, not a date or time (put the text in quotes, like title = "…")`,
		},
		{
			"markup flag as text",
			"[markup]\nunsafe = \"yes\"\n",
			`works.toml:2:10: "markup.unsafe" must be true or false, not the text "yes" (write unsafe = true or unsafe = false, without quotes)`,
		},
		{
			"table as a value",
			"brand = \"Drammen Works\"\n",
			`works.toml:1:9: "brand" must be a table, not the text "Drammen Works" (write [brand] on a line of its own, with its keys on the lines below)`,
		},
		{
			"params as a list",
			"params = [1, 2]\n",
			`works.toml:1:10: "params" must be a table, not a list (write [params] on a line of its own, with its keys on the lines below)`,
		},
		{
			"menu as a single table",
			"[menus.nb.main]\nname = \"Historier\"\nurl = \"/historier/\"\n",
			`works.toml:1:1: "menus.nb.main" must be a list of menu items, not a table (write each item as [[menus.nb.main]], with double brackets, followed by its name, url and weight)`,
		},
		{
			"menu item as text",
			"menus.nb.main = [\"Historier\"]\n",
			`works.toml:1:18: each item of "menus.nb.main" must be a table with a name and a url, not the text "Historier" (write each item as [[menus.nb.main]], with double brackets, followed by its name, url and weight)`,
		},

		// Values.
		{
			"pagerSize zero",
			"[pagination]\npagerSize = 0\n",
			`works.toml:2:13: "pagination.pagerSize" must be 1 or more (got 0) (it is how many items a list page shows, like pagerSize = 10)`,
		},
		{
			"unknown time zone",
			"timeZone = \"Europe/Olso\"\n",
			`works.toml:1:12: unknown time zone "Europe/Olso" (use a name from the time zone database, like timeZone = "Europe/Oslo")`,
		},
		{
			"machine-dependent time zone",
			"timeZone = \"Local\"\n",
			`works.toml:1:12: "timeZone" must name a place, not "Local" (use a name from the time zone database, like timeZone = "Europe/Oslo")`,
		},
		{
			"defaultLanguage not among the languages",
			"defaultLanguage = \"en\"\n[languages.nb]\nname = \"Norsk (bokmål)\"\n",
			`works.toml:1:19: defaultLanguage "en" is not one of the site's languages (add a [languages.en] table, or use one of: nb)`,
		},
		{
			"languages without the default language",
			"title = \"Drammen Works\"\n\n[languages.en]\nname = \"English\"\n",
			`works.toml:3:2: [languages] has no entry for the default language "nb" (add a [languages.nb] table, or set defaultLanguage to one of: en)`,
		},
		{
			"baseURL without a scheme",
			"baseURL = \"drammen.works\"\n",
			`works.toml:1:11: "baseURL" must be a web address starting with https:// or http:// (got "drammen.works") (write the full address of the published site, like baseURL = "https://drammen.works/", or "/")`,
		},
		{
			"baseURL with another scheme",
			"baseURL = \"ftp://drammen.works/\"\n",
			`works.toml:1:11: "baseURL" must be a web address starting with https:// or http:// (got "ftp://drammen.works/") (write the full address of the published site, like baseURL = "https://drammen.works/", or "/")`,
		},
		{
			"baseURL without a host",
			"baseURL = \"https:///x\"\n",
			`works.toml:1:11: "baseURL" must be a web address starting with https:// or http:// (got "https:///x") (write the full address of the published site, like baseURL = "https://drammen.works/", or "/")`,
		},
		{
			"baseURL as a relative path",
			"baseURL = \"/drammen/\"\n",
			`works.toml:1:11: "baseURL" must be a web address starting with https:// or http:// (got "/drammen/") (write the full address of the published site, like baseURL = "https://drammen.works/", or "/")`,
		},
		{
			"language code that is a name",
			"[languages.nb]\n[languages.Norsk]\nname = \"Norsk\"\n",
			`works.toml:2:12: "Norsk" is not a language code (use a short language code like nb, nn, en or se, as in [languages.nb])`,
		},
		{
			"language code with an underscore",
			"[languages.nb]\n[languages.nb_NO]\n",
			`works.toml:2:12: "nb_NO" is not a language code (use a short language code like nb, nn, en or se, as in [languages.nb])`,
		},
		{
			"permalink token misspelt",
			"[permalinks]\nnyheter = \"/:section/:yaer/:slug/\"\n",
			`works.toml:2:22: the permalink for "nyheter" has an unknown part ":yaer" (did you mean ":year"?)`,
		},
		{
			"permalink token unknown",
			"[permalinks]\nhistorier = \"/:section/:author/:slug/\"\n",
			`works.toml:2:24: the permalink for "historier" has an unknown part ":author" (use :section, :slug, :year, :month, :day, :title or :filename)`,
		},
		{
			"permalink empty",
			"[permalinks]\nhistorier = \"\"\n",
			`works.toml:2:13: the permalink for "historier" is empty (write a pattern, like historier = "/:section/:slug/")`,
		},
		{
			"colour by name",
			"[brand.colors]\nprimary = \"blue\"\n",
			`works.toml:2:11: "brand.colors.primary" must be a colour like "#0b5394" (got "blue") (write # and 3 or 6 hex digits, like "#0b5394")`,
		},
		{
			"colour with five digits in the dark palette",
			"[brand.dark]\nsurface = \"#0f1a2\"\n",
			`works.toml:2:11: "brand.dark.surface" must be a colour like "#0b5394" (got "#0f1a2") (write # and 3 or 6 hex digits, like "#0b5394")`,
		},
		{
			"colour that is not hex",
			"brand.colors.text = \"#ggg\"\n",
			`works.toml:1:21: "brand.colors.text" must be a colour like "#0b5394" (got "#ggg") (write # and 3 or 6 hex digits, like "#0b5394")`,
		},
		{
			"menu item with neither url nor pageRef",
			"[[menus.nb.main]]\nname = \"Historier\"\nurl = \"/historier/\"\n\n[[menus.nb.main]]\nname = \"Nyheter\"\nweight = 2\n",
			`works.toml:5:1: menu item "Nyheter" in "menus.nb.main" has neither url nor pageRef (add url = "/historier/" for an address, or pageRef = "historier" for a page or section)`,
		},
		{
			"menu item with both url and pageRef",
			"[[menus.nb.footer]]\nname = \"Om oss\"\nurl = \"/om/\"\npageRef = \"om.md\"\n",
			`works.toml:1:1: menu item "Om oss" in "menus.nb.footer" has both url and pageRef (keep one of them: url for an address, pageRef for a page or section)`,
		},
		{
			"menus for a language the site does not have",
			"[[menus.en.main]]\nname = \"Stories\"\nurl = \"/en/stories/\"\n",
			`works.toml:1:9: menus for "en", which is not one of the site's languages (write menus per language, like [[menus.nb.main]]; the site's languages are: nb)`,
		},
		{
			"translated section with capitals",
			"[languages.nb]\n[languages.en.sections]\nhistorier = \"Stories\"\n",
			`works.toml:3:13: "languages.en.sections.historier" must be a simple web address part (got "Stories") (use lower-case letters, digits and hyphens, like "stories")`,
		},
		{
			"taxonomy plural with a space",
			"[taxonomies]\nsector = \"Næring og bransje\"\n",
			`works.toml:2:10: "taxonomies.sector" must be a simple web address part (got "Næring og bransje") (use lower-case letters, digits and hyphens, like "naering-og-bransje")`,
		},
		{
			"logo that is not an SVG",
			"[brand]\nlogo = \"images/logo.png\"\n",
			`works.toml:2:8: "brand.logo" must be the path of an SVG file (got "images/logo.png") (give the path of an SVG file under static/ or assets/, like logo = "images/logo.svg")`,
		},
		{
			"theme outside themes/",
			"theme = \"../works\"\n",
			`works.toml:1:9: "theme" must be a folder name (got "../works") (use the name of a folder in themes/, like theme = "works")`,
		},

		// Positions.
		{
			"column counts letters, not bytes",
			"brand = { name = \"Drammen Wørks\", tagline = 5 }\n",
			`works.toml:1:45: "brand.tagline" must be text, not the number 5 (put the text in quotes, like tagline = "…")`,
		},
		{
			"byte order mark and CRLF",
			"\uFEFFtitle = \"Drammen Works\"\r\n[pagination]\r\npagerSize = 0\r\n",
			`works.toml:3:13: "pagination.pagerSize" must be 1 or more (got 0) (it is how many items a list page shows, like pagerSize = 10)`,
		},
		{
			"every problem at once, in file order",
			strings.Join([]string{
				`baseUrl = "https://drammen.works/"`,
				`timeZone = "Oslo"`,
				`[pagination]`,
				`pagerSize = -1`,
				`[brand.colors]`,
				`primary = "blå"`,
				`[[menus.nb.main]]`,
				`name = "Historier"`,
			}, "\n"),
			strings.Join([]string{
				`works.toml:1:1: unknown key "baseUrl" (did you mean "baseURL"?)`,
				`works.toml:2:12: unknown time zone "Oslo" (use a name from the time zone database, like timeZone = "Europe/Oslo")`,
				`works.toml:4:13: "pagination.pagerSize" must be 1 or more (got -1) (it is how many items a list page shows, like pagerSize = 10)`,
				`works.toml:6:11: "brand.colors.primary" must be a colour like "#0b5394" (got "blå") (write # and 3 or 6 hex digits, like "#0b5394")`,
				`works.toml:7:1: menu item "Historier" in "menus.nb.main" has neither url nor pageRef (add url = "/historier/" for an address, or pageRef = "historier" for a page or section)`,
			}, "\n"),
		},
		{
			"allowHosts that would change the security policy",
			"[privacy]\nallowHosts = [\"x.org; script-src *\"]\n",
			`works.toml:2:14: "privacy.allowHosts" must list host names without https:// or paths (got x.org; script-src *) (write bare host names, like allowHosts = ["tiles.example.org"])`,
		},
		{
			"allowHosts with a quote",
			"[privacy]\nallowHosts = [\"x.org'\"]\n",
			`works.toml:2:14: "privacy.allowHosts" must list host names without https:// or paths (got x.org') (write bare host names, like allowHosts = ["tiles.example.org"])`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("works.toml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse = %+v, nil; want error\n%s", c, tt.want)
			}
			if c != nil {
				t.Errorf("Parse returned a config with an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Errorf("error is %T, want a diag.List", err)
			}
			for _, d := range list {
				if d.Hint == "" {
					t.Errorf("no hint: %v", d)
				}
			}
		})
	}
}

func TestLanguageCodes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"default", "", "nb"},
		{"default first, then weight", "defaultLanguage = \"en\"\n[languages.nb]\nweight = 1\n[languages.se]\nweight = 3\n[languages.en]\nweight = 2\n", "en nb se"},
		{"equal weights by code", "[languages.nb]\nweight = 5\n[languages.se]\n[languages.en]\n[languages.nn]\n", "nb en nn se"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("works.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(c.LanguageCodes(), " "); got != tt.want {
				t.Errorf("LanguageCodes() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSectionSlug(t *testing.T) {
	c, err := Parse("works.toml", readFull(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, section, want string
	}{
		{"en", "historier", "stories"},
		{"en", "nyheter", "nyheter"},
		{"nb", "historier", "historier"},
		{"de", "historier", "historier"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.section, func(t *testing.T) {
			if got := c.SectionSlug(tt.lang, tt.section); got != tt.want {
				t.Errorf("SectionSlug(%q, %q) = %q, want %q", tt.lang, tt.section, got, tt.want)
			}
		})
	}
}

// saveAsUTF8 is the hint for a file in another encoding.
const saveAsUTF8 = `in your editor choose "Save as" and set the encoding to UTF-8: in Notepad it is the Encoding list beside the Save button; in VS Code click the encoding at the bottom right and choose "Save with Encoding"`

func FuzzParse(f *testing.F) {
	f.Add(string(readFull(f)))
	f.Add("")
	f.Add("\uFEFFtitle = \"x\"\r\n")
	f.Add("[[menus.nb.main]]\nname = \"a\"\n[menus.nb.main.sub]\nx = 1\n")
	f.Add("menus.nb.main = [[1], {name = \"a\"}, \"b\"]\n")
	f.Add("[languages.en.sections]\nhistorier = \"Stories\"\n[permalinks]\nx = \":yaer:\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Parse("works.toml", []byte(src))
		if err == nil {
			if c == nil || c.Location == nil || c.Languages[c.DefaultLanguage] == nil ||
				c.Pagination.PagerSize < 1 || !strings.HasSuffix(c.BaseURL, "/") {
				t.Fatalf("Parse(%q) = %+v without error, but it is not valid", src, c)
			}
			return
		}
		var list diag.List
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("Parse(%q) error is %T, want a diag.List", src, err)
		}
		lines := 1 + strings.Count(src, "\n")
		for _, d := range list {
			p := d.Pos
			if p.File != "works.toml" {
				t.Errorf("diagnostic without the file name: %v", d)
			}
			if (p.Line != 0 || p.Col != 0) && (p.Line < 1 || p.Line > lines || p.Col < 1) {
				t.Errorf("diagnostic with a bad position %d:%d in %d lines: %v", p.Line, p.Col, lines, d)
			}
		}
	})
}

func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestContrast(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#1a1d21", "#faf8f5", 15.96},
		{"#0b4f6c", "#ffffff", 8.94},
		{"#777777", "#ffffff", 4.48},
	}
	for _, tt := range tests {
		t.Run(tt.a+" on "+tt.b, func(t *testing.T) {
			if got := Contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
				t.Errorf("Contrast = %.3f, want %.2f", got, tt.want)
			}
		})
	}
}

func TestContrastWarnings(t *testing.T) {
	src := "[brand.colors]\nprimary = \"#0b4f6c\"\naccent = \"#ff9900\"\ntext = \"#777777\"\nsurface = \"#ffffff\"\n"
	c, err := Parse("works.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range c.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		`works.toml:3:10: warning: "brand.colors.accent" #ff9900 on "brand.colors.surface" #ffffff has contrast 2.14:1, below 4.5:1 (labels) (choose a darker or lighter colour so the pair reaches 4.5:1; WCAG 2.1 requires it for text)`,
		`works.toml:4:8: warning: "brand.colors.text" #777777 on "brand.colors.surface" #ffffff has contrast 4.48:1, below 4.5:1 (body text) (choose a darker or lighter colour so the pair reaches 4.5:1; WCAG 2.1 requires it for text)`,
		`works.toml:5:11: warning: "brand.colors.surface" #ffffff on "brand.colors.accent" #ff9900 has contrast 2.14:1, below 4.5:1 (text on accent buttons) (choose a darker or lighter colour so the pair reaches 4.5:1; WCAG 2.1 requires it for text)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEditorLanguage(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want msg.Lang
		err  string
	}{
		{"", "", ""},
		{"[editor]\nlanguage = \"en\"\n", msg.English, ""},
		{"[editor]\nlanguage = \"nb\"\n", msg.Norwegian, ""},
		{"[editor]\nlanguage = \"de\"\n", "", `works.toml:4:12: "editor.language" must be "nb" or "en" (got de)`},
		{"[editor]\nlangauge = \"en\"\n", "", "langauge"},
	} {
		cfg, err := Parse("works.toml", []byte("title = \"T\"\nbaseURL = \"/\"\n"+tt.src))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want one with %q", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if cfg.Editor.Language != tt.want {
			t.Errorf("%q: language %q, want %q", tt.src, cfg.Editor.Language, tt.want)
		}
	}
}
