package server

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/media"
	"github.com/drammen-works/works/internal/msg"
)

// page is what is added to one HTML response.
type page struct {
	gen         uint64
	status      PageStatus
	unpublished bool
	overlay     string // the error overlay's content while the latest build failed
	warnings    string // the warnings panel, or ""
	lang        msg.Lang
}

// inject returns a copy of doc with the preview's additions: for an
// unpublished page a noindex tag in <head> and a banner at the top of
// <body>; the error overlay while the build is broken; and the warnings
// panel and the live-reload script at the end of <body>. doc itself is not
// changed.
func inject(doc []byte, p page) []byte {
	var head, top strings.Builder
	if p.unpublished {
		head.WriteString(`<meta name="robots" content="noindex">`)
		top.WriteString(bannerHTML(p.status, p.lang))
	}
	if p.overlay != "" {
		top.WriteString(overlayElement(p.overlay))
	}
	script := p.warnings + `<script src="` + prefix + `live.js" data-gen="` + strconv.FormatUint(p.gen, 10) + `" defer></script>`

	out := make([]byte, 0, len(doc)+head.Len()+top.Len()+len(script))
	headAt, bodyAt := tagEnd(doc, "head"), tagEnd(doc, "body")
	endAt := bytes.LastIndex(bytes.ToLower(doc), []byte("</body"))
	if bodyAt < 0 || endAt < bodyAt {
		endAt = -1
	}
	if headAt < 0 || bodyAt >= 0 && headAt > bodyAt {
		headAt = bodyAt
	}
	pos := 0
	emit := func(at int, s string) {
		if s == "" {
			return
		}
		if at < 0 {
			at = pos // no such tag: put it where we are
		}
		out = append(out, doc[pos:at]...)
		out = append(out, s...)
		pos = at
	}
	emit(headAt, head.String())
	emit(bodyAt, top.String())
	if endAt < 0 {
		endAt = len(doc)
	}
	emit(endAt, script)
	return append(out, doc[pos:]...)
}

// tagEnd returns the index just past the first start tag <name ...>, or -1.
// "<header>" is not "<head>".
func tagEnd(doc []byte, name string) int {
	lower := bytes.ToLower(doc)
	open := []byte("<" + name)
	for i := 0; ; {
		j := bytes.Index(lower[i:], open)
		if j < 0 {
			return -1
		}
		i += j + len(open)
		if i >= len(doc) {
			return -1
		}
		if c := doc[i]; c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			if k := bytes.IndexByte(doc[i:], '>'); k >= 0 {
				return i + k + 1
			}
			return -1
		}
	}
}

// bannerHTML is the bar across the top of an unpublished page. It lives in
// a shadow root so neither the site's styles nor its own leak.
func bannerHTML(st PageStatus, l msg.Lang) string {
	var parts []string
	if st.Draft {
		parts = append(parts, msg.Sprintf(l, "Draft – not published"))
	}
	if !st.Scheduled.IsZero() {
		parts = append(parts, scheduled(st.Scheduled, l))
	}
	return `<works-banner role="status"><template shadowrootmode="open"><style>` + bannerCSS + `</style><p><strong>` +
		template.HTMLEscapeString(strings.Join(parts, " · ")) + `</strong> ` + template.HTMLEscapeString(msg.Sprintf(l, "Shown in the preview only.")) + `</p></template></works-banner>`
}

const bannerCSS = `:host{all:initial;display:block;position:relative;z-index:2147483646}` +
	`p{margin:0;padding:.6em 1em;font:16px/1.4 system-ui,sans-serif;color:#1a1d21;text-align:center;` +
	`background:repeating-linear-gradient(-45deg,#ffd84d 0 14px,#ffe680 14px 28px);border-bottom:3px solid #1a1d21}` +
	`strong{font-weight:700}`

var monthsNb = [...]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

// scheduled words a publish date: "Planlagt 12. mars 2027 kl. 09.00",
// "Scheduled for 12 March 2027 at 09:00".
func scheduled(t time.Time, l msg.Lang) string {
	month := t.Month().String()
	if l == msg.Norwegian {
		month = monthsNb[t.Month()-1]
	}
	return msg.Sprintf(l, "Scheduled for %d %s %d at %02d:%02d", t.Day(), month, t.Year(), t.Hour(), t.Minute())
}

// isHTML reports whether a file is served as a page, which gets the
// preview's additions.
func isHTML(name string) bool {
	t, _ := media.Type(name)
	return media.Essence(t) == "text/html"
}
