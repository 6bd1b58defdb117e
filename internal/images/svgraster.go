package images

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/vector"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// The build draws a few raster files from a site's own SVG icon: the PNG
// icons phones and the web manifest ask for, and the mark on the social
// card. It reads the subset of SVG such an icon is made of: <rect> (with
// rx), <circle>, <path> (M L H V C S Q T Z, absolute and relative) and <g>,
// filled and stroked (stroke-width, caps and joins), coloured by attributes,
// style="" or simple ".class { fill: … }" rules of a <style> block. Anything
// else is an error that names the element, so the caller can leave the PNG
// out rather than publish a wrong picture.

// Drawing is an SVG icon parsed once, to be rasterized at any size.
type Drawing struct {
	minX, minY, width, height float64 // the viewBox
	shapes                    []svgShape
}

type svgShape struct {
	segs        []svgSeg
	fill        color.NRGBA // alpha 0: not filled
	stroke      color.NRGBA // alpha 0: not stroked
	strokeWidth float64
	cap, join   string
}

// svgSeg is one absolute path command: 'M', 'L', 'Q', 'C' or 'Z', with its
// control points and end point in pts.
type svgSeg struct {
	op  byte
	pts []svgPt
}

type svgPt struct{ x, y float64 }

// ParseSVG reads an SVG icon. name is the file, for messages; an error is a
// *diag.Diagnostic at the element it is about.
func ParseSVG(name string, src []byte) (*Drawing, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	s := &Drawing{}
	rules := map[string]map[string]string{} // class → property → value
	stack := []map[string]string{{"fill": "#000", "stroke": "none", "stroke-width": "1", "stroke-linecap": "butt", "stroke-linejoin": "miter"}}
	sawRoot := false
	fail := func(what msg.Text) error {
		line, col := d.InputPos()
		return diag.New(diag.Position{File: name, Line: line, Col: col},
			msg.T("draw the icon with rect, circle and path elements, filled or stroked with plain colours"), what)
	}
	// The styles are needed before the shapes that use them, and a <style>
	// may come after them; read it first.
	if css, err := styleText(src); err == nil {
		parseCSS(css, rules)
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col := d.InputPos()
			return nil, diag.Errorf(diag.Position{File: name, Line: line, Col: col}, "open the file in an editor and fix the XML",
				"the SVG is not well-formed: %v", err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.StartElement:
			el := t.Name.Local
			attrs := map[string]string{}
			for _, a := range t.Attr {
				if a.Name.Space == "" || a.Name.Space == "http://www.w3.org/2000/svg" {
					attrs[a.Name.Local] = a.Value
				}
			}
			if !sawRoot {
				if el != "svg" {
					return nil, fail(msg.T("the file's first element is <%s>, not <svg>", el))
				}
				sawRoot = true
				if err := s.setViewBox(attrs); err != nil {
					return nil, fail(msg.T("%s", err))
				}
			} else {
				switch el {
				case "title", "desc", "metadata", "style":
					if err := d.Skip(); err != nil {
						return nil, fail(msg.T("the SVG is not well-formed: %v", err))
					}
					continue
				case "g", "rect", "circle", "path":
				default:
					return nil, fail(msg.T("<%s> is not supported in an icon (only rect, circle, path and g are)", el))
				}
			}
			for _, a := range []string{"transform", "opacity", "fill-opacity", "stroke-opacity", "clip-path", "mask", "filter", "stroke-dasharray"} {
				if _, ok := attrs[a]; ok {
					return nil, fail(msg.T("%s on <%s> is not supported in an icon", a, el))
				}
			}
			if v, ok := attrs["fill-rule"]; ok && v != "nonzero" {
				return nil, fail(msg.T("fill-rule %q on <%s> is not supported in an icon", v, el))
			}
			props, err := cascade(stack[len(stack)-1], attrs, rules)
			if err != nil {
				return nil, fail(msg.T("<%s>: %v", el, err))
			}
			stack = append(stack, props)
			var segs []svgSeg
			switch el {
			case "rect":
				segs, err = rectSegs(attrs)
			case "circle":
				segs, err = circleSegs(attrs)
			case "path":
				segs, err = parsePathData(attrs["d"])
			default:
				continue
			}
			if err != nil {
				return nil, fail(msg.T("<%s>: %v", el, err))
			}
			shape, err := shapeOf(props, segs)
			if err != nil {
				return nil, fail(msg.T("<%s>: %v", el, err))
			}
			s.shapes = append(s.shapes, shape)
		}
	}
	if !sawRoot {
		return nil, diag.Errorf(diag.Position{File: name}, "use an SVG file", "the file has no <svg> element")
	}
	return s, nil
}

