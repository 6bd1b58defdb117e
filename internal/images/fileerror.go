package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// The decoders' own errors ("unexpected EOF", "invalid JPEG format: short
// Huffman data") say nothing to the writer who supplied the file. What a
// writer can act on is whether the file is cut off (a copy or download that
// stopped), is no picture at all, or is damaged, so that is what the
// diagnostics say, found from the file's bytes.

// errNoPixels is wrapped by the error for a picture whose size is zero.
var errNoPixels = errors.New("the picture has no pixels")

// fileError turns a failure to read the source src of the file name into
// a diagnostic with advice.
func fileError(name string, src []byte, err error) error {
	what, fix := fileFault(name, src, err)
	d := diag.New(diag.Position{File: name}, fix, what)
	d.Err = err
	return d
}

// fileFault says what is wrong with the file and how to fix it.
func fileFault(name string, src []byte, err error) (what, fix msg.Text) {
	format := Sniff(src)
	switch {
	case errors.Is(err, errNotImage):
		return notAPicture(name, src)
	case errors.Is(err, errAnimatedWebP):
		return msg.T("is an animated WebP, which cannot be resized"), msg.T("export it as an animated GIF or a video")
	case format == SVG:
		return msg.T("cannot read the size of this SVG: %v", err), msg.T(`give its <svg> element a viewBox, like viewBox="0 0 400 300"`)
	case cutOff(format, src) || errors.Is(err, io.ErrUnexpectedEOF):
		return msg.T("the picture file is cut off (it ends before the picture does)"), copyAgain
	case errors.Is(err, errNoPixels):
		return msg.T("the picture file says its picture is 0 pixels wide or high"), exportAgain(format)
	case strings.Contains(err.Error(), "unsupported"):
		return msg.T("the picture is %s written in a way works cannot read (%s)", article(format), reasonOf(err)), exportAgain(format)
	}
	return msg.T("the picture file is damaged: its %s data cannot be read", strings.ToUpper(format)),
		msg.T("%s; if it does not open there either, ask for the file again", exportAgain(format))
}

// copyAgain is the advice for a file that a copy or download left short.
var copyAgain = msg.T("save or export it again; if it was copied or downloaded, copy or download it again")

// exportAgain says how to write the file anew, in its own format.
func exportAgain(format string) msg.Text {
	if format == WebP || format == "" {
		format = JPEG
	}
	return msg.T("open it in an image program and export it again as %s", strings.ToUpper(format))
}

// reasonOf is the decoder's last words, without the format's name in
// front: "unsupported JPEG feature: luma/chroma subsampling ratio".
func reasonOf(err error) string {
	reason := err.Error()
	if i := strings.LastIndex(reason, ": "); i >= 0 && strings.Contains(reason[i:], " ") {
		reason = reason[i+2:]
	}
	for _, p := range []string{"png: ", "gif: ", "webp: "} {
		reason = strings.TrimPrefix(reason, p)
	}
	return reason
}

// notAPicture explains a file whose bytes are no picture works reads, in
// the terms of its name.
func notAPicture(name string, src []byte) (what, fix msg.Text) {
	if len(bytes.TrimSpace(src)) == 0 {
		return msg.T("the picture file is empty"), copyAgain
	}
	kind := whatIsIt(src)
	ext := strings.ToLower(path.Ext(name))
	if named := formatOfExt(ext); named != "" {
		fix = msg.T("open it in an image program and export it as %s; if it is not a picture, give it the name it should have", strings.ToUpper(named))
		if kind.IsZero() {
			return msg.T("the file is not %s picture although its name ends in %s", article(named), path.Ext(name)), fix
		}
		return msg.T("the file is not %s picture although its name ends in %s: it is %s", article(named), path.Ext(name), kind), fix
	}
	fix = msg.T("export it as JPEG for a photo, PNG for a drawing or screenshot")
	if kind.IsZero() {
		return msg.T("is not a JPEG, PNG, GIF, WebP or SVG image"), fix
	}
	return msg.T("is not a JPEG, PNG, GIF, WebP or SVG image: it is %s", kind), fix
}

