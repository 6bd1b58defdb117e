package content

import (
	"bytes"
	"cmp"
	"fmt"
	"strconv"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/syntax"
)

// TOML is read twice: go-toml's decoder gives the values with TOML's full
// semantics, and its unstable parser gives the byte offsets of the top-level
// keys and values, which the decoder does not expose.

// tomlEntry is one top-level key as the parser saw it.
type tomlEntry struct {
	name   string
	keyOff int
	valOff int
	simple bool           // a plain `key = value`, not a dotted key or a [table]
	span   unstable.Range // the whole `key = value`, for simple keys
	items  []int          // offsets of the items of an array value; -1 when unknown
	raw    string         // the text of a scalar value that is not a string
}

func decodeTOML(file string, text []byte, fm frontMatter, loc *time.Location) ([]field, diag.List) {
	src := text[fm.start:fm.end]
	pos := func(off int) diag.Position { return diag.Offset(file, text, fm.start+off) }

	entries, ok := scanTOML(src)
	if !ok {
		entries = nil // a syntax error comes first; the decoder reports it below
	}
	var diags diag.List
	first := map[string]tomlEntry{}
	for _, e := range entries {
		prev, ok := first[e.name]
		if !ok {
			first[e.name] = e
			continue
		}
		if e.simple && prev.simple {
			diags.Add(diag.Errorf(pos(e.keyOff), "keep only one of them", "%q is given twice (first on line %d)", e.name, pos(prev.keyOff).Line))
			// The decoder would stop at the repeat, so blank it out (keeping
			// line breaks, so positions hold) to check everything else.
			if len(diags) == 1 {
				src = bytes.Clone(src)
			}
			blank(src[e.span.Offset : e.span.Offset+e.span.Length])
		}
	}

	var m map[string]any
	if err := toml.Unmarshal(src, &m); err != nil {
		return nil, append(diags, tomlSyntax(file, text, fm.start, src, err, settingsAtTop))
	}

	var fields []field
	done := map[string]bool{}
	for _, e := range entries {
		if done[e.name] {
			continue
		}
		done[e.name] = true
		goVal, ok := m[e.name]
		if !ok {
			continue
		}
		var items []diag.Position
		for _, off := range e.items {
			p := pos(e.valOff)
			if off >= 0 {
				p = pos(off)
			}
			items = append(items, p)
		}
		fields = append(fields, field{key: e.name, keyPos: pos(e.keyOff), val: tomlValue(goVal, pos(e.valOff), items, e.raw, loc)})
	}
	return fields, diags
}

// blank replaces every byte of b but line breaks with a space.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' && c != '\r' {
			b[i] = ' '
		}
	}
}

// scanTOML lists the top-level keys of src in order. At a syntax error it
// stops and returns false: the decoder reports the error, with its position.
func scanTOML(src []byte) ([]tomlEntry, bool) {
	var p unstable.Parser
	p.Reset(src)
	var out []tomlEntry
	inTable := false
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			if inTable {
				continue
			}
			var firstKey, lastKey *unstable.Node
			n := 0
			for it := e.Key(); it.Next(); n++ {
				if firstKey == nil {
					firstKey = it.Node()
				}
				lastKey = it.Node()
			}
			if firstKey == nil {
				continue
			}
			ent := tomlEntry{
				name:   string(firstKey.Data),
				keyOff: int(firstKey.Raw.Offset),
				valOff: valueStart(src, int(lastKey.Raw.Offset+lastKey.Raw.Length)),
				simple: n == 1,
				span:   e.Raw,
			}
			if v := e.Value(); n == 1 {
				switch v.Kind {
				case unstable.Array:
					for it := v.Children(); it.Next(); {
						ent.items = append(ent.items, itemOffset(src, it.Node()))
					}
				case unstable.String, unstable.InlineTable:
				default:
					ent.raw = string(v.Data)
				}
			}
			out = append(out, ent)
		case unstable.Table, unstable.ArrayTable:
			inTable = true
			it := e.Key()
			if it.Next() {
				k := it.Node()
				out = append(out, tomlEntry{name: string(k.Data), keyOff: int(k.Raw.Offset), valOff: int(k.Raw.Offset)})
			}
		}
	}
	return out, p.Error() == nil
}

// itemOffset returns the offset of an array item, or -1. The parser gives
// no range for an array, so a nested one is found from its first item.
func itemOffset(src []byte, n *unstable.Node) int {
	if n.Raw.Length > 0 {
		return int(n.Raw.Offset)
	}
	if n.Kind == unstable.Array {
		if c := n.Child(); c != nil {
			if off := itemOffset(src, c); off >= 0 {
				return bytes.LastIndexByte(src[:off], '[')
			}
		}
	}
	return -1
}

// valueStart skips from the end of a key past " = " to its value.
func valueStart(src []byte, off int) int {
	for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
		off++
	}
	if off < len(src) && src[off] == '=' {
		off++
	}
	for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
		off++
	}
	return off
}

// tomlSyntax turns a go-toml error in src, which starts at offset base of
// the file's text, into a diagnostic at the character to change.
func tomlSyntax(file string, text []byte, base int, src []byte, err error, what msg.Text) *diag.Diagnostic {
	d := syntax.TOML(src, diag.Offset(file, text, base).Line, err).At(file, text, base)
	return d.Reword(msg.T("%s cannot be read as TOML: %s", what, d.Message()))
}

// tomlValue converts a value from go-toml's decoder. Local dates and
// date-times are read in loc (nil: kept as text, for data files, which have
// no time zone).
func tomlValue(x any, pos diag.Position, items []diag.Position, raw string, loc *time.Location) value {
	v := value{pos: pos, goVal: x}
	switch x := x.(type) {
	case nil:
	case string:
		v.kind, v.text = kText, x
	case bool:
		v.kind, v.text = kBool, strconv.FormatBool(x)
	case int64:
		v.kind, v.text = kInt, cmp.Or(raw, strconv.FormatInt(x, 10))
	case float64:
		v.kind, v.text = kFloat, cmp.Or(raw, strconv.FormatFloat(x, 'g', -1, 64))
	case time.Time:
		v.kind, v.text, v.t = kTime, cmp.Or(raw, x.Format(time.RFC3339Nano)), x
	case toml.LocalDate:
		v = localTime(v, x.String(), x.AsTime, loc)
	case toml.LocalDateTime:
		v = localTime(v, x.String(), x.AsTime, loc)
	case toml.LocalTime:
		v.kind, v.text, v.goVal = kText, x.String(), x.String()
	case []any:
		v.kind = kList
		list := make([]any, len(x))
		for i, it := range x {
			p := pos
			if i < len(items) {
				p = items[i]
			}
			iv := tomlValue(it, p, nil, "", loc)
			v.items = append(v.items, iv)
			list[i] = iv.goVal
		}
		v.goVal = list
	case []map[string]any:
		anys := make([]any, len(x))
		for i, m := range x {
			anys[i] = m
		}
		return tomlValue(anys, pos, items, raw, loc)
	case map[string]any:
		v.kind = kMap
		m := make(map[string]any, len(x))
		for k, it := range x {
			m[k] = tomlValue(it, pos, nil, "", loc).goVal
		}
		v.goVal = m
	default:
		v.kind, v.text = kText, fmt.Sprint(x)
		v.goVal = v.text
	}
	return v
}

func localTime(v value, text string, asTime func(*time.Location) time.Time, loc *time.Location) value {
	if loc == nil {
		v.kind, v.text, v.goVal = kText, text, text
		return v
	}
	v.kind, v.text, v.t = kTime, text, asTime(loc)
	v.goVal = v.t
	return v
}
