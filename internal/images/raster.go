package images

import (
	"image"
	"image/draw"
)

// raster is decoded pixels as planes, in the stored orientation.
type raster struct {
	kind   rasterKind
	w, h   int
	planes []plane // Y, Cb, Cr; or one gray plane; or one RGBA plane
}

type rasterKind int

const (
	// kindYCC is JPEG's full-range ("JFIF") YCbCr.
	kindYCC rasterKind = iota
	// kindVideoYCC is the limited-range BT.601 YCbCr of lossy WebP (VP8).
	// x/image/webp hands it over as an image.YCbCr, whose conversions
	// assume full range and so would lift blacks and dull whites
	// (golang/go#40173); the pipeline converts it with the right formula.
	kindVideoYCC
	kindGray
	// kindRGBA is premultiplied RGBA, so that resampling does not bleed
	// the colour of transparent pixels into their neighbours.
	kindRGBA
)

// newRaster takes over a decoded image's pixels; video says a YCbCr image
// is limited range (from VP8).
func newRaster(m image.Image, video bool) raster {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := m.(type) {
	case *image.YCbCr:
		if b.Min != (image.Point{}) {
			break
		}
		sx, sy := subsampling(m.SubsampleRatio)
		cw, ch := (w+sx-1)/sx, (h+sy-1)/sy
		kind := kindYCC
		if video {
			kind = kindVideoYCC
		}
		return raster{kind: kind, w: w, h: h, planes: []plane{
			{pix: m.Y, w: w, h: h, stride: m.YStride, ch: 1, sx: 1, sy: 1},
			{pix: m.Cb, w: cw, h: ch, stride: m.CStride, ch: 1, sx: sx, sy: sy},
			{pix: m.Cr, w: cw, h: ch, stride: m.CStride, ch: 1, sx: sx, sy: sy},
		}}
	case *image.NYCbCrA:
		if b.Min != (image.Point{}) || !video {
			break
		}
		return raster{kind: kindRGBA, w: w, h: h, planes: []plane{videoToRGBA(m)}}
	case *image.Gray:
		if b.Min != (image.Point{}) {
			break
		}
		return raster{kind: kindGray, w: w, h: h, planes: []plane{{pix: m.Pix, w: w, h: h, stride: m.Stride, ch: 1, sx: 1, sy: 1}}}
	}
	// Everything else (paletted, NRGBA, 16-bit, CMYK) becomes RGBA; the
	// standard library has fast paths for the common ones.
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Rect, m, b.Min, draw.Src)
	return raster{kind: kindRGBA, w: w, h: h, planes: []plane{{pix: rgba.Pix, w: w, h: h, stride: rgba.Stride, ch: 4, sx: 1, sy: 1}}}
}

