package images

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/drammen-works/works/internal/diag"
)

// SVGs are not processed: a browser scales them itself. The pipeline only
// needs their intrinsic size, for the width and height attributes that keep
// the layout from shifting while the page loads.

// looksLikeSVG reports whether src is XML whose root element is <svg>.
func looksLikeSVG(src []byte) bool {
	s := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if !bytes.HasPrefix(s, []byte("<")) {
		return false
	}
	root, err := svgRoot(src)
	return err == nil && root.Name.Local == "svg"
}

// svgRoot returns the first element of an XML document.
func svgRoot(src []byte) (xml.StartElement, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = diag.Errorf(diag.Position{}, "", "it has no <svg> element")
			}
			return xml.StartElement{}, err
		}
		if el, ok := tok.(xml.StartElement); ok {
			return el, nil
		}
	}
}

// svgSize returns the size an SVG is drawn at: its width and height
// attributes when they are absolute lengths, else its viewBox's, with one
// missing side taken from the viewBox's aspect ratio.
func svgSize(src []byte) (width, height int, err error) {
	root, err := svgRoot(src)
	if err != nil {
		return 0, 0, err
	}
	var w, h, vw, vh float64
	for _, a := range root.Attr {
		switch a.Name.Local {
		case "width":
			w = svgLength(a.Value)
		case "height":
			h = svgLength(a.Value)
		case "viewBox":
			f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
			if len(f) == 4 {
				vw, _ = strconv.ParseFloat(f[2], 64)
				vh, _ = strconv.ParseFloat(f[3], 64)
				if !(vw > 0 && vh > 0) || math.IsInf(vw, 0) || math.IsInf(vh, 0) {
					vw, vh = 0, 0
				}
			}
		}
	}
	switch {
	case w > 0 && h > 0:
	case w > 0 && vw > 0:
		h = w * vh / vw
	case h > 0 && vw > 0:
		w = h * vw / vh
	case vw > 0:
		w, h = vw, vh
	default:
		return 0, 0, diag.Errorf(diag.Position{}, "", "it says neither its size nor its viewBox")
	}
	const maxSide = 1 << 20 // a sanity bound; no layout needs more
	return int(min(max(math.Round(w), 1), maxSide)), int(min(max(math.Round(h), 1), maxSide)), nil
}

// svgLength converts an absolute SVG length to CSS pixels; relative lengths
// (%, em, ex) and anything unreadable give 0.
func svgLength(s string) float64 {
	s = strings.TrimSpace(s)
	unit := 1.0
	for _, u := range []struct {
		suffix string
		px     float64
	}{{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}} {
		if strings.HasSuffix(s, u.suffix) {
			s, unit = strings.TrimSuffix(s, u.suffix), u.px
			break
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0
	}
	return v * unit
}
