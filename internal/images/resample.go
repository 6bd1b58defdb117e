package images

import "math"

// The resampler works on 8-bit planes, the form decoders hand pixels over
// in: a JPEG is a luma plane and two (usually half-size) chroma planes, and
// resizing those directly is less work than converting 12 megapixels to RGBA
// first and avoids the 30-byte-per-pixel float buffers of x/image/draw. It
// first averages whole blocks of pixels while the image is more than twice
// too large (cheap, and a box filter is exact for integer factors), then
// applies a Catmull-Rom filter for the remaining factor. That is the
// "shrink, then reduce" of libvips and Pillow's reducing gap.

// plane is a grid of pixels with ch interleaved 8-bit channels each (1 for
// a luma or chroma plane, 4 for premultiplied RGBA). sx and sy say how many
// full-resolution pixels one sample covers (2 for 4:2:0 chroma).
type plane struct {
	pix    []uint8
	w, h   int
	stride int
	ch     int
	sx, sy int
}

func newPlane(w, h, ch int) plane {
	return plane{pix: make([]uint8, w*h*ch), w: w, h: h, stride: w * ch, ch: ch, sx: 1, sy: 1}
}

// rect is a rectangle with fractional edges, in full-resolution pixels.
type rect struct{ x0, y0, x1, y1 float64 }

// fixed-point precision of filter weights
const (
	wbits = 14
	wone  = 1 << wbits
	whalf = 1 << (wbits - 1)
)

// resize returns the part win of p (in full-resolution pixel edges)
// resampled to dw×dh full-resolution pixels.
func resize(p plane, win rect, dw, dh int) plane {
	// Into this plane's own coordinates.
	win = rect{win.x0 / float64(p.sx), win.y0 / float64(p.sy), win.x1 / float64(p.sx), win.y1 / float64(p.sy)}
	kx := int((win.x1 - win.x0) / float64(dw) / reduceGap)
	ky := int((win.y1 - win.y0) / float64(dh) / reduceGap)
	if kx > 1 || ky > 1 {
		kx, ky = max(kx, 1), max(ky, 1)
		p = shrink(p, kx, ky)
		win = rect{win.x0 / float64(kx), win.y0 / float64(ky), win.x1 / float64(kx), win.y1 / float64(ky)}
	}
	wx := weights(p.w, win.x0, win.x1, dw)
	wy := weights(p.h, win.y0, win.y1, dh)

	// Horizontal pass over only the rows the vertical pass reads.
	lo, hi := wy.first[0], wy.first[dh-1]+wy.count[dh-1]
	for i := range dh {
		lo = min(lo, wy.first[i])
		hi = max(hi, wy.first[i]+wy.count[i])
	}
	tmp := newPlane(dw, hi-lo, p.ch)
	for y := lo; y < hi; y++ {
		src := p.pix[y*p.stride:]
		dst := tmp.pix[(y-lo)*tmp.stride:][:dw*p.ch]
		if p.ch == 1 {
			filterRow1(dst, src, wx)
		} else {
			filterRow4(dst, src, wx)
		}
	}

	// Vertical pass, a row at a time so memory is read in order.
	out := newPlane(dw, dh, p.ch)
	acc := make([]int32, dw*p.ch)
	for y := range dh {
		clear(acc)
		f, n := wy.first[y], wy.count[y]
		for t, w := range wy.w[y*wy.n : y*wy.n+n] {
			row := tmp.pix[(f+t-lo)*tmp.stride:][:len(acc)]
			for x, v := range row {
				acc[x] += w * int32(v)
			}
		}
		dst := out.pix[y*out.stride:][:len(acc)]
		for x, a := range acc {
			dst[x] = clamp8(a)
		}
	}
	return out
}

// reduceGap: block averaging stops while the image is still at least this
// many times the target, leaving the rest to the filter.
const reduceGap = 2

func clamp8(a int32) uint8 {
	a = (a + whalf) >> wbits
	if uint32(a) > 255 {
		if a < 0 {
			return 0
		}
		return 255
	}
	return uint8(a)
}

func filterRow1(dst, src []uint8, wx filter) {
	for x := range dst {
		f, n := wx.first[x], wx.count[x]
		s := src[f : f+n]
		var a int32
		for t, w := range wx.w[x*wx.n : x*wx.n+n] {
			a += w * int32(s[t])
		}
		dst[x] = clamp8(a)
	}
}

