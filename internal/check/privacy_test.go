package check

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

func TestPrivacy(t *testing.T) {
	page := "content/om.md"
	tests := []struct {
		name   string
		config string
		owner  string
		path   string
		data   string
		want   string // "" for no finding
	}{
		{"script from a CDN", "", "themes/t/layouts", "om/index.html",
			`<script src="https://cdn.example.net/x.js"></script>`,
			`themes/t/layouts: error: om/index.html loads https://cdn.example.net/x.js from another host, which tells cdn.example.net who visits`},
		{"font in CSS", "", "static/css/site.css", "css/site.css",
			`@font-face{src:url("https://fonts.example.com/f.woff2")}`,
			`static/css/site.css: error: css/site.css loads https://fonts.example.com/f.woff2 from another host, which tells fonts.example.com who visits`},
		{"image in Markdown, at its line", "", page, "om/index.html",
			`<p><img src="https://bilder.example.org/a.jpg" alt="a"></p>`,
			`content/om.md:6:6: error: om/index.html loads https://bilder.example.org/a.jpg from another host, which tells bilder.example.org who visits`},
		{"protocol-relative iframe", "", page, "om/index.html", `<iframe src="//maps.example.org/x" title="Kart"></iframe>`,
			`content/om.md: error: om/index.html loads //maps.example.org/x from another host, which tells maps.example.org who visits`},
		{"srcset candidate", "", page, "om/index.html", `<img srcset="/a.jpg 1x, https://cdn.example.net/a2.jpg 2x" alt="a">`,
			`content/om.md: error: om/index.html loads https://cdn.example.net/a2.jpg from another host, which tells cdn.example.net who visits`},
		{"allowed host", "[privacy]\nallowHosts = [\"cdn.example.net\"]\n", page, "om/index.html", `<script src="https://cdn.example.net/x.js"></script>`, ""},
		{"the site's own host", "baseURL = \"https://drammen.works/\"\n", page, "om/index.html", `<link rel="stylesheet" href="https://drammen.works/css/site.css">`, ""},
		{"a link a visitor follows", "", page, "om/index.html", `<a href="https://example.org/">Eksempel</a>`, ""},
		{"canonical and alternate links", "", page, "om/index.html", `<link rel="canonical" href="https://x.example/om/"><link rel="alternate" hreflang="en" href="https://x.example/en/about/">`, ""},
		{"relative references", "", page, "om/index.html", `<img src="/bilde.png" alt="b"><script src="js/a.js"></script>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{page: fm("Om oss") + "\nSe bildet:\n![a](https://bilder.example.org/a.jpg)\n"}
			if tt.config != "" {
				files["works.toml"] = tt.config
			}
			m, docs := model(t, files, site.Options{})
			set := output.NewSet()
			if err := set.Add(output.File{Path: tt.path, Data: []byte(tt.data), Owner: tt.owner}); err != nil {
				t.Fatal(err)
			}
			for _, way := range builtWays {
				var got []string
				for _, l := range lines(Run(context.Background(), m, docs, way.options(t, m, set))) {
					if strings.Contains(l, "another host") {
						got = append(got, l)
					}
				}
				if tt.want == "" && len(got) > 0 || tt.want != "" && (len(got) != 1 || got[0] != tt.want) {
					t.Errorf("%s: got %q, want %q", way.name, got, tt.want)
				}
			}
		})
	}
}

func TestCSSLoads(t *testing.T) {
	tests := []struct {
		name, css string
		want      []string
	}{
		{"url unquoted", `a{background:url(https://cdn.example/a.png)}`, []string{"https://cdn.example/a.png"}},
		{"url quoted with spaces", `a{background:URL( "//x.example/b.png" )}`, []string{"//x.example/b.png"}},
		{"url single quotes", `@font-face{src:url('/f.woff2')}`, []string{"/f.woff2"}},
		{"import", `@import "https://fonts.example/css";`, []string{"https://fonts.example/css"}},
		{"import url", `@import url(https://fonts.example/css2);`, []string{"https://fonts.example/css2"}},
		{"import without space is not an import", `@import"x.css";`, nil},
		{"not a url call", `a{width:calc(100% - 1rem)} .curl(x)`, []string{"x"}},
		{"empty url", `a{background:url()}`, nil},
		{"url at the end", `url(`, nil},
		{"several", `a{b:url(1.png)}c{d:url(2.png)}`, []string{"1.png", "2.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cssLoads([]byte(tt.css)); !slices.Equal(got, tt.want) {
				t.Errorf("cssLoads(%q) = %q, want %q", tt.css, got, tt.want)
			}
		})
	}
}

// loadingTagRE is what loadingTags replaced; the two must agree.
var loadingTagRE = regexp.MustCompile(`(?is)<(script|link|img|iframe|source|video|audio|embed|object|track|input|image|use)\b[^>]*>`)

func TestLoadingTags(t *testing.T) {
	for _, doc := range []string{
		`<p>Tekst</p><img src="a.png" alt=""><IMG SRC=b.png>`,
		`<script src="https://x.example/a.js"></script><scripts><script2 x><imgx><image href="c.svg"/>`,
		`<link rel="stylesheet" href="/s.css"><use-x href="#a"><use href="#b">`,
		`<img src="x.png"`,
		`<<img>><a href="/">lenke</a><video poster="p.jpg"><source src="v.mp4"></video>`,
		`<iframe src="//maps.example/x">`, "<\u00e6img>", `<>`, ``, `<img`,
	} {
		sameLoadingTags(t, doc)
	}
}

// sameLoadingTags checks loadingTags against the regexp on one document.
func sameLoadingTags(t *testing.T, doc string) {
	t.Helper()
	var want, got []string
	for _, m := range loadingTagRE.FindAll([]byte(doc), -1) {
		want = append(want, string(m))
	}
	for _, m := range loadingTags([]byte(doc)) {
		got = append(got, string(m))
	}
	if !slices.Equal(got, want) {
		t.Errorf("loadingTags(%q) = %q, want %q", doc, got, want)
	}
}

func FuzzLoadingTags(f *testing.F) {
	f.Add(`<img src="a.png"><script src=x></script><link rel=icon href=/i.svg>`)
	f.Fuzz(func(t *testing.T, doc string) {
		sameLoadingTags(t, doc)
	})
}

// cssURLRE is what cssLoads replaced; the two must agree.
var cssURLRE = regexp.MustCompile(`(?i)(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)`)

func FuzzCSSLoads(f *testing.F) {
	f.Add(`a{background:url( "//x.example/b.png" )}@import "https://f.example/c";`)
	f.Fuzz(func(t *testing.T, css string) {
		var want []string
		for _, m := range cssURLRE.FindAllStringSubmatch(css, -1) {
			want = append(want, m[1])
		}
		if got := cssLoads([]byte(css)); !slices.Equal(got, want) {
			t.Errorf("cssLoads(%q) = %q, want %q", css, got, want)
		}
	})
}

// TestPrivacyCopiedFiles: files the build copies as they are (a drawing or
// a page in a page's folder, or in static/) are read too.
func TestPrivacyCopiedFiles(t *testing.T) {
	src := fstest.MapFS{
		"historier/x/kart.svg":  {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tiles.example.org/1.png"/></svg>`)},
		"historier/x/side.html": {Data: []byte(`<p>Se <img src="https://sporing.example.net/p.gif" alt=""></p>`)},
		"historier/x/ren.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><a href="https://drammen.kommune.no/"><text>K</text></a></svg>`)},
	}
	m, docs := model(t, map[string]string{"content/om.md": fm("Om oss") + "\nTekst.\n"}, site.Options{})
	set := output.NewSet()
	for name := range src {
		if err := set.Add(output.File{Path: strings.TrimPrefix(name, "historier/"), From: src, FromPath: name, Owner: "content/" + name}); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"content/historier/x/kart.svg: error: x/kart.svg loads https://tiles.example.org/1.png from another host, which tells tiles.example.org who visits",
		"content/historier/x/side.html: error: x/side.html loads https://sporing.example.net/p.gif from another host, which tells sporing.example.net who visits",
	}
	for _, way := range builtWays {
		var got []string
		for _, l := range lines(Run(context.Background(), m, docs, way.options(t, m, set))) {
			if strings.Contains(l, "another host") {
				got = append(got, l)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %q\nwant %q", way.name, got, want)
		}
	}
}

// loadingAttrRE and relAttrRE are what attrs replaced; they must agree.
var (
	loadingAttrRE = regexp.MustCompile(`(?is)\s(src|href|srcset|poster|data|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	relAttrRE     = regexp.MustCompile(`(?is)\srel\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

func TestAttrs(t *testing.T) {
	for _, tag := range []string{
		`<img src="a.png" srcset="a.png 1x, b.png 2x" alt="">`,
		`<IMG SRC=b.png SrcSet = 'c.png 2x'>`,
		`<video poster=p.jpg data="d"><source src="v.mp4">`,
		`<use xlink:href="#a" href='#b'>`,
		`<img alt="a src=x" src="y">`,          // a match inside a quoted value
		`<img src="unclosed>`, `<img src='x">`, // an unclosed quote is a plain value
		`<img src=>`, `<img src= >`, `<img src`, `<img src =`, `<img src=x`,
		"<img\tsrc\n=\r\"a\"\fsrcset=b>",
		"<img \u017Frc=a \u017FRCSET=b>",       // ſ folds to s
		"<use xlin\u212A:href=c>",              // the Kelvin sign folds to k
		"<img \vsrc=a \u00a0src=b>",            // neither is \s
		"<img srcsrc=a src=b srcx=c data-x=d>", // names followed by other letters
		`<link rel="stylesheet" REL=icon href="/s.css">`,
		"<img src=\"a\"src=b \xe2 src=c \xff\xfesrc=d>",
		``, ` `, `<img  src="a"  src="b">`,
	} {
		sameAttrs(t, tag)
	}
}

// sameAttrs checks attrs against the regular expressions on one tag.
func sameAttrs(t *testing.T, tag string) {
	t.Helper()
	for _, c := range []struct {
		re    *regexp.Regexp
		names []string
	}{{loadingAttrRE, loadingAttrs}, {relAttrRE, relAttr}} {
		var want, got []string
		for _, m := range c.re.FindAllSubmatch([]byte(tag), -1) {
			if len(m) == 3 {
				want = append(want, string(m[1])+"="+string(m[2]))
			} else {
				want = append(want, "rel="+string(m[1]))
			}
		}
		attrs([]byte(tag), c.names, func(name, value []byte) bool {
			if c.names[0] == "rel" {
				got = append(got, "rel="+string(value))
			} else {
				got = append(got, string(name)+"="+string(value))
			}
			return true
		})
		if !slices.Equal(got, want) {
			t.Errorf("attrs(%q, %q) = %q, want %q", tag, c.names, got, want)
		}
	}
}

func FuzzAttrs(f *testing.F) {
	f.Add(`<img src="a.png" srcset='b.png 2x' data=x><link rel=icon href=/i.svg>`)
	f.Add("<use xlin\u212A:href=c \u017Frc=\"a\">")
	f.Fuzz(func(t *testing.T, tag string) {
		sameAttrs(t, tag)
	})
}
