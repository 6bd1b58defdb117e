package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/slug"
)

// funcs returns the template functions for one language. Functions that
// depend on the language (T, dateFormat, relLangURL, the text order of
// sort and where) close over it.
func (r *Renderer) funcs(s *site.Site, tr translator) template.FuncMap {
	origin, basePath := config.SplitBaseURL(s.BaseURL)
	rel := func(v any) string {
		u := toString(v)
		if isAbsolute(u) {
			return u
		}
		return basePath + "/" + strings.TrimPrefix(u, "/")
	}
	relLang := func(v any) string {
		u := toString(v)
		if isAbsolute(u) {
			return u
		}
		return rel(strings.TrimPrefix(s.Language.Prefix, "/") + "/" + strings.TrimPrefix(u, "/"))
	}
	loc := s.Config.Location
	order := newOrdering(s.Language.Lang)
	return template.FuncMap{
		"T":          tr.T,
		"i18n":       tr.T,
		"dateFormat": func(layout string, v any) (string, error) { return formatDate(layout, v, s.Language.Lang, loc) },
		"relURL":     rel,
		"absURL": func(v any) string {
			if u := toString(v); isAbsolute(u) {
				return u
			}
			return origin + rel(v)
		},
		"relLangURL": relLang,
		"absLangURL": func(v any) string {
			if u := toString(v); isAbsolute(u) {
				return u
			}
			return origin + relLang(v)
		},
		"urlize":      func(v any) string { return slug.Make(toString(v)) },
		"markdownify": r.markdownify(s.Language.Lang),
		"plainify":    func(v any) string { return plainify(toString(v)) },
		"truncate":    truncateFunc,
		"safeHTML":    func(v any) template.HTML { return template.HTML(toString(v)) },
		"safeURL":     func(v any) template.URL { return template.URL(toString(v)) },
		"safeCSS":     func(v any) template.CSS { return template.CSS(toString(v)) },
		"htmlEscape":  func(v any) string { return html.EscapeString(toString(v)) },
		"urlquery":    func(v any) string { return url.QueryEscape(toString(v)) },
		"where":       order.where,
		"first":       first,
		"last":        last,
		"sort":        order.sort,
		"default":     defaultValue,
		"dict":        dict,
		"slice":       func(v ...any) []any { return v },
		"in":          in,
		"jsonify":     jsonify,
		"lower":       func(v any) string { return strings.ToLower(toString(v)) },
		"upper":       func(v any) string { return strings.ToUpper(toString(v)) },
		"title":       title,
		"replace":     replace,
		"split":       func(v any, sep string) []string { return strings.Split(toString(v), sep) },
		"delimit":     delimit,
		"hasPrefix":   func(v any, p string) bool { return strings.HasPrefix(toString(v), p) },
		"add":         add,
		"sub":         sub,
		"mul":         mul,
		"seq":         seqFunc,
		"isset":       isset,
		"partial": func(string, ...any) (template.HTML, error) {
			return "", funcError{msg.T("partial called outside a page")}
		},
		"asset":    r.asset,
		"hasAsset": r.hasAsset,
	}
}

// seqFunc is seq for templates, whose numbers may be of any kind.
func seqFunc(last any) ([]int, error) {
	n, err := countArg("seq", msg.T("the last number"), last)
	if err != nil {
		return nil, err
	}
	return seq(n)
}

func toString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case template.HTML:
		return string(v)
	case template.URL:
		return string(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

func isAbsolute(u string) bool {
	return strings.HasPrefix(u, "//") || strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "tel:")
}

// The names of months and weekdays in Norwegian: the months are the same
// in Bokmål and Nynorsk, the weekdays are not (CLDR's names). Go's layout
// names them in English; "Jan" and "Mon" are their first three letters.
var (
	monthsNorwegian = [...]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}
	weekdaysBokmal  = [...]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"}
	weekdaysNynorsk = [...]string{"søndag", "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag"}
)

// formatDate formats a date with a Go layout in the site's time zone, with
// Norwegian month and weekday names for nb/nn: "2. January 2006" gives
// "27. november 2026".
func formatDate(layout string, v any, lang string, loc *time.Location) (string, error) {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case string:
		var err error
		if t, err = time.Parse(time.RFC3339, v); err != nil {
			if t, err = time.ParseInLocation(time.DateOnly, v, loc); err != nil {
				return "", funcError{msg.T("dateFormat: %q is not a date", v)}
			}
		}
	default:
		return "", funcError{msg.T("dateFormat: %T is not a date", v)}
	}
	if t.IsZero() {
		return "", nil
	}
	if loc != nil {
		t = t.In(loc)
	}
	weekdays := weekdaysBokmal
	switch lang {
	case "nn":
		weekdays = weekdaysNynorsk
		fallthrough
	case "nb", "no":
		month, day := monthsNorwegian[t.Month()-1], weekdays[t.Weekday()]
		layout = strings.NewReplacer(
			"January", month, "Jan", firstLetters(month, 3),
			"Monday", day, "Mon", firstLetters(day, 3),
		).Replace(layout)
	}
	return t.Format(layout), nil
}

// firstLetters is the first n letters of s: "lør" of "lørdag", where s[:3]
// would be "lø".
func firstLetters(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// plainify strips HTML tags and folds white space.
func plainify(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

func title(v any) string { return slug.Capitalize(toString(v)) }

func delimit(v any, sep string) (string, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return "", funcError{msg.T("delimit: %T is not a list", v)}
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = toString(rv.Index(i).Interface())
	}
	return strings.Join(parts, sep), nil
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, funcError{msg.T("dict: needs pairs of key and value, got %d arguments", len(kv))}
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, funcError{msg.T("dict: key %v is not text", kv[i])}
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// defaultValue returns v unless it is empty, else def: {{ .Title | default "Uten tittel" }}.
func defaultValue(def any, v ...any) any {
	if len(v) == 0 || isEmpty(v[0]) {
		return def
	}
	return v[0]
}

// isEmpty is what default replaces, as in Hugo: nil, a nil pointer, zero
// numbers and dates, empty text, lists and maps. A boolean is never empty
// ({{ .Params.toc | default true }} keeps toc: false), nor is a struct.
func isEmpty(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Bool:
		return false
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() == 0
	case reflect.Struct:
		t, isTime := v.(time.Time)
		return isTime && t.IsZero()
	}
	return rv.IsZero() // numbers, pointers, functions, channels
}

// isset reports whether a map has the key, or a list the index.
func isset(c any, key any) bool {
	rv := reflect.ValueOf(c)
	switch rv.Kind() {
	case reflect.Map:
		k, ok := mapKey(rv.Type().Key(), key)
		return ok && rv.MapIndex(k).IsValid()
	case reflect.Slice, reflect.Array:
		i, ok := integer(key)
		return ok && i >= 0 && i < int64(rv.Len())
	}
	return false
}

func in(c any, v any) bool {
	if s, ok := c.(string); ok {
		return strings.Contains(s, toString(v))
	}
	rv := reflect.ValueOf(c)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return false
	}
	for i := range rv.Len() {
		if equal(rv.Index(i).Interface(), v) {
			return true
		}
	}
	return false
}

func equal(a, b any) bool {
	if a == nil || b == nil {
		return a == b
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.Comparable() && rb.Comparable() && ra.Type() == rb.Type() {
		return a == b
	}
	return toString(a) == toString(b)
}

// jsonify writes v as JSON for a script block such as JSON-LD.
func jsonify(v any) (template.JS, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("jsonify: %w", err)
	}
	return template.JS(bytes.TrimSpace(b.Bytes())), nil
}
