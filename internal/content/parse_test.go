package content

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
)

// oslo is the sample site's time zone; a fixed zone keeps the test
// independent of the machine's tz database.
var oslo = time.FixedZone("CET", 3600)

// parseCases cover every front-matter rule. Each becomes one section of
// testdata/parse.golden, showing the input with line numbers, the exact
// diagnostics and the resulting document.
var parseCases = []struct {
	name, path, src string
}{
	// Front matter formats and their edges.
	{"yaml all keys", "historier/bryggeriet.md", `---
title: Bryggeriet på Grønland
summary: "Et bryggeri: nye jobber"
description: Om bryggeriet
slug: bryggeriet
url: /historier/bryggeriet/
layout: story
translationKey: bryggeri
project: prosjekter/internasjonale-drammen
image: illustration.svg
imageAlt: Tegning av et bryggeri
date: 2026-11-27
lastmod: 2026-11-27T09:30:00+01:00
publishDate: 2026-11-27 09:30
expiryDate: 2027-01-01T00:00:00
draft: false
featured: true
toc: TRUE
weight: 10
tags: [industri, mat]
sectors:
  - mat
authors: Kari Nordmann
aliases: [/artikler/gammel-sti/]
example: true
partners: [Drammen kommune, {name: Gründeriet, since: 2020}]
contact: {name: Kari, role: leder}
rating: 4.5
count: 12
---
Første avsnitt.

<!--more-->

Resten.
`},
	{"toml all keys", "nyheter/grunderiet.md", `+++
title = "Gründeriet vokser"
summary = 'Fra 10 til 50'
date = 2026-11-20
lastmod = 2026-11-21T10:00:00+01:00
publishDate = 2026-11-20T08:00:00
expiryDate = "2027-01-01"
draft = false
toc = true
weight = 3
tags = ["gründer", "teknologi"]
sectors = "teknologi"
aliases = []
example = true
rating = 4.5
big = 1_000
when = 07:30:00
partners.first = "Kunnskapsbyen"

[contact]
name = "Kari"
role = "leder"

[[links]]
url = "https://example.org/"
+++
Brødtekst.
`},
	{"no front matter", "om.md", "# Om oss\n\nTekst.\n"},
	{"empty file", "om.md", ""},
	{"empty front matter", "om.md", "---\n---\nTekst.\n"},
	{"only comments", "om.md", "---\n# ingen innstillinger ennå\n---\nTekst.\n"},
	{"yaml null document", "om.md", "---\n~\n---\n"},
	{"closing line without newline", "om.md", "---\ntitle: Om\n---"},
	{"delimiters with trailing blanks", "om.md", "---  \ntitle: Om\n--- \t\nTekst.\n"},
	{"byte order mark", "om.md", "\ufeff---\ntitle: Om\ndate: 27/11\n---\nTekst.\n"},
	{"crlf yaml", "historier/x.md", "---\r\ntitle: Om\r\ndate: 27/11\r\ntags: [a, [b]]\r\n---\r\nTekst.\r\n\r\nMer.\r\n"},
	{"crlf toml", "historier/x.md", "+++\r\ntitle = \"Om\"\r\ndate = \"27/11\"\r\n+++\r\nTekst.\r\n"},
	{"crlf yaml syntax error", "historier/x.md", "---\r\ntitle: Om\r\ndate: x: y\r\n---\r\nTekst.\r\n"},
	{"more divider kept", "historier/x.md", "---\ntitle: X\n---\nIngress.\n<!--more-->\nResten.\n"},
	{"horizontal rule later is body", "historier/x.md", "---\ntitle: X\n---\nTekst.\n\n---\n\nMer.\n"},
	{"dashes not alone are no front matter", "historier/x.md", "--- title: X\nTekst.\n"},

	// Unclosed front matter.
	{"unclosed yaml", "historier/x.md", "---\ntitle: X\n\nTekst.\n"},
	{"unclosed toml", "historier/x.md", "+++\ntitle = \"X\"\n\nTekst.\n"},
	{"only an opening line", "historier/x.md", "---"},

	// Syntax errors.
	{"yaml colon in value", "historier/x.md", "---\ntitle: X\nsummary: Drammen: en by\n---\n"},
	{"yaml bad indentation", "historier/x.md", "---\ntitle: X\n  date: 2026-11-27\ndraft: true\n---\n"},
	{"yaml tab indentation", "historier/x.md", "---\ntags:\n\t- a\n---\n"},
	{"yaml unclosed quote", "historier/x.md", "---\ntitle: \"Bryggeriet\ndate: 2026-11-27\n---\n"},
	{"yaml unclosed list", "historier/x.md", "---\ntitle: X\ntags: [a, b\ndate: 2026-11-27\n---\n"},
	{"yaml at sign", "historier/x.md", "---\ntitle: X\nauthor: @kari\n---\n"},
	{"yaml unknown escape", "historier/x.md", "---\ntitle: \"C:\\mappe\"\n---\n"},
	{"yaml unknown alias", "historier/x.md", "---\ntitle: *navn\n---\n"},
	{"toml missing equals", "historier/x.md", "+++\ntitle = \"X\"\ndate 2026-11-27\n+++\n"},
	{"toml unclosed string", "historier/x.md", "+++\ntitle = \"X\"\nsummary = \"Første\n+++\n"},
	{"toml bare text", "historier/x.md", "+++\ntitle = Bryggeriet\n+++\n"},
	{"toml error after non-ascii", "historier/x.md", "+++\ntitle = \"Ærlig\" x\n+++\n"},
	{"yaml unclosed quote crlf and bom", "historier/x.md", "\ufeff---\r\ntitle: X\r\nsummary: \"Første\r\ndate: 2026-11-27\r\n---\r\n"},
	{"yaml unclosed single quote later", "historier/x.md", "---\ntitle: X\ndate: 2026-11-27\nsummary: 'Første\n---\n"},
	{"yaml unclosed group", "historier/x.md", "---\ntitle: X\ncontact: {name: Kari\ndate: 2026-11-27\n---\n"},
	{"yaml colon in title", "historier/x.md", "---\ntitle: Drammen: byen\ndate: 2026-11-27\n---\n"},
	{"yaml key indented less", "historier/x.md", "---\ntitle: X\ncontact:\n    name: Kari\n  role: leder\n---\n"},
	{"yaml key without colon", "historier/x.md", "---\ntitle: X\ndraft\ndate: 2026-11-27\n---\n"},
	{"yaml list item after a value", "historier/x.md", "---\ntitle: X\ntags: industri\n- mat\n---\n"},
	{"yaml list item under a text", "historier/x.md", "---\ntitle: X\ntags: industri\n  - mat\n---\n"},
	{"yaml list item on the key's line", "historier/x.md", "---\ntags: - industri\n---\n"},
	{"yaml key among list items", "historier/x.md", "---\ntags:\n  - industri\n  date: 2026-11-27\n---\n"},
	{"yaml text after quote", "historier/x.md", "---\ntitle: \"Bryggeriet\" på Grønland\n---\n"},
	{"yaml apostrophe in single quotes", "historier/x.md", "---\ntitle: 'Drammen's beste'\n---\n"},
	{"yaml control character", "historier/x.md", "---\ntitle: X\nsummary: Et\vbryggeri\n---\n"},
	{"toml colon instead of equals", "historier/x.md", "+++\ntitle: \"X\"\n+++\n"},
	{"toml unclosed list", "historier/x.md", "+++\ntags = [\"industri\", \"mat\"\ntitle = \"X\"\n+++\n"},
	{"toml quotes in quotes", "historier/x.md", "+++\ntitle = \"Han sa \"hei\"\"\n+++\n"},

	// Not a mapping.
	{"yaml list", "historier/x.md", "---\n- title: X\n- date: 2026-11-27\n---\n"},
	{"yaml single value", "historier/x.md", "---\nBryggeriet\n---\n"},

	// Wrong types.
	{"date wrong format", "historier/x.md", "---\ntitle: X\ndate: 31.12.2026\n---\n"},
	{"date as list", "historier/x.md", "---\ndate: [2026-11-27]\n---\n"},
	{"date impossible", "historier/x.md", "---\ndate: 2026-02-30\n---\n"},
	{"toml time as date", "historier/x.md", "+++\ndate = 09:30:00\n+++\n"},
	{"draft quoted word", "historier/x.md", "---\ndraft: \"kanskje\"\n---\n"},
	{"draft bare word", "historier/x.md", "---\ndraft: kanskje\n---\n"},
	{"yaml 1.1 booleans", "historier/x.md", "---\ndraft: yes\nfeatured: no\ntoc: on\n---\n"},
	{"bool spellings accepted", "historier/x.md", "---\ndraft: True\nfeatured: \"false\"\ntoc: FALSE\n---\n"},
	{"toml bool as text", "historier/x.md", "+++\ndraft = \"ja\"\nfeatured = 1\n+++\n"},
	{"weight word", "historier/x.md", "---\nweight: ti\n---\n"},
	{"weight fraction", "historier/x.md", "---\nweight: 1.5\n---\n"},
	{"weight quoted and signed", "historier/x.md", "---\nweight: \"-3\"\n---\n"},
	{"weight octal-looking", "historier/x.md", "---\nweight: 010\n---\n"},
	{"weight hex", "historier/x.md", "---\nweight: 0x10\n---\n"},
	{"tags single string", "historier/x.md", "---\ntags: industri\nsectors: \"\"\n---\n"},
	{"tags items not text", "historier/x.md", "---\ntags: [1, {a: b}, [c]]\n---\n"},
	{"tags empty items", "historier/x.md", "---\ntags:\n  - a\n  -\n  - \"\"\n---\n"},
	{"tags as mapping", "historier/x.md", "---\ntags:\n  a: b\n---\n"},
	{"toml tags not text", "historier/x.md", "+++\ntags = [\"æøå\", { a = \"b\" }, [1]]\n+++\n"},
	{"toml tags as table", "historier/x.md", "+++\ntitle = \"X\"\n[tags]\na = \"b\"\n+++\n"},
	{"title not text", "historier/x.md", "---\ntitle:\n  - a\n  - b\nsummary: {kort: ja}\n---\n"},
	{"position after non-ascii", "historier/x.md", "---\ntags: [æøå, {a: b}]\n---\n"},

	// The Norway problem: text keys keep the text as written.
	{"norway problem", "historier/x.md", "---\nlang: no\ntitle: yes\nsummary: 2026\ndescription: 1.50\nslug: ~\nlayout: null\ntags: [yes, no, 2026, 1.0]\n---\n"},
	{"unknown keys decode plainly", "historier/x.md", "---\nyes: no\nlist: [1, 2.5, true, on, null, 2026-11-27, 0x1F, 1_000, .inf]\n---\n"},
	{"null values", "historier/x.md", "---\ntitle:\ndate:\ndraft:\nweight:\ntags:\n---\n"},

	// Duplicate keys.
	{"duplicate yaml", "historier/x.md", "---\ntitle: A\ndate: 2026-11-27\ntitle: B\n---\n"},
	{"duplicate case differs", "historier/x.md", "---\ntitle: A\nTitle: B\n---\n"},
	{"duplicate nested", "historier/x.md", "---\ncontact:\n  name: A\n  name: B\n---\n"},
	{"duplicate toml", "historier/x.md", "+++\ntitle = \"A\"\ndate = 2026-11-27\ntitle = \"B\"\n+++\n"},
	{"duplicate toml and more errors", "historier/x.md", "+++\n\"my key\" = 1\ntitle=\"x\"\n'date' =   27\n  weight\t= \"ti\"\ntitle = \"\"\"y\nz\"\"\"\ntags = [\"a\", 1.5]\n+++\n"},
	{"duplicate toml case differs", "historier/x.md", "+++\ntitle = \"A\"\nTITLE = \"B\"\n+++\n"},
	{"duplicate toml table", "historier/x.md", "+++\n[contact]\nname = \"A\"\n[contact]\nname = \"B\"\n+++\n"},

	// Dates.
	{"date forms", "historier/x.md", `---
date: 2026-11-27
lastmod: 2026-11-27T09:30:00+01:00
publishDate: 2026-11-27T09:30:00
expiryDate: 2026-11-27 09:30
a: 2026-11-27T09:30:00Z
---
`},
	{"date more forms", "historier/x.md", `---
date: 2026-11-27T09:30
lastmod: "2026-11-27 09:30:15"
publishDate: 2026-11-27T09:30:00.5+02:00
expiryDate: 2026-11-27 09:30:00Z
---
`},
	{"toml native dates", "historier/x.md", `+++
date = 2026-11-27
lastmod = 2026-11-27T09:30:00+01:00
publishDate = 2026-11-27T09:30:00
expiryDate = 2026-11-27 09:30:00Z
other = 2026-11-28
+++
`},

	// UTF-8.
	{"invalid utf-8 in front matter", "historier/x.md", "---\ntitle: Bl\xe5b\xe6r\n---\nTekst.\n"},
	{"utf-8 with a pasted windows-1252 byte", "historier/x.md", "---\ntitle: Grønland\nsummary: \x93Bryggeriet\x94\n---\nTekst.\n"},
	{"utf-16 with a byte order mark", "historier/x.md", "\xff\xfe-\x00-\x00-\x00\n\x00t\x00:\x00 \x00X\x00\n\x00-\x00-\x00-\x00\n\x00"},
	{"utf-16 without a byte order mark", "historier/x.md", "-\x00-\x00-\x00\n\x00t\x00:\x00 \x00X\x00\n\x00-\x00-\x00-\x00\n\x00"},
	{"invalid utf-8 in body", "historier/x.md", "---\ntitle: X\ndate: 27/11\n---\nTekst.\nÆ\xff\n"},

	// Language, kind, name and section from the path.
	{"language from file name", "historier/bryggeriet.en.md", "---\ntitle: The brewery\n---\n"},
	{"language from front matter", "historier/bryggeriet.md", "---\nlang: en\n---\n"},
	{"language both agree", "historier/bryggeriet.en.md", "---\nlang: en\n---\n"},
	{"language conflict", "historier/bryggeriet.en.md", "---\ntitle: X\nLang: nb\n---\n"},
	{"language with region", "om.nb-NO.md", "Tekst.\n"},
	{"not a language suffix", "nyheter/versjon.2.md", "Tekst.\n"},
	{"long suffix is part of the name", "nyheter/notat.utkast.md", "Tekst.\n"},
	{"bundle", "historier/hall/index.md", "---\ntitle: Hallen\n---\n"},
	{"bundle translation", "historier/hall/index.en.md", "---\ntitle: The hall\n---\n"},
	{"top-level bundle", "om/index.md", "---\ntitle: Om\n---\n"},
	{"section list", "historier/_index.md", "---\ntitle: Historier\n---\n"},
	{"section list translation", "historier/_index.en.md", "---\ntitle: Stories\n---\n"},
	{"nested section", "historier/2026/_index.md", "---\ntitle: 2026\n---\n"},
	{"home", "_index.md", "---\ntitle: Drammen Works\n---\n"},
	{"home translation", "_index.en.md", "---\ntitle: Drammen Works\n---\n"},
	{"top-level page", "kontakt.md", "---\ntitle: Kontakt\n---\n"},
	{"nested page", "historier/2026/x.md", "---\ntitle: X\n---\n"},
	{"top-level index", "index.md", "---\ntitle: Hjem\n---\n"},

	// YAML anchors and merges.
	{"anchors and merge", "historier/x.md", `---
base: &base {role: leder, city: Drammen}
contact:
  <<: *base
  name: Kari
  role: daglig leder
authors: &people [Kari, Ola]
aliases: *people
---
`},
	{"alias refers to itself", "historier/x.md", "---\nloop: &a [*a]\n---\n"},
	{"merge refers to itself", "historier/x.md", "---\na: &a {k: v, <<: *a}\ntitle: X\n---\n"},
	{"merge of a scalar", "historier/x.md", "---\nx:\n  <<: tekst\n---\n"},
	{"non-text key", "historier/x.md", "---\n? [a, b]\n: c\ntitle: X\n---\n"},
}