// styleText returns the text of the file's <style> elements.
func styleText(src []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	var b strings.Builder
	in := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "style"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				b.Write(t)
				b.WriteByte('\n')
			}
		}
	}
}

// parseCSS reads rules of the form ".a, .b { fill: #123; stroke: none }".
// At-rules (@media and the like) are skipped with their blocks: an icon is
// drawn in its default colours.
func parseCSS(css string, rules map[string]map[string]string) {
	// Comments out first.
	for {
		i := strings.Index(css, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(css[i+2:], "*/")
		if j < 0 {
			css = css[:i]
			break
		}
		css = css[:i] + " " + css[i+2+j+2:]
	}
	for len(css) > 0 {
		open := strings.IndexByte(css, '{')
		if open < 0 {
			return
		}
		selector := strings.TrimSpace(css[:open])
		// Find the matching close brace.
		depth, end := 0, -1
		for i := open; i < len(css); i++ {
			if css[i] == '{' {
				depth++
			} else if css[i] == '}' {
				depth--
				if depth == 0 {
					end = i
					break
				}
			}
		}
		if end < 0 {
			return
		}
		body := css[open+1 : end]
		css = css[end+1:]
		if strings.HasPrefix(selector, "@") {
			continue
		}
		for sel := range strings.SplitSeq(selector, ",") {
			sel = strings.TrimSpace(sel)
			class, ok := strings.CutPrefix(sel, ".")
			if !ok || class == "" || strings.ContainsAny(class, " .:#[>+~") {
				continue // only single-class selectors reach an icon's shapes
			}
			if rules[class] == nil {
				rules[class] = map[string]string{}
			}
			for k, v := range declarations(body) {
				rules[class][k] = v
			}
		}
	}
}

// declarations splits "fill: #fff; stroke: none" into its properties.
func declarations(s string) map[string]string {
	m := map[string]string{}
	for decl := range strings.SplitSeq(s, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		m[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return m
}

// paintProps are the properties the drawer uses, all inherited.
var paintProps = [...]string{"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin"}

// cascade works out an element's painting properties: inherited from its
// parent, then its presentation attributes, its classes' rules, and its
// style attribute, each overriding the one before, as in CSS.
func cascade(parent, attrs map[string]string, rules map[string]map[string]string) (map[string]string, error) {
	props := make(map[string]string, len(paintProps))
	for _, p := range paintProps {
		props[p] = parent[p]
		if v, ok := attrs[p]; ok {
			props[p] = strings.TrimSpace(v)
		}
	}
	for class := range strings.FieldsSeq(attrs["class"]) {
		for _, p := range paintProps {
			if v, ok := rules[class][p]; ok {
				props[p] = v
			}
		}
	}
	for k, v := range declarations(attrs["style"]) {
		switch k {
		case "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin":
			props[k] = v
		case "opacity", "fill-opacity", "stroke-opacity", "transform", "stroke-dasharray":
			return nil, fmt.Errorf("style %s is not supported in an icon", k)
		}
	}
	return props, nil
}

func shapeOf(props map[string]string, segs []svgSeg) (svgShape, error) {
	sh := svgShape{segs: segs, cap: props["stroke-linecap"], join: props["stroke-linejoin"]}
	var err error
	if sh.fill, err = parseColor(props["fill"]); err != nil {
		return sh, err
	}
	if sh.stroke, err = parseColor(props["stroke"]); err != nil {
		return sh, err
	}
	if sh.strokeWidth, err = parseLength(props["stroke-width"]); err != nil {
		return sh, fmt.Errorf("stroke-width: %v", err)
	}
	switch sh.cap {
	case "butt", "round", "square":
	default:
		return sh, fmt.Errorf("stroke-linecap %q is not one of butt, round and square", sh.cap)
	}
	switch sh.join {
	case "miter", "round", "bevel":
	default:
		return sh, fmt.Errorf("stroke-linejoin %q is not one of miter, round and bevel", sh.join)
	}
	return sh, nil
}

// parseColor reads #rgb, #rrggbb, rgb(r, g, b), none and a few names.
func parseColor(s string) (color.NRGBA, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "none", "transparent":
		return color.NRGBA{}, nil
	case "black":
		return color.NRGBA{A: 255}, nil
	case "white":
		return color.NRGBA{255, 255, 255, 255}, nil
	}
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		if len(hex) == 3 {
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		}
		if len(hex) == 6 {
			if v, err := strconv.ParseUint(hex, 16, 32); err == nil {
				return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, nil
			}
		}
	}
	if args, ok := strings.CutPrefix(s, "rgb("); ok && strings.HasSuffix(args, ")") {
		parts := strings.Split(strings.TrimSuffix(args, ")"), ",")
		if len(parts) == 3 {
			var c [3]uint8
			for i, p := range parts {
				v, err := strconv.Atoi(strings.TrimSpace(p))
				if err != nil || v < 0 || v > 255 {
					return color.NRGBA{}, fmt.Errorf("the colour %q is not one an icon can use; write it as #rrggbb", s)
				}
				c[i] = uint8(v)
			}
			return color.NRGBA{c[0], c[1], c[2], 255}, nil
		}
	}
	return color.NRGBA{}, fmt.Errorf("the colour %q is not one an icon can use; write it as #rrggbb", s)
}

// parseLength reads a number of user units, optionally with "px".
func parseLength(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
		return 0, fmt.Errorf("%q is not a length in user units, like 4", s)
	}
	return v, nil
}

