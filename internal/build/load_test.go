package build

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/drammen-works/works/internal/config"
)

func loadSite(t *testing.T, files map[string]string) (fstest.MapFS, *config.Config) {
	t.Helper()
	fsys := fstest.MapFS{
		"works.toml":                  {Data: []byte("title = \"Test\"\ntheme = \"t\"\n")},
		"content/_index.md":           {Data: []byte("---\ntitle: Forside\n---\n")},
		"content/historier/_index.md": {Data: []byte("---\ntitle: Historier\n---\n")},
		"content/historier/hall.md":   {Data: []byte("---\ntitle: Hall\ndate: 2026-10-01\n---\nTekst.\n")},
		"content/historier/utkast.md": {Data: []byte("---\ntitle: Utkast\ndraft: true\n---\nTekst.\n")},
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, cfg
}

func TestLoad(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	t.Run("a site", func(t *testing.T) {
		fsys, cfg := loadSite(t, nil)
		l, errs := Load(context.Background(), fsys, cfg, Options{Now: now})
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		if len(l.Docs) != 4 {
			t.Errorf("%d documents, want 4 (drafts too)", len(l.Docs))
		}
		if len(l.Model.Skipped) != 1 || l.Model.Skipped[0].Path != "historier/utkast.md" {
			t.Errorf("skipped %v, want the draft", l.Model.Skipped)
		}
	})
	t.Run("drafts as the build includes them", func(t *testing.T) {
		fsys, cfg := loadSite(t, nil)
		l, _ := Load(context.Background(), fsys, cfg, Options{Now: now, BuildDrafts: true})
		if len(l.Model.Skipped) != 0 {
			t.Errorf("skipped %v, want none", l.Model.Skipped)
		}
	})
	t.Run("goes on past errors", func(t *testing.T) {
		fsys, cfg := loadSite(t, map[string]string{
			"content/historier/brutt.md": "---\ntitle: [\n---\n",
			"content/historier/tysk.md":  "---\ntitle: Tysk\nlang: de\n---\n",
		})
		l, errs := Load(context.Background(), fsys, cfg, Options{Now: now})
		var files []string
		for _, d := range errs.Errors() {
			files = append(files, d.Pos.File)
		}
		if strings.Join(files, " ") != "content/historier/brutt.md content/historier/tysk.md" {
			t.Errorf("errors in %q, want one in brutt.md (content) and one in tysk.md (model):\n%v", files, errs)
		}
		if l == nil || l.Model == nil || len(l.Model.Pages) == 0 {
			t.Fatal("no model made of the documents that could be read")
		}
	})
	t.Run("stopped", func(t *testing.T) {
		fsys, cfg := loadSite(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		l, errs := Load(ctx, fsys, cfg, Options{Now: now})
		if l != nil || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
			t.Errorf("got %v, %v; want nil and context.Canceled", l, errs)
		}
	})
}

func TestSchemas(t *testing.T) {
	fsys, cfg := loadSite(t, map[string]string{
		"themes/t/schemas.toml": "[[schemas.historier.fields]]\nkey = \"lede\"\nrequired = true\n",
	})
	schemas, errs := Schemas(fsys, cfg)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if f, ok := schemas["historier"].Field("lede"); !ok || !f.Required {
		t.Errorf("schemas %v, want the theme's historier with lede", schemas)
	}
	fsys, cfg = loadSite(t, nil)
	if schemas, errs := Schemas(fsys, cfg); errs.Err() != nil || len(schemas) != 0 {
		t.Errorf("a theme without schemas.toml: %v, %v; want none", schemas, errs)
	}
	cfg.Theme = "../t"
	if _, errs := Schemas(fsys, cfg); errs.Err() == nil || !strings.Contains(errs.Error(), "is not a folder name") {
		t.Errorf("a theme that is not a folder name: %v", errs)
	}
}
