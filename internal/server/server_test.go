package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/source"
)

const pageHTML = `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>%s – Drammen Works</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<header><h1>%s</h1></header>
</body>
</html>
`

func doc(title string) string { return fmt.Sprintf(pageHTML, title, title) }

// files makes a file set from path → content.
func files(t testing.TB, m map[string]string) Files { return SetFiles(fileSet(t, m)) }

func fileSet(t testing.TB, m map[string]string) *output.Set {
	t.Helper()
	set := output.NewSet()
	for p, data := range m {
		if err := set.Add(output.File{Path: p, Data: []byte(data), Owner: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	return set
}

// lazyFiles are a build whose pages are made when asked for, as the
// preview makes them after its first build; it counts what it made.
type lazyFiles struct {
	made  map[string]string // made up front
	pages map[string]string // made on request; "!" fails
	mu    sync.Mutex
	asked map[string]int
}

func (l *lazyFiles) Open(p string) (output.File, bool, error) {
	if d, ok := l.made[p]; ok {
		return output.File{Path: p, Data: []byte(d), Owner: "test"}, true, nil
	}
	d, ok := l.pages[p]
	if !ok {
		return output.File{}, false, nil
	}
	l.mu.Lock()
	if l.asked == nil {
		l.asked = map[string]int{}
	}
	l.asked[p]++
	l.mu.Unlock()
	if d == "!" {
		return output.File{}, true, errors.New("layouts/_default/single.html:3:4: template failed")
	}
	return output.File{Path: p, Data: []byte(d), Owner: "test"}, true, nil
}

func (l *lazyFiles) Has(p string) bool {
	_, made := l.made[p]
	_, page := l.pages[p]
	return made || page
}

func (l *lazyFiles) Paths() []string {
	var ps []string
	for p := range l.made {
		ps = append(ps, p)
	}
	for p := range l.pages {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

func (l *lazyFiles) Made() []output.File {
	var fs []output.File
	for p, d := range l.made {
		fs = append(fs, output.File{Path: p, Data: []byte(d), Owner: "test"})
	}
	return fs
}

// sample is a small built site.
func sample(t testing.TB) *Snapshot {
	return &Snapshot{Files: files(t, map[string]string{
		"index.html":                      doc("Forside"),
		"historier/index.html":            doc("Historier"),
		"historier/bakeriet/index.html":   doc("Bakeriet"),
		"historier/bryggeriet/index.html": doc("Bryggeriet"),
		"historier/utkast/index.html":     doc("Utkast"),
		"historier/planlagt/index.html":   doc("Planlagt"),
		"historier/index.xml":             `<?xml version="1.0"?><rss></rss>`,
		"css/site.css":                    "body{color:red}",
		"js/app.js":                       "console.log(1)",
		"images/logo.svg":                 `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"data.json":                       `{"a":1}`,
		"fonts/a.woff2":                   "wOF2",
		"robots.txt":                      "User-agent: *",
		"CNAME":                           "drammen.works",
		"404.html":                        doc("Fant ikke siden"),
	}), Unpublished: map[string]PageStatus{
		"historier/utkast/index.html":   {Draft: true},
		"historier/planlagt/index.html": {Scheduled: time.Date(2027, 3, 12, 9, 0, 0, 0, time.FixedZone("CET", 3600))},
	}}
}

// newServer returns a server that has published snap.
func newServer(t testing.TB, snap *Snapshot) *Server {
	t.Helper()
	s := New(Options{Build: func(context.Context, []string) (*Snapshot, error) { return snap, nil }})
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t testing.TB, h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = "127.0.0.1:1313"
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			r.Host = hdr[i+1]
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPaths(t *testing.T) {
	s := newServer(t, sample(t))
	tests := []struct {
		name, target string
		status       int
		location     string
	}{
		{"home", "/", 200, ""},
		{"section", "/historier/", 200, ""},
		{"page", "/historier/bakeriet/", 200, ""},
		{"index.html itself", "/historier/index.html", 200, ""},
		{"no trailing slash", "/historier", 301, "/historier/"},
		{"no trailing slash keeps the query", "/historier?x=1", 301, "/historier/?x=1"},
		{"asset", "/css/site.css", 200, ""},
		{"query ignored", "/css/site.css?works=3", 200, ""},
		{"missing page", "/historier/borte/", 404, ""},
		{"folder without index", "/images/", 404, ""},
		{"folder without slash", "/images", 404, ""},
		{"dot dot", "/../../etc/passwd", 404, ""},
		{"dot dot inside", "/historier/../index.html", 404, ""},
		{"dot", "/historier/./", 404, ""},
		{"encoded dot dot", "/%2e%2e/%2e%2e/etc/passwd", 404, ""},
		{"encoded dot dot upper case", "/%2E%2E/etc/passwd", 404, ""},
		{"encoded slash", "/historier%2fbakeriet/", 404, ""},
		{"encoded slash upper case", "/historier%2Fbakeriet/", 404, ""},
		{"encoded backslash", "/historier%5cbakeriet/", 404, ""},
		{"backslash", `/historier\bakeriet/`, 404, ""},
		{"encoded NUL", "/index.html%00", 404, ""},
		{"absolute path in path", "//etc/passwd", 404, ""},
		{"absolute path encoded", "/%2fetc/passwd", 404, ""},
		{"windows drive", "/C:/Windows/win.ini", 404, ""},
		{"internal", "/_works/live.js", 200, ""},
		{"internal unknown", "/_works/nope", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(t, s, tt.target)
			if w.Code != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.target, w.Code, tt.status)
			}
			if got := w.Header().Get("Location"); got != tt.location {
				t.Errorf("GET %s: Location %q, want %q", tt.target, got, tt.location)
			}
			if tt.status == 404 && strings.Contains(w.Body.String(), "passwd") && !strings.Contains(w.Body.String(), "Det finnes ingen side") {
				t.Errorf(")GET %s: body %q", tt.target, w.Body.String())
			}
		})
	}
}

// TestRawRequests sends request lines as a browser or an attacker would
// write them, past any client-side cleaning.
func TestRawRequests(t *testing.T) {
	ts := httptest.NewServer(newServer(t, sample(t)))
	defer ts.Close()
	tests := []struct {
		line   string
		status string
	}{
		{"GET /historier/ HTTP/1.1", "200"},
		{"GET /../../../../etc/passwd HTTP/1.1", "404"},
		{"GET /historier/../../etc/passwd HTTP/1.1", "404"},
		{"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "404"},
		{"GET /..%2f..%2fetc/passwd HTTP/1.1", "404"},
		{"GET //etc/passwd HTTP/1.1", "404"},
		{"GET http://127.0.0.1/historier/ HTTP/1.1", "200"},
		{"GET http://evil.example/historier/ HTTP/1.1", "403"},
		{"GET * HTTP/1.1", "404"},
		{"POST /historier/ HTTP/1.1", "405"},
		{"DELETE /historier/ HTTP/1.1", "405"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			conn, err := net.Dial("tcp", ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "%s\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", tt.line)
			status, err := bufio.NewReader(conn).ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if f := strings.Fields(status); len(f) < 2 || f[1] != tt.status {
				t.Errorf("%s: %q, want status %s", tt.line, strings.TrimSpace(status), tt.status)
			}
		})
	}
}

func TestHost(t *testing.T) {
	s := New(Options{Hosts: []string{"preview.test", "Mac-Mini"}})
	tests := []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:1313", true},
		{"127.0.0.1", true},
		{"localhost:1313", true},
		{"LOCALHOST:1313", true},
		{"localhost.:1313", true},
		{"drammen.localhost:1313", true},
		{"[::1]:1313", true},
		{"192.168.1.20:1313", true},
		{"preview.test:1313", true},
		{"mac-mini:1313", true},
		{"evil.example:1313", false},
		{"evil.example", false},
		{"localhost.evil.example", false},
		{"127.0.0.1.nip.io:1313", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			if got := s.allowedHost(tt.host); got != tt.ok {
				t.Errorf("allowedHost(%q) = %v, want %v", tt.host, got, tt.ok)
			}
		})
	}
	t.Run("refused with 403", func(t *testing.T) {
		for _, target := range []string{"/", "/_works/events", "/_works/live.js", "/css/site.css"} {
			w := get(t, newServer(t, sample(t)), target, "Host", "evil.example:1313")
			if w.Code != http.StatusForbidden {
				t.Errorf("GET %s with a foreign Host: status %d, want 403", target, w.Code)
			}
		}
	})
}

func TestContentTypes(t *testing.T) {
	s := newServer(t, sample(t))
	tests := []struct{ target, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/historier/bakeriet/", "text/html; charset=utf-8"},
		{"/404.html", "text/html; charset=utf-8"},
		{"/css/site.css", "text/css; charset=utf-8"},
		{"/js/app.js", "text/javascript; charset=utf-8"},
		{"/images/logo.svg", "image/svg+xml; charset=utf-8"},
		{"/historier/index.xml", "application/xml; charset=utf-8"},
		{"/data.json", "application/json; charset=utf-8"},
		{"/fonts/a.woff2", "font/woff2"},
		{"/robots.txt", "text/plain; charset=utf-8"},
		{"/CNAME", "text/plain; charset=utf-8"}, // GitHub Pages reads it by name
		{"/_works/live.js", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(t, s, tt.target)
			if got := w.Header().Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type %q, want %q", got, tt.want)
			}
			if got := w.Header().Get("X-Content-Type-Options"); tt.target != "/_works/live.js" && got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
		})
	}
}

// TestUnknownTypesAreNotSniffed serves files whose names the table does
// not know, made in memory and copied from static/, holding HTML and
// script: each comes back as bytes to save, never as a page that runs.
func TestUnknownTypesAreNotSniffed(t *testing.T) {
	const script = "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
	static := t.TempDir()
	for _, name := range []string{"x.weird", "LESMEG", "side.HTML.bak"} {
		if err := os.WriteFile(filepath.Join(static, name), []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set := output.NewSet()
	for _, f := range []output.File{
		{Path: "x.weird", From: os.DirFS(static), FromPath: "x.weird"},
		{Path: "LESMEG", From: os.DirFS(static), FromPath: "LESMEG"},
		{Path: "side.HTML.bak", From: os.DirFS(static), FromPath: "side.HTML.bak"},
		{Path: "made.weird", Data: []byte(script)},
		{Path: "bilde.PNG", Data: []byte(script)}, // a known name: its type, whatever it holds
	} {
		if err := set.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	s := newServer(t, &Snapshot{Files: SetFiles(set)})
	tests := []struct{ target, want string }{
		{"/x.weird", "application/octet-stream"},
		{"/LESMEG", "application/octet-stream"},
		{"/side.HTML.bak", "application/octet-stream"},
		{"/made.weird", "application/octet-stream"},
		{"/bilde.PNG", "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(t, s, tt.target)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			if got := w.Header().Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type %q, want %q", got, tt.want)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
			if w.Body.String() != script {
				t.Errorf("body %q: the file is not served as it is", w.Body.String())
			}
		})
	}
}

func TestInjectionOnlyInHTML(t *testing.T) {
	snap := sample(t)
	before := map[string][]byte{}
	for _, f := range snap.Files.Made() {
		before[f.Path] = bytes.Clone(f.Data)
	}
	s := newServer(t, snap)
	for _, f := range snap.Files.Made() {
		t.Run(f.Path, func(t *testing.T) {
			w := get(t, s, "/"+f.Path)
			body := w.Body.String()
			if isHTML(f.Path) {
				if !strings.Contains(body, `<script src="/_works/live.js" data-gen="`) {
					t.Errorf("no live-reload script in %s", f.Path)
				}
				if !strings.HasSuffix(body, "</script></body>\n</html>\n") {
					t.Errorf("the script is not at the end of <body>: …%s", body[max(0, len(body)-80):])
				}
				stripped := strings.NewReplacer(`<script src="/_works/live.js" data-gen="`+fmt.Sprint(s.gen)+`" defer></script>`, "").Replace(body)
				if _, unpublished := snap.Unpublished[f.Path]; !unpublished && stripped != string(before[f.Path]) {
					t.Errorf("the response differs from the file by more than the script:\n%s", body)
				}
			} else if body != string(before[f.Path]) {
				t.Errorf("response %q, want the file's bytes %q", body, before[f.Path])
			}
			if g, _, _ := snap.Files.Open(f.Path); !bytes.Equal(g.Data, before[f.Path]) {
				t.Errorf("serving changed the file in the set")
			}
		})
	}
}

func TestUnpublishedBanner(t *testing.T) {
	s := newServer(t, sample(t))
	tests := []struct {
		target  string
		banner  string // "" for none
		noindex bool
	}{
		{"/historier/utkast/", "Utkast – ikke publisert", true},
		{"/historier/planlagt/", "Planlagt 12. mars 2027 kl. 09.00", true},
		{"/historier/bakeriet/", "", false},
		{"/", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(t, s, tt.target)
			body := w.Body.String()
			if got := strings.Contains(body, `<meta name="robots" content="noindex">`); got != tt.noindex {
				t.Errorf("noindex meta: %v, want %v", got, tt.noindex)
			}
			if got := w.Header().Get("X-Robots-Tag") == "noindex"; got != tt.noindex {
				t.Errorf("X-Robots-Tag noindex: %v, want %v", got, tt.noindex)
			}
			if tt.banner == "" {
				if strings.Contains(body, "<works-banner") {
					t.Error("a published page has a banner")
				}
				return
			}
			if !strings.Contains(body, "<body>\n<works-banner") && !strings.Contains(body, "<body><works-banner") {
				t.Errorf("no banner at the top of <body>:\n%s", body)
			}
			if !strings.Contains(body, tt.banner) {
				t.Errorf("banner does not say %q:\n%s", tt.banner, body)
			}
			if i, j := strings.Index(body, "<head>"), strings.Index(body, `<meta name="robots"`); j < i {
				t.Errorf("noindex is not in <head>")
			}
		})
	}
}

func TestBannerText(t *testing.T) {
	at := time.Date(2027, 3, 12, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		st   PageStatus
		lang msg.Lang // the writer's, not the page's
		want string
	}{
		{"draft nb", PageStatus{Draft: true}, msg.Norwegian, "<strong>Utkast – ikke publisert</strong> Vises bare i forhåndsvisningen."},
		{"scheduled nb", PageStatus{Scheduled: at}, msg.Norwegian, "<strong>Planlagt 12. mars 2027 kl. 09.00</strong>"},
		{"scheduled in January", PageStatus{Scheduled: at.Add(-time.Hour * 24 * 60)}, msg.Norwegian, "<strong>Planlagt 11. januar 2027 kl. 09.00</strong>"},
		{"both nb", PageStatus{Draft: true, Scheduled: at}, msg.Norwegian, "<strong>Utkast – ikke publisert · Planlagt 12. mars 2027 kl. 09.00</strong>"},
		{"draft en", PageStatus{Draft: true}, msg.English, "<strong>Draft – not published</strong> Shown in the preview only."},
		{"scheduled en", PageStatus{Scheduled: at.Add(14*time.Hour + 5*time.Minute)}, msg.English, "<strong>Scheduled for 12 March 2027 at 23:05</strong>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bannerHTML(tt.st, tt.lang); !strings.Contains(got, tt.want) {
				t.Errorf("banner %s\ndoes not contain %s", got, tt.want)
			}
		})
	}
}

