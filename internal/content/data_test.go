package content

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/diag"
)

func TestLoadData(t *testing.T) {
	fsys := fstest.MapFS{
		"figures.yaml": md(`- value: "950"
  label_nb: medlemsbedrifter
  founded: 1847
  share: 0.5
  date: 2026-11-27
- {value: 10 → 50, source: Gründeriet, active: true, none: ~}
`),
		"people/staff.toml": md(`lead = "Kari"
count = 3
since = 2020-01-01
updated = 2026-11-27T09:30:00+01:00
[[member]]
name = "Ola"
`),
		"people/roles.yml": md("lead: leder\n"),
		"site.json":        md(`{"name": "Drammen Works", "year": 2026, "ratio": 1.5, "tags": ["a", null, false]}`),
		"notes.txt":        md("not data: ignored"),
		"_private.yaml":    md("skipped: true"),
		".hidden.json":     md("{}"),
		"empty.yaml":       md(""),
	}
	got, diags := LoadData(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := map[string]any{
		"figures": []any{
			map[string]any{"value": "950", "label_nb": "medlemsbedrifter", "founded": int64(1847), "share": 0.5, "date": "2026-11-27"},
			map[string]any{"value": "10 → 50", "source": "Gründeriet", "active": true, "none": nil},
		},
		"people": map[string]any{
			"staff": map[string]any{
				"lead":    "Kari",
				"count":   int64(3),
				"since":   "2020-01-01",
				"updated": time.Date(2026, 11, 27, 9, 30, 0, 0, time.FixedZone("", 3600)),
				"member":  []any{map[string]any{"name": "Ola"}},
			},
			"roles": map[string]any{"lead": "leder"},
		},
		"site":  map[string]any{"name": "Drammen Works", "year": int64(2026), "ratio": 1.5, "tags": []any{"a", nil, false}},
		"empty": nil,
	}
	// time.Time values are compared with Equal, the rest deeply.
	gotUpdated := got["people"].(map[string]any)["staff"].(map[string]any)["updated"].(time.Time)
	wantUpdated := want["people"].(map[string]any)["staff"].(map[string]any)["updated"].(time.Time)
	if !gotUpdated.Equal(wantUpdated) {
		t.Errorf("updated = %v, want %v", gotUpdated, wantUpdated)
	}
	got["people"].(map[string]any)["staff"].(map[string]any)["updated"] = wantUpdated
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestLoadDataErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"yaml syntax", fstest.MapFS{"figures.yaml": md("- value: 950\n  label: a: b\n")}, []string{
			`figures.yaml:2:11: the file cannot be read as YAML: the text of "label" contains a colon and a space (": "), which YAML reads as the start of another setting (put the text in quotes: label: "a: b")`}},
		{"yaml unclosed quote on the first line", fstest.MapFS{"figures.yaml": md("label: \"Medlemmer\nvalue: 950\n")}, []string{
			`figures.yaml:1:8: the file cannot be read as YAML: the quote (") that starts the text here is never closed (end the text with " too, like label: "Medlemmer")`}},
		{"yaml duplicate key", fstest.MapFS{"figures.yaml": md("a: 1\nb: 2\na: 3\n")}, []string{
			`figures.yaml:3:1: "a" is given twice (first on line 1) (keep only one of them)`}},
		{"yaml after a byte order mark", fstest.MapFS{"figures.yaml": md("\ufeffa: 1\nb: [1, 2\n")}, []string{
			`figures.yaml:2:4: the file cannot be read as YAML: the list that starts here with [ is never closed (end it with ], like tags: [industri, mat])`}},
		{"toml syntax", fstest.MapFS{"people/staff.toml": md("lead = \"Kari\"\ncount = tre\n")}, []string{
			`people/staff.toml:2:9: the file cannot be read as TOML: this value is not text in quotes, a number, a date, true or false (put text in "double quotes", like count = "tre")`}},
		{"toml unclosed string", fstest.MapFS{"people/staff.toml": md("lead = \"Kari\ncount = 3\n")}, []string{
			`people/staff.toml:1:8: the file cannot be read as TOML: the text that starts here with " is never closed (end it with " on the same line, like lead = "Kari")`}},
		{"toml key twice", fstest.MapFS{"people/staff.toml": md("lead = \"Kari\"\n\nlead = \"Ola\"\n")}, []string{
			`people/staff.toml:3:1: the file cannot be read as TOML: "lead" is given twice (first on line 1) (keep only one of them)`}},
		{"json syntax", fstest.MapFS{"site.json": md("{\n  \"name\": \"Drammen\",\n  \"year\": 2026,\n}\n")}, []string{
			`site.json:3:15: the file cannot be read as JSON: there is a comma after the last setting of a { } group (remove the comma: JSON allows none before })`}},
		{"json comma missing", fstest.MapFS{"site.json": md("{\n  \"name\": \"Drammen\",\n  \"tags\": [\"a\", \"b\"],\n  \"city\": \"Drammen\"\n  \"year\": 2026\n}\n")}, []string{
			`site.json:4:20: the file cannot be read as JSON: a comma is missing after the value on line 4 (put a comma (,) at the end of line 4)`}},
		{"json unclosed", fstest.MapFS{"site.json": md("{\"name\": \"Drammen\"")}, []string{
			`site.json:1:1: the file cannot be read as JSON: the file ends before the closing } of the group that starts here (put } after its last setting)`}},
		{"json unclosed list", fstest.MapFS{"site.json": md("{\n  \"tags\": [\"a\", \"b\"\n")}, []string{
			`site.json:2:11: the file cannot be read as JSON: the file ends before the closing ] of the list that starts here (put ] after its last item)`}},
		{"json name without quotes", fstest.MapFS{"site.json": md("{\n  name: \"Drammen\"\n}\n")}, []string{
			`site.json:2:3: the file cannot be read as JSON: the name name must be in double quotes (write "name": …)`}},
		{"json trailing data", fstest.MapFS{"site.json": md("{}\n{}\n")}, []string{
			`site.json:2:1: the file has more after the end of its data (remove what follows the closing bracket)`}},
		{"two files one name", fstest.MapFS{"figures.json": md("[]"), "figures.yaml": md("[]")}, []string{
			`figures.yaml: figures.json and figures.yaml both give data named "figures" (keep only one of them)`}},
		{"file and folder", fstest.MapFS{"people.yaml": md("a: 1"), "people/staff.yaml": md("b: 2")}, []string{
			`people.yaml: people.yaml and the folder people/ both give data named "people" (rename the file or the folder)`}},
		{"invalid utf-8", fstest.MapFS{"a.yaml": md("navn: Grønland\nby: Bl\xe5\n")}, []string{
			`a.yaml:2:7: the file is not valid UTF-8 text (the first bad byte is here) (type the character here again, or ` + saveAsUTF8 + `)`}},
		{"windows-1252", fstest.MapFS{"a.yaml": md("navn: Bl\xe5\n")}, []string{
			`a.yaml:1:9: the file is saved as Windows-1252 or Latin-1, not UTF-8: this "å" is the first letter that is not UTF-8 (` + saveAsUTF8 + `)`}},
		{"utf-16 toml", fstest.MapFS{"a.toml": md("\xff\xfea\x00 \x00=\x00 \x001\x00\n\x00")}, []string{
			`a.toml: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`}},
		{"utf-16 json without a byte order mark", fstest.MapFS{"a.json": md("{\x00}\x00\n\x00")}, []string{
			`a.json: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadData(tt.files)
			if got := diagStrings(diags); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// saveAsUTF8 is the hint for a file in another encoding.
const saveAsUTF8 = `in your editor choose "Save as" and set the encoding to UTF-8: in Notepad it is the Encoding list beside the Save button; in VS Code click the encoding at the bottom right and choose "Save with Encoding"`

// TestLoadDataNotOrdinary checks that a named pipe in data/ is reported,
// not skipped (and not opened: that would wait for a writer for ever), and
// that the ordinary files beside it are still read.
func TestLoadDataNotOrdinary(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "figures.yaml"), []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "people"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"staff.yaml", "people/roles.json", "notes.txt"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("cannot make a named pipe here: %v", err)
		}
	}
	if err := os.Symlink("staff.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var got map[string]any
	var diags diag.List
	go func() {
		defer close(done)
		got, diags = LoadData(os.DirFS(dir))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("LoadData blocks on a named pipe")
	}
	if want := (map[string]any{"figures": map[string]any{"a": int64(1)}}); !reflect.DeepEqual(got, want) {
		t.Errorf("data = %v, want %v", got, want)
	}
	wantFiles := []string{"link.yaml", "notes.txt", "people/roles.json", "staff.yaml"}
	var gotFiles []string
	for _, d := range diags {
		gotFiles = append(gotFiles, d.Pos.File)
		if !strings.Contains(d.Msg, "a named pipe") || !strings.Contains(d.Msg, "not an ordinary file") || !strings.Contains(d.Msg, "works reads only ordinary files") || !strings.Contains(d.Hint, "remove it") {
			t.Errorf("%v: want it to say the file is a named pipe, not an ordinary file, and to remove it", d)
		}
	}
	if !slices.Equal(gotFiles, wantFiles) {
		t.Errorf("reported %q, want %q", gotFiles, wantFiles)
	}
}

func TestLoadDataMissingFolder(t *testing.T) {
	got, diags := LoadData(os.DirFS(filepath.Join(t.TempDir(), "data")))
	if len(diags) != 0 || got == nil || len(got) != 0 {
		t.Errorf("got %v, %v; want an empty map and no errors", got, diags)
	}
}