func TestParseGolden(t *testing.T) {
	var out bytes.Buffer
	seen := map[string]bool{}
	for _, tc := range parseCases {
		if seen[tc.name] {
			t.Fatalf("two cases are named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			doc, diags := Parse(tc.path, []byte(tc.src), oslo)
			if doc == nil {
				t.Fatal("Parse returned a nil document")
			}
			if !bytes.HasSuffix([]byte(tc.src), doc.Body) {
				t.Errorf("Body %q is not a suffix of the input", doc.Body)
			}
			for _, d := range diags {
				if d.Pos.File != tc.path {
					t.Errorf("diagnostic %q names file %q, want %q", d, d.Pos.File, tc.path)
				}
			}
			writeCase(&out, tc.name, tc.path, tc.src, doc, diags)
		})
	}
	golden.Check(t, "testdata/parse.golden", out.Bytes())
}

func writeCase(w *bytes.Buffer, name, path, src string, doc *Document, diags diag.List) {
	fmt.Fprintf(w, "== %s ==\n-- input: %s\n", name, path)
	lines := strings.SplitAfter(src, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		fmt.Fprintf(w, "%3d | %s\n", i+1, showLine(l))
	}
	fmt.Fprintf(w, "-- diagnostics:\n")
	for _, d := range diags {
		fmt.Fprintf(w, "%s\n", d)
	}
	fmt.Fprintf(w, "-- document:\n")
	fmt.Fprintf(w, "kind=%s name=%q lang=%q section=%q bodyLine=%d\n", doc.Kind, doc.Name, doc.Lang, doc.Section, doc.BodyLine)
	fmt.Fprintf(w, "body=%q\n", doc.Body)
	mv := reflect.ValueOf(doc.Meta)
	for i := range mv.NumField() {
		f := mv.Type().Field(i)
		if f.Name == "Params" || f.Name == "Pos" || mv.Field(i).IsZero() {
			continue
		}
		fmt.Fprintf(w, "meta.%s=%s\n", f.Name, show(mv.Field(i).Interface()))
	}
	for _, k := range slices.Sorted(mapKeys(doc.Meta.Params)) {
		v := doc.Meta.Params[k]
		fmt.Fprintf(w, "params[%q]=%T %s @%d:%d\n", k, v, show(v), doc.Meta.Pos[k].Line, doc.Meta.Pos[k].Col)
	}
	for k := range doc.Meta.Pos {
		if _, ok := doc.Meta.Params[k]; !ok {
			fmt.Fprintf(w, "pos[%q] has no param\n", k)
		}
	}
	w.WriteString("\n")
}

