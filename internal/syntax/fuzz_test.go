package syntax

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// FuzzExplain checks that every parser error is explained without a
// panic, at a place inside the text, with words and a hint.
func FuzzExplain(f *testing.F) {
	for _, s := range []string{
		"title: \"x\n", "a: [1, {b: 2\n", "a:\n\t- b\n", "a: b: c\n", "a:\n    b: 1\n  c: 2\n", "a\n", "a: x\n- b\n",
		"a = \"x\n", "a = [1, 2\nb = 3\n", "[a\n", "a = 1\na = 2\n", "a: 1\n", "= 1\n", "a = \"\\q\"\n",
		"{\"a\": 1 \"b\": 2}", "[1,]", "{\"a\": \"x\n", "{'a': 1}", "",
		"\xff\xfea\x00", "a: \xe5\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(explainAll)
}

// explainAll explains src as each kind of text it fails to parse as.
func explainAll(t *testing.T, src []byte) {
	check := func(kind string, p Problem) {
		if p.Offset != WholeFile && (p.Offset < 0 || p.Offset > len(src)) {
			t.Fatalf("%s: offset %d outside the %d bytes of %q", kind, p.Offset, len(src), src)
		}
		if p.What.IsZero() || p.Fix.IsZero() {
			t.Fatalf("%s: %q has no message or no hint: %+v", kind, src, p)
		}
	}
	if p := Encoding(src); p != nil {
		check("encoding", *p)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		check("YAML", YAML(src, err))
	}
	var m map[string]any
	if err := toml.Unmarshal(src, &m); err != nil {
		check("TOML", TOML(src, 1, err))
	}
	var v any
	if err := json.NewDecoder(bytes.NewReader(src)).Decode(&v); err != nil {
		check("JSON", JSON(src, err))
	}
}
