package check

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"

	"github.com/pelletier/go-toml/v2"

	"github.com/drammen-works/works/internal/diag"
)

// SchemaFile is where a theme declares its sections' front-matter schemas.
const SchemaFile = "schemas.toml"

// schemaFile is the form of schemas.toml:
//
//	[[schemas.historier.fields]]
//	key = "summary"
//	type = "text"       # text | date | list | bool | number | page | group
//	required = true
//	max = 200           # characters, for text
//	allowed = []        # the only values allowed
//	section = ""        # for page: the section the page must be in
//	help = "…"          # what to write; a known key has a default
type schemaFile struct {
	Schemas map[string]struct {
		Fields []struct {
			Key      string   `toml:"key"`
			Type     string   `toml:"type"`
			Required bool     `toml:"required"`
			Max      int      `toml:"max"`
			Allowed  []string `toml:"allowed"`
			Section  string   `toml:"section"`
			Help     string   `toml:"help"`
		} `toml:"fields"`
	} `toml:"schemas"`
}

var typeNames = map[string]Type{"text": Text, "date": Date, "list": List, "bool": Bool, "number": Number, "page": PageRef, "group": Group}

// defaultHelp is the help of keys whose meaning every theme shares.
var defaultHelp = map[string]string{
	"title": helpTitle, "summary": helpSummary, "date": helpDate, "image": helpImage, "imageAlt": helpImageAlt,
	"tags": helpTags, "sectors": helpSectors, "authors": helpAuthors, "project": helpProject,
}

// LoadSchemas reads schemas.toml from a theme folder. A missing file means
// no section has a schema of its own. display names the file in messages.
func LoadSchemas(fsys fs.FS, display string) (map[string]Schema, diag.List) {
	out := map[string]Schema{}
	src, err := fs.ReadFile(fsys, SchemaFile)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	var errs diag.List
	pos := diag.Position{File: display}
	if err != nil {
		errs.Add(diag.Errorf(pos, "check that the file can be read", "cannot read the schemas: %v", err))
		return out, errs
	}
	d := toml.NewDecoder(bytes.NewReader(src))
	d.DisallowUnknownFields()
	var f schemaFile
	if err := d.Decode(&f); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			pos.Line, pos.Col = de.Position()
		}
		var se *toml.StrictMissingError
		if errors.As(err, &se) && len(se.Errors) > 0 {
			pos.Line, pos.Col = se.Errors[0].Position()
		}
		errs.Add(diag.Errorf(pos, "write each field as in the comment of internal/check/schemafile.go", "the schemas are not valid: %v", err))
		return out, errs
	}
	sections := make([]string, 0, len(f.Schemas))
	for s := range f.Schemas {
		sections = append(sections, s)
	}
	slices.Sort(sections)
	for _, section := range sections {
		var s Schema
		for _, fd := range f.Schemas[section].Fields {
			t, ok := typeNames[fd.Type]
			if fd.Type == "" {
				t, ok = Text, true
			}
			if !ok {
				errs.Add(diag.Errorf(pos, "use one of text, date, list, bool, number, page or group",
					"schema %q: key %q has an unknown type %q", section, fd.Key, fd.Type))
				continue
			}
			help := fd.Help
			if help == "" {
				help = defaultHelp[fd.Key]
			}
			s.Fields = append(s.Fields, Field{Key: fd.Key, Type: t, Required: fd.Required, Allowed: fd.Allowed,
				Max: fd.Max, Section: fd.Section, Help: help})
		}
		out[section] = s
	}
	return out, errs
}
