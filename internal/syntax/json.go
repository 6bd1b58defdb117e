package syntax

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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
		return Problem{Offset: WholeFile, Msg: "the file is empty", Hint: "write {} for a file without data, or remove the file", Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		p := jsonSite{src: src, off: len(src)}.endsEarly()
		p.Err = err
		return p
	}
	return Problem{Offset: 0, Msg: err.Error(), Hint: jsonGeneral, Err: err}
}

const jsonGeneral = "check the commas, quotes and brackets near here"

type jsonSite struct {
	src []byte
	off int // the byte encoding/json stopped at
}

func (j jsonSite) at(off int, msg, hint string) Problem {
	return Problem{Offset: min(max(off, 0), len(j.src)), Msg: msg, Hint: hint}
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

func (j jsonSite) explain(msg string) Problem {
	c := j.char()
	switch {
	case msg == "unexpected end of JSON input":
		return j.endsEarly()
	case c >= '0' && c <= '9' && j.off > 0 && j.src[j.off-1] == '0':
		// 0123 reads as 0 followed by 123.
		return j.at(j.tokenStart(), "this number is not written as JSON wants",
			`write numbers like 12, -3 or 4.5, without a 0 in front; put anything else in "double quotes"`)
	case strings.HasSuffix(msg, "after object key:value pair"):
		return j.missingComma("value")
	case strings.HasSuffix(msg, "after array element"):
		return j.missingComma("item")
	case strings.HasSuffix(msg, "after object key"):
		end := j.before() + 1
		return j.at(end, fmt.Sprintf("a colon (:) is missing after the name %s", j.src[j.stringStart(end):end]), `write "name": value`)
	case strings.HasSuffix(msg, "looking for beginning of object key string"):
		return j.notAName(c)
	case strings.HasSuffix(msg, "looking for beginning of value"):
		return j.notAValue(c)
	case strings.Contains(msg, "in literal true"), strings.Contains(msg, "in literal false"), strings.Contains(msg, "in literal null"):
		return j.at(j.tokenStart(), `this value is not text in "double quotes", a number, true, false or null`, `put text in "double quotes"`)
	case strings.HasSuffix(msg, "in numeric literal"):
		return j.at(j.tokenStart(), "this number is not written as JSON wants",
			`write numbers like 12, -3 or 4.5, without a 0 in front; put anything else in "double quotes"`)
	case strings.HasSuffix(msg, "in string literal"):
		return j.inString(c)
	case strings.Contains(msg, "in string escape code"), strings.Contains(msg, "hexadecimal character escape"):
		back := j.off
		for back > 0 && j.src[back] != '\\' {
			back--
		}
		return j.at(back, fmt.Sprintf(`\%c is not an escape JSON knows (a backslash in text starts one)`, c), `write \\ for a backslash`)
	}
	return j.at(j.off, strings.TrimPrefix(msg, "json: "), jsonGeneral)
}

// missingComma points just after the value that a comma should follow.
func (j jsonSite) missingComma(what string) Problem {
	end := j.before() + 1
	line := lineNumber(j.src, end)
	hint := "put a comma (,) after it"
	if _, lineEnd := lineAt(j.src, end); lineEnd == end {
		hint = fmt.Sprintf("put a comma (,) at the end of line %d", line)
	}
	return j.at(end, fmt.Sprintf("a comma is missing after the %s on line %d", what, line), hint)
}

// notAName explains what stands where a "name" of a group was expected.
func (j jsonSite) notAName(c byte) Problem {
	prev := j.before()
	switch {
	case c == '}' && prev >= 0 && j.src[prev] == ',':
		return j.at(prev, "there is a comma after the last setting of a { } group", "remove the comma: JSON allows none before }")
	case c == '\'':
		return j.at(j.off, `names must be in "double quotes", not 'single quotes'`, `write "name": value`)
	case isWordByte(c):
		word := j.word()
		return j.at(j.off, fmt.Sprintf("the name %s must be in double quotes", word), fmt.Sprintf(`write "%s": …`, word))
	}
	return j.at(j.off, `a name in "double quotes" was expected here`, `write each setting of a group as "name": value`)
}

// notAValue explains what stands where a value was expected.
func (j jsonSite) notAValue(c byte) Problem {
	prev := j.before()
	switch {
	case c == ']' && prev >= 0 && j.src[prev] == ',':
		return j.at(prev, "there is a comma after the last item of a [ ] list", "remove the comma: JSON allows none before ]")
	case (c == '}' || c == ',') && prev >= 0 && j.src[prev] == ':':
		return j.at(j.off, "a value is missing after the colon", `write a value, like "name": "Kari"`)
	case c == ',':
		return j.at(j.off, "there is a value missing before this comma", "remove the comma, or write the value before it")
	case c == '\'':
		return j.at(j.off, `text must be in "double quotes", not 'single quotes'`, `write "text"`)
	}
	return j.at(j.off, `this value is not text in "double quotes", a number, true, false or null`, `put text in "double quotes"`)
}

// inString explains a character that text in quotes cannot hold.
func (j jsonSite) inString(c byte) Problem {
	switch c {
	case '\n', '\r':
		start := j.stringStart(j.off)
		return j.at(start, `the text that starts here with " is not closed on its line`, `end it with " before the line ends; write \n for a line break inside the text`)
	case '\t':
		return j.at(j.off, "there is a tab inside the text", `write \t instead of the tab`)
	}
	return j.at(j.off, "there is an invisible control character here", "delete it and type the text again; it was probably pasted from another program")
}

// endsEarly points at what the end of the file leaves open.
func (j jsonSite) endsEarly() Problem {
	str, open := jsonState(j.src, len(j.src))
	switch {
	case str >= 0:
		return j.at(str, `the file ends inside the text that starts here with "`, `end the text with "`)
	case len(open) > 0:
		o := open[len(open)-1]
		what, closing, part := "group", '}', "setting"
		if j.src[o] == '[' {
			what, closing, part = "list", ']', "item"
		}
		return j.at(o, fmt.Sprintf("the file ends before the closing %c of the %s that starts here", closing, what),
			fmt.Sprintf("put %c after its last %s", closing, part))
	}
	return j.at(len(j.src), "the file ends before its value does", jsonGeneral)
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