func TestInject(t *testing.T) {
	const script = `<script src="/_works/live.js" data-gen="7" defer></script>`
	const meta = `<meta name="robots" content="noindex">`
	banner := bannerHTML(PageStatus{Draft: true}, msg.Norwegian)
	tests := []struct {
		name, doc, want string
		unpublished     bool
	}{
		{"plain", "<html><head><title>x</title></head><body><p>x</p></body></html>",
			"<html><head><title>x</title></head><body><p>x</p>" + script + "</body></html>", false},
		{"upper case and attributes", "<HTML><HEAD></HEAD><BODY class=\"a\">x</BODY></HTML>",
			"<HTML><HEAD>" + meta + "</HEAD><BODY class=\"a\">" + banner + "x" + script + "</BODY></HTML>", true},
		{"header is not head", "<html><head></head><body><header>h</header></body></html>",
			"<html><head>" + meta + "</head><body>" + banner + "<header>h</header>" + script + "</body></html>", true},
		{"no body tags", "<title>x</title><p>x",
			meta + banner + "<title>x</title><p>x" + script, true},
		{"body without end tag", "<head></head><body><p>x",
			"<head></head><body><p>x" + script, false},
		{"last end of body", "<body><pre>&lt;/body></pre><script>'</body>'</script></body>",
			"<body><pre>&lt;/body></pre><script>'</body>'</script>" + script + "</body>", false},
		{"empty", "", script, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := []byte(tt.doc)
			got := inject(doc, page{gen: 7, unpublished: tt.unpublished, status: PageStatus{Draft: true}, lang: msg.Norwegian})
			if string(got) != tt.want {
				t.Errorf("inject:\n got %s\nwant %s", got, tt.want)
			}
			if string(doc) != tt.doc {
				t.Errorf("inject changed its input")
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	tests := []struct {
		name, target string
		lang         msg.Lang // "": the default, Norwegian
		contains     []string
		html         bool
	}{
		{"deleted page links to its section", "/historier/borte/", "",
			[]string{`<html lang="nb">`, "Det finnes ingen side på <code>/historier/borte/</code>", `Gå til <a href="/historier/">Historier – Drammen Works</a>, seksjonen den ligger i.`, `<a href="/">Forsiden</a>`}, true},
		{"in English", "/historier/borte/", msg.English,
			[]string{`<html lang="en">`, "There is no page at <code>/historier/borte/</code>", `Go to <a href="/historier/">Historier – Drammen Works</a>, the section it is in.`, `<a href="/">Home page</a>`}, true},
		{"changed slug suggests the page", "/historier/bakriet/", "",
			[]string{"Sider med lignende adresse", `<a href="/historier/bakeriet/">Bakeriet – Drammen Works</a>`}, true},
		{"similar pages in English", "/historier/bakriet/", msg.English, []string{"Pages with a similar address"}, true},
		{"deeper path", "/historier/bakeriet/bilde/", "",
			[]string{`<a href="/historier/bakeriet/">Bakeriet – Drammen Works</a>, seksjonen den ligger i`}, true},
		{"top level", "/om/", "", []string{`<a href="/">Forside – Drammen Works</a>, seksjonen den ligger i`}, true},
		{"image", "/images/borte.png", "", []string{"404: det finnes ingen fil på denne adressen"}, false},
		{"image in English", "/images/borte.png", msg.English, []string{"404: there is no file at this address"}, false},
		{"escapes the path", "/historier/<script>/", "", []string{"&lt;script&gt;"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := sample(t)
			s := New(Options{Build: func(context.Context, []string) (*Snapshot, error) { return snap, nil }, Lang: tt.lang})
			if err := s.Rebuild(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			w := get(t, s, tt.target)
			if w.Code != http.StatusNotFound {
				t.Errorf("status %d, want 404", w.Code)
			}
			body := w.Body.String()
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("404 page does not contain %s:\n%s", want, body)
				}
			}
			if got := strings.Contains(body, "/_works/live.js"); got != tt.html {
				t.Errorf("live-reload script present: %v, want %v", got, tt.html)
			}
			if strings.Contains(body, "<script>") {
				t.Error("the requested path reached the page unescaped")
			}
		})
	}
}

func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "secret.txt")
	static := filepath.Join(dir, "site", "static")
	for _, d := range []string{filepath.Join(static, "css"), filepath.Join(dir, "site", "content")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{outside: "secret", filepath.Join(static, "css", "site.css"): "body{}", filepath.Join(dir, "site", "content", "x.txt"): "content"} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"out.txt":     outside,            // absolute, out of the tree
		"up.txt":      "../../secret.txt", // relative, out of the tree
		"sibling.txt": "../content/x.txt", // out of static/, though inside the site
		"in.css":      "css/site.css",     // inside
		"dir":         "css",              // a linked folder inside
		"loop":        "loop",             // a link to itself
		"updir":       "..",               // a folder above
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(static, name)); err != nil {
			t.Skip("symbolic links not available:", err)
		}
	}
	set := output.NewSet()
	// The build reads through internal/source; rooted at static/, every
	// link out of it must fail.
	root, err := os.OpenRoot(static)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	fsys := source.FS(root)
	for _, p := range []string{"out.txt", "up.txt", "sibling.txt", "in.css", "dir/site.css", "loop", "updir/content/x.txt", "css/site.css"} {
		if err := set.Add(output.File{Path: p, From: fsys, FromPath: p}); err != nil {
			t.Fatal(err)
		}
	}
	s := newServer(t, &Snapshot{Files: SetFiles(set)})
	tests := []struct {
		target string
		status int
	}{
		{"/css/site.css", 200},
		{"/in.css", 200},
		{"/dir/site.css", 200},
		{"/out.txt", 404},
		{"/up.txt", 404},
		{"/sibling.txt", 404},
		{"/loop", 404},
		{"/updir/content/x.txt", 404},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(t, s, tt.target)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
			if strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "content") && tt.status == 404 {
				t.Errorf("body %q", w.Body.String())
			}
		})
	}
}