// formatOfExt is the format a file name's extension promises, or "".
func formatOfExt(ext string) string {
	switch ext {
	case ".jpg", ".jpeg", ".jpe", ".jfif":
		return JPEG
	case ".png":
		return PNG
	case ".gif":
		return GIF
	case ".webp":
		return WebP
	}
	return ""
}

// whatIsIt names a few kinds of file people save under a picture's name by
// mistake, or says nothing.
func whatIsIt(src []byte) msg.Text {
	head := src[:min(len(src), 512)]
	lower := bytes.ToLower(bytes.TrimSpace(head))
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return msg.T("a PDF document")
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch brand := string(head[8:12]); brand {
		case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1":
			return msg.T("a HEIC photo (as iPhones save them)")
		case "avif", "avis":
			return msg.T("an AVIF picture")
		}
		return msg.T("a video or an HEIF file")
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return msg.T("a TIFF picture")
	case bytes.HasPrefix(head, []byte("BM")):
		return msg.T("a BMP picture")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return msg.T("a ZIP archive or an Office document")
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return msg.T("a web page")
	case utf8.Valid(head) && !bytes.ContainsAny(head, "\x00"):
		return msg.T("text")
	}
	return msg.Text{}
}

// cutOff reports whether src, of the format, ends before its picture
// does: a copy or download that stopped part of the way.
func cutOff(format string, src []byte) bool {
	switch format {
	case JPEG:
		return jpegCutOff(src)
	case PNG:
		return pngCutOff(src)
	case GIF:
		return gifCutOff(src)
	case WebP:
		return len(src) < 12 || 8+int64(binary.LittleEndian.Uint32(src[4:8])) > int64(len(src))
	}
	return false
}

// jpegCutOff follows a JPEG's segments from the start; the picture ends
// with the EOI marker.
func jpegCutOff(src []byte) bool {
	for i := 2; ; {
		for i < len(src) && src[i] == 0xFF && i+1 < len(src) && src[i+1] == 0xFF {
			i++ // fill bytes
		}
		if i+1 >= len(src) {
			return true
		}
		if src[i] != 0xFF {
			return false // damaged, not cut off
		}
		marker := src[i+1]
		switch {
		case marker == 0xD9: // end of image
			return false
		case marker >= 0xD0 && marker <= 0xD7, marker == 0x01:
			i += 2
			continue
		case marker < 0xC0:
			return false // no marker: damaged, not cut off
		}
		if i+4 > len(src) {
			return true
		}
		i += 2 + int(binary.BigEndian.Uint16(src[i+2:i+4]))
		if i > len(src) {
			return true
		}
		if marker == 0xDA { // start of scan: coded data up to the next marker
			for i < len(src) && (src[i] != 0xFF || i+1 < len(src) && (src[i+1] == 0 || src[i+1] >= 0xD0 && src[i+1] <= 0xD7)) {
				i++
			}
		}
	}
}

// pngCutOff follows a PNG's chunks; the picture ends with IEND.
func pngCutOff(src []byte) bool {
	for i := 8; ; {
		if i+8 > len(src) {
			return true
		}
		n := int64(binary.BigEndian.Uint32(src[i : i+4]))
		if string(src[i+4:i+8]) == "IEND" {
			return false
		}
		if int64(i)+12+n > int64(len(src)) {
			return true
		}
		i += 12 + int(n)
	}
}

// gifCutOff follows a GIF's blocks; the picture ends with its trailer.
func gifCutOff(src []byte) bool {
	const header = 13
	if len(src) < header {
		return true
	}
	i := header
	if flags := src[10]; flags&0x80 != 0 {
		i += 3 << (flags&7 + 1)
	}
	subBlocks := func() bool { // reports whether they end before src does
		for i < len(src) {
			n := int(src[i])
			i += 1 + n
			if n == 0 {
				return true
			}
		}
		return false
	}
	for i < len(src) {
		switch src[i] {
		case 0x3B: // trailer
			return false
		case 0x21: // extension: label, then data
			i += 2
			if !subBlocks() {
				return true
			}
		case 0x2C: // image: descriptor, colour table, code size, data
			if i+10 > len(src) {
				return true
			}
			if flags := src[i+9]; flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			i += 11
			if !subBlocks() {
				return true
			}
		default:
			return false // damaged, not cut off
		}
	}
	return true
}
