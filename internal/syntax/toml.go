package syntax

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/drammen-works/works/internal/msg"
)

// go-toml points at the right byte most of the time; where it points at
// the end of what it could not finish (a string, a list), the place is
// moved back to where that starts.

// TOML explains err, which go-toml returned for src. firstLine is the line
// of the file on which src starts (front matter starts on line 2), for
// messages that name another line.
func TOML(src []byte, firstLine int, err error) Problem {
	problem := strings.TrimPrefix(err.Error(), "toml: ")
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return Problem{Offset: 0, What: unreadable(problem), Fix: msg.T(tomlGeneral), Err: err}
	}
	row, col := de.Position()
	off := min(lineStart(src, row)+max(col-1, 0), len(src))
	t := tomlSite{src: src, off: off, line0: firstLine - 1}
	p := t.explain(problem, de.Key())
	p.Err = err
	return p
}

const (
	tomlGeneral = `write each setting as key = value, with text in "double quotes", like title = "Drammen Works"`
	closeList   = `end it with ], like tags = ["industri", "mat"]`
	noDashList  = `write a list in brackets after its key, like tags = ["industri", "mat"]`
)

type tomlSite struct {
	src   []byte
	off   int // where go-toml points
	line0 int // the line of the file before src
}

func (t tomlSite) at(off int, what, fix msg.Text) Problem {
	return Problem{Offset: min(max(off, 0), len(t.src)), What: what, Fix: fix}
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
	return k, withoutComment(v)
}

