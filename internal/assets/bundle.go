package assets

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/output"
)

// BundlesFile declares the bundles of an assets folder:
//
//	[[bundle]]
//	name = "css/site.css"
//	files = ["css/base.css", "css/layout.css"]
const BundlesFile = "bundles.toml"

// Layer is one assets folder.
type Layer struct {
	FS  fs.FS
	Dir string // the folder as a writer sees it, for messages: "themes/works/assets"
}

// Options configure Bundle.
type Options struct {
	// Layers are the assets folders, highest priority first: the site's,
	// then the theme's. A file, or a bundle of the same name, in an earlier
	// layer replaces the one in a later layer.
	Layers []Layer
	// Minify minifies each bundle; nil joins the files and leaves them as
	// written (works build --minify=false), still fingerprinted.
	Minify *output.Minifier
	// Generated are files the build makes for bundles to list by name, as
	// they list any file: the brand palette from works.toml. A file of the
	// same name in a layer wins, as a site's file wins over its theme's.
	Generated []Generated
}

// Generated is a file the build makes rather than reads.
type Generated struct {
	Name  string // what bundles.toml lists: "css/palette.css"
	Data  []byte
	Owner string // what it is made from, for messages: "works.toml"
}

// bundle is one [[bundle]] of a bundles.toml, with where each part was
// written, for messages.
type bundle struct {
	name    string
	namePos diag.Position
	files   []string
	filePos []diag.Position
}

