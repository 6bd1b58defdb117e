// Package redirect turns the front-matter `aliases` of every page into
// permanent redirects that web hosts answer with a real 301: a `_redirects`
// file (the format Netlify and Cloudflare Pages read) and
// `nginx-redirects.conf` (an nginx map). Files also gives the other files
// hosts read, the response headers of package headers, so that every build,
// full or for the preview, writes them together. It reads the site model
// and returns bytes; it does no I/O.
//
// An alias is a path from the root of the site, as the writer typed it:
// "/gammel/om/" or "gammel/om". Like the redirect pages render writes for
// the same aliases (a meta refresh, for hosts that read neither file), it is
// not put under the page's language prefix: an English page that used to
// live at /en/old/ lists "/en/old/". A path without an extension gets a
// trailing slash, as every page URL has one. Both the old and the new path
// are below the base URL's path, if it has one.
package redirect

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/headers"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// The files Files writes, at the site root.
const (
	NetlifyName = "_redirects"
	NginxName   = "nginx-redirects.conf"
)

// Rule is one redirect: a request for From gets a 301 to To. Both are URL
// paths as a browser sends them, unescaped ("/gammel/møte/").
type Rule struct {
	From, To string
	Page     *site.Page // the page that lists the alias
}

// Rules returns the redirects of the model sorted by From. An alias that is
// not a plain path (a full URL, a query, a wildcard) is reported and left
// out. Two pages claiming one alias, or an alias that is also a page's
// address, keep the first claim in page order: the redirect pages render
// writes for aliases already make the build's file set report both
// conflicts, so they are not reported twice.
func Rules(m *site.Model) ([]Rule, diag.List) {
	var errs diag.List
	_, basePath := config.SplitBaseURL(m.Config.BaseURL)
	taken := map[string]bool{}
	for _, p := range m.Pages {
		taken[p.RelPermalink] = true
		for _, pg := range p.Pagers {
			taken[pg.URL] = true
		}
	}
	var rules []Rule
	for _, p := range m.Pages {
		for _, a := range p.Aliases {
			from, problem := aliasPath(a)
			if !problem.IsZero() {
				errs.Add(diag.Errorf(p.Pos("aliases"), "write the old address as a path from the site root, like /gammel/side/",
					"alias %q %s", a, problem))
				continue
			}
			from = basePath + from
			if taken[from] {
				continue
			}
			taken[from] = true
			rules = append(rules, Rule{From: from, To: p.RelPermalink, Page: p})
		}
	}
	slices.SortFunc(rules, func(a, b Rule) int { return cmp.Compare(a.From, b.From) })
	return rules, errs
}

// aliasPath cleans an alias the way render names its redirect page, or says
// what is wrong with it.
func aliasPath(a string) (string, msg.Text) {
	switch {
	case strings.Contains(a, "://") || strings.HasPrefix(a, "//"):
		return "", msg.T("is a full web address; only paths on this site can redirect")
	case strings.ContainsAny(a, "?#"):
		return "", msg.T("has a query or a #fragment, which hosts do not match on")
	case strings.ContainsAny(a, "*\\") || strings.Contains(a, "/:") || strings.HasPrefix(a, ":"):
		return "", msg.T(`has a "*", "\" or a part starting with ":", which redirect files read as patterns`)
	case strings.ContainsFunc(a, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", msg.T("has a control character")
	}
	p := "/" + strings.Trim(a, "/")
	if p == "/" {
		return "", msg.T("is the home page")
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", msg.T("has an empty, . or .. part")
		}
	}
	if !strings.HasSuffix(p, ".html") {
		p += "/"
	}
	return p, msg.Text{}
}

// Files returns what hosts read beside the site: _redirects and
// nginx-redirects.conf for the model, then _headers and nginx-headers.conf
// (headers.Files), with the aliases that could not become rules and the
// allowHosts that could not become a policy. A site without aliases still
// gets both redirect files, so a host's configuration can always include
// them.
func Files(m *site.Model) ([]output.File, diag.List) {
	rules, errs := Rules(m)
	files := []output.File{
		{Path: NetlifyName, Data: Netlify(rules), Owner: "aliases"},
		{Path: NginxName, Data: Nginx(rules), Owner: "aliases"},
	}
	hostHeaders, herrs := headers.Files(m.Config)
	return append(files, hostHeaders...), append(errs, herrs...)
}

// Netlify writes rules in the _redirects format: one "from to 301" a line,
// paths percent-encoded, as both hosts require.
//
// Netlify serves a file that exists at the old path instead of redirecting
// ("shadowing") unless the status is forced with "301!", and the redirect
// pages for aliases are such files; Cloudflare Pages always redirects, and
// refuses a line with "301!". Plain 301 is what both read, so on Netlify
// visitors get the redirect page's meta refresh rather than a real 301.
func Netlify(rules []Rule) []byte {
	var b bytes.Buffer
	b.WriteString("# Permanent redirects from the aliases in the pages' front matter.\n# Written by works build; edit the aliases, not this file.\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "%s %s 301\n", escape(r.From), escape(r.To))
	}
	return b.Bytes()
}

// Nginx writes rules as an nginx map from the requested path to its new
// address. nginx compares $uri after decoding it, so the keys are written
// as they read; the values go out in a Location header, so they are
// percent-encoded. Each alias also matches without its trailing slash,
// sparing a visitor the extra hop nginx would make to add it.
func Nginx(rules []Rule) []byte {
	var b bytes.Buffer
	b.WriteString(`# Permanent redirects from the aliases in the pages' front matter.
# Written by works build; edit the aliases, not this file.
#
# Use: include this file inside the http { } block, and add to the site's
# server { } block:
#
#     if ($works_redirect) {
#         return 301 $works_redirect;
#     }
map $uri $works_redirect {
    default "";
`)
	for _, r := range rules {
		to := nginxString(strings.ReplaceAll(escape(r.To), "$", "%24"))
		fmt.Fprintf(&b, "    %s %s;\n", nginxString(r.From), to)
		if short := strings.TrimSuffix(r.From, "/"); short != r.From && short != "" {
			fmt.Fprintf(&b, "    %s %s;\n", nginxString(short), to)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// escape percent-encodes a path for a redirect file: spaces and other
// characters outside URLs are encoded, "/" is kept.
func escape(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// nginxString quotes s for an nginx configuration file. Quoting keeps ";",
// "{", spaces and "#" from ending the value; inside quotes only the quote
// and the backslash need escaping.
func nginxString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
