package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/slug"
	"github.com/drammen-works/works/internal/source"
)

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	var req newRequest
	var dir string
	fs := newFlags("new", "Creates a page from its section's archetype and prints its path:\n\n"+
		"  works new historier \"Ny fabrikk på Åssiden\"            → content/historier/ny-fabrikk-pa-assiden/index.md\n"+
		"  works new historier \"Ny fabrikk på Åssiden\" --lang en  → its English version, index.en.md beside it\n\n"+
		"The page is a draft until you remove draft: true. An existing file is never overwritten.", stdout, stderr)
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&dir, n, ".", "the site's `folder`")
	}
	fs.StringVar(&req.lang, "lang", "", "write the version in this `language` of an existing page (its title or folder name)")
	// Flags may come after the section and title, so parse until every
	// argument is read; parse itself refuses arguments that are not flags.
	var words []string
	rest := args
	for {
		err := fs.FlagSet.Parse(rest)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "Usage: works new <section> <title> [flags]\n\n%s\n\nFlags:\n", fs.summary)
			printFlags(stdout, fs.FlagSet)
			return exitOK
		}
		if err != nil {
			fmt.Fprintln(stderr, "Run 'works help new' to see the flags.")
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(words) != 2 {
		fmt.Fprintln(stderr, `works new: give a section and a title, like: works new historier "Ny fabrikk på Åssiden"`)
		return exitUsage
	}
	req.section, req.title = words[0], words[1]

	root, err := source.Open(dir)
	if err != nil {
		fmt.Fprintf(stderr, "works new: %v\n", err)
		return exitFailed
	}
	defer root.Close()
	cfg, err := config.Load(source.FS(root))
	if err != nil {
		return reportCheckError(stderr, err)
	}
	req.now = time.Now()
	name, err := newPage(root, cfg, req)
	if err != nil {
		fmt.Fprintf(stderr, "works new: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, filepath.Join(dir, filepath.FromSlash(name)))
	return exitOK
}

// newRequest is one page to create.
type newRequest struct {
	section string
	title   string
	lang    string // "" or the default language: a new page; else a translation
	now     time.Time
}

// archetypeData is what an archetype template sees.
type archetypeData struct {
	Title       string // the title given, or the translated page's
	Date        string // today in the site's time zone: 2026-11-27
	Section     string
	Slug        string // the folder name
	Lang        string
	Translation bool // the page is another language's version of an existing one
}

// newPage writes the page below root and returns its slash path relative
// to root. It never overwrites a file.
func newPage(root *os.Root, cfg *config.Config, req newRequest) (string, error) {
	fsys := source.FS(root)
	section := strings.Trim(req.section, "/")
	if err := checkSection(fsys, section); err != nil {
		return "", err
	}
	s := slug.Make(req.title)
	if s == "" {
		return "", fmt.Errorf("the title %q has no letters or digits to make a folder name from", req.title)
	}
	data := archetypeData{Title: req.title, Date: req.now.In(cfg.Location).Format(time.DateOnly), Section: section, Slug: s, Lang: cmp.Or(req.lang, cfg.DefaultLanguage)}
	dir := path.Join("content", section, s)
	name := dir + "/index.md"
	if req.lang == "" || req.lang == cfg.DefaultLanguage {
		for _, existing := range []string{name, path.Join("content", section, s+".md")} {
			if _, err := iofs.Stat(fsys, existing); err == nil {
				return "", fmt.Errorf("%s already exists: open it, or choose another title", existing)
			}
		}
	} else {
		if _, ok := cfg.Languages[req.lang]; !ok {
			return "", fmt.Errorf("%q is not a language of this site: use one of %s", req.lang, strings.Join(cfg.LanguageCodes(), ", "))
		}
		orig, err := original(fsys, section, s)
		if err != nil {
			return "", err
		}
		if doc, errs := content.Parse(strings.TrimPrefix(orig, "content/"), mustRead(fsys, orig), cfg.Location); errs.Err() == nil {
			data.Title = cmp.Or(doc.Meta.Title, data.Title)
			if !doc.Meta.Date.IsZero() {
				data.Date = doc.Meta.Date.In(cfg.Location).Format(time.DateOnly)
			}
		}
		data.Translation = true
		name = strings.TrimSuffix(orig, ".md") + "." + req.lang + ".md"
		dir = path.Dir(name)
	}
	if _, err := iofs.Stat(fsys, name); err == nil {
		return "", fmt.Errorf("%s already exists: open it to edit it", name)
	}

	tmplName, tmplText, err := archetype(fsys, cfg, section)
	if err != nil {
		return "", err
	}
	text, err := fill(tmplName, tmplText, data)
	if err != nil {
		return "", err
	}
	// What we write must be a page the build can read.
	if _, errs := content.Parse(strings.TrimPrefix(name, "content/"), text, cfg.Location); errs.Err() != nil {
		return "", fmt.Errorf("the archetype %s makes a page that cannot be read: %v", tmplName, errs.Errors()[0])
	}
	if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
		return "", err
	}
	// O_EXCL: even a file that appeared since the check above is kept.
	f, err := root.OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, iofs.ErrExist) {
		return "", fmt.Errorf("%s already exists: open it to edit it", name)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return "", err
	}
	return name, f.Close()
}

