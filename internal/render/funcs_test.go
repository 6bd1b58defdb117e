package render

import (
	"errors"
	"html/template"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/site"
)

// The template functions README's "Templates" lists, each with the edge
// cases a theme meets: nothing (nil), empty text and lists, values of
// another type than the function expects, and letters outside ASCII.
// Functions that take one value are called directly; what a template
// converts before the call (an int64 for an int) is tested through
// execute.

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// testFuncs are the functions a template of language lang sees on a site
// published at base; lang "en" is a second language, below /en/.
func testFuncs(base, lang string, texts map[string]plural) template.FuncMap {
	l := &site.Language{Lang: lang, IsDefault: lang != "en"}
	if lang == "en" {
		l.Prefix = "/en"
	}
	s := &site.Site{Config: &config.Config{Location: oslo}, Language: l, BaseURL: base}
	r := &Renderer{md: markdown.New(markdown.Options{})}
	return r.funcs(s, translator{lang: lang, strings: texts, missing: &missingKeys{}})
}

// execute runs a template made of text with the functions of fm.
func execute(fm template.FuncMap, text string, data any) (string, error) {
	t, err := template.New("t").Funcs(fm).Parse(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, data)
	return b.String(), err
}

type templateCase struct {
	name, text string
	data       any
	want       string // the output; with err set, a part of the error
	err        bool
}

func runTemplates(t *testing.T, fm template.FuncMap, tests []templateCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := execute(fm, tt.text, tt.data)
			switch {
			case tt.err && err == nil:
				t.Fatalf("%s = %q, want an error containing %q", tt.text, got, tt.want)
			case tt.err && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("%s: error %q, want one containing %q", tt.text, err, tt.want)
			case !tt.err && err != nil:
				t.Fatalf("%s: %v", tt.text, err)
			case !tt.err && got != tt.want:
				t.Errorf("%s = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		n    int
		in   any
		want string
	}{
		{"shorter", 20, "Kort tekst", "Kort tekst"},
		{"exactly n", 10, "Kort tekst", "Kort tekst"},
		{"at a word boundary", 12, "Ny fabrikk på Åssiden", "Ny fabrikk…"},
		{"letters, not bytes", 7, "æøå æøå", "æøå æøå"},
		{"letters cut", 5, "æøå æøå", "æøå…"},
		{"a long word is cut inside", 5, "Bærekraftsrapporten", "Bærek…"},
		{"no punctuation before the ellipsis", 5, "Hei, og velkommen", "Hei…"},
		{"spaces folded at the cut", 6, "Hei   på deg", "Hei…"},
		{"zero", 0, "Hei", "…"},
		{"negative", -3, "Hei", "…"},
		{"nil", 5, nil, ""},
		{"empty", 0, "", ""},
		{"a number", 2, 12345, "12…"},
		{"an emoji is one letter", 2, "🙂🙂🙂", "🙂🙂…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncate(tt.n, tt.in); got != tt.want {
				t.Errorf("truncate(%d, %q) = %q, want %q", tt.n, tt.in, got, tt.want)
			}
		})
	}
}

func TestTruncateHTML(t *testing.T) {
	fm := testFuncs("https://example.org/", "nb", nil)
	got, err := execute(fm, `{{ truncate 12 . }}`, template.HTML("<p>Ny <em>fabrikk</em> på Åssiden</p>"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>Ny <em>fabrikk</em>…</p>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	tests := []struct {
		name string
		n    int
		in   template.HTML
		want template.HTML
	}{
		{"shorter, as it is", 30, "<p>Ny <em>fabrikk</em></p>", "<p>Ny <em>fabrikk</em></p>"},
		{"tags count for nothing", 10, "<p>Ny <em>fabrikk</em></p>", "<p>Ny <em>fabrikk</em></p>"},
		{"cut inside an element", 12, "<p><em>Ny fabrikk på Åssiden</em></p>", "<p><em>Ny fabrikk…</em></p>"},
		{"cut inside a word", 5, "<p>Bærekraftsrapporten</p>", "<p>Bærek…</p>"},
		{"the … stays in the paragraph", 12, "<p>Ny fabrikk</p>\n<p>på Åssiden</p>", "<p>Ny fabrikk…</p>"},
		{"no punctuation before the …", 12, "<p>Ny <strong>fabrikk</strong>, på Åssiden</p>", "<p>Ny <strong>fabrikk</strong>…</p>"},
		{"an entity is one letter", 11, "<p>Øl &amp; brød på Åssiden</p>", "<p>Øl &amp; brød…</p>"},
		{"attributes as written", 12, `<p><a href="/x/" title="a > b">Ny fabrikk</a> på Åssiden</p>`, `<p><a href="/x/" title="a > b">Ny fabrikk</a>…</p>`},
		{"a void element is not closed", 12, "<p>Ny<br>fabrikk på Åssiden</p>", "<p>Ny<br>fabrikk…</p>"},
		{"an element that begins at the cut is left out", 10, "<p>Ny fabrikk <em>på</em> Åssiden</p>", "<p>Ny fabrikk…</p>"},
		{"an end tag that closes nothing is left out", 12, "</b><p>Ny fabrikk på Åssiden</p>", "<p>Ny fabrikk…</p>"},
		{"crossed tags are closed in order", 12, "<p><b><i>Ny</b> fabrikk på Åssiden</p>", "<p><b><i>Ny</i></b> fabrikk…</p>"},
		{"a script is no text", 12, `<p>Ny <script>var s = "lang tekst";</script>fabrikk på Åssiden</p>`, `<p>Ny <script>var s = "lang tekst";</script>fabrikk…</p>`},
		{"a comment is no text", 12, "<p>Ny <!-- lang merknad -->fabrikk på Åssiden</p>", "<p>Ny <!-- lang merknad -->fabrikk…</p>"},
		{"zero", 0, "<p>Hei</p>", "…"},
		{"text without tags", 12, "Ny fabrikk på Åssiden", "Ny fabrikk…"},
		{"empty", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncateHTML(tt.n, tt.in); got != tt.want {
				t.Errorf("truncateHTML(%d, %q) = %q, want %q", tt.n, tt.in, got, tt.want)
			}
		})
	}
	runTemplates(t, fm, []templateCase{
		{name: "text is still escaped", text: `{{ truncate 15 . }}`, data: "<p>Ny fabrikk på Åssiden</p>", want: "&lt;p&gt;Ny fabrikk…"},
		{name: "HTML stays HTML when it is short", text: `{{ truncate 50 . }}`, data: template.HTML("<p>Ny</p>"), want: "<p>Ny</p>"},
		{name: "the length is a number", text: `{{ truncate "tjue" . }}`, data: template.HTML("<p>Ny</p>"), want: `truncate: the length must be a whole number, not the text "tjue"`, err: true},
	})
}

func TestDelimit(t *testing.T) {
	tests := []struct {
		name string
		list any
		sep  string
		want string
		err  string
	}{
		{"text", []string{"industri", "mat"}, ", ", "industri, mat", ""},
		{"one", []string{"mat"}, ", ", "mat", ""},
		{"mixed values", []any{1, "to", nil, template.HTML("<b>tre</b>"), 2.5}, "/", "1/to//<b>tre</b>/2.5", ""},
		{"letters", []string{"Ærlig", "Østre", "Åssiden"}, " · ", "Ærlig · Østre · Åssiden", ""},
		{"empty", []string{}, ", ", "", ""},
		{"nil list", []string(nil), ", ", "", ""},
		{"empty separator", []string{"a", "b"}, "", "ab", ""},
		{"nil", nil, ", ", "", "delimit: <nil> is not a list"},
		{"text is not a list", "a,b", ", ", "", "delimit: string is not a list"},
		{"a map is not a list", map[string]any{"a": 1}, ", ", "", "delimit: map[string]interface {} is not a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := delimit(tt.list, tt.sep)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("delimit(%v) = %q, %v; want the error %q", tt.list, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("delimit(%v, %q) = %q, %v; want %q", tt.list, tt.sep, got, err, tt.want)
			}
		})
	}
}