// withoutComment is a value as written, without the " # comment" after it
// when the value holds no quotes that the # could be inside.
func withoutComment(v string) string {
	if i := strings.Index(v, " #"); i >= 0 && !strings.ContainsAny(v[:i], `"'`) {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

func (t tomlSite) explain(problem string, key []string) Problem {
	switch {
	case strings.Contains(problem, "strings cannot have new lines"), strings.Contains(problem, "unterminated"), strings.Contains(problem, "not terminated"):
		return t.unclosedString()
	case strings.Contains(problem, "at start of value"), strings.HasPrefix(problem, "expected keyword"), strings.HasPrefix(problem, "strings must be quoted"), strings.HasPrefix(problem, "expected value"):
		return t.notAValue()
	case strings.HasPrefix(problem, "expected newline but got"):
		return t.moreOnLine()
	case problem == "expected '=' after key":
		return t.noEquals()
	case problem == "expected ',' or ']' after array value":
		if t.startsSetting() {
			// A list may go on over several lines, so a list that is
			// not closed runs into the next setting.
			return t.unclosedBracket('[')
		}
		return t.at(t.off, msg.T("a comma is missing before this item"), msg.T(`separate the items with commas, like tags = ["industri", "mat"]`))
	case problem == "array is incomplete":
		return t.unclosedBracket('[')
	case problem == "inline table is incomplete", strings.HasPrefix(problem, "expected ',' or '}'"):
		return t.unclosedBracket('{')
	case strings.Contains(problem, "to close array table name"):
		return t.unclosedTableName(true)
	case strings.Contains(problem, "to close table name"):
		return t.unclosedTableName(false)
	case strings.Contains(problem, "already defined"), strings.Contains(problem, "already exists"), strings.Contains(problem, "should be a table"):
		return t.twice(problem, key)
	case strings.HasPrefix(problem, "invalid character at start of key"):
		return t.notAKey()
	case strings.HasPrefix(problem, "invalid escape character"), strings.Contains(problem, "unicode escape"), strings.Contains(problem, "escape sequence"):
		return t.badEscape()
	case strings.Contains(problem, "control characters"), strings.Contains(problem, "carriage return"):
		return t.at(t.off, msg.T("there is an invisible control character here"), retype)
	case strings.Contains(problem, "date"), strings.Contains(problem, "time"), strings.Contains(problem, "hour"), strings.Contains(problem, "minutes"), strings.Contains(problem, "seconds"):
		return t.at(t.valueStart(), msg.T("this is not a date or time that exists, or is not written as TOML wants (%s)", problem),
			msg.T(`write a date like 2026-11-27 and a time like 2026-11-27T09:30:00; put anything else in "double quotes"`))
	case strings.Contains(problem, "digit"), strings.Contains(problem, "number"), strings.Contains(problem, "integer"), strings.Contains(problem, "zero"), strings.Contains(problem, "float"), strings.Contains(problem, "exponent"), strings.Contains(problem, "decimal"), strings.Contains(problem, "radix"), strings.Contains(problem, "underscore"):
		return t.badNumber(problem)
	}
	return t.at(t.off, unreadable(problem), msg.T(tomlGeneral))
}

// unclosedString points at the quote that opens a text that never ends.
func (t tomlSite) unclosedString() Problem {
	start, delim := tomlScan(t.src, t.off)
	if start < 0 {
		return t.at(t.off, msg.T("a text in quotes is never closed"), msg.T("end the text with the same quote it starts with"))
	}
	what := msg.T("the text that starts here with %s is never closed", delim)
	if len(delim) == 3 {
		return t.at(start, what, msg.T("end it with %s", delim))
	}
	if key, value := t.key(); key != "" && strings.HasPrefix(value, delim) {
		return t.at(start, what, msg.T("end it with %s on the same line, like %s = %s%s", delim, key, value, delim))
	}
	return t.at(start, what, msg.T("end it with %s on the same line", delim))
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
		return t.at(t.off, msg.T("%q has no value after =", key), msg.T(`write its value after =, like %s = "…"`, key))
	}
	what := msg.T("this value is not text in quotes, a number, a date, true or false")
	switch {
	case key == "" || value == "":
	case value[0] == '[':
		if list, ok := quotedList(value); ok {
			return t.at(t.valueStart(), what, msg.T(`put each item of the list in "double quotes", like %s = %s`, key, list))
		}
	case strings.EqualFold(value, "true") || strings.EqualFold(value, "false"):
		// True and FALSE, as other formats allow them.
		return t.at(t.valueStart(), what, msg.T("write %s in small letters, like %s = %s", strings.ToLower(value), key, strings.ToLower(value)))
	case yesNo[strings.ToLower(value)] != "":
		return t.at(t.valueStart(), what, msg.T("for yes or no, write %s = %s (true or false, without quotes); for text, write %s = %s", key, yesNo[strings.ToLower(value)], key, quoteText(value)))
	case !strings.ContainsAny(value[:1], `{'`):
		return t.at(t.valueStart(), what, msg.T(`put text in "double quotes", like %s = %s`, key, quoteText(value)))
	}
	return t.at(t.valueStart(), what, msg.T(`put text in "double quotes"`))
}

// yesNo are the words people write for true and false.
var yesNo = map[string]string{"yes": "true", "no": "false", "ja": "true", "nei": "false", "on": "true", "off": "false"}

// quotedList writes a list given on one line, [industri, mat], with its
// words in quotes: ["industri", "mat"].
func quotedList(value string) (string, bool) {
	if !strings.HasPrefix(value, "[") || !strings.HasSuffix(value, "]") {
		return "", false
	}
	inner := value[1 : len(value)-1]
	if strings.ContainsAny(inner, `[]{}"'`) {
		return "", false
	}
	var items []string
	for item := range strings.SplitSeq(inner, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, tomlValueText(item))
		}
	}
	return "[" + strings.Join(items, ", ") + "]", len(items) > 0
}

// tomlValueText is a value as it should be written: as it is when TOML
// reads it (a number, a date, true), else as text in quotes.
func tomlValueText(value string) string {
	var m map[string]any
	if toml.Unmarshal([]byte("v = "+value), &m) == nil {
		return value
	}
	return quoteText(value)
}

