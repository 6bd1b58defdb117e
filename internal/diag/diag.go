// Package diag carries what went wrong and where: errors that know their
// file, line and column, a plain-words message and a hint on how to fix it.
// Every stage reports through it so the command can print them the same way.
package diag

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/msg"
)

// Max is how many diagnostics a build reports before it stops collecting.
const Max = 50

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Position is a place in a source file. Line and Col are 1-based; Col counts
// characters (runes), as an editor shows them. Zero parts are left out.
type Position struct {
	File string
	Line int
	Col  int
}

func (p Position) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Offset returns the position of byte offset off in src, which is the text of
// file. An offset past the end is clamped to the end.
func Offset(file string, src []byte, off int) Position {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return Position{File: file, Line: line, Col: 1 + utf8.RuneCount(src[start:off])}
}

// LineCol is the position of a 1-based line and byte column in src, as
// parsers such as go-toml report them, with the column counted in
// characters. A column past the end of its line points at the line's end.
func LineCol(file string, src []byte, line, byteCol int) Position {
	off := 0
	for i := 1; i < line; i++ {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			off = len(src)
			break
		}
		off += nl + 1
	}
	lineEnd := len(src)
	if nl := bytes.IndexByte(src[off:], '\n'); nl >= 0 {
		lineEnd = off + nl
	}
	return Offset(file, src, min(off+max(byteCol-1, 0), lineEnd))
}

// Diagnostic is one finding: where, what is wrong, and how to fix it.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	Msg      string // what is wrong, in plain words, in English
	Hint     string // how to fix it, in English; may be empty
	Err      error  // the underlying error, if any, for errors.Is/As
	// What and Fix are Msg and Hint before they are put into a language:
	// In says them in the writer's.
	What, Fix msg.Text
}

// Errorf makes an error-severity diagnostic. hint and format are English
// string literals, the keys of the message catalogue (internal/msg).
func Errorf(pos Position, hint, format string, args ...any) *Diagnostic {
	return New(pos, msg.T(hint), msg.T(format, args...))
}

// Warnf makes a warning.
func Warnf(pos Position, hint, format string, args ...any) *Diagnostic {
	d := Errorf(pos, hint, format, args...)
	d.Severity = Warning
	return d
}

// New makes an error-severity diagnostic from texts made elsewhere.
func New(pos Position, fix, what msg.Text) *Diagnostic {
	return &Diagnostic{Pos: pos, What: what, Fix: fix, Msg: what.String(), Hint: fix.String()}
}

// Reword replaces what the diagnostic says is wrong; what may hold the old
// words (d.What) as an argument.
func (d *Diagnostic) Reword(what msg.Text) *Diagnostic {
	d.What, d.Msg = what, what.String()
	return d
}

// Fixf replaces the hint with one that needs arguments.
func (d *Diagnostic) Fixf(format string, args ...any) *Diagnostic {
	d.Fix = msg.T(format, args...)
	d.Hint = d.Fix.String()
	return d
}

// In returns what is wrong and how to fix it in l. Words set on Msg or
// Hint by hand, past What and Fix, are kept as they are: a message is
// never lost for want of a translation.
func (d *Diagnostic) In(l msg.Lang) (what, fix string) {
	what, fix = d.Msg, d.Hint
	if !d.What.IsZero() && d.What.String() == d.Msg {
		what = d.What.In(l)
	}
	if !d.Fix.IsZero() && d.Fix.String() == d.Hint {
		fix = d.Fix.In(l)
	}
	return what, fix
}

// Message is what is wrong, for a message that quotes the diagnostic.
func (d *Diagnostic) Message() msg.Text {
	if !d.What.IsZero() && d.What.String() == d.Msg {
		return d.What
	}
	return msg.T("%s", d.Msg)
}

// Line formats the diagnostic in l as "path:line:col: message (hint)",
// warnings marked.
func (d *Diagnostic) Line(l msg.Lang) string {
	what, fix := d.In(l)
	var b strings.Builder
	if s := d.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString(msg.Sprintf(l, "warning: "))
	}
	b.WriteString(what)
	if fix != "" {
		b.WriteString(" (")
		b.WriteString(fix)
		b.WriteString(")")
	}
	return b.String()
}

// Error formats the diagnostic in English, as Line does.
func (d *Diagnostic) Error() string { return d.Line(msg.English) }

func (d *Diagnostic) Unwrap() error { return d.Err }

// List collects diagnostics. Its zero value is ready to use; it is not safe
// for concurrent use (collect per goroutine, then Append).
type List []*Diagnostic

// Add appends d. Errors that are not diagnostics are wrapped without a position;
// a List is flattened.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var dl List
	if errors.As(err, &dl) {
		*l = append(*l, dl...)
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			l.Add(e)
		}
		return
	}
	var d *Diagnostic
	if errors.As(err, &d) {
		*l = append(*l, d)
		return
	}
	*l = append(*l, &Diagnostic{Msg: err.Error(), Err: err})
}

// Sort orders by file, line, column, then message, so output is stable.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b *Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Errors returns only the error-severity diagnostics.
func (l List) Errors() List {
	return slices.DeleteFunc(slices.Clone(l), func(d *Diagnostic) bool { return d.Severity != Error })
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	return slices.DeleteFunc(slices.Clone(l), func(d *Diagnostic) bool { return d.Severity != Warning })
}

// Err returns the sorted list, capped at Max, as an error when it holds at
// least one error-severity diagnostic, and nil otherwise.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	if len(errs) > Max {
		errs = errs[:Max]
	}
	return errs
}

// Error prints one diagnostic a line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the diagnostics to errors.Is and errors.As: a build stopped
// by its context is errors.Is(err, context.Canceled).
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, d := range l {
		errs[i] = d
	}
	return errs
}
