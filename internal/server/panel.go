package server

import (
	"bytes"
	"hash/fnv"
	"html/template"
	"strconv"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// panelTmpl is the warnings panel: a small box in a corner of the page,
// in a shadow root like the overlay, that the writer can hide. It is a
// labelled landmark with a heading, so a screen reader finds it; its
// button takes the focus order's place at the end of the page, and Escape
// hides it too (live.js).
var panelTmpl = template.Must(template.New("panel").Parse(`<works-warnings data-key="{{.Key}}"><template shadowrootmode="open"><style>` + panelCSS + `</style>
<aside aria-labelledby="works-warnings-title">
<header><h2 id="works-warnings-title">{{.Title}}</h2>
<button type="button" data-works-dismiss aria-label="{{.HideLabel}}">{{.Hide}}</button></header>
{{with .Problems}}<ul>{{range .}}
<li>{{with .Where}}<p class="where">{{.}}</p>{{end}}<p class="msg">{{.Msg}}</p>{{with .Hint}}
<p class="hint"><span class="fix">{{$.HowToFix}}</span>{{.}}</p>{{end}}</li>{{end}}
</ul>{{end}}{{with .Elsewhere}}
<p class="elsewhere">{{.}}</p>{{end}}
</aside></template></works-warnings>`))

const panelCSS = `:host{all:initial;position:fixed;right:1rem;bottom:1rem;z-index:2147483645;display:block;` +
	`width:min(26rem,calc(100vw - 2rem));max-height:45vh;overflow:auto;font:15px/1.45 system-ui,sans-serif;color:#1a1d21;` +
	`background:#fffbea;border:1px solid #8a6d00;border-left:6px solid #c79a00;border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.25)}` +
	`aside{padding:.75rem 1rem}header{display:flex;gap:.75rem;align-items:start;justify-content:space-between}` +
	`h2{margin:0;font-size:1rem;line-height:1.4;color:#5c4700}` +
	`button{font:inherit;padding:.2em .8em;border:1px solid #1a1d21;border-radius:4px;background:#fff;color:#1a1d21;cursor:pointer}` +
	`button:focus-visible{outline:3px solid #0b4f6c;outline-offset:2px}` +
	`ul{margin:.5rem 0 0;padding-left:1.2rem}li{margin:0 0 .6rem}p{margin:0}` +
	`.where{font:600 13px/1.4 ui-monospace,monospace;color:#0b4f6c;overflow-wrap:anywhere}.msg{font-weight:600}` +
	`.hint{color:#3d4650}.fix{font-weight:600}.elsewhere{margin-top:.5rem;color:#3d4650}`

// panelHTML renders the warnings panel of a page with the warnings
// warned, of all the build's total, in l; "" when there is nothing to
// tell.
func panelHTML(warned diag.List, total int, l msg.Lang) string {
	var ps []problem
	for _, d := range warned {
		what, fix := d.In(l)
		ps = append(ps, problem{Where: d.Pos.String(), Msg: what, Hint: fix})
	}
	n, elsewhere := len(ps), total-len(ps)
	if n == 0 && elsewhere <= 0 {
		return ""
	}
	data := struct {
		Key, Title, Hide, HideLabel, HowToFix, Elsewhere string
		Problems                                         []problem
	}{
		Hide:      msg.Sprintf(l, "Hide"),
		HideLabel: msg.Sprintf(l, "Hide the warnings"),
		HowToFix:  msg.Sprintf(l, "How to fix: "),
		Problems:  ps,
	}
	switch {
	case n == 0:
		data.Title = plural(elsewhere, msg.T("1 warning on other pages: see the terminal"), msg.T("%d warnings on other pages: see the terminal", elsewhere)).In(l)
	default:
		data.Title = plural(n, msg.T("1 warning on this page"), msg.T("%d warnings on this page", n)).In(l)
		if elsewhere > 0 {
			data.Elsewhere = plural(elsewhere, msg.T("And 1 on other pages: see the terminal."), msg.T("And %d on other pages: see the terminal.", elsewhere)).In(l)
		}
	}
	// The key names what the panel says, so that a panel the writer hid
	// stays hidden until its warnings change.
	h := fnv.New64a()
	h.Write([]byte(data.Title + "\x00" + data.Elsewhere))
	for _, p := range ps {
		h.Write([]byte("\x00" + p.Where + "\x00" + p.Msg + "\x00" + p.Hint))
	}
	data.Key = strconv.FormatUint(h.Sum64(), 36)
	var b bytes.Buffer
	if err := panelTmpl.Execute(&b, data); err != nil {
		return "" // a fixed template and plain strings: it cannot fail
	}
	return b.String()
}
