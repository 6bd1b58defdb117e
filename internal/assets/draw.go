package assets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/drammen-works/works/internal/images"
)

// The social card's size: what Facebook, LinkedIn and Slack show large.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// IconPNG draws the icon at size×size pixels as a PNG.
func IconPNG(icon *images.Drawing, size int) ([]byte, error) {
	return encodePNG(icon.Rasterize(size, size))
}

// Card is what the default social card shows: the site's title beside the
// brand's mark, in the brand's colours.
type Card struct {
	Title      string
	Mark       *images.Drawing // nil: the title alone
	Background color.Color     // the brand's surface colour
	Text       color.Color     // the brand's primary colour
	Accent     color.Color     // a bar under the title; nil: none
}

// CardPNG draws the card at CardWidth×CardHeight as a PNG.
func CardPNG(c Card) ([]byte, error) {
	m := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	draw.Draw(m, m.Bounds(), image.NewUniform(c.Background), image.Point{}, draw.Src)
	const margin = 96
	textLeft := margin
	if c.Mark != nil {
		const side = 280
		top := (CardHeight - side) / 2
		c.Mark.Draw(m, image.Rect(margin, top, margin+side, top+side))
		textLeft = margin + side + 72
	}
	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("social card: %w", err)
	}
	width := CardWidth - margin - textLeft
	// The largest size at which the title fits in three lines.
	var face font.Face
	var lines []string
	size := 88.0
	for ; size >= 28; size -= 4 {
		if face != nil {
			face.Close()
		}
		face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("social card: %w", err)
		}
		lines = wrap(face, c.Title, width)
		if len(lines) <= 3 && widest(face, lines) <= width {
			break
		}
	}
	defer face.Close()
	lineHeight := int(size * 1.15)
	block := lineHeight * len(lines)
	accentGap := 0
	if c.Accent != nil {
		accentGap = 40
	}
	y := (CardHeight-block-accentGap)/2 + int(size*0.9)
	d := font.Drawer{Dst: m, Src: image.NewUniform(c.Text), Face: face}
	for _, l := range lines {
		d.Dot = fixed.P(textLeft, y)
		d.DrawString(l)
		y += lineHeight
	}
	if c.Accent != nil {
		bar := image.Rect(textLeft, y-lineHeight+int(size*0.45), textLeft+120, y-lineHeight+int(size*0.45)+10)
		draw.Draw(m, bar, image.NewUniform(c.Accent), image.Point{}, draw.Over)
	}
	return encodePNG(m)
}

// wrap breaks text into lines no wider than width where it can; a word
// longer than a line stands alone.
func wrap(face font.Face, text string, width int) []string {
	var lines []string
	line := ""
	for w := range strings.FieldsSeq(text) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && font.MeasureString(face, try).Ceil() > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func widest(face font.Face, lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, font.MeasureString(face, l).Ceil())
	}
	return w
}

func encodePNG(m image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ParseColor reads a brand colour written #rgb or #rrggbb.
func ParseColor(s string) (color.NRGBA, bool) {
	hex, ok := strings.CutPrefix(strings.TrimSpace(s), "#")
	if !ok {
		return color.NRGBA{}, false
	}
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	if len(hex) != 6 {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true
}

// Manifest is a web app manifest (site.webmanifest): what a phone uses
// when the site is added to its home screen.
type Manifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name,omitempty"`
	Lang            string         `json:"lang,omitempty"`
	StartURL        string         `json:"start_url"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color,omitempty"`
	BackgroundColor string         `json:"background_color,omitempty"`
	Icons           []ManifestIcon `json:"icons,omitempty"`
}

// ManifestIcon is one icon of a Manifest.
type ManifestIcon struct {
	Src   string `json:"src"`
	Sizes string `json:"sizes"` // "192x192", or "any" for an SVG
	Type  string `json:"type"`
}

// JSON is the manifest as written: compact, so it is final as it is hashed.
func (m Manifest) JSON() []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // only strings: cannot fail
	}
	return b
}
