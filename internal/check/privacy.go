package check

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/output"
)

// Elements and attributes through which a page makes the browser fetch
// something by itself. Links a visitor follows (<a href>) are not among
// them: following one is the visitor's choice.
var (
	loadingAttr = regexp.MustCompile(`(?is)\s(src|href|srcset|poster|data|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	relAttr     = regexp.MustCompile(`(?is)\srel\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

// loadingElements are the elements whose start tags may load something.
var loadingElements = map[string]bool{
	"script": true, "link": true, "img": true, "iframe": true, "source": true, "video": true, "audio": true,
	"embed": true, "object": true, "track": true, "input": true, "image": true, "use": true,
}

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
		if k == start+1 || k < len(b) && isWordByte(b[k]) || !loadingElements[strings.ToLower(string(b[start+1:k]))] {
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

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c == '_'
}

// linkRelsNotLoaded are <link rel> values that name a page rather than load it.
var linkRelsNotLoaded = []string{"canonical", "alternate", "me", "author", "license", "help", "next", "prev", "search", "bookmark"}

// privacy reports every built file that makes browsers contact a host other
// than the site's own and those in [privacy] allowHosts: a visitor's address
// would reach that host without their consent.
func (c *checker) privacy() {
	if c.opts.Files == nil {
		return
	}
	allowed := map[string]bool{}
	if u, err := url.Parse(c.m.Config.BaseURL); err == nil && u.Host != "" {
		allowed[strings.ToLower(u.Hostname())] = true
	}
	for _, h := range c.m.Config.Privacy.AllowHosts {
		allowed[h] = true
	}
	seen := map[string]bool{} // one finding per owner and address
	for _, f := range c.opts.Files.Files() {
		var refs []string
		switch strings.ToLower(path.Ext(f.Path)) {
		case ".html", ".htm", ".xhtml", ".svg":
			// Made pages, and files copied from a page's folder or
			// static/ alike: a copied drawing loads what it names too.
			b := fileData(f)
			refs = htmlLoads(b)
			refs = append(refs, cssLoads(b)...) // style attributes and <style>
		case ".css":
			refs = cssLoads(fileData(f))
		default:
			continue
		}
		for _, ref := range refs {
			host := foreignHost(ref, allowed)
			if host == "" || seen[f.Owner+" "+ref] {
				continue
			}
			seen[f.Owner+" "+ref] = true
			c.diags.Add(diag.Errorf(c.ownerPos(f.Owner, ref),
				`copy the file into the site (static/ or the page's folder), or add "`+host+`" to allowHosts under [privacy] in works.toml if visitors have agreed to it`,
				"%s loads %s from another host, which tells %s who visits", f.Path, ref, host))
		}
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
		if bytes.HasPrefix(bytes.ToLower(tag), []byte("<link")) {
			if m := relAttr.FindSubmatch(tag); m != nil {
				rels := strings.Fields(strings.ToLower(strings.Trim(string(m[1]), `"'`)))
				if len(rels) > 0 && !slices.ContainsFunc(rels, func(r string) bool { return !slices.Contains(linkRelsNotLoaded, r) }) {
					continue
				}
			}
		}
		for _, m := range loadingAttr.FindAllSubmatch(tag, -1) {
			v := strings.Trim(string(m[2]), `"'`)
			if strings.EqualFold(string(m[1]), "srcset") {
				for cand := range strings.SplitSeq(v, ",") {
					if fields := strings.Fields(cand); len(fields) > 0 {
						refs = append(refs, fields[0])
					}
				}
				continue
			}
			refs = append(refs, v)
		}
	}
	return refs
}

// cssLoads finds the addresses in url(…) and @import "…". It scans by
// hand: the equivalent regular expression has no literal prefix to search
// for and took a fifth of a 10 000-page build.
func cssLoads(b []byte) []string {
	var refs []string
	for i := 0; i < len(b); i++ {
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
