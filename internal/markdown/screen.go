package markdown

import (
	"bytes"

	"github.com/drammen-works/works/internal/diag"
)

// goldmark reads some rare constructs with work that grows with the square
// of their size, which a file of a few megabytes turns into hours (all
// measured with BenchmarkPathological):
//
//   - every unclosed link destination ("[a](" without ")") is read to the
//     end of its line, and an unclosed title ("[a](x (") to the end of its
//     paragraph;
//   - every "]" copies the text back to its "[" and looks through it for
//     a link, and one that does not finish an inline link makes goldmark
//     look its line up among all the lines that follow in the paragraph,
//     so "[[[[…]]]]" costs the square of its length;
//   - every quote or list opened on a line counts the line's characters
//     from its start, so "> > > …" or "1) 1) 1) …" costs the square of the
//     line, and so does every later line inside as many levels.
//
// Screen bounds these before goldmark sees the body. It is one pass over
// the body, and its own work on links is capped by the same bound.
const (
	// maxNesting is how many quotes and lists may sit inside each other,
	// as markdown-it allows. A page needs three or four.
	maxNesting = 100

	// maxLinkWork bounds goldmark's work on the links of one body, in
	// nanoseconds as BenchmarkPathological measures them: about a second.
	// A page with 10 000 links costs some ten milliseconds.
	maxLinkWork = 1_000_000_000
	bracketWork = 1000 // a "[" opened: goldmark makes nodes for it
	readWork    = 7    // a character of a link destination or title read
	lineWork    = 2    // a line passed looking up a "]" that finishes no link
	betweenWork = 3    // a character between "[" and "]" copied and looked through
)

// Screen reports what in a body would take goldmark too long to read:
// quotes and lists nested more than 100 deep, and paragraphs with so many
// unfinished links that reading them would take minutes or hours. file and
// bodyLine place the body in its file, as in Input. Render screens every
// body itself; a second parse of the same body (the check package's) calls
// Screen first and parses only when it reports no error.
func Screen(file string, body []byte, bodyLine int) diag.List {
	s := screen{body: body, loc: NewLocator(file, body, bodyLine)}
	s.run()
	return s.diags
}

type screen struct {
	body  []byte
	loc   *Locator
	diags diag.List

	nestingReported bool
	linkWork        int
	linksReported   bool
	opened          []int32 // paragraph's stack of "[", kept to reuse its memory
}

// line is one line of the body: [start, end) without its newline.
type line struct{ start, end int }

func (s *screen) run() {
	var (
		para  []line // the paragraph being gathered
		fence []byte // the open code fence ("```", "~~~~"), nil outside code
		// inside, for a fence opened in a quote or list item, is the column
		// its text starts at: a line that starts further left has left the
		// quote or item, and its code with it.
		inside int
	)
	flush := func() {
		if len(para) > 0 && !s.linksReported {
			s.paragraph(para)
		}
		para = para[:0]
	}
	for start := 0; start < len(s.body); {
		end := bytes.IndexByte(s.body[start:], '\n')
		next := start + end + 1
		if end < 0 {
			end, next = len(s.body), len(s.body)
		} else {
			end += start
		}
		ln := line{start, end}
		start = next

		p := containers(s.body[ln.start:ln.end])
		if fence != nil {
			left := inside > 0 && len(bytes.TrimSpace(p.rest)) > 0 && p.column(ln) < inside
			if !left {
				if isFence(p.rest, fence) {
					fence = nil
				}
				continue // code is not read for links or nesting
			}
			fence = nil
		}
		s.nesting(ln, p)
		switch {
		case openingFence(p.rest) != nil:
			flush()
			fence, inside = openingFence(p.rest), 0
			if p.markers > 0 {
				inside = p.column(ln)
			}
		case len(bytes.TrimSpace(p.rest)) == 0:
			flush()
		case p.list || p.rest[0] == '#' || p.rest[0] == '|':
			// A list item or heading starts a new block, and goldmark
			// reads each table cell on its own.
			flush()
			para = append(para, ln)
		default:
			para = append(para, ln)
		}
	}
	flush()
}

