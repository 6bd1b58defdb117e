package syntax

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/drammen-works/works/internal/msg"
)

// JSON explains err, which encoding/json returned for src: a
// *json.SyntaxError, or io.ErrUnexpectedEOF or io.EOF from a Decoder.
func JSON(src []byte, err error) Problem {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the bad one included.
		off := min(max(int(se.Offset)-1, 0), len(src))
		p := jsonSite{src: src, off: off}.explain(se.Error())
		p.Err = err
		return p
	case errors.Is(err, io.EOF) && strings.TrimSpace(string(src)) == "":
		return Problem{Offset: WholeFile, What: msg.T("the file is empty"), Fix: msg.T("write {} for a file without data, or remove the file"), Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		p := jsonSite{src: src, off: len(src)}.endsEarly()
		p.Err = err
		return p
	}
	return Problem{Offset: 0, What: unreadable(err.Error()), Fix: msg.T(jsonGeneral), Err: err}
}

const jsonGeneral = "check the commas, quotes and brackets near here"

// numberHint is how JSON wants numbers written.
const numberHint = `write numbers like 12, -3 or 4.5, without a 0 in front; put anything else in "double quotes"`

type jsonSite struct {
	src []byte
	off int // the byte encoding/json stopped at
}

func (j jsonSite) at(off int, what, fix msg.Text) Problem {
	return Problem{Offset: min(max(off, 0), len(j.src)), What: what, Fix: fix}
}

// char is the byte encoding/json stopped at.
func (j jsonSite) char() byte {
	if j.off < len(j.src) {
		return j.src[j.off]
	}
	return 0
}

// before returns the offset of the last byte before the one it stopped at
// that is not white space, or -1.
func (j jsonSite) before() int { return skipBack(j.src, j.off) }

func (j jsonSite) explain(problem string) Problem {
	c := j.char()
	switch {
	case problem == "unexpected end of JSON input":
		return j.endsEarly()
	case c >= '0' && c <= '9' && j.off > 0 && j.src[j.off-1] == '0':
		// 0123 reads as 0 followed by 123.
		return j.at(j.tokenStart(), msg.T("this number is not written as JSON wants"), msg.T(numberHint))
	case strings.HasSuffix(problem, "after object key:value pair"):
		return j.missingComma(false)
	case strings.HasSuffix(problem, "after array element"):
		return j.missingComma(true)
	case strings.HasSuffix(problem, "after object key"):
		end := j.before() + 1
		return j.at(end, msg.T("a colon (:) is missing after the name %s", j.src[j.stringStart(end):end]), msg.T(`write "name": value`))
	case strings.HasSuffix(problem, "looking for beginning of object key string"):
		return j.notAName(c)
	case strings.HasSuffix(problem, "looking for beginning of value"):
		return j.notAValue(c)
	case strings.Contains(problem, "in literal true"), strings.Contains(problem, "in literal false"), strings.Contains(problem, "in literal null"):
		return j.at(j.tokenStart(), msg.T(`this value is not text in "double quotes", a number, true, false or null`), msg.T(`put text in "double quotes"`))
	case strings.HasSuffix(problem, "in numeric literal"):
		return j.at(j.tokenStart(), msg.T("this number is not written as JSON wants"), msg.T(numberHint))
	case strings.HasSuffix(problem, "in string literal"):
		return j.inString(c)
	case strings.Contains(problem, "in string escape code"), strings.Contains(problem, "hexadecimal character escape"):
		back := j.off
		for back > 0 && j.src[back] != '\\' {
			back--
		}
		return j.at(back, msg.T(`\%c is not an escape JSON knows (a backslash in text starts one)`, c), msg.T(`write \\ for a backslash`))
	}
	return j.at(j.off, unreadable(strings.TrimPrefix(problem, "json: ")), msg.T(jsonGeneral))
}

// missingComma points just after the value (or the list's item) that a
// comma should follow.
func (j jsonSite) missingComma(item bool) Problem {
	end := j.before() + 1
	line := lineNumber(j.src, end)
	fix := msg.T("put a comma (,) after it")
	if _, lineEnd := lineAt(j.src, end); lineEnd == end {
		fix = msg.T("put a comma (,) at the end of line %d", line)
	}
	what := msg.T("a comma is missing after the value on line %d", line)
	if item {
		what = msg.T("a comma is missing after the item on line %d", line)
	}
	return j.at(end, what, fix)
}

