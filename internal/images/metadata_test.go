package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
)

func smallJPEG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tiffIFD is a little-endian TIFF header and one directory holding tag.
func tiffIFD(tag uint16) []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, tag)
	b = append(b, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0) // LONG, count 1, value 0
	return append(b, 0, 0, 0, 0)
}

// withAPP1 puts an APP1 segment with body right after a JPEG's SOI.
func withAPP1(jpg, body []byte) []byte {
	seg := []byte{0xFF, 0xE1, byte((len(body) + 2) >> 8), byte(len(body) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, body...)
	return append(out, jpg[2:]...)
}

func TestMetadata(t *testing.T) {
	jpg := smallJPEG(t)
	gps := withAPP1(jpg, append([]byte("Exif\x00\x00"), tiffIFD(0x8825)...))
	camera := withAPP1(jpg, append([]byte("Exif\x00\x00"), tiffIFD(0x010F)...))
	xmp := withAPP1(jpg, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"))
	var clean bytes.Buffer
	png.Encode(&clean, image.NewGray(image.Rect(0, 0, 2, 2)))
	p := clean.Bytes()
	exifChunk := append(binary.BigEndian.AppendUint32(nil, uint32(len(tiffIFD(0x8825)))), "eXIf"...)
	exifChunk = append(append(exifChunk, tiffIFD(0x8825)...), 0, 0, 0, 0)
	pngGPS := append(append(append([]byte{}, p[:33]...), exifChunk...), p[33:]...)
	tests := []struct {
		name string
		src  []byte
		want string
	}{
		{"clean JPEG", jpg, ""},
		{"JPEG with GPS", gps, "EXIF camera data with the place the photo was taken (GPS)"},
		{"JPEG with camera data", camera, "EXIF camera data"},
		{"JPEG with XMP and GPS", withAPP1(gps, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>")), "XMP and EXIF camera data with the place the photo was taken (GPS)"},
		{"JPEG with XMP", xmp, "XMP"},
		{"clean PNG", p, ""},
		{"PNG with eXIf", pngGPS, "EXIF camera data with the place the photo was taken (GPS)"},
		{"TIFF", tiffIFD(0x8825), "EXIF camera data with the place the photo was taken (GPS)"},
		{"text", []byte("hei"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Metadata(tt.src).String(); got != tt.want {
				t.Errorf("Metadata = %q, want %q", got, tt.want)
			}
		})
	}
}
