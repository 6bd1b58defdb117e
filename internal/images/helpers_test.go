package images

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/gen2brain/webp"
)

// Test images are made here, in code, so that every property a test checks
// (which corner is red, which metadata is there) is visible in the test.

// Corner colours of the shown image: red top left, green top right, blue
// bottom left, white bottom right.
var (
	red   = color.RGBA{230, 20, 20, 255}
	green = color.RGBA{20, 200, 20, 255}
	blue  = color.RGBA{20, 20, 230, 255}
	white = color.RGBA{250, 250, 250, 255}
)

// quadrants returns a w×h image of four coloured quadrants.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = white
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// stored returns the pixels a camera would store for the shown image m
// with EXIF orientation o, following the wording of the EXIF standard
// ("the 0th row represents the visual right-hand side…") rather than the
// package's own mapping, so that the two check each other.
func stored(m *image.RGBA, o int) *image.RGBA {
	W, H := m.Rect.Dx(), m.Rect.Dy()
	rw, rh := W, H
	if o >= 5 {
		rw, rh = H, W
	}
	r := image.NewRGBA(image.Rect(0, 0, rw, rh))
	for row := range rh {
		for col := range rw {
			var x, y int // where stored (col, row) is shown
			switch o {
			case 1: // 0th row at the top, 0th column at the left
				x, y = col, row
			case 2: // top, right
				x, y = W-1-col, row
			case 3: // bottom, right
				x, y = W-1-col, H-1-row
			case 4: // bottom, left
				x, y = col, H-1-row
			case 5: // 0th row is the left side, 0th column the top
				x, y = row, col
			case 6: // 0th row is the right side, 0th column the top
				x, y = W-1-row, col
			case 7: // 0th row is the right side, 0th column the bottom
				x, y = W-1-row, H-1-col
			case 8: // 0th row is the left side, 0th column the bottom
				x, y = row, H-1-col
			}
			r.SetRGBA(col, row, m.RGBAAt(x, y))
		}
	}
	return r
}

// exifTIFF builds the TIFF body of an EXIF block: IFD0 with Make,
// Orientation (when o > 0) and a pointer to a GPS IFD with a position.
func exifTIFF(order binary.ByteOrder, o int) []byte {
	var b bytes.Buffer
	put16 := func(v uint16) { _ = binary.Write(&b, order, v) }
	put32 := func(v uint32) { _ = binary.Write(&b, order, v) }
	if order == binary.LittleEndian {
		b.WriteString("II")
	} else {
		b.WriteString("MM")
	}
	put16(42)
	put32(8) // IFD0 right after the header
	// IFD0: 3 entries, then the next-IFD offset, then the data it points to.
	const ifd0 = 8
	const entries = 3
	makeAt := uint32(ifd0 + 2 + entries*12 + 4)
	makeStr := "WorksTestCam\x00"
	gpsAt := makeAt + uint32(len(makeStr))
	put16(entries)
	put16(0x010F) // Make, ASCII
	put16(2)
	put32(uint32(len(makeStr)))
	put32(makeAt)
	put16(0x0112) // Orientation, SHORT
	put16(3)
	put32(1)
	put16(uint16(max(o, 0)))
	put16(0)
	put16(0x8825) // GPS IFD pointer, LONG
	put16(4)
	put32(1)
	put32(gpsAt)
	put32(0) // no IFD1
	b.WriteString(makeStr)
	// GPS IFD: latitude ref and latitude (59° 44' 37.2" N, Drammen).
	latAt := gpsAt + 2 + 2*12 + 4
	put16(2)
	put16(0x0001) // GPSLatitudeRef, ASCII "N\0"
	put16(2)
	put32(2)
	b.WriteString("N\x00\x00\x00")
	put16(0x0002) // GPSLatitude, 3 RATIONALs
	put16(5)
	put32(3)
	put32(latAt)
	put32(0)
	for _, r := range [][2]uint32{{59, 1}, {44, 1}, {372, 10}} {
		put32(r[0])
		put32(r[1])
	}
	tiff := b.Bytes()
	if o == 0 { // no orientation: rename the tag to one nobody reads
		i := bytes.Index(tiff, orderBytes(order, 0x0112))
		copy(tiff[i:], orderBytes(order, 0x0131))
	}
	return tiff
}