func (s *Drawing) setViewBox(attrs map[string]string) error {
	if vb, ok := attrs["viewBox"]; ok {
		f := strings.FieldsFunc(vb, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
		if len(f) == 4 {
			var v [4]float64
			ok := true
			for i := range f {
				var err error
				if v[i], err = strconv.ParseFloat(f[i], 64); err != nil || math.IsInf(v[i], 0) || math.IsNaN(v[i]) {
					ok = false
				}
			}
			if ok && v[2] > 0 && v[3] > 0 {
				s.minX, s.minY, s.width, s.height = v[0], v[1], v[2], v[3]
				return nil
			}
		}
		return fmt.Errorf("the viewBox %q is not four numbers with a positive width and height", vb)
	}
	w, werr := parseLength(attrs["width"])
	h, herr := parseLength(attrs["height"])
	if werr != nil || herr != nil || w == 0 || h == 0 {
		return errors.New(`the <svg> has no viewBox; give it one, like viewBox="0 0 48 48"`)
	}
	s.width, s.height = w, h
	return nil
}

func attrFloat(attrs map[string]string, name string) (float64, error) {
	v, ok := attrs[name]
	if !ok {
		return 0, nil
	}
	f, err := parseLength(v)
	if err != nil && strings.HasPrefix(strings.TrimSpace(v), "-") {
		if g, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && !math.IsInf(g, 0) {
			return g, nil // a coordinate may be negative
		}
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %v", name, err)
	}
	return f, nil
}

// kappa places the control points of a cubic Bézier that draws a quarter
// circle.
const kappa = 0.5522847498

func rectSegs(attrs map[string]string) ([]svgSeg, error) {
	var v [6]float64
	for i, n := range []string{"x", "y", "width", "height", "rx", "ry"} {
		var err error
		if v[i], err = attrFloat(attrs, n); err != nil {
			return nil, err
		}
	}
	x, y, w, h, rx, ry := v[0], v[1], v[2], v[3], v[4], v[5]
	if _, ok := attrs["ry"]; !ok {
		ry = rx
	}
	if _, ok := attrs["rx"]; !ok {
		rx = ry
	}
	rx, ry = min(rx, w/2), min(ry, h/2)
	if w <= 0 || h <= 0 {
		return nil, nil
	}
	if rx == 0 || ry == 0 {
		return []svgSeg{
			{'M', []svgPt{{x, y}}}, {'L', []svgPt{{x + w, y}}}, {'L', []svgPt{{x + w, y + h}}}, {'L', []svgPt{{x, y + h}}}, {'Z', nil},
		}, nil
	}
	kx, ky := rx*kappa, ry*kappa
	return []svgSeg{
		{'M', []svgPt{{x + rx, y}}},
		{'L', []svgPt{{x + w - rx, y}}},
		{'C', []svgPt{{x + w - rx + kx, y}, {x + w, y + ry - ky}, {x + w, y + ry}}},
		{'L', []svgPt{{x + w, y + h - ry}}},
		{'C', []svgPt{{x + w, y + h - ry + ky}, {x + w - rx + kx, y + h}, {x + w - rx, y + h}}},
		{'L', []svgPt{{x + rx, y + h}}},
		{'C', []svgPt{{x + rx - kx, y + h}, {x, y + h - ry + ky}, {x, y + h - ry}}},
		{'L', []svgPt{{x, y + ry}}},
		{'C', []svgPt{{x, y + ry - ky}, {x + rx - kx, y}, {x + rx, y}}},
		{'Z', nil},
	}, nil
}

func circleSegs(attrs map[string]string) ([]svgSeg, error) {
	var v [3]float64
	for i, n := range []string{"cx", "cy", "r"} {
		var err error
		if v[i], err = attrFloat(attrs, n); err != nil {
			return nil, err
		}
	}
	return circlePath(v[0], v[1], v[2]), nil
}

func circlePath(cx, cy, r float64) []svgSeg {
	if r <= 0 {
		return nil
	}
	k := r * kappa
	return []svgSeg{
		{'M', []svgPt{{cx + r, cy}}},
		{'C', []svgPt{{cx + r, cy + k}, {cx + k, cy + r}, {cx, cy + r}}},
		{'C', []svgPt{{cx - k, cy + r}, {cx - r, cy + k}, {cx - r, cy}}},
		{'C', []svgPt{{cx - r, cy - k}, {cx - k, cy - r}, {cx, cy - r}}},
		{'C', []svgPt{{cx + k, cy - r}, {cx + r, cy - k}, {cx + r, cy}}},
		{'Z', nil},
	}
}

// parsePathData reads the d attribute of a <path>: the commands M L H V C S
// Q T Z in upper case (absolute) and lower case (relative), with implicit
// repeats. It returns absolute commands: M, L, Q, C and Z. Arcs (A) are not
// supported.
func parsePathData(d string) ([]svgSeg, error) {
	p := pathScanner{s: d}
	var out []svgSeg
	var cur, start, lastCtrl svgPt
	var lastOp byte
	cmd := byte(0)
	for {
		p.skipSpace()
		if p.done() {
			break
		}
		if c := p.s[p.i]; isPathCommand(c) {
			cmd = c
			p.i++
		} else if cmd == 0 {
			return nil, fmt.Errorf("the path data %q does not start with a command (M)", clip(d))
		} else if cmd == 'Z' || cmd == 'z' {
			return nil, fmt.Errorf("the path data has a number after Z at %d", p.i)
		}
		if len(out) == 0 && cmd != 'M' && cmd != 'm' {
			return nil, fmt.Errorf("the path data %q does not start with M", clip(d))
		}
		rel := cmd >= 'a'
		abs := func(q svgPt) svgPt {
			if rel {
				return svgPt{cur.x + q.x, cur.y + q.y}
			}
			return q
		}
		up := cmd &^ 0x20
		switch up {
		case 'Z':
			out = append(out, svgSeg{'Z', nil})
			cur = start
			lastOp = 'Z'
			continue
		case 'M', 'L', 'T':
			q, err := p.point()
			if err != nil {
				return nil, err
			}
			q = abs(q)
			switch up {
			case 'M':
				out = append(out, svgSeg{'M', []svgPt{q}})
				start = q
				// Numbers after a moveto are linetos.
				if rel {
					cmd = 'l'
				} else {
					cmd = 'L'
				}
			case 'L':
				out = append(out, svgSeg{'L', []svgPt{q}})
			case 'T':
				c := cur
				if lastOp == 'Q' {
					c = svgPt{2*cur.x - lastCtrl.x, 2*cur.y - lastCtrl.y}
				}
				out = append(out, svgSeg{'Q', []svgPt{c, q}})
				lastCtrl = c
				lastOp, cur = 'Q', q
				continue
			}
			cur = q
		case 'H', 'V':
			v, err := p.number()
			if err != nil {
				return nil, err
			}
			q := cur
			switch {
			case up == 'H' && rel:
				q.x += v
			case up == 'H':
				q.x = v
			case rel:
				q.y += v
			default:
				q.y = v
			}
			out = append(out, svgSeg{'L', []svgPt{q}})
			cur = q
		case 'Q', 'C', 'S':
			n := 2
			if up == 'C' {
				n = 3
			}
			pts := make([]svgPt, n)
			for i := range pts {
				q, err := p.point()
				if err != nil {
					return nil, err
				}
				pts[i] = abs(q)
			}
			switch up {
			case 'Q':
				out = append(out, svgSeg{'Q', pts})
				lastCtrl, lastOp, cur = pts[0], 'Q', pts[1]
				continue
			case 'S':
				c := cur
				if lastOp == 'C' {
					c = svgPt{2*cur.x - lastCtrl.x, 2*cur.y - lastCtrl.y}
				}
				pts = append([]svgPt{c}, pts...)
			}
			out = append(out, svgSeg{'C', pts})
			lastCtrl, lastOp, cur = pts[1], 'C', pts[2]
			continue
		case 'A':
			return nil, errors.New("arcs (A) in path data are not supported in an icon; draw the curve with C or Q")
		}
		lastOp = up
	}
	return out, nil
}

func isPathCommand(c byte) bool { return strings.IndexByte("MmLlHhVvCcSsQqTtZzAa", c) >= 0 }

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

type pathScanner struct {
	s string
	i int
}

func (p *pathScanner) done() bool { return p.i >= len(p.s) }

func (p *pathScanner) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n\f,", p.s[p.i]) >= 0 {
		p.i++
	}
}