func subsampling(r image.YCbCrSubsampleRatio) (sx, sy int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// render resamples the window win of r (stored orientation, full-resolution
// pixels) to a dw×dh image as shown, that is turned by orientation o.
func (r raster) render(win rect, dw, dh, o int) raster {
	rw, rh := dw, dh
	if swapsSides(o) {
		rw, rh = dh, dw
	}
	out := raster{kind: r.kind, w: dw, h: dh, planes: make([]plane, len(r.planes))}
	for i, p := range r.planes {
		out.planes[i] = orient(resize(p, win, rw, rh), o)
	}
	return out
}

// opaque reports whether every pixel is fully opaque.
func (r raster) opaque() bool {
	if r.kind != kindRGBA {
		return true
	}
	p := r.planes[0]
	for y := range p.h {
		row := p.pix[y*p.stride:][:p.w*4]
		for x := 3; x < len(row); x += 4 {
			if row[x] != 255 {
				return false
			}
		}
	}
	return true
}

// image returns r, which is full resolution, as the image type that
// format's encoder handles best.
func (r raster) image(format string) image.Image {
	rect := image.Rect(0, 0, r.w, r.h)
	switch r.kind {
	case kindYCC:
		if format == JPEG {
			// The JPEG encoder reads YCbCr directly.
			return &image.YCbCr{Y: r.planes[0].pix, Cb: r.planes[1].pix, Cr: r.planes[2].pix,
				YStride: r.w, CStride: r.w, SubsampleRatio: image.YCbCrSubsampleRatio444, Rect: rect}
		}
		return yccToRGBA(r, jfif)
	case kindVideoYCC:
		return yccToRGBA(r, bt601)
	case kindGray:
		g := &image.Gray{Pix: r.planes[0].pix, Stride: r.w, Rect: rect}
		if format == JPEG || format == PNG {
			return g
		}
		rgba := image.NewRGBA(rect)
		for i, v := range g.Pix {
			d := rgba.Pix[4*i : 4*i+4]
			d[0], d[1], d[2], d[3] = v, v, v, 255
		}
		return rgba
	}
	rgba := &image.RGBA{Pix: r.planes[0].pix, Stride: 4 * r.w, Rect: rect}
	if format == JPEG {
		// JPEG has no transparency: lay the image on white, as a browser
		// shows it on a white page. In premultiplied terms c + (255 - a).
		flat := image.NewRGBA(rect)
		for i := 0; i < len(rgba.Pix); i += 4 {
			s, d := rgba.Pix[i:i+4], flat.Pix[i:i+4]
			d[0], d[1], d[2], d[3] = s[0]+255-s[3], s[1]+255-s[3], s[2]+255-s[3], 255
		}
		return flat
	}
	if r.opaque() {
		return rgba
	}
	// The PNG, WebP and GIF encoders want straight (not premultiplied)
	// alpha; converting here keeps that exact.
	n := image.NewNRGBA(rect)
	for i := 0; i < len(rgba.Pix); i += 4 {
		s, d := rgba.Pix[i:i+4], n.Pix[i:i+4]
		if a := uint32(s[3]); a > 0 {
			d[0] = uint8(min((uint32(s[0])*255+a/2)/a, 255))
			d[1] = uint8(min((uint32(s[1])*255+a/2)/a, 255))
			d[2] = uint8(min((uint32(s[2])*255+a/2)/a, 255))
			d[3] = s[3]
		}
	}
	return n
}

// yccMatrix holds the fixed-point (16-bit) factors of a YCbCr to RGB
// conversion: R = y·Y' + rv·Cr', G = y·Y' - gu·Cb' - gv·Cr', B = y·Y' + bu·Cb',
// with Y' = Y - y0 and Cb', Cr' centred on 128.
type yccMatrix struct{ y0, y, rv, gu, gv, bu int32 }

var (
	// jfif is JPEG's full-range conversion (ITU-T T.871).
	jfif = yccMatrix{y0: 0, y: 65536, rv: 91881, gu: 22554, gv: 46802, bu: 116130}
	// bt601 is the limited-range conversion of VP8 (libwebp's yuv.h):
	// Y in 16–235, chroma in 16–240.
	bt601 = yccMatrix{y0: 16, y: 76309, rv: 104597, gu: 25675, gv: 53279, bu: 132201}
)

func (m yccMatrix) rgb(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := (int32(y)-m.y0)*m.y + 1<<15
	u, v := int32(cb)-128, int32(cr)-128
	return clampShift(yy + m.rv*v), clampShift(yy - m.gu*u - m.gv*v), clampShift(yy + m.bu*u)
}

func clampShift(v int32) uint8 {
	v >>= 16
	if uint32(v) > 255 {
		if v < 0 {
			return 0
		}
		return 255
	}
	return uint8(v)
}

// yccToRGBA converts full-resolution (4:4:4) planes.
func yccToRGBA(r raster, m yccMatrix) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, r.w, r.h))
	y, cb, cr := r.planes[0].pix, r.planes[1].pix, r.planes[2].pix
	for i := range r.w * r.h {
		d := out.Pix[4*i : 4*i+4]
		d[0], d[1], d[2] = m.rgb(y[i], cb[i], cr[i])
		d[3] = 255
	}
	return out
}

// videoToRGBA converts lossy WebP with alpha (limited-range YCbCr and
// straight alpha) to premultiplied RGBA.
func videoToRGBA(m *image.NYCbCrA) plane {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	p := newPlane(w, h, 4)
	for y := range h {
		for x := range w {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			r, g, b := bt601.rgb(m.Y[yi], m.Cb[ci], m.Cr[ci])
			a := uint32(m.A[m.AOffset(x, y)])
			d := p.pix[y*p.stride+4*x:][:4]
			d[0] = uint8((uint32(r)*a + 127) / 255)
			d[1] = uint8((uint32(g)*a + 127) / 255)
			d[2] = uint8((uint32(b)*a + 127) / 255)
			d[3] = uint8(a)
		}
	}
	return p
}
