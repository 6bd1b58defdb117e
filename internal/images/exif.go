package images

import (
	"bytes"
	"encoding/binary"
)

// The parsers here read only what the pipeline needs from a file's
// metadata: the EXIF orientation. They never decode pixels, never allocate
// in proportion to the input and treat anything malformed as "no
// orientation" (1): a broken EXIF block must not stop a build, because the
// pixels are still fine and the block is dropped from the output anyway.

// exifOrientation returns the Orientation tag (0x0112) of IFD0 in a TIFF
// structure, the body of an EXIF block after its "Exif\0\0" prefix, or 1 when
// there is none or it is out of range.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(tiff[2:]) != 42 {
		return 1
	}
	ifd := int64(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > int64(len(tiff)) {
		return 1
	}
	n := int64(order.Uint16(tiff[ifd:]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(tiff)) {
			return 1
		}
		entry := tiff[e : e+12]
		if order.Uint16(entry) != 0x0112 {
			continue
		}
		// Type SHORT (3), count 1: the value sits in the first two bytes of
		// the value field. Some writers use LONG (4); accept that too.
		var v uint32
		switch typ, count := order.Uint16(entry[2:]), order.Uint32(entry[4:]); {
		case typ == 3 && count >= 1:
			v = uint32(order.Uint16(entry[8:]))
		case typ == 4 && count >= 1:
			v = order.Uint32(entry[8:])
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}

var exifPrefix = []byte("Exif\x00\x00")

// jpegOrientation walks a JPEG's marker segments up to the first
// start-of-scan and returns the orientation of its first EXIF APP1 segment.
func jpegOrientation(src []byte) int {
	if len(src) < 4 || src[0] != 0xFF || src[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(src); {
		if src[i] != 0xFF {
			return 1
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
			return 1
		}
		n := int(src[i+2])<<8 | int(src[i+3])
		if n < 2 || i+2+n > len(src) {
			return 1
		}
		body := src[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(body, exifPrefix) {
			return exifOrientation(body[len(exifPrefix):])
		}
		i += 2 + n
	}
	return 1
}

// pngOrientation returns the orientation in a PNG's eXIf chunk, which the
// specification puts before the image data.
func pngOrientation(src []byte) int {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(src) < len(sig) || string(src[:len(sig)]) != sig {
		return 1
	}
	for i := len(sig); i+8 <= len(src); {
		n := int64(binary.BigEndian.Uint32(src[i:]))
		typ := string(src[i+4 : i+8])
		end := int64(i) + 8 + n + 4 // length, type, data, CRC
		if end > int64(len(src)) {
			return 1
		}
		switch typ {
		case "eXIf":
			data := src[i+8 : int64(i)+8+n]
			// Some writers wrongly keep the JPEG-style prefix.
			return exifOrientation(bytes.TrimPrefix(data, exifPrefix))
		case "IDAT", "IEND":
			return 1
		}
		i = int(end)
	}
	return 1
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
	if len(src) < 12 || string(src[:4]) != "RIFF" || string(src[8:12]) != "WEBP" {
		return info
	}
	riffEnd := min(int64(binary.LittleEndian.Uint32(src[4:]))+8, int64(len(src)))
	for i := int64(12); i+8 <= riffEnd; {
		typ := string(src[i : i+4])
		n := int64(binary.LittleEndian.Uint32(src[i+4:]))
		if i+8+n > riffEnd {
			return info
		}
		data := src[i+8 : i+8+n]
		switch typ {
		case "VP8X":
			if len(data) >= 10 {
				info.animated = data[0]&(1<<1) != 0
				info.width = 1 + (int(data[4]) | int(data[5])<<8 | int(data[6])<<16)
				info.height = 1 + (int(data[7]) | int(data[8])<<8 | int(data[9])<<16)
			}
		case "EXIF":
			info.orientation = exifOrientation(bytes.TrimPrefix(data, exifPrefix))
			return info
		}
		i += 8 + n + n&1 // chunks are padded to an even length
	}
	return info
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
