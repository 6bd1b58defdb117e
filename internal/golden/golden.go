// Package golden compares the output of a test with a golden file under
// testdata/, or rewrites the file when the test runs with -update.
//
// Every package's tests take the flag from here: a test binary may define
// a flag only once, and one definition keeps -update meaning the same
// everywhere.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Update reports whether the tests run with -update, for the tests that
// compare in their own way (pixels, sections of a file) but rewrite on the
// same flag.
func Update() bool { return *update }

// Check compares got with the golden file, or with -update writes got to
// it. A difference is reported with its first differing line, which is
// enough to find the change; git diff shows the rest after -update.
func Check(t testing.TB, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	line, w, g, _ := firstDiff(string(want), string(got))
	t.Errorf("%s differs at line %d:\n  got: %s\n want: %s\n(rerun with -update if the change is intended)", file, line, g, w)
}

// Diff describes the first line where two texts differ, or is "" when they
// are equal: for tests that compare two outputs with each other rather than
// with a file.
func Diff(want, got string) string {
	line, w, g, differ := firstDiff(want, got)
	if !differ {
		return ""
	}
	return fmt.Sprintf("line %d:\n want: %s\n  got: %s", line, w, g)
}

// endOfFile stands for a line past the end of one text. The lines
// themselves are quoted, so it cannot be mistaken for one, and a missing
// final newline shows as a difference too.
const endOfFile = "(end of file)"

// firstDiff finds the first line, counting from 1, where want and got
// differ, and returns both lines quoted, so that a change of spaces or
// tabs is visible.
func firstDiff(want, got string) (line int, w, g string, differ bool) {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		if i < len(wl) && i < len(gl) && wl[i] == gl[i] {
			continue
		}
		return i + 1, quoted(wl, i), quoted(gl, i), true
	}
	return 0, "", "", false
}

func quoted(lines []string, i int) string {
	if i < len(lines) {
		return strconv.Quote(lines[i])
	}
	return endOfFile
}
