package images

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"time"
)

func TestExifOrientation(t *testing.T) {
	tests := []struct {
		name string
		tiff []byte
		want int
	}{
		{"little-endian SHORT", tiffWith(binary.LittleEndian, 0x0112, 3, 1, 6), 6},
		{"big-endian SHORT", tiffWith(binary.BigEndian, 0x0112, 3, 1, 8), 8},
		{"LONG, as some writers do", tiffWith(binary.BigEndian, 0x0112, 4, 1, 3), 3},
		{"out of range", tiffWith(binary.LittleEndian, 0x0112, 3, 1, 9), 1},
		{"zero", tiffWith(binary.LittleEndian, 0x0112, 3, 1, 0), 1},
		{"wrong type", tiffWith(binary.LittleEndian, 0x0112, 2, 1, 6), 1},
		{"another tag only", tiffWith(binary.LittleEndian, 0x010F, 3, 1, 6), 1},
		{"the test's full block", exifTIFF(binary.BigEndian, 5), 5},
		{"the test's full block without orientation", exifTIFF(binary.LittleEndian, 0), 1},
		{"truncated entry", tiffWith(binary.LittleEndian, 0x0112, 3, 1, 6)[:20], 1},
		{"bad magic", append([]byte("II\x2b\x00"), tiffWith(binary.LittleEndian, 0x0112, 3, 1, 6)[4:]...), 1},
		{"IFD offset past the end", []byte("MM\x00\x2a\x7f\xff\xff\xff"), 1},
		{"empty", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exifOrientation(tt.tiff); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name   string
		src    []byte
		want   Info
		errHas string
	}{
		{"JPEG turned by EXIF", jpegWithMetadata(t, stored(quadrants(40, 24), 6), 6), Info{40, 24, JPEG, 6, false}, ""},
		{"PNG with eXIf", pngWithMetadata(t, stored(quadrants(40, 24), 7), 7), Info{40, 24, PNG, 7, false}, ""},
		{"WebP with EXIF", webpWithMetadata(t, stored(quadrants(40, 24), 5), 5), Info{40, 24, WebP, 5, false}, ""},
		{"plain photo", photo(t, 33, 17, 1, 80), Info{33, 17, JPEG, 1, false}, ""},
		{"animated GIF", animatedGIF(t, 20, 10, 2), Info{20, 10, GIF, 1, true}, ""},
		{"still GIF", animatedGIF(t, 20, 10, 1), Info{20, 10, GIF, 1, false}, ""},
		{"SVG with width and height", []byte(`<?xml version="1.0"?><!-- logo --><svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40" viewBox="0 0 60 20"></svg>`), Info{120, 40, SVG, 1, false}, ""},
		{"SVG with a viewBox only", []byte(`<svg viewBox="0,0,300.4,150.6"/>`), Info{300, 151, SVG, 1, false}, ""},
		{"SVG with width and viewBox", []byte(`<svg width="200" viewBox="0 0 100 25"/>`), Info{200, 50, SVG, 1, false}, ""},
		{"SVG with a relative width", []byte(`<svg width="100%" viewBox="0 0 100 25"/>`), Info{100, 25, SVG, 1, false}, ""},
		{"SVG in inches", []byte(`<svg width="1in" height="0.5in"/>`), Info{96, 48, SVG, 1, false}, ""},
		{"SVG without a size", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), Info{}, "give its <svg> element a viewBox"},
		{"HTML is not SVG", []byte(`<html><svg viewBox="0 0 1 1"/></html>`), Info{}, "is not a JPEG, PNG, GIF, WebP or SVG image"},
		{"truncated header", photo(t, 10, 10, 1, 80)[:30], Info{}, "the picture file is cut off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Config("logo", tt.src)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) || !strings.HasPrefix(err.Error(), "logo: ") {
					t.Fatalf("err = %v, want one at logo saying %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseSpec(t *testing.T) {
	tests := []struct {
		op     Op
		in     string
		want   Spec
		errHas string
	}{
		{Resize, "800x", Spec{Op: Resize, Width: 800}, ""},
		{Resize, "x600 webp q75", Spec{Op: Resize, Height: 600, Format: WebP, Quality: 75}, ""},
		{Fill, "1200x630 JPG TopLeft", Spec{Op: Fill, Width: 1200, Height: 630, Format: JPEG, Anchor: "topleft"}, ""},
		{Fit, "  300x200   png ", Spec{Op: Fit, Width: 300, Height: 200, Format: PNG}, ""},
		{Resize, "800", Spec{}, `"800" in "800" is neither a size`},
		{Resize, "webp", Spec{}, "has no size"},
		{Resize, "800y", Spec{}, "is neither a size"},
		{Resize, "axb", Spec{}, "is not a size like 800x"},
		{Resize, "800x 600x", Spec{}, "is not a size"},
		{Resize, "x", Spec{}, "is not a size"},
		{Resize, "800x q0", Spec{}, "between q1 and q100"},
		{Resize, "800x q101", Spec{}, "between q1 and q100"},
		{Fit, "800x", Spec{}, "fit needs a width and a height"},
		{Op("crop"), "800x600", Spec{}, `"crop" is not an image operation`},
	}
	for _, tt := range tests {
		t.Run(string(tt.op)+" "+tt.in, func(t *testing.T) {
			got, err := ParseSpec(tt.op, tt.in)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err = %v, want one saying %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	landscape := Info{Width: 4000, Height: 3000, Format: JPEG, Orientation: 1}
	tests := []struct {
		name     string
		info     Info
		spec     Spec
		w, h     int
		crop     rect
		format   string
		quality  int
		canonHas string
	}{
		{"resize by width", landscape, Spec{Op: Resize, Width: 800}, 800, 600, rect{0, 0, 4000, 3000}, JPEG, 80, "resize 800x0"},
		{"resize to WebP at q70", landscape, Spec{Op: Resize, Width: 480, Format: WebP, Quality: 70}, 480, 360, rect{0, 0, 4000, 3000}, WebP, 70, "webp q70 m4"},
		{"fill centred", landscape, Spec{Op: Fill, Width: 1200, Height: 630}, 1200, 630, rect{0, 450, 4000, 2550}, JPEG, 80, "crop 0.0000,450.0000"},
		{"fill at the top", landscape, Spec{Op: Fill, Width: 100, Height: 100, Anchor: "top"}, 100, 100, rect{500, 0, 3500, 3000}, JPEG, 80, ""},
		{"fill bottom right", landscape, Spec{Op: Fill, Width: 100, Height: 100, Anchor: "bottomright"}, 100, 100, rect{1000, 0, 4000, 3000}, JPEG, 80, ""},
		{"fill larger than the source", Info{Width: 300, Height: 200, Format: PNG}, Spec{Op: Fill, Width: 600, Height: 600}, 200, 200, rect{50, 0, 250, 200}, PNG, 0, "png q0 m0"},
		{"fit a portrait", Info{Width: 3000, Height: 4000, Format: JPEG}, Spec{Op: Fit, Width: 800, Height: 800}, 600, 800, rect{0, 0, 3000, 4000}, JPEG, 80, ""},
		{"a sliver keeps a pixel", Info{Width: 5000, Height: 2, Format: PNG}, Spec{Op: Resize, Width: 100}, 100, 1, rect{0, 0, 5000, 2}, PNG, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := plan(tt.info, tt.spec, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if j.w != tt.w || j.h != tt.h || j.crop != tt.crop || j.format != tt.format || j.quality != tt.quality {
				t.Errorf("got %d×%d crop %v %s q%d, want %d×%d crop %v %s q%d",
					j.w, j.h, j.crop, j.format, j.quality, tt.w, tt.h, tt.crop, tt.format, tt.quality)
			}
			if !strings.Contains(j.canonical(), tt.canonHas) {
				t.Errorf("canonical form %q lacks %q", j.canonical(), tt.canonHas)
			}
		})
	}
}

func TestResampleFlatStaysFlat(t *testing.T) {
	// Unity gain: a flat plane comes out exactly flat at any factor, with
	// and without block averaging first, including at the edges.
	for _, size := range [][4]int{{1000, 700, 480, 336}, {97, 61, 96, 60}, {64, 64, 7, 3}, {30, 20, 30, 20}, {10, 10, 9, 1}} {
		p := newPlane(size[0], size[1], 1)
		for i := range p.pix {
			p.pix[i] = 173
		}
		out := resize(p, rect{0, 0, float64(size[0]), float64(size[1])}, size[2], size[3])
		for i, v := range out.pix {
			if v != 173 {
				t.Fatalf("%v: pixel %d = %d, want 173", size, i, v)
			}
		}
	}
}

func TestResampleChroma(t *testing.T) {
	// A half-size chroma plane upsampled to full size keeps its values.
	p := plane{pix: []uint8{10, 200, 10, 200}, w: 2, h: 2, stride: 2, ch: 1, sx: 2, sy: 2}
	out := resize(p, rect{0, 0, 4, 4}, 4, 4)
	if out.w != 4 || out.h != 4 {
		t.Fatalf("got %d×%d", out.w, out.h)
	}
	if out.pix[0] > 20 || out.pix[3] < 190 {
		t.Errorf("row 0 = %v, want dark at the left and bright at the right", out.pix[:4])
	}
}

func TestOrientPlane(t *testing.T) {
	// 3×2, numbered in reading order as stored.
	p := plane{pix: []uint8{1, 2, 3, 4, 5, 6}, w: 3, h: 2, stride: 3, ch: 1, sx: 1, sy: 1}
	want := map[int][]uint8{
		1: {1, 2, 3, 4, 5, 6},
		2: {3, 2, 1, 6, 5, 4},
		3: {6, 5, 4, 3, 2, 1},
		4: {4, 5, 6, 1, 2, 3},
		5: {1, 4, 2, 5, 3, 6},
		6: {4, 1, 5, 2, 6, 3},
		7: {6, 3, 5, 2, 4, 1},
		8: {3, 6, 2, 5, 1, 4},
	}
	for o := 1; o <= 8; o++ {
		got := orient(p, o)
		if string(got.pix) != string(want[o]) {
			t.Errorf("orientation %d: %v, want %v", o, got.pix, want[o])
		}
	}
}

func TestSemaphore(t *testing.T) {
	s := newSemaphore(10)
	ctx := context.Background()
	a, _ := s.acquire(ctx, 6)
	// A request larger than the bound is cut to it.
	if n, err := s.acquire(ctx, 0); err != nil || n != 1 {
		t.Fatalf("acquire(0) = %d, %v", n, err)
	}
	s.release(1)
	// 6 + 6 > 10: the second waits, and gives up with its context.
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.acquire(cctx, 6); err == nil {
		t.Fatal("acquired beyond the bound")
	}
	done := make(chan int64)
	go func() {
		n, _ := s.acquire(ctx, 100) // cut to 10: waits for everything
		done <- n
	}()
	select {
	case <-done:
		t.Fatal("acquired while 6 were held")
	case <-time.After(20 * time.Millisecond):
	}
	s.release(a)
	if n := <-done; n != 10 {
		t.Fatalf("got %d, want the whole bound", n)
	}
	s.release(10)
	if s.maxHeld() != 10 {
		t.Errorf("peak %d, want 10", s.maxHeld())
	}
}