func TestMethodsAndRanges(t *testing.T) {
	s := newServer(t, sample(t))
	r := httptest.NewRequest(http.MethodHead, "/css/site.css", nil)
	r.Host = "localhost"
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "15" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
	w = get(t, s, "/css/site.css", "Range", "bytes=0-3")
	if w.Code != http.StatusPartialContent || w.Body.String() != "body" {
		t.Errorf("Range: %d %q", w.Code, w.Body.String())
	}
}

// TestRanges asks for a video in byte ranges: one or two are answered in
// parts, more get the whole file, so a request for many small ranges
// costs no more than one for the file.
func TestRanges(t *testing.T) {
	video := strings.Repeat("0123456789", 100)
	s := newServer(t, &Snapshot{Files: files(t, map[string]string{"film.mp4": video})})
	ranges := func(n int) string {
		var specs []string
		for i := range n {
			specs = append(specs, fmt.Sprintf("%d-%d", i*10, i*10+1))
		}
		return "bytes=" + strings.Join(specs, ",")
	}
	tests := []struct {
		name, header string
		status       int
		parts        int // multipart/byteranges parts; 0: one body
	}{
		{"one", ranges(1), http.StatusPartialContent, 0},
		{"two", ranges(2), http.StatusPartialContent, 2},
		{"two with spaces and an empty one", "bytes= 0-1 , , 10-11", http.StatusPartialContent, 2},
		{"three", ranges(3), http.StatusOK, 0},
		{"fifty", ranges(50), http.StatusOK, 0},
		{"none", "", http.StatusOK, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.header != "" {
				hdr = []string{"Range", tt.header}
			}
			w := get(t, s, "/film.mp4", hdr...)
			if w.Code != tt.status {
				t.Fatalf("Range %q: status %d, want %d", tt.header, w.Code, tt.status)
			}
			body := w.Body.String()
			switch {
			case tt.status == http.StatusOK:
				if body != video {
					t.Errorf("Range %q: %d bytes, want the whole file of %d", tt.header, len(body), len(video))
				}
				if got := w.Header().Get("Content-Type"); got != "video/mp4" {
					t.Errorf("Content-Type %q", got)
				}
			case tt.parts == 0:
				if body != "01" {
					t.Errorf("Range %q: body %q, want %q", tt.header, body, "01")
				}
			default:
				if !strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/byteranges") {
					t.Errorf("Content-Type %q", w.Header().Get("Content-Type"))
				}
				if n := strings.Count(body, "Content-Range: bytes "); n != tt.parts {
					t.Errorf("Range %q: %d parts, want %d", tt.header, n, tt.parts)
				}
			}
		})
	}
}

