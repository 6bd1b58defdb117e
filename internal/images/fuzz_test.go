package images

import (
	"context"
	"encoding/binary"
	"testing"
)

// The parsers read files that anybody can drop into a site; they must not
// panic or loop on any input. Run with, for example:
//
//	go test -fuzz FuzzExifOrientation -fuzztime 1m ./internal/images
//
// Crashers found are kept in testdata/fuzz and replayed by go test.

func FuzzExifOrientation(f *testing.F) {
	f.Add(exifTIFF(binary.BigEndian, 6))
	f.Add(exifTIFF(binary.LittleEndian, 3))
	f.Add(tiffWith(binary.LittleEndian, 0x0112, 4, 1, 8))
	f.Add([]byte("MM\x00\x2a\x00\x00\x00\x08\xff\xff"))
	f.Fuzz(func(t *testing.T, tiff []byte) {
		if o := exifOrientation(tiff); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

func FuzzHeaders(f *testing.F) {
	shown := quadrants(8, 6)
	for _, src := range sources(f, shown, 6) {
		f.Add(src)
	}
	f.Add(animatedGIF(f, 8, 8, 2))
	f.Add([]byte(`<svg width="10" viewBox="0 0 4 2"/>`))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, o := range []int{jpegOrientation(src), pngOrientation(src), webpHeader(src).orientation} {
			if o < 1 || o > 8 {
				t.Fatalf("orientation %d", o)
			}
		}
		if n := gifFrames(src, 1000); n < 0 || n > 1000 {
			t.Fatalf("%d frames", n)
		}
		info, err := readConfig(src)
		if err == nil && (info.Width <= 0 || info.Height <= 0) {
			t.Fatalf("Config = %+v without an error", info)
		}
	})
}

// FuzzProcess runs whole files through the pipeline, small ones only: the
// decoders are the standard library's, but the planes, the resampler and
// the orientation are ours and meet every odd size here.
func FuzzProcess(f *testing.F) {
	for o := 1; o <= 8; o++ {
		for _, src := range sources(f, quadrants(5, 3), o) {
			f.Add(src, uint8(2), uint8(1))
		}
	}
	f.Add(animatedGIF(f, 7, 5, 3), uint8(3), uint8(2))
	p, err := New(Options{MaxPixels: 1 << 14, Widths: []int{1, 3}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte, w, h uint8) {
		for _, spec := range []Spec{
			{Op: Resize, Width: int(w)},
			{Op: Fill, Width: int(w) + 1, Height: int(h) + 1, Format: PNG},
			{Op: Fit, Width: int(w) + 1, Height: int(h) + 1, Format: GIF},
		} {
			img, err := p.Process(context.Background(), "f", src, spec)
			if err != nil {
				continue
			}
			if img.Width < 1 || img.Height < 1 || len(img.Data) == 0 {
				t.Fatalf("%+v gave %d×%d, %d bytes", spec, img.Width, img.Height, len(img.Data))
			}
		}
	})
}
