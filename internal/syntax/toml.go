package syntax

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// go-toml points at the right byte most of the time; where it points at
// the end of what it could not finish (a string, a list), the place is
// moved back to where that starts.

// TOML explains err, which go-toml returned for src. firstLine is the line
// of the file on which src starts (front matter starts on line 2), for
// messages that name another line.
func TOML(src []byte, firstLine int, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return Problem{Offset: 0, Msg: msg, Hint: tomlGeneral, Err: err}
	}
	row, col := de.Position()
	off := min(lineStart(src, row)+max(col-1, 0), len(src))
	t := tomlSite{src: src, off: off, line0: firstLine - 1}
	p := t.explain(msg, de.Key())
	p.Err = err
	return p
}

const tomlGeneral = `write each setting as key = value, with text in "double quotes", like title = "Drammen Works"`

type tomlSite struct {
	src   []byte
	off   int // where go-toml points
	line0 int // the line of the file before src
}

func (t tomlSite) at(off int, msg, hint string) Problem {
	return Problem{Offset: min(max(off, 0), len(t.src)), Msg: msg, Hint: hint}
}

// line returns the line go-toml points into, and the offset it starts at.
func (t tomlSite) line() (string, int) {
	start, end := lineAt(t.src, t.off)
	return string(t.src[start:end]), start
}

// key returns the key the line sets and the text of its value (without a
// comment), or "" when the line is not key = value.
func (t tomlSite) key() (key, value string) {
	line, _ := t.line()
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		return "", ""
	}
	k = strings.Trim(strings.TrimSpace(k), `"'`)
	if i := strings.Index(v, " #"); i >= 0 && !strings.ContainsAny(v[:i], `"'`) {
		v = v[:i]
	}
	return k, strings.TrimSpace(v)
}

func (t tomlSite) explain(msg string, key []string) Problem {
	switch {
	case strings.Contains(msg, "strings cannot have new lines"), strings.Contains(msg, "unterminated"), strings.Contains(msg, "not terminated"):
		return t.unclosedString()
	case strings.Contains(msg, "at start of value"), strings.HasPrefix(msg, "expected keyword"), strings.HasPrefix(msg, "strings must be quoted"), strings.HasPrefix(msg, "expected value"):
		return t.notAValue()
	case strings.HasPrefix(msg, "expected newline but got"):
		return t.moreOnLine()
	case msg == "expected '=' after key":
		return t.noEquals()
	case msg == "expected ',' or ']' after array value":
		if t.startsSetting() {
			// A list may go on over several lines, so a list that is
			// not closed runs into the next setting.
			return t.unclosedBracket('[', `end it with ], like tags = ["industri", "mat"]`)
		}
		return t.at(t.off, "a comma is missing before this item", `separate the items with commas, like tags = ["industri", "mat"]`)
	case msg == "array is incomplete":
		return t.unclosedBracket('[', `end it with ], like tags = ["industri", "mat"]`)
	case msg == "inline table is incomplete", strings.HasPrefix(msg, "expected ',' or '}'"):
		return t.unclosedBracket('{', `end it with } on the same line, like contact = { name = "Kari" }`)
	case strings.Contains(msg, "to close table name") || strings.Contains(msg, "to close array table name"):
		return t.at(t.off, "the table name in [ ] is not closed", "end the line with ], like [brand]")
	case strings.Contains(msg, "already defined"), strings.Contains(msg, "already exists"), strings.Contains(msg, "should be a table"):
		return t.twice(msg, key)
	case strings.HasPrefix(msg, "invalid character at start of key"):
		return t.notAKey()
	case strings.HasPrefix(msg, "invalid escape character"), strings.Contains(msg, "unicode escape"), strings.Contains(msg, "escape sequence"):
		return t.badEscape()
	case strings.Contains(msg, "control characters"), strings.Contains(msg, "carriage return"):
		return t.at(t.off, "there is an invisible control character here", "delete it and type the text again; it was probably pasted from another program")
	case strings.Contains(msg, "date"), strings.Contains(msg, "time"), strings.Contains(msg, "hour"), strings.Contains(msg, "minutes"), strings.Contains(msg, "seconds"):
		return t.at(t.valueStart(), "this is not a date or time that exists, or is not written as TOML wants ("+msg+")",
			"write a date like 2026-11-27 and a time like 2026-11-27T09:30:00; put anything else in \"double quotes\"")
	case strings.Contains(msg, "digit"), strings.Contains(msg, "number"), strings.Contains(msg, "integer"), strings.Contains(msg, "zero"), strings.Contains(msg, "float"), strings.Contains(msg, "exponent"), strings.Contains(msg, "decimal"), strings.Contains(msg, "radix"), strings.Contains(msg, "underscore"):
		return t.badNumber(msg)
	}
	return t.at(t.off, msg, tomlGeneral)
}

