package check

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// Type is the kind of value a front-matter key holds.
type Type int

const (
	Text    Type = iota // one piece of text
	Date                // 2026-11-27, optionally with a time
	List                // a list of text: [industri, mat]
	Bool                // true or false
	Number              // a whole number
	PageRef             // the path of another page below content/: prosjekter/sirkulaer-havn
	Group               // a group of settings, like contact: with name: and role:
)

func (t Type) String() string { return t.text().String() }

// text says what a value of the type looks like, for messages.
func (t Type) text() msg.Text {
	switch t {
	case Date:
		return msg.T("a date like 2026-11-27")
	case List:
		return msg.T("a list of text, like [industri, mat]")
	case Bool:
		return msg.T("true or false")
	case Number:
		return msg.T("a whole number")
	case PageRef:
		return msg.T("the path of a page below content/, like prosjekter/sirkulaer-havn")
	case Group:
		return msg.T("a group of settings, one per line below it")
	}
	return msg.T("text")
}

// Field is what a section's schema says about one front-matter key.
type Field struct {
	Key      string
	Type     Type
	Required bool     // pages (not section lists) must give it a value
	Allowed  []string // the only values allowed (Text, or each item of a List); nil allows any
	Max      int      // the most characters of a Text; 0 is no limit
	Section  string   // PageRef: the page must be in this section
	Help     string   // what to write; hints and `works new` show it
}

// HelpText is the field's help, to be said in the writer's language: the
// help texts works gives have Norwegian in the catalogue, and a theme's own
// help is said as the theme wrote it.
func (f Field) HelpText() msg.Text {
	if t, ok := helpTexts[f.Help]; ok {
		return t
	}
	return msg.T("%s", f.Help)
}

// Schema is the front matter a section's pages may have. Keys it does not
// name are allowed and reach templates as .Params, unless they look like a
// misspelt known key.
type Schema struct {
	Fields []Field
}

// Field returns the field for key, matched without regard to case as the
// content package matches keys.
func (s Schema) Field(key string) (Field, bool) {
	for _, f := range s.Fields {
		if strings.EqualFold(f.Key, key) {
			return f, true
		}
	}
	return Field{}, false
}

func (s Schema) requires(key string) bool {
	f, ok := s.Field(key)
	return ok && f.Required
}

// Help texts shared by the default schemas.
const (
	helpTitle    = "the headline, at most 70 characters"
	helpSummary  = "one or two sentences, at most 200 characters, that lists and search results show"
	helpDate     = "the date the page is published, like 2026-11-27"
	helpImage    = "the file name of the picture in the page's folder, like illustration.svg"
	helpImageAlt = "what the picture shows, in one sentence, for readers who cannot see it"
	helpTags     = "topics, as a list: [rekruttering, mangfold]"
	helpSectors  = "industries, as a list: [mat, industri]"
	helpAuthors  = `who wrote it, as a list: ["Farah Mansour"]`
	helpProject  = "the project the page belongs to, like prosjekter/internasjonale-drammen"
	// The prosjekter section's own, which the works theme's schemas.toml
	// repeats.
	helpGoal        = "what the project wants to achieve, in one sentence"
	helpStatus      = "aktiv, avsluttet or planlagt"
	helpPartners    = `who takes part, as a list: ["Næringsforeningen i Drammensregionen"]`
	helpContact     = "the contact person: name:, role: and, if public, email: on the lines below, indented"
	helpProjectDate = "the date the project started, like 2026-11-27"
)

// helpTexts are the help texts above by their English, so that a theme
// that repeats one (schemas.toml) has it said in the writer's language too.
var helpTexts = textsByFormat(
	msg.T(helpTitle), msg.T(helpSummary), msg.T(helpDate), msg.T(helpImage), msg.T(helpImageAlt),
	msg.T(helpTags), msg.T(helpSectors), msg.T(helpAuthors), msg.T(helpProject),
	msg.T(helpGoal), msg.T(helpStatus), msg.T(helpPartners), msg.T(helpContact), msg.T(helpProjectDate),
)

func textsByFormat(texts ...msg.Text) map[string]msg.Text {
	m := make(map[string]msg.Text, len(texts))
	for _, t := range texts {
		m[t.Format] = t
	}
	return m
}

