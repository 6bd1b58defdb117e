package site

import "slices"

// relatedCount is how many related pages a page lists.
const relatedCount = 3

// Weights of what two pages share: a project says most about a page, a
// sector more than a tag.
const (
	weightProject = 4
	weightSector  = 2
	weightTag     = 1
)

// related gives every regular page the pages most like it: scored by the
// project, sectors and tags they share, ties in list order (newest first),
// filled up from the page's own section when few pages share anything. The
// scores come from the term and project indexes, so the work grows with the
// pages that share a term, not with the square of the site.
func (b *builder) related() {
	// Each page's place in list order, so ties compare two integers.
	rank := map[*Page]int{}
	for _, s := range b.m.Sites {
		for i, p := range s.RegularPages {
			rank[p] = i
		}
	}
	for _, p := range b.m.Pages {
		if p.Kind != KindPage {
			continue
		}
		score := map[*Page]int{}
		for plural, terms := range p.Terms {
			w := weightTag
			if plural == "sectors" {
				w = weightSector
			}
			for _, t := range terms {
				for _, q := range t.Pages {
					score[q] += w
				}
			}
		}
		// The project page itself is linked on its own; its other pages are related.
		if p.Project != nil {
			for _, q := range p.Project.Referrers {
				score[q] += weightProject
			}
		}
		delete(score, p)
		// Keep the best few in one pass: sorting every candidate made the
		// stage grow with the square of the site (800 candidates a page at
		// 10 000 pages).
		better := func(a, c *Page) bool {
			return score[a] > score[c] || score[a] == score[c] && rank[a] < rank[c]
		}
		var best []*Page
		for q := range score {
			if q.Kind != KindPage || q.Lang != p.Lang {
				continue
			}
			if len(best) == relatedCount && !better(q, best[relatedCount-1]) {
				continue
			}
			at := len(best)
			for at > 0 && better(q, best[at-1]) {
				at--
			}
			best = slices.Insert(best, at, q)
			if len(best) > relatedCount {
				best = best[:relatedCount]
			}
		}
		p.Related = best
		if p.Parent == nil || len(p.Related) == relatedCount {
			continue
		}
		for _, q := range p.Parent.Pages {
			if len(p.Related) == relatedCount {
				break
			}
			if q != p && q.Kind == KindPage && !slices.Contains(p.Related, q) {
				p.Related = append(p.Related, q)
			}
		}
	}
}
