package check

import (
	"cmp"
	"slices"
	"time"

	"github.com/drammen-works/works/internal/content"
)

// Change is a moment the published site changes by itself: a scheduled
// page goes live, or a page expires.
type Change struct {
	At      time.Time
	Publish bool // true: the page is published at At; false: it expires
	Doc     *content.Document
}

// Schedule returns the changes after now, soonest first, so that a job can
// rebuild the site exactly when the next one falls due. Drafts never go
// live by themselves and are left out; a page is published at its
// publishDate, or its date when it has none.
func Schedule(docs []*content.Document, now time.Time) []Change {
	var out []Change
	for _, d := range docs {
		m := &d.Meta
		if m.Draft {
			continue
		}
		publish := cmp.Or(m.PublishDate, m.Date)
		if publish.After(now) {
			out = append(out, Change{At: publish, Publish: true, Doc: d})
		}
		if !m.ExpiryDate.IsZero() && m.ExpiryDate.After(now) {
			out = append(out, Change{At: m.ExpiryDate, Doc: d})
		}
	}
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Doc.Path, b.Doc.Path), boolOrder(a.Publish, b.Publish))
	})
	return out
}

// boolOrder puts publishing before expiry at the same moment.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