// overlayErr is the error of a build with broken front matter.
func overlayErr() error {
	var l diag.List
	l.Add(diag.Errorf(diag.Position{File: "content/historier/a.md", Line: 3, Col: 7}, "write it as 2026-11-27",
		`"date" must be a date like 2026-11-27 (got "27/11")`))
	l.Add(diag.Errorf(diag.Position{File: "layouts/_default/single.html", Line: 2, Col: 9}, "close it with {{ end }}",
		"unexpected EOF"))
	return l.Err()
}

var overlaySource = fstest.MapFS{
	"content/historier/a.md":       {Data: []byte("---\ntitle: <Hei & hå>\ndate: 27/11\n---\nTekst.\n")},
	"layouts/_default/single.html": {Data: []byte("<h1>\n\t{{ if .Title }}\n")},
}

func TestOverlay(t *testing.T) {
	got := overlayHTML(overlayErr(), overlaySource, msg.Norwegian, true)
	for _, want := range []string{
		"Kunne ikke bygge nettstedet på nytt: 2 feil",
		">Skjul</button>",
		"Du ser den siste versjonen som virket.",
		`<p class="where">content/historier/a.md:3:7</p>`,
		`<p class="msg">&#34;date&#34; must be a date like 2026-11-27 (got &#34;27/11&#34;)</p>`, // not in the catalogue: English
		`<p class="hint"><span class="fix">Slik retter du det: </span>write it as 2026-11-27</p>`,
		"<pre><span class=\"n\">   1</span> ---\n<span class=\"n\">   2</span> title: &lt;Hei &amp; hå&gt;\n",
		`<span class="here"><span class="n">   3</span> date: 27/11`,
		"<span class=\"n\">   5</span> Tekst.\n</pre>",
		"<span class=\"n\">    </span>       ^",
		`<p class="where">layouts/_default/single.html:2:9</p>`,
		"<span class=\"n\">    </span> \t       ^", // the tab is kept so the mark lines up
	} {
		if !strings.Contains(got, want) {
			t.Errorf("overlay does not contain %q:\n%s", want, got)
		}
	}
	if i, j := strings.Index(got, "content/historier/a.md"), strings.Index(got, "layouts/"); i > j {
		t.Error("errors are not in file order")
	}

	t.Run("in English", func(t *testing.T) {
		got := overlayHTML(overlayErr(), overlaySource, msg.English, true)
		for _, want := range []string{"The site could not be rebuilt: 2 errors", ">Hide</button>", "You are looking at the last version that worked.",
			`<p class="hint"><span class="fix">How to fix: </span>write it as 2026-11-27</p>`} {
			if !strings.Contains(got, want) {
				t.Errorf("overlay does not contain %q:\n%s", want, got)
			}
		}
	})
	t.Run("no version that worked", func(t *testing.T) {
		got := overlayHTML(overlayErr(), overlaySource, msg.Norwegian, false)
		if strings.Contains(got, "siste versjonen som virket") || !strings.Contains(got, "siden kommer fram av seg selv") {
			t.Errorf("the overlay of a site never built speaks of a last version that worked:\n%s", got)
		}
	})
	t.Run("one error", func(t *testing.T) {
		var l diag.List
		l.Add(diag.Errorf(diag.Position{File: "content/a.md", Line: 1}, "", "gone"))
		if got := overlayHTML(l.Err(), nil, msg.English, true); !strings.Contains(got, "The site could not be rebuilt: 1 error<") {
			t.Errorf("overlay:\n%s", got)
		}
	})
	t.Run("plain error", func(t *testing.T) {
		got := overlayHTML(errors.New("open works.toml: permission denied"), nil, msg.Norwegian, true)
		if !strings.Contains(got, `<p class="msg">open works.toml: permission denied</p>`) || strings.Contains(got, "<pre>") {
			t.Errorf("overlay:\n%s", got)
		}
	})
	t.Run("a file error in plain words", func(t *testing.T) {
		err := &fs.PathError{Op: "open", Path: "works.toml", Err: fs.ErrPermission}
		if got := overlayHTML(err, nil, msg.Norwegian, true); !strings.Contains(got, "works har ikke lov til å åpne den") {
			t.Errorf("overlay:\n%s", got)
		}
	})
	t.Run("no such file or line", func(t *testing.T) {
		var l diag.List
		l.Add(diag.Errorf(diag.Position{File: "content/borte.md", Line: 3}, "", "gone"))
		l.Add(diag.Errorf(diag.Position{File: "content/historier/a.md", Line: 99}, "", "past the end"))
		l.Add(diag.Errorf(diag.Position{File: "../../etc/passwd", Line: 1}, "", "outside"))
		got := overlayHTML(l.Err(), overlaySource, msg.Norwegian, true)
		if strings.Contains(got, "<pre>") {
			t.Errorf("overlay quotes lines it cannot have:\n%s", got)
		}
	})
}