// number reads one number: "-3", ".5", "1e-3"; "1.5.5" is two numbers and
// "3-4" too, as SVG allows.
func (p *pathScanner) number() (float64, error) {
	p.skipSpace()
	start := p.i
	if p.i < len(p.s) && (p.s[p.i] == '-' || p.s[p.i] == '+') {
		p.i++
	}
	digits, dot := 0, false
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c >= '0' && c <= '9' {
			digits++
		} else if c == '.' && !dot {
			dot = true
		} else {
			break
		}
		p.i++
	}
	if digits > 0 && p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		j := p.i + 1
		if j < len(p.s) && (p.s[j] == '-' || p.s[j] == '+') {
			j++
		}
		if j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
				j++
			}
			p.i = j
		}
	}
	if digits == 0 {
		p.i = start
		if p.done() {
			return 0, errors.New("the path data ends in the middle of a command")
		}
		return 0, fmt.Errorf("the path data has %q where a number belongs", p.s[start:start+1])
	}
	v, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("the path data has the number %q, which is out of range", p.s[start:p.i])
	}
	return v, nil
}

func (p *pathScanner) point() (svgPt, error) {
	x, err := p.number()
	if err != nil {
		return svgPt{}, err
	}
	y, err := p.number()
	if err != nil {
		return svgPt{}, err
	}
	return svgPt{x, y}, nil
}

