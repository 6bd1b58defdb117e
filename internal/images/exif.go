package images

import (
	"bytes"
	"encoding/binary"
	"slices"

	"github.com/drammen-works/works/internal/msg"
)

// The parsers here read only what the pipeline needs from a file's
// metadata: the EXIF orientation, and whether there is metadata at all.
// They never decode pixels, never allocate in proportion to the input and
// treat anything malformed as "nothing there": a broken EXIF block must not
// stop a build, because the pixels are still fine and the block is dropped
// from the output anyway.
//
// One walker per container (JPEG segments, PNG and WebP chunks, a TIFF
// directory) serves every question asked of it.

var exifPrefix = []byte("Exif\x00\x00")

// jpegSegments calls yield with each marker segment of a JPEG up to the
// first start-of-scan, until yield returns false.
func jpegSegments(src []byte, yield func(marker byte, body []byte) bool) {
	if len(src) < 4 || src[0] != 0xFF || src[1] != 0xD8 {
		return
	}
	for i := 2; i+4 <= len(src); {
		if src[i] != 0xFF {
			return
		}
		marker := src[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // start of scan, end of image
			return
		}
		n := int(src[i+2])<<8 | int(src[i+3])
		if n < 2 || i+2+n > len(src) {
			return
		}
		if !yield(marker, src[i+4:i+2+n]) {
			return
		}
		i += 2 + n
	}
}

// pngChunks calls yield with each chunk of a PNG up to its end, until
// yield returns false.
func pngChunks(src []byte, yield func(typ string, data []byte) bool) {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(src) < len(sig) || string(src[:len(sig)]) != sig {
		return
	}
	for i := len(sig); i+8 <= len(src); {
		n := int64(binary.BigEndian.Uint32(src[i:]))
		typ := string(src[i+4 : i+8])
		end := int64(i) + 8 + n + 4 // length, type, data, CRC
		if end > int64(len(src)) || typ == "IEND" {
			return
		}
		if !yield(typ, src[i+8:int64(i)+8+n]) {
			return
		}
		i = int(end)
	}
}

// webpChunks calls yield with each chunk of a WebP file's RIFF container,
// until yield returns false.
func webpChunks(src []byte, yield func(typ string, data []byte) bool) {
	if len(src) < 12 || string(src[:4]) != "RIFF" || string(src[8:12]) != "WEBP" {
		return
	}
	riffEnd := min(int64(binary.LittleEndian.Uint32(src[4:]))+8, int64(len(src)))
	for i := int64(12); i+8 <= riffEnd; {
		typ := string(src[i : i+4])
		n := int64(binary.LittleEndian.Uint32(src[i+4:]))
		if i+8+n > riffEnd {
			return
		}
		if !yield(typ, src[i+8:i+8+n]) {
			return
		}
		i += 8 + n + n&1 // chunks are padded to an even length
	}
}