// events connects to the event stream and returns its events one by one.
func events(t *testing.T, ts *httptest.Server) func() (name, data string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/_works/events", nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	t.Cleanup(func() { resp.Body.Close() })
	type ev struct{ name, data string }
	ch := make(chan ev, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var e ev
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				e.data = line[len("data: "):]
			case line == "" && e.name != "":
				ch <- e
				e = ev{}
			}
		}
	}()
	return func() (string, string) {
		t.Helper()
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatal("the event stream ended")
			}
			return e.name, e.data
		case <-time.After(5 * time.Second):
			t.Fatal("no event within 5 s")
		}
		return "", ""
	}
}

// builds is a BuildFunc that returns the results it is given, in order.
type builds struct {
	next chan result
}

type result struct {
	snap *Snapshot
	err  error
}

func (b *builds) build(ctx context.Context, _ []string) (*Snapshot, error) {
	select {
	case r := <-b.next:
		return r.snap, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestEvents(t *testing.T) {
	b := &builds{next: make(chan result, 1)}
	s := New(Options{Build: b.build, Source: overlaySource})
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	rebuild := func(snap *Snapshot, err error, changed ...string) {
		t.Helper()
		b.next <- result{snap, err}
		s.Rebuild(context.Background(), changed)
	}
	snap := sample(t)
	rebuild(snap, nil)
	next := events(t, ts)
	if name, data := next(); name != "hello" || data != fmt.Sprintf(`{"gen":%d}`, s.gen) {
		t.Errorf("first event %s %s", name, data)
	}

	// One page's text changed.
	m := map[string]string{}
	for _, f := range snap.Files.Made() {
		m[f.Path] = string(f.Data)
	}
	m["historier/bakeriet/index.html"] = doc("Bakeriet i sentrum")
	snap2 := &Snapshot{Files: files(t, m), Unpublished: snap.Unpublished}
	rebuild(snap2, nil, "content/historier/bakeriet.md")
	if name, data := next(); name != "change" || data != fmt.Sprintf(`{"gen":%d,"pages":["/historier/bakeriet/"]}`, s.gen) {
		t.Errorf("after a page changed: %s %s", name, data)
	}
	if w := get(t, s, "/historier/bakeriet/"); !strings.Contains(w.Body.String(), "Bakeriet i sentrum") {
		t.Error("the new build is not served")
	}

	// The stylesheet alone changed.
	m["css/site.css"] = "body{color:blue}"
	snap3 := &Snapshot{Files: files(t, m), Unpublished: snap.Unpublished}
	rebuild(snap3, nil, "themes/works/static/css/site.css")
	if name, data := next(); name != "change" || data != fmt.Sprintf(`{"gen":%d,"css":true}`, s.gen) {
		t.Errorf("after the stylesheet changed: %s %s", name, data)
	}

	// A broken build: the overlay, and the last good build stays served.
	rebuild(nil, overlayErr(), "content/historier/a.md")
	name, data := next()
	if name != "failed" || !strings.Contains(data, `content/historier/a.md:3:7`) || !strings.Contains(data, "date: 27/11") {
		t.Errorf("after a failed build: %s %s", name, data)
	}
	w := get(t, s, "/historier/bakeriet/")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Bakeriet i sentrum") {
		t.Errorf("the last good build is not served while the build is broken: %d", w.Code)
	}
	if body := w.Body.String(); !strings.Contains(body, "<works-overlay><template shadowrootmode=\"open\">") || !strings.Contains(body, "content/historier/a.md:3:7") {
		t.Error("a page loaded while the build is broken has no overlay")
	}
	// A page opened now gets the overlay on connecting.
	late := events(t, ts)
	if name, _ := late(); name != "hello" {
		t.Errorf("late page: first event %s", name)
	}
	if name, data := late(); name != "failed" || !strings.Contains(data, "content/historier/a.md:3:7") {
		t.Errorf("late page: second event %s %s", name, data)
	}

	// The fix: the overlay goes, without a reload when nothing changed.
	rebuild(snap3, nil, "content/historier/a.md")
	for _, next := range []func() (string, string){next, late} {
		if name, data := next(); name != "change" || data != fmt.Sprintf(`{"gen":%d}`, s.gen) {
			t.Errorf("after the fix: %s %s", name, data)
		}
	}
	if body := get(t, s, "/historier/bakeriet/").Body.String(); strings.Contains(body, "works-overlay") {
		t.Error("the overlay is still served after the fix")
	}
}

func TestNoGoodBuildYet(t *testing.T) {
	b := &builds{next: make(chan result, 1)}
	s := New(Options{Build: b.build, Source: overlaySource})
	b.next <- result{nil, overlayErr()}
	if err := s.Rebuild(context.Background(), nil); err == nil {
		t.Fatal("Rebuild returned no error")
	}
	w := get(t, s, "/historier/")
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "content/historier/a.md:3:7") || !strings.Contains(w.Body.String(), "/_works/live.js") {
		t.Errorf("before any good build: %d\n%s", w.Code, w.Body.String())
	}
}

