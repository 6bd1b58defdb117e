// Package bench measures works against Hugo and against the least work any
// generator must do. It writes a deterministic benchmark site (the corpus)
// in both programs' layouts, full or minimal (Templates), runs the floor
// program (read, Markdown, fixed shell, minify, write), times child
// processes and lists the pages each wrote. The commands in cmd/ are its
// edges; WriteCorpus, PrepareCorpus, Floor, Measure, ReadWritten and Sync do
// I/O, the rest is pure.
package bench

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// CorpusVersion changes whenever Corpus writes different files for the same
// page count and templates, so a corpus left on disk by an older generator
// is rewritten.
const CorpusVersion = 3

// Sections are the corpus's three sections; page i is in Sections[i%3].
var Sections = []string{"historier", "prosjekter", "nyheter"}

// Tags is how many distinct tags the pages draw from (two each).
const Tags = 50

// Templates names the layouts a corpus gives the two programs. The content
// is the same whatever the templates.
type Templates string

const (
	// Full is works' bench theme (a copy of internal/build's fixture theme:
	// a menu, data, reading time, terms and neighbours on every page,
	// summaries in the lists) and Hugo layouts of the same weight.
	Full Templates = "full"
	// Minimal is one set of layouts, the same bytes for both programs: a
	// base with <html lang>, <title> and one stylesheet, the title and
	// .Content of a page, a list of linked titles with the pager for lists,
	// and the 404 page works requires. No partials, data, menus, related
	// pages or taxonomy layouts.
	Minimal Templates = "minimal"
)

// about says in a few words what t gives the programs, for the report.
func (t Templates) about() string {
	switch t {
	case Full:
		return "works' bench theme and Hugo layouts of the same weight"
	case Minimal:
		return "the same minimal layouts for both: base, page, paged list, 404"
	}
	return "unknown"
}

// ParseTemplates is the Templates named s.
func ParseTemplates(s string) (Templates, error) {
	switch t := Templates(s); t {
	case Full, Minimal:
		return t, nil
	}
	return "", fmt.Errorf("unknown templates %q: want %q or %q", s, Full, Minimal)
}

// The files that are the same for every page count, in three folders:
// common/ for every corpus (works.toml with the bench theme, hugo.toml,
// their static files), full/ with the layouts, data and translations of
// Full for both programs, and minimal/layouts, which Minimal gives works as
// themes/bench/layouts and Hugo as hugo-layouts. The "all:" keeps _default
// folders, which embed leaves out otherwise.
//
//go:embed all:site
var skeleton embed.FS

// Corpus is Full.Corpus(n).
func Corpus(n int) map[string]string { return Full.Corpus(n) }

// WriteCorpus is Full.WriteCorpus(dir, n).
func WriteCorpus(dir string, n int) error { return Full.WriteCorpus(dir, n) }

// Corpus returns the files of an n-page benchmark site with templates t as
// slash paths relative to the site's folder: works.toml and themes/bench
// for works, hugo.toml and hugo-* folders for Hugo, and content/ for both.
// The same n and t give the same bytes on every machine. It panics when t
// is not Full or Minimal.
//
// Each page is 400–800 words of Norwegian text in 4 or 5 headed parts, with
// emphasis, a list with a link to another page of its section, a table on
// every fifth page, a date, a one-sentence summary and two of 50 tags. The
// site has one language, three sections, a pager size of 10, RSS feeds for
// the home page and the sections, a sitemap, and minified output in both
// programs. (works also writes Atom and JSON feeds, a search index and
// redirect files, which Hugo has no setting for; they are part of its time.)
func (t Templates) Corpus(n int) map[string]string {
	files := map[string]string{}
	add := func(folder string, place func(name string) string) {
		err := fs.WalkDir(skeleton, folder, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(skeleton, name)
			files[place(strings.TrimPrefix(name, folder+"/"))] = string(data)
			return err
		})
		if err != nil {
			panic(err) // the embedded files are part of the binary
		}
	}
	same := func(name string) string { return name }
	add("site/common", same)
	switch t {
	case Full:
		add("site/full", same)
	case Minimal:
		for _, dir := range []string{"themes/bench/layouts/", "hugo-layouts/"} {
			add("site/minimal/layouts", func(name string) string { return dir + name })
		}
	default:
		panic(fmt.Sprintf("bench: unknown templates %q", t))
	}
	files["content/_index.md"] = "---\ntitle: Forside\n---\nVelkommen til korpuset.\n"
	for _, s := range Sections {
		files["content/"+s+"/_index.md"] = "---\ntitle: " + strings.ToUpper(s[:1]) + s[1:] + "\n---\n"
	}
	// One source for the whole site, drawn in page order, so page i does not
	// depend on anything but the pages before it and n.
	r := rand.New(rand.NewPCG(1847, 950))
	for i := range n {
		files[pagePath(i)] = page(r, i, n)
	}
	return files
}

// WriteCorpus writes t.Corpus(n) into dir, creating it if needed. Files
// already there are overwritten; others are left alone.
func (t Templates) WriteCorpus(dir string, n int) error {
	files := t.Corpus(n)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write the corpus: %w", err)
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			return fmt.Errorf("write the corpus: %w", err)
		}
	}
	return nil
}

