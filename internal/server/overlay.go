package server

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// problem is one error as the overlay shows it.
type problem struct {
	Where, Msg, Hint string
	Lines            []sourceLine // the lines around the error; empty when unknown
}

type sourceLine struct {
	N      int
	Text   string
	Here   bool   // the line the error is on
	Before string // for the line of the error: what precedes the column, tabs kept, so the mark lines up
}

// problems turns a failed build's error into what the overlay lists, in the
// order diag.List sorts them, in l.
func problems(err error, source fs.FS, l msg.Lang) []problem {
	var list diag.List
	list.Add(err)
	list.Sort()
	out := make([]problem, 0, len(list))
	for _, d := range list {
		if d.Severity != diag.Error {
			continue
		}
		what, fix := d.In(l)
		if d.What.IsZero() && d.Err != nil {
			what = msg.Sprintf(l, "%s", d.Err) // an error that is not a diagnostic, in plain words where it can be
		}
		out = append(out, problem{Where: d.Pos.String(), Msg: what, Hint: fix, Lines: excerpt(source, d.Pos)})
	}
	if len(out) == 0 { // only warnings: say the error itself
		out = append(out, problem{Msg: msg.Sprintf(l, "%s", err)})
	}
	return out
}

// excerpt reads the two lines before and after pos from the source file.
func excerpt(source fs.FS, pos diag.Position) []sourceLine {
	const around, maxRunes = 2, 240
	if source == nil || pos.Line < 1 || !fs.ValidPath(pos.File) {
		return nil
	}
	if fi, err := fs.Stat(source, pos.File); err != nil || fi.IsDir() || fi.Size() > 8<<20 {
		return nil
	}
	src, err := fs.ReadFile(source, pos.File)
	if err != nil || !utf8.Valid(src) {
		return nil
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if pos.Line > len(lines) {
		return nil
	}
	var out []sourceLine
	for n := max(1, pos.Line-around); n <= min(len(lines), pos.Line+around); n++ {
		text := lines[n-1]
		if utf8.RuneCountInString(text) > maxRunes {
			text = string([]rune(text)[:maxRunes]) + "…"
		}
		l := sourceLine{N: n, Text: text, Here: n == pos.Line}
		if l.Here && pos.Col > 0 {
			var b strings.Builder
			for i, r := range []rune(text) {
				if i >= pos.Col-1 {
					break
				}
				if r == '\t' {
					b.WriteRune('\t')
				} else {
					b.WriteRune(' ')
				}
			}
			l.Before = b.String()
		}
		out = append(out, l)
	}
	return out
}

// overlayTmpl is the overlay's content, shown in a shadow root so the
// site's styles cannot touch it. Messages are the build's own words.
var overlayTmpl = template.Must(template.New("overlay").Parse(`<style>` + overlayCSS + `</style>
<section role="alertdialog" aria-modal="false" aria-labelledby="works-title"{{if .Page}} data-works-page{{end}}>
<header><h2 id="works-title">{{.Title}}</h2>
<button type="button" data-works-hide>{{.Hide}}</button></header>
<p class="lead">{{.Lead}}</p>
<ol>{{range .Problems}}
<li>{{with .Where}}<p class="where">{{.}}</p>{{end}}
<p class="msg">{{.Msg}}</p>{{with .Hint}}
<p class="hint"><span class="fix">{{$.HowToFix}}</span>{{.}}</p>{{end}}{{with .Lines}}
<pre>{{range .}}{{if .Here}}<span class="here"><span class="n">{{printf "%4d" .N}}</span> {{.Text}}
<span class="mark"><span class="n">    </span> {{.Before}}^</span></span>{{else}}<span class="n">{{printf "%4d" .N}}</span> {{.Text}}
{{end}}{{end}}</pre>{{end}}</li>{{end}}
</ol>
</section>`))

// overlay is what the overlay shows, in the writer's language.
type overlay struct {
	Title, Hide, Lead, HowToFix string
	Problems                    []problem
	// Page marks the overlay of one page's own errors, which stays while
	// other builds come and go (live.js).
	Page bool
}

const overlayCSS = `:host{all:initial;position:fixed;inset:0;z-index:2147483647;display:block;overflow:auto;` +
	`background:rgba(15,26,32,.6);font:16px/1.5 system-ui,sans-serif;color:#1a1d21}` +
	`section{max-width:58rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-top:6px solid #b4441c;` +
	`border-radius:6px;box-shadow:0 10px 40px rgba(0,0,0,.35)}` +
	`header{display:flex;gap:1rem;align-items:start;justify-content:space-between}` +
	`h2{margin:0;font-size:1.35rem;color:#8a2f0f}` +
	`button{font:inherit;padding:.3em .9em;border:1px solid #1a1d21;border-radius:4px;background:#fff;color:#1a1d21;cursor:pointer}` +
	`button:focus-visible{outline:3px solid #0b4f6c;outline-offset:2px}` +
	`.lead{margin:.5rem 0 1rem}ol{padding-left:1.5rem}li{margin:0 0 1.5rem}` +
	`.where{margin:0;font:600 15px/1.4 ui-monospace,monospace;color:#0b4f6c;overflow-wrap:anywhere}` +
	`.msg{margin:.2rem 0;font-weight:600}.hint{margin:.2rem 0;color:#3d4650}.fix{font-weight:600}` +
	`pre{margin:.5rem 0 0;padding:.75rem;background:#f4f1ec;border-radius:4px;overflow:auto;font:14px/1.45 ui-monospace,monospace;tab-size:4}` +
	`.n{color:#6b7480;user-select:none}.here{display:block;background:#ffe3d6}.mark{color:#b4441c;font-weight:700}`

// overlayHTML renders the content of the overlay for a failed build, in
// l. last says whether the page behind it is the last version that worked;
// when the site has not been built yet there is none.
func overlayHTML(err error, source fs.FS, l msg.Lang, last bool) string {
	ps := problems(err, source, l)
	n := len(ps)
	lead := msg.T("Fix the file and save it: the page appears by itself once the site can be built.")
	if last {
		lead = msg.T("You are looking at the last version that worked. Fix the file and save it: this message goes away by itself.")
	}
	return renderOverlay(ps, plural(n, msg.T("The site could not be rebuilt: 1 error"), msg.T("The site could not be rebuilt: %d errors", n)), lead, false, l)
}

// pageOverlayHTML renders the overlay of a page left out for its own
// errors, while the rest of the site is served; last as for overlayHTML.
func pageOverlayHTML(err error, source fs.FS, l msg.Lang, last bool) string {
	ps := problems(err, source, l)
	n := len(ps)
	lead := msg.T("The rest of the site is shown as usual. Fix the file and save it: this page appears by itself once it can be made.")
	if last {
		lead = msg.T("You are looking at the last version of this page that worked; the rest of the site is up to date. Fix the file and save it: this message goes away by itself.")
	}
	return renderOverlay(ps, plural(n, msg.T("This page has 1 error"), msg.T("This page has %d errors", n)), lead, true, l)
}

func renderOverlay(ps []problem, title, lead msg.Text, page bool, l msg.Lang) string {
	o := overlay{
		Title:    title.In(l),
		Hide:     msg.Sprintf(l, "Hide"),
		Lead:     lead.In(l),
		HowToFix: msg.Sprintf(l, "How to fix: "),
		Problems: ps,
		Page:     page,
	}
	var b bytes.Buffer
	if err := overlayTmpl.Execute(&b, o); err != nil {
		// The template is fixed and its data plain strings: this cannot
		// happen, and a plain message is still better than nothing.
		return template.HTMLEscapeString(msg.Sprintf(l, "The site could not be rebuilt: %s", err))
	}
	return b.String()
}

// plural picks the text for n things: English says "1 error", "2 errors".
func plural(n int, one, many msg.Text) msg.Text {
	if n == 1 {
		return one
	}
	return many
}

// overlayElement wraps the overlay's content for a page served while the
// build is broken. The page's script can replace or remove it later.
func overlayElement(content string) string {
	return `<works-overlay><template shadowrootmode="open">` + content + `</template></works-overlay>`
}
