package output

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	nethtml "golang.org/x/net/html"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/markdown"
)

// TestMinifyGolden minifies testdata/minify/NAME.in.EXT as NAME.EXT and
// compares with NAME.out.EXT. Run with -update to accept new output, then
// read the diff: TestMinifySafe holds the promises a diff could hide.
func TestMinifyGolden(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join("testdata", "minify", "*.in.*"))
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	m := NewMinifier()
	for _, in := range ins {
		base := filepath.Base(in)
		i := strings.LastIndex(base, ".in.")
		name := base[:i] + base[i+len(".in"):]
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Minify(name, src)
			if err != nil {
				t.Fatalf("Minify: %v", err)
			}
			golden.Check(t, filepath.Join("testdata", "minify", base[:i]+".out"+base[i+len(".in"):]), got)
			// Minifying twice must change nothing more: the dev server and
			// the build may meet already minified input.
			again, err := m.Minify(name, got)
			if err != nil {
				t.Fatalf("Minify(minified): %v", err)
			}
			if !bytes.Equal(again, got) {
				t.Errorf("Minify is not stable on %s:\nonce  %s\ntwice %s", name, got, again)
			}
		})
	}
}

// TestMinifySafe states what minified output must keep, whatever the golden
// files say.
func TestMinifySafe(t *testing.T) {
	m := NewMinifier()
	tests := []struct {
		name     string
		path     string
		in       string
		want     []string // substrings that must be in the output
		dontWant []string // substrings that must not
	}{
		{
			name: "document tags and lang survive",
			path: "index.html",
			in:   "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<title>T</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n",
			want: []string{`<html lang="nb">`, "<head>", "</head>", "<body>", "</body>", "</html>", "</p>"},
		},
		{
			name: "quotes and default attribute values stay",
			path: "index.html",
			in:   `<form method="get"><input type="text" name="q"></form>`,
			want: []string{`method="get"`, `type="text"`, `name="q"`},
		},
		{
			name: "pre keeps its whitespace",
			path: "a.html",
			in:   "<pre>  a\n    b</pre>",
			want: []string{"<pre>  a\n    b</pre>"},
		},
		{
			name:     "inline script cannot end itself",
			path:     "a.html",
			in:       `<script type="text/javascript">var s = "<" + "/script>";</script>`,
			want:     []string{`<\/script>`},
			dontWant: []string{`"</script>"`},
		},
		{
			name:     "module script cannot end itself",
			path:     "a.html",
			in:       `<script type="module">const s = "<" + "/script>"; const c = "<" + "!--";</script>`,
			want:     []string{`<\/script>`, `<\!--`},
			dontWant: []string{`"</script>"`, `"<!--"`},
		},
		{
			name: "JSON-LD is minified",
			path: "a.html",
			in:   "<script type=\"application/ld+json\">\n{ \"@type\" : \"Event\" }\n</script>",
			want: []string{`<script type="application/ld+json">{"@type":"Event"}</script>`},
		},
		{
			name: "import map is minified",
			path: "a.html",
			in:   "<script type=\"importmap\">\n{ \"imports\" : { } }\n</script>",
			want: []string{`{"imports":{}}`},
		},
		{
			name: "inline style is minified",
			path: "a.html",
			in:   "<style>\np { color : #ff0000 }\n</style>",
			want: []string{"<style>p{color:red}</style>"},
		},
		{
			name: "upper-case extension",
			path: "GAMMEL.HTM",
			in:   "<p>  a  </p>",
			want: []string{"<p>a</p>"},
		},
		{
			name: "blank XSLT text keeps its space",
			path: "feed.xsl",
			in:   "<x:stylesheet xmlns:x=\"http://www.w3.org/1999/XSL/Transform\">\n  <x:text> </x:text>\n</x:stylesheet>",
			want: []string{"<x:text> </x:text>"},
		},
		{
			name: "mixed XML content keeps its spaces",
			path: "list.xsl",
			in:   "<p>Les  <a>dette</a>  nå</p>",
			want: []string{"<p>Les <a>dette</a> nå</p>"},
		},
		{
			name: "CDATA keeps its whitespace",
			path: "feed.xml",
			in:   "<content type=\"html\"><![CDATA[<pre>a\n    b</pre>]]></content>",
			want: []string{"a\n    b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Minify(tt.path, []byte(tt.in))
			if err != nil {
				t.Fatalf("Minify: %v", err)
			}
			for _, w := range tt.want {
				if !bytes.Contains(got, []byte(w)) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.dontWant {
				if bytes.Contains(got, []byte(w)) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestMinifyUnchanged(t *testing.T) {
	m := NewMinifier()
	for _, path := range []string{
		"robots.txt", "img/elva.jpg", "fonts/source.woff2", "CNAME", "js/vendor.min.js",
		"css/vendor.min.css", "README",
	} {
		t.Run(path, func(t *testing.T) {
			in := []byte("  keep   me  \n\n")
			got, err := m.Minify(path, in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, in) {
				t.Errorf("Minify(%s) = %q, want it unchanged", path, got)
			}
		})
	}
}

func TestMinifyError(t *testing.T) {
	m := NewMinifier()
	tests := []struct {
		name, path, in string
		want           diag.Position
	}{
		{"js", "js/app.js", "let a = 1;\nlet b = ;\n", diag.Position{File: "js/app.js", Line: 2, Col: 9}},
		{"json", "data/søk.json", "{\n  \"a\": ,\n}", diag.Position{File: "data/søk.json", Line: 2, Col: 8}},
		// tdewolff adds the column where the script starts to errors on
		// any line of it, so only the line is right here.
		{"js in html", "index.html", "<p>x</p>\n<script>\nlet b = ;\n</script>", diag.Position{File: "index.html", Line: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := m.Minify(tt.path, []byte(tt.in))
			d, ok := errors.AsType[*diag.Diagnostic](err)
			if !ok {
				t.Fatalf("Minify: got %v, want a *diag.Diagnostic", err)
			}
			if tt.want.Col == 0 {
				d.Pos.Col = 0
			}
			if d.Pos != tt.want {
				t.Errorf("position = %v, want %v (%v)", d.Pos, tt.want, d)
			}
			if !strings.Contains(d.Msg, "could not minify "+tt.path) || d.Hint == "" {
				t.Errorf("message %q should name the file and give a hint", d.Error())
			}
		})
	}
}

// The minifiers edit their input in place; Minify must not let that reach
// the caller's slice, even when files share one backing array.
func TestMinifyLeavesInputAlone(t *testing.T) {
	m := NewMinifier()
	page := "<p>  a  </p>  <script> var  x = 1 ; </script>"
	buf := []byte(strings.Repeat(page, 8))
	orig := bytes.Clone(buf)
	var wg sync.WaitGroup
	for i := range 8 {
		part := buf[i*len(page) : (i+1)*len(page)] // spare capacity is the next part
		wg.Go(func() {
			for range 50 {
				if _, err := m.Minify("a.html", part); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if !bytes.Equal(buf, orig) {
		t.Errorf("Minify changed its input:\n%s\nwas\n%s", buf, orig)
	}
}

// TestMinifyKeepsVisibleText: minifying never changes the words a browser
// shows. The HTML tokenizer (golang.org/x/net/html follows it) ends a
// comment at "<!-->", "<!--->" and "--!>", and one without an end runs to
// the end of the file; the minifier must read comments the same way, or it
// deletes the text it takes for part of one.
func TestMinifyKeepsVisibleText(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		visible string // the words a reader sees, before and after
	}{
		{
			// What goldmark makes, with unsafe, of "a <!--> b", "c" and
			// "d <!-- e --> f" as three paragraphs.
			name:    "an empty comment written <!-->",
			in:      "<p>a <!--> b</p>\n<p>c</p>\n<p>d <!-- e --> f</p>\n",
			visible: "a b c d f",
		},
		{"an empty comment written <!--->", "<p>a <!---> b</p><p>c <!-- d --> e</p>", "a b c e"},
		{"a comment ended by --!>", "<p>a <!-- b --!> c</p><p>d <!-- e --> f</p>", "a c d f"},
		{"an empty comment <!---->", "<p>a <!----> b</p><p>c</p>", "a b c"},
		{"a comment never ended hides the rest, there as here", "<p>a</p><!-- b <p>c</p>", "a"},
		{"<!--> inside a script is script", "<p>a</p><script>var s = '<!-->';</script><p>b <!-- c --> d</p>", "a b d"},
		{"<!--> inside an attribute is text", `<p title="<!-->">a</p><p>b <!-- c --> d</p>`, "a b d"},
		{"<!--> in a textarea is text", "<textarea><!--></textarea><p>b <!-- c --> d</p>", "<!--> b d"},
		{"several", "<p>a <!--> b <!---> c <!--> d</p><!-- e --><p>f</p>", "a b c d f"},
	}
	m := NewMinifier()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<!DOCTYPE html><html lang=\"nb\"><head><title>T</title></head><body>" + tt.in + "</body></html>"
			if got := visibleText(t, page); got != "T "+tt.visible {
				t.Fatalf("the test's own page shows %q, want %q", got, "T "+tt.visible)
			}
			out, err := m.Minify("index.html", []byte(page))
			if err != nil {
				t.Fatal(err)
			}
			if got := visibleText(t, string(out)); got != "T "+tt.visible {
				t.Errorf("minified, the page shows %q, want %q\n%s", got, "T "+tt.visible, out)
			}
		})
	}
}

// visibleText is the text of a page as the HTML tokenizer reads it, words
// separated by single spaces, comments, scripts and styles left out.
func visibleText(t *testing.T, page string) string {
	t.Helper()
	z := nethtml.NewTokenizer(strings.NewReader(page))
	var words []string
	code := false // in a <script> or <style>, whose text the minifier rewrites
	for {
		switch tt := z.Next(); tt {
		case nethtml.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				t.Fatal(z.Err())
			}
			return strings.Join(words, " ")
		case nethtml.StartTagToken, nethtml.EndTagToken:
			name, _ := z.TagName()
			code = tt == nethtml.StartTagToken && (string(name) == "script" || string(name) == "style")
		case nethtml.TextToken:
			if !code {
				words = append(words, strings.Fields(string(z.Text()))...)
			}
		}
	}
}

// TestMinifyKeepsMarkdownText is the case as a writer met it: with
// [markup] unsafe, "a <!--> b", "c" and "d <!-- e --> f" were published
// as "a f".
func TestMinifyKeepsMarkdownText(t *testing.T) {
	res, diags := markdown.New(markdown.Options{Unsafe: true}).Render(markdown.Input{Path: "a.md", Body: []byte("a <!--> b\n\nc\n\nd <!-- e --> f\n")})
	if diags.Err() != nil {
		t.Fatal(diags.Err())
	}
	page := "<!DOCTYPE html><html lang=\"nb\"><head><title>T</title></head><body>" + string(res.HTML) + "</body></html>"
	out, err := NewMinifier().Minify("index.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := visibleText(t, string(out)), "T a b c d f"; got != want {
		t.Errorf("the published page shows %q, want %q\n%s", got, want, out)
	}
}
