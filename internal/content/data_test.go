package content

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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
			`figures.yaml:2: the file is not valid YAML: there is a colon where a value was expected (line the key up with the keys above it, and put a value that contains ": " in "double quotes")`}},
		{"yaml duplicate key", fstest.MapFS{"figures.yaml": md("a: 1\nb: 2\na: 3\n")}, []string{
			`figures.yaml:3:1: "a" is given twice in the same group (keep only one of them)`}},
		{"toml syntax", fstest.MapFS{"people/staff.toml": md("lead = \"Kari\"\ncount = tre\n")}, []string{
			`people/staff.toml:2:9: the file is not valid TOML: a value is not text in quotes, a number, a date, true or false (write text in "double quotes", like title = "Bryggeriet")`}},
		{"json syntax", fstest.MapFS{"site.json": md("{\n  \"name\": \"Drammen\",\n  \"year\": 2026,\n}\n")}, []string{
			`site.json:4:1: the file is not valid JSON: invalid character '}' looking for beginning of object key string (check the commas, quotes and brackets near here)`}},
		{"json unclosed", fstest.MapFS{"site.json": md("{\"name\": \"Drammen\"")}, []string{
			`site.json:1:19: the file is not valid JSON: the file ends too early: a quote or bracket is never closed (check the commas, quotes and brackets near here)`}},
		{"json trailing data", fstest.MapFS{"site.json": md("{}\n{}\n")}, []string{
			`site.json:2:1: the file has more after the end of its data (remove what follows the closing bracket)`}},
		{"two files one name", fstest.MapFS{"figures.json": md("[]"), "figures.yaml": md("[]")}, []string{
			`figures.yaml: figures.json and figures.yaml both give data named "figures" (keep only one of them)`}},
		{"file and folder", fstest.MapFS{"people.yaml": md("a: 1"), "people/staff.yaml": md("b: 2")}, []string{
			`people.yaml: people.yaml and the folder people/ both give data named "people" (rename the file or the folder)`}},
		{"invalid utf-8", fstest.MapFS{"a.yaml": md("navn: Bl\xe5\n")}, []string{
			`a.yaml:1:9: the file is not valid UTF-8 text (the first bad byte is here) (save the file as UTF-8 text in your editor)`}},
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

func TestLoadDataMissingFolder(t *testing.T) {
	got, diags := LoadData(os.DirFS(filepath.Join(t.TempDir(), "data")))
	if len(diags) != 0 || got == nil || len(got) != 0 {
		t.Errorf("got %v, %v; want an empty map and no errors", got, diags)
	}
}
