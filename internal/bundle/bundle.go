// Package bundle decides what becomes of a file that a writer puts next to
// a page, and of a site's static files: from the file's bytes, never from
// its name alone. A phone saves photos as .heic, tools save JPEGs as .jfif
// or with no extension at all, and an .svg can carry a script; what a file
// is decides whether it is published as it is, processed, or refused.
//
// Camera data in a picture is found by images.Metadata.
//
// The package reads nothing itself: callers give it a file's first bytes
// (Head of them at least) or, for drawings and pages, the whole file.
package bundle

import (
	"bytes"
	"encoding/binary"
	"path"
	"strings"

	"github.com/drammen-works/works/internal/images"
)

// Head is how many bytes of a file Classify needs to see.
const Head = 4096

// Kind is what a file is, for publishing.
type Kind int

const (
	// Other files (PDFs, videos, fonts, text) are published as they are.
	Other Kind = iota
	// Source is a Markdown file: the text of a page or a draft, never
	// published as it is.
	Source
	// Photo is a raster image works processes (JPEG, PNG, GIF, WebP): only
	// its processed variants, without metadata, are published.
	Photo
	// Drawing is an SVG: published as it is once it is safe (CheckSVG).
	Drawing
	// Markup is HTML, XHTML or XML: a page of its own on the site's
	// address, which could run script there.
	Markup
	// Unprocessable is an image in a format works cannot read or clean
	// (HEIC, AVIF, TIFF, BMP, …): refused, as it would be published with
	// its camera data and GPS position.
	Unprocessable
)

// Class is what Classify found.
type Class struct {
	Kind Kind
	// Format names the format in plain words: "JPEG", "HEIC", "SVG",
	// "HTML"; "" for Other and Source.
	Format string
}

// Classify tells what the file name is from its first bytes head (at least
// Head bytes, or the whole file when it is shorter).
func Classify(name string, head []byte) Class {
	ext := strings.ToLower(path.Ext(name))
	if ext == ".md" || ext == ".markdown" {
		return Class{Kind: Source}
	}
	if f := raster(head); f != "" {
		return Class{Kind: Photo, Format: f}
	}
	if f := unprocessable(head); f != "" {
		return Class{Kind: Unprocessable, Format: f}
	}
	switch ext {
	case ".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp", ".jxl", ".psd", ".dng", ".cr2", ".nef", ".arw":
		// A name that promises a photo the bytes do not confirm: still not
		// something to publish as it is.
		return Class{Kind: Unprocessable, Format: strings.ToUpper(ext[1:])}
	case ".svg", ".svgz":
		return Class{Kind: Drawing, Format: "SVG"}
	case ".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt":
		return Class{Kind: Markup, Format: strings.ToUpper(ext[1:])}
	}
	switch markup(head) {
	case "svg":
		return Class{Kind: Drawing, Format: "SVG"}
	case "html":
		return Class{Kind: Markup, Format: "HTML"}
	case "xml":
		return Class{Kind: Markup, Format: "XML"}
	}
	return Class{Kind: Other}
}

// raster names the raster formats works processes, from their signatures.
func raster(b []byte) string {
	switch images.Sniff(b) {
	case images.JPEG:
		return "JPEG"
	case images.PNG:
		return "PNG"
	case images.GIF:
		return "GIF"
	case images.WebP:
		return "WebP"
	}
	return ""
}

// unprocessable names the image formats works cannot clean, from their
// signatures.
func unprocessable(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")),
		bytes.HasPrefix(b, []byte("II+\x00")), bytes.HasPrefix(b, []byte("MM\x00+")):
		return "TIFF" // camera raw files (DNG, CR2, NEF, ARW) are TIFFs too
	case isBMP(b):
		return "BMP"
	case bytes.HasPrefix(b, []byte("8BPS")):
		return "PSD"
	case bytes.HasPrefix(b, []byte("\xFF\x0A")), bytes.HasPrefix(b, []byte("\x00\x00\x00\x0CJXL \r\n\x87\n")):
		return "JPEG XL"
	}
	// ISO base media files: an ftyp box whose brand says which.
	if len(b) >= 12 && string(b[4:8]) == "ftyp" {
		n := int(binary.BigEndian.Uint32(b))
		brands := []string{string(b[8:12])}
		for i := 16; i+4 <= min(n, len(b)); i += 4 {
			brands = append(brands, string(b[i:i+4]))
		}
		for _, br := range brands {
			switch br {
			case "avif", "avis":
				return "AVIF"
			case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
				return "HEIC"
			}
		}
	}
	return ""
}

// isBMP checks more than the two letters "BM", which a text file may
// start with: the reserved bytes are zero and the header size is one of
// the sizes the format has had.
func isBMP(b []byte) bool {
	if len(b) < 18 || string(b[:2]) != "BM" || binary.LittleEndian.Uint32(b[6:]) != 0 {
		return false
	}
	switch binary.LittleEndian.Uint32(b[14:]) {
	case 12, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// markup tells an SVG, an HTML page and other XML apart by their first
// element, for files whose name does not say.
func markup(b []byte) string {
	s := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(s) == 0 || s[0] != '<' {
		return ""
	}
	lower := bytes.ToLower(s[:min(len(s), 512)])
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<head")), bytes.HasPrefix(lower, []byte("<body")),
		bytes.HasPrefix(lower, []byte("<script")), bytes.HasPrefix(lower, []byte("<iframe")):
		return "html"
	case bytes.HasPrefix(lower, []byte("<svg")):
		return "svg"
	case bytes.HasPrefix(lower, []byte("<?xml")), bytes.HasPrefix(lower, []byte("<!doctype")):
		// The first element decides.
		i := 1
		for i < len(lower) {
			j := bytes.IndexByte(lower[i:], '<')
			if j < 0 {
				return "xml"
			}
			i += j + 1
			switch {
			case bytes.HasPrefix(lower[i:], []byte("svg")):
				return "svg"
			case bytes.HasPrefix(lower[i:], []byte("html")):
				return "html"
			case i < len(lower) && (lower[i] == '?' || lower[i] == '!'):
				continue
			default:
				return "xml"
			}
		}
		return "xml"
	}
	return ""
}
