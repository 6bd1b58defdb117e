package images

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"testing"

	"github.com/gen2brain/webp"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
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

// TestFileErrorsInNorwegian shows what a Norwegian writer reads about a
// picture works cannot use: the words of the picture, not of the decoder.
func TestFileErrorsInNorwegian(t *testing.T) {
	jpg := photo(t, 64, 48, 3, 85)
	garbled := bytes.Clone(jpg)
	for i := len(garbled) / 2; i < len(garbled)/2+40; i++ {
		garbled[i] = 0xFF
	}
	heic := append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 64)...)
	tests := []struct {
		name, file string
		src        []byte
		want       string
	}{
		{"damaged", "hall.jpg", garbled,
			"hall.jpg: bildefilen er skadet: JPEG-dataene i den kan ikke leses (åpne bildet i et bildeprogram og eksporter det på nytt som JPEG; åpner det seg ikke der heller, be om å få filen på nytt)"},
		{"cut off", "hall.jpg", jpg[:len(jpg)/2],
			"hall.jpg: bildefilen er avkuttet (den slutter før bildet gjør det) (lagre eller eksporter bildet på nytt; ble det kopiert eller lastet ned, kopier eller last det ned på nytt)"},
		{"a HEIC photo named .jpeg", "IMG_0001.jpeg", heic,
			"IMG_0001.jpeg: filen er ikke en JPEG-fil, selv om navnet slutter på .jpeg: den er et HEIC-foto (slik iPhone lagrer bilder) (åpne den i et bildeprogram og eksporter den som JPEG; er den ikke et bilde, gi den navnet den skal ha)"},
		{"a HEIC photo without a picture's name", "IMG_0001", heic,
			"IMG_0001: er ikke et bilde i JPEG, PNG, GIF, WebP eller SVG: den er et HEIC-foto (slik iPhone lagrer bilder) (eksporter den som JPEG hvis det er et foto, og PNG hvis det er en tegning eller et skjermbilde)"},
	}
	p := newProcessor(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Responsive(context.Background(), tt.file, tt.src, []int{32})
			d, ok := errors.AsType[*diag.Diagnostic](err)
			if !ok {
				t.Fatalf("err = %v (%T), want a *diag.Diagnostic", err, err)
			}
			if got := d.Line(msg.Norwegian); got != tt.want {
				t.Errorf("in Norwegian:\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}
