package content

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/syntax"
)

// We read YAML into yaml.Node rather than into Go values: nodes keep every
// line and column, and keep each scalar's text as written, which is how
// `lang: no` stays the text "no" instead of YAML 1.1's false.

// maxNodes bounds the work of expanding aliases: a few lines of anchors can
// otherwise stand for billions of values. maxDepth stops an alias that
// refers to itself.
const (
	maxNodes = 100_000
	maxDepth = 100
)

// decodeYAML reads YAML front matter into fields.
func decodeYAML(file string, text []byte, fm frontMatter) ([]field, diag.List) {
	src := text[fm.start:fm.end]
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, diag.List{yamlSyntax(file, text, fm.start, src, err, settingsAtTop)}
	}
	d := yamlDecoder{file: file, src: src, line0: firstLine - 1, budget: maxNodes}
	if len(doc.Content) == 0 {
		return nil, nil // empty or only comments
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		got := msg.T("a list")
		if root.Kind != yaml.SequenceNode {
			got = msg.T("a single value")
		}
		d.diags.Add(diag.Errorf(d.pos(root), "write one setting a line, like title: Bryggeriet",
			"the settings at the top of the file must be key: value lines (found %s)", got))
		return nil, d.diags
	}
	var fields []field
	for _, p := range d.pairs(root, 0) {
		d.cut = false
		v := d.value(p.v, 1)
		if d.cut {
			v = value{pos: v.pos} // what was read is a cut-off copy; keep none of it
		}
		fields = append(fields, field{key: p.key, keyPos: d.pos(p.k), val: v})
	}
	return fields, d.diags
}

// yamlSyntax turns a YAML parser error in src, which starts at offset base
// of the file's text, into a diagnostic at the character to change.
func yamlSyntax(file string, text []byte, base int, src []byte, err error, what msg.Text) *diag.Diagnostic {
	d := syntax.YAML(src, err).At(file, text, base)
	return d.Reword(msg.T("%s cannot be read as YAML: %s", what, d.Message()))
}

// yamlDecoder turns nodes into values, with positions in the file.
type yamlDecoder struct {
	file   string
	src    []byte // the YAML text
	line0  int    // file line just before the YAML text
	budget int
	diags  diag.List
	cut    bool // a value was cut off by overflow
	told   bool // overflow was reported
}

func (d *yamlDecoder) pos(n *yaml.Node) diag.Position {
	return diag.Position{File: d.file, Line: d.line0 + max(n.Line, 1), Col: n.Column}
}

type pair struct {
	key  string
	k, v *yaml.Node
}

// pairs lists a mapping's key/value pairs in order, with merged keys (<<)
// after the explicit ones, never overriding them (YAML's merge rule).
// Duplicate explicit keys are kept: the caller decides what to say.
func (d *yamlDecoder) pairs(n *yaml.Node, depth int) []pair {
	var out, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merged = append(merged, d.merge(v, depth+1)...)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.diags.Add(diag.Errorf(d.pos(k), "write keys as plain words", "a key must be text, not a list or group"))
			continue
		}
		out = append(out, pair{key: k.Value, k: k, v: v})
	}
	return appendNew(out, merged)
}

// appendNew appends the pairs of add whose keys are not yet in ps.
func appendNew(ps, add []pair) []pair {
	if len(add) == 0 {
		return ps
	}
	have := make(map[string]bool, len(ps))
	for _, p := range ps {
		have[p.key] = true
	}
	for _, p := range add {
		if !have[p.key] {
			have[p.key] = true
			ps = append(ps, p)
		}
	}
	return ps
}

func (d *yamlDecoder) merge(v *yaml.Node, depth int) []pair {
	d.budget--
	if d.budget < 0 || depth > maxDepth {
		d.overflow(d.pos(v))
		return nil
	}
	switch v.Kind {
	case yaml.AliasNode:
		if v.Alias != nil {
			return d.merge(v.Alias, depth+1)
		}
	case yaml.MappingNode:
		return d.pairs(v, depth)
	case yaml.SequenceNode:
		var out []pair
		for _, c := range v.Content {
			out = appendNew(out, d.merge(c, depth+1))
		}
		return out
	}
	d.diags.Add(diag.Errorf(d.pos(v), "write <<: *name where &name marks a group of settings", "only a group of settings can be merged with <<"))
	return nil
}

