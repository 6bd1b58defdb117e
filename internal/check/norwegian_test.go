package check

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/site"
)

// TestNorwegianGolden shows what a writer reads: the findings of the
// fixture site of `works check`, which has one of every problem, in
// Norwegian. go test -update rewrites the golden file.
func TestNorwegianGolden(t *testing.T) {
	a, err := txtar.ParseFile("../../cmd/works/testdata/check/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files, theme := map[string]string{}, fstest.MapFS{}
	for _, f := range a.Files {
		if name, ok := strings.CutPrefix(f.Name, "themes/t/"); ok {
			theme[name] = &fstest.MapFile{Data: f.Data}
			continue
		}
		files[f.Name] = string(f.Data)
	}
	schemas, errs := LoadSchemas(theme, "themes/t/"+SchemaFile)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m, docs := model(t, files, site.Options{})
	found := Run(context.Background(), m, docs, Options{Now: now, Schemas: schemas})
	if len(found) < 20 {
		t.Fatalf("%d findings; the fixture has more problems than that:\n%v", len(found), found)
	}
	var b strings.Builder
	for _, d := range found {
		line := d.Line(msg.Norwegian)
		if line == d.Error() {
			t.Errorf("not in Norwegian: %s", line)
		}
		b.WriteString(line + "\n")
	}
	golden.Check(t, "testdata/norwegian.golden", []byte(b.String()))
}