// prefix is what opens a line: the quotes and list markers before its text.
type prefix struct {
	lead     int    // columns of white space before the first marker
	markers  int    // quote and list markers
	list     bool   // at least one is a list marker
	over     int    // byte offset in the line of the marker past maxNesting, or -1
	sameRule bool   // the markers are all one bullet character: maybe a thematic break
	rest     []byte // the line after them
}

// column is where the line's text starts, after its markers, in bytes.
func (p prefix) column(ln line) int {
	return ln.end - ln.start - len(p.rest)
}

// containers reads a line's quote (">") and list ("-", "+", "*", "1.",
// "1)") markers, each followed by white space or the end of the line.
func containers(ln []byte) prefix {
	p := prefix{over: -1, sameRule: true}
	i := 0
	for ; i < len(ln) && (ln[i] == ' ' || ln[i] == '\t'); i++ {
		if ln[i] == '\t' {
			p.lead += 4 - p.lead%4
		} else {
			p.lead++
		}
	}
	var bullet byte
	for i < len(ln) {
		n, list := containerMarker(ln[i:])
		if n == 0 {
			break
		}
		if !list || bullet != 0 && ln[i] != bullet || ln[i] != '-' && ln[i] != '*' {
			p.sameRule = false
		}
		bullet = ln[i]
		p.markers++
		p.list = p.list || list
		if p.markers+p.lead/2 > maxNesting && p.over < 0 {
			p.over = i
		}
		i += n
		for i < len(ln) && (ln[i] == ' ' || ln[i] == '\t') {
			i++
		}
	}
	p.rest = ln[i:]
	return p
}

// containerMarker returns the length of the quote or list marker at the
// start of b, 0 if there is none, and whether it is a list marker.
func containerMarker(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	if b[0] == '>' {
		return 1, false
	}
	n := 0
	switch {
	case b[0] == '-' || b[0] == '+' || b[0] == '*':
		n = 1
	case '0' <= b[0] && b[0] <= '9':
		for n < len(b) && n < 9 && '0' <= b[n] && b[n] <= '9' {
			n++
		}
		if n == len(b) || b[n] != '.' && b[n] != ')' {
			return 0, false
		}
		n++
	default:
		return 0, false
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' {
		return 0, false
	}
	return n, true
}

// openingFence returns the fence that opens a code block ("```" or "~~~",
// or longer), or nil.
func openingFence(rest []byte) []byte {
	rest = bytes.TrimLeft(rest, " ")
	if len(rest) < 3 || rest[0] != '`' && rest[0] != '~' {
		return nil
	}
	n := 0
	for n < len(rest) && rest[n] == rest[0] {
		n++
	}
	if n < 3 || rest[0] == '`' && bytes.IndexByte(rest[n:], '`') >= 0 {
		return nil
	}
	return rest[:n]
}

// isFence reports whether rest closes the code block that fence opened.
func isFence(rest, fence []byte) bool {
	rest = bytes.TrimSpace(rest)
	return len(rest) >= len(fence) && len(bytes.Trim(rest, string(fence[:1]))) == 0
}

// nesting reports the first line that nests quotes and lists too deep. A
// line of bullets alone ("- - - -") is a thematic break, not a list.
func (s *screen) nesting(ln line, p prefix) {
	if p.over < 0 || s.nestingReported || p.sameRule && len(bytes.TrimSpace(p.rest)) == 0 {
		return
	}
	s.nestingReported = true
	s.diags.Add(diag.Errorf(s.loc.Pos(ln.start+p.over),
		"use fewer levels of > and list items; most pages need three or four",
		"this line puts more than %d quotes or lists inside each other, more than works can read", maxNesting))
}

