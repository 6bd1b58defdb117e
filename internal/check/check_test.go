package check

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// now is the moment the test sites are built for.
var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// fm is front matter with a title; the body starts on line 4.
func fm(title string, more ...string) string {
	return "---\ntitle: " + title + "\n" + strings.Join(more, "") + "---\n"
}

// model builds a site from files: content/… and an optional works.toml.
func model(t *testing.T, files map[string]string, opts site.Options) (*site.Model, []*content.Document) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = now
	}
	return sitetest.Model(t, files, opts)
}

// lines formats findings as "file:line:col: severity: message".
func lines(l diag.List) []string {
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Msg)
	}
	return out
}

type ruleCase struct {
	name  string
	files map[string]string
	opts  Options
	site  site.Options
	want  []string // findings, "file:line:col: severity: message"
	hint  string   // when set, the first finding's hint
}

// runCases runs each case twice: with the facts of bodies rendered as the
// build renders them (links resolved through the model), and with check
// reading the bodies itself, as when the build stopped before Markdown. A
// case with built files runs a third time with what a Built saw of them
// (see sameAsFiles for a check of some documents).
func runCases(t *testing.T, tests []ruleCase) {
	t.Helper()
	for _, tt := range tests {
		for _, way := range []string{"", "/unrendered", "/built"} {
			if way == "/built" && tt.opts.Files == nil {
				continue
			}
			t.Run(tt.name+way, func(t *testing.T) {
				m, docs := model(t, tt.files, tt.site)
				opts := tt.opts
				opts.Now = now
				if way != "/unrendered" {
					opts.Facts = renderedFacts(m)
				}
				if way == "/built" {
					sameAsFiles(t, m, docs, opts)
					opts.Built, opts.Files = observe(t, m, opts.Files), nil
				}
				found := Run(context.Background(), m, docs, opts)
				got := lines(found)
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
				}
				if tt.hint != "" && len(found) > 0 && found[0].Hint != tt.hint {
					t.Errorf("hint %q, want %q", found[0].Hint, tt.hint)
				}
			})
		}
	}
}

// renderedFacts renders every page's body as the build does and returns
// the facts by document, as the build gives them to Run.
func renderedFacts(m *site.Model) func(*content.Document) *markdown.Facts {
	md := markdown.New(markdown.Options{Unsafe: m.Config.Markup.Unsafe, Typographer: m.Config.Markup.Typographer})
	facts := map[*content.Document]*markdown.Facts{}
	for _, p := range m.Pages {
		if d := p.Doc; d != nil {
			res, _ := md.Render(markdown.Input{Path: d.Path, Body: d.Body, BodyLine: d.BodyLine, Lang: p.Lang, Links: m})
			facts[d] = res.Facts
		}
	}
	return func(d *content.Document) *markdown.Facts { return facts[d] }
}

