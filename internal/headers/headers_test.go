package headers

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/nginxtest"
)

// parse reads a works.toml the way a build does.
func parse(t *testing.T, toml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(config.FileName, []byte(toml))
	if err != nil {
		t.Fatalf("the test's works.toml: %v", err)
	}
	return cfg
}

const withHosts = `title = "Headers"
baseURL = "https://example.org/"
[privacy]
allowHosts = ["tiles.example.org", "video.example.net"]
`

func TestFilesGolden(t *testing.T) {
	files, errs := Files(parse(t, withHosts))
	if len(errs) > 0 {
		t.Fatalf("unexpected problems:\n%v", errs)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
		t.Run(f.Path, func(t *testing.T) { golden.Check(t, filepath.Join("testdata", f.Path+".golden"), f.Data) })
	}
	if want := []string{NetlifyName, NginxName}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
}

// directives splits a policy into its directives, name → sources.
func directives(t *testing.T, policy string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for d := range strings.SplitSeq(policy, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			t.Errorf("empty directive in %q", policy)
			continue
		}
		if _, dup := out[f[0]]; dup {
			t.Errorf("%s twice in %q", f[0], policy)
		}
		out[f[0]] = f[1:]
	}
	return out
}

func TestPolicy(t *testing.T) {
	tests := []struct {
		name  string
		hosts []string
		want  map[string][]string // every directive, with its sources
	}{
		{"only the site", nil, map[string][]string{
			"default-src":     {"'self'"},
			"script-src":      {"'self'"},
			"style-src":       {"'self'"},
			"img-src":         {"'self'", "data:"},
			"object-src":      {"'none'"},
			"base-uri":        {"'self'"},
			"form-action":     {"'self'"},
			"frame-ancestors": {"'self'"},
		}},
		{"allowed hosts where pages load from", []string{"tiles.example.org", "xn--drmmen-gua.no"}, map[string][]string{
			"default-src":     {"'self'", "tiles.example.org", "xn--drmmen-gua.no"},
			"script-src":      {"'self'", "tiles.example.org", "xn--drmmen-gua.no"},
			"style-src":       {"'self'", "tiles.example.org", "xn--drmmen-gua.no"},
			"img-src":         {"'self'", "data:", "tiles.example.org", "xn--drmmen-gua.no"},
			"object-src":      {"'none'"},
			"base-uri":        {"'self'"},
			"form-action":     {"'self'"},
			"frame-ancestors": {"'self'"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy, errs := Policy(tt.hosts)
			if len(errs) > 0 {
				t.Fatalf("problems: %v", errs)
			}
			got := directives(t, policy)
			for name, want := range tt.want {
				if !slices.Equal(got[name], want) {
					t.Errorf("%s = %q, want %q", name, got[name], want)
				}
			}
			for name := range got {
				if _, ok := tt.want[name]; !ok {
					t.Errorf("unexpected directive %s in %q", name, policy)
				}
			}
			if strings.Contains(policy, "unsafe-") {
				t.Errorf("the policy allows something unsafe: %q", policy)
			}
		})
	}
}

// TestPolicyRefusesHostsThatChangeIt: a host that would end the directive,
// add a source or a line is left out with an error at works.toml, and the
// rest of the policy stays as it is.
func TestPolicyRefusesHostsThatChangeIt(t *testing.T) {
	clean, _ := Policy([]string{"ok.example.org"})
	for _, tt := range []struct{ name, host, says string }{
		{"semicolon", "x.org;script-src", `the character ';'`},
		{"quote", "'unsafe-inline'", `the character '\''`},
		{"newline", "x.org\nSet-Cookie", `the character '\n'`},
		{"comma", "a.org,b.org", `the character ','`},
		{"wildcard", "*", `the character '*'`},
		{"letters outside a-z", "drømmen.no", "letters outside a-z"},
		{"capital letters", "X.org", "capital letters"},
		{"empty part", "a..org", "empty part"},
		{"leading dot", ".org", `begins or ends`},
		{"empty", "", "is empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			policy, errs := Policy([]string{tt.host, "ok.example.org"})
			if len(errs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(errs), errs)
			}
			d := errs[0]
			if d.Pos.File != config.FileName || !strings.Contains(d.Msg, tt.says) || d.Hint == "" {
				t.Errorf("problem = %v (file %q, hint %q), want one at %s that says %q", d, d.Pos.File, d.Hint, config.FileName, tt.says)
			}
			if policy != clean {
				t.Errorf("policy = %q, want %q", policy, clean)
			}
		})
	}
}

func TestFor(t *testing.T) {
	hs, errs := For(parse(t, "title = \"X\"\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := map[string]string{}
	for _, h := range hs {
		got[h.Name] = h.Value
	}
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("headers\n%v\nwant\n%v", got, want)
	}
}

// TestNginx serves a folder with nginx-headers.conf included as the README
// says, in the server block and in a location with an add_header of its
// own, and checks that every answer carries the headers: a page, a file
// with its own Cache-Control and the 404 page. It runs with WORKS_E2E=1.
func TestNginx(t *testing.T) {
	nginxtest.Binary(t)
	hs, _ := For(parse(t, withHosts))
	root := filepath.Join(t.TempDir(), "public")
	for name, data := range map[string]string{
		"index.html":       "<!doctype html><title>x</title>",
		"404.html":         "<!doctype html><title>404</title>",
		"css/site.abc.css": "body{}",
		NginxName:          string(Nginx(hs)),
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	include := filepath.Join(root, NginxName)
	url := nginxtest.Start(t, nginxtest.Config{Root: root, Server: fmt.Sprintf(`    include %[1]s;
    location /css/ {
        add_header Cache-Control "public, max-age=31536000, immutable";
        include %[1]s;
    }`, include)})
	client := &http.Client{Timeout: 2 * time.Second}
	get := func(path string) (*http.Response, error) {
		resp, err := client.Get(url + path)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
	}
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/", http.StatusOK},
		{"/css/site.abc.css", http.StatusOK},
		{"/finnes-ikke/", http.StatusNotFound},
	} {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := get(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			for _, h := range hs {
				if got := resp.Header.Values(h.Name); len(got) != 1 || got[0] != h.Value {
					t.Errorf("%s: %q, want once %q", h.Name, got, h.Value)
				}
			}
		})
	}
}
