package archetype

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// siteFS is a site with two languages, two sections and the given files.
func siteFS(t *testing.T, files map[string]string) (fstest.MapFS, *config.Config) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range map[string]string{
		"works.toml":                  "title = \"Test\"\ntheme = \"t\"\n[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n",
		"content/historier/_index.md": "---\ntitle: Historier\n---\n",
		"content/nyheter/_index.md":   "---\ntitle: Nyheter\n---\n",
	} {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, cfg
}

// Late on 27 November in UTC is already 28 November in Oslo.
var now = time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC)

func TestMakeSlugs(t *testing.T) {
	tests := []struct {
		title, want string
	}{
		{"Ny fabrikk på Åssiden", "content/historier/ny-fabrikk-pa-assiden/index.md"},
		{"Bærekraft i Drammen", "content/historier/baerekraft-i-drammen/index.md"},
		{"Øl & brød – på Strømsø", "content/historier/ol-brod-pa-stromso/index.md"},
		{`  Kafé «Øst»: "nytt" sted!  `, "content/historier/kafe-ost-nytt-sted/index.md"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			fsys, cfg := siteFS(t, nil)
			got, err := Make(fsys, cfg, Request{Section: "historier", Title: tt.title, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if got.Path != tt.want {
				t.Errorf("path %q, want %q", got.Path, tt.want)
			}
			// The title survives quoting, whatever it holds.
			doc, errs := content.Parse(strings.TrimPrefix(got.Path, "content/"), got.Text, cfg.Location)
			if err := errs.Err(); err != nil {
				t.Fatal(err)
			}
			if doc.Meta.Title != tt.title || !doc.Meta.Draft {
				t.Errorf("title %q, draft %v; want %q, true", doc.Meta.Title, doc.Meta.Draft, tt.title)
			}
			if d := doc.Meta.Date.Format(time.DateOnly); d != "2026-11-28" {
				t.Errorf("date %s, want 2026-11-28 (today in Oslo)", d)
			}
		})
	}
}

func TestFindOrder(t *testing.T) {
	site := "---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true\nfrom: site\n---\n"
	theme := "---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true\nfrom: theme\n---\n"
	tests := []struct {
		name     string
		files    map[string]string
		section  string
		template string
		want     string // a line the page must hold
	}{
		{"site", map[string]string{"archetypes/historier.md": site, "themes/t/archetypes/historier.md": theme}, "historier", "archetypes/historier.md", "from: site"},
		{"theme", map[string]string{"themes/t/archetypes/historier.md": theme}, "historier", "themes/t/archetypes/historier.md", "from: theme"},
		{"site default", map[string]string{"archetypes/default.md": site, "themes/t/archetypes/historier.md": theme}, "nyheter", "archetypes/default.md", "from: site"},
		{"theme default", map[string]string{"themes/t/archetypes/default.md": theme}, "nyheter", "themes/t/archetypes/default.md", "from: theme"},
		{"built in", nil, "historier", Builtin, `imageAlt: "" # what the picture shows, in one sentence, for readers who cannot see it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, cfg := siteFS(t, tt.files)
			got, err := Make(fsys, cfg, Request{Section: tt.section, Title: "Ny side", Now: now, Say: msg.English})
			if err != nil {
				t.Fatal(err)
			}
			if got.Template != tt.template {
				t.Errorf("made from %q, want %q", got.Template, tt.template)
			}
			if !strings.Contains(string(got.Text), tt.want+"\n") {
				t.Errorf("page does not hold %q:\n%s", tt.want, got.Text)
			}
		})
	}
}

func TestBuiltin(t *testing.T) {
	fsys, cfg := siteFS(t, nil)
	got, err := Make(fsys, cfg, Request{Section: "historier", Title: "Ny fabrikk på Åssiden", Now: now, Say: msg.English})
	if err != nil {
		t.Fatal(err)
	}
	want := `---
title: "Ny fabrikk på Åssiden"
date: 2026-11-28
draft: true # remove this line when the page is ready to be published
summary: "" # one or two sentences, at most 200 characters, that lists and search results show
image: "" # the file name of the picture in the page's folder, like illustration.svg
imageAlt: "" # what the picture shows, in one sentence, for readers who cannot see it
---

<!-- Write the text here. Start with what matters most to the reader, in short sentences. -->
`
	if string(got.Text) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.Text, want)
	}
}

// The built-in archetype asks for what the theme's schema requires.
func TestBuiltinFromSchemas(t *testing.T) {
	fsys, cfg := siteFS(t, nil)
	schemas := map[string]check.Schema{"historier": {Fields: []check.Field{
		{Key: "title", Required: true},
		{Key: "lede", Required: true, Help: "the first sentence"},
		{Key: "tags", Type: check.List, Required: true, Help: "topics"},
		{Key: "published", Type: check.Date, Required: true, Help: "when"},
		{Key: "featured", Type: check.Bool, Required: true, Help: "on the front page"},
		{Key: "weight", Type: check.Number, Required: true, Help: "order"},
		{Key: "contact", Type: check.Group, Required: true, Help: "who"},
		{Key: "optional", Help: "not asked for"},
	}}}
	got, err := Make(fsys, cfg, Request{Section: "historier", Title: "Ny hall", Now: now, Schemas: schemas, Say: msg.English})
	if err != nil {
		t.Fatal(err)
	}
	want := `---
title: "Ny hall"
date: 2026-11-28
draft: true # remove this line when the page is ready to be published
lede: "" # the first sentence
tags: [] # topics
published: 2026-11-28 # when
featured: false # on the front page
weight: 0 # order
contact: {} # who
---

<!-- Write the text here. Start with what matters most to the reader, in short sentences. -->
`
	if string(got.Text) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.Text, want)
	}
	// A section the schemas do not name asks for a title only.
	got, err = Make(fsys, cfg, Request{Section: "nyheter", Title: "Ny hall", Now: now, Schemas: schemas, Say: msg.English})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got.Text), "summary:") || strings.Contains(string(got.Text), "lede:") {
		t.Errorf("nyheter asks for more than a title:\n%s", got.Text)
	}
}

// The theme's archetypes must make pages the build can read, in both
// languages.
func TestThemeArchetypes(t *testing.T) {
	for _, section := range []string{"historier", "nyheter", "prosjekter"} {
		t.Run(section, func(t *testing.T) {
			dir := filepath.Join("..", "..", "themes", "works", "archetypes")
			src, err := os.ReadFile(filepath.Join(dir, section+".md"))
			if os.IsNotExist(err) { // an archetype that is a folder
				src, err = os.ReadFile(filepath.Join(dir, section, "index.md"))
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, translation := range []bool{false, true} {
				text, err := Fill(section+".md", string(src), Data{Title: `Kafé «Øst»: "nytt"`, Date: "2026-11-28", Section: section, Slug: "kafe-ost-nytt", Lang: "nb", Translation: translation})
				if err != nil {
					t.Fatal(err)
				}
				doc, errs := content.Parse(section+"/x/index.md", text, time.UTC)
				if err := errs.Err(); err != nil {
					t.Fatalf("%v\n%s", err, text)
				}
				if doc.Meta.Title != `Kafé «Øst»: "nytt"` || !doc.Meta.Draft {
					t.Errorf("title %q, draft %v", doc.Meta.Title, doc.Meta.Draft)
				}
				if translation != (doc.Meta.Slug == "kafe-ost-nytt") {
					t.Errorf("translation %v, slug %q", translation, doc.Meta.Slug)
				}
			}
		})
	}
}

func TestMakeRefuses(t *testing.T) {
	existing := "---\ntitle: Min side\n---\nMin tekst.\n"
	tests := []struct {
		name  string
		files map[string]string
		req   Request
		err   string
	}{
		{"page exists", map[string]string{"content/historier/ny-hall/index.md": existing},
			Request{Section: "historier", Title: "Ny hall"}, "content/historier/ny-hall/index.md already exists"},
		{"single file exists", map[string]string{"content/nyheter/ny-hall.md": existing},
			Request{Section: "nyheter", Title: "Ny hall"}, "content/nyheter/ny-hall.md already exists"},
		{"translation exists", map[string]string{"content/historier/ny-hall/index.md": existing, "content/historier/ny-hall/index.en.md": existing},
			Request{Section: "historier", Title: "Ny hall", Lang: "en"}, "content/historier/ny-hall/index.en.md already exists"},
		{"nothing to translate", nil,
			Request{Section: "historier", Title: "Ny hall", Lang: "en"}, "there is no page content/historier/ny-hall/ to translate"},
		{"unknown language", map[string]string{"content/historier/ny-hall/index.md": existing},
			Request{Section: "historier", Title: "Ny hall", Lang: "de"}, `"de" is not a language of this site: use one of nb, en`},
		{"unknown section", nil,
			Request{Section: "historie", Title: "Ny hall"}, `there is no section "historie": use one of historier, nyheter`},
		{"no sections", nil,
			Request{Section: "historie", Title: "Ny hall"}, `there is no section "historie": make the folder content/historie first`},
		{"no letters", nil,
			Request{Section: "historier", Title: "!!!"}, `the title "!!!" has no letters or digits`},
		{"path as section", nil,
			Request{Section: "../historier", Title: "Ny hall"}, `"../historier" is not a section`},
		{"hidden section", nil,
			Request{Section: "_drafts", Title: "Ny hall"}, `"_drafts" is not a section`},
		{"broken archetype", map[string]string{"archetypes/historier.md": "---\ntitle: {{ .Tittel }}\n---\n"},
			Request{Section: "historier", Title: "Ny hall"}, "the archetype archetypes/historier.md:"},
		{"archetype that does not parse", map[string]string{"archetypes/historier.md": "---\ntitle: {{ .Title \n---\n"},
			Request{Section: "historier", Title: "Ny hall"}, "the archetype archetypes/historier.md cannot be read"},
		{"archetype makes a bad page", map[string]string{"archetypes/historier.md": "---\ntitle: [\n---\n"},
			Request{Section: "historier", Title: "Ny hall"}, "the archetype archetypes/historier.md makes a page that cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, cfg := siteFS(t, tt.files)
			if tt.name == "no sections" {
				delete(fsys, "content/historier/_index.md")
				delete(fsys, "content/nyheter/_index.md")
			}
			tt.req.Now = now
			got, err := Make(fsys, cfg, tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v (page %q), want one containing %q", err, got.Path, tt.err)
			}
		})
	}
}

func TestMakeTranslation(t *testing.T) {
	orig := "---\ntitle: Ny hall på Åssiden\ndate: 2026-10-01\n---\nTekst.\n"
	for _, tc := range []struct{ name, file, want string }{
		{"bundle", "content/historier/ny-hall-pa-assiden/index.md", "content/historier/ny-hall-pa-assiden/index.en.md"},
		{"single file", "content/nyheter/ny-hall-pa-assiden.md", "content/nyheter/ny-hall-pa-assiden.en.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, cfg := siteFS(t, map[string]string{tc.file: orig})
			section := strings.Split(tc.file, "/")[1]
			// The page is named by its title or its folder name.
			for _, title := range []string{"Ny hall på Åssiden", "ny-hall-pa-assiden"} {
				got, err := Make(fsys, cfg, Request{Section: section, Title: title, Lang: "en", Now: now, Say: msg.English})
				if err != nil {
					t.Fatal(err)
				}
				if got.Path != tc.want {
					t.Errorf("path %q, want %q", got.Path, tc.want)
				}
				for _, line := range []string{`title: "Ny hall på Åssiden"`, "date: 2026-10-01", "slug: ny-hall-pa-assiden # the last part of the web address: write it in this language"} {
					if !strings.Contains(string(got.Text), line+"\n") {
						t.Errorf("translation does not hold %q:\n%s", line, got.Text)
					}
				}
			}
		})
	}
}

// The default language is a new page, not a translation of one.
func TestMakeDefaultLanguage(t *testing.T) {
	fsys, cfg := siteFS(t, nil)
	got, err := Make(fsys, cfg, Request{Section: "historier", Title: "Ny hall", Lang: "nb", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != "content/historier/ny-hall/index.md" || strings.Contains(string(got.Text), "slug:") {
		t.Errorf("path %q, text:\n%s", got.Path, got.Text)
	}
}

func TestFill(t *testing.T) {
	data := Data{Title: "Kafé «Øst»", Date: "2026-11-28", Section: "historier", Slug: "kafe-ost", Lang: "nb"}
	tests := []struct {
		name, text, want, err string
	}{
		{"fields", "{{ .Section }}/{{ .Slug }} {{ .Lang }} {{ .Date }}", "historier/kafe-ost nb 2026-11-28", ""},
		{"quote keeps letters", `{{ quote .Title }}`, `"Kafé «Øst»"`, ""},
		{"quote escapes", `{{ quote "a \"b\"\n\\" }}`, `"a \"b\"\n\\"`, ""},
		{"unknown field", "{{ .Tittel }}", "", "the archetype x.md: "},
		{"unknown function", "{{ nope }}", "", "the archetype x.md cannot be read"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Fill("x.md", tt.text, data)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMakeRefusesNorwegian: what works new says when it refuses, in the
// writer's language, with the page's own diagnostic when the archetype
// makes a page the build cannot read.
func TestMakeRefusesNorwegian(t *testing.T) {
	existing := "---\ntitle: Min side\n---\n"
	for _, tt := range []struct {
		name  string
		files map[string]string
		req   Request
		want  string
	}{
		{"page exists", map[string]string{"content/historier/ny-hall/index.md": existing}, Request{Section: "historier", Title: "Ny hall"},
			"content/historier/ny-hall/index.md finnes allerede: åpne den, eller velg en annen tittel"},
		{"unknown section", nil, Request{Section: "historie", Title: "Ny hall"},
			"det finnes ingen seksjon «historie»: bruk en av disse: historier, nyheter, eller lag mappen content/historie først"},
		{"archetype makes a bad page", map[string]string{"archetypes/historier.md": "---\ntitle: {{ .Title }}\ndraft: kanskje\n---\n"}, Request{Section: "historier", Title: "Ny hall"},
			"malen for nye sider (archetype) archetypes/historier.md lager en side som ikke kan leses: historier/ny-hall/index.md:3:8: «draft» må være «true» eller «false» (det står «kanskje») (skriv «true» (ja) eller «false» (nei))"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys, cfg := siteFS(t, tt.files)
			tt.req.Now = now
			_, err := Make(fsys, cfg, tt.req)
			if err == nil {
				t.Fatal("no error")
			}
			d, ok := err.(*diag.Diagnostic)
			if !ok {
				t.Fatalf("%T, want a *diag.Diagnostic", err)
			}
			if got := d.Line(msg.Norwegian); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestTopLevelPage: works new side "Presse" starts content/presse.md, in
// the writer's language, from the site's archetypes/side.md if it has one;
// a site with a section called side gets a page in it instead.
func TestTopLevelPage(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		section  string
		path     string
		template string
		want     string
	}{
		{"side", nil, "side", "content/presse.md", Builtin, "draft: true # fjern denne linjen når siden er klar til å publiseres"},
		{"page", nil, "page", "content/presse.md", Builtin, "<!-- Skriv teksten her. Begynn med det som betyr mest for leseren, i korte setninger. -->"},
		{"its own archetype", map[string]string{"archetypes/side.md": "---\ntitle: {{ quote .Title }}\nfrom: side\n---\n"}, "side", "content/presse.md", "archetypes/side.md", "from: side"},
		{"a section named side", map[string]string{"content/side/_index.md": "---\ntitle: Sider\n---\n"}, "side", "content/side/presse/index.md", Builtin, `title: "Presse"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, cfg := siteFS(t, tt.files)
			got, err := Make(fsys, cfg, Request{Section: tt.section, Title: "Presse", Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if got.Path != tt.path || got.Template != tt.template {
				t.Errorf("made %s from %q, want %s from %q", got.Path, got.Template, tt.path, tt.template)
			}
			if !strings.Contains(string(got.Text), tt.want+"\n") {
				t.Errorf("page does not hold %q:\n%s", tt.want, got.Text)
			}
			if strings.Contains(string(got.Text), "image") {
				t.Errorf("a page at the top asks for a picture:\n%s", got.Text)
			}
		})
	}
	fsys, cfg := siteFS(t, map[string]string{"content/presse.md": "---\ntitle: Presse\n---\n"})
	if _, err := Make(fsys, cfg, Request{Section: "side", Title: "Presse", Now: now}); err == nil || !strings.Contains(err.Error(), "content/presse.md already exists") {
		t.Errorf("a second page of the same title: %v", err)
	}
}

// TestFolderArchetype: an archetype that is a folder gives the new page
// its other files (a placeholder picture), the site's before the theme's;
// a translation of the page gets none, its folder has them.
func TestFolderArchetype(t *testing.T) {
	fsys, cfg := siteFS(t, map[string]string{
		"themes/t/archetypes/historier/index.md":        "---\ntitle: {{ quote .Title }}\nimage: plassholder.svg\n---\n",
		"themes/t/archetypes/historier/plassholder.svg": "<svg/>",
		"themes/t/archetypes/historier/notat.md":        "not a file of the page",
	})
	got, err := Make(fsys, cfg, Request{Section: "historier", Title: "Ny hall", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got.Template != "themes/t/archetypes/historier/index.md" {
		t.Errorf("made from %q", got.Template)
	}
	if len(got.Files) != 1 || got.Files[0].Path != "content/historier/ny-hall/plassholder.svg" || string(got.Files[0].Data) != "<svg/>" {
		t.Errorf("files %+v, want the placeholder beside the page", got.Files)
	}
}
