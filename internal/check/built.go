package check

import (
	"bytes"
	"context"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/parallel"
	"github.com/drammen-works/works/internal/site"
)

// Built is what the rules need to know of a built site, gathered from each
// file as the build writes it, so that no file has to be kept until check
// runs: the path of every file, the ids in each page's HTML (for links to a
// heading the theme made), the pages the built HTML links to (for pages no
// other page links to) and what the files load from other hosts. It keeps
// none of a file's bytes, only strings of its own, so the build may reuse a
// file's buffer once Add returns; what it holds grows with the number of
// files, pages and ids, not with their size.
//
// Make one with NewBuilt for the model the files are made from, call Add
// with every file of the build (Add is safe for concurrent use, and only
// reads f.Data, so the build may hand the same File to output at the same
// time), and give it to Run in Options.Built after the last Add has
// returned.
type Built struct {
	m         *site.Model
	urls      *siteURLs
	pageFiles map[string]bool // the file each page of the model is written to
	allowed   map[string]bool // the hosts a file may load from
	scratch   sync.Pool       // *[]byte the HTML lexer reads a copy of a file from

	mu     sync.Mutex
	paths  map[string]bool
	ids    map[string][]string // by path, for the files of pages: sorted, without repeats
	linked map[*site.Page]bool // pages some other page's built HTML links to
	loads  []foreignLoad       // each file's, in the order Add saw the files
}

// foreignLoad is a file's reference to something on another host, which
// a browser fetches without the visitor asking.
type foreignLoad struct {
	path, owner, ref, host string
}

// NewBuilt returns an empty Built for the files made from m.
func NewBuilt(m *site.Model) *Built {
	b := &Built{
		m: m, urls: newSiteURLs(m), pageFiles: make(map[string]bool, len(m.Pages)), allowed: allowedHosts(m.Config),
		paths: map[string]bool{}, ids: map[string][]string{}, linked: map[*site.Page]bool{},
	}
	for _, p := range m.Pages {
		b.pageFiles[output.FileOf(p.Path)] = true
	}
	return b
}

// Add records what the rules need of f: its path, and what its bytes (or,
// for a copied file, those of f.From's f.FromPath) hold. It does not keep
// f.Data. Add each file once, as output accepts it.
func (b *Built) Add(f output.File) {
	var ids []string
	var linked []*site.Page
	if f.Data != nil {
		var links *siteURLs
		if strings.HasSuffix(f.Path, ".html") {
			links = b.urls
		}
		if b.pageFiles[f.Path] || links != nil {
			buf, _ := b.scratch.Get().(*[]byte)
			if buf == nil {
				buf = new([]byte)
			}
			ids, linked, *buf = scanHTML(f, b.pageFiles[f.Path], links, *buf)
			b.scratch.Put(buf)
		}
	}
	loads := b.foreignLoads(f)

	b.mu.Lock()
	defer b.mu.Unlock()
	b.paths[f.Path] = true
	if b.pageFiles[f.Path] {
		b.ids[f.Path] = ids
	}
	for _, p := range linked {
		b.linked[p] = true
	}
	b.loads = append(b.loads, loads...)
}

// foreignLoads are the references in f to other hosts than those allowed,
// each once.
func (b *Built) foreignLoads(f output.File) []foreignLoad {
	var refs []string
	switch strings.ToLower(path.Ext(f.Path)) {
	case ".html", ".htm", ".xhtml", ".svg":
		// Made pages, and files copied from a page's folder or static/
		// alike: a copied drawing loads what it names too.
		data := fileData(f)
		refs = htmlLoads(data)
		refs = append(refs, cssLoads(data)...) // style attributes and <style>
	case ".css":
		refs = cssLoads(fileData(f))
	default:
		return nil
	}
	var loads []foreignLoad
	for _, ref := range refs {
		host := foreignHost(ref, b.allowed)
		if host == "" || slices.ContainsFunc(loads, func(l foreignLoad) bool { return l.ref == ref }) {
			continue
		}
		loads = append(loads, foreignLoad{path: f.Path, owner: f.Owner, ref: ref, host: host})
	}
	return loads
}

