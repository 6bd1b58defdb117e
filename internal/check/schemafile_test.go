package check

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestThemeSchemas keeps the works theme's schemas.toml and DefaultSchemas,
// which the unit tests use, the same.
func TestThemeSchemas(t *testing.T) {
	got, errs := LoadSchemas(os.DirFS("../../themes/works"), "themes/works/schemas.toml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if want := DefaultSchemas(); !reflect.DeepEqual(got, want) {
		t.Errorf("themes/works/schemas.toml differs from DefaultSchemas:\n got %+v\nwant %+v", got, want)
	}
}

func TestLoadSchemasErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"missing file", "", ""},
		{"unknown type", "[[schemas.x.fields]]\nkey = \"a\"\ntype = \"colour\"\n", `schema "x": key "a" has an unknown type "colour"`},
		{"unknown key", "[[schemas.x.fields]]\nkey = \"a\"\nrequird = true\n", "s.toml:3:1: the schemas are not valid"},
		{"syntax", "[[schemas.x.fields]\n", "s.toml:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tt.src != "" {
				fsys[SchemaFile] = &fstest.MapFile{Data: []byte(tt.src)}
			}
			_, errs := LoadSchemas(fsys, "s.toml")
			if tt.want == "" {
				if len(errs) > 0 {
					t.Errorf("unexpected errors: %v", errs)
				}
				return
			}
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors %q do not contain %q", errs.Error(), tt.want)
			}
		})
	}
}