// overflow reports, once, that aliases expand to too much.
func (d *yamlDecoder) overflow(pos diag.Position) {
	d.cut = true
	if !d.told {
		d.told = true
		d.diags.Add(diag.Errorf(pos, "flatten the settings, and write values out instead of repeating them with *aliases",
			"the settings are nested too deeply, or repeat themselves too often through aliases"))
	}
}

// value converts n. Aliases are expanded, within the node budget.
func (d *yamlDecoder) value(n *yaml.Node, depth int) value {
	v := value{pos: d.pos(n)}
	d.budget--
	if d.budget < 0 || depth > maxDepth {
		d.overflow(v.pos)
		return v
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return v
		}
		a := d.value(n.Alias, depth+1)
		a.pos = v.pos
		return a
	case yaml.ScalarNode:
		d.listInText(n)
		return scalarValue(n, v)
	case yaml.SequenceNode:
		v.kind = kList
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			it := d.value(c, depth+1)
			v.items = append(v.items, it)
			list = append(list, it.goVal)
		}
		v.goVal = list
	case yaml.MappingNode:
		v.kind = kMap
		m := map[string]any{}
		first := map[string]*yaml.Node{}
		for _, p := range d.pairs(n, depth) {
			if k, dup := first[p.key]; dup {
				d.diags.Add(diag.Errorf(d.pos(p.k), "keep only one of them", "%q is given twice (first on line %d)", p.key, d.pos(k).Line))
				continue
			}
			first[p.key] = p.k
			m[p.key] = d.value(p.v, depth+1).goVal
		}
		v.goVal = m
	}
	return v
}

// listInText reports a text without quotes that goes on over a line that
// starts with "- ": YAML reads "tags: industri" and "  - mat" below it as
// the one text "industri - mat", but the writer meant a list.
func (d *yamlDecoder) listInText(n *yaml.Node) {
	if n.Style != 0 || d.src == nil || n.Line < 1 || !strings.Contains(n.Value, " - ") {
		return
	}
	start := 0
	for i := 0; i < n.Line && start < len(d.src); i++ {
		nl := bytes.IndexByte(d.src[start:], '\n')
		if nl < 0 {
			return
		}
		start += nl + 1
	}
	line, _, _ := bytes.Cut(d.src[start:], []byte("\n"))
	item := strings.TrimSpace(string(line))
	if !strings.HasPrefix(item, "- ") || !strings.Contains(n.Value, " "+item) {
		return
	}
	indent := len(line) - len(bytes.TrimLeft(line, " "))
	pos := diag.Position{File: d.file, Line: d.line0 + n.Line + 1, Col: indent + 1}
	d.diags.Add(diag.Errorf(pos, `to make a list, put nothing after the key's colon and start each item with "- " on a line of its own, the items lined up; to keep one text, put it in quotes`,
		"this line starts with \"- \" like a list item, but it is read as more of the text above it (%q)", n.Value))
}

// scalarValue reads a scalar. Only YAML 1.2's core types are decoded; every
// other scalar, timestamps included, stays the text it was written as.
func scalarValue(n *yaml.Node, v value) value {
	v.kind, v.text, v.goVal = kText, n.Value, n.Value
	switch n.ShortTag() {
	case "!!null":
		v.kind, v.goVal = kNull, nil
	case "!!bool":
		switch n.Value {
		case "true", "True", "TRUE":
			v.kind, v.goVal = kBool, true
		case "false", "False", "FALSE":
			v.kind, v.goVal = kBool, false
		}
	case "!!int":
		s := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			v.kind, v.goVal = kInt, i
		} else if f, err := strconv.ParseFloat(s, 64); err == nil {
			v.kind, v.goVal = kFloat, f // too big for int64
		}
	case "!!float":
		if f, ok := yamlFloat(n.Value); ok {
			v.kind, v.goVal = kFloat, f
		}
	}
	return v
}

func yamlFloat(s string) (float64, bool) {
	switch strings.ToLower(strings.TrimPrefix(s, "+")) {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	return f, err == nil
}