// Size is the drawing's width and height in user units (its viewBox).
func (s *Drawing) Size() (width, height float64) { return s.width, s.height }

// Rasterize draws the drawing on a transparent w×h image, scaled to fit and
// centred, as a browser does by default.
func (s *Drawing) Rasterize(w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	s.Draw(dst, dst.Bounds())
	return dst
}

// RasterizeSVG parses src, the SVG file name, and draws it at w×h.
func RasterizeSVG(name string, src []byte, w, h int) (*image.RGBA, error) {
	s, err := ParseSVG(name, src)
	if err != nil {
		return nil, err
	}
	return s.Rasterize(w, h), nil
}

// Draw draws the drawing into r of dst, scaled to fit r and centred, over what
// is there.
func (s *Drawing) Draw(dst draw.Image, r image.Rectangle) {
	if r.Empty() {
		return
	}
	scale := min(float64(r.Dx())/s.width, float64(r.Dy())/s.height)
	ox := float64(r.Dx())/2 - s.width*scale/2 - s.minX*scale
	oy := float64(r.Dy())/2 - s.height*scale/2 - s.minY*scale
	tf := func(p svgPt) svgPt { return svgPt{p.x*scale + ox, p.y*scale + oy} }
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	for _, sh := range s.shapes {
		lines := flatten(sh.segs, tf)
		if sh.fill.A > 0 {
			z.Reset(r.Dx(), r.Dy())
			for _, l := range lines {
				polygon(z, l.pts)
			}
			z.Draw(dst, r, image.NewUniform(sh.fill), image.Point{})
		}
		if sh.stroke.A > 0 && sh.strokeWidth > 0 {
			z.Reset(r.Dx(), r.Dy())
			for _, l := range lines {
				strokeLine(z, l, sh.strokeWidth*scale/2, sh.cap, sh.join)
			}
			z.Draw(dst, r, image.NewUniform(sh.stroke), image.Point{})
		}
	}
}

