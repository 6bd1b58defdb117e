package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFirstDiff(t *testing.T) {
	tests := []struct {
		name, want, got string
		line            int
		w, g            string
		differ          bool
	}{
		{"equal", "a\nb\n", "a\nb\n", 0, "", "", false},
		{"empty", "", "", 0, "", "", false},
		{"in the middle", "a\nb\nc\n", "a\nB\nc\n", 2, `"b"`, `"B"`, true},
		{"got longer", "a\n", "a\nb\n", 2, `""`, `"b"`, true},
		{"want longer", "a\nb\n", "a\n", 2, `"b"`, `""`, true},
		{"no final newline", "a\n", "a", 2, `""`, endOfFile, true},
		{"spaces", "a b", "a\tb", 1, `"a b"`, `"a\tb"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, w, g, differ := firstDiff(tt.want, tt.got)
			if line != tt.line || w != tt.w || g != tt.g || differ != tt.differ {
				t.Errorf("firstDiff(%q, %q) = %d, %s, %s, %v; want %d, %s, %s, %v",
					tt.want, tt.got, line, w, g, differ, tt.line, tt.w, tt.g, tt.differ)
			}
		})
	}
}

// fakeTB records what Check reports instead of failing the test.
type fakeTB struct {
	testing.TB
	errors, fatals []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatal(args ...any) { f.fatals = append(f.fatals, fmt.Sprint(args...)) }

// setUpdate sets the -update flag for one test, so that the tests of Check
// mean the same with and without -update.
func setUpdate(t *testing.T, v bool) {
	old := *update
	*update = v
	t.Cleanup(func() { *update = old })
}

func TestCheck(t *testing.T) {
	setUpdate(t, false)
	file := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(file, []byte("one\ntwo\nthree\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	Check(t, file, []byte("one\ntwo\nthree\n"))

	var f fakeTB
	Check(&f, file, []byte("one\n2\nthree\n"))
	if len(f.errors) != 1 || len(f.fatals) != 0 {
		t.Fatalf("on a difference: errors %q, fatals %q; want one error", f.errors, f.fatals)
	}
	for _, part := range []string{file, "line 2", `got: "2"`, `want: "two"`, "rerun with -update"} {
		if !strings.Contains(f.errors[0], part) {
			t.Errorf("the report %q does not contain %q", f.errors[0], part)
		}
	}

	f = fakeTB{}
	Check(&f, filepath.Join(t.TempDir(), "missing.golden"), nil)
	if len(f.fatals) != 1 || !strings.Contains(f.fatals[0], "go test -update") {
		t.Errorf("on a missing file: fatals %q; want one saying to run go test -update", f.fatals)
	}
}

func TestCheckUpdate(t *testing.T) {
	setUpdate(t, true)
	file := filepath.Join(t.TempDir(), "new", "x.golden")
	Check(t, file, []byte("new\n"))
	data, err := os.ReadFile(file)
	if err != nil || string(data) != "new\n" {
		t.Errorf("after -update the file holds %q, %v; want %q", data, err, "new\n")
	}
}

func TestDiff(t *testing.T) {
	if d := Diff("a\n", "a\n"); d != "" {
		t.Errorf("Diff of equal texts = %q, want \"\"", d)
	}
	if d, want := Diff("a\nb\n", "a\nc\n"), "line 2:\n want: \"b\"\n  got: \"c\""; d != want {
		t.Errorf("Diff = %q, want %q", d, want)
	}
}
