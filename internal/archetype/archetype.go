// Package archetype makes the text of a new page from its section's
// archetype: the site's template for the section, the theme's, or one made
// from the section's front-matter schema. It reads the site through an
// fs.FS and writes nothing; the command writes the Page it returns, and
// must not overwrite a file that appeared meanwhile.
package archetype

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/slug"
	"github.com/drammen-works/works/internal/source"
)

// Request is one page to make.
type Request struct {
	Section string // a folder of content/: "historier"
	Title   string // the new page's title, or the title or folder name of the page to translate
	Lang    string // "" or the default language: a new page; else a translation of an existing one
	Now     time.Time
	// Schemas are the front-matter schemas works check judges the page by
	// (build.Schemas), which the built-in archetype follows; nil means
	// check.DefaultSchemas().
	Schemas map[string]check.Schema
	// Say is the language of the comments the built-in archetype writes
	// for the writer; "" means msg.Default.
	Say msg.Lang
}

// Page is a new page, ready to be written.
type Page struct {
	Path     string // slash path from the site's folder: "content/historier/ny-hall/index.md"
	Text     []byte
	Template string // the archetype it was made from: "archetypes/historier.md", or "the built-in archetype"
	// Files are the other files of an archetype that is a folder
	// (archetypes/historier/index.md and a placeholder picture beside it),
	// to be written beside the new page: slash paths from the site's
	// folder, and their bytes.
	Files []File
}

// File is a file of a new page's folder.
type File struct {
	Path string
	Data []byte
}

// Data is what an archetype template sees.
type Data struct {
	Title       string // the title given, or the translated page's
	Date        string // today in the site's time zone: 2026-11-27
	Section     string
	Slug        string // the folder name
	Lang        string
	Translation bool // the page is another language's version of an existing one
}

// Builtin names the archetype made from the section's schema when neither
// the site nor the theme has one.
const Builtin = "the built-in archetype"

// Make makes the page req asks for, from the site in fsys (its folder, with
// works.toml at the top). It refuses a page that exists, a section that is
// not a folder of content/, and an archetype whose page the build could not
// read.
func Make(fsys fs.FS, cfg *config.Config, req Request) (Page, error) {
	section := strings.Trim(req.Section, "/")
	// "side" (or "page") starts a page at the top of the site, like
	// content/presse.md, unless the site has a section of that name.
	top := TopLevel(fsys, section)
	if top {
		section = ""
	} else if err := checkSection(fsys, section); err != nil {
		return Page{}, err
	}
	s := slug.Make(req.Title)
	if s == "" {
		return Page{}, fail(msg.T("the title %q has no letters or digits to make a folder name from", req.Title))
	}
	data := Data{Title: req.Title, Date: req.Now.In(cfg.Location).Format(time.DateOnly), Section: section, Slug: s, Lang: cmp.Or(req.Lang, cfg.DefaultLanguage)}
	name := path.Join("content", section, s, "index.md")
	if top {
		name = path.Join("content", s+".md")
	}
	if req.Lang == "" || req.Lang == cfg.DefaultLanguage {
		for _, existing := range []string{name, path.Join("content", section, s+".md")} {
			if exists(fsys, existing) {
				return Page{}, fail(msg.T("%s already exists: open it, or choose another title", existing))
			}
		}
	} else {
		if _, ok := cfg.Languages[req.Lang]; !ok {
			return Page{}, fail(msg.T("%q is not a language of this site: use one of %s", req.Lang, strings.Join(cfg.LanguageCodes(), ", ")))
		}
		orig, err := original(fsys, section, s)
		if err != nil {
			return Page{}, err
		}
		src, _ := fs.ReadFile(fsys, orig) // a read error shows up as a parse error, and the title given is kept
		if doc, errs := content.Parse(strings.TrimPrefix(orig, "content/"), src, cfg.Location); errs.Err() == nil {
			data.Title = cmp.Or(doc.Meta.Title, data.Title)
			if !doc.Meta.Date.IsZero() {
				data.Date = doc.Meta.Date.In(cfg.Location).Format(time.DateOnly)
			}
		}
		data.Translation = true
		name = strings.TrimSuffix(orig, ".md") + "." + req.Lang + ".md"
	}
	if exists(fsys, name) {
		return Page{}, fail(msg.T("%s already exists: open it to edit it", name))
	}

	tmplName, tmplText, err := Find(fsys, cfg.Theme, section, req.Schemas, req.Say)
	if err != nil {
		return Page{}, err
	}
	text, err := Fill(tmplName, tmplText, data)
	if err != nil {
		return Page{}, err
	}
	if d := readable(name, text, cfg.Location); d != nil {
		// The page's own diagnostic, position and hint included, after
		// what went wrong.
		e := diag.New(diag.Position{}, d.Fix, msg.T("the archetype %s makes a page that cannot be read: %s: %s", tmplName, d.Pos, d.Message()))
		e.Hint = d.Hint
		return Page{}, e
	}
	page := Page{Path: name, Text: text, Template: tmplName}
	if path.Base(tmplName) == "index.md" && path.Base(name) == "index.md" && !data.Translation {
		if page.Files, err = folderFiles(fsys, path.Dir(tmplName), path.Dir(name)); err != nil {
			return Page{}, err
		}
	}
	return page, nil
}

// folderFiles reads the files of an archetype folder other than its pages,
// as files of the new page's folder dest.
func folderFiles(fsys fs.FS, dir, dest string) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fail(msg.T("the page template folder %s cannot be read: %s", dir, source.Describe(err)))
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) == ".md" {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fail(msg.T("the page template's file %s cannot be read: %s; replace it with an ordinary file inside the site", path.Join(dir, e.Name()), source.Describe(err)))
		}
		files = append(files, File{Path: path.Join(dest, e.Name()), Data: data})
	}
	return files, nil
}