// has reports whether the build made a file at name.
func (b *Built) has(name string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.paths[name]
}

// pageIDs returns the ids in the built HTML at name, which is a page's
// file, sorted; none when the build made no such file.
func (b *Built) pageIDs(name string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ids[name]
}

// isLinked reports whether another page's built HTML links to p.
func (b *Built) isLinked(p *site.Page) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.linked[p]
}

// loadsByPath returns the foreign loads by file path, each file's in the
// order it makes them.
func (b *Built) loadsByPath() []foreignLoad {
	b.mu.Lock()
	loads := slices.Clone(b.loads)
	b.mu.Unlock()
	// A file's loads were added together, so a stable sort keeps their order.
	slices.SortStableFunc(loads, func(x, y foreignLoad) int { return strings.Compare(x.path, y.path) })
	return loads
}

// builtFrom is a Built made from the files of a build that kept them, read
// in parallel as the build's render workers would have.
func builtFrom(ctx context.Context, m *site.Model, files []output.File, workers int) *Built {
	b := NewBuilt(m)
	parallel.For(ctx, len(files), workers, func(i int) { b.Add(files[i]) })
	return b
}

// allowedHosts are the hosts the site's files may load from: its own and
// those of [privacy] allowHosts.
func allowedHosts(cfg *config.Config) map[string]bool {
	allowed := map[string]bool{}
	if origin, _ := config.SplitBaseURL(cfg.BaseURL); origin != "" {
		if u, err := url.Parse(origin); err == nil {
			allowed[strings.ToLower(u.Hostname())] = true
		}
	}
	for _, h := range cfg.Privacy.AllowHosts {
		allowed[h] = true
	}
	return allowed
}

