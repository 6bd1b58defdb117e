package markdown

import (
	"strings"
	"testing"
)

// images is an ImageResolver over a fixed map of destinations.
type images map[string]Picture

func (m images) Image(from, dest string) (Picture, bool) {
	p, ok := m[dest]
	return p, ok
}

func TestImages(t *testing.T) {
	resolver := images{
		"hall.jpg": {Width: 1600, Height: 1200, Src: "/a/hall_1600.jpg", Sources: []PictureSource{
			{MediaType: "image/webp", Srcset: "/a/hall_480.webp 480w, /a/hall_1600.webp 1600w"},
			{MediaType: "image/jpeg", Srcset: "/a/hall_480.jpg 480w, /a/hall_1600.jpg 1600w"},
		}},
		"kart.svg": {Width: 400, Height: 300, Src: "/a/kart.svg"},
	}
	const picture = `<picture><source type="image/webp" srcset="/a/hall_480.webp 480w, /a/hall_1600.webp 1600w" sizes="` + Sizes + `">` +
		`<img src="/a/hall_1600.jpg" srcset="/a/hall_480.jpg 480w, /a/hall_1600.jpg 1600w" sizes="` + Sizes + `" width="1600" height="1200" alt="Ansatte i hallen" `
	tests := []struct {
		name string
		md   string
		want []string // substrings of the HTML, in order
		not  []string
	}{
		{"first image is fetched early", "![Ansatte i *hallen*](hall.jpg)\n",
			[]string{picture + `fetchpriority="high" decoding="async"></picture>`}, []string{`loading="lazy"`}},
		{"later images are lazy", "![Kart](kart.svg)\n\n![Ansatte i hallen](hall.jpg)\n",
			[]string{`<img src="/a/kart.svg" width="400" height="300" alt="Kart" fetchpriority="high" decoding="async">`,
				picture + `loading="lazy" decoding="async"></picture>`}, []string{"<picture><picture>"}},
		{"decorative has empty alt", "![Pynt](kart.svg \"decorative\")\n",
			[]string{`alt="" fetchpriority="high"`}, []string{"title="}},
		{"unknown file is left as written", "![Borte](borte.jpg)\n",
			[]string{`<img src="borte.jpg" alt="Borte">`}, []string{"<picture>"}},
		{"remote image is left as written", "![Logo](https://example.org/hall.jpg)\n",
			[]string{`<img src="https://example.org/hall.jpg" alt="Logo">`}, nil},
		{"title is kept", "![Kart](kart.svg \"Drammen\")\n", []string{`alt="Kart" title="Drammen"`}, nil},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := r.Render(Input{Path: "a/index.md", Body: []byte(tt.md), Images: resolver})
			if len(errs) > 0 {
				t.Fatalf("diagnostics: %v", errs)
			}
			got := string(res.HTML)
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("HTML lacks (in order) %s\ngot: %s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("HTML has %s\ngot: %s", n, got)
				}
			}
			if strings.Contains(string(res.Plain), "hallen") {
				t.Errorf("alt text leaked into the plain text: %q", res.Plain)
			}
		})
	}
}

func TestImageInSummaryIsLazy(t *testing.T) {
	md := "![Kart](kart.svg)\n\n<!--more-->\n\nResten.\n"
	res, _ := New(Options{}).Render(Input{Path: "a/index.md", Body: []byte(md), Images: images{"kart.svg": {Width: 4, Height: 3, Src: "/a/kart.svg"}}})
	if !strings.Contains(string(res.HTML), `fetchpriority="high"`) {
		t.Errorf("the page's first image is not fetched early: %s", res.HTML)
	}
	if s := string(res.Summary); !strings.Contains(s, `loading="lazy"`) || strings.Contains(s, "fetchpriority") {
		t.Errorf("the summary's image should be lazy: %s", s)
	}
}

func TestImagesWithoutResolver(t *testing.T) {
	res, _ := New(Options{}).Render(Input{Path: "a.md", Body: []byte("![Kart](kart.svg)\n")})
	if want := `<p><img src="kart.svg" alt="Kart"></p>`; !strings.Contains(string(res.HTML), want) {
		t.Errorf("got %s, want %s", res.HTML, want)
	}
}