// TestFactsFromTheBuild: what the build's render saw is what check judges;
// it reads no body itself when given the facts.
func TestFactsFromTheBuild(t *testing.T) {
	m, docs := model(t, map[string]string{"content/a.md": fm("A") + "Tekst.\n"}, site.Options{})
	pos := diag.Position{File: "content/a.md", Line: 9, Col: 1}
	facts := &markdown.Facts{Headings: []markdown.Heading{{Level: 1, ID: "x", Text: "Fra bygget", Pos: pos}}}
	got := lines(Run(context.Background(), m, docs, Options{Now: now, Facts: func(*content.Document) *markdown.Facts { return facts }}))
	want := []string{`content/a.md:9:1: error: the heading "Fra bygget" is a second level-1 heading (#)`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLinks(t *testing.T) {
	b := fm("B") + "\n## Ja\n"
	runCases(t, []ruleCase{
		{name: "missing page", files: map[string]string{
			"content/a.md": fm("A") + "Se [om oss](om.md).\n",
		}, want: []string{`content/a.md:4:4: error: link to "om.md" points to a page that does not exist`}},
		{name: "suggestion", files: map[string]string{
			"content/nyheter/a.md":                fm("A", "date: 2026-11-20\nsummary: S.\n") + "[x](../historier/bakeri/index.md)\n",
			"content/historier/bakeriet/index.md": fm("Bakeriet", "date: 2026-11-20\nsummary: S.\nimage: a.png\nimageAlt: Et bakeri.\n"),
			"content/historier/bakeriet/a.png":    "png",
		}, want: []string{`content/nyheter/a.md:6:1: error: link to "../historier/bakeri/index.md" points to a page that does not exist`},
			hint: "did you mean ../historier/bakeriet/index.md? Links to other pages are written relative to this file"},
		{name: "existing page", files: map[string]string{
			"content/a.md": fm("A") + "Se [om oss](b.md).\n", "content/b.md": b,
		}},
		{name: "missing heading on this page", files: map[string]string{
			"content/a.md": fm("A") + "## Mål\n\nTil [målet](#maal).\n",
		}, want: []string{`content/a.md:6:5: error: link to "#maal" points to a heading that is not on this page`},
			hint: "did you mean #mal?"},
		{name: "heading on this page", files: map[string]string{
			"content/a.md": fm("A") + "## Mål\n\nTil [målet](#mal).\n",
		}},
		{name: "missing heading on another page", files: map[string]string{
			"content/a.md": fm("A") + "[B](b.md#nei)\n", "content/b.md": b,
		}, want: []string{`content/a.md:4:1: error: link to "b.md#nei" points to a heading that is not on content/b.md`}},
		{name: "heading on another page", files: map[string]string{
			"content/a.md": fm("A") + "[B](b.md#ja)\n", "content/b.md": b,
		}},
		{name: "footnotes", files: map[string]string{
			"content/a.md": fm("A") + "Tekst[^1] og [tilbake](#fn:1).\n\n[^1]: Note.\n",
		}},
		{name: "draft", files: map[string]string{
			"content/a.md": fm("A") + "[B](b.md)\n", "content/b.md": fm("B", "draft: true\n"),
		}, want: []string{`content/a.md:4:1: error: link to "b.md" goes to a draft (content/b.md), which is not published`}},
		{name: "draft built with drafts", site: site.Options{BuildDrafts: true}, files: map[string]string{
			"content/a.md": fm("A") + "[B](b.md)\n", "content/b.md": fm("B", "draft: true\n"),
		}, want: []string{`content/a.md:4:1: error: link to "b.md" goes to a draft (content/b.md), which is not published`}},
		{name: "draft to draft", site: site.Options{BuildDrafts: true}, files: map[string]string{
			"content/a.md": fm("A", "draft: true\n") + "[B](b.md)\n", "content/b.md": fm("B", "draft: true\n"),
		}},
		{name: "scheduled", files: map[string]string{
			"content/a.md": fm("A") + "[B](b.md)\n", "content/b.md": fm("B", "publishDate: 2027-03-12T09:00:00+01:00\n"),
		}, want: []string{`content/a.md:4:1: error: link to "b.md" goes to content/b.md, which is not published until 2027-03-12 09:00`}},
		{name: "expired", files: map[string]string{
			"content/a.md": fm("A") + "[B](b.md)\n", "content/b.md": fm("B", "expiryDate: 2026-01-01\n"),
		}, want: []string{`content/a.md:4:1: error: link to "b.md" goes to content/b.md, which expired on 2026-01-01 00:00`}},
		{name: "no address", files: map[string]string{
			"content/a.md": fm("A") + "A [B]()\n",
		}, want: []string{`content/a.md:4:3: error: the link "B" has no address`}},
		{name: "page by its address", files: map[string]string{
			"content/a.md": fm("A") + "[B](/b/) [B](../b/#ja)\n", "content/b.md": b,
		}},
		{name: "address without built files", files: map[string]string{
			"content/a.md": fm("A") + "[logo](/images/logo.svg)\n",
		}},
		{name: "address not built", opts: Options{Files: files{"images/logo.svg": ""}}, files: map[string]string{
			"content/a.md": fm("A") + "[logo](/images/logo.svg) [nei](/images/nei.svg)\n",
		}, want: []string{
			`content/a.md:1:1: warning: no other page links to this page`,
			`content/a.md:4:26: error: link to "/images/nei.svg" points to nothing on this site`,
		}},
		{name: "external", files: map[string]string{
			"content/a.md": fm("A") + "[x](https://example.com/a.md) [e](mailto:a@b.no) <https://example.com>\n",
		}},
		{name: "image in bundle", files: map[string]string{
			"content/hall/index.md": fm("Hall") + "![Hallen](hall.png)\n", "content/hall/hall.png": "png",
		}},
		{name: "image missing from bundle", files: map[string]string{
			"content/hall/index.md": fm("Hall") + "Her: ![Hallen](hal.png)\n", "content/hall/hall.png": "png",
		}, want: []string{`content/hall/index.md:4:6: error: image "hal.png" does not exist`},
			hint: "did you mean hall.png? The files next to the page are in content/hall/"},
		{name: "front-matter image", files: map[string]string{
			"content/hall/index.md": fm("Hall", "image: hal.png\nimageAlt: Hallen sett fra elva.\n"), "content/hall/hall.png": "png",
		}, want: []string{`content/hall/index.md:3:8: error: image "hal.png" is not in the page's folder`}},
	})
}

// files is a built site for tests: path → HTML.
type files map[string]string

func (f files) Files() []output.File {
	var out []output.File
	for _, p := range sortedKeys(f.set()) {
		out = append(out, output.File{Path: p, Data: []byte(f[p])})
	}
	return out
}

func (f files) Get(p string) (output.File, bool) {
	d, ok := f[p]
	return output.File{Path: p, Data: []byte(d)}, ok
}

func (f files) set() map[string]bool {
	s := map[string]bool{}
	for k := range f {
		s[k] = true
	}
	return s
}

func TestAccess(t *testing.T) {
	unsafe := "[markup]\nunsafe = true\n"
	runCases(t, []ruleCase{
		{name: "image without alt", files: map[string]string{
			"content/hall/index.md": fm("Hall") + "![](hall.png)\n", "content/hall/hall.png": "png",
		}, want: []string{`content/hall/index.md:4:1: error: the image "hall.png" has no alt text`}},
		{name: "alt is the file name", files: map[string]string{
			"content/hall/index.md": fm("Hall") + "Se ![hall.png](hall.png) og ![Hall](hall.png).\n", "content/hall/hall.png": "png",
		}, want: []string{
			`content/hall/index.md:4:4: error: the alt text of the image "hall.png" is its file name`,
			`content/hall/index.md:4:29: error: the alt text of the image "hall.png" is its file name`,
		}},
		{name: "alt text", files: map[string]string{
			"content/hall/index.md": fm("Hall") + "![Hallen sett fra elva](hall.png)\n", "content/hall/hall.png": "png",
		}},
		{name: "link without text", files: map[string]string{
			"content/a.md": fm("A") + "Se [](b.md).\n", "content/b.md": fm("B"),
		}, want: []string{`content/a.md:4:4: error: the link to "b.md" has no text`}},
		{name: "vague link text", files: map[string]string{
			"content/a.md": fm("A") + "Om oss: [Les mer](b.md). [Klikk her.](b.md)\n\n[read more](b.md)\n", "content/b.md": fm("B"),
		}, want: []string{
			`content/a.md:4:9: warning: the link text "Les mer" does not say where the link goes`,
			`content/a.md:4:26: warning: the link text "Klikk her." does not say where the link goes`,
			`content/a.md:6:1: warning: the link text "read more" does not say where the link goes`,
		}},
		{name: "clear link text", files: map[string]string{
			"content/a.md": fm("A") + "[Les mer om oss](b.md)\n", "content/b.md": fm("B"),
		}},
		{name: "h1 in the body", files: map[string]string{
			"content/a.md": fm("A") + "# Tittel\n\nTekst.\n",
		}, want: []string{`content/a.md:4:1: error: the heading "Tittel" is a second level-1 heading (#)`}},
		{name: "skipped level", files: map[string]string{
			"content/a.md": fm("A") + "## Del\n\n#### Detalj\n\n### Ok\n",
		}, want: []string{`content/a.md:6:1: error: the heading "Detalj" skips from level 2 to level 4`}},
		{name: "first heading skips", files: map[string]string{
			"content/a.md": fm("A") + "Tekst.\n\n### Del\n",
		}, want: []string{`content/a.md:6:1: error: the heading "Del" skips from level 1 to level 3`}},
		{name: "headings in order", files: map[string]string{
			"content/a.md": fm("A") + "## En\n\n### To\n\n## Tre\n",
		}},
		{name: "table without header", files: map[string]string{
			"content/a.md": fm("A") + "Tekst.\n\n|   |   |\n|---|---|\n| a | b |\n",
		}, want: []string{`content/a.md:6:1: error: the table has no header row`}},
		{name: "table with header", files: map[string]string{
			"content/a.md": fm("A") + "| Brød | Solgt |\n|---|---|\n| a | b |\n",
		}},
		{name: "iframe without title", files: map[string]string{
			"works.toml":   unsafe,
			"content/a.md": fm("A") + "Kart:\n\n<iframe src=\"https://kart.no\"></iframe>\n\nOg <iframe src=x title=\" \"></iframe>.\n",
		}, want: []string{
			`content/a.md:6:1: error: the embedded frame (<iframe>) has no title`,
			`content/a.md:8:4: error: the embedded frame (<iframe>) has no title`,
		}},
		{name: "iframe with title", files: map[string]string{
			"works.toml":   unsafe,
			"content/a.md": fm("A") + "<iframe title=\"Kart over Åssiden\" src=\"https://kart.no\"></iframe>\n",
		}},
		{name: "raw HTML dropped", files: map[string]string{
			"content/a.md": fm("A") + "Tekst <b>fet</b>.\n\n<!-- en merknad -->\n\n<div>\nboks\n</div>\n",
		}, want: []string{
			`content/a.md:4:7: warning: HTML in the text is left out of the published page`,
			`content/a.md:8:1: warning: HTML in the text is left out of the published page`,
		}},
		{name: "angle quotes the typographer makes are text, not HTML", files: map[string]string{
			"content/a.md": fm("A") + "Han kalte det <<sitat>>.\n\nOg <b>dette</b>.\n",
		}, want: []string{
			`content/a.md:6:4: warning: HTML in the text is left out of the published page`,
		}},
		{name: "without the typographer they are HTML", files: map[string]string{
			"works.toml":   "[markup]\ntypographer = false\n",
			"content/a.md": fm("A") + "Han kalte det <<sitat>>.\n",
		}, want: []string{
			`content/a.md:4:16: warning: HTML in the text is left out of the published page`,
		}},
		{name: "page image without alt", files: map[string]string{
			"content/hall/index.md": fm("Hall", "image: hall.png\n"), "content/hall/hall.png": "png",
		}, want: []string{`content/hall/index.md:3:8: error: the page's image has no alt text`}},
		{name: "page image alt is the file name", files: map[string]string{
			"content/hall/index.md": fm("Hall", "image: hall.png\nimageAlt: hall\n"), "content/hall/hall.png": "png",
		}, want: []string{`content/hall/index.md:4:11: error: imageAlt is the image's file name`}},
	})
}

// sentence returns n words, one long (more than six letters) in every
// other sentence of ten, as one or more sentences of ten words.
func words(n int, long bool) string {
	var b strings.Builder
	for i := range n {
		w := "ord"
		if long {
			w = "kjempelange"
		}
		if i%10 == 0 {
			w = "Ord"
		}
		b.WriteString(w)
		if i%10 == 9 || i == n-1 {
			b.WriteString(". ")
		} else {
			b.WriteString(" ")
		}
	}
	return strings.TrimSpace(b.String())
}

func TestPlain(t *testing.T) {
	long31 := "Dette er en setning som " + strings.Repeat("har ", 25) + "ord." // 5 + 25 + 1 = 31 words
	long30 := "Dette er en setning som " + strings.Repeat("har ", 24) + "ord." // 30 words
	// With its heading ("Overskrift", long): 61 words in 7 sentences, 55
	// long (9 of every 10 words) → LIX 61/7 + 100·55/61 = 8.7 + 90.2 = 98.9.
	hard := words(60, true)
	// 60 words in 6 sentences, 20 long (kjempelange): 2 sentences with 4,
	// 4 with 3 → LIX 10 + 33.3 = 43.3.
	medium := strings.Repeat("Ord kjempelange ord kjempelange ord ord kjempelange ord ord kjempelange. ", 2) +
		strings.Repeat("Ord kjempelange ord ord kjempelange ord ord ord kjempelange ord. ", 4)
	runCases(t, []ruleCase{
		{name: "long sentence", files: map[string]string{
			"content/a.md": fm("A") + "Kort. " + long31 + "\n",
		}, want: []string{`content/a.md:4:7: warning: this sentence has 31 words; keep sentences to 30 words or fewer`}},
		{name: "sentence of 30 words", files: map[string]string{
			"content/a.md": fm("A") + long30 + "\n",
		}},
		{name: "long paragraph", files: map[string]string{
			"content/a.md": fm("A") + "Tekst.\n\n" + words(121, false) + "\n",
		}, want: []string{`content/a.md:6:1: warning: this paragraph has 121 words; keep paragraphs to 120 words or fewer`}},
		{name: "paragraph of 120 words", files: map[string]string{
			"content/a.md": fm("A") + words(120, false) + "\n",
		}},
		{name: "hard text", files: map[string]string{
			"content/a.md": fm("A") + "## Overskrift\n\n" + hard + "\n",
		}, want: []string{`content/a.md:4:1: warning: the text is hard to read: LIX 99, and the limit is 45`}},
		{name: "short hard text has no score", files: map[string]string{
			"content/a.md": fm("A") + words(40, true) + "\n",
		}},
		{name: "medium text", files: map[string]string{
			"content/a.md": fm("A") + medium + "\n",
		}},
		{name: "medium text for Internasjonale Drammen", files: map[string]string{
			"content/a.md": fm("A", "tags: [Internasjonale Drammen]\n") + medium + "\n",
		}, want: []string{`content/a.md:5:1: warning: the text is hard to read: LIX 43, and the limit for pages for Internasjonale Drammen is 40`}},
		{name: "medium text in the project", files: map[string]string{
			"content/prosjekter/internasjonale-drammen.md": fm("Internasjonale Drammen", "summary: S\ngoal: G\nstatus: aktiv\n") + "Tekst.\n",
			"content/historier/a.md":                       fm("A", "project: prosjekter/internasjonale-drammen\n") + medium + "\n",
		}, opts: Options{Schemas: map[string]Schema{}}, want: []string{
			`content/historier/a.md:1:1: warning: the page has no summary`,
			`content/historier/a.md:5:1: warning: the text is hard to read: LIX 43, and the limit for pages for Internasjonale Drammen is 40`,
		}},
		{name: "summary", files: map[string]string{
			"content/sider/a.md": fm("A", "summary: Kort om siden.\n"),
		}},
	})
}

func TestPlainLines(t *testing.T) {
	// The hard text's hint names the lines of its longest sentences,
	// longest first, each line once.
	sentence := func(n int) string { return "Ord" + strings.Repeat(" kjempelange", n-1) + "." }
	body := "Kort.\n\n" + // line 4: 1 word
		sentence(12) + " " + sentence(11) + "\n\n" + // line 6: 12 and 11 words
		sentence(20) + "\n\n" + // line 8: 20 words
		sentence(15) + "\n\n" + // line 10: 15 words
		"To ord.\n" // line 12
	m, docs := model(t, map[string]string{"content/a.md": fm("A") + body}, site.Options{})
	got := Run(context.Background(), m, docs, Options{Now: now})
	if len(got) != 1 {
		t.Fatalf("got %v", lines(got))
	}
	want := "use shorter sentences and fewer long words, those of more than 6 letters; the longest sentences start on lines 8, 10 and 6"
	if got[0].Hint != want {
		t.Errorf("hint %q, want %q", got[0].Hint, want)
	}
}

func TestSchemas(t *testing.T) {
	story := func(more string) string {
		return fm("Ny fabrikk", "date: 2026-11-20\nsummary: Kort.\nimage: a.png\nimageAlt: En hall.\n"+more)
	}
	project := func(more string) string {
		return fm("Prosjekt", "summary: Kort.\ngoal: Mål.\n"+more)
	}
	runCases(t, []ruleCase{
		{name: "story", files: map[string]string{
			"content/historier/x/index.md": story(""), "content/historier/x/a.png": "png",
		}},
		{name: "missing keys", files: map[string]string{
			"content/historier/x/index.md": fm("Ny fabrikk", "summary: \"\"\n"),
		}, want: []string{
			`content/historier/x/index.md:1:1: error: the page has no "date"`,
			`content/historier/x/index.md:1:1: error: the page has no "image"`,
			`content/historier/x/index.md:1:1: error: the page has no "imageAlt"`,
			`content/historier/x/index.md:3:10: error: the page has no "summary"`,
		}},
		{name: "section list needs no date", files: map[string]string{
			"content/historier/_index.md": fm("Historier"),
		}},
		{name: "title too long", files: map[string]string{
			"content/historier/x/index.md": fm(strings.Repeat("a", 71), "date: 2026-11-20\nsummary: Kort.\nimage: a.png\nimageAlt: En hall.\n"), "content/historier/x/a.png": "png",
		}, want: []string{`content/historier/x/index.md:2:8: error: "title" is 71 characters long; the limit is 70`}},
		{name: "summary too long", files: map[string]string{
			"content/nyheter/x.md": fm("Nytt", "date: 2026-11-20\nsummary: "+strings.Repeat("å", 201)+"\n"),
		}, want: []string{`content/nyheter/x.md:4:10: error: "summary" is 201 characters long; the limit is 200`}},
		{name: "allowed value", files: map[string]string{
			"content/prosjekter/p.md": project("status: aktivt\n"),
		}, want: []string{`content/prosjekter/p.md:5:9: error: "status" must be one of aktiv, avsluttet or planlagt (got "aktivt")`},
			hint: "did you mean aktiv?"},
		{name: "types", files: map[string]string{
			"content/prosjekter/p.md": project("status: aktiv\npartners:\n  name: A\ncontact: Kari\n"),
		}, want: []string{
			`content/prosjekter/p.md:7:3: error: "partners" must be a list of text, like [industri, mat] (got a group of settings)`,
			`content/prosjekter/p.md:8:10: error: "contact" must be a group of settings, one per line below it (got "Kari")`,
		}},
		{name: "page reference outside its section", files: map[string]string{
			"content/nyheter/x.md": fm("Nytt", "date: 2026-11-20\nsummary: Kort.\nvenn: nyheter/y\n"),
			"content/nyheter/y.md": fm("Nytt 2", "date: 2026-11-20\nsummary: Kort.\n"),
		}, opts: Options{Schemas: map[string]Schema{"nyheter": {Fields: []Field{
			{Key: "venn", Type: PageRef, Section: "prosjekter"},
			{Key: "fiende", Type: PageRef},
		}}}}, want: []string{
			`content/nyheter/x.md:5:7: error: "venn" must be a page in prosjekter/ (got "nyheter/y")`,
		}},
		{name: "page reference to nothing", files: map[string]string{
			"content/nyheter/x.md": fm("Nytt", "summary: Kort.\nfiende: nyheter/z\n"),
		}, opts: Options{Schemas: map[string]Schema{"nyheter": {Fields: []Field{{Key: "fiende", Type: PageRef}}}}},
			want: []string{`content/nyheter/x.md:4:9: error: "fiende" names no page: "nyheter/z"`}},
		{name: "misspelt keys", files: map[string]string{
			"content/a.md": "---\ntitle: A\ntittel: B\ntag: [x]\nexample: true\n---\n",
		}, want: []string{
			`content/a.md:3:1: warning: "tittel" is not a key the site knows: did you mean "title"?`,
			`content/a.md:4:1: warning: "tag" is not a key the site knows: did you mean "tags"?`,
		}},
		{name: "a misspelt required key is reported where it is written, once", files: map[string]string{
			"content/nyheter/x.md": "---\ntitle: Nytt\ndate: 2026-11-20\nsumary: Kort.\nautors: [Kari]\n---\n",
		}, want: []string{
			`content/nyheter/x.md:4:1: error: "sumary" on line 4: did you mean "summary"?`,
			`content/nyheter/x.md:5:1: warning: "autors" is not a key the site knows: did you mean "authors"?`,
		}},
		{name: "the template's placeholder picture", files: map[string]string{
			"content/historier/x/index.md": fm("Ny fabrikk", "date: 2026-11-20\nsummary: Kort.\nimage: plassholder.svg\nimageAlt: En hall.\n"), "content/historier/x/plassholder.svg": "svg",
		}, want: []string{`content/historier/x/index.md:5:8: error: the page shows the placeholder picture "plassholder.svg" from its template`}},
		{name: "drafts are not checked", files: map[string]string{
			"content/historier/x/index.md": fm("Ny fabrikk", "draft: true\n"),
		}},
		{name: "scheduled pages are", files: map[string]string{
			"content/historier/x/index.md": fm("Ny fabrikk", "date: 2027-01-01\nsummary: Kort.\nimage: a.png\n"), "content/historier/x/a.png": "png",
		}, want: []string{`content/historier/x/index.md:1:1: error: the page has no "imageAlt"`}},
	})
}

func TestSite(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "duplicate titles", files: map[string]string{
			"content/sider/a.md": fm("Samme tittel", "summary: S.\n"),
			"content/sider/b.md": fm("Samme  Tittel", "summary: S.\n"),
			"content/c.md":       fm("Samme tittel"),
		}, want: []string{`content/sider/b.md:2:8: error: content/sider/a.md has the same title: "Samme  Tittel"`}},
		{name: "orphans", opts: Options{Files: files{
			"index.html":         `<a href="/a/">A</a><a href="https://example.com/b/">B</a><link href="/b/">`,
			"a/index.html":       `<a href="/a/#top">A</a><a href="../c/">C</a>`,
			"b/index.html":       `<a href="/">Home</a><a href="/b/">me</a>`,
			"c/index.html":       `<a href='/a/'>A</a>`,
			"404.html":           ``,
			"sitemap.xml":        `<a href="/b/">`,
			"css/site.css":       ``,
			"images/a/index.htm": ``,
		}}, files: map[string]string{
			"works.toml":   "baseURL = \"https://drammen.works/\"\n",
			"content/a.md": fm("A"), "content/b.md": fm("B"), "content/c.md": fm("C"),
		}, want: []string{`content/b.md:1:1: warning: no other page links to this page`}},
	})
}