// unclosedString points at the quote that opens a text that never ends.
func (t tomlSite) unclosedString() Problem {
	start, delim := tomlScan(t.src, t.off)
	if start < 0 {
		return t.at(t.off, "a text in quotes is never closed", "end the text with the same quote it starts with")
	}
	if len(delim) == 3 {
		return t.at(start, fmt.Sprintf("the text that starts here with %s is never closed", delim), "end it with "+delim)
	}
	hint := fmt.Sprintf("end it with %s on the same line", delim)
	if key, value := t.key(); key != "" && strings.HasPrefix(value, delim) {
		hint += fmt.Sprintf(", like %s = %s%s", key, value, delim)
	}
	return t.at(start, fmt.Sprintf("the text that starts here with %s is never closed", delim), hint)
}

// notAValue explains a value that TOML cannot read: most often text
// without quotes, or nothing at all after "=".
func (t tomlSite) notAValue() Problem {
	key, value := t.key()
	c := byte('\n')
	if t.off < len(t.src) {
		c = t.src[t.off]
	}
	if c == '\n' || c == '\r' || c == '#' {
		return t.at(t.off, fmt.Sprintf("%q has no value after =", key), fmt.Sprintf(`write its value after =, like %s = "…"`, key))
	}
	hint := `put text in "double quotes"`
	if key != "" && value != "" && !strings.ContainsAny(value[:1], `["{'`) {
		hint += ", like " + key + " = " + quoteText(value)
	}
	return t.at(t.valueStart(), "this value is not text in quotes, a number, a date, true or false", hint)
}

// moreOnLine explains text after a complete value.
func (t tomlSite) moreOnLine() Problem {
	key, value := t.key()
	line, start := t.line()
	before := strings.TrimSpace(line[:t.off-start])
	switch {
	case value != "" && strings.ContainsAny(value[:1], `"'`) && strings.Count(value, value[:1]) > 2:
		q := value[:1]
		return t.at(t.off, "there is more text after the closing quote: the text holds the same quote it is written in",
			fmt.Sprintf(`write \%s for a quote inside "double quotes", or put the text in 'single quotes', like %s = %s`, q, key, quoteText(value[1:len(value)-1])))
	case value != "" && strings.ContainsAny(value[:1], `"'`):
		return t.at(t.off, "there is more text after the closing quote", "put all of the text inside the quotes")
	case key != "" && value != "" && !strings.ContainsAny(value[:1], `[{`):
		return t.at(t.afterEquals(), fmt.Sprintf("the value of %q is text, which must be in quotes", key),
			fmt.Sprintf("put it in quotes, like %s = %s", key, quoteText(value)))
	case strings.HasPrefix(before, "["):
		return t.at(t.off, "there is more on the line after the table name", "write only the name in brackets on its line, like [brand]")
	}
	return t.at(t.off, "there is more on the line after the value", "put each setting on a line of its own")
}

