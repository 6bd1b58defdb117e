package config

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// The decoded document (map[string]any) has no positions, so a second pass
// over go-toml's syntax tree records where each key and value was written.
// The two meet by key path. The document has already decoded without error
// when locate runs, so locate can trust its TOML semantics.

// path is a key path into the document. Array elements are segments made
// by index, which no key written in a sensible file collides with.
type path []string

func (p path) key(k string) path { return append(p[:len(p):len(p)], k) }

func (p path) index(i int) path { return p.key(indexMark + strconv.Itoa(i)) }

const indexMark = "\x00"

func (p path) id() string { return strings.Join(p, "\x1f") }

// last returns the last key of p, skipping array indexes.
func (p path) last() string {
	for i := len(p) - 1; i >= 0; i-- {
		if !strings.HasPrefix(p[i], indexMark) {
			return p[i]
		}
	}
	return ""
}

// String returns p as a reader would write it in works.toml: dotted, with
// array indexes left out and odd keys quoted.
func (p path) String() string {
	var parts []string
	for _, k := range p {
		if strings.HasPrefix(k, indexMark) {
			continue
		}
		if !isBareKey(k) {
			k = strconv.Quote(k)
		}
		parts = append(parts, k)
	}
	return strings.Join(parts, ".")
}

func isBareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// loc is where a key path was first written, as byte offsets into the
// source; -1 when unknown. For tables val is the "[" of their header; for
// array elements key and val are both the element's start.
type loc struct {
	key, val int
	end      int // end of a scalar value, or -1
}

type locator struct {
	src    []byte
	locs   map[string]loc
	arrays map[string]int // array-of-tables path → elements so far
}

// locate maps each key path of the document to where it was written.
func locate(src []byte) map[string]loc {
	l := &locator{src: src, locs: map[string]loc{}, arrays: map[string]int{}}
	var p unstable.Parser
	p.Reset(src)
	var table path
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = l.header(e)
		case unstable.KeyValue:
			l.keyValue(table, e)
		}
	}
	return l.locs
}

// mark records the first place a path was written; TOML lets later lines
// add to a table, but the reader looks for where it starts.
func (l *locator) mark(p path, at loc) {
	id := p.id()
	if _, ok := l.locs[id]; !ok {
		l.locs[id] = at
	}
}

func keys(n *unstable.Node) []*unstable.Node {
	var ks []*unstable.Node
	it := n.Key()
	for it.Next() {
		ks = append(ks, it.Node())
	}
	return ks
}

// header handles [a.b] and [[a.b]] and returns the path of the table that
// the following key/value lines fill.
func (l *locator) header(e *unstable.Node) path {
	ks := keys(e)
	if len(ks) == 0 {
		return nil
	}
	start := int(ks[0].Raw.Offset)
	for start > 0 && strings.IndexByte(" \t[", l.src[start-1]) >= 0 {
		start--
	}
	var p path
	for i, k := range ks {
		p = p.key(string(k.Data))
		off := int(k.Raw.Offset)
		if i < len(ks)-1 {
			l.mark(p, loc{key: off, val: off, end: -1})
			// A header through an array of tables means its last element.
			if n, ok := l.arrays[p.id()]; ok {
				p = p.index(n - 1)
			}
			continue
		}
		l.mark(p, loc{key: off, val: start, end: -1})
		if e.Kind == unstable.ArrayTable {
			n := l.arrays[p.id()]
			l.arrays[p.id()] = n + 1
			p = p.index(n)
			l.mark(p, loc{key: start, val: start, end: -1})
		}
	}
	return p
}

// keyValue handles a = 1 and a.b.c = 1 inside table.
func (l *locator) keyValue(table path, kv *unstable.Node) {
	ks := keys(kv)
	if len(ks) == 0 {
		return
	}
	p := table
	for i, k := range ks {
		p = p.key(string(k.Data))
		if i < len(ks)-1 {
			off := int(k.Raw.Offset)
			l.mark(p, loc{key: off, val: off, end: -1})
		}
	}
	last := ks[len(ks)-1]
	// Arrays carry no range, so find the value after the "=".
	i := int(last.Raw.Offset + last.Raw.Length)
	for i < len(l.src) && strings.IndexByte(" \t=", l.src[i]) >= 0 {
		i++
	}
	l.value(p, int(last.Raw.Offset), i, kv.Value())
}

func (l *locator) value(p path, key, start int, v *unstable.Node) {
	end := -1
	switch v.Kind {
	case unstable.Array, unstable.InlineTable:
	default:
		end = int(v.Raw.Offset + v.Raw.Length)
	}
	l.mark(p, loc{key: key, val: start, end: end})
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				l.keyValue(p, c)
			}
		}
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			off := -1 // a nested array has no range; its parent stands in
			if c.Kind != unstable.Array {
				off = int(c.Raw.Offset)
			}
			l.value(p.index(i), off, off, c)
			i++
		}
	}
}
