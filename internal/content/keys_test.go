package content

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestKeysDocumented: README's table of front-matter keys lists every key
// works reads, so a writer can look up each one.
func TestKeysDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "### Front-matter keys")
	if !ok {
		t.Fatal("README has no section «Front-matter keys»")
	}
	table, _, _ = strings.Cut(table, "\n### ")
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Za-z]+)` \\|").FindAllStringSubmatch(table, -1) {
		documented[m[1]] = true
	}
	if len(documented) < 10 {
		t.Fatalf("found only %d keys in README's table: has its layout changed?", len(documented))
	}
	for _, k := range Keys() {
		if !documented[k] {
			t.Errorf("README's table of front-matter keys does not list %q", k)
		}
	}
}
