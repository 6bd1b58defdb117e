package images

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	"github.com/gen2brain/webp"
)

// TestFileErrors checks what a writer is told about a picture that cannot
// be read: cut off, not a picture at all, or damaged, each at the file.
func TestFileErrors(t *testing.T) {
	jpg := photo(t, 64, 48, 3, 85)
	var pngBuf, webpBuf bytes.Buffer
	if err := png.Encode(&pngBuf, quadrants(64, 48)); err != nil {
		t.Fatal(err)
	}
	if err := webp.Encode(&webpBuf, decodeAny(t, jpg), webp.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	gifData := animatedGIF(t, 64, 48, 3)
	garbled := bytes.Clone(jpg)
	for i := len(garbled) / 2; i < len(garbled)/2+40; i++ {
		garbled[i] = 0xFF
	}
	const (
		cutOffMsg = "the picture file is cut off (it ends before the picture does) (save or export it again; if it was copied or downloaded, copy or download it again)"
	)
	tests := []struct {
		name, file string // file is where the message is
		src        []byte
		want       string
	}{
		// The decoders say "unexpected EOF", "short Huffman data", "not
		// enough pixel data".
		{"JPEG cut off in its data", "hall.jpg", jpg[:len(jpg)*2/3], "hall.jpg: " + cutOffMsg},
		{"JPEG cut off in its header", "hall.jpg", jpg[:200], "hall.jpg: " + cutOffMsg},
		{"PNG cut off", "hall.png", pngBuf.Bytes()[:pngBuf.Len()-30], "hall.png: " + cutOffMsg},
		{"GIF cut off", "hall.gif", gifData[:len(gifData)/2], "hall.gif: " + cutOffMsg},
		{"WebP cut off", "hall.webp", webpBuf.Bytes()[:webpBuf.Len()/2], "hall.webp: " + cutOffMsg},

		{"JPEG damaged", "hall.jpg", garbled, "hall.jpg: the picture file is damaged: its JPEG data cannot be read (open it in an image program and export it again as JPEG; if it does not open there either, ask for the file again)"},
		{"text named .jpg", "hall.jpg", []byte("Dette er ikke et bilde.\n"),
			"hall.jpg: the file is not a JPEG picture although its name ends in .jpg: it is text (open it in an image program and export it as JPEG; if it is not a picture, give it the name it should have)"},
		{"PDF named .PNG", "logo.PNG", []byte("%PDF-1.7 a document"),
			"logo.PNG: the file is not a PNG picture although its name ends in .PNG: it is a PDF document (open it in an image program and export it as PNG; if it is not a picture, give it the name it should have)"},
		{"HEIC named .jpeg", "IMG_0001.jpeg", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 64)...),
			"IMG_0001.jpeg: the file is not a JPEG picture although its name ends in .jpeg: it is a HEIC photo (as iPhones save them) (open it in an image program and export it as JPEG; if it is not a picture, give it the name it should have)"},
		{"no pixels", "hall.gif", []byte("GIF89a\x00\x00\x0a\x00\x00\x00\x00;"),
			"hall.gif: the picture file says its picture is 0 pixels wide or high (open it in an image program and export it again as GIF)"},
		{"empty", "hall.jpg", nil, "hall.jpg: the picture file is empty (save or export it again; if it was copied or downloaded, copy or download it again)"},
		{"web page without an extension", "hall", []byte("<!DOCTYPE html><p>x"), "hall: is not a JPEG, PNG, GIF, WebP or SVG image: it is a web page (export it as JPEG for a photo, PNG for a drawing or screenshot)"},
	}
	p := newProcessor(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Responsive(context.Background(), tt.file, tt.src, []int{32})
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestCutOffWhole checks that whole pictures are not taken for cut off.
func TestCutOffWhole(t *testing.T) {
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, quadrants(16, 16)); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string][]byte{
		JPEG:             photo(t, 40, 30, 1, 80),
		PNG:              pngBuf.Bytes(),
		GIF:              animatedGIF(t, 20, 10, 2),
		WebP:             webpWithMetadata(t, quadrants(8, 8), 6),
		"jpeg with EXIF": jpegWithMetadata(t, quadrants(8, 8), 6),
	} {
		if cutOff(Sniff(src), src) {
			t.Errorf("a whole %s is taken for cut off", name)
		}
	}
}
