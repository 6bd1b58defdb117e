package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/msg"
)

// syncBuffer is a bytes.Buffer that the command and the test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a `works serve` started by a test.
type running struct {
	url            string
	stdout, stderr *syncBuffer
	stop           func() int // cancels the context and returns the exit code
	client         *http.Client
}

// The address works serve prints, in Norwegian or English.
var urlLine = regexp.MustCompile(`(?:Forhåndsvisningen er på|Serving the site at) (http://\S+/) `)

// startServe runs `works serve` with args until the test ends.
func startServe(t testing.TB, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stdout: &syncBuffer{}, stderr: &syncBuffer{}, client: &http.Client{Transport: &http.Transport{}}}
	code := make(chan int, 1)
	go func() { code <- run(ctx, append([]string{"serve"}, args...), r.stdout, r.stderr) }()
	var once sync.Once
	var result int
	r.stop = func() int {
		once.Do(func() {
			cancel()
			r.client.CloseIdleConnections()
			select {
			case result = <-code:
			case <-time.After(10 * time.Second):
				t.Error("works serve did not stop within 10 s of Ctrl-C")
				result = -1
			}
		})
		return result
	}
	t.Cleanup(func() { r.stop() })
	deadline := time.Now().Add(5 * time.Minute) // the first build of a large site
	for time.Now().Before(deadline) {
		if m := urlLine.FindStringSubmatch(r.stdout.String()); m != nil {
			r.url = m[1]
			return r
		}
		select {
		case c := <-code:
			code <- c // for stop, which the cleanup calls
			t.Fatalf("works serve exited with %d\nstdout: %s\nstderr: %s", c, r.stdout, r.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("works serve printed no URL\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	return nil
}

func (r *running) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := r.client.Get(r.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

type sse struct{ name, data string }

// events opens the page event stream; the channel closes when it ends.
// events opens the event stream as the page at page (an address such as
// "/historier/a/") does; changes to other pages are not told to it.
func (r *running) events(t testing.TB, page string) <-chan sse {
	t.Helper()
	resp, err := r.client.Get(r.url + "_works/events?page=" + url.QueryEscape(page))
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan sse, 64)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 4<<20)
		var e sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				e.data = line[len("data: "):]
			case line == "" && e.name != "":
				ch <- e
				e = sse{}
			}
		}
	}()
	if e := next(t, ch); e.name != "hello" {
		t.Fatalf("first event %v, want hello", e)
	}
	return ch
}

func next(t testing.TB, ch <-chan sse) sse {
	t.Helper()
	return nextWithin(t, ch, 30*time.Second)
}