// TopLevel reports whether section asks for a page at the top of the
// site: "side" or "page", when content/ has no folder of that name.
func TopLevel(fsys fs.FS, section string) bool {
	if section != "side" && section != "page" {
		return false
	}
	fi, err := fs.Stat(fsys, path.Join("content", section))
	return err != nil || !fi.IsDir()
}

// readable reports why the build could not read text as the page at name
// (a slash path from the site's folder), or nil: what Make returns must be
// a page the build can read.
func readable(name string, text []byte, loc *time.Location) *diag.Diagnostic {
	if _, errs := content.Parse(strings.TrimPrefix(name, "content/"), text, loc); errs.Err() != nil {
		return errs.Errors()[0]
	}
	return nil
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// checkSection refuses a section that is not a folder of content/, naming
// the ones there are, so a typo does not start a new section.
func checkSection(fsys fs.FS, section string) error {
	if section == "" || strings.Contains(section, "/") || strings.HasPrefix(section, ".") || strings.HasPrefix(section, "_") {
		return fail(msg.T("%q is not a section: give the name of a folder in content/, like historier", section))
	}
	if fi, err := fs.Stat(fsys, path.Join("content", section)); err == nil && fi.IsDir() {
		return nil
	}
	entries, _ := fs.ReadDir(fsys, "content")
	var sections []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "_") {
			sections = append(sections, e.Name())
		}
	}
	if len(sections) == 0 {
		return fail(msg.T("there is no section %q: make the folder content/%s first", section, section))
	}
	return fail(msg.T("there is no section %q: use one of %s, or make the folder content/%s first", section, strings.Join(sections, ", "), section))
}

// original finds the page a translation is for: a bundle or a single file.
func original(fsys fs.FS, section, s string) (string, error) {
	for _, name := range []string{path.Join("content", section, s, "index.md"), path.Join("content", section, s+".md")} {
		if exists(fsys, name) {
			return name, nil
		}
	}
	return "", fail(msg.T("there is no page content/%s/%s/ to translate: give the title or folder name of the page in the site's main language", section, s))
}

// Find returns the template for a section's new pages: the site's, then
// the theme's, for the section and then for any section; else Builtin,
// made from the section's schema in schemas (nil: check.DefaultSchemas()).
// A template that is there but cannot be read (a link out of the site, a
// named pipe) is an error, not a reason to use the next one.
func Find(fsys fs.FS, theme, section string, schemas map[string]check.Schema, say msg.Lang) (name, text string, err error) {
	themeDir := path.Join("themes", theme, "archetypes")
	own := section + ".md"
	kind := content.Bundle
	if section == "" { // a page at the top of the site
		own, kind = "side.md", content.Single
	}
	for _, name := range []string{
		path.Join("archetypes", strings.TrimSuffix(own, ".md"), "index.md"), path.Join("archetypes", own),
		path.Join(themeDir, strings.TrimSuffix(own, ".md"), "index.md"), path.Join(themeDir, own),
		"archetypes/default.md", path.Join(themeDir, "default.md"),
	} {
		b, err := fs.ReadFile(fsys, name)
		if err == nil {
			return name, string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", fail(msg.T("the page template %s cannot be read: %s; replace it with an ordinary file inside the site", name, source.Describe(err)))
		}
	}
	return Builtin, fromSchema(check.SchemaFor(schemas, &content.Document{Section: section, Kind: kind}), say), nil
}

// fromSchema writes a template with the title, the date, draft: true and
// every other key the schema requires, each with what to write.
func fromSchema(s check.Schema, l msg.Lang) string {
	l = cmp.Or(l, msg.Default)
	var b strings.Builder
	b.WriteString("---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true # " + msg.Sprintf(l, "remove this line when the page is ready to be published") + "\n")
	b.WriteString("{{- if .Translation }}\nslug: {{ .Slug }} # " + msg.Sprintf(l, "the last part of the web address: write it in this language") + "{{ end }}\n")
	for _, f := range s.Fields {
		if !f.Required || f.Key == "title" || f.Key == "date" {
			continue
		}
		placeholder := `""`
		switch f.Type {
		case check.List:
			placeholder = "[]"
		case check.Date:
			placeholder = "{{ .Date }}"
		case check.Bool:
			placeholder = "false"
		case check.Number:
			placeholder = "0"
		case check.Group:
			placeholder = "{}"
		}
		fmt.Fprintf(&b, "%s: %s # %s\n", f.Key, placeholder, f.HelpText().In(l))
	}
	b.WriteString("---\n\n<!-- " + msg.Sprintf(l, "Write the text here. Start with what matters most to the reader, in short sentences.") + " -->\n")
	return b.String()
}

// Fill executes an archetype template named name. Its functions are quote
// (a YAML double-quoted string); a key Data does not have is an error.
func Fill(name, text string, data Data) ([]byte, error) {
	t, err := template.New(name).Funcs(template.FuncMap{"quote": yamlQuote}).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fail(msg.T("the archetype %s cannot be read: %v", name, err))
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fail(msg.T("the archetype %s: %v", name, err))
	}
	return buf.Bytes(), nil
}

// fail is an error in the words a writer reads, in any language; it has
// no position, since it is about the request, and its hint is in its text.
func fail(what msg.Text) error {
	return diag.New(diag.Position{}, msg.Text{}, what)
}

// yamlQuote writes s as a YAML double-quoted string. Go's escapes are a
// subset of YAML's, and printable letters such as æøå stay as they are.
func yamlQuote(s string) string {
	return strconv.Quote(s)
}
