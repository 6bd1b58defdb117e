package site

import "strconv"

// Pager is one output page of a paginated list.
type Pager struct {
	PageNumber            int     // 1-based
	Pages                 []*Page // the pages on this output page
	Path                  string  // where the output page is written, below the site root
	URL                   string  // RelPermalink of this output page
	TotalPages            int
	TotalNumberOfElements int
	PagerSize             int

	all []*Pager
}

func (p *Pager) HasPrev() bool { return p.PageNumber > 1 }
func (p *Pager) HasNext() bool { return p.PageNumber < p.TotalPages }

// Prev is the previous pager, or nil on the first.
func (p *Pager) Prev() *Pager {
	if !p.HasPrev() {
		return nil
	}
	return p.all[p.PageNumber-2]
}

// Next is the next pager, or nil on the last.
func (p *Pager) Next() *Pager {
	if !p.HasNext() {
		return nil
	}
	return p.all[p.PageNumber]
}

func (p *Pager) First() *Pager    { return p.all[0] }
func (p *Pager) Last() *Pager     { return p.all[len(p.all)-1] }
func (p *Pager) Pagers() []*Pager { return p.all }

// paginate splits pages into pagers of size n. The first pager is served at
// base; pager k > 1 at base + segment + "/k/" ("/historier/side/2/").
func paginate(pages []*Page, n int, base, segment string) []*Pager {
	total := max(1, (len(pages)+n-1)/n)
	all := make([]*Pager, total)
	for i := range all {
		lo, hi := i*n, min((i+1)*n, len(pages))
		p := base
		if i > 0 {
			p = base + segment + "/" + strconv.Itoa(i+1) + "/"
		}
		all[i] = &Pager{
			PageNumber: i + 1, Pages: pages[lo:hi], Path: p,
			TotalPages: total, TotalNumberOfElements: len(pages), PagerSize: n, all: all,
		}
	}
	return all
}
