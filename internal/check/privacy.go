package check

import (
	"bytes"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/output"
)

// The attributes through which the elements of isLoadingElement make the
// browser fetch something by itself, in the order attrs tries them ("src"
// before "srcset", as the regular expression it replaced did), and the one
// that says whether a <link> loads. Links a visitor follows (<a href>) are
// not among them: following one is the visitor's choice.
var (
	loadingAttrs = []string{"src", "href", "srcset", "poster", "data", "xlink:href"}
	relAttr      = []string{"rel"}
)

// loadingTags returns the start tags of loading elements in b, "<img …>",
// up to the first ">". It scans by hand: a regular expression that tried
// each element name at every "<" was a twentieth of a build.
func loadingTags(b []byte) [][]byte {
	var tags [][]byte
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		start := i + j
		k := start + 1
		for k < len(b) && (b[k]|0x20 >= 'a' && b[k]|0x20 <= 'z') {
			k++
		}
		i = start + 1
		if k == start+1 || k < len(b) && isWordByte(b[k]) || !isLoadingElement(b[start+1:k]) {
			continue
		}
		end := bytes.IndexByte(b[k:], '>')
		if end < 0 {
			break // no tag after here can close either
		}
		tags = append(tags, b[start:k+end+1])
		i = k + end + 1
	}
	return tags
}

// isLoadingElement reports whether name, ASCII letters, names in any case
// an element whose start tag may load something. It lowers the name into
// an array and switches on it: strings.ToLower allocated, and a map lookup
// was a twentieth of what check costs a page.
func isLoadingElement(name []byte) bool {
	var lower [len("iframe")]byte
	if len(name) > len(lower) {
		return false
	}
	for i, c := range name {
		lower[i] = c | 0x20
	}
	switch string(lower[:len(name)]) {
	case "script", "link", "img", "iframe", "source", "video", "audio", "embed", "object", "track", "input", "image", "use":
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c == '_'
}

// linkRelsNotLoaded are <link rel> values that name a page rather than load it.
var linkRelsNotLoaded = []string{"canonical", "alternate", "me", "author", "license", "help", "next", "prev", "search", "bookmark"}

// privacy reports every built file that makes browsers contact a host other
// than the site's own and those in [privacy] allowHosts: a visitor's address
// would reach that host without their consent. Each owner's load of an
// address is reported once, at the first file by path that makes it.
func (c *checker) privacy() {
	if c.built == nil {
		return
	}
	seen := map[string]bool{} // one finding per owner and address
	for _, l := range c.built.loadsByPath() {
		if seen[l.owner+" "+l.ref] {
			continue
		}
		seen[l.owner+" "+l.ref] = true
		c.diags.Add(diag.Errorf(c.ownerPos(l.owner, l.ref), "", "%s loads %s from another host, which tells %s who visits", l.path, l.ref, l.host).
			Fixf("copy the file into the site (static/ or the page's folder), or add %q to allowHosts under [privacy] in works.toml if visitors have agreed to it", l.host))
	}
}

// fileData is the bytes of a file the build copies rather than makes.
func fileData(f output.File) []byte {
	if f.Data != nil || f.From == nil {
		return f.Data
	}
	b, _ := fs.ReadFile(f.From, f.FromPath)
	return b
}

func htmlLoads(b []byte) []string {
	var refs []string
	for _, tag := range loadingTags(b) {
		if len(tag) >= len("<link") && bytes.EqualFold(tag[:len("<link")], []byte("<link")) {
			var rel []byte
			attrs(tag, relAttr, func(_, value []byte) bool {
				rel = value
				return false // the first rel is the one that counts
			})
			if rel != nil {
				rels := strings.Fields(strings.ToLower(strings.Trim(string(rel), `"'`)))
				if len(rels) > 0 && !slices.ContainsFunc(rels, func(r string) bool { return !slices.Contains(linkRelsNotLoaded, r) }) {
					continue
				}
			}
		}
		attrs(tag, loadingAttrs, func(name, value []byte) bool {
			v := strings.Trim(string(value), `"'`)
			if bytes.EqualFold(name, []byte("srcset")) {
				for cand := range strings.SplitSeq(v, ",") {
					if fields := strings.Fields(cand); len(fields) > 0 {
						refs = append(refs, fields[0])
					}
				}
				return true
			}
			refs = append(refs, v)
			return true
		})
	}
	return refs
}

// attrs finds in tag, left to right and without overlap, each
// " name = value" whose name is one of names in any case, exactly as the
// regular expression
//
//	(?is)\s(name1|name2|…)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)
//
// finds them (FindAllSubmatch; inside a quoted value too), and calls found
// with the name and the value as written, until found returns false. It
// scans by hand: that expression was an eighth of what check costs a page.
func attrs(tag []byte, names []string, found func(name, value []byte) bool) {
	for i := 0; i < len(tag); i++ {
		if !isSpace(tag[i]) {
			continue
		}
		if n, v, end, ok := attrAt(tag, i+1, names); ok {
			if !found(tag[i+1:i+1+n], tag[v:end]) {
				return
			}
			i = end - 1 // the next match starts where this one ends
		}
	}
}

// attrAt matches `(names)\s*=\s*(value)` at tag[at:], trying the names in
// order: n is the length of the name as written, tag[v:end] the value.
func attrAt(tag []byte, at int, names []string) (n, v, end int, ok bool) {
	for _, name := range names {
		n = foldedPrefix(tag[at:], name)
		if n < 0 {
			continue
		}
		eq := skipSpace(tag, at+n)
		if eq == len(tag) || tag[eq] != '=' {
			continue
		}
		v = skipSpace(tag, eq+1)
		if end = valueEnd(tag, v); end > v {
			return n, v, end, true
		}
	}
	return 0, 0, 0, false
}

// foldedPrefix returns how many bytes at the start of b spell name, a
// lower-case ASCII name, in any case as (?i) matches it: besides upper
// case, "ſ" (U+017F) folds to s and the Kelvin sign (U+212A) to k. It
// returns -1 when b does not start with name.
func foldedPrefix(b []byte, name string) int {
	p := 0
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case p < len(b) && (b[p] == ch || 'a' <= ch && ch <= 'z' && b[p] == ch-'a'+'A'):
			p++
		case ch == 's' && bytes.HasPrefix(b[p:], []byte("\u017F")):
			p += len("\u017F")
		case ch == 'k' && bytes.HasPrefix(b[p:], []byte("\u212A")):
			p += len("\u212A")
		default:
			return -1
		}
	}
	return p
}

