package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/source"
	"github.com/drammen-works/works/internal/syntax"
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
		file := l.I18nDir + "/" + name
		src, err := fs.ReadFile(l.I18n, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // the layer does not translate into this language
		}
		if err != nil {
			errs.Add(diag.Errorf(diag.Position{File: file}, "replace it with an ordinary file inside the site",
				"this translation file cannot be read: %s", source.Describe(err)))
			continue
		}
		src = bytes.TrimPrefix(src, []byte("\uFEFF"))
		if p := syntax.Encoding(src); p != nil {
			errs.Add(p.At(file, src, 0))
			continue
		}
		var raw map[string]any
		if err := toml.Unmarshal(src, &raw); err != nil {
			d := syntax.TOML(src, 1, err).At(file, src, 0)
			d.Fixf(`%s; each text is written as key = "text"`, d.Fix)
			errs.Add(d)
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
					"translation %q is %s, not text", k, typeNoun(fmt.Sprintf("%T", v))))
			}
		}
	}
	return t, errs
}