func filterRow4(dst, src []uint8, wx filter) {
	for x := range len(dst) / 4 {
		f, n := wx.first[x], wx.count[x]
		s := src[4*f : 4*(f+n)]
		var r, g, b, a int32
		for t, w := range wx.w[x*wx.n : x*wx.n+n] {
			p := s[4*t : 4*t+4]
			r += w * int32(p[0])
			g += w * int32(p[1])
			b += w * int32(p[2])
			a += w * int32(p[3])
		}
		d := dst[4*x : 4*x+4]
		d[0], d[1], d[2], d[3] = clamp8(r), clamp8(g), clamp8(b), clamp8(a)
	}
}

// filter holds, for each output sample, the run of input samples it reads
// (first, count) and their fixed-point weights, n slots apart.
type filter struct {
	first, count []int
	w            []int32
	n            int
}

// catmullRom is the cubic with B=0, C=0.5: sharp without much ringing.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// weights maps the source span [x0, x1) of a line of n samples onto dn
// output samples. Taps outside the line are folded onto its edge samples.
func weights(n int, x0, x1 float64, dn int) filter {
	scale := (x1 - x0) / float64(dn)
	fscale := max(scale, 1) // widen the kernel when reducing, to filter
	support := 2 * fscale
	taps := int(math.Ceil(2*support)) + 2
	f := filter{first: make([]int, dn), count: make([]int, dn), w: make([]int32, dn*taps), n: taps}
	fw := make([]float64, taps)
	for i := range dn {
		center := x0 + (float64(i)+0.5)*scale
		lo := int(math.Floor(center - support))
		hi := int(math.Ceil(center + support))
		first := min(max(lo, 0), n-1)
		last := min(max(hi, 0), n-1)
		if last-first+1 > taps {
			last = first + taps - 1
		}
		clear(fw)
		var sum float64
		for j := lo; j <= hi; j++ {
			w := catmullRom((float64(j) + 0.5 - center) / fscale)
			if w == 0 {
				continue
			}
			k := min(max(j, first), last) - first
			fw[k] += w
			sum += w
		}
		count := last - first + 1
		ws := f.w[i*taps : i*taps+count]
		if sum == 0 { // cannot happen for a sane span; be safe
			ws[0], sum = wone, 1
		}
		var isum int32
		big := 0
		for k := range count {
			ws[k] = int32(math.Round(fw[k] / sum * wone))
			isum += ws[k]
			if ws[k] > ws[big] {
				big = k
			}
		}
		ws[big] += wone - isum // exact unity gain: flat areas stay flat
		f.first[i], f.count[i] = first, count
	}
	return f
}

// shrink averages kx×ky blocks; blocks cut by the right or bottom edge
// average the pixels they have.
func shrink(p plane, kx, ky int) plane {
	ow, oh := (p.w+kx-1)/kx, (p.h+ky-1)/ky
	out := plane{pix: make([]uint8, ow*oh*p.ch), w: ow, h: oh, stride: ow * p.ch, ch: p.ch, sx: p.sx * kx, sy: p.sy * ky}
	acc := make([]uint32, ow*p.ch)
	for oy := range oh {
		clear(acc)
		y0, y1 := oy*ky, min(oy*ky+ky, p.h)
		for y := y0; y < y1; y++ {
			row := p.pix[y*p.stride:][:p.w*p.ch]
			if p.ch == 1 {
				for x, v := range row {
					acc[x/kx] += uint32(v)
				}
			} else {
				for x := range p.w {
					a := acc[x/kx*4:][:4]
					s := row[4*x:][:4]
					a[0] += uint32(s[0])
					a[1] += uint32(s[1])
					a[2] += uint32(s[2])
					a[3] += uint32(s[3])
				}
			}
		}
		dst := out.pix[oy*out.stride:][:ow*p.ch]
		rows := uint32(y1 - y0)
		for ox := range ow {
			cols := uint32(min(ox*kx+kx, p.w) - ox*kx)
			d := rows * cols
			for c := range p.ch {
				dst[ox*p.ch+c] = uint8((acc[ox*p.ch+c] + d/2) / d)
			}
		}
	}
	return out
}
