package site

import (
	"slices"
	"sync"
)

// relatedCount is how many related pages a page lists.
const relatedCount = 3

// Weights of what two pages share: a project says most about a page, a
// sector more than a tag.
const (
	weightProject = 4
	weightSector  = 2
	weightTag     = 1
)

// Related returns the regular pages most like p, at most three: scored by
// the project, sectors and tags they share, ties in list order (newest
// first), filled up from p's own section when few pages share anything.
//
// It is worked out on first use: the preview renders only the pages a
// browser asks for, and a build asks once per page, in parallel.
func (p *Page) Related() []*Page {
	p.related.once.Do(func() { p.related.pages = p.findRelated() })
	return p.related.pages
}

// scoreboard holds the scores of one page's candidates, indexed by their
// rank in the site's RegularPages: an array, not a map, because a page at
// 10 000 pages has hundreds of candidates and maps made the stage slow.
type scoreboard struct {
	score   []int32
	touched []int32 // ranks whose score is not 0
}

var scoreboards sync.Pool

func (p *Page) findRelated() []*Page {
	if p.Kind != KindPage || p.Site == nil {
		return nil
	}
	list := p.Site.RegularPages
	sb, _ := scoreboards.Get().(*scoreboard)
	if sb == nil || len(sb.score) < len(list) {
		sb = &scoreboard{score: make([]int32, len(list))}
	}
	defer func() {
		for _, r := range sb.touched {
			sb.score[r] = 0
		}
		sb.touched = sb.touched[:0]
		scoreboards.Put(sb)
	}()
	add := func(q *Page, w int32) {
		if q == p || q.Kind != KindPage || q.Site != p.Site {
			return
		}
		if sb.score[q.rank] == 0 {
			sb.touched = append(sb.touched, int32(q.rank))
		}
		sb.score[q.rank] += w
	}
	for plural, terms := range p.Terms {
		w := int32(weightTag)
		if plural == "sectors" {
			w = weightSector
		}
		for _, t := range terms {
			for _, q := range t.Pages {
				add(q, w)
			}
		}
	}
	// The project page itself is linked on its own; its other pages are related.
	if p.Project != nil {
		for _, q := range p.Project.Referrers {
			add(q, weightProject)
		}
	}

	// Keep the best few in one pass over the candidates.
	better := func(a, c int32) bool {
		return sb.score[a] > sb.score[c] || sb.score[a] == sb.score[c] && a < c
	}
	var best [relatedCount]int32
	n := 0
	for _, r := range sb.touched {
		if n == relatedCount && !better(r, best[n-1]) {
			continue
		}
		at := min(n, relatedCount-1)
		for at > 0 && better(r, best[at-1]) {
			best[at] = best[at-1]
			at--
		}
		best[at] = r
		n = min(n+1, relatedCount)
	}
	related := make([]*Page, 0, relatedCount)
	for _, r := range best[:n] {
		related = append(related, list[r])
	}
	if p.Parent == nil {
		return related
	}
	for _, q := range p.Parent.Pages {
		if len(related) == relatedCount {
			break
		}
		if q != p && q.Kind == KindPage && !slices.Contains(related, q) {
			related = append(related, q)
		}
	}
	return related
}