// pagePath is page i's file: content/<section>/side-<i>.md.
func pagePath(i int) string {
	return fmt.Sprintf("content/%s/side-%d.md", Sections[i%len(Sections)], i)
}

// neighbour is a page in the same section as page i, for its link.
func neighbour(i, n int) int {
	if i+3 < n {
		return i + 3
	}
	return max(i-3, i%3)
}

func page(r *rand.Rand, i, n int) string {
	var b strings.Builder
	date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%2000)
	// Two different tags: a page tagged twice with one tag is not realistic.
	t1 := r.IntN(Tags)
	t2 := (t1 + 1 + r.IntN(Tags-1)) % Tags
	fmt.Fprintf(&b, "---\ntitle: Side %d om %s\ndate: %s\nsummary: %s\ntags: [emne-%d, emne-%d]\n---\n",
		i, topics[i%len(topics)], date.Format(time.DateOnly), strings.ReplaceAll(sentence(r, 8+r.IntN(6)), "*", ""), t1, t2)
	b.WriteString(paragraph(r, 60+r.IntN(30)))
	b.WriteString("\n\n")
	for h := range 4 + r.IntN(2) {
		fmt.Fprintf(&b, "## %s\n\n", heading(r, h))
		words := 85 + r.IntN(50)
		first := words / 2
		b.WriteString(paragraph(r, first))
		b.WriteString("\n\n")
		b.WriteString(paragraph(r, words-first))
		b.WriteString("\n\n")
		if h == 1 {
			fmt.Fprintf(&b, "- %s\n- %s\n- Les også [side %d](side-%d.md).\n\n",
				sentence(r, 6+r.IntN(4)), sentence(r, 6+r.IntN(4)), neighbour(i, n), neighbour(i, n))
		}
		if h == 2 && i%5 == 0 {
			b.WriteString("| År | Bedrifter | Ansatte |\n|---|--:|--:|\n")
			for y := range 3 {
				fmt.Fprintf(&b, "| %d | %d | %d |\n", 2023+y, 10+r.IntN(40), 50+r.IntN(400))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// Words for the text, with the small words repeated so they come up about as
// often as in real Norwegian prose.
var (
	small = strings.Fields(`og i på som er det en et til av for med har de vi at den ble kan
skal om fra men også etter når mer nye flere år sier blir hadde være ikke seg sin sitt sine
og i på som er det en til av for med og i på er det`)
	nouns = strings.Fields(`næringsliv bedrift gründer vekst elva havna verkstedet kundene arbeidet
kompetanse eksport samarbeid kommunen prosjektet rekruttering omstilling bærekraft industrien
teknologi handel kulturen helse lærlinger produksjonen markedet regionen innovasjon nettverket
medlemmene foreningen veksthuset oppstarten investeringen ansatte fabrikken lageret butikken
kafeen bakeriet verftet logistikk løsningen tjenesten strategien målet resultatet byen bydelen
sentrum Drammen Åssiden Bragernes Strømsø Konnerud fjorden lokalene eierne styret leder
daglig næringsforening utdanning skolen universitetet studentene framtiden`)
	verbs = strings.Fields(`bygger skaper utvikler satser åpner flytter vokser leverer selger
samarbeider ansetter investerer planlegger trenger tilbyr produserer lærer viser styrker
løfter finner møter jobber driver`)
	adjectives = strings.Fields(`nye små store lokale grønne digitale gamle unge sterke viktige
mange gode lange felles regionale internasjonale ledige`)
	topics = strings.Fields(`havna elva verftet bakeriet gründerne kompetanse eksport
bærekraft Åssiden Bragernes Strømsø Konnerud industrien handelen kulturen`)
	headings = []string{"Bakgrunn", "Hva skjer nå", "Tall og fakta", "Veien videre",
		"Folkene bak", "Samarbeid", "Historien", "Utfordringer", "Slik gjorde de det", "Neste steg"}
)

// heading is the text of part h: its place and a topic, so a page's
// headings differ and their ids need no numbering.
func heading(r *rand.Rand, h int) string {
	return headings[(h*3+r.IntN(3))%len(headings)]
}

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

// sentence is n words with a capital first letter and a full stop, built
// from small words, nouns, verbs and adjectives in a loose Norwegian order.
func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for w := range n {
		var word string
		switch (w + r.IntN(2)) % 4 {
		case 0:
			word = pick(r, small)
		case 1:
			word = pick(r, nouns)
		case 2:
			word = pick(r, verbs)
		default:
			if r.IntN(2) == 0 {
				word = pick(r, adjectives)
			} else {
				word = pick(r, small)
			}
		}
		if w == 0 {
			rs := []rune(word)
			word = strings.ToUpper(string(rs[0])) + string(rs[1:])
		}
		switch r.IntN(40) {
		case 0:
			word = "*" + word + "*"
		case 1:
			word = "**" + word + "**"
		}
		if w > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(word)
		if w > 2 && w < n-2 && r.IntN(14) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// paragraph is about n words of sentences of 8–17 words.
func paragraph(r *rand.Rand, n int) string {
	var sentences []string
	for n > 0 {
		k := min(n, 8+r.IntN(10))
		if n-k < 4 { // no two-word sentence at the end
			k = n
		}
		sentences = append(sentences, sentence(r, k))
		n -= k
	}
	return strings.Join(sentences, " ")
}