// BaseSchema is the schema of pages in sections without their own, of
// top-level pages and of section lists: a title and a summary that fit.
func BaseSchema() Schema {
	return Schema{Fields: []Field{
		{Key: "title", Type: Text, Required: true, Max: 70, Help: helpTitle},
		{Key: "summary", Type: Text, Max: 200, Help: helpSummary},
	}}
}

// DefaultSchemas are the schemas of the works theme's sections: historier,
// prosjekter and nyheter. Until the theme declares them in a file, they
// live here.
func DefaultSchemas() map[string]Schema {
	return map[string]Schema{
		"historier": {Fields: []Field{
			{Key: "title", Type: Text, Required: true, Max: 70, Help: helpTitle},
			{Key: "date", Type: Date, Required: true, Help: helpDate},
			{Key: "summary", Type: Text, Required: true, Max: 200, Help: helpSummary},
			{Key: "image", Type: Text, Required: true, Help: helpImage},
			{Key: "imageAlt", Type: Text, Required: true, Help: helpImageAlt},
			{Key: "tags", Type: List, Help: helpTags},
			{Key: "sectors", Type: List, Help: helpSectors},
			{Key: "project", Type: PageRef, Section: "prosjekter", Help: helpProject},
			{Key: "authors", Type: List, Help: helpAuthors},
		}},
		"prosjekter": {Fields: []Field{
			{Key: "title", Type: Text, Required: true, Max: 70, Help: helpTitle},
			{Key: "summary", Type: Text, Required: true, Max: 200, Help: helpSummary},
			{Key: "goal", Type: Text, Required: true, Max: 200, Help: helpGoal},
			{Key: "status", Type: Text, Required: true, Allowed: []string{"aktiv", "avsluttet", "planlagt"}, Help: helpStatus},
			{Key: "partners", Type: List, Help: helpPartners},
			{Key: "contact", Type: Group, Help: helpContact},
			{Key: "date", Type: Date, Help: helpProjectDate},
			{Key: "tags", Type: List, Help: helpTags},
			{Key: "sectors", Type: List, Help: helpSectors},
		}},
		"nyheter": {Fields: []Field{
			{Key: "title", Type: Text, Required: true, Max: 70, Help: helpTitle},
			{Key: "date", Type: Date, Required: true, Help: helpDate},
			{Key: "summary", Type: Text, Required: true, Max: 200, Help: helpSummary},
			{Key: "project", Type: PageRef, Section: "prosjekter", Help: helpProject},
			{Key: "tags", Type: List, Help: helpTags},
			{Key: "sectors", Type: List, Help: helpSectors},
			{Key: "authors", Type: List, Help: helpAuthors},
		}},
	}
}

// SchemaFor returns the schema that applies to a document: its section's
// for pages, BaseSchema for section lists, top-level pages and sections
// without one. A nil map means DefaultSchemas().
func SchemaFor(schemas map[string]Schema, d *content.Document) Schema {
	if schemas == nil {
		schemas = DefaultSchemas()
	}
	if s, ok := schemas[d.Section]; ok && d.Kind != content.Branch && d.Section != "" {
		return s
	}
	return BaseSchema()
}

func (c *checker) schemaFor(d *content.Document) Schema {
	return SchemaFor(c.opts.Schemas, d)
}

// norwegianKeys are keys people write in Norwegian, and what they mean.
var norwegianKeys = map[string]string{
	"tittel": "title", "overskrift": "title", "dato": "date", "sammendrag": "summary", "ingress": "summary",
	"beskrivelse": "description", "bilde": "image", "bildetekst": "imageAlt", "alt": "imageAlt", "alttekst": "imageAlt",
	"forfatter": "authors", "forfattere": "authors", "author": "authors", "stikkord": "tags", "emneord": "tags", "emner": "tags",
	"bransje": "sectors", "bransjer": "sectors", "sektor": "sectors", "sektorer": "sectors", "utkast": "draft",
	"prosjekt": "project", "publisert": "publishDate", "publiseres": "publishDate", "utlop": "expiryDate", "utløper": "expiryDate",
	"oppdatert": "lastmod", "vekt": "weight", "mål": "goal", "partnere": "partners", "kontakt": "contact",
}

