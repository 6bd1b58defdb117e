package syntax

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/msg"
)

// explain parses src as kind ("yaml", "toml" or "json") and returns its
// explained error as a diagnostic in the file side.md.
func explain(t *testing.T, kind, src string) *diag.Diagnostic {
	t.Helper()
	b := []byte(src)
	var p Problem
	switch kind {
	case "yaml":
		var doc yaml.Node
		err := yaml.Unmarshal(b, &doc)
		if err == nil {
			t.Fatalf("%q parses without an error", src)
		}
		p = YAML(b, err)
	case "toml":
		var m map[string]any
		err := toml.Unmarshal(b, &m)
		if err == nil {
			t.Fatalf("%q parses without an error", src)
		}
		p = TOML(b, 1, err)
	case "json":
		var v any
		err := json.NewDecoder(bytes.NewReader(b)).Decode(&v)
		if err == nil {
			t.Fatalf("%q decodes without an error", src)
		}
		p = JSON(b, err)
	case "encoding":
		e := Encoding(b)
		if e == nil {
			t.Fatalf("%q is UTF-8", src)
		}
		p = *e
	default:
		t.Fatalf("unknown kind %q", kind)
	}
	return p.At("side.md", b, 0)
}

// newDraft is the front matter works new writes for a story, with the
// closing quote of the title removed as a writer typed over it.
const newDraft = `title: "Drammen: en by # the headline, at most 70 characters
date: 2026-12-03
draft: true # remove this line when the story is ready to be published
summary: "" # one or two sentences, at most 200 characters, that lists and search results show
description: "" # one sentence for search engines and link previews
tags: [] # topics, as a list: [rekruttering, mangfold]
sectors: [] # industries, as a list: [mat, industri]
project: "" # the project the story belongs to, like prosjekter/internasjonale-drammen; leave it empty if none
image: "" # the file name of the picture, in this folder: illustration.svg
imageAlt: "" # what the picture shows, in one sentence, for readers who cannot see it
authors: [] # who wrote it, as a list: ["Farah Mansour"]
`

// TestHintsFitTheCase holds the cases where a general hint used to stand
// for a particular mistake: each points at the character to change, and
// says what to write there, in English and in Norwegian.
func TestHintsFitTheCase(t *testing.T) {
	tests := []struct {
		name, kind, src string
		line, col       int
		en, nb          string
	}{
		// A title with ": " in it: the second colon, and quotes first.
		{"colon in a title", "yaml", "title: Drammen: en by\ndate: 2026-01-02\n", 1, 15,
			`side.md:1:15: the text of "title" contains a colon and a space (": "), which YAML reads as the start of another setting (put the title in quotes: title: "Drammen: en by")`,
			`side.md:1:15: teksten i «title» har et kolon og et mellomrom («: »), og det leses som starten på en ny innstilling (sett tittelen i anførselstegn: title: "Drammen: en by")`},
		// A long title broken over two lines, the colon on the second:
		// YAML reads the second line as a key indented too far, which is
		// how the hint came to be about lining keys up.
		{"colon in a title that goes on over two lines", "yaml", "title: Drammen og\n  Lier: en region\ndate: 2026-01-02\n", 2, 7,
			`side.md:2:7: the text of "title" goes on over this line and contains a colon and a space (": "), which YAML reads as the start of another setting (put the title in quotes: title: "Drammen og Lier: en region")`,
			`side.md:2:7: teksten i «title» fortsetter på denne linjen og har et kolon og et mellomrom («: »), og det leses som starten på en ny innstilling (sett tittelen i anførselstegn: title: "Drammen og Lier: en region")`},
		// The closing quote of works new's title removed: YAML fails
		// lines below, where the quotes next fall out of step.
		{"quote left open above", "yaml", newDraft, 1, 8,
			`side.md:1:8: the quote (") that starts the text here is not closed on its line, so the lines below it are read as part of the text (end the text with " on this line, like title: "Drammen: en by")`,
			`side.md:1:8: anførselstegnet (") som begynner teksten her, blir ikke avsluttet på samme linje, så linjene under blir lest som en del av teksten (avslutt teksten med " på denne linjen, for eksempel title: "Drammen: en by")`},
		// The same, with nothing below to close it.
		{"quote left open to the end", "yaml", "title: \"Drammen: en by # the headline\ndate: 2026-12-03\n", 1, 8,
			`side.md:1:8: the quote (") that starts the text here is never closed (end the text with " too, like title: "Drammen: en by")`,
			`side.md:1:8: anførselstegnet (") som begynner teksten her, blir aldri avsluttet (avslutt teksten med " også, for eksempel title: "Drammen: en by")`},

		// key: value in TOML: the value in quotes when it is text.
		{"colon for equals before text", "toml", "title: Drammen: en by\n", 1, 6,
			`side.md:1:6: TOML writes = between a key and its value, not : (write title = "Drammen: en by")`,
			`side.md:1:6: mellom navnet og verdien skal det stå =, ikke : (TOML) (skriv title = "Drammen: en by")`},
		{"colon for equals before a number", "toml", "weight: 3\n", 1, 7,
			`side.md:1:7: TOML writes = between a key and its value, not : (write weight = 3)`,
			`side.md:1:7: mellom navnet og verdien skal det stå =, ikke : (TOML) (skriv weight = 3)`},
		// \' is no escape in TOML.
		{"apostrophe in single quotes", "toml", "title = 'Kari's bakeri'\n", 1, 15,
			`side.md:1:15: there is more text after the closing quote: the text holds the same quote it is written in (put the text in "double quotes", like title = "Kari's bakeri")`,
			`side.md:1:15: det står mer tekst etter anførselstegnet som avslutter teksten: teksten inneholder det samme anførselstegnet som den er skrevet i (sett teksten i doble anførselstegn, for eksempel title = "Kari's bakeri")`},
		{"list of tables not closed", "toml", "[[menus.nb.main]\nname = \"Om\"\n", 1, 16,
			`side.md:1:16: the name in [[ ]] is not closed (end the line with ]], like [[menus.nb.main]])`,
			`side.md:1:16: navnet i [[ ]] blir ikke avsluttet (avslutt linjen med ]], for eksempel [[menus.nb.main]])`},
		{"date written day first", "toml", "date = 27.11.2026\n", 1, 8,
			`side.md:1:8: the date of "date" is written day first, which TOML does not read as a date (write the year first, then the month and the day: date = 2026-11-27)`,
			`side.md:1:8: datoen i «date» er skrevet med dagen først, og da leses den ikke som en dato (TOML) (skriv året først, så måneden og dagen: date = 2026-11-27)`},
		{"decimal comma", "toml", "weight = 1,5\n", 1, 10,
			`side.md:1:10: the number of "weight" is written with a decimal comma, which TOML does not read as a number (write a point instead of the comma: weight = 1.5)`,
			`side.md:1:10: tallet i «weight» er skrevet med desimalkomma, og da leses det ikke som et tall (TOML) (skriv punktum i stedet for komma: weight = 1.5)`},
		{"True with a capital", "toml", "draft = True\n", 1, 9,
			`side.md:1:9: this value is not text in quotes, a number, a date, true or false (write true in small letters, like draft = true)`,
			`side.md:1:9: denne verdien er verken tekst i anførselstegn, et tall, en dato, true eller false (skriv true med små bokstaver, for eksempel draft = true)`},
		{"ja for true", "toml", "draft = nei\n", 1, 9,
			`side.md:1:9: this value is not text in quotes, a number, a date, true or false (for yes or no, write draft = false (true or false, without quotes); for text, write draft = "nei")`,
			`side.md:1:9: denne verdien er verken tekst i anførselstegn, et tall, en dato, true eller false (for ja eller nei: skriv draft = false (true eller false, uten anførselstegn); for tekst: skriv draft = "nei")`},
		{"list of words without quotes", "toml", "tags = [industri, mat, 2026]\n", 1, 9,
			`side.md:1:9: this value is not text in quotes, a number, a date, true or false (put each item of the list in "double quotes", like tags = ["industri", "mat", 2026])`,
			`side.md:1:9: denne verdien er verken tekst i anførselstegn, et tall, en dato, true eller false (sett hvert punkt i listen i doble anførselstegn, for eksempel tags = ["industri", "mat", 2026])`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := explain(t, tt.kind, tt.src)
			if d.Pos.Line != tt.line || d.Pos.Col != tt.col {
				t.Errorf("at %d:%d, want %d:%d", d.Pos.Line, d.Pos.Col, tt.line, tt.col)
			}
			if got := d.Error(); got != tt.en {
				t.Errorf("English:\ngot  %s\nwant %s", got, tt.en)
			}
			if got := d.Line(msg.Norwegian); got != tt.nb {
				t.Errorf("Norwegian:\ngot  %s\nwant %s", got, tt.nb)
			}
		})
	}
}