// polyline is one flattened subpath.
type polyline struct {
	pts    []svgPt
	closed bool
}

// flatten turns the commands into polylines in device space, curves cut
// into pieces of about a pixel and a half.
func flatten(segs []svgSeg, tf func(svgPt) svgPt) []polyline {
	var out []polyline
	var cur polyline
	var pen, start svgPt
	flush := func() {
		if len(cur.pts) > 1 {
			out = append(out, cur)
		}
		cur = polyline{}
	}
	for _, sg := range segs {
		switch sg.op {
		case 'M':
			flush()
			pen, start = tf(sg.pts[0]), tf(sg.pts[0])
			cur.pts = []svgPt{pen}
		case 'L':
			pen = tf(sg.pts[0])
			cur.pts = append(cur.pts, pen)
		case 'Q', 'C':
			ctrl := []svgPt{pen}
			for _, q := range sg.pts {
				ctrl = append(ctrl, tf(q))
			}
			length := 0.0
			for i := 1; i < len(ctrl); i++ {
				length += math.Hypot(ctrl[i].x-ctrl[i-1].x, ctrl[i].y-ctrl[i-1].y)
			}
			n := min(max(int(math.Ceil(length/1.5)), 4), 512)
			for i := 1; i <= n; i++ {
				cur.pts = append(cur.pts, bezier(ctrl, float64(i)/float64(n)))
			}
			pen = ctrl[len(ctrl)-1]
		case 'Z':
			if len(cur.pts) > 0 {
				cur.closed = true
				flush()
			}
			pen = start
			cur.pts = []svgPt{pen}
		}
	}
	flush()
	return out
}

// bezier evaluates a quadratic or cubic Bézier curve at t.
func bezier(c []svgPt, t float64) svgPt {
	u := 1 - t
	if len(c) == 3 {
		return svgPt{
			u*u*c[0].x + 2*u*t*c[1].x + t*t*c[2].x,
			u*u*c[0].y + 2*u*t*c[1].y + t*t*c[2].y,
		}
	}
	return svgPt{
		u*u*u*c[0].x + 3*u*u*t*c[1].x + 3*u*t*t*c[2].x + t*t*t*c[3].x,
		u*u*u*c[0].y + 3*u*u*t*c[1].y + 3*u*t*t*c[2].y + t*t*t*c[3].y,
	}
}

func polygon(z *vector.Rasterizer, pts []svgPt) {
	if len(pts) < 3 {
		return
	}
	// The rasterizer works in fixed point and overflows far outside the
	// picture; a point beyond this bound is moved onto it, which changes
	// nothing that can be seen.
	size := z.Size()
	bound := float64(100 * max(size.X, size.Y, 1))
	clamp := func(v float64) float32 {
		if math.IsNaN(v) {
			return 0
		}
		return float32(min(max(v, -bound), bound))
	}
	z.MoveTo(clamp(pts[0].x), clamp(pts[0].y))
	for _, p := range pts[1:] {
		z.LineTo(clamp(p.x), clamp(p.y))
	}
	z.ClosePath()
}

