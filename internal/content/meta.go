package content

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/diag"
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
func (v value) describe() string {
	switch v.kind {
	case kList:
		return "a list"
	case kMap:
		return "a group of settings"
	case kNull:
		return "nothing"
	}
	return strconv.Quote(v.text)
}

// scalar reports whether v is a single value that can be read as text.
func (v value) scalar() bool {
	return v.kind != kList && v.kind != kMap && v.kind != kNull
}

// applyFields type-checks the known keys into m and records every key in
// m.Params and m.Pos. Keys are matched without regard to case.
func applyFields(m *Meta, fields []field, loc *time.Location) diag.List {
	var diags diag.List
	seen := map[string]field{}
	for _, f := range fields {
		lk := strings.ToLower(f.key)
		if prev, ok := seen[lk]; ok {
			what := fmt.Sprintf("first on line %d", prev.keyPos.Line)
			if prev.key != f.key {
				what = fmt.Sprintf("first as %q on line %d", prev.key, prev.keyPos.Line)
			}
			diags.Add(diag.Errorf(f.keyPos, "keep only one of them", "%q is given twice (%s)", f.key, what))
			continue
		}
		seen[lk] = f
		m.Pos[f.key] = f.val.pos
		c := checker{key: f.key, v: f.val, loc: loc}
		var got any
		switch lk {
		case "title":
			got = c.text(&m.Title)
		case "summary":
			got = c.text(&m.Summary)
		case "description":
			got = c.text(&m.Description)
		case "slug":
			got = c.text(&m.Slug)
		case "url":
			got = c.text(&m.URL)
		case "layout":
			got = c.text(&m.Layout)
		case "translationkey":
			got = c.text(&m.TranslationKey)
		case "project":
			got = c.text(&m.Project)
		case "image":
			got = c.text(&m.Image)
		case "imagealt":
			got = c.text(&m.ImageAlt)
		case "lang":
			got = c.text(&m.Lang)
		case "date":
			got = c.date(&m.Date)
		case "lastmod":
			got = c.date(&m.Lastmod)
		case "publishdate":
			got = c.date(&m.PublishDate)
		case "expirydate":
			got = c.date(&m.ExpiryDate)
		case "draft":
			got = c.bool(&m.Draft)
		case "featured":
			got = c.bool(&m.Featured)
		case "toc":
			got = c.bool(&m.TOC)
		case "weight":
			got = c.int(&m.Weight)
		case "tags":
			got = c.list(&m.Tags)
		case "sectors":
			got = c.list(&m.Sectors)
		case "authors":
			got = c.list(&m.Authors)
		case "aliases":
			got = c.list(&m.Aliases)
		default:
			got = f.val.goVal
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

func (c *checker) list(dst *[]string) any {
	const hint = `write the items in brackets, like [industri, mat], or one "- item" line each`
	switch {
	case c.v.kind == kNull:
		return nil
	case c.v.kind == kMap:
		c.fail(c.v.pos, hint, "%q must be a list of text (got %s)", c.key, c.v.describe())
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
			c.fail(it.pos, hint, "%q items must be text (item %d is %s)", c.key, i+1, it.describe())
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