func TestWatchCancelsStaleBuilds(t *testing.T) {
	started := make(chan struct{}, 4)
	release := make(chan *Snapshot)
	var cancelled int
	var mu = make(chan struct{}, 1)
	build := func(ctx context.Context, _ []string) (*Snapshot, error) {
		started <- struct{}{}
		select {
		case snap := <-release:
			return snap, nil
		case <-ctx.Done():
			mu <- struct{}{}
			cancelled++
			<-mu
			return nil, ctx.Err()
		}
	}
	s := New(Options{Build: build})
	old := sample(t)
	s.snap = old

	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	next := events(t, ts)
	next() // hello

	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan []string)
	done := make(chan struct{})
	go func() { s.Watch(ctx, changes); close(done) }()

	// A stylesheet saved, then a page while the first build runs.
	changes <- []string{"static/css/site.css"}
	<-started
	changes <- []string{"content/historier/bakeriet.md"}
	<-started

	m := map[string]string{}
	for _, f := range old.Files.Made() {
		m[f.Path] = string(f.Data)
	}
	m["historier/bakeriet/index.html"] = doc("Ny")
	set := fileSet(t, m)
	set2 := output.NewSet()
	for _, f := range set.Files() {
		if f.Path == "css/site.css" { // a copied file: only the batch tells it changed
			f = output.File{Path: f.Path, From: fstest.MapFS{"css/site.css": {Data: []byte("b{}")}}, FromPath: "css/site.css", Owner: "static/css/site.css"}
		}
		set2.Add(f)
	}
	// The old one's Owner is the same, so only the changed paths tell.
	oldSet := output.NewSet()
	for _, f := range old.Files.Made() {
		if f.Path == "css/site.css" {
			f = output.File{Path: f.Path, From: fstest.MapFS{}, FromPath: "css/site.css", Owner: "static/css/site.css"}
		}
		oldSet.Add(f)
	}
	s.mu.Lock()
	s.snap = &Snapshot{Files: SetFiles(oldSet), Unpublished: old.Unpublished}
	s.mu.Unlock()

	release <- &Snapshot{Files: SetFiles(set2), Unpublished: old.Unpublished}
	name, data := next()
	if name != "change" || data != fmt.Sprintf(`{"gen":%d,"pages":["/historier/bakeriet/"],"css":true}`, s.gen) {
		t.Errorf("event %s %s; want the changes of both batches", name, data)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return")
	}
	if cancelled != 1 {
		t.Errorf("%d builds cancelled, want 1", cancelled)
	}
}

