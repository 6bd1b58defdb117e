package content

import (
	"strconv"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// valueKind is what a front-matter value turned out to be, whichever format
// it was written in. YAML and TOML are both read into values so that the type
// checks, and their messages, are the same for both.
type valueKind int

const (
	kNull valueKind = iota
	kText
	kBool
	kInt
	kFloat
	kTime // a TOML date or date-time
	kList
	kMap
)

// value is one decoded front-matter value with its position.
type value struct {
	kind  valueKind
	pos   diag.Position
	text  string    // scalars: the text as written (YAML) or its TOML spelling
	t     time.Time // kTime
	items []value   // kList
	goVal any       // the plain Go value, for Params
}

// field is one top-level front-matter key and its value.
type field struct {
	key    string
	keyPos diag.Position
	val    value
}

// describe names a value's shape for messages: "got a list".
func (v value) describe() msg.Text {
	switch v.kind {
	case kList:
		return msg.T("a list")
	case kMap:
		return msg.T("a group of settings")
	case kNull:
		return msg.T("nothing")
	}
	return msg.T("%q", v.text)
}

// scalar reports whether v is a single value that can be read as text.
func (v value) scalar() bool {
	return v.kind != kList && v.kind != kMap && v.kind != kNull
}

// keys are the front-matter keys works reads itself, as README spells
// them, and where each goes: the one list of them (check's schemas and
// its did-you-mean read it through Keys).
var keys = []struct {
	name string
	read func(c *checker, m *Meta) any
}{
	{"title", func(c *checker, m *Meta) any { return c.text(&m.Title) }},
	{"summary", func(c *checker, m *Meta) any { return c.text(&m.Summary) }},
	{"description", func(c *checker, m *Meta) any { return c.text(&m.Description) }},
	{"slug", func(c *checker, m *Meta) any { return c.text(&m.Slug) }},
	{"url", func(c *checker, m *Meta) any { return c.text(&m.URL) }},
	{"layout", func(c *checker, m *Meta) any { return c.text(&m.Layout) }},
	{"translationKey", func(c *checker, m *Meta) any { return c.text(&m.TranslationKey) }},
	{"project", func(c *checker, m *Meta) any { return c.text(&m.Project) }},
	{"image", func(c *checker, m *Meta) any { return c.text(&m.Image) }},
	{"imageAlt", func(c *checker, m *Meta) any { return c.text(&m.ImageAlt) }},
	{"lang", func(c *checker, m *Meta) any { return c.text(&m.Lang) }},
	{"date", func(c *checker, m *Meta) any { return c.date(&m.Date) }},
	{"lastmod", func(c *checker, m *Meta) any { return c.date(&m.Lastmod) }},
	{"publishDate", func(c *checker, m *Meta) any { return c.date(&m.PublishDate) }},
	{"expiryDate", func(c *checker, m *Meta) any { return c.date(&m.ExpiryDate) }},
	{"draft", func(c *checker, m *Meta) any { return c.bool(&m.Draft) }},
	{"featured", func(c *checker, m *Meta) any { return c.bool(&m.Featured) }},
	{"toc", func(c *checker, m *Meta) any { return c.bool(&m.TOC) }},
	{"weight", func(c *checker, m *Meta) any { return c.int(&m.Weight) }},
	{"tags", func(c *checker, m *Meta) any { return c.list(&m.Tags) }},
	{"sectors", func(c *checker, m *Meta) any { return c.list(&m.Sectors) }},
	{"authors", func(c *checker, m *Meta) any { return c.list(&m.Authors) }},
	{"aliases", func(c *checker, m *Meta) any { return c.list(&m.Aliases) }},
}

// keyIndex finds a key of keys by its lower-case name: keys are matched
// without regard to case.
var keyIndex = func() map[string]int {
	idx := make(map[string]int, len(keys))
	for i, k := range keys {
		idx[strings.ToLower(k.name)] = i
	}
	return idx
}()

// Keys returns the front-matter keys works reads itself, as README
// spells them ("translationKey").
func Keys() []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.name
	}
	return out
}

