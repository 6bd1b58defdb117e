package syntax

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// encoding/json says: invalid character '"' after object key:value pair.
		{"comma missing after a value", "{\n  \"a\": 1,\n  \"b\": [1, 2],\n  \"c\": \"x\"\n  \"d\": 2\n}\n",
			`4:11: a comma is missing after the value on line 4 (put a comma (,) at the end of line 4)`},
		{"comma missing on one line", `{"a": 1 "b": 2}`,
			`1:8: a comma is missing after the value on line 1 (put a comma (,) after it)`},
		{"comma missing in a list", "[\n  \"a\"\n  \"b\"\n]\n",
			`2:6: a comma is missing after the item on line 2 (put a comma (,) at the end of line 2)`},
		{"colon missing", `{"name" "Kari"}`,
			`1:8: a colon (:) is missing after the name "name" (write "name": value)`},

		// encoding/json says: unexpected end of JSON input.
		{"file ends in a group", "{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n",
			`1:1: the file ends before the closing } of the group that starts here (put } after its last setting)`},
		{"file ends in a list", "{\n  \"a\": 1,\n  \"b\": [1, 2\n",
			`3:8: the file ends before the closing ] of the list that starts here (put ] after its last item)`},
		{"file ends in a text", "{\"a\": \"Dram",
			`1:7: the file ends inside the text that starts here with " (end the text with ")`},
		{"empty file", "\n",
			`file: the file is empty (write {} for a file without data, or remove the file)`},

		{"comma after the last setting", "{\n  \"a\": 1,\n}\n",
			`2:9: there is a comma after the last setting of a { } group (remove the comma: JSON allows none before })`},
		{"comma after the last item", "[1, 2,]",
			`1:6: there is a comma after the last item of a [ ] list (remove the comma: JSON allows none before ])`},
		{"name without quotes", "{\n  navn: 1\n}\n",
			`2:3: the name navn must be in double quotes (write "navn": …)`},
		{"name in single quotes", "{'navn': 1}",
			`1:2: names must be in "double quotes", not 'single quotes' (write "name": value)`},
		{"text without quotes", `{"a": Drammen}`,
			`1:7: this value is not text in "double quotes", a number, true, false or null (put text in "double quotes")`},
		{"text that starts like true", `{"a": test}`,
			`1:7: this value is not text in "double quotes", a number, true, false or null (put text in "double quotes")`},
		{"text in single quotes", `{"a": 'x'}`,
			`1:7: text must be in "double quotes", not 'single quotes' (write "text")`},
		{"value missing", `{"a": }`,
			`1:7: a value is missing after the colon (write a value, like "name": "Kari")`},
		{"leading zero", `{"phone": 0123}`,
			`1:11: this number is not written as JSON wants (write numbers like 12, -3 or 4.5, without a 0 in front; put anything else in "double quotes")`},
		{"text over two lines", "{\"a\": \"x\ny\"}",
			`1:7: the text that starts here with " is not closed on its line (end it with " before the line ends; write \n for a line break inside the text)`},
		{"tab in text", "{\"a\": \"x\ty\"}",
			`1:9: there is a tab inside the text (write \t instead of the tab)`},
		{"unknown escape", `{"path": "C:\mappe"}`,
			`1:13: \m is not an escape JSON knows (a backslash in text starts one) (write \\ for a backslash)`},
		{"columns count letters", "{\"å\": 1 \"b\": 2}",
			`1:8: a comma is missing after the value on line 1 (put a comma (,) after it)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := json.NewDecoder(bytes.NewReader([]byte(tt.src)))
			var v any
			err := dec.Decode(&v)
			if err == nil {
				t.Fatalf("%q decodes without an error", tt.src)
			}
			if got := show(JSON([]byte(tt.src), err), []byte(tt.src)); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}
