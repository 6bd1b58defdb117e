package markdown

import (
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/diag"
)

// diagLines formats diagnostics one a line, as a writer reads them.
func diagLines(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.Error())
	}
	return out
}

// TestHeadingAttributes: without unsafe, a heading keeps only the id and
// class an author gives it, and every other attribute is left out with a
// warning at the attribute; with unsafe, goldmark's own list applies.
func TestHeadingAttributes(t *testing.T) {
	tests := []struct {
		name   string
		unsafe bool
		body   string
		html   string
		diags  []string
	}{
		{
			name:  "style is left out",
			body:  "Tekst.\n\n## Ny del {style=\"position:fixed;inset:0\"}\n",
			html:  "<p>Tekst.</p>\n<h2 id=\"ny-del\">Ny del</h2>\n",
			diags: []string{`content/a.md:3:12: warning: the heading attribute "style" was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves (remove style=…, or ask whoever runs the site to set [markup] unsafe = true)`},
		},
		{
			name: "id and class are kept, the rest dropped in order",
			body: "## Del {#egen .stor onclick=\"alert(1)\" title=\"x\" data-x=\"1\"}\n",
			html: "<h2 id=\"egen\" class=\"stor\">Del</h2>\n",
			diags: []string{
				`content/a.md:1:21: warning: the heading attribute "onclick" was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves (remove onclick=…, or ask whoever runs the site to set [markup] unsafe = true)`,
				`content/a.md:1:40: warning: the heading attribute "title" was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves (remove title=…, or ask whoever runs the site to set [markup] unsafe = true)`,
				`content/a.md:1:50: warning: the heading attribute "data-x" was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves (remove data-x=…, or ask whoever runs the site to set [markup] unsafe = true)`,
			},
		},
		{
			name:  "setext heading",
			body:  "Åøæ {style=\"color:red\" .x}\n===\n",
			html:  "<h1 class=\"x\" id=\"aoae\">Åøæ</h1>\n",
			diags: []string{`content/a.md:1:6: warning: the heading attribute "style" was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves (remove style=…, or ask whoever runs the site to set [markup] unsafe = true)`},
		},
		{
			name: "only id and class: nothing to say",
			body: "## Del {#d .c}\n",
			html: "<h2 id=\"d\" class=\"c\">Del</h2>\n",
		},
		{
			name:   "unsafe keeps style",
			unsafe: true,
			body:   "## Ny del {style=\"color:red\"}\n",
			html:   "<h2 style=\"color:red\" id=\"ny-del\">Ny del</h2>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, diags := New(Options{Unsafe: tt.unsafe}).Render(Input{Path: "a.md", Body: []byte(tt.body)})
			if got := string(res.HTML); got != tt.html {
				t.Errorf("HTML = %q, want %q", got, tt.html)
			}
			if got := diagLines(diags); strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
			if diags.Err() != nil {
				t.Errorf("a left-out attribute must not fail the build: %v", diags.Err())
			}
		})
	}
}

// TestUnclosedComment: a comment that starts a block and never ends hides
// everything after it, whatever the unsafe setting, so it is an error at
// its "<!--". In code it is text, and a closed comment is fine.
func TestUnclosedComment(t *testing.T) {
	const msg = `a comment starts here and never ends with -->; everything after it would be hidden (close it with -->, or remove it)`
	tests := []struct {
		name       string
		body       string
		diags      []string // for both unsafe settings
		onlyUnsafe bool     // with unsafe = false the HTML is dropped and hides nothing else
	}{
		{"at the start of a block", "Før.\n\n<!-- husk å\n\nskrive mer\n\nEtter.\n", []string{"content/a.md:5:1: " + msg}, false},
		{"indented, inside a quote", "> Sitat\n>\n>   <!-- x\n> mer\n\nEtter.\n", []string{"content/a.md:5:5: " + msg}, false},
		{"inside a list item", "- a\n\n  <!-- b\n  c\n- d\n", []string{"content/a.md:5:3: " + msg}, false},
		{"the summary divider unclosed", "A.\n\n<!--more\n\nB.\n", []string{"content/a.md:5:1: " + msg}, false},
		{"closed on a later line", "<!-- a\nb -->\n\nEtter.\n", nil, false},
		{"closed, the divider", "A.\n\n<!--more-->\n\nB.\n", nil, false},
		{"in a code span", "Skriv `<!--` for å starte en kommentar.\n\nEtter.\n", nil, false},
		{"in fenced code", "```html\n<!-- x\n```\n\nEtter.\n", nil, false},
		{"in indented code", "Tekst.\n\n    <!-- x\n\nEtter.\n", nil, false},
		{"inline, not a block: stays text", "Tekst <!-- x\n\nEtter.\n", nil, false},
		{"inside a kept HTML block", "<div>\n  <!-- x\n</div>\n\nEtter.\n", []string{"content/a.md:4:3: " + msg}, true},
		{"closed inside a kept HTML block", "<div>\n<!-- x -->\n</div>\n\nEtter.\n", nil, false},
		{"closed by --!> inside a kept HTML block", "<div>\n<!-- x --!>\n</div>\n\nEtter.\n", nil, false},
		{"<!--> inside a kept HTML block is whole", "<div><!--></div>\n\nEtter.\n", nil, false},
		{"opened in one HTML block, closed in a later one", "<div>\n<!-- x\n\nSkjult.\n\n<p>--></p>\n</div>\n\nEtter.\n", nil, false},
		{"a --> in Markdown text closes nothing", "<div>\n<!-- x\n\n--> </div>\n\nEtter.\n", []string{"content/a.md:4:1: " + msg}, true},
	}
	for _, tt := range tests {
		for _, unsafe := range []bool{false, true} {
			name := tt.name
			if unsafe {
				name += " unsafe"
			}
			t.Run(name, func(t *testing.T) {
				// Two lines of front matter before the body.
				_, diags := New(Options{Unsafe: unsafe}).Render(Input{Path: "a.md", Body: []byte(tt.body), BodyLine: 3})
				want := tt.diags
				if tt.onlyUnsafe && !unsafe {
					want = nil
				}
				if got := diagLines(diags); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				if len(want) > 0 && diags.Err() == nil {
					t.Error("an unclosed comment must fail the build")
				}
			})
		}
	}
}