func TestSeq(t *testing.T) {
	tests := []struct {
		n    int
		want []int
	}{
		{-3, []int{}},
		{0, []int{}},
		{1, []int{1}},
		{5, []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		got, err := seq(tt.n)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("seq(%d) = %v, %v; want %v", tt.n, got, err, tt.want)
		}
	}
	if got, err := seq(maxSeq); err != nil || len(got) != maxSeq || got[maxSeq-1] != maxSeq {
		t.Errorf("seq(%d): %d numbers, %v", maxSeq, len(got), err)
	}
	_, err := seq(maxSeq + 1)
	var limit limitError
	if !errors.As(err, &limit) || !strings.Contains(limit.what.String(), "seq makes at most 10000") || limit.fix.IsZero() {
		t.Errorf("seq(%d): err = %v, want a limitError with a hint", maxSeq+1, err)
	}
	runTemplates(t, testFuncs("https://example.org/", "nb", nil), []templateCase{
		{name: "range", text: `{{ range seq 3 }}{{ . }}{{ end }}`, want: "123"},
		{name: "none", text: `{{ range seq 0 }}x{{ else }}none{{ end }}`, want: "none"},
		{name: "text is no number", text: `{{ seq "3" }}`, want: `seq: the last number must be a whole number, not the text "3"`, err: true},
		{name: "a fraction is no whole number", text: `{{ seq 2.5 }}`, want: "not 2.5", err: true},
	})
}

func TestIsset(t *testing.T) {
	params := map[string]any{"image": "hall.jpg", "imageAlt": "", "project": nil}
	tests := []struct {
		name string
		c    any
		key  any
		want bool
	}{
		{"key with a value", params, "image", true},
		{"key with an empty value", params, "imageAlt", true},
		{"key with null", params, "project", true},
		{"no such key", params, "summary", false},
		{"a number as the key", map[string]any{"2026": "x"}, 2026, true},
		{"empty map", map[string]any{}, "image", false},
		{"nil map", map[string]any(nil), "image", false},
		{"first of a list", []string{"a", "b"}, 0, true},
		{"last of a list", []string{"a", "b"}, 1, true},
		{"past the end", []string{"a", "b"}, 2, false},
		{"negative index", []string{"a", "b"}, -1, false},
		{"text as an index", []string{"a", "b"}, "0", false},
		{"array", [2]int{1, 2}, 1, true},
		{"nil", nil, "image", false},
		{"text", "image", "image", false},
		{"a number", 42, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isset(tt.c, tt.key); got != tt.want {
				t.Errorf("isset(%v, %v) = %v, want %v", tt.c, tt.key, got, tt.want)
			}
		})
	}
}

func TestIssetMapWithNumberKeys(t *testing.T) {
	if !isset(map[int]string{1: "a"}, 1) {
		t.Error("isset(map[int]string{1: a}, 1) = false, want true")
	}
	type name string
	tests := []struct {
		name string
		c    any
		key  any
		want bool
	}{
		{"an int64 from front matter", map[int]string{1: "a"}, int64(1), true},
		{"a whole float", map[int]string{1: "a"}, 1.0, true},
		{"a fraction", map[int]string{1: "a"}, 1.5, false},
		{"text is not a number key", map[int]string{1: "a"}, "1", false},
		{"too big for the key", map[uint8]string{44: "a"}, 300, false},
		{"negative for unsigned", map[uint]string{1: "a"}, -1, false},
		{"float keys", map[float64]string{2.5: "a"}, 2.5, true},
		{"keys of a named text type", map[name]string{"a": "x"}, "a", true},
		{"any keys", map[any]any{"a": 1, 2: "b"}, 2, true},
		{"any keys, not there", map[any]any{"a": 1}, "b", false},
		{"a list is no key", map[any]any{"a": 1}, []string{"a"}, false},
		{"nil is no key", map[any]any{"a": 1}, nil, false},
		{"bool keys", map[bool]string{true: "ja"}, true, true},
		{"an int64 index", []string{"a", "b"}, int64(1), true},
		{"an unsigned index", []string{"a", "b"}, uint(2), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isset(tt.c, tt.key); got != tt.want {
				t.Errorf("isset(%v, %v) = %v, want %v", tt.c, tt.key, got, tt.want)
			}
		})
	}
}

func TestIn(t *testing.T) {
	hall := &site.Page{Title: "Hall"}
	tests := []struct {
		name string
		c, v any
		want bool
	}{
		{"in a list", []string{"industri", "mat"}, "mat", true},
		{"not in a list", []string{"industri", "mat"}, "kultur", false},
		{"letters", []string{"Ærlig", "Åssiden"}, "Åssiden", true},
		{"case matters", []string{"mat"}, "Mat", false},
		{"a number in numbers", []int{1, 2, 3}, 2, true},
		{"a number as text", []any{1, 2, 3}, "2", true},
		{"int and float", []any{1, 2}, 2.0, true},
		{"nil in a list", []any{nil}, nil, true},
		{"nil is not empty text", []any{nil}, "", false},
		{"a page", []*site.Page{{Title: "Kafé"}, hall}, hall, true},
		{"a page with the same title", []*site.Page{hall}, &site.Page{Title: "Hall"}, false},
		{"array", [2]string{"a", "b"}, "b", true},
		{"empty list", []string{}, "a", false},
		{"nil list", []string(nil), "a", false},
		{"part of text", "Ny fabrikk på Åssiden", "Åss", true},
		{"not part of text", "Ny fabrikk", "hall", false},
		{"empty text is part of any", "abc", "", true},
		{"a number in text", "Drammen 2026", 2026, true},
		{"nil", nil, "a", false},
		{"a map", map[string]any{"a": 1}, "a", false},
		{"a number", 12, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := in(tt.c, tt.v); got != tt.want {
				t.Errorf("in(%v, %v) = %v, want %v", tt.c, tt.v, got, tt.want)
			}
		})
	}
}

