package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/msg"
)

// TestTemplateErrorMessages: the common mistakes in a template, each told
// at the template's file:line:col in plain words with a fix, where the
// build printed html/template's own text ("executing "main" at <.Nope>:
// can't evaluate field Nope in type render.Page").
func TestTemplateErrorMessages(t *testing.T) {
	const (
		single = "layouts/_default/single.html"
		story  = "template failed while rendering content/historier/kafeen.md: "
	)
	tests := []struct {
		name    string
		layouts map[string]string // changes to layouts()
		want    []string          // in the message, in this order
	}{
		{
			name:    "missing field",
			layouts: map[string]string{"_default/single.html": "<h1>{{ .Nope }}</h1>"},
			want:    []string{single + ":1:8: " + story + `the page has no field "Nope"`, "a page has .Aliases, ", ".Title, ", "for a key of the front matter, write .Params.nope"},
		},
		{
			name:    "misspelt field",
			layouts: map[string]string{"_default/single.html": "<p>\n  {{ .Titel }}"},
			want:    []string{single + ":2:6: " + story + `the page has no field "Titel"`, "(did you mean .Title?"},
		},
		{
			name:    "field of the site",
			layouts: map[string]string{"_default/single.html": "{{ .Site.Tittle }}"},
			want:    []string{single + ":1:9: " + story + `.Site (the site) has no field "Tittle"`, "did you mean .Title?"},
		},
		{
			name:    "field in lower case",
			layouts: map[string]string{"_default/single.html": "{{ .title }}"},
			want:    []string{`the page has no field "title"`, "did you mean .Title?"},
		},
		{
			name:    "field of a list",
			layouts: map[string]string{"_default/single.html": "{{ .Site.RegularPages.Title }}"},
			want:    []string{single + ":1:9: " + story + `.Site.RegularPages is a list, which has no field "Title"`, "{{ range .Site.RegularPages }}{{ .Title }}{{ end }}"},
		},
		{
			name:    "field of text",
			layouts: map[string]string{"_default/single.html": "{{ .Title.Text }}"},
			want:    []string{`.Title is text, which has no field "Text"`, "remove .Text"},
		},
		{
			name:    "nil pointer",
			layouts: map[string]string{"_default/single.html": "{{ .Project.Title }}"},
			want:    []string{single + ":1:12: " + story + ".Project is empty here, so it has no .Title", "{{ with .Project }}{{ .Title }}{{ end }}"},
		},
		{
			name:    "method of a nil pointer",
			layouts: map[string]string{"_default/single.html": "{{ .Paginator.Next.URL }}"},
			want:    []string{".Paginator is empty here, so it has no .Next", "{{ with .Paginator }}"},
		},
		{
			name:    "wrong kind of argument",
			layouts: map[string]string{"_default/single.html": `{{ truncate "tjue" .Summary }}`},
			want:    []string{single + ":1:4: " + story + `truncate: the length must be a whole number, not the text "tjue"`},
		},
		{
			name:    "wrong type of argument",
			layouts: map[string]string{"_default/single.html": `{{ add .Title 1 }}`},
			want:    []string{single + ":1:4: " + story + `add: a number is needed, not the text "Kafeen"`},
		},
		{
			name:    "too few arguments",
			layouts: map[string]string{"_default/single.html": "{{ add 1 }}"},
			want:    []string{single + ":1:4: " + story + "add needs 2 values, but was given 1 value"},
		},
		{
			name:    "method without its argument",
			layouts: map[string]string{"_default/single.html": "{{ .Param }}"},
			want:    []string{"Param needs 1 value, but was given none"},
		},
		{
			name:    "function that does not exist",
			layouts: map[string]string{"_default/single.html": "<h1>\n{{ .Title | urlise }}</h1>"},
			want:    []string{single + `:2:13: there is no template function "urlise"`, "did you mean urlize?"},
		},
		{
			name:    "index out of range",
			layouts: map[string]string{"_default/single.html": "{{ index .Site.RegularPages 99 }}"},
			want:    []string{single + ":1:4: " + story + "the list has no item 99 (the first item is 0)", "first"},
		},
		{
			name:    "range over text",
			layouts: map[string]string{"_default/single.html": "{{ range .Title }}{{ end }}"},
			want:    []string{`range needs a list, but .Title is "Kafeen"`},
		},
		{
			name:    "unsafe address: ZgotmplZ",
			layouts: map[string]string{"_default/single.html": `<a href="{{ .Params.link }}">Les mer</a>`},
			want:    []string{"content/historier/kafeen.md: " + story + `the value of href= was left out because it is not safe there (html/template wrote "ZgotmplZ" instead)`, "not javascript:"},
		},
		{
			name:    "unclosed attribute",
			layouts: map[string]string{"_default/single.html": `<a href="{{ .RelPermalink }}>{{ .Title }}</a>`},
			want:    []string{single + ": " + story + `the template ends inside an attribute's value: its closing " is missing`},
		},
		{
			name:    "malformed tag",
			layouts: map[string]string{"_default/single.html": `<a title={{ .Title }}x="">`},
			want:    []string{single + ": " + story + `the HTML here is not well formed: "=" in unquoted attr`, "check the quotes"},
		},
		{
			name:    "unclosed script",
			layouts: map[string]string{"_default/single.html": `<script>var tittel = "{{ .Title }}";`},
			want:    []string{"the template ends inside a <script>: a closing quote or </script> is missing"},
		},
		{
			name:    "branches end in different places",
			layouts: map[string]string{"_default/single.html": `{{ if .Draft }}<a href="{{ end }}/">x</a>`},
			want:    []string{single + ":1:7: " + story + "the parts of this {{ if }}, {{ with }} or {{ range }} end in different places of the HTML"},
		},
		{
			name:    "predefined escaper",
			layouts: map[string]string{"_default/single.html": `{{ .Title | html | upper }}`},
			want:    []string{single + ":1:4: " + story + "| html and | urlquery may only end a pipeline", "remove | html"},
		},
		{
			name: "partial not found",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "haed.html" . }}`,
				"partials/head.html":   `<title>{{ .Title }}</title>`,
			},
			want: []string{single + ":1:4: " + story + `there is no partial "haed.html"`, `did you mean "head.html"?`},
		},
		{
			name:    "template not found",
			layouts: map[string]string{"_default/single.html": `{{ template "hovud" . }}`},
			want:    []string{single + ":1:13: " + story + `there is no template "hovud"`, `{{ define "hovud" }}`},
		},
		{
			name: "error inside a partial",
			layouts: map[string]string{
				"_default/single.html": `{{ partial "card.html" . }}`,
				"partials/card.html":   "<article>\n{{ .Sumary }}</article>",
			},
			want: []string{"layouts/partials/card.html:2:4: " + story + `the page has no field "Sumary"`, "did you mean .Summary?"},
		},
		{
			name:    "a function's own message",
			layouts: map[string]string{"_default/single.html": `{{ dateFormat "2. January 2006" 5 }}`},
			want:    []string{single + ":1:4: " + story + "dateFormat: int is not a date"},
		},
		{
			name:    "end without a start",
			layouts: map[string]string{"_default/single.html": "<h1>{{ .Title }}</h1>\n{{ end }}"},
			want:    []string{single + ":2: this {{ end }} closes nothing"},
		},
		{
			name:    "on a page without a file",
			layouts: map[string]string{"_default/taxonomy.html": "{{ .Nope }}"},
			want:    []string{"layouts/_default/taxonomy.html:1:4: template failed while rendering /tags/: the page has no field \"Nope\""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := renderWith(t, layouts(tt.layouts))
			err := errs.Err()
			if err == nil {
				t.Fatal("no error")
			}
			got := err.Error()
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message lacks %q (or has it out of order):\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			// The library's own words are gone.
			for _, raw := range []string{"executing \"", "html/template:", "can't evaluate", "error calling", "nil pointer evaluating", "wrong number of args", "state"} {
				if strings.Contains(got, raw) {
					t.Errorf("message still has %q:\n%s", raw, got)
				}
			}
		})
	}
}

// TestTemplateErrorOnce: an error on many pages without a file of their
// own (lists, terms) is told once, with a count, not once per page.
func TestTemplateErrorOnce(t *testing.T) {
	_, errs := renderWith(t, layouts(map[string]string{"_default/list.html": "{{ .Nope }}"}))
	if len(errs) != 1 {
		t.Fatalf("%d diagnostics, want 1:\n%v", len(errs), errs)
	}
	if want := "(and on 4 more pages)"; !strings.Contains(errs[0].Msg, want) {
		t.Errorf("message lacks %q: %v", want, errs[0])
	}
}

func TestNearest(t *testing.T) {
	names := []string{"Title", "Summary", "Section", "Site"}
	tests := []struct{ name, want string }{
		{"title", "Title"},
		{"Titel", "Title"},
		{"Sumary", "Summary"},
		{"Nope", ""},
		{"S", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.name, names); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestErrorsInNorwegian shows what a Norwegian writer reads when the
// templates cannot show a page: which page, and which file to make.
func TestErrorsInNorwegian(t *testing.T) {
	tests := []struct {
		name    string
		layouts map[string]string
		want    []string
	}{
		{"no list layout", map[string]string{"_default/list.html": ""}, []string{
			"content/_index.md: ingen mal kan vise denne siden (forside) (så etter index.html, _default/home.html, _default/list.html) (lag layouts/_default/list.html i nettstedet eller temaet)",
			"content/historier/_index.md: ingen mal kan vise denne siden (seksjon) (så etter historier/list.html, _default/section.html, _default/list.html) (lag layouts/_default/list.html i nettstedet eller temaet)",
		}},
		{"no single layout", map[string]string{"_default/single.html": ""}, []string{
			"content/historier/kafeen.md: ingen mal kan vise denne siden (så etter historier/single.html, _default/single.html) (lag layouts/_default/single.html i nettstedet eller temaet)",
		}},
		{"a function given text for a number", map[string]string{"_default/single.html": "{{ add 1 .Title }}"}, []string{
			`layouts/_default/single.html:1:4: malen feilet for content/historier/kafeen.md: add: her trengs et tall, ikke teksten «Kafeen» (rett malen på den linjen, eller verdien den får)`,
		}},
		{"a misspelt field on every list", map[string]string{"_default/list.html": "{{ .Titel }}"}, []string{
			`layouts/_default/list.html:1:4: malen feilet for content/_index.md: siden har ikke noe felt «Titel» (og på 4 sider til) (mente du .Title? For en innstilling øverst i filen, skriv .Params.titel)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := renderWith(t, layouts(tt.layouts))
			var got []string
			for _, d := range errs {
				got = append(got, d.Line(msg.Norwegian))
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("no %s\nin\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}