// schemas checks the front matter of every document that is or will be
// published against its schema.
func (c *checker) schemas() {
	var taxonomies []string
	for _, plural := range c.m.Config.Taxonomies {
		taxonomies = append(taxonomies, plural)
	}
	slices.Sort(taxonomies)
	docs := slices.Clone(c.docs)
	slices.SortFunc(docs, func(a, b *content.Document) int { return strings.Compare(a.Path, b.Path) })
	for _, d := range docs {
		if c.opts.Only != nil && !c.opts.Only[d.Path] {
			continue
		}
		if why := c.why(d); why != "" && why != "scheduled" {
			continue
		}
		s := c.schemaFor(d)
		known := slices.Concat(content.Keys(), taxonomies)
		for _, f := range s.Fields {
			known = append(known, f.Key)
		}
		misspelt := misspellings(d, known)
		for _, f := range s.Fields {
			if k := c.field(d, f, misspelt); k != "" {
				delete(misspelt, k) // reported as the missing key it was meant to be
			}
		}
		c.unknownKeys(d, misspelt)
		c.placeholder(d)
	}
}

// placeholder reminds the writer of a draft that its picture is still the
// placeholder the page template (archetype) put there, and stops a
// published page that shows it.
func (c *checker) placeholder(d *content.Document) {
	name := path.Base(d.Meta.Image)
	if !strings.HasPrefix(strings.ToLower(name), "plassholder.") && !strings.HasPrefix(strings.ToLower(name), "placeholder.") {
		return
	}
	pos := docPos(d, "image")
	if d.Meta.Draft {
		c.diags.Add(diag.Warnf(pos, "put the real picture in the page's folder and write its file name in image",
			"the draft still shows the placeholder picture %q: replace it before the page is published", d.Meta.Image))
		return
	}
	c.diags.Add(diag.Errorf(pos, "put the real picture in the page's folder and write its file name in image",
		"the page shows the placeholder picture %q from its template", d.Meta.Image))
}

// field checks one key of d. A required key that is missing because it
// is misspelt is reported at the misspelt key, which field returns.
func (c *checker) field(d *content.Document, f Field, misspelt map[string]string) (taken string) {
	key, v := param(d, f.Key)
	pos := docPos(d, f.Key)
	if v == nil && f.Required && d.Kind != content.Branch {
		for _, k := range slices.Sorted(maps.Keys(misspelt)) {
			if misspelt[k] == f.Key {
				at := keyPos(d, k)
				c.diags.Add(diag.Errorf(at, "", "%q on line %d: did you mean %q?", k, at.Line, f.Key).
					Fixf("rename it to %s, which the page needs: %s", f.Key, f.HelpText()))
				return k
			}
		}
	}
	if empty(v) {
		if f.Required && d.Kind != content.Branch {
			// An empty placeholder (as `works new` writes) is pointed at;
			// a missing key at the top of the file.
			if d.Meta.Draft {
				// A draft is not published: what it still lacks (often a
				// picture not taken yet) is a reminder, not a stop.
				c.diags.Add(diag.Warnf(pos, "", "the draft has no %q yet: it needs one before it is published", f.Key).Fixf("add %s: %s", f.Key, f.HelpText()))
				return ""
			}
			c.diags.Add(diag.Errorf(pos, "", "the page has no %q", f.Key).Fixf("add %s: %s", f.Key, f.HelpText()))
		}
		return ""
	}
	bad := func() {
		d := diag.Errorf(pos, "", "%q must be %s (got %s)", key, f.Type.text(), describe(v))
		if s, ok := v.(string); ok {
			d = diag.Errorf(pos, "", "%q must be %s (got %q)", key, f.Type.text(), s)
		}
		c.diags.Add(d.Fixf("write %s", f.Type.text()))
	}
	switch f.Type {
	case Text:
		s, ok := asText(v)
		if !ok {
			bad()
			return ""
		}
		c.allowed(d, key, pos, f, s)
		if n := utf8.RuneCountInString(s); f.Max > 0 && n > f.Max {
			c.diags.Add(diag.Errorf(pos, "", "%q is %d characters long; the limit is %d", key, n, f.Max).
				Fixf("shorten it to %d characters or fewer; longer text is cut off in lists and search results", f.Max))
		}
	case Date:
		if !isDate(v) {
			bad()
		}
	case List:
		items, ok := items(v)
		if !ok {
			bad()
			return ""
		}
		for _, it := range items {
			c.allowed(d, key, pos, f, it)
		}
	case Bool:
		if _, ok := v.(bool); !ok {
			bad()
		}
	case Number:
		if _, ok := v.(int64); !ok {
			bad()
		}
	case Group:
		if _, ok := v.(map[string]any); !ok {
			bad()
		}
	case PageRef:
		s, ok := v.(string)
		if !ok {
			bad()
			return ""
		}
		c.pageRef(d, key, pos, f, s)
	}
	return ""
}

