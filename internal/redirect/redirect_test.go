package redirect

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/nginxtest"
	"github.com/drammen-works/works/internal/site/sitetest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/golden"
	"github.com/drammen-works/works/internal/headers"
	"github.com/drammen-works/works/internal/site"
)

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

func TestFilesGolden(t *testing.T) {
	files, errs := Files(buildModel(t, fixture))
	if len(errs) > 0 {
		t.Fatalf("unexpected problems:\n%v", errs)
	}
	for _, f := range files[:2] {
		t.Run(f.Path, func(t *testing.T) { golden.Check(t, filepath.Join("testdata", f.Path+".golden"), f.Data) })
	}
}

// TestFilesHaveHeaders: the header files come with the redirects, so that
// the preview, which makes the redirects alone of the machine files, has
// them too. (A host name that cannot go into the policy never gets this
// far: works.toml refuses it.)
func TestFilesHaveHeaders(t *testing.T) {
	files := map[string]string{}
	for k, v := range fixture {
		files[k] = v
	}
	files["works.toml"] += "[privacy]\nallowHosts = [\"tiles.example.org\"]\n"
	m := buildModel(t, files)
	got, errs := Files(m)
	want, werrs := headers.Files(m.Config)
	if len(werrs) != 0 || len(errs) != 0 {
		t.Errorf("problems %v, %v", errs, werrs)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Path)
	}
	if wantNames := []string{NetlifyName, NginxName, headers.NetlifyName, headers.NginxName}; !slices.Equal(names, wantNames) {
		t.Fatalf("files %v, want %v", names, wantNames)
	}
	for i, w := range want {
		if g := got[2+i]; string(g.Data) != string(w.Data) || !strings.Contains(string(g.Data), "tiles.example.org") {
			t.Errorf("%s:\n%s\nwant\n%s", g.Path, g.Data, w.Data)
		}
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
	if len(errs) > 0 || len(files) != 4 {
		t.Fatalf("%d files, problems %v", len(files), errs)
	}
	if !strings.HasSuffix(string(files[1].Data), "map $uri $works_redirect {\n    default \"\";\n}\n") {
		t.Errorf("empty map is not a valid map:\n%s", files[1].Data)
	}
}

// TestNginx loads nginx-redirects.conf into a real nginx and asks it for the
// old addresses. It runs with WORKS_E2E=1.
func TestNginx(t *testing.T) {
	nginxtest.Binary(t)
	rules, _ := Rules(buildModel(t, fixture))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, NginxName), Nginx(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	url := nginxtest.Start(t, nginxtest.Config{
		Root:   dir,
		HTTP:   fmt.Sprintf("  include %s;", filepath.Join(dir, NginxName)),
		Server: "    if ($works_redirect) { return 301 $works_redirect; }",
	})
	client := &http.Client{
		Timeout:       2 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	get := func(path string) (*http.Response, error) {
		resp, err := client.Get(url + path)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
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