// compareAny, sortBy and where are the order, the sort and the where of
// a Norwegian site's templates.
func compareAny(a, b any) int {
	o := newOrdering("nb")
	return compareValues(o.collator().Collator, a, b)
}

func sortBy(list any, args ...string) (any, error) { return newOrdering("nb").sort(list, args...) }

func where(list any, key string, args ...any) (any, error) {
	return newOrdering("nb").where(list, key, args...)
}

// TestCompare is the order where and sort use: numbers as numbers, dates
// as dates, anything else as text.
func TestCompare(t *testing.T) {
	d1 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	d2 := time.Date(2026, 11, 27, 0, 0, 0, 0, oslo)
	tests := []struct {
		name string
		a, b any
		want int
	}{
		{"ints", 1, 2, -1},
		{"equal ints", 3, 3, 0},
		{"int64 and int", int64(10), 9, 1},
		{"int and float", 2, 2.5, -1},
		{"float and int", 2.0, 2, 0},
		{"negative", -1, 0, -1},
		{"dates", d1, d2, -1},
		{"the same moment in two zones", d2, d2.UTC(), 0},
		{"text", "b", "a", 1},
		{"numbers in text compare as text", "10", "9", -1},
		{"text and a number", "a", 1, 1},
		{"nil first", nil, "a", -1},
		{"nil and nil", nil, nil, 0},
		{"NaN first", math.NaN(), 0.0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compareAny(tt.a, tt.b); got != tt.want {
				t.Errorf("compareAny(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := compareAny(tt.b, tt.a); got != -tt.want {
				t.Errorf("compareAny(%v, %v) = %d, want %d (the other way round)", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

func TestCompareUnsigned(t *testing.T) {
	if got := compareAny(uint(10), 9); got != 1 {
		t.Errorf("compareAny(uint(10), 9) = %d, want 1", got)
	}
	tests := []struct {
		name string
		a, b any
		want int
	}{
		{"uint and int64", uint64(3), int64(3), 0},
		{"the largest uint64 and -1", uint64(math.MaxUint64), -1, 1},
		{"the largest uint64 and the largest int64", uint64(math.MaxUint64), int64(math.MaxInt64), 1},
		{"uint8 and float", uint8(2), 2.5, -1},
		{"int8 and int", int8(-3), -2, -1},
		{"exact past a float's precision", int64(1<<53 + 1), uint64(1 << 53), 1},
	}
	for _, tt := range tests {
		if got := compareAny(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: compareAny(%v, %v) = %d, want %d", tt.name, tt.a, tt.b, got, tt.want)
		}
		if got := compareAny(tt.b, tt.a); got != -tt.want {
			t.Errorf("%s: compareAny(%v, %v) = %d, want %d", tt.name, tt.b, tt.a, got, -tt.want)
		}
	}
	got, err := sortBy([]any{uint(10), 9, int64(-1), uint8(0)})
	if want := []any{int64(-1), uint8(0), 9, uint(10)}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("sorted %v, %v; want %v", got, err, want)
	}
}

func TestCompareNorwegian(t *testing.T) {
	got, err := sortBy([]string{"Åssiden", "Østre", "Ærlig", "bryggeri", "Drammen"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bryggeri", "Drammen", "Ærlig", "Østre", "Åssiden"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
	// Each language sorts as its readers do; Nynorsk as Bokmål. "Aa" is
	// the old way to write Å, and Norwegian sorts it so (Aasen as Åsen).
	words := []string{"Åssiden", "Østre", "Aasen", "Ærlig", "zebra", "bryggeri", "Drammen", "åpen", "Åpen", "Apal"}
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"nb", []string{"Apal", "bryggeri", "Drammen", "zebra", "Ærlig", "Østre", "åpen", "Åpen", "Aasen", "Åssiden"}},
		{"nn", []string{"Apal", "bryggeri", "Drammen", "zebra", "Ærlig", "Østre", "åpen", "Åpen", "Aasen", "Åssiden"}},
		{"no", []string{"Apal", "bryggeri", "Drammen", "zebra", "Ærlig", "Østre", "åpen", "Åpen", "Aasen", "Åssiden"}},
		{"en", []string{"Aasen", "Ærlig", "Apal", "åpen", "Åpen", "Åssiden", "bryggeri", "Drammen", "Østre", "zebra"}},
		{"not a language", []string{"Aasen", "Ærlig", "Apal", "åpen", "Åpen", "Åssiden", "bryggeri", "Drammen", "Østre", "zebra"}},
	} {
		got, err := newOrdering(tt.lang).sort(words)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: sorted %q, %v; want %q", tt.lang, got, err, tt.want)
		}
	}
	// The templates of each language sort in its order.
	for lang, want := range map[string]string{"nb": "Drammen Ærlig Åssiden ", "en": "Ærlig Åssiden Drammen "} {
		runTemplates(t, testFuncs("https://example.org/", lang, nil), []templateCase{
			{name: lang, text: `{{ range sort . }}{{ . }} {{ end }}`, data: []string{"Åssiden", "Ærlig", "Drammen"}, want: want},
		})
	}
	// where orders as sort does.
	items := []item{{Title: "Drammen"}, {Title: "Ærlig"}, {Title: "Åssiden"}, {Title: "zebra"}}
	before, err := where(items, "Title", "<", "Ø")
	if g, want := titles(before), []string{"Drammen", "Ærlig", "zebra"}; err != nil || !reflect.DeepEqual(g, want) {
		t.Errorf(`where Title < "Ø" = %q, %v; want %q`, g, err, want)
	}
	// Text the collator finds equal is ordered by its bytes: "é" as one
	// letter and as e and an accent, whichever comes first.
	composed, decomposed := "Kaf\u00e9", "Kafe\u0301"
	for _, list := range [][]string{{composed, decomposed}, {decomposed, composed}} {
		got, _ := sortBy(list)
		if want := []string{decomposed, composed}; !reflect.DeepEqual(got, want) {
			t.Errorf("sorted %+q, want %+q", got, want)
		}
	}
}

// TestOrderingConcurrent: the pages of a language render in parallel with
// one FuncMap, so one ordering sorts on many goroutines at once (run with
// -race).
func TestOrderingConcurrent(t *testing.T) {
	o := newOrdering("nb")
	pages := []item{{Title: "Østre"}, {Title: "Drammen"}, {Title: "Ærlig"}, {Title: "Åssiden"}}
	want := []string{"Drammen", "Ærlig", "Østre", "Åssiden"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got, err := o.sort(pages, "Title")
				if err != nil || !reflect.DeepEqual(titles(got), want) {
					t.Errorf("sorted %q, %v; want %q", titles(got), err, want)
					return
				}
				if got, _ := o.where(pages, "Title", ">=", "Ø"); len(titles(got)) != 2 {
					t.Errorf("where >= Ø = %q, want Østre and Åssiden", titles(got))
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestCompareOperators(t *testing.T) {
	tests := []struct {
		op        string
		got, want any
		ok        bool
	}{
		{"==", "a", "a", true}, {"=", "a", "b", false}, {"eq", 1, 1.0, true},
		{"!=", "a", "b", true}, {"<>", "a", "a", false}, {"ne", 1, 2, true},
		{"<", 1, 2, true}, {"lt", 2, 1, false},
		{"<=", 2, 2, true}, {"le", 3, 2, false},
		{">", "b", "a", true}, {"gt", 1, 1, false},
		{">=", 1, 1, true}, {"ge", 0, 1, false},
		{"in", "mat", []string{"mat", "industri"}, true}, {"in", "kultur", []string{"mat"}, false},
		{"not in", "kultur", []string{"mat"}, true}, {"not in", "mat", []string{"mat"}, false},
		{"intersect", []string{"a", "b"}, []string{"b", "c"}, true},
		{"intersect", []string{"a"}, []string{"b"}, false},
		{"intersect", "a", []string{"a"}, false}, // only lists intersect
	}
	for _, tt := range tests {
		ok, err := compareOp(tt.op, tt.got, tt.want, compareAny)
		if err != nil || ok != tt.ok {
			t.Errorf("compareOp(%q, %v, %v) = %v, %v; want %v", tt.op, tt.got, tt.want, ok, err, tt.ok)
		}
	}
	if _, err := compareOp("like", "a", "a", compareAny); err == nil || err.Error() != `unknown operator "like"` {
		t.Errorf("compareOp(like): err = %v, want unknown operator", err)
	}
}

// item is a value of a list that where and sort read fields of.
type item struct {
	Title  string
	Weight int
	Date   time.Time
	Params map[string]any
	hidden string
}

func (i item) Upper() string { return strings.ToUpper(i.Title) }

func titles(v any) []string {
	var out []string
	switch v := v.(type) {
	case []item:
		for _, i := range v {
			out = append(out, i.Title)
		}
	case []*item:
		for _, i := range v {
			out = append(out, i.Title)
		}
	case []map[string]any:
		for _, m := range v {
			out = append(out, m["title"].(string))
		}
	}
	return out
}

func TestWhere(t *testing.T) {
	items := []item{
		{Title: "Hall", Weight: 2, Date: time.Date(2026, 10, 1, 0, 0, 0, 0, oslo), Params: map[string]any{"featured": true, "tags": []any{"mat"}}},
		{Title: "Kafé", Weight: 1, Date: time.Date(2026, 11, 1, 0, 0, 0, 0, oslo), Params: map[string]any{"Featured": false, "tags": []any{"kultur", "mat"}}},
		{Title: "Øst", Weight: 3},
	}
	after := time.Date(2026, 10, 15, 0, 0, 0, 0, oslo)
	tests := []struct {
		name string
		list any
		key  string
		args []any
		want []string
	}{
		{"equal", items, "Title", []any{"Kafé"}, []string{"Kafé"}},
		{"a leading dot", items, ".Title", []any{"Øst"}, []string{"Øst"}},
		{"not equal", items, "Title", []any{"!=", "Kafé"}, []string{"Hall", "Øst"}},
		{"a number", items, "Weight", []any{">=", 2}, []string{"Hall", "Øst"}},
		{"a date", items, "Date", []any{">", after}, []string{"Kafé"}},
		{"a parameter", items, "Params.featured", []any{true}, []string{"Hall"}},
		{"a parameter in other capitals", items, "Params.FEATURED", []any{false}, []string{"Kafé"}},
		{"a missing parameter is nil", items, "Params.featured", []any{nil}, []string{"Øst"}},
		{"in", items, "Title", []any{"in", []string{"Hall", "Øst"}}, []string{"Hall", "Øst"}},
		{"not in", items, "Title", []any{"not in", []string{"Hall", "Øst"}}, []string{"Kafé"}},
		{"intersect", items, "Params.tags", []any{"intersect", []string{"kultur"}}, []string{"Kafé"}},
		{"a method", items, "Upper", []any{"KAFÉ"}, []string{"Kafé"}},
		{"pointers", []*item{&items[0], &items[1]}, "Weight", []any{1}, []string{"Kafé"}},
		{"maps", []map[string]any{{"title": "a", "n": 1}, {"title": "b", "n": 2}}, "n", []any{2}, []string{"b"}},
		{"no such field", items, "Tittel", []any{"Kafé"}, nil},
		{"nothing matches", items, "Title", []any{"Hallen"}, nil},
		{"empty list", []item{}, "Title", []any{"Kafé"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := where(tt.list, tt.key, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if reflect.TypeOf(got) != reflect.TypeOf(tt.list) {
				t.Errorf("where returned a %T, want a %T", got, tt.list)
			}
			if g := titles(got); !reflect.DeepEqual(g, tt.want) {
				t.Errorf("where %s %v = %q, want %q", tt.key, tt.args, g, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name string
		list any
		args []any
		err  string
	}{
		{"nil", nil, []any{"a"}, "where: <nil> is not a list"},
		{"text", "Hall", []any{"a"}, "where: string is not a list"},
		{"no value", items, nil, "where: want a list, a key, an optional operator and a value"},
		{"too many", items, []any{"==", "a", "b"}, "where: want a list"},
		{"unknown operator", items, []any{"like", "a"}, `where "Title": unknown operator "like"`},
		{"an operator that is not text", items, []any{1, "a"}, `where "Title": unknown operator ""`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := where(tt.list, "Title", tt.args...); err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("err = %v, want one containing %q", err, tt.err)
			}
		})
	}
}

func TestWhereUnexportedField(t *testing.T) {
	got, err := where([]item{{Title: "a", hidden: "x"}}, "hidden", "x")
	if err != nil || reflect.ValueOf(got).Len() != 0 {
		t.Errorf("got %v, %v; want no items", got, err)
	}
	list := []item{{Title: "b", hidden: "1"}, {Title: "a", hidden: "2"}}
	if got, err := sortBy(list, "hidden"); err != nil || !reflect.DeepEqual(titles(got), []string{"b", "a"}) {
		t.Errorf("sort by an unexported field = %v, %v; want the list as it was", titles(got), err)
	}
	// Maps whose keys are not text have no field; those of a named text
	// type do.
	type key string
	if got, err := where([]map[int]any{{1: "a"}}, "1", "a"); err != nil || reflect.ValueOf(got).Len() != 0 {
		t.Errorf("where on number keys = %v, %v; want no items", got, err)
	}
	if got, err := where([]map[key]any{{"title": "a"}}, "Title", "a"); err != nil || reflect.ValueOf(got).Len() != 1 {
		t.Errorf("where on named text keys = %v, %v; want the item", got, err)
	}
	// Of keys that differ only in case, the exact one, else always the same one.
	m := map[string]any{"Tags": "first", "TAGS": "second", "tAGS": "third"}
	for range 20 {
		if got, _ := field(m, "tags"); got != "second" {
			t.Fatalf("field tags = %v, want the first key in byte order (TAGS)", got)
		}
	}
	if got, _ := field(m, "Tags"); got != "first" {
		t.Errorf("field Tags = %v, want the exact key", got)
	}
}

func TestSort(t *testing.T) {
	items := []item{{Title: "b", Weight: 2}, {Title: "a", Weight: 1}, {Title: "c", Weight: 2}}
	tests := []struct {
		name string
		list any
		args []string
		want any
	}{
		{"numbers", []int{3, 1, 2}, nil, []int{1, 2, 3}},
		{"numbers by value", []int{3, 1, 2}, []string{"value"}, []int{1, 2, 3}},
		{"numbers, descending", []int{3, 1, 2}, []string{"value", "desc"}, []int{3, 2, 1}},
		{"asc is the default", []int{3, 1, 2}, []string{"value", "asc"}, []int{1, 2, 3}},
		{"text", []string{"b", "c", "a"}, nil, []string{"a", "b", "c"}},
		{"mixed numbers", []any{2.5, 1, int64(2)}, nil, []any{1, int64(2), 2.5}},
		{"by field", items, []string{"Title"}, []string{"a", "b", "c"}},
		{"stable: equal weights keep their order", items, []string{"Weight"}, []string{"a", "b", "c"}},
		{"stable descending", items, []string{"Weight", "desc"}, []string{"b", "c", "a"}},
		{"by a map key", []map[string]any{{"title": "y"}, {"title": "x"}}, []string{"title"}, []string{"x", "y"}},
		{"empty", []int{}, nil, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := reflect.ValueOf(tt.list).Len()
			got, err := sortBy(tt.list, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if ts := titles(got); ts != nil {
				got = ts
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sort %v = %v, want %v", tt.args, got, tt.want)
			}
			if reflect.ValueOf(tt.list).Len() != before {
				t.Error("the list given changed")
			}
		})
	}
	list := []int{3, 1, 2}
	if _, err := sortBy(list); err != nil || list[0] != 3 {
		t.Errorf("sort changed the list given: %v", list)
	}
	for _, bad := range []any{nil, "cba", map[string]int{"a": 1}} {
		if _, err := sortBy(bad); err == nil || !strings.Contains(err.Error(), "is not a list") {
			t.Errorf("sort(%v): err = %v, want not a list", bad, err)
		}
	}
}

func TestFirstLast(t *testing.T) {
	list := []string{"a", "b", "c"}
	tests := []struct {
		n           int
		list        any
		first, last any
	}{
		{2, list, []string{"a", "b"}, []string{"b", "c"}},
		{3, list, list, list},
		{100, list, list, list},
		{1 << 40, list, list, list}, // a huge n makes no list
		{0, list, []string{}, []string{}},
		{-1, list, []string{}, []string{}},
		{1, []string{}, []string{}, []string{}},
		{1, [3]int{1, 2, 3}, []int{1}, []int{3}},
	}
	for _, tt := range tests {
		if got, err := first(tt.n, tt.list); err != nil || !reflect.DeepEqual(got, tt.first) {
			t.Errorf("first(%d, %v) = %v, %v; want %v", tt.n, tt.list, got, err, tt.first)
		}
		if got, err := last(tt.n, tt.list); err != nil || !reflect.DeepEqual(got, tt.last) {
			t.Errorf("last(%d, %v) = %v, %v; want %v", tt.n, tt.list, got, err, tt.last)
		}
	}
	for _, bad := range []any{nil, "abc", map[string]int{}, 3} {
		if _, err := first(1, bad); err == nil || !strings.HasPrefix(err.Error(), "first: ") {
			t.Errorf("first(1, %v): err = %v", bad, err)
		}
		if _, err := last(1, bad); err == nil || !strings.HasPrefix(err.Error(), "last: ") {
			t.Errorf("last(1, %v): err = %v", bad, err)
		}
	}
}

func TestDefault(t *testing.T) {
	when := time.Date(2026, 11, 27, 0, 0, 0, 0, oslo)
	tests := []struct {
		name string
		v    []any
		want any
	}{
		{"text", []any{"Tittel"}, "Tittel"},
		{"empty text", []any{""}, "fallback"},
		{"empty HTML", []any{template.HTML("")}, "fallback"},
		{"nil", []any{nil}, "fallback"},
		{"no value", nil, "fallback"},
		{"zero", []any{0}, "fallback"},
		{"a number", []any{3}, 3},
		{"empty list", []any{[]string{}}, "fallback"},
		{"a list", []any{[]string{"a"}}, []string{"a"}},
		{"empty map", []any{map[string]any{}}, "fallback"},
		{"zero date", []any{time.Time{}}, "fallback"},
		{"a date", []any{when}, when},
		{"nil page", []any{(*site.Page)(nil)}, "fallback"},
		{"true", []any{true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := defaultValue("fallback", tt.v...); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("default(fallback, %v) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

func TestDefaultFalse(t *testing.T) {
	if got := defaultValue(true, false); got != false {
		t.Errorf("default(true, false) = %v, want false", got)
	}
	tests := []struct {
		name string
		v    any
		want any
	}{
		{"a struct, even a zero one", site.Pager{}, site.Pager{}},
		{"zero unsigned", uint(0), "fallback"},
		{"zero float", 0.0, "fallback"},
		{"an int64 from front matter", int64(2), int64(2)},
		{"zero int64", int64(0), "fallback"},
		{"nil map", map[string]any(nil), "fallback"},
	}
	for _, tt := range tests {
		if got := defaultValue("fallback", tt.v); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: default(fallback, %v) = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
	runTemplates(t, testFuncs("https://example.org/", "nb", nil), []templateCase{
		{name: "toc: false", text: `{{ .toc | default true }}`, data: map[string]any{"toc": false}, want: "false"},
		{name: "no toc", text: `{{ .toc | default true }}`, data: map[string]any{}, want: "true"},
	})
}

func TestDict(t *testing.T) {
	got, err := dict("page", "p", "level", 2, "tom", nil, "æøå", "ja")
	if want := map[string]any{"page": "p", "level": 2, "tom": nil, "æøå": "ja"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("dict = %v, %v; want %v", got, err, want)
	}
	if got, err := dict(); err != nil || got == nil || len(got) != 0 {
		t.Errorf("dict() = %v, %v; want an empty map", got, err)
	}
	if got, err := dict("a", 1, "a", 2); err != nil || got["a"] != 2 {
		t.Errorf("dict with a key twice = %v, %v; want the last value", got, err)
	}
	if _, err := dict("a", 1, "b"); err == nil || err.Error() != "dict: needs pairs of key and value, got 3 arguments" {
		t.Errorf("odd arguments: err = %v", err)
	}
	if _, err := dict(1, "a"); err == nil || err.Error() != "dict: key 1 is not text" {
		t.Errorf("a number as key: err = %v", err)
	}
	if _, err := dict(template.HTML("a"), "b"); err == nil {
		t.Error("HTML as key: no error")
	}
}

func TestJsonify(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want template.JS
		err  bool
	}{
		{"map, keys in order", map[string]any{"b": 1, "a": "ø"}, `{"a":"ø","b":1}`, false},
		{"no way out of a script", "</script><b>&", `"\u003c/script\u003e\u003cb\u003e\u0026"`, false},
		{"nil", nil, "null", false},
		{"empty list", []string{}, "[]", false},
		{"nil list", []string(nil), "null", false},
		{"a date", time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), `"2026-11-27T09:00:00Z"`, false},
		{"HTML is text", template.HTML("<p>"), `"\u003cp\u003e"`, false},
		{"a channel", make(chan int), "", true},
		{"NaN", math.NaN(), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsonify(tt.v)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("jsonify(%v) = %q, %v; want %q (error %v)", tt.v, got, err, tt.want, tt.err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "jsonify: ") {
				t.Errorf("error %q does not name jsonify", err)
			}
		})
	}
}

func TestReplace(t *testing.T) {
	tests := []struct {
		name        string
		v, old, new any
		want        string
	}{
		{"every one", "a-b-c", "-", " ", "a b c"},
		{"letters", "Øst og øst", "ø", "o", "Øst og ost"},
		{"none", "abc", "x", "y", "abc"},
		{"to nothing", "a-b", "-", "", "ab"},
		{"empty old matches between letters", "æø", "", "-", "-æ-ø-"},
		{"numbers", 2026, 0, "o", "2o26"},
		{"nil", nil, "a", "b", ""},
		{"HTML as text", template.HTML("<b>x</b>"), "b>", "i>", "<i>x</i>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := replace(tt.v, tt.old, tt.new); err != nil || got != tt.want {
				t.Errorf("replace(%v, %v, %v) = %q, %v; want %q", tt.v, tt.old, tt.new, got, err, tt.want)
			}
		})
	}
	page := strings.Repeat("ord ", 1000)
	_, err := replace(page, "", strings.Repeat("x", maxPageBytes/1000))
	var limit limitError
	if !errors.As(err, &limit) || limit.fix.IsZero() {
		t.Errorf("a replace past the page limit: err = %v, want a limitError with a hint", err)
	}
}

func TestTextFunctions(t *testing.T) {
	fm := testFuncs("https://example.org/", "nb", nil)
	call := func(name string, args ...any) any {
		out := reflect.ValueOf(fm[name]).Call(valuesOf(args))
		return out[0].Interface()
	}
	tests := []struct {
		fn   string
		args []any
		want any
	}{
		{"lower", []any{"ÆRLIG Østre"}, "ærlig østre"},
		{"lower", []any{nil}, ""},
		{"lower", []any{42}, "42"},
		{"upper", []any{"åssiden"}, "ÅSSIDEN"},
		{"upper", []any{template.HTML("<b>x</b>")}, "<B>X</B>"},
		{"urlize", []any{"Ny fabrikk på Åssiden!"}, "ny-fabrikk-pa-assiden"},
		{"urlize", []any{""}, ""},
		{"urlize", []any{nil}, ""},
		{"plainify", []any{"<p>Hei <b>du</b></p>\n<p>der</p>"}, "Hei du der"},
		{"plainify", []any{template.HTML("Øl &amp; brød &lt;3")}, "Øl & brød <3"},
		{"plainify", []any{"  mange   mellomrom  "}, "mange mellomrom"},
		{"plainify", []any{nil}, ""},
		{"safeHTML", []any{"<b>x</b>"}, template.HTML("<b>x</b>")},
		{"safeHTML", []any{nil}, template.HTML("")},
		{"split", []any{"mat,industri", ","}, []string{"mat", "industri"}},
		{"split", []any{"æøå", ""}, []string{"æ", "ø", "å"}},
		{"split", []any{"", ","}, []string{""}},
		{"split", []any{nil, ","}, []string{""}},
		{"slice", []any{"a", 1}, []any{"a", 1}},
		{"add", []any{2, 3}, 5},
		{"add", []any{-2, 1}, -1},
		{"sub", []any{2, 3}, -1},
		// Functions README does not list yet.
		{"mul", []any{4, -3}, -12},
		{"title", []any{"ærlig talt"}, "Ærlig talt"},
		{"title", []any{""}, ""},
		{"hasPrefix", []any{"/historier/hall/", "/historier/"}, true},
		{"hasPrefix", []any{nil, ""}, true},
		{"htmlEscape", []any{`<a href="x">Øl & brød</a>`}, "&lt;a href=&#34;x&#34;&gt;Øl &amp; brød&lt;/a&gt;"},
		{"urlquery", []any{"Øl & brød"}, "%C3%98l+%26+br%C3%B8d"},
		{"safeURL", []any{"tel:+47"}, template.URL("tel:+47")},
		{"safeCSS", []any{"color: red"}, template.CSS("color: red")},
	}
	for _, tt := range tests {
		if got := call(tt.fn, tt.args...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %v = %#v, want %#v", tt.fn, tt.args, got, tt.want)
		}
	}
}

func valuesOf(args []any) []reflect.Value {
	out := make([]reflect.Value, len(args))
	for i, a := range args {
		if a == nil {
			out[i] = reflect.Zero(reflect.TypeFor[any]())
		} else {
			out[i] = reflect.ValueOf(a)
		}
	}
	return out
}

// TestFunctionsInTemplates: what the functions and Go's own (len, eq, lt)
// do with the values templates hand them.
func TestFunctionsInTemplates(t *testing.T) {
	fm := testFuncs("https://example.org/", "nb", nil)
	runTemplates(t, fm, []templateCase{
		{name: "len counts bytes", text: `{{ len "æøå" }}`, want: "6"},
		{name: "len of a list", text: `{{ len (slice 1 2 3) }}`, want: "3"},
		{name: "len of no list", text: `{{ len (slice) }}`, want: "0"},
		{name: "len of nil", text: `{{ len . }}`, want: "error calling len", err: true},
		{name: "eq", text: `{{ eq "historier" "historier" }}`, want: "true"},
		{name: "eq of several", text: `{{ eq 2 1 2 }}`, want: "true"},
		{name: "ne", text: `{{ ne "nb" "en" }}`, want: "true"},
		{name: "lt", text: `{{ lt 1 2 }}`, want: "true"},
		{name: "eq of an int and a float", text: `{{ eq 1 1.5 }}`, want: "incompatible types", err: true},
		{name: "lt of dates", text: `{{ lt . . }}`, data: time.Now(), want: "invalid type for comparison", err: true},
		{name: "add", text: `{{ add 1 2 }}`, want: "3"},
		{name: "add of a float", text: `{{ add 1 2.5 }}`, want: "3.5"},
		{name: "add of text", text: `{{ add "1" 2 }}`, want: `add: a number is needed, not the text "1"`, err: true},
		{name: "add of nothing", text: `{{ add .nope 2 }}`, data: map[string]any{}, want: "add: a number is needed, not nothing", err: true},
		{name: "sub", text: `{{ sub 10 3 }}`, want: "7"},
		{name: "safeHTML is not escaped", text: `{{ safeHTML "<b>ja</b>" }}`, want: "<b>ja</b>"},
		{name: "text is escaped", text: `{{ truncate 10 "<b>ja</b>" }}`, want: "&lt;b&gt;ja&lt;/b&gt;"},
		{name: "default in a pipe", text: `{{ .Title | default "Uten tittel" }}`, data: map[string]any{"Title": ""}, want: "Uten tittel"},
		{name: "default of a missing key", text: `{{ .nope | default "Uten tittel" }}`, data: map[string]any{}, want: "Uten tittel"},
		{name: "isset of front matter", text: `{{ isset .Params "image" }}`, data: map[string]any{"Params": map[string]any{"image": ""}}, want: "true"},
		{name: "in with a number from the page", text: `{{ in (slice 1 2) . }}`, data: int64(2), want: "true"},
		{name: "delimit of slice", text: `{{ delimit (slice "a" "b") ", " }}`, want: "a, b"},
		{name: "delimit of nothing", text: `{{ delimit .nope ", " }}`, data: map[string]any{}, want: "delimit: <nil> is not a list", err: true},
		{name: "delimit with a last separator", text: `{{ delimit (slice "a" "b" "c") ", " " og " }}`, want: "wrong number of args", err: true},
		{name: "jsonify in a script", text: `<script type="application/ld+json">{{ jsonify (dict "name" "Øl & brød") }}</script>`, want: `<script type="application/ld+json">{"name":"Øl \u0026 brød"}</script>`},
		{name: "dict and index", text: `{{ index (dict "a" 1) "a" }}`, want: "1"},
		{name: "where in a template", text: `{{ range where . "Weight" ">" 1 }}{{ .Title }}{{ end }}`, data: []item{{Title: "a", Weight: 1}, {Title: "b", Weight: 2}}, want: "b"},
		{name: "first of where", text: `{{ range first 1 (where . "Weight" 1) }}{{ .Title }}{{ end }}`, data: []item{{Title: "a", Weight: 1}, {Title: "b", Weight: 1}}, want: "a"},
		{name: "partial outside a page", text: `{{ partial "x.html" . }}`, want: "partial called outside a page", err: true},
	})
}

// TestNumbersFromFrontMatter: the content package gives every whole
// number of front matter and data files as an int64.
func TestNumbersFromFrontMatter(t *testing.T) {
	fm := testFuncs("https://example.org/", "nb", nil)
	count := map[string]any{"count": int64(2)}
	runTemplates(t, fm, []templateCase{
		{name: "add", text: `{{ add .count 1 }}`, data: count, want: "3"},
		{name: "sub", text: `{{ sub .count 1 }}`, data: count, want: "1"},
		{name: "seq", text: `{{ range seq .count }}{{ . }}{{ end }}`, data: count, want: "12"},
		{name: "first", text: `{{ first .count (slice 1 2 3) }}`, data: count, want: "[1 2]"},
		{name: "truncate", text: `{{ truncate .count "abc" }}`, data: count, want: "ab…"},
		{name: "mul", text: `{{ mul .count 3 }}`, data: count, want: "6"},
		{name: "last", text: `{{ last .count (slice 1 2 3) }}`, data: count, want: "[2 3]"},
		{name: "isset of an index", text: `{{ isset (slice 1 2 3) .count }}`, data: count, want: "true"},
		{name: "the sum is an int", text: `{{ lt (add .count 1) (len (slice 1 2 3 4)) }}`, data: count, want: "true"},
		{name: "unsigned", text: `{{ add .n 1 }}`, data: map[string]any{"n": uint8(2)}, want: "3"},
		{name: "a whole float (TOML's 2.0)", text: `{{ range seq .n }}{{ . }}{{ end }}`, data: map[string]any{"n": 2.0}, want: "12"},
		{name: "a float in a sum", text: `{{ mul .price 1.25 }}`, data: map[string]any{"price": int64(100)}, want: "125"},
		{name: "sub of floats", text: `{{ sub 1.5 .n }}`, data: map[string]any{"n": 2.0}, want: "-0.5"},
		{name: "a fraction is no count", text: `{{ first .n (slice 1 2 3) }}`, data: map[string]any{"n": 1.5}, want: "first: the count must be a whole number, not 1.5", err: true},
		{name: "text is no count", text: `{{ last "2" (slice 1 2 3) }}`, want: `last: the count must be a whole number, not the text "2"`, err: true},
		{name: "a page is no number", text: `{{ sub . 1 }}`, data: &site.Page{}, want: "sub: a number is needed, not a page", err: true},
		{name: "seq past its limit", text: `{{ seq .n }}`, data: map[string]any{"n": int64(maxSeq + 1)}, want: "seq makes at most", err: true},
	})
}

func TestURLs(t *testing.T) {
	tests := []struct {
		base, lang, fn, in, want string
	}{
		{"https://example.org/", "nb", "relURL", "historier/hall/", "/historier/hall/"},
		{"https://example.org/", "nb", "relURL", "/historier/hall/", "/historier/hall/"},
		{"https://example.org/", "nb", "relURL", "", "/"},
		{"https://example.org/", "nb", "relURL", "bilder/ø.jpg", "/bilder/ø.jpg"},
		{"https://example.org/drammen/", "nb", "relURL", "historier/", "/drammen/historier/"},
		{"https://example.org/drammen/", "nb", "relURL", "/historier/", "/drammen/historier/"},
		{"https://example.org/drammen/", "nb", "relURL", "", "/drammen/"},
		{"https://example.org/", "nb", "relURL", "https://other.org/a", "https://other.org/a"},
		{"https://example.org/", "nb", "relURL", "//cdn.example.org/a.js", "//cdn.example.org/a.js"},
		{"https://example.org/", "nb", "relURL", "mailto:post@example.org", "mailto:post@example.org"},
		{"https://example.org/", "nb", "relURL", "tel:+4712345678", "tel:+4712345678"},
		{"https://example.org/", "nb", "absURL", "historier/", "https://example.org/historier/"},
		{"https://example.org/", "nb", "absURL", "", "https://example.org/"},
		{"https://example.org/drammen/", "nb", "absURL", "/historier/", "https://example.org/drammen/historier/"},
		{"https://example.org/", "nb", "absURL", "https://other.org/a", "https://other.org/a"},
		{"https://example.org/", "nb", "relLangURL", "historier/", "/historier/"},
		{"https://example.org/", "en", "relLangURL", "stories/", "/en/stories/"},
		{"https://example.org/", "en", "relLangURL", "/stories/", "/en/stories/"},
		{"https://example.org/", "en", "relLangURL", "", "/en/"},
		{"https://example.org/drammen/", "en", "relLangURL", "stories/", "/drammen/en/stories/"},
		{"https://example.org/", "en", "relLangURL", "https://other.org/", "https://other.org/"},
		{"https://example.org/", "en", "absLangURL", "stories/", "https://example.org/en/stories/"},
		{"https://example.org/drammen/", "nb", "absLangURL", "historier/", "https://example.org/drammen/historier/"},
		{"https://example.org/", "en", "absLangURL", "//cdn.example.org/", "//cdn.example.org/"},
	}
	for _, tt := range tests {
		fm := testFuncs(tt.base, tt.lang, nil)
		if got := fm[tt.fn].(func(any) string)(tt.in); got != tt.want {
			t.Errorf("%s %q on %s (%s) = %q, want %q", tt.fn, tt.in, tt.base, tt.lang, got, tt.want)
		}
	}
	fm := testFuncs("https://example.org/", "nb", nil)
	if got := fm["relURL"].(func(any) string)(nil); got != "/" {
		t.Errorf("relURL nil = %q, want /", got)
	}
	if got := fm["absURL"].(func(any) string)(template.URL("a")); got != "https://example.org/a" {
		t.Errorf("absURL of a template.URL = %q", got)
	}
}

func TestDateFormat(t *testing.T) {
	friday := time.Date(2026, 11, 27, 9, 30, 0, 0, oslo)
	lateUTC := time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC) // already 28 November in Oslo
	tests := []struct {
		name, lang, layout string
		v                  any
		want               string
	}{
		{"Norwegian month", "nb", "2. January 2006", friday, "27. november 2026"},
		{"Norwegian weekday", "nb", "Monday 2. January", friday, "fredag 27. november"},
		{"short month", "nb", "2. Jan", friday, "27. nov"},
		{"short weekday", "nb", "Mon", friday, "fre"},
		{"nynorsk months too", "nn", "January", friday, "november"},
		{"English", "en", "January 2, 2006", friday, "November 27, 2026"},
		{"in the site's time zone", "nb", "2. January 15:04", lateUTC, "28. november 00:30"},
		{"a date as text", "nb", "2. January 2006", "2026-05-17", "17. mai 2026"},
		{"a moment as text", "nb", "15:04", "2026-05-17T10:00:00Z", "12:00"},
		{"no date", "nb", "2. January 2006", time.Time{}, ""},
		{"a layout without names", "nb", "2006-01-02", friday, "2026-11-27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := formatDate(tt.layout, tt.v, tt.lang, oslo)
			if err != nil || got != tt.want {
				t.Errorf("dateFormat %q %v (%s) = %q, %v; want %q", tt.layout, tt.v, tt.lang, got, err, tt.want)
			}
		})
	}
	for _, bad := range []any{"27.11.2026", "", nil, 2026, template.HTML("2026-11-27")} {
		if _, err := formatDate("2006", bad, "nb", oslo); err == nil || !strings.HasPrefix(err.Error(), "dateFormat: ") {
			t.Errorf("dateFormat of %#v: err = %v, want one naming dateFormat", bad, err)
		}
	}
	fm := testFuncs("https://example.org/", "nb", nil)
	runTemplates(t, fm, []templateCase{
		{name: "from a template", text: `{{ dateFormat "2. January 2006" . }}`, data: friday, want: "27. november 2026"},
	})
}

func TestDateFormatShortWeekdays(t *testing.T) {
	for day, want := range map[int]string{28: "lør", 29: "søn"} {
		got, err := formatDate("Mon", time.Date(2026, 11, day, 12, 0, 0, 0, oslo), "nb", oslo)
		if err != nil || got != want {
			t.Errorf("dateFormat Mon of 2026-11-%d = %q, %v; want %q", day, got, err, want)
		}
	}
	// Nynorsk has weekdays of its own (CLDR's names); the months are Bokmål's.
	tests := []struct {
		lang, layout string
		day          int
		want         string
	}{
		{"nb", "Monday", 30, "mandag"},
		{"nn", "Monday", 30, "måndag"},
		{"nn", "Mon", 30, "mån"},
		{"nb", "Monday", 24, "tirsdag"},
		{"nn", "Monday", 24, "tysdag"},
		{"nn", "Mon", 24, "tys"},
		{"nn", "Monday 2. January", 28, "laurdag 28. november"},
		{"nn", "Mon", 28, "lau"},
		{"nn", "Monday", 29, "søndag"},
		{"no", "Mon", 28, "lør"},
		{"nb", "Jan", 28, "nov"},
		{"en", "Mon Jan", 28, "Sat Nov"},
	}
	for _, tt := range tests {
		got, err := formatDate(tt.layout, time.Date(2026, 11, tt.day, 12, 0, 0, 0, oslo), tt.lang, oslo)
		if err != nil || got != tt.want {
			t.Errorf("dateFormat %q of 2026-11-%d (%s) = %q, %v; want %q", tt.layout, tt.day, tt.lang, got, err, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	texts := map[string]plural{
		"readMore": {other: "Les mer"},
		"minutes":  {one: "{{ .Count }} minutt", other: "{{.Count}} minutter"},
		"pages":    {other: "{{ .Count }} sider"},
	}
	tr := translator{lang: "nb", strings: texts, missing: &missingKeys{}}
	tests := []struct {
		key  string
		args []any
		want string
	}{
		{"readMore", nil, "Les mer"},
		{"minutes", []any{1}, "1 minutt"},
		{"minutes", []any{5}, "5 minutter"},
		{"minutes", []any{0}, "0 minutter"},
		{"minutes", []any{1.0}, "1 minutt"},
		{"minutes", []any{int64(2)}, "2 minutter"},
		{"minutes", []any{2.5}, "2.5 minutter"},
		{"minutes", []any{"tre"}, "tre minutter"},
		{"pages", []any{1}, "1 sider"}, // no singular given: the plural
		{"nope", nil, "nope"},
	}
	for _, tt := range tests {
		if got := tr.T(tt.key, tt.args...); got != tt.want {
			t.Errorf("T %q %v = %q, want %q", tt.key, tt.args, got, tt.want)
		}
	}
	if !tr.missing.keys["nb:nope"] || len(tr.missing.keys) != 1 {
		t.Errorf("missing keys %v, want only nb:nope", tr.missing.keys)
	}
	fm := testFuncs("https://example.org/", "nb", texts)
	runTemplates(t, fm, []templateCase{
		{name: "T", text: `{{ T "minutes" 3 }}`, want: "3 minutter"},
		{name: "i18n", text: `{{ i18n "readMore" }}`, want: "Les mer"},
	})
}

func TestMarkdownify(t *testing.T) {
	fm := testFuncs("https://example.org/", "nb", nil)
	md := fm["markdownify"].(func(any) template.HTML)
	tests := []struct {
		in   any
		want template.HTML
	}{
		{"*Ærlig* talt", "<em>Ærlig</em> talt"},
		{"Én.\n\nTo.", "<p>Én.</p>\n<p>To.</p>"},
		{"", ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := md(tt.in); got != tt.want {
			t.Errorf("markdownify %q = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := md("Hei <script>alert(1)</script>"); strings.Contains(string(got), "<script") {
		t.Errorf("markdownify let a script through: %q", got)
	}
	// Without a Markdown renderer the text is shown as it is, escaped.
	plain := (&Renderer{}).markdownify("nb")
	if got := plain("<b>*x*</b>"); got != "&lt;b&gt;*x*&lt;/b&gt;" {
		t.Errorf("markdownify without a renderer = %q", got)
	}
}
