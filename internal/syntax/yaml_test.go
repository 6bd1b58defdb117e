package syntax

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// explainYAML parses src as the front matter and data loaders do and
// returns the explained error as "line:col: message (hint)".
func explainYAML(t *testing.T, src string) string {
	t.Helper()
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(src), &doc)
	if err == nil {
		t.Fatalf("%q parses without an error", src)
	}
	return show(YAML([]byte(src), err), []byte(src))
}

// show prints a problem as a writer sees it, without a file name.
func show(p Problem, src []byte) string {
	d := p.At("", src, 0)
	if p.Offset == WholeFile {
		return fmt.Sprintf("file: %s (%s)", d.Msg, d.Hint)
	}
	return fmt.Sprintf("%d:%d: %s (%s)", d.Pos.Line, d.Pos.Col, d.Msg, d.Hint)
}

func TestYAML(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// yaml.v3 says line 3 (where it gave up), and no column.
		{"unclosed quote on the first line", "title: \"Drammen\ndate: 2026-01-02\n",
			`1:8: the quote (") that starts the text here is never closed (end the text with " too, like title: "Drammen")`},
		{"unclosed quote later", "date: 2026-01-02\ntitle: 'Drammen\n",
			`2:8: the quote (') that starts the text here is never closed (end the text with ' too, like title: 'Drammen')`},
		{"unclosed quote in a list", "tags:\n  - \"a\"\n  - \"b\n",
			`3:5: the quote (") that starts the text here is never closed (end the text with " too)`},
		{"quote closed on a later line is fine, the next is not", "a: \"x\n  y\"\nb: \"z\n",
			`3:4: the quote (") that starts the text here is never closed (end the text with " too, like b: "z")`},
		{"unclosed quote with CRLF", "title: \"Drammen\r\ndate: 2026-01-02\r\n",
			`1:8: the quote (") that starts the text here is never closed (end the text with " too, like title: "Drammen")`},
		{"unclosed quote before a document start", "a: \"x\n---\nb: 1\n",
			`1:4: the quote (") that starts the text here is never closed (end the text with " too, like a: "x")`},

		// yaml.v3 names the line of the mapping around the list.
		{"unclosed list", "title: X\ntags: [a, b\ndate: 2026-01-02\n",
			`2:7: the list that starts here with [ is never closed (end it with ], like tags: [industri, mat])`},
		{"unclosed inner list", "tags: [a, [b, c]\n",
			`1:7: the list that starts here with [ is never closed (end it with ], like tags: [industri, mat])`},
		{"unclosed group", "title: X\nauthor: {name: Kari\ndate: 2026-01-02\n",
			`2:9: the group that starts here with { is never closed (end it with }, like contact: {name: Kari, role: leder})`},
		{"list items without a comma", "tags: [\"a\" b]\n",
			`1:7: the items of the list that starts here with [ are not separated by commas (write a comma between the items, like tags: [industri, mat])`},
		{"list ends after a comma", "tags: [a,\n",
			`1:7: the list that starts here with [ is never closed (end it with ], like tags: [industri, mat])`},

		{"tab before a list item", "title: X\ntags:\n\t- a\n",
			`3:1: this line is indented with a tab (indent with spaces instead; YAML does not allow tabs there)`},
		{"tab before a key", "title: X\n\tdate: 2\n",
			`2:1: this line is indented with a tab (indent with spaces instead; YAML does not allow tabs there)`},
		{"tab after spaces", "tags:\n  \t- a\n",
			`2:3: this line is indented with a tab (indent with spaces instead; YAML does not allow tabs there)`},

		{"colon in a title", "title: Drammen: byen\ndate: 2026-01-02\n",
			`1:15: the text of "title" contains a colon and a space (": "), which YAML reads as the start of another setting (put the title in quotes: title: "Drammen: byen")`},
		{"colon in a later value", "date: 2026-01-02\nsummary: Drammen: en by\n",
			`2:17: the text of "summary" contains a colon and a space (": "), which YAML reads as the start of another setting (put the text in quotes: summary: "Drammen: en by")`},
		{"colon in a value with a quote", "title: Han sa: \"hei\"\n",
			`1:14: the text of "title" contains a colon and a space (": "), which YAML reads as the start of another setting (put the title in quotes: title: 'Han sa: "hei"')`},
		{"colon in a list item's value", "- label: a: b\n",
			`1:11: the text of "label" contains a colon and a space (": "), which YAML reads as the start of another setting (put the text in quotes: label: "a: b")`},

		{"key indented more", "title: X\n  date: 2026-01-02\n",
			`2:3: "date" is indented more than the line above it, so YAML reads it as part of the value there (start "date" at the same place as the line above)`},
		{"key indented more in a group", "params:\n  a: 1\n   b: 2\n",
			`3:4: "b" is indented more than the line above it, so YAML reads it as part of the value there (start "b" at the same place as the line above)`},
		{"key indented more after a quoted value", "title: \"x\"\n  y: 2\n",
			`2:3: "y" is indented more than the line above it (start "y" at the same place as "title")`},
		{"key indented less", "params:\n    a: 1\n  b: 2\n",
			`3:3: "b" is indented differently from the lines above it (start it at the same place as "a" or "params")`},
		{"block text indented less", "a: |\n  x\n y\n",
			`3:2: "y" is indented differently from the lines above it (start it at the same place as "x" or "a")`},

		{"text after a closing quote", "title: \"a\" b\n",
			`1:12: there is more text after the closing quote (put all of the text inside the quotes)`},
		{"apostrophe in single quotes", "title: 'it's'\n",
			`1:11: the apostrophe here ends the text that started with ' (write the apostrophe twice ('') inside 'single quotes', or put the text in "double quotes")`},

		{"key without a colon", "title: X\ndate\n",
			`2:1: "date" has no colon after it (write date: and then its value, like date: …)`},
		{"key without a colon before another key", "title: X\ndraft\nsummary: y\n",
			`2:1: "draft" has no colon after it (write draft: and then its value, like draft: …)`},
		{"words without a colon", "title: X\nDette er tekst\nsummary: y\n",
			`2:1: this line is not a setting: it has no colon after a key (write each setting as key: value, like title: Bryggeriet)`},

		{"list item after a value", "title: X\ntags: industri\n- mat\n",
			`3:1: this list item follows "tags", which already has a value (industri) on the line above (to make a list, write tags: alone on its line and put each item below it, starting with "- ", like - industri)`},
		{"list item on the key's line", "tags: - a\n",
			`1:7: a list item ("- ") starts on the same line as "tags:" (write tags: alone on its line and put each item on a line of its own below it)`},
		{"key among list items", "tags:\n  - a\n  b: 1\n",
			`3:3: "b" is in the middle of a list, whose items start with "- " (start the line with "- " to make it an item, or move "b" to the left, to line up with the key the list belongs to)`},

		{"at sign", "title: X\nauthor: @kari\n",
			`2:9: a text cannot start with @ unless it is in quotes (put the text in quotes, like author: "@kari")`},
		{"backtick", "title: `kode`\n",
			"1:8: a text cannot start with ` unless it is in quotes (put the text in quotes, like title: \"`kode`\")"},
		{"unknown escape", "title: X\npath: \"C:\\mappe\"\n",
			`2:10: \m is not an escape YAML knows (a backslash in "double quotes" starts one) (write \\ for a backslash, or put the text in 'single quotes')`},
		{"short hex escape", "a: \"ok \\n \\xZ\"\n",
			`1:11: \x is not an escape YAML knows (a backslash in "double quotes" starts one) (write \\ for a backslash, or put the text in 'single quotes')`},
		{"control character", "title: X\nsummary: a\vb\n",
			`2:11: there is an invisible control character here (U+000B) (delete it and type the text again; it was probably pasted from another program)`},
		{"unknown alias", "title: X\nauthors: *folk\n",
			`2:10: *folk refers to an anchor (&folk) that is not defined above it (write &folk before the value it names, above this line, or write the value out instead of *folk)`},
		{"columns count letters, not bytes", "tittel: Grønland: byen\n",
			`1:17: the text of "tittel" contains a colon and a space (": "), which YAML reads as the start of another setting (put the text in quotes: tittel: "Grønland: byen")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := explainYAML(t, tt.src); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// BenchmarkYAMLLongFile explains mistakes at the end and at the top of a
// 1 MiB data file: the search for the failing line gallops from the line
// yaml.v3 names, so each costs a few parses, not one per halving.
func BenchmarkYAMLLongFile(b *testing.B) {
	var body strings.Builder
	for i := 0; body.Len() < 1<<20; i++ {
		fmt.Fprintf(&body, "key%d: value number %d\n", i, i)
	}
	for _, tt := range []struct{ name, src string }{
		{"quote at the end", body.String() + "last: \"open\n"},
		{"colon at the end", body.String() + "last: a: b\n"},
		{"quote at the top", "first: \"open\n" + body.String()},
	} {
		src := []byte(tt.src)
		var doc yaml.Node
		err := yaml.Unmarshal(src, &doc)
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				YAML(src, err)
			}
		})
	}
}