// paragraph adds the work goldmark does for the links of one paragraph
// and reports the paragraph when the body's work passes maxLinkWork.
func (s *screen) paragraph(lines []line) {
	text := s.body[lines[0].start:lines[len(lines)-1].end]
	base := lines[0].start
	opened := s.opened[:0] // offsets in text of the "[" not yet closed
	first := -1            // offset in text of the first "[" that makes no link
	for k, ln := range lines {
		linesAfter := len(lines) - k
		for i := ln.start - base; i < ln.end-base; i++ {
			switch text[i] {
			case '\\':
				i++ // an escaped bracket is text
			case '[':
				opened = append(opened, int32(i))
				s.linkWork += bracketWork
			case ']':
				if len(opened) == 0 {
					continue // goldmark looks no further
				}
				open := int(opened[len(opened)-1])
				opened = opened[:len(opened)-1]
				// goldmark copies the text between the brackets, and looks
				// through what it holds for a link.
				s.linkWork += betweenWork * (i - open)
				finished := false
				if i+1 < len(text) && text[i+1] == '(' {
					var read int
					read, finished = destination(text, i+2, ln.end-base)
					s.linkWork += readWork * read
				}
				if !finished {
					s.linkWork += lineWork * linesAfter
					if first < 0 {
						first = open
					}
				}
			}
			if s.linkWork > maxLinkWork {
				s.linksReported = true
				if first < 0 && len(opened) > 1 {
					first = int(opened[0]) // the oldest of the "[" still open
				}
				if first < 0 { // every link so far is finished
					s.diags.Add(diag.Errorf(s.loc.Pos(base),
						"split the page into several pages",
						"the page has more links than works can read in reasonable time"))
					return
				}
				s.diags.Add(diag.Errorf(s.loc.Pos(base+first),
					`finish each link as [text](address), or write \[ for a bracket that is not a link`,
					"this paragraph has too many square brackets that do not make finished links, starting here, for works to read in reasonable time"))
				return
			}
		}
	}
	s.opened = opened // kept for the next paragraph's use
}

// maxDestination is how far destination follows a destination. One
// longer than that is taken to run to the end of its line (where goldmark
// stops) and to be unfinished: a cost too high only when many share one
// line, which is the case to be found, and it keeps Screen's own work small.
const maxDestination = 4096

// destination follows goldmark's reading of an inline link after "](" at
// text[i], the destination ending by lineEnd: it returns how many
// characters goldmark reads and whether the link is finished by ")".
func destination(text []byte, i, lineEnd int) (int, bool) {
	start := i
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n') {
		if text[i] == '\n' {
			lineEnd = lineEndAt(text, i+1)
		}
		i++
	}
	if i < len(text) && text[i] == ')' {
		return i - start, true
	}
	stop := min(lineEnd, i+maxDestination)
	if i < lineEnd && text[i] == '<' {
		j := i + 1
		for ; j < stop && text[j] != '>'; j++ {
			if text[j] == '\\' {
				j++
			}
		}
		if j >= stop {
			return lineEnd - start, false
		}
		i = j + 1
	} else {
		depth := 0
		j := i
	scan:
		for ; j < stop; j++ {
			switch text[j] {
			case '\\':
				j++
			case '(':
				depth++
			case ')':
				if depth--; depth < 0 {
					break scan
				}
			case ' ', '\t':
				break scan
			}
		}
		if j == i {
			return j - start, false
		}
		if j >= stop && stop < lineEnd {
			return lineEnd - start, false
		}
		i = j
	}
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n') {
		i++
	}
	if i >= len(text) {
		return i - start, false
	}
	if text[i] == ')' {
		return i - start, true
	}
	closer := byte(0)
	switch text[i] {
	case '"', '\'':
		closer = text[i]
	case '(':
		closer = ')'
	default:
		return i - start, false
	}
	// A title may run over lines, to the end of the paragraph.
	j := bytes.IndexByte(text[i+1:], closer)
	if j < 0 {
		return len(text) - start, false
	}
	i += 1 + j + 1
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n') {
		i++
	}
	return i - start, i < len(text) && text[i] == ')'
}

func lineEndAt(text []byte, i int) int {
	if j := bytes.IndexByte(text[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(text)
}