// Dates and decimal numbers as they are written in Norway: 27.11.2026,
// 1,5.
var (
	dayMonthYear = regexp.MustCompile(`^(\d{1,2})[./](\d{1,2})[./](\d{4})$`)
	decimalComma = regexp.MustCompile(`^-?\d+,\d+$`)
)

// moreOnLine explains text after a complete value.
func (t tomlSite) moreOnLine() Problem {
	key, value := t.key()
	line, start := t.line()
	before := strings.TrimSpace(line[:t.off-start])
	switch {
	case value != "" && strings.ContainsAny(value[:1], `"'`) && strings.Count(value, value[:1]) > 2:
		what := msg.T("there is more text after the closing quote: the text holds the same quote it is written in")
		text := quoteText(value[1 : len(value)-1])
		if value[0] == '\'' {
			// \' is no escape in TOML: only double quotes can hold an apostrophe.
			return t.at(t.off, what, msg.T(`put the text in "double quotes", like %s = %s`, key, text))
		}
		return t.at(t.off, what, msg.T(`write \" for a quote inside "double quotes", or put the text in 'single quotes', like %s = %s`, key, text))
	case value != "" && strings.ContainsAny(value[:1], `"'`):
		return t.at(t.off, msg.T("there is more text after the closing quote"), msg.T("put all of the text inside the quotes"))
	case key != "" && dayMonthYear.MatchString(value):
		m := dayMonthYear.FindStringSubmatch(value)
		date := m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1])
		return t.at(t.afterEquals(), msg.T("the date of %q is written day first, which TOML does not read as a date", key),
			msg.T("write the year first, then the month and the day: %s = %s", key, date))
	case key != "" && decimalComma.MatchString(value):
		return t.at(t.afterEquals(), msg.T("the number of %q is written with a decimal comma, which TOML does not read as a number", key),
			msg.T("write a point instead of the comma: %s = %s", key, strings.Replace(value, ",", ".", 1)))
	case key != "" && value != "" && !strings.ContainsAny(value[:1], `[{`):
		return t.at(t.afterEquals(), msg.T("the value of %q is text, which must be in quotes", key),
			msg.T("put it in quotes, like %s = %s", key, quoteText(value)))
	case strings.HasPrefix(before, "["):
		return t.at(t.off, msg.T("there is more on the line after the table name"), msg.T("write only the name in brackets on its line, like [brand]"))
	}
	return t.at(t.off, msg.T("there is more on the line after the value"), msg.T("put each setting on a line of its own"))
}

// pad2 writes a day or month with two digits.
func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// noEquals explains a key that "=" does not follow.
func (t tomlSite) noEquals() Problem {
	line, start := t.line()
	word := strings.TrimSpace(line[:t.off-start])
	rest := line[t.off-start:]
	switch {
	case word == "-":
		return t.at(start+indentOf(line), msg.T(`this line starts with "-", which TOML does not use for lists`), msg.T(noDashList))
	case strings.HasPrefix(rest, ":"):
		// key: value, as other formats write it; the value may need
		// quotes here that it did not need there.
		value := withoutComment(rest[1:])
		if value == "" {
			return t.at(t.off, msg.T("TOML writes = between a key and its value, not :"), msg.T(`write %s = and then its value, like %s = "…"`, word, word))
		}
		return t.at(t.off, msg.T("TOML writes = between a key and its value, not :"), msg.T("write %s = %s", word, tomlValueText(value)))
	case strings.TrimSpace(rest) != "" && strings.Contains(rest, "="):
		return t.at(t.off, msg.T("a key cannot contain spaces"), msg.T("write it with _ instead of spaces, or put it in quotes: %q = …", strings.TrimSpace(line[:strings.Index(line, "=")])))
	case strings.TrimSpace(rest) != "":
		return t.at(t.off, msg.T("%q has no = after it", word), msg.T("write %s = and then its value", word))
	}
	return t.at(t.off, msg.T("%q has no = and no value after it", word), msg.T(`write %s = and then its value, like %s = "…"`, word, word))
}

