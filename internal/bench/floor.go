package bench

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	minhtml "github.com/tdewolff/minify/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// FloorStats says what Floor wrote.
type FloorStats struct {
	Pages int
	Bytes int64 // after minifying
}

// Floor is the least work any static site generator must do for a folder of
// Markdown: read each .md file below src, cut off its front matter, render
// the rest with goldmark (the extensions internal/markdown uses by default:
// GFM, footnotes, definition lists, heading attributes and ids), put it in
// one fixed HTML shell, minify it with the options internal/output uses and
// write it to dest/<path>/index.html (a/_index.md and a/index.md go to
// a/index.html). workers files are handled at once; 0 means GOMAXPROCS.
//
// There are no templates, lists, taxonomies, feeds, link checks or atomic
// swap: a generator's time above the floor's is what those cost it.
func Floor(ctx context.Context, src fs.FS, dest string, workers int) (FloorStats, error) {
	var names []string
	err := fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && path.Ext(name) == ".md" {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return FloorStats{}, fmt.Errorf("find the Markdown files: %w", err)
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return FloorStats{}, fmt.Errorf("create the output folder: %w", err)
	}
	root, err := os.OpenRoot(dest)
	if err != nil {
		return FloorStats{}, fmt.Errorf("open the output folder: %w", err)
	}
	defer root.Close()

	f := newFloorPage()
	errs := make([]error, len(names))
	var bytesOut atomic.Int64
	next := make(chan int)
	var wg sync.WaitGroup
	for range cmp.Or(workers, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				n, err := f.write(src, root, names[i], &buf)
				errs[i] = err
				bytesOut.Add(int64(n))
			}
		})
	}
	for i := range names {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return FloorStats{}, err
	}
	for _, err := range errs {
		if err != nil {
			return FloorStats{}, err
		}
	}
	return FloorStats{Pages: len(names), Bytes: bytesOut.Load()}, nil
}

// floorPage holds what every page shares; it is read-only once made.
type floorPage struct {
	md  goldmark.Markdown
	min *minify.M
}

func newFloorPage() *floorPage {
	m := minify.New()
	m.Add("text/html", &minhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	return &floorPage{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
			goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()),
		),
		min: m,
	}
}

// write renders one file and returns the bytes written. buf is the
// worker's, reused from page to page.
func (f *floorPage) write(src fs.FS, root *os.Root, name string, buf *bytes.Buffer) (int, error) {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return 0, err
	}
	buf.Reset()
	buf.WriteString(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>`)
	buf.WriteString(html.EscapeString(name))
	buf.WriteString(`</title><link rel="stylesheet" href="/css/site.css"></head><body><main>`)
	if err := f.md.Convert(body(data), buf); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	buf.WriteString("</main></body></html>\n")
	out, err := f.min.Bytes("text/html", buf.Bytes())
	if err != nil {
		return 0, fmt.Errorf("%s: minify: %w", name, err)
	}
	file := floorPath(name)
	if err := root.MkdirAll(path.Dir(file), 0o755); err != nil {
		return 0, err
	}
	if err := root.WriteFile(file, out, 0o644); err != nil {
		return 0, err
	}
	return len(out), nil
}

// floorPath is where the page of a Markdown file goes:
// a/b.md → a/b/index.html, a/_index.md and a/index.md → a/index.html.
func floorPath(name string) string {
	dir, base := path.Split(name)
	base = strings.TrimSuffix(base, ".md")
	if base == "_index" || base == "index" {
		return path.Join(dir, "index.html")
	}
	return path.Join(dir, base, "index.html")
}

// body is data without its front matter: a first line of "---" or "+++"
// up to the next line that is the same.
func body(data []byte) []byte {
	for _, fence := range []string{"---", "+++"} {
		rest, ok := bytes.CutPrefix(data, []byte(fence+"\n"))
		if !ok {
			continue
		}
		if bytes.HasPrefix(rest, []byte(fence+"\n")) {
			return rest[len(fence)+1:]
		}
		if _, after, ok := bytes.Cut(rest, []byte("\n"+fence+"\n")); ok {
			return after
		}
		return data
	}
	return data
}