func TestRelPath(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"historier/a", "prosjekter/b.md", "../../prosjekter/b.md"},
		{"historier", "historier/b.md", "b.md"},
		{".", "om.md", "om.md"},
		{"nyheter", "om.md", "../om.md"},
	}
	for _, tt := range tests {
		t.Run(tt.to, func(t *testing.T) {
			if got := relPath(tt.from, tt.to); got != tt.want {
				t.Errorf("relPath(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// Run must not depend on the order of work: findings come out the same
// however many workers parse the bodies.
func TestDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("content/p%02d.md", i)] = fm(fmt.Sprintf("P%d", i)) + "# H1\n\n[les mer](nei.md)\n"
	}
	m, docs := model(t, files, site.Options{})
	one := lines(Run(context.Background(), m, docs, Options{Now: now, Workers: 1}))
	many := lines(Run(context.Background(), m, docs, Options{Now: now, Workers: 8}))
	if strings.Join(one, "\n") != strings.Join(many, "\n") || len(one) != 60 {
		t.Errorf("1 worker: %d findings, 8 workers: %d; they differ or are not 60", len(one), len(many))
	}
}

// openCounter is a built site that counts the files read, as the preview's
// files render a page when it is read.
type openCounter struct {
	files
	mu     sync.Mutex
	opened map[string]int
}

func (o *openCounter) Get(p string) (output.File, bool) {
	o.mu.Lock()
	o.opened[p]++
	o.mu.Unlock()
	return o.files.Get(p)
}

// TestAnchorsFromFacts: a link into a page that is not being checked (the
// preview checks only the saved file) is judged by that page's facts; its
// built HTML, which the preview renders to be read, is read only for an id
// its body does not have, which the theme may have given.
func TestAnchorsFromFacts(t *testing.T) {
	built := map[string]string{
		"a/index.html": `<main id="topp"></main>`,
		"b/index.html": `<main id="topp"><h2 id="mal">Mål</h2></main>`,
	}
	tests := []struct {
		name   string
		links  string
		want   []string
		hint   string
		opened int // times b/index.html is read
	}{
		{"heading of the body", "[målet](b.md#mal)", nil, "", 0},
		{"id of the theme", "[toppen](b.md#topp)", nil, "", 1},
		{"no such id", "[noe](b.md#ingen)", []string{`content/a.md:4:4: error: link to "b.md#ingen" points to a heading that is not on content/b.md`},
			"its headings' anchors are #mal", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, docs := model(t, map[string]string{
				"content/a.md": fm("A") + "Se " + tt.links + ".\n",
				"content/b.md": fm("B") + "## Mål\n\nTekst.\n",
			}, site.Options{})
			files := &openCounter{files: built, opened: map[string]int{}}
			only := map[string]bool{"a.md": true}
			got := Run(context.Background(), m, docs, Options{Now: now, Files: files, Only: only, Facts: renderedFacts(m)})
			if g := lines(got); strings.Join(g, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(g, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			if tt.hint != "" && len(got) > 0 && got[0].Hint != tt.hint {
				t.Errorf("hint %q, want %q", got[0].Hint, tt.hint)
			}
			if n := files.opened["b/index.html"]; n != tt.opened {
				t.Errorf("b/index.html read %d times, want %d", n, tt.opened)
			}
			fromBuilt := Run(context.Background(), m, docs, Options{Now: now, Built: observe(t, m, files), Only: only, Facts: renderedFacts(m)})
			if g, w := lines(fromBuilt), lines(got); strings.Join(g, "\n") != strings.Join(w, "\n") {
				t.Errorf("from a Built:\n\t%s\nfrom the files:\n\t%s", strings.Join(g, "\n\t"), strings.Join(w, "\n\t"))
			}
		})
	}
}
