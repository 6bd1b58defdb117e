// Package markdown turns one page's Markdown body into HTML and reports what
// it saw on the way, all from one parse: headings, a summary, a table of
// contents, the plain text, and the Facts works check judges (links with
// their text, images, tables, raw HTML, sentences). It does no I/O and
// knows nothing of sites; links to other content files are resolved
// through a LinkResolver the caller supplies, and images next to the page
// through an ImageResolver. A body whose links or nesting would cost
// goldmark time with the square of its size is refused with an error at
// its line (Screen) rather than rendered.
package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/drammen-works/works/internal/diag"
)

// Options configures a Renderer. The zero value is the default: raw HTML is
// dropped and punctuation is left as typed.
type Options struct {
	Unsafe      bool // keep raw HTML; by default it is dropped
	Typographer bool // smart quotes, dashes and ellipsis, per language
}

// Renderer converts Markdown to HTML. It is built once by New and safe
// for concurrent use by many goroutines; besides its scratch buffers it
// does not change.
type Renderer struct {
	// One goldmark instance per quotation style, because the typographer's
	// substitutions are fixed when the instance is built.
	norwegian goldmark.Markdown
	english   goldmark.Markdown
	// texts are *bodyText, the readable text of a body while its
	// sentences are found, reused from render to render.
	texts sync.Pool
}

// LinkResolver maps a link to another content file to that page's URL. from
// is the linking document's path relative to content/ ("historier/a.md");
// target is the destination as written without its #fragment
// ("../prosjekter/internasjonale-drammen.md"). ok is false when there is no
// such page.
type LinkResolver interface {
	ResolveLink(from, target string) (url string, ok bool)
}

// Input is one document to render.
type Input struct {
	Path     string        // the document's path relative to content/, reported as "content/"+Path
	Body     []byte        // Markdown
	BodyLine int           // 1-based line in the file where Body starts; 0 counts as 1
	Lang     string        // "nb", "nn" or "no" (with any region) use « »; anything else “ ”
	Links    LinkResolver  // may be nil: then .md links are left as written
	Images   ImageResolver // may be nil: then images are rendered as written
}

// Heading is one heading of the body, in document order.
type Heading struct {
	Level int
	ID    string
	Text  string // plain text, whitespace folded
	Pos   diag.Position
}

// Result is what Render produced and saw.
type Result struct {
	HTML      []byte    // the body
	Summary   []byte    // HTML before <!--more--> if present, else the first paragraph's (or empty)
	Truncated bool      // Summary is shorter than HTML
	Headings  []Heading // in order
	TOC       []byte    // nested <ul> of h2–h4 links (#id), empty when fewer than 2 such headings
	WordCount int       // words of plain text
	Plain     []byte    // plain text of the body, whitespace folded
	Facts     *Facts    // what works check judges; nil when the body was refused
}

// stateKey carries one render's state to the AST transformer through
// goldmark's parser.Context. goldmark hands out keys from an unsynchronised
// package counter that NewContext also reads, so the key must be taken once
// at package initialisation (as goldmark's own extensions do), not in New
// where it would race with renders running in other goroutines. It is never
// changed afterwards.
var stateKey = parser.NewContextKey()

// New builds a Renderer. It is meant to be called once at start-up and shared.
func New(opts Options) *Renderer {
	r := &Renderer{
		norwegian: newGoldmark(opts, substitutions("«", "»")),
		english:   newGoldmark(opts, substitutions("“", "”")),
	}
	if !opts.Typographer {
		// Without the typographer the two would be identical.
		r.norwegian = r.english
	}
	return r
}

func newGoldmark(opts Options, quotes map[extension.TypographicPunctuation]string) goldmark.Markdown {
	exts := []goldmark.Extender{
		// GFM: links, tables, strikethrough, task lists. A table's
		// alignment is a class (set by the transformer), not a style
		// attribute, which the site's Content-Security-Policy refuses.
		extension.Linkify,
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.TaskList,
		extension.Footnote,
		extension.DefinitionList,
	}
	if opts.Typographer {
		exts = append(exts, extension.NewTypographer(extension.WithTypographicSubstitutions(quotes)))
	}
	htmlOpts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(pictureRenderer{}, 500))}
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, gmhtml.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAttribute(), // {#custom-id} on headings
			parser.WithASTTransformers(util.Prioritized(&transformer{unsafe: opts.Unsafe}, 10000)),
		),
		goldmark.WithRendererOptions(htmlOpts...),
	)
}

