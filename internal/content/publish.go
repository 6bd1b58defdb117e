package content

import "time"

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