// noEquals explains a key that "=" does not follow.
func (t tomlSite) noEquals() Problem {
	line, start := t.line()
	word := strings.TrimSpace(line[:t.off-start])
	rest := line[t.off-start:]
	switch {
	case word == "-":
		return t.at(start+indentOf(line), `this line starts with "-", which TOML does not use for lists`, `write a list in brackets after its key, like tags = ["industri", "mat"]`)
	case strings.HasPrefix(rest, ":"):
		value := strings.TrimSpace(rest[1:])
		return t.at(t.off, "TOML writes = between a key and its value, not :", fmt.Sprintf("write %s = %s", word, value))
	case strings.TrimSpace(rest) != "" && strings.Contains(rest, "="):
		return t.at(t.off, "a key cannot contain spaces", fmt.Sprintf("write it with _ instead of spaces, or put it in quotes: %q = …", strings.TrimSpace(line[:strings.Index(line, "=")])))
	case strings.TrimSpace(rest) != "":
		return t.at(t.off, fmt.Sprintf("%q has no = after it", word), fmt.Sprintf("write %s = and then its value", word))
	}
	return t.at(t.off, fmt.Sprintf("%q has no = and no value after it", word), fmt.Sprintf(`write %s = and then its value, like %s = "…"`, word, word))
}

// unclosedBracket points at the [ or { that is never closed.
func (t tomlSite) unclosedBracket(open byte, hint string) Problem {
	what := "list"
	if open == '{' {
		what = "group"
	}
	_, _, brackets := tomlState(t.src, t.off)
	for i := len(brackets) - 1; i >= 0; i-- {
		if t.src[brackets[i]] == open {
			return t.at(brackets[i], fmt.Sprintf("the %s that starts here with %c is never closed", what, open), hint)
		}
	}
	return t.at(t.off, fmt.Sprintf("a %s in %c is never closed, or its items are not separated by commas", what, open), hint)
}

// twice names both places a key or table is given.
func (t tomlSite) twice(msg string, key []string) Problem {
	name := strings.Join(key, ".")
	first := tomlFirst(t.src, key, t.off)
	where := ""
	if first >= 0 {
		where = fmt.Sprintf(" (first on line %d)", t.line0+lineNumber(t.src, first))
	}
	switch {
	case strings.Contains(msg, "should be a table"):
		return t.at(t.off, fmt.Sprintf("%q is given a value%s and is used as a table here", name, where), "rename one of them")
	case strings.Contains(msg, "array of tables"):
		return t.at(t.off, fmt.Sprintf("[%s] is written here, but [[%s]]%s made it a list of tables", name, name, where), fmt.Sprintf("write [[%s]] here too, or rename one of them", name))
	case strings.HasPrefix(msg, "table"):
		return t.at(t.off, fmt.Sprintf("the table [%s] is given twice%s", name, where), fmt.Sprintf("put all of its settings under one [%s]", name))
	}
	return t.at(t.off, fmt.Sprintf("%q is given twice%s", name, where), "keep only one of them")
}

// notAKey explains a line that does not start with a key.
func (t tomlSite) notAKey() Problem {
	c := byte(0)
	if t.off < len(t.src) {
		c = t.src[t.off]
	}
	switch c {
	case '=':
		return t.at(t.off, "this line has no key before =", `write the key first, like title = "Drammen Works"`)
	case '-':
		return t.at(t.off, `this line starts with "-", which TOML does not use for lists`, `write a list in brackets after its key, like tags = ["industri", "mat"]`)
	}
	return t.at(t.off, "this line does not start with a key", tomlGeneral)
}

// badEscape points at a backslash that starts no escape TOML knows.
func (t tomlSite) badEscape() Problem {
	off := min(t.off, len(t.src)-1)
	for off > 0 && t.src[off] != '\\' && t.src[off] != '\n' {
		off--
	}
	if off < 0 || t.src[off] != '\\' {
		off = t.off
	}
	esc := ""
	if off+1 < len(t.src) {
		esc = string(t.src[off : off+2])
	}
	return t.at(off, fmt.Sprintf(`%s is not an escape TOML knows (a backslash in "double quotes" starts one)`, esc),
		`write \\ for a backslash, or put the text in 'single quotes'`)
}

// badNumber explains a number TOML cannot read.
func (t tomlSite) badNumber(msg string) Problem {
	if strings.Contains(msg, "leading zero") {
		return t.at(t.valueStart(), "a number cannot start with 0",
			`write it without the 0, or in quotes if it is text such as a phone number: "0123"`)
	}
	return t.at(t.valueStart(), "this is not a number TOML can read ("+msg+")",
		`write numbers like 12, -3 or 4.5; put anything else in "double quotes"`)
}