// orientedPolygon adds pts wound clockwise. The rasterizer adds up the
// coverage of overlapping shapes and clips it at full; pieces of a stroke
// wound the other way would cancel where they overlap and leave holes.
func orientedPolygon(z *vector.Rasterizer, pts []svgPt) {
	area := 0.0
	for i := range pts {
		j := (i + 1) % len(pts)
		area += pts[i].x*pts[j].y - pts[j].x*pts[i].y
	}
	if area < 0 {
		rev := make([]svgPt, len(pts))
		for i, p := range pts {
			rev[len(pts)-1-i] = p
		}
		pts = rev
	}
	polygon(z, pts)
}

// disc adds a filled circle of radius r, for round caps and joins.
func disc(z *vector.Rasterizer, c svgPt, r float64) {
	n := min(max(int(math.Ceil(r*2*math.Pi/1.5)), 8), 256)
	pts := make([]svgPt, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = svgPt{c.x + r*math.Cos(a), c.y + r*math.Sin(a)}
	}
	orientedPolygon(z, pts)
}

// strokeLine strokes a polyline of half width hw: a quad for each piece, a
// disc at each corner (round joins; corners of flattened curves are joined
// round whatever the join, as their angles are tiny) or a triangle (bevel
// and miter, drawn bevelled), and the caps at the ends of an open line.
func strokeLine(z *vector.Rasterizer, l polyline, hw float64, capStyle, join string) {
	pts := l.pts
	// Drop repeated points: a piece of no length has no direction.
	clean := pts[:0:0]
	for _, p := range pts {
		if len(clean) == 0 || math.Hypot(p.x-clean[len(clean)-1].x, p.y-clean[len(clean)-1].y) > 1e-9 {
			clean = append(clean, p)
		}
	}
	pts = clean
	if len(pts) < 2 {
		if len(pts) == 1 && capStyle == "round" {
			disc(z, pts[0], hw)
		}
		return
	}
	if l.closed && pts[0] != pts[len(pts)-1] {
		pts = append(pts, pts[0])
	}
	normal := func(a, b svgPt) svgPt {
		dx, dy := b.x-a.x, b.y-a.y
		n := math.Hypot(dx, dy)
		return svgPt{-dy / n * hw, dx / n * hw}
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		n := normal(a, b)
		if !l.closed && capStyle == "square" {
			dx, dy := n.y, -n.x // along the piece, hw long
			if i == 1 {
				a = svgPt{a.x - dx, a.y - dy}
			}
			if i == len(pts)-1 {
				b = svgPt{b.x + dx, b.y + dy}
			}
		}
		orientedPolygon(z, []svgPt{{a.x + n.x, a.y + n.y}, {b.x + n.x, b.y + n.y}, {b.x - n.x, b.y - n.y}, {a.x - n.x, a.y - n.y}})
	}
	// Joins at inner corners, and at the start of a closed line.
	last := len(pts) - 1
	for i := 1; i <= last; i++ {
		if i == last && !l.closed {
			break
		}
		prev, p := pts[i-1], pts[i]
		next := pts[1]
		if i < last {
			next = pts[i+1]
		}
		if join == "round" || isCurvePoint(prev, p, next) {
			disc(z, p, hw)
			continue
		}
		n1, n2 := normal(prev, p), normal(p, next)
		orientedPolygon(z, []svgPt{p, {p.x + n1.x, p.y + n1.y}, {p.x + n2.x, p.y + n2.y}})
		orientedPolygon(z, []svgPt{p, {p.x - n1.x, p.y - n1.y}, {p.x - n2.x, p.y - n2.y}})
	}
	if !l.closed && capStyle == "round" {
		disc(z, pts[0], hw)
		disc(z, pts[last], hw)
	}
}

// isCurvePoint reports whether p turns the line by less than about ten
// degrees, as the points of a flattened curve do.
func isCurvePoint(a, p, b svgPt) bool {
	ux, uy := p.x-a.x, p.y-a.y
	vx, vy := b.x-p.x, b.y-p.y
	cos := (ux*vx + uy*vy) / (math.Hypot(ux, uy) * math.Hypot(vx, vy))
	return cos > 0.985
}
