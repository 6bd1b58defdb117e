package render

import (
	"bytes"
	"html/template"

	"github.com/drammen-works/works/internal/markdown"
)

// markdownify renders a short Markdown text (a tagline, a summary) inline:
// a single paragraph loses its <p> wrapper.
func (r *Renderer) markdownify(lang string) func(any) template.HTML {
	return func(v any) template.HTML {
		if r.md == nil {
			return template.HTML(template.HTMLEscapeString(toString(v)))
		}
		res, _ := r.md.Render(markdown.Input{Body: []byte(toString(v)), Lang: lang, BodyLine: 1})
		out := bytes.TrimSpace(res.HTML)
		if bytes.Count(out, []byte("<p>")) == 1 && bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) {
			out = out[3 : len(out)-4]
		}
		return template.HTML(out)
	}
}
