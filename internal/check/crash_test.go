package check

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/site"
)

// TestCheckManyTags: works check reads what the build loaded even when
// the build stopped, so a page with 10 000 tags (and as many sectors,
// which the schema allows only a few of) must be checked in bounded time
// and memory, with the model's error at the page's tags line.
func TestCheckManyTags(t *testing.T) {
	words := make([]string, 10_000)
	for i := range words {
		words[i] = fmt.Sprintf("emne %d", i)
	}
	list := "[" + strings.Join(words, ", ") + "]"
	src := fm("Mange emner", "date: 2026-11-02\nsummary: Om alt.\ntags: "+list+"\nsectors: "+list+"\n") + "Tekst.\n"
	cfg, err := config.Parse("works.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	d, errs := content.Parse("historier/mange.md", []byte(src), cfg.Location)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	var found diag.List
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m, errs := site.New(cfg, []*content.Document{d}, nil, site.Options{Now: now})
	found = Run(context.Background(), m, nil, Options{Now: now})
	runtime.ReadMemStats(&after)

	if want := `content/historier/mange.md:5:7: "tags" lists 10000 words; a page may have at most 100`; !strings.Contains(errs.Error(), want) {
		t.Errorf("the model's errors lack %q:\n%v", want, errs)
	}
	if len(found) == 0 {
		t.Error("no findings; want the sectors the schema does not allow")
	}
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(200<<20); got > limit {
		t.Errorf("checking took %d MiB, want at most %d", got>>20, limit>>20)
	}
}

// TestCheckRulePanics: a rule that panics on one page is reported at that
// page, and the other pages are still checked; the panic used to end
// works check with Go's exit status 2, which means a wrong command line.
func TestCheckRulePanics(t *testing.T) {
	m, docs := model(t, map[string]string{
		"content/a.md": fm("A"),
		"content/b.md": fm("B"),
		"content/c.md": fm("C"),
	}, site.Options{})
	c := newChecker(context.Background(), m, docs, Options{Now: now, Workers: 2})
	c.analyse(context.Background())
	c.eachPage(context.Background(), func(w *checker, pg *page) {
		if pg.file == "content/b.md" {
			var p *site.Page
			_ = p.Title // a nil pointer, as a buggy rule would meet
		}
		w.diags.Add(diag.Warnf(diag.Position{File: pg.file}, "", "checked"))
	})
	c.diags.Sort()
	got := strings.Join(lines(c.diags), "\n")
	want := strings.Join([]string{
		"content/a.md: warning: checked",
		"content/b.md: error: works check stopped with an internal error on this page: runtime error: invalid memory address or nil pointer dereference",
		"content/c.md: warning: checked",
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
