package check

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/lix"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/slug"
)

// Plain holds the plain-language limits (språklova § 9). Its findings are
// warnings: a text can be right and still long. Zero fields take the
// defaults.
type Plain struct {
	LIX               float64  // the highest LIX score of a page; default 45
	SecondLanguageLIX float64  // the same for pages marked SecondLanguage; default 40
	SecondLanguage    []string // tags, sectors or projects (as slugs) whose pages are for readers with Norwegian as a second language; default internasjonale-drammen
	SentenceWords     int      // the most words in a sentence; default 30
	ParagraphWords    int      // the most words in a paragraph; default 120
	MinWords          int      // shorter texts get no LIX score, which says little about them; default 50
}

func (p Plain) withDefaults() Plain {
	p.LIX = cmp.Or(p.LIX, 45)
	p.SecondLanguageLIX = cmp.Or(p.SecondLanguageLIX, 40)
	if p.SecondLanguage == nil {
		p.SecondLanguage = []string{"internasjonale-drammen"}
	}
	p.SentenceWords = cmp.Or(p.SentenceWords, 30)
	p.ParagraphWords = cmp.Or(p.ParagraphWords, 120)
	p.MinWords = cmp.Or(p.MinWords, 50)
	return p
}

// plain checks how easy the body is to read: LIX, long sentences, long
// paragraphs and a missing summary.
func (c *checker) plain(pg *page) {
	lim := c.opts.Plain
	type long struct {
		words int
		pos   diag.Position
	}
	var (
		counts    lix.Counts
		sentences []long
	)
	for _, b := range pg.facts.Blocks {
		for _, s := range b.Sentences {
			counts = counts.Add(lix.Counts{Words: s.Words, Long: s.Long, Sentences: 1})
			sentences = append(sentences, long{s.Words, s.Pos})
			if s.Words > lim.SentenceWords {
				c.diags.Add(diag.Warnf(s.Pos, "split it into two or more sentences",
					"this sentence has %d words; keep sentences to %d words or fewer", s.Words, lim.SentenceWords))
			}
		}
		if !b.Heading && b.Words > lim.ParagraphWords {
			c.diags.Add(diag.Warnf(b.Pos, "split it into shorter paragraphs, one idea each",
				"this paragraph has %d words; keep paragraphs to %d words or fewer", b.Words, lim.ParagraphWords))
		}
	}
	limit, mark := lim.LIX, c.secondLanguage(pg.p)
	if mark != "" {
		limit = lim.SecondLanguageLIX
	}
	if score := counts.Score(); counts.Words >= lim.MinWords && score > limit {
		// Point at the lines of the three longest sentences, longest first.
		slices.SortStableFunc(sentences, func(a, b long) int { return cmp.Compare(b.words, a.words) })
		var lines []string
		for _, s := range sentences {
			if l := fmt.Sprint(s.pos.Line); len(lines) < 3 && !slices.Contains(lines, l) {
				lines = append(lines, l)
			}
		}
		where := msg.T("the longest sentences start on lines %s", list(lines, 3))
		if len(lines) == 1 {
			where = msg.T("the longest sentence starts on line %s", lines[0])
		}
		rounded := int(math.Round(score))
		d := diag.Warnf(pg.facts.Blocks[0].Pos, "", "the text is hard to read: LIX %d, and the limit is %d", rounded, int(limit))
		if mark != "" {
			d.Reword(msg.T("the text is hard to read: LIX %d, and the limit for pages for %s is %d", rounded, mark, int(limit)))
		}
		c.diags.Add(d.Fixf("use shorter sentences and fewer long words, those of more than %d letters; %s", lix.LongLetters, where))
	}
	d := pg.p.Doc
	if pg.p.Kind == site.KindPage && pg.p.Section != "" && strings.TrimSpace(d.Meta.Summary) == "" && !c.schemaFor(d).requires("summary") {
		c.diags.Add(diag.Warnf(fileTop(d), "add summary: one or two sentences that say what the page is about; lists and search results show it",
			"the page has no summary"))
	}
}

// secondLanguage names what marks p as written for readers with Norwegian
// as a second language (a tag, a sector or its project), or "".
func (c *checker) secondLanguage(p *site.Page) string {
	marks := map[string]bool{}
	for _, m := range c.opts.Plain.SecondLanguage {
		marks[slug.Make(m)] = true
	}
	d := p.Doc
	for _, t := range append(slices.Clone(d.Meta.Tags), d.Meta.Sectors...) {
		if marks[slug.Make(t)] {
			return t
		}
	}
	for _, q := range []*site.Page{p.Project, p} {
		if q != nil && q.Doc != nil && q.Doc.Section != "" && marks[q.Doc.Name] {
			return q.Title
		}
	}
	return ""
}
