package redirect

import (
	"context"
	"flag"
	"fmt"
	"github.com/drammen-works/works/internal/site/sitetest"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture has aliases of every kind: with and without slashes, with spaces
// and Norwegian letters, ending in .html, on an English page, claimed twice,
// and one that is a page's own address.
var fixture = map[string]string{
	"works.toml": `title = "Redirects"
baseURL = "https://example.org/drammen/"
[languages.nb]
weight = 1
[languages.en]
weight = 2
[languages.en.sections]
historier = "stories"
`,
	"content/om.md":               "---\ntitle: Om\naliases: [/gammel/om/, gammel/om-oss, /arkiv/møte på kaia/, /om.html]\n---\n",
	"content/om.en.md":            "---\ntitle: About\naliases: [/en/old-about/]\n---\n",
	"content/historier/a.md":      "---\ntitle: A\ndate: 2026-01-02\naliases: [/gammel/om/, /historier/b/, /100%/]\n---\n",
	"content/historier/b.md":      "---\ntitle: B\ndate: 2026-01-01\naliases: [/hist/b/]\n---\n",
	"content/historier/quoted.md": "---\ntitle: Q\nurl: /q$/\naliases: [\"/sitat \\\"x\\\"/\"]\n---\n",
}

func buildModel(t testing.TB, files map[string]string) *site.Model {
	t.Helper()
	m, _ := sitetest.Model(t, files, site.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	return m
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/redirect -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (rerun with -update if the change is intended):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestFilesGolden(t *testing.T) {
	files, errs := Files(buildModel(t, fixture))
	if len(errs) > 0 {
		t.Fatalf("unexpected problems:\n%v", errs)
	}
	for _, f := range files {
		t.Run(f.Path, func(t *testing.T) { golden(t, f.Path+".golden", f.Data) })
	}
}

func TestRules(t *testing.T) {
	rules, _ := Rules(buildModel(t, fixture))
	got := map[string]string{}
	for _, r := range rules {
		got[r.From] = r.To + " " + r.Page.File()
	}
	tests := []struct {
		name, from, want string
	}{
		{"as written", "/drammen/hist/b/", "/drammen/historier/b/ content/historier/b.md"},
		{"slashes added", "/drammen/gammel/om-oss/", "/drammen/om/ content/om.md"},
		{".html kept", "/drammen/om.html", "/drammen/om/ content/om.md"},
		{"no language prefix added", "/drammen/en/old-about/", "/drammen/en/om/ content/om.en.md"},
		{"spaces and letters", "/drammen/arkiv/møte på kaia/", "/drammen/om/ content/om.md"},
		{"a percent sign is a character", "/drammen/100%/", "/drammen/historier/a/ content/historier/a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got[tt.from] != tt.want {
				t.Errorf("%s → %q, want %q", tt.from, got[tt.from], tt.want)
			}
		})
	}
	t.Run("first claim wins", func(t *testing.T) {
		// a.md and om.md both list /gammel/om/; pages are in language, then
		// URL order, and /historier/a/ comes before /om/.
		if want := "/drammen/historier/a/ content/historier/a.md"; got["/drammen/gammel/om/"] != want {
			t.Errorf("/gammel/om/ → %q, want %q", got["/drammen/gammel/om/"], want)
		}
	})
	t.Run("a page's own address is never redirected", func(t *testing.T) {
		if to, ok := got["/drammen/historier/b/"]; ok {
			t.Errorf("/historier/b/ redirects to %s", to)
		}
	})
	t.Run("sorted", func(t *testing.T) {
		for i := 1; i < len(rules); i++ {
			if rules[i-1].From >= rules[i].From {
				t.Errorf("%s before %s", rules[i-1].From, rules[i].From)
			}
		}
	})
}

func TestBadAliases(t *testing.T) {
	tests := []struct {
		alias, want string
	}{
		{"https://old.example.org/x/", "full web address"},
		{"//old.example.org/x/", "full web address"},
		{"/sok?q=x", "query"},
		{"/side#del", "#fragment"},
		{"/nyheter/*", "pattern"},
		{"/nyheter/:id/", "pattern"},
		{"/", "home page"},
		{"/a/../b/", ".. part"},
		{"/a//b/", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.alias, func(t *testing.T) {
			files := map[string]string{
				"works.toml":    "title = \"X\"\nbaseURL = \"https://example.org/\"\n",
				"content/om.md": fmt.Sprintf("---\ntitle: Om\naliases: [%q]\n---\n", tt.alias),
			}
			rules, errs := Rules(buildModel(t, files))
			if len(rules) != 0 {
				t.Errorf("rules %v, want none", rules)
			}
			if len(errs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(errs), errs)
			}
			msg := errs[0].Error()
			if !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "content/om.md:3:10: ") || errs[0].Hint == "" {
				t.Errorf("message %q (hint %q), want it at content/om.md:3:10 to mention %q", msg, errs[0].Hint, tt.want)
			}
			if errs[0].Severity != diag.Error {
				t.Errorf("severity %v", errs[0].Severity)
			}
		})
	}
}

