package markdown

import (
	"strings"
	"testing"
	"time"
)

// pathological are bodies that cost goldmark, or our own passes, time with
// the square of their size (or worse) unless something bounds them. Each
// makes a body of about n bytes. The benchmark, the test below, the check
// package's second parse and the fuzz seeds all use them.
var pathological = []struct {
	name    string
	make    func(n int) string
	refused bool // at 1 MB: Screen says no, rather than goldmark rendering it
}{
	{"unclosed links", repeat("[a]("), true},
	{"unclosed images", repeat("![a]("), true},
	{"unclosed links on many lines", repeat("[a](\n"), true},
	{"unclosed pointed destinations", repeat("[a](<"), true},
	{"unclosed link titles", repeat("[a](x (\n"), true},
	{"open brackets", repeat("["), true},
	{"open then closing brackets", func(n int) string { return strings.Repeat("[", n/2) + strings.Repeat("]", n/2) }, true},
	{"less-than signs", repeat("<"), false},
	{"emphasis openers", repeat("*a **a "), false},
	{"quotes nested on one line", repeat("> "), true},
	{"quotes nested on every line", func(n int) string { return repeatLines(strings.Repeat("> ", 1000)+"x\n", n) }, true},
	{"lists nested on one line", repeat("1) "), true},
	{"bullets in one item", repeat("- a "), false},
	{"a line of dashes and spaces", repeat("- "), false},
	{"lists nested by indenting", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}, true},
	{"quotes nested 100 deep on every line", func(n int) string { return repeatLines(strings.Repeat(">", maxNesting)+" x\n", n) }, false},
	{"a line of table cells", func(n int) string { return "| a | b |\n|---|---|\n" + strings.Repeat("|", n) + "\n" }, false},
	{"one heading many times", repeat("a\n=\n"), false},
	{"links on one line", repeat("[a](b) "), false},
	{"references on one line", func(n int) string { return strings.Repeat("[x] ", n/4) + "\n\n[x]: /y\n" }, false},
	{"footnote references", func(n int) string { return strings.Repeat("[^1]", n/4) + "\n\n[^1]: x\n" }, false},
}

func repeat(s string) func(n int) string {
	return func(n int) string { return strings.Repeat(s, max(n/len(s), 1)) }
}

func repeatLines(line string, n int) string {
	return strings.Repeat(line, max(n/len(line), 1))
}

// pathologicalLimit is how long one render of 1 MB may take in this test.
// Unbounded, the worst of these run for hours; bounded, each takes well
// under a second without the race detector, which slows them about tenfold.
const pathologicalLimit = 30 * time.Second

// TestPathological renders 1 MB of each pathological body. Each must end
// in time, and either render or be refused with an error at a line of the
// body, as its row says. goldmark parses raw HTML the same whatever the
// unsafe setting (only the renderer drops it), so one setting is enough.
func TestPathological(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 1 MB bodies")
	}
	const size = 1 << 20
	r := New(Options{Typographer: true}) // works.toml's default
	for _, p := range pathological {
		t.Run(p.name, func(t *testing.T) {
			body := []byte(p.make(size))
			type outcome struct {
				html    int
				refused bool
				outside []string // errors placed outside the body
			}
			done := make(chan outcome, 1)
			start := time.Now()
			go func() {
				res, diags := r.Render(Input{Path: "a.md", Body: body, BodyLine: 5, Lang: "nb"})
				o := outcome{html: len(res.HTML), refused: diags.Err() != nil}
				for _, d := range diags.Errors() {
					if d.Pos.Line < 5 || d.Pos.Col < 1 {
						o.outside = append(o.outside, d.Error())
					}
				}
				done <- o
			}()
			select {
			case o := <-done:
				t.Logf("%v, refused: %v", time.Since(start).Round(time.Millisecond), o.refused)
				for _, d := range o.outside {
					t.Errorf("error outside the body: %s", d)
				}
				if o.refused != p.refused {
					t.Errorf("refused %v, want %v", o.refused, p.refused)
				}
				if !o.refused && o.html == 0 {
					t.Error("neither rendered nor refused")
				}
			case <-time.After(pathologicalLimit):
				t.Fatalf("rendering 1 MB takes more than %v", pathologicalLimit)
			}
		})
	}
}