// notAName explains what stands where a "name" of a group was expected.
func (j jsonSite) notAName(c byte) Problem {
	prev := j.before()
	switch {
	case c == '}' && prev >= 0 && j.src[prev] == ',':
		return j.at(prev, msg.T("there is a comma after the last setting of a { } group"), msg.T("remove the comma: JSON allows none before }"))
	case c == '\'':
		return j.at(j.off, msg.T(`names must be in "double quotes", not 'single quotes'`), msg.T(`write "name": value`))
	case isWordByte(c):
		word := j.word()
		return j.at(j.off, msg.T("the name %s must be in double quotes", word), msg.T(`write "%s": …`, word))
	}
	return j.at(j.off, msg.T(`a name in "double quotes" was expected here`), msg.T(`write each setting of a group as "name": value`))
}

// notAValue explains what stands where a value was expected.
func (j jsonSite) notAValue(c byte) Problem {
	prev := j.before()
	switch {
	case c == ']' && prev >= 0 && j.src[prev] == ',':
		return j.at(prev, msg.T("there is a comma after the last item of a [ ] list"), msg.T("remove the comma: JSON allows none before ]"))
	case (c == '}' || c == ',') && prev >= 0 && j.src[prev] == ':':
		return j.at(j.off, msg.T("a value is missing after the colon"), msg.T(`write a value, like "name": "Kari"`))
	case c == ',':
		return j.at(j.off, msg.T("there is a value missing before this comma"), msg.T("remove the comma, or write the value before it"))
	case c == '\'':
		return j.at(j.off, msg.T(`text must be in "double quotes", not 'single quotes'`), msg.T(`write "text"`))
	}
	return j.at(j.off, msg.T(`this value is not text in "double quotes", a number, true, false or null`), msg.T(`put text in "double quotes"`))
}

// inString explains a character that text in quotes cannot hold.
func (j jsonSite) inString(c byte) Problem {
	switch c {
	case '\n', '\r':
		start := j.stringStart(j.off)
		return j.at(start, msg.T(`the text that starts here with " is not closed on its line`), msg.T(`end it with " before the line ends; write \n for a line break inside the text`))
	case '\t':
		return j.at(j.off, msg.T("there is a tab inside the text"), msg.T(`write \t instead of the tab`))
	}
	return j.at(j.off, msg.T("there is an invisible control character here"), retype)
}

// endsEarly points at what the end of the file leaves open.
func (j jsonSite) endsEarly() Problem {
	str, open := jsonState(j.src, len(j.src))
	switch {
	case str >= 0:
		return j.at(str, msg.T(`the file ends inside the text that starts here with "`), msg.T(`end the text with "`))
	case len(open) > 0 && j.src[open[len(open)-1]] == '[':
		return j.at(open[len(open)-1], msg.T("the file ends before the closing ] of the list that starts here"), msg.T("put ] after its last item"))
	case len(open) > 0:
		return j.at(open[len(open)-1], msg.T("the file ends before the closing } of the group that starts here"), msg.T("put } after its last setting"))
	}
	return j.at(len(j.src), msg.T("the file ends before its value does"), msg.T(jsonGeneral))
}

// stringStart returns the offset of the quote that opens the string that
// is open at (or just closed before) off.
func (j jsonSite) stringStart(off int) int {
	str, _ := jsonState(j.src, off)
	if str >= 0 {
		return str
	}
	if off > 0 && j.src[off-1] == '"' {
		if s, _ := jsonState(j.src, off-1); s >= 0 {
			return s
		}
	}
	return off
}

// tokenStart moves back from where encoding/json stopped to the start of
// the word or number it is in.
func (j jsonSite) tokenStart() int {
	off := j.off
	for off > 0 && strings.IndexByte(" \t\r\n:,[{", j.src[off-1]) < 0 {
		off--
	}
	return off
}

// word returns the run of letters, digits and _ that starts where
// encoding/json stopped.
func (j jsonSite) word() string {
	end := j.off
	for end < len(j.src) && isWordByte(j.src[end]) {
		end++
	}
	return string(j.src[j.off:end])
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// jsonState reads src up to upto and returns the offset of the string
// open there (or -1) and the offsets of the brackets open there.
func jsonState(src []byte, upto int) (str int, open []int) {
	str = -1
	for i := 0; i < min(upto, len(src)); i++ {
		c := src[i]
		if str >= 0 {
			switch c {
			case '\\':
				i++
			case '"':
				str = -1
			}
			continue
		}
		switch c {
		case '"':
			str = i
		case '[', '{':
			open = append(open, i)
		case ']', '}':
			if n := len(open); n > 0 {
				open = open[:n-1]
			}
		}
	}
	return str, open
}
