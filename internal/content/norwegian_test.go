package content

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/msg"
)

// TestNorwegianGolden writes testdata/norwegian.golden: what a writer
// reads, in Norwegian, for the mistakes writers make most, so that a
// reader of the file sees the words without running works. Files that
// are fine say so: a byte order mark, Windows line endings and `lang: no`
// must not be errors.
func TestNorwegianGolden(t *testing.T) {
	var out bytes.Buffer
	for _, tc := range []struct{ name, path, src string }{
		{"settings that never end", "historier/kafeen.md", "---\ntitle: Kafeen\n\nTekst uten slutt.\n"},
		{"byte order mark: fine", "historier/kafeen.md", "\ufeff---\ntitle: Kafeen\n---\nTekst.\n"},
		{"byte order mark: columns count without it", "historier/kafeen.md", "\ufeff---\ntitle: \"Kafeen\n---\n"},
		{"windows line endings: fine", "historier/kafeen.md", "---\r\ntitle: Kafeen\r\ndate: 2026-11-27\r\n---\r\nTekst.\r\n"},
		{"lang: no is Norwegian, not false", "historier/kafeen.md", "---\ntitle: Kafeen\nlang: no\n---\n"},
		{"lang: no in an English file", "historier/kafeen.en.md", "---\ntitle: Kafeen\nlang: no\n---\n"},
		{"a date written the Norwegian way", "historier/kafeen.md", "---\ntitle: Kafeen\ndate: 27.11.2026\n---\n"},
		{"draft that is not true or false", "historier/kafeen.md", "---\ntitle: Kafeen\ndraft: kanskje\n---\n"},
		{"a key given twice", "historier/kafeen.md", "---\ntitle: Kafeen\nTitle: Kafeen i Drammen\n---\n"},
		{"an empty tag", "historier/kafeen.md", "---\ntitle: Kafeen\ntags: [mat, \"\"]\n---\n"},
		{"a list that is read as text", "historier/kafeen.md", "---\ntitle: Kafeen\ntags: mat\n  - industri\n---\n"},
		{"a colon in the title", "historier/kafeen.md", "---\ntitle: Kafeen: en ny start\n---\n"},
		{"index.md at the top", "index.md", "---\ntitle: Forside\n---\n"},
	} {
		_, diags := Parse(tc.path, []byte(tc.src), oslo)
		writeNorwegian(&out, tc.name, tc.src, diags)
	}

	for _, size := range []int{MaxFileSize + 1<<19, 9 << 20} {
		_, diags := Parse("historier/stor.md", bytes.Repeat([]byte("a"), size), oslo)
		writeNorwegian(&out, "a file too large", fmt.Sprintf("(%d bytes)\n", size), diags)
	}

	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte(target)}
	}
	_, diags := Load(context.Background(), fstest.MapFS{
		"historier/ute.md":   link("../../hemmelig.md"),
		"historier/borte.md": link("finnes-ikke.md"),
	}, oslo)
	writeNorwegian(&out, "links in content/", "historier/ute.md → ../../hemmelig.md\nhistorier/borte.md → finnes-ikke.md\n", diags)

	_, diags = LoadData(fstest.MapFS{
		"tall.json":      md("{\n  \"ansatte\": 12,\n}\n"),
		"folk.yaml":      md("leder: Kari\n"),
		"folk/leder.yml": md("navn: Kari\n"),
	})
	writeNorwegian(&out, "data files", "tall.json: {\"ansatte\": 12,}\nfolk.yaml and folk/leder.yml\n", diags)

	golden.Check(t, "testdata/norwegian.golden", out.Bytes())
}

func writeNorwegian(w *bytes.Buffer, name, src string, diags diag.List) {
	fmt.Fprintf(w, "== %s ==\n", name)
	for i, l := range strings.SplitAfter(strings.TrimSuffix(src, "\n"), "\n") {
		fmt.Fprintf(w, "%3d | %s\n", i+1, showLine(l))
	}
	if len(diags) == 0 {
		fmt.Fprintln(w, "-> (ingen feil)")
	}
	for _, d := range diags {
		fmt.Fprintf(w, "-> %s\n", d.Line(msg.Norwegian))
	}
	fmt.Fprintln(w)
}
