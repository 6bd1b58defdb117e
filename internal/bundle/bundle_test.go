package bundle

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/msg"
)

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func ftyp(brand string, compat ...string) []byte {
	body := brand + "\x00\x00\x00\x00" + strings.Join(compat, "")
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
	return append(append(b, "ftyp"...), body...)
}

func TestClassify(t *testing.T) {
	jpg := jpegBytes(t)
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 2, 2)))
	bmp := append([]byte("BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"), make([]byte, 40)...)
	tests := []struct {
		name string
		head []byte
		want Class
	}{
		{"utkast.md", []byte("---\ndraft: true\n---\nKONFIDENSIELT"), Class{Kind: Source}},
		{"foto.jpg", jpg, Class{Photo, "JPEG"}},
		{"foto", jpg, Class{Photo, "JPEG"}},
		{"foto.jfif", jpg, Class{Photo, "JPEG"}},
		{"foto.jpe", jpg, Class{Photo, "JPEG"}},
		{"ikon.png", pngBuf.Bytes(), Class{Photo, "PNG"}},
		{"skjult.txt", jpg, Class{Photo, "JPEG"}},
		{"IMG_0001.HEIC", ftyp("heic", "mif1", "heic"), Class{Unprocessable, "HEIC"}},
		{"bilde", ftyp("mif1", "heic"), Class{Unprocessable, "HEIC"}},
		{"bilde.avif", ftyp("avif", "mif1", "avif"), Class{Unprocessable, "AVIF"}},
		{"skann.tif", []byte("II*\x00\x08\x00\x00\x00"), Class{Unprocessable, "TIFF"}},
		{"rå.dng", []byte("MM\x00*\x00\x00\x00\x08"), Class{Unprocessable, "TIFF"}},
		{"tom.heic", nil, Class{Unprocessable, "HEIC"}},
		{"gammel.bmp", bmp, Class{Unprocessable, "BMP"}},
		{"bilmerker.txt", []byte("BMW og Volvo er bilmerker som selges i Drammen."), Class{Kind: Other}},
		{"tegning.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), Class{Drawing, "SVG"}},
		{"tegning", []byte(`<?xml version="1.0"?><!-- laget i Inkscape --><svg xmlns="http://www.w3.org/2000/svg"/>`), Class{Drawing, "SVG"}},
		{"side.html", []byte("<p>hei</p>"), Class{Markup, "HTML"}},
		{"side.xhtml", []byte("<html/>"), Class{Markup, "XHTML"}},
		{"data.xml", []byte("<a/>"), Class{Markup, "XML"}},
		{"side.txt", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), Class{Markup, "HTML"}},
		{"feed", []byte(`<?xml version="1.0"?><rss/>`), Class{Markup, "XML"}},
		{"rapport.pdf", []byte("%PDF-1.7\n"), Class{Kind: Other}},
		{"film.mp4", ftyp("isom", "isom", "mp41"), Class{Kind: Other}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.name, tt.head); got != tt.want {
				t.Errorf("Classify(%q) = %+v, want %+v", tt.name, got, tt.want)
			}
		})
	}
}

func TestCheckSVG(t *testing.T) {
	const ns = `xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"`
	tests := []struct {
		name string
		svg  string
		want []string // each problem's text contains one, in order; none: clean
	}{
		{"clean", `<svg ` + ns + ` viewBox="0 0 10 10"><rect width="10" height="10" fill="#0a5"/><use href="#a"/></svg>`, nil},
		{"doctype of SVG 1.1", `<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg ` + ns + `/>`, nil},
		{"Illustrator's entities", `<!DOCTYPE svg [<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">]><svg ` + ns + ` xmlns:x="&ns_extend;"/>`, nil},
		{"link to another host", `<svg ` + ns + `><a href="https://drammen.kommune.no/"><text>Kommunen</text></a></svg>`, nil},
		{"script", `<svg ` + ns + `><script>alert(document.cookie)</script></svg>`, []string{"<script>"}},
		{"upper-case script", `<svg ` + ns + `><SCRIPT>alert(1)</SCRIPT></svg>`, []string{"<SCRIPT>"}},
		{"onload", `<svg ` + ns + ` onload="alert(1)"/>`, []string{"onload"}},
		{"foreignObject", `<svg ` + ns + `><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="x"/></body></foreignObject></svg>`, []string{"foreignObject", "body", "iframe"}},
		{"javascript link", `<svg ` + ns + `><a xlink:href="java&#x09;script:alert(1)"><text>klikk</text></a></svg>`, []string{"javascript"}},
		{"javascript in animation", `<svg ` + ns + `><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>`, []string{"javascript"}},
		{"image from another host", `<svg ` + ns + `><image xlink:href="https://sporing.example/pixel.png"/></svg>`, []string{"<image> loads https://sporing.example/pixel.png"}},
		{"scheme-relative use", `<svg ` + ns + `><use href="//cdn.example/sprites.svg#a"/></svg>`, []string{"<use> loads"}},
		{"font in a style element", `<svg ` + ns + `><style>@import url("https://fonts.example/css");</style></svg>`, []string{"https://fonts.example/css"}},
		{"style attribute", `<svg ` + ns + `><rect style="fill:url(https://x.example/p.svg#g)"/></svg>`, []string{"https://x.example/p.svg#g"}},
		{"fill attribute", `<svg ` + ns + `><rect fill="url('http://x.example/p.svg#g')"/></svg>`, []string{"fill attribute loads"}},
		{"external entity", `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg ` + ns + `><text>&xxe;</text></svg>`, []string{"entities", "not well-formed"}},
		{"entity hiding a script address", `<!DOCTYPE svg [<!ENTITY js "javascript:">]><svg ` + ns + `><a href="&js;alert(1)"/></svg>`, []string{"javascript"}},
		{"billion laughs", `<!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]><svg ` + ns + `><text>&b;</text></svg>`, []string{"entities", "not well-formed"}},
		{"style sheet from another host", `<?xml-stylesheet href="https://x.example/s.css"?><svg ` + ns + `/>`, []string{"style sheet"}},
		{"not well-formed", `<svg ` + ns + `><g></svg>`, []string{"not well-formed"}},
		{"data address with a page", `<svg ` + ns + `><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`, []string{"data:image/svg+xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckSVG([]byte(tt.svg))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, p := range got {
				if !strings.Contains(p.What.String(), tt.want[i]) {
					t.Errorf("problem %d %q does not mention %q", i, p.What, tt.want[i])
				}
				if p.Line < 1 || p.Fix.IsZero() {
					t.Errorf("problem %d has no line or no fix: %+v", i, p)
				}
			}
		})
	}
}

