package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/msg"
)

// TestNorwegian shows what a writer reads for a handful of mistakes in
// works.toml, in testdata/norwegian.golden (go test -update rewrites it).
func TestNorwegian(t *testing.T) {
	const site = "title = \"Drammen Works\"\nbaseURL = \"/\"\n"
	cases := []string{
		"title: Drammen Works\n",
		"title = Drammen Works\n",
		"baseURL = \"ftp://drammen.works\"\n",
		site + "timeZone = \"Europe/Drammen\"\n",
		site + "pagerSize = 10\n",
		site + "[pagination]\npagerSize = \"10\"\n",
		site + "[markup]\ntypographer = \"yes\"\n",
		site + "[brand]\nlogo = \"logo.png\"\n[brand.colors]\nprimary = \"blue\"\n",
		site + "[brand.colors]\ntext = \"#777777\"\nsurface = \"#ffffff\"\n",
		site + "defaultLanguage = \"se\"\n",
		site + "[languages.nb]\nname = \"Norsk\"\n[languages.en]\ntitel = \"Works\"\n",
		site + "[permalinks]\nhistorier = \"/:section/:slgu/\"\n",
		site + "[[menus.nb.main]]\nname = \"Om\"\n",
		site + "[privacy]\nallowHosts = [\"https://kart.example.org/\"]\n",
		site + "[editor]\nlanguage = \"de\"\n",
	}
	var out strings.Builder
	for _, src := range cases {
		cfg, err := Parse(FileName, []byte(src))
		var found diag.List
		if err != nil && !errors.As(err, &found) {
			t.Fatalf("%q: %v is not a diag.List", src, err)
		}
		if cfg != nil {
			found = cfg.Warnings
		}
		if len(found) == 0 {
			t.Fatalf("%q: nothing to say", src)
		}
		fmt.Fprintf(&out, "%q\n", src)
		for _, d := range found {
			untranslated(t, d)
			fmt.Fprintf(&out, "  %s\n", d.Line(msg.Norwegian))
		}
		out.WriteString("\n")
	}
	_, err := Load(fstest.MapFS{"works.toml/x": {Data: []byte("x")}})
	var found diag.List
	if !errors.As(err, &found) {
		t.Fatalf("Load of a folder: %v is not a diag.List", err)
	}
	fmt.Fprintf(&out, "works.toml is a folder\n  %s\n", found[0].Line(msg.Norwegian))
	golden.Check(t, "testdata/norwegian.golden", []byte(out.String()))
}

// untranslated reports a diagnostic that says what is wrong, or how to fix
// it, in English where it should say it in Norwegian.
func untranslated(t *testing.T, d *diag.Diagnostic) {
	t.Helper()
	what, fix := d.In(msg.Norwegian)
	if what == d.Msg || fix == d.Hint && fix != "" {
		t.Errorf("%s: not in Norwegian:\n  %s", d.Pos, d.Line(msg.Norwegian))
	}
}