// isSpace is the regular expressions' \s: ASCII space, tab, newline, form
// feed and carriage return.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// valueEnd is the end of the value `"[^"]*"|'[^']*'|[^\s>]+` at b[v:], or
// v when there is none. An unclosed quote is the first byte of an
// unquoted value.
func valueEnd(b []byte, v int) int {
	if v < len(b) && (b[v] == '"' || b[v] == '\'') {
		if k := bytes.IndexByte(b[v+1:], b[v]); k >= 0 {
			return v + 1 + k + 1
		}
	}
	end := v
	for end < len(b) && !isSpace(b[end]) && b[end] != '>' {
		end++
	}
	return end
}

// cssLoads finds the addresses in url(…) and @import "…". It scans by
// hand: the equivalent regular expression has no literal prefix to search
// for and took a fifth of a 10 000-page build.
func cssLoads(b []byte) []string {
	var refs []string
	// The next "(" and "@" at or after i, found with IndexByte, which is
	// many times faster than looking at each byte; len(b) when none.
	paren, at := -1, -1
	for i := 0; i < len(b); i++ {
		if paren < i {
			paren = indexFrom(b, i, '(')
		}
		if at < i {
			at = indexFrom(b, i, '@')
		}
		if i = min(paren, at); i == len(b) {
			break
		}
		var rest []byte
		switch b[i] {
		case '(':
			if i < 3 || !bytes.EqualFold(b[i-3:i], []byte("url")) {
				continue
			}
			rest = bytes.TrimLeft(b[i+1:], " \t\n\r\f")
			if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
				rest = rest[1:]
			}
		case '@':
			const imp = "import"
			if len(b)-i-1 < len(imp) || !bytes.EqualFold(b[i+1:i+1+len(imp)], []byte(imp)) {
				continue
			}
			after := b[i+1+len(imp):]
			rest = bytes.TrimLeft(after, " \t\n\r\f")
			if len(rest) == len(after) || len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
				continue
			}
			rest = rest[1:]
		default:
			continue
		}
		end := bytes.IndexFunc(rest, func(r rune) bool {
			return r == '\'' || r == '"' || r == ')' || strings.ContainsRune(" \t\n\r\f", r)
		})
		if end < 0 {
			end = len(rest)
		}
		if end > 0 {
			refs = append(refs, string(rest[:end]))
			// Go on after the address, as a regular expression's next
			// match would: an address is never the start of another.
			i = len(b) - len(rest) + end - 1
		}
	}
	return refs
}

// indexFrom is the index of the first c in b at or after i, or len(b).
func indexFrom(b []byte, i int, c byte) int {
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j
	}
	return len(b)
}

// foreignHost returns the host of an absolute http(s) or protocol-relative
// reference that is not allowed, or "".
func foreignHost(ref string, allowed map[string]bool) string {
	ref = strings.TrimSpace(ref)
	if !strings.HasPrefix(ref, "//") && !strings.HasPrefix(strings.ToLower(ref), "http://") && !strings.HasPrefix(strings.ToLower(ref), "https://") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if allowed[host] {
		return ""
	}
	return host
}

// ownerPos points at the reference in the file that produced the output,
// when that is a content file that contains it; otherwise at the file.
func (c *checker) ownerPos(owner, ref string) diag.Position {
	pos := diag.Position{File: owner}
	if d := c.byPath[strings.TrimPrefix(owner, "content/")]; d != nil {
		if i := bytes.Index(d.Body, []byte(ref)); i >= 0 {
			p := diag.Offset(owner, d.Body, i)
			p.Line += d.BodyLine - 1
			return p
		}
	}
	return pos
}