func orderBytes(order binary.ByteOrder, v uint16) []byte {
	b := make([]byte, 2)
	order.PutUint16(b, v)
	return b
}

const xmpPacket = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="59,44.62N"/></rdf:RDF></x:xmpmeta>`

// jpegWithMetadata encodes m as a JPEG and puts after its SOI an EXIF APP1
// with orientation o and GPS, an XMP APP1, an ICC APP2, an IPTC APP13 and a
// comment.
func jpegWithMetadata(t testing.TB, m image.Image, o int) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	segment := func(marker byte, body []byte) []byte {
		return append([]byte{0xFF, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
	}
	var out bytes.Buffer
	out.Write(enc.Bytes()[:2])
	out.Write(segment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00"+xmpPacket)))
	out.Write(segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(binary.BigEndian, o)...)))
	out.Write(segment(0xE2, []byte("ICC_PROFILE\x00\x01\x01fake-profile")))
	out.Write(segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0cWorksTestCam")))
	out.Write(segment(0xFE, []byte("a comment by WorksTestCam")))
	out.Write(enc.Bytes()[2:])
	return out.Bytes()
}

// pngWithMetadata encodes m as a PNG with eXIf (orientation o, GPS), an
// iTXt XMP chunk and a tEXt chunk after its IHDR.
func pngWithMetadata(t testing.TB, m image.Image, o int) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := png.Encode(&enc, m); err != nil {
		t.Fatal(err)
	}
	chunk := func(typ string, data []byte) []byte {
		var c bytes.Buffer
		_ = binary.Write(&c, binary.BigEndian, uint32(len(data)))
		c.WriteString(typ)
		c.Write(data)
		_ = binary.Write(&c, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
		return c.Bytes()
	}
	b := enc.Bytes()
	const ihdrEnd = 8 + 8 + 13 + 4
	var out bytes.Buffer
	out.Write(b[:ihdrEnd])
	out.Write(chunk("eXIf", exifTIFF(binary.LittleEndian, o)))
	out.Write(chunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+xmpPacket)))
	out.Write(chunk("tEXt", []byte("Author\x00WorksTestCam")))
	out.Write(b[ihdrEnd:])
	return out.Bytes()
}

// webpWithMetadata encodes m as a lossy WebP and wraps it in an extended
// (VP8X) container with EXIF (orientation o, GPS) and XMP chunks.
func webpWithMetadata(t testing.TB, m image.Image, o int) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := webp.Encode(&enc, m, webp.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	b := enc.Bytes()
	if string(b[12:16]) != "VP8 " {
		t.Fatalf("expected a simple lossy WebP, got chunk %q", b[12:16])
	}
	chunk := func(typ string, data []byte) []byte {
		c := append([]byte(typ), 0, 0, 0, 0)
		binary.LittleEndian.PutUint32(c[4:], uint32(len(data)))
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	vp8x := make([]byte, 10)
	vp8x[0] = 1<<3 | 1<<2 // EXIF and XMP
	vp8x[4], vp8x[5], vp8x[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	vp8x[7], vp8x[8], vp8x[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	var body bytes.Buffer
	body.WriteString("WEBP")
	body.Write(chunk("VP8X", vp8x))
	body.Write(b[12:]) // the VP8 chunk as encoded
	body.Write(chunk("EXIF", exifTIFF(binary.LittleEndian, o)))
	body.Write(chunk("XMP ", []byte(xmpPacket)))
	out := append([]byte("RIFF\x00\x00\x00\x00"), body.Bytes()...)
	binary.LittleEndian.PutUint32(out[4:], uint32(body.Len()))
	return out
}

// photo is a w×h gradient with grain, encoded as a JPEG: it compresses and
// resamples roughly like a photograph.
func photo(t testing.TB, w, h int, seed uint64, quality int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 7))
	phase := int(seed * 37)
	for y := range h {
		row := m.Pix[y*m.Stride:]
		for x := range w {
			n := uint8(r.IntN(20))
			row[4*x+0] = uint8((x+phase)*200/w%200) + n
			row[4*x+1] = uint8(y*190/h) + n
			row[4*x+2] = uint8((x+y)*120/(w+h)) + 40 + n
			row[4*x+3] = 255
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// animatedGIF makes frames frames of w×h, each a different colour square on
// a transparent background, 10/100 s apart.
func animatedGIF(t testing.TB, w, h, frames int) []byte {
	t.Helper()
	pal := color.Palette{color.RGBA{}, red, green, blue, white}
	g := &gif.GIF{LoopCount: 0}
	for i := range frames {
		f := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for y := h / 4; y < 3*h/4; y++ {
			for x := w / 4; x < 3*w/4; x++ {
				f.SetColorIndex(x, y, uint8(1+i%4))
			}
		}
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10)
		g.Disposal = append(g.Disposal, gif.DisposalBackground)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// near reports whether two colours are within tol on every channel.
func near(a, b color.Color, tol int) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	d := func(x, y uint32) bool { return abs(int(x>>8)-int(y>>8)) <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb) && d(aa, ba)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// decodeAny decodes an output of any format.
func decodeAny(t testing.TB, data []byte) image.Image {
	t.Helper()
	var (
		m   image.Image
		err error
	)
	switch Sniff(data) {
	case JPEG:
		m, err = jpeg.Decode(bytes.NewReader(data))
	case PNG:
		m, err = png.Decode(bytes.NewReader(data))
	case GIF:
		m, err = gif.Decode(bytes.NewReader(data))
	case WebP:
		m, err = webp.Decode(bytes.NewReader(data)) // libwebp: the reference decoder
	default:
		t.Fatalf("output is no image (starts %q)", data[:min(8, len(data))])
	}
	if err != nil {
		t.Fatalf("decode output: %v", err)
	}
	return m
}

// metadataIn lists the metadata an output carries, by container: JPEG
// segments other than the ones an encoder needs, WebP chunks other than
// image data, PNG chunks other than image data; and, in any format, the
// telltale strings of the test's metadata.
func metadataIn(data []byte) []string {
	var found []string
	switch Sniff(data) {
	case JPEG:
		for i := 2; i+4 <= len(data) && data[i] == 0xFF && data[i+1] != 0xDA; {
			if m := data[i+1]; m >= 0xE0 && m <= 0xEF || m == 0xFE {
				found = append(found, "JPEG segment "+markerName(m))
			}
			i += 2 + (int(data[i+2])<<8 | int(data[i+3]))
		}
	case WebP:
		for i := 12; i+8 <= len(data); {
			typ := string(data[i : i+4])
			n := int(binary.LittleEndian.Uint32(data[i+4:]))
			switch typ {
			case "VP8 ", "VP8L", "VP8X", "ALPH":
			default:
				found = append(found, "WebP chunk "+typ)
			}
			i += 8 + n + n&1
		}
	case PNG:
		for i := 8; i+8 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[i:]))
			typ := string(data[i+4 : i+8])
			switch typ {
			case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
			default:
				found = append(found, "PNG chunk "+typ)
			}
			i += 12 + n
		}
	}
	for _, s := range []string{"Exif", "WorksTestCam", "xmpmeta", "ICC_PROFILE", "8BIM", "GPS"} {
		if bytes.Contains(data, []byte(s)) {
			found = append(found, "the text "+s)
		}
	}
	return found
}

func markerName(m byte) string {
	if m == 0xFE {
		return "COM"
	}
	return fmt.Sprintf("APP%d", m-0xE0)
}
