package output

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"path"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2"
	htmlparse "github.com/tdewolff/parse/v2/html"
	xmlparse "github.com/tdewolff/parse/v2/xml"
)

// Minifier shrinks HTML, CSS, JavaScript, SVG, JSON and XML. It is set up
// once by NewMinifier and only read afterwards, so one Minifier is shared by
// every goroutine of a build.
type Minifier struct {
	m *minify.M
}

// Media types as the registry knows them. The HTML minifier looks up the
// type of every inline <script> and <style> in the same registry, so what is
// registered here also decides which inline blocks get minified.
const (
	typeHTML     = "text/html"
	typeCSS      = "text/css"
	typeJS       = "text/javascript"
	typeSVG      = "image/svg+xml"
	typeJSON     = "application/json"
	typeManifest = "application/manifest+json"
	typeXML      = "application/xml"
	typeXSLT     = "application/xslt+xml"
)

// NewMinifier returns a Minifier for the types Minify knows.
func NewMinifier() *Minifier {
	m := minify.New()

	m.Add(typeHTML, &html.Minifier{
		// <html lang="nb">, <head> and <body> carry meaning for screen
		// readers, search engines and our own link checker; omitting them
		// is valid HTML but not worth the few bytes.
		KeepDocumentTags: true,
		// Omitted end tags are valid but make the output hard to read and
		// to check with tools that are not full HTML5 parsers.
		KeepEndTags: true,
		// Unquoted attribute values break as soon as a template puts a
		// space or "=" into one; quotes cost two bytes each.
		KeepQuotes: true,
		// Dropping type="text" or method="get" would silently break CSS
		// attribute selectors (input[type=text]) and script lookups.
		KeepDefaultAttrVals: true,
	})

	m.Add(typeCSS, &css.Minifier{})

	// Inline scripts reach the registry under whatever their type attribute
	// says; only a script without one gets the "escape-html" treatment that
	// keeps "</script" and "<!--" out of the minified text. We ask for it on
	// every script, so <script type="module"> is as safe as a bare <script>.
	// Inside a standalone .js file the escape changes no string's value.
	jsMin := htmlSafeJS{&js.Minifier{}}
	for _, t := range []string{
		typeJS, "application/javascript", "application/x-javascript",
		"text/ecmascript", "application/ecmascript", "module",
	} {
		m.Add(t, jsMin)
	}

	jsonMin := &json.Minifier{}
	for _, t := range []string{
		typeJSON, typeManifest, "application/ld+json", "application/feed+json",
		"application/geo+json", "importmap", "speculationrules",
	} {
		m.Add(t, jsonMin)
	}

	m.Add(typeSVG, &svg.Minifier{})

	// KeepWhitespace keeps the space in mixed content such as
	// "a <b>b</b>" (an XSLT template, XHTML in a feed), which the default
	// drops. It still collapses runs of spaces inside text, so HTML in a
	// feed belongs in CDATA, which is kept as it is.
	xmlMin := &xml.Minifier{KeepWhitespace: true}
	for _, t := range []string{
		typeXML, "text/xml", typeXSLT,
		"application/atom+xml", "application/rss+xml", "application/mathml+xml",
	} {
		m.Add(t, xmlMin)
	}

	return &Minifier{m: m}
}

// htmlSafeJS runs the JavaScript minifier with "escape-html" always on.
type htmlSafeJS struct{ js *js.Minifier }

var _ minify.Minifier = htmlSafeJS{}

func (h htmlSafeJS) Minify(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
	p := maps.Clone(params) // keeps "inline" for onclick="…" and the like
	if p == nil {
		p = map[string]string{}
	}
	p["escape-html"] = "1"
	return h.js.Minify(m, w, r, p)
}

// mediaType is the media type Minify uses for a file, or "" for a file it
// leaves alone. Files named *.min.* are already minified by their authors
// (vendor scripts, mostly); minifying again gains nothing and risks breaking
// code we did not write.
func mediaType(name string) string {
	base := strings.ToLower(path.Base(name))
	ext := path.Ext(base)
	if strings.HasSuffix(strings.TrimSuffix(base, ext), ".min") {
		return ""
	}
	switch ext {
	case ".html", ".htm":
		return typeHTML
	case ".css":
		return typeCSS
	case ".js", ".mjs":
		return typeJS
	case ".svg":
		return typeSVG
	case ".json":
		return typeJSON
	case ".webmanifest":
		return typeManifest
	case ".xml":
		return typeXML
	case ".xsl", ".xslt":
		return typeXSLT
	}
	return ""
}

