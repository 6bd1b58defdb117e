package config

import (
	"math"
	"strconv"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// MinContrast is WCAG 2.1's minimum contrast ratio for normal text (1.4.3, AA).
const MinContrast = 4.5

// contrastPairs are the colour pairs the theme puts on screen: the first is
// the text, the second what it is written on.
var contrastPairs = []struct {
	fg, bg string
	use    msg.Text
}{
	{"text", "surface", msg.T("body text")},
	{"primary", "surface", msg.T("links and headings")},
	{"accent", "surface", msg.T("labels")},
	{"surface", "primary", msg.T("text on primary buttons and bands")},
	{"surface", "accent", msg.T("text on accent buttons")},
}

// contrast warns about each pair of a palette whose contrast is below
// MinContrast, at the key of the text colour.
func (d *decoder) contrast(p path, pal Palette) {
	colour := map[string]string{"primary": pal.Primary, "accent": pal.Accent, "text": pal.Text, "surface": pal.Surface}
	for _, c := range contrastPairs {
		fg, bg := colour[c.fg], colour[c.bg]
		if !isColor(fg) || !isColor(bg) {
			continue
		}
		if r := Contrast(fg, bg); r < MinContrast {
			d.warnings.Add(diag.Warnf(d.valuePos(p.key(c.fg)),
				"choose a darker or lighter colour so the pair reaches 4.5:1; WCAG 2.1 requires it for text",
				"%q %s on %q %s has contrast %.2f:1, below %.1f:1 (%s)",
				p.key(c.fg).String(), fg, p.key(c.bg).String(), bg, r, MinContrast, c.use))
		}
	}
}

// Contrast is the WCAG 2.1 contrast ratio of two "#rgb" or "#rrggbb" colours,
// from 1 (same) to 21 (black on white).
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the relative luminance of a hex colour.
func luminance(hex string) float64 {
	if len(hex) == 4 {
		hex = string([]byte{'#', hex[1], hex[1], hex[2], hex[2], hex[3], hex[3]})
	}
	channel := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(1) + 0.7152*channel(3) + 0.0722*channel(5)
}