// TestNorwegian shows what a writer reads for a handful of common
// mistakes, in testdata/norwegian.golden (go test -update rewrites it).
func TestNorwegian(t *testing.T) {
	cases := []struct{ kind, src string }{
		{"yaml", "title: Drammen: en by\n"},
		{"yaml", "title: \"Drammen\ndate: 2026-01-02\n"},
		{"yaml", "title: X\ntags: [a, b\ndate: 2026-01-02\n"},
		{"yaml", "title: X\n\tdate: 2\n"},
		{"yaml", "title: X\n  date: 2026-01-02\n"},
		{"yaml", "params:\n    a: 1\n  b: 2\n"},
		{"yaml", "title: X\ndraft\n"},
		{"yaml", "title: X\ntags: industri\n- mat\n"},
		{"yaml", "title: X\nauthor: @kari\n"},
		{"yaml", "title: X\npath: \"C:\\mappe\"\n"},
		{"yaml", "title: 'it's'\n"},
		{"yaml", "title: X\nauthors: *folk\n"},
		{"toml", "title = Drammen Works\n"},
		{"toml", "title = \"Drammen\ndate = 2026-01-02\n"},
		{"toml", "title =\nx = 1\n"},
		{"toml", "title = \"a\"\ndate = 2026-11-27\ntitle = \"b\"\n"},
		{"toml", "tags = [\"a\", \"b\"\ntitle = \"x\"\n"},
		{"toml", "date = 2026-02-30\n"},
		{"toml", "phone = 0123\n"},
		{"toml", "my title = \"X\"\n"},
		{"json", "{\n  \"a\": 1\n  \"b\": 2\n}\n"},
		{"json", "{\n  \"a\": 1,\n}\n"},
		{"json", "{\n  navn: 1\n}\n"},
		{"json", "{\"a\": \"Dram"},
		{"json", "\n"},
		{"encoding", "title: Gr\xf8nland\n"},
		{"encoding", "\xff\xfet\x00i\x00"},
	}
	var out strings.Builder
	for _, c := range cases {
		d := explain(t, c.kind, c.src)
		if what, fix := d.In(msg.Norwegian); what == d.Msg || fix == d.Hint {
			t.Errorf("%s %q is not in Norwegian:\n  %s", c.kind, c.src, d.Line(msg.Norwegian))
		}
		fmt.Fprintf(&out, "%s %q\n  %s\n\n", c.kind, c.src, d.Line(msg.Norwegian))
	}
	golden.Check(t, "testdata/norwegian.golden", []byte(out.String()))
}