func TestNoAliases(t *testing.T) {
	files, errs := Files(buildModel(t, map[string]string{"works.toml": "title = \"X\"\n", "content/om.md": "---\ntitle: Om\n---\n"}))
	if len(errs) > 0 || len(files) != 2 {
		t.Fatalf("%d files, problems %v", len(files), errs)
	}
	if !strings.HasSuffix(string(files[1].Data), "map $uri $works_redirect {\n    default \"\";\n}\n") {
		t.Errorf("empty map is not a valid map:\n%s", files[1].Data)
	}
}

// TestNginx loads nginx-redirects.conf into a real nginx and asks it for the
// old addresses. It skips without nginx unless WORKS_E2E=1.
func TestNginx(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx"} {
			if _, err2 := os.Stat(p); err2 == nil {
				bin, err = p, nil
			}
		}
	}
	if err != nil {
		if os.Getenv("WORKS_E2E") == "1" {
			t.Fatal("nginx is missing, and WORKS_E2E=1 requires it")
		}
		t.Skip("nginx is missing")
	}
	rules, _ := Rules(buildModel(t, fixture))
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	if err := os.WriteFile(filepath.Join(dir, NginxName), Nginx(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(`pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events {}
http {
    access_log off;
    client_body_temp_path %[1]s/tmp;
    proxy_temp_path %[1]s/tmp;
    fastcgi_temp_path %[1]s/tmp;
    uwsgi_temp_path %[1]s/tmp;
    scgi_temp_path %[1]s/tmp;
    include %[1]s/%[2]s;
    server {
        listen %[3]s;
        root %[1]s;
        if ($works_redirect) {
            return 301 $works_redirect;
        }
    }
}
`, dir, NginxName, addr)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", confPath).CombinedOutput(); err != nil {
		t.Fatalf("nginx refuses the configuration: %v\n%s\n%s", err, out, Nginx(rules))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", confPath, "-g", "daemon off; master_process off;")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })

	client := &http.Client{
		Timeout:       2 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	get := func(path string) (*http.Response, error) {
		var resp *http.Response
		var err error
		for range 50 { // nginx takes a moment to listen
			resp, err = client.Get("http://" + addr + path)
			if err == nil {
				resp.Body.Close()
				return resp, nil
			}
			time.Sleep(20 * time.Millisecond)
		}
		return nil, err
	}
	tests := []struct {
		path, location string
	}{
		{"/drammen/gammel/om/", "/drammen/historier/a/"},
		{"/drammen/gammel/om", "/drammen/historier/a/"},
		{"/drammen/gammel/om-oss/", "/drammen/om/"},
		{"/drammen/arkiv/m%C3%B8te%20p%C3%A5%20kaia/", "/drammen/om/"},
		{"/drammen/om.html", "/drammen/om/"},
		{"/drammen/en/old-about/", "/drammen/en/om/"},
		{"/drammen/100%25/", "/drammen/historier/a/"},
		{"/drammen/sitat%20%22x%22/", "/drammen/q%24/"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := get(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			loc, _ := resp.Location()
			if resp.StatusCode != http.StatusMovedPermanently || loc == nil || loc.EscapedPath() != tt.location {
				t.Errorf("GET %s: %d %v, want 301 to %s", tt.path, resp.StatusCode, loc, tt.location)
			}
		})
	}
	t.Run("other paths pass", func(t *testing.T) {
		resp, err := get("/drammen/om/")
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode == http.StatusMovedPermanently {
			t.Errorf("a page's own address redirects")
		}
	})
}
