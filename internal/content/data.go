package content

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/syntax"
)

// LoadData reads the data files in fsys, which is rooted at the data folder,
// into one map for templates: "figures.yaml" becomes m["figures"], and
// "people/staff.toml" becomes m["people"].(map[string]any)["staff"]. Files
// ending in .yaml, .yml, .toml and .json are read; others are ignored, and
// the skip rules of Load apply. A missing folder gives an empty map.
//
// Values are plain Go values: string, bool, int64, float64, []any and
// map[string]any. YAML timestamps and TOML local dates stay text (data has
// no time zone); TOML dates with an offset are time.Time.
func LoadData(fsys fs.FS) (map[string]any, diag.List) {
	w := walker{fsys: fsys, folder: "data"}
	w.walk()
	diags := w.diags
	out := map[string]any{}
	// owner maps each key path ("people/staff") to the file that set it, or
	// to "" when a folder made it, to catch two sources for one name.
	owner := map[string]string{}
	for _, f := range w.files {
		ext := path.Ext(f.path)
		switch ext {
		case ".yaml", ".yml", ".toml", ".json":
		default:
			continue
		}
		if f.size > MaxFileSize {
			diags.Add(diag.Errorf(diag.Position{File: f.path}, "split the data into smaller files",
				"the file is %d MiB; data files may be at most 8 MiB", (f.size+(1<<20)-1)>>20))
			continue
		}
		src, err := fs.ReadFile(fsys, f.real)
		if err != nil {
			diags.Add(cannotRead(f.path, err))
			continue
		}
		v, ds := decodeData(f.path, ext, src)
		diags = append(diags, ds...)
		if len(ds.Errors()) > 0 {
			continue
		}
		if d := insert(out, owner, strings.TrimSuffix(f.path, ext), f.path, v); d != nil {
			diags.Add(d)
		}
	}
	diags.Sort()
	return out, diags
}

// insert puts v at the key path key (slash-separated) in out.
func insert(out map[string]any, owner map[string]string, key, file string, v any) *diag.Diagnostic {
	parts := strings.Split(key, "/")
	m := out
	for i, p := range parts[:len(parts)-1] {
		kp := strings.Join(parts[:i+1], "/")
		if src := owner[kp]; src != "" {
			return diag.Errorf(diag.Position{File: file}, "rename the file or the folder",
				"%s and the folder %s/ both give data named %q", src, kp, p)
		}
		sub, ok := m[p].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[p] = sub
			owner[kp] = ""
		}
		m = sub
	}
	name := parts[len(parts)-1]
	if src, ok := owner[key]; ok {
		if src == "" {
			return diag.Errorf(diag.Position{File: file}, "rename the file or the folder",
				"%s and the folder %s/ both give data named %q", file, key, name)
		}
		return diag.Errorf(diag.Position{File: file}, "keep only one of them",
			"%s and %s both give data named %q", src, file, name)
	}
	m[name] = v
	owner[key] = file
	return nil
}

func decodeData(file, ext string, src []byte) (any, diag.List) {
	// Columns are counted without a byte order mark, which editors do not
	// show.
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if p := syntax.Encoding(src); p != nil {
		return nil, diag.List{p.At(file, src, 0)}
	}
	switch ext {
	case ".toml":
		var m map[string]any
		if err := toml.Unmarshal(src, &m); err != nil {
			return nil, diag.List{tomlSyntax(file, src, 0, src, err, msg.T("the file"))}
		}
		return tomlValue(m, diag.Position{}, nil, "", nil).goVal, nil
	case ".json":
		return decodeJSON(file, src)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, diag.List{yamlSyntax(file, src, 0, src, err, msg.T("the file"))}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	d := yamlDecoder{file: file, src: src, budget: maxNodes}
	v := d.value(doc.Content[0], 0)
	return v.goVal, d.diags
}

func decodeJSON(file string, src []byte) (any, diag.List) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber() // so whole numbers stay int64, as in YAML and TOML
	var v any
	err := dec.Decode(&v)
	if err == nil {
		var extra any
		if end := int(dec.InputOffset()); dec.Decode(&extra) != io.EOF {
			off := end + len(src[end:]) - len(bytes.TrimLeft(src[end:], " \t\r\n"))
			return nil, diag.List{diag.Errorf(diag.Offset(file, src, off), "remove what follows the closing bracket",
				"the file has more after the end of its data")}
		}
		return jsonValue(v), nil
	}
	d := syntax.JSON(src, err).At(file, src, 0)
	return nil, diag.List{d.Reword(msg.T("%s cannot be read as JSON: %s", msg.T("the file"), d.Message()))}
}

func jsonValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = jsonValue(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = jsonValue(v[k])
		}
	}
	return v
}