func TestDiff(t *testing.T) {
	base := map[string]string{
		"index.html": "a", "historier/a/index.html": "a", "css/site.css": "c", "images/x.svg": "s",
		"index.xml": "x", "robots.txt": "r", "sitemap.xml": "m",
	}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range base {
			m[a] = b
		}
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		cur     map[string]string
		unpub   map[string]PageStatus
		changed []string
		all     bool
		want    change
	}{
		{"nothing", base, nil, []string{"content/a.md"}, false, change{}},
		{"a page", with("historier/a/index.html", "b"), nil, nil, false, change{Pages: []string{"/historier/a/"}}},
		{"home", with("index.html", "b"), nil, nil, false, change{Pages: []string{"/"}}},
		{"new page", with("historier/b/index.html", "b"), nil, nil, false, change{Pages: []string{"/historier/b/"}}},
		{"removed page", with("historier/a/index.html", ""), nil, nil, false, change{Pages: []string{"/historier/a/"}}},
		{"stylesheet", with("css/site.css", "d"), nil, nil, false, change{CSS: true}},
		{"only stylesheets changed, pages too", with("index.html", "b"), nil, []string{"themes/works/assets/css/a.css"}, false, change{CSS: true}},
		{"works.toml", base, nil, []string{"works.toml"}, false, change{All: true}},
		{"image", with("images/x.svg", "t"), nil, nil, false, change{All: true}},
		{"feeds alone", with("index.xml", "y"), nil, nil, false, change{}},
		{"json feed", with("feed.json", "y"), nil, nil, false, change{}},
		{"script", with("js/app.js", "y"), nil, nil, false, change{All: true}},
		{"font", with("fonts/a.woff2", "y"), nil, nil, false, change{All: true}},
		{"unknown", base, nil, nil, true, change{All: true}},
		{"banner came", base, map[string]PageStatus{"historier/a/index.html": {Draft: true}}, nil, false, change{Pages: []string{"/historier/a/"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := &Snapshot{Files: files(t, base)}
			cur := &Snapshot{Files: files(t, tt.cur), Unpublished: tt.unpub}
			got := diff(old, cur, tt.changed, tt.all, nil)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("diff = %+v, want %+v", got, tt.want)
			}
		})
	}
	t.Run("pages made on request", func(t *testing.T) {
		old := &lazyFiles{made: map[string]string{"css/site.css": "c"}, pages: map[string]string{
			"index.html": "a", "historier/a/index.html": "a", "historier/b/index.html": "b", "historier/c/index.html": "c"}}
		cur := &lazyFiles{made: map[string]string{"css/site.css": "c"}, pages: map[string]string{
			"index.html": "a2", "historier/a/index.html": "a2", "historier/b/index.html": "b", "historier/d/index.html": "d"}}
		open := []string{"historier/a/index.html", "historier/b/index.html", "historier/c/index.html"}
		got := diff(&Snapshot{Files: old}, &Snapshot{Files: cur}, []string{"content/historier/a.md"}, false, open)
		// The home page changed too, but nobody has it open: it is not
		// made to find out.
		want := change{Pages: []string{"/historier/a/", "/historier/c/"}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("diff = %+v, want %+v", got, want)
		}
		if cur.asked["index.html"] != 0 || old.asked["index.html"] != 0 {
			t.Error("the home page was made, though no browser shows it")
		}
	})
	t.Run("many pages", func(t *testing.T) {
		m := map[string]string{}
		for i := range maxPages + 1 {
			m[fmt.Sprintf("p%d/index.html", i)] = "x"
		}
		if got := diff(&Snapshot{Files: files(t, nil)}, &Snapshot{Files: files(t, m)}, nil, false, nil); !got.All {
			t.Errorf("diff of %d pages = %+v, want All", len(m), got)
		}
	})
}

// TestShutdown checks that open event streams end when the server closes,
// so http.Server.Shutdown returns at once.
func TestShutdown(t *testing.T) {
	s := newServer(t, sample(t))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: s}
	hs.RegisterOnShutdown(s.Close)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/_works/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	if !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q", line)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v after %v", err, time.Since(start))
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Errorf("Serve: %v", err)
	}
	if _, err := io.ReadAll(resp.Body); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Logf("reading the closed stream: %v", err)
	}
}

