//go:build unix

package output

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A named pipe where the earlier build had a file is never opened (it would
// block), and the new site has the file.
func TestStreamDoesNotOpenAPipe(t *testing.T) {
	files := versionedSite(3, "v1")
	base := t.TempDir()
	dest := filepath.Join(base, "public")
	if _, err := stream(t, dest, files, nil, 1, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dest, "index.xml")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("cannot make a named pipe here:", err)
	}
	if _, err := stream(t, dest, files, nil, 1, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(base, "want")
	if _, err := Write(t.Context(), want, setOfFiles(t, files), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, tree(t, dest), tree(t, want))
}
