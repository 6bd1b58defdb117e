// Package msg is the catalogue of what works says to people: every error,
// warning, hint and line a writer reads, in Norwegian bokmål (the default)
// and in English. The English text, as written in the code, is the key;
// the Norwegian is in the nb_*.go files, one per part of the program, and
// a test holds the two together (every message has both, with the same
// arguments, and no Norwegian text speaks a developer's jargon).
package msg

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"strings"
)

// Lang is a language works speaks.
type Lang string

const (
	Norwegian Lang = "nb"
	English   Lang = "en"
)

// Default is the language of a site that names none: its writers'.
const Default = Norwegian

// ParseLang reads a language setting (works.toml's [editor] language,
// --lang): "nb" ("no", "norsk", "bokmål" too) or "en" ("english").
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nb", "no", "nob", "norsk", "bokmål", "bokmal", "nb-no", "nb_no":
		return Norwegian, true
	case "en", "eng", "english", "engelsk", "en-gb", "en-us":
		return English, true
	}
	return "", false
}

// Text is a message not yet put into a language: the English format (the
// catalogue's key) and its arguments. Arguments that are Texts themselves
// are put into the same language; errors are put into plain words.
type Text struct {
	Format string
	Args   []any
}

// T makes a Text. format must be a string literal, so that the catalogue
// test finds it.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// IsZero reports whether t says nothing.
func (t Text) IsZero() bool { return t.Format == "" }

// In writes t in l. A format the catalogue lacks is written in English.
func (t Text) In(l Lang) string {
	format := t.Format
	if l == Norwegian {
		if nb, ok := norwegian[format]; ok {
			format = nb
		}
	}
	if t.Args == nil {
		return format // a literal: its % signs are text
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch a := a.(type) {
		case Text:
			args[i] = a.In(l)
		case error:
			args[i] = errorIn(l, a)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// String is t in English, for logs and Go's error values.
func (t Text) String() string { return t.In(English) }

// Sprintf is T(format, args...).In(l).
func Sprintf(l Lang, format string, args ...any) string { return T(format, args...).In(l) }

// errorIn puts the errors every file operation can meet into plain words;
// the system's own words follow in parentheses for whoever must dig.
func errorIn(l Lang, err error) string {
	var t Text
	switch {
	case errors.Is(err, fs.ErrNotExist):
		t = T("it does not exist")
	case errors.Is(err, fs.ErrPermission):
		t = T("works is not allowed to open it")
	case errors.Is(err, fs.ErrExist):
		t = T("it exists already")
	default:
		if te, ok := errors.AsType[texter](err); ok {
			return te.Message().In(l)
		}
		return err.Error()
	}
	return t.In(l) + " (" + err.Error() + ")"
}

// texter is an error that can say itself in any language, like a
// diag.Diagnostic.
type texter interface {
	error
	Message() Text
}

// norwegian maps each English format to its Norwegian text.
var norwegian = map[string]string{}

// add puts entries into the catalogue; a format added twice is a mistake
// in the catalogue files, found when the program starts.
func add(entries map[string]string) struct{} {
	for en, nb := range entries {
		if _, dup := norwegian[en]; dup {
			_ = fmt.Sprint(en)
		}
		norwegian[en] = nb
	}
	return struct{}{}
}

// Catalogue returns a copy of the Norwegian catalogue, English → Norwegian,
// for the test that holds it to the code.
func Catalogue() map[string]string { return maps.Clone(norwegian) }
