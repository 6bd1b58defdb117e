package render

import (
	"fmt"
	"html/template"
	"iter"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/site"
)

// TestPartialIncludesItself: a partial or template that includes itself
// once overflowed Go's stack, which ends the process (exit status 2,
// 2 GiB). Now it is an error at the call, in bounded memory: found when the
// templates are read if every run makes the call, else at the depth limit.
func TestPartialIncludesItself(t *testing.T) {
	chain := func(n int) map[string]string {
		l := map[string]string{"_default/single.html": `{{ partial "p1.html" . }}`}
		for i := 1; i <= n; i++ {
			next := fmt.Sprintf(`{{ partial "p%d.html" . }}`, i+1)
			if i == n {
				next = "{{ .Title }}"
			}
			l[fmt.Sprintf("partials/p%d.html", i)] = fmt.Sprintf("<i>%s</i>", next)
		}
		return l
	}
	tests := []struct {
		name    string
		layouts map[string]string
		want    []string // in the error; none: the site renders
	}{
		{
			name: "includes itself",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "menu.html" . }}`,
				"partials/menu.html":   `<nav>{{ partial "menu.html" . }}</nav>`,
			},
			want: []string{`layouts/partials/menu.html:1:9: the partial "menu.html" includes itself, so it never ends`, "{{ with .Parent }}"},
		},
		{
			name: "A includes B includes A",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "a.html" . }}`,
				"partials/a.html":      `<a>{{ partial "b.html" . }}</a>`,
				"partials/b.html":      "<b>\n  {{ partial \"a.html\" . }}</b>",
			},
			want: []string{`layouts/partials/b.html:2:6: the partial "a.html" includes "b.html", which includes "a.html" again, so it never ends`},
		},
		{
			name: "includes itself inside an if that never ends",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "menu.html" . }}`,
				"partials/menu.html":   `<nav>{{ if .Title }}{{ partial "menu.html" . }}{{ end }}</nav>`,
			},
			want: []string{`layouts/partials/menu.html:1:24: template failed while rendering content/historier/kafeen.md: the partial "menu.html" includes itself, more than 32 levels deep`},
		},
		{
			name: "A and B include each other inside with",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "a.html" . }}`,
				"partials/a.html":      `{{ with .Site }}{{ partial "b.html" $ }}{{ end }}`,
				"partials/b.html":      `{{ with .Title }}{{ partial "a.html" $ }}{{ end }}`,
			},
			want: []string{`layouts/partials/b.html:1:21:`, `the partial "a.html" includes "b.html", which includes "a.html" again, more than 32 levels deep`},
		},
		{
			name: "template calls itself",
			layouts: map[string]string{
				"_default/single.html": `{{ template "loop" . }}{{ define "loop" }}<b>{{ template "loop" . }}</b>{{ end }}`,
			},
			want: []string{`layouts/_default/single.html:1:58: the template "loop" calls itself, so it never ends`},
		},
		{
			name: "template calls itself inside an if that never ends",
			layouts: map[string]string{
				"_default/single.html": `{{ template "loop" . }}{{ define "loop" }}<b>{{ if .Title }}{{ template "loop" . }}{{ end }}</b>{{ end }}`,
			},
			want: []string{`layouts/_default/single.html:1:73: template failed while rendering content/historier/kafeen.md: the template "loop" calls itself 100000 levels deep, so it never ends`,
				"works stopped rendering the other pages"},
		},
		{
			name: "includes itself for its parent: a trail that ends",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "crumbs.html" . }}`,
				"partials/crumbs.html": `{{ with .Parent }}{{ partial "crumbs.html" . }} › {{ end }}{{ .Title }}`,
			},
		},
		{name: "32 partials deep", layouts: chain(32)},
		{name: "33 partials deep", layouts: chain(33), want: []string{"layouts/partials/p32.html:1:7:", "partials are included more than 32 levels deep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs error
			bytes := allocated(func() {
				_, list := renderWith(t, layouts(tt.layouts))
				errs = list.Err()
			})
			if limit := uint64(200 << 20); bytes > limit {
				t.Errorf("rendering allocated %d MiB, want at most %d", bytes>>20, limit>>20)
			}
			if len(tt.want) == 0 {
				if errs != nil {
					t.Fatalf("want no error, got %v", errs)
				}
				return
			}
			if errs == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(errs.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, errs)
				}
			}
		})
	}
}

// TestPartialTrail: a partial that includes itself within a condition
// that ends, as a breadcrumb trail does, renders as before.
func TestPartialTrail(t *testing.T) {
	set, errs := renderWith(t, layouts(map[string]string{
		"_default/single.html": `{{ partial "crumbs.html" . }}`,
		"partials/crumbs.html": `{{ with .Parent }}{{ partial "crumbs.html" . }} › {{ end }}{{ .Title }}`,
	}))
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	f, ok := set.Get("historier/kafeen/index.html")
	if !ok {
		t.Fatal("the story was not written")
	}
	if got, want := string(f.Data), "Forside › Historier › Kafeen"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSeqLimit: seq 2000000000 asked for 16 GB and the machine killed the
// build; a range over a big number ran for minutes.
func TestSeqLimit(t *testing.T) {
	tests := []struct {
		name, single string
		want         string // the page, or the error
	}{
		{"seq within the limit", `{{ len (seq 10000) }} {{ range seq 3 }}{{ . }}{{ end }} {{ seq 0 }}`, "10000 123 []"},
		{"seq past the limit", "<p>\n{{ range seq 2000000000 }}{{ end }}", "layouts/_default/single.html:2:10: template failed while rendering content/historier/kafeen.md: seq 2000000000 would make a list of 2000000000 numbers; seq makes at most 10000"},
		{"range within the limit", `{{ range 3 }}{{ . }}{{ end }}`, "012"},
		{"range past the limit", "<p>\n{{ range 2000000000 }}{{ end }}", "layouts/_default/single.html:2:10: range 2000000000 repeats 2000000000 times; a range repeats at most 10000 times"},
		{"first and last of a huge number", `{{ first 2000000000 (slice 1 2) }}{{ last 2000000000 (slice 3) }}`, "[1 2][3]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			bytes := allocated(func() {
				set, errs := renderWith(t, layouts(map[string]string{"_default/single.html": tt.single}))
				if err := errs.Err(); err != nil {
					got = err.Error()
				} else if f, ok := set.Get("historier/kafeen/index.html"); ok {
					got = string(f.Data)
				}
			})
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if limit := uint64(50 << 20); bytes > limit {
				t.Errorf("allocated %d MiB, want at most %d", bytes>>20, limit>>20)
			}
		})
	}
}

// TestPageSizeLimit: a loop that writes without end stops at 64 MiB with
// an error naming the layout.
func TestPageSizeLimit(t *testing.T) {
	var err error
	bytes := allocated(func() {
		_, errs := renderWith(t, layouts(map[string]string{
			"index.html": `{{ $line := printf "%10000s" "Ingen ende." | safeHTML }}{{ range seq 10000 }}{{ range seq 10000 }}{{ $line }}{{ end }}{{ end }}`,
		}))
		err = errs.Err()
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"layouts/index.html: template failed while rendering content/_index.md: the page grew past 64 MiB", "works stopped rendering the other pages"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	// The buffer grows by doubling to 64 MiB, and each line is escaped and
	// printed anew: a few times 64 MiB, not the terabyte the loops ask for.
	if limit := uint64(512 << 20); bytes > limit {
		t.Errorf("allocated %d MiB, want at most %d", bytes>>20, limit>>20)
	}
}

func TestReplaceLimit(t *testing.T) {
	page := strings.Repeat("ord ", 1<<18) // 1 MiB
	if _, err := replace(page, "", page); err == nil || !strings.Contains(err.Error(), "more than 64 MiB") {
		t.Errorf("replace of every gap with the page: err = %v, want the limit", err)
	}
	if got, err := replace(template.HTML("Gründer i Drammen"), "Drammen", "byen"); err != nil || got != "Gründer i byen" {
		t.Errorf("replace = %q, %v", got, err)
	}
}

func TestFirstLastTruncate(t *testing.T) {
	if got, err := first(2, [3]int{1, 2, 3}); err != nil || fmt.Sprint(got) != "[1 2]" {
		t.Errorf("first of an array = %v, %v", got, err)
	}
	if got, err := last(5, [3]int{1, 2, 3}); err != nil || fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("last of an array = %v, %v", got, err)
	}
	if got := truncate(-1, "Kafeen"); got != "…" {
		t.Errorf("truncate -1 = %q", got)
	}
}

// TestTemplatePanic: html/template passes on a panic inside a range over
// an iterator; it fails the page at its layout instead of ending works.
func TestTemplatePanic(t *testing.T) {
	set := template.Must(template.New("_default/single.html").Funcs(template.FuncMap{
		"boom": func() iter.Seq[int] { return func(func(int) bool) { panic("boom") } },
	}).Parse(`<p>{{ range boom }}{{ . }}{{ end }}</p>`))
	r := &Renderer{files: map[string]layoutFile{"_default/single.html": {display: "layouts/_default/single.html"}}}
	p := &site.Page{Kind: site.KindPage, Title: "Kafeen", RelPermalink: "/kafeen/"}
	_, errs := r.execute(&cappedBuffer{}, Job{Page: p, Path: "kafeen/index.html", set: set, entry: "_default/single.html"})
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	if got, want := errs[0].Error(), "layouts/_default/single.html: template failed while rendering /kafeen/: works stopped with an internal error: boom"; !strings.HasPrefix(got, want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