// scanHTML reads, in one pass of f.Data, the ids of its elements when
// wantIDs, and when links is set the pages its <a href>s lead to other than
// its own, in order, with repeats. The lexer reads a copy of f.Data made in
// scratch, which scanHTML returns for the next file: it writes past the end
// of its input, and f.Data is the build's, which Add promises not to touch.
func scanHTML(f output.File, wantIDs bool, links *siteURLs, scratch []byte) (ids []string, linked []*site.Page, _ []byte) {
	var from *site.Page
	var base *url.URL
	if links != nil {
		fileURL := links.basePath + "/" + strings.TrimSuffix(f.Path, "index.html")
		from = links.pageAt(fileURL)
		base = &url.URL{Path: fileURL}
	}
	input := append(scratch[:0], f.Data...)
	lex := html.NewLexer(parse.NewInputBytes(input))
	inA := false
	for tt, _ := lex.Next(); tt != html.ErrorToken; tt, _ = lex.Next() {
		switch tt {
		case html.StartTagToken:
			inA = links != nil && bytes.EqualFold(lex.Text(), []byte("a"))
		case html.AttributeToken:
			key := lex.AttrKey()
			if wantIDs && bytes.EqualFold(key, []byte("id")) {
				ids = append(ids, unquote(lex.AttrVal()))
			}
			if inA && bytes.EqualFold(key, []byte("href")) {
				if to := links.hrefPage(base, unquote(lex.AttrVal())); to != nil && to != from {
					linked = append(linked, to)
				}
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			inA = false
		}
	}
	slices.Sort(ids)
	// Cloned to its length: a Built keeps the ids of every page.
	return slices.Clone(slices.Compact(ids)), linked, input[:0]
}

// builtLookup is what the page rules ask of the built files: whether a
// file exists, and the ids in a page's HTML.
type builtLookup interface {
	has(name string) bool
	pageIDs(name string) []string
}

var (
	_ builtLookup = (*Built)(nil)
	_ builtLookup = (*fileLookup)(nil)
)

// fileLookup reads the built files when a rule asks, for a check of some
// documents (Options.Only): the preview renders a page only when it is
// read, and reads it only for an id its body does not have.
type fileLookup struct {
	files Files
	ids   *idCache
}

func (l *fileLookup) has(name string) bool {
	_, ok := l.files.Get(name)
	return ok
}

func (l *fileLookup) pageIDs(name string) []string {
	return l.ids.get(name, func() []string {
		f, ok := l.files.Get(name)
		if !ok || f.Data == nil {
			return nil
		}
		ids, _, _ := scanHTML(f, true, nil, nil)
		return ids
	})
}

// idCache holds the ids of built pages by path; the page rules read it in
// parallel.
type idCache struct {
	mu  sync.Mutex
	ids map[string][]string
}

func newIDCache() *idCache { return &idCache{ids: map[string][]string{}} }

// get returns the ids at name, made by read the first time.
func (c *idCache) get(name string, read func() []string) []string {
	c.mu.Lock()
	ids, ok := c.ids[name]
	c.mu.Unlock()
	if ok {
		return ids
	}
	ids = read()
	c.mu.Lock()
	c.ids[name] = ids
	c.mu.Unlock()
	return ids
}

// siteURLs finds the page of a model served at a URL path. It is read
// only once made, by any number of goroutines.
type siteURLs struct {
	byURL    map[string]*site.Page // every page by Path and RelPermalink, lists' later pages too
	origin   string                // the base URL's scheme and host
	basePath string                // the base URL's path, without its final slash
}

func newSiteURLs(m *site.Model) *siteURLs {
	u := &siteURLs{byURL: make(map[string]*site.Page, 2*len(m.Pages))}
	u.origin, u.basePath = config.SplitBaseURL(m.Config.BaseURL)
	for _, p := range m.Pages {
		u.byURL[p.Path] = p
		u.byURL[p.RelPermalink] = p
		for _, pg := range p.Pagers {
			u.byURL[pg.Path] = p
			u.byURL[pg.URL] = p
		}
	}
	return u
}

// pageAt finds the page served at a URL path, with or without its final
// slash or index.html.
func (u *siteURLs) pageAt(abs string) *site.Page {
	for _, s := range []string{abs, abs + "/", strings.TrimSuffix(abs, "index.html")} {
		if p := u.byURL[s]; p != nil {
			return p
		}
	}
	return nil
}

// hrefPage finds the page an href in a built file leads to, or nil.
func (u *siteURLs) hrefPage(base *url.URL, href string) *site.Page {
	href = strings.ReplaceAll(strings.TrimSpace(href), "&amp;", "&")
	if isPlainPath(href) {
		// Most links of a theme: parsing and resolving one would give it
		// back as it is, at a fifth of what an Add costs.
		return u.pageAt(href)
	}
	if p, ok := u.resolveHref(base, href); ok {
		return u.pageAt(p)
	}
	return nil
}

// resolveHref is the URL path href leads to from base, when it leads
// somewhere on this site.
func (u *siteURLs) resolveHref(base *url.URL, href string) (string, bool) {
	ref, err := url.Parse(href)
	if err != nil || ref.Path == "" {
		return "", false
	}
	if ref.Scheme != "" || ref.Host != "" {
		if u.origin == "" || !strings.EqualFold(ref.Scheme+"://"+ref.Host, u.origin) {
			return "", false
		}
	}
	return base.ResolveReference(&url.URL{Path: ref.Path}).Path, true
}

// isPlainPath reports whether href is a path from the site's root that
// resolveHref would give back unchanged, whatever the base: no scheme or
// host ("//"), no escapes, query or fragment, no "." or ".." segment, no
// control character (which url.Parse refuses).
func isPlainPath(href string) bool {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") || strings.Contains(href, "/.") {
		return false
	}
	for i := 0; i < len(href); i++ {
		if c := href[i]; c < 0x20 || c == 0x7f || c == '%' || c == '?' || c == '#' {
			return false
		}
	}
	return true
}
