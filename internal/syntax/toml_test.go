package syntax

import (
	"testing"

	"github.com/pelletier/go-toml/v2"
)

func TestTOML(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// go-toml points at the end of the line.
		{"unclosed string", "title = \"Drammen\ndate = 2026-01-02\n",
			`1:9: the text that starts here with " is never closed (end it with " on the same line, like title = "Drammen")`},
		{"unclosed string after a letter", "title = \"X\"\ntagline = \"Vår by\n",
			`2:11: the text that starts here with " is never closed (end it with " on the same line, like tagline = "Vår by")`},
		{"unclosed literal string", "title = 'Drammen\n",
			`1:9: the text that starts here with ' is never closed (end it with ' on the same line, like title = 'Drammen')`},
		{"unclosed multi-line string", "title = \"X\"\nsummary = \"\"\"Første\nandre\n",
			`2:11: the text that starts here with """ is never closed (end it with """)`},
		{"a quote in a comment does not count", "# \"x\nt = 'a\n",
			`2:5: the text that starts here with ' is never closed (end it with ' on the same line, like t = 'a')`},

		{"text without quotes", "title = Drammen Works\n",
			`1:9: this value is not text in quotes, a number, a date, true or false (put text in "double quotes", like title = "Drammen Works")`},
		{"text that starts like true", "title = test\n",
			`1:9: this value is not text in quotes, a number, a date, true or false (put text in "double quotes", like title = "test")`},
		{"no value", "title =\nx = 1\n",
			`1:8: "title" has no value after = (write its value after =, like title = "…")`},
		{"number then text", "title = 2026 er året\n",
			`1:9: the value of "title" is text, which must be in quotes (put it in quotes, like title = "2026 er året")`},
		{"text after the closing quote", "title = \"Drammen\" byen\n",
			`1:19: there is more text after the closing quote (put all of the text inside the quotes)`},
		{"quotes inside quotes", "title = \"Han sa \"hei\"\"\n",
			`1:18: there is more text after the closing quote: the text holds the same quote it is written in (write \" for a quote inside "double quotes", or put the text in 'single quotes', like title = 'Han sa "hei"')`},

		{"colon instead of equals", "title: \"X\"\n",
			`1:6: TOML writes = between a key and its value, not : (write title = "X")`},
		{"key without equals", "title = \"X\"\ndate 2026-11-27\n",
			`2:6: "date" has no = after it (write date = and then its value)`},
		{"key alone", "title = \"X\"\ndraft\n",
			`2:6: "draft" has no = and no value after it (write draft = and then its value, like draft = "…")`},
		{"key with a space", "my title = \"X\"\n",
			`1:4: a key cannot contain spaces (write it with _ instead of spaces, or put it in quotes: "my title" = …)`},

		{"missing comma", "tags = [\"a\" \"b\"]\n",
			`1:13: a comma is missing before this item (separate the items with commas, like tags = ["industri", "mat"])`},
		{"unclosed list", "tags = [\"a\", \"b\"\ntitle = \"x\"\n",
			`1:8: the list that starts here with [ is never closed (end it with ], like tags = ["industri", "mat"])`},
		{"unclosed list before a table", "tags = [\"a\",\n  \"b\"\n\n[brand]\n",
			`1:8: the list that starts here with [ is never closed (end it with ], like tags = ["industri", "mat"])`},
		{"list over lines missing a comma", "tags = [\n  \"a\"\n  \"b\",\n]\n",
			`3:3: a comma is missing before this item (separate the items with commas, like tags = ["industri", "mat"])`},
		{"unclosed group", "contact = {name = \"Kari\"\n",
			`1:11: the group that starts here with { is never closed (end it with } on the same line, like contact = { name = "Kari" })`},
		{"unclosed table name", "[brand\nname = \"x\"\n",
			`1:7: the table name in [ ] is not closed (end the line with ], like [brand])`},

		{"key twice", "title = \"a\"\ndate = 2026-11-27\ntitle = \"b\"\n",
			`3:1: "title" is given twice (first on line 1) (keep only one of them)`},
		{"dotted key twice", "a.b = 1\na = 2\n",
			`2:1: "a" is given twice (first on line 1) (keep only one of them)`},
		{"table twice", "[contact]\nname = \"A\"\n[contact]\nname = \"B\"\n",
			`3:2: the table [contact] is given twice (first on line 1) (put all of its settings under one [contact])`},
		{"value then table", "brand = \"x\"\n[brand]\n",
			`2:2: "brand" is given a value (first on line 1) and is used as a table here (rename one of them)`},
		{"list of tables then table", "[[a]]\n[a]\n",
			`2:2: [a] is written here, but [[a]] (first on line 1) made it a list of tables (write [[a]] here too, or rename one of them)`},

		{"equals without key", "= 1\n",
			`1:1: this line has no key before = (write the key first, like title = "Drammen Works")`},
		{"a YAML list", "tags = []\n- a\n",
			`2:1: this line starts with "-", which TOML does not use for lists (write a list in brackets after its key, like tags = ["industri", "mat"])`},
		{"unknown escape", "path = \"C:\\mappe\"\n",
			`1:11: \m is not an escape TOML knows (a backslash in "double quotes" starts one) (write \\ for a backslash, or put the text in 'single quotes')`},
		{"impossible date", "date = 2026-02-30\n",
			`1:8: this is not a date or time that exists, or is not written as TOML wants (impossible date) (write a date like 2026-11-27 and a time like 2026-11-27T09:30:00; put anything else in "double quotes")`},
		{"leading zero", "phone = 0123\n",
			`1:9: a number cannot start with 0 (write it without the 0, or in quotes if it is text such as a phone number: "0123")`},
		{"control character", "title = \"a\vb\"\n",
			`1:11: there is an invisible control character here (delete it and type the text again; it was probably pasted from another program)`},
		{"CRLF", "title = \"X\"\r\ndate 2026-11-27\r\n",
			`2:6: "date" has no = after it (write date = and then its value)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			err := toml.Unmarshal([]byte(tt.src), &m)
			if err == nil {
				t.Fatalf("%q parses without an error", tt.src)
			}
			if got := show(TOML([]byte(tt.src), 1, err), []byte(tt.src)); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}