// tiffEntries calls yield with the 12-byte entries of the first directory
// (IFD0) of a TIFF structure — a TIFF file, or an EXIF block after its
// "Exif\0\0" prefix — until yield returns false.
func tiffEntries(tiff []byte, yield func(order binary.ByteOrder, entry []byte) bool) {
	if len(tiff) < 8 {
		return
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return
	}
	if order.Uint16(tiff[2:]) != 42 {
		return
	}
	ifd := int64(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > int64(len(tiff)) {
		return
	}
	n := int64(order.Uint16(tiff[ifd:]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(tiff)) || !yield(order, tiff[e:e+12]) {
			return
		}
	}
}

// exifOrientation returns the Orientation tag (0x0112) of IFD0 in a TIFF
// structure, or 1 when there is none or it is out of range.
func exifOrientation(tiff []byte) int {
	orientation := 1
	tiffEntries(tiff, func(order binary.ByteOrder, entry []byte) bool {
		if order.Uint16(entry) != 0x0112 {
			return true
		}
		// Type SHORT (3), count 1: the value sits in the first two bytes of
		// the value field. Some writers use LONG (4); accept that too.
		var v uint32
		switch typ, count := order.Uint16(entry[2:]), order.Uint32(entry[4:]); {
		case typ == 3 && count >= 1:
			v = uint32(order.Uint16(entry[8:]))
		case typ == 4 && count >= 1:
			v = order.Uint32(entry[8:])
		}
		if v >= 1 && v <= 8 {
			orientation = int(v)
		}
		return false
	})
	return orientation
}

// jpegOrientation returns the orientation of a JPEG's first EXIF APP1
// segment.
func jpegOrientation(src []byte) int {
	orientation := 1
	jpegSegments(src, func(marker byte, body []byte) bool {
		if marker == 0xE1 && bytes.HasPrefix(body, exifPrefix) {
			orientation = exifOrientation(body[len(exifPrefix):])
			return false
		}
		return true
	})
	return orientation
}

// pngOrientation returns the orientation in a PNG's eXIf chunk, which the
// specification puts before the image data.
func pngOrientation(src []byte) int {
	orientation := 1
	pngChunks(src, func(typ string, data []byte) bool {
		switch typ {
		case "IDAT":
			return false
		case "eXIf":
			// Some writers wrongly keep the JPEG-style prefix.
			orientation = exifOrientation(bytes.TrimPrefix(data, exifPrefix))
			return false
		}
		return true
	})
	return orientation
}

// webpInfo is what the RIFF container of a WebP file says before any
// pixels are decoded.
type webpInfo struct {
	animated      bool
	orientation   int
	width, height int // the canvas, from the VP8X chunk; 0 without one
}

// webpHeader walks the chunks of a WebP file for the VP8X flags and an EXIF
// chunk, which in an extended file comes after the image data.
func webpHeader(src []byte) webpInfo {
	info := webpInfo{orientation: 1}
	webpChunks(src, func(typ string, data []byte) bool {
		switch typ {
		case "VP8X":
			if len(data) >= 10 {
				info.animated = data[0]&(1<<1) != 0
				info.width = 1 + (int(data[4]) | int(data[5])<<8 | int(data[6])<<16)
				info.height = 1 + (int(data[7]) | int(data[8])<<8 | int(data[9])<<16)
			}
		case "EXIF":
			info.orientation = exifOrientation(bytes.TrimPrefix(data, exifPrefix))
			return false
		}
		return true
	})
	return info
}

// Metadata says in plain words what camera data a picture file carries, or
// nothing when it carries none: EXIF (the camera, the moment and often the
// place a photo was taken), XMP or IPTC. It reads JPEG, PNG, WebP, GIF and
// TIFF files; for others it says nothing.
func Metadata(src []byte) msg.Text {
	var found []msg.Text
	switch {
	case bytes.HasPrefix(src, []byte("\xFF\xD8\xFF")):
		jpegSegments(src, func(marker byte, body []byte) bool {
			switch {
			case marker == 0xE1 && bytes.HasPrefix(body, exifPrefix):
				found = append(found, exifKind(body[len(exifPrefix):]))
			case marker == 0xE1 && bytes.HasPrefix(body, []byte("http://ns.adobe.com/xap/1.0/")):
				found = append(found, msg.T("XMP"))
			case marker == 0xED && bytes.HasPrefix(body, []byte("Photoshop 3.0")):
				found = append(found, msg.T("IPTC"))
			}
			return true
		})
	case bytes.HasPrefix(src, []byte("\x89PNG")):
		pngChunks(src, func(typ string, data []byte) bool {
			switch {
			case typ == "eXIf":
				found = append(found, exifKind(bytes.TrimPrefix(data, exifPrefix)))
			case typ != "iTXt" && typ != "tEXt" && typ != "zTXt":
			case bytes.HasPrefix(data, []byte("XML:com.adobe.xmp\x00")):
				found = append(found, msg.T("XMP"))
			case bytes.HasPrefix(data, []byte("Raw profile type exif\x00")), bytes.HasPrefix(data, []byte("Raw profile type APP1\x00")):
				found = append(found, msg.T("EXIF camera data"))
			case bytes.HasPrefix(data, []byte("Raw profile type iptc\x00")):
				found = append(found, msg.T("IPTC"))
			}
			return true
		})
	case len(src) >= 12 && string(src[:4]) == "RIFF":
		webpChunks(src, func(typ string, data []byte) bool {
			switch typ {
			case "EXIF":
				found = append(found, exifKind(bytes.TrimPrefix(data, exifPrefix)))
			case "XMP ":
				found = append(found, msg.T("XMP"))
			}
			return true
		})
	case bytes.HasPrefix(src, []byte("GIF8")):
		if bytes.Contains(src, []byte("XMP DataXMP")) {
			found = append(found, msg.T("XMP"))
		}
	case bytes.HasPrefix(src, []byte("II")), bytes.HasPrefix(src, []byte("MM")):
		if k := exifKind(src); !k.IsZero() {
			found = append(found, k)
		}
	}
	found = slices.DeleteFunc(found, msg.Text.IsZero) // an EXIF block that is no TIFF structure
	if len(found) == 0 {
		return msg.Text{}
	}
	return andList(found)
}

// andList joins texts as a sentence does: "a, b and c".
func andList(texts []msg.Text) msg.Text {
	switch len(texts) {
	case 1:
		return texts[0]
	case 2:
		return msg.T("%s and %s", texts[0], texts[1])
	}
	return msg.T("%s, %s", texts[0], andList(texts[1:]))
}

// exifKind names an EXIF block (a TIFF structure) by whether it holds a GPS
// position (tag 0x8825 in IFD0 points to one); nothing when it is no TIFF
// structure at all.
func exifKind(tiff []byte) msg.Text {
	entries, gps := 0, false
	tiffEntries(tiff, func(order binary.ByteOrder, entry []byte) bool {
		entries++
		gps = order.Uint16(entry) == 0x8825
		return !gps
	})
	switch {
	case gps:
		return msg.T("EXIF camera data with the place the photo was taken (GPS)")
	case entries > 0 || len(tiff) > 0:
		return msg.T("EXIF camera data")
	}
	return msg.Text{}
}

// gifFrames counts the image descriptors of a GIF up to limit, walking its
// blocks without decompressing anything.
func gifFrames(src []byte, limit int) int {
	if len(src) < 13 || (string(src[:6]) != "GIF87a" && string(src[:6]) != "GIF89a") {
		return 0
	}
	i := 13
	if flags := src[10]; flags&0x80 != 0 {
		i += 3 << (flags&7 + 1) // global colour table
	}
	// skip passes over a run of data sub-blocks and its terminator.
	skip := func(i int) int {
		for i < len(src) {
			n := int(src[i])
			i++
			if n == 0 {
				return i
			}
			i += n
		}
		return len(src)
	}
	frames := 0
	for i < len(src) && frames < limit {
		switch src[i] {
		case 0x21: // extension: introducer, label, sub-blocks
			i = skip(i + 2)
		case 0x2C: // image descriptor
			frames++
			if i+10 > len(src) {
				return frames
			}
			flags := src[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1) // local colour table
			}
			i = skip(i + 1) // LZW minimum code size, then the data
		default: // trailer, or something broken: stop counting
			return frames
		}
	}
	return frames
}
