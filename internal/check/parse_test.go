package check

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAnalyseBounded: the second parse of a body costs no more than the
// build's own. Bodies that would take goldmark hours are not parsed (the
// build refuses them with an error at their line), and many nodes on one
// line cost the line's length, not its square.
func TestAnalyseBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 1 MB bodies")
	}
	const size = 1 << 20
	tests := []struct {
		name  string
		body  string
		links int // links the facts hold
	}{
		{"unclosed links", strings.Repeat("[a](", size/4), 0},
		{"open then closing brackets", strings.Repeat("[", size/2) + strings.Repeat("]", size/2), 0},
		{"quotes nested on one line", strings.Repeat("> ", size/2), 0},
		{"links on one line", strings.Repeat("[a](b) ", size/7), size / 7},
	}
	gm := newParser()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan *facts, 1)
			go func() { done <- analyse(gm, newLocator("content/a.md", []byte(tt.body), 4)) }()
			select {
			case f := <-done:
				if len(f.links) != tt.links {
					t.Errorf("%d links, want %d", len(f.links), tt.links)
				}
				if n := len(f.links); n > 0 {
					if got, want := f.links[n-1].pos.String(), "content/a.md:4:"+strconv.Itoa(7*(n-1)+1); got != want {
						t.Errorf("last link at %s, want %s", got, want)
					}
				}
			case <-time.After(30 * time.Second):
				t.Fatal("parsing 1 MB takes more than 30s")
			}
		})
	}
}
