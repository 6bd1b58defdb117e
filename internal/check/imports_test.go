package check

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoMarkdownParser: check reads what the markdown package's one parse
// of a body saw (markdown.Facts); parsing a body again is what it must
// not do, so it imports no goldmark package, tests included.
func TestNoMarkdownParser(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/yuin/goldmark" || strings.HasPrefix(path, "github.com/yuin/goldmark/") {
				t.Errorf("%s imports %s; read markdown.Facts instead", fset.Position(imp.Pos()), path)
			}
		}
	}
}