// substitutions returns the typographer's replacements with the given double
// quotes. They are characters rather than entities so the plain text (taken
// from the AST) reads the same as the HTML.
func substitutions(leftDouble, rightDouble string) map[extension.TypographicPunctuation]string {
	return map[extension.TypographicPunctuation]string{
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.LeftDoubleQuote:  leftDouble,
		extension.RightDoubleQuote: rightDouble,
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
		extension.Apostrophe:       "’",
	}
}

// norwegian reports whether lang takes Norwegian quotation marks: nb, nn or
// no, with or without a region ("nb-NO").
func norwegian(lang string) bool {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	primary, _, _ = strings.Cut(primary, "_")
	switch primary {
	case "nb", "nn", "no":
		return true
	}
	return false
}

// Render converts one document. The diagnostics are broken links to other
// content files, comments that never end (errors), headings sharing a
// custom id and heading attributes left out (warnings). A body that Screen
// refuses is not rendered: the Result is empty and the diagnostics say why.
func (r *Renderer) Render(in Input) (Result, diag.List) {
	if refused := Screen("content/"+in.Path, in.Body, in.BodyLine); refused.Err() != nil {
		return Result{}, refused
	}
	md, doc, st := r.parse(in)
	var res Result
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, in.Body, doc); err != nil {
		// goldmark's HTML renderers fail only when the writer does, and a
		// bytes.Buffer does not; keep the report for the day that changes.
		st.diags.Add(diag.Errorf(diag.Position{File: st.file}, "", "cannot turn the Markdown into HTML: %v", err))
	}
	res.HTML = buf.Bytes()
	t := r.text()
	res.Plain, res.WordCount = st.readText(doc, in.Body, t)
	r.release(t)
	res.Headings = st.headings
	res.TOC = toc(st.headings)
	st.finishFacts()
	res.Facts = &st.facts
	// The summary comes last: it cuts the tree down to the summary's part.
	res.Summary = summary(md, doc, in.Body, st.split)
	res.Truncated = len(bytes.TrimSpace(res.Summary)) < len(bytes.TrimSpace(res.HTML))
	return res, st.diags
}

// Facts are the facts Render reports for in, without the HTML: for works
// check on a page the build did not render. A body that Screen refuses has
// none (an empty Facts); the build reports it.
func (r *Renderer) Facts(in Input) *Facts {
	if Screen("content/"+in.Path, in.Body, in.BodyLine).Err() != nil {
		return &Facts{}
	}
	_, doc, st := r.parse(in)
	t := r.text()
	st.readText(doc, in.Body, t)
	r.release(t)
	st.finishFacts()
	return &st.facts
}

func (r *Renderer) text() *bodyText {
	if t, ok := r.texts.Get().(*bodyText); ok {
		return t
	}
	return &bodyText{}
}

// release keeps t for the next render, unless a huge body made it huge.
func (r *Renderer) release(t *bodyText) {
	if cap(t.buf) <= 1<<20 {
		r.texts.Put(t)
	}
}

// parse reads in into a tree ready to render, with the transformer's state.
func (r *Renderer) parse(in Input) (goldmark.Markdown, ast.Node, *state) {
	md := r.english
	if norwegian(in.Lang) {
		md = r.norwegian
	}
	st := &state{in: in, file: "content/" + in.Path}
	// A fresh IDs per render keeps heading ids unique within the page and
	// shares nothing between concurrent renders.
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, st)
	doc := md.Parser().Parse(text.NewReader(in.Body), parser.WithContext(pc))
	return md, doc, st
}

// summary renders the part before the <!--more--> divider, or else the first
// top-level paragraph. It changes doc, so it must run after everything else
// that reads the tree.
func summary(md goldmark.Markdown, doc ast.Node, src []byte, split *splitPoint) []byte {
	part := firstParagraph(doc)
	if split != nil {
		split.cut(src)
		part = doc
	}
	if part == nil {
		return nil
	}
	// The notes themselves are not part of a summary, so their numbered
	// references would point nowhere (and repeat ids on a list page).
	var refs []ast.Node
	_ = ast.Walk(part, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == extast.KindFootnoteLink {
			refs = append(refs, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range refs {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	// A list shows many summaries: none of their images is the one the
	// browser should fetch first.
	_ = ast.Walk(part, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*pictureNode); ok && entering {
			p.first = false
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, part); err != nil {
		return nil // see Render: cannot happen with a bytes.Buffer
	}
	return buf.Bytes()
}

func firstParagraph(doc ast.Node) ast.Node {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindParagraph {
			return n
		}
	}
	return nil
}