func mustRead(fsys iofs.FS, name string) []byte {
	b, _ := iofs.ReadFile(fsys, name) // a read error shows up as a parse error
	return b
}

// checkSection refuses a section that is not a folder of content/, naming
// the ones there are, so a typo does not start a new section.
func checkSection(fsys iofs.FS, section string) error {
	if section == "" || strings.Contains(section, "/") || strings.HasPrefix(section, ".") || strings.HasPrefix(section, "_") {
		return fmt.Errorf("%q is not a section: give the name of a folder in content/, like historier", section)
	}
	if fi, err := iofs.Stat(fsys, path.Join("content", section)); err == nil && fi.IsDir() {
		return nil
	}
	entries, _ := iofs.ReadDir(fsys, "content")
	var sections []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "_") {
			sections = append(sections, e.Name())
		}
	}
	if len(sections) == 0 {
		return fmt.Errorf("there is no section %q: make the folder content/%s first", section, section)
	}
	return fmt.Errorf("there is no section %q: use one of %s, or make the folder content/%s first", section, strings.Join(sections, ", "), section)
}

// original finds the page a translation is for: a bundle or a single file.
func original(fsys iofs.FS, section, s string) (string, error) {
	for _, name := range []string{path.Join("content", section, s, "index.md"), path.Join("content", section, s+".md")} {
		if _, err := iofs.Stat(fsys, name); err == nil {
			return name, nil
		}
	}
	return "", fmt.Errorf("there is no page content/%s/%s/ to translate: give the title or folder name of the page in the site's main language", section, s)
}

// archetype finds the template for a section's new pages: the site's, then
// the theme's, for the section and then for any section; else one made from
// the section's schema.
// A template that is there but cannot be read (a link out of the site, a
// named pipe) is an error, not a reason to use the next one.
func archetype(fsys iofs.FS, cfg *config.Config, section string) (name, text string, err error) {
	theme := path.Join("themes", cfg.Theme, "archetypes")
	for _, name := range []string{
		path.Join("archetypes", section+".md"), path.Join(theme, section+".md"),
		"archetypes/default.md", path.Join(theme, "default.md"),
	} {
		b, err := iofs.ReadFile(fsys, name)
		if err == nil {
			return name, string(b), nil
		}
		if !errors.Is(err, iofs.ErrNotExist) {
			return "", "", fmt.Errorf("the page template %s cannot be read: %s; replace it with an ordinary file inside the site", name, source.Describe(err))
		}
	}
	return "the built-in archetype", defaultArchetype(check.SchemaFor(nil, &content.Document{Section: section, Kind: content.Bundle})), nil
}

// defaultArchetype writes a template with the title, the date, draft: true
// and every other key the schema requires, each with what to write.
func defaultArchetype(s check.Schema) string {
	var b strings.Builder
	b.WriteString("---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true # remove this line when the page is ready to be published\n")
	b.WriteString("{{- if .Translation }}\nslug: {{ .Slug }} # the last part of the web address: write it in this language{{ end }}\n")
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
		fmt.Fprintf(&b, "%s: %s # %s\n", f.Key, placeholder, f.Help)
	}
	b.WriteString("---\n\n<!-- Write the text here. Start with what matters most to the reader, in short sentences. -->\n")
	return b.String()
}

// fill executes an archetype template.
func fill(name, text string, data archetypeData) ([]byte, error) {
	t, err := template.New(name).Funcs(template.FuncMap{"quote": yamlQuote}).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("the archetype %s cannot be read: %v", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("the archetype %s: %v", name, err)
	}
	return buf.Bytes(), nil
}

// yamlQuote writes s as a YAML double-quoted string. Go's escapes are a
// subset of YAML's, and printable letters such as æøå stay as they are.
func yamlQuote(s string) string {
	return strconv.Quote(s)
}
