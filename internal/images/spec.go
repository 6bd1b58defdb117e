package images

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Op is what a Spec does to the image's shape.
type Op string

const (
	// Resize scales to Width and Height; with one of them 0 it follows the
	// image's aspect ratio.
	Resize Op = "resize"
	// Fit scales to fit inside Width×Height, keeping the aspect ratio.
	Fit Op = "fit"
	// Fill scales and crops to exactly Width×Height, keeping the part at
	// Anchor.
	Fill Op = "fill"
)

// Spec says what image to make from a source. Sizes are in pixels of the
// image as shown (EXIF orientation applied). No side is ever made larger
// than the source's: a request beyond it gets the largest image of the
// requested shape that the source has.
type Spec struct {
	Op            Op
	Width, Height int
	Format        string // JPEG, PNG, GIF or WebP; "" keeps the source's
	Quality       int    // JPEG and WebP quality, 1–100; 0 means Options.Quality
	Anchor        string // for Fill: which part to keep; "" means "center"
}

// anchors name the part of the image Fill keeps, as fractions of the room
// left over on each axis.
var anchors = map[string][2]float64{
	"center": {0.5, 0.5}, "top": {0.5, 0}, "bottom": {0.5, 1}, "left": {0, 0.5}, "right": {1, 0.5},
	"topleft": {0, 0}, "topright": {1, 0}, "bottomleft": {0, 1}, "bottomright": {1, 1},
}

// ParseSpec reads a processing string as templates write it, Hugo-style:
// a size ("800x", "x600", "1200x630"), and optionally a format ("webp",
// "jpg", "png", "gif"), a quality ("q75") and, for Fill, an anchor ("top",
// "bottomright"), in any order: ParseSpec(Fill, "1200x630 jpg q80 top").
func ParseSpec(op Op, s string) (Spec, error) {
	spec := Spec{Op: op}
	sized := false
	for _, f := range strings.Fields(s) {
		lf := strings.ToLower(f)
		switch {
		case lf == "jpg" || lf == JPEG || lf == PNG || lf == GIF || lf == WebP:
			spec.Format = strings.Replace(lf, "jpg", JPEG, 1)
		case len(lf) > 1 && lf[0] == 'q' && isDigits(lf[1:]):
			spec.Quality, _ = strconv.Atoi(lf[1:])
			if spec.Quality < 1 || spec.Quality > 100 {
				return Spec{}, fmt.Errorf("quality %q must be between q1 and q100", f)
			}
		case isAnchor(lf):
			spec.Anchor = lf
		case strings.Contains(lf, "x"):
			w, h, ok := strings.Cut(lf, "x")
			if sized || !ok || (w == "" && h == "") || (w != "" && !isDigits(w)) || (h != "" && !isDigits(h)) {
				return Spec{}, fmt.Errorf("%q is not a size like 800x, x600 or 1200x630", f)
			}
			spec.Width, _ = strconv.Atoi(w)
			spec.Height, _ = strconv.Atoi(h)
			sized = true
		default:
			return Spec{}, fmt.Errorf("%q in %q is neither a size (800x), a format (webp, jpg, png, gif), a quality (q80) nor an anchor (top, center, bottomright …)", f, s)
		}
	}
	if !sized {
		return Spec{}, fmt.Errorf("%q has no size; write one like 800x, x600 or 1200x630", s)
	}
	return spec, spec.check()
}

func isAnchor(s string) bool {
	_, ok := anchors[s]
	return ok
}

func isDigits(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// check validates a Spec on its own, before any source is seen.
func (s Spec) check() error {
	switch s.Op {
	case Resize:
		if s.Width <= 0 && s.Height <= 0 {
			return fmt.Errorf("resize needs a width or a height, like 800x or x600")
		}
	case Fit, Fill:
		if s.Width <= 0 || s.Height <= 0 {
			return fmt.Errorf("%s needs a width and a height, like 1200x630", s.Op)
		}
	default:
		return fmt.Errorf("%q is not an image operation (use resize, fit or fill)", s.Op)
	}
	if s.Width < 0 || s.Height < 0 {
		return fmt.Errorf("a size cannot be negative (got %dx%d)", s.Width, s.Height)
	}
	switch s.Format {
	case "", JPEG, PNG, GIF, WebP:
	default:
		return fmt.Errorf("%q is not a format images can be made in (use jpeg, png, gif or webp)", s.Format)
	}
	if s.Quality < 0 || s.Quality > 100 {
		return fmt.Errorf("quality must be between 1 and 100 (got %d)", s.Quality)
	}
	if s.Anchor != "" && !isAnchor(s.Anchor) {
		return fmt.Errorf("%q is not an anchor (use center, top, bottom, left, right, topleft, topright, bottomleft or bottomright)", s.Anchor)
	}
	return nil
}

// job is a Spec made concrete for one source: the output's size and format,
// and the part of the source (as shown) that it is made from.
type job struct {
	spec    Spec
	w, h    int
	crop    rect
	format  string
	quality int // 0 for formats without one
	method  int // WebP only
	key     string
}

// plan works out the job for spec on a source described by info. It is
// pure, so a build can name every output (and find it in the cache) without
// decoding anything.
func plan(info Info, spec Spec, opts Options) (job, error) {
	if err := spec.check(); err != nil {
		return job{}, err
	}
	W, H := float64(info.Width), float64(info.Height)
	j := job{spec: spec, crop: rect{0, 0, W, H}, format: spec.Format}
	w, h := float64(spec.Width), float64(spec.Height)
	var fw, fh float64 // the output size before rounding
	switch spec.Op {
	case Resize:
		switch {
		case w > 0 && h > 0:
			f := min(1, W/w, H/h)
			fw, fh = w*f, h*f
		case w > 0:
			fw = min(w, W)
			fh = H * fw / W
		default:
			fh = min(h, H)
			fw = W * fh / H
		}
	case Fit:
		f := min(1, w/W, h/H)
		fw, fh = W*f, H*f
	case Fill:
		cw, ch := W, W*h/w // the largest crop of the wanted shape
		if ch > H {
			cw, ch = H*w/h, H
		}
		a := anchors[cmp.Or(spec.Anchor, "center")]
		x0, y0 := (W-cw)*a[0], (H-ch)*a[1]
		j.crop = rect{x0, y0, x0 + cw, y0 + ch}
		f := min(1, cw/w)
		fw, fh = w*f, h*f
	}
	j.w, j.h = max(1, int(math.Round(fw))), max(1, int(math.Round(fh)))

	if j.format == "" {
		j.format = info.Format
	}
	if info.Animated && info.Format == GIF && j.format != GIF {
		return job{}, fmt.Errorf("it is an animated GIF, which can only be made into a GIF (leave out %q)", j.format)
	}
	if j.format == JPEG || j.format == WebP {
		j.quality = cmp.Or(spec.Quality, opts.quality())
	}
	if j.format == WebP {
		j.method = opts.webpMethod()
	}
	return j, nil
}

// canonical describes the job in full for the cache key: two jobs with the
// same canonical form on the same source make the same bytes.
func (j job) canonical() string {
	return fmt.Sprintf("%s %dx%d %s -> %dx%d crop %.4f,%.4f,%.4f,%.4f %s q%d m%d",
		j.spec.Op, j.spec.Width, j.spec.Height, j.spec.Anchor, j.w, j.h,
		j.crop.x0, j.crop.y0, j.crop.x1, j.crop.y1, j.format, j.quality, j.method)
}
