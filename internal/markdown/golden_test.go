package markdown

import (
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected sections of testdata/*.txt")

// The golden cases live in testdata/NAME.txt, one case a file, in a
// txtar-like format: a comment (free text, plus option lines "key: value"),
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
//	result.txt   the rest of Result and the diagnostics, one fact a line
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
			if *update {
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
	for _, l := range res.Links {
		kind := "link"
		if l.Image {
			kind = "image"
		}
		fmt.Fprintf(&b, "%s: %s %s\n", kind, l.Pos, l.Dest)
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
	var a archive
	cur := -1
	for line := range strings.Lines(s) {
		trimmed := strings.TrimSuffix(line, "\n")
		if name, ok := marker(trimmed); ok {
			a.sections = append(a.sections, section{name: name})
			cur = len(a.sections) - 1
			continue
		}
		if cur < 0 {
			a.comment += line
		} else {
			a.sections[cur].data += line
		}
	}
	return a
}

func marker(line string) (string, bool) {
	name, ok := strings.CutPrefix(line, "-- ")
	if !ok {
		return "", false
	}
	name, ok = strings.CutSuffix(name, " --")
	return strings.TrimSpace(name), ok && strings.TrimSpace(name) != ""
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
	var b strings.Builder
	b.WriteString(a.comment)
	for _, s := range a.sections {
		fmt.Fprintf(&b, "-- %s --\n%s", s.name, s.data)
	}
	return b.String()
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