// showLine prints a source line as is when that is unambiguous, and
// quoted when it holds a CR, a tab or bytes that are not printable text.
func showLine(l string) string {
	l = strings.TrimSuffix(l, "\n")
	plain := utf8.ValidString(l)
	for _, r := range l {
		if !unicode.IsPrint(r) {
			plain = false
		}
	}
	if plain {
		return l
	}
	return strconv.Quote(l) + " (quoted)"
}

func show(v any) string {
	switch v := v.(type) {
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case string:
		return strconv.Quote(v)
	case []string:
		return fmt.Sprintf("%q", v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprintf("%T(%s)", x, show(x))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case map[string]any:
		var parts []string
		for _, k := range slices.Sorted(mapKeys(v)) {
			parts = append(parts, fmt.Sprintf("%s:%T(%s)", k, v[k], show(v[k])))
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprint(v)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestParseMessages pins the wording the brief asks for, so that a careless
// -update cannot change it unnoticed.
func TestParseMessages(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"date", "---\ntitle: X\ndate: 31.12.2026\n---\n", []string{
			`x.md:3:7: "date" must be a date like 2026-11-27 (got "31.12.2026") (write year-month-day, optionally with a time: 2026-11-27 or 2026-11-27 09:30)`}},
		{"draft quoted", "---\ndraft: \"kanskje\"\n---\n", []string{
			`x.md:2:8: "draft" must be true or false (got "kanskje") (write true or false)`}},
		{"draft bare", "---\ndraft: kanskje\n---\n", []string{
			`x.md:2:8: "draft" must be true or false (got "kanskje") (write true or false)`}},
		{"draft yes", "---\ndraft: yes\n---\n", []string{
			`x.md:2:8: "draft" must be true or false (got "yes") (write true or false)`}},
		{"weight", "---\nweight: ti\n---\n", []string{
			`x.md:2:9: "weight" must be a whole number (got "ti") (write digits only, like 10 or -5)`}},
		{"tags items", "---\ntags: [1, {a: b}]\n---\n", []string{
			`x.md:2:11: "tags" items must be text (item 2 is a group of settings) (write the items in brackets, like [industri, mat], or one "- item" line each)`}},
		{"unclosed", "---\ntitle: X\n", []string{
			`x.md:1:1: the settings at the top of the file start here but never end (add a line with only --- after the last setting)`}},
		{"duplicate", "---\ntitle: A\ntitle: B\n---\n", []string{
			`x.md:3:1: "title" is given twice (first on line 2) (keep only one of them)`}},
		{"list", "---\n- a\n---\n", []string{
			`x.md:2:1: the settings at the top of the file must be key: value lines (found a list) (write one setting a line, like title: Bryggeriet)`}},
		{"norway", "---\nlang: no\ntitle: yes\nsummary: 2026\n---\n", nil},

		// Syntax errors name the character to change and say how.
		{"unclosed quote", "---\ntitle: \"Drammen\ndate: 2026-11-27\n---\n", []string{
			`x.md:2:8: the settings at the top of the file cannot be read as YAML: the quote (") that starts the text here is never closed (end the text with " too, like title: "Drammen")`}},
		{"unclosed quote after a bom and crlf", "\ufeff---\r\ndate: 2026-11-27\r\ntitle: \"Drammen\r\n---\r\n", []string{
			`x.md:3:8: the settings at the top of the file cannot be read as YAML: the quote (") that starts the text here is never closed (end the text with " too, like title: "Drammen")`}},
		{"unclosed list", "---\ntitle: X\ntags: [a, b\ndate: 2026-11-27\n---\n", []string{
			`x.md:3:7: the settings at the top of the file cannot be read as YAML: the list that starts here with [ is never closed (end it with ], like tags: [industri, mat])`}},
		{"tab", "---\ntags:\n\t- a\n---\n", []string{
			`x.md:3:1: the settings at the top of the file cannot be read as YAML: this line is indented with a tab (indent with spaces instead; YAML does not allow tabs there)`}},
		{"colon in a title", "---\ntitle: Drammen: byen\n---\n", []string{
			`x.md:2:15: the settings at the top of the file cannot be read as YAML: the text of "title" contains a colon and a space (": "), which YAML reads as the start of another setting (put the title in quotes: title: "Drammen: byen")`}},
		{"indented more", "---\ntitle: X\n  date: 2026-11-27\n---\n", []string{
			`x.md:3:3: the settings at the top of the file cannot be read as YAML: "date" is indented more than the line above it, so YAML reads it as part of the value there (start "date" at the same place as the line above)`}},
		{"indented less", "---\ncontact:\n    name: Kari\n  role: leder\n---\n", []string{
			`x.md:4:3: the settings at the top of the file cannot be read as YAML: "role" is indented differently from the lines above it (start it at the same place as "name" or "contact")`}},
		{"key without a value", "---\ntitle: X\ndraft\n---\n", []string{
			`x.md:3:1: the settings at the top of the file cannot be read as YAML: "draft" has no colon after it (write draft: and then its value, like draft: …)`}},
		{"list item after a value", "---\ntags: industri\n- mat\n---\n", []string{
			`x.md:3:1: the settings at the top of the file cannot be read as YAML: this list item follows "tags", which already has a value (industri) on the line above (to make a list, write tags: alone on its line and put each item below it, starting with "- ", like - industri)`}},
		{"list item under a text", "---\ntags: industri\n  - mat\n---\n", []string{
			`x.md:3:3: this line starts with "- " like a list item, but it is read as more of the text above it ("industri - mat") (to make a list, put nothing after the key's colon and start each item with "- " on a line of its own, the items lined up; to keep one text, put it in quotes)`}},
		{"duplicate nested", "---\ncontact:\n  name: A\n  name: B\n---\n", []string{
			`x.md:4:3: "name" is given twice (first on line 3) (keep only one of them)`}},
		{"toml unclosed string", "+++\ntitle = \"X\"\nsummary = \"Første\n+++\n", []string{
			`x.md:3:11: the settings at the top of the file cannot be read as TOML: the text that starts here with " is never closed (end it with " on the same line, like summary = "Første")`}},
		{"toml table twice", "+++\n[contact]\nname = \"A\"\n[contact]\n+++\n", []string{
			`x.md:4:2: the settings at the top of the file cannot be read as TOML: the table [contact] is given twice (first on line 2) (put all of its settings under one [contact])`}},
		{"utf-16", "\xff\xfe-\x00-\x00-\x00\n\x00", []string{
			`x.md: the file is saved as UTF-16; save it as UTF-8 (in your editor choose "Save as" and set the encoding to UTF-8: in Notepad it is the Encoding list beside the Save button; in VS Code click the encoding at the bottom right and choose "Save with Encoding")`}},
		{"windows-1252", "---\ntitle: Bl\xe5b\xe6r\n---\n", []string{
			`x.md:2:10: the file is saved as Windows-1252 or Latin-1, not UTF-8: this "å" is the first letter that is not UTF-8 (in your editor choose "Save as" and set the encoding to UTF-8: in Notepad it is the Encoding list beside the Save button; in VS Code click the encoding at the bottom right and choose "Save with Encoding")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("x.md", []byte(tt.src), oslo)
			var got []string
			for _, d := range diags {
				got = append(got, d.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseNorway(t *testing.T) {
	doc, diags := Parse("x.md", []byte("---\nlang: no\ntitle: yes\nsummary: 2026\n---\n"), oslo)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if doc.Meta.Lang != "no" || doc.Lang != "no" || doc.Meta.Title != "yes" || doc.Meta.Summary != "2026" {
		t.Errorf("got lang %q/%q, title %q, summary %q", doc.Meta.Lang, doc.Lang, doc.Meta.Title, doc.Meta.Summary)
	}
}

func TestParseDates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-11-27", "2026-11-27T00:00:00+01:00"},
		{"2026-11-27T09:30:00+01:00", "2026-11-27T09:30:00+01:00"},
		{"2026-11-27T09:30:00Z", "2026-11-27T09:30:00Z"},
		{"2026-11-27T09:30:00", "2026-11-27T09:30:00+01:00"},
		{"2026-11-27 09:30", "2026-11-27T09:30:00+01:00"},
		{"2026-11-27T09:30", "2026-11-27T09:30:00+01:00"},
		{"2026-11-27 09:30:15", "2026-11-27T09:30:15+01:00"},
		{"2026-11-27T09:30:00.25", "2026-11-27T09:30:00.25+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in, oslo)
			if !ok || got.Format(time.RFC3339Nano) != tt.want {
				t.Errorf("parseDate(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
			}
		})
	}
	for _, bad := range []string{"27/11", "31.12.2026", "2026-13-01", "i morgen", ""} {
		t.Run(bad, func(t *testing.T) {
			if got, ok := parseDate(bad, oslo); ok {
				t.Errorf("parseDate(%q) = %v, want no date", bad, got)
			}
		})
	}
}

func TestParseNilLocation(t *testing.T) {
	doc, diags := Parse("x.md", []byte("---\ndate: 2026-11-27\n---\n"), nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if want := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC); !doc.Meta.Date.Equal(want) {
		t.Errorf("date = %v, want %v", doc.Meta.Date, want)
	}
}

func TestParseTooBig(t *testing.T) {
	src := bytes.Repeat([]byte("a"), MaxFileSize+1)
	doc, diags := Parse("x.md", src, oslo)
	want := "x.md: the file is 8.1 MiB; content files may be at most 8 MiB (move pictures and other large parts into their own files beside the page)"
	if len(diags) != 1 || diags[0].Error() != want {
		t.Fatalf("got %v, want %s", diags, want)
	}
	if len(doc.Body) != 0 {
		t.Errorf("body of a too-big file has %d bytes, want none", len(doc.Body))
	}
	if _, diags := Parse("x.md", src[:MaxFileSize], oslo); len(diags) != 0 {
		t.Errorf("a file of exactly 8 MiB: %v", diags)
	}
}

// TestParseBodyLine checks that BodyLine points at the body's first line,
// with every line ending.
func TestParseBodyLine(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
	}{
		{"none", "Tekst\n", 1},
		{"lf", "---\na: 1\nb: 2\n---\nTekst\n", 5},
		{"crlf", "---\r\na: 1\r\nb: 2\r\n---\r\nTekst\r\n", 5},
		{"toml", "+++\na = 1\n+++\nTekst\n", 4},
		{"bom", "\ufeff---\na: 1\n---\nTekst\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := Parse("x.md", []byte(tt.src), oslo)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			if doc.BodyLine != tt.line {
				t.Errorf("BodyLine = %d, want %d", doc.BodyLine, tt.line)
			}
			if !bytes.HasPrefix(doc.Body, []byte("Tekst")) {
				t.Errorf("Body = %q, want it to start with Tekst", doc.Body)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.path, []byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, path string, src []byte) {
		doc, diags := Parse(path, src, oslo)
		if doc == nil {
			t.Fatal("nil document")
		}
		if !bytes.HasSuffix(src, doc.Body) {
			t.Fatalf("Body %q is not a suffix of the input", doc.Body)
		}
		if doc.BodyLine < 1 {
			t.Fatalf("BodyLine = %d", doc.BodyLine)
		}
		for _, d := range diags {
			// Only whole-file problems have no line: the size limit, a
			// misplaced index.md and an encoding such as UTF-16.
			wholeFile := strings.Contains(d.Msg, "MiB") || strings.Contains(d.Msg, "is not a page") || strings.Contains(d.Msg, "the file is saved as UTF-")
			if d.Pos.Line < 1 && !wholeFile {
				t.Fatalf("diagnostic without a line: %v", d)
			}
			if d.Pos.File != path {
				t.Fatalf("diagnostic names %q, want %q", d.Pos.File, path)
			}
		}
	})
}
