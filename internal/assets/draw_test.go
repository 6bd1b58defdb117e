package assets

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"github.com/drammen-works/works/internal/images"
)

func icon(t *testing.T) *images.Drawing {
	t.Helper()
	src, err := os.ReadFile("../../themes/works/static/images/icon.svg")
	if err != nil {
		t.Fatal(err)
	}
	d, err := images.ParseSVG("icon.svg", src)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestIconPNG(t *testing.T) {
	for _, size := range []int{180, 192, 512} {
		data, err := IconPNG(icon(t), size)
		if err != nil {
			t.Fatal(err)
		}
		if b := decode(t, data).Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("size %v, want %d×%d", b, size, size)
		}
	}
}

func TestCardPNG(t *testing.T) {
	surface := color.NRGBA{0xfa, 0xf8, 0xf5, 255}
	primary := color.NRGBA{0x0b, 0x4f, 0x6c, 255}
	tests := []struct {
		name string
		card Card
	}{
		{"with mark", Card{Title: "Drammen Works", Mark: icon(t), Background: surface, Text: primary, Accent: color.NRGBA{0xb4, 0x44, 0x1c, 255}}},
		{"long title, no mark", Card{Title: "Et veldig langt navn på et nettsted som må brytes over flere linjer for å få plass", Background: surface, Text: primary}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := CardPNG(tt.card)
			if err != nil {
				t.Fatal(err)
			}
			if out := os.Getenv("WORKS_CARD_OUT"); out != "" {
				os.WriteFile(out+"/"+tt.name+".png", data, 0o644)
			}
			m := decode(t, data)
			if b := m.Bounds(); b.Dx() != CardWidth || b.Dy() != CardHeight {
				t.Fatalf("size %v, want %d×%d", b, CardWidth, CardHeight)
			}
			if got := color.NRGBAModel.Convert(m.At(5, 5)); got != surface {
				t.Errorf("corner = %v, want the surface colour", got)
			}
			text := 0
			for y := range CardHeight {
				for x := 400; x < CardWidth; x++ {
					if color.NRGBAModel.Convert(m.At(x, y)) == primary {
						text++
					}
				}
			}
			if text < 2000 {
				t.Errorf("%d pixels in the text colour right of the mark; the title is missing", text)
			}
			again, _ := CardPNG(tt.card)
			if !bytes.Equal(data, again) {
				t.Error("the same card drawn twice differs")
			}
		})
	}
}

func TestManifestJSON(t *testing.T) {
	m := Manifest{Name: "Drammen Works", Lang: "nb", StartURL: "/", Display: "minimal-ui", ThemeColor: "#0b4f6c",
		Icons: []ManifestIcon{{Src: "/images/icon-192.abcdef12.png", Sizes: "192x192", Type: "image/png"}}}
	var back map[string]any
	if err := json.Unmarshal(m.JSON(), &back); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "lang", "start_url", "display", "theme_color", "icons"} {
		if _, ok := back[k]; !ok {
			t.Errorf("no %q in %s", k, m.JSON())
		}
	}
	if _, ok := back["background_color"]; ok {
		t.Errorf("an empty background_color is written: %s", m.JSON())
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in   string
		want color.NRGBA
		ok   bool
	}{
		{"#0b4f6c", color.NRGBA{0x0b, 0x4f, 0x6c, 255}, true},
		{"#fff", color.NRGBA{255, 255, 255, 255}, true},
		{"blue", color.NRGBA{}, false},
		{"#12345", color.NRGBA{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseColor(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
