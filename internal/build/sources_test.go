package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/diag"
)

// TestSourcesStayInside puts links that leave the site, and files that are
// not ordinary files, in every folder a build reads. Each must fail the
// build with a message that names the file (and, for a link, where it
// points), never block, and leave the published site as it was.
func TestSourcesStayInside(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(secret, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := func(name, target string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.Remove(p)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, p); err != nil {
				t.Skip("symbolic links not available:", err)
			}
		}
	}
	fifo := func(name string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.Remove(p)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("named pipes not available:", err)
			}
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string
	}{
		{"site static link to a key", link("static/id_ed25519", secret), []string{"static/id_ed25519", "outside", secret}},
		{"site static link to /etc/passwd", link("static/passwd", "/etc/passwd"), []string{"static/passwd", "/etc/passwd"}},
		{"theme static link climbing out", link("themes/fixture/static/up.txt", "../../../../hemmelig.txt"), []string{"themes/fixture/static/up.txt", "../../../../hemmelig.txt"}},
		{"static folder linked out", link("static/home", filepath.Dir(secret)), []string{"static/home", "outside"}},
		{"layout linked out", link("themes/fixture/layouts/partials/menu.html", secret), []string{"themes/fixture/layouts/partials/menu.html", "outside"}},
		{"site layout linked out", link("layouts/partials/menu.html", secret), []string{"layouts/partials/menu.html", "outside"}},
		{"i18n linked out", link("themes/fixture/i18n/nb.toml", secret), []string{"themes/fixture/i18n/nb.toml", "outside"}},
		{"works.toml linked out", link("works.toml", secret), []string{"works.toml", "outside"}},
		{"data linked out", link("data/nøkkel.yaml", secret), []string{"data/nøkkel.yaml", "outside"}},
		{"works.toml is a named pipe", fifo("works.toml"), []string{"works.toml", "named pipe"}},
		{"i18n file is a named pipe", fifo("themes/fixture/i18n/nb.toml"), []string{"themes/fixture/i18n/nb.toml", "named pipe"}},
		{"static file is a named pipe", fifo("static/rør.txt"), []string{"static/rør.txt", "named pipe"}},
		{"content file is a named pipe", fifo("content/historier/rør.md"), []string{"content/historier/rør.md", "named pipe"}},
		{"data file is a named pipe", fifo("data/rør.yaml"), []string{"data/rør.yaml", "named pipe"}},
		{"layout is a named pipe", fifo("themes/fixture/layouts/partials/menu.html"), []string{"themes/fixture/layouts/partials/menu.html", "named pipe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, nil)
			if _, err := Run(context.Background(), Options{Source: dir, Now: now}); err != nil {
				t.Fatal(err) // the site published before the change
			}
			tt.setup(t, dir)
			before := hashTree(t, filepath.Join(dir, "public"))

			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := Run(ctx, Options{Source: dir, Now: now})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the build blocked")
			}
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), "path escapes from parent") {
				t.Errorf("error speaks Go, not plain words:\n%v", err)
			}
			if list, ok := errors.AsType[diag.List](err); ok {
				for _, d := range list {
					if d.Pos.File == "" {
						t.Errorf("diagnostic without a file: %v", d)
					}
				}
			}
			if after := hashTree(t, filepath.Join(dir, "public")); after != before {
				t.Error("the failed build changed the published site")
			}
			public := tree(t, filepath.Join(dir, "public"))
			if strings.Contains(public, "PRIVATE KEY") {
				t.Error("the secret reached public/")
			}
		})
	}
}

