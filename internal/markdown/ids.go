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
}

var _ parser.IDs = (*ids)(nil)

func newIDs() *ids {
	return &ids{used: make(map[string]bool)}
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
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put reserves an id chosen by the author.
func (s *ids) Put(value []byte) {
	s.used[string(value)] = true
}
