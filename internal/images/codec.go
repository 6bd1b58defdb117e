package images

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/gen2brain/webp"
	xwebp "golang.org/x/image/webp"
)

// decoded is a source's pixels: one frame, or a GIF's animation.
type decoded struct {
	frames []raster
	// GIF only: per-frame delays, the loop count and the palette that
	// resized frames are mapped back onto.
	delay   []int
	loop    int
	palette color.Palette
}

// decode reads the pixels of src, whose header info has already read.
func decode(src []byte, info Info) (decoded, error) {
	r := bytes.NewReader(src)
	switch info.Format {
	case JPEG:
		m, err := jpeg.Decode(r)
		if err != nil {
			return decoded{}, err
		}
		return decoded{frames: []raster{newRaster(m, false)}}, nil
	case PNG:
		m, err := png.Decode(r)
		if err != nil {
			return decoded{}, err
		}
		return decoded{frames: []raster{newRaster(m, false)}}, nil
	case WebP:
		if info.Animated {
			return decoded{}, errAnimatedWebP
		}
		m, err := xwebp.Decode(r)
		if err != nil {
			return decoded{}, err
		}
		return decoded{frames: []raster{newRaster(m, true)}}, nil
	case GIF:
		g, err := gif.DecodeAll(r)
		if err != nil {
			return decoded{}, err
		}
		return gifFramesOf(g), nil
	}
	return decoded{}, errNotImage
}

var errAnimatedWebP = errors.New("it is an animated WebP, which cannot be processed")

// gifFramesOf composes a GIF's frames as a viewer shows them: each frame
// is drawn over what its predecessor's disposal method left.
func gifFramesOf(g *gif.GIF) decoded {
	w, h := g.Config.Width, g.Config.Height
	if w == 0 || h == 0 { // a broken logical screen: use the first frame
		b := g.Image[0].Bounds()
		w, h = b.Max.X, b.Max.Y
	}
	d := decoded{delay: g.Delay, loop: g.LoopCount}
	if p, ok := g.Config.ColorModel.(color.Palette); ok && len(p) > 0 {
		d.palette = p
	} else {
		d.palette = g.Image[0].Palette
	}
	canvas := image.NewRGBA(image.Rect(0, 0, w, h))
	var saved *image.RGBA
	for i, f := range g.Image {
		disposal := byte(gif.DisposalNone)
		if i < len(g.Disposal) {
			disposal = g.Disposal[i]
		}
		if disposal == gif.DisposalPrevious {
			saved = image.NewRGBA(canvas.Rect)
			copy(saved.Pix, canvas.Pix)
		}
		draw.Draw(canvas, f.Bounds(), f, f.Bounds().Min, draw.Over)
		frame := image.NewRGBA(canvas.Rect)
		copy(frame.Pix, canvas.Pix)
		d.frames = append(d.frames, raster{kind: kindRGBA, w: w, h: h,
			planes: []plane{{pix: frame.Pix, w: w, h: h, stride: frame.Stride, ch: 4, sx: 1, sy: 1}}})
		switch disposal {
		case gif.DisposalBackground:
			draw.Draw(canvas, f.Bounds(), image.Transparent, image.Point{}, draw.Src)
		case gif.DisposalPrevious:
			canvas = saved
		}
	}
	return d
}

// encode writes the rendered frames in the job's format.
func encode(frames []raster, d decoded, j job) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch j.format {
	case JPEG:
		err = jpeg.Encode(&buf, frames[0].image(JPEG), &jpeg.Options{Quality: j.quality})
	case PNG:
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, frames[0].image(PNG))
	case WebP:
		err = webp.Encode(&buf, frames[0].image(WebP), webp.Options{Quality: j.quality, Method: j.method})
	case GIF:
		err = gif.EncodeAll(&buf, toGIF(frames, d))
	default:
		err = fmt.Errorf("unknown format %q", j.format)
	}
	return buf.Bytes(), err
}

// toGIF maps frames onto the source's palette (or, for a source that was
// not a GIF, a fixed one). There is no dithering: it would make the frames
// of an animation shimmer and compress worse, and GIFs are drawings, not
// photos.
func toGIF(frames []raster, d decoded) *gif.GIF {
	pal := d.palette
	if len(pal) == 0 {
		pal = palette.WebSafe
	}
	// Find or make a transparent entry, for pixels that are mostly
	// transparent: GIF transparency is all or nothing.
	transparent := -1
	for i, c := range pal {
		if _, _, _, a := c.RGBA(); a == 0 {
			transparent = i
			break
		}
	}
	pal = append(color.Palette(nil), pal...)
	if transparent < 0 && !allOpaque(frames) {
		if len(pal) < 256 {
			pal = append(pal, color.RGBA{})
		} else {
			pal[255] = color.RGBA{}
		}
		transparent = len(pal) - 1
	}
	nearest := map[[3]uint8]uint8{}
	index := func(r, g, b uint8) uint8 {
		k := [3]uint8{r, g, b}
		if i, ok := nearest[k]; ok {
			return i
		}
		best, bestD := 0, int64(1)<<62
		for i, c := range pal {
			if i == transparent {
				continue
			}
			cr, cg, cb, _ := c.RGBA()
			dr, dg, db := int64(cr>>8)-int64(r), int64(cg>>8)-int64(g), int64(cb>>8)-int64(b)
			if dd := dr*dr + dg*dg + db*db; dd < bestD {
				best, bestD = i, dd
			}
		}
		nearest[k] = uint8(best)
		return uint8(best)
	}
	g := &gif.GIF{LoopCount: d.loop}
	for i, f := range frames {
		p := f.planes[0]
		if f.kind != kindRGBA { // a non-GIF source made into a GIF
			m := f.image(PNG)
			rgba := image.NewRGBA(m.Bounds())
			draw.Draw(rgba, rgba.Rect, m, image.Point{}, draw.Src)
			p = plane{pix: rgba.Pix, w: f.w, h: f.h, stride: rgba.Stride, ch: 4}
		}
		out := image.NewPaletted(image.Rect(0, 0, f.w, f.h), pal)
		for y := range f.h {
			row := p.pix[y*p.stride:][:4*f.w]
			dst := out.Pix[y*out.Stride:][:f.w]
			for x := range dst {
				s := row[4*x : 4*x+4]
				if a := uint32(s[3]); a < 128 && transparent >= 0 {
					dst[x] = uint8(transparent)
				} else if a == 255 {
					dst[x] = index(s[0], s[1], s[2])
				} else { // un-premultiply the partly transparent edge
					dst[x] = index(uint8(min(uint32(s[0])*255/a, 255)), uint8(min(uint32(s[1])*255/a, 255)), uint8(min(uint32(s[2])*255/a, 255)))
				}
			}
		}
		g.Image = append(g.Image, out)
		delay := 0
		if i < len(d.delay) {
			delay = d.delay[i]
		}
		g.Delay = append(g.Delay, delay)
		// Each frame is whole, so clear the canvas between them.
		g.Disposal = append(g.Disposal, gif.DisposalBackground)
	}
	return g
}

func allOpaque(frames []raster) bool {
	for _, f := range frames {
		if !f.opaque() {
			return false
		}
	}
	return true
}
