package markdown

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/drammen-works/works/internal/diag"
)

func TestNorwegian(t *testing.T) {
	tests := []struct {
		lang string
		want bool
	}{
		{"nb", true},
		{"nn", true},
		{"no", true},
		{"nb-NO", true},
		{"NN_no", true},
		{"en", false},
		{"en-GB", false},
		{"", false},
		{"nbx", false},
		{"se", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := norwegian(tt.lang); got != tt.want {
				t.Errorf("norwegian(%q) = %v, want %v", tt.lang, got, tt.want)
			}
		})
	}
}

func TestContentLink(t *testing.T) {
	tests := []struct {
		dest         string
		target, frag string
		ok           bool
	}{
		{"b.md", "b.md", "", true},
		{"../prosjekter/x.md#mal", "../prosjekter/x.md", "mal", true},
		{"./b.MD", "./b.MD", "", true},
		{"b.md#", "b.md", "", true},
		{"https://example.com/a.md", "", "", false},
		{"HTTP://example.com/a.md", "", "", false},
		{"/abs/a.md", "", "", false},
		{"//cdn.example.com/a.md", "", "", false},
		{"#a.md", "", "", false},
		{"mailto:a.md", "", "", false},
		{"tel:a.md", "", "", false},
		{"x.md?v=1", "", "", false},
		{"bilde.png", "", "", false},
		{"../prosjekter/", "", "", false},
		{"", "", "", false},
		{"2026:notes.md", "2026:notes.md", "", true}, // a scheme starts with a letter
	}
	for _, tt := range tests {
		t.Run(tt.dest, func(t *testing.T) {
			target, frag, ok := contentLink(tt.dest)
			if target != tt.target || frag != tt.frag || ok != tt.ok {
				t.Errorf("contentLink(%q) = %q, %q, %v; want %q, %q, %v",
					tt.dest, target, frag, ok, tt.target, tt.frag, tt.ok)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	s := newIDs()
	s.Put([]byte("om-oss"))
	steps := []struct {
		value string
		kind  ast.NodeKind
		want  string
	}{
		{"Økt vekst i Åssiden", ast.KindHeading, "okt-vekst-i-assiden"},
		{"Økt vekst i Åssiden", ast.KindHeading, "okt-vekst-i-assiden-1"},
		{"økt  VEKST i åssiden!", ast.KindHeading, "okt-vekst-i-assiden-2"},
		{"Om oss", ast.KindHeading, "om-oss-1"},
		{"", ast.KindHeading, "heading"},
		{"!!!", ast.KindHeading, "heading-1"},
		{"", ast.KindParagraph, "id"},
		{"Heading", ast.KindHeading, "heading-2"},
	}
	// The steps share one ids, so they run in order rather than as subtests.
	for _, st := range steps {
		if got := string(s.Generate([]byte(st.value), st.kind)); got != st.want {
			t.Errorf("Generate(%q) = %q, want %q", st.value, got, st.want)
		}
	}
}

// Every Render starts with fresh ids: the same page twice gets the same ids.
func TestIDsNotShared(t *testing.T) {
	r := New(Options{})
	in := Input{Path: "a.md", Body: []byte("## Mål\n")}
	for range 2 {
		res, _ := r.Render(in)
		if len(res.Headings) != 1 || res.Headings[0].ID != "mal" {
			t.Fatalf("headings = %+v, want one with id mal", res.Headings)
		}
	}
}

func TestBodyLine(t *testing.T) {
	body := []byte("Tekst.\n\nSe [x](x.md).\n")
	tests := []struct {
		bodyLine int
		want     string
	}{
		{0, "content/a.md:3:4"},
		{1, "content/a.md:3:4"},
		{8, "content/a.md:10:4"},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.bodyLine), func(t *testing.T) {
			_, diags := r.Render(Input{Path: "a.md", Body: body, BodyLine: tt.bodyLine, Links: mapResolver{}})
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
			}
			if got := diags[0].Pos.String(); got != tt.want {
				t.Errorf("position = %s, want %s", got, tt.want)
			}
			if diags.Err() == nil {
				t.Error("a broken link must fail the build: diags.Err() = nil")
			}
		})
	}
}

// Columns count characters, not bytes, as an editor shows them.
func TestLinkColumnCountsRunes(t *testing.T) {
	r := New(Options{})
	res, _ := r.Render(Input{Path: "a.md", Body: []byte("Åøæ «» [x](https://example.com)\n")})
	want := diag.Position{File: "content/a.md", Line: 1, Col: 8}
	if len(res.Facts.Links) != 1 || res.Facts.Links[0].Pos != want {
		t.Fatalf("links = %+v, want one at %v", res.Facts.Links, want)
	}
}

// The renderer is shared by the build's workers: every golden case and the
// benchmark page, rendered by several goroutines at once, must come out as
// when rendered alone. Run with -race.
func TestConcurrentRender(t *testing.T) {
	type job struct {
		r  *Renderer
		in Input
	}
	renderers := map[Options]*Renderer{}
	var jobs []job
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		a := parseArchive(string(data))
		in, opts, err := a.input()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if renderers[opts] == nil {
			renderers[opts] = New(opts)
		}
		jobs = append(jobs, job{renderers[opts], in})
	}
	body, err := os.ReadFile(filepath.Join("testdata", "bench_nb.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "en"} {
		jobs = append(jobs, job{New(Options{Typographer: true}), Input{Path: "historier/a.md", Body: body, Lang: lang, Links: mapResolver{}}})
	}

	want := make([]map[string]string, len(jobs))
	for i, j := range jobs {
		want[i] = renderCase(j.r, j.in)
	}
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Go(func() {
			for k := range len(jobs) {
				i := (w*7 + k) % len(jobs)
				if got := renderCase(jobs[i].r, jobs[i].in); !maps.Equal(got, want[i]) {
					errs <- fmt.Sprintf("worker %d: %s renders differently alongside others", w, jobs[i].in.Path)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestPlainFoldsWhitespace(t *testing.T) {
	r := New(Options{})
	res, _ := r.Render(Input{Body: []byte("# En\n\nTo\ntre  \nfire\\\nfem\n\n| a | b |\n|---|---|\n| seks | sju |\n")})
	if got, want := string(res.Plain), "En To tre fire fem a b seks sju"; got != want {
		t.Errorf("Plain = %q, want %q", got, want)
	}
	if res.WordCount != 9 {
		t.Errorf("WordCount = %d, want 9", res.WordCount)
	}
}

func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		a := parseArchive(string(data))
		if body, ok := a.get("input.md"); ok {
			f.Add(body, "nb")
		}
	}
	f.Add("<!--more-->\n<!--more-->", "en")
	f.Add("a <!--more--> <b></b>\n\n[^1]\n\n[^1]: x <!--more-->", "nb")
	f.Add("> - [x](a.md#b) <!--more-->\n>   ![y](c.md)", "nb")
	f.Add("a <!--> b\n\nc\n\nd <!-- e --> f\n", "nb")
	f.Add("<div>\n<!-- x\n</div>\n\n<!-- y\n\nz", "nb")
	f.Add("## Ny del {style=\"position:fixed\" #id .c onclick=\"x\"}\nSetext {title=\"t\"}\n===", "nb")
	// Small versions of the bodies that cost goldmark the square of
	// their size; the fuzzer grows them.
	for _, p := range pathological {
		f.Add(p.make(2000), "nb")
	}

	renderers := []*Renderer{New(Options{}), New(Options{Unsafe: true, Typographer: true})}
	// Every other .md link resolves, so both branches run.
	links := resolverFunc(func(from, target string) (string, bool) {
		return "/" + target + "/", len(target)%2 == 0
	})
	f.Fuzz(func(t *testing.T, body, lang string) {
		for _, r := range renderers {
			in := Input{Path: "f/a.md", Body: []byte(body), BodyLine: 3, Lang: lang, Links: links}
			start := time.Now()
			res, diags := r.Render(in)
			// The fuzzer's inputs are small: a slow one is a cost that
			// grows faster than its size, which Screen should bound.
			if d := time.Since(start); d > fuzzSlow {
				t.Fatalf("rendering %d bytes took %v", len(body), d)
			}
			if Screen("content/"+in.Path, in.Body, in.BodyLine).Err() != nil && len(res.HTML) != 0 {
				t.Fatal("a body Screen refuses was rendered")
			}
			again, _ := r.Render(in)
			if !bytes.Equal(res.HTML, again.HTML) || !bytes.Equal(res.Summary, again.Summary) {
				t.Fatal("rendering the same input twice gave different HTML")
			}
			if !utf8.Valid([]byte(body)) {
				continue // the rest compares text, which needs valid UTF-8
			}
			if got := len(strings.Fields(string(res.Plain))); got < res.WordCount {
				t.Fatalf("WordCount %d is more than the %d fields of Plain", res.WordCount, got)
			}
			if strings.Join(strings.Fields(string(res.Plain)), " ") != string(res.Plain) {
				t.Fatalf("Plain is not folded: %q", res.Plain)
			}
			for _, d := range diags {
				if d.Pos.Line < in.BodyLine || d.Pos.Col < 1 {
					t.Fatalf("diagnostic outside the body: %v", d)
				}
			}
			if res.Facts == nil {
				continue // refused
			}
			if only := r.Facts(in); !reflect.DeepEqual(only, res.Facts) {
				t.Fatalf("Facts differ from Render's:\n%+v\n%+v", only, res.Facts)
			}
			checkFactPositions(t, res.Facts, in)
		}
	})
}

// checkFactPositions fails when a fact is placed outside the body.
func checkFactPositions(t *testing.T, f *Facts, in Input) {
	t.Helper()
	last := in.BodyLine + bytes.Count(in.Body, []byte("\n"))
	at := func(what string, p diag.Position) {
		if p.File != "content/"+in.Path || p.Line < in.BodyLine || p.Line > last || p.Col < 1 {
			t.Fatalf("%s at %v, outside the body (lines %d–%d)", what, p, in.BodyLine, last)
		}
	}
	for _, l := range f.Links {
		at("link", l.Pos)
	}
	for _, h := range f.Headings {
		at("heading", h.Pos)
	}
	for _, tb := range f.Tables {
		at("table", tb.Pos)
	}
	for _, h := range f.HTML {
		at("HTML", h.Pos)
		for off := range len(h.Text) {
			at("a character of HTML", h.PosOf(off))
		}
	}
	for _, b := range f.Blocks {
		at("block", b.Pos)
		words := 0
		for _, s := range b.Sentences {
			at("sentence", s.Pos)
			words += s.Words
		}
		if words != b.Words {
			t.Fatalf("block of %d words has sentences of %d", b.Words, words)
		}
	}
}

// fuzzSlow is how long FuzzRender lets one render of a small input take;
// generous, for a loaded machine and the race detector.
const fuzzSlow = 10 * time.Second

type resolverFunc func(from, target string) (string, bool)

func (f resolverFunc) ResolveLink(from, target string) (string, bool) { return f(from, target) }

// BenchmarkRender renders a typical 600-word Norwegian page with headings,
// a list, a table, links to other pages and the summary divider.
func BenchmarkRender(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "bench_nb.md"))
	if err != nil {
		b.Fatal(err)
	}
	r := New(Options{Typographer: true})
	in := Input{
		Path:     "historier/aassiden.md",
		Body:     body,
		BodyLine: 7,
		Lang:     "nb",
		Links: mapResolver{
			"prosjekter/internasjonale-drammen.md": "/prosjekter/internasjonale-drammen/",
			"historier/bryggeriet.md":              "/historier/bryggeriet/",
		},
	}
	res, diags := r.Render(in)
	if len(diags) != 0 || res.WordCount < 580 || res.WordCount > 620 {
		b.Fatalf("benchmark page: %d words, diagnostics %v; want about 600 words and none", res.WordCount, diags)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r.Render(in)
	}
}
