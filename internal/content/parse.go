package content

import (
	"bytes"
	"path"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/syntax"
)

// Parse reads one content file. path is the file's slash path relative to
// content/ (as Document.Path); it decides the kind, name, section and
// language. loc is the site's time zone, used for dates written without an
// offset; nil means UTC. Parse does no I/O.
//
// The returned Document is never nil: even when the list holds errors it
// carries what could be read, so a build can report every problem at once.
func Parse(path string, src []byte, loc *time.Location) (*Document, diag.List) {
	doc, diags := parse(path, src, loc)
	diags.Sort()
	return doc, diags
}

func parse(file string, src []byte, loc *time.Location) (*Document, diag.List) {
	if loc == nil {
		loc = time.UTC
	}
	var diags diag.List
	doc := &Document{Path: file, BodyLine: 1, Meta: Meta{Params: map[string]any{}, Pos: map[string]diag.Position{}, KeyPos: map[string]diag.Position{}}}
	var fileLang string
	doc.Kind, doc.Name, fileLang, doc.Section = fromPath(file)
	if doc.Kind == Single && doc.Name == "index" && !strings.Contains(file, "/") {
		diags.Add(diag.Errorf(diag.Position{File: file}, "name the home page _index.md, or move this file into a folder named after the page",
			"%q at the top of the content folder is not a page", path.Base(file)))
	}
	doc.Lang = fileLang

	if len(src) > MaxFileSize {
		diags.Add(tooBig(file, int64(len(src))))
		return doc, diags
	}

	// An editor may put a byte order mark first; it is not part of the text
	// and editors do not show it, so columns are counted without it.
	text := bytes.TrimPrefix(src, []byte("\ufeff"))
	enc := syntax.Encoding(text)
	if enc != nil && enc.Offset == syntax.WholeFile {
		// UTF-16 and the like: not one character of it reads as text.
		diags.Add(enc.At(file, text, 0))
		return doc, diags
	}
	fm := splitFrontMatter(text)
	doc.Body = text[fm.bodyStart:]
	doc.BodyLine = 1 + bytes.Count(text[:fm.bodyStart], []byte("\n"))
	if fm.closed && !bytes.HasSuffix(text[:fm.bodyStart], []byte("\n")) {
		doc.BodyLine++ // the closing line ends the file: the (empty) body is after it
	}
	if enc != nil {
		diags.Add(enc.At(file, text, 0))
	}

	if fm.delim == "" {
		return doc, diags
	}
	if !fm.closed {
		diags.Add(diag.Errorf(diag.Position{File: file, Line: 1, Col: 1}, "",
			"the settings at the top of the file start here but never end").
			Fixf("add a line with only %s after the last setting", fm.delim))
		return doc, diags
	}
	if enc != nil && enc.Offset < fm.end {
		// The parsers would only repeat the encoding error in worse words.
		return doc, diags
	}

	var fields []field
	var ds diag.List
	if fm.delim == "---" {
		fields, ds = decodeYAML(file, text, fm)
	} else {
		fields, ds = decodeTOML(file, text, fm, loc)
	}
	diags = append(diags, ds...)
	diags = append(diags, applyFields(&doc.Meta, fields, loc)...)

	if doc.Meta.Lang != "" {
		if fileLang == "" {
			doc.Lang = doc.Meta.Lang
		} else if doc.Meta.Lang != fileLang {
			key := langKey(fields)
			diags.Add(diag.Errorf(doc.Meta.Pos[key], "",
				"%q is %q but the file name says the language is %q", key, doc.Meta.Lang, fileLang).
				Fixf("remove %q, or rename the file so the two agree", key))
		}
	}
	return doc, diags
}

// langKey returns the lang key as written (it may be "Lang").
func langKey(fields []field) string {
	for _, f := range fields {
		if strings.EqualFold(f.key, "lang") {
			return f.key
		}
	}
	return "lang"
}

// tooBigHint is what to do with a content file over MaxFileSize.
const tooBigHint = "move pictures and other large parts into their own files beside the page"

func tooBig(file string, size int64) *diag.Diagnostic {
	// Round up to a tenth so a file just over the limit does not read as
	// "8 MiB; may be at most 8 MiB". The tenth is an argument of its own,
	// for Norwegian's decimal comma.
	tenths := (size*10 + (1 << 20) - 1) >> 20
	if tenths%10 == 0 {
		return diag.Errorf(diag.Position{File: file}, tooBigHint, "the file is %d MiB; content files may be at most 8 MiB", tenths/10)
	}
	return diag.Errorf(diag.Position{File: file}, tooBigHint, "the file is %d.%d MiB; content files may be at most 8 MiB", tenths/10, tenths%10)
}

// frontMatter locates the front matter in a file's text (after any BOM).
type frontMatter struct {
	delim     string // "---" (YAML), "+++" (TOML) or "" (none)
	closed    bool
	start     int // offset of the first front-matter byte (after the opening line)
	end       int // offset of the closing line
	bodyStart int // offset of the first body byte
}

// settingsAtTop is what a writer calls front matter.
var settingsAtTop = msg.T("the settings at the top of the file")

// firstLine is the file line on which front-matter text starts: the opening
// delimiter is always line 1.
const firstLine = 2

func splitFrontMatter(text []byte) frontMatter {
	nl := bytes.IndexByte(text, '\n')
	if nl < 0 {
		nl = len(text)
	}
	delim := trimLine(text[:nl])
	if delim != "---" && delim != "+++" {
		return frontMatter{}
	}
	fm := frontMatter{delim: delim, start: min(nl+1, len(text))}
	for off := fm.start; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end = len(text) - off
			next = len(text)
		}
		if trimLine(text[off:off+end]) == delim {
			fm.closed, fm.end, fm.bodyStart = true, off, next
			return fm
		}
		off = next
	}
	return fm
}

// trimLine drops what editors add unseen at the end of a line: a CR and
// trailing blanks.
func trimLine(b []byte) string {
	return string(bytes.TrimRight(b, " \t\r"))
}

// fromPath derives what the file's path says about it.
func fromPath(p string) (kind Kind, name, lang, section string) {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(base, path.Ext(base))
	if i := strings.LastIndexByte(stem, '.'); i > 0 && isLang(stem[i+1:]) {
		stem, lang = stem[:i], stem[i+1:]
	}
	switch {
	case stem == "_index":
		if dir == "" {
			return Branch, "", lang, ""
		}
		return Branch, path.Base(dir), lang, firstElem(dir)
	case stem == "index" && dir != "":
		return Bundle, path.Base(dir), lang, firstElem(path.Dir(dir))
	}
	return Single, stem, lang, firstElem(dir)
}

func firstElem(dir string) string {
	if dir == "." {
		return ""
	}
	first, _, _ := strings.Cut(dir, "/")
	return first
}

// isLang reports whether s looks like a language code: two or three
// lower-case letters ("nb", "en", "sma"), optionally followed by a region or
// script ("nb-NO", "zh-Hant", "es-419").
func isLang(s string) bool {
	primary, sub, hasSub := strings.Cut(s, "-")
	if len(primary) < 2 || len(primary) > 3 || !all(primary, isLower) {
		return false
	}
	if !hasSub {
		return true
	}
	switch {
	case len(sub) == 2 || len(sub) == 4:
		return all(sub, func(c byte) bool { return isLower(c) || c >= 'A' && c <= 'Z' })
	case len(sub) == 3:
		return all(sub, func(c byte) bool { return c >= '0' && c <= '9' })
	}
	return false
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}
