// Package wordstest gives the tests and benchmarks of the tokenizers
// realistic text: the pages of the benchmark corpus (internal/bench) as
// plain text, Markdown marks taken out. It reads the corpus's own simple
// Markdown itself rather than with internal/markdown, which imports the
// packages it serves. The same n gives the same pages on every machine.
package wordstest

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/bench"
)

// Page is one corpus page as plain text.
type Page struct {
	URL     string
	Title   string
	Summary string
	Date    string // "2006-01-02"
	Tags    []string
	Plain   string   // the body, whitespace folded, as markdown.Result.Plain
	Blocks  []string // the body's paragraphs, headings, list items and tables, one string each
}

// Pages returns the n pages of bench.Corpus(n), sorted by path.
func Pages(n int) []Page {
	files := bench.Corpus(n)
	var pages []Page
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasPrefix(name, "content/") || !strings.Contains(name, "/side-") {
			continue
		}
		p := Page{URL: "/" + strings.TrimSuffix(strings.TrimPrefix(name, "content/"), ".md") + "/"}
		_, rest, _ := strings.Cut(files[name], "---\n")
		front, body, _ := strings.Cut(rest, "\n---\n")
		for line := range strings.SplitSeq(front, "\n") {
			key, value, _ := strings.Cut(line, ": ")
			switch key {
			case "title":
				p.Title = value
			case "date":
				p.Date = value
			case "summary":
				p.Summary = value
			case "tags":
				p.Tags = strings.Split(strings.Trim(value, "[]"), ", ")
			}
		}
		p.Blocks = blocks(body)
		p.Plain = strings.Join(p.Blocks, " ")
		pages = append(pages, p)
	}
	return pages
}

var (
	emphasis = regexp.MustCompile(`\*+`)
	link     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	rule     = regexp.MustCompile(`^\|[-:|]+\|$`)
)

// blocks returns the plain text of each block of the corpus's Markdown:
// headings, paragraphs, list items and tables (cells apart by a space).
func blocks(body string) []string {
	var out []string
	for part := range strings.SplitSeq(body, "\n\n") {
		var items []string
		for line := range strings.SplitSeq(part, "\n") {
			switch {
			case rule.MatchString(line):
				continue
			case strings.HasPrefix(line, "|"):
				line = strings.Join(strings.Fields(strings.ReplaceAll(line, "|", " ")), " ")
			case strings.HasPrefix(line, "## "), strings.HasPrefix(line, "- "):
				line = line[strings.IndexByte(line, ' ')+1:]
			}
			line = link.ReplaceAllString(emphasis.ReplaceAllString(line, ""), "$1")
			if strings.HasPrefix(part, "- ") || len(items) == 0 {
				items = append(items, line)
			} else {
				items[len(items)-1] += " " + line
			}
		}
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" {
				out = append(out, it)
			}
		}
	}
	return out
}
