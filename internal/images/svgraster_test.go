package images

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/golden"
)

// TestRasterizeIcon draws the theme's icon at the apple-touch-icon size and
// checks colours where the drawing is known: brand blue inside the rounded
// square, white on the arch and the wave, transparent beyond the rounded
// corner. testdata/icon-180.png is what it looked like when checked by eye;
// a change of more than a little anti-aliasing fails.
func TestRasterizeIcon(t *testing.T) {
	src, err := os.ReadFile("testdata/icon.svg")
	if err != nil {
		t.Fatal(err)
	}
	m, err := RasterizeSVG("testdata/icon.svg", src, 180, 180)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if b := decoded.Bounds(); b.Dx() != 180 || b.Dy() != 180 {
		t.Fatalf("size %v, want 180×180", b)
	}
	blue := color.NRGBA{0x0b, 0x4f, 0x6c, 255}
	white := color.NRGBA{255, 255, 255, 255}
	clear := color.NRGBA{}
	// A user unit is 180/48 = 3.75 pixels; the viewBox starts at (2, 4).
	at := func(x, y float64) image.Point { return image.Pt(int((x-2)*3.75), int((y-4)*3.75)) }
	tests := []struct {
		name string
		p    image.Point
		want color.NRGBA
	}{
		{"blue near the top left corner", at(12, 10), blue},
		{"blue near the bottom right corner", at(46, 48), blue},
		{"blue between arch and river", at(26, 37), blue},
		{"white on the top of the arch", at(26, 24), white},
		{"white at the arch's round end", at(9.2, 34.5), white},
		{"white on the wave", at(14, 40.5), white},
		{"transparent beyond the rounded corner", at(2.5, 4.5), clear},
		{"transparent beyond the bottom left corner", at(2.4, 51.6), clear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := color.NRGBAModel.Convert(decoded.At(tt.p.X, tt.p.Y)).(color.NRGBA)
			if !nearColor(got, tt.want, 2) {
				t.Errorf("pixel %v = %v, want %v", tt.p, got, tt.want)
			}
		})
	}

	const file = "testdata/icon-180.png"
	if golden.Update() {
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/images -run TestRasterizeIcon -update)", err)
	}
	want, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for y := range 180 {
		for x := range 180 {
			g := color.NRGBAModel.Convert(decoded.At(x, y)).(color.NRGBA)
			w := color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA)
			if !nearColor(g, w, 3) {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d pixels differ from %s (rerun with -update if the change is intended)", bad, file)
	}
}

