package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/drammen-works/works/internal/diag"
)

func newProcessor(t testing.TB, opts Options) *Processor {
	t.Helper()
	p, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// sources makes the same shown image, stored with orientation o, as a
// JPEG, a PNG and a WebP, each carrying EXIF (with GPS), XMP and more.
func sources(t testing.TB, shown *image.RGBA, o int) map[string][]byte {
	raw := stored(shown, o)
	return map[string][]byte{
		JPEG: jpegWithMetadata(t, raw, o),
		PNG:  pngWithMetadata(t, raw, o),
		WebP: webpWithMetadata(t, raw, o),
	}
}

func TestOrientationApplied(t *testing.T) {
	p := newProcessor(t, Options{})
	shown := quadrants(40, 24)
	for o := 1; o <= 8; o++ {
		for _, in := range []string{JPEG, PNG, WebP} {
			src := sources(t, shown, o)[in]
			for _, out := range []string{PNG, JPEG, WebP} {
				t.Run(fmt.Sprintf("%d/%s-to-%s", o, in, out), func(t *testing.T) {
					info, err := Config("x", src)
					if err != nil {
						t.Fatal(err)
					}
					if info.Width != 40 || info.Height != 24 || info.Orientation != o {
						t.Errorf("Config = %d×%d orientation %d, want 40×24 orientation %d", info.Width, info.Height, info.Orientation, o)
					}
					img, err := p.Process(context.Background(), "x", src, Spec{Op: Resize, Width: 20, Format: out})
					if err != nil {
						t.Fatal(err)
					}
					m := decodeAny(t, img.Data)
					if b := m.Bounds(); b.Dx() != 20 || b.Dy() != 12 || img.Width != 20 || img.Height != 12 {
						t.Fatalf("size %v (Image says %d×%d), want 20×12", b, img.Width, img.Height)
					}
					for _, c := range []struct {
						x, y int
						want color.RGBA
					}{{2, 2, red}, {17, 2, green}, {2, 9, blue}, {17, 9, white}} {
						if got := m.At(c.x, c.y); !near(got, c.want, 40) {
							t.Errorf("pixel (%d, %d) = %v, want about %v", c.x, c.y, got, c.want)
						}
					}
				})
			}
		}
	}
}

func TestMetadataStripped(t *testing.T) {
	p := newProcessor(t, Options{Widths: []int{16, 32}})
	for in, src := range sources(t, quadrants(48, 32), 6) {
		t.Run(in, func(t *testing.T) {
			if len(metadataIn(src)) == 0 {
				t.Fatal("the test source carries no metadata; the test would prove nothing")
			}
			pic, err := p.Responsive(context.Background(), "x", src, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range pic.Sources {
				for _, img := range s.Images {
					if found := metadataIn(img.Data); len(found) > 0 {
						t.Errorf("%s %d×%d still carries %s", img.Format, img.Width, img.Height, strings.Join(found, ", "))
					}
				}
			}
			for _, f := range []string{GIF, PNG} { // the formats Responsive does not make
				img, err := p.Process(context.Background(), "x", src, Spec{Op: Resize, Width: 20, Format: f})
				if err != nil {
					t.Fatal(err)
				}
				if found := metadataIn(img.Data); len(found) > 0 {
					t.Errorf("%s still carries %s", f, strings.Join(found, ", "))
				}
			}
		})
	}
}

func TestResponsive(t *testing.T) {
	p := newProcessor(t, Options{})
	tests := []struct {
		name        string
		src         []byte
		widths      []int
		wantFormats []string
		wantWidths  []int
		wantW       int
		wantH       int
	}{
		{"a large photo gets every width", photo(t, 1700, 1000, 1, 80), nil, []string{WebP, JPEG}, []int{480, 800, 1200, 1600}, 1600, 941},
		{"never upscaled: the source width replaces wider ones", photo(t, 900, 600, 2, 80), nil, []string{WebP, JPEG}, []int{480, 800, 900}, 900, 600},
		{"a source narrower than every width", photo(t, 300, 200, 3, 80), nil, []string{WebP, JPEG}, []int{300}, 300, 200},
		{"widths given by the caller, unsorted, repeated", photo(t, 300, 200, 3, 80), []int{200, 100, 200}, []string{WebP, JPEG}, []int{100, 200}, 200, 133},
		{"a PNG keeps PNG as its fallback", pngWithMetadata(t, quadrants(100, 50), 1), []int{50}, []string{WebP, PNG}, []int{50}, 50, 25},
		{"a WebP needs no fallback", webpWithMetadata(t, quadrants(100, 50), 1), []int{50}, []string{WebP}, []int{50}, 50, 25},
		{"an animated GIF stays a GIF", animatedGIF(t, 64, 32, 3), []int{32}, []string{GIF}, []int{32}, 32, 16},
		{"a still GIF gets WebP too", animatedGIF(t, 64, 32, 1), []int{32}, []string{WebP, GIF}, []int{32}, 32, 16},
		{"orientation decides the width", jpegWithMetadata(t, stored(quadrants(60, 100), 8), 8), []int{30, 200}, []string{WebP, JPEG}, []int{30, 60}, 60, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pic, err := p.Responsive(context.Background(), "x", tt.src, tt.widths)
			if err != nil {
				t.Fatal(err)
			}
			if pic.Width != tt.wantW || pic.Height != tt.wantH {
				t.Errorf("picture size %d×%d, want %d×%d", pic.Width, pic.Height, tt.wantW, tt.wantH)
			}
			var formats []string
			for _, s := range pic.Sources {
				formats = append(formats, s.Format)
				if s.MediaType != "image/"+s.Format {
					t.Errorf("media type %q for %s", s.MediaType, s.Format)
				}
				var widths []int
				for _, img := range s.Images {
					widths = append(widths, img.Width)
					m := decodeAny(t, img.Data)
					if b := m.Bounds(); b.Dx() != img.Width || b.Dy() != img.Height {
						t.Errorf("%s says %d×%d but decodes as %v", s.Format, img.Width, img.Height, b)
					}
					if Sniff(img.Data) != s.Format {
						t.Errorf("%s source holds a %s", s.Format, Sniff(img.Data))
					}
				}
				if !slices.Equal(widths, tt.wantWidths) {
					t.Errorf("%s widths %v, want %v", s.Format, widths, tt.wantWidths)
				}
			}
			if !slices.Equal(formats, tt.wantFormats) {
				t.Errorf("formats %v, want %v", formats, tt.wantFormats)
			}
		})
	}
}

func TestProcessSizes(t *testing.T) {
	p := newProcessor(t, Options{})
	src := photo(t, 400, 300, 4, 85)
	tests := []struct {
		spec  string
		op    Op
		wantW int
		wantH int
	}{
		{"200x", Resize, 200, 150},
		{"x60", Resize, 80, 60},
		{"100x100", Resize, 100, 100}, // both sides: the shape asked for
		{"1000x", Resize, 400, 300},   // never upscaled
		{"800x800", Resize, 300, 300}, // too large: the largest of that shape
		{"100x100", Fit, 100, 75},
		{"1000x1000", Fit, 400, 300},
		{"100x100", Fill, 100, 100},
		{"1200x630", Fill, 400, 210},
		{"50x200 top", Fill, 50, 200},
	}
	for _, tt := range tests {
		t.Run(string(tt.op)+" "+tt.spec, func(t *testing.T) {
			spec, err := ParseSpec(tt.op, tt.spec+" png")
			if err != nil {
				t.Fatal(err)
			}
			img, err := p.Process(context.Background(), "x.jpg", src, spec)
			if err != nil {
				t.Fatal(err)
			}
			b := decodeAny(t, img.Data).Bounds()
			if b.Dx() != tt.wantW || b.Dy() != tt.wantH || img.Width != tt.wantW || img.Height != tt.wantH {
				t.Errorf("got %v (Image says %d×%d), want %d×%d", b, img.Width, img.Height, tt.wantW, tt.wantH)
			}
		})
	}
}

func TestFillAnchors(t *testing.T) {
	// A 40×24 quadrant image cropped to a 12×24 strip: the left keeps red
	// and blue, the right green and white; through every orientation.
	p := newProcessor(t, Options{})
	for o := 1; o <= 8; o++ {
		src := jpegWithMetadata(t, stored(quadrants(40, 24), o), o)
		for _, tt := range []struct {
			anchor         string
			top, bottom    color.RGBA
			wantW, wantHgt int
		}{{"left", red, blue, 12, 24}, {"right", green, white, 12, 24}} {
			t.Run(fmt.Sprintf("%d/%s", o, tt.anchor), func(t *testing.T) {
				img, err := p.Process(context.Background(), "x", src, Spec{Op: Fill, Width: 12, Height: 24, Anchor: tt.anchor, Format: PNG})
				if err != nil {
					t.Fatal(err)
				}
				m := decodeAny(t, img.Data)
				if got := m.At(6, 3); !near(got, tt.top, 40) {
					t.Errorf("top = %v, want about %v", got, tt.top)
				}
				if got := m.At(6, 20); !near(got, tt.bottom, 40) {
					t.Errorf("bottom = %v, want about %v", got, tt.bottom)
				}
			})
		}
	}
}

func TestAlpha(t *testing.T) {
	// A half-transparent PNG: left half opaque red, right half clear.
	m := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 20 {
			m.SetNRGBA(x, y, color.NRGBA{230, 20, 20, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	p := newProcessor(t, Options{})
	for _, tt := range []struct {
		format      string
		left, right color.Color
	}{
		{PNG, color.NRGBA{230, 20, 20, 255}, color.NRGBA{}},
		{WebP, color.NRGBA{230, 20, 20, 255}, color.NRGBA{}},
		{GIF, color.NRGBA{255, 0, 0, 255}, color.NRGBA{}},                      // the web-safe palette's nearest
		{JPEG, color.NRGBA{230, 20, 20, 255}, color.NRGBA{255, 255, 255, 255}}, // laid on white
	} {
		t.Run(tt.format, func(t *testing.T) {
			img, err := p.Process(context.Background(), "x.png", b.Bytes(), Spec{Op: Resize, Width: 20, Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			out := decodeAny(t, img.Data)
			if got := color.NRGBAModel.Convert(out.At(2, 5)); !near(got, tt.left, 20) { // lossy formats shift saturated red
				t.Errorf("left = %v, want about %v", got, tt.left)
			}
			if got := color.NRGBAModel.Convert(out.At(17, 5)); !near(got, tt.right, 12) {
				t.Errorf("right = %v, want about %v", got, tt.right)
			}
		})
	}
}

func TestWebPColourRange(t *testing.T) {
	// Lossy WebP stores limited-range YCbCr; read as JPEG-style full range,
	// black would come out as grey 16 and white as 235 (golang/go#40173).
	m := image.NewRGBA(image.Rect(0, 0, 32, 16))
	for y := range 16 {
		for x := range 32 {
			v := uint8(0)
			if x >= 16 {
				v = 255
			}
			m.SetRGBA(x, y, color.RGBA{v, v, v, 255})
		}
	}
	src := webpWithMetadata(t, m, 1)
	p := newProcessor(t, Options{})
	img, err := p.Process(context.Background(), "x.webp", src, Spec{Op: Resize, Width: 32, Format: PNG})
	if err != nil {
		t.Fatal(err)
	}
	out := decodeAny(t, img.Data)
	if got := out.At(4, 8); !near(got, color.Black, 4) {
		t.Errorf("black came out as %v", got)
	}
	if got := out.At(28, 8); !near(got, color.White, 4) {
		t.Errorf("white came out as %v", got)
	}
}

func TestAnimatedGIF(t *testing.T) {
	p := newProcessor(t, Options{})
	src := animatedGIF(t, 64, 32, 4)
	info, err := Config("a.gif", src)
	if err != nil || !info.Animated {
		t.Fatalf("Config = %+v, %v; want animated", info, err)
	}
	img, err := p.Process(context.Background(), "a.gif", src, Spec{Op: Resize, Width: 32})
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 4 || !slices.Equal(g.Delay, []int{10, 10, 10, 10}) {
		t.Fatalf("got %d frames with delays %v, want 4 with 10 each", len(g.Image), g.Delay)
	}
	for i, f := range g.Image {
		if f.Bounds() != image.Rect(0, 0, 32, 16) {
			t.Errorf("frame %d is %v", i, f.Bounds())
		}
		want := []color.RGBA{red, green, blue, white}[i%4]
		if got := f.At(16, 8); !near(got, want, 8) {
			t.Errorf("frame %d centre = %v, want %v", i, got, want)
		}
		if _, _, _, a := f.At(1, 1).RGBA(); a != 0 {
			t.Errorf("frame %d corner is not transparent", i)
		}
	}
	_, err = p.Process(context.Background(), "a.gif", src, Spec{Op: Resize, Width: 32, Format: WebP})
	if err == nil || !strings.Contains(err.Error(), "animated GIF") {
		t.Errorf("animated GIF to WebP: err = %v, want one saying it stays a GIF", err)
	}
}

func TestErrors(t *testing.T) {
	p := newProcessor(t, Options{MaxPixels: 1000})
	good := photo(t, 20, 20, 5, 80)
	truncated := photo(t, 30, 30, 6, 80)
	truncated = truncated[:len(truncated)*3/4]
	animatedWebP := webpWithMetadata(t, quadrants(8, 8), 1)
	animatedWebP[20] |= 1 << 1 // say VP8X: animated
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>`)
	tests := []struct {
		name string
		src  []byte
		spec Spec
		want []string // parts of the message
	}{
		{"not an image", []byte("%PDF-1.7 a document"), Spec{Op: Resize, Width: 10}, []string{"hall.jpg: the file is not a JPEG picture although its name ends in .jpg: it is a PDF document", "(open it in an image program and export it as JPEG"}},
		{"an empty file", nil, Spec{Op: Resize, Width: 10}, []string{"hall.jpg: the picture file is empty"}},
		{"cut off", truncated, Spec{Op: Resize, Width: 10}, []string{"hall.jpg: the picture file is cut off (it ends before the picture does)", "save or export it again"}},
		{"too large", photo(t, 40, 40, 7, 80), Spec{Op: Resize, Width: 10}, []string{"is too large to process (40×40 pixels)", "export it smaller"}},
		{"animated WebP", animatedWebP, Spec{Op: Resize, Width: 4}, []string{"is an animated WebP", "animated GIF or a video"}},
		{"SVG", svg, Spec{Op: Resize, Width: 4}, []string{"an SVG cannot be resized", "scales by itself"}},
		{"no size", good, Spec{Op: Fill, Width: 10}, []string{"fill needs a width and a height"}},
		{"bad format", good, Spec{Op: Resize, Width: 10, Format: "bmp"}, []string{`"bmp" is not a format`}},
		{"bad anchor", good, Spec{Op: Fill, Width: 10, Height: 10, Anchor: "middle"}, []string{`"middle" is not an anchor`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Process(context.Background(), "hall.jpg", tt.src, tt.spec)
			if err == nil {
				t.Fatal("no error")
			}
			var d *diag.Diagnostic
			if !errors.As(err, &d) || d.Pos.File != "hall.jpg" {
				t.Errorf("error %v is not a diagnostic at hall.jpg", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestCache(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	srcs := [][]byte{photo(t, 200, 150, 1, 80), photo(t, 180, 120, 2, 80), pngWithMetadata(t, quadrants(100, 60), 6)}
	opts := Options{CacheDir: dir, Widths: []int{40, 80}}
	build := func() (*Processor, []Picture) {
		p := newProcessor(t, opts)
		var pics []Picture
		for i, src := range srcs {
			pic, err := p.Responsive(ctx, fmt.Sprint(i), src, nil)
			if err != nil {
				t.Fatal(err)
			}
			pics = append(pics, pic)
		}
		return p, pics
	}

	cold, first := build()
	if got, want := cold.Stats(), (Stats{Decoded: 3, Encoded: 12}); got != want {
		t.Errorf("cold build: %+v, want %+v", got, want)
	}
	warm, second := build()
	if got, want := warm.Stats(), (Stats{Cached: 12}); got != want {
		t.Errorf("warm build: %+v, want %+v (nothing decoded or encoded)", got, want)
	}
	for i := range first {
		for s := range first[i].Sources {
			for k, a := range first[i].Sources[s].Images {
				b := second[i].Sources[s].Images[k]
				if !bytes.Equal(a.Data, b.Data) || a.Key != b.Key || a.Width != b.Width || a.Height != b.Height {
					t.Errorf("image %d/%d/%d differs between the cold and the warm build", i, s, k)
				}
			}
		}
	}
	// A changed quality is another output: encoded, not taken from the cache.
	q := newProcessor(t, Options{CacheDir: dir, Quality: 50})
	if _, err := q.Process(ctx, "0", srcs[0], Spec{Op: Resize, Width: 40, Format: JPEG}); err != nil {
		t.Fatal(err)
	}
	if got := q.Stats(); got.Encoded != 1 || got.Cached != 0 {
		t.Errorf("quality 50 after 80: %+v, want one encode", got)
	}

	// Prune keeps what the last build used, and only what it used.
	leftover := filepath.Join(dir, "."+strings.Repeat("a", 64)+".jpg.XYZ.tmp")
	foreign := filepath.Join(dir, "README.txt")
	for _, f := range []string{leftover, foreign} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	last := newProcessor(t, opts)
	kept, err := last.Responsive(ctx, "0", srcs[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	removed, err := last.Prune()
	if err != nil {
		t.Fatal(err)
	}
	if removed != 8+1+1 { // two sources' 8 images, the quality-50 one, the temp file
		t.Errorf("Prune removed %d files, want 10", removed)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	var want []string
	for _, s := range kept.Sources {
		for _, img := range s.Images {
			want = append(want, img.Key+Ext(img.Format))
		}
	}
	want = append(want, "README.txt")
	slices.Sort(want)
	if !slices.Equal(left, want) {
		t.Errorf("after Prune the cache holds\n%v\nwant\n%v", left, want)
	}
}

func TestConcurrent(t *testing.T) {
	// 6 sources, each asked for by 4 goroutines at once, under a memory
	// bound that fits two decoded sources: every output is encoded once,
	// and the bound holds.
	const bound = 2 * 120 * 90 * 4
	p := newProcessor(t, Options{MemoryLimit: bound, Widths: []int{30, 60}})
	var srcs [][]byte
	for i := range 6 {
		srcs = append(srcs, photo(t, 120, 90, uint64(i), 80))
	}
	var wg sync.WaitGroup
	results := make([][]Picture, 4)
	errs := make([]error, 4)
	for g := range 4 {
		results[g] = make([]Picture, len(srcs))
		wg.Go(func() {
			for i := range srcs {
				i := (i + g) % len(srcs) // different orders
				pic, err := p.Responsive(context.Background(), fmt.Sprint(i), srcs[i], nil)
				if err != nil {
					errs[g] = err
					return
				}
				results[g][i] = pic
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if st.Encoded != 6*4 || st.Decoded != 6 || st.Reused != 3*6*4 {
		t.Errorf("stats %+v, want 6 decoded, 24 encoded, 72 reused", st)
	}
	if peak := p.sem.maxHeld(); peak > bound {
		t.Errorf("held %d bytes of pixels at once, bound %d", peak, bound)
	}
	for g := 1; g < 4; g++ {
		for i := range srcs {
			a, b := results[0][i].Sources[0].Images[0], results[g][i].Sources[0].Images[0]
			if !bytes.Equal(a.Data, b.Data) {
				t.Errorf("goroutine %d got other bytes for source %d", g, i)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	src := jpegWithMetadata(t, stored(photoImage(t, 300, 200), 6), 6)
	var first [][]byte
	for run := range 2 {
		p := newProcessor(t, Options{Widths: []int{100, 150}})
		pic, err := p.Responsive(context.Background(), "x", src, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, s := range pic.Sources {
			for i, img := range s.Images {
				if run == 0 {
					first = append(first, img.Data)
				} else if !bytes.Equal(first[k*2+i], img.Data) {
					t.Errorf("%s %dw differs between runs", img.Format, img.Width)
				}
			}
		}
	}
}

func photoImage(t testing.TB, w, h int) *image.RGBA {
	m := decodeAny(t, photo(t, w, h, 9, 90))
	rgba := image.NewRGBA(m.Bounds())
	for y := range h {
		for x := range w {
			rgba.Set(x, y, m.At(x, y))
		}
	}
	return rgba
}

func TestImageName(t *testing.T) {
	img := Image{Width: 800, Height: 533, Format: WebP, Key: "3f9a1c0b27" + strings.Repeat("0", 54)}
	if got, want := img.Name("hall"), "hall_800x533_3f9a1c0b27.webp"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	img.Format = JPEG
	if got, want := img.Name("hall"), "hall_800x533_3f9a1c0b27.jpg"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{{Quality: 101}, {Quality: -1}, {WebPMethod: 7}, {Widths: []int{0}}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted it", o)
		}
	}
}

// tiffWith is a minimal TIFF with IFD0 holding one entry.
func tiffWith(order binary.ByteOrder, tag, typ uint16, count, value uint32) []byte {
	b := make([]byte, 8+2+12+4)
	if order == binary.LittleEndian {
		copy(b, "II")
	} else {
		copy(b, "MM")
	}
	order.PutUint16(b[2:], 42)
	order.PutUint32(b[4:], 8)
	order.PutUint16(b[8:], 1)
	order.PutUint16(b[10:], tag)
	order.PutUint16(b[12:], typ)
	order.PutUint32(b[14:], count)
	if typ == 3 {
		order.PutUint16(b[18:], uint16(value))
	} else {
		order.PutUint32(b[18:], value)
	}
	return b
}

func TestCancelled(t *testing.T) {
	p := newProcessor(t, Options{})
	src := photo(t, 64, 48, 1, 80)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Process(ctx, "x", src, Spec{Op: Resize, Width: 32}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The failure is not remembered: a caller that has not given up gets
	// its image.
	if _, err := p.Process(context.Background(), "x", src, Spec{Op: Resize, Width: 32}); err != nil {
		t.Fatal(err)
	}
}
