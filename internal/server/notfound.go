package server

import (
	"bytes"
	"cmp"
	"html"
	"html/template"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
)

// link is a page the 404 page points to.
type link struct{ URL, Title string }

// notFoundTmpl is the preview's own 404 page: it names the address, links
// to the section the page was in and to pages with a similar address (a
// changed slug), and reloads by itself when the page appears. Its words
// come in the writer's language, those around a link or the address in
// two parts (see around).
var notFoundTmpl = template.Must(template.New("404").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>` + pageCSS + `</style>
</head>
<body>
<main>
<h1>{{index .NoPage 0}}<code>{{.Path}}</code>{{index .NoPage 1}}</h1>
<p>{{.Why}}</p>
{{with .Section}}<p>{{index $.GoTo 0}}<a href="{{.URL}}">{{.Title}}</a>{{index $.GoTo 1}}</p>{{end}}
{{with .Similar}}<h2>{{$.SimilarHeading}}</h2>
<ul>{{range .}}<li><a href="{{.URL}}">{{.Title}}</a> <code>{{.URL}}</code></li>{{end}}</ul>{{end}}
<p><a href="/">{{.Home}}</a></p>
</main>
</body>
</html>
`))

// noSiteTmpl is served while there has never been a good build.
var noSiteTmpl = template.Must(template.New("nosite").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>` + pageCSS + `</style>
</head>
<body>
<main>
<h1>{{.Heading}}</h1>
<p>{{.Lead}}</p>
</main>
</body>
</html>
`))

// slot stands for what a sentence's page writes as HTML of its own (a
// link, the address in <code>): around splits the sentence there.
const slot = "\x00"

// around puts t, whose argument is slot, into l and returns the words
// before and after the argument.
func around(t msg.Text, l msg.Lang) [2]string {
	before, after, _ := strings.Cut(t.In(l), slot)
	return [2]string{before, after}
}

const pageCSS = `body{margin:0;font:18px/1.5 system-ui,sans-serif;color:#1a1d21;background:#faf8f5}` +
	`main{max-width:42rem;margin:3rem auto;padding:0 1.25rem}h1{font-size:1.6rem;line-height:1.25}` +
	`code{font-size:.9em;overflow-wrap:anywhere}a{color:#0b4f6c}a:focus-visible{outline:3px solid #b4441c;outline-offset:2px}` +
	`li{margin:.3rem 0}`

// notFound answers a path with no file: for a page, the helpful 404 page;
// for anything else (an image, a stylesheet) a short text.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	rel, ok := filePath(r)
	if !ok || !isHTML(rel) || strings.HasPrefix(r.URL.Path, prefix) {
		http.Error(w, msg.Sprintf(s.lang, "404: there is no file at this address"), http.StatusNotFound)
		return
	}
	snap, gen, failure := s.current()
	l := s.lang
	data := struct {
		Lang, Title, Path, Why, SimilarHeading, Home string
		NoPage, GoTo                                 [2]string
		Section                                      *link
		Similar                                      []link
	}{
		Lang:           string(l),
		Title:          msg.Sprintf(l, "Not found – preview"),
		Path:           r.URL.Path,
		NoPage:         around(msg.T("There is no page at %s", slot), l),
		Why:            msg.Sprintf(l, "It may have been deleted or renamed, or its address (slug, url) or date may have changed. If you are writing it now, keep this tab open: it reloads by itself when the page is there."),
		GoTo:           around(msg.T("Go to %s, the section it is in.", slot), l),
		SimilarHeading: msg.Sprintf(l, "Pages with a similar address"),
		Home:           msg.Sprintf(l, "Home page"),
	}
	if snap != nil {
		data.Section, data.Similar = nearby(snap, rel)
	}
	var b bytes.Buffer
	if err := notFoundTmpl.Execute(&b, data); err != nil {
		http.Error(w, msg.Sprintf(s.lang, "404: there is no file at this address"), http.StatusNotFound)
		return
	}
	s.writePage(w, http.StatusNotFound, b.Bytes(), gen, failure)
}

