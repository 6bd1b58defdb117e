// Package syntax says in plain words what is wrong with the text of a source
// file, and where: an encoding other than UTF-8, or a YAML, TOML or JSON
// syntax error, each at the character a writer has to change, with a hint
// on how to change it. The parsers' own messages ("line 3: found unexpected
// end of stream", "invalid character '}' looking for beginning of object
// key string") are for programmers; these are for the people who write the
// site.
//
// It is a leaf (it imports only diag, msg and the parsers), so works.toml, front
// matter and data files are explained by the same rules. Its functions are
// pure: they read the text they are given and nothing else.
package syntax

import (
	"bytes"
	"strings"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// Problem is what is wrong with a text, and where.
type Problem struct {
	// Offset is the byte offset of the place in the text given, or
	// WholeFile when the problem is the file as a whole (its encoding).
	Offset int
	What   msg.Text // what is wrong, in plain words
	Fix    msg.Text // how to fix it
	Err    error    // the parser's own error, if any, for errors.Is and As
}

// WholeFile is the Offset of a problem that has no single place.
const WholeFile = -1

// Fixes that YAML, TOML and JSON share.
var (
	// retype is the fix for an invisible character pasted into a text.
	retype = msg.T("delete it and type the text again; it was probably pasted from another program")
	// escapeFix is the fix for a backslash that starts no escape.
	escapeFix = msg.T(`write \\ for a backslash, or put the text in 'single quotes'`)
)

// unreadable says what is wrong in the parser's own words, for a problem
// these rules do not know.
func unreadable(problem string) msg.Text {
	return msg.T("something here cannot be read (%s)", problem)
}

// At makes p a diagnostic in file, whose text is text. base is the offset
// at which the text the problem was found in starts within text (front
// matter starts after its opening line), so that lines and columns count
// from the top of the file. Columns count characters, as editors do.
func (p Problem) At(file string, text []byte, base int) *diag.Diagnostic {
	pos := diag.Position{File: file}
	if p.Offset != WholeFile {
		pos = diag.Offset(file, text, base+p.Offset)
	}
	d := diag.New(pos, p.Fix, p.What)
	d.Err = p.Err
	return d
}

// lineStart returns the offset of 1-based line n in src, or len(src) when
// src has fewer lines.
func lineStart(src []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src[off:], '\n')
		if j < 0 {
			return len(src)
		}
		off += j + 1
	}
	return off
}

// lineAt returns the bounds of the line holding offset off: its start, and
// its end before the line break (and before a CR of a CRLF).
func lineAt(src []byte, off int) (start, end int) {
	off = min(max(off, 0), len(src))
	start = bytes.LastIndexByte(src[:off], '\n') + 1
	end = len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	if end > start && src[end-1] == '\r' {
		end--
	}
	return start, end
}

// lineNumber is the 1-based line of offset off.
func lineNumber(src []byte, off int) int {
	return 1 + bytes.Count(src[:min(max(off, 0), len(src))], []byte{'\n'})
}

// lineCount is the number of lines in src; a final line break does not
// start another line.
func lineCount(src []byte) int {
	n := bytes.Count(src, []byte{'\n'})
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

// indentOf is the number of spaces and tabs a line starts with.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}

// skipBack returns the offset of the last byte before off that is not
// white space, or -1.
func skipBack(src []byte, off int) int {
	for i := min(off, len(src)) - 1; i >= 0; i-- {
		switch src[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return i
		}
	}
	return -1
}

// quoteText writes s as a quoted value a writer can copy, valid in YAML
// and TOML alike: in double quotes, or in single quotes when it holds a
// double quote or a backslash (which double quotes would make an escape).
func quoteText(s string) string {
	if strings.ContainsAny(s, `"\`) && !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
