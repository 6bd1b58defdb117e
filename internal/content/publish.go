package content

import (
	"cmp"
	"slices"
	"time"
)

// Include says what a build shows besides the published pages: drafts,
// pages scheduled for later and pages already expired (works build -D, -F,
// -E; the preview shows drafts and scheduled pages).
type Include struct {
	Drafts, Future, Expired bool
}

// PublishAt is when the page goes live: its publishDate, or its date when
// it has none.
func (m *Meta) PublishAt() time.Time {
	if !m.PublishDate.IsZero() {
		return m.PublishDate
	}
	return m.Date
}

// Shown reports whether a build for the moment now that includes inc
// shows the page. This is the one place the publish rule is written.
func (m *Meta) Shown(now time.Time, inc Include) bool {
	switch {
	case m.Draft && !inc.Drafts:
		return false
	case !inc.Future && m.PublishAt().After(now):
		return false
	case !inc.Expired && !m.ExpiryDate.IsZero() && !m.ExpiryDate.After(now):
		return false
	}
	return true
}

// ChangesBetween reports whether a page of docs appears or disappears by
// itself between the moments from (exclusive) and to (inclusive) for a
// build that includes inc: a scheduled page goes live or a page expires.
func ChangesBetween(docs []*Document, from, to time.Time, inc Include) bool {
	if to.Before(from) {
		return true
	}
	between := func(t time.Time) bool { return t.After(from) && !t.After(to) }
	for _, d := range docs {
		if !inc.Future && between(d.Meta.PublishAt()) || !inc.Expired && between(d.Meta.ExpiryDate) {
			return true
		}
	}
	return false
}

// Change is a moment the published site changes by itself: a scheduled
// page goes live, or a page expires.
type Change struct {
	At      time.Time
	Publish bool // true: the page is published at At; false: it expires
	Doc     *Document
}

// Schedule returns the changes after now, soonest first, so that a job can
// rebuild the site exactly when the next one falls due. Drafts never go
// live by themselves and are left out.
func Schedule(docs []*Document, now time.Time) []Change {
	var out []Change
	for _, d := range docs {
		m := &d.Meta
		if m.Draft {
			continue
		}
		if at := m.PublishAt(); at.After(now) {
			out = append(out, Change{At: at, Publish: true, Doc: d})
		}
		if !m.ExpiryDate.IsZero() && m.ExpiryDate.After(now) {
			out = append(out, Change{At: m.ExpiryDate, Doc: d})
		}
	}
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Doc.Path, b.Doc.Path), publishFirst(a.Publish, b.Publish))
	})
	return out
}

// publishFirst puts publishing before expiry at the same moment.
func publishFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
