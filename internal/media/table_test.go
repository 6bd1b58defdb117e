package media

import (
	"mime"
	"strings"
	"testing"
)

// TestTable checks every entry of the table: a valid media type in lower
// case, with charset=utf-8 exactly when it is text, and the same answer
// for the extension in any case.
func TestTable(t *testing.T) {
	type entry struct{ file, essence string }
	var entries []entry
	for ext, essence := range byExtension {
		if !strings.HasPrefix(ext, ".") || ext != strings.ToLower(ext) {
			t.Errorf("extension %q: want a dot and lower case", ext)
		}
		entries = append(entries, entry{"fil" + ext, essence})
	}
	for name, essence := range byName {
		if name != strings.ToLower(name) {
			t.Errorf("name %q: want lower case", name)
		}
		entries = append(entries, entry{name, essence})
	}
	if len(entries) < 30 {
		t.Fatalf("the table has %d entries", len(entries))
	}
	for _, e := range entries {
		t.Run(e.file, func(t *testing.T) {
			got, known := Type("dir/" + e.file)
			if !known || Essence(got) != e.essence {
				t.Errorf("Type(%q) = %q, %v; the table says %q", "dir/"+e.file, got, known, e.essence)
			}
			if up, _ := Type(strings.ToUpper(e.file)); up != got {
				t.Errorf("Type(%q) = %q, want %q as in lower case", strings.ToUpper(e.file), up, got)
			}
			essence, params, err := mime.ParseMediaType(got)
			if err != nil {
				t.Fatalf("%q: %v", got, err)
			}
			if got != strings.ToLower(got) || essence != e.essence {
				t.Errorf("%q: want the table's %q, in lower case", got, e.essence)
			}
			text := IsText(got)
			if text != IsText(essence) {
				t.Errorf("IsText differs for %q and %q", got, essence)
			}
			switch {
			case text && (len(params) != 1 || params["charset"] != "utf-8"):
				t.Errorf("%q is text but does not say charset=utf-8 alone", got)
			case !text && len(params) != 0:
				t.Errorf("%q is not text but has parameters %v", got, params)
			}
			if essence == OctetStream {
				t.Errorf("%s maps to %s, which unknown files get anyway", e.file, got)
			}
		})
	}
}