func nextWithin(t testing.TB, ch <-chan sse, d time.Duration) sse {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return e
	case <-time.After(d):
		t.Fatalf("no event within %v", d)
	}
	return sse{}
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestServeFlags(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		output string // regexp over stdout and stderr
	}{
		{"help", []string{"-h"}, 0, `(?s)Bruk: works serve.*--bind adresse.*--buildDrafts.*--open.*--poll.*--port port.*standard: «1313»`},
		{"help in English", []string{"-h", "--lang", "en"}, 0, `(?s)Usage: works serve.*--bind address.*--buildDrafts.*--open.*--poll.*--port port.*default "1313"`},
		{"unknown flag", []string{"--nope"}, 2, `^works serve: valget «--nope» finnes ikke`},
		{"bad port", []string{"--port", "70000"}, 2, `^works serve: --port må være et tall fra 1 til 65535 \(ikke 70000\)\nSkriv «works help serve» for å se valgene\.\n$`},
		{"bad port in English", []string{"--port", "70000", "--lang", "en"}, 2, `--port must be a number from 1 to 65535 \(got 70000\)`},
		{"port not a number", []string{"--port", "abc"}, 2, `^works serve: --port må være et helt tall, ikke «abc»`},
		{"argument", []string{"extra"}, 2, `^works serve: forstår ikke «extra»`},
		{"no such folder", []string{"-s", "/nonexistent/site", "--lang", "en"}, 1, `the site folder "/nonexistent/site" does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"serve"}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if out := stdout.String() + stderr.String(); !regexp.MustCompile(tt.output).MatchString(out) {
				t.Errorf("output %q does not match %q", out, tt.output)
			}
		})
	}
	t.Run("listed in help", func(t *testing.T) {
		var stdout bytes.Buffer
		run(context.Background(), []string{"help"}, &stdout, io.Discard)
		if !strings.Contains(stdout.String(), "serve") {
			t.Errorf("help does not list serve:\n%s", stdout.String())
		}
	})
}

// TestServe runs the command against a site on disk: edit, break, fix.
func TestServe(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := writeSite(t, "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst.\n")
	writeFile(t, dir, "content/historier/utkast.md", "---\ntitle: Utkast\ndraft: true\ndate: 2026-11-20\n---\nIkke ferdig.\n")
	writeFile(t, dir, "content/historier/senere.md", "---\ntitle: Senere\ndate: 2026-11-20\npublishDate: 2099-03-12T09:00:00+01:00\n---\nKommer.\n")
	writeFile(t, dir, "themes/t/static/css/site.css", "body{color:black}")

	r := startServe(t, "-s", dir, "--port", "0")
	if !regexp.MustCompile(`^Bygde 3 sider \(nb 3\) på \d+ ms\.\nForhåndsvisningen er på http://\S+ \(utkast og planlagte sider vises\)\. Trykk Ctrl\+C for å stoppe\.\n`).MatchString(r.stdout.String()) {
		t.Errorf("stdout %q", r.stdout.String())
	}
	if !strings.HasPrefix(r.url, "http://127.0.0.1:") {
		t.Errorf("URL %s is not on the loopback address", r.url)
	}

	code, body := r.get(t, "/historier/a/")
	if code != 200 || !strings.Contains(body, "<h1>Hei</h1>") || !strings.Contains(body, `src="/_works/live.js"`) {
		t.Fatalf("GET /historier/a/: %d\n%s", code, body)
	}
	if strings.Contains(body, "works-banner") {
		t.Error("a published page has a banner")
	}
	if _, body := r.get(t, "/historier/utkast/"); !strings.Contains(body, "Utkast – ikke publisert") || !strings.Contains(body, `content="noindex"`) {
		t.Errorf("the draft has no banner or noindex:\n%s", body)
	}
	if _, body := r.get(t, "/historier/senere/"); !strings.Contains(body, "Planlagt 12. mars 2099 kl. 09.00") {
		t.Errorf("the scheduled page has no banner:\n%s", body)
	}

	ev := r.events(t, "/historier/a/")
	t.Run("edit", func(t *testing.T) {
		writeFile(t, dir, "content/historier/a.md", "---\ntitle: Hei igjen\ndate: 2026-11-20\n---\nTekst.\n")
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"/historier/a/"`) {
			t.Errorf("event %v", e)
		}
		if _, body := r.get(t, "/historier/a/"); !strings.Contains(body, "<h1>Hei igjen</h1>") {
			t.Errorf("the edit is not served:\n%s", body)
		}
	})
	t.Run("stylesheet", func(t *testing.T) {
		writeFile(t, dir, "themes/t/static/css/site.css", "body{color:navy}")
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"css":true`) || strings.Contains(e.data, "pages") || strings.Contains(e.data, "all") {
			t.Errorf("event %v, want a stylesheet swap only", e)
		}
		if _, body := r.get(t, "/css/site.css"); body != "body{color:navy}" {
			t.Errorf("stylesheet %q", body)
		}
	})
	t.Run("broken front matter", func(t *testing.T) {
		// The page's own error: it shows the error over its last version
		// that worked, and the rest of the site is served as usual.
		writeFile(t, dir, "content/historier/a.md", "---\ntitle: Hei igjen\ndate: 27/11\n---\nTekst.\n")
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"/historier/a/"`) {
			t.Errorf("event %v, want the page to reload", e)
		}
		code, body := r.get(t, "/historier/a/")
		if code != 200 || !strings.Contains(body, "<h1>Hei igjen</h1>") {
			t.Errorf("the last version that worked is not served: %d", code)
		}
		for _, want := range []string{"<works-overlay>", "content/historier/a.md:3:7", "Denne siden har 1 feil", "Du ser den siste versjonen av denne siden som virket",
			"Slik retter du det: ", "date: 27/11"} {
			if !strings.Contains(body, want) {
				t.Errorf("the overlay does not show %s:\n%s", want, body)
			}
		}
		if code, body := r.get(t, "/historier/utkast/"); code != 200 || strings.Contains(body, "works-overlay") || !strings.Contains(body, "<h1>Utkast</h1>") {
			t.Errorf("another page is not served as usual: %d\n%s", code, body)
		}
		if !regexp.MustCompile(`content/historier/a\.md:3:7: .*\n1 side har feil og er utelatt: forhåndsvisningen viser dem på siden \(/historier/a/\)\.\n`).MatchString(r.stderr.String()) {
			t.Errorf("stderr does not show the error: %s", r.stderr)
		}
	})
	t.Run("fixed", func(t *testing.T) {
		writeFile(t, dir, "content/historier/a.md", "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst.\n")
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"/historier/a/"`) {
			t.Errorf("event %v", e)
		}
		if _, body := r.get(t, "/historier/a/"); strings.Contains(body, "works-overlay") || !strings.Contains(body, "<h1>Hei</h1>") {
			t.Errorf("after the fix:\n%s", body)
		}
		if !regexp.MustCompile(`\d\d:\d\d:\d\d Bygde på nytt på \d+ ms: feilene er rettet\.\n`).MatchString(r.stdout.String()) {
			t.Errorf("stdout does not say the errors are fixed: %s", r.stdout)
		}
	})
	t.Run("warning", func(t *testing.T) {
		// A warning is printed when its file is saved, and shown on its
		// page after the reload.
		writeFile(t, dir, "content/historier/a.md", "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst. Les [her](../_index.md).\n")
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"/historier/a/"`) {
			t.Errorf("event %v", e)
		}
		if !regexp.MustCompile(`content/historier/a\.md:5:\d+: advarsel: lenketeksten «her»`).MatchString(r.stderr.String()) {
			t.Errorf("stderr does not show the warning: %s", r.stderr)
		}
		_, body := r.get(t, "/historier/a/")
		if !strings.Contains(body, "<works-warnings") || !regexp.MustCompile(`\d advars\w+ på denne siden`).MatchString(body) || !strings.Contains(body, "lenketeksten «her»") {
			t.Errorf("the page has no warnings panel with the warning:\n%s", body)
		}
		if _, body := r.get(t, "/historier/utkast/"); strings.Contains(body, "lenketeksten «her»") {
			t.Errorf("another page shows the warning as its own:\n%s", body)
		}
	})
	t.Run("broken template", func(t *testing.T) {
		// An error of no single page still stops the whole site.
		const single = "themes/t/layouts/_default/single.html"
		writeFile(t, dir, single, "<h1>{{ .Title }</h1>")
		e := next(t, ev)
		if e.name != "failed" || !strings.Contains(e.data, single) {
			t.Errorf("event %v, want the build to fail", e)
		}
		if _, body := r.get(t, "/historier/utkast/"); !strings.Contains(body, "Kunne ikke bygge nettstedet på nytt: 1 feil") {
			t.Errorf("another page does not show the template's error:\n%s", body)
		}
		writeFile(t, dir, single, "<h1>{{ .Title }}</h1>{{ .Content }}")
		if e := next(t, ev); e.name != "change" {
			t.Errorf("event %v after the fix", e)
		}
	})
	t.Run("deleted page", func(t *testing.T) {
		if err := os.Remove(filepath.Join(dir, "content/historier/a.md")); err != nil {
			t.Fatal(err)
		}
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"/historier/a/"`) {
			t.Errorf("event %v", e)
		}
		code, body := r.get(t, "/historier/a/")
		if code != 404 || !strings.Contains(body, `<a href="/historier/">`) || !strings.Contains(body, "Det finnes ingen side på") {
			t.Errorf("deleted page: %d\n%s", code, body)
		}
	})

	if code := r.stop(); code != 0 {
		t.Errorf("exit code %d after Ctrl-C", code)
	}
	if !strings.HasSuffix(r.stdout.String(), "Stopper.\n") {
		t.Errorf("stdout %q", r.stdout.String())
	}
	if _, ok := <-ev; ok {
		t.Error("the event stream is still open after the server stopped")
	}
	// Every goroutine the command started has ended.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the command stopped, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestServeBuildFailsAtStart: a page with errors at start-up shows them,
