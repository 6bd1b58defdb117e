package images

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"

	"github.com/drammen-works/works/internal/msg"
)

// Formats the pipeline reads and writes.
const (
	JPEG = "jpeg"
	PNG  = "png"
	GIF  = "gif"
	WebP = "webp"
	SVG  = "svg"
)

// Info is what a file's header says about it, read without decoding pixels.
type Info struct {
	// Width and Height are as the image is shown, with its EXIF orientation
	// applied: a portrait phone photo stored sideways reports its portrait
	// size. For SVG they come from the width and height attributes or the
	// viewBox, rounded.
	Width, Height int
	Format        string // JPEG, PNG, GIF, WebP or SVG
	// Orientation is the EXIF orientation, 1 to 8; 1 when there is none.
	Orientation int
	// Animated is true for a GIF with more than one frame and for an
	// animated WebP.
	Animated bool
}

// MediaType returns the format's media type, for a <source type>.
func MediaType(format string) string {
	switch format {
	case SVG:
		return "image/svg+xml"
	case JPEG, PNG, GIF, WebP:
		return "image/" + format
	}
	return ""
}

// Ext returns the file name extension for a format, with its dot.
func Ext(format string) string {
	if format == JPEG {
		return ".jpg"
	}
	return "." + format
}

// Sniff returns the format of src from its first bytes, or "" when it is
// none that the pipeline knows.
func Sniff(src []byte) string {
	switch {
	case bytes.HasPrefix(src, []byte("\xFF\xD8\xFF")):
		return JPEG
	case bytes.HasPrefix(src, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(src, []byte("GIF87a")), bytes.HasPrefix(src, []byte("GIF89a")):
		return GIF
	case len(src) >= 12 && string(src[:4]) == "RIFF" && string(src[8:12]) == "WEBP":
		return WebP
	case looksLikeSVG(src):
		return SVG
	}
	return ""
}

// errNotImage is wrapped by the error for a file that is no image we read.
var errNotImage = errors.New("not a JPEG, PNG, GIF, WebP or SVG image")

// readConfig reads the header of src: size, format, orientation. It
// decodes no pixels, so a build can plan every image, and find them all in
// the cache, without decoding one.
func readConfig(src []byte) (Info, error) {
	format := Sniff(src)
	info := Info{Format: format, Orientation: 1}
	var (
		cfg image.Config
		err error
	)
	r := bytes.NewReader(src)
	switch format {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(r)
		info.Orientation = jpegOrientation(src)
	case PNG:
		cfg, err = png.DecodeConfig(r)
		info.Orientation = pngOrientation(src)
	case GIF:
		cfg, err = gif.DecodeConfig(r)
		info.Animated = gifFrames(src, 2) > 1
	case WebP:
		h := webpHeader(src)
		info.Orientation, info.Animated = h.orientation, h.animated
		if h.animated {
			// x/image/webp does not read animations; the canvas size is in
			// the VP8X chunk that said it is one.
			cfg.Width, cfg.Height = h.width, h.height
		} else {
			cfg, err = webp.DecodeConfig(r)
		}
	case SVG:
		w, h, err := svgSize(src)
		if err != nil {
			return Info{}, err
		}
		info.Width, info.Height = w, h
		return info, nil
	default:
		return Info{}, errNotImage
	}
	if err != nil {
		return Info{}, fmt.Errorf("cannot read it as %s: %w", article(format), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Info{}, fmt.Errorf("cannot read it as %s: %w (it is %d×%d)", article(format), errNoPixels, cfg.Width, cfg.Height)
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	if info.Orientation >= 5 {
		info.Width, info.Height = info.Height, info.Width
	}
	return info, nil
}

// article names a format for a sentence: "a JPEG", "an SVG".
func article(format string) msg.Text {
	switch format {
	case JPEG:
		return msg.T("a JPEG")
	case PNG:
		return msg.T("a PNG")
	case GIF:
		return msg.T("a GIF")
	case WebP:
		return msg.T("a WebP")
	case SVG:
		return msg.T("an SVG")
	}
	return msg.T("an image")
}
