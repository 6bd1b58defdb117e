package content

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/fstest"
)

// TestCache edits a tree step by step and checks that each cached load
// equals a fresh Load of the same tree, and that unchanged files are not
// parsed again (their documents are the same values).
func TestCache(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":               md("---\ntitle: Hjem\n---\n"),
		"historier/a.md":          md("---\ntitle: A\n---\nTekst.\n"),
		"historier/b.md":          md("---\ntitle: B\n---\nTekst.\n"),
		"historier/hall/index.md": md("---\ntitle: Hall\n---\n![Hall](hall.jpg)\n"),
		"historier/hall/hall.jpg": {Data: []byte("jpeg")},
	}
	c := NewCache(fsys, nil)
	byPath := func(docs []*Document) map[string]*Document {
		m := map[string]*Document{}
		for _, d := range docs {
			m[d.Path] = d
		}
		return m
	}
	prev, errs := c.Load(context.Background(), nil)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	steps := []struct {
		name    string
		edit    func()
		changed []string
		reused  []string // documents that must be the very same values as before
		errors  int
	}{
		{"edit one page", func() { fsys["historier/a.md"] = md("---\ntitle: A2\n---\nNy tekst.\n") },
			[]string{"historier/a.md"}, []string{"_index.md", "historier/b.md", "historier/hall/index.md"}, 0},
		{"break its front matter", func() { fsys["historier/a.md"] = md("---\ntitle: [A\n---\n") },
			[]string{"historier/a.md"}, []string{"historier/b.md"}, 1},
		{"fix it", func() { fsys["historier/a.md"] = md("---\ntitle: A3\n---\n") },
			[]string{"historier/a.md"}, []string{"historier/b.md"}, 0},
		{"add a page", func() { fsys["historier/c.md"] = md("---\ntitle: C\n---\n") },
			[]string{"historier/c.md"}, []string{"historier/a.md", "historier/b.md", "historier/hall/index.md"}, 0},
		{"remove a page", func() { delete(fsys, "historier/b.md") },
			[]string{"historier/b.md"}, []string{"historier/a.md", "historier/c.md"}, 0},
		{"add a file to a bundle", func() { fsys["historier/hall/plan.pdf"] = &fstest.MapFile{Data: []byte("%PDF")} },
			[]string{"historier/hall/plan.pdf"}, []string{"historier/a.md"}, 0},
		{"make a page a bundle's resource", func() { fsys["historier/hall/notat.md"] = md("---\ntitle: N\n---\n") },
			[]string{"historier/hall/notat.md"}, []string{"historier/a.md"}, 0},
		{"a page grows too big", func() { fsys["historier/c.md"] = &fstest.MapFile{Data: make([]byte, MaxFileSize+1)} },
			[]string{"historier/c.md"}, []string{"historier/a.md"}, 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit()
			got, gotErrs := c.Load(context.Background(), st.changed)
			want, wantErrs := Load(context.Background(), fsys, nil)
			if !slices.Equal(summary(got), summary(want)) {
				t.Errorf("cached load:\n%q\nfresh load:\n%q", summary(got), summary(want))
			}
			if gotErrs.Error() != wantErrs.Error() {
				t.Errorf("cached errors %q, fresh errors %q", gotErrs.Error(), wantErrs.Error())
			}
			if n := len(gotErrs); n != st.errors {
				t.Errorf("%d errors, want %d: %v", n, st.errors, gotErrs)
			}
			before, now := byPath(prev), byPath(got)
			for _, p := range st.reused {
				if before[p] == nil || before[p] != now[p] {
					t.Errorf("%s was read again", p)
				}
			}
			for _, p := range st.changed {
				if now[p] != nil && before[p] == now[p] {
					t.Errorf("%s changed but the old document was kept", p)
				}
			}
			prev = got
		})
	}
}

// TestCacheCancelled: a load stopped by its context says so and keeps
// nothing half read; the next load reads every page.
func TestCacheCancelled(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": md("---\ntitle: A\n---\n"),
		"b.md": md("---\ntitle: B\n---\n"),
	}
	c := NewCache(fsys, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs, errs := c.Load(ctx, nil)
	if docs != nil || errs.Err() == nil || !errors.Is(errs.Err(), context.Canceled) {
		t.Fatalf("cancelled load: %d documents, errors %v", len(docs), errs)
	}
	docs, errs = c.Load(context.Background(), []string{"a.md"})
	if errs.Err() != nil || len(docs) != 2 {
		t.Fatalf("the load after: %d documents, errors %v", len(docs), errs)
	}
}