// with no word of a last version that worked, and the rest of the site is
// served; an error of the whole site shows on every page.
func TestServeBuildFailsAtStart(t *testing.T) {
	dir := writeSite(t, "---\ntitle: Hei\ndate: 27/11\n---\nTekst.\n")
	r := startServe(t, "-s", dir, "--port", "0")
	code, body := r.get(t, "/historier/a/")
	if code != 200 || !strings.Contains(body, "content/historier/a.md:3:7") || !strings.Contains(body, "Denne siden kunne ikke lages") || strings.Contains(body, "versjonen av denne siden som virket") {
		t.Errorf("GET: %d, want 200 with the error and no word of a last version that worked\n%s", code, body)
	}
	if code, body := r.get(t, "/"); code != 200 || strings.Contains(body, "works-overlay") || !strings.Contains(body, "<h1>Forside</h1>") {
		t.Errorf("the home page is not served as usual: %d\n%s", code, body)
	}
	if !strings.Contains(r.stderr.String(), "1 side har feil og er utelatt: forhåndsvisningen viser dem på siden (/historier/a/).\n") {
		t.Errorf("stderr %q", r.stderr)
	}
	ev := r.events(t, "/historier/a/")
	writeFile(t, dir, "content/historier/a.md", "---\ntitle: Hei\ndate: 2026-11-27\n---\nTekst.\n")
	if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"/historier/a/"`) {
		t.Errorf("event %v, want the page to reload", e)
	}
	if code, body := r.get(t, "/historier/a/"); code != 200 || !strings.Contains(body, "<h1>Hei</h1>") {
		t.Errorf("after the fix: %d\n%s", code, body)
	}

	t.Run("works.toml", func(t *testing.T) {
		dir := writeSite(t, "---\ntitle: Hei\n---\nTekst.\n")
		writeFile(t, dir, "works.toml", "title = \"Test\ntheme = \"t\"\n")
		r := startServe(t, "-s", dir, "--port", "0")
		code, body := r.get(t, "/historier/a/")
		if code != 500 || !strings.Contains(body, "works.toml:") || strings.Contains(body, "versjonen som virket") {
			t.Errorf("GET: %d, want 500 with the error and no word of a last version that worked\n%s", code, body)
		}
		if !strings.Contains(r.stderr.String(), "Kunne ikke bygge nettstedet: 1 feil. Forhåndsvisningen viser den i siden.\n") {
			t.Errorf("stderr %q", r.stderr)
		}
		ev := r.events(t, "/historier/a/")
		if e := next(t, ev); e.name != "failed" {
			t.Errorf("event %v, want failed", e)
		}
		writeFile(t, dir, "works.toml", "title = \"Test\"\ntheme = \"t\"\n")
		if e := next(t, ev); e.name != "change" || !strings.Contains(e.data, `"all":true`) {
			t.Errorf("event %v, want a reload", e)
		}
		if code, _ := r.get(t, "/historier/a/"); code != 200 {
			t.Errorf("after the fix: %d", code)
		}
	})
}

func TestServePortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	r := startServe(t, "-s", writeSite(t, "---\ntitle: Hei\n---\n"), "--port", strconv.Itoa(port))
	m := regexp.MustCompile(`Port (\d+) er opptatt; bruker (\d+) i stedet\.`).FindStringSubmatch(r.stderr.String())
	if m == nil || m[1] != strconv.Itoa(port) {
		t.Fatalf("stderr %q does not say the port was taken", r.stderr)
	}
	if !strings.Contains(r.url, ":"+m[2]+"/") {
		t.Errorf("URL %s is not on port %s", r.url, m[2])
	}
}

func TestServeBindAll(t *testing.T) {
	r := startServe(t, "-s", writeSite(t, "---\ntitle: Hei\n---\n"), "--bind", "0.0.0.0", "--port", "0")
	if !strings.Contains(r.stderr.String(), "Advarsel: --bind 0.0.0.0 lar alle maskiner som kan nå denne, se forhåndsvisningen") {
		t.Errorf("stderr %q has no warning", r.stderr)
	}
	if !strings.HasPrefix(r.url, "http://localhost:") {
		t.Errorf("URL %s", r.url)
	}
	if code, _ := r.get(t, "/historier/a/"); code != 200 {
		t.Errorf("GET: %d", code)
	}
}

// TestServeBind starts the preview on addresses other than the default:
// this machine's own (no warning) and one other machines can reach (a
// warning that names it). Each serves a page to a browser that uses it.
func TestServeBind(t *testing.T) {
	tests := []struct {
		name, bind string
		url        string // the printed address, before the port
		warn       string // "": no warning
	}{
		{"localhost", "localhost", "http://localhost:", ""},
		{"IPv6 loopback", "::1", "http://[::1]:", ""},
		{"IPv6 loopback in brackets", "[::1]", "http://[::1]:", ""},
		{"another loopback address", "127.0.0.2", "http://127.0.0.2:", ""},
	}
	if ip := networkAddress(); ip != "" {
		tests = append(tests, struct{ name, bind, url, warn string }{"network address", ip, "http://" + ip + ":",
			"Advarsel: --bind " + ip + " lar andre maskiner på det nettverket se forhåndsvisningen, også utkastene."})
	} else {
		t.Log("no network address besides loopback: the warning for one is not tried")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ln, err := net.Listen("tcp", net.JoinHostPort(strings.Trim(tt.bind, "[]"), "0")); err != nil {
				t.Skipf("cannot listen on %s here: %v", tt.bind, err)
			} else {
				ln.Close()
			}
			r := startServe(t, "-s", writeSite(t, "---\ntitle: Hei\n---\n"), "--bind", tt.bind, "--port", "0")
			if !strings.HasPrefix(r.url, tt.url) {
				t.Errorf("URL %s, want %s…", r.url, tt.url)
			}
			stderr := r.stderr.String()
			if tt.warn == "" && strings.Contains(stderr, "Advarsel: --bind") {
				t.Errorf("a warning for an address only this machine can reach: %s", stderr)
			}
			if tt.warn != "" && !strings.Contains(stderr, tt.warn) {
				t.Errorf("stderr %q does not warn %q", stderr, tt.warn)
			}
			if code, _ := r.get(t, "/historier/a/"); code != 200 {
				t.Errorf("GET %shistorier/a/: %d", r.url, code)
			}
		})
	}
}

// networkAddress is an IPv4 address of this machine that other machines
// on its network can reach, or "" when it has none.
func networkAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsGlobalUnicast() {
			return n.IP.String()
		}
	}
	return ""
}

func TestBindWarning(t *testing.T) {
	const every = " lets every machine that can reach this one see the preview, drafts included. Use it only on a network you trust (without --bind, only this machine can see it)."
	const network = " lets other machines on that network see the preview, drafts included. Use it only on a network you trust (without --bind, only this machine can see it)."
	tests := []struct {
		bind, bound string // as written; the address listened on
		want        string
	}{
		{"127.0.0.1", "127.0.0.1", ""},
		{"127.0.0.2", "127.0.0.2", ""},
		{"localhost", "127.0.0.1", ""},
		{"::1", "::1", ""},
		{"[::1]", "::1", ""},
		{"::ffff:127.0.0.1", "::ffff:127.0.0.1", ""},
		{"0.0.0.0", "0.0.0.0", "Warning: --bind 0.0.0.0" + every},
		{"::", "::", "Warning: --bind ::" + every},
		{"[::]", "::", "Warning: --bind [::]" + every},
		{"", "::", `Warning: --bind ""` + every},
		{"192.168.1.20", "192.168.1.20", "Warning: --bind 192.168.1.20" + network},
		{"[fd00::2]", "fd00::2", "Warning: --bind [fd00::2]" + network},
		{"fe80::1%eth0", "fe80::1", "Warning: --bind fe80::1%eth0" + network},
		{"mac-mini.local", "192.168.1.20", "Warning: --bind mac-mini.local (192.168.1.20)" + network},
		{"preview.example", "10.0.0.5", "Warning: --bind preview.example (10.0.0.5)" + network},
	}
	for _, tt := range tests {
		t.Run(tt.bind, func(t *testing.T) {
			if got := bindWarning(tt.bind, net.ParseIP(tt.bound)).In(msg.English); got != tt.want {
				t.Errorf("bindWarning(%q, %s) =\n%q\nwant\n%q", tt.bind, tt.bound, got, tt.want)
			}
		})
	}
	const nb = "Advarsel: --bind 0.0.0.0 lar alle maskiner som kan nå denne, se forhåndsvisningen, også utkastene. Bruk det bare på et nettverk du stoler på (uten --bind er det bare denne maskinen som kan se den)."
	if got := bindWarning("0.0.0.0", net.IPv4zero).In(msg.Norwegian); got != nb {
		t.Errorf("in Norwegian:\n%q\nwant\n%q", got, nb)
	}
}

func TestServePoll(t *testing.T) {
	dir := writeSite(t, "---\ntitle: Hei\n---\n")
	r := startServe(t, "-s", dir, "--port", "0", "--poll")
	if !strings.Contains(r.stdout.String(), "Ser etter endringer hvert 0,5 s, slik --poll ber om.") {
		t.Errorf("stdout %q", r.stdout)
	}
	ev := r.events(t, "/historier/a/")
	writeFile(t, dir, "content/historier/a.md", "---\ntitle: Hallo\n---\n")
	if e := next(t, ev); e.name != "change" {
		t.Errorf("event %v", e)
	}
}

func TestServeDraftsOff(t *testing.T) {
	dir := writeSite(t, "---\ntitle: Hei\n---\n")
	writeFile(t, dir, "content/historier/utkast.md", "---\ntitle: Utkast\ndraft: true\n---\n")
	r := startServe(t, "-s", dir, "--port", "0", "--buildDrafts=false")
	if !strings.Contains(r.stdout.String(), "(planlagte sider vises, utkast er utelatt)") {
		t.Errorf("stdout %q", r.stdout)
	}
	if code, _ := r.get(t, "/historier/utkast/"); code != 404 {
		t.Errorf("draft: %d, want 404", code)
	}
}

// BenchmarkServeLatency measures the time from saving a story to the
// "change" event reaching an open page, through the real watcher, build
// and server, on the sample site and on generated sites of 1 000 pages:
//
//	go test ./cmd/works -run '^$' -bench ServeLatency -benchtime 20x
//
// It reports the median and the 95th percentile.
func BenchmarkServeLatency(b *testing.B) {
	b.Run("sample", func(b *testing.B) {
		dir := b.TempDir()
		copyTree(b, "../..", dir, "works.toml", "content", "themes")
		latency(b, dir, "content/historier/bakeriet-i-sentrum/index.md", "/historier/bakeriet-i-sentrum/")
	})
	for _, n := range []int{1000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			copyTree(b, "../..", dir, "works.toml", "themes")
			generate(b, dir, n)
			latency(b, dir, "content/historier/historie-0008.md", "/historier/historie-0008/")
		})
	}
}

func latency(b *testing.B, dir, story, url string) {
	r := startServe(b, "-s", dir, "--port", "0")
	ev := r.events(b, url)
	orig, err := os.ReadFile(filepath.Join(dir, story))
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := strings.Replace(string(orig), "\n---\n", fmt.Sprintf("\n---\n\nEndret %d.\n", i), 1)
		start := time.Now()
		writeFile(b, dir, story, text)
		for {
			e := nextWithin(b, ev, 5*time.Minute)
			if e.name == "change" && (strings.Contains(e.data, `"`+url+`"`) || strings.Contains(e.data, `"all":true`)) {
				break
			}
			if e.name == "failed" {
				b.Fatalf("build failed: %s", e.data)
			}
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(took[len(took)/2]), "ms-median")
	b.ReportMetric(ms(took[min(len(took)-1, len(took)*95/100)]), "ms-p95")
}

// copyTree copies the named files and folders from src to dst.
func copyTree(b *testing.B, src, dst string, names ...string) {
	b.Helper()
	for _, name := range names {
		err := filepath.WalkDir(filepath.Join(src, name), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				if d.Name() == "screenshots" {
					return filepath.SkipDir
				}
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// generate writes n stories and news items, in Norwegian, with tags and a
// few paragraphs each, like the sample site's.
func generate(b *testing.B, dir string, n int) {
	b.Helper()
	sections := []string{"historier", "nyheter"}
	tags := []string{"gründere", "havn", "industri", "mat", "helse", "teknologi", "kultur", "eksport"}
	for _, s := range sections {
		writeFile(b, dir, "content/"+s+"/_index.md", "---\ntitle: "+strings.ToUpper(s[:1])+s[1:]+"\n---\nAlle "+s+".\n")
	}
	writeFile(b, dir, "content/_index.md", "---\ntitle: Drammen Works\n---\nVelkommen.\n")
	para := "Bedriften i Drammen har vokst jevnt de siste årene, og i år ansatte de **fem nye** medarbeidere. " +
		"Daglig leder forteller at nærheten til [havna](/historier/) og kunnskapsmiljøene i byen betyr mye. " +
		"«Vi finner folk her», sier hun, og peker på samarbeidet med skolene i regionen.\n\n"
	for i := range n {
		s := sections[i%len(sections)]
		name := fmt.Sprintf("historie-%04d", i)
		if s == "nyheter" {
			name = fmt.Sprintf("nyhet-%04d", i)
		}
		date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("2006-01-02")
		body := fmt.Sprintf("---\ntitle: \"Sak nummer %d fra næringslivet\"\ndate: %s\ntags: [%s, %s]\nsummary: \"Kort om sak %d.\"\n---\n\n## Bakgrunn\n\n%s## Veien videre\n\n%s- første punkt\n- andre punkt\n",
			i, date, tags[i%len(tags)], tags[(i/3)%len(tags)], i, strings.Repeat(para, 3), para)
		writeFile(b, dir, "content/"+s+"/"+name+".md", body)
	}
}