// Bundle joins the files of every bundle the layers declare, in the order
// listed (a generated file among them), minifies them, and adds each
// bundle to set under its name. It reports every mistake at its place in
// bundles.toml: a file that does not exist, one listed twice, a bundle
// without files or of a kind it cannot minify. A folder without
// bundles.toml publishes nothing; files no bundle lists are not published,
// and are warned about when they are CSS or JavaScript, as a file
// forgotten in bundles.toml, or a generated file with content.
func Bundle(set *Set, opts Options) diag.List {
	var errs diag.List
	// Bundles by name; the first layer to declare a name wins.
	byName := map[string]bundle{}
	for _, l := range opts.Layers {
		if l.FS == nil {
			continue
		}
		src, err := fs.ReadFile(l.FS, BundlesFile)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		file := l.Dir + "/" + BundlesFile
		if err != nil {
			errs.Add(diag.Errorf(diag.Position{File: file}, "check that the file can be read", "cannot read the bundles: %v", err))
			continue
		}
		bs, perrs := parseBundles(file, src)
		errs = append(errs, perrs...)
		for _, b := range bs {
			if _, ok := byName[b.name]; !ok {
				byName[b.name] = b
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	slices.Sort(names)
	used := map[string]bool{}
	for _, n := range names {
		b := byName[n]
		for _, f := range b.files {
			used[f] = true
		}
		if err := bundleOne(set, b, opts); err != nil {
			errs.Add(err)
		}
	}
	errs = append(errs, unused(opts.Layers, used)...)
	errs = append(errs, unusedGenerated(opts, used, len(names) > 0)...)
	return errs
}

// part is one file of a bundle and where it starts in the joined text.
type part struct {
	display   string // "themes/works/assets/css/base.css"
	start     int    // byte offset in the bundle
	generated bool   // made by the build: its lines are no lines of display
}

// bundleOne joins, minifies and adds one bundle.
func bundleOne(set *Set, b bundle, opts Options) error {
	var joined bytes.Buffer
	var parts []part
	var errs diag.List
	for i, name := range b.files {
		data, display, generated, err := read(opts, name)
		if err != nil {
			errs.Add(diag.Errorf(b.filePos[i], "check the spelling, or create the file in assets/ of the site or the theme",
				"%q is not in any assets folder (%s)", name, dirs(opts.Layers)))
			continue
		}
		parts = append(parts, part{display: display, start: joined.Len(), generated: generated})
		joined.Write(data)
		// A file's last line must not run into the next file's first: a
		// // comment would swallow it, and JavaScript's automatic
		// semicolons do not cross into another file's "(".
		if len(data) > 0 && data[len(data)-1] != '\n' {
			joined.WriteByte('\n')
		}
		if kind(b.name) == "js" {
			joined.WriteString(";\n")
		}
	}
	if len(errs) > 0 {
		return errs
	}
	data := joined.Bytes()
	if opts.Minify != nil {
		min, err := opts.Minify.Minify(b.name, data)
		if err != nil {
			return minifyError(err, b, parts, data)
		}
		data = min
	}
	_, err := set.Add(Input{Name: b.name, Data: data, Owner: b.namePos.File})
	return err
}

// minifyError places a minifier's syntax error in the file of the bundle it
// came from, at that file's own line and column.
func minifyError(err error, b bundle, parts []part, joined []byte) error {
	d, ok := errors.AsType[*diag.Diagnostic](err)
	if !ok || d.Pos.Line == 0 || len(parts) == 0 {
		return diag.Errorf(b.namePos, "fix the syntax in one of its files", "cannot minify the bundle %q: %v", b.name, err)
	}
	// The byte offset of the error's line in the joined text.
	off := 0
	for line := 1; line < d.Pos.Line && off < len(joined); line++ {
		i := bytes.IndexByte(joined[off:], '\n')
		if i < 0 {
			off = len(joined)
			break
		}
		off += i + 1
	}
	p := parts[0]
	for _, q := range parts {
		if q.start <= off {
			p = q
		}
	}
	line := 1 + bytes.Count(joined[p.start:off], []byte{'\n'})
	pos := diag.Position{File: p.display, Line: line, Col: d.Pos.Col}
	if p.generated {
		pos = diag.Position{File: p.display}
	}
	// The minifier's own words, without the file name: the joined bundle
	// is no file of the writer's.
	fault := d.Message()
	if words, ok := output.SyntaxFault(d); ok {
		fault = msg.T("%s", words)
	}
	out := diag.Errorf(pos, "fix the syntax there, or build without minifying to see the bundle as written",
		"cannot minify the bundle %q: %s", b.name, fault)
	out.Err = d.Err
	return out
}

// read returns a file from the first layer that has it, else the
// generated file of that name.
func read(opts Options, name string) (data []byte, display string, generated bool, err error) {
	err = fs.ErrNotExist
	for _, l := range opts.Layers {
		if l.FS == nil {
			continue
		}
		data, err = fs.ReadFile(l.FS, name)
		if err == nil {
			return data, l.Dir + "/" + name, false, nil
		}
	}
	for _, g := range opts.Generated {
		if g.Name == name {
			return g.Data, g.Owner, true, nil
		}
	}
	return nil, "", false, err
}

func dirs(layers []Layer) msg.Text {
	var ds []string
	for _, l := range layers {
		ds = append(ds, l.Dir+"/")
	}
	return msg.T("looked in %s", andList(ds))
}

// andList joins names as a sentence does: "a/, b/ and c/".
func andList(names []string) msg.Text {
	if len(names) < 2 {
		return msg.T("%s", strings.Join(names, ""))
	}
	return msg.T("%s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// unused warns about the CSS and JavaScript files no bundle lists.
func unused(layers []Layer, used map[string]bool) diag.List {
	var warns diag.List
	seen := map[string]bool{}
	for _, l := range layers {
		if l.FS == nil {
			continue
		}
		fs.WalkDir(l.FS, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // a folder that cannot be read has no bundles either
			}
			if strings.HasPrefix(d.Name(), ".") && name != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || kind(name) == "" || used[name] || seen[name] {
				return nil
			}
			seen[name] = true
			warns.Add(diag.Warnf(diag.Position{File: l.Dir + "/" + name}, "",
				"%s is in no bundle, so no page gets it", name).Fixf("add it to a bundle's files in %s, or delete it", BundlesFile))
			return nil
		})
	}
	return warns
}

// unusedGenerated warns about a generated file with something in it that
// no bundle lists, when there are bundles: a site whose own bundles.toml
// replaces the theme's stylesheet would lose the brand colours without a
// word. A site with no bundles at all has a theme that uses none.
func unusedGenerated(opts Options, used map[string]bool, anyBundle bool) diag.List {
	if !anyBundle {
		return nil
	}
	var warns diag.List
	for _, g := range opts.Generated {
		if len(g.Data) == 0 || used[g.Name] {
			continue
		}
		warns.Add(diag.Warnf(diag.Position{File: g.Owner}, "",
			"%s, which works makes from %s, is in no bundle, so no page gets it", g.Name, g.Owner).
			Fixf("add %q at the end of the files of the stylesheet's bundle in %s", g.Name, BundlesFile))
	}
	return warns
}

// kind is "css" or "js" for the files a bundle can hold, else "".
func kind(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "css"
	case ".js", ".mjs":
		return "js"
	}
	return ""
}

// bundlesDoc is bundles.toml as go-toml decodes it; the unstable parser
// then finds where each value was written.
type bundlesDoc struct {
	Bundle []struct {
		Name  string   `toml:"name"`
		Files []string `toml:"files"`
	} `toml:"bundle"`
}

// parseBundles reads a bundles.toml and checks each bundle.
func parseBundles(file string, src []byte) ([]bundle, diag.List) {
	var errs diag.List
	var doc bundlesDoc
	dec := toml.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		pos := diag.Position{File: file}
		fault := msg.T("%s", strings.TrimPrefix(err.Error(), "toml: "))
		// A strict error holds decode errors, so it is asked for first.
		if se, ok := errors.AsType[*toml.StrictMissingError](err); ok && len(se.Errors) > 0 {
			line, col := se.Errors[0].Position()
			pos = diag.LineCol(file, src, line, col)
			fault = msg.T("unknown key %s", strings.Join(se.Errors[0].Key(), "."))
		} else if de, ok := errors.AsType[*toml.DecodeError](err); ok {
			line, col := de.Position()
			pos = diag.LineCol(file, src, line, col)
		}
		errs.Add(diag.Errorf(pos, `write each bundle as [[bundle]] with name = "css/site.css" and files = ["css/a.css", "css/b.css"]`,
			"the bundles are not written right: %s", fault))
		return nil, errs
	}
	places := placesOf(src)
	var out []bundle
	seenName := map[string]diag.Position{}
	for i, d := range doc.Bundle {
		b := bundle{name: d.Name, files: d.Files, namePos: diag.Position{File: file}}
		var pl bundlePlaces
		if i < len(places) {
			pl = places[i]
		}
		b.namePos = diag.Offset(file, src, pl.table)
		if pl.name >= 0 {
			b.namePos = diag.Offset(file, src, pl.name)
		}
		for j := range d.Files {
			pos := b.namePos
			if j < len(pl.files) {
				pos = diag.Offset(file, src, pl.files[j])
			}
			b.filePos = append(b.filePos, pos)
		}
		ok := true
		switch {
		case d.Name == "":
			errs.Add(diag.Errorf(b.namePos, `add name = "css/site.css": the name templates ask for with asset`, "a bundle has no name"))
			ok = false
		case !validName(d.Name):
			errs.Add(diag.Errorf(b.namePos, `write it as a path without a leading slash, like "css/site.css"`, "%q is not a file name a page can link to", d.Name))
			ok = false
		case kind(d.Name) == "":
			errs.Add(diag.Errorf(b.namePos, `end the name with .css or .js`, "the bundle %q is neither CSS nor JavaScript", d.Name))
			ok = false
		}
		if p, dup := seenName[d.Name]; dup && d.Name != "" {
			errs.Add(diag.Errorf(b.namePos, "give one of them another name, or join their files",
				"there are two bundles named %q (the other is on line %d)", d.Name, p.Line))
			ok = false
		}
		seenName[d.Name] = b.namePos
		if len(d.Files) == 0 {
			errs.Add(diag.Errorf(b.namePos, `add files = ["css/a.css", "css/b.css"], in the order they are to be joined`,
				"the bundle %q lists no files", d.Name))
			ok = false
		}
		listed := map[string]int{}
		for j, f := range d.Files {
			if k, dup := listed[f]; dup {
				errs.Add(diag.Errorf(b.filePos[j], "remove one of them: a file is joined once",
					"%q is listed twice in the bundle %q (first on line %d)", f, d.Name, b.filePos[k].Line))
				ok = false
				continue
			}
			listed[f] = j
			if kind(d.Name) != "" && kind(f) != kind(d.Name) {
				errs.Add(diag.Errorf(b.filePos[j], "", "%q cannot go into the bundle %q", f, d.Name).
					Fixf("list only %s files in a .%s bundle", kind(d.Name), kind(d.Name)))
				ok = false
			}
		}
		if ok {
			out = append(out, b)
		}
	}
	return out, errs
}

// bundlePlaces are the byte offsets of one [[bundle]]'s parts.
type bundlePlaces struct {
	table int   // the [[bundle]] line
	name  int   // the name's value, or -1
	files []int // each file's string
}

// placesOf finds where each [[bundle]]'s name and files are written. It is
// called on a file go-toml decoded without error.
func placesOf(src []byte) []bundlePlaces {
	var p unstable.Parser
	p.Reset(src)
	var out []bundlePlaces
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.ArrayTable:
			off := 0
			if it := e.Key(); it.Next() {
				off = bytes.LastIndex(src[:it.Node().Raw.Offset], []byte("[["))
			}
			out = append(out, bundlePlaces{table: max(off, 0), name: -1})
		case unstable.KeyValue:
			if len(out) == 0 {
				continue
			}
			it := e.Key()
			if !it.Next() {
				continue
			}
			cur := &out[len(out)-1]
			v := e.Value()
			switch string(it.Node().Data) {
			case "name":
				cur.name = stringOffset(src, v)
			case "files":
				if v.Kind != unstable.Array {
					continue
				}
				for c := v.Children(); c.Next(); {
					cur.files = append(cur.files, stringOffset(src, c.Node()))
				}
			}
		}
	}
	return out
}

// stringOffset is where a string value starts, its opening quote included.
func stringOffset(src []byte, n *unstable.Node) int {
	off := int(n.Raw.Offset)
	if off > 0 && off <= len(src) && (src[off-1] == '"' || src[off-1] == '\'') {
		off--
	}
	return off
}
