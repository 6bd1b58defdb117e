package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/drammen-works/works/internal/slug"
)

// ids hands out element ids unique within one page. A fresh one goes into
// every render's parser.Context, so nothing is shared between renders.
type ids struct {
	used map[string]bool
	// next is the suffix to try first for a base already handed out, so
	// that a page with the same heading n times costs n steps, not n².
	next map[string]int
}

var _ parser.IDs = (*ids)(nil)

func newIDs() *ids {
	return &ids{used: make(map[string]bool), next: make(map[string]int)}
}

// Generate returns the slug of value ("Økt vekst i Åssiden" →
// "okt-vekst-i-assiden"), made unique by "-1", "-2", … A heading with no
// letters or digits gets "heading".
func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "id"
		if kind == ast.KindHeading {
			base = "heading"
		}
	}
	id := base
	i := max(s.next[base], 1)
	for ; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.next[base] = i
	s.used[id] = true
	return []byte(id)
}

// Put reserves an id chosen by the author.
func (s *ids) Put(value []byte) {
	s.used[string(value)] = true
}