// afterEquals returns the offset of the value after the "=" on the line
// go-toml points into.
func (t tomlSite) afterEquals() int {
	line, start := t.line()
	i := strings.IndexByte(line, '=')
	if i < 0 {
		return t.off
	}
	return start + i + 1 + indentOf(line[i+1:])
}

// startsSetting reports whether go-toml points at the start of a line
// that sets a key or starts a table: `title = ` or `[brand]`.
func (t tomlSite) startsSetting() bool {
	line, start := t.line()
	if t.off-start != indentOf(line) {
		return false
	}
	if h := strings.TrimSpace(line); strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		return !strings.ContainsAny(h, `,"'`)
	}
	k, _, ok := strings.Cut(line, "=")
	k = strings.TrimSpace(k)
	return ok && k != "" && !strings.ContainsAny(k, ",[]{} ")
}

// valueStart moves back from where go-toml points to the start of the
// value it is in.
func (t tomlSite) valueStart() int {
	off := min(t.off, len(t.src))
	for off > 0 && strings.IndexByte(" \t=[,{\n", t.src[off-1]) < 0 {
		off--
	}
	return off
}

// tomlScan returns where the string open at offset upto starts and its
// quotes, or -1.
func tomlScan(src []byte, upto int) (start int, delim string) {
	start, delim, _ = tomlState(src, upto)
	return start, delim
}

// tomlState reads src up to upto as go-toml lexes strings and comments,
// and returns the string open there (its start and quotes, or -1) and the
// offsets of the brackets open there.
func tomlState(src []byte, upto int) (start int, delim string, brackets []int) {
	upto = min(upto, len(src))
	for i := 0; i < upto; {
		c := src[i]
		switch c {
		case '#':
			for i < upto && src[i] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			d := string(c)
			if i+2 < len(src) && src[i+1] == c && src[i+2] == c {
				d = strings.Repeat(d, 3)
			}
			end := tomlStringEnd(src, i, d)
			if end < 0 || end > upto {
				return i, d, brackets
			}
			i = end
			continue
		case '[', '{':
			brackets = append(brackets, i)
		case ']', '}':
			if n := len(brackets); n > 0 {
				brackets = brackets[:n-1]
			}
		}
		i++
	}
	return -1, "", brackets
}

// tomlStringEnd returns the offset just past the string that starts at
// src[start] with delim, or -1 when it does not end.
func tomlStringEnd(src []byte, start int, delim string) int {
	basic := delim[0] == '"'
	for i := start + len(delim); i < len(src); i++ {
		switch {
		case basic && src[i] == '\\':
			i++
		case len(delim) == 1 && src[i] == '\n':
			return -1
		case strings.HasPrefix(string(src[i:min(i+len(delim), len(src))]), delim):
			end := i + len(delim)
			// A multi-line string may end in up to two more quotes.
			for n := 0; len(delim) == 3 && n < 2 && end < len(src) && src[end] == delim[0]; n++ {
				end++
			}
			return end
		}
	}
	return -1
}

// tomlFirst returns the offset of the first place before offset before
// where the key path is written, as a key or a table, or -1.
func tomlFirst(src []byte, key []string, before int) int {
	var p unstable.Parser
	p.Reset(src)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		var path []string
		var offs []int
		it := e.Key()
		for it.Next() {
			n := it.Node()
			path = append(path, string(n.Data))
			offs = append(offs, int(n.Raw.Offset))
		}
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = path
		case unstable.KeyValue:
			path = append(slices.Clone(table), path...)
			offs = append(make([]int, len(table)), offs...)
			for i := range table {
				offs[i] = -1
			}
		default:
			continue
		}
		if len(path) >= len(key) && slices.Equal(path[:len(key)], key) {
			off := offs[len(key)-1]
			if off < 0 { // the key is the table this line is in
				continue
			}
			if off < before {
				return off
			}
			return -1
		}
	}
	return -1
}
