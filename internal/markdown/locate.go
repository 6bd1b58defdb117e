package markdown

import (
	"slices"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/diag"
)

// Locator turns byte offsets in a body into positions in its file. It
// indexes the lines once, and counts columns from the last offset it was
// asked about when the next lies further along the same line, so that many
// nodes on one long line cost the length of the line, not its square. It
// is not safe for concurrent use; each render has its own.
type Locator struct {
	file       string
	body       []byte
	bodyLine   int   // the file's line where body starts, at least 1
	lineStarts []int // byte offsets where the body's lines start

	// The last answer, the start of the next column count.
	lastLine, lastOff, lastCol int
}

// NewLocator returns a Locator for body, which starts at line bodyLine of
// file (0 counts as 1).
func NewLocator(file string, body []byte, bodyLine int) *Locator {
	l := &Locator{file: file, body: body, bodyLine: max(bodyLine, 1), lineStarts: []int{0}, lastCol: 1}
	for i, c := range body {
		if c == '\n' {
			l.lineStarts = append(l.lineStarts, i+1)
		}
	}
	return l
}

// Pos is the position of byte offset off of the body; offsets outside it
// are clamped. Columns count characters, as an editor shows them.
func (l *Locator) Pos(off int) diag.Position {
	off = min(max(off, 0), len(l.body))
	line, found := slices.BinarySearch(l.lineStarts, off)
	if !found {
		line-- // off lies inside the line that starts before it
	}
	from, col := l.lineStarts[line], 1
	if line == l.lastLine && off >= l.lastOff {
		from, col = l.lastOff, l.lastCol
	}
	col += utf8.RuneCount(l.body[from:off])
	l.lastLine, l.lastOff, l.lastCol = line, off, col
	return diag.Position{File: l.file, Line: line + l.bodyLine, Col: col}
}