// TestScreen holds the limits Screen sets and what it says at them.
func TestScreen(t *testing.T) {
	const (
		nesting = "this line puts more than 100 quotes or lists inside each other, more than works can read (use fewer levels of > and list items; most pages need three or four)"
		links   = `this paragraph has too many square brackets that do not make finished links, starting here, for works to read in reasonable time (finish each link as [text](address), or write \[ for a bracket that is not a link)`
	)
	many := func(s string, n int) string { return strings.Repeat(s, n) }
	tests := []struct {
		name  string
		body  string
		diags []string
	}{
		{"100 quotes", many(">", 100) + " x\n", nil},
		{"101 quotes", "Tekst.\n\n" + many(">", 101) + " x\n", []string{"content/a.md:5:101: " + nesting}},
		{"101 quotes with spaces", many("> ", 101) + "x\n", []string{"content/a.md:3:201: " + nesting}},
		{"101 lists", many("1. ", 101) + "x\n", []string{"content/a.md:3:301: " + nesting}},
		{"100 levels by indenting", many(" ", 198) + "- x\n", nil},
		{"101 levels by indenting", many(" ", 200) + "- x\n", []string{"content/a.md:3:201: " + nesting}},
		{"only the first deep line is reported", many(">", 101) + "\n\n" + many(">", 101) + "\n", []string{"content/a.md:3:101: " + nesting}},
		{"a thematic break of 200 dashes", many("- ", 200) + "\n", nil},
		{"quotes in fenced code", "```\n" + many(">", 300) + "\n```\n", nil},
		{"quotes in code fenced by tildes and a quote", "> ~~~~\n> " + many(">", 300) + "\n> ~~~~\n", nil},
		{"unclosed links", "Tekst.\n\nSe [a](" + many("[a](", 300_000) + "\n", []string{"content/a.md:5:4: " + links}},
		{"brackets never closed", "Åøæ " + many("[", 1_000_001) + "\n", []string{"content/a.md:3:5: " + links}},
		{"escaped brackets are text", many(`\[a](`, 300_000) + "\n", nil},
		{"brackets in code are not read", "```\n" + many("[a](", 300_000) + "\n```\n", nil},
		{"code in a quote ends with the quote", "> ```\n> kode\n\n" + many("[a](", 300_000) + "\n", []string{"content/a.md:6:1: " + links}},
		{"code in a list item ends with the item", "- ```\n  kode\n" + many("[a](", 300_000) + "\n", []string{"content/a.md:5:1: " + links}},
		{"code in a list item holds indented lines", "- ```\n  " + many("[a](", 300_000) + "\n  ```\n", nil},
		{"an indented fence at the top holds lines further left", "  ```\n" + many("[a](", 300_000) + "\n  ```\n", nil},
		{"many finished links", many("Se [side](https://example.com/side) og ![bilde](b.png \"tittel\").\n\n", 20_000), nil},
		{"a million finished links", many("[a](b) ", 1_000_001), []string{"content/a.md:3:1: the page has more links than works can read in reasonable time (split the page into several pages)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := Screen("content/a.md", []byte(tt.body), 3)
			if got := diagLines(diags); strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
		})
	}
}

// TestRenderRefuses: what Screen refuses is not rendered, and the reason
// reaches the caller.
func TestRenderRefuses(t *testing.T) {
	res, diags := New(Options{}).Render(Input{Path: "a.md", Body: []byte(strings.Repeat("> ", 200) + "x\n")})
	if diags.Err() == nil || len(res.HTML) != 0 {
		t.Fatalf("Render = %q, %v; want no HTML and an error", res.HTML, diags)
	}
}