func TestSlowClientIsDropped(t *testing.T) {
	s := newServer(t, sample(t))
	c := &client{ch: make(chan []byte, 1)}
	s.clients[c] = true
	s.mu.Lock()
	s.broadcast([]byte("a"))
	s.broadcast([]byte("b"))
	s.mu.Unlock()
	if s.clients[c] {
		t.Error("a client that reads nothing is still sent events")
	}
	if _, ok := <-c.ch; !ok {
		t.Error("the first event was lost")
	}
	if _, ok := <-c.ch; ok {
		t.Error("the dropped client's channel is not closed")
	}
}

// TestPagesOnRequest serves a build that makes pages when asked: a page
// whose template fails shows the error in the page, a page open in a
// browser is made before the browser is told to reload, and one that fails
// there makes the build count as failed.
func TestPagesOnRequest(t *testing.T) {
	lazy := &lazyFiles{made: map[string]string{}, pages: map[string]string{
		"index.html": doc("Hjem"), "historier/a/index.html": doc("A"), "historier/feil/index.html": "!"}}
	s := newServer(t, &Snapshot{Files: lazy})

	if w := get(t, s, "/historier/a/"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<h1>A</h1>") {
		t.Errorf("GET /historier/a/: %d %q", w.Code, w.Body.String())
	}
	w := get(t, s, "/historier/feil/")
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "single.html:3:4") {
		t.Errorf("GET a page whose template fails: %d, want 500 with the template's place in the page:\n%s", w.Code, w.Body.String())
	}

	for _, tt := range []struct{ url, want string }{
		{"/historier/a/", "historier/a/index.html"},
		{"/", "index.html"},
		{"/historier/a/index.html", "historier/a/index.html"},
		{"/../etc/passwd", ""},
		{"/a%2fb/", ""},
	} {
		if got := openPage(tt.url); got != tt.want {
			t.Errorf("openPage(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}

	s.mu.Lock()
	s.clients[&client{ch: make(chan []byte, 16), page: "historier/a/index.html"}] = true
	s.mu.Unlock()
	next := &lazyFiles{made: map[string]string{}, pages: map[string]string{"historier/a/index.html": doc("A2")}}
	if err := s.prepare(&Snapshot{Files: next}); err != nil {
		t.Fatal(err)
	}
	if next.asked["historier/a/index.html"] != 1 {
		t.Errorf("the open page was made %d times before the reload, want 1", next.asked["historier/a/index.html"])
	}
	broken := &lazyFiles{made: map[string]string{}, pages: map[string]string{"historier/a/index.html": "!"}}
	if err := s.prepare(&Snapshot{Files: broken}); err == nil || !strings.Contains(err.Error(), "single.html:3:4") {
		t.Errorf("prepare with a failing open page: %v, want the template error", err)
	}
}

// serveHTTP serves s on a loopback port with its own http.Server, until
// the test ends, and returns the address.
func serveHTTP(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	t.Cleanup(func() {
		hs.Close()
		<-served
	})
	return ln.Addr().String()
}

// TestTimeouts holds connections that stall: a client that announces a
// body and never sends it, and one that stays connected without asking
// for anything, are each cut off once their time is up.
func TestTimeouts(t *testing.T) {
	tests := []struct {
		name     string
		timeouts Timeouts
		request  string
	}{
		{"body never sent", Timeouts{Read: 300 * time.Millisecond, Idle: time.Hour},
			"POST /historier/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"},
		{"idle after a request", Timeouts{Read: time.Hour, Idle: 300 * time.Millisecond},
			"GET /css/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
		{"headers never finished", Timeouts{ReadHeader: 300 * time.Millisecond, Read: time.Hour, Idle: time.Hour},
			"GET /css/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Build: func(context.Context, []string) (*Snapshot, error) { return sample(t), nil }, Timeouts: tt.timeouts})
			if err := s.Rebuild(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			conn, err := net.Dial("tcp", serveHTTP(t, s))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.request); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			conn.SetReadDeadline(start.Add(5 * time.Second))
			if _, err := io.ReadAll(conn); err != nil {
				t.Fatalf("the server has not closed the connection after %v: %v", time.Since(start).Round(time.Millisecond), err)
			}
		})
	}
}

// TestEventStreamOutlivesReadTimeout keeps a page's event stream open
// past the server's read limit and sends a change through it.
func TestEventStreamOutlivesReadTimeout(t *testing.T) {
	const limit = 300 * time.Millisecond
	s := New(Options{Build: func(context.Context, []string) (*Snapshot, error) { return sample(t), nil }, Timeouts: Timeouts{Read: limit}})
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + serveHTTP(t, s) + "/_works/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	time.Sleep(4 * limit)
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(5 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the event stream ended before the change was sent")
			}
			if line == "event: change" {
				return
			}
		case <-timeout:
			t.Fatal("no change event within 5 s")
		}
	}
}

// TestDefaultTimeouts holds the limits `works serve` runs with.
func TestDefaultTimeouts(t *testing.T) {
	hs := New(Options{}).HTTPServer()
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.IdleTimeout <= 0 || hs.ReadHeaderTimeout > hs.ReadTimeout {
		t.Errorf("ReadHeaderTimeout %v, ReadTimeout %v, IdleTimeout %v: want each set, headers first", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.IdleTimeout)
	}
	if hs.WriteTimeout != 0 {
		t.Errorf("WriteTimeout %v would end every event stream", hs.WriteTimeout)
	}
	if hs.Handler == nil || hs.ErrorLog == nil {
		t.Error("no handler or error log")
	}
}

// TestEventStreamTakesNoBody refuses an event stream request that
// announces a body: a page's EventSource sends none, and one that is
// never sent would hold the stream until the read limit, then open it.
func TestEventStreamTakesNoBody(t *testing.T) {
	s := New(Options{Build: func(context.Context, []string) (*Snapshot, error) { return sample(t), nil }, Timeouts: Timeouts{Read: 300 * time.Millisecond}})
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", serveHTTP(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /_works/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(status); len(f) < 2 || f[1] != "400" {
		t.Errorf("%q, want status 400", strings.TrimSpace(status))
	}
}