// applyFields type-checks the known keys into m and records every key in
// m.Params and m.Pos. Keys are matched without regard to case.
func applyFields(m *Meta, fields []field, loc *time.Location) diag.List {
	var diags diag.List
	seen := map[string]field{}
	for _, f := range fields {
		lk := strings.ToLower(f.key)
		if prev, ok := seen[lk]; ok {
			if prev.key != f.key {
				diags.Add(diag.Errorf(f.keyPos, "keep only one of them", "%q is given twice (first as %q on line %d)", f.key, prev.key, prev.keyPos.Line))
			} else {
				diags.Add(diag.Errorf(f.keyPos, "keep only one of them", "%q is given twice (first on line %d)", f.key, prev.keyPos.Line))
			}
			continue
		}
		seen[lk] = f
		m.Pos[f.key] = f.val.pos
		m.KeyPos[f.key] = f.keyPos
		c := checker{key: f.key, v: f.val, loc: loc}
		got := f.val.goVal
		if i, ok := keyIndex[lk]; ok {
			got = keys[i].read(&c, m)
		}
		if c.failed {
			// Keep what was written, so the key is still there for
			// anything that lists Params; the build fails anyway.
			got = f.val.goVal
		}
		m.Params[f.key] = got
		diags = append(diags, c.diags...)
	}
	return diags
}

// checker checks one known key. Each method stores the value in dst and
// returns it for Params; a null value leaves dst unset and returns nil, as if
// the key were absent.
type checker struct {
	key    string
	v      value
	loc    *time.Location
	diags  diag.List
	failed bool
}

func (c *checker) fail(pos diag.Position, hint, format string, args ...any) {
	c.failed = true
	c.diags.Add(diag.Errorf(pos, hint, format, args...))
}

func (c *checker) text(dst *string) any {
	if c.v.kind == kNull {
		return nil
	}
	if !c.v.scalar() {
		c.fail(c.v.pos, "write the text on the same line as the key, in quotes if it contains a colon",
			"%q must be text (got %s)", c.key, c.v.describe())
		return nil
	}
	*dst = c.v.text
	return c.v.text
}

func (c *checker) bool(dst *bool) any {
	if c.v.kind == kNull {
		return nil
	}
	switch c.v.text {
	case "true", "True", "TRUE":
		if c.v.scalar() {
			*dst = true
			return true
		}
	case "false", "False", "FALSE":
		if c.v.scalar() {
			*dst = false
			return false
		}
	}
	c.fail(c.v.pos, "write true or false", "%q must be true or false (got %s)", c.key, c.v.describe())
	return nil
}

func (c *checker) int(dst *int) any {
	if c.v.kind == kNull {
		return nil
	}
	if c.v.scalar() && c.v.kind != kFloat {
		s := strings.ReplaceAll(strings.TrimSpace(c.v.text), "_", "")
		// Only plain decimal digits: "010" is ten, not YAML 1.1's octal eight.
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n == int64(int(n)) {
			*dst = int(n)
			return n
		}
	}
	c.fail(c.v.pos, "write digits only, like 10 or -5", "%q must be a whole number (got %s)", c.key, c.v.describe())
	return nil
}

func (c *checker) date(dst *time.Time) any {
	switch c.v.kind {
	case kNull:
		return nil
	case kTime:
		*dst = c.v.t
		return c.v.t
	}
	if c.v.scalar() {
		if t, ok := parseDate(c.v.text, c.loc); ok {
			*dst = t
			return t
		}
	}
	c.fail(c.v.pos, "write year-month-day, optionally with a time: 2026-11-27 or 2026-11-27 09:30",
		"%q must be a date like 2026-11-27 (got %s)", c.key, c.v.describe())
	return nil
}

// listHint is how to write a list, for every wrong one.
const listHint = `write the items in brackets, like [industri, mat], or one "- item" line each`

func (c *checker) list(dst *[]string) any {
	switch {
	case c.v.kind == kNull:
		return nil
	case c.v.kind == kMap:
		c.fail(c.v.pos, listHint, "%q must be a list of text (got %s)", c.key, c.v.describe())
		return nil
	case c.v.scalar():
		// A single word is a one-item list: "tags: industri" means what it says.
		if c.v.text == "" {
			*dst = []string{}
		} else {
			*dst = []string{c.v.text}
		}
		return *dst
	}
	out := make([]string, 0, len(c.v.items))
	for i, it := range c.v.items {
		switch {
		case it.kind == kNull || it.scalar() && strings.TrimSpace(it.text) == "":
			c.fail(it.pos, "remove the empty item", "%q item %d is empty", c.key, i+1)
		case !it.scalar():
			c.fail(it.pos, listHint, "%q items must be text (item %d is %s)", c.key, i+1, it.describe())
		default:
			out = append(out, it.text)
		}
	}
	if c.failed {
		return nil
	}
	*dst = out
	return out
}

// parseDate reads s as a date. Fractional seconds are accepted after the
// seconds in any layout (time.Parse does that by itself).
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	// The spellings we accept; the ones without an offset are read in loc.
	zonedLayouts := []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04Z07:00"}
	localLayouts := []string{time.DateOnly, "2006-01-02T15:04:05", time.DateTime, "2006-01-02T15:04", "2006-01-02 15:04"}
	s = strings.TrimSpace(s)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
