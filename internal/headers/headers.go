// Package headers writes the HTTP response headers a host should send with
// every file of the built site: a Content-Security-Policy that lets pages
// load, run and style only what comes from the site itself (and from the
// hosts in [privacy] allowHosts), X-Content-Type-Options: nosniff and a
// Referrer-Policy. They come as a `_headers` file (the format Netlify and
// Cloudflare Pages read) and `nginx-headers.conf` (add_header lines to
// include). It reads the configuration and returns bytes; it does no I/O.
//
// The policy holds because the works theme puts no script, style or event
// handler inline: the brand palette is part of the hashed stylesheet, and
// the only inline <script> elements are JSON-LD data, which browsers do
// not run. Raw HTML written in Markdown with [markup] unsafe = true gets no
// exception: a style="" or <script> in it is blocked.
package headers

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
)

// The files Files writes, at the site root.
const (
	NetlifyName = "_headers"
	NginxName   = "nginx-headers.conf"
)

// Header is one HTTP response header.
type Header struct{ Name, Value string }

// ReferrerPolicy lets a link to another site tell it which site the visitor
// came from, never which page.
const ReferrerPolicy = "strict-origin-when-cross-origin"

// For returns the headers every response of the site should carry, and
// the allowHosts that cannot be written into a policy.
func For(cfg *config.Config) ([]Header, diag.List) {
	csp, errs := Policy(cfg.Privacy.AllowHosts)
	return []Header{
		{"Content-Security-Policy", csp},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", ReferrerPolicy},
	}, errs
}

// Policy returns the Content-Security-Policy of a site whose pages may
// load from its own origin and from allowHosts: scripts and styles only
// from files (nothing inline, no eval), images also from data: URLs, no
// plugins, forms that submit only to the site, a <base> that cannot point
// elsewhere, and no framing by other sites. Every fetch it does not name
// (fonts, frames, fetch(), the manifest) falls back to default-src.
//
// An allowed host is written bare ("tiles.example.org"), which browsers
// match over the page's own scheme or https. A host that is not a plain
// ASCII host name would change the policy's meaning (";" starts another
// directive, a space another source), so it is left out and reported.
func Policy(allowHosts []string) (string, diag.List) {
	var errs diag.List
	var hosts []string
	for _, h := range allowHosts {
		if problem := hostProblem(h); !problem.IsZero() {
			errs.Add(diag.Errorf(diag.Position{File: config.FileName},
				`write a bare host name of letters, digits, "-" and ".", like allowHosts = ["tiles.example.org"] (a name with æ, ø or å in its xn-- form)`,
				"[privacy] allowHosts lists %q, which %s, so no security policy can allow it", h, problem))
			continue
		}
		hosts = append(hosts, h)
	}
	with := func(sources ...string) string {
		return strings.Join(append(sources, hosts...), " ")
	}
	directives := []string{
		"default-src " + with("'self'"),
		"script-src " + with("'self'"),
		"style-src " + with("'self'"),
		"img-src " + with("'self'", "data:"),
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'self'",
	}
	return strings.Join(directives, "; "), errs
}

// hostProblem says what keeps h from being a host-source of a policy, or
// nothing when it can be one.
func hostProblem(h string) msg.Text {
	if h == "" {
		return msg.T("is empty")
	}
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
		case r >= 'A' && r <= 'Z':
			return msg.T("has capital letters")
		case r > 0x7f:
			return msg.T("has letters outside a-z")
		default:
			return msg.T("has the character %s", strconv.QuoteRune(r))
		}
	}
	if strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, "..") ||
		strings.HasPrefix(h, "-") || strings.HasSuffix(h, "-") {
		return msg.T(`begins or ends with "." or "-", or has an empty part`)
	}
	return msg.Text{}
}

// Files returns _headers and nginx-headers.conf for the site, and the
// allowHosts left out of the policy.
func Files(cfg *config.Config) ([]output.File, diag.List) {
	hs, errs := For(cfg)
	return []output.File{
		{Path: NetlifyName, Data: Netlify(hs), Owner: config.FileName},
		{Path: NginxName, Data: Nginx(hs), Owner: config.FileName},
	}, errs
}

// Netlify writes hs in the _headers format of Netlify and Cloudflare
// Pages, for every address of the site ("/*"). Neither host publishes the
// file itself.
func Netlify(hs []Header) []byte {
	var b bytes.Buffer
	b.WriteString("# HTTP headers for every address of the site.\n# Written by works build from works.toml; edit [privacy] allowHosts there, not this file.\n/*\n")
	for _, h := range hs {
		fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
	}
	return b.Bytes()
}

// Nginx writes hs as add_header lines. "always" sends them with error
// pages too, the 404 page among them.
func Nginx(hs []Header) []byte {
	var b bytes.Buffer
	b.WriteString(`# HTTP headers for every address of the site.
# Written by works build from works.toml; edit [privacy] allowHosts there, not this file.
#
# Use: include this file in the site's server { } block, and again in every
# location { } block that has an add_header of its own: nginx forgets the
# server's add_header lines in such a location.
#
#     include /var/www/example.org/nginx-headers.conf;
`)
	for _, h := range hs {
		fmt.Fprintf(&b, "add_header %s %s always;\n", h.Name, nginxString(h.Value))
	}
	return b.Bytes()
}

// nginxString quotes s for an nginx configuration file, as the redirect
// map does: inside quotes only the quote and the backslash need escaping.
// A "$" would start a variable, which no header value here has.
func nginxString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