// Minify returns data minified according to the extension of path (.html
// .htm .css .js .mjs .svg .json .webmanifest .xml .xsl .xslt). Data of any other
// type, and files named like "x.min.js", come back unchanged (the same
// slice). A syntax error is a *diag.Diagnostic at its line and column in
// path.
func (m *Minifier) Minify(path string, data []byte) ([]byte, error) {
	out, d := m.minify(path, "", data)
	if d != nil {
		return nil, d
	}
	return out, nil
}

// minify is Minify with the owner named in the error.
func (m *Minifier) minify(name, owner string, data []byte) ([]byte, *diag.Diagnostic) {
	t := mediaType(name)
	if t == "" {
		return data, nil
	}
	// The minifiers edit their input in place and borrow one byte past its
	// end; a private copy keeps the caller's slice (which may share its
	// array with other files) untouched and race-free.
	in := make([]byte, len(data), len(data)+1)
	copy(in, data)
	if isXML(t) && hasBlankElement(in) {
		return data, nil
	}
	if t == typeHTML {
		in = normalizeComments(in)
	}
	out, err := m.m.Bytes(t, in)
	if err == nil {
		return out, nil
	}
	pos := diag.Position{File: name}
	fault := err.Error()
	if perr, ok := errors.AsType[*parse.Error](err); ok {
		pos.Line, pos.Col = perr.Line, perr.Column
		fault = perr.Message
	}
	var made msg.Text
	if owner != "" && owner != name {
		made = msg.T(" (made from %s)", owner)
	}
	d := diag.Errorf(pos, "fix the syntax there, or build without minifying to see the file as written",
		"could not minify %s%s: %s", name, made, fault)
	d.Err = err
	return nil, d
}

// SyntaxFault is what the minifier found wrong at a line of a file, in its
// own words and without the file's name, for a message that names the
// file another way; ok is false for an error of Minify's that is no such
// fault.
func SyntaxFault(err error) (words string, ok bool) {
	perr, ok := errors.AsType[*parse.Error](err)
	if !ok {
		return "", false
	}
	return perr.Message, true
}

// normalizeComments rewrites the comments a browser ends at once, "<!-->"
// and "<!--->", as "<!---->". The minifier's lexer reads them as the start
// of a comment that runs to the next "-->", and would delete every word
// between (with [markup] unsafe, Markdown's "a <!--> b" lost all text up to
// the next comment). It reads them as the HTML tokenizer does, and ends a
// comment at "--!>" as it does already; a comment without an end hides the
// rest of the page in both. data comes back as it is when it has none.
func normalizeComments(data []byte) []byte {
	var out []byte
	rest := data
	for {
		off, n := abruptComment(rest)
		if off < 0 {
			break
		}
		if out == nil {
			out = make([]byte, 0, len(data)+2)
		}
		out = append(append(out, rest[:off]...), "<!---->"...)
		rest = rest[off+n:]
	}
	if out == nil {
		return data
	}
	return append(out, rest...)
}

// abruptComment finds the first "<!-->" or "<!--->" that the HTML lexer
// reads as a comment, not inside a tag, a script or other raw text, and
// returns its offset and length; -1 when there is none.
func abruptComment(doc []byte) (int, int) {
	if !bytes.Contains(doc, []byte("<!-->")) && !bytes.Contains(doc, []byte("<!--->")) {
		return -1, 0
	}
	z := parse.NewInputBytes(doc)
	defer z.Restore()
	l := htmlparse.NewLexer(z)
	for {
		tt, data := l.Next()
		switch tt {
		case htmlparse.ErrorToken:
			return -1, 0
		case htmlparse.CommentToken:
			for _, abrupt := range []string{"<!-->", "<!--->"} {
				if bytes.HasPrefix(data, []byte(abrupt)) {
					return z.Offset() - len(data), len(abrupt)
				}
			}
		}
	}
}

func isXML(mediaType string) bool {
	return mediaType == typeXML || mediaType == typeXSLT
}

// hasBlankElement reports whether an XML document has an element whose only
// content is whitespace, such as <xsl:text> </xsl:text>. The XML minifier
// turns such an element into an empty one, which changes what an XSLT
// stylesheet outputs, so we leave those documents as they are written.
func hasBlankElement(doc []byte) bool {
	z := parse.NewInputBytes(doc)
	defer z.Restore()
	l := xmlparse.NewLexer(z)
	opened, blank := false, false
	for {
		tt, data := l.Next()
		switch {
		case tt == xmlparse.ErrorToken:
			return false
		case tt == xmlparse.StartTagCloseToken:
			opened, blank = true, false
			continue
		case tt == xmlparse.TextToken && opened && parse.IsAllWhitespace(data):
			blank = true
			continue
		case tt == xmlparse.EndTagToken && blank:
			return true
		}
		opened, blank = false, false
	}
}