func box(typ string, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	return append(append(binary.BigEndian.AppendUint32(nil, uint32(8+len(b))), typ...), b...)
}

func TestVideoLocation(t *testing.T) {
	head := ftyp("qt  ", "qt  ")
	mdat := box("mdat", make([]byte, 1000))
	tests := []struct {
		name  string
		video []byte
		want  bool
	}{
		{"iPhone keys", bytes.Join([][]byte{head, mdat, box("moov", box("meta", box("keys", []byte("mdtacom.apple.quicktime.location.ISO6709"))))}, nil), true},
		{"Android ©xyz", bytes.Join([][]byte{head, box("moov", box("udta", box("\xA9xyz", []byte("+59.7439+010.2045/")))), mdat}, nil), true},
		{"no location", bytes.Join([][]byte{head, box("moov", box("mvhd", make([]byte, 100))), mdat}, nil), false},
		{"location words in the picture data only", bytes.Join([][]byte{head, box("moov", box("mvhd", make([]byte, 100))), box("mdat", []byte("\xA9xyz"))}, nil), false},
		{"cut off", head[:6], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VideoLocation(bytes.NewReader(tt.video), int64(len(tt.video)))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("VideoLocation = %v, want %v", got, tt.want)
			}
		})
	}
	if !IsVideo(head) || IsVideo(ftyp("heic", "mif1")) {
		t.Error("IsVideo tells videos from HEIC pictures wrongly")
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>`))
	f.Add([]byte("\xFF\xD8\xFF\xE1\x00\x10Exif\x00\x00II*\x00\x08\x00"))
	f.Add([]byte("\x00\x00\x00\x0cftypheic"))
	f.Fuzz(func(t *testing.T, b []byte) {
		Classify("x", b)
		CheckSVG(b)
		VideoLocation(bytes.NewReader(b), int64(len(b)))
	})
}

// TestCheckSVGNorwegian: what the XML reader finds wrong reaches the
// writer in Norwegian, not in encoding/xml's English.
func TestCheckSVGNorwegian(t *testing.T) {
	const ns = `xmlns="http://www.w3.org/2000/svg"`
	for _, tt := range []struct{ svg, want string }{
		{`<svg ` + ns + `><g></svg>`, "(<g> lukkes av </svg>)"},
		{`<svg ` + ns + `><g>`, "(filen slutter før tegningen er ferdig)"},
		{`<svg ` + ns + ` width=10/>`, "(verdien til et attributt står ikke i anførselstegn)"},
		{`<?xml version="1.0" encoding="ISO-8859-1"?><svg ` + ns + `/>`, "(tegningen er lagret som ISO-8859-1, ikke UTF-8)"},
		{`<svg ` + ns + `><text>&nbsp;</text></svg>`, "(&nbsp; viser til et tegn eller en entitet som tegningen ikke har definert)"},
		{`<svg ` + ns + `><!-- a -- b --></svg>`, "(en kommentar inneholder «--»"},
		{`<svg ` + ns + `/></g>`, "(</g> lukker et element som ikke er åpnet)"},
		{`<svg ` + ns + `><script>x</script></svg>`, "tegningen har et <script>-element"},
	} {
		probs := CheckSVG([]byte(tt.svg))
		if len(probs) != 1 {
			t.Errorf("%s: %d problems, want 1: %+v", tt.svg, len(probs), probs)
			continue
		}
		if got := probs[0].What.In(msg.Norwegian); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want it to say %q", tt.svg, got, tt.want)
		}
	}
}
