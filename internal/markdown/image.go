package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// ImageResolver maps an image written in the body to the images a site
// ships for it. from is the document's path relative to content/
// ("historier/a/index.md"); dest is the destination as written
// ("hall.jpg"). ok is false when dest is not a file the resolver knows,
// and the image is then rendered as written: reporting a missing file is
// the checker's job, so a build says it once.
type ImageResolver interface {
	Image(from, dest string) (pic Picture, ok bool)
}

// Picture is what a <picture> element needs: the size that reserves the
// image's room in the layout, the <img> fallback and the formats.
type Picture struct {
	Width, Height int
	Src           string // the <img> src: the largest image in the fallback format, or the SVG
	// Sources are the formats, best first; the last is the <img> element's
	// srcset, the others become <source> elements. Empty for an SVG, which
	// scales by itself.
	Sources []PictureSource
}

// PictureSource is one format's images.
type PictureSource struct {
	MediaType string // "image/webp"
	Srcset    string // "a_480x320.webp 480w, a_800x533.webp 800w"
}

// Sizes is the sizes attribute of a content image: the text column is at
// most 48rem wide, and the whole viewport below that.
const Sizes = "(min-width: 48rem) 48rem, 100vw"

// kindPicture is the AST node kind of a resolved image.
var kindPicture = ast.NewNodeKind("Picture")

// pictureNode replaces an ast.Image whose file the resolver knows.
type pictureNode struct {
	ast.BaseInline
	pic   Picture
	alt   string
	title string
	first bool // the page's first image: the browser should fetch it early
}

func (n *pictureNode) Kind() ast.NodeKind { return kindPicture }

func (n *pictureNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Src": n.pic.Src, "Alt": n.alt}, nil)
}

// decorative is the title that marks an image with nothing to say to a
// reader who cannot see it: ![](ornament.jpg "decorative").
const decorative = "decorative"

// picture turns img into a pictureNode when the resolver knows its file.
// It returns nil otherwise.
func (st *state) picture(img *ast.Image, src []byte) *pictureNode {
	if st.in.Images == nil {
		return nil
	}
	dest := string(img.Destination)
	if dest == "" || hasScheme(dest) || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") {
		return nil
	}
	pic, ok := st.in.Images.Image(st.in.Path, dest)
	if !ok {
		return nil
	}
	var p plain
	for c := img.FirstChild(); c != nil; c = c.NextSibling() {
		p.node(c, src)
	}
	n := &pictureNode{pic: pic, alt: string(p.buf), title: string(img.Title), first: !st.sawImage}
	if strings.EqualFold(strings.TrimSpace(n.title), decorative) {
		n.alt, n.title = "", ""
	}
	st.sawImage = true
	return n
}

// pictureRenderer writes a pictureNode as <picture> (or a bare <img> for a
// drawing) with its size, so the layout does not jump while it loads.
type pictureRenderer struct{}

func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPicture, renderPicture)
}

func renderPicture(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*pictureNode)
	attr := func(name, value string) {
		_, _ = w.WriteString(" " + name + `="`)
		_, _ = w.Write(util.EscapeHTML([]byte(value)))
		_ = w.WriteByte('"')
	}
	srcs := n.pic.Sources
	if len(srcs) > 0 {
		_, _ = w.WriteString("<picture>")
		for _, s := range srcs[:len(srcs)-1] {
			_, _ = w.WriteString("<source")
			attr("type", s.MediaType)
			attr("srcset", s.Srcset)
			attr("sizes", Sizes)
			_, _ = w.WriteString(">")
		}
	}
	_, _ = w.WriteString("<img")
	attr("src", n.pic.Src)
	if len(srcs) > 0 {
		attr("srcset", srcs[len(srcs)-1].Srcset)
		attr("sizes", Sizes)
	}
	if n.pic.Width > 0 && n.pic.Height > 0 {
		attr("width", strconv.Itoa(n.pic.Width))
		attr("height", strconv.Itoa(n.pic.Height))
	}
	attr("alt", n.alt)
	if n.title != "" {
		attr("title", n.title)
	}
	if n.first {
		attr("fetchpriority", "high")
	} else {
		attr("loading", "lazy")
	}
	attr("decoding", "async")
	_, _ = w.WriteString(">")
	if len(srcs) > 0 {
		_, _ = w.WriteString("</picture>")
	}
	return ast.WalkSkipChildren, nil
}