// noSite answers every request while no build has succeeded yet.
func (s *Server) noSite(w http.ResponseWriter, gen uint64, failure string) {
	var b bytes.Buffer
	l := s.lang
	noSiteTmpl.Execute(&b, map[string]string{ // a fixed template and strings: it cannot fail
		"Lang":    string(l),
		"Title":   msg.Sprintf(l, "The site has errors – preview"),
		"Heading": msg.Sprintf(l, "The site could not be built"),
		"Lead":    msg.Sprintf(l, "Fix the errors listed and save: this page reloads by itself."),
	})
	w.Header().Set("Cache-Control", "no-store")
	s.writePage(w, http.StatusInternalServerError, b.Bytes(), gen, failure)
}

// brokenPage answers a page left out for its own errors, which overlay
// lists, when no version of it ever worked: the rest of the site is
// served, so this is no server error.
func (s *Server) brokenPage(w http.ResponseWriter, gen uint64, overlay string) {
	var b bytes.Buffer
	l := s.lang
	noSiteTmpl.Execute(&b, map[string]string{ // a fixed template and strings: it cannot fail
		"Lang":    string(l),
		"Title":   msg.Sprintf(l, "A page with errors – preview"),
		"Heading": msg.Sprintf(l, "This page could not be made"),
		"Lead":    msg.Sprintf(l, "Fix the errors listed and save: this page reloads by itself."),
	})
	w.Header().Set("Cache-Control", "no-store")
	s.writePage(w, http.StatusOK, b.Bytes(), gen, overlay)
}

func (s *Server) writePage(w http.ResponseWriter, status int, doc []byte, gen uint64, failure string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(inject(doc, page{gen: gen, overlay: failure, lang: s.lang}))
}

// nearby finds, for a missing page, the closest folder above it that is a
// page (its section, or the home page) and the pages in that folder whose
// address is like the one asked for.
func nearby(snap *Snapshot, rel string) (*link, []link) {
	dir := strings.TrimSuffix(strings.TrimSuffix(rel, "index.html"), "/")
	var want string // the missing name below the section
	var section *link
	for dir != "" && dir != "." {
		want = path.Base(dir)
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		}
		index := path.Join(dir, "index.html")
		if f, ok, _ := snap.Files.Open(index); ok {
			section = &link{URL: output.URLOf(index), Title: cmp.Or(title(f.Data), output.URLOf(index))}
			break
		}
	}
	if section == nil {
		return nil, nil
	}
	type candidate struct {
		link
		dist int
	}
	var found []candidate
	limit := max(2, len([]rune(want))/2)
	for _, p := range snap.Files.Paths() {
		name, ok := strings.CutSuffix(p, "/index.html")
		if !ok || path.Dir(name) != cmp.Or(dir, ".") {
			continue
		}
		base := path.Base(name)
		d := diag.EditDistance(want, base)
		if d <= limit || strings.Contains(base, want) || strings.Contains(want, base) {
			found = append(found, candidate{link{URL: output.URLOf(p)}, d})
		}
	}
	slices.SortStableFunc(found, func(a, b candidate) int { return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.URL, b.URL)) })
	var similar []link
	for i := 0; i < len(found) && i < 5; i++ {
		l := found[i].link
		l.Title = l.URL
		if f, ok, _ := snap.Files.Open(strings.TrimPrefix(l.URL, "/") + "index.html"); ok {
			l.Title = cmp.Or(title(f.Data), l.URL)
		}
		similar = append(similar, l)
	}
	return section, similar
}

// title returns the text of a page's <title>, or "".
func title(doc []byte) string {
	lower := bytes.ToLower(doc[:min(len(doc), 8<<10)])
	i := tagEnd(lower, "title")
	if i < 0 {
		return ""
	}
	j := bytes.Index(lower[i:], []byte("</title"))
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(string(doc[i : i+j])))
}
