package site

import (
	"errors"
	"html/template"
	"strings"
	"sync"
	"testing"
)

// fakeImages records the calls it gets and makes a resource named after
// them, as the build would make a processed file.
type fakeImages struct {
	mu    sync.Mutex
	calls []string
	err   error
}

func (f *fakeImages) Process(r *Resource, op, spec string) (*Resource, error) {
	f.mu.Lock()
	f.calls = append(f.calls, r.RelPermalink+" "+op+" "+spec)
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	w, h, _ := strings.Cut(strings.Fields(spec)[0], "x")
	rel := strings.TrimSuffix(r.RelPermalink, ".jpg") + "_" + op + "_" + w + "x" + h + ".jpg"
	return r.Processed(rel, rel, "image/jpeg", len(w)*100, len(h)*100, f), nil
}

func photoResource(name string, p ImageProcessor) *Resource {
	return &Resource{Name: name, Path: "historier/a/" + name, RelPermalink: "/historier/a/" + name, MediaType: mediaType(name), images: p}
}

func TestResourceMethods(t *testing.T) {
	tests := []struct {
		name string
		call func(*Resource) (*Resource, error)
		want string // the processor's call
	}{
		{"resize", func(r *Resource) (*Resource, error) { return r.Resize("800x") }, "/historier/a/hall.jpg resize 800x"},
		{"fit", func(r *Resource) (*Resource, error) { return r.Fit("300x300") }, "/historier/a/hall.jpg fit 300x300"},
		{"fill with options", func(r *Resource) (*Resource, error) { return r.Fill("1200x630 webp q75 top") }, "/historier/a/hall.jpg fill 1200x630 webp q75 top"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeImages{}
			got, err := tt.call(photoResource("hall.jpg", f))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.calls) != 1 || f.calls[0] != tt.want {
				t.Errorf("processor calls %q, want [%q]", f.calls, tt.want)
			}
			if got == nil || got.Name != "hall.jpg" || got.MediaType != "image/jpeg" {
				t.Errorf("got %+v, want the processor's resource", got)
			}
		})
	}
}

func TestResourceMethodErrors(t *testing.T) {
	tests := []struct {
		name  string
		r     *Resource
		call  func(*Resource) (*Resource, error)
		wants []string // parts of the message
	}{
		{"svg", photoResource("bilde.svg", &fakeImages{}),
			func(r *Resource) (*Resource, error) { return r.Fill("1200x630") },
			[]string{`Fill "1200x630" on bilde.svg`, "an SVG drawing cannot be resized", "use it as it is"}},
		{"pdf", photoResource("rapport.pdf", &fakeImages{}),
			func(r *Resource) (*Resource, error) { return r.Resize("800x") },
			[]string{`Resize "800x" on rapport.pdf`, "JPEG, PNG, GIF or WebP"}},
		{"no such file", nil,
			func(r *Resource) (*Resource, error) { return r.Fit("300x300") },
			[]string{`Fit "300x300"`, "not a file of the page's folder"}},
		{"no processor", photoResource("hall.jpg", nil),
			func(r *Resource) (*Resource, error) { return r.Resize("800x") },
			[]string{`Resize "800x" on hall.jpg`, "does not process images"}},
		{"processor error", photoResource("hall.jpg", &fakeImages{err: errors.New(`"12OOx630" is not a size like 800x, x600 or 1200x630`)}),
			func(r *Resource) (*Resource, error) { return r.Fill("12OOx630") },
			[]string{`Fill "12OOx630" on hall.jpg: "12OOx630" is not a size like 800x, x600 or 1200x630`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call(tt.r)
			if err == nil {
				t.Fatalf("got %+v, want an error", got)
			}
			for _, want := range tt.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
	t.Run("svg never reaches the processor", func(t *testing.T) {
		f := &fakeImages{}
		_, _ = photoResource("bilde.SVG", f).Resize("800x")
		if len(f.calls) > 0 {
			t.Errorf("processor called with %q", f.calls)
		}
	})
	t.Run("processor error unwraps", func(t *testing.T) {
		cause := errors.New("broken")
		_, err := photoResource("hall.jpg", &fakeImages{err: cause}).Fit("300x300")
		if !errors.Is(err, cause) {
			t.Errorf("error %v does not wrap the processor's", err)
		}
	})
}

// TestResourceMethodsInTemplates runs the methods the way layouts call
// them, chained, with a failure reported at the template's line.
func TestResourceMethodsInTemplates(t *testing.T) {
	f := &fakeImages{}
	page := &Page{Resources: Resources{photoResource("bilde.svg", f), photoResource("hall.jpg", f)}}
	run := func(src string) (string, error) {
		tmpl, err := template.New("single.html").Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		err = tmpl.Execute(&b, page)
		return b.String(), err
	}

	t.Run("fill", func(t *testing.T) {
		got, err := run(`{{ with .Resources.Get "hall.jpg" }}{{ with .Fill "1200x630" }}<img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}">{{ end }}{{ end }}`)
		if err != nil {
			t.Fatal(err)
		}
		if want := `<img src="/historier/a/hall_fill_1200x630.jpg" width="400" height="300">`; got != want {
			t.Errorf("got %s\nwant %s", got, want)
		}
	})
	t.Run("chained", func(t *testing.T) {
		got, err := run(`{{ with .Resources.Get "hall.jpg" }}{{ with .Fill "1200x630" }}{{ (.Resize "600x").RelPermalink }}{{ end }}{{ end }}`)
		if err != nil {
			t.Fatal(err)
		}
		if want := "/historier/a/hall_fill_1200x630_resize_600x.jpg"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
	t.Run("svg is a template error", func(t *testing.T) {
		_, err := run("<p>\n{{ with .Resources.Get \"bilde.svg\" }}{{ (.Fill \"1200x630\").RelPermalink }}{{ end }}")
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{"single.html:2:", `Fill "1200x630" on bilde.svg`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	})
	t.Run("missing file is a template error", func(t *testing.T) {
		_, err := run(`{{ (.Resources.Get "hal.jpg").Resize "800x" }}`)
		if err == nil || !strings.Contains(err.Error(), "not a file of the page's folder") {
			t.Errorf("error %v, want one about the missing file", err)
		}
	})
}
