package render

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"github.com/drammen-works/works/internal/diag"
)

// translator holds the UI strings of one language from i18n/<lang>.toml.
// A string is either `key = "text"` or a table with `one` and `other` forms;
// "{{ .Count }}" in a text is replaced by the count.
type translator struct {
	lang    string
	strings map[string]plural
	missing *missingKeys
}

type plural struct{ one, other string }

// missingKeys records keys that templates asked for and no file defines, so
// the build can warn once for each.
type missingKeys struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (m *missingKeys) add(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = map[string]bool{}
	}
	m.keys[key] = true
}

// T translates key; an optional count chooses the singular or plural form.
func (t translator) T(key string, args ...any) string {
	p, ok := t.strings[key]
	if !ok {
		t.missing.add(t.lang + ":" + key)
		return key
	}
	text := p.other
	count := ""
	if len(args) > 0 {
		n, isNum := toFloat(args[0])
		if isNum && n == 1 && p.one != "" {
			text = p.one
		}
		count = toString(args[0])
		if isNum {
			count = strconv.FormatFloat(n, 'f', -1, 64)
		}
	}
	for _, form := range []string{"{{ .Count }}", "{{.Count}}"} {
		text = strings.ReplaceAll(text, form, count)
	}
	return text
}

// loadTranslations reads i18n/<lang>.toml from each layer; earlier layers
// (the site) override later ones (the theme), key by key.
func loadTranslations(layers []Layer, lang string, missing *missingKeys) (translator, diag.List) {
	t := translator{lang: lang, strings: map[string]plural{}, missing: missing}
	var errs diag.List
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		if l.I18n == nil {
			continue
		}
		name := lang + ".toml"
		src, err := fs.ReadFile(l.I18n, name)
		if err != nil {
			continue
		}
		file := l.I18nDir + "/" + name
		var raw map[string]any
		if err := toml.Unmarshal(src, &raw); err != nil {
			pos := diag.Position{File: file}
			var de *toml.DecodeError
			if errors.As(err, &de) {
				pos.Line, pos.Col = de.Position()
			}
			errs.Add(diag.Errorf(pos, "write each string as key = \"text\"", "this translation file is not valid TOML: %v", err))
			continue
		}
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				t.strings[k] = plural{other: v}
			case map[string]any:
				one, _ := v["one"].(string)
				other, _ := v["other"].(string)
				t.strings[k] = plural{one: one, other: other}
			default:
				errs.Add(diag.Errorf(diag.Position{File: file}, "write it as key = \"text\", or a table with one and other",
					"translation %q is %s, not text", k, fmt.Sprintf("%T", v)))
			}
		}
	}
	return t, errs
}