// unclosedBracket points at the [ of a list or the { of a group that is
// never closed.
func (t tomlSite) unclosedBracket(open byte) Problem {
	fix, here, somewhere := msg.T(closeList),
		msg.T("the list that starts here with [ is never closed"),
		msg.T("a list in [ ] is never closed, or its items are not separated by commas")
	if open == '{' {
		fix, here, somewhere = msg.T(`end it with } on the same line, like contact = { name = "Kari" }`),
			msg.T("the group that starts here with { is never closed"),
			msg.T("a group in { } is never closed, or its items are not separated by commas")
	}
	_, _, brackets := tomlState(t.src, t.off)
	for i := len(brackets) - 1; i >= 0; i-- {
		if t.src[brackets[i]] == open {
			return t.at(brackets[i], here, fix)
		}
	}
	return t.at(t.off, somewhere, fix)
}

// unclosedTableName explains [name or [[name without its closing
// brackets, with the name from the line when it is a plain one.
func (t tomlSite) unclosedTableName(list bool) Problem {
	line, _ := t.line()
	name := strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "[]"))
	if name == "" || strings.ContainsAny(name, " \t\"'#=") {
		name = "brand"
	}
	if list {
		return t.at(t.off, msg.T("the name in [[ ]] is not closed"), msg.T("end the line with ]], like [[%s]]", name))
	}
	return t.at(t.off, msg.T("the table name in [ ] is not closed"), msg.T("end the line with ], like [%s]", name))
}

// twice names both places a key or table is given.
func (t tomlSite) twice(problem string, key []string) Problem {
	name := strings.Join(key, ".")
	var where msg.Text // empty when the first place is not found
	if first := tomlFirst(t.src, key, t.off); first >= 0 {
		where = msg.T(" (first on line %d)", t.line0+lineNumber(t.src, first))
	}
	switch {
	case strings.Contains(problem, "should be a table"):
		return t.at(t.off, msg.T("%q is given a value%s and is used as a table here", name, where), msg.T("rename one of them"))
	case strings.Contains(problem, "array of tables"):
		return t.at(t.off, msg.T("[%s] is written here, but [[%s]]%s made it a list of tables", name, name, where), msg.T("write [[%s]] here too, or rename one of them", name))
	case strings.HasPrefix(problem, "table"):
		return t.at(t.off, msg.T("the table [%s] is given twice%s", name, where), msg.T("put all of its settings under one [%s]", name))
	}
	return t.at(t.off, msg.T("%q is given twice%s", name, where), msg.T("keep only one of them"))
}

// notAKey explains a line that does not start with a key.
func (t tomlSite) notAKey() Problem {
	c := byte(0)
	if t.off < len(t.src) {
		c = t.src[t.off]
	}
	switch c {
	case '=':
		return t.at(t.off, msg.T("this line has no key before ="), msg.T(`write the key first, like title = "Drammen Works"`))
	case '-':
		return t.at(t.off, msg.T(`this line starts with "-", which TOML does not use for lists`), msg.T(noDashList))
	}
	return t.at(t.off, msg.T("this line does not start with a key"), msg.T(tomlGeneral))
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
	return t.at(off, msg.T(`%s is not an escape TOML knows (a backslash in "double quotes" starts one)`, esc), escapeFix)
}

// badNumber explains a number TOML cannot read.
func (t tomlSite) badNumber(problem string) Problem {
	if strings.Contains(problem, "leading zero") {
		return t.at(t.valueStart(), msg.T("a number cannot start with 0"),
			msg.T(`write it without the 0, or in quotes if it is text such as a phone number: "0123"`))
	}
	return t.at(t.valueStart(), msg.T("this is not a number TOML can read (%s)", problem),
		msg.T(`write numbers like 12, -3 or 4.5; put anything else in "double quotes"`))
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