// TestLinksInsideWork: a link that stays inside the site is followed, in
// static folders and layouts alike.
func TestLinksInsideWork(t *testing.T) {
	dir := fixture(t, map[string]string{
		"assets/shared/logo.svg":             `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>`,
		"themes/fixture/layouts/shared.html": `<nav>{{ range .Site.Menus.main }}{{ .Name }}{{ end }}</nav>`,
	})
	for name, target := range map[string]string{
		"static/logo.svg": "../assets/shared/logo.svg",
		"static/delt":     "../assets/shared",
		"themes/fixture/layouts/partials/menu.html": "../shared.html",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.Remove(p)
		if err := os.Symlink(target, p); err != nil {
			t.Skip("symbolic links not available:", err)
		}
	}
	if _, err := Run(context.Background(), Options{Source: dir, Now: now, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"logo.svg", "delt/logo.svg"} {
		b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
		if err != nil || !strings.Contains(string(b), "<svg") {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
}

// TestSiteFolderMissing: a wrong -s is named as such, not blamed on the
// theme.
func TestSiteFolderMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "finnes-ikke")
	_, err := Run(context.Background(), Options{Source: dir, Now: now})
	if err == nil || !strings.Contains(err.Error(), `the site folder "`+dir+`" does not exist`) || strings.Contains(err.Error(), "theme") {
		t.Errorf("error %v, want one that says the site folder does not exist", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the build made %s: %v", dir, err)
	}
}

// TestUnicodeNames: names as macOS writes them (NFD) give the same
// addresses as the usual form (NFC), and one name saved both ways is an
// error naming both.
func TestUnicodeNames(t *testing.T) {
	nfd := "gru\u0308nderkafe\u0301" // gründerkafé, decomposed
	page := "---\ntitle: Gründerkafé\ndate: 2026-10-01\n---\nTekst.\n"
	t.Run("NFD name", func(t *testing.T) {
		dir := fixture(t, map[string]string{"content/historier/" + nfd + ".md": page})
		if _, err := Run(context.Background(), Options{Source: dir, Now: now}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "public", "historier", "grunderkafe", "index.html")); err != nil {
			t.Errorf("no page at /historier/grunderkafe/: %v", err)
		}
	})
	t.Run("both forms", func(t *testing.T) {
		dir := fixture(t, map[string]string{
			"content/historier/" + nfd + ".md": page,
			"content/historier/gründerkafé.md": page,
		})
		_, err := Run(context.Background(), Options{Source: dir, Now: now})
		if err == nil || !strings.Contains(err.Error(), "content/historier/gründerkafé.md") || !strings.Contains(err.Error(), "two ways") {
			t.Errorf("error %v, want one naming the name written two ways", err)
		}
	})
}

// TestStaticClashesWithPage: a static file in the place of a page is an
// error naming both, not silently dropped.
func TestStaticClashesWithPage(t *testing.T) {
	dir := fixture(t, map[string]string{"static/om/index.html": "<p>gammel om-side</p>"})
	_, err := Run(context.Background(), Options{Source: dir, Now: now})
	if err == nil {
		t.Fatal("build succeeded, want an error")
	}
	for _, w := range []string{"static/om/index.html", "content/om.md", "/om/index.html"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not mention %q:\n%v", w, err)
		}
	}
}

// countdown is a context that is cancelled at the n-th time a stage asks
// whether it is: a way to stop a build at every point it checks.
type countdown struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
	asks atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *countdown) Err() error {
	c.asks.Add(1)
	if c.left.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

func (c *countdown) Done() <-chan struct{} { return c.done }

// TestInterrupted stops a build at every point where it looks at its
// context (Ctrl-C): each stops with the cancellation, and the published
// site is as it was.
func TestInterrupted(t *testing.T) {
	dir := fixture(t, nil)
	probe := newCountdown(1 << 40)
	if _, err := Run(probe, Options{Source: dir, Now: now}); err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, filepath.Join(dir, "public"))
	asks := probe.asks.Load()
	if asks < 5 {
		t.Fatalf("a build looks at its context %d times; every stage should", asks)
	}
	for n := range asks {
		if testing.Short() && n%7 != 0 {
			continue
		}
		ctx := newCountdown(n)
		_, err := Run(ctx, Options{Source: dir, Now: now})
		if err == nil {
			continue // the build had done its work by then
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("stopped at check %d of %d: %v (%T %#v), want the cancellation", n, asks, err, err, err)
		}
		if after := hashTree(t, filepath.Join(dir, "public")); after != before {
			t.Fatalf("stopped at check %d of %d: the published site changed", n, asks)
		}
	}
}

// TestBaseURLOptionChecked: the base URL from the command line is checked
// as works.toml's is.
func TestBaseURLOptionChecked(t *testing.T) {
	dir := fixture(t, nil)
	_, err := Run(context.Background(), Options{Source: dir, Now: now, BaseURL: "ht tp://x y"})
	if err == nil || !strings.Contains(err.Error(), "must be a web address") {
		t.Errorf("error %v, want one about the base URL", err)
	}
}

// TestTranslationFileMessages: a translation file gets the same plain
// messages as works.toml: its encoding, and TOML mistakes at their place.
func TestTranslationFileMessages(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "lesMer = \"Les mer\"\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	tests := []struct {
		name, src string
		want      []string
	}{
		{"UTF-16", string(utf16), []string{"themes/fixture/i18n/nb.toml", "UTF-16", "UTF-8"}},
		{"unclosed text", "lesMer = \"Les mer\n", []string{"themes/fixture/i18n/nb.toml:1:10:", "never closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, map[string]string{"themes/fixture/i18n/nb.toml": tt.src})
			_, err := Run(context.Background(), Options{Source: dir, Now: now})
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}
