package markdown

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/drammen-works/works/internal/golden"
)

// The golden cases live in testdata/NAME.txt, one case a file, in a
// txtar format: a comment (free text, plus option lines "key: value"),
// then sections opened by "-- name --" lines.
//
// Options: lang (default en), unsafe, typographer (true/false, default
// false), path (default "page.md"), bodyline (default 1).
//
// Sections written by hand:
//
//	input.md     the body
//	links        optional; one "content/path url" a line: the pages that
//	             exist. Without it Input.Links is nil.
//
// Sections checked, rewritten by -update:
//
//	output.html  Result.HTML
//	summary.html Result.Summary
//	toc.html     Result.TOC
//	result.txt   the rest of Result (its Facts too) and the diagnostics,
//	             one fact a line
var outputs = []string{"output.html", "summary.html", "toc.html", "result.txt"}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden cases in testdata")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(data))
			in, opts, err := a.input()
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			got := renderCase(New(opts), in)
			if golden.Update() {
				for _, sec := range outputs {
					a.set(sec, got[sec])
				}
				if err := os.WriteFile(file, []byte(a.format()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, sec := range outputs {
				want, ok := a.get(sec)
				if !ok {
					t.Errorf("section %s is missing; run go test ./internal/markdown -update", sec)
					continue
				}
				if g := withNewline(got[sec]); g != want {
					t.Errorf("%s differs\n--- got ---\n%s--- want ---\n%s", sec, g, want)
				}
			}
		})
	}
}

// renderCase renders in and lays the result out as the golden sections.
func renderCase(r *Renderer, in Input) map[string]string {
	res, diags := r.Render(in)
	var b strings.Builder
	fmt.Fprintf(&b, "truncated: %v\n", res.Truncated)
	fmt.Fprintf(&b, "words: %d\n", res.WordCount)
	fmt.Fprintf(&b, "plain: %s\n", res.Plain)
	for _, h := range res.Headings {
		fmt.Fprintf(&b, "heading: h%d #%s %s\n", h.Level, h.ID, h.Text)
	}
	if f := res.Facts; f != nil {
		writeFacts(&b, f)
	}
	for _, d := range diags {
		fmt.Fprintf(&b, "diag: %s\n", d)
	}
	return map[string]string{
		"output.html":  string(res.HTML),
		"summary.html": string(res.Summary),
		"toc.html":     string(res.TOC),
		"result.txt":   b.String(),
	}
}

// writeFacts lays out the facts, one a line: links as rendered, with
// what was written when it differs, tables, raw HTML and the readable
// blocks with their sentences (position, words, long words).
func writeFacts(b *strings.Builder, f *Facts) {
	for _, l := range f.Links {
		kind := "link"
		switch {
		case l.Image:
			kind = "image"
		case l.Auto:
			kind = "autolink"
		}
		fmt.Fprintf(b, "%s: %s %s", kind, l.Pos, l.URL)
		if l.Dest != l.URL {
			fmt.Fprintf(b, " (written %s)", l.Dest)
		}
		fmt.Fprintf(b, " text %q", l.Text)
		if l.Title != "" {
			fmt.Fprintf(b, " title %q", l.Title)
		}
		b.WriteString("\n")
	}
	for _, t := range f.Tables {
		fmt.Fprintf(b, "table: %s header %v\n", t.Pos, t.Header)
	}
	for _, h := range f.HTML {
		kind := "block"
		if h.Inline {
			kind = "inline"
		}
		fmt.Fprintf(b, "html: %s %s %q\n", h.Pos, kind, h.Text)
	}
	for _, bl := range f.Blocks {
		kind := "paragraph"
		if bl.Heading {
			kind = "heading"
		}
		fmt.Fprintf(b, "block: %s %s, %d words:", bl.Pos, kind, bl.Words)
		for _, s := range bl.Sentences {
			fmt.Fprintf(b, " %d:%d %d/%d", s.Pos.Line, s.Pos.Col, s.Words, s.Long)
		}
		b.WriteString("\n")
	}
}

// mapResolver knows the pages by their path under content/ and resolves a
// target relative to the linking document, as the site model will.
type mapResolver map[string]string

func (m mapResolver) ResolveLink(from, target string) (string, bool) {
	url, ok := m[path.Join(path.Dir(from), target)]
	return url, ok
}

var _ LinkResolver = mapResolver(nil)

type section struct{ name, data string }

type archive struct {
	comment  string
	sections []section
}

func parseArchive(s string) archive {
	ar := txtar.Parse([]byte(s))
	a := archive{comment: string(ar.Comment)}
	for _, f := range ar.Files {
		a.sections = append(a.sections, section{name: f.Name, data: string(f.Data)})
	}
	return a
}

func (a *archive) get(name string) (string, bool) {
	for _, s := range a.sections {
		if s.name == name {
			return s.data, true
		}
	}
	return "", false
}

func (a *archive) set(name, data string) {
	data = withNewline(data)
	for i := range a.sections {
		if a.sections[i].name == name {
			a.sections[i].data = data
			return
		}
	}
	a.sections = append(a.sections, section{name: name, data: data})
}

func (a *archive) format() string {
	ar := &txtar.Archive{Comment: []byte(a.comment)}
	for _, s := range a.sections {
		ar.Files = append(ar.Files, txtar.File{Name: s.name, Data: []byte(s.data)})
	}
	return string(txtar.Format(ar))
}

// input reads the case's options and sections into an Input.
func (a *archive) input() (Input, Options, error) {
	in := Input{Path: "page.md", BodyLine: 1, Lang: "en"}
	var opts Options
	for line := range strings.Lines(a.comment) {
		key, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		var err error
		switch key {
		case "lang":
			in.Lang = value
		case "path":
			in.Path = value
		case "bodyline":
			in.BodyLine, err = strconv.Atoi(value)
		case "unsafe":
			opts.Unsafe, err = strconv.ParseBool(value)
		case "typographer":
			opts.Typographer, err = strconv.ParseBool(value)
		}
		if err != nil {
			return in, opts, fmt.Errorf("option %s: %v", key, err)
		}
	}
	body, ok := a.get("input.md")
	if !ok {
		return in, opts, fmt.Errorf("no input.md section")
	}
	in.Body = []byte(body)
	if links, ok := a.get("links"); ok {
		m := mapResolver{}
		for line := range strings.Lines(links) {
			f := strings.Fields(line)
			if len(f) == 0 {
				continue
			}
			if len(f) != 2 {
				return in, opts, fmt.Errorf("links: want \"path url\", got %q", line)
			}
			m[f[0]] = f[1]
		}
		in.Links = m
	}
	return in, opts, nil
}

func withNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}
