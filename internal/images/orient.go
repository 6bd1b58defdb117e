package images

// EXIF orientation o says how the stored pixels must be turned to be shown
// upright. The pipeline resizes the stored pixels (so a crop or a target size
// chosen on the shown image is first mapped back with toRaw) and turns only
// the small result, which is cheaper than turning a 12-megapixel photo.
//
//	1 as stored          5 transposed (mirrored along the main diagonal)
//	2 mirrored           6 turned 90° clockwise
//	3 turned 180°        7 transversed (mirrored along the other diagonal)
//	4 flipped            8 turned 90° counter-clockwise

// swapsSides reports whether orientation o exchanges width and height.
func swapsSides(o int) bool { return o >= 5 && o <= 8 }

// toRaw maps a point (x, y) of the shown image, in continuous pixel
// coordinates, to the stored image, which is rw×rh pixels.
func toRaw(o int, rw, rh, x, y float64) (float64, float64) {
	switch o {
	case 2:
		return rw - x, y
	case 3:
		return rw - x, rh - y
	case 4:
		return x, rh - y
	case 5:
		return y, x
	case 6:
		return y, rh - x
	case 7:
		return rw - y, rh - x
	case 8:
		return rw - y, x
	}
	return x, y
}

// rawRect maps a rectangle of the shown image to the stored one.
func rawRect(o, rw, rh int, r rect) rect {
	ax, ay := toRaw(o, float64(rw), float64(rh), r.x0, r.y0)
	bx, by := toRaw(o, float64(rw), float64(rh), r.x1, r.y1)
	return rect{min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)}
}

// orient returns p turned upright; p is full resolution (sx = sy = 1).
func orient(p plane, o int) plane {
	if o < 2 || o > 8 {
		return p
	}
	w, h := p.w, p.h
	if swapsSides(o) {
		w, h = h, w
	}
	out := newPlane(w, h, p.ch)
	// For each shown pixel, the stored one: start at the stored position
	// of shown (0, 0) and step by dx along a shown row and dy down a shown
	// column, all in bytes.
	rw, rh, ch, s := p.w, p.h, p.ch, p.stride
	var start, dx, dy int
	switch o {
	case 2:
		start, dx, dy = (rw-1)*ch, -ch, s
	case 3:
		start, dx, dy = (rh-1)*s+(rw-1)*ch, -ch, -s
	case 4:
		start, dx, dy = (rh-1)*s, ch, -s
	case 5:
		start, dx, dy = 0, s, ch
	case 6:
		start, dx, dy = (rh-1)*s, -s, ch
	case 7:
		start, dx, dy = (rh-1)*s+(rw-1)*ch, -s, -ch
	case 8:
		start, dx, dy = (rw-1)*ch, s, -ch
	}
	for y := range h {
		i := start + y*dy
		row := out.pix[y*out.stride:][:w*ch]
		if ch == 1 {
			for x := range row {
				row[x] = p.pix[i]
				i += dx
			}
			continue
		}
		for x := 0; x < len(row); x += 4 {
			copy(row[x:x+4], p.pix[i:i+4])
			i += dx
		}
	}
	return out
}