func nearColor(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { return math.Abs(float64(x)-float64(y)) <= float64(tol) }
	if a.A == 0 && b.A == 0 {
		return true
	}
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

func TestRasterizeShapes(t *testing.T) {
	tests := []struct {
		name string
		svg  string
		p    image.Point
		want color.NRGBA
	}{
		{"circle", `<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#f00"/></svg>`, image.Pt(50, 50), color.NRGBA{255, 0, 0, 255}},
		{"outside circle", `<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#f00"/></svg>`, image.Pt(5, 5), color.NRGBA{}},
		{"style attribute wins", `<svg viewBox="0 0 10 10"><style>.a{fill:#00f}</style><rect class="a" width="10" height="10" fill="#f00" style="fill: #0f0"/></svg>`, image.Pt(50, 50), color.NRGBA{0, 255, 0, 255}},
		{"class beats attribute", `<svg viewBox="0 0 10 10"><rect class="a" width="10" height="10" fill="#f00"/><style>.a{fill:#00f}</style></svg>`, image.Pt(50, 50), color.NRGBA{0, 0, 255, 255}},
		{"group fill inherited", `<svg viewBox="0 0 10 10"><g fill="rgb(0, 128, 0)"><path d="M0 0H10V10H0z"/></g></svg>`, image.Pt(50, 50), color.NRGBA{0, 128, 0, 255}},
		{"relative cubic and smooth", `<svg viewBox="0 0 10 10"><path d="m1 1 c2 0 6 0 8 0 s0 8 0 8 l-8 0 z" fill="black"/></svg>`, image.Pt(50, 50), color.NRGBA{0, 0, 0, 255}},
		{"square cap", `<svg viewBox="0 0 10 10"><path d="M2 5 H8" stroke="#fff" stroke-width="2" stroke-linecap="square" fill="none"/></svg>`, image.Pt(15, 50), color.NRGBA{255, 255, 255, 255}},
		{"butt cap", `<svg viewBox="0 0 10 10"><path d="M2 5 H8" stroke="#fff" stroke-width="2" fill="none"/></svg>`, image.Pt(15, 50), color.NRGBA{}},
		{"dark media rule ignored", `<svg viewBox="0 0 10 10"><style>.a{fill:#f00}@media (prefers-color-scheme: dark){.a{fill:#00f}}</style><rect class="a" width="10" height="10"/></svg>`, image.Pt(50, 50), color.NRGBA{255, 0, 0, 255}},
		{"width and height without viewBox", `<svg width="10" height="10"><rect x="0" y="0" width="10" height="10" fill="#fff"/></svg>`, image.Pt(99, 99), color.NRGBA{255, 255, 255, 255}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := RasterizeSVG("t.svg", []byte(tt.svg), 100, 100)
			if err != nil {
				t.Fatal(err)
			}
			if got := color.NRGBAModel.Convert(m.At(tt.p.X, tt.p.Y)).(color.NRGBA); !nearColor(got, tt.want, 2) {
				t.Errorf("pixel %v = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestRasterizeUnsupported(t *testing.T) {
	tests := []struct{ name, svg, want string }{
		{"ellipse", "<svg viewBox=\"0 0 10 10\">\n  <ellipse cx=\"5\" cy=\"5\" rx=\"2\" ry=\"3\"/></svg>", "t.svg:2:"},
		{"text", `<svg viewBox="0 0 10 10"><text>Hei</text></svg>`, "<text> is not supported"},
		{"transform", `<svg viewBox="0 0 10 10"><rect width="5" height="5" transform="rotate(45)"/></svg>`, "transform on <rect> is not supported"},
		{"arc", `<svg viewBox="0 0 10 10"><path d="M0 0 A5 5 0 0 1 10 10"/></svg>`, "arcs (A)"},
		{"gradient fill", `<svg viewBox="0 0 10 10"><rect width="5" height="5" fill="url(#g)"/></svg>`, `the colour "url(#g)"`},
		{"opacity in style", `<svg viewBox="0 0 10 10"><rect width="5" height="5" style="opacity: .5"/></svg>`, "style opacity"},
		{"not svg", `<html></html>`, "not <svg>"},
		{"bad viewBox", `<svg viewBox="0 0 0 10"></svg>`, "viewBox"},
		{"broken xml", `<svg viewBox="0 0 10 10"><rect`, "not well-formed"},
		{"empty", ``, "no <svg> element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := RasterizeSVG("t.svg", []byte(tt.svg), 10, 10)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "t.svg") {
				t.Errorf("err = %v, want it to name the file", err)
			}
		})
	}
}

func TestParsePathData(t *testing.T) {
	tests := []struct {
		d    string
		want string // ops and end points
		err  string
	}{
		{d: "M10 34 Q26 14 42 34", want: "M10,34 Q42,34"},
		{d: "M10 42 q4 -3 8 0 t8 0 t8 0", want: "M10,42 Q18,42 Q26,42 Q34,42"},
		{d: "m1 1 2 2 h3 v-1 H0 V0 z", want: "M1,1 L3,3 L6,3 L6,2 L0,2 L0,0 Z"},
		{d: "M0,0L1-1.5.5.5", want: "M0,0 L1,-1.5 L0.5,0.5"},
		{d: "M1e1 2E-1", want: "M10,0.2"},
		{d: "M0 0 C1 1 2 2 3 3 S5 5 6 6", want: "M0,0 C3,3 C6,6"},
		{d: "", want: ""},
		{d: "L1 1", err: "does not start with M"},
		{d: "10 10", err: "does not start with a command"},
		{d: "M1", err: "ends in the middle"},
		{d: "M1 x", err: `"x" where a number belongs`},
		{d: "M1 1e999", err: "out of range"},
		{d: "M0 0 Z 1", err: "number after Z"},
	}
	for _, tt := range tests {
		t.Run(tt.d, func(t *testing.T) {
			segs, err := parsePathData(tt.d)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, s := range segs {
				p := string(s.op)
				if len(s.pts) > 0 {
					e := s.pts[len(s.pts)-1]
					p += fmtNum(e.x) + "," + fmtNum(e.y)
				}
				parts = append(parts, p)
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// FuzzPathData feeds arbitrary path data to the parser: it must never panic,
// and what it accepts must be finite numbers the drawer can use.
func FuzzPathData(f *testing.F) {
	for _, s := range []string{
		"M10 34 Q26 14 42 34", "M10 42 q4 -3 8 0 t8 0 t8 0 t8 0", "m1 1 2 2 h3 v-1 H0 V0 z",
		"M0,0L1-1.5.5", "M0 0 C1 1 2 2 3 3 S5 5 6 6", "M1e1 2E-1 Z", "M0 0 A1 1 0 0 1 2 2", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		segs, err := parsePathData(d)
		if err != nil {
			return
		}
		for _, s := range segs {
			for _, p := range s.pts {
				if math.IsNaN(p.x) || math.IsNaN(p.y) {
					t.Fatalf("%q gave a NaN point", d)
				}
			}
		}
		// Drawing what was accepted must not panic either.
		dr := &Drawing{width: 10, height: 10, shapes: []svgShape{{segs: segs, fill: color.NRGBA{A: 255}, stroke: color.NRGBA{A: 255}, strokeWidth: 1, cap: "round", join: "miter"}}}
		dr.Rasterize(8, 8)
	})
}