func (c *checker) allowed(d *content.Document, key string, pos diag.Position, f Field, s string) {
	if f.Allowed == nil || slices.Contains(f.Allowed, s) {
		return
	}
	hint := msg.T("write one of them")
	if best := closest(s, f.Allowed); best != "" {
		hint = msg.T("did you mean %s?", best)
	}
	c.diags.Add(diag.New(pos, hint, msg.T("%q must be %s (got %q)", key, orList(f.Allowed), s)))
}

func orList(items []string) msg.Text {
	if len(items) == 1 {
		return msg.T("%s", items[0])
	}
	return msg.T("one of %s or %s", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
}

// pageRef checks that s names a page, in the field's section if it has one,
// that is published when d is.
func (c *checker) pageRef(d *content.Document, key string, pos diag.Position, f Field, s string) {
	ref := strings.TrimPrefix(strings.TrimSpace(s), "/")
	target := c.findDoc(ref)
	example := "prosjekter/sirkulaer-havn"
	if f.Section != "" {
		example = f.Section + "/…"
	}
	switch {
	case target == nil:
		c.diags.Add(diag.Errorf(pos, "", "%q names no page: %q", key, s).Fixf("write the page's path below content/, like %s", example))
	case f.Section != "" && target.Section != f.Section:
		c.diags.Add(diag.Errorf(pos, "", "%q must be a page in %s/ (got %q)", key, f.Section, s).Fixf("write the path of a page in content/%s/", f.Section))
	case c.why(target) != "" && c.why(d) == "":
		c.diags.Add(diag.Errorf(pos, "publish that page first, or leave the key out for now",
			"%q names content/%s, which is not published", key, target.Path))
	}
}

// unknownKeys warns about keys that are not known but close to one that
// is: most likely a misspelling, whose value the site would not use.
func (c *checker) unknownKeys(d *content.Document, misspelt map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(misspelt)) {
		want := misspelt[k]
		c.diags.Add(diag.Warnf(keyPos(d, k), "", "%q is not a key the site knows: did you mean %q?", k, want).
			Fixf("rename it to %s; the site does not read %s", want, k))
	}
}

// misspellings maps each key of d the site does not read to the known key
// it was most likely meant to be: a Norwegian name for it, or the closest
// spelling. Keys near none are the templates' own and are left alone.
func misspellings(d *content.Document, known []string) map[string]string {
	out := map[string]string{}
	for k := range d.Meta.Params {
		if slices.ContainsFunc(known, func(s string) bool { return strings.EqualFold(s, k) }) {
			continue
		}
		want := norwegianKeys[strings.ToLower(k)]
		if want == "" {
			want = closest(k, known)
		}
		if want != "" {
			out[k] = want
		}
	}
	return out
}

// param returns the value of key in d's front matter and the key as written.
func param(d *content.Document, key string) (string, any) {
	for k, v := range d.Meta.Params {
		if strings.EqualFold(k, key) {
			return k, v
		}
	}
	return key, nil
}

func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []string:
		return len(v) == 0
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func asText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool, int64, float64:
		return fmt.Sprint(v), true
	case time.Time:
		return v.Format(time.DateOnly), true
	}
	return "", false
}

func items(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []string:
		return v, true
	case []any:
		out := make([]string, 0, len(v))
		for _, it := range v {
			s, ok := asText(it)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func isDate(v any) bool {
	switch v := v.(type) {
	case time.Time:
		return true
	case string:
		for _, l := range []string{time.RFC3339, time.DateOnly, time.DateTime, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
			if _, err := time.Parse(l, strings.TrimSpace(v)); err == nil {
				return true
			}
		}
	}
	return false
}

// describe names a value's shape for messages; a text is quoted by the
// message itself.
func describe(v any) msg.Text {
	switch v.(type) {
	case []string, []any:
		return msg.T("a list")
	case map[string]any:
		return msg.T("a group of settings")
	}
	return msg.T("%s", fmt.Sprint(v))
}
